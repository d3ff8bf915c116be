"""Drawn products of the cutout benchmark's ``unseen2`` split, as RGBA layers whose alpha is known.

Drawn for issue 18 by someone who never read the cutout's code, after every earlier split
had been tuned on, and never scored while tuning (see :mod:`benchmarks.cutout_cases`). Same
approach as :mod:`benchmarks.cutout_drawings_unseen`: each drawing is deterministic in its
seed and returns a float32 RGBA array (alpha 0..255, anti-aliased, shapes drawn 4x
supersampled) that the cases composite on paper with a shadow and JPEG. The water bottle
also returns its silhouette: most of it is see-through, yet all of it is product. Large
photos are drawn at a working size and enlarged with :func:`scaled`, which adds the
sensor grain an enlarged drawing lacks.

:data:`LOOPS` says how many enclosed background gaps (handle loops, strap gaps) each
drawing was drawn with, so that the truth can be checked against the intent.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from benchmarks.cutout_drawings import (
    Point,
    Size,
    _arc,
    _cylinder,
    _ellipse,
    _Layers,
    _line,
    _poly,
    _rgb,
    _rrect,
)
from benchmarks.cutout_drawings_unseen import (
    _ellipses,
    _folds,
    _grain,
    _lines,
    _polys,
    _rows,
    _smooth,
)

LIGHT_SKIN = (234.0, 192.0, 164.0)

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "grey_backpack": 1,
    "black_headphones": 1,
    "cream_vase": 1,
    "tan_sandals": 2,
    "wicker_basket": 2,
    "steel_watch": 1,
}


def scaled(rgba: np.ndarray, factor: float, seed: int, grain: float = 1.4) -> np.ndarray:
    """``rgba`` enlarged (or reduced) by ``factor``, colour resampled premultiplied, with grain."""
    h, w = rgba.shape[:2]
    size = (round(w * factor), round(h * factor))
    a = rgba[..., 3] / 255.0
    pre = cv2.resize(rgba[..., :3] * a[..., None], size, interpolation=cv2.INTER_CUBIC)
    alpha = np.clip(cv2.resize(a.astype(np.float32), size, interpolation=cv2.INTER_LINEAR), 0, 1)
    rgb = np.where(alpha[..., None] > 1e-3, pre / np.maximum(alpha[..., None], 1e-3), 0.0)
    noise = np.random.default_rng(seed).normal(0, grain, (size[1], size[0], 1))
    rgb = np.clip(rgb + noise, 0, 255)
    return np.dstack([rgb, alpha * 255]).astype(np.float32)


def _volume(cover: np.ndarray, reach: float, depth: float) -> np.ndarray:
    """A brightness factor that falls off towards ``cover``'s edge: roundness, (h, w, 1)."""
    inside = (cover > 0.5).astype(np.uint8)
    dist = cv2.distanceTransform(inside, cv2.DIST_L2, 5)
    return (1 - depth * np.exp(-dist / reach))[..., None].astype(np.float32)


def _soft(cover: np.ndarray, sigma: float) -> np.ndarray:
    """``cover`` blurred: a soft highlight or shade to paint at partial strength."""
    return cv2.GaussianBlur(cover, (0, 0), sigma)


def _dashes(points: Sequence[Point], dash: float, gap: float) -> list[list[Point]]:
    """Stitching: the polyline ``points`` cut into ``dash``-long pieces ``gap`` apart."""
    pts = np.asarray(points, np.float64)
    seg = np.hypot(*np.diff(pts, axis=0).T)
    at = np.concatenate([[0.0], np.cumsum(seg)])
    out: list[list[Point]] = []
    start = 0.0
    while start + dash <= at[-1]:
        ends = [start, start + dash]
        xy = [(float(np.interp(t, at, pts[:, 0])), float(np.interp(t, at, pts[:, 1])))
              for t in ends]
        out.append(xy)
        start += dash + gap
    return out


def _stitch(
    size: Size, lines: Sequence[Sequence[Point]], dash: float = 9, gap: float = 6,
    width: float = 2,
) -> np.ndarray:
    """Coverage of dashed stitch lines along each polyline."""
    pieces = [piece for points in lines for piece in _dashes(points, dash, gap)]
    return _lines(size, pieces, width)


def _rib(size: Size, period: float, depth: float, vertical: bool = True) -> np.ndarray:
    """Knit ribbing: a brightness factor striped every ``period`` px, (h, w, 1)."""
    w, h = size
    axis = np.arange(w if vertical else h, dtype=np.float32)
    stripes = 1 - depth * (0.5 + 0.5 * np.sin(2 * np.pi * axis / period))
    shaped = stripes[None, :] if vertical else stripes[:, None]
    return np.broadcast_to(shaped, (h, w))[..., None].astype(np.float32)


def white_hoodie(seed: int) -> np.ndarray:
    """A white hoodie, flat, hood up, a kangaroo pocket and two drawstrings (1000x1150)."""
    size = (1000, 1150)
    body = _poly(size, [(330, 250), (670, 250), (700, 1010), (300, 1010)])
    sleeves = _polys(size, [[(340, 248), (280, 270), (214, 380), (140, 920), (250, 944),
                             (300, 640), (360, 600), (350, 470)],
                            [(660, 248), (720, 270), (786, 380), (860, 920), (750, 944),
                             (700, 640), (640, 600), (650, 470)]])
    hood = np.maximum(_ellipse(size, (346, 72, 654, 330)),
                      _poly(size, [(352, 290), (350, 200), (650, 200), (648, 290)]))
    silhouette = np.maximum.reduce([body, sleeves, hood])
    fabric = (_rgb((247, 246, 243)) * _folds(size, seed, 40, 170, 0.06)
              * _volume(silhouette, 26, 0.07) + _grain(size, seed, 1.3))
    layers = _Layers(size)
    layers.paint(fabric * 0.97, sleeves)
    layers.paint(fabric, body)
    layers.paint((222, 221, 217), _stitch(size, [[(334, 262), (318, 520)],
                                                 [(666, 262), (682, 520)]], 8, 5))
    layers.paint(fabric * 0.99, hood)
    layers.paint(_rgb((206, 204, 199)) * _folds(size, seed + 1, 40, 40, 0.12),
                 _ellipse(size, (410, 140, 590, 300)))  # inside the hood, in its own shade
    layers.paint(fabric * 0.96, np.clip(_ellipse(size, (398, 128, 602, 312))
                                        - _ellipse(size, (416, 146, 584, 296)), 0, 1))
    pocket = _poly(size, [(372, 700), (628, 700), (676, 900), (324, 900)])
    layers.paint(fabric * _folds(size, seed + 2, 60, 30, 0.05), pocket)
    layers.paint((214, 213, 209), _lines(size, [[(372, 702), (324, 898)],
                                                [(628, 702), (676, 898)]], 4))  # the openings
    layers.paint((220, 219, 215), _stitch(size, [[(376, 712), (624, 712)],
                                                 [(330, 890), (670, 890)]]))
    cuffs = [[(142, 884), (252, 906), (250, 944), (140, 920)],
             [(858, 884), (748, 906), (750, 944), (860, 920)],
             [(302, 944), (698, 944), (700, 1010), (300, 1010)]]
    layers.paint(fabric * _rib(size, 7, 0.06) * 0.97, _polys(size, cuffs))
    cords = [[(474, 298), (470, 420), (462, 560)], [(526, 298), (534, 430), (546, 586)]]
    layers.paint((208, 207, 203), _lines(size, cords, 13))
    layers.paint((246, 245, 242), _lines(size, cords, 8))
    layers.paint((190, 190, 192), _rrect(size, (455, 556, 469, 596), 4))  # the aglets
    layers.paint((190, 190, 192), _rrect(size, (539, 582, 553, 622), 4))
    layers.paint((232, 232, 234), _rrect(size, (458, 560, 462, 590), 2))
    eyelets = [(470 - 10, 292, 470 + 10, 312), (530 - 10, 292, 530 + 10, 312)]
    layers.paint((180, 180, 182), _ellipses(size, eyelets))
    return layers.rgba()


def grey_backpack(seed: int) -> np.ndarray:
    """A grey backpack: a top loop handle, side compression straps, a zipped pocket (1000x1100)."""
    size = (1000, 1100)
    w, h = size
    body = _rrect(size, (250, 250, 750, 1000), 150)
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    weave = (1 + 0.025 * np.sin(x / 1.6) * np.sin(y / 1.6))[..., None]
    nylon = (_rgb((128, 132, 138)) * weave * _volume(body, 40, 0.22)
             * (1 + 0.05 * _smooth(size, seed, 90, 90)[..., None]) + _grain(size, seed, 2.0))
    layers = _Layers(size)
    straps = _polys(size, [[(256, 560), (232, 700), (226, 980), (256, 980)],
                           [(744, 560), (768, 700), (774, 980), (744, 980)]])
    layers.paint(_rgb((58, 60, 64)) * (1 + _grain(size, seed + 3, 0.03)), straps)
    handle = _arc(size, (432, 150, 568, 300), 22)
    layers.paint(_rgb((60, 62, 66)) * _cylinder(size, 432, 568) ** 0.2, handle)
    layers.paint((52, 54, 58), np.maximum(_rrect(size, (420, 212, 454, 270), 5),
                                          _rrect(size, (546, 212, 580, 270), 5)))
    layers.paint(nylon, body)
    layers.paint((96, 98, 104), _line(size, [(280, 420), (400, 300), (600, 300), (720, 420)], 8))
    layers.paint((170, 172, 176), _line(size, [(280, 420), (400, 300), (600, 300), (720, 420)],
                                        2))  # the zip's teeth catch the light
    pocket = _rrect(size, (320, 620, 680, 950), 60)
    layers.paint(nylon * 1.06, pocket)
    layers.paint((92, 94, 100), np.clip(pocket - _rrect(size, (326, 626, 674, 944), 56), 0, 1))
    layers.paint((98, 100, 106), _line(size, [(340, 680), (660, 680)], 7))
    layers.paint((40, 40, 44), _rrect(size, (606, 674, 620, 720), 4))  # the zip pull
    layers.paint((210, 212, 214), _rrect(size, (610, 690, 616, 712), 2))
    layers.paint((104, 106, 112), _stitch(size, [[(340, 944), (660, 944)]], 7, 5))
    for yy in (470, 560):  # compression straps, buckles, and their loose ends
        layers.paint(_rgb((52, 54, 58)), _rrect(size, (236, yy, 330, yy + 22), 3))
        layers.paint(_rgb((52, 54, 58)), _rrect(size, (670, yy, 764, yy + 22), 3))
        layers.paint((26, 26, 28), _rrect(size, (316, yy - 6, 348, yy + 28), 5))
        layers.paint((26, 26, 28), _rrect(size, (652, yy - 6, 684, yy + 28), 5))
    layers.paint(_rgb((52, 54, 58)), _line(size, [(240, 482), (214, 530), (210, 600)], 20))
    layers.paint((230, 230, 228), _rrect(size, (440, 520, 560, 556), 4))  # a woven label
    layers.paint((70, 72, 78), _rrect(size, (456, 532, 544, 544), 2))
    return layers.rgba()


def clear_bottle(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A clear plastic water bottle, half full, blue cap and printed band label (700x1300).

    Returns:
        The RGBA layer (the empty plastic is mostly see-through) and the bottle's silhouette
        coverage 0..1 (all of it product).
    """
    size = (700, 1300)
    cap = _rrect(size, (288, 84, 412, 190), 10)
    neck = _rrect(size, (298, 180, 402, 262), 6)
    shoulder = _poly(size, [(300, 256), (400, 256), (470, 390), (230, 390)])
    body = _rrect(size, (228, 360, 472, 1196), 46)
    waist = np.clip(_ellipse(size, (218, 744, 236, 796)) + _ellipse(size, (464, 744, 482, 796)),
                    0, 1)
    silhouette = np.clip(np.maximum.reduce([neck, shoulder, body]) - waist, 0, 1)
    solid = np.maximum(silhouette, cap)
    rows = np.arange(size[1], dtype=np.float32)[:, None]
    water = silhouette * np.clip((rows - 520) / 2, 0, 1)
    edge = np.clip(silhouette - _volume(silhouette, 10, 1.0)[..., 0] * silhouette, 0, 1)
    layers = _Layers(size)
    layers.paint((226, 232, 236), silhouette, 0.10)
    layers.paint(_rgb((204, 222, 236)) * _cylinder(size, 228, 472) ** 0.2, water, 0.30)
    layers.paint((246, 250, 252), _rrect(size, (232, 514, 468, 528), 6) * silhouette, 0.7)
    layers.paint((150, 168, 180), edge * 1.6, 0.55)  # refraction darkens the rims
    ridges = [[(236, y), (464, y)] for y in range(420, 520, 24)]
    ridges += [[(236, y), (464, y)] for y in range(1040, 1180, 28)]
    layers.paint((160, 176, 188), _lines(size, ridges, 3) * silhouette, 0.45)
    layers.paint((250, 252, 254), _lines(size, [[(r[0][0], r[0][1] + 4), (r[1][0], r[1][1] + 4)]
                                                for r in ridges], 2) * silhouette, 0.5)
    label = _rrect(size, (228, 580, 472, 720), 2) * silhouette
    print_band = np.clip((rows - 630) / 2, 0, 1) * np.clip((676 - rows) / 2, 0, 1)
    layers.paint(_rgb((246, 248, 250)) * np.clip(_cylinder(size, 228, 472), 0.8, 1.02), label)
    layers.paint((38, 120, 196), label * print_band)
    layers.paint((40, 66, 110), _lines(size, [[(300, y), (400, y)] for y in (600, 612)], 5))
    layers.paint((250, 250, 250), _lines(size, [[(290, 654), (410, 654)]], 6) * label)
    layers.paint((64, 74, 96), _lines(size, [[(280, y), (420, y)] for y in (694, 704)], 3))
    layers.paint(_rgb((36, 104, 184)) * np.clip(_cylinder(size, 288, 412), 0.6, 1.1)
                 * (1 - 0.12 * (np.sin(np.arange(size[0], dtype=np.float32) / 2.2) > 0.4))[
                     None, :, None], cap)
    layers.paint((255, 255, 255), _soft(_line(size, [(262, 400), (262, 1150)], 12), 4), 0.85)
    layers.paint((255, 255, 255), _soft(_line(size, [(448, 420), (448, 1120)], 6), 3), 0.5)
    return layers.rgba(), solid


def khaki_shorts(seed: int) -> np.ndarray:
    """Khaki chino shorts laid flat, a gap between the legs open to the hems (1000x900)."""
    size = (1000, 900)
    w, h = size
    shorts = _poly(size, [(226, 120), (774, 120), (806, 420), (846, 780), (548, 804),
                          (500, 560), (452, 804), (154, 780), (194, 420)])
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    twill = (1 + 0.03 * np.sin((x + y) / 2.4))[..., None]
    cloth = (_rgb((190, 172, 134)) * twill * _folds(size, seed, 50, 110, 0.06)
             * _volume(shorts, 18, 0.08) + _grain(size, seed, 2.5))
    layers = _Layers(size)
    layers.paint(cloth, shorts)
    layers.paint(cloth * 0.96, _rrect(size, (226, 120, 774, 180), 4))  # the waistband
    layers.paint((150, 134, 100), _lines(size, [[(226, 182), (774, 182)]], 3))
    thread = (160, 142, 104)
    layers.paint(thread, _stitch(size, [[(230, 130), (770, 130)], [(230, 172), (770, 172)],
                                        [(520, 184), (524, 380), (500, 420)],
                                        [(160, 752), (452, 776)], [(548, 776), (840, 752)],
                                        [(226, 196), (312, 330), (324, 186)],
                                        [(774, 196), (688, 330), (676, 186)]], 7, 5))
    layers.paint((142, 126, 92), _lines(size, [[(232, 190), (318, 336)],
                                               [(768, 190), (682, 336)]], 4))  # pockets
    layers.paint((160, 144, 108), _lines(size, [[(500, 184), (500, 540)]], 2))
    loops = [_rrect(size, (xx - 10, 110, xx + 10, 192), 3) for xx in (290, 420, 580, 710)]
    layers.paint(cloth * 0.94, np.maximum.reduce(loops))
    layers.paint((92, 80, 58), _ellipse(size, (490, 136, 512, 158)))  # the button
    layers.paint((150, 134, 100), _ellipse(size, (495, 141, 507, 153)))
    layers.paint((150, 132, 98), _lines(size, [[(158, 744), (452, 768)],
                                               [(548, 768), (842, 744)]], 3))  # hem folds
    return layers.rgba()


def black_headphones(seed: int) -> np.ndarray:
    """Black over-ear headphones, cups turned in and touching, a gap under the band (1200x1150)."""
    size = (1200, 1150)
    band = _arc(size, (240, 110, 960, 830), 56)
    layers = _Layers(size)
    plastic = _rgb((34, 34, 37)) * (1 + _grain(size, seed, 0.05))
    layers.paint(plastic * _rows(size, 1.25, 0.85), band)
    cushion = _arc(size, (262, 132, 938, 808), 18)
    layers.paint(_rgb((52, 50, 52)) * (1 + 0.2 * _smooth(size, seed + 1, 40, 40)[..., None]),
                 cushion)
    layers.paint((150, 150, 156), _soft(_arc(size, (276, 128, 924, 812), 6), 3), 0.7)
    sliders = [[(268, 456), (288, 560), (372, 668)], [(932, 456), (912, 560), (828, 668)]]
    layers.paint((150, 152, 158), _lines(size, sliders, 22))
    layers.paint((220, 222, 228), _lines(size, sliders, 6))
    cups = [_tilted(size, (458, 800), (150, 190), -18),
            _tilted(size, (742, 800), (150, 190), 18)]
    for cup, cx, lit in ((cups[1], 742, 0.85), (cups[0], 458, 1.0)):
        layers.paint(plastic * _volume(cup, 30, 0.5) * lit, cup)
        pad = _ellipse(size, (cx - 100, 660, cx + 100, 940))
        layers.paint(_rgb((48, 46, 48)) * _volume(pad, 22, 0.4) * lit, pad * cup)
        layers.paint((200, 200, 206), _soft(_ellipse(size, (cx - 90, 640, cx - 50, 760)), 8)
                     * cup, 0.55)
        layers.paint((96, 96, 102), _ellipse(size, (cx - 22, 780, cx + 22, 822)) * cup)
    return layers.rgba()


def _tilted(size: Size, centre: Point, axes: Point, degrees: float) -> np.ndarray:
    """Coverage of an ellipse with half axes ``axes`` turned by ``degrees``."""
    t = np.linspace(0, 2 * np.pi, 96, endpoint=False)
    turn = np.deg2rad(degrees)
    ex, ey = axes[0] * np.cos(t), axes[1] * np.sin(t)
    xs = centre[0] + ex * np.cos(turn) - ey * np.sin(turn)
    ys = centre[1] + ex * np.sin(turn) + ey * np.cos(turn)
    return _poly(size, list(zip(xs.tolist(), ys.tolist(), strict=True)))


def cream_vase(seed: int) -> np.ndarray:
    """A cream glazed ceramic vase, a loop handle on its shoulder, speckled (760x900)."""
    size = (760, 900)
    w, h = size
    cx = 360.0
    ys = np.arange(h, dtype=np.float32)
    radius = np.interp(ys, [96, 110, 130, 300, 440, 600, 760, 810, 826],
                       [74, 70, 58, 62, 170, 196, 150, 124, 118])
    body = (ys > 130) & (ys < 800)
    radius[body] = cv2.GaussianBlur(radius[None, :], (0, 0), 30)[0][body]
    left = [(cx - float(r), float(y)) for y, r in zip(ys[96:827:6], radius[96:827:6],
                                                        strict=True)]
    outline = left + [(2 * cx - x, y) for x, y in reversed(left)]
    vase = _poly(size, outline)
    t = np.clip((np.arange(w, dtype=np.float32)[None, :] - cx) / np.maximum(radius[:, None], 1),
                -1, 1)
    lathe = 0.62 + 0.42 * np.sqrt(1 - t**2) + 0.22 * np.exp(-(((t + 0.5) / 0.1) ** 2))
    rings = 1 + 0.012 * np.sin(ys / 5.0)[:, None]
    glaze = _rgb((238, 230, 212)) * (lathe * rings)[..., None]
    turn = np.deg2rad(np.linspace(-115, 100, 40))
    path = list(zip((470 + 120 * np.cos(turn)).tolist(), (320 + 130 * np.sin(turn)).tolist(),
                    strict=True))
    handle = _line(size, path, 30)
    layers = _Layers(size)
    layers.paint(_rgb((226, 218, 200)) * _volume(handle, 8, 0.2), handle)
    layers.paint((250, 248, 240), _soft(_line(size, path[:24], 4), 2) * handle, 0.7)
    layers.paint(glaze, vase)
    rng = np.random.default_rng(seed)
    specks = rng.uniform((cx - 150, 160), (cx + 150, 780), (90, 2))
    dots = _ellipses(size, [(x - 1.6, y - 1.6, x + 1.6, y + 1.6) for x, y in specks])
    layers.paint((120, 100, 80), dots * vase, 0.7)
    layers.paint((206, 192, 164), _poly(size, [(cx - 150, 790), (cx + 150, 790), (cx + 120, 826),
                                               (cx - 120, 826)]) * vase)  # the bare foot
    layers.paint((150, 136, 112), _ellipse(size, (cx - 56, 100, cx + 56, 122)))  # the mouth
    layers.paint((254, 252, 246), _soft(_ellipse(size, (cx - 130, 440, cx - 100, 640)), 6)
                 * vase, 0.8)
    return layers.rgba()


def white_towels(seed: int) -> np.ndarray:
    """Three folded white terry towels stacked, a woven border on each (1200x960)."""
    size = (1200, 960)
    w, h = size
    rng = np.random.default_rng(seed)
    terry = (1 + 0.03 * np.clip(rng.normal(0, 1, (h, w, 1)), -2, 2)
             + 0.02 * _smooth(size, seed, 6, 6)[..., None]).astype(np.float32)
    layers = _Layers(size)
    stack = [(236, 300, 974, 530, (242, 242, 240)), (220, 500, 990, 730, (246, 246, 244)),
             (206, 700, 1000, 890, (244, 243, 240))]
    top = _poly(size, [(310, 214), (900, 214), (935, 325), (275, 325)])
    layers.paint(_rgb((248, 248, 246)) * terry * _rows(size, 0.97, 1.03), top)
    for i, (x0, y0, x1, y1, colour) in enumerate(stack):
        slab = _rrect(size, (x0 + 4 * i, y0, x1 - 3 * i, y1), 70)
        yy = np.arange(h, dtype=np.float32)
        roll = np.clip((yy - y0) / (y1 - y0), 0, 1)
        fold = (0.84 + 0.2 * np.clip(np.sin(np.pi * roll), 0, 1) ** 0.6)[:, None, None]
        layers.paint(_rgb(colour) * terry * fold, slab)
        border = _rrect(size, (x0 + 30, y0 + (y1 - y0) * 0.55, x1 - 30, y0 + (y1 - y0) * 0.7),
                        4) * slab
        weave = _rib(size, 5, 0.05)
        layers.paint(_rgb(colour) * weave * fold * 0.97, border)
        layers.paint((222, 222, 220), _lines(size, [[(x0 + 30, y0 + (y1 - y0) * 0.55),
                                                     (x1 - 30, y0 + (y1 - y0) * 0.55)],
                                                    [(x0 + 30, y0 + (y1 - y0) * 0.7),
                                                     (x1 - 30, y0 + (y1 - y0) * 0.7)]], 2))
        layers.paint((198, 198, 196), _soft(_line(size, [(x0 + 60, y0 + 4), (x1 - 60, y0 + 4)],
                                                  10), 5) * slab, 0.7)
    return layers.rgba()


def tan_sandals(seed: int) -> np.ndarray:
    """A pair of tan leather sandals side-on, one behind the other, straps over cork (1400x700)."""
    size = (1400, 700)
    layers = _Layers(size)
    leather = _rgb((172, 112, 66)) * (1 + _grain(size, seed, 0.03)) * _rows(size, 1.1, 0.9)
    cork = _rgb((196, 158, 110)) * (1 + _grain(size, seed + 1, 0.09))
    for dx, dy, lit in ((150, -50, 0.82), (0, 0, 1.0)):
        left, sole = 240 + dx, 500 + dy
        toe = _arc(size, (left + 320, sole - 118, left + 580, sole + 118), 50)
        layers.paint(leather * lit * _volume(toe, 8, 0.25), toe)
        layers.paint((236, 214, 178), _stitch(size, [_half_ellipse((left + 450, sole),
                                                                   (124, 112))], 8, 6) * toe)
        layers.paint((236, 214, 178), _stitch(size, [_half_ellipse((left + 450, sole),
                                                                   (86, 74))], 8, 6) * toe)
        ankle = _arc(size, (left + 50, sole - 200, left + 250, sole + 200), 20)
        layers.paint(leather * lit * 0.92, ankle)
        layers.paint(_rgb((200, 176, 120)) * lit, _rrect(size, (left + 188, sole - 186,
                                                                 left + 222, sole - 150), 5))
        layers.paint((70, 52, 40), _rrect(size, (left + 199, sole - 178, left + 211,
                                                 sole - 158), 3))
        layers.paint(leather * lit * 0.85, _poly(size, [(left + 10, sole), (left + 14, sole - 56),
                                                        (left + 60, sole - 70),
                                                        (left + 100, sole)]))  # heel counter
        layers.paint(_rgb((214, 176, 128)) * lit, _rrect(size, (left, sole - 12, left + 620,
                                                                 sole + 6), 6))
        layers.paint(cork * lit, _rrect(size, (left, sole - 4, left + 620, sole + 64), 14))
        layers.paint(_rgb((50, 40, 34)) * lit, _rrect(size, (left + 4, sole + 50, left + 616,
                                                              sole + 70), 10))
    return layers.rgba()


def _half_ellipse(centre: Point, axes: Point) -> list[Point]:
    """Points along the top half of an ellipse, left to right (a strap's stitch line)."""
    t = np.linspace(np.pi, 2 * np.pi, 48)
    xs = centre[0] + axes[0] * np.cos(t)
    ys = centre[1] + axes[1] * np.sin(t)
    return list(zip(xs.tolist(), ys.tolist(), strict=True))


def wicker_basket(seed: int) -> np.ndarray:
    """A honey wicker basket, a handle at each end of its rim (1200x1100)."""
    size = (1200, 1100)
    w, h = size
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    row = np.floor(y / 22)
    within = np.sin(np.pi * (y % 22) / 22)
    over = 0.5 + 0.5 * np.sin(2 * np.pi * x / 64 + np.pi * row)
    weave = (0.62 + 0.3 * within * (0.55 + 0.45 * over) - 0.22 * (np.abs(
        np.sin(np.pi * x / 64 + np.pi / 2 * (row % 2))) < 0.06))[..., None]
    honey = _rgb((198, 150, 92)) * weave * (1 + _grain(size, seed, 0.05))
    body = _poly(size, [(270, 482), (930, 482), (960, 500), (880, 1000), (320, 1000),
                        (240, 500)])
    layers = _Layers(size)
    wrap = (0.8 + 0.2 * np.sin((x + y) / 4.0))[..., None]
    handles = np.maximum(_arc(size, (260, 340, 480, 660), 30), _arc(size, (720, 340, 940, 660),
                                                                      30))
    layers.paint(_rgb((188, 140, 84)) * wrap, handles)
    layers.paint(honey * _volume(body, 40, 0.3) * _rows(size, 1.05, 0.85), body)
    layers.paint(_rgb((120, 84, 48)) * weave, _ellipse(size, (258, 468, 942, 532)))
    rim = np.clip(_ellipse(size, (232, 454, 968, 546)) - _ellipse(size, (262, 472, 938, 528)),
                  0, 1)
    layers.paint(_rgb((204, 158, 98)) * wrap, rim)
    layers.paint(_rgb((170, 124, 72)) * wrap, _rrect(size, (314, 980, 886, 1010), 10))
    return layers.rgba()


def held_serum(seed: int) -> np.ndarray:
    """A frosted serum bottle held by fingers, the arm entering from the left edge (1200x900).

    Bottle, hand and arm are all in front of the backdrop, so all of them are product.
    """
    size = (1200, 900)
    skin = _rgb(LIGHT_SKIN) * (1 + _smooth(size, seed, 70, 70)[..., None] * 0.03)
    layers = _Layers(size)
    arm = _poly(size, [(-40, 560), (300, 520), (470, 500), (500, 640), (300, 700), (-40, 730)])
    layers.paint(skin * _volume(arm, 40, 0.18) * _rows(size, 1.04, 0.92), arm)
    palm = _ellipse(size, (380, 440, 600, 680))
    layers.paint(skin * _volume(palm, 30, 0.15), palm)
    layers.paint(skin * 0.9, _ellipse(size, (526, 440, 580, 494)))  # the web of the thumb
    bottle = _rrect(size, (560, 300, 700, 700), 18)
    layers.paint(_rgb((236, 236, 232)) * np.clip(_cylinder(size, 560, 700), 0.75, 1.05), bottle)
    layers.paint(_rgb((196, 160, 96)) * np.clip(_cylinder(size, 584, 676), 0.6, 1.15),
                 _rrect(size, (584, 220, 676, 306), 8))  # a gold collar
    layers.paint(_rgb((40, 38, 40)) * _cylinder(size, 600, 660) ** 0.5,
                 _rrect(size, (600, 130, 660, 228), 24))  # the dropper bulb
    layers.paint((60, 56, 54), _lines(size, [[(590, 420), (670, 420)]], 6))
    layers.paint((120, 116, 110), _lines(size, [[(592, y), (668, y)] for y in (450, 466)], 3))
    thumb = _line(size, [(470, 520), (560, 430), (600, 410)], 46)
    layers.paint(skin * _volume(thumb, 12, 0.2), thumb)
    layers.paint((240, 196, 184), _ellipse(size, (574, 396, 606, 420)))  # the thumbnail
    for i, yy in enumerate((500, 552, 604)):
        finger = _rrect(size, (470, yy, 672 - 8 * i, yy + 50), 25)
        layers.paint(skin * _volume(finger, 10, 0.28), finger)
        layers.paint((244, 204, 192), _rrect(size, (640 - 8 * i, yy + 10, 666 - 8 * i, yy + 40),
                                             10))
        layers.paint((206, 160, 132), _lines(size, [[(560, yy + 14), (566, yy + 36)]], 2))
    return layers.rgba()


def steel_watch(seed: int) -> np.ndarray:
    """A steel watch stood up, its bracelet closed into a loop beneath the head (700x700)."""
    size = (600, 620)
    w, h = size
    cx, cy, rx, ry, band = 300.0, 330.0, 150.0, 210.0, 62.0
    ring = np.clip(_ellipse(size, (cx - rx, cy - ry, cx + rx, cy + ry))
                   - _ellipse(size, (cx - rx + band, cy - ry + band * 0.9, cx + rx - band,
                                     cy + ry - band * 0.9)), 0, 1)
    x = np.arange(w, dtype=np.float32)[None, :] - cx
    y = np.arange(h, dtype=np.float32)[:, None] - cy
    angle = np.arctan2(y / ry, x / rx)
    radial = np.clip((np.hypot(x / rx, y / ry) - (1 - band / rx)) / (band / rx), 0, 1)
    links = (np.abs(np.sin(angle * 14)) > 0.12).astype(np.float32)
    centre = (np.abs(radial - 0.5) < 0.17).astype(np.float32)
    steel = (150 + 90 * np.abs(np.cos(np.pi * radial * 1.5)) + 25 * np.sin(angle * 3 + 1)
             + 30 * centre * np.cos(angle * 2))
    steel = steel * (0.45 + 0.55 * links)
    layers = _Layers(size)
    layers.paint(np.repeat(steel[..., None], 3, axis=2) * _rgb((0.98, 0.99, 1.02)), ring)
    layers.paint((236, 238, 242), _rrect(size, (cx - 40, cy + ry - 40, cx + 40, cy + ry - 4), 6))
    layers.paint((110, 112, 118), _lines(size, [[(cx - 30, cy + ry - 22),
                                                 (cx + 30, cy + ry - 22)]], 2))
    layers.paint((120, 122, 128), _rrect(size, (cx + 112, 116, cx + 136, 150), 5))  # the crown
    case = _ellipse(size, (cx - 118, 14, cx + 118, 250))
    layers.paint(_rgb((170, 172, 178)) * _volume(case, 10, 0.4), case)
    bezel = np.clip(case - _ellipse(size, (cx - 100, 30, cx + 100, 234)), 0, 1)
    layers.paint((238, 240, 244), _soft(bezel * (y < -150), 2), 0.8)
    dial = _ellipse(size, (cx - 98, 32, cx + 98, 232))
    layers.paint(_rgb((22, 40, 72)) * (1 + 0.25 * np.cos(angle * 2 - 0.8))[..., None], dial)
    marks = [[(cx + 86 * np.cos(a), 132 + 86 * np.sin(a)), (cx + 72 * np.cos(a),
                                                            132 + 72 * np.sin(a))]
             for a in np.linspace(0, 2 * np.pi, 12, endpoint=False)]
    layers.paint((236, 236, 238), _lines(size, marks, 5))
    layers.paint((240, 240, 242), _lines(size, [[(cx, 132), (cx + 40, 84)],
                                                [(cx, 132), (cx - 62, 150)]], 6))
    layers.paint((230, 80, 60), _lines(size, [[(cx - 20, 150), (cx + 70, 110)]], 2))
    layers.paint((255, 255, 255), _soft(_poly(size, [(cx - 80, 50), (cx - 20, 40), (cx - 90,
                                                                                     140)]), 6)
                 * dial, 0.35)  # the crystal catches the light
    return np.pad(layers.rgba(), ((40, 40), (50, 50), (0, 0)))


def blue_onesie(seed: int) -> np.ndarray:
    """A light-blue baby onesie laid flat, envelope neck, snaps, a printed cloud (900x1000)."""
    size = (900, 1000)
    onesie = _poly(size, [(380, 150), (330, 160), (250, 200), (176, 300), (250, 350),
                          (300, 310), (296, 640), (330, 760), (400, 870), (500, 870),
                          (570, 760), (604, 640), (600, 310), (650, 350), (724, 300),
                          (650, 200), (570, 160), (520, 150), (490, 186), (410, 186)])
    jersey = (_rgb((186, 206, 226)) * _folds(size, seed, 50, 90, 0.09)
              * _volume(onesie, 18, 0.1) + _grain(size, seed, 1.8))
    layers = _Layers(size)
    layers.paint(jersey, onesie)
    binding = _rgb((176, 198, 220)) * _rib(size, 5, 0.05, vertical=False)
    layers.paint(binding, _lines(size, [[(380, 154), (410, 184), (490, 184), (520, 154)]], 12))
    layers.paint(binding, _lines(size, [[(180, 298), (250, 346)], [(720, 298), (650, 346)],
                                        [(330, 762), (400, 866)], [(570, 762), (500, 866)]],
                                 12))
    layers.paint((160, 180, 204), _lines(size, [[(330, 160), (420, 240)],
                                                [(570, 160), (480, 240)]], 3))  # envelope laps
    layers.paint((168, 188, 210), _stitch(size, [[(406, 856), (494, 856)],
                                                 [(304, 320), (300, 640)]], 7, 5))
    snaps = [(x - 9, 842, x + 9, 860) for x in (420, 450, 480)]
    layers.paint((226, 228, 232), _ellipses(size, snaps))
    layers.paint((170, 172, 178), _ellipses(size, [(b[0] + 5, 846, b[2] - 5, 856)
                                                   for b in snaps]))
    cloud = _ellipses(size, [(400, 420, 480, 490), (440, 390, 530, 480), (500, 420, 570, 490),
                             (410, 450, 560, 500)])
    layers.paint((246, 248, 250), cloud * (1 + _grain(size, seed + 1, 0.02)[..., 0]), 0.95)
    layers.paint((120, 140, 170), _ellipses(size, [(450, 450, 460, 460), (500, 450, 510, 460)]))
    return layers.rgba()

