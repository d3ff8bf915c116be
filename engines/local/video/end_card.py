"""The end card of storyboard videos: logo, product, headline and button on a calm gradient."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from engines.local.ad.staging import trim
from engines.local.typography.fonts import font
from engines.local.video.cards import WHITE, fit_lines, label_color
from engines.local.video.layers import Overlay, rounded_mask, solid_layer
from engines.local.video.look import RGB, Box, Look

if TYPE_CHECKING:
    from core.schemas import Shot, Storyboard


def _mix(a: RGB, b: RGB, t: float) -> np.ndarray:
    return np.array(a, dtype=np.float32) * (1 - t) + np.array(b, dtype=np.float32) * t


class EndCard:
    """Logo, product, headline and CTA button, centred on a calm gradient in brand colours."""

    def __init__(self, board: Storyboard, shot: Shot, cutout: Image.Image,
                 logo: Image.Image | None, look: Look) -> None:
        """Lay out and draw every element once."""
        self.look = look
        w, h = look.width, look.height
        top = _mix(look.accent, WHITE, 0.9)
        bottom = _mix(look.accent, WHITE, 0.72)
        ramp = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
        self.plate = np.broadcast_to(top * (1 - ramp) + bottom * ramp, (h, w, 3))
        self.plate = np.ascontiguousarray((self.plate + 0.5).astype(np.uint8))
        x0, y0, x1, y1 = look.safe
        bands = (0.0, 0.14, 0.56, 0.8, 1.0) if logo is not None else (0.0, 0.0, 0.52, 0.78, 1.0)
        edges = [y0 + round((y1 - y0) * b) for b in bands]
        self.overlays: list[Overlay] = []
        if logo is not None:
            self._logo(logo, (x0, edges[0], x1, edges[1]))
        self._product(cutout, (x0, edges[1], x1, edges[2]))
        headline = board.headline or shot.text or board.title
        if headline:
            self._text(headline, (x0, edges[2], x1, edges[3]))
        if board.cta:
            self._button(board.cta, (x0, edges[3], x1, edges[4]))

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

    def _product(self, cutout: Image.Image, area: Box) -> None:
        rgba = trim(cutout)
        pad = round(self.look.unit * 0.03)
        f = min((area[2] - area[0]) * 0.6 / rgba.width, (area[3] - area[1] - 2 * pad) / rgba.height)
        f = min(f, 3.0)
        product = rgba.resize(
            (max(1, round(rgba.width * f)), max(1, round(rgba.height * f))),
            Image.Resampling.LANCZOS,
        )
        x = (area[0] + area[2] - product.width) // 2
        y = area[3] - pad - product.height
        shadow = _contact_shadow(product, self.look)
        sx = x + (product.width - shadow.width) // 2
        sy = y + product.height - shadow.height // 2
        self.overlays.append(Overlay.from_image(shadow, sx, sy, 0.05, 0))
        self.overlays.append(Overlay.from_image(product, x, y, 0.05, 0))

    def _text(self, text: str, area: Box) -> None:
        size = round(self.look.unit * (0.07 if self.look.vertical else 0.08))
        width = area[2] - area[0]
        lines, used = fit_lines(text, self.look, "headline", size, width, 2)
        face = font(self.look.font, "headline", used)
        step = round(used * 1.16)
        mask = Image.new("L", (width, max(1, step * len(lines) + used // 3)), 0)
        draw = ImageDraw.Draw(mask)
        for i, line in enumerate(lines):
            draw.text((width / 2, i * step + used * 0.5), line, font=face, fill=255, anchor="mm")
        ink = label_color(tuple(int(v) for v in self.plate[area[1], area[0]]))  # type: ignore[arg-type]
        bbox = mask.getbbox() or (0, 0, width, mask.height)
        mask = mask.crop((0, bbox[1], width, bbox[3]))
        y = area[1] + max(0, (area[3] - area[1] - mask.height) // 2)
        rise = max(0, min(round(self.look.unit * 0.03), area[3] - (y + mask.height)))
        self.overlays.append(
            Overlay.from_image(solid_layer(mask.size, ink, mask), area[0], y, 0.25, rise)
        )

    def _button(self, label: str, area: Box) -> None:
        size = round(self.look.unit * 0.042)
        face = font(self.look.font, "bold", size)
        width = min(area[2] - area[0], round(face.getlength(label) + size * 2.4))
        height = min(area[3] - area[1], round(size * 2.3))
        image = solid_layer((width, height), self.look.accent, rounded_mask((width, height),
                       (0, 0, width, height), height / 2))
        glyph = Image.new("L", (width, height), 0)
        ImageDraw.Draw(glyph).text((width / 2, height / 2), label, font=face, fill=255, anchor="mm")
        image.alpha_composite(solid_layer((width, height), label_color(self.look.accent), glyph))
        x = (area[0] + area[2] - width) // 2
        y = area[1] + max(0, (area[3] - area[1] - height) // 2)
        rise = max(0, min(round(self.look.unit * 0.02), area[3] - (y + height)))
        self.overlays.append(Overlay.from_image(image, x, y, 0.45, rise))


def _contact_shadow(product: Image.Image, look: Look) -> Image.Image:
    """A soft elliptical shadow as wide as the product, to ground it on the end card."""
    w = max(8, round(product.width * 1.1))
    h = max(4, round(look.unit * 0.05))
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).ellipse((w * 0.1, h * 0.3, w * 0.9, h * 0.7), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(h / 5))
    return solid_layer((w, h), (0, 0, 0), mask, 0.3)
