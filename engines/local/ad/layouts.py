"""Ad layouts: where the product and the text slots go, per placement and variation.

The classic formats have hand-tuned layouts; every other placement gets one generated from
its layout kind (side, banner, skyscraper, stack) and safe zone. Areas are fractions of the
canvas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.placements import Placement
from engines.local.ad.boxes import Frac
from engines.local.ad.recipe import Role


@dataclass(frozen=True)
class Slot:
    """A text area of a layout: which roles it holds and how text aligns in it."""

    area: Frac
    roles: tuple[Role, ...] = ("headline", "subline", "cta")
    align: Literal["left", "center", "right"] = "center"
    valign: Literal["top", "center", "bottom"] = "top"


@dataclass(frozen=True)
class Layout:
    """Where the product and the text slots go, and the kind of layout."""

    product: Frac
    slots: tuple[Slot, ...] = ()
    kind: str = "stack"


def _classic(
    product: Frac,
    text: Frac,
    align: Literal["left", "center"] = "center",
    valign: Literal["top", "center", "bottom"] = "top",
) -> Layout:
    return Layout(product, (Slot(text, align=align, valign=valign),))


# Hand-tuned layouts of the classic formats (by placement id); others are generated.
_CLASSIC: dict[str, tuple[Layout, ...]] = {
    "square": (
        _classic((0.20, 0.35, 0.80, 0.91), (0.08, 0.07, 0.92, 0.31)),
        _classic((0.04, 0.16, 0.54, 0.90), (0.58, 0.12, 0.94, 0.88), "left", "center"),
        _classic((0.22, 0.06, 0.78, 0.63), (0.08, 0.68, 0.92, 0.94), "center", "bottom"),
        _classic((0.46, 0.16, 0.96, 0.90), (0.06, 0.12, 0.42, 0.88), "left", "center"),
    ),
    "portrait": (
        _classic((0.16, 0.33, 0.84, 0.91), (0.08, 0.06, 0.92, 0.29)),
        _classic((0.04, 0.20, 0.56, 0.88), (0.60, 0.16, 0.94, 0.84), "left", "center"),
        _classic((0.18, 0.06, 0.82, 0.65), (0.08, 0.70, 0.92, 0.94), "center", "bottom"),
        _classic((0.44, 0.20, 0.96, 0.88), (0.06, 0.16, 0.40, 0.84), "left", "center"),
    ),
    # text stays out of the top 14% and bottom 20% (platform UI): the safe zone
    "story": (
        _classic((0.10, 0.38, 0.90, 0.80), (0.08, 0.14, 0.92, 0.34)),
        _classic((0.10, 0.15, 0.90, 0.58), (0.08, 0.62, 0.92, 0.80), "center", "top"),
        _classic((0.02, 0.40, 0.80, 0.80), (0.08, 0.14, 0.92, 0.36), "left", "top"),
        _classic((0.20, 0.16, 0.98, 0.58), (0.08, 0.62, 0.92, 0.80), "left", "top"),
    ),
    "widescreen": (
        _classic((0.50, 0.08, 0.94, 0.92), (0.06, 0.14, 0.46, 0.86), "left", "center"),
        _classic((0.06, 0.08, 0.50, 0.92), (0.54, 0.14, 0.94, 0.86), "left", "center"),
        _classic((0.56, 0.14, 0.92, 0.92), (0.08, 0.18, 0.50, 0.82), "left", "center"),
        _classic((0.30, 0.31, 0.70, 0.94), (0.10, 0.05, 0.90, 0.27), "center", "top"),
    ),
}
_CLASSIC_NO_TEXT: dict[str, Frac] = {
    "square": (0.14, 0.10, 0.86, 0.90),
    "portrait": (0.12, 0.12, 0.88, 0.90),
    "story": (0.08, 0.20, 0.92, 0.80),
    "widescreen": (0.25, 0.08, 0.75, 0.92),
}


BANNER_GAP = 0.015
"""The gap between a banner's columns (product, text, button), as a share of its width."""


def layout_margin(p: Placement) -> int:
    """The layout's own margin in pixels: the least room between its text, button and product.

    A banner's is the gap between its columns; other layouts keep text 2.5% of the short
    side off the product (see :func:`~engines.local.ad.copy.plan_text`).
    """
    text_gap = max(4, round(min(p.size) * 0.025))
    if p.layout == "banner":
        return max(text_gap, round(BANNER_GAP * p.size[0]))
    return text_gap


def _safe(p: Placement) -> Frac:
    z = p.safe_zone
    return (z.left, z.top, 1.0 - z.right, 1.0 - z.bottom)


def _no_text_layout(p: Placement, variation: int) -> Layout:
    shift = (0.0, -0.05, 0.05, 0.0)[variation % 4]
    if p.id in _CLASSIC_NO_TEXT:
        left, top, right, bottom = _CLASSIC_NO_TEXT[p.id]
        return Layout((left + shift, top, right + shift, bottom), (), "scene")
    aspect = p.width / p.height
    half = min(0.36, 0.42 / aspect)
    # wide canvases put the product on a third; narrow ones keep it centred
    cx = 0.5 + (0.0, -1 / 6, 1 / 6, 0.0)[variation % 4] * min(1.0, max(0.0, aspect - 1.0))
    cx = min(max(cx, half + 0.03), 0.97 - half)
    return Layout((cx - half, 0.10, cx + half, 0.92), (), "scene")


def _side_layout(p: Placement, variation: int) -> Layout:
    left, top, right, bottom = _safe(p)
    width = right - left
    split = (0.46, 0.46, 0.42, 0.5)[variation % 4]
    text_first = variation % 2 == 0
    if text_first:
        text = (left, top, left + split * width, bottom)
        product = (left + (split + 0.05) * width, 0.07, min(0.97, right + 0.02), 0.94)
    else:
        text = (right - split * width, top, right, bottom)
        product = (max(0.03, left - 0.02), 0.07, right - (split + 0.05) * width, 0.94)
    return Layout(product, (Slot(text, align="left", valign="center"),), "side")


def _banner_layout(p: Placement, variation: int, label_room: int = 0,
                   label_column: int = 0) -> Layout:
    """Product, text and button side by side.

    The button's column leaves ``label_room`` pixels under it for a disclosure label when
    the button keeps most of its height; else, on a banner too low for both (320x50), a
    column ``label_column`` pixels wide right of the button holds the label's short form.
    """
    left, top, right, bottom = _safe(p)
    w, h = p.size
    product_w = min(0.22, 1.05 * h / w)
    cta_w = min(0.27, max(0.15, 1.6 * h / w))
    gap = BANNER_GAP
    room = label_room / h
    under = bottom - room - top >= 0.55 * (bottom - top)
    cta_bottom = bottom - room if under else bottom
    cta_right = right if under or not label_column else right - label_column / w
    cta = Slot((cta_right - cta_w, top, cta_right, cta_bottom), ("cta",), "right", "center")
    end = cta_right - cta_w  # where the button's column begins
    if variation % 2 == 0:
        product = (left, 0.04, left + product_w, 0.96)
        text = (left + product_w + gap, top, end - gap, bottom)
    else:
        text = (left, top, end - product_w - 2 * gap, bottom)
        product = (text[2] + gap, 0.04, text[2] + gap + product_w, 0.96)
    slot = Slot(text, ("headline", "subline"), "left", "center")
    return Layout(product, (slot, cta), "banner")


def _skyscraper_layout(p: Placement, variation: int, label_room: int = 0) -> Layout:
    """Text, product and button stacked in a tall column.

    The button rises ``label_room`` pixels off the safe zone's bottom, where the
    disclosure label goes (the top holds the text or the product, the middle the product).
    """
    left, top, right, bottom = _safe(p)
    height = bottom - top
    cta_h = 0.1 * height
    bottom -= label_room / p.height
    cta = Slot((left, bottom - cta_h, right, bottom), ("cta",), "center", "center")
    if variation % 2 == 0:
        text = (left, top, right, top + 0.3 * height)
        product = (0.06, top + 0.34 * height, 0.94, bottom - cta_h - 0.04 * height)
    else:
        product = (0.06, top + 0.02 * height, 0.94, top + 0.56 * height)
        text = (left, top + 0.6 * height, right, bottom - cta_h - 0.03 * height)
    slot = Slot(text, ("headline", "subline"), "center", "top" if variation % 2 == 0 else "center")
    return Layout(product, (slot, cta), "skyscraper")


def _stack_layout(p: Placement, variation: int) -> Layout:
    left, top, right, bottom = _safe(p)
    height = bottom - top
    if variation % 2 == 0:
        text = (left, top, right, top + 0.3 * height)
        product = (0.15, top + 0.34 * height, 0.85, min(0.95, bottom + 0.03))
        return Layout(product, (Slot(text),), "stack")
    text = (left, bottom - 0.3 * height, right, bottom)
    product = (0.15, max(0.04, top), 0.85, bottom - 0.34 * height)
    return Layout(product, (Slot(text, valign="bottom"),), "stack")


def _text_below_product(layout: Layout) -> bool:
    return any(slot.area[1] >= layout.product[3] - 0.05 for slot in layout.slots)


def choose_layout(
    p: Placement, variation: int, has_text: bool, leaves_bottom: bool = False,
    label_room: int = 0, label_column: int = 0,
) -> Layout:
    """The layout of an ad: generated or hand-tuned text slots, or the product alone.

    ``leaves_bottom``: the product runs off the bottom of the ad (a held product's arm), so
    a hand-tuned layout with text under the product gives way to the next one without.
    ``label_room``: pixels a disclosure label needs in a corner (its height and margin); a
    banner's or skyscraper's button moves up to leave them free. ``label_column``: the
    width its short form needs (its pill's and margin), beside the button of a banner too
    low to leave room under it.
    """
    if not has_text or not p.allows_text or p.layout == "scene":
        return _no_text_layout(p, variation)
    if p.id in _CLASSIC:
        options = _CLASSIC[p.id]
        ordered = [options[(variation + i) % len(options)] for i in range(len(options))]
        if leaves_bottom:
            ordered.sort(key=_text_below_product)  # stable: the variation's own layout first
        return ordered[0]
    if p.layout == "banner":
        return _banner_layout(p, variation, label_room, label_column)
    if p.layout == "skyscraper":
        return _skyscraper_layout(p, variation, label_room)
    make = {"side": _side_layout, "stack": _stack_layout}[p.layout]
    return make(p, variation)
