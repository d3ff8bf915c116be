"""Drawing planned ad text: the ink and scrim chosen for contrast, then glyphs and buttons.

Drawing happens in two steps so callers can keep the backplate (the pixels right behind
the glyphs): :func:`prepare` picks the ink and draws any scrim, and :func:`render` draws
glyphs and buttons, for a block planned by :func:`~engines.local.typography.blocks.fit`. Text is
coloured for WCAG contrast against the actual pixels behind it, with a soft scrim only
when the background is too busy or too mid-toned for 4.5:1.
"""

from __future__ import annotations

from dataclasses import fields

import cv2
import numpy as np
from PIL import Image, ImageDraw

from engines.local.typography.blocks import (
    Box,
    TextBlock,
    TextItem,
    TextStyle,
    fit,
    inset_for_panel,
    panel_pad,
)
from engines.local.typography.fonts import font
from engines.local.typography.ink import (
    MIN_CONTRAST,
    RGB,
    WHITE,
    cta_colors,
    pick_ink,
    worst_contrast,
)
from policy.contrast import contrast, luminance


def _scrim(
    image: Image.Image, block: TextBlock, box: Box, ink: RGB, opacity: float | None = None
) -> None:
    """Draw a soft panel behind ``box`` (inside the area) just opaque enough for 4.5:1.

    The opacity is measured on ``image`` unless given; it is recorded in the block.
    """
    x0, y0, x1, y1 = block.area
    crop = np.asarray(image.crop(block.area), dtype=np.float32)
    text_lum = float(luminance(np.array(ink)))
    fill = np.array(WHITE if text_lum < 0.3 else (14, 14, 18), dtype=np.float32)
    if opacity is None:
        opacity = _scrim_opacity(crop, block, fill, ink)
    block.scrim_opacity = opacity
    size = block.plan.size if block.plan else 20
    pad, radius = panel_pad(size), max(2, round(size * 0.3))
    panel = (box[0] - pad - x0, box[1] - pad - y0, box[2] + pad - x0, box[3] + pad - y0)
    block.panel = (
        max(x0, box[0] - pad), max(y0, box[1] - pad), min(x1, box[2] + pad), min(y1, box[3] + pad)
    )
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).rounded_rectangle(panel, radius=radius, fill=255)
    soft = cv2.GaussianBlur(
        np.asarray(mask, dtype=np.float32) / 255.0, (0, 0), max(1.0, radius / 6)
    )
    inside = np.zeros_like(soft)
    bx0, by0 = max(0, box[0] - x0), max(0, box[1] - y0)
    inside[by0 : box[3] - y0, bx0 : box[2] - x0] = 1.0  # full opacity over the text itself
    weight = (np.maximum(soft, inside) * opacity)[..., None]
    out = crop * (1 - weight) + fill * weight
    image.paste(Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB"), block.area[:2])


def _scrim_opacity(crop: np.ndarray, block: TextBlock, fill: np.ndarray, ink: RGB) -> float:
    """The least scrim opacity (0.3..0.97, in 0.05 steps) giving the text 4.5:1 (+0.4)."""
    x0, y0 = block.area[:2]
    regions = (
        [  # every 3rd pixel is plenty to choose the opacity; render measures them all
            crop[b[1] - y0 : b[3] - y0, b[0] - x0 : b[2] - x0].reshape(-1, 3)[::3]
            for r, b in block.boxes()
            if r != "cta"
        ]
        or [crop.reshape(-1, 3)[::3]]
    )
    opacity = 0.3
    while opacity < 0.97:
        if all(
            worst_contrast(reg * (1 - opacity) + fill * opacity, ink) >= MIN_CONTRAST + 0.4
            for reg in regions
        ):
            break
        opacity += 0.05
    return min(opacity, 0.97)


def paint_scrim(image: Image.Image, block: TextBlock) -> None:
    """Draw the block's scrim again, as :func:`prepare` chose it, onto another canvas.

    Used to separate the text layer of an ad: replaying the same drawing on known
    backgrounds gives its exact colour and alpha.

    Args:
        image: RGB canvas, modified in place (only inside ``block.area``).
        block: A block already prepared on the real canvas.
    """
    box = block.text_box()
    if block.scrim and box is not None:
        _scrim(image, block, box, block.ink, block.scrim_opacity)


def prepare(image: Image.Image, block: TextBlock) -> None:
    """Choose the ink for the block and draw a scrim inside its area when contrast needs one.

    A block that gets a scrim is planned again inside its area less the panel's pad
    (:func:`~engines.local.typography.blocks.inset_for_panel`), so the panel keeps the
    same room around its text on every side; its box is recorded in ``block.panel``.

    Args:
        image: RGB canvas, modified in place (only inside ``block.area``).
        block: A plan from :func:`~engines.local.typography.blocks.fit`; its ``ink`` and
            ``scrim`` are set.
    """
    box = block.text_box()
    if box is None:
        return
    regions = [np.asarray(image.crop(b)) for r, b in block.boxes() if r != "cta"]
    all_pixels = np.concatenate([r.reshape(-1, 3) for r in regions])
    ink, _ = pick_ink(all_pixels, block.style.dark)
    worst = min(worst_contrast(r, ink) for r in regions)
    busy = float(np.std(luminance(all_pixels[::3]))) > 0.09
    if worst < MIN_CONTRAST or busy:
        refit = inset_for_panel(block)  # the panel needs room around the text
        if refit is not block:
            for name in (f.name for f in fields(TextBlock)):
                setattr(block, name, getattr(refit, name))
            box = block.text_box() or box
        _scrim(image, block, box, ink)
        block.scrim = True
        regions = [np.asarray(image.crop(b)) for r, b in block.boxes() if r != "cta"]
        ink, _ = pick_ink(np.concatenate([r.reshape(-1, 3) for r in regions]), block.style.dark)
    block.ink = ink


def render(image: Image.Image, block: TextBlock) -> list[TextItem]:
    """Draw the planned glyphs and button onto ``image`` (after :func:`prepare`).

    Args:
        image: RGB canvas, modified in place (only inside ``block.area``).
        block: The prepared block.

    Returns:
        What was drawn, with each item's box, ink and measured contrast.
    """
    if block.empty:
        return []
    contrasts = {
        r: worst_contrast(np.asarray(image.crop(b)), block.ink)
        for r, b in block.boxes()
        if r != "cta"
    }
    draw = ImageDraw.Draw(image)
    for _, line, face, xy, _ in block.lines:
        draw.text(xy, line, font=face, fill=block.ink)
    items = [
        TextItem(role, getattr(block, role), box, block.ink, None, contrasts[role])
        for role, box in block.boxes()
        if role != "cta"
    ]
    if block.button is not None and block.cta and block.plan is not None:
        fill, label = cta_colors(block.style.accent)
        _pill(image, block.button, fill)
        face = font(block.style.font, "bold", block.plan.cta_size)
        b = block.button
        draw.text(
            ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2), block.cta, font=face, fill=label, anchor="mm"
        )
        ratio = float(contrast(float(luminance(np.array(fill))), float(luminance(np.array(label)))))
        items.append(TextItem("cta", block.cta, b, label, fill, ratio))
    return items


def _pill(image: Image.Image, box: Box, fill: RGB) -> None:
    """An anti-aliased rounded button (drawn 4x and downsampled)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    big = Image.new("L", (w * 4, h * 4), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, w * 4 - 1, h * 4 - 1), radius=h * 2, fill=255)
    mask = big.resize((w, h), Image.Resampling.LANCZOS)
    image.paste(Image.new("RGB", (w, h), fill), (x0, y0), mask)


def draw_text(
    image: Image.Image,
    area: Box,
    headline: str | None,
    subline: str | None,
    cta: str | None,
    style: TextStyle,
) -> list[Box]:
    """Fit and draw the text block into ``area`` of ``image`` (modified in place).

    Args:
        image: RGB canvas.
        area: (left, top, right, bottom) the text must stay inside.
        headline: Main line (largest, at most ``style.max_lines`` lines).
        subline: Optional supporting line (regular, at most two lines).
        cta: Optional call to action, drawn as a pill button.
        style: Alignment, sizes, colours and font.

    Returns:
        Boxes of the headline, subline and button that were drawn (all inside ``area``).
    """
    if not (headline or subline or cta):
        return []
    block = fit(area, headline, subline, cta, style)
    before = image.copy()
    prepare(image, block)
    boxes = [item.box for item in render(image, block)]
    inside = image.crop(area)
    image.paste(before)  # nothing outside the area may change, whatever the fonts did
    image.paste(inside, area[:2])
    return boxes
