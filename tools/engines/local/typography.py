"""Ad typography: a headline, subline and call-to-action button fitted into a text area.

Text is auto-sized and balanced-wrapped (at most three headline lines), coloured for WCAG
contrast against the actual pixels behind it, with a soft panel when the background is too
busy or too mid-toned for any text colour to reach 4.5:1.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path(__file__).with_name("fonts")
BOLD_FONT = FONT_DIR / "DejaVuSans-Bold.ttf"
REGULAR_FONT = FONT_DIR / "DejaVuSans.ttf"
MIN_CONTRAST = 4.5
WHITE = (255, 255, 255)

Box = tuple[int, int, int, int]
RGB = tuple[int, int, int]


@dataclass(frozen=True)
class TextStyle:
    """How a text block is placed and coloured.

    Attributes:
        align: Horizontal alignment of lines inside the area.
        valign: Where the block sits vertically inside the area.
        dark: Preferred dark text colour (the theme's); white is the light choice.
        accent: Fill of the call-to-action button.
        max_size: Upper bound for the headline size in pixels.
    """

    align: Literal["left", "center"] = "center"
    valign: Literal["top", "center", "bottom"] = "top"
    dark: RGB = (28, 28, 30)
    accent: RGB = (28, 28, 30)
    max_size: int = 96


@dataclass(frozen=True)
class _Plan:
    size: int
    head: list[str]
    sub: list[str]
    sub_size: int
    cta_size: int
    height: int


@cache
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """Return the vendored DejaVu Sans (bold or regular) at ``size`` pixels, cached."""
    return ImageFont.truetype(str(BOLD_FONT if bold else REGULAR_FONT), size)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB values 0..255 (last axis = channels)."""
    c = np.asarray(rgb, dtype=np.float32) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)


def contrast(l1: float | np.ndarray, l2: float | np.ndarray) -> np.ndarray:
    """WCAG contrast ratio of two relative luminances (elementwise)."""
    hi, lo = np.maximum(l1, l2), np.minimum(l1, l2)
    return np.asarray((hi + 0.05) / (lo + 0.05))


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str] | None:
    """Greedy word wrap; None when the text needs more than ``max_lines`` or a word is too wide."""
    lines: list[str] = []
    for word in text.split():
        if face.getlength(word) > width:
            return None
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines if len(lines) <= max_lines else None


def _balanced(text: str, face: ImageFont.FreeTypeFont, width: float, lines: int) -> list[str]:
    """The narrowest wrap with the same number of lines (avoids a lone last word)."""
    lo, hi = width * 0.45, width
    best = wrap(text, face, width, lines) or [text]
    for _ in range(10):
        mid = (lo + hi) / 2
        attempt = wrap(text, face, mid, lines)
        if attempt is not None and len(attempt) == len(best):
            best, hi = attempt, mid
        else:
            lo = mid
    return best


def _truncate(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    words, line = text.split(), ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if face.getlength(candidate + "…") > width:
            break
        line = candidate
    return [line + "…" if line != text else line] if line else ["…"]


def _plan(headline: str, subline: str | None, cta: str | None, w: int, h: int, top: int) -> _Plan:
    """Pick the largest headline size at which the whole block fits the area."""
    size = top
    while True:
        sub_size, cta_size = max(16, round(size * 0.42)), max(16, round(size * 0.36))
        head = wrap(headline, font(True, size), w, 3) if headline else []
        sub = wrap(subline, font(False, sub_size), w, 2) if subline else []
        if head is not None and sub is not None:
            height = _block_height(size, len(head), sub_size, len(sub), cta_size if cta else 0)
            if height <= h or size <= 18:
                head = _balanced(headline, font(True, size), w, len(head)) if head else []
                return _Plan(size, head, sub, sub_size, cta_size, height)
        elif size <= 18:
            head = head if head is not None else _truncate(headline, font(True, size), w)
            sub = sub if sub is not None else _truncate(subline or "", font(False, sub_size), w)
            height = _block_height(size, len(head), sub_size, len(sub), cta_size if cta else 0)
            return _Plan(size, head, sub, sub_size, cta_size, height)
        size = max(18, int(size * 0.94))


def _block_height(size: int, heads: int, sub_size: int, subs: int, cta_size: int) -> int:
    height = heads * round(size * 1.14)
    if subs:
        height += (round(size * 0.4) if heads else 0) + subs * round(sub_size * 1.4)
    if cta_size:
        height += (round(size * 0.55) if heads or subs else 0) + _pill_height(cta_size)
    return height


def _pill_height(size: int) -> int:
    return round(size * 2.3)


def _pick_color(region: np.ndarray, dark: RGB) -> tuple[RGB, float]:
    """The text colour with the best worst-case contrast over the region, and that contrast."""
    lum = luminance(region.reshape(-1, 3))
    lo, hi = np.percentile(lum, 3), np.percentile(lum, 97)
    best: tuple[RGB, float] = (dark, 0.0)
    for color in (dark, WHITE, (20, 20, 22)):
        lc = float(luminance(np.array(color)))
        worst = float(min(contrast(lc, lo), contrast(lc, hi)))
        if worst > best[1]:
            best = (color, worst)
    return best


def _panel(image: Image.Image, box: Box, text: RGB, radius: int) -> None:
    """Draw a soft panel behind ``box`` just opaque enough for 4.5:1 contrast."""
    arr = np.asarray(image, dtype=np.float32)
    x0, y0, x1, y1 = box
    region = arr[y0:y1, x0:x1].reshape(-1, 3)
    text_lum = float(luminance(np.array(text)))
    fill = np.array((255, 255, 255) if text_lum < 0.3 else (14, 14, 18), dtype=np.float32)
    opacity = 0.3
    while opacity < 0.95:
        mixed = region * (1 - opacity) + fill * opacity
        lum = luminance(mixed)
        worst = float(
            contrast(text_lum, np.array([np.percentile(lum, 1), np.percentile(lum, 99)])).min()
        )
        if worst >= MIN_CONTRAST + 0.3:
            break
        opacity += 0.05
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle(box, radius=radius, fill=255)
    soft = cv2.GaussianBlur(
        np.asarray(mask, dtype=np.float32) / 255.0, (0, 0), max(1.0, radius / 6)
    )
    inside = np.zeros_like(soft)
    inside[y0:y1, x0:x1] = 1.0  # keep the full opacity over the text itself
    weight = (np.maximum(soft, inside) * opacity)[..., None]
    out = arr * (1 - weight) + fill * weight
    image.paste(Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB"))


def _cta_colors(accent: RGB) -> tuple[RGB, RGB]:
    """Button fill and label colour with at least 4.5:1 contrast between them."""
    fill = np.array(accent, dtype=np.float32)
    for _ in range(20):
        lum = float(luminance(fill))
        for label in (WHITE, (20, 20, 22)):
            if float(contrast(lum, float(luminance(np.array(label))))) >= MIN_CONTRAST:
                return (int(fill[0]), int(fill[1]), int(fill[2])), label
        fill *= 0.88
    return (int(fill[0]), int(fill[1]), int(fill[2])), WHITE


def _pill(image: Image.Image, box: Box, fill: RGB) -> None:
    """An anti-aliased rounded button (drawn 4x and downsampled)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    big = Image.new("L", (w * 4, h * 4), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, w * 4 - 1, h * 4 - 1), radius=h * 2, fill=255)
    mask = big.resize((w, h), Image.Resampling.LANCZOS)
    image.paste(Image.new("RGB", (w, h), fill), (x0, y0), mask)


def _x(align: str, left: int, width: int, line_width: float) -> int:
    return left if align == "left" else left + round((width - line_width) / 2)


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
        headline: Main line (bold, large, at most three lines).
        subline: Optional supporting line (regular, at most two lines).
        cta: Optional call to action, drawn as a pill button.
        style: Alignment and colours.

    Returns:
        Boxes of the headline, subline and button that were drawn (all inside ``area``).
    """
    if not (headline or subline or cta):
        return []
    before = image.copy()
    boxes = _draw_block(image, area, headline, subline, cta, style)
    inside = image.crop(area)
    image.paste(before)  # nothing outside the area may change, whatever the fonts did
    image.paste(inside, area[:2])
    return boxes


def _draw_block(
    image: Image.Image,
    area: Box,
    headline: str | None,
    subline: str | None,
    cta: str | None,
    style: TextStyle,
) -> list[Box]:
    x0, y0, x1, y1 = area
    w, h = x1 - x0, y1 - y0
    plan = _plan(headline or "", subline, cta, w, h, min(style.max_size, round(h * 0.5)))
    y = (
        y0
        if style.valign == "top"
        else y1 - plan.height
        if style.valign == "bottom"
        else y0 + (h - plan.height) // 2
    )
    y = max(y0, y)
    draw = ImageDraw.Draw(image)
    head_face, sub_face = font(True, plan.size), font(False, plan.sub_size)
    widths = [head_face.getlength(s) for s in plan.head] + [sub_face.getlength(s) for s in plan.sub]
    block_w = round(max(widths, default=0))
    cta_w = round(font(True, plan.cta_size).getlength(cta) + plan.cta_size * 2.2) if cta else 0
    block_w = min(w, max(block_w, cta_w))
    text_h = plan.height - ((_pill_height(plan.cta_size) + round(plan.size * 0.55)) if cta else 0)
    bx = _x(style.align, x0, w, block_w)
    text_box = (bx, y, bx + block_w, y + max(text_h, 1))
    region = np.asarray(image.crop(text_box)) if text_h > 0 else np.zeros((1, 1, 3), np.uint8)
    color, worst = _pick_color(region, style.dark)
    busy = float(np.std(luminance(region.reshape(-1, 3)))) > 0.09
    if text_h > 0 and (worst < MIN_CONTRAST or busy):
        pad = round(plan.size * 0.35)
        panel = (
            max(x0, bx - pad),
            max(y0, y - pad),
            min(x1, bx + block_w + pad),
            min(y1, y + text_h + pad),
        )
        color, _ = _pick_color(region, style.dark)
        _panel(image, panel, color, radius=round(plan.size * 0.3))
        color, _ = _pick_color(np.asarray(image.crop(text_box)), style.dark)
        draw = ImageDraw.Draw(image)
    boxes: list[Box] = []
    if plan.head:
        boxes.append(
            _lines(draw, plan.head, head_face, (x0, w, y), round(plan.size * 1.14), style, color)
        )
        y += len(plan.head) * round(plan.size * 1.14) + (round(plan.size * 0.4) if plan.sub else 0)
    if plan.sub:
        boxes.append(
            _lines(draw, plan.sub, sub_face, (x0, w, y), round(plan.sub_size * 1.4), style, color)
        )
        y += len(plan.sub) * round(plan.sub_size * 1.4)
    if cta:
        y += round(plan.size * 0.55) if (plan.head or plan.sub) else 0
        x = _x(style.align, x0, w, cta_w)
        boxes.append(_button(image, cta, plan.cta_size, (x, y), area, style.accent))
    return [_clip(box, area) for box in boxes]


def _lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    face: ImageFont.FreeTypeFont,
    origin: tuple[int, int, int],
    step: int,
    style: TextStyle,
    color: RGB,
) -> Box:
    """Draw lines one under the other; return the box of the ink."""
    left, width, top = origin
    boxes = []
    for i, line in enumerate(lines):
        xy = (_x(style.align, left, width, face.getlength(line)), top + i * step)
        draw.text(xy, line, font=face, fill=color)
        boxes.append(draw.textbbox(xy, line, font=face))
    return _union(boxes)


def _button(
    image: Image.Image, label: str, size: int, xy: tuple[int, int], area: Box, accent: RGB
) -> Box:
    x, y = xy
    face = font(True, size)
    width = min(round(face.getlength(label) + size * 2.2), area[2] - area[0])
    height = _pill_height(size)
    box = (x, y, x + width, min(y + height, area[3]))
    fill, ink = _cta_colors(accent)
    _pill(image, box, fill)
    ImageDraw.Draw(image).text(
        ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), label, font=face, fill=ink, anchor="mm"
    )
    return box


def _union(boxes: list[tuple[float, float, float, float]]) -> Box:
    return (
        int(min(b[0] for b in boxes)),
        int(min(b[1] for b in boxes)),
        int(max(b[2] for b in boxes)),
        int(max(b[3] for b in boxes)),
    )


def _clip(box: Box, area: Box) -> Box:
    return (max(box[0], area[0]), max(box[1], area[1]), min(box[2], area[2]), min(box[3], area[3]))
