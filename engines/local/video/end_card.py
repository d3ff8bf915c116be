"""The end card of storyboard videos: logo, product, headline and button on a calm gradient.

A product the photo's frame cuts (held in a hand, cut by the photo's edge) enters the card
from the same sides of the frame, with no contact shadow; the logo, headline and button
take the other half of the card.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from engines.local.ad.staging import flush_to_sides, trim
from engines.local.typography.fonts import font
from engines.local.video.cards import WHITE, fit_lines, label_color
from engines.local.video.layers import TEXT_FADE_SECONDS, Overlay, rounded_mask, solid_layer
from engines.local.video.look import RGB, Box, Look

if TYPE_CHECKING:
    from core.schemas import Shot, Storyboard


_BANDS = (0.0, 0.08, 0.68, 0.87, 1.0)
"""Edges of the logo, product, headline and button bands, as fractions of the safe zone
(vertical cards)."""
_BANDS_NO_LOGO = (0.0, 0.0, 0.66, 0.86, 1.0)
_SIDE_BANDS = (0.1, 0.3, 0.3, 0.72, 0.9)
"""The bands of the text column of a wide card, the product taking the other side."""
_SIDE_BANDS_NO_LOGO = (0.16, 0.16, 0.16, 0.64, 0.84)
PRODUCT_SIDE = 0.46
"""The share of a wide card's safe zone the product stands in (its left part)."""
GLOW = 0.55
"""How far the light behind the product lifts the backdrop towards white."""
_HELD_BANDS = (0.1, 0.28, 0.28, 0.66, 0.86)
"""The bands of the text side when a held product takes the other side (no product band)."""
_HELD_BANDS_NO_LOGO = (0.14, 0.14, 0.14, 0.62, 0.84)


def _dithered(plate: np.ndarray, seed: int) -> np.ndarray:
    """``plate`` (float) rounded to uint8 with one level of triangular noise.

    A gentle gradient rounded plainly steps one level every few dozen rows, which the
    eye sees as bands; the noise spreads the steps (the encoder's bitrate keeps it, see
    :func:`~engines.local.encoding.encode.clean_kbps`).
    """
    rng = np.random.default_rng(seed)
    h, w = plate.shape[:2]
    noise = rng.random((h, w, 1), dtype=np.float32) - rng.random((h, w, 1), dtype=np.float32)
    return np.ascontiguousarray(np.clip(plate + noise + 0.5, 0, 255).astype(np.uint8))


def _mix(a: RGB, b: RGB, t: float) -> np.ndarray:
    return np.array(a, dtype=np.float32) * (1 - t) + np.array(b, dtype=np.float32) * t


class EndCard:
    """Logo, product, headline and CTA button, centred on a calm gradient in brand colours."""

    def __init__(self, board: Storyboard, shot: Shot, cutout: Image.Image,
                 logo: Image.Image | None, look: Look, cropped: Collection[str] = ()) -> None:
        """Lay out and draw every element once.

        ``cropped`` are the sides the photo's frame cuts the product at (a held product).
        """
        self.look = look
        w, h = look.width, look.height
        top = _mix(look.accent, WHITE, 0.9)
        bottom = _mix(look.accent, WHITE, 0.72)
        ramp = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
        self.plate = np.broadcast_to(top * (1 - ramp) + bottom * ramp, (h, w, 3))
        self.plate = _dithered(self.plate, look.seed)
        self.overlays: list[Overlay] = []
        if cropped:
            x0, y0, x1, y1 = self._held_product(cutout, frozenset(cropped))
            bands = _HELD_BANDS if logo is not None else _HELD_BANDS_NO_LOGO
        elif look.vertical:
            x0, y0, x1, y1 = look.safe
            bands = _BANDS if logo is not None else _BANDS_NO_LOGO
        else:
            x0, y0, x1, y1 = self._side_product(cutout)
            bands = _SIDE_BANDS if logo is not None else _SIDE_BANDS_NO_LOGO
        edges = [y0 + round((y1 - y0) * b) for b in bands]
        if logo is not None:
            self._logo(logo, (x0, edges[0], x1, edges[1]))
        if not cropped and look.vertical:
            self._product(cutout, (x0, edges[1], x1, edges[2]))
        self.headline = board.headline or shot.text or board.title
        self._headline_and_button(self.headline, board.cta, (x0, edges[2], x1, edges[4]))

    def background(self, e: float) -> np.ndarray:
        """The still gradient (the elements animate in on top)."""
        return self.plate.copy()

    def _logo(self, logo: Image.Image, area: Box) -> None:
        rgba = trim(logo)
        pad = round(self.look.unit * 0.015)
        f = min((area[2] - area[0]) * 0.4 / rgba.width, (area[3] - area[1] - pad) / rgba.height)
        mark = rgba.resize(
            (max(1, round(rgba.width * f)), max(1, round(rgba.height * f))),
            Image.Resampling.LANCZOS,
        )
        x = (area[0] + area[2] - mark.width) // 2
        self.overlays.append(Overlay.from_image(mark, x, area[1], 0.0, 0))

    def _side_product(self, cutout: Image.Image) -> Box:
        """Stand the product large in the left part of a wide card's safe zone.

        Returns:
            The part of the safe zone left for the logo, headline and button.
        """
        x0, y0, x1, y1 = self.look.safe
        split = x0 + round((x1 - x0) * PRODUCT_SIDE)
        self._product(cutout, (x0, y0, split, y1), share=0.96)
        gap = round(self.look.unit * 0.04)
        return (split + gap, y0, x1, y1)

    def _glow(self, centre: tuple[float, float], radius: float) -> None:
        """Light the backdrop behind the product (a soft round pool, brightest at its heart)."""
        h, w = self.plate.shape[:2]
        ys = (np.arange(h, dtype=np.float32)[:, None] - centre[1]) / radius
        xs = (np.arange(w, dtype=np.float32)[None, :] - centre[0]) / radius
        light = GLOW * np.exp(-(xs * xs + ys * ys))[..., None]
        lit = self.plate.astype(np.float32) * (1 - light) + 255.0 * light
        self.plate = np.ascontiguousarray(np.clip(lit + 0.5, 0, 255).astype(np.uint8))

    def _product(self, cutout: Image.Image, area: Box, share: float = 0.8) -> None:
        rgba = trim(cutout)
        pad = round(self.look.unit * 0.03)
        f = min(
            (area[2] - area[0]) * share / rgba.width, (area[3] - area[1] - 2 * pad) / rgba.height
        )
        f = min(f, 4.0)
        product = rgba.resize(
            (max(1, round(rgba.width * f)), max(1, round(rgba.height * f))),
            Image.Resampling.LANCZOS,
        )
        x = (area[0] + area[2] - product.width) // 2
        y = area[3] - pad - product.height
        self._glow((x + product.width / 2, y + product.height * 0.45), 0.75 * product.height)
        shadow = _contact_shadow(product, self.look)
        sx = x + (product.width - shadow.width) // 2
        sy = y + product.height - shadow.height // 2
        # already in place when the card enters: the transition brings it in
        self.overlays.append(Overlay.from_image(shadow, sx, sy, -TEXT_FADE_SECONDS, 0))
        self.overlays.append(Overlay.from_image(product, x, y, -TEXT_FADE_SECONDS, 0))

    def _held_product(self, cutout: Image.Image, sides: frozenset[str]) -> Box:
        """Place a product the frame cuts flush against those sides of the card, unshadowed.

        It takes the half of the card on its side (the right half, or the bottom of a
        vertical card, unless it leaves through the left or the top).

        Returns:
            The part of the safe zone left for the logo, headline and button.
        """
        look = self.look
        w, h = look.width, look.height
        sx0, sy0, sx1, sy1 = look.safe
        gap = round(look.unit * 0.03)
        if look.vertical:
            split = h // 2
            first = "top" in sides and "bottom" not in sides
            area = (0, 0, w, split) if first else (0, split, w, h)
            text = (sx0, split + gap, sx1, sy1) if first else (sx0, sy0, sx1, split - gap)
        else:
            split = w // 2
            first = "left" in sides and "right" not in sides
            area = (0, 0, split, h) if first else (split, 0, w, h)
            text = (split + gap, sy0, sx1, sy1) if first else (sx0, sy0, split - gap, sy1)
        fit = _inset(area, (w, h), (sx0, sy0, w - sx1, h - sy1), sides)
        rgba = trim(cutout)
        f = min((fit[2] - fit[0]) / rgba.width, (fit[3] - fit[1]) / rgba.height, 3.0)
        product = rgba.resize(
            (max(1, round(rgba.width * f)), max(1, round(rgba.height * f))),
            Image.Resampling.LANCZOS,
        )
        x = (fit[0] + fit[2] - product.width) // 2
        y = (fit[1] + fit[3] - product.height) // 2
        box = flush_to_sides((x, y, x + product.width, y + product.height), (w, h), sides)
        self.overlays.append(Overlay.from_image(product, box[0], box[1], 0.05, 0))
        return text

    def _headline_and_button(self, text: str | None, label: str | None, area: Box) -> None:
        """The headline and the button as one block, centred in ``area``, a small gap apart.

        Each used to be centred in a band of its own, which left a gap between them as tall
        as the bands were loose: they read as two things, not a headline and its action.
        """
        x0, y0, x1, y1 = area
        parts = [p for p in (self._text(text, x1 - x0, (x0, (y0 + y1) // 2)) if text else None,
                             self._button(label, x1 - x0) if label else None) if p is not None]
        if not parts:
            return
        gap = round(self.look.unit * 0.035)
        total = sum(p[0].height for p in parts) + gap * (len(parts) - 1)
        y = y0 + max(0, (y1 - y0 - total) // 2)
        for image, start, most_rise in parts:
            rise = max(0, min(most_rise, y1 - (y + image.height)))
            self.overlays.append(Overlay.from_image(
                image, x0 + (x1 - x0 - image.width) // 2, y, start, rise))
            y += image.height + gap

    def _text(self, text: str, width: int, at: tuple[int, int]) -> tuple[Image.Image, float, int]:
        """The headline set in ``width``, inked for the plate ``at``: (image, start, rise)."""
        size = round(self.look.unit * (0.07 if self.look.vertical else 0.08))
        lines, used = fit_lines(text, self.look, "headline", size, width, 3)
        face = font(self.look.font, "headline", used)
        step = round(used * 1.16)
        mask = Image.new("L", (width, max(1, step * len(lines) + used // 3)), 0)
        draw = ImageDraw.Draw(mask)
        for i, line in enumerate(lines):
            draw.text((width / 2, i * step + used * 0.5), line, font=face, fill=255, anchor="mm")
        ink = label_color(tuple(int(v) for v in self.plate[at[1], at[0]]))  # type: ignore[arg-type]
        bbox = mask.getbbox() or (0, 0, width, mask.height)
        mask = mask.crop((0, bbox[1], width, bbox[3]))
        return solid_layer(mask.size, ink, mask), 0.25, round(self.look.unit * 0.03)

    def _button(self, label: str, room: int) -> tuple[Image.Image, float, int]:
        """The button's layer, at most ``room`` wide: (image, start, rise)."""
        size = round(self.look.unit * 0.042)
        face = font(self.look.font, "bold", size)
        width = min(room, round(face.getlength(label) + size * 2.4))
        height = round(size * 2.3)
        image = solid_layer((width, height), self.look.accent, rounded_mask((width, height),
                       (0, 0, width, height), height / 2))
        glyph = Image.new("L", (width, height), 0)
        ImageDraw.Draw(glyph).text((width / 2, height / 2), label, font=face, fill=255, anchor="mm")
        image.alpha_composite(solid_layer((width, height), label_color(self.look.accent), glyph))
        return image, 0.45, round(self.look.unit * 0.02)


def _inset(area: Box, size: tuple[int, int], margins: Box, sides: Collection[str]) -> Box:
    """Where the product may lie in ``area``, a part of a frame of ``size``.

    It reaches the frame's edge where the photo cut it (``sides``), keeps the safe zone's
    ``margins`` (left, top, right, bottom) from the frame's other edges, and the same
    margin as the text beside it.
    """
    w, h = size
    edges = (area[0] == 0, area[1] == 0, area[2] == w, area[3] == h)
    names = ("left", "top", "right", "bottom")
    gap = min(margins)
    keep = [
        (0 if name in sides else m) if edge else gap
        for name, m, edge in zip(names, margins, edges, strict=True)
    ]
    return (area[0] + keep[0], area[1] + keep[1], area[2] - keep[2], area[3] - keep[3])


def _contact_shadow(product: Image.Image, look: Look) -> Image.Image:
    """A soft elliptical shadow as wide as the product, to ground it on the end card."""
    w = max(8, round(product.width * 1.1))
    h = max(4, round(look.unit * 0.05))
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).ellipse((w * 0.1, h * 0.3, w * 0.9, h * 0.7), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(h / 5))
    return solid_layer((w, h), (0, 0, 0), mask, 0.3)
