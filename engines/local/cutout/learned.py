"""The learned mask: u2netp's saliency, decided into product and not-product.

Steps, on a copy of at most :data:`WORK_SIDE` pixels (the network sees 320), the decided
mask then scaled back to the photo:

1. Saliency on the whole photo, then again on a crop around what it found, so the
   network's 320 px input spans the product, not the photo (sharper edges); how well the
   two passes agree is one measure of confidence. A crop spanning most of the photo would
   show the network the same view: then one pass is enough. A sizeable region the whole
   photo's pass was sure of and the crop's pass doubts (a white sleeve a shade greyer than
   the body) stays product, unless it is the paper itself.
2. Threshold, keep the main components.
3. Enclosed holes: a gap under a handle goes only when the network calls it background
   *and* it shows the photo's backdrop colour; anything else inside the outline (a white
   logo, a white-on-white fold the network was unsure of) is product.
   On a plain backdrop, a region inside the outline that matches the paper as closely as the
   paper matches itself, enclosed by a thin wall of product (a white handle or a cap's loop
   on white, which the network fills in), is paper too, with the shadow that falls into it
   (judged by the paper's own hue when a cream or grey handle looks like shadow too). A long
   thin band of it, one of one or two such regions, is no gap: the paper seen through a
   thick glass's clear walls, along its outline (a whisk's nested wires leave more). One
   larger than a quarter of the product and as flat as the paper across nearly all of it (no
   shading, as a white product's face has; not on a photo blown out to pure white, where
   such a face is flat too) is paper however thick its wall: the inside of a ring, a hoop, a
   bangle or a chain laid in a loop, when the band's shadow falls into it, or when it
   borders a hole the network opened inside the band (a clock's dial, a phone's screen or a
   frame's mat as white as the paper has neither, and stays); with it goes the pale rim left
   along the band (paper mixed into its edge, the band's faint shadow), when the band is
   plainly unlike the paper. A smaller one, flat and holding the band's shadow, is paper
   however thick its wall too (the hole a belt is coiled round). (A rule that also took
   the rim of blend and shadow round every gap so cut, when the product past it was unlike
   the paper, cleaned a hanging ring's inside but cut a clear bottle's neck and shoulder
   away with the paper seen through it, so it was left out in session 27.) Nor is the
   paper seen between two thin walls that are mostly the paper themselves, with the
   product running on well past both other ends, a gap (one of one or two such regions):
   a clear bottle's neck between its cap and its shoulder; a handle ends the product on
   one side of its gap.
   A product plainly unlike the paper (dark, coloured, or thin lines darker than it) with
   regions walled in by it is a lattice, a grid or a mesh when two or more such regions
   show the paper beside the product with the product's shadow cast along their walls (a
   trivet's cells), or when twenty or more compact ones show the paper itself (a
   colander's holes, a wire basket's mesh; a white print's letters are no compact shapes);
   those regions' paper and shadow go (a wire or string across them stays), and the wires
   between them survive the final clean-up. Regions kept that still look like the paper
   count towards the confidence's doubt.
4. The photo's own shadow. A hard one (direct sun: a crisp copy of the silhouette moved
   to one side, which the network is often sure of) goes when the paper scaled down fills
   the crescent of the product moved by one offset, evenly, not the opposite one, ending
   in a crisp step onto lit paper, beside a product unlike the paper, whole in the frame
   (:mod:`.cast`). Then the soft one: pixels the network was not sure of that are the
   backdrop darkened without changing its hue, smooth, and connected to the outside.
5. Backdrop-coloured regions the network kept inside the outline (the white gap between a
   sleeve and the body, between legs, in a handle the crop pass blurred) get a second
   opinion from the network on a grey copy: hue no longer ties them to the garment
   around them, and it calls them background, while a white logo stays salient. Only
   regions of the paper's own colour are asked: one plainly off it (a grey or printed
   white label) is product.
   A gap open at one side that the network closed over (between trouser or chair legs,
   under a strap), with the floor's shadow in it, goes when it meets the outside through
   one opening (a contact line across it does not close it), reaches deeper into the
   product than that opening is wide, and is the backdrop itself or its shadow running on
   past the opening.
6. On a plain backdrop, what plainly differs from it in hue, touches the mask and runs off
   the frame joins it (never more than the mask itself): the arm holding a product, which
   the network leaves out, so the product can enter the ad from that edge. A grey or
   white sleeve differs from a light backdrop in tone only: what differs in tone, meets the
   mask at skin (the wrist) and runs off the frame joins it too; so does what differs in
   hue and lies within the product's convex hull (a part of a garment it was unsure of).
7. Along the outline, the rim the network overreached into the photo's shadow
   (colourless, darker, going on smoothly past the outline or fading into it) is dropped:
   beside a coloured product, and with the rest of that shadow it touches near the outline
   (a contact line, the shadow at a leg gap's foot); beside a white one, only where the
   product just inside is plainly lighter (a step, not the product's own shading). The
   edge of a loop cut out in step 3 is no outline the network drew: a steel ring's grey
   band stays.

When the crop's pass disagrees with the whole photo's (it latched onto a logo, say) and the
whole photo's pass found one coherent object, that object is used, with the disagreement
reported; a first pass in scattered pieces means nothing stands out (a texture).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np

from engines.local.cutout import backdrop as backdrops
from engines.local.cutout import classical, model
from engines.local.cutout.cast import cast_shadow
from engines.local.cutout.confidence import iou, paper_between_wires
from engines.local.cutout.hands import skin

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
_RIM = 0.008  # the outline's rim, this share of the long side, may hold the shadow ...
_RIM_DARKER = 5.0  # ... where the backdrop is darkened this much (L*) without its hue ...
_RIM_PRODUCT_CHROMA = 12.0  # ... beside a product this colourful (Lab a/b from the backdrop)
_RIM_LIGHTER = 5.0  # ... or this much lighter (L*) than the shadow (white on white)
_RIM_BEYOND = 3.0  # ... and going on past the outline, darkening the backdrop this much
_RIM_STEP = 4.0  # ... with no step (L*) at the outline: a glass's grey wall is one ...
_RIM_FADE = 5.0  # ... or fading into it (L* a pixel, 90th percentile): a contact line ...
_RIM_SPREAD = 2.0  # ... and takes the shadow it touches this many rim kernels (side) deep
_DISAGREE = 0.5  # passes agreeing less than this (IoU) are not both trusted
_COHERENT = 0.85  # one component holding this share of a mask makes it one object
_JOIN_CHROMA = 12.0  # differs from the backdrop in hue this much (Lab a/b distance)
_JOIN_WITHIN = 0.8  # a coloured region this much inside the product's hull is product
_HULL_PART = 0.15  # that hull spans the components at least this share of the largest
_GAP_DELTA_E = 8.0  # a region this close to the backdrop colour may be a gap ...
_GAP_SMALLEST = 0.0005  # ... if it is at least this share of the photo
_GAP_LARGEST = 0.25  # ... and at most this share of the product (larger: only when flat)
_GAP_GREY = 0.5  # ... and the network on the grey copy scores it below this
_GAP_PRODUCT_DELTA_E = 15.0  # only on a product unlike its backdrop (not white on white)
_SLEEVE_DELTA_E = 6.0  # a sleeve differs from the backdrop this much (tone or hue)
_SLEEVE_EDGE = 12.0  # its outline steps this far from the backdrop (a shadow's fades) ...
_SLEEVE_OUTLINE = 0.002  # ... within this share of the long side (a shadow's ramp scales)
_SLEEVE_REACH = 0.08  # it meets the mask this share of the long side from skin, at most
_FRAME_BAND = 0.03  # a gap's shadow this share of the long side from the edge leaves it
_GAP_SHADOW_REACH = 0.02  # around a gap, this share of the long side may be its shadow
_OPEN_WITHIN = 0.9  # an open gap lies this much inside the hull of the product around it ...
_OPEN_DEEP = 1.0  # ... and reaches this many times its opening's width into the product
_OPENING = 0.004  # its opening is what lies this share of the long side from the outside
_SAME_VIEW = 0.9  # a crop spanning this share of both sides shows the network nothing new
_PAPER_DELTA_E = 2.0  # a region this close to the backdrop may be paper showing through ...
_PAPER_SAME = 1.15  # ... if its median is this close: as close as the paper to its own fit
_PAPER_WALL = 0.04  # ... and its outline lies within this share of the long side ...
_PAPER_WALLED = 0.7  # ... of the outside, for this share of the outline (a handle's wall)
_PAPER_BAND = 20.0  # ... unless it is a long thin band (perimeter squared over 4 x area)
_BANDS_MOST = 2  # ... among this many such regions at most (a whisk's wires leave more)
_NECK_PAST = 1.0  # a clear neck: the product runs on this many walls past both its ends ...
_NECK_CLEAR = 0.5  # ... while its side walls are the paper (ΔE) over this share of them
_PAPER_SHADE_CHROMA = 2.5  # the shadow in such a gap keeps the paper's hue this closely ...
_PAPER_SHADE_GRADIENT = 4.0  # ... and is this smooth: a cream or grey handle is not its shadow
_LOOP_EDGE_DARKER = 0.5  # L* below the paper: the faint shadow at a cut loop's edge
_FLAT_DELTA_E = 1.0  # paper seen through a loop: this close to the backdrop's plane ...
_FLAT_SHARE = 0.85  # ... over this share of it (a white product's face shades more)
_LOOP_SHADOW_DARKER = 2.0  # a large flat loop is paper when this much (L*) darker ...
_LOOP_SHADOWED = 0.07  # ... over this share of it: the band's cast shadow (a dial has none)
_BESIDE_HOLE = 0.1  # ... or beside a hole the network opened, over this share of its outline
_WALL_DELTA_E = 15.0  # a lattice's walls differ from the paper this much, and are no shadow
_WALL_SHARE = 0.2  # ... over this share of the mask at least
_WINDOW_AROUND = 0.03  # the paper beside the product: this share of the long side round it
_WINDOW_DELTA_E = 3.0  # a pixel this close to that paper is the paper itself
_WINDOW_SEEN = 0.5  # a window shows the paper or its shadow over this share of it ...
_WINDOW_LIT = 0.15  # ... the paper itself over this share ...
_WINDOW_EXACT = 2.0  # ... with a median this close ...
_WINDOW_SHADED = 0.1  # ... and a cast shadow (thicker than an edge's blend) over this share
_WINDOW_SOLID = 0.5  # ... walled in, over this share of its wall, by no grey of the paper's
_LATTICE_CELLS = 2  # windows come in numbers: a lattice's cells, a key ring's loops
_CAST_REACH = 0.02  # a cast shadow lies this share of the long side from its wall, at most
_WINDOW_CAST = 0.002  # an edge's blend is this share of the long side wide (each side)
_WINDOW_CHROMATICITY = 0.015  # a shadow keeps the paper's channel proportions this closely
_WINDOW_DIMMEST = 0.3  # ... and darkens it to this share of its light at most
_WINDOW_BRIGHTEST = 1.03  # (the paper itself, with its noise)
_MESH_EXACT = 0.5  # a clean hole: the paper itself over this share of it ...
_MESH_MEDIAN = 1.9  # ... with a median this close to the paper beside the product
_MESH_HOLES = 20  # this many clean holes make a mesh (a white print has fewer compact ones)
_MESH_COMPACT = 0.4  # a hole is this compact at least (4 pi area / perimeter squared)
_MESH_SMALLEST = 0.00005  # a mesh's hole may be as small as this share of the photo
_UNSURE_MEDIAN = 3.0  # a region kept that is the paper this nearly makes the mask doubtful
_UNSURE_MOST = 0.5  # ... when grey lines wall it in, or it is this share of the product
_MESH_PAPER = 0.8  # in a mesh, a hole showing the paper or its shadow over this share goes
_WIRE_WIDTH = 0.003  # a wire is at most this share of the long side wide (each side)
_WIRE_DARKER = 4.0  # ... and this much (L*) darker than the paper either side of it
_SHOWN_DELTA_E = 3.0  # a pixel of the mask this close to the backdrop shows the paper
_SURE = 0.9  # the whole photo's pass this sure of a region the crop's pass doubts ...
_RESTORED = 0.002  # ... this share of the photo at least, and unlike the paper: product


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
        paper_inside: The share of the mask that is enclosed and matches the backdrop as
            closely as the backdrop matches itself: a loop or hoop the network filled in, or
            a product as white as its paper (nothing tells the two apart); or, when more,
            the share walled in by the product and still looking like the paper.
        paper_shown: The share of the mask showing the paper (:data:`_SHOWN_DELTA_E`)
            when the rest is mostly fine parts: the gaps of a grid, a string bed or a
            chain's loop, enclosed or not (:func:`.confidence.paper_between_wires`).
    """

    mask: Array
    saliency: Array
    agreement: float
    peak: float
    coherent: bool
    backdrop: backdrops.Backdrop | None
    paper_inside: float = 0.0
    paper_shown: float = 0.0


def _resized(small: Array, size: tuple[int, int]) -> Array:
    return cv2.resize(small, size, interpolation=cv2.INTER_LINEAR)


Frame = tuple[int, ...]
"""The whole photo's shape (rows, columns), given when the arrays are a box of it."""


def _long_side(array: Array, frame: Frame | None) -> int:
    """The photo's long side: ``frame``'s, else ``array``'s own (the arrays are the photo)."""
    return max((array.shape if frame is None else frame)[:2])


def _area(array: Array, frame: Frame | None) -> int:
    """The photo's pixel count: ``frame``'s, else ``array``'s own (as :func:`_long_side`)."""
    h, w = (array.shape if frame is None else frame)[:2]
    return h * w


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


def _sharpens(box: tuple[int, int, int, int], shape: tuple[int, ...]) -> bool:
    """Whether the network sees the crop ``box`` of a photo of ``shape`` in more detail.

    It squeezes any input to 320x320: a box spanning most of the photo's width and height
    (:data:`_SAME_VIEW`) comes back at nearly the same scale, so a pass on it adds nothing.
    """
    left, top, right, bottom = box
    h, w = shape[:2]
    return right - left < _SAME_VIEW * w or bottom - top < _SAME_VIEW * h


def two_pass_saliency(rgb: Array) -> tuple[Array, Array, float]:
    """Second-pass saliency at full size, the first pass's, and the raw peak.

    The second pass runs on a crop around what the first found; when that crop would show
    the network nearly the same view (:func:`_sharpens`) and the first pass found one
    coherent object, the first pass is both (a model pass saved). A first pass in
    scattered pieces always gets its second look: their disagreement tells a texture.
    """
    h, w = rgb.shape[:2]
    first_small, peak = model.saliency(rgb)
    first = _resized(first_small, (w, h))
    found = first >= THRESHOLD
    box = _crop_box(found)
    if box is None or (not _sharpens(box, rgb.shape) and _coherent(found)):
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


def _box(
    stats: Array, i: int, pad: int = 0, shape: tuple[int, ...] | None = None
) -> tuple[slice, slice]:
    """Rows and columns of component ``i``'s bounding box (connectedComponentsWithStats).

    Widened by ``pad`` pixels on each side, within ``shape`` (the frame) when given.
    """
    x, y = int(stats[i, cv2.CC_STAT_LEFT]), int(stats[i, cv2.CC_STAT_TOP])
    w, h = int(stats[i, cv2.CC_STAT_WIDTH]), int(stats[i, cv2.CC_STAT_HEIGHT])
    bottom, right = y + h + pad, x + w + pad
    if shape is not None:
        bottom, right = min(bottom, shape[0]), min(right, shape[1])
    return slice(max(0, y - pad), bottom), slice(max(0, x - pad), right)


def _values_of(values: Array, labels: Array, stats: Array, i: int) -> Array:
    """``values`` on component ``i`` of ``labels``, read within its bounding box only."""
    box = _box(stats, i)
    return values[box][labels[box] == i]


def _walled(region: Array, mask: Array, depth: Array, wall: float) -> bool:
    """Whether ``region`` is enclosed by ``mask`` through a wall thinner than ``wall``.

    A handle or a loop; with an infinite ``wall``, enclosed at all.
    """
    grown = cv2.dilate(region.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    outline = grown & ~region
    if not outline.any() or not mask[outline].all():
        return False  # it reaches the outside: a notch or a highlight on the outline
    return float(np.mean(depth[outline] < wall)) >= _PAPER_WALLED


@dataclass(frozen=True)
class _PaperRegions:
    """Regions of ``mask`` in the backdrop's colour, and what telling gaps apart needs.

    Attributes:
        labels: Components of the mask's pixels this close to the backdrop, opened 5x5.
        stats: Their ``connectedComponentsWithStats`` rows.
        exact: The components large enough to matter and as exact as the paper itself.
        depth: Each mask pixel's distance from the outside.
        wall: How thin a wall around a gap is (pixels).
    """

    labels: Array
    stats: Array
    exact: list[int]
    depth: Array
    wall: float


def _paper_regions(mask: Array, delta_e: Array, frame: Frame | None = None) -> _PaperRegions:
    """The regions of ``mask`` as exact as its backdrop (:data:`_PAPER_DELTA_E`).

    The smallest region and the thin wall are shares of the photo (``frame``, when the
    arrays are a box of it).
    """
    near = (mask & (delta_e < _PAPER_DELTA_E)).astype(np.uint8)
    close = cv2.morphologyEx(near, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(close, connectivity=8)
    exact = [i for i in range(1, count)
             if stats[i, cv2.CC_STAT_AREA] >= _GAP_SMALLEST * _area(mask, frame)
             and float(np.median(_values_of(delta_e, labels, stats, i))) < _PAPER_SAME]
    depth = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, 3)
    return _PaperRegions(labels, stats, exact, depth, _PAPER_WALL * _long_side(mask, frame))


def _flat(values: Array) -> bool:
    """Whether ``values`` (ΔE from the backdrop) are as flat as paper: no shading across.

    Paper seen through a loop is the backdrop itself: nearly all of it within a just
    noticeable difference (:data:`_FLAT_DELTA_E`) of the fitted plane. A white product's
    face on its own paper shades across itself more than that (a mug's body: 75%), unless
    the photo is blown out to pure white, where both are flat (the caller checks that).
    """
    return float(np.mean(values < _FLAT_DELTA_E)) >= _FLAT_SHARE


def _paper_gaps(
    mask: Array,
    delta_e: Array,
    *shades: Array,
    blown: Array | None = None,
    darker: Array | None = None,
    frame: Frame | None = None,
) -> Array:
    """Paper showing through ``mask``: a handle's gap or a loop the network filled in.

    On a white product on white nothing but the backdrop itself matches the backdrop this
    closely (:data:`_PAPER_SAME`); and a gap is enclosed by a thin band of product (a
    handle, a strap, a cap's loop): most of its outline lies near the outside. A white
    patch of the product's own (a lit fold, a white logo) lies deep inside it and stays.
    A gap found so grows over the shadow falling into it (the first of ``shades``, smooth:
    it stops at the handle's edge), when what it grows into is still a walled gap; when a
    cream or grey handle looks like that shadow too (the gap would grow through it to the
    outside), over the next, stricter one (the paper's own hue, smoother).

    A region larger than that (:data:`_GAP_LARGEST` of the product) is paper when it is as
    flat as the paper itself (:func:`_flat`), however thick the product around it (a ring,
    a hoop, a bangle's tall wall, a chain laid in a loop): it only has to be enclosed, and,
    given how much ``darker`` than the paper beside the product each pixel is, to hold the
    band's cast shadow (:func:`_shadowed`; a dial or a screen of the paper's white has none),
    or to border a hole the network itself opened inside the band (:func:`_beside_hole`:
    the rest of a coiled cable's loop, beyond the shade between them, which goes too). Not
    where the photo is ``blown`` out to pure white (True per pixel): there a white box's
    face or a plate's well is as flat as the paper, so only the thin wall tells, as for a
    smaller region (a white logo deep inside the product is exact too).
    ``frame`` is the photo's shape when the arrays are a box of it (:func:`_work_box`).
    """
    paper = _paper_regions(mask, delta_e, frame)
    labels, stats, depth, wall = paper.labels, paper.stats, paper.depth, paper.wall
    gaps = np.zeros_like(mask)
    largest = _GAP_LARGEST * mask.sum()
    level = {i for i in paper.exact if _flat(_values_of(delta_e, labels, stats, i))
             and (blown is None or float(np.mean(_values_of(blown, labels, stats, i))) < 0.5)}
    flat = {i for i in level if stats[i, cv2.CC_STAT_AREA] > largest}
    chosen = [i for i in paper.exact if stats[i, cv2.CC_STAT_AREA] <= largest or i in flat]
    if len(chosen) <= _BANDS_MOST:  # a glass's clear walls: one or two bands; wires, more
        chosen = [i for i in chosen if i in flat or not _band(labels, stats, i)]
        chosen = [i for i in chosen
                  if i in flat or not _clear_neck(labels, stats, i, mask, delta_e, wall)]
    if not chosen:
        return gaps
    close = labels > 0
    groups = [cv2.connectedComponentsWithStats((mask & (close | s)).astype(np.uint8),
                                               connectivity=8)[1:3] for s in shades]
    rest: dict[int, Array] = {}
    if darker is not None and groups:
        holes = classical.fill_holes(mask) & ~mask
        for i in flat:
            found = _beside_hole(i, labels, stats, groups[0], mask, holes)
            if found is not None:
                rest[i] = found
        flat = {i for i in flat
                if i in rest or _shadowed(i, labels, stats, groups[0], darker)}
        chosen = [i for i in chosen if stats[i, cv2.CC_STAT_AREA] <= largest or i in flat]
        # a smaller one holding the band's shadow is paper however thick its wall: the hole
        # a belt is coiled round (a white logo deep inside a product has no shadow in it)
        flat |= {i for i in level & set(chosen) if i not in flat
                 and _shadowed(i, labels, stats, groups[0], darker)}
    for i in chosen:
        if i in rest:  # the rest of a loop's inside, beside the hole the network opened
            gaps |= rest[i]
            continue
        box = _box(stats, i)
        seed = tuple(np.argwhere(labels[box] == i)[0])
        # a flat region needs no thin wall: any enclosure will do
        thin = float("inf") if i in flat else wall
        for grown, grown_stats in groups:  # the shadow it grows into, widest first
            j = int(grown[box][seed])
            wide = _box(grown_stats, j, pad=1, shape=mask.shape)
            wider = grown[wide] == j
            if ((i in flat or wider.sum() <= largest)
                    and _walled(wider, mask[wide], depth[wide], thin)):
                gaps[wide] |= wider
                break
        else:
            own = _box(stats, i, pad=1, shape=mask.shape)
            if _walled(labels[own] == i, mask[own], depth[own], thin):
                gaps[own] |= labels[own] == i
    return gaps


def _band(labels: Array, stats: Array, i: int) -> bool:
    """Whether component ``i`` is a long thin band (:data:`_PAPER_BAND`), not a gap.

    The paper seen through a thick glass's clear wall runs along the bottle's outline, a
    band many times longer than it is wide; the gap under a handle or inside a cap's loop
    is about as long as it is wide.
    """
    region = (labels[_box(stats, i)] == i).astype(np.uint8)
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    return perimeter * perimeter / (4.0 * stats[i, cv2.CC_STAT_AREA]) >= _PAPER_BAND


def _runs(
    region: Array, corner: tuple[int, int], mask: Array, delta_e: Array, side: int
) -> tuple[float, float]:
    """How far ``mask`` runs on past ``region`` from one of its sides, and how clear it is.

    ``region`` is given within its bounding box, whose top-left pixel in the frame is
    ``corner`` (row, column): only the region's own columns are scanned, while the run
    past it is read on the whole frame's ``mask``.
    ``side`` 0 looks up from the region's top, 1 down from its bottom, 2 left, 3 right;
    along the middle half of the region's span (its rounded ends aside). Returns the median
    run (pixels) and the share of the run's pixels close to the paper (:data:`_GAP_DELTA_E`).
    """
    grid = region if side < 2 else region.T
    inside = mask if side < 2 else mask.T
    values = delta_e if side < 2 else delta_e.T
    top, left = corner if side < 2 else corner[::-1]
    cols = np.flatnonzero(grid.any(axis=0))
    span = cols[len(cols) // 4 : len(cols) - len(cols) // 4] if len(cols) >= 4 else cols
    runs, clear = [], 0
    for c in span:
        rows = np.flatnonzero(grid[:, c]) + top
        at = c + left
        if side % 2 == 0:
            beyond, shades = inside[: rows[0], at][::-1], values[: rows[0], at][::-1]
        else:
            beyond, shades = inside[rows[-1] + 1 :, at], values[rows[-1] + 1 :, at]
        run = int(np.argmin(beyond)) if not beyond.all() else beyond.size
        runs.append(run)
        clear += int(np.count_nonzero(shades[:run] < _GAP_DELTA_E))
    if not runs:
        return 0.0, 0.0
    total = sum(runs)
    return float(np.median(runs)), clear / total if total else 0.0


def _clear_neck(
    labels: Array, stats: Array, i: int, mask: Array, delta_e: Array, wall: float
) -> bool:
    """Whether paper region ``i`` is seen through a clear bottle's neck, not a handle's gap.

    ``labels`` and ``stats`` are the regions' components (connectedComponentsWithStats);
    the region is measured within its bounding box, not over the whole frame.

    A handle, a strap or a cap's loop ends the product on one side of its gap: past the
    gap, one way, there is only the band (thinner than ``wall``), then the paper. A clear
    bottle's neck shows the paper between two thin walls, themselves mostly the paper seen
    through the glass (:data:`_NECK_CLEAR`), while the product runs on past it at both
    other ends (the cap or cork, the shoulder and body), well over a wall
    (:data:`_NECK_PAST`). A ring's or a chain link's inside has thin walls all round; a
    hole a belt is coiled round, thick ones.
    """
    box = _box(stats, i)
    region = labels[box] == i
    corner = (box[0].start, box[1].start)

    @functools.cache  # each side is measured once, though both readings may ask for it
    def runs(side: int) -> tuple[float, float]:
        return _runs(region, corner, mask, delta_e, side)

    for ends, walls in (((0, 1), (2, 3)), ((2, 3), (0, 1))):  # each side measured lazily
        if (all(runs(side)[0] >= _NECK_PAST * wall for side in ends)
                and all(run < wall and clear >= _NECK_CLEAR
                        for run, clear in (runs(s) for s in walls))):
            return True
    return False


def _beside_hole(
    i: int, labels: Array, stats: Array, group: tuple[Array, Array], mask: Array,
    holes: Array,
) -> Array | None:
    """Paper region ``i`` with the shade it meets, when it is the rest of an opened loop.

    Returns that region (the frame's size), or None. A loop's inside is often partly
    called background by the network (where the band's shadow falls) and partly filled
    in: the filled part, grown over the shade it meets (``group``, as :func:`_shadowed`
    grows it), borders that hole (``holes``, enclosed by ``mask``) over
    :data:`_BESIDE_HOLE` of its outline, and is enclosed by the product and the hole
    together. A dial or a screen has no hole the network opened in it. A region reaching
    the frame's edge is enclosed by nothing there: the paper runs on out of the photo.
    """
    grown, grown_stats = group
    own = _box(stats, i)
    seed = tuple(np.argwhere(labels[own] == i)[0])
    j = int(grown[own][seed])
    if _at_frame(grown_stats, j, mask.shape):
        return None
    box = _box(grown_stats, j, pad=1, shape=mask.shape)
    region = grown[box] == j
    outline = cv2.dilate(region.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    outline &= ~region
    if not outline.any():
        return None
    hole = holes[box][outline]
    if float(hole.mean()) < _BESIDE_HOLE or not bool((mask[box][outline] | hole).all()):
        return None
    full = np.zeros_like(mask)
    full[box] = region
    return full


def _at_frame(stats: Array, i: int, shape: tuple[int, ...]) -> bool:
    """Whether component ``i`` (connectedComponentsWithStats) touches the frame's edge."""
    x, y = int(stats[i, cv2.CC_STAT_LEFT]), int(stats[i, cv2.CC_STAT_TOP])
    w, h = int(stats[i, cv2.CC_STAT_WIDTH]), int(stats[i, cv2.CC_STAT_HEIGHT])
    return x == 0 or y == 0 or x + w >= shape[1] or y + h >= shape[0]


def _shadowed(
    i: int, labels: Array, stats: Array, group: tuple[Array, Array], darker: Array
) -> bool:
    """Whether paper region ``i``, grown over the shade it meets, holds a cast shadow.

    A ring, a hoop or a chain lying on the paper shades the paper inside it along the band
    (:data:`_LOOP_SHADOWED` of it darker than the paper beside the product, ``darker``);
    a clock's dial, a phone's screen or a frame's mat of the paper's own white is part of
    the product and has no shadow falling on it. ``group`` is the components of the paper
    and the shade it grows into (:func:`_paper_gaps`).
    """
    grown, grown_stats = group
    box = _box(stats, i)
    seed = tuple(np.argwhere(labels[box] == i)[0])
    j = int(grown[box][seed])
    wide = _box(grown_stats, j)
    region = grown[wide] == j
    return float(np.mean(darker[wide][region] > _LOOP_SHADOW_DARKER)) >= _LOOP_SHADOWED


def _loops(cut: Array, mask: Array) -> Array:
    """The gaps in ``cut`` larger than :data:`_GAP_LARGEST` of the product.

    ``mask`` is the product as :func:`_paper_gaps` saw it, before the cut. Only a loop
    encloses that much: a key ring, a hoop, a chain. A steel band round it is grey like
    the shadow the outline's rim step takes away (:func:`_shadow_rim`), which would eat it
    from both sides; so that step sees the loop's edge as inside the product, never as its
    outline.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cut.astype(np.uint8),
                                                               connectivity=8)
    largest = _GAP_LARGEST * mask.sum()
    big = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] > largest]
    return np.isin(labels, big)


def _loop_edge(
    mask: Array, loops: Array, lab: Array, backdrop: Array, delta_e: Array,
    frame: Frame | None = None,
) -> Array:
    """The pale rim the network left round a cut loop, inside ``mask`` (module doc, step 3).

    Within the outline rim's reach (:data:`_RIM` of the long side) of a loop, pixels near
    the paper (:data:`_GAP_DELTA_E`), without its hue changed and a shade darker
    (:data:`_LOOP_EDGE_DARKER`) are the faint shadow the band casts into the loop and the
    paper mixed into its edge: too faint and too close to the band's edge to be shade. Only
    round a product plainly unlike its paper (:data:`_GAP_PRODUCT_DELTA_E`), and only where
    such a band lies within that reach (between the loop and it): a white, silver or
    paper-coloured band looks the same as that rim, so it and a thin pale ring stay, even
    beside a dark part of the product. ``frame``: the photo's shape, for a box of it.
    """
    if not mask.any() or float(np.median(delta_e[mask])) < _GAP_PRODUCT_DELTA_E:
        return np.zeros_like(mask)
    side = 2 * max(2, round(_RIM * _long_side(mask, frame))) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    near = cv2.dilate(loops.astype(np.uint8), kernel).astype(bool)
    band = cv2.dilate((mask & (delta_e >= _GAP_PRODUCT_DELTA_E)).astype(np.uint8), kernel)
    darker = backdrop[..., 0] - lab[..., 0]
    chroma = np.hypot(lab[..., 1] - backdrop[..., 1], lab[..., 2] - backdrop[..., 2])
    return (mask & near & band.astype(bool) & (chroma < _SHADOW_CHROMA)
            & (darker > _LOOP_EDGE_DARKER) & (delta_e < _GAP_DELTA_E))


def paper_inside(mask: Array, delta_e: Array, frame: Frame | None = None) -> float:
    """The share of ``mask`` that is enclosed paper: regions as exact as the backdrop.

    :func:`_paper_gaps` takes such regions out when they are small beside the product and
    thinly walled, or larger, as flat as the paper and holding the band's cast shadow; a
    larger one that shades or casts none (a clock's dial, a phone's screen, a frame's mat
    of the paper's own white), one on a photo blown out to pure white, or one walled in
    thickly (a hole amid a light grid) is kept, and this says how much of the mask it is,
    so the confidence can say it is unsure. The paper seen through a clear bottle's neck
    (:func:`_clear_neck`) is the bottle's own, and no doubt. ``frame``: the photo's shape,
    when the arrays are a box of it (:func:`_work_box`).
    """
    if not mask.any():
        return 0.0
    paper = _paper_regions(mask, delta_e, frame)
    inside = 0
    few = len(paper.exact) <= _BANDS_MOST
    for i in paper.exact:
        if few and _clear_neck(paper.labels, paper.stats, i, mask, delta_e, paper.wall):
            continue  # the paper seen through a clear bottle's neck: the product's own
        own = _box(paper.stats, i, pad=1, shape=mask.shape)
        # however thick the wall: a dial or a screen of the paper's white is as doubtful
        if _walled(paper.labels[own] == i, mask[own], paper.depth[own], float("inf")):
            inside += int(paper.stats[i, cv2.CC_STAT_AREA])
    return inside / int(mask.sum())


def _hue_off(lab: Array, backdrop: Array) -> Array:
    """How far each pixel's hue is from the backdrop's (Lab a/b distance).

    Computed once per photo and handed to the steps that ask (:func:`_shaded`,
    :func:`_joined`): a full-frame pass each would cost as much again.
    """
    return np.hypot(lab[..., 1] - backdrop[..., 1], lab[..., 2] - backdrop[..., 2])


def _shaded(
    lab: Array, backdrop: Array, chroma: Array | None = None
) -> tuple[Array, Array]:
    """Where the photo looks like its backdrop in shadow: darker, same hue, smooth.

    ``chroma`` is each pixel's hue distance from the backdrop (:func:`_hue_off`), when
    the caller has it already.
    Returns that, and within it where the hue is the paper's own and the tone smoother
    (:data:`_PAPER_SHADE_CHROMA`, :data:`_PAPER_SHADE_GRADIENT`): a cream or grey handle
    passes the first test, not the second.
    """
    darker = backdrop[..., 0] - lab[..., 0]
    chroma = _hue_off(lab, backdrop) if chroma is None else chroma
    gx = cv2.Sobel(lab[..., 0], cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lab[..., 0], cv2.CV_32F, 0, 1, ksize=3)
    gradient = cv2.GaussianBlur(np.hypot(gx, gy), (0, 0), 2)
    low, high = _SHADOW_DARKER
    shade = (darker > low) & (darker < high) & (chroma < _SHADOW_CHROMA)
    shade &= gradient < _SHADOW_GRADIENT
    paper_shade = shade & (chroma < _PAPER_SHADE_CHROMA) & (gradient < _PAPER_SHADE_GRADIENT)
    return shade, paper_shade


def _shadow(mask: Array, saliency: Array, shade: Array) -> Array:
    """The photo's soft shadow inside ``mask`` (see the module doc); ``shade``: :func:`_shaded`."""
    candidate = mask & shade & (saliency < _SHADOW_SALIENCY)
    count, labels = cv2.connectedComponents(candidate.astype(np.uint8), connectivity=8)
    outside = cv2.dilate((~mask).astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    touching = np.unique(labels[outside & candidate])
    shadow = np.isin(labels, touching[touching > 0])
    return shadow if shadow.sum() < _SHADOW_MOST * mask.sum() else np.zeros_like(mask)


def _hull(mask: Array) -> Array:
    """The convex hull of ``mask``'s main components (bool, same shape).

    Only components of :data:`_HULL_PART` of the largest's size count: a speck the mask
    kept far from the product would stretch the hull over the paper in between.
    """
    hull = np.zeros(mask.shape, np.uint8)
    main = classical.main_components(mask, share=_HULL_PART)
    contours, _ = cv2.findContours(main.astype(np.uint8), cv2.RETR_EXTERNAL,
                                   cv2.CHAIN_APPROX_SIMPLE)
    if contours:
        cv2.fillConvexPoly(hull, cv2.convexHull(np.concatenate(contours)), 1)
    return hull.astype(bool)


def _shadow_rim(mask: Array, lab: Array, backdrop: Array) -> Array:
    """The photo's shadow along the product's outline, inside ``mask``.

    Where a drop or contact shadow meets the product, the network's outline overreaches by
    a few pixels; there the shadow is the backdrop darkened, without its hue, while the
    product just inside is coloured, or white and plainly lighter. Such pixels within a
    thin rim of the outline go when the shadow goes on past the outline without a step or
    fades into it (a contact line, darker than the cast shadow beyond); the grey wall of a
    glass ends in a sharp edge and stays. A white product's own shading darkens gently
    towards its edge, with no step from the product inside: it stays. Beside a coloured
    product the shadow found takes the rest of itself near the outline (:func:`_spread`).
    """
    side = 2 * max(2, round(_RIM * max(mask.shape))) + 1
    rim_shadow = np.zeros_like(mask)
    box = _crop_box(mask)
    if box is None:
        return rim_shadow
    # only round the product: past the blur's reach (4 sigma) the frame adds nothing
    pad = 4 * side + 8
    left, top, right, bottom = box
    ys = slice(max(0, top - pad), min(mask.shape[0], bottom + pad))
    xs = slice(max(0, left - pad), min(mask.shape[1], right + pad))
    rim_shadow[ys, xs] = _rim_shadow_in(mask[ys, xs], lab[ys, xs], backdrop[ys, xs], side)
    return rim_shadow


def _rim_shadow_in(mask: Array, lab: Array, backdrop: Array, side: int) -> Array:
    """:func:`_shadow_rim` on a crop round the product; ``side``: the rim's width."""
    core = cv2.erode(mask.astype(np.uint8), np.ones((side, side), np.uint8)).astype(bool)
    rim = mask & ~core
    chroma = np.hypot(lab[..., 1] - backdrop[..., 1], lab[..., 2] - backdrop[..., 2])
    darker = backdrop[..., 0] - lab[..., 0]
    weight = core.astype(np.float32)
    near, chroma_near, darker_near = _wide_blur(
        np.dstack([weight, chroma * weight, darker * weight]), side)
    product = chroma_near / np.maximum(near, 1e-6)
    # black is the product's own (a strap, a sole): _shade_of stops short of it
    candidate = rim & _shade_of(mask, chroma, darker)
    # beside a product lighter than the shadow (white on white) the shadow is as plain
    product_darker = darker_near / np.maximum(near, 1e-6)
    beside = (product > _RIM_PRODUCT_CHROMA) | (darker - product_darker > _RIM_LIGHTER)
    candidate &= beside & (near > 1e-3)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        candidate.astype(np.uint8), connectivity=8
    )
    # the shadow goes on past the outline (a glass's grey wall meets clean paper)
    beyond = ~mask & (chroma < _SHADOW_CHROMA) & (darker > _RIM_BEYOND)
    rim_shadow, seeds = np.zeros_like(mask), np.zeros_like(mask)
    for i in range(1, count):
        ys, xs = _box(stats, i, pad=2)
        part = labels[ys, xs] == i
        grown = cv2.dilate(part.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
        past = grown & beyond[ys, xs]
        if np.count_nonzero(past) < 3:
            continue
        step = float(np.median(darker[ys, xs][part])) - float(np.median(darker[ys, xs][past]))
        if step >= _RIM_STEP and not _fades(lab[ys, xs, 0], grown & ~part & ~mask[ys, xs]):
            continue  # the shadow must darken on into the rim, without an edge
        coloured = float(np.median(product[ys, xs][part])) > _RIM_PRODUCT_CHROMA
        inside = darker[ys, xs][grown & ~part & mask[ys, xs]]
        if not coloured and (inside.size == 0 or float(np.median(darker[ys, xs][part]))
                             - float(np.median(inside)) <= _RIM_LIGHTER):
            continue  # a white product's own shading darkens towards its edge, no step
        rim_shadow[ys, xs] |= part
        # a shadow running along a coloured product's outline takes the rest of itself
        # (a white product's own grey parts would look the same as its shadow)
        if coloured and stats[i, cv2.CC_STAT_AREA] >= side * side:
            seeds[ys, xs] |= part
    return rim_shadow | _spread(seeds, _shade_of(mask, chroma, darker), mask, side)


def _wide_blur(planes: Array, sigma: float) -> tuple[Array, ...]:
    """Each plane of ``planes`` (H x W x C, float32) Gaussian-blurred with ``sigma``.

    A blur this wide keeps nothing finer than a few pixels, so it runs on a copy a quarter
    the size (a tenth of the cost) and is scaled back.
    """
    h, w = planes.shape[:2]
    step = min(4, int(sigma // 3), h, w)
    if step < 2:
        blurred = cv2.GaussianBlur(planes, (0, 0), sigma)
    else:
        small = cv2.resize(planes, (max(1, w // step), max(1, h // step)),
                           interpolation=cv2.INTER_AREA)
        blurred = cv2.resize(cv2.GaussianBlur(small, (0, 0), sigma / step), (w, h),
                             interpolation=cv2.INTER_LINEAR)
    return tuple(blurred[..., i] for i in range(planes.shape[2]))


def _shade_of(mask: Array, chroma: Array, darker: Array) -> Array:
    """Pixels of ``mask`` that look like the backdrop in shadow: colourless and darker."""
    return (mask & (chroma < _SHADOW_CHROMA) & (darker > _RIM_DARKER)
            & (darker < _SHADOW_DARKER[1]))


def _fades(lightness: Array, ring: Array) -> bool:
    """Whether L* changes gently across ``ring`` (just past the outline): a shadow's ramp.

    A contact line is darker than the cast shadow past it, but it fades into it; a glass's
    grey wall or a grey sole ends in a sharp edge.
    """
    if np.count_nonzero(ring) < 3:
        return False
    gx = cv2.Sobel(lightness, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lightness, cv2.CV_32F, 0, 1, ksize=3)
    slope = np.hypot(gx, gy)[ring] / 8.0  # L* per pixel
    return float(np.percentile(slope, 90)) < _RIM_FADE


def _spread(rim_shadow: Array, shade: Array, mask: Array, side: int) -> Array:
    """``rim_shadow`` grown through the ``shade`` it touches, near the outside.

    A contact line or the shadow at a leg gap's foot is wider than the rim; what is still
    colourless and darker next to it, within :data:`_RIM_SPREAD` times ``side`` (the rim's
    kernel) of the outside, is the same shadow (the frame's edge is not the outside). The
    caller passes only a shadow running along the outline (at least ``side`` squared): a
    speck at a grey lid's corner would take the lid.
    """
    if not rim_shadow.any():
        return rim_shadow
    depth = cv2.distanceTransform(
        cv2.copyMakeBorder(mask.astype(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=1),
        cv2.DIST_L2, 3)[1:-1, 1:-1]
    reach = (shade & (depth <= _RIM_SPREAD * side)) | rim_shadow
    _, labels = cv2.connectedComponents(reach.astype(np.uint8), connectivity=8)
    seeds = np.unique(labels[rim_shadow])
    return np.isin(labels, seeds[seeds > 0])


def _joined(
    mask: Array, lab: Array, backdrop: Array, chroma: Array | None = None
) -> Array:
    """What plainly differs from a plain backdrop, touches ``mask`` and runs off the frame.

    ``chroma`` is each pixel's hue distance from the backdrop (:func:`_hue_off`), when
    the caller has it already.

    That is the arm holding a product; a prop beside the product stays out. What lies
    within the product's own outline (its convex hull) joins it too: a part of a garment
    the network was unsure of (a darker fold on one leg), never a prop beside it.
    """
    chroma = _hue_off(lab, backdrop) if chroma is None else chroma
    differs = (chroma > _JOIN_CHROMA) & ~mask
    differs = cv2.morphologyEx(differs.astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(differs, connectivity=8)
    near = cv2.dilate(mask.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    touching = np.unique(labels[near & differs.astype(bool)])
    edges = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    leaving = np.intersect1d(touching[touching > 0], edges)  # runs off the frame: an arm
    hull = _hull(mask)
    within = [i for i in np.setdiff1d(touching[touching > 0], leaving)
              if float(_values_of(hull, labels, stats, int(i)).mean()) >= _JOIN_WITHIN]
    joined = np.isin(labels, np.concatenate([leaving, np.asarray(within, leaving.dtype)]))
    return joined if joined.sum() <= mask.sum() else np.zeros_like(mask)


def _outlined(region: Array, mask: Array, delta_e: Array) -> bool:
    """Whether ``region`` has a sharp outline against the backdrop: cloth, not a shadow.

    A shadow fades into the paper, so along its outline it barely differs from it; a
    sleeve's edge is a step. Measured on the outline away from the product and the frame,
    in a band :data:`_SLEEVE_OUTLINE` of the long side wide: a shadow's soft edge is as wide
    a share of any photo, so on a small one it climbs as far in fewer pixels, while a
    cloth's step is as sharp at any size.
    """
    side = 2 * max(1, round(_SLEEVE_OUTLINE * max(region.shape))) + 1
    inner = cv2.erode(region.astype(np.uint8), np.ones((side, side), np.uint8)).astype(bool)
    near_mask = cv2.dilate(mask.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    ring = region & ~inner & ~near_mask
    ring[:3], ring[-3:], ring[:, :3], ring[:, -3:] = False, False, False, False
    if np.count_nonzero(ring) < 20:
        return False
    return float(np.percentile(delta_e[ring], 90)) >= _SLEEVE_EDGE


def _sleeve(mask: Array, rgb: Array, delta_e: Array) -> Array:
    """A sleeve: differs from the backdrop, meets ``mask`` at skin and runs off the frame.

    A grey or white sleeve differs from a light backdrop in tone, not hue, so
    :func:`_joined` leaves it out, and with it the way the held product leaves the photo.
    It is told from a shadow by where it meets the product (at the wrist, skin) and by
    its sharp outline (:func:`_outlined`).
    """
    wrist = skin(rgb) & mask
    if not wrist.any():
        return np.zeros_like(mask)
    differs = ((delta_e > _SLEEVE_DELTA_E) & ~mask).astype(np.uint8)
    differs = cv2.morphologyEx(differs, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    count, labels = cv2.connectedComponents(differs, connectivity=8)
    reach = 2 * max(3, round(_SLEEVE_REACH * max(mask.shape))) + 1
    near_wrist = cv2.dilate(wrist.astype(np.uint8), np.ones((reach, reach), np.uint8))
    near_mask = cv2.dilate(mask.astype(np.uint8), np.ones((7, 7), np.uint8))
    near = (near_wrist > 0) & (near_mask > 0)  # the network may keep the cuff's first inch
    touching = np.unique(labels[near & differs.astype(bool)])
    edges = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    leaving = np.intersect1d(touching[touching > 0], edges)
    sleeve = np.isin(labels, [i for i in leaving if _outlined(labels == i, mask, delta_e)])
    if not sleeve.any() or sleeve.sum() > mask.sum():
        return np.zeros_like(mask)
    # a white sleeve's lit middle matches the paper: the sleeve is the hull of its sides
    points = cv2.findNonZero(sleeve.astype(np.uint8))
    hull = np.zeros(mask.shape, np.uint8)
    cv2.fillConvexPoly(hull, cv2.convexHull(points), 1)
    filled = hull.astype(bool) & ~mask
    return filled if filled.sum() <= mask.sum() else sleeve


def _grey_saliency(rgb: Array, box: tuple[int, int, int, int]) -> Array:
    """The network's saliency on a grey copy of ``rgb`` inside ``box`` (0 elsewhere)."""
    left, top, right, bottom = box
    grey = cv2.cvtColor(np.ascontiguousarray(rgb[top:bottom, left:right]), cv2.COLOR_RGB2GRAY)
    small, _ = model.saliency(np.dstack([grey, grey, grey]))
    full = np.zeros(rgb.shape[:2], np.float32)
    full[top:bottom, left:right] = _resized(small, (right - left, bottom - top))
    return full


def _to_frame(
    labels: Array, chosen: Array, shade: Array | None, frame: Frame | None = None
) -> tuple[Array, Array]:
    """Of the ``chosen`` regions, those that run off the frame, and the shadow they take.

    A region runs off the frame when it touches the photo's edge itself, or through the
    shadow at its foot (never more shadow than the region): paper between legs cut by the
    frame is often shaded where it leaves the photo. When ``labels`` is a box of the photo
    (``frame``: its shape), the box's edges are the frame's wherever a region comes near
    them (:func:`_work_box`); the band along them is a share of the photo's long side.
    """
    border = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    leaving = list(np.intersect1d(chosen, border))
    taken = np.zeros(labels.shape, bool)
    if shade is None or not shade.any():
        return np.asarray(leaving, np.int32), taken
    joined = ((labels > 0) | shade).astype(np.uint8)
    _, groups = cv2.connectedComponents(joined, connectivity=8)
    b = max(2, round(_FRAME_BAND * _long_side(labels, frame)))  # a contact line may hide the edge
    edge = np.concatenate([groups[:b].ravel(), groups[-b:].ravel(), groups[:, :b].ravel(),
                           groups[:, -b:].ravel()])
    for i in np.setdiff1d(chosen, border):
        region = labels == i
        group = groups == groups[region][0]
        foot = group & shade & (labels == 0)
        if np.isin(groups[region][0], edge) and foot.sum() <= region.sum():
            leaving.append(i)
            taken |= foot
    return np.asarray(leaving, np.int32), taken


def _backdrop_gaps(
    mask: Array, saliency: Array, rgb: Array, delta_e: Array, shade: Array | None = None,
    frame: Frame | None = None,
) -> Array:
    """Backdrop-coloured regions inside ``mask`` that are gaps, not product (module doc).

    One that runs off the frame between parts of the product is a gap; the others of the
    paper's own colour (:data:`_PAPER_DELTA_E`) get the network's opinion on a grey copy,
    and those plainly off it (a grey label) are product. Only what the network itself kept
    (salient in colour)
    is questioned: a hole it called
    background was already decided by :func:`_product_holes`. A product close to the
    backdrop's colour (white on white) is left alone: inside a logo ring on a white tote,
    its own fabric would look like a gap. ``frame``: the photo's shape, when the arrays are
    a box of it (:func:`_work_box`).
    """
    if not mask.any() or float(np.median(delta_e[mask])) < _GAP_PRODUCT_DELTA_E:
        return np.zeros_like(mask)  # a white product on white: its own parts look like gaps
    kept = saliency >= THRESHOLD
    coloured = (mask & kept & (delta_e < _GAP_DELTA_E)).astype(np.uint8)
    candidate = cv2.morphologyEx(coloured, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(candidate, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    sized = ((areas >= _GAP_SMALLEST * _area(mask, frame))
             & (areas <= _GAP_LARGEST * mask.sum()))
    # a gap is surrounded by the product (or the frame): a white cap on the outline is not
    outside = cv2.dilate((~mask).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    bordering = np.unique(labels[outside & candidate.astype(bool)])
    sized[bordering[bordering > 0] - 1] = False
    chosen = np.flatnonzero(sized) + 1
    # the paper showing between parts that run off the frame (legs cut by the photo's
    # edge) is a gap: a label or logo does not run off the photo with the product around it
    leaving, foot = _to_frame(labels, chosen, None if shade is None else shade & mask, frame)
    gaps = np.isin(labels, leaving) | foot
    # paper seen through a gap is the paper's own colour: a region plainly off it (a grey
    # or printed white label) is the product's, and the network is not asked (a pass saved)
    chosen = np.asarray([i for i in np.setdiff1d(chosen, leaving)
                         if float(np.median(_values_of(delta_e, labels, stats, int(i))))
                         < _PAPER_DELTA_E], np.int32)
    box = _crop_box(mask)
    if chosen.size == 0 or box is None:
        return gaps
    grey = _grey_saliency(rgb, box)
    for i in chosen:
        region = labels == i
        if float(grey[region].mean()) < _GAP_GREY:
            gaps |= region
    return gaps


def _open_gaps(
    mask: Array, delta_e: Array, shade: Array, dim: Array | None = None,
    frame: Frame | None = None,
) -> Array:
    """Paper and floor shadow the network filled into a gap open at one side (module doc).

    Between trouser legs, between a chair's legs, under a strap: the backdrop (or the
    backdrop in the product's shadow, ``shade``) shows in a notch of the outline the network
    closed over. Such a region meets the outside through one opening, lies within the hull
    of the product around it (product on both sides), and reaches deeper into the product
    than its opening is wide (:data:`_OPEN_DEEP`); and it is the backdrop seen through that
    opening (:func:`_opens_onto_paper`). A contact line the network kept across the opening
    (``dim``: colourless and darker than the backdrop, in the outline's rim) does not close
    it. A white band across a bottle meets the outside
    twice; a white collar in a neckline, or a white toe open on three sides, is shallower
    than its opening; a white cap between its own grey edges opens onto clean paper in a
    white of its own: all stay. Only on a product unlike its backdrop, as for
    :func:`_backdrop_gaps`. ``frame``: the photo's shape, when the arrays are a box of it.
    """
    gaps = np.zeros_like(mask)
    box = _crop_box(mask)
    if box is None or float(np.median(delta_e[mask])) < _GAP_PRODUCT_DELTA_E:
        return gaps
    # all of it happens near the product: its box (with the margin) is worked on alone
    near = (slice(box[1], box[3]), slice(box[0], box[2]))
    found = _open_gaps_in(mask[near], delta_e[near], shade[near],
                          None if dim is None else dim[near],
                          mask.shape if frame is None else frame)
    gaps[near] = found
    return gaps


def _open_gaps_in(
    mask: Array, delta_e: Array, shade: Array, dim: Array | None, frame: tuple[int, ...]
) -> Array:
    """:func:`_open_gaps` on a box round the product; ``frame``: the photo's shape."""
    gaps = np.zeros_like(mask)
    long_side = max(frame[:2])
    paper = (mask & ((delta_e < _GAP_DELTA_E) | shade)).astype(np.uint8)
    candidate = cv2.morphologyEx(paper, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(candidate, connectivity=8)
    leaky = ~mask
    if dim is not None:
        side = 2 * max(2, round(_RIM * long_side)) + 1
        core = cv2.erode(mask.astype(np.uint8), np.ones((side, side), np.uint8)).astype(bool)
        leaky = leaky | (mask & ~core & dim & ~candidate.astype(bool))
        shade = shade | dim
    # the network's ragged edge across the opening counts as one stretch of it
    reach = 2 * max(3, round(_OPENING * long_side)) + 1
    outside = cv2.dilate(leaky.astype(np.uint8), np.ones((reach, reach), np.uint8))
    areas = stats[1:, cv2.CC_STAT_AREA]
    sized = (areas >= _GAP_SMALLEST * frame[0] * frame[1]) & (areas <= _GAP_LARGEST * mask.sum())
    for i in np.flatnonzero(sized) + 1:
        ys, xs = _box(stats, int(i), pad=2, shape=mask.shape)
        region = labels[ys, xs] == i
        opening = (region & outside[ys, xs].astype(bool)).astype(np.uint8)
        if not opening.any() or cv2.connectedComponents(opening)[0] != 2:
            continue  # enclosed (decided above), or a band running across the product
        _, _, span_w, span_h = cv2.boundingRect(opening)
        if stats[i, cv2.CC_STAT_AREA] < _OPEN_DEEP * max(span_w, span_h) ** 2:
            continue  # shallow: a collar in a neckline, a notch in the outline
        if not _opens_onto_paper(region, opening, leaky[ys, xs], delta_e[ys, xs],
                                 shade[ys, xs]):
            continue  # a white cap between its own grey edges opens onto clean paper
        rest = _hull(mask & ~(labels == i))
        if float(rest[ys, xs][region].mean()) >= _OPEN_WITHIN:
            gaps[ys, xs] |= region
    return gaps


def _opens_onto_paper(
    region: Array, opening: Array, beyond: Array, delta_e: Array, shade: Array
) -> bool:
    """Whether ``region`` is the backdrop itself, seen through its ``opening`` onto ``beyond``.

    Either the floor's shadow lies in it and goes on past the opening (the shadow between
    legs runs out under the hems), with the paper mostly close to its own colour in it, or
    it is the paper itself, matching it as closely as the
    paper matches its own fit (:data:`_PAPER_SAME`). A white part of the product between two
    of its own edges opens onto clean paper and is a whiter or greyer white than it.
    """
    paper = float(np.median(delta_e[region]))
    if paper < _PAPER_SAME:
        return True
    if paper >= _GAP_DELTA_E:
        return False  # all of it far darker than the paper: a grey part (a lid) in its rim
    grown = cv2.dilate(opening, np.ones((5, 5), np.uint8)).astype(bool)
    past = grown & beyond
    if np.count_nonzero(past) < 3 or not (shade & region).any():
        return False
    return float(shade[past].mean()) >= 0.5


def _dim(lab: Array, backdrop: Array, mask: Array) -> Array:
    """Where the photo is the backdrop darkened without its hue, however sharply (a contact line).

    Only within ``mask``'s box (:func:`_crop_box`, where :func:`_open_gaps` looks); False
    elsewhere.
    """
    dim = np.zeros_like(mask)
    box = _crop_box(mask)
    if box is None:
        return dim
    near = (slice(box[1], box[3]), slice(box[0], box[2]))
    part, paper = lab[near], backdrop[near]
    chroma = np.hypot(part[..., 1] - paper[..., 1], part[..., 2] - paper[..., 2])
    dim[near] = _shade_of(np.ones(chroma.shape, bool), chroma, paper[..., 0] - part[..., 0])
    return dim


def _doubted_near(gaps: Array, saliency: Array, frame: Frame | None = None) -> Array:
    """``saliency`` with no certainty left around ``gaps``.

    The network was sure of the gaps, and they were paper: beside them it is no witness.
    The shadow a product casts into a gap is judged there by its colour alone.
    ``frame``: the photo's shape, when the arrays are a box of it.
    """
    side = 2 * max(2, round(_GAP_SHADOW_REACH * _long_side(gaps, frame))) + 1
    near = cv2.dilate(gaps.astype(np.uint8), np.ones((side, side), np.uint8)).astype(bool)
    return np.where(near, np.float32(0.0), saliency)


def _restored(first: Array, second: Array, delta_e: Array) -> Array:
    """``second`` with the parts the whole photo's pass was sure of, and unlike the paper.

    On the crop the network sometimes loses part of a white garment on white (a sleeve a
    shade greyer than the body) that it was sure of on the whole photo. Such a region, of
    :data:`_RESTORED` of the photo at least, is product unless it is the paper itself
    (:data:`_PAPER_SAME`): a handle's gap the whole photo's coarser pass filled in.
    """
    doubted = ((first >= _SURE) & (second < THRESHOLD)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(doubted, connectivity=8)
    restore = np.zeros(first.shape, bool)
    for i in range(1, count):
        if stats[i, cv2.CC_STAT_AREA] < _RESTORED * first.size:
            continue
        box = _box(stats, i)
        region = labels[box] == i
        if float(np.median(delta_e[box][region])) >= _PAPER_SAME:
            restore[box] |= region
    return np.where(restore, first, second)


def _local_paper(
    mask: Array, lab: Array, backdrop: Array, shade: Array, frame: Frame | None = None
) -> Array:
    """The backdrop field (Lab) shifted by how the paper right round the product differs from it.

    A plane fitted to the frame misses a vignette or a light pool round the product; the
    paper seen through the product's gaps is judged against the paper beside it instead.
    ``frame``: the photo's shape, when the arrays are a box of it.
    """
    reach = 2 * max(3, round(_WINDOW_AROUND * _long_side(mask, frame))) + 1
    near = cv2.dilate(mask.astype(np.uint8), np.ones((reach, reach), np.uint8)).astype(bool)
    ring = near & ~cv2.dilate(mask.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    ring &= ~shade
    if np.count_nonzero(ring) < 20:
        return backdrop
    offset = np.median(lab[ring] - backdrop[ring], axis=0).astype(np.float32)
    return backdrop + offset


def _paper_in_shadow(rgb: Array, paper: Array) -> Array:
    """Where ``rgb`` is the ``paper`` (RGB, per pixel) dimmed by a shadow, or the paper itself.

    A shadow scales the light on the paper, every channel by the same factor: the colour's
    proportions (its chromaticity) stay the paper's, however dark (down to
    :data:`_WINDOW_DIMMEST` of it).

    Worked channel by channel (the sums added in the order a sum over the last axis adds
    them, every channel's drift tested instead of their maximum): the same figures without
    numpy's slow strided reductions over an H x W x 3 array.
    """
    total = rgb[..., 0] + rgb[..., 1]
    total += rgb[..., 2]
    paper_total = paper[..., 0] + paper[..., 1]
    paper_total += paper[..., 2]
    light, paper_light = np.maximum(total, 1.0), np.maximum(paper_total, 1.0)
    factor = total / paper_light
    found = (factor > _WINDOW_DIMMEST) & (factor < _WINDOW_BRIGHTEST)
    for c in range(3):
        found &= np.abs(rgb[..., c] / light - paper[..., c] / paper_light) < _WINDOW_CHROMATICITY
    return found


def _wires(lightness: Array, long_side: int) -> Array:
    """Thin lines darker than either side of them: a grid's wires, a string (black top-hat).

    A broad shadow and the blend at a wide bar's edge are no darker than their
    surroundings' closing; a wire narrower than :data:`_WIRE_WIDTH` of the long side is.
    """
    side = 2 * max(2, round(_WIRE_WIDTH * long_side)) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    closed = cv2.morphologyEx(lightness, cv2.MORPH_CLOSE, kernel)
    return (closed - lightness) > _WIRE_DARKER


@dataclass(frozen=True)
class _Pane:
    """One region walled in by a product unlike its paper, and what shows in it.

    Attributes:
        box: Its bounding box (rows, columns).
        region: True on the region, within ``box``.
        paper: The paper itself or its shadow, within ``box``, less any thin wire crossing
            it (:func:`_wires`): what goes if it is a window.
        exact: The share of its inside (its blended rim aside) within
            :data:`_WINDOW_DELTA_E` of the paper beside the product.
        median: The median distance (ΔE) of those pixels from that paper.
        cast: The share of it in a shadow thicker than an edge's blend: a cast shadow.
        solid: The share of its wall that is no grey of the paper's own hue: dark or
            coloured (a grey wall, like polished steel, looks like the paper in shadow).
        compact: Its isoperimetric quotient (1 for a disc, 0.79 for a square; a letter's
            strokes far less).
    """

    box: tuple[slice, slice]
    region: Array
    paper: Array
    exact: float
    median: float
    cast: float
    solid: float
    compact: float

    def is_window(self) -> bool:
        """Paper with the shadow of a dark or coloured wall falling on it.

        No print looks like that; a polished steel link between two grey lines does (its
        grey is the paper's shadow, its highlights the paper), so its wall must be solid.
        """
        return (self.exact >= _WINDOW_LIT and self.median <= _WINDOW_EXACT
                and self.cast >= _WINDOW_SHADED and self.solid >= _WINDOW_SOLID
                and float(self.paper.mean()) >= _WINDOW_SEEN * float(self.region.mean()))

    def looks_like_paper(self, share: float) -> bool:
        """Mostly the paper or its shadow, near enough, between grey lines or filling most of it.

        ``share`` is its share of the product. Paper seen between a whisk's grey wires, or a
        racket's strung head, is doubtful; a white logo walled in by a black mug's body (its
        gloss greying it like a shadow) is a print, and is not.
        """
        return (self.exact >= _WINDOW_LIT and self.median <= _UNSURE_MEDIAN
                and float(self.paper.mean()) >= _MESH_PAPER * float(self.region.mean())
                and (self.solid < _WINDOW_SOLID or share >= _UNSURE_MOST))

    def is_clean(self) -> bool:
        """A compact hole of nearly all the paper's own colour: a mesh's, or a white dot.

        A printed letter of the paper's white is no compact shape: its strokes are thin.
        """
        return (self.exact >= _MESH_EXACT and self.median <= _MESH_MEDIAN
                and self.compact >= _MESH_COMPACT)


def _panes(
    mask: Array, rgb: Array, lab: Array, paper: Array, delta_e: Array,
    frame: tuple[int, ...],
) -> list[_Pane]:
    """The regions of ``mask`` walled in by its parts plainly unlike the paper (module doc).

    The arrays are a crop round the product; ``frame`` is the whole photo's shape, which
    the widths of wires and shadows and the smallest hole are measured against.
    """
    long_side = max(frame[:2])
    area = np.count_nonzero(mask)
    if np.count_nonzero(mask & (delta_e >= _WALL_DELTA_E)) < _WALL_SHARE * area:
        return []  # a white or pale product: nothing walls the paper in
    paper_rgb = cv2.cvtColor(np.ascontiguousarray(paper), cv2.COLOR_LAB2RGB) * 255.0
    dim = _paper_in_shadow(rgb.astype(np.float32), paper_rgb)
    # a grey wire on white paper has the paper's proportions too, but it is a thin line
    wires = _wires(lab[..., 0], long_side)
    unlike = mask & (delta_e >= _WALL_DELTA_E) & (~dim | wires)
    if np.count_nonzero(unlike) < _WALL_SHARE * area:
        return []
    walls = cv2.morphologyEx(unlike.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    rest = (mask & ~walls.astype(bool)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=4)
    outside = cv2.dilate((~mask).astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    open_ = set(np.unique(labels[outside]).tolist())
    d = lab - paper
    local = np.sqrt((d * d).sum(axis=-1))
    side = 2 * max(1, round(_WINDOW_CAST * long_side)) + 1
    thick = np.ones((side, side), np.uint8)
    panes = []
    for i in range(1, count):
        if i in open_ or stats[i, cv2.CC_STAT_AREA] < _MESH_SMALLEST * frame[0] * frame[1]:
            continue
        box = _box(stats, i, pad=1, shape=mask.shape)
        region = labels[box] == i
        n = float(np.count_nonzero(region))
        ring = cv2.dilate(region.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        ring &= ~region
        solid = float(np.mean(~dim[box][ring])) if ring.any() else 0.0
        exact = region & (local[box] < _WINDOW_DELTA_E)
        shaded = region & dim[box] & ~exact
        cast = cv2.erode(shaded.astype(np.uint8), thick).astype(bool)
        # a cast shadow lies along the wall that casts it, not in the middle of the region
        depth = cv2.distanceTransform(np.pad(region, 1).astype(np.uint8), cv2.DIST_L2, 3)
        cast &= depth[1:-1, 1:-1] <= _CAST_REACH * long_side
        # judged inside its blended rim, where a small hole shows the paper alone
        core = cv2.erode(region.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        core = core if core.any() else region
        seen = local[box][core]
        paper_like = seen[seen < _WINDOW_DELTA_E]
        median = float(np.median(paper_like)) if paper_like.size else float("inf")
        contours, _ = cv2.findContours(region.astype(np.uint8), cv2.RETR_EXTERNAL,
                                       cv2.CHAIN_APPROX_NONE)
        perimeter = sum(cv2.arcLength(c, True) for c in contours)
        compact = float(4 * np.pi * n / perimeter**2) if perimeter else 0.0
        panes.append(_Pane(box, region, region & dim[box] & ~wires[box],
                           float(np.mean(seen < _WINDOW_DELTA_E)), median,
                           np.count_nonzero(cast) / n, solid, compact))
    return panes


def _windows(
    mask: Array, rgb: Array, lab: Array, paper: Array, delta_e: Array,
    frame: Frame | None = None,
) -> tuple[Array, float]:
    """Paper seen through a lattice, grid or mesh of a product plainly unlike it.

    ``paper`` is the paper beside the product (:func:`_local_paper`). A region walled in by
    the product's dark or coloured parts, or thin lines darker than the paper
    (:func:`_panes`), is a window onto the paper when the product's shadow falls into it
    along its wall (:meth:`_Pane.is_window`) and it is one of at least
    :data:`_LATTICE_CELLS` such regions (a trivet's cells): a single one is as likely a
    white-and-grey print.
    When :data:`_MESH_HOLES` or more compact regions show the paper's exact colour
    (:meth:`_Pane.is_clean`), the product is a mesh (a colander, a wire basket, a cooling
    rack): every region mostly showing the paper or its shadow is a hole. Fewer such
    regions (a few white dots), or a print's letters (no compact shapes), stay. What goes
    is the paper and its shadow; a wire or a string across a window stays. ``frame``: the
    photo's shape, when the arrays are a box of it.

    Returns:
        The windows, and the share of the mask in regions kept that still look like the
        paper or its shadow (:meth:`_Pane.looks_like_paper`: a whisk's gaps seen through a
        vignette, a racket's strung head): what the confidence reports.
    """
    windows = np.zeros_like(mask)
    box = _crop_box(mask)
    if box is None:
        return windows, 0.0
    # all of it happens within the product's box (with its margin): worked on alone
    near = (slice(box[1], box[3]), slice(box[0], box[2]))
    whole = mask.shape if frame is None else frame
    panes = _panes(mask[near], rgb[near], lab[near], paper[near], delta_e[near], whole)
    large = _GAP_SMALLEST * _area(mask, frame)
    area = max(1.0, float(np.count_nonzero(mask)))
    mesh = sum(pane.is_clean() for pane in panes) >= _MESH_HOLES
    shown = [pane.is_window() and float(pane.region.sum()) >= large for pane in panes]
    lattice = sum(shown) >= _LATTICE_CELLS  # one such region alone is a print's grey
    kept = 0.0
    for pane, window in zip(panes, shown, strict=True):
        seen = float(pane.paper.sum())
        if ((lattice and window)
                or (mesh and seen >= _MESH_PAPER * float(pane.region.sum()))):
            windows[near][pane.box] |= pane.paper
        elif pane.looks_like_paper(float(pane.region.sum()) / area):
            kept += float(pane.region.sum())
    return windows, kept / area


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


def _blown(rgb: Array) -> Array:
    """Where the photo is blown out to pure white: every channel at 254 or more.

    Compared channel by channel: a minimum over the last axis of an H x W x 3 array is a
    slow strided reduction, for the same answer.
    """
    return (rgb[..., 0] >= 254) & (rgb[..., 1] >= 254) & (rgb[..., 2] >= 254)


_WORK_MARGIN = (0.1, 16)  # the work box's margin round the mask: this share of the long side + px


def _work_box(mask: Array) -> tuple[slice, slice]:
    """The box round ``mask`` that the rules working near the product are run in.

    Most of the photo is paper far from the product, where those rules find nothing;
    working on a box round it (a third of a tall bottle's 1024 px frame) spares their
    full-frame passes. The margin (:data:`_WORK_MARGIN`) is wider than anything they
    reach past the mask: the crop box they search (:func:`_crop_box`, 8% of the mask's
    extent + 8 px), a cast shadow's reach (:mod:`.cast`, 6%), the paper sampled beside the
    product (:func:`_local_paper`, 3%, with the shade's blur). So the box's edge is either
    the frame's own edge, or paper none of them reads: a rule asking whether something
    touches the box's edge gets the frame's answer, and the rules measured against the
    photo's size are given the frame's shape. The whole photo when ``mask`` is empty.
    """
    h, w = mask.shape
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return slice(0, h), slice(0, w)
    margin = round(_WORK_MARGIN[0] * max(h, w)) + _WORK_MARGIN[1]
    return (slice(max(0, int(rows[0]) - margin), min(h, int(rows[-1]) + margin + 1)),
            slice(max(0, int(cols[0]) - margin), min(w, int(cols[-1]) + margin + 1)))


def _placed(part: Array, box: tuple[slice, slice], shape: tuple[int, ...]) -> Array:
    """``part`` (bool, a box of the frame) on an empty frame of ``shape``."""
    full = np.zeros(shape[:2], bool)
    full[box] = part
    return full


@dataclass(frozen=True)
class _OnPaper:
    """What the plain-backdrop rules near the product decided (steps 3 to 5).

    Attributes:
        mask: The product, with the paper, shadows and gaps they found taken out.
        loops: The large gaps cut out (:func:`_loops`), with their pale rim.
        windows: The paper seen through a lattice or a mesh (:func:`_windows`).
        unsure: The share of the mask in regions kept that still look like the paper.
    """

    mask: Array
    loops: Array
    windows: Array
    unsure: float


def _on_paper(
    mask: Array, rgb: Array, lab: Array, saliency: Array, backdrop: Array, delta_e: Array,
    chroma: Array, frame: Frame,
) -> _OnPaper:
    """Steps 3 to 5 of the module doc on a plain backdrop, on a box of the photo.

    The arrays are the work box (:func:`_work_box`) of the photo's mask, RGB, Lab,
    saliency, fitted backdrop (Lab), distance from it and hue distance from it (:func:`_hue_off`);
    ``frame`` is the photo's shape, which sizes and the frame's edges are measured on.
    """
    shade, paper_shade = _shaded(lab, backdrop, chroma)
    paper = _local_paper(mask, lab, backdrop, shade, frame)
    darker = paper[..., 0] - lab[..., 0]
    cut = _paper_gaps(mask, delta_e, shade, paper_shade, blown=_blown(rgb), darker=darker,
                      frame=frame)
    loops = _loops(cut, mask)
    if loops.any():
        edge = _loop_edge(mask & ~cut, loops, lab, backdrop, delta_e, frame)
        cut, loops = cut | edge, loops | edge
    mask = mask & ~cut
    windows, unsure = _windows(mask, rgb, lab, paper, delta_e, frame)
    mask &= ~windows
    if not loops.any():  # a loop's inside and the shadow in it were decided above
        paper_rgb = cv2.cvtColor(np.ascontiguousarray(paper), cv2.COLOR_LAB2RGB) * 255.0
        mask &= ~cast_shadow(mask, rgb, paper_rgb, lab, paper, max(frame[:2]))
    mask &= ~_shadow(mask, saliency, shade)
    gaps = _backdrop_gaps(mask, saliency, rgb, delta_e, shade, frame)
    gaps |= _open_gaps(mask & ~gaps, delta_e, shade, _dim(lab, backdrop, mask), frame)
    if gaps.any():
        mask &= ~gaps
        mask &= ~_shadow(mask, _doubted_near(gaps, saliency, frame), shade)
    return _OnPaper(mask, loops, windows, unsure)


def learned_mask(photo: Array) -> LearnedMask:
    """Decide the product mask of an opaque photo with the learned model.

    Args:
        photo: uint8 RGB photo.

    Returns:
        The mask with the evidence the confidence is measured from.
    """
    rgb = classical.downscaled(photo, WORK_SIDE)
    unsure = 0.0
    saliency, first, peak = two_pass_saliency(rgb)
    agreement = iou(first >= THRESHOLD, saliency >= THRESHOLD)
    coherent = _coherent(first >= THRESHOLD)
    lab = classical.to_lab(rgb)
    backdrop = backdrops.fit(lab)
    plain = backdrop.plain
    delta_e = backdrop.delta_e(lab) if plain else None
    if agreement < _DISAGREE and coherent:
        saliency = first  # the crop's pass lost the product the whole photo shows
    elif delta_e is not None:
        saliency = _restored(first, saliency, delta_e)
    mask = classical.main_components(saliency >= THRESHOLD, share=0.05)
    frame = mask.shape
    box = _work_box(mask)  # the rules near the product see only this box of the frame
    mask[box] |= _product_holes(mask[box], saliency[box],
                                None if delta_e is None else delta_e[box])
    if plain and delta_e is not None:
        chroma = _hue_off(lab, backdrop.lab)
        near = _on_paper(mask[box], rgb[box], lab[box], saliency[box], backdrop.lab[box],
                         delta_e[box], chroma[box], frame)
        mask, loops = _placed(near.mask, box, frame), _placed(near.loops, box, frame)
        windows, unsure = _placed(near.windows, box, frame), near.unsure
        # an arm or a sleeve runs off the frame: these two read the whole photo
        mask |= _joined(mask, lab, backdrop.lab, chroma)
        mask |= _sleeve(mask, rgb, delta_e)
        mask &= ~_shadow_rim(mask | loops, lab, backdrop.lab)
        box = _work_box(mask)  # the mask may have grown (an arm): a box round it now
        part = mask[box]
        opened = cv2.morphologyEx(part.astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5)))
        # the wires between a mesh's windows are thinner than the opening: they stay
        near_windows = windows[box].astype(np.uint8)
        wires = part & cv2.dilate(near_windows, np.ones((5, 5), np.uint8)).astype(bool)
        mask = _placed(classical.main_components(opened.astype(bool) | wires, share=0.05,
                                                 frame_size=frame[0] * frame[1]), box, frame)
    inside = 0.0 if delta_e is None else paper_inside(mask[box], delta_e[box], frame)
    inside = max(inside, unsure)
    shown = (0.0 if delta_e is None
             else paper_between_wires(mask[box], delta_e[box] < _SHOWN_DELTA_E))
    return LearnedMask(
        mask=_full_size(mask, photo.shape),
        saliency=saliency,
        agreement=agreement,
        peak=peak,
        coherent=coherent,
        backdrop=backdrop if plain else None,
        paper_inside=inside,
        paper_shown=shown,
    )
