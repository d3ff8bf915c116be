"""Still layers of video frames (text cards, buttons, logos) and how they are composited.

Layers are premultiplied uint8 RGBA, composited at whole-pixel offsets so glyphs are never
resampled; they fade in and slide up into place.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from engines.local.easing import ease

RGB = tuple[int, int, int]
Box = tuple[int, int, int, int]

TEXT_IN_SECONDS = 0.2  # text starts appearing this long after its shot has fully entered
TEXT_FADE_SECONDS = 0.4


@dataclass
class Overlay:
    """A still RGBA layer (text card, button, logo) composited at whole-pixel offsets.

    Attributes:
        x: Left edge on the frame.
        y: Top edge on the frame.
        rgb: Premultiplied colour, uint8 (h, w, 3).
        alpha: Coverage, uint8 (h, w).
        start: Seconds into the shot when it starts fading in.
        rise: Pixels it slides up while fading in.
    """

    x: int
    y: int
    rgb: np.ndarray
    alpha: np.ndarray
    start: float = TEXT_IN_SECONDS
    rise: int = 0

    @classmethod
    def from_image(cls, image: Image.Image, x: int, y: int, start: float, rise: int) -> Overlay:
        """Premultiply an RGBA image once."""
        rgba = np.asarray(image.convert("RGBA"), dtype=np.float32)
        rgb = rgba[..., :3] * (rgba[..., 3:] / 255.0) + 0.5
        alpha = np.ascontiguousarray(rgba[..., 3].astype(np.uint8))
        return cls(x, y, rgb.astype(np.uint8), alpha, start, rise)

    @property
    def box(self) -> Box:
        """Where the layer rests on the frame."""
        h, w = self.alpha.shape[:2]
        return (self.x, self.y, self.x + w, self.y + h)

    def draw(self, frame: np.ndarray, seconds: float) -> None:
        """Composite onto ``frame`` (uint8, in place) as it looks ``seconds`` into the shot."""
        t = ease((seconds - self.start) / TEXT_FADE_SECONDS)
        if t <= 0.0:
            return
        dy = round(self.rise * (1.0 - t))
        x0, y0, x1, y1 = self.box
        y0, y1 = y0 + dy, y1 + dy
        fh, fw = frame.shape[:2]
        cx0, cy0, cx1, cy1 = max(x0, 0), max(y0, 0), min(x1, fw), min(y1, fh)
        if cx0 >= cx1 or cy0 >= cy1:
            return
        src = (slice(cy0 - y0, cy1 - y0), slice(cx0 - x0, cx1 - x0))
        rgb, alpha = self.rgb[src], self.alpha[src]
        if t < 1.0:
            rgb, alpha = cv2.convertScaleAbs(rgb, alpha=t), cv2.convertScaleAbs(alpha, alpha=t)
        over(frame, (cx0, cy0), np.ascontiguousarray(rgb), np.ascontiguousarray(alpha))


def rounded_mask(size: tuple[int, int], box: Box, radius: float) -> Image.Image:
    """An anti-aliased rounded-rectangle coverage mask (drawn 4x, then reduced)."""
    w, h = size
    big = Image.new("L", (w * 4, h * 4), 0)
    scaled = tuple(v * 4 for v in box)
    ImageDraw.Draw(big).rounded_rectangle(scaled, radius=radius * 4, fill=255)
    return big.resize((w, h), Image.Resampling.LANCZOS)


def solid_layer(
    size: tuple[int, int], color: RGB, mask: Image.Image, opacity: float = 1.0
) -> Image.Image:
    """A flat colour layer whose alpha is ``mask`` times ``opacity``."""
    alpha = mask if opacity >= 1.0 else mask.point(lambda v: round(v * opacity))
    layer = Image.new("RGBA", size, (*color, 0))
    layer.putalpha(alpha)
    return layer


def over(
    frame: np.ndarray, xy: tuple[int, int], rgb: np.ndarray, alpha: np.ndarray,
    clamp: bool = False,
) -> None:
    """Composite premultiplied uint8 ``rgb`` with coverage ``alpha`` at ``xy`` (in place).

    Args:
        frame: The frame (uint8 RGB).
        xy: Where the layer's top-left corner goes.
        rgb: Premultiplied colour, ``(h, w, 3)``.
        alpha: Coverage, ``(h, w)``.
        clamp: Clip ``rgb`` to ``alpha`` first (bicubic overshoot can exceed it).
    """
    x, y = xy
    h, w = alpha.shape[:2]
    region = frame[y : y + h, x : x + w]
    alpha3 = cv2.cvtColor(alpha, cv2.COLOR_GRAY2RGB)
    if clamp:
        rgb = cv2.min(rgb, alpha3)
    under = cv2.multiply(region, cv2.bitwise_not(alpha3), scale=1 / 255)
    frame[y : y + h, x : x + w] = cv2.add(under, rgb)
