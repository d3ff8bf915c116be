"""Drawn products of the cutout benchmark's ``unseen5`` split, as RGBA layers whose alpha is known.

Drawn blind for issue 18, after ``unseen4`` was scored and opened, by someone who never read
the cutout's code nor ran it on these drawings; never scored while tuning (see
:mod:`benchmarks.cutout_cases`). Same approach as :mod:`benchmarks.cutout_drawings_unseen4`:
each drawing is deterministic in its seed and returns a float32 RGBA array (alpha 0..255,
anti-aliased, shapes drawn 4x supersampled) that the cases composite on paper with a shadow
and JPEG. The large and the tiny photo are drawn at a working size; the cases resize them
with :func:`benchmarks.cutout_drawings_unseen2.scaled`.

Nine drawings enclose the backdrop (a key ring's ring, key holes and fob loop, kitchen
scissors' finger holes, the gap under white headphones' band, a cast-iron trivet's lattice, a
donut teether's hole, a gold chain laid in a loop, a hanger's gap above its trouser bar, a
sage cup's handle on sage paper, a scarf laid in a loop); five enclose none and are hard for
other reasons (a white bowl, a cream beanie on cream, a white pump bottle, a navy cap's white
logo patch, a lipstick held by a hand from the left edge).

:data:`LOOPS` says how many enclosed background gaps each drawing was drawn with, so that the
truth can be checked against the intent.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from benchmarks.cutout_drawings import (
    RGB,
    Point,
    Size,
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
    _rows,
    _smooth,
)
from benchmarks.cutout_drawings_unseen2 import _dashes, _rib, _soft, _stitch, _tilted, _volume
from benchmarks.cutout_drawings_unseen3 import _arc_path, _band, _ring, _turned
from benchmarks.cutout_drawings_unseen4 import _chaikin, _lathe, _rounded

SAGE = (198, 208, 188)  # the cup's glaze; the paper it stands on is the same colour
CREAM = (240, 233, 218)  # the paper under the beanie, within a few levels of its yarn
LILAC = (237, 233, 244)
TAN_SKIN = (190, 134, 100)

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "steel_keyring": 4,
    "kitchen_scissors": 2,
    "white_headphones": 1,
    "iron_trivet": 30,
    "donut_teether": 1,
    "gold_chain": 1,
    "walnut_hanger": 1,
    "sage_cup": 1,
    "rust_scarf": 1,
}


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: int = 40) -> list[Point]:
    """Points along a cubic Bezier curve from ``p0`` to ``p3``."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    pts = ((1 - t) ** 3 * np.array(p0) + 3 * (1 - t) ** 2 * t * np.array(p1)
           + 3 * (1 - t) * t**2 * np.array(p2) + t**3 * np.array(p3))
    return [(float(x), float(y)) for x, y in pts]


def _local(size: Size, origin: Point, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """Every pixel's coordinates in a frame turned by ``degrees`` about ``origin``."""
    w, h = size
    turn = np.deg2rad(degrees)
    c, s = float(np.cos(turn)), float(np.sin(turn))
    dx = np.arange(w, dtype=np.float32)[None, :] - origin[0]
    dy = np.arange(h, dtype=np.float32)[:, None] - origin[1]
    return dx * c + dy * s, -dx * s + dy * c


def _offset(path: Sequence[Point], by: float) -> list[Point]:
    """``path`` moved ``by`` px sideways (to its left when walked forward)."""
    pts = np.asarray(path, np.float64)
    d = np.gradient(pts, axis=0)
    d /= np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
    moved = pts + by * np.stack([d[:, 1], -d[:, 0]], axis=1)
    return [(float(x), float(y)) for x, y in moved]


def _lit_edges(cover: np.ndarray, sigma: float) -> np.ndarray:
    """How much ``cover``'s edges face a light from the top left, 0..1 (bevels, rims)."""
    soft = cv2.GaussianBlur(cover, (0, 0), sigma)
    gx = cv2.Sobel(soft, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(soft, cv2.CV_32F, 0, 1, ksize=3)
    facing = (gx + gy) / max(float(np.abs(gx + gy).max()), 1e-6)
    return np.clip(facing, 0, 1) * cover


def _key(layers: _Layers, size: Size, hole: Point, angle: float, metal: RGB,
         head: RGB | None, seed: int) -> None:
    """Paint a flat key hung from the ring by the hole of its bow, which is at ``hole``."""
    def at(points: Sequence[Point]) -> list[Point]:
        return _turned(points, angle, hole)

    lx, ly = _local(size, hole, angle)
    opening = _ellipse(size, (hole[0] - 20, hole[1] - 20, hole[0] + 20, hole[1] + 20))
    axes = (64.0, 50.0) if head is None else (74.0, 58.0)
    bow = np.clip(_tilted(size, at([(axes[0] - 36, 0.0)])[0], axes, angle) - opening, 0, 1)
    teeth = [(132, 0), (146, 11), (162, 4), (178, 13), (198, 3), (216, 11), (238, 6), (258, 13),
             (280, 4), (300, 10), (320, 2)]
    blade = _poly(size, at([(80, -30), (114, -30), (122, -20), (332, -20), (354, -6), (354, 2),
                            (336, 20)] + [(x, 20.0 + d) for x, d in reversed(teeth)]
                           + [(122, 20), (114, 30), (80, 30)]))
    flat = (0.9 + 0.12 * np.cos(ly / 22.0) ** 2 + 0.04 * np.sin(lx / 40.0))[..., None]
    brushed = 1 + _grain(size, seed, 0.025)
    layers.paint(_rgb(metal) * flat * brushed * _volume(blade, 4, 0.25), blade)
    layers.paint(_rgb(metal) * 0.62, _lines(size, [at([(136, -5), (330, -5)])], 4) * blade, 0.8)
    layers.paint((255, 250, 236), _soft(_lines(size, [at([(136, -11), (326, -11)])], 2), 0.7)
                 * blade, 0.6)  # the groove's lit edge
    if head is None:
        layers.paint(_rgb(metal) * flat * brushed * _volume(bow, 7, 0.3), bow)
        layers.paint(_rgb(metal) * 0.7, _lines(size, [at([(50, -16), (76, -16)]),
                                                      at([(50, -4), (84, -4)]),
                                                      at([(50, 8), (70, 8)])], 3) * bow, 0.6)
    else:
        rubber = _rgb(head) * _volume(bow, 10, 0.35) * (1 + _grain(size, seed + 1, 0.02))
        layers.paint(rubber, bow)
        layers.paint(_rgb(head) * 1.3, _soft(_lines(size, [at([(0, -46), (60, -52), (96, -36)])],
                                                    5), 2) * bow, 0.5)
    layers.paint((70, 64, 56), _ring(size, (hole[0] - 21, hole[1] - 21, hole[0] + 21,
                                            hole[1] + 21),
                                     (hole[0] - 19, hole[1] - 19, hole[0] + 19, hole[1] + 19)),
                 0.4)  # the hole's drilled wall


def steel_keyring(seed: int) -> np.ndarray:
    """A steel split ring with a brass key, a blue-headed key and a tan leather fob (1000x900)."""
    size = (1000, 900)
    cx, cy, r = 470.0, 270.0, 140.0

    def on_ring(degrees: float, out: float = 0.0) -> Point:
        t = np.deg2rad(degrees)
        return (cx + (r + out) * float(np.cos(t)), cy + (r + out) * float(np.sin(t)))

    layers = _Layers(size)
    fob_at, turn = on_ring(140), 140.0
    side = _bezier((-14, 0), (20, 60), (130, 70), (222, 0), 30)
    loop = side + [(x, -y) for x, y in reversed(side)][1:]
    strap = _band(size, _turned(loop, turn, fob_at), 36)
    tab = _band(size, _turned([(204, 0), (312, 0)], turn, fob_at), 46)
    leather = (_rgb((174, 112, 64)) * (1 + _grain(size, seed, 0.03))
               * (1 + 0.06 * _smooth(size, seed + 1, 4, 4)[..., None]))
    layers.paint(leather * _volume(strap, 8, 0.3), strap)
    layers.paint(leather * 1.04 * _volume(tab, 10, 0.3), tab)
    layers.paint((122, 72, 38), _lines(size, [_turned([(206, -22), (206, 22)], turn, fob_at)], 3),
                 0.7)  # the cut ends stacked on the tab
    layers.paint((226, 190, 150), _stitch(size, [_turned([(232, -14), (300, -14), (316, 0),
                                                          (300, 14), (232, 14)], turn,
                                                         fob_at)], 6, 4, 2) * tab, 0.8)
    rx, ry = _turned([(222, 0)], turn, fob_at)[0]
    rivet = _ellipse(size, (rx - 11, ry - 11, rx + 11, ry + 11))
    layers.paint(_rgb((212, 176, 96)) * _volume(rivet, 4, 0.4), rivet)
    layers.paint((255, 240, 200), _soft(_ellipse(size, (rx - 6, ry - 7, rx - 1, ry - 2)), 1),
                 0.8)
    _key(layers, size, on_ring(28, 14), 28.0, (204, 166, 90), None, seed + 2)
    _key(layers, size, on_ring(84, 14), 84.0, (190, 194, 200), (44, 92, 170), seed + 3)
    ring = _ring(size, (cx - r - 8, cy - r - 8, cx + r + 8, cy + r + 8),
                 (cx - r + 8, cy - r + 8, cx + r - 8, cy + r - 8))
    x = np.arange(size[0], dtype=np.float32)[None, :] - cx
    y = np.arange(size[1], dtype=np.float32)[:, None] - cy
    shine = 176 + 64 * np.cos(np.arctan2(y, x) * 2 + 0.8)
    across = np.clip((np.hypot(x, y) - (r - 8)) / 16, 0, 1)
    tube = (0.8 + 0.3 * np.sqrt(np.clip(1 - (2 * across - 1) ** 2, 0, 1)))
    layers.paint(np.repeat((shine * tube)[..., None], 3, axis=2) * _rgb((0.98, 0.99, 1.02)), ring)
    layers.paint((70, 74, 80), _lines(size, [_arc_path((cx, cy), (r, r), 200, 520, 120)], 2),
                 0.55)  # the split ring's two turns
    layers.paint((250, 252, 255), _soft(_lines(size, [_arc_path((cx, cy), (r - 4, r - 4), 195,
                                                                 250)], 3), 1), 0.7)
    return layers.rgba()


def kitchen_scissors(seed: int) -> np.ndarray:
    """Kitchen scissors lying flat, a little open, black handles with two finger holes.

    1300x800. The holes (a thumb hole and a long finger hole) show the backdrop; the gap
    between the handles and the one between the blades are open to the side.
    """
    size = (1300, 800)
    pivot, turn = (640.0, 420.0), -10.0

    def at(points: Sequence[Point], extra: float = 0.0) -> list[Point]:
        return _turned(points, turn + extra, pivot)

    layers = _Layers(size)
    steel = _rgb((192, 196, 202))
    blade_pts = [(-40, -22), (60, -26), (300, -20), (520, -4), (530, 0), (300, 9), (60, 13),
                 (-40, 14)]
    for extra, mirror in ((7.0, 1.0), (-5.0, -1.0)):  # the lower blade first, then the upper
        pts = [(x, y * mirror) for x, y in blade_pts]
        blade = _poly(size, at(pts, extra))
        lx, ly = _local(size, pivot, turn + extra)
        brushed = 0.86 + 0.16 * np.exp(-(((ly * mirror + 6) / 10) ** 2)) + 0.04 * (lx / 500)
        layers.paint(steel * brushed[..., None] * (1 + _grain(size, seed, 0.02))
                     * _volume(blade, 4, 0.2), blade)
        layers.paint((248, 250, 252), _lines(size, [at([(70, 10 * mirror), (300, 6 * mirror),
                                                        (500, 0)], extra)], 3) * blade, 0.8)
        layers.paint((120, 124, 130), _lines(size, [at([(60, -24 * mirror), (300, -18 * mirror),
                                                        (510, -3 * mirror)], extra)], 2),
                     0.6)  # the spine's dark edge
    layers.paint((150, 154, 160), _rrect(size, (*at([(150, -6)], -5.0)[0],
                                                *np.add(at([(150, -6)], -5.0)[0], (60, 6))), 2),
                 0.5)  # an etched mark
    plastic = _rgb((30, 30, 33))
    thumb_c, finger_c = at([(-236, -86)])[0], at([(-270, 96)])[0]
    thumb = np.clip(_tilted(size, thumb_c, (82, 60), turn - 14)
                    - _tilted(size, thumb_c, (54, 34), turn - 14), 0, 1)
    finger = np.clip(_tilted(size, finger_c, (124, 64), turn + 16)
                     - _tilted(size, finger_c, (94, 37), turn + 16), 0, 1)
    arms = np.maximum(_band(size, at([(-6, -6), (-90, -30), (-168, -58)]), 44),
                      _band(size, at([(-6, 8), (-100, 40), (-170, 70)]), 46))
    grip = np.maximum.reduce([thumb, finger, arms])
    layers.paint(plastic * _volume(grip, 10, -0.35) * (1 + _grain(size, seed + 1, 0.02)), grip)
    layers.paint((120, 122, 128), _soft(_lit_edges(grip, 2.0), 1.0), 0.8)
    layers.paint((92, 94, 100), _soft(_lines(size, [_arc_path(thumb_c, (68, 47), 190, 300)],
                                              4), 2) * grip, 0.6)
    screw = _ellipse(size, (pivot[0] - 17, pivot[1] - 17, pivot[0] + 17, pivot[1] + 17))
    layers.paint(_rgb((210, 212, 216)) * _volume(screw, 5, 0.35), screw)
    layers.paint((90, 92, 96), _lines(size, [at([(-10, -3), (10, 3)])], 3))
    return layers.rgba()


def white_headphones(seed: int) -> np.ndarray:
    """White over-ear headphones standing, the cushions pressed together under the band.

    1100x1000. The band, the sliders and the two cups enclose one large gap.
    """
    size = (1100, 1000)
    cx = 550.0
    layers = _Layers(size)
    white = _rgb((245, 245, 243))
    for sgn in (-1.0, 1.0):
        sx0, sx1 = (392.0, 474.0) if sgn < 0 else (626.0, 708.0)
        kx0, kx1 = (466.0, 553.0) if sgn < 0 else (547.0, 634.0)
        shell = _rrect(size, (sx0, 556, sx1, 902), 40)
        shade = np.clip(_cylinder(size, sx0, sx1) ** 0.4, 0.84, 1.04)
        layers.paint(white * shade * _rows(size, 1.02, 0.94) + _grain(size, seed, 0.7), shell)
        layers.paint((220, 220, 218), _lines(size, [[(sx0 + 10, 600), (sx0 + 10, 860)]]
                                             if sgn < 0 else [[(sx1 - 10, 600),
                                                               (sx1 - 10, 860)]], 3), 0.5)
        cushion = _rrect(size, (kx0, 574, kx1, 886), 38)
        pleats = _folds(size, seed + 3, 40, 7, 0.05)
        round_ = np.clip(_cylinder(size, kx0, kx1) ** 0.3, 0.86, 1.03)
        layers.paint(_rgb((234, 232, 228)) * pleats * round_ * _volume(cushion, 14, 0.1)
                     + _grain(size, seed + 4, 0.8), cushion)
        layers.paint((212, 210, 206), _lines(size, [[(kx0 + 4 if sgn > 0 else kx1 - 4, 590),
                                                     (kx0 + 4 if sgn > 0 else kx1 - 4, 870)]],
                                             4), 0.6)  # where the cushion meets the shell
        if sgn > 0:
            layers.paint((200, 200, 198), _ellipse(size, (sx1 - 30, 800, sx1 - 18, 812)), 0.9)
            layers.paint((120, 200, 140), _ellipse(size, (sx1 - 28, 760, sx1 - 20, 768)), 0.9)
    left = _bezier((432, 600), (300, 470), (290, 150), (cx, 150), 60)
    band = left + [(2 * cx - x, y) for x, y in reversed(left)][1:]
    sliders = _lines(size, [band[:14], band[-14:]], 16)
    layers.paint(_rgb((206, 208, 212)) * (1 + _grain(size, seed + 1, 0.02)), sliders)
    outer = _band(size, band[10:-10], 40)
    layers.paint(white * _volume(outer, 10, 0.1) * _rows(size, 1.02, 0.97), outer)
    pad = _band(size, _offset(band[22:-22], -16), 16) * outer
    layers.paint(_rgb((218, 216, 212)) * _folds(size, seed + 2, 30, 30, 0.05), pad)
    layers.paint((255, 255, 255), _soft(_lines(size, [_offset(band[16:-16], 10)], 4), 2)
                 * outer, 0.8)
    layers.paint((188, 188, 186), _lines(size, [band[13:15], band[-15:-13]], 42) * outer, 0.35)
    return layers.rgba()


def iron_trivet(seed: int) -> np.ndarray:
    """A round cast-iron trivet seen from above: a rim, two rings and spokes (900x900)."""
    size = (900, 900)
    cx, cy = 450.0, 450.0

    def disc(r: float) -> np.ndarray:
        return _ellipse(size, (cx - r, cy - r, cx + r, cy + r))

    def spokes(count: int, offset: float, width: float) -> np.ndarray:
        ends = [_arc_path((cx, cy), (340, 340), offset + k * 360 / count,
                          offset + k * 360 / count, 1)[0] for k in range(count)]
        return _lines(size, [[(cx, cy), end] for end in ends], width)

    holes = np.zeros((size[1], size[0]), np.float32)
    for r_out, r_in, count, offset in ((304, 232, 12, 0.0), (206, 132, 12, 15.0),
                                       (108, 52, 6, 0.0)):
        holes += np.clip(disc(r_out) - disc(r_in), 0, 1) * (1 - spokes(count, offset, 24))
    iron = _rounded(np.clip(disc(330) - holes, 0, 1), 4)
    layers = _Layers(size)
    base = _rgb((46, 44, 42)) * (1 + _grain(size, seed, 0.06)) * (
        1 + 0.08 * _smooth(size, seed + 1, 40, 40)[..., None])
    layers.paint(base, iron)
    layers.paint((150, 146, 140), _lit_edges(iron, 2.5), 0.7)
    layers.paint((20, 19, 18), _soft(np.clip(-_lit_edges(1 - iron, 2.5), 0, 1), 1), 0.5)
    layers.paint((96, 92, 88), _soft(_ring(size, (cx - 318, cy - 318, cx + 318, cy + 318),
                                           (cx - 312, cy - 312, cx + 312, cy + 312)), 1.5)
                 * iron, 0.5)  # a cast bead on the rim
    return layers.rgba()


def donut_teether(seed: int) -> np.ndarray:
    """A silicone donut teether: tan ring, pink icing, raised sprinkles, a big hole (1000x1000)."""
    size = (1000, 1000)
    w, h = size
    cx, cy, ax, ay = 500.0, 520.0, 300.0, 262.0
    body = np.clip(_tilted(size, (cx, cy), (ax, ay), 0) - _tilted(size, (cx, cy - 8),
                                                                  (112, 96), 0), 0, 1)
    x = (np.arange(w, dtype=np.float32)[None, :] - cx) / ax
    y = (np.arange(h, dtype=np.float32)[:, None] - cy) / ay
    rho = np.hypot(x, y)
    theta = np.arctan2(y, x)
    t = np.clip((rho - 0.686) / 0.314, -1, 1)
    torus = 0.74 + 0.3 * np.sqrt(1 - t**2) - 0.06 * np.clip(y, 0, 1)
    torus += 0.08 * np.exp(-(((t + 0.2) / 0.25) ** 2)) * np.clip(-y - x, 0, 1)
    layers = _Layers(size)
    layers.paint(_rgb((232, 198, 150)) * torus[..., None] + _grain(size, seed, 1.2), body)
    wave = 0.87 + 0.035 * np.sin(6 * theta + 0.4) + 0.02 * np.sin(11 * theta + 1.3)
    icing = (np.clip((wave - rho) * ax + 0.5, 0, 1) * np.clip((rho - 0.43) * ax + 0.5, 0, 1)
             * body)
    layers.paint(_rgb((240, 160, 184)) * (torus[..., None] * 0.5 + 0.52), icing)
    layers.paint((255, 226, 236), _soft(icing * np.clip(-y - 0.2 * x, 0, 1)
                                        * (np.abs(t + 0.1) < 0.35), 6), 0.45)
    rng = np.random.default_rng(seed)
    colours = [(252, 250, 240), (250, 214, 90), (120, 190, 232), (150, 216, 184)]
    sprinkles: list[list[tuple[Point, Point]]] = [[] for _ in colours]
    for k in range(34):
        a = rng.uniform(0, 2 * np.pi)
        rr = rng.uniform(0.5, 0.8)
        px, py = cx + rr * ax * np.cos(a), cy + rr * ay * np.sin(a)
        d = rng.uniform(0, np.pi)
        sprinkles[k % 4].append(((px - 12 * np.cos(d), py - 12 * np.sin(d)),
                                 (px + 12 * np.cos(d), py + 12 * np.sin(d))))
    for colour, ends in zip(colours, sprinkles, strict=True):  # raised capsules
        bump = np.maximum(_lines(size, [list(e) for e in ends], 9),
                          _ellipses(size, [(x - 4.5, y - 4.5, x + 4.5, y + 4.5)
                                           for e in ends for x, y in e])) * icing
        layers.paint(_rgb(colour) * _volume(bump, 2, 0.2), bump)
    layers.paint((150, 116, 80), _soft(_tilted(size, (cx, cy - 8), (116, 100), 0)
                                       - _tilted(size, (cx, cy - 8), (112, 96), 0), 2) * body,
                 0.25)  # the inner wall's shade
    return layers.rgba()


def gold_chain(seed: int) -> np.ndarray:
    """A fine gold curb chain laid in a loose loop, a coin pendant at the bottom (1000x1100)."""
    size = (1000, 1100)
    rng = np.random.default_rng(seed)
    knots = [(500, 170), (690, 206), (792, 356), (806, 560), (736, 760), (606, 880), (500, 902),
             (388, 872), (258, 742), (198, 540), (228, 330), (330, 206)]
    jitter = rng.uniform(-30, 30, (len(knots), 2))
    loop = _chaikin([(x + float(dx), y + float(dy)) for (x, y), (dx, dy)
                     in zip(knots, jitter, strict=True)], 4)
    path = loop + [loop[0]]
    layers = _Layers(size)
    chain = _band(size, path, 10)
    gold = _rgb((184, 140, 62))
    layers.paint(gold * (1 + _grain(size, seed, 0.04)), chain)
    layers.paint((246, 214, 136), _lines(size, _dashes(path, 5, 4), 4) * chain, 0.9)
    layers.paint((120, 86, 30), _lines(size, _dashes(_offset(path, 3), 3, 6), 2) * chain, 0.6)
    low = max(range(len(loop)), key=lambda i: loop[i][1])
    bx, by = loop[low]
    bail = _rrect(size, (bx - 8, by - 6, bx + 8, by + 30), 6)
    layers.paint(_rgb((200, 158, 74)) * _volume(bail, 3, 0.3), bail)
    coin = _ellipse(size, (bx - 44, by + 22, bx + 44, by + 110))
    layers.paint(_rgb((214, 172, 86)) * _volume(coin, 10, 0.3) * _rows(size, 1.08, 0.92), coin)
    face = _ellipse(size, (bx - 34, by + 32, bx + 34, by + 100))
    layers.paint(_rgb((196, 152, 70)) * _rows(size, 1.04, 0.94), face)
    star = [(bx + 20 * float(np.cos(a)) * (1 if i % 2 == 0 else 0.45),
             by + 66 + 20 * float(np.sin(a)) * (1 if i % 2 == 0 else 0.45))
            for i, a in enumerate(np.linspace(-np.pi / 2, 1.5 * np.pi, 10, endpoint=False))]
    layers.paint((238, 204, 124), _poly(size, star))
    layers.paint((255, 240, 196), _soft(_ellipse(size, (bx - 30, by + 36, bx - 8, by + 54)), 3),
                 0.8)
    cx_, cy_ = loop[len(loop) * 3 // 4]  # the lobster clasp lies on the chain's left side
    clasp = _tilted(size, (cx_, cy_), (10, 22), 20)
    layers.paint(_rgb((206, 164, 80)) * _volume(clasp, 4, 0.35), clasp)
    return layers.rgba()


def walnut_hanger(seed: int) -> np.ndarray:
    """A walnut coat hanger with a trouser bar and a chrome hook, front-on (1200x800)."""
    size = (1200, 800)
    _, h = size
    half = _bezier((600, 306), (430, 306), (176, 392), (136, 560), 40) + [(150, 602)]
    arm = half[::-1] + [(1200 - x, y) for x, y in half][1:]
    wood = _band(size, arm, 42)
    bar = _band(size, [(150, 604), (1050, 604)], 24)
    hook_path = [(600, 300), (596, 230)] + _arc_path((642, 160), (52, 54), 180, 400, 44)
    hook = _lines(size, [hook_path], 11)
    layers = _Layers(size)
    layers.paint(_rgb((178, 182, 190)) * _rows(size, 1.1, 0.9), hook)
    layers.paint((110, 114, 122), _soft(_lines(size, [[(x + 3, y) for x, y in hook_path]], 3), 1)
                 * hook, 0.6)
    layers.paint((252, 254, 255), _soft(_lines(size, [_arc_path((642, 160), (48, 50), 215, 300,
                                                               20)], 3), 1), 0.7)
    y = np.arange(h, dtype=np.float32)[:, None]
    grain = 0.5 + 0.5 * np.sin((y + 18 * _smooth(size, seed, 120, 20)) / 3.2)
    walnut = (_rgb((124, 80, 50)) * (0.86 + 0.16 * grain[..., None])
              * (1 + 0.08 * _smooth(size, seed + 1, 80, 14)[..., None]) * _volume(wood, 9, 0.3))
    layers.paint(walnut, wood)
    layers.paint((226, 186, 150), _soft(_lines(size, [_offset(arm[4:-4], 12)], 3), 1.5) * wood,
                 0.55)  # the lacquer catches the light along the top
    dowel = (_rgb((128, 84, 52)) * (0.78 + 0.34 * np.exp(-(((y - 598) / 6) ** 2)))[..., None]
             * (0.95 + 0.05 * _smooth(size, seed + 2, 90, 6))[..., None])
    layers.paint(dowel, bar)
    layers.paint((70, 44, 28), _soft(_lines(size, [[(150, 584), (150, 624)],
                                                   [(1050, 584), (1050, 624)]], 4), 1), 0.6)
    nut = _rrect(size, (584, 286, 616, 318), 6)
    layers.paint(_rgb((200, 170, 100)) * np.clip(_cylinder(size, 584, 616), 0.6, 1.1), nut)
    layers.paint((226, 196, 150), _rrect(size, (556, 338, 644, 343), 2) * wood, 0.5)  # a stamp
    return layers.rgba()


def sage_cup(seed: int) -> np.ndarray:
    """A speckled sage stoneware cup, a raw clay foot, a big loop handle (1000x900).

    The glaze is the colour of the sage paper the case stands it on.
    """
    size = (1000, 900)
    w, h = size
    cx = 420.0
    body, radius = _profile_cup(size, cx)
    layers = _Layers(size)
    handle = (np.clip(_ellipse(size, (494, 270, 794, 634)) - _ellipse(size, (548, 328, 732, 576)),
                      0, 1) * (np.arange(w)[None, :] > 575))
    glaze = _rgb(SAGE)
    layers.paint(glaze * _volume(handle, 12, 0.1) * _rows(size, 1.03, 0.95), handle)
    layers.paint((222, 230, 214), _soft(_lines(size, [_arc_path((644, 452), (136, 168), 250,
                                                                 335)], 6), 2) * handle, 0.6)
    rows = np.arange(h, dtype=np.float32)[:, None]
    layers.paint(glaze * _lathe(size, cx, radius, -0.4) * _rows(size, 1.02, 0.96)
                 + _grain(size, seed, 0.8), body)
    foot = body * (rows > 662)
    layers.paint(_rgb((210, 190, 160)) * _lathe(size, cx, radius, -0.4)
                 * (1 + _grain(size, seed + 1, 0.03)), foot)
    layers.paint((172, 178, 160), _soft(body * (np.abs(rows - 660) < 3), 1), 0.7)  # glaze drip line
    rng = np.random.default_rng(seed)
    specks = rng.uniform((cx - 170, 260), (cx + 170, 650), (70, 2))
    layers.paint((112, 104, 90), _ellipses(size, [(sx - 1.5, sy - 1.5, sx + 1.5, sy + 1.5)
                                                  for sx, sy in specks]) * body, 0.7)
    mouth = _ellipse(size, (cx - 192, 232, cx + 192, 288))
    layers.paint((224, 230, 216), mouth)  # the lit rim
    inside = _ellipse(size, (cx - 180, 238, cx + 180, 282))
    layers.paint(glaze * _rows(size, 0.86, 1.08), inside)
    layers.paint((150, 160, 140), _soft(_ellipse(size, (cx - 170, 246, cx + 150, 282)), 6)
                 * inside, 0.4)
    layers.paint((255, 255, 255), _soft(_rrect(size, (cx - 150, 300, cx - 124, 620), 12), 8)
                 * body, 0.45)
    return layers.rgba()


def _profile_cup(size: Size, cx: float) -> tuple[np.ndarray, np.ndarray]:
    """The cup's body (wide at the rim, narrowing to a rounded foot) and its half width per row."""
    _, h = size
    ys = np.arange(h, dtype=np.float32)
    radius = np.interp(ys, [260, 420, 600, 680, 700], [192, 182, 160, 146, 136]).astype(
        np.float32)
    left = [(cx - float(radius[y]), float(y)) for y in range(260, 701, 4)]
    outline = left + [(2 * cx - x, y) for x, y in reversed(left)]
    return _rounded(_poly(size, outline), 3), radius


def rust_scarf(seed: int) -> np.ndarray:
    """A rust ribbed-knit scarf laid flat in a loop, its fringed ends crossing below (1100x1300).

    The loop above the crossing encloses the backdrop: a gap made by the fold.
    """
    size = (1100, 1300)
    under = (_bezier((300, 1120), (360, 900), (520, 760), (640, 640), 40)[:-1]
             + _bezier((640, 640), (790, 490), (820, 290), (640, 200), 40)[:-1]
             + _bezier((640, 200), (500, 130), (330, 190), (322, 360), 30))
    over = (_bezier((322, 360), (314, 520), (420, 620), (560, 720), 30)[:-1]
            + _bezier((560, 720), (690, 810), (800, 940), (840, 1120), 40))
    path = under + over[1:]
    layers = _Layers(size)
    wool = _rgb((170, 86, 54))
    gaps = [float(np.hypot(np.subtract(under, p).T[0], np.subtract(under, p).T[1]).min())
            for p in over[12:]]
    cross = over[12 + int(np.argmin(gaps))]
    near = _soft(_ellipse(size, (cross[0] - 190, cross[1] - 190, cross[0] + 190,
                                 cross[1] + 190)), 12)
    w, h = size
    xx = np.arange(w, dtype=np.float32)[None, :]
    yy = np.arange(h, dtype=np.float32)[:, None]
    ends = []
    for end, before in ((path[0], path[1]), (path[-1], path[-2])):
        dx, dy = end[0] - before[0], end[1] - before[1]
        n = float(np.hypot(dx, dy))
        ends.append((end, dx / n, dy / n))
    square = np.ones((h, w), np.float32)  # the ends are cut straight, not rounded
    for (ex, ey), ux, uy in ends:
        square *= np.clip(0.5 - ((xx - ex) * ux + (yy - ey) * uy), 0, 1)
    for part, where in ((path, None), (over, near)):
        cover = _band(size, part, 160) * (square if where is None else where)
        ribs = _lines(size, [_offset(part, d) for d in range(-72, 73, 12)], 4) * cover
        knit = (wool * _folds(size, seed, 70, 70, 0.12) * _volume(cover, 18, 0.14)
                + _grain(size, seed + 1, 3.0))
        if where is not None:  # the upper pass shades the lower one where it crosses it
            layers.paint((60, 30, 20), _soft(np.roll(cover, 10, axis=0), 10) * where, 0.35)
        layers.paint(knit, cover)
        layers.paint((120, 56, 34), ribs, 0.45)
    for end, ux, uy in ends:
        strands = [[(end[0] - uy * o, end[1] + ux * o),
                    (end[0] - uy * o + ux * 84, end[1] + ux * o + uy * 84)]
                   for o in range(-66, 67, 12)]
        layers.paint(wool * 0.94 * (1 + _grain(size, seed + 2, 0.05)), _lines(size, strands, 7))
    return layers.rgba()


def white_bowl(seed: int) -> np.ndarray:
    """A white glazed ceramic bowl seen a little from above (1100x800)."""
    size = (1100, 800)
    w, h = size
    cx, rim_y, ax = 550.0, 300.0, 380.0
    ys = np.arange(h, dtype=np.float32)
    depth = 330.0
    radius = np.where(ys >= rim_y, ax * np.sqrt(np.clip(1 - ((ys - rim_y) / depth) ** 2, 0, 1)),
                      0.0).astype(np.float32)
    radius = np.maximum(radius, np.where((ys > rim_y) & (ys < 632), 150.0, 0.0)).astype(
        np.float32)
    left = [(cx - float(radius[y]), float(y)) for y in range(int(rim_y), 633, 3)]
    body = _rounded(_poly(size, left + [(2 * cx - x, y) for x, y in reversed(left)]), 3)
    layers = _Layers(size)
    layers.paint(_rgb((246, 246, 244)) * _lathe(size, cx, np.maximum(radius, 1), -0.35)
                 * _rows(size, 1.03, 0.95) + _grain(size, seed, 0.7), body)
    foot = _rrect(size, (cx - 150, 606, cx + 150, 640), 10)
    layers.paint(_rgb((234, 233, 229)) * _cylinder(size, cx - 150, cx + 150) ** 0.3, foot)
    rim = _ellipse(size, (cx - ax, rim_y - 92, cx + ax, rim_y + 92))
    layers.paint((250, 250, 248), rim)
    inside = _ellipse(size, (cx - ax + 12, rim_y - 82, cx + ax - 12, rim_y + 80))
    yy = np.arange(h, dtype=np.float32)[:, None, None]
    bowl_in = _rgb((240, 240, 237)) * (0.95 + 0.06 * np.clip((yy - 220) / 160, 0, 1))
    layers.paint(bowl_in, inside)
    layers.paint((214, 214, 210), _soft(_ellipse(size, (cx - ax + 30, rim_y - 80, cx + ax - 30,
                                                        rim_y + 20)), 18) * inside, 0.5)
    layers.paint((255, 255, 255), _soft(_ellipse(size, (cx - 120, rim_y + 10, cx + 160,
                                                        rim_y + 60)), 20) * inside, 0.6)
    layers.paint((255, 255, 255), _soft(_rrect(size, (cx - 260, 420, cx - 220, 520), 18), 10)
                 * body, 0.6)
    layers.paint((226, 226, 222), _ring(size, (cx - ax, rim_y - 92, cx + ax, rim_y + 92),
                                        (cx - ax + 3, rim_y - 89, cx + ax - 3, rim_y + 89)), 0.8)
    return layers.rgba()


def cream_beanie(seed: int) -> np.ndarray:
    """A cream cable-knit beanie with a ribbed cuff and a pompom, flat, front-on (900x1000).

    The yarn is within a few levels of the cream paper the case lays it on.
    """
    size = (900, 1000)
    w, h = size
    yarn = _rgb((242, 234, 217))
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    crown = _poly(size, _arc_path((450, 660), (262, 400), 180, 360, 60))
    cuff = _rrect(size, (176, 626, 724, 830), 22)
    ang = np.arctan2(y - 232, x - 450)
    edge = (118 + 2.5 * np.sin(41 * ang) + 2 * np.sin(67 * ang + 1.0)
            + 4 * np.sin(5 * ang + 2.0))
    pom = np.clip((edge - np.hypot(x - 450, y - 232)) / 7 + 0.5, 0, 1).astype(np.float32)
    layers = _Layers(size)
    fluff = (yarn * 1.01 * (1 + 0.05 * _smooth(size, seed, 5, 5)[..., None])
             * _volume(pom, 30, 0.16) + _grain(size, seed + 1, 3.0))
    layers.paint(fluff, pom)
    column = (x - 450) % 96
    braid = 0.5 + 0.5 * np.sin((y + 40 * np.abs(np.sin(np.pi * column / 96))) / 9)
    cable = (0.95 + 0.05 * braid * (np.abs(column - 48) < 30)
             - 0.035 * (np.abs(column - 48) > 36))[..., None]
    stitch = (1 - 0.04 * (0.5 + 0.5 * np.sin(x / 1.4)) * (0.5 + 0.5 * np.sin(y / 1.8)))[..., None]
    layers.paint(yarn * cable * stitch * _volume(crown, 40, 0.1) * _rows(size, 1.02, 0.97)
                 + _grain(size, seed + 2, 1.8), crown)
    layers.paint((252, 248, 238), _soft(pom * (y < 200) * (x < 440), 16), 0.35)
    layers.paint(yarn * _rib(size, 12, 0.07) * _volume(cuff, 14, 0.1)
                 + _grain(size, seed + 3, 1.8), cuff)
    layers.paint((204, 194, 174), _soft(_lines(size, [[(182, 630), (718, 630)]], 5), 3) * cuff,
                 0.6)  # the fold of the cuff
    tag = _rrect(size, (410, 690, 490, 740), 6)
    layers.paint(_rgb((176, 140, 104)) * (1 + _grain(size, seed + 4, 0.04)), tag)
    layers.paint((236, 214, 186), _lines(size, [[(426, 714), (474, 714)]], 3), 0.8)
    return layers.rgba()


def white_pump_bottle(seed: int) -> np.ndarray:
    """A matte white lotion bottle with a pump, soft studio shading, a grey label (700x1100)."""
    size = (700, 1100)
    layers = _Layers(size)
    white = _rgb((245, 245, 243))
    nozzle = _poly(size, [(410, 222), (508, 226), (514, 236), (508, 248), (410, 254)])
    layers.paint(white * _rows(size, 1.03, 0.9) * _volume(nozzle, 5, 0.08), nozzle)
    head = _rrect(size, (298, 210, 432, 268), 12)
    layers.paint(white * np.clip(_cylinder(size, 298, 432) ** 0.35, 0.85, 1.03), head)
    stem = _rrect(size, (336, 262, 364, 336), 4)
    layers.paint(_rgb((236, 236, 233)) * np.clip(_cylinder(size, 336, 364) ** 0.4, 0.8, 1.0),
                 stem)
    collar = _rrect(size, (292, 330, 408, 402), 8)
    layers.paint(white * np.clip(_cylinder(size, 292, 408) ** 0.35, 0.84, 1.03)
                 * _rib(size, 7, 0.05), collar)
    body = _rrect(size, (214, 392, 486, 962), 56)
    soft_cyl = np.clip(_cylinder(size, 214, 486) ** 0.35, 0.85, 1.03)
    layers.paint(white * soft_cyl * _rows(size, 1.02, 0.95) + _grain(size, seed, 0.6), body)
    layers.paint((255, 255, 255), _soft(_rrect(size, (244, 460, 268, 930), 12), 8) * body, 0.5)
    layers.paint((214, 214, 212), _soft(_lines(size, [[(224, 958), (476, 958)]], 6), 2) * body,
                 0.6)
    text = [[(280, 600), (420, 600)], [(300, 630), (400, 630)], [(306, 770), (394, 770)],
            [(316, 790), (384, 790)]]
    layers.paint((150, 152, 150), _lines(size, text[:1], 9))
    layers.paint((176, 178, 176), _lines(size, text[1:], 3))
    layers.paint((196, 200, 186), _ellipse(size, (330, 660, 370, 700)), 0.8)  # a leaf mark
    return layers.rgba()


def navy_cap(seed: int) -> np.ndarray:
    """A navy twill baseball cap, three-quarter side view, a white embroidered patch (1100x800).

    The patch is product, not a hole.
    """
    size = (1100, 800)
    w, h = size
    navy = _rgb((34, 46, 78))
    twill = (1 + _grain(size, seed, 0.04)) * (
        1 + 0.03 * np.sin((np.arange(w)[None, :] + np.arange(h)[:, None]) / 2.0))[..., None]
    crown_pts = _chaikin([(250, 560), (240, 420), (300, 290), (420, 212), (560, 196), (700, 236),
                          (800, 340), (842, 470), (840, 580), (560, 600)], 3)
    crown = _poly(size, crown_pts)
    brim = _poly(size, _chaikin([(430, 548), (300, 530), (190, 548), (100, 582), (64, 610),
                                 (96, 630), (250, 626), (430, 606)], 3))
    layers = _Layers(size)
    layers.paint(navy * 0.72 * twill * _rows(size, 1.1, 0.85), brim)
    layers.paint((70, 82, 112), _stitch(size, [[(110, 614), (196, 584), (300, 560)],
                                               [(124, 624), (210, 602), (310, 582)]], 6, 4, 2)
                 * brim, 0.8)
    layers.paint(navy * twill * _volume(crown, 60, 0.3) * _lathe(size, 545, np.full(h, 300.0),
                                                                 -0.4), crown)
    seams = [[(560, 200), (460, 320), (400, 580)], [(560, 200), (640, 330), (680, 590)],
             [(560, 200), (760, 320), (830, 460)]]
    layers.paint((20, 28, 50), _lines(size, seams, 3) * crown, 0.8)
    layers.paint((62, 76, 112), _stitch(size, [[(x + 8, y) for x, y in s] for s in seams], 6, 4,
                                        1.5) * crown, 0.7)
    for ex, ey in ((600, 300), (700, 330)):
        layers.paint((16, 22, 40), _ellipse(size, (ex - 6, ey - 6, ex + 6, ey + 6)), 0.9)
    button = _ellipse(size, (540, 184, 580, 206))
    layers.paint(navy * _volume(button, 4, 0.3), button)
    patch = _rrect(size, (300, 330, 440, 450), 20)
    layers.paint(_rgb((246, 246, 243)) * (1 + _grain(size, seed + 1, 0.02))
                 * _rib(size, 3, 0.04, vertical=False), patch)
    layers.paint((34, 46, 78), _lines(size, [[(324, 366), (350, 416), (370, 366), (392, 416),
                                              (416, 366)]], 9))
    layers.paint((210, 212, 214), _stitch(size, [[(310, 440), (430, 440)], [(310, 340),
                                                                            (430, 340)]],
                                          5, 3, 2), 0.9)
    band = _poly(size, [(250, 552), (560, 590), (840, 570), (840, 586), (560, 606), (250, 568)])
    layers.paint(navy * 0.7, band * crown, 0.8)
    return layers.rgba()


def held_lipstick(seed: int) -> np.ndarray:
    """A red lipstick in a gold case held by a hand whose arm enters from the left edge.

    1100x900. Sleeve, hand and lipstick are all in front of the backdrop: all product.
    """
    size = (1100, 900)
    skin = _rgb(TAN_SKIN) * (1 + _smooth(size, seed, 60, 60)[..., None] * 0.035)
    layers = _Layers(size)
    case = _rrect(size, (580, 380, 660, 640), 8)
    layers.paint(_rgb((212, 172, 92)) * np.clip(_cylinder(size, 580, 660), 0.6, 1.15), case)
    layers.paint((140, 104, 44), _lines(size, [[(580, 470), (660, 470)]], 3), 0.8)
    sleeve_in = _rrect(size, (594, 300, 646, 386), 4)
    layers.paint(_rgb((224, 188, 112)) * np.clip(_cylinder(size, 594, 646), 0.6, 1.15),
                 sleeve_in)
    bullet = _poly(size, [(600, 308), (600, 222), (612, 196), (640, 176), (640, 308)])
    layers.paint(_rgb((176, 24, 40)) * np.clip(_cylinder(size, 600, 640), 0.6, 1.2), bullet)
    layers.paint((236, 120, 130), _soft(_line(size, [(612, 212), (608, 300)], 4), 1.5), 0.6)
    arm = _poly(size, [(-40, 520), (330, 500), (470, 520), (470, 690), (330, 700), (-40, 740)])
    layers.paint(skin * _volume(arm, 40, 0.16) * 0.96, arm)
    back = _poly(size, [(474, 500), (600, 470), (640, 660), (484, 690)])
    layers.paint(skin * 0.97, back)  # the hand's back behind the curled fingers
    palm = _ellipse(size, (400, 470, 640, 730))
    layers.paint(skin * _volume(palm, 40, 0.14) * _rows(size, 1.02, 0.94), palm)
    for i, y0 in enumerate((492, 540, 588, 636)):  # curled round the case, touching
        width = 58 - 3 * i
        finger = _band(size, [(560, y0 + 6), (640, y0), (690, y0 + 8)], width)
        layers.paint(skin * _volume(finger, 12, 0.3) * _rows(size, 1.03, 0.95), finger)
        layers.paint((150, 100, 72), _soft(_lines(size, [[(648, y0 - width / 3),
                                                          (650, y0 + width / 3)]], 2), 0.8),
                     0.5)  # a knuckle crease
        layers.paint((214, 160, 130), _ellipse(size, (690, y0 - width / 4, 712, y0 + width / 4)),
                     0.85)  # the nail
    thumb = _band(size, [(470, 540), (540, 470), (600, 444)], 50)
    layers.paint(skin * _volume(thumb, 14, 0.22) * 1.03, thumb)
    layers.paint((214, 162, 132), _ellipse(size, (584, 428, 616, 456)), 0.9)
    sleeve = _poly(size, _chaikin([(-60, 470), (240, 470), (300, 560), (280, 760), (-60, 790)],
                                  2))
    knit = (_rgb((92, 104, 84)) * _rib(size, 10, 0.18) * _folds(size, seed + 1, 40, 40, 0.12)
            * _volume(sleeve, 20, 0.15) + _grain(size, seed + 2, 2.0))
    layers.paint(knit, sleeve)
    return layers.rgba()
