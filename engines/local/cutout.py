"""Product cutout: separate the product from its photo's background, offline.

Three routes, tried in order:

* ``alpha``: the photo already carries transparency (PNG cutouts): used as it is.
* ``plain-background``: the usual e-commerce shot on white or another plain colour. The
  matte is found on a downscaled copy from colour difference to the border colour plus
  sharp edges (so white-on-white products are found), soft floor shadows excluded (they
  are darker but colourless and have no sharp edges), interior holes filled unless they
  clearly show the backdrop (a mug's handle), then upsampled and refined with a guided
  filter for anti-aliased edges, and the backdrop colour is removed from edge pixels.
* ``grabcut``: busy backgrounds, OpenCV GrabCut seeded from the border.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from PIL import Image, ImageOps

from core.errors import NoProductError

Array = np.ndarray
Method = Literal["alpha", "plain-background", "grabcut"]

_WORK_SIDE = 640  # longest side of the copy the mask is searched on
_GRABCUT_SIDE = 280
_NOT_FOUND = (
    "I could not find a product in this photo.",
    "Upload a photo where the product stands out from the background, ideally on a plain backdrop.",
)


@dataclass(frozen=True)
class Cutout:
    """A product separated from its photo.

    Attributes:
        image: RGBA, cropped tight to the product (alpha bounding box), straight alpha.
        box: (left, top, right, bottom) of the crop in the (EXIF-rotated) source photo.
        method: Which route produced the matte.
    """

    image: Image.Image
    box: tuple[int, int, int, int]
    method: Method


def _not_found() -> NoProductError:
    return NoProductError(_NOT_FOUND[0], hint=_NOT_FOUND[1])


def _looks_like_texture(mask: Array) -> bool:
    """A "product" that fills the frame or runs off three or more edges is the photo itself.

    GrabCut treats a thin border as background, so edges are sampled just inside it.
    """
    h, w = mask.shape
    i = max(3, round(0.05 * min(h, w)))
    edges = (mask[i, :], mask[-1 - i, :], mask[:, i], mask[:, -1 - i])
    touching = sum(float(edge.mean()) > 0.25 for edge in edges)
    return float(mask.mean()) > 0.85 or touching >= 3


def _to_rgba(photo: Image.Image) -> Image.Image:
    """Convert any mode (palette with transparency, LA, CMYK, 16-bit) to RGBA."""
    if photo.mode == "RGBA":
        return photo
    if photo.mode in ("P", "PA", "LA", "L", "RGB", "La", "RGBa"):
        return photo.convert("RGBA")
    return photo.convert("RGB").convert("RGBA")


def _lab(rgb: Array) -> Array:
    """CIELAB of uint8 RGB (L 0..100, a and b roughly -128..127) as float32."""
    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)


def _border(img: Array) -> Array:
    h, w = img.shape[:2]
    b = max(2, min(h, w) // 50)
    parts = [img[:b].reshape(-1, img.shape[2]), img[-b:].reshape(-1, img.shape[2])]
    parts += [img[b:-b, :b].reshape(-1, img.shape[2]), img[b:-b, -b:].reshape(-1, img.shape[2])]
    return np.concatenate(parts)


def _background(lab: Array) -> tuple[Array, bool]:
    """Border colour (Lab) and whether the background is plain enough for colour keying."""
    border = _border(lab)
    bg = np.median(border, axis=0)
    dist = np.linalg.norm(border - bg, axis=1)
    return bg.astype(np.float32), bool(np.mean(dist < 6.0) > 0.75)


def _fill_holes(mask: Array) -> Array:
    """Return mask with every region not connected to the image border filled."""
    padded = np.pad(mask.astype(np.uint8), 1)
    flood = padded.copy()
    ffmask = np.zeros((padded.shape[0] + 2, padded.shape[1] + 2), np.uint8)
    cv2.floodFill(flood, ffmask, (0, 0), 1)
    return (padded | (1 - flood)).astype(bool)[1:-1, 1:-1]


def _main_components(mask: Array, share: float = 0.15) -> Array:
    """Keep the largest component and any others at least ``share`` of its size."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    if count <= 1:
        return np.zeros_like(mask, dtype=bool)
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.flatnonzero(areas >= max(share * areas.max(), 0.0005 * mask.size)) + 1
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


def _plain_mask(rgb: Array, lab: Array, bg: Array) -> Array:
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
    filled = _fill_holes(solid)
    filled &= ~_background_holes(filled, solid, delta_e)
    # thin wisps (edges along a shadow) go; handles and straps are much thicker
    opened = cv2.morphologyEx(filled.astype(np.uint8), cv2.MORPH_OPEN, kernel).astype(bool)
    return _main_components(opened)


def _grabcut_mask(rgb: Array) -> Array:
    """Binary product mask of a photo on a busy background (GrabCut, border = background)."""
    h, w = rgb.shape[:2]
    scale = min(1.0, _GRABCUT_SIDE / max(h, w))
    small = cv2.resize(
        rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    sh, sw = small.shape[:2]
    m = max(2, round(min(sh, sw) * 0.03))
    mask = np.zeros((sh, sw), np.uint8)
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.setRNGSeed(0)
    bgr = np.ascontiguousarray(small[..., ::-1])
    cv2.grabCut(bgr, mask, (m, m, sw - 2 * m, sh - 2 * m), bgd, fgd, 4, cv2.GC_INIT_WITH_RECT)
    fg = (mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)
    fg = cv2.morphologyEx(fg.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3))).astype(bool)
    fg = _main_components(_fill_holes(fg), share=0.5)
    return cv2.resize(fg.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)


def _guided_filter(guide: Array, src: Array, radius: int, eps: float) -> Array:
    """He et al.'s guided filter (grey guide), edge-aware smoothing of ``src``."""
    size = (2 * radius + 1, 2 * radius + 1)

    def box(x: Array) -> Array:
        return cv2.boxFilter(x, -1, size, borderType=cv2.BORDER_REFLECT)

    mean_i, mean_p = box(guide), box(src)
    cov_ip = box(guide * src) - mean_i * mean_p
    var_i = box(guide * guide) - mean_i * mean_i
    a = cov_ip / (var_i + eps)
    b = mean_p - a * mean_i
    return box(a) * guide + box(b)


def _refine(mask: Array, rgb: Array) -> Array:
    """Upsample a working-resolution mask to the photo and give it anti-aliased edges."""
    h, w = rgb.shape[:2]
    scale = max(h, w) / max(mask.shape)
    soft = cv2.resize(mask.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    if scale > 1.0:
        soft = cv2.GaussianBlur(soft, (0, 0), 0.5 * scale)
    radius = max(2, round(1.5 * scale))
    alpha = np.zeros((h, w), np.uint8)
    rows = np.flatnonzero((soft > 0.01).any(axis=1))
    cols = np.flatnonzero((soft > 0.01).any(axis=0))
    if rows.size == 0:
        return alpha
    pad = 2 * radius + 4  # filter only around the product: everything else stays 0
    top, bottom = max(0, rows[0] - pad), min(h, rows[-1] + pad + 1)
    left, right = max(0, cols[0] - pad), min(w, cols[-1] + pad + 1)
    near = soft[top:bottom, left:right]
    guide = cv2.cvtColor(rgb[top:bottom, left:right], cv2.COLOR_RGB2GRAY)
    refined = _guided_filter(guide.astype(np.float32) / 255.0, near, radius, 1e-3)
    band = (near > 0.01) & (near < 0.99)
    value = np.where(band, np.clip((refined - 0.5) * 1.4 + 0.5, 0.0, 1.0), near >= 0.5)
    alpha[top:bottom, left:right] = (value * 255.0 + 0.5).astype(np.uint8)
    return alpha


def _decontaminate(rgb: Array, alpha: Array, bg_rgb: Array) -> Array:
    """Remove the backdrop colour mixed into semi-transparent edge pixels."""
    edge = (alpha > 12) & (alpha < 250)
    if not edge.any():
        return rgb
    a = alpha[edge].astype(np.float32)[:, None] / 255.0
    fg = (rgb[edge].astype(np.float32) - (1.0 - a) * bg_rgb) / a
    out = rgb.copy()
    out[edge] = np.clip(fg + 0.5, 0, 255).astype(np.uint8)
    return out


def _crop(rgba: Array, method: Method) -> Cutout:
    alpha = rgba[..., 3]
    rows = np.flatnonzero((alpha > 4).any(axis=1))
    cols = np.flatnonzero((alpha > 4).any(axis=0))
    if rows.size == 0 or np.count_nonzero(alpha > 127) < 0.0005 * alpha.size:
        raise _not_found()
    box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    crop = np.ascontiguousarray(rgba[box[1] : box[3], box[0] : box[2]])
    return Cutout(image=Image.fromarray(crop), box=box, method=method)


def _matte(rgb: Array) -> tuple[Array, Method, Array | None]:
    """Alpha for an opaque photo, the method used and the plain backdrop colour (RGB)."""
    h, w = rgb.shape[:2]
    scale = min(1.0, _WORK_SIDE / max(h, w))
    small = cv2.resize(
        rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    lab = _lab(small)
    bg, plain = _background(lab)
    if plain:
        mask = _plain_mask(small, lab, bg)
        bg_rgb = np.median(_border(small.astype(np.float32)), axis=0)
        if mask.mean() > 0.97 or not mask.any():
            raise _not_found()
        return _refine(mask, rgb), "plain-background", bg_rgb
    mask = _grabcut_mask(small)
    if not mask.any() or _looks_like_texture(mask):
        raise _not_found()
    return _refine(mask, rgb), "grabcut", None


def cut_out(photo: Image.Image) -> Cutout:
    """Separate the product from its photo.

    Args:
        photo: Any Pillow image; EXIF orientation is honoured.

    Returns:
        The product as a tight RGBA crop, where it was in the photo and how it was found.

    Raises:
        InvalidImageError: No product could be told apart from the background.
    """
    rgba = np.asarray(_to_rgba(ImageOps.exif_transpose(photo)))
    if (rgba[..., 3] < 250).any():
        return _crop(rgba, "alpha")
    rgb = np.ascontiguousarray(rgba[..., :3])
    alpha, method, bg_rgb = _matte(rgb)
    rows = np.flatnonzero((alpha > 4).any(axis=1))
    cols = np.flatnonzero((alpha > 4).any(axis=0))
    if rows.size == 0 or np.count_nonzero(alpha > 127) < 0.0005 * alpha.size:
        raise _not_found()  # nothing, or only specks
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    rgb, alpha = rgb[top:bottom, left:right], alpha[top:bottom, left:right]
    if bg_rgb is not None:
        rgb = _decontaminate(rgb, alpha, bg_rgb)
    cutout = _crop(np.dstack([rgb, alpha]), method)
    x0, y0, x1, y1 = cutout.box
    box = (int(left + x0), int(top + y0), int(left + x1), int(top + y1))
    return Cutout(image=cutout.image, box=box, method=method)
