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
_DISTINCT = 40.0  # a product colour this far from the backdrop lets a pixel be unmixed
_FRONT_SIDE = 512  # longest side of the copy the product's own edge colour is spread on
_FRONT_REACH = 0.01  # how far (share of the long side) that colour is spread past the edge
_MOSTLY = 0.85  # a pixel at least this much product (along backdrop -> product) is solid
_LIGHT = 0.15  # a solid pixel at most this much product is the product's own light detail


def _chroma(rgb: Array) -> Array:
    """How colourful each RGB row is (max minus min channel)."""
    if rgb.size == 0:
        return np.zeros(len(rgb), np.float32)
    return rgb.max(axis=1) - rgb.min(axis=1)


def _outer(alpha: Array, ys: Array, xs: Array) -> Array:
    """Whether each given pixel touches (3 x 3) one that is not solid (alpha below 255)."""
    soft = (alpha < 255).astype(np.uint8)
    touching = cv2.dilate(soft, np.ones((3, 3), np.uint8)).astype(bool)
    return touching[ys, xs]


def front_colour(rgb: Array, solid: Array, ys: Array, xs: Array) -> Array:
    """The product's own colour near each given pixel: its solid pixels, spread outward.

    A normalised blur of the solid pixels' colours on a small copy: at an edge pixel it is
    the colour of the product just inside the edge, with nothing of the backdrop in it.

    Args:
        rgb: uint8 RGB photo.
        solid: bool, the product's pixels known to be all product (alpha 255).
        ys: Rows of the pixels asked for.
        xs: Their columns.

    Returns:
        float32 N x 3 RGB; NaN where no solid pixel is near.
    """
    top, left = int(ys.min()), int(xs.min())
    bottom, right = int(ys.max()) + 1, int(xs.max()) + 1  # only the box the edge is in
    solid, rgb = solid[top:bottom, left:right], rgb[top:bottom, left:right]
    ys, xs = ys - top, xs - left
    h, w = solid.shape
    scale = min(1.0, _FRONT_SIDE / max(h, w))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    weight = cv2.resize(solid.astype(np.float32), size, interpolation=cv2.INTER_AREA)
    weight = (weight > 0.99).astype(np.float32)  # only cells wholly inside the product
    colour = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA).astype(np.float32)
    sigma = max(3.0, _FRONT_REACH * max(size))
    spread = cv2.GaussianBlur(colour * weight[..., None], (0, 0), sigma)
    total = cv2.GaussianBlur(weight, (0, 0), sigma)
    fy = np.clip((ys * scale).astype(np.intp), 0, size[1] - 1)
    fx = np.clip((xs * scale).astype(np.intp), 0, size[0] - 1)
    found = total[fy, fx]
    out = spread[fy, fx] / np.maximum(found, 1e-6)[:, None]
    out[found < 1e-5] = np.nan
    return out.astype(np.float32)


def _product_share(colour: Array, behind: Array, front: Array) -> Array:
    """How much of each pixel is product, read along the line from backdrop to product.

    NaN where the product's colour is unknown or too close to the backdrop's to tell.
    """
    span = front - behind
    length = (span**2).sum(axis=1)
    share = ((colour - behind) * span).sum(axis=1) / np.maximum(length, 1e-6)
    known = np.isfinite(length) & (length > _DISTINCT**2)
    return np.where(known, np.clip(share, 0.0, 1.0), np.nan)


def settle_edges(rgb: Array, alpha: Array, mask: Array, backdrop_at: BackdropAt) -> Array:
    """Settle the edge band against a plain backdrop; returns the RGB (``alpha`` in place).

    The guided filter blends a band a few pixels wide; on a large photo that band can
    reach into the product. Where the backdrop is known, an edge pixel whose colour is far
    from it is solid product (alpha 255, its colour untouched), one that matches it is
    backdrop (alpha 0), and the rest lose the backdrop colour mixed into them.

    On a product whose colour differs plainly from the backdrop (a navy hoodie on white),
    "far from the backdrop" is not enough: a pixel half white and half navy is far from
    white too. There each edge pixel is read along the line from the backdrop to the
    product's own colour just inside the edge (:func:`front_colour`): only what is mostly
    product is solid, and a mixed pixel is unmixed with that share, so its colour is the
    product's, never lighter, and no paper shows round the product on a dark scene. A
    pixel already solid (alpha 255) keeps its colour; it loses alpha only on the outline's
    outermost solid layer, where the guided filter made a half-paper pixel solid (a light
    halo), never when it is mostly product or as light as the paper (white piping).

    Args:
        rgb: uint8 RGB photo.
        alpha: uint8 alpha of the same size, changed in place.
        mask: bool, the decided product mask.
        backdrop_at: The backdrop's colour at given pixels.
    """
    window = _window(alpha)
    if window is None:
        return rgb
    out = rgb.copy()
    _settle_within(rgb[window], alpha[window], mask[window], out[window],
                   lambda ys, xs: backdrop_at(ys + window[0].start, xs + window[1].start))
    return out


def _window(alpha: Array, pad: int = 3) -> tuple[slice, slice] | None:
    """The box of ``alpha``'s visible pixels widened by ``pad``, within the frame; None if empty.

    Settling reads each edge pixel's 5 x 5 neighbourhood at most, so three pixels of
    transparent margin make the box give what the whole frame would.
    """
    rows = np.flatnonzero(alpha.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(alpha.any(axis=0))
    h, w = alpha.shape
    return (slice(max(0, int(rows[0]) - pad), min(h, int(rows[-1]) + pad + 1)),
            slice(max(0, int(cols[0]) - pad), min(w, int(cols[-1]) + pad + 1)))


def _settle_within(
    rgb: Array, alpha: Array, mask: Array, out: Array, backdrop_at: BackdropAt
) -> None:
    """:func:`settle_edges` on the box round the product: ``alpha`` and ``out`` in place."""
    full = (alpha == 255).astype(np.uint8)
    core = cv2.erode(full, np.ones((5, 5), np.uint8)).astype(bool)  # 2 px from any soft one
    ys, xs = np.nonzero((alpha > 0) & ~core)
    if ys.size == 0:
        return
    behind = backdrop_at(ys, xs)
    colour = rgb[ys, xs].astype(np.float32)
    distance = np.sqrt(((colour - behind) ** 2).sum(axis=1))
    front = front_colour(rgb, core, ys, xs)
    share = _product_share(colour, behind, front)
    known = np.isfinite(share)
    a = alpha[ys, xs]
    # outside the mask only a different hue counts: a dark contact shadow is not product
    hue = _chroma(colour) - _chroma(behind)
    inside = mask[ys, xs]
    solid = (distance > _SOLID) & (inside | ((np.abs(hue) > _SOLID / 3) & (a >= 128)))
    mostly = np.nan_to_num(share) >= _MOSTLY
    solid &= ~known | mostly  # mostly product, not half paper
    # the guided filter made the outermost solid layer solid where it is half paper (a
    # light halo); only a pixel plainly between the two, never paper-light detail
    halo = known & (a == 255) & ~mostly & (np.nan_to_num(share) > _LIGHT) & _outer(alpha, ys, xs)
    a = np.where(halo, np.round(np.nan_to_num(share) * 255), a)
    a = np.where(solid, 255, a)
    # inside the mask a backdrop-coloured pixel may be a white product's own edge
    a = np.where((distance < _BACKDROP) & ~inside, 0, a).astype(np.uint8)
    alpha[ys, xs] = a
    mixed = (a > 12) & (a < 250) & ~known
    part = a[mixed].astype(np.float32)[:, None] / 255.0
    clean = (colour[mixed] - (1.0 - part) * behind[mixed]) / part
    out[ys[mixed], xs[mixed]] = np.clip(clean + 0.5, 0, 255).astype(np.uint8)
    # known: the product's colour, plus what the pixel holds off the backdrop-product line
    # (its own texture); a solid pixel is the product's own and stays as it is
    mixed = known & (a > 0) & (a < 255) & (share < 1.0)
    s = share[mixed][:, None]
    line = s * front[mixed] + (1.0 - s) * behind[mixed]
    clean = front[mixed] + (colour[mixed] - line)
    out[ys[mixed], xs[mixed]] = np.clip(clean + 0.5, 0, 255).astype(np.uint8)
