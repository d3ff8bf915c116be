"""Edges at full resolution: a guided filter snaps a binary mask's edge to the photo's.

The mask decides *what* is product; matting decides only the few pixels along its edge,
where hair-thin detail and anti-aliasing live. Filtering is limited to a band around the
edge (and to the product's box), so a 2000 px photo costs tens of milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable

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


BackdropAt = Callable[[Array, Array], Array]
"""The backdrop's RGB (float, N x 3) at pixel rows and columns."""

_SOLID = 60.0  # an edge pixel this far (RGB distance) from the backdrop is product
_BACKDROP = 6.0  # an edge pixel this close to it is backdrop


def _chroma(rgb: Array) -> Array:
    """How colourful each RGB row is (max minus min channel)."""
    if rgb.size == 0:
        return np.zeros(len(rgb), np.float32)
    return rgb.max(axis=1) - rgb.min(axis=1)


def settle_edges(rgb: Array, alpha: Array, mask: Array, backdrop_at: BackdropAt) -> Array:
    """Settle the edge band against a plain backdrop; returns the RGB (``alpha`` in place).

    The guided filter blends a band a few pixels wide; on a large photo that band can
    reach into the product. Where the backdrop is known, an edge pixel whose colour is far
    from it is solid product (alpha 255, its colour untouched), one that matches it is
    backdrop (alpha 0), and the rest lose the backdrop colour mixed into them.

    Args:
        rgb: uint8 RGB photo.
        alpha: uint8 alpha of the same size, changed in place.
        mask: bool, the decided product mask.
        backdrop_at: The backdrop's colour at given pixels.
    """
    ys, xs = np.nonzero((alpha > 0) & (alpha < 255))
    if ys.size == 0:
        return rgb
    behind = backdrop_at(ys, xs)
    colour = rgb[ys, xs].astype(np.float32)
    distance = np.sqrt(((colour - behind) ** 2).sum(axis=1))
    a = alpha[ys, xs]
    # outside the mask only a different hue counts: a dark contact shadow is not product
    hue = _chroma(colour) - _chroma(behind)
    inside = mask[ys, xs]
    solid = (distance > _SOLID) & (inside | ((np.abs(hue) > _SOLID / 3) & (a >= 128)))
    a = np.where(solid, 255, a)
    # inside the mask a backdrop-coloured pixel may be a white product's own edge
    a = np.where((distance < _BACKDROP) & ~inside, 0, a).astype(np.uint8)
    alpha[ys, xs] = a
    mixed = (a > 12) & (a < 250)
    share = a[mixed].astype(np.float32)[:, None] / 255.0
    out = rgb.copy()
    clean = (colour[mixed] - (1.0 - share) * behind[mixed]) / share
    out[ys[mixed], xs[mixed]] = np.clip(clean + 0.5, 0, 255).astype(np.uint8)
    return out
