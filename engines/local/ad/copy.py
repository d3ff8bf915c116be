"""The ad's text blocks: each layout slot's style, and its text fitted off the product."""

from __future__ import annotations

import math

from core.placements import Placement
from engines.local.ad.boxes import Box, intersects, to_pixels
from engines.local.ad.layouts import Layout, Slot
from engines.local.ad.recipe import FORMATS_BY_ID, Recipe, Role
from engines.local.raster import hex_rgb
from engines.local.themes import Theme
from engines.local.typography.blocks import TextBlock, TextStyle, fit
from engines.local.typography.fonts import MIN_TEXT_SIZE


def _accent(theme: Theme, recipe: Recipe) -> tuple[int, int, int]:
    brand = recipe.brand_colors
    return hex_rgb(brand[recipe.variation % len(brand)] if brand else theme.palette.accent)


def _slot_style(slot: Slot, layout: Layout, area: Box, theme: Theme, recipe: Recipe) -> TextStyle:
    w, h = FORMATS_BY_ID[recipe.format]
    area_w, area_h = area[2] - area[0], area[3] - area[1]
    base = math.sqrt(w * h)
    min_size = max(MIN_TEXT_SIZE, round(min(w, h) * 0.026))
    if slot.roles == ("cta",):  # a button on its own: sized by its band, not the headline
        pill = min(area_h * 0.62, base * 0.075, area_w * 0.4)
        max_size = max(min_size, round(pill / (2.3 * 0.36)))
    elif layout.kind == "banner":
        max_size = round(area_h * 0.46)
    elif layout.kind == "skyscraper":
        max_size = round(w * 0.13)
    else:
        max_size = round(min(w, h) * 0.085)
    return TextStyle(
        align=slot.align,
        valign=slot.valign,
        dark=hex_rgb(theme.palette.text),
        accent=_accent(theme, recipe),
        max_size=max(min_size, max_size),
        min_size=min_size,
        font=recipe.font,
        max_lines=2 if layout.kind == "banner" else 3,
    )


def _avoid(area: Box, obstacle: Box, gap: int) -> Box:
    """The largest part of ``area`` that keeps ``gap`` pixels away from ``obstacle``."""
    o = (obstacle[0] - gap, obstacle[1] - gap, obstacle[2] + gap, obstacle[3] + gap)
    if not intersects(area, o):
        return area
    left, top, right, bottom = area
    parts = [
        (left, top, min(right, o[0]), bottom),
        (max(left, o[2]), top, right, bottom),
        (left, top, right, min(bottom, o[1])),
        (left, max(top, o[3]), right, bottom),
    ]
    return max(parts, key=lambda b: max(0, b[2] - b[0]) * max(0, b[3] - b[1]))


def _intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def plan_text(
    layout: Layout,
    placement: Placement,
    texts: dict[Role, str | None],
    product_box: Box,
    theme: Theme,
    recipe: Recipe,
) -> list[TextBlock]:
    """Fit every slot of the layout into its area, kept inside the safe zone and off the product."""
    safe = placement.safe_box()
    gap = max(4, round(min(placement.size) * 0.025))
    blocks = []
    for slot in layout.slots:
        parts = {role: texts[role] if role in slot.roles else None for role in texts}
        if not any(parts.values()):
            continue
        area = _intersect(to_pixels(slot.area, placement.size), safe)
        if layout.kind == "banner" and "headline" in slot.roles:  # close up to the product
            if product_box[2] <= area[0]:
                area = (max(safe[0], product_box[2] + gap), area[1], area[2], area[3])
            elif product_box[0] >= area[2]:
                area = (area[0], area[1], min(safe[2], product_box[0] - gap), area[3])
        area = _avoid(area, product_box, gap)
        style = _slot_style(slot, layout, area, theme, recipe)
        blocks.append(fit(area, parts["headline"], parts["subline"], parts["cta"], style))
    return blocks
