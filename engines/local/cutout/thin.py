"""Thin products at full resolution: the paper between wires goes, the wires stay.

u2netp sees 320 px: a whisk's wires, a racket's strings, a wheel's spokes or a coiled
cable come back as one filled blob, and the rules on the working copy cannot open gaps
narrower than its pixels. Here the decided mask is taken at the photo's own size, on a
plain backdrop, and every pixel inside it is judged by its difference from the paper:

1. The paper right round the product (the backdrop's fitted field, shifted by how the
   ring of paper beside the mask differs from it) is what the product is compared with.
2. Paper-like pixels are that paper itself (:data:`_PAPER_DELTA_E`) or the paper in
   shadow (its hue kept, darker); thin lines darker than either side of them (a black
   top-hat narrower than a wire) are never paper-like: a grey steel wire is no shadow;
   nor is what is lighter than the paper (:data:`_LIGHTER`): a white cable's core.
   What is not paper-like inside the mask is the product's ink.
3. Ink that survives an opening as wide as a wire (:data:`_WIRE`) is thick: a handle, a
   rim, a mug's body; the rest is thin: wires, strings, spokes, a cable.
4. Each connected region of paper-like pixels inside the mask is a gap the network filled
   when its outline runs mostly along thin ink (:data:`_THIN_SHARE`), hardly along thick
   ink (:data:`_THICK_MOST`), it is wider than a wire (a cable's white core between its
   two grey edges is not), and most of it is the paper itself (:data:`_EXACT_SHARE`);
   and only when there are :data:`_FEW` such gaps at least: wires and strings leave
   many, while a clear bottle's body, walled by its thin glass outline, is one.
5. A gap shows the paper itself, so it has the paper's own grain: the fine texture (L*
   less its blur over a pixel or two) in it is no stronger than the paper's beside the
   product (:data:`_WEAVE`). A woven cloth of the paper's white (a linen shirt on white)
   has faint threads that read as thin ink with cloth between them as near the paper's
   colour as a gap; but the cloth there is textured by its weave, many times the
   paper's grain, and stays.

It runs only where the learned route already found paper walled inside the mask
(:data:`DOUBTED`, its ``paper_inside``), or the paper itself showing between fine parts
(its ``paper_shown``: a grill's grate or a dish rack, whose cells hold the bars' shadow):
a clear box or bottle shows the paper through its body as a wire product does, and
nothing here tells the two apart.
A white logo on a red product is walled in by thick ink and stays; a white garment on
white paper has no thin ink round it and stays; a paper-white dial or screen sits in a
thick bezel and stays.
"""

from __future__ import annotations

import cv2
import numpy as np

from engines.local.cutout import classical
from engines.local.cutout.backdrop import Backdrop

Array = np.ndarray

DOUBTED = 0.1  # run only when the decided mask keeps this share of paper walled inside it
_WIRE = 0.006  # a wire is at most this share of the long side wide (each side of its axis)
_AROUND = 0.02  # the paper beside the product: this share of the long side round the mask
_PAPER_DELTA_E = 5.0  # a pixel this close to that paper is the paper
_SHADE_CHROMA = 4.0  # ... or, this close in hue (Lab a/b) ...
_SHADE_DARKER = 30.0  # ... and darker by at most this (L*), the paper in shadow
_LIGHTER = 3.0  # a pixel this much (L*) lighter than the paper is a white product's own
_LINE_DARKER = 4.0  # a line this much (L*) darker than the closing round it is a wire
_EXACT_DELTA_E = 4.0  # a gap's pixel this close to the paper is the paper itself ...
_EXACT_SHARE = 0.5  # ... over this share of a gap at least
_THIN_SHARE = 0.5  # a gap's outline runs along thin ink over this share at least ...
_THICK_MOST = 0.3  # ... and along thick ink over this share at most
_SMALLEST = 0.00005  # a gap is at least this share of the photo
_FEW = 8  # wires leave this many gaps at least: one or two may be a glass's clear body
_GRAIN_SIGMA = 1.0  # fine texture: L* less its Gaussian blur of this sigma (pixels) ...
_WEAVE = 2.0  # ... a gap's median this many times the paper's is a weave, not the paper
_GRAIN_LEAST = 0.1  # (the paper's fine texture, L*, taken as at least this: a JPEG flattens it)


def _paper(backdrop: Backdrop, box: tuple[slice, slice], shape: tuple[int, ...]) -> Array:
    """The backdrop's Lab field over ``box`` of a photo of ``shape``, at full resolution."""
    h, w = backdrop.lab.shape[:2]
    ys, xs = box
    top = min(h - 1, int(ys.start * h / shape[0]))
    bottom = min(h, max(top + 1, int(np.ceil(ys.stop * h / shape[0]))))
    left = min(w - 1, int(xs.start * w / shape[1]))
    right = min(w, max(left + 1, int(np.ceil(xs.stop * w / shape[1]))))
    field = np.ascontiguousarray(backdrop.lab[top:bottom, left:right])
    size = (xs.stop - xs.start, ys.stop - ys.start)
    return cv2.resize(field, size, interpolation=cv2.INTER_LINEAR)


def _box(mask: Array, margin: int) -> tuple[slice, slice] | None:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    h, w = mask.shape
    return (slice(max(0, int(rows[0]) - margin), min(h, int(rows[-1]) + margin + 1)),
            slice(max(0, int(cols[0]) - margin), min(w, int(cols[-1]) + margin + 1)))


def _local(mask: Array, lab: Array, paper: Array, margin: int) -> Array:
    """``paper`` shifted by how the paper in a ring beside ``mask`` differs from it."""
    m = mask.astype(np.uint8)
    near = cv2.dilate(m, np.ones((2 * margin + 1, 2 * margin + 1), np.uint8)).astype(bool)
    ring = near & ~cv2.dilate(m, np.ones((5, 5), np.uint8)).astype(bool)
    if np.count_nonzero(ring) < 20:
        return paper
    offset = np.median(lab[ring] - paper[ring], axis=0).astype(np.float32)
    return paper + offset


def _ink(mask: Array, lab: Array, paper: Array, wire: int) -> tuple[Array, Array]:
    """The product's pixels unlike the paper inside ``mask``, and each pixel's ΔE from it."""
    d = lab - paper
    delta_e = np.sqrt((d * d).sum(axis=-1))
    darker = -d[..., 0]
    chroma = np.hypot(d[..., 1], d[..., 2])
    shade = (chroma < _SHADE_CHROMA) & (darker > 0) & (darker < _SHADE_DARKER)
    kernel = np.ones((2 * wire + 1, 2 * wire + 1), np.uint8)
    lines = cv2.morphologyEx(lab[..., 0], cv2.MORPH_BLACKHAT, kernel) > _LINE_DARKER
    paper_like = ((delta_e < _PAPER_DELTA_E) | shade) & ~lines & (darker > -_LIGHTER)
    return mask & ~paper_like, delta_e


def _grain(lightness: Array) -> Array:
    """The fine texture of ``lightness`` (L*): how far each pixel is from its blur."""
    return np.abs(lightness - cv2.GaussianBlur(lightness, (0, 0), _GRAIN_SIGMA))


def _paper_grain(mask: Array, grain: Array, margin: int) -> float:
    """The median fine texture of the paper in a ring beside ``mask``.

    At least :data:`_GRAIN_LEAST`: a JPEG flattens clean paper to nothing.
    """
    m = mask.astype(np.uint8)
    near = cv2.dilate(m, np.ones((2 * margin + 1, 2 * margin + 1), np.uint8)).astype(bool)
    ring = near & ~cv2.dilate(m, np.ones((9, 9), np.uint8)).astype(bool)
    seen = float(np.median(grain[ring])) if np.count_nonzero(ring) >= 20 else 0.0
    return max(seen, _GRAIN_LEAST)


def _medians(values: Array, keys: Array, count: int) -> Array:
    """The median of ``values`` (1-D) per key ``0..count-1`` in ``keys`` (NaN if absent)."""
    order = np.lexsort((values, keys))
    sizes = np.bincount(keys, minlength=count)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    middle = np.minimum(starts + sizes // 2, max(values.size - 1, 0))
    return np.where(sizes > 0, values[order][middle] if values.size else 0.0, np.nan)


def _gaps(
    mask: Array, ink: Array, delta_e: Array, wire: int, smallest: float, grain: Array,
    paper_grain: float,
) -> Array:
    """The paper-like regions of ``mask`` walled in by thin ink (module doc, steps 4, 5).

    Only the parts of those regions wider than a wire count (an opening as wide as one):
    a narrow paper-like strip along a white cable's core, or between its stripes, is no gap.
    Each is judged by the ``grain`` (:func:`_grain`) of its core, a blend's reach inside
    its rim, against the ``paper_grain`` beside the product.
    """
    kernel = np.ones((2 * wire + 1, 2 * wire + 1), np.uint8)
    thick = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN, kernel)
    near = np.ones((5, 5), np.uint8)
    # what lies within a blend's reach of thick ink, or else of thin ink, inside the mask
    # (the outline's own blend on the outside is neither)
    thick = cv2.dilate(thick, np.ones((7, 7), np.uint8)).astype(bool) & mask
    thin = cv2.dilate((ink & ~thick).astype(np.uint8), near).astype(bool) & mask & ~thick
    candidate = mask & ~ink
    wide = cv2.morphologyEx(candidate.astype(np.uint8), cv2.MORPH_OPEN, kernel)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(wide, connectivity=4)
    if count <= 1:
        return np.zeros_like(mask)
    grown = cv2.dilate(labels.astype(np.float32), np.ones((3, 3), np.uint8))
    ring = (grown > 0) & (labels == 0)
    owner = grown[ring].astype(np.intp)
    edge = np.maximum(np.bincount(owner, minlength=count).astype(np.float64), 1.0)
    on_thick = np.bincount(owner, weights=thick[ring], minlength=count)
    on_thin = np.bincount(owner, weights=thin[ring], minlength=count)
    inside = wide.astype(bool)
    exact = np.bincount(labels[inside], weights=delta_e[inside] < _EXACT_DELTA_E,
                        minlength=count)
    area = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    chosen = ((area >= smallest) & (on_thin >= _THIN_SHARE * edge)
              & (on_thick <= _THICK_MOST * edge) & (exact >= _EXACT_SHARE * area))
    chosen[0] = False
    # the paper's own grain, judged on each gap's core (its blend along the wires aside)
    core = cv2.erode(wide, near).astype(bool) & chosen[labels]
    textured = _medians(grain[core], labels[core], count) > _WEAVE * paper_grain
    chosen &= ~textured
    if np.count_nonzero(chosen) < _FEW:
        return np.zeros_like(mask)  # one loop alone may be a clear bottle's paper-white body
    gaps = chosen[labels]
    # with the paper's blend along the wires (half a wire's reach), not the strip of a
    # white cable's core between its stripes
    half = np.ones((wire + 1, wire + 1), np.uint8)
    return cv2.dilate(gaps.astype(np.uint8), half).astype(bool) & candidate


def open_gaps(mask: Array, rgb: Array, backdrop: Backdrop) -> Array:
    """The gaps between a thin product's wires that ``mask`` filled in (module doc).

    Args:
        mask: bool, the decided product mask at the photo's size.
        rgb: The photo, uint8 RGB.
        backdrop: The photo's plain backdrop (:func:`engines.local.cutout.backdrop.fit`).

    Returns:
        bool, the photo's size: True on the paper to take out of ``mask``.
    """
    long_side = max(mask.shape)
    margin = max(4, round(_AROUND * long_side))
    box = _box(mask, margin)
    gaps = np.zeros_like(mask)
    if box is None:
        return gaps
    wire = max(2, round(_WIRE * long_side))
    near = mask[box]
    lab = classical.to_lab(np.ascontiguousarray(rgb[box]))
    paper = _local(near, lab, _paper(backdrop, box, mask.shape), margin)
    ink, delta_e = _ink(near, lab, paper, wire)
    smallest = max(12.0, _SMALLEST * mask.size)
    grain = _grain(lab[..., 0])
    gaps[box] = _gaps(near, ink, delta_e, wire, smallest, grain,
                      _paper_grain(near, grain, margin))
    return gaps
