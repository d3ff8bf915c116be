"""Text cards of storyboard videos: captions and numbered steps on a soft white card."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from engines.local.typography.fonts import FontRole, font
from engines.local.typography.wrapping import set_lines, shorten, wrap
from engines.local.video.layers import TEXT_IN_SECONDS, Overlay, rounded_mask, solid_layer
from engines.local.video.look import RGB, Box, Look
from policy.contrast import contrast, luminance

INK: RGB = (22, 22, 26)
WHITE: RGB = (255, 255, 255)


def label_color(fill: RGB) -> RGB:
    """White or near-black, whichever reads better on ``fill``."""
    lum = float(luminance(np.array(fill)))
    white = float(contrast(lum, 1.0))
    dark = float(contrast(lum, float(luminance(np.array(INK)))))
    return WHITE if white >= dark else INK


def fit_lines(
    text: str, look: Look, role: FontRole, size: int, width: int, max_lines: int
) -> tuple[list[str], int]:
    """Set ``text`` in ``width``, shrinking the type down to 60% when needed.

    The best-reading setting (:func:`set_lines`: even lines) that ends no line on "a",
    "the", "for"... (:func:`glued_words`) and has no line of one word is looked for at
    every size down to 60% first; then one with at most one such line; then a plain one.
    The greedy wrap of a shortened text is the last resort.
    """
    floor = max(12, round(size * 0.6))
    for glue, lone_words in ((True, False), (True, True), (False, True)):
        used = size
        while used > floor:
            face = font(look.font, role, used)
            lines = set_lines(text, face, width, max_lines, lone_words=lone_words, glue=glue)
            if lines and (not glue or sum(len(line.split()) == 1 for line in lines) <= 1):
                return lines, used
            used = round(used * 0.92)
    face = font(look.font, role, floor)
    short = shorten(text, max(8, int(width * max_lines / (floor * 0.55))))
    glued = wrap(short, face, width, max_lines, glue=True)
    return glued or wrap(short, face, width, max_lines) or [short], floor


@dataclass
class _Card:
    """Text lines on a soft white card with an accent bar, laid out before drawing."""

    lines: list[tuple[str, FontRole, int]]
    width: int
    height: int
    pad: int
    bar: int
    gap: int
    numbers: bool = False
    rows: list[int] = field(default_factory=list)


def _plan_card(
    parts: list[tuple[str, FontRole, int, int]], look: Look, max_width: int,
    numbers: bool = False,
) -> _Card:
    """Size a card holding ``parts`` (text, face, size, max lines) within ``max_width``."""
    pad = round(look.unit * 0.035)
    bar = 0 if numbers else max(4, round(look.unit * 0.009))
    gap = round(look.unit * 0.018)
    lines: list[tuple[str, FontRole, int]] = []
    rows, widths, height = [], [0.0], pad
    for n, (text, role, size, max_lines) in enumerate(parts):
        badge = round(size * 1.5) if numbers and n > 0 else 0
        inner = max_width - 2 * pad - bar - (badge + gap if badge else 0)
        wrapped, used = fit_lines(text, look, role, size, inner, max_lines)
        face = font(look.font, role, used)
        rows.append(len(lines))
        height += gap if n else 0
        for line in wrapped:
            lines.append((line, role, used))
            widths.append(face.getlength(line) + (badge + gap if badge else 0))
            height += round(used * 1.22)
    width = min(max_width, round(max(widths)) + 2 * pad + bar + (bar and gap))
    return _Card(lines, width, height + pad, pad, bar, gap, numbers, rows)


def _draw_card(card: _Card, look: Look) -> Image.Image:
    """Render a planned card (with its soft drop shadow) as an RGBA image."""
    margin = round(look.unit * 0.02)
    size = (card.width + 2 * margin, card.height + 2 * margin)
    body = (margin, margin, margin + card.width, margin + card.height)
    radius = round(look.unit * 0.018)
    drop = margin // 3
    shadow_mask = rounded_mask(size, (body[0], body[1] + drop, body[2], body[3] + drop), radius)
    shadow_mask = shadow_mask.filter(ImageFilter.GaussianBlur(margin / 2.5))
    image = solid_layer(size, (0, 0, 0), shadow_mask, 0.22)
    image.alpha_composite(solid_layer(size, WHITE, rounded_mask(size, body, radius), 0.95))
    x = margin + card.pad
    if card.bar:
        bar = (x, margin + card.pad, x + card.bar, margin + card.height - card.pad)
        image.alpha_composite(solid_layer(size, look.accent, rounded_mask(size, bar, card.bar / 2)))
        x += card.bar + card.gap
    _draw_lines(image, card, look, x, margin + card.pad)
    return image


def _draw_lines(image: Image.Image, card: _Card, look: Look, x: int, y: int) -> None:
    """Draw the card's lines (and step number badges) onto ``image``."""
    ink = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(ink)
    badges: list[tuple[Box, str, int]] = []
    for i, (line, role, size) in enumerate(card.lines):
        face = font(look.font, role, size)
        step = card.rows.index(i) if i in card.rows else -1
        offset = 0
        if card.numbers and step > 0:
            d = round(size * 1.5)
            top = y + round(size * 0.61) - d // 2
            badges.append(((x, top, x + d, top + d), str(step), size))
        if card.numbers and i >= (card.rows[1] if len(card.rows) > 1 else len(card.lines)):
            offset = round(size * 1.5) + card.gap
        draw.text((x + offset, y + round(size * 0.61)), line, font=face, fill=255, anchor="lm")
        y += round(size * 1.22)
        if i + 1 in card.rows:
            y += card.gap
    image.alpha_composite(solid_layer(image.size, INK, ink))
    label = label_color(look.accent)
    for box, number, size in badges:
        badge = rounded_mask(image.size, box, size)
        image.alpha_composite(solid_layer(image.size, look.accent, badge))
        glyph = Image.new("L", image.size, 0)
        face = font(look.font, "bold", round(size * 0.8))
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        ImageDraw.Draw(glyph).text(centre, number, font=face, fill=255, anchor="mm")
        image.alpha_composite(solid_layer(image.size, label, glyph))


SHRINK_STEPS = 5
"""How many times a card covering the product is set 15% smaller before it settles."""
_SPOTS = tuple((ax, ay) for ay in (0.0, 0.25, 0.5, 0.75, 1.0) for ax in (0.0, 0.5, 1.0))
"""Anchors a card may move to within its area, tried nearest the wanted anchor first."""


def card_overlay(
    parts: list[tuple[str, FontRole, int, int]], look: Look, area: Box,
    anchor: tuple[float, float], numbers: bool = False, start: float = TEXT_IN_SECONDS,
    avoid: np.ndarray | None = None,
) -> Overlay:
    """A text card placed inside ``area`` (a part of the safe zone).

    Args:
        parts: (text, font role, size in px, max lines) of each paragraph.
        look: The video's look.
        area: Box the whole card, shadow included, must stay inside.
        anchor: Where the card sits in the area, (0..1, 0..1): 0 = left/top, 1 = right/bottom.
        numbers: Number the paragraphs after the first (a steps panel).
        start: Seconds into the shot when the card fades in.
        avoid: Frame pixels the card must not cover (the product in any frame of the shot,
            handles included; None: none). The card moves to a free spot of ``area``,
            else is set smaller until one is free.

    Returns:
        The overlay; it slides up into place, never leaving ``area``.
    """
    margin = round(look.unit * 0.02)
    for _ in range(4):
        card = _plan_card(parts, look, area[2] - area[0] - 2 * margin, numbers)
        if card.height + 2 * margin <= area[3] - area[1]:
            break
        parts = [(text, role, round(size * 0.85), lines) for text, role, size, lines in parts]
    image = _draw_card(card, look)
    spot = _place(image, area, anchor, look, avoid)
    for _ in range(SHRINK_STEPS if avoid is not None else 0):
        if spot is not None:
            break
        parts = [(text, role, round(size * 0.85), lines) for text, role, size, lines in parts]
        image = _draw_card(_plan_card(parts, look, area[2] - area[0] - 2 * margin, numbers), look)
        spot = _place(image, area, anchor, look, avoid)
    x, y = spot or _spot(image, area, anchor)
    return Overlay.from_image(image, x, y, start, _rise(image, area, y, look))


def _spot(image: Image.Image, area: Box, anchor: tuple[float, float]) -> tuple[int, int]:
    """The card's top-left corner at ``anchor`` in ``area``."""
    free_w, free_h = area[2] - area[0] - image.width, area[3] - area[1] - image.height
    return area[0] + round(max(free_w, 0) * anchor[0]), area[1] + round(max(free_h, 0) * anchor[1])


def _rise(image: Image.Image, area: Box, y: int, look: Look) -> int:
    """Pixels the card slides up while fading in (it never leaves ``area``)."""
    return max(0, min(round(look.unit * 0.03), area[3] - (y + image.height)))


def _place(
    image: Image.Image, area: Box, anchor: tuple[float, float], look: Look,
    avoid: np.ndarray | None,
) -> tuple[int, int] | None:
    """The spot nearest ``anchor`` where the card (as it rises too) covers no ``avoid`` pixel.

    None when every spot tried covers some.
    """
    if avoid is None:
        return _spot(image, area, anchor)
    solid = np.asarray(image.getchannel("A")) > 64
    rows, cols = np.nonzero(solid)
    if rows.size == 0:
        return _spot(image, area, anchor)
    body = (int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1)
    near = sorted(_SPOTS, key=lambda a: (a[0] - anchor[0]) ** 2 + (a[1] - anchor[1]) ** 2)
    for spot in (anchor, *near):
        x, y = _spot(image, area, spot)
        top, bottom = y + body[1], y + body[3] + _rise(image, area, y, look)
        if not avoid[max(top, 0):max(bottom, 0), max(x + body[0], 0):max(x + body[2], 0)].any():
            return x, y
    return None
