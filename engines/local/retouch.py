"""Retouching finished images: remove an object, extend the canvas, upscale for print.

These work on any image (an uploaded photo or a rendered ad). Pixels under ``protect`` (the
placed product) are never changed.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

Box = tuple[int, int, int, int]
_INPAINT_SIDE = 512  # inpaint at this resolution, then blend the fill in at full size


def _masked_inpaint(rgb: np.ndarray, hole: np.ndarray) -> np.ndarray:
    """Fill ``hole`` from its surroundings (OpenCV Telea), at reduced size for speed."""
    h, w = hole.shape
    scale = min(1.0, _INPAINT_SIDE / max(h, w))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    small_hole = cv2.resize(hole.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST)
    small_hole = cv2.dilate(small_hole, np.ones((3, 3), np.uint8))
    radius = max(3, round(min(size) * 0.02))
    filled = cv2.inpaint(small, small_hole * 255, radius, cv2.INPAINT_TELEA)
    filled = cv2.GaussianBlur(filled, (0, 0), 1.2)
    return cv2.resize(filled, (w, h), interpolation=cv2.INTER_CUBIC)


def _grain(shape: tuple[int, ...], seed: int, strength: float = 2.0) -> np.ndarray:
    """Fine noise so filled areas do not look plastic next to the scene's grain."""
    return np.random.default_rng(seed).normal(0.0, strength, shape)


def remove_region(
    image: Image.Image, box: Box, protect: np.ndarray | None = None, seed: int = 0
) -> Image.Image:
    """Remove what lies inside ``box`` by filling it from its surroundings.

    Args:
        image: An RGB image.
        box: (left, top, right, bottom) of the region to clean.
        protect: Boolean mask of pixels that must not change (the product).
        seed: Seed of the grain added to the fill.

    Returns:
        A new image; outside ``box`` and under ``protect`` it equals ``image``.
    """
    rgb = np.asarray(image.convert("RGB"))
    hole = np.zeros(rgb.shape[:2], bool)
    left, top, right, bottom = box
    hole[max(0, top) : bottom, max(0, left) : right] = True
    if protect is not None:
        hole &= ~protect
    if not hole.any():
        return image.convert("RGB").copy()
    # The protected pixels are filled too (then restored), so the fill is drawn from the
    # scene around them and never smears the product or the text into the background.
    source_hole = hole if protect is None else hole | _grow(protect, 6)
    fill = _masked_inpaint(rgb, source_hole).astype(np.float64) + _grain(rgb.shape, seed)
    soft = cv2.GaussianBlur(hole.astype(np.float32), (0, 0), 2.0)[..., None]
    soft = np.where(hole[..., None], 1.0, soft)
    if protect is not None:
        soft = np.where(protect[..., None], 0.0, soft)
    out = rgb * (1.0 - soft) + np.clip(fill, 0, 255) * soft
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8))


def _grow(mask: np.ndarray, pixels: int) -> np.ndarray:
    """``mask`` dilated by ``pixels``."""
    kernel = np.ones((2 * pixels + 1, 2 * pixels + 1), np.uint8)
    return cv2.dilate(mask.astype(np.uint8), kernel).astype(bool)


def replay(
    image: Image.Image,
    operations: list[dict[str, object]],
    protect: np.ndarray | None = None,
) -> Image.Image:
    """Apply stored retouch operations in order: removals (``protect`` kept), then upscales.

    Args:
        image: The freshly rendered (or original) image.
        operations: ``{"op": "remove", "box": [l, t, r, b]}`` with fractions of the size,
            and ``{"op": "upscale", "factor": 2}``.
        protect: Pixels removals must not change (the product, the text).
    """
    for step, operation in enumerate(operations):
        if operation["op"] == "remove":
            x0, y0, x1, y1 = (float(v) for v in operation["box"])  # type: ignore[attr-defined]
            w, h = image.size
            box = (round(x0 * w), round(y0 * h), round(x1 * w), round(y1 * h))
            image = remove_region(image, box, protect, seed=step)
    factor = upscale_factor(operations)
    return upscale(image, factor) if factor > 1 else image


def upscale_factor(operations: list[dict[str, object]]) -> int:
    """The total enlargement the operations ask for (upscales never stack past 4x)."""
    factor = 1
    for operation in operations:
        if operation["op"] == "upscale":
            factor *= int(operation["factor"])  # type: ignore[call-overload]
    return min(factor, 4)


def extend_canvas(
    image: Image.Image, size: tuple[int, int], seed: int = 0
) -> tuple[Image.Image, Box]:
    """Outpaint ``image`` to ``size``: scale it to fit, then grow the scene around it.

    The new margins continue the photo's edges (mirrored, blurred with distance and
    blended) rather than adding bars.

    Returns:
        The extended image and where the original (scaled) image sits in it.
    """
    width, height = size
    scale = min(width / image.width, height / image.height)
    inner = image.convert("RGB").resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
        Image.Resampling.LANCZOS,
    )
    left, top = (width - inner.width) // 2, (height - inner.height) // 2
    rgb = np.asarray(inner)
    pads = ((top, height - top - inner.height), (left, width - left - inner.width), (0, 0))
    mirrored = _continue_edges(rgb, pads)
    reach = max(pads[0][0], pads[0][1], pads[1][0], pads[1][1], 1)
    blurred = _blur_large(mirrored, max(2.0, reach / 6))
    distance = _distance_outside(
        (width, height), (left, top, left + inner.width, top + inner.height)
    )
    t = np.clip(distance / max(reach * 0.35, 1.0), 0, 1)[..., None]
    out = mirrored * (1 - t) + blurred * t + _grain(mirrored.shape, seed) * (t > 0)
    out[top : top + inner.height, left : left + inner.width] = rgb
    result = Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8))
    return result, (left, top, left + inner.width, top + inner.height)


def _continue_edges(rgb: np.ndarray, pads: tuple[tuple[int, int], ...]) -> np.ndarray:
    """Pad with a thin mirrored band (keeps texture at the seam), then stretch the edges."""
    band = max(1, round(0.06 * min(rgb.shape[:2])))
    near = tuple((min(a, band), min(b, band)) for a, b in pads[:2]) + ((0, 0),)
    far = tuple((a - n[0], b - n[1]) for (a, b), n in zip(pads[:2], near[:2], strict=True))
    mirrored = np.pad(rgb, near, mode="symmetric")
    return np.pad(mirrored, (*far, (0, 0)), mode="edge").astype(np.float32)


def _blur_large(rgb: np.ndarray, sigma: float) -> np.ndarray:
    """A wide Gaussian blur, computed at reduced size (same look, a fraction of the time)."""
    h, w = rgb.shape[:2]
    step = max(1, int(sigma // 4))
    small = cv2.resize(rgb, (max(1, w // step), max(1, h // step)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigma / step)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _distance_outside(size: tuple[int, int], box: Box) -> np.ndarray:
    """Distance of every pixel to ``box`` (0 inside it)."""
    width, height = size
    xs = np.arange(width, dtype=np.float32)
    ys = np.arange(height, dtype=np.float32)
    dx = np.maximum(np.maximum(box[0] - xs, xs - (box[2] - 1)), 0)
    dy = np.maximum(np.maximum(box[1] - ys, ys - (box[3] - 1)), 0)
    return np.hypot(dx[None, :], dy[:, None])


def upscale(image: Image.Image, factor: int = 2) -> Image.Image:
    """Enlarge ``image`` ``factor`` times for print, sharpening edges but not flat areas.

    LANCZOS resampling, then an unsharp mask weighted by local edge strength so edges
    stay crisp while skies, walls and skin do not turn grainy.
    """
    rgb = image.convert("RGB")
    big = np.asarray(
        rgb.resize((rgb.width * factor, rgb.height * factor), Image.Resampling.LANCZOS),
        dtype=np.float32,
    )
    soft = cv2.GaussianBlur(big, (0, 0), 1.0 * factor)
    grey = cv2.cvtColor(big, cv2.COLOR_RGB2GRAY)
    edges = cv2.magnitude(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1))
    weight = np.clip(edges / 60.0, 0, 1)[..., None]
    sharp = big + 0.6 * weight * (big - soft)
    return Image.fromarray(np.clip(sharp + 0.5, 0, 255).astype(np.uint8))
