"""A hand holding the product: the skin-toned part of a cutout that reaches the photo's edge.

A held product's cutout keeps the hand and the arm (a background matte cannot tell them from
the product), and the arm runs off the photo's edge (:attr:`Cutout.cropped`). The hand is
found from that, on a copy of at most :data:`WORK_SIDE` pixels:

1. Skin: pixels of the cutout whose chroma (YCrCb) is in the range of human skin, light to
   deep: skin differs from person to person mostly in brightness, far less in Cr and Cb.
2. The hand: skin regions that touch the cut edge, or touch a *sleeve*: a non-skin part of
   the cutout that runs off the cut edge and meets the rest of the cutout only through skin;
   with them, skin close by (a finger parted from the others by a strip of the product).
   A thin strip of skin tone (a shaded edge of a pink product) is never a hand.
3. Not a hand: too little skin (a fleck of tan), or almost all of the cutout skin-toned with
   nothing else left (a beige product cut by the frame, not held).
"""

from __future__ import annotations

from collections.abc import Collection

import cv2
import numpy as np

Array = np.ndarray

WORK_SIDE = 512  # longest side the hand is looked for on
_CR = (135, 173)  # skin's Cr range (8-bit YCrCb), light to deep skin
_CB = (80, 130)  # and its Cb range
_HUE = (1, 25)  # and its hue (OpenCV's 0..180: 2 to 50 degrees, red-orange to yellow-orange)
_DARKEST_Y = 20  # below this luma, chroma says nothing (shadow, black)
_SMALLEST = 0.005  # a region under this share of the cutout is noise
_LEAST_SKIN = 0.03  # a hand is at least this share of the cutout ...
_MOST_SKIN = 0.85  # ... and leaves at least the rest for the product
_EDGE_PX = 2  # a region within this many pixels of the cut edge reaches it
_THINNEST = 0.01  # skin narrower than about twice this share of the long side is no hand
_FINGER_GAP = 0.015  # skin this share of the long side apart is one hand (parted fingers)


def skin(rgb: Array) -> Array:
    """Whether each pixel of a uint8 RGB image has the colour of skin (bool).

    Chroma in skin's YCrCb range, and an orange hue: pink and red (a product's shaded
    side) share skin's chroma range but lean to magenta.
    """
    rgb = np.ascontiguousarray(rgb)
    ycrcb = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)
    y, cr, cb = ycrcb[..., 0], ycrcb[..., 1], ycrcb[..., 2]
    hue = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)[..., 0]
    return (
        (cr >= _CR[0]) & (cr <= _CR[1]) & (cb >= _CB[0]) & (cb <= _CB[1]) & (y >= _DARKEST_Y)
        & (hue >= _HUE[0]) & (hue <= _HUE[1])
    )


def _edge(shape: tuple[int, ...], sides: Collection[str]) -> Array:
    """The pixels along the given sides of an image of ``shape`` (bool)."""
    edge = np.zeros(shape[:2], bool)
    if "top" in sides:
        edge[:_EDGE_PX] = True
    if "bottom" in sides:
        edge[-_EDGE_PX:] = True
    if "left" in sides:
        edge[:, :_EDGE_PX] = True
    if "right" in sides:
        edge[:, -_EDGE_PX:] = True
    return edge


def _regions(mask: Array, least: float) -> tuple[Array, list[int]]:
    """Connected regions of ``mask`` and the labels of those of at least ``least`` pixels."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    kept = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= least]
    return labels, kept


def _grown(mask: Array, px: int = 2) -> Array:
    kernel = np.ones((2 * px + 1, 2 * px + 1), np.uint8)
    return cv2.dilate(mask.astype(np.uint8), kernel).astype(bool)


def _hand_small(rgb: Array, inside: Array, sides: Collection[str]) -> Array | None:
    """The hand on the working copy (see the module doc), None when there is none."""
    area = float(inside.sum())
    toned = skin(rgb) & inside
    # a hand is broad; a thin skin-toned strip (a shaded edge of a pink product) is not
    side = 2 * max(1, round(_THINNEST * max(inside.shape))) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    toned = cv2.morphologyEx(toned.astype(np.uint8), cv2.MORPH_OPEN, kernel) > 0
    labels, kept = _regions(toned, _SMALLEST * area)
    toned = np.isin(labels, kept)
    if not kept or toned.sum() > _MOST_SKIN * area:
        return None
    edge = _edge(inside.shape, sides)
    rest = inside & ~_grown(toned)
    rest_labels, parts = _regions(rest, _SMALLEST * area)
    at_edge = {i for i in parts if (edge & (rest_labels == i)).any()}
    product = [i for i in parts if i not in at_edge]
    near_skin = _grown(toned, 3)
    # a part at the edge is a sleeve only when something else is the product
    sleeves = [i for i in at_edge if product and (near_skin & (rest_labels == i)).any()]
    sleeve = np.isin(rest_labels, sleeves)
    reach = edge | _grown(sleeve, 3)
    # fingers parted by a strip of the product belong to the hand they are next to
    gap = max(2, round(_FINGER_GAP * max(inside.shape)))
    clusters, groups = _regions(_grown(toned, gap), 1)
    held = [i for i in groups if (reach & (clusters == i)).any()]
    hand = toned & np.isin(clusters, held)
    if hand.sum() < _LEAST_SKIN * area or not (inside & ~hand & ~sleeve).any():
        return None
    joined = hand | sleeve
    # the thin seam between skin and sleeve, left out by the growing above
    closed = cv2.morphologyEx(joined.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((7, 7)))
    return (closed > 0) & inside


def find_hand(rgba: Array, sides: Collection[str]) -> Array | None:
    """The hand (and arm, and sleeve) holding the product in a cutout, if there is one.

    Args:
        rgba: The cutout, uint8 RGBA, cropped so that its ``sides`` are the photo's edges.
        sides: The photo edges the product runs off (:attr:`Cutout.cropped`).

    Returns:
        bool, True on the hand, the cutout's size; None when no hand holds the product.
    """
    if not sides:
        return None
    h, w = rgba.shape[:2]
    scale = min(1.0, WORK_SIDE / max(h, w))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = rgba if scale == 1.0 else cv2.resize(rgba, size, interpolation=cv2.INTER_AREA)
    inside = small[..., 3] >= 128
    if not inside.any():
        return None
    found = _hand_small(small[..., :3], inside, sides)
    if found is None:
        return None
    if scale == 1.0:
        return found
    full = cv2.resize(found.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR) >= 0.5
    return full & (rgba[..., 3] > 0)
