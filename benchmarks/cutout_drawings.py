"""Drawn products of the cutout benchmark's fresh split (and two of tune), as RGBA layers.

Each drawing is deterministic in its seed and returns a float32 RGBA array (alpha 0..255,
anti-aliased: shapes are drawn 4x supersampled with :func:`evals.recipes.coverage`).
:mod:`benchmarks.cutout_cases` composites them on paper with a shadow and JPEG. The glass
bottle also returns its silhouette: most of it is see-through, yet all of it is product.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from PIL import ImageDraw

from evals.recipes import coverage

Size = tuple[int, int]  # (width, height)
Point = tuple[float, float]
RGB = tuple[float, float, float]
SKIN = (222.0, 170.0, 138.0)


def _poly(size: Size, points: Sequence[Point]) -> np.ndarray:
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        d.polygon([(x * s, y * s) for x, y in points], fill=255)

    return coverage(size, draw)


def _rrect(size: Size, box: tuple[float, float, float, float], radius: float) -> np.ndarray:
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        d.rounded_rectangle([v * s for v in box], radius=radius * s, fill=255)

    return coverage(size, draw)


def _ellipse(size: Size, box: tuple[float, float, float, float]) -> np.ndarray:
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        d.ellipse([v * s for v in box], fill=255)

    return coverage(size, draw)


def _line(size: Size, points: Sequence[Point], width: float) -> np.ndarray:
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        d.line([(x * s, y * s) for x, y in points], fill=255, width=round(width * s),
               joint="curve")

    return coverage(size, draw)


def _arc(size: Size, box: tuple[float, float, float, float], width: float) -> np.ndarray:
    """The top half of the ellipse in ``box``, ``width`` px thick (a strap or a handle)."""
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        d.arc([v * s for v in box], 180, 360, fill=255, width=round(width * s))

    return coverage(size, draw)


def _noise(size: Size, seed: int, sigma: float) -> np.ndarray:
    """Smooth noise of unit spread (folds, leather, denim fading)."""
    w, h = size
    raw = np.random.default_rng(seed).normal(0, 1, (h, w)).astype(np.float32)
    smooth = cv2.GaussianBlur(raw, (0, 0), sigma)
    return smooth / max(float(smooth.std()), 1e-6)


def _cylinder(size: Size, x0: float, x1: float) -> np.ndarray:
    """Brightness 0.55..1.1 of a lit cylinder spanning columns x0..x1, as an (h, w, 1) factor."""
    w, h = size
    t = np.clip((np.arange(w, dtype=np.float32) - (x0 + x1) / 2) / ((x1 - x0) / 2), -1, 1)
    shade = 0.55 + 0.45 * np.sqrt(1 - t**2) + 0.25 * np.exp(-(((t + 0.45) / 0.12) ** 2))
    return np.broadcast_to(shade[None, :, None], (h, w, 1)).astype(np.float32)


def _rgb(color: RGB) -> np.ndarray:
    return np.array(color, np.float32)


class _Layers:
    """Paint back to front; the product's colour and coverage build up like a photo's."""

    def __init__(self, size: Size) -> None:
        w, h = size
        self.color: np.ndarray = np.zeros((h, w, 3), np.float32)
        self.alpha: np.ndarray = np.zeros((h, w), np.float32)

    def paint(self, rgb: RGB | np.ndarray, cover: np.ndarray, opacity: float = 1.0) -> None:
        c = cover * opacity
        rows, cols = np.flatnonzero(c.any(axis=1)), np.flatnonzero(c.any(axis=0))
        if not rows.size:
            return
        # painted where covered only: elsewhere colour * 1 + rgb * 0 leaves it as it was
        box = slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)
        c = c[box][..., None]
        paint = np.asarray(rgb, np.float32)
        if paint.ndim == 3:  # a colour per pixel (or per row or column: those stay 1 wide)
            rows_of, cols_of = (b if n > 1 else slice(None) for b, n in zip(box, paint.shape[:2],
                                                                          strict=True))
            paint = paint[rows_of, cols_of]
        self.color[box] = self.color[box] * (1 - c) + paint * c
        self.alpha[box] = self.alpha[box] * (1 - c[..., 0]) + c[..., 0]

    def rgba(self) -> np.ndarray:
        a = self.alpha[..., None]
        rgb = np.where(a > 0, self.color / np.maximum(a, 1e-6), 0.0)
        return np.dstack([np.clip(rgb, 0, 255), self.alpha * 255]).astype(np.float32)


def white_sneaker(seed: int) -> np.ndarray:
    """A white sneaker side-on, grey only in its sole line, laces and lining (1000x700)."""
    size = (1000, 700)
    upper = _poly(size, [(130, 470), (138, 330), (168, 272), (262, 262), (330, 300),
                         (425, 238), (470, 205), (522, 214), (610, 330), (770, 392),
                         (872, 432), (900, 480), (880, 500), (150, 500)])
    sole = _rrect(size, (112, 462, 912, 560), 44)
    rows = np.linspace(250, 236, size[1], dtype=np.float32)[:, None, None]
    folds = np.clip(np.abs(_noise(size, seed, 30))[..., None] * 3, 0, 8)
    layers = _Layers(size)
    layers.paint(np.repeat(rows - folds, 3, axis=2), upper)
    layers.paint((238, 238, 235), sole)
    layers.paint((200, 200, 198), _rrect(size, (118, 500, 906, 506), 3) * sole)
    layers.paint((214, 214, 212), _poly(size, [(180, 282), (262, 272), (322, 304), (296, 318),
                                                (192, 298)]))
    layers.paint((226, 226, 223), _poly(size, [(136, 340), (176, 334), (182, 470),
                                               (132, 470)]) * upper)
    for i in range(5):
        x, y = 482 + i * 24, 226 + i * 22
        layers.paint((204, 204, 202), _line(size, [(x - 18, y + 12), (x + 20, y - 6)], 5) * upper)
        layers.paint((186, 186, 186), _ellipse(size, (x - 22, y + 8, x - 14, y + 16)) * upper)
    layers.paint((216, 216, 214), _line(size, [(700, 470), (760, 404), (860, 440)], 2) * upper)
    return layers.rgba()


def black_handbag(seed: int) -> np.ndarray:
    """A black handbag whose thin strap loop encloses a gap showing the backdrop (900x1000)."""
    size = (900, 1000)
    body = _poly(size, [(230, 470), (670, 470), (740, 900), (160, 900)])
    strap = _arc(size, (300, 180, 600, 940), 16)
    flap = _poly(size, [(230, 470), (670, 470), (692, 610), (450, 668), (208, 610)])
    shine = _cylinder(size, 160, 740) + _noise(size, seed, 6)[..., None] * 0.04
    layers = _Layers(size)
    layers.paint((60, 56, 58), strap)
    layers.paint(_rgb((34, 32, 35)) * shine, body)
    layers.paint(_rgb((26, 25, 27)) * shine, flap)
    layers.paint((70, 66, 68), _line(size, [(208, 610), (450, 668), (692, 610)], 3) * body)
    for x in (306, 594):  # the metal tabs holding the strap
        layers.paint((128, 116, 92), _rrect(size, (x - 13, 452, x + 13, 488), 4))
    layers.paint((190, 156, 84), _rrect(size, (430, 640, 470, 690), 5))
    return layers.rgba()


def green_mug(seed: int) -> np.ndarray:
    """A green mug with a handle whose hole shows the backdrop (900x800)."""
    size = (900, 800)

    def handle(d: ImageDraw.ImageDraw, s: float) -> None:
        d.ellipse([v * s for v in (530, 310, 720, 560)], fill=255)
        d.ellipse([v * s for v in (585, 355, 670, 515)], fill=0)
        d.rectangle([v * s for v in (0, 0, 550, 800)], fill=0)

    green = _rgb((46, 140, 84))
    speckle = _noise(size, seed, 1.5)[..., None] * 2
    layers = _Layers(size)
    layers.paint(green * 0.82 + speckle, coverage(size, handle))
    layers.paint(green * _cylinder(size, 260, 580) + speckle, _rrect(size, (260, 230, 580, 640),
                                                                       26))
    layers.paint(green * 1.1, _ellipse(size, (260, 212, 580, 252)))
    layers.paint((18, 66, 38), _ellipse(size, (272, 218, 568, 246)))
    return layers.rgba()


def cropped_jeans(seed: int) -> np.ndarray:
    """Flat-lay jeans whose legs run off the bottom of the frame (900x1000)."""
    size = (900, 1000)
    denim = _poly(size, [(240, 70), (660, 70), (690, 430), (725, 1040), (485, 1040),
                         (470, 450), (450, 420), (430, 450), (415, 1040), (175, 1040),
                         (210, 430)])
    fade = 1 + 0.12 * np.clip(_noise(size, seed, 40), -1.5, 1.5)[..., None]
    twill = _noise(size, seed + 1, 0.8)[..., None] * 5
    thread = (176, 132, 70)
    layers = _Layers(size)
    layers.paint(_rgb((50, 78, 122)) * fade + twill, denim)
    layers.paint((40, 64, 104), _rrect(size, (240, 70, 660, 140), 4) * denim)
    for points in ([(240, 142), (660, 142)], [(450, 142), (452, 330), (430, 390)],
                   [(250, 180), (330, 250), (340, 142)], [(650, 180), (570, 250), (560, 142)]):
        layers.paint(thread, _line(size, points, 2) * denim)
    for x in (300, 450, 600):  # belt loops
        layers.paint((36, 58, 96), _rrect(size, (x - 9, 60, x + 9, 150), 3))
    return layers.rgba()


def cropped_chinos(seed: int) -> np.ndarray:
    """Olive chinos, legs apart and running off the bottom of the frame (800x1000).

    A tune case of the "gap between parts cut by the frame" kind (drawn after the jeans).
    """
    size = (800, 1000)
    cloth = _poly(size, [(180, 110), (610, 110), (650, 480), (700, 1040), (470, 1040),
                         (410, 520), (395, 500), (380, 520), (320, 1040), (95, 1040),
                         (150, 480)])
    folds = 1 + 0.08 * np.clip(_noise(size, seed, 30), -1.5, 1.5)[..., None]
    layers = _Layers(size)
    layers.paint(_rgb((104, 112, 72)) * folds, cloth)
    layers.paint((86, 92, 58), _rrect(size, (180, 110, 610, 170), 3) * cloth)
    layers.paint((60, 52, 40), _line(size, [(395, 170), (396, 420)], 3) * cloth)
    return layers.rgba()


def cropped_sweatpants(seed: int) -> np.ndarray:
    """Red sweatpants with a short rise and a wide leg gap, cut by the frame (900x900)."""
    size = (900, 900)
    cloth = _poly(size, [(230, 60), (670, 60), (720, 330), (760, 940), (520, 940),
                         (470, 380), (450, 350), (430, 380), (380, 940), (140, 940),
                         (180, 330)])
    folds = 1 + 0.1 * np.clip(_noise(size, seed, 22), -1.5, 1.5)[..., None]
    layers = _Layers(size)
    layers.paint(_rgb((176, 40, 48)) * folds, cloth)
    layers.paint((150, 32, 40), _rrect(size, (230, 60, 670, 130), 6) * cloth)
    layers.paint((240, 236, 230), _line(size, [(420, 120), (400, 200)], 4) * cloth)  # a cord
    layers.paint((240, 236, 230), _line(size, [(480, 120), (500, 200)], 4) * cloth)
    return layers.rgba()


def hand_from_right(seed: int) -> np.ndarray:
    """A blue serum bottle held by a hand whose arm leaves the frame on the right (1000x800).

    Product, hand and arm are all in front of the backdrop, so all of them are kept.
    """
    size = (1000, 800)
    skin = _rgb(SKIN) * (1 + _noise(size, seed, 20)[..., None] * 0.03)
    layers = _Layers(size)
    layers.paint(_rgb((30, 60, 150)) * _cylinder(size, 360, 500),
                 _rrect(size, (360, 250, 500, 690), 20))
    layers.paint(_rgb((240, 240, 242)) * _cylinder(size, 388, 472),
                 _rrect(size, (388, 150, 472, 262), 10))
    layers.paint(skin * 0.96, _poly(size, [(660, 440), (1040, 400), (1040, 650), (650, 630)]))
    layers.paint(skin * 0.98, _line(size, [(590, 450), (470, 345)], 46))  # the thumb
    layers.paint(skin * 0.98, _ellipse(size, (447, 322, 493, 368)))
    layers.paint(skin * 0.98, _poly(size, [(490, 380), (600, 400), (600, 450), (490, 450)]))
    layers.paint(skin, _ellipse(size, (480, 380, 720, 650)))
    for y in (430, 480, 530, 580):
        finger = _rrect(size, (352, y, 600, y + 46), 23)
        layers.paint(skin * 0.8, finger)
        layers.paint(skin, cv2.erode(finger, np.ones((5, 5), np.uint8)))
    return layers.rgba()


def amber_glass_bottle(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A clear glass bottle, amber liquid in its lower part, with a cork (700x1000).

    Returns:
        The RGBA layer (the empty glass is mostly see-through) and the bottle's silhouette
        coverage 0..1 (all of it product).
    """
    size = (700, 1000)
    glass = np.maximum.reduce([_rrect(size, (230, 400, 470, 900), 34),
                               _ellipse(size, (230, 300, 470, 500)),
                               _rrect(size, (312, 170, 388, 360), 8),
                               _rrect(size, (304, 160, 396, 192), 6)])
    cork = _rrect(size, (318, 100, 382, 176), 8)
    inside = cv2.erode(glass, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (19, 19)))
    rows = np.arange(size[1], dtype=np.float32)[:, None]
    liquid = inside * np.clip((rows - 560) / 2, 0, 1)
    layers = _Layers(size)
    layers.paint((226, 236, 232), inside, 0.22)
    layers.paint(_rgb((172, 92, 28)) * _cylinder(size, 240, 460), liquid, 0.82)
    layers.paint((214, 156, 84), inside * (np.abs(rows - 560) < 3), 0.7)
    layers.paint((140, 158, 152), np.clip(glass - inside, 0, 1), 0.75)
    layers.paint((255, 255, 255), _rrect(size, (262, 420, 274, 860), 6), 0.55)
    layers.paint((255, 255, 255), _rrect(size, (430, 440, 438, 840), 4), 0.35)
    grain = _noise(size, seed, 2)[..., None] * 6
    layers.paint(_rgb((156, 114, 72)) + grain, cork)
    return layers.rgba(), np.maximum(glass, cork)
