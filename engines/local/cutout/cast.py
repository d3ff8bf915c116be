"""A hard cast shadow: the product's silhouette, thrown on the paper by direct light.

Under the sun (or one bare lamp) a flat-laid product casts a crisp copy of its own outline,
moved a little to one side. u2netp is often sure of that band (a sharp, dark edge looks like
an object's), and the soft-shadow rules, which look for smooth shade the network doubted,
never see it: a band a dozen pixels wide is all edge. Here the shadow is told by what it
is, not by how soft it is:

1. Where the photo is the paper scaled down (:func:`dimmed`): every channel darkened by the
   same factor, so its colour's proportions stay the paper's, and darker by
   :data:`_DARKER` at least. A black product is far darker than any shadow
   (:data:`_DIMMEST`); a coloured one changes the proportions.
2. The product's own ink is the rest of the mask. A shadow cast by directional light is
   that ink moved by one offset: over the offsets up to :data:`_REACH` of the long side, the
   one whose crescent (the moved ink less the ink) holds the most dimmed paper and the
   least else wins (found by FFT correlation on a small copy).
3. It is a cast shadow when the dimmed paper fills that crescent (:data:`_FILLED`), with
   one uniform darkening (:data:`_SPREAD`: the sun's shadow is as dark all along), and
   the opposite side, the crescent of the opposite offset, is not as full of it
   (:data:`_OPPOSITE`): a glass's grey walls or a grey outline ring the product on every
   side, a cast shadow falls on one (a soap bar's own lavender edge may fill half of it).
4. It is no shadow unless it looks cast, not painted (session 26: the first version, unwired
   in session 25, took a white sneaker's even shading on white, a red tote's soft floor
   shadow and parts of held and clear products):
   a hard shadow ends in a crisp step onto clean paper, so the ring just past it, away
   from the product, is the paper in full light over :data:`_LIT` of it (a floor or drop
   shadow fades on past the mask; a glass's walls and a white product's shading border
   more of it); the product beside it is plainly unlike the paper
   (:data:`_INK_DELTA_E`: a white product's shaded side borders its own paper-white
   face); and the product is whole in the frame (a held product's arm, a product the
   frame cuts: its shading is no cast shadow's).

Then the dimmed paper the mask holds in that crescent (widened by its blurred edge), outside
the product's gaps narrower than that edge (:func:`_closed`: the grey line where a white
upper blurs into a black sole is walled in by the product) and where it reaches the mask's
outline (a pale label walled in by the product stays), goes, with the shadow's pixels
beside it the JPEG tinted with the product's colour (:func:`_edge`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Array = np.ndarray

_DARKER = 3.0  # L* below the paper: the shadow (its blurred edge included)
_DIMMEST = 0.35  # a shadow leaves the paper this share of its light at least (black: less)
_BRIGHTEST = 0.97  # ... and takes this much at least
_CHROMATICITY = 0.012  # it keeps the paper's channel proportions this closely
_REACH = 0.06  # the sun moves the silhouette this share of the long side at most
_NEAREST = 2  # ... and at least this many pixels of the small copy
_SMALL = 256  # the offset is searched on a copy of the product's box this long
_FILLED = 0.7  # the dimmed paper fills this share of the crescent at least ...
_OPPOSITE = 0.6  # ... and this share of the opposite crescent at most
_SPREAD = 0.08  # ... darkening the paper by one factor (interquartile range, of the light)
_LEAST = 0.005  # and it is this share of the mask at least
_EDGE = 0.004  # the shadow's blurred edge: this share of the long side round the crescent
_RING = (0.002, 0.005)  # the paper past the shadow: this far (share of the long side) ...
_LIT = 0.75  # ... is lit paper (no dimmer than :data:`_BRIGHTEST`) over this share of it
_INK_DELTA_E = 10.0  # the product beside the shadow differs from the paper this much
_EDGE_LIGHT = 0.04  # the shadow's edge by the product: as dark as the shadow within this ...
_EDGE_CHROMATICITY = 0.025  # ... its proportions bled a little into the product's (JPEG)


def dimmed(rgb: Array, paper: Array, lightness: Array, paper_lightness: Array) -> Array:
    """Where ``rgb`` is the ``paper`` (RGB, per pixel) scaled down: a shadow on it.

    ``lightness`` and ``paper_lightness`` are their L*: the shadow is :data:`_DARKER`
    below the paper.
    """
    # channel by channel: reductions over a last axis of three are slow in numpy
    total = rgb[..., 0] + rgb[..., 1] + rgb[..., 2]
    paper_total = np.maximum(paper[..., 0] + paper[..., 1] + paper[..., 2], 1.0)
    share, paper_share = 1.0 / np.maximum(total, 1.0), 1.0 / paper_total
    found = (paper_lightness - lightness > _DARKER) & (total > _DIMMEST * paper_total)
    found &= total < _BRIGHTEST * paper_total
    for c in range(3):
        found &= np.abs(rgb[..., c] * share - paper[..., c] * paper_share) < _CHROMATICITY
    return found


def _box(mask: Array, pad: int) -> tuple[slice, slice] | None:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    h, w = mask.shape
    return (slice(max(0, int(rows[0]) - pad), min(h, int(rows[-1]) + pad + 1)),
            slice(max(0, int(cols[0]) - pad), min(w, int(cols[-1]) + pad + 1)))


def _correlate(moved: Array, fixed: Array) -> Array:
    """``out[dy, dx]`` = sum over x of ``moved``(x - d) * ``fixed``(x) (circular; pad first)."""
    return np.fft.irfft2(np.fft.rfft2(fixed) * np.conj(np.fft.rfft2(moved)), s=fixed.shape)


def _offset(ink: Array, shade: Array, reach: int) -> tuple[int, int, float, float] | None:
    """The offset (dy, dx) whose crescent best matches ``shade``; its fill and the opposite's.

    ``ink`` and ``shade`` are float masks on the small copy, padded by ``reach``.
    """
    beside = shade * (1.0 - ink)
    held = _correlate(ink, beside)  # dimmed paper in the crescent
    overlap = _correlate(ink, ink)
    crescent = float(ink.sum()) - overlap  # the crescent's size
    dy, dx = np.mgrid[-reach:reach + 1, -reach:reach + 1]
    near = (dy * dy + dx * dx <= reach * reach) & (dy * dy + dx * dx >= _NEAREST * _NEAREST)
    score = np.where(near, 2 * held[dy, dx] - crescent[dy, dx], -np.inf)
    if not np.isfinite(score).any():
        return None
    k = int(np.argmax(score))
    y, x = int(dy.ravel()[k]), int(dx.ravel()[k])
    if crescent[y, x] <= 0 or crescent[-y, -x] <= 0:
        return None
    return y, x, float(held[y, x] / crescent[y, x]), float(held[-y, -x] / crescent[-y, -x])


def _shifted(mask: Array, dy: int, dx: int) -> Array:
    """``mask`` moved by (dy, dx) pixels, what leaves the frame lost."""
    h, w = mask.shape
    out = np.zeros_like(mask)
    ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
    xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
    out[yd, xd] = mask[ys, xs]
    return out


@dataclass(frozen=True)
class Candidate:
    """The crescent the best offset throws, within the product's box (see :func:`candidate`).

    Attributes:
        box: The product's box (rows, columns), padded by the reach.
        offset: (dy, dx) in pixels of the mask.
        filled: The share of the crescent the dimmed paper fills.
        opposite: The share of the opposite crescent it fills.
        spread: The interquartile range of the crescent's light (a share of the paper's).
        taken: bool (box), the dimmed paper the mask holds in the widened crescent.
        ink: bool (box), the mask less the dimmed paper.
        shade: bool (box), the dimmed paper.
        moved: bool (box), the ink moved by the offset.
        lit: The share of the ring past the taken shadow, away from the ink, that is the
            paper in full light: a hard shadow ends in a crisp step onto clean paper.
        ink_delta_e: The median ΔE from the paper of the ink along the taken shadow.
    """

    box: tuple[slice, slice]
    offset: tuple[int, int]
    filled: float
    opposite: float
    spread: float
    taken: Array
    ink: Array
    shade: Array
    moved: Array
    lit: float
    ink_delta_e: float


def _total(values: Array) -> Array:
    """The sum of the last axis's three channels (numpy reduces a last axis of 3 slowly)."""
    return values[..., 0] + values[..., 1] + values[..., 2]


def _disk(radius: int) -> Array:
    return np.ones((2 * radius + 1, 2 * radius + 1), np.uint8)


def _grown(mask: Array, radius: int) -> Array:
    return cv2.dilate(mask.astype(np.uint8), _disk(radius)) > 0


def _reaching_out(taken: Array, part: Array) -> Array:
    """The parts of ``taken`` that reach the mask's outline: a shadow is cast outside it.

    A pale label or a grey panel walled in by the product's own colours is no shadow,
    even where the product moved by the offset covers it.
    """
    count, labels = cv2.connectedComponents(taken.astype(np.uint8), connectivity=8)
    if count <= 1:
        return taken
    edge = _grown(~part, 1) & taken
    reaching = np.zeros(count, bool)
    reaching[np.unique(labels[edge])] = True
    reaching[0] = False
    return reaching[labels]


def _closed(ink: Array, width: int) -> Array:
    """``ink`` with its gaps narrower than ``width`` pixels filled (a morphological closing).

    A cast shadow falls outside the product, at least as wide as its own blurred edge. A
    grey line a pixel or two across between two of the product's parts, where the photo
    blurs a white upper into a black sole, is the paper's proportions scaled down too and
    lies under the moved product, running to the outline at both ends; but the product
    walls it in on both sides: it is the product's own.
    """
    kernel = np.ones((width, width), np.uint8)
    return cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE, kernel).astype(bool)


def _ring_lit(taken: Array, ink: Array, light: Array, long_side: int) -> float:
    """The share of the ring just past ``taken`` (away from ``ink``) in full light."""
    near, far = (max(1, round(share * long_side)) for share in _RING)
    ring = _grown(taken, far) & ~_grown(taken, near) & ~_grown(ink, near)
    return float(np.mean(light[ring] >= _BRIGHTEST)) if ring.any() else 0.0


def _ink_delta_e(taken: Array, ink: Array, lab: Array, paper_lab: Array) -> float:
    """The median ΔE from the paper of the ink bordering ``taken``."""
    border = _grown(taken, 1) & ink
    if not border.any():
        return 0.0
    return float(np.median(np.linalg.norm(lab[border] - paper_lab[border], axis=-1)))


def candidate(
    mask: Array, rgb: Array, paper_rgb: Array, lab: Array, paper_lab: Array,
    long_side: int | None = None,
) -> Candidate | None:
    """The crescent of dimmed paper the product would cast, before it is judged a shadow.

    Arguments as for :func:`cast_shadow`; None when too little of the mask is dimmed paper
    or no offset throws a crescent.
    """
    long_side = max(mask.shape) if long_side is None else long_side
    reach = max(_NEAREST + 1, round(_REACH * long_side))
    box = _box(mask, reach + 2)
    if box is None:
        return None
    part = mask[box]
    shade = dimmed(rgb[box].astype(np.float32), paper_rgb[box], lab[box][..., 0],
                   paper_lab[box][..., 0])
    if np.count_nonzero(shade & part) < _LEAST * np.count_nonzero(part):
        return None
    ink_u8 = cv2.morphologyEx((part & ~shade).astype(np.uint8), cv2.MORPH_OPEN,
                              np.ones((3, 3), np.uint8))
    ink = ink_u8.astype(bool)
    scale = min(1.0, _SMALL / max(part.shape))
    size = (max(1, round(part.shape[1] * scale)), max(1, round(part.shape[0] * scale)))
    small_reach = max(_NEAREST + 1, round(reach * scale))
    pad = small_reach + 1

    def small(values: Array) -> Array:
        shrunk = cv2.resize(values.astype(np.float32), size, interpolation=cv2.INTER_AREA)
        return np.pad(shrunk, pad)

    found = _offset(small(ink), small(shade), small_reach)
    if found is None:
        return None
    dy, dx, filled, opposite = found
    dy, dx = round(dy / scale), round(dx / scale)
    moved = _shifted(ink, dy, dx)
    edge = 2 * max(1, round(_EDGE * long_side)) + 1
    widened = cv2.dilate((moved & ~ink).astype(np.uint8), np.ones((edge, edge), np.uint8)) > 0
    taken = _reaching_out(part & shade & widened & ~_closed(ink, edge), part)
    light = _total(rgb[box].astype(np.float32)) / np.maximum(_total(paper_rgb[box]), 1.0)
    inner = cv2.erode((moved & ~ink & shade).astype(np.uint8), np.ones((3, 3))).astype(bool)
    values = light[inner]
    spread = float(np.subtract(*np.percentile(values, [75, 25]))) if values.size else 1.0
    lit = _ring_lit(taken, ink, light, long_side)
    ink_delta_e = _ink_delta_e(taken, ink, lab[box], paper_lab[box])
    return Candidate(box, (dy, dx), filled, opposite, spread, taken, ink, shade, moved, lit,
                     ink_delta_e)


def cast_shadow(
    mask: Array, rgb: Array, paper_rgb: Array, lab: Array, paper_lab: Array,
    long_side: int | None = None,
) -> Array:
    """The hard shadow the product casts, inside ``mask`` (see the module doc).

    Args:
        mask: bool, the product as decided so far.
        rgb: The photo (uint8 or float RGB), the mask's size.
        paper_rgb: The paper's RGB per pixel (float), the mask's size.
        lab: The photo's Lab (L* 0..100).
        paper_lab: The paper's Lab per pixel.
        long_side: The whole photo's long side, when the arrays are a box of it that
            holds the product with :data:`_REACH` of it to spare (or reaches the frame's
            edge): the reach and the edge's width scale with the photo, not the box.

    Returns:
        bool, the cast shadow's pixels within ``mask`` (empty when there is none).
    """
    none = np.zeros_like(mask)
    if mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any():
        return none  # a held product or one the frame cuts: its arm is no shadow
    long_side = max(mask.shape) if long_side is None else long_side
    found = candidate(mask, rgb, paper_rgb, lab, paper_lab, long_side)
    if found is None or found.filled < _FILLED or found.opposite > _OPPOSITE:
        return none
    if np.count_nonzero(found.taken) < _LEAST * np.count_nonzero(mask[found.box]):
        return none
    if found.spread > _SPREAD:
        return none  # shaded unevenly: the product's own grey, not one shadow
    if found.lit < _LIT or found.ink_delta_e < _INK_DELTA_E:
        return none  # no crisp step onto clean paper, or a product as pale as the paper
    none[found.box] = found.taken | _edge(found, mask[found.box], rgb[found.box],
                                          paper_rgb[found.box], long_side)
    return none


def _edge(found: Candidate, part: Array, rgb: Array, paper_rgb: Array, long_side: int) -> Array:
    """The shadow's own pixels beside ``found.taken`` its paper test missed (box-sized).

    Where the shadow meets the product, a JPEG bleeds the product's colour into it: the
    paper's proportions drift a little (within :data:`_EDGE_CHROMATICITY`), its darkening
    stays the shadow's (within :data:`_EDGE_LIGHT` of its median), and it lies within the
    blurred edge's width of the shadow taken.
    """
    near = _grown(found.taken, max(1, round(_EDGE * long_side))) & part & ~found.taken
    ys, xs = np.nonzero(near)
    values, paper = rgb[ys, xs].astype(np.float32), paper_rgb[ys, xs]
    total = np.maximum(_total(values), 1.0)
    paper_total = np.maximum(_total(paper), 1.0)
    light = total / paper_total
    taken_light = _total(rgb[found.taken].astype(np.float32)) / np.maximum(
        _total(paper_rgb[found.taken]), 1.0)
    keep = np.abs(light - float(np.median(taken_light))) < _EDGE_LIGHT
    for c in range(3):
        keep &= np.abs(values[:, c] / total - paper[:, c] / paper_total) < _EDGE_CHROMATICITY
    near[ys[~keep], xs[~keep]] = False
    return near
