"""Drawn photos of a product held in a hand, with the truth of what is hand and what product.

Skin tones run from light to deep; the arm may be bare or in a sleeve. The hand holds the
product from below, fingers across its front and a thumb on its side, the arm leaving the
photo at the bottom (turned a quarter, at the left or the right).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
from PIL import Image

SKIN_TONES: dict[str, tuple[int, int, int]] = {
    "light": (241, 212, 194),
    "medium": (214, 160, 124),
    "tan": (176, 120, 84),
    "dark": (116, 74, 50),
    "deep": (70, 45, 33),
}
"""Skin colours from light to deep (the lit middle of the hand; shading darkens them)."""

NAVY = (38, 56, 104)
BACKDROP = (236, 236, 232)
_SS = 4  # supersampling of the drawing, for anti-aliased edges
_TURNS = {"bottom": None, "right": Image.Transpose.ROTATE_90, "left": Image.Transpose.ROTATE_270}


@dataclass(frozen=True)
class HeldPhoto:
    """A drawn photo and its truth.

    Attributes:
        photo: The RGB photo (JPEG-compressed once).
        product: bool, the product's visible pixels.
        hand: bool, the hand, the arm and its sleeve.
    """

    photo: Image.Image
    product: np.ndarray
    hand: np.ndarray


def _cover(size: tuple[int, int], draw: list[tuple[str, tuple[float, ...]]]) -> np.ndarray:
    """Coverage 0..1 of shapes drawn at ``_SS`` times the size: ("rect"|"ellipse"|"poly")."""
    w, h = size
    big = np.zeros((h * _SS, w * _SS), np.uint8)
    for kind, coords in draw:
        pts = (np.array(coords, np.float64) * _SS).round().astype(np.int32)
        if kind == "rect":
            cv2.rectangle(big, tuple(pts[:2]), tuple(pts[2:]), 255, -1)
        elif kind == "ellipse":
            x0, y0, x1, y1 = pts
            cv2.ellipse(big, ((x0 + x1) // 2, (y0 + y1) // 2), ((x1 - x0) // 2, (y1 - y0) // 2),
                        0, 0, 360, 255, -1)
        else:
            cv2.fillPoly(big, [pts.reshape(-1, 2)], 255)
    return cv2.resize(big, size, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0


def _paint(img: np.ndarray, colour: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return img * (1 - alpha[..., None]) + colour * alpha[..., None]


def _shaded(colour: tuple[int, int, int], size: tuple[int, int], left: int, right: int,
            depth: float = 0.25) -> np.ndarray:
    """``colour`` shaded like a cylinder across columns ``left``..``right``."""
    x = np.arange(size[0], dtype=np.float32)
    t = np.clip((x - left) / max(1, right - left), 0, 1)
    shade = 1 - depth * (2 * t - 1) ** 2
    return np.asarray(colour, np.float32)[None, None, :] * shade[None, :, None] * np.ones(
        (size[1], 1, 1), np.float32)


@cache
def held_product(
    skin: str = "medium",
    *,
    side: str = "bottom",
    sleeve: tuple[int, int, int] | None = None,
    colour: tuple[int, int, int] = NAVY,
    seed: int = 0,
) -> HeldPhoto:
    """A notebook (or any flat product of ``colour``) held in a hand, on a light backdrop.

    Cached: do not change the arrays it returns.

    Args:
        skin: A key of :data:`SKIN_TONES`.
        side: Where the arm leaves the photo: bottom, left or right.
        sleeve: The sleeve's colour, covering the forearm up to the wrist; None for a bare arm.
        colour: The product's colour.
        seed: The backdrop's noise.
    """
    size = (900, 1100)
    rng = np.random.default_rng(seed)
    img = np.empty((size[1], size[0], 3), np.float32)
    img[:] = BACKDROP
    img += rng.normal(0, 1.5, img.shape).astype(np.float32)
    product = _cover(size, [("rect", (250, 140, 640, 760))])
    band = _cover(size, [("rect", (560, 140, 580, 760))])
    img = _paint(img, _shaded(colour, size, 250, 640, 0.12), product)
    img = _paint(img, np.asarray((20, 20, 24), np.float32), band)
    tone = SKIN_TONES[skin]
    palm = _cover(size, [("ellipse", (330, 600, 620, 880))])
    thumb = _cover(size, [("poly", (440, 700, 500, 740, 330, 610, 290, 650))])
    fingers = _cover(size, [("ellipse", (230, y, 560, y + 50)) for y in (560, 610, 660, 710)])
    arm = _cover(size, [("poly", (380, 820, 600, 820, 660, 1110, 330, 1110))])
    img = _paint(img, _shaded(tone, size, 300, 640, 0.3), np.maximum(palm, arm))
    img = _paint(img, _shaded(tone, size, 290, 500, 0.3), thumb)
    for y in (560, 610, 660, 710):  # each finger outlined by a darker crease
        finger = _cover(size, [("ellipse", (230, y, 560, y + 50))])
        img = _paint(img, np.asarray(tone, np.float32) * 0.78, finger)
        inner = _cover(size, [("ellipse", (234, y + 4, 556, y + 46))])
        img = _paint(img, _shaded(tone, size, 230, 560, 0.2), inner)
    hand = np.maximum.reduce([palm, thumb, fingers, arm])
    if sleeve is not None:
        cuff = _cover(size, [("poly", (360, 880, 620, 880, 680, 1110, 310, 1110))])
        img = _paint(img, _shaded(sleeve, size, 310, 680, 0.3), cuff)
        hand = np.maximum(hand, cuff)
    photo = Image.fromarray(np.clip(img + 0.5, 0, 255).astype(np.uint8))
    buffer = _jpeg(photo)
    product_mask, hand_mask = (product >= 0.5) & (hand < 0.5), hand >= 0.5
    turn = _TURNS[side]
    if turn is None:
        return HeldPhoto(buffer, product_mask, hand_mask)
    return HeldPhoto(buffer.transpose(turn), _turned(product_mask, turn), _turned(hand_mask, turn))


def _turned(mask: np.ndarray, turn: Image.Transpose) -> np.ndarray:
    return np.asarray(Image.fromarray(mask).transpose(turn))


def _jpeg(image: Image.Image) -> Image.Image:
    import io

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("RGB")
