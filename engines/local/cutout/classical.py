"""The classical matte: colour keying on plain backdrops, GrabCut on busy ones (OpenCV).

The fallback under the learned model (used when it cannot run), plus the small mask helpers
both paths share (hole filling, main components, Lab). Masks here are computed on a
downscaled copy.
"""

from __future__ import annotations

import cv2
import numpy as np

Array = np.ndarray
GRABCUT_SIDE = 280


def looks_like_texture(mask: Array) -> bool:
    """A "product" that fills the frame or runs off three or more edges is the photo itself.

    GrabCut treats a thin border as background, so edges are sampled just inside it.
    """
    h, w = mask.shape
    i = max(3, round(0.05 * min(h, w)))
    edges = (mask[i, :], mask[-1 - i, :], mask[:, i], mask[:, -1 - i])
    touching = sum(float(edge.mean()) > 0.25 for edge in edges)
    return float(mask.mean()) > 0.85 or touching >= 3


def downscaled(rgb: Array, side: int) -> Array:
    """``rgb`` shrunk (area-averaged) so its longest side is at most ``side``."""
    h, w = rgb.shape[:2]
    scale = min(1.0, side / max(h, w))
    if scale == 1.0:
        return rgb
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


def to_lab(rgb: Array) -> Array:
    """CIELAB of uint8 RGB (L 0..100, a and b roughly -128..127) as float32."""
    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)


def border_pixels(img: Array) -> Array:
    """The pixels of a thin frame around the image (2% of its short side), one per row."""
    h, w = img.shape[:2]
    b = max(2, min(h, w) // 50)
    parts = [img[:b].reshape(-1, img.shape[2]), img[-b:].reshape(-1, img.shape[2])]
    parts += [img[b:-b, :b].reshape(-1, img.shape[2]), img[b:-b, -b:].reshape(-1, img.shape[2])]
    return np.concatenate(parts)


def background(lab: Array) -> tuple[Array, bool]:
    """Border colour (Lab) and whether the background is plain enough for colour keying."""
    border = border_pixels(lab)
    bg = np.median(border, axis=0)
    dist = np.linalg.norm(border - bg, axis=1)
    return bg.astype(np.float32), bool(np.mean(dist < 6.0) > 0.75)


def fill_holes(mask: Array) -> Array:
    """Return mask with every region not connected to the image border filled."""
    padded = np.pad(mask.astype(np.uint8), 1)
    flood = padded.copy()
    ffmask = np.zeros((padded.shape[0] + 2, padded.shape[1] + 2), np.uint8)
    cv2.floodFill(flood, ffmask, (0, 0), 1)
    return (padded | (1 - flood)).astype(bool)[1:-1, 1:-1]


def main_components(mask: Array, share: float = 0.15, frame_size: int | None = None) -> Array:
    """Keep the largest component and any others at least ``share`` of its size.

    None smaller than 0.05% of the photo is kept: ``frame_size`` is the whole photo's pixel
    count when ``mask`` is a box of it (the mask's own size otherwise).
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    if count <= 1:
        return np.zeros_like(mask, dtype=bool)
    areas = stats[1:, cv2.CC_STAT_AREA]
    size = mask.size if frame_size is None else frame_size
    keep = np.flatnonzero(areas >= max(share * areas.max(), 0.0005 * size)) + 1
    return np.isin(labels, keep)


def _background_holes(filled: Array, solid: Array, delta_e: Array) -> Array:
    """Holes (in ``filled`` but not ``solid``) that plainly show the backdrop.

    A hole counts as backdrop when nearly all of it matches the border colour, it is wide
    (not a thin gap between printed letters) and small next to the product (a big
    backdrop-coloured area inside the outline is a white product face or label).
    """
    holes = (filled & ~solid).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(holes, connectivity=4)
    background = np.zeros_like(solid, dtype=bool)
    area_product = max(int(filled.sum()), 1)
    radius = cv2.distanceTransform(holes, cv2.DIST_L2, 3)
    for i in range(1, count):
        region = labels == i
        if stats[i, cv2.CC_STAT_AREA] > 0.25 * area_product or radius[region].max() < 3.0:
            continue
        if np.mean(delta_e[region] < 4.0) > 0.9:
            background |= region
    return background


def plain_mask(rgb: Array, lab: Array, bg: Array) -> Array:
    """Binary product mask of a photo on a plain background (working resolution)."""
    d_l = lab[..., 0] - bg[0]
    d_c = np.hypot(lab[..., 1] - bg[1], lab[..., 2] - bg[2])
    delta_e = np.hypot(d_l, d_c)
    strong = ((d_c > 12.0) | (d_l < -55.0) | (d_l > 6.0)).astype(np.uint8)
    strong = cv2.morphologyEx(strong, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    grey = cv2.GaussianBlur(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), (0, 0), 0.8)
    edges = (cv2.Canny(grey, 18, 40, L2gradient=True) > 0).astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    seeds = np.bitwise_or(np.asarray(strong), edges)
    solid = cv2.morphologyEx(seeds, cv2.MORPH_CLOSE, kernel).astype(bool)
    filled = fill_holes(solid)
    filled &= ~_background_holes(filled, solid, delta_e)
    # thin wisps (edges along a shadow) go; handles and straps are much thicker
    opened = cv2.morphologyEx(filled.astype(np.uint8), cv2.MORPH_OPEN, kernel).astype(bool)
    return main_components(opened)


def grabcut_mask(rgb: Array) -> Array:
    """Binary product mask of a photo on a busy background (GrabCut, border = background)."""
    h, w = rgb.shape[:2]
    small = downscaled(rgb, GRABCUT_SIDE)
    sh, sw = small.shape[:2]
    m = max(2, round(min(sh, sw) * 0.03))
    mask = np.zeros((sh, sw), np.uint8)
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.setRNGSeed(0)
    bgr = np.ascontiguousarray(small[..., ::-1])
    cv2.grabCut(bgr, mask, (m, m, sw - 2 * m, sh - 2 * m), bgd, fgd, 4, cv2.GC_INIT_WITH_RECT)
    fg = (mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)
    fg = cv2.morphologyEx(fg.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3))).astype(bool)
    fg = main_components(fill_holes(fg), share=0.5)
    return cv2.resize(fg.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)
