"""The learned mask: u2netp's saliency, decided into product and not-product.

Steps, on a copy of at most :data:`WORK_SIDE` pixels (the network sees 320), the decided
mask then scaled back to the photo:

1. Saliency on the whole photo, then again on a crop around what it found, so the
   network's 320 px input spans the product, not the photo (sharper edges); how well the
   two passes agree is one measure of confidence.
2. Threshold, keep the main components.
3. Enclosed holes: a gap under a handle goes only when the network calls it background
   *and* it shows the photo's backdrop colour; anything else inside the outline (a white
   logo, a white-on-white fold the network was unsure of) is product.
4. The photo's own soft shadow: pixels the network was not sure of that are the backdrop
   darkened without changing its hue, smooth, and connected to the outside, are dropped.
5. Backdrop-coloured regions the network kept inside the outline (the white gap between a
   sleeve and the body, between legs, in a handle the crop pass blurred) get a second
   opinion from the network on a grey copy: hue no longer ties them to the garment
   around them, and it calls them background, while a white logo stays salient.
6. On a plain backdrop, what plainly differs from it in hue, touches the mask and runs off
   the frame joins it (never more than the mask itself): the arm holding a product, which
   the network leaves out, so the product can enter the ad from that edge.

When the crop's pass disagrees with the whole photo's (it latched onto a logo, say) and the
whole photo's pass found one coherent object, that object is used, with the disagreement
reported; a first pass in scattered pieces means nothing stands out (a texture).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from engines.local.cutout import backdrop as backdrops
from engines.local.cutout import classical, model
from engines.local.cutout.confidence import iou

Array = np.ndarray

WORK_SIDE = 1024  # longest side the mask is decided on
THRESHOLD = 0.6  # saliency at or above this is product (0.5 keeps the shadow's ramp)
_HOLE_SALIENCY = 0.25  # a hole is background only if the network calls it so this clearly
_HOLE_MATCH = 0.7  # ... and this share of it is within _HOLE_DELTA_E of the backdrop
_HOLE_DELTA_E = 10.0
_SHADOW_SALIENCY = 0.8  # the network is sure of real product; shadows are never this sure
_SHADOW_DARKER = (1.5, 40.0)  # L* below the backdrop, min and max
_SHADOW_CHROMA = 5.0  # a shadow darkens the backdrop without changing its hue
_SHADOW_GRADIENT = 6.0  # and is smooth (Sobel of L*, blurred)
_SHADOW_MOST = 0.2  # never take more than this share of the mask as "shadow"
_DISAGREE = 0.5  # passes agreeing less than this (IoU) are not both trusted
_COHERENT = 0.85  # one component holding this share of a mask makes it one object
_JOIN_CHROMA = 12.0  # differs from the backdrop in hue this much (Lab a/b distance)
_GAP_DELTA_E = 8.0  # a region this close to the backdrop colour may be a gap ...
_GAP_SMALLEST = 0.0005  # ... if it is at least this share of the photo
_GAP_LARGEST = 0.25  # ... and at most this share of the product (larger: a white product)
_GAP_GREY = 0.5  # ... and the network on the grey copy scores it below this
_GAP_PRODUCT_DELTA_E = 15.0  # only on a product unlike its backdrop (not white on white)


@dataclass(frozen=True)
class LearnedMask:
    """The learned route's decision for one photo.

    Attributes:
        mask: bool, True on the product, the photo's size.
        saliency: float32 saliency the mask was decided from, at the working size (the
            crop's pass, or the whole photo's when the two disagree).
        agreement: IoU of the first and second passes' masks (1.0 = the same product).
        peak: The network's raw peak response (low: no object at all).
        coherent: The whole photo's pass found one object, not scattered pieces.
        backdrop: The fitted backdrop, when it is plain (a smooth paper or sweep); None
            for a scene.
    """

    mask: Array
    saliency: Array
    agreement: float
    peak: float
    coherent: bool
    backdrop: backdrops.Backdrop | None


def _resized(small: Array, size: tuple[int, int]) -> Array:
    return cv2.resize(small, size, interpolation=cv2.INTER_LINEAR)


def _crop_box(mask: Array) -> tuple[int, int, int, int] | None:
    """A box around ``mask`` with an 8% margin (left, top, right, bottom), None if empty."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    h, w = mask.shape
    margin = int(0.08 * max(rows[-1] - rows[0], cols[-1] - cols[0])) + 8
    return (
        max(0, int(cols[0]) - margin),
        max(0, int(rows[0]) - margin),
        min(w, int(cols[-1]) + margin + 1),
        min(h, int(rows[-1]) + margin + 1),
    )


def two_pass_saliency(rgb: Array) -> tuple[Array, Array, float]:
    """Second-pass saliency at full size, the first pass's, and the raw peak."""
    h, w = rgb.shape[:2]
    first_small, peak = model.saliency(rgb)
    first = _resized(first_small, (w, h))
    box = _crop_box(first >= THRESHOLD)
    if box is None:
        return first, first, peak
    left, top, right, bottom = box
    second = np.zeros_like(first)
    crop_small, _ = model.saliency(np.ascontiguousarray(rgb[top:bottom, left:right]))
    second[top:bottom, left:right] = _resized(crop_small, (right - left, bottom - top))
    return second, first, peak


def _product_holes(mask: Array, saliency: Array, delta_e: Array | None) -> Array:
    """Enclosed holes of ``mask`` that are product, not backdrop (see the module doc)."""
    holes = classical.fill_holes(mask) & ~mask
    count, labels = cv2.connectedComponents(holes.astype(np.uint8), connectivity=4)
    background = np.zeros_like(mask)
    for i in range(1, count):
        region = labels == i
        clearly = float(np.median(saliency[region]))
        if delta_e is None:
            is_backdrop = clearly < 0.1
        else:
            matches = float(np.mean(delta_e[region] < _HOLE_DELTA_E))
            is_backdrop = clearly < _HOLE_SALIENCY and matches > _HOLE_MATCH
        if is_backdrop:
            background |= region
    return holes & ~background


def _shadow(mask: Array, saliency: Array, lab: Array, backdrop: Array) -> Array:
    """The photo's soft shadow inside ``mask`` (see the module doc)."""
    darker = backdrop[..., 0] - lab[..., 0]
    chroma = np.hypot(lab[..., 1] - backdrop[..., 1], lab[..., 2] - backdrop[..., 2])
    gx = cv2.Sobel(lab[..., 0], cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lab[..., 0], cv2.CV_32F, 0, 1, ksize=3)
    smooth = cv2.GaussianBlur(np.hypot(gx, gy), (0, 0), 2) < _SHADOW_GRADIENT
    low, high = _SHADOW_DARKER
    candidate = (
        mask & (darker > low) & (darker < high) & (chroma < _SHADOW_CHROMA) & smooth
        & (saliency < _SHADOW_SALIENCY)
    )
    count, labels = cv2.connectedComponents(candidate.astype(np.uint8), connectivity=8)
    outside = cv2.dilate((~mask).astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    touching = np.unique(labels[outside & candidate])
    shadow = np.isin(labels, touching[touching > 0])
    return shadow if shadow.sum() < _SHADOW_MOST * mask.sum() else np.zeros_like(mask)


def _joined(mask: Array, lab: Array, backdrop: Array) -> Array:
    """What plainly differs from a plain backdrop, touches ``mask`` and runs off the frame.

    That is the arm holding a product; a prop beside the product stays out.
    """
    chroma = np.hypot(lab[..., 1] - backdrop[..., 1], lab[..., 2] - backdrop[..., 2])
    differs = (chroma > _JOIN_CHROMA) & ~mask
    differs = cv2.morphologyEx(differs.astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5)))
    count, labels = cv2.connectedComponents(differs, connectivity=8)
    near = cv2.dilate(mask.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    touching = np.unique(labels[near & differs.astype(bool)])
    edges = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    leaving = np.intersect1d(touching[touching > 0], edges)  # runs off the frame: an arm
    joined = np.isin(labels, leaving)
    return joined if joined.sum() <= mask.sum() else np.zeros_like(mask)


def _grey_saliency(rgb: Array, box: tuple[int, int, int, int]) -> Array:
    """The network's saliency on a grey copy of ``rgb`` inside ``box`` (0 elsewhere)."""
    left, top, right, bottom = box
    grey = cv2.cvtColor(np.ascontiguousarray(rgb[top:bottom, left:right]), cv2.COLOR_RGB2GRAY)
    small, _ = model.saliency(np.dstack([grey, grey, grey]))
    full = np.zeros(rgb.shape[:2], np.float32)
    full[top:bottom, left:right] = _resized(small, (right - left, bottom - top))
    return full


def _backdrop_gaps(mask: Array, saliency: Array, rgb: Array, delta_e: Array) -> Array:
    """Backdrop-coloured regions inside ``mask`` that are gaps, not product (module doc).

    Only what the network itself kept (salient in colour) is questioned: a hole it called
    background was already decided by :func:`_product_holes`. A product close to the
    backdrop's colour (white on white) is left alone: inside a logo ring on a white tote,
    its own fabric would look like a gap.
    """
    if not mask.any() or float(np.median(delta_e[mask])) < _GAP_PRODUCT_DELTA_E:
        return np.zeros_like(mask)  # a white product on white: its own parts look like gaps
    kept = saliency >= THRESHOLD
    coloured = (mask & kept & (delta_e < _GAP_DELTA_E)).astype(np.uint8)
    candidate = cv2.morphologyEx(coloured, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(candidate, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    sized = (areas >= _GAP_SMALLEST * mask.size) & (areas <= _GAP_LARGEST * mask.sum())
    # a gap is surrounded by the product (or the frame): a white cap on the outline is not
    outside = cv2.dilate((~mask).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    bordering = np.unique(labels[outside & candidate.astype(bool)])
    sized[bordering[bordering > 0] - 1] = False
    chosen = np.flatnonzero(sized) + 1
    box = _crop_box(mask)
    if chosen.size == 0 or box is None:
        return np.zeros_like(mask)
    grey = _grey_saliency(rgb, box)
    gaps = np.zeros_like(mask)
    for i in chosen:
        region = labels == i
        if float(grey[region].mean()) < _GAP_GREY:
            gaps |= region
    return gaps


def _coherent(mask: Array) -> bool:
    """Whether ``mask`` is one object (its largest component holds most of it)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8))
    if count <= 1:
        return False
    return float(stats[1:, cv2.CC_STAT_AREA].max()) >= _COHERENT * float(mask.sum())


def _full_size(mask: Array, shape: tuple[int, ...]) -> Array:
    if mask.shape == shape[:2]:
        return mask
    soft = _resized(mask.astype(np.float32), (shape[1], shape[0]))
    return soft >= 0.5


def learned_mask(photo: Array) -> LearnedMask:
    """Decide the product mask of an opaque photo with the learned model.

    Args:
        photo: uint8 RGB photo.

    Returns:
        The mask with the evidence the confidence is measured from.
    """
    rgb = classical.downscaled(photo, WORK_SIDE)
    saliency, first, peak = two_pass_saliency(rgb)
    agreement = iou(first >= THRESHOLD, saliency >= THRESHOLD)
    coherent = _coherent(first >= THRESHOLD)
    if agreement < _DISAGREE and coherent:
        saliency = first  # the crop's pass lost the product the whole photo shows
    mask = classical.main_components(saliency >= THRESHOLD, share=0.05)
    lab = classical.to_lab(rgb)
    backdrop = backdrops.fit(lab)
    plain = backdrop.plain
    delta_e = backdrop.delta_e(lab) if plain else None
    mask = mask | _product_holes(mask, saliency, delta_e)
    if plain and delta_e is not None:
        mask &= ~_shadow(mask, saliency, lab, backdrop.lab)
        mask &= ~_backdrop_gaps(mask, saliency, rgb, delta_e)
        mask |= _joined(mask, lab, backdrop.lab)
        opened = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5)))
        mask = classical.main_components(opened.astype(bool), share=0.05)
    return LearnedMask(
        mask=_full_size(mask, photo.shape),
        saliency=saliency,
        agreement=agreement,
        peak=peak,
        coherent=coherent,
        backdrop=backdrop if plain else None,
    )
