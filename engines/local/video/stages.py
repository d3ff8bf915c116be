"""Video stages: a shot's scene with the grounded product, seen through an eased camera.

A stage is composed once at full size with :func:`~engines.local.ad.compose.compose_ad`;
frames warp it (``cv2.warpAffine``). Where the camera rests at 1:1 the product's pixels are
exactly the resized product's; zoomed in, the product is drawn from an enlarged copy.

A product the photo's frame cuts (held in a hand, cut by the photo's edge) is staged as the
still ads stage it: flush against the same sides of the frame, with no floor shadow. The
camera keeps the plate covering the frame, so that edge never comes into view; the enlarged
copy is overscanned (its cut edge rows repeated) so resampling never fades it either.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import get_args

import cv2
import numpy as np
from PIL import Image

from engines.local.ad.compose import compose_ad
from engines.local.ad.recipe import Recipe, Side
from engines.local.ad.staging import flush_to_sides, trim
from engines.local.video.layers import over
from engines.local.video.look import Box, Look


@dataclass
class Stage:
    """A scene with the grounded product, at frame size, plus the product's own layers.

    Attributes:
        plate: RGB uint8 scene with the product, its shadows and reflection.
        product: The product at 1:1 (RGBA uint8), exactly as shown when the camera rests.
        box: Where ``product`` stands on the plate.
        source: The trimmed cutout, resampled once per zoom level into ``details``.
        details: Premultiplied uint8 RGBA copies of the product by enlargement factor.
        cropped: The frame sides the product runs off (a held product); its enlarged
            copies are overscanned there.
    """

    plate: np.ndarray
    product: np.ndarray
    box: Box
    source: Image.Image
    details: dict[float, np.ndarray] = field(default_factory=dict)
    cropped: frozenset[str] = frozenset()
    _rgba: np.ndarray | None = field(default=None, repr=False)

    @property
    def rgba_plate(self) -> np.ndarray:
        """The plate with an opaque alpha channel (warped 2.5 times faster than RGB)."""
        if self._rgba is None:
            self._rgba = cv2.cvtColor(self.plate, cv2.COLOR_RGB2RGBA)
        return self._rgba

    @property
    def centre(self) -> tuple[float, float]:
        """The product's centre on the plate."""
        x0, y0, x1, y1 = self.box
        return (x0 + x1) / 2, (y0 + y1) / 2

    def detail(self, zoom: float) -> tuple[np.ndarray, float, tuple[int, int]]:
        """The product enlarged ``zoom`` times (LANCZOS, once).

        Returns:
            Premultiplied RGBA, the enlargement factor, and the (left, top) overscan: the
            pixels repeated beyond the product's cut sides, ahead of its own first pixel.
        """
        k = round(max(1.0, zoom), 3)
        h, w = self.product.shape[:2]
        if k not in self.details:
            big = self.source.resize((round(w * k), round(h * k)), Image.Resampling.LANCZOS)
            rgba = np.asarray(big, dtype=np.float32)
            rgba[..., :3] *= rgba[..., 3:] / 255.0
            self.details[k] = _overscan((rgba + 0.5).astype(np.uint8), self.cropped)
        rgba = self.details[k]
        left = OVERSCAN if "left" in self.cropped else 0
        top = OVERSCAN if "top" in self.cropped else 0
        width = rgba.shape[1] - left - (OVERSCAN if "right" in self.cropped else 0)
        return rgba, width / w, (left, top)


OVERSCAN = 4
"""Pixels repeated beyond an enlarged product's cut sides (more than bicubic's reach)."""


def _overscan(rgba: np.ndarray, sides: Collection[str]) -> np.ndarray:
    """``rgba`` with its edge rows or columns repeated :data:`OVERSCAN` times on ``sides``."""
    if not sides:
        return rgba
    top, bottom, left, right = (
        OVERSCAN if side in sides else 0 for side in ("top", "bottom", "left", "right")
    )
    return np.pad(rgba, ((top, bottom), (left, right), (0, 0)), mode="edge")


def _sides(cropped: Collection[str]) -> list[Side]:
    """The frame sides among ``cropped``, in a fixed order."""
    return [side for side in get_args(Side) if side in cropped]


def build_stage(
    cutout: Image.Image, look: Look, variation: int, scale: float, shift: tuple[float, float],
    theme: str | None = None, cropped: Collection[str] = (),
) -> Stage:
    """Compose the product on the theme's scene once and keep its layers for animation.

    Args:
        cutout: The product with transparency.
        look: The video's look (size, theme, brand colours, seed).
        variation: Scene variation (light direction, layout).
        scale: Product size relative to the format's layout (0.5..1.6).
        shift: Product offset as fractions of the frame (-0.3..0.3).
        theme: The shot's own scene theme id (None: the video's).
        cropped: The sides the photo's frame cuts the product at: it is staged flush
            against the same sides of the frame, with no floor shadow.

    Returns:
        The stage; at 1920x1080 and 1080x1920 its plate is the composed ad itself.
    """
    fmt = "story" if look.vertical else "widescreen"
    sides = _sides(cropped)
    recipe = Recipe(
        theme=theme or look.theme, format=fmt, seed=look.seed, variation=variation,
        brand_colors=list(look.brand_colors), product_scale=scale, product_shift=shift,
        logo=False, product_cropped=sides,
    )
    comp = compose_ad(cutout, recipe)
    plate = np.asarray(comp.image)
    size = (look.width, look.height)
    source = trim(cutout)
    product, box = comp.product, comp.product_box
    if comp.image.size != size:
        f = look.width / comp.image.width
        plate = cv2.resize(plate, size, interpolation=cv2.INTER_AREA)
        pw, ph = max(1, round(product.width * f)), max(1, round(product.height * f))
        x0, y1 = round(box[0] * f), round(box[3] * f)
        box = flush_to_sides((x0, y1 - ph, x0 + pw, y1), size, sides)
        product = source.resize((pw, ph), Image.Resampling.LANCZOS)
    return Stage(
        np.ascontiguousarray(plate), np.asarray(product.convert("RGBA")), box, source,
        cropped=frozenset(sides),
    )


def _paste_exact(frame: np.ndarray, product: np.ndarray, box: Box) -> None:
    """Alpha-blend the 1:1 product; opaque pixels come out exactly equal to it."""
    x0, y0, x1, y1 = box
    h, w = frame.shape[:2]
    cx0, cy0, cx1, cy1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if cx0 >= cx1 or cy0 >= cy1:
        return
    rgba = product[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0].astype(np.uint32)
    a = rgba[..., 3:4]
    under = frame[cy0:cy1, cx0:cx1].astype(np.uint32)
    frame[cy0:cy1, cx0:cx1] = ((rgba[..., :3] * a + under * (255 - a) + 127) // 255).astype(
        np.uint8
    )


KEEP_MARGIN = 0.025
"""Least gap between a framed product and the frame's edges, as a share of the short side."""


@dataclass(frozen=True)
class View:
    """A camera position: zoom ``s`` about plate point ``src`` shown at frame point ``dst``.

    Attributes:
        s: Zoom (at least 1: the plate always covers the frame).
        src: The plate point the camera aims at.
        dst: Where that point appears on the frame.
        keep: The product's box on the plate when the whole product must stay in the frame
            (None for a close-up): the zoom is lowered and the aim moved as little as it
            takes to keep the box :data:`KEEP_MARGIN` inside every edge.
        free: Sides of the frame the product may run off (the photo cut it there).
    """

    s: float
    src: tuple[float, float]
    dst: tuple[float, float]
    keep: Box | None = None
    free: frozenset[str] = frozenset()

    def matrix(self, size: tuple[int, int]) -> np.ndarray:
        """The plate-to-frame affine matrix, the plate kept covering the whole frame."""
        w, h = size
        s = max(self.s, 1.0)
        if self.keep is not None:
            s = fit_zoom(self.keep, size, s, self.free)
        xs, ys = _shifts(s, size, self.keep, self.free)
        tx = _clamp(self.dst[0] - s * self.src[0], *xs)
        ty = _clamp(self.dst[1] - s * self.src[1], *ys)
        return np.array([[s, 0.0, tx], [0.0, s, ty]], dtype=np.float64)


def _shifts(
    s: float, size: tuple[int, int], keep: Box | None, free: Collection[str] = ()
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (lowest, highest) x and y translations at zoom ``s``.

    They keep the frame covered and, when ``keep`` is given, that box inside the frame
    (the cover wins where both can't hold).
    """
    w, h = size
    xs, ys = (w - s * w, 0.0), (h - s * h, 0.0)
    if keep is None:
        return xs, ys
    m = KEEP_MARGIN * min(w, h)
    x0, y0, x1, y1 = keep
    lo_x = max(xs[0], m - s * x0) if "left" not in free else xs[0]
    hi_x = min(xs[1], w - m - s * x1) if "right" not in free else xs[1]
    lo_y = max(ys[0], m - s * y0) if "top" not in free else ys[0]
    hi_y = min(ys[1], h - m - s * y1) if "bottom" not in free else ys[1]
    if lo_x > hi_x:
        lo_x = hi_x = _clamp((lo_x + hi_x) / 2, *xs)
    if lo_y > hi_y:
        lo_y = hi_y = _clamp((lo_y + hi_y) / 2, *ys)
    return (lo_x, hi_x), (lo_y, hi_y)


def fits(box: Box, size: tuple[int, int], s: float, free: Collection[str] = ()) -> bool:
    """Whether some aim at zoom ``s`` shows all of ``box`` with the frame covered."""
    w, h = size
    m = KEEP_MARGIN * min(w, h)
    x0, y0, x1, y1 = box
    lo_x = max(w - s * w, m - s * x0 if "left" not in free else -math.inf)
    hi_x = min(0.0, w - m - s * x1 if "right" not in free else math.inf)
    lo_y = max(h - s * h, m - s * y0 if "top" not in free else -math.inf)
    hi_y = min(0.0, h - m - s * y1 if "bottom" not in free else math.inf)
    return lo_x <= hi_x + 1e-9 and lo_y <= hi_y + 1e-9


def fit_zoom(box: Box, size: tuple[int, int], want: float, free: Collection[str] = ()) -> float:
    """The largest zoom up to ``want`` (at least 1) at which all of ``box`` can be shown."""
    want = max(want, 1.0)
    if fits(box, size, want, free) or not fits(box, size, 1.0, free):
        return want if fits(box, size, want, free) else 1.0
    lo, hi = 1.0, want
    for _ in range(30):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fits(box, size, mid, free) else (lo, mid)
    return lo


def _clamp(value: float, lo: float, hi: float) -> float:
    return min(max(value, lo), hi)


def frame_box(box: Box, m: np.ndarray) -> tuple[float, float, float, float]:
    """Where plate box ``box`` lands on the frame through the affine matrix ``m``."""
    s = m[0, 0]
    return (s * box[0] + m[0, 2], s * box[1] + m[1, 2], s * box[2] + m[0, 2],
            s * box[3] + m[1, 2])


def render_stage(stage: Stage, view: View, size: tuple[int, int], zoom: float) -> np.ndarray:
    """One frame of a stage seen through ``view``.

    At zoom 1 the product's pixels are exactly its 1:1 pixels; zoomed, the product is
    drawn from a copy enlarged ``zoom`` times, so it is never blown up from fewer pixels.
    """
    m = view.matrix(size)
    if abs(m[0, 0] - 1.0) < 1e-9:
        frame = stage.plate.copy()
        _paste_exact(frame, stage.product, stage.box)
        return frame
    warped = cv2.warpAffine(
        stage.rgba_plate, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    frame = cv2.cvtColor(warped, cv2.COLOR_RGBA2RGB)
    rgba, k, ahead = stage.detail(zoom)
    _warp_product(frame, stage.box, rgba, k, m, ahead)
    return frame


def _warp_product(
    frame: np.ndarray, box: Box, rgba: np.ndarray, k: float, m: np.ndarray,
    ahead: tuple[int, int] = (0, 0),
) -> None:
    """Draw the enlarged premultiplied product ``rgba`` through ``m`` onto ``frame``.

    Bicubic: the product keeps its texture through sub-pixel camera moves, where bilinear
    would lose a third of its fine detail (the scene behind it is warped bilinearly).
    ``ahead`` is the overscan (left, top) before the product's own first pixel of ``rgba``.
    """
    h, w = frame.shape[:2]
    s = m[0, 0]
    x0, y0, x1, y1 = box
    fx0, fy0 = s * x0 + m[0, 2], s * y0 + m[1, 2]
    fx1, fy1 = s * x1 + m[0, 2], s * y1 + m[1, 2]
    rx0, ry0 = max(0, math.floor(fx0) - 1), max(0, math.floor(fy0) - 1)
    rx1, ry1 = min(w, math.ceil(fx1) + 1), min(h, math.ceil(fy1) + 1)
    if rx0 >= rx1 or ry0 >= ry1:
        return
    a = s / k
    ox, oy = fx0 - rx0 - a * ahead[0], fy0 - ry0 - a * ahead[1]
    local = np.array([[a, 0.0, ox], [0.0, a, oy]], dtype=np.float64)
    warped = cv2.warpAffine(
        rgba, local, (rx1 - rx0, ry1 - ry0), flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT, borderValue=0,
    )
    rgb = cv2.cvtColor(warped, cv2.COLOR_RGBA2RGB)
    alpha = np.ascontiguousarray(warped[..., 3])
    over(frame, (rx0, ry0), rgb, alpha, clamp=True)
