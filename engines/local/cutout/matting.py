"""Edges at full resolution: a guided filter snaps a binary mask's edge to the photo's.

The mask decides *what* is product; matting decides only the few pixels along its edge,
where hair-thin detail and anti-aliasing live. Filtering is limited to a band around the
edge (and to the product's box), so a 2000 px photo costs tens of milliseconds.
"""

from __future__ import annotations

import cv2
import numpy as np

Array = np.ndarray


def guided_filter(guide: Array, src: Array, radius: int, eps: float) -> Array:
    """He et al.'s guided filter with a grey guide: edge-aware smoothing of ``src``.

    Args:
        guide: float32 grey image, 0..1.
        src: float32 image to smooth, same shape.
        radius: Window radius in pixels.
        eps: Regularisation; smaller follows the guide's edges more closely.

    Returns:
        The filtered ``src``.
    """
    size = (2 * radius + 1, 2 * radius + 1)

    def box(x: Array) -> Array:
        return cv2.boxFilter(x, -1, size, borderType=cv2.BORDER_REFLECT)

    mean_i, mean_p = box(guide), box(src)
    a = (box(guide * src) - mean_i * mean_p) / (box(guide * guide) - mean_i * mean_i + eps)
    b = mean_p - a * mean_i
    return box(a) * guide + box(b)


def edge_alpha(mask: Array, rgb: Array, radius: int) -> Array:
    """Alpha (uint8) for a binary product mask, anti-aliased along the photo's own edges.

    Args:
        mask: bool, True on the product, the photo's size.
        rgb: The photo, uint8 RGB.
        radius: Half-width of the edge band in pixels (about the mask's uncertainty).

    Returns:
        uint8 alpha: 255 inside, 0 outside, the guided filter's value in the band.
    """
    alpha = np.where(mask, np.uint8(255), np.uint8(0))
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return alpha
    pad = 2 * radius + 2
    top, bottom = max(0, rows[0] - pad), min(mask.shape[0], rows[-1] + pad + 1)
    left, right = max(0, cols[0] - pad), min(mask.shape[1], cols[-1] + pad + 1)
    near = mask[top:bottom, left:right].astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    band = cv2.dilate(near, kernel).astype(bool) & ~cv2.erode(near, kernel).astype(bool)
    guide = cv2.cvtColor(rgb[top:bottom, left:right], cv2.COLOR_RGB2GRAY)
    refined = guided_filter(guide.astype(np.float32) / 255.0, near.astype(np.float32), radius, 1e-3)
    value = np.clip(refined * 255.0 + 0.5, 0, 255).astype(np.uint8)
    region = alpha[top:bottom, left:right]
    region[band] = value[band]
    return alpha


def decontaminate(rgb: Array, alpha: Array, backdrop: Array) -> Array:
    """Remove the backdrop colour mixed into semi-transparent edge pixels.

    Args:
        rgb: uint8 RGB.
        alpha: uint8 alpha, same size.
        backdrop: The plain backdrop's RGB (float): one colour, or one per pixel.

    Returns:
        RGB whose edge pixels carry the product's colour only.
    """
    edge = (alpha > 12) & (alpha < 250)
    if not edge.any():
        return rgb
    a = alpha[edge].astype(np.float32)[:, None] / 255.0
    behind = backdrop[edge] if backdrop.ndim == 3 else backdrop
    fg = (rgb[edge].astype(np.float32) - (1.0 - a) * behind) / a
    out = rgb.copy()
    out[edge] = np.clip(fg + 0.5, 0, 255).astype(np.uint8)
    return out
