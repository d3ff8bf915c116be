"""A small marker on an ad (a carousel card's "2/5"), placed in a free corner of the safe zone."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw

from core.placements import Placement
from engines.local.ad.boxes import Box, intersects
from engines.local.typography.fonts import MIN_TEXT_SIZE, font

BADGE_FILL = (17, 17, 17, 150)
"""A dark, translucent pill: it reads on light and dark scenes alike."""
BADGE_INK = (255, 255, 255, 255)
_CORNERS = ("top-right", "top-left", "bottom-right", "bottom-left")
LABEL_CORNERS = ("bottom-left", "bottom-right", "top-left", "top-right")
"""Where a disclosure label goes first: a corner of the bottom, as platforms put theirs."""
LABEL_MIN_HEIGHT = 18
"""A disclosure label is at least this tall: a banner 90 px high would otherwise get a
12 px pill whose 6 px letters nobody reads. Its letters are never under
:data:`~engines.local.typography.fonts.MIN_TEXT_SIZE`, the ad's smallest text."""
LABEL_SHORT = "AI"
"""The disclosure's short form, for a placement too small for the whole label (a 320x50
banner, a 160x600 skyscraper): an "AI" pill still discloses (EU AI Act art. 50)."""
_SHORT_FORMS = ("AI", "KI", "IA")
"""How "AI" is written in the labels' languages (en/nl: AI, de: KI, fr/es/it/pt: IA); a
label naming one is shortened to it, any other to :data:`LABEL_SHORT`."""
_SUPERSAMPLE = 4
SCALES = (1.0, 0.8, 0.65)
"""The pill's sizes tried in turn (of its full height, 4.2% of the short side)."""


def badge_image(text: str, height: int, family: str, min_text: int = 0) -> Image.Image:
    """The marker as an RGBA pill ``height`` pixels tall, its text centred in white.

    Its letters are half the pill's height, at least ``min_text`` pixels (a disclosure
    label's :data:`~engines.local.typography.fonts.MIN_TEXT_SIZE`). Drawn at four times the
    size and scaled down, so the edges are smooth.
    """
    s = _SUPERSAMPLE
    face = font(family, "bold", max(6, min_text, round(height * 0.5)) * s)
    left, _, right, _ = face.getbbox(text)
    width = max(height, round((right - left) / s + height * 0.9))
    big = Image.new("RGBA", (width * s, height * s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.rounded_rectangle(
        (0, 0, width * s - 1, height * s - 1), radius=height * s // 2, fill=BADGE_FILL
    )
    draw.text((width * s / 2, height * s / 2), text, font=face, fill=BADGE_INK, anchor="mm")
    return big.resize((width, height), Image.Resampling.LANCZOS)


def place_badge(
    text: str,
    placement: Placement,
    obstacles: list[Box],
    product: Image.Image,
    product_box: Box,
    family: str,
    corners: tuple[str, ...] = _CORNERS,
    min_height: int = 12,
    margin: int = 0,
    min_text: int = 0,
) -> tuple[Image.Image, Box] | None:
    """The marker in the first free corner of the safe zone (top right first by default).

    A corner is free when the marker, with a small margin, touches none of ``obstacles``
    (text, logo) and no opaque pixel of the product; the marker shrinks before giving up.

    Args:
        text: What it says, e.g. ``"2/5"``.
        placement: Where the ad runs (its size and safe zone).
        obstacles: Boxes the marker must keep clear of.
        product: The product as placed (RGBA, the size of ``product_box``).
        product_box: Where the product stands.
        family: Font family of the ad.
        corners: The corners to try, in order.
        min_height: The least height of the pill in pixels, however small the ad.
        margin: The least gap to keep from obstacles and the product (the layout's own
            margin, :func:`~engines.local.ad.layouts.layout_margin`); the pill's small
            default gap when larger.
        min_text: The least size of its letters in pixels (see :func:`badge_image`).

    Returns:
        The marker and its box, or None when no corner is free.
    """
    alpha = np.asarray(product.getchannel("A")) > 0

    def blocked(padded: Box) -> bool:
        return any(intersects(padded, o) for o in obstacles) or _touches(
            padded, alpha, product_box)

    return first_free_corner(text, placement.size, placement.safe_box(), family, blocked,
                             corners, min_height, margin, min_text)


def first_free_corner(
    text: str, size: tuple[int, int], safe: Box, family: str,
    blocked: Callable[[Box], bool], corners: tuple[str, ...], min_height: int,
    margin: int = 0, min_text: int = 0,
) -> tuple[Image.Image, Box] | None:
    """The pill of ``text`` in the first corner of ``safe`` whose padded box is not ``blocked``.

    The pill is 4.2% of the short side of ``size`` tall (at least ``min_height``), kept a
    gap from what blocks it (its own small one, or ``margin`` when larger), and shrinks
    (:data:`SCALES`) before giving up. Image ads' markers and labels and the videos' label
    (``engines.local.video.label``) all place theirs so; only what blocks a corner differs.
    """
    left, top, right, bottom = safe
    short = min(size)
    gap = max(3, round(short * 0.012), margin)
    for scale in SCALES:
        mark = badge_image(
            text, max(min_height, round(short * 0.042 * scale)), family, min_text)
        w, h = mark.size
        for corner in corners:
            x = right - w if corner.endswith("right") else left
            y = top if corner.startswith("top") else bottom - h
            if not blocked((x - gap, y - gap, x + w + gap, y + h + gap)):
                return mark, (x, y, x + w, y + h)
    return None


def label_height(size: tuple[int, int]) -> int:
    """The full height of a disclosure label's pill on an ad of ``size``."""
    return max(LABEL_MIN_HEIGHT, round(min(size) * 0.042))


def short_label(text: str) -> str:
    """The short form of a disclosure label: "AI" of "AI-generated", "KI" of "KI-generiert"."""
    named = [w for w in re.split(r"[^\w]+", text.upper()) if w in _SHORT_FORMS]
    return named[0] if named else LABEL_SHORT


def label_width(text: str, height: int, family: str) -> int:
    """How wide a disclosure label's pill of ``text``, ``height`` pixels tall, is drawn."""
    return badge_image(text, height, family, MIN_TEXT_SIZE).size[0]


def _touches(box: Box, alpha: np.ndarray, product_box: Box) -> bool:
    """Whether ``box`` covers any opaque product pixel."""
    x0, y0 = max(box[0], product_box[0]), max(box[1], product_box[1])
    x1, y1 = min(box[2], product_box[2]), min(box[3], product_box[3])
    if x0 >= x1 or y0 >= y1:
        return False
    px, py = product_box[:2]
    return bool(alpha[y0 - py : y1 - py, x0 - px : x1 - px].any())
