"""How far to trust a learned mask, from evidence a user can be told about.

Seven measures, each mapped to 0..1, the confidence being the weakest:

- **agreement:** the whole-photo and the product-crop passes find the same product;
- **crispness:** the mask hardly moves between a low and a high saliency threshold (a
  network that is unsure paints a soft, wide ramp);
- **presence:** the network's raw peak response, low when nothing stands out;
- **share:** how much of the photo is kept, neither specks nor the whole frame;
- **paper inside:** how much of the mask is enclosed and exactly the backdrop's colour: the
  inside of a hoop or a loop the network filled in (a product as white as its paper looks
  the same, and is as doubtful);
- **fine parts:** how much of the mask lies in parts narrower than a few of the network's
  pixels (it sees the product's box squeezed to 320x320): wires, strings and chains it
  cannot draw, so a hanger's hook or a rack's grid may be lost or filled in;
- **paper between wires:** how much of the mask is the backdrop's own colour when what is
  left of it (its ink) lies mostly in fine parts: a wire grid, a string bed or a chain's
  loop the network filled in, enclosed or not (a clear glass's thick outline and a white
  product's shaded body are no fine parts).

A photo with nothing standing out (a blank, a texture, a crop of fabric) is "no product":
the network sees no object, or scattered pieces that differ at each scale, or an uncertain
one that runs off two or more sides of a busy photo (part of a scene, not a product shot).
A mask below :data:`DOUBTFUL` is otherwise used but reported, so no one claims it is intact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from engines.local.cutout.model import SIDE

Array = np.ndarray
Side = Literal["left", "top", "right", "bottom"]

DOUBTFUL = 0.5  # below this, the cutout is reported as doubtful
PAPER_INSIDE = 0.1  # this share of the mask enclosed and paper-exact makes it doubtful
PAPER_INSIDE_DOUBT = ("part of it looks exactly like the backdrop: the inside of a hoop, loop "
                      "or handle may have been kept")
"""The doubt said then (a box around the product cannot open such a loop again)."""
FINE_MOST = 0.4  # this share of the mask in fine parts makes it doubtful
FINE_DOUBT = "parts of it are thinner than the cutout can see clearly, such as wires or strings"
PAPER_SHOWN = 0.25  # this share of the mask the paper itself, ...
INK_FINE = 0.25  # ... the rest in fine parts over this share of it, makes it doubtful
WIRES_DOUBT = ("much of it is the backdrop seen between thin wires, strings or links, which "
               "may have been kept")
_FINE_WIDTH = 4  # a part narrower than this many of the network's pixels is fine
_FINE_VIEW = 2 * SIDE  # the box is measured at this size (two pixels per network pixel)
_BOX_MARGIN = (0.08, 8)  # the crop pass's margin on each side: this share of the long side + px


@dataclass(frozen=True)
class Assessment:
    """The confidence and, when it is low, why in plain words.

    Attributes:
        confidence: 0..1, the weakest of the measures.
        doubts: One short reason per weak measure.
        no_product: Nothing in the photo stands out as a product.
    """

    confidence: float
    doubts: tuple[str, ...]
    no_product: bool


def _ramp(value: float, low: float, high: float) -> float:
    return float(np.clip((value - low) / (high - low), 0.0, 1.0))


def iou(a: Array, b: Array) -> float:
    """Intersection over union of two boolean masks (0.0 when both are empty)."""
    union = np.count_nonzero(a | b)
    return float(np.count_nonzero(a & b) / union) if union else 0.0


def sides_run_off(mask: Array) -> frozenset[Side]:
    """The sides of the photo the mask runs off (more than 2% of that side)."""
    edges: dict[Side, Array] = {
        "left": mask[:, 0], "right": mask[:, -1], "top": mask[0], "bottom": mask[-1],
    }
    return frozenset(side for side, edge in edges.items() if float(edge.mean()) > 0.02)


def fine_share(mask: Array) -> float:
    """The share of ``mask`` in parts narrower than :data:`_FINE_WIDTH` network pixels.

    The network squeezes the product's box, with the crop pass's margin, to a square of
    :data:`~engines.local.cutout.model.SIDE` pixels, each axis on its own (a long rod is
    squeezed along its length only). The box is measured the same way at
    :data:`_FINE_VIEW` pixels; an opening with a disk as wide as a fine part removes it.
    """
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return 0.0
    top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    width, height = right - left, bottom - top
    margin = 2 * (_BOX_MARGIN[0] * max(width, height) + _BOX_MARGIN[1])
    size = (max(1, round(width * _FINE_VIEW / (width + margin))),
            max(1, round(height * _FINE_VIEW / (height + margin))))
    box = mask[top:bottom, left:right].astype(np.uint8) * np.uint8(255)
    small = cv2.resize(box, size, interpolation=cv2.INTER_AREA) >= 128
    kept = np.count_nonzero(small)
    if not kept:
        return 0.0
    side = round(_FINE_WIDTH * _FINE_VIEW / SIDE) + 1
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    padded = np.pad(small.astype(np.uint8), side)
    opened = cv2.morphologyEx(padded, cv2.MORPH_OPEN, disk)
    return 1.0 - np.count_nonzero(opened) / kept


def paper_between_wires(mask: Array, paper: Array) -> float:
    """The share of ``mask`` that is ``paper``, when the rest lies mostly in fine parts.

    ``paper`` (bool) is where the photo is the backdrop's own colour. The rest of the mask
    is the product's ink; when less than :data:`INK_FINE` of it is fine (:func:`fine_share`),
    the paper inside is no wire product's gaps (a clear glass, a white product): 0.0.
    """
    area = np.count_nonzero(mask)
    if not area:
        return 0.0
    shown = mask & paper
    if fine_share(mask & ~shown) < INK_FINE:
        return 0.0
    return np.count_nonzero(shown) / area


def assess(
    mask: Array,
    saliency: Array,
    agreement: float,
    peak: float,
    *,
    plain: bool = True,
    coherent: bool = True,
    paper_inside: float = 0.0,
    paper_shown: float = 0.0,
) -> Assessment:
    """Measure a learned mask.

    Args:
        mask: The decided product mask (bool).
        saliency: The saliency it was decided from (0..1, same size).
        agreement: IoU of the two saliency passes.
        peak: The network's raw peak response.
        plain: Whether the photo's border is a plain backdrop (a product shot).
        coherent: Whether the whole photo's pass found one object, not scattered pieces.
        paper_inside: The share of the mask enclosed and as exact as the backdrop itself
            (:func:`engines.local.cutout.learned.paper_inside`).
        paper_shown: The share of the mask that is the paper between fine parts
            (:func:`paper_between_wires`).

    Returns:
        The confidence, the doubts behind it, and whether there is no product at all.
    """
    share = float(mask.mean())
    crisp = iou(saliency >= 0.3, saliency >= 0.8)
    measures = {
        "the model found different outlines at two scales": _ramp(agreement, 0.6, 0.9),
        "the product's edge is faint against the background": _ramp(crisp, 0.5, 0.8),
        "nothing in the photo stands out clearly": _ramp(peak, 0.1, 0.4),
        "the product seems to fill the whole photo": _ramp(0.95 - share, 0.0, 0.15),
        PAPER_INSIDE_DOUBT: _ramp(PAPER_INSIDE + 0.05 - paper_inside, 0.0, 0.1),
    }
    # a network that finds a different "object" at each scale sees none (a texture)
    no_product = (
        share < 0.003
        or peak < 0.1
        or (agreement < 0.4 and not coherent)
        or (min(measures.values()) < DOUBTFUL and not plain and len(sides_run_off(mask)) >= 2)
    )
    # fine parts doubt the outline, never that there is a product
    measures[FINE_DOUBT] = _ramp(FINE_MOST + 0.05 - fine_share(mask), 0.0, 0.1)
    measures[WIRES_DOUBT] = _ramp(PAPER_SHOWN + 0.05 - paper_shown, 0.0, 0.1)
    confidence = min(measures.values())
    doubts = tuple(reason for reason, value in measures.items() if value < DOUBTFUL)
    return Assessment(confidence=round(confidence, 3), doubts=doubts, no_product=no_product)
