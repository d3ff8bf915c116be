"""Side-by-side sheets: finished images scaled to one height, each labelled below."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from engines.local.typography.fonts import font

PAPER = (245, 245, 243)
TITLE_INK = (26, 26, 26)
CAPTION_INK = (110, 110, 106)
MAX_HEIGHT = 1080
MAX_WIDTH = 4096
_FAMILY = "lato"


@dataclass(frozen=True)
class Label:
    """What goes under one image: a bold title ("#3") and an optional grey caption."""

    title: str
    caption: str = ""


def side_by_side(images: list[Image.Image], labels: list[Label]) -> Image.Image:
    """Put ``images`` in a row at one height, on a light sheet, each with its label below.

    The height is the tallest image's (at most 1080 px), lowered so the sheet stays at most
    4096 px wide; each image keeps its aspect ratio and gets a soft shadow.

    Args:
        images: The images, left to right.
        labels: One label per image.

    Returns:
        The sheet (RGB).

    Raises:
        ValueError: No images, or not one label per image.
    """
    if not images or len(images) != len(labels):
        raise ValueError("side_by_side needs one label per image, and at least one image")
    aspects = [im.width / im.height for im in images]
    height = _row_height(aspects)
    pad, gap = max(24, round(height * 0.06)), max(16, round(height * 0.035))
    widths = [max(1, round(height * a)) for a in aspects]
    title_face = font(_FAMILY, "headline", max(18, round(height * 0.045)))
    caption_face = font(_FAMILY, "regular", max(13, round(height * 0.028)))
    title_h, caption_h = _line_height(title_face), _line_height(caption_face)
    label_h = round(pad * 0.45) + title_h + round(caption_h * 0.35) + caption_h
    sheet = Image.new(
        "RGB", (2 * pad + sum(widths) + gap * (len(images) - 1), 2 * pad + height + label_h),
        PAPER,
    )
    x = pad
    for image, width, label in zip(images, widths, labels, strict=True):
        scaled = image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
        _shadow(sheet, (x, pad, x + width, pad + height), gap)
        sheet.paste(scaled, (x, pad))
        top = pad + height + round(pad * 0.45)
        _centred(sheet, _fit(label.title, title_face, width), title_face, TITLE_INK, x, width, top)
        if label.caption:
            shown = _fit(label.caption, caption_face, width)
            _centred(sheet, shown, caption_face, CAPTION_INK, x, width,
                     top + title_h + round(caption_h * 0.35))
        x += width + gap
    return sheet


def _row_height(aspects: list[float]) -> int:
    """One height for the row: up to ``MAX_HEIGHT``, the sheet no wider than ``MAX_WIDTH``."""
    budget = MAX_WIDTH * 0.9  # what is left after the margins and gaps, about
    return max(64, min(MAX_HEIGHT, round(budget / sum(aspects))))


def _line_height(face: ImageFont.FreeTypeFont) -> int:
    ascent, descent = face.getmetrics()
    return ascent + descent


def _shadow(sheet: Image.Image, box: tuple[int, int, int, int], spread: int) -> None:
    """A soft shadow under ``box``, so light images stand off the light sheet."""
    blur = max(4, spread // 2)
    x0, y0, x1, y1 = box
    margin = blur * 3
    mask = Image.new("L", (x1 - x0 + 2 * margin, y1 - y0 + 2 * margin), 0)
    ImageDraw.Draw(mask).rectangle(
        (margin, margin + blur // 3, margin + x1 - x0, margin + y1 - y0 + blur // 3), fill=60
    )
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    sheet.paste((0, 0, 0), (x0 - margin, y0 - margin), mask)


def _fit(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """``text`` cut with an ellipsis to fit ``width`` pixels."""
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip(" ·,") + "…"


def _centred(
    sheet: Image.Image,
    text: str,
    face: ImageFont.FreeTypeFont,
    ink: tuple[int, int, int],
    left: int,
    width: int,
    top: int,
) -> None:
    ImageDraw.Draw(sheet).text((left + width / 2, top), text, font=face, fill=ink, anchor="mt")
