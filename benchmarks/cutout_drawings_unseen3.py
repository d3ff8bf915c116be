"""Drawn products of the cutout benchmark's ``unseen3`` split, as RGBA layers whose alpha is known.

Drawn blind for issue 18, after ``unseen2`` was opened for tuning, by someone who never read
the cutout's code nor ran it on these drawings; never scored while tuning (see
:mod:`benchmarks.cutout_cases`). Same approach as :mod:`benchmarks.cutout_drawings_unseen2`:
each drawing is deterministic in its seed and returns a float32 RGBA array (alpha 0..255,
anti-aliased, shapes drawn 4x supersampled) that the cases composite on paper with a shadow
and JPEG. The frosted candle holder and the clear phone case also return their silhouette:
much of them is see-through, yet all of it is product (the case's camera cut-out is not).
The large and the tiny photo are drawn at a working size; the cases resize them with
:func:`benchmarks.cutout_drawings_unseen2.scaled`.

:data:`LOOPS` says how many enclosed background gaps (handle loops, finger holes, a ring,
the slots between a lamp's twin rods) each drawing was drawn with, so that the truth can be
checked against the intent.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from benchmarks.cutout_drawings import (
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
    _polys,
    _rows,
    _smooth,
)
from benchmarks.cutout_drawings_unseen2 import _rib, _soft, _stitch, _tilted, _volume

UMBER_SKIN = (112.0, 74.0, 54.0)

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "white_teapot": 1,
    "linen_shirt": 1,
    "orange_scissors": 3,
    "brass_keyring": 1,
    "wire_chair": 12,
    "clear_phone_case": 1,
    "desk_lamp": 3,
}


def _turned(points: Sequence[Point], degrees: float, origin: Point) -> list[Point]:
    """``points`` rotated by ``degrees`` about (0, 0), then moved to ``origin``."""
    turn = np.deg2rad(degrees)
    c, s = float(np.cos(turn)), float(np.sin(turn))
    return [(origin[0] + x * c - y * s, origin[1] + x * s + y * c) for x, y in points]


def _ring(size: Size, outer: tuple[float, float, float, float],
          inner: tuple[float, float, float, float]) -> np.ndarray:
    """Coverage of an elliptical ring: ``outer`` minus ``inner``."""
    return np.clip(_ellipse(size, outer) - _ellipse(size, inner), 0, 1)


def _arc_path(centre: Point, axes: Point, start: float, stop: float, n: int = 48) -> list[Point]:
    """Points along an ellipse from ``start`` to ``stop`` degrees (0 = right, 90 = down)."""
    t = np.deg2rad(np.linspace(start, stop, n))
    xs = centre[0] + axes[0] * np.cos(t)
    ys = centre[1] + axes[1] * np.sin(t)
    return list(zip(xs.tolist(), ys.tolist(), strict=True))


def _band(size: Size, points: Sequence[Point], width: float) -> np.ndarray:
    """A thick stroke along ``points`` with round ends and clean joints (discs every px)."""
    pts = np.asarray(points, np.float64)
    seg = np.hypot(*np.diff(pts, axis=0).T)
    at = np.concatenate([[0.0], np.cumsum(seg)])
    t = np.linspace(0, at[-1], max(2, int(at[-1]) + 1))
    xs, ys = np.interp(t, at, pts[:, 0]), np.interp(t, at, pts[:, 1])
    r = width / 2
    return _ellipses(size, [(x - r, y - r, x + r, y + r) for x, y in zip(xs, ys, strict=True)])


def white_teapot(seed: int) -> np.ndarray:
    """A white glazed porcelain teapot: round body, domed lid, spout, loop handle (1100x900)."""
    size = (1100, 900)
    w, h = size
    cx, cy, rx, ry = 560.0, 540.0, 230.0, 220.0
    body = np.maximum(_ellipse(size, (cx - rx, cy - ry, cx + rx, cy + ry)),
                      _rrect(size, (cx - 118, 720, cx + 118, 776), 16))
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    t = np.clip((x - cx) / rx, -1, 1)
    lathe = (0.8 + 0.2 * np.sqrt(1 - t**2) + 0.06 * np.exp(-(((t + 0.45) / 0.12) ** 2))
             - 0.06 * np.clip((y - 620) / 160, 0, 1))
    glaze = _rgb((246, 246, 243)) * lathe[..., None] * _volume(body, 22, 0.1)
    path = [(cx - 170, 390.0)] + _arc_path((cx - 215, 540), (135, 150), 250, 110, 40)
    path += [(cx - 175, 680.0)]
    handle = _band(size, path, 36)
    layers = _Layers(size)
    layers.paint(_rgb((236, 236, 233)) * _volume(handle, 10, 0.16), handle)
    layers.paint((252, 252, 250), _soft(_line(size, path[6:30], 5), 2) * handle, 0.6)
    spout = _polys(size, [[(cx + 196, 660), (cx + 200, 470), (cx + 262, 440), (cx + 330, 350),
                           (cx + 372, 338), (cx + 380, 352), (cx + 334, 450),
                           (cx + 284, 580)]])
    layers.paint(_rgb((240, 240, 237)) * _volume(spout, 12, 0.14) * _rows(size, 1.02, 0.94),
                 spout)
    layers.paint((206, 206, 204), _ellipse(size, (cx + 352, 336, cx + 382, 350)))  # its mouth
    layers.paint(glaze, body)
    layers.paint((214, 214, 212), _lines(size, [_arc_path((cx, 722), (118, 8), 0, 180)], 3)
                 * body, 0.8)  # the foot ring's seam
    layers.paint((255, 255, 255), _soft(_ellipse(size, (cx - 150, 380, cx - 90, 560)), 10)
                 * body, 0.7)
    lid = np.maximum(_ellipse(size, (cx - 120, 270, cx + 120, 380)),
                     _rrect(size, (cx - 130, 330, cx + 130, 352), 10))
    layers.paint(_rgb((244, 244, 241)) * _cylinder(size, cx - 130, cx + 130) ** 0.25, lid)
    layers.paint((196, 196, 194), _lines(size, [_arc_path((cx, 352), (128, 12), 0, 180)], 3))
    knob = np.maximum(_ellipse(size, (cx - 30, 226, cx + 30, 282)),
                      _rrect(size, (cx - 14, 262, cx + 14, 290), 4))
    layers.paint(_rgb((243, 243, 240)) * _volume(knob, 8, 0.12), knob)
    layers.paint((180, 180, 178), _ellipse(size, (cx - 5, 294, cx + 5, 302)))  # the steam hole
    layers.paint((150, 168, 190), _lines(size, [_arc_path((cx, 560), (200, 60), 25, 155)], 3)
                 * body, 0.45)  # a thin blue band under the glaze
    return layers.rgba()


def linen_shirt(seed: int) -> np.ndarray:
    """A white linen shirt, flat-lay, one arm bent back to the hem, a gap inside it (1060x1150)."""
    size = (1060, 1150)
    w, h = size
    body = _poly(size, [(384, 196), (470, 178), (590, 178), (676, 196), (770, 250), (762, 1000),
                        (700, 1040), (530, 1060), (360, 1040), (298, 1000), (290, 250)])
    bent = [(300, 290), (120, 600), (372, 820)]
    hanging = _poly(size, [(700, 246), (760, 222), (808, 258), (934, 540), (968, 840),
                           (856, 852), (822, 578), (766, 448)])
    arms = np.maximum(_band(size, bent, 116), hanging)
    silhouette = np.maximum(body, arms)
    rng = np.random.default_rng(seed)
    slub = (1 - 0.018 * np.clip(np.abs(rng.normal(0, 1, (h, 1))), 0, 3)
            - 0.012 * np.clip(np.abs(rng.normal(0, 1, (1, w))), 0, 3))[..., None]
    linen = (_rgb((248, 247, 243)) * slub * _folds(size, seed, 80, 26, 0.05)
             * _volume(silhouette, 14, 0.08) + _grain(size, seed + 1, 1.2))
    layers = _Layers(size)
    layers.paint(linen * 0.985, arms)
    cuffs = [_poly(size, [(262, 718), (340, 770), (300, 860), (230, 800)]),
             _poly(size, [(852, 786), (964, 774), (968, 840), (856, 852)])]
    layers.paint(linen * 0.97, np.maximum(cuffs[0], cuffs[1]) * arms)
    layers.paint((226, 225, 220), _lines(size, [[(262, 720), (228, 800)],
                                                [(852, 788), (964, 776)]], 3) * arms)
    layers.paint(linen, body)
    layers.paint((228, 227, 222), _lines(size, [[(300, 286), (368, 226)],
                                                [(762, 282), (700, 222)]], 3))  # the seams
    placket = _rrect(size, (512, 260, 548, 1050), 2)
    layers.paint(linen * 0.975, placket)
    layers.paint((230, 229, 224), _lines(size, [[(512, 262), (512, 1046)]], 2))
    buttons = [(530 - 9, yy - 9, 530 + 9, yy + 9) for yy in (330, 450, 570, 690, 810, 930)]
    layers.paint((236, 234, 228), _ellipses(size, buttons))
    layers.paint((206, 204, 198), _ellipses(size, [(b[0] + 5, b[1] + 5, b[2] - 5, b[3] - 5)
                                                   for b in buttons]))
    layers.paint(linen * 0.92, _poly(size, [(440, 196), (620, 196), (600, 226), (460, 226)]))
    collar = _polys(size, [[(438, 180), (528, 246), (476, 320), (390, 204)],
                           [(622, 180), (532, 246), (584, 320), (670, 204)]])
    layers.paint(linen * 1.005, collar)
    layers.paint((224, 223, 218), _lines(size, [[(396, 206), (474, 314), (528, 248)],
                                                [(664, 206), (586, 314), (532, 248)]], 3))
    pocket = _rrect(size, (594, 390, 704, 510), 3)
    layers.paint(linen * 0.99, pocket)
    layers.paint((226, 225, 220), _stitch(size, [[(598, 406), (700, 406)],
                                                 [(598, 394), (598, 506), (700, 506),
                                                  (700, 394)]], 6, 4, 1.5))
    layers.paint((214, 213, 208), _soft(_line(size, [(300, 990), (530, 1040), (762, 990)], 10),
                                        6) * body, 0.5)  # the curved tail's fold
    return layers.rgba()


def orange_scissors(seed: int) -> np.ndarray:
    """Steel scissors with orange plastic handles, two finger holes, blades ajar (1200x800)."""
    size = (1200, 800)
    pivot = (600.0, 410.0)
    upper = _ring(size, (110, 200, 410, 410), (160, 242, 362, 370))
    lower = _ring(size, (100, 404, 460, 650), (150, 446, 412, 606))
    shanks = _polys(size, [[(380, 296), (410, 350), (pivot[0] + 26, pivot[1] + 8),
                            (pivot[0] - 10, pivot[1] - 30)],
                           [(430, 470), (450, 520), (pivot[0] + 10, pivot[1] + 30),
                            (pivot[0] - 20, pivot[1] - 6)]])
    plastic = _rgb((234, 108, 36)) * (1 + _smooth(size, seed, 60, 60)[..., None] * 0.03)
    layers = _Layers(size)
    steel_a = _poly(size, [(pivot[0] - 30, pivot[1] - 4), (1110, 452), (1126, 462),
                           (pivot[0] - 10, pivot[1] + 30)])
    steel_b = _poly(size, [(pivot[0] - 30, pivot[1] - 18), (1124, 356), (1120, 372),
                           (pivot[0] - 10, pivot[1] + 16)])
    h = size[1]
    yy = np.arange(h, dtype=np.float32)[:, None, None]
    brushed = 1 + _grain(size, seed + 1, 0.02)
    layers.paint(_rgb((176, 180, 186)) * brushed * (0.9 + 0.25 * np.clip((yy - 400) / 60, 0, 1)),
                 steel_a)
    layers.paint((236, 238, 242), _line(size, [(pivot[0], pivot[1] + 10), (1112, 452)], 4)
                 * steel_a, 0.8)  # the bevel catches the light
    layers.paint(_rgb((196, 200, 206)) * brushed * (1.1 - 0.3 * np.clip((yy - 350) / 60, 0, 1)),
                 steel_b)
    layers.paint((120, 124, 130), _line(size, [(pivot[0], pivot[1] + 8), (1120, 366)], 3)
                 * steel_b, 0.7)
    layers.paint(plastic * _volume(shanks, 10, 0.25), shanks)
    for ring in (upper, lower):
        layers.paint(plastic * _volume(ring, 9, 0.3) * _rows(size, 1.06, 0.9), ring)
    layers.paint((255, 214, 180), _soft(_lines(size, [_arc_path((260, 305), (136, 92), 200, 290),
                                                      _arc_path((280, 527), (166, 110), 200, 280)],
                                               6), 2), 0.6)
    screw = _ellipse(size, (pivot[0] - 20, pivot[1] - 20, pivot[0] + 20, pivot[1] + 20))
    layers.paint(_rgb((150, 154, 160)) * _volume(screw, 5, 0.4), screw)
    layers.paint((70, 72, 76), _lines(size, [[(pivot[0] - 12, pivot[1] + 6),
                                              (pivot[0] + 12, pivot[1] - 6)]], 4))
    return layers.rgba()


def _key(size: Size, angle: float, hole: Point, bit: float) -> np.ndarray:
    """Coverage of a flat key hung by the hole of its bow, which is at ``hole``."""
    bow = _arc_path((0, 24), (38, 38), 0, 360, 40)
    blade = [(-11, 56), (-11, 210), (0, 228), (11, 214), (11, 196), (22, 190), (22, 176),
             (11, 170), (11, 156), (22 + bit, 150), (22 + bit, 134), (11, 128), (11, 110),
             (24, 104), (24, 90), (11, 84), (11, 56)]
    return np.maximum(_poly(size, _turned(bow, angle, hole)),
                      _poly(size, _turned(blade, angle, hole)))


def brass_keyring(seed: int) -> np.ndarray:
    """A steel split ring with two keys and a leather fob, small on its paper (1200x1000)."""
    size = (1200, 1000)
    cx, cy, r = 560.0, 380.0, 66.0

    def on_ring(degrees: float) -> Point:
        return (cx + r * float(np.cos(np.deg2rad(degrees))),
                cy + r * float(np.sin(np.deg2rad(degrees))))

    ring = _ring(size, (cx - r - 5, cy - r - 5, cx + r + 5, cy + r + 5),
                 (cx - r + 5, cy - r + 5, cx + r - 5, cy + r - 5))
    layers = _Layers(size)
    tab = [(-30, -14), (30, -14), (40, 40), (46, 250), (0, 290), (-46, 250), (-40, 40)]
    fob = _poly(size, _turned(tab, -10, on_ring(88)))
    layers.paint(_rgb((150, 92, 52)) * (1 + _grain(size, seed, 0.05))
                 * (1 + 0.08 * _smooth(size, seed + 1, 30, 30)[..., None]), fob)
    layers.paint((110, 64, 34), _lines(size, [_turned([(-38, 30), (38, 30)], -10, on_ring(88))],
                                       3))  # where the strap folds back on itself
    layers.paint((214, 170, 120), _stitch(size, [_turned([(-28, 60), (-32, 240), (0, 272),
                                                          (32, 240), (28, 60)], -10,
                                                         on_ring(88))], 7, 5, 2.5) * fob)
    rivet = _ellipse(size, (*_turned([(-9, 42)], -10, on_ring(88))[0],
                            *_turned([(9, 60)], -10, on_ring(88))[0]))
    layers.paint((200, 176, 120), rivet)
    keys = [(22.0, 122.0, (196, 160, 84), 0.0), (-34.0, 56.0, (186, 190, 196), 8.0)]
    for angle, at, colour, bit in keys:
        metal = _key(size, angle, on_ring(at), bit)
        layers.paint(_rgb(colour) * _volume(metal, 6, 0.35) * (1 + _grain(size, seed + 2, 0.03)),
                     metal)
        x0, y0 = on_ring(at)
        layers.paint((60, 56, 50), _ellipse(size, (x0 - 9, y0 - 9, x0 + 9, y0 + 9)), 0.8)
    x = np.arange(size[0], dtype=np.float32)[None, :] - cx
    y = np.arange(size[1], dtype=np.float32)[:, None] - cy
    shine = 180 + 60 * np.cos(np.arctan2(y, x) * 2 + 0.8)
    layers.paint(np.repeat(shine[..., None], 3, axis=2), ring)
    return layers.rgba()


def wire_chair(seed: int) -> np.ndarray:
    """A black powder-coated wire bistro chair, open back, four legs and a hoop (900x1300)."""
    size = (900, 1300)
    coat = _rgb((40, 40, 43)) * (1 + _grain(size, seed, 0.04))
    layers = _Layers(size)
    rear = [[(250, 712), (268, 1180)], [(650, 712), (632, 1180)]]
    layers.paint(coat * 0.8, _lines(size, rear, 13))  # the rear legs, behind
    layers.paint(coat * 0.85, _lines(size, [_arc_path((450, 1000), (196, 38), 180, 360)], 11))
    back_frame = [(250, 700), (236, 420), (254, 220), (340, 140), (450, 124), (560, 140),
                  (646, 220), (664, 420), (650, 700)]
    layers.paint(coat, _lines(size, [back_frame], 18))
    spindles = [[(330, 690), (322, 420), (336, 240), (382, 134)],
                [(450, 690), (450, 132)],
                [(570, 690), (578, 420), (564, 240), (518, 134)]]
    layers.paint(coat * 0.92, _lines(size, spindles, 10))
    layers.paint(coat, _lines(size, [_arc_path((450, 420), (210, 24), 180, 360)], 10))
    front = [[(214, 760), (178, 1230)], [(686, 760), (722, 1230)]]
    legs = _lines(size, front, 16)
    layers.paint(coat * _rows(size, 1.1, 0.9), legs)
    hoop = _lines(size, [_arc_path((450, 1010), (254, 46), 0, 180)], 12)
    layers.paint(coat, hoop)
    seat = _ellipse(size, (180, 640, 720, 800))
    layers.paint(coat * _volume(seat, 30, 0.25), seat)
    mesh = [[(xx, 650), (xx, 790)] for xx in range(240, 680, 40)]
    layers.paint((70, 70, 74), _lines(size, mesh, 3) * _ellipse(size, (196, 652, 704, 788)), 0.7)
    layers.paint((20, 20, 22), _lines(size, [_arc_path((450, 726), (266, 76), 0, 180)], 14))
    highlight: list[list[Point]] = [_arc_path((450, 726), (262, 72), 20, 160),
                                    [(240, 430), (256, 230)], [(220, 800), (190, 1200)],
                                    [(692, 800), (716, 1190)]]
    layers.paint((168, 170, 176), _soft(_lines(size, highlight, 3), 1.2) * layers.alpha, 0.8)
    feet = _ellipses(size, [(166, 1218, 192, 1238), (708, 1218, 734, 1238),
                            (258, 1170, 278, 1188), (622, 1170, 642, 1188)])
    layers.paint((24, 24, 26), feet)
    return layers.rgba()


def frosted_candle_holder(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A frosted glass candle holder with a cream pillar candle inside (800x900).

    Returns:
        The RGBA layer (the frosted glass is half see-through) and the holder's silhouette
        coverage 0..1 (all of it product).
    """
    size = (800, 900)
    w, h = size
    glass = np.maximum(_rrect(size, (236, 240, 564, 780), 26),
                       _ellipse(size, (236, 214, 564, 266)))
    edge = np.clip(glass - _volume(glass, 14, 1.0)[..., 0] * glass, 0, 1)
    layers = _Layers(size)
    layers.paint(_rgb((236, 238, 236)) + _grain(size, seed, 2.0), glass, 0.34)
    candle = _rrect(size, (290, 420, 510, 748), 18)
    glow = _soft(candle, 14)
    layers.paint(_rgb((240, 226, 196)) * _cylinder(size, 290, 510) ** 0.3, glow * glass, 0.55)
    layers.paint((226, 212, 184), _soft(_ellipse(size, (292, 406, 508, 440)), 8), 0.4)
    layers.paint((60, 50, 44), _soft(_line(size, [(400, 420), (402, 392)], 4), 2), 0.45)
    layers.paint((252, 252, 250), edge * 1.4, 0.55)  # frost scatters more at the walls
    rim = _ring(size, (236, 214, 564, 266), (250, 222, 550, 258))
    layers.paint(_rgb((248, 248, 246)) * _cylinder(size, 236, 564) ** 0.2, rim, 0.85)
    inner = _ellipse(size, (250, 222, 550, 258))
    layers.paint((214, 214, 210), inner, 0.18)
    base = _rrect(size, (236, 726, 564, 780), 22)
    layers.paint(_rgb((228, 232, 230)) * _cylinder(size, 236, 564) ** 0.3, base, 0.62)
    layers.paint((250, 252, 252), _lines(size, [[(240, 728), (560, 728)]], 3), 0.6)
    layers.paint((255, 255, 255), _soft(_line(size, [(282, 290), (282, 710)], 16), 8), 0.5)
    layers.paint((150, 156, 154), _soft(_line(size, [(548, 300), (548, 720)], 6), 3), 0.3)
    rows = np.arange(h, dtype=np.float32)[:, None]
    band = (np.abs(rows - 600) < 14).astype(np.float32) * glass * (np.arange(w)[None, :] > 0)
    layers.paint((222, 226, 224), band, 0.25)  # a satin band around the middle
    return layers.rgba(), glass


def held_tube(seed: int) -> np.ndarray:
    """A cosmetic tube held by its cap, the hand and wrist entering from the top (900x1200).

    Sleeve, hand and tube are all in front of the backdrop, so all of them are product.
    """
    size = (900, 1200)
    skin = _rgb(UMBER_SKIN) * (1 + _smooth(size, seed, 60, 60)[..., None] * 0.04)
    layers = _Layers(size)
    tube = _poly(size, [(380, 540), (520, 540), (580, 1060), (320, 1060)])
    plastic = (_rgb((156, 182, 160)) * np.clip(_cylinder(size, 330, 570), 0.72, 1.08)
               * _rows(size, 1.02, 0.96))
    layers.paint(plastic, tube)
    crimp = _rrect(size, (314, 1030, 586, 1074), 4)
    layers.paint(_rgb((140, 166, 144)) * (1 - 0.1 * (np.sin(np.arange(size[1])[:, None, None]
                                                              / 1.6) > 0)), crimp)
    layers.paint((246, 244, 238), _lines(size, [[(390, 700), (510, 700)]], 14) * tube)
    layers.paint((70, 84, 74), _lines(size, [[(400, y), (500, y)] for y in (740, 756)], 4))
    layers.paint((70, 84, 74), _lines(size, [[(396, y), (504, y)] for y in (870, 882, 894)],
                                      2) * tube)
    layers.paint((255, 255, 255), _soft(_line(size, [(372, 580), (352, 1010)], 10), 5)
                 * tube, 0.45)
    cap = _rrect(size, (384, 440, 516, 548), 12)
    layers.paint(_rgb((238, 236, 230)) * np.clip(_cylinder(size, 384, 516), 0.7, 1.05), cap)
    layers.paint((206, 204, 198), _lines(size, [[(386, 470), (514, 470)]], 2))
    arm = _poly(size, [(300, -40), (560, -40), (560, 180), (540, 300), (350, 300), (330, 180)])
    layers.paint(skin * _volume(arm, 40, 0.2), arm)
    layers.paint((236, 232, 226), _rrect(size, (328, 120, 566, 170), 10))  # a knit cuff
    layers.paint(_rgb((236, 232, 226)) * _rib(size, 8, 0.08), _rrect(size, (320, -20, 574, 160),
                                                                      16))
    back = _ellipse(size, (330, 240, 560, 470))
    layers.paint(skin * _volume(back, 30, 0.18) * _rows(size, 1.0, 0.9), back)
    fingers = [[(396, 400), (398, 470), (412, 520)], [(452, 410), (458, 480), (468, 532)],
               [(506, 400), (512, 460), (518, 506)]]
    for i, f in enumerate(fingers):
        finger = _band(size, f, 46 - 4 * i)
        layers.paint(skin * _volume(finger, 10, 0.25), finger)
        tip = f[-1]
        layers.paint((150, 112, 92), _ellipse(size, (tip[0] - 9, tip[1] - 12, tip[0] + 9,
                                                     tip[1] + 8)), 0.7)  # the nail
    thumb = _band(size, [(548, 330), (560, 420), (524, 496)], 44)
    layers.paint(skin * _volume(thumb, 12, 0.2) * 1.06, thumb)
    layers.paint((166, 128, 110), _ellipse(size, (508, 480, 534, 508)))  # the thumbnail
    return layers.rgba()


def mustard_scarf(seed: int) -> np.ndarray:
    """A mustard wool scarf laid in a long S, fringed at the top, off the bottom (900x1200)."""
    size = (900, 1200)
    w, h = size
    ys = np.arange(170.0, 1320.0, 10.0)
    xs = 420 + 130 * np.sin(np.pi * np.clip(ys - 250, 0, None) / 460)
    path = list(zip(xs.tolist(), ys.tolist(), strict=True))
    scarf = _band(size, path, 190)
    end = _poly(size, [(325, 150), (515, 150), (515, 260), (325, 260)])
    scarf = np.maximum(scarf * (np.arange(h)[:, None] > 160), end)
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    knit = (1 - 0.07 * (0.5 + 0.5 * np.sin(x / 2.2)) * (0.5 + 0.5 * np.sin(y / 3.0 + x / 40)))
    wool = (_rgb((208, 160, 58)) * knit[..., None] * _folds(size, seed, 60, 60, 0.12)
            * _volume(scarf, 20, 0.16) + _grain(size, seed + 1, 3.0))
    layers = _Layers(size)
    rng = np.random.default_rng(seed)
    tassels = []
    for xx in np.arange(334, 512, 14):
        lean = float((xx - 423) * 0.25 + rng.uniform(-3, 3))
        tassels.append([(float(xx), 156.0), (float(xx) + lean * 0.5, 110.0),
                        (float(xx) + lean, float(rng.uniform(74, 90)))])
    layers.paint(_rgb((196, 148, 50)) * (1 + _grain(size, seed + 2, 0.05)), _lines(size, tassels,
                                                                                    6))
    layers.paint(wool, scarf)
    stripes = _polys(size, [[(325, 196), (515, 196), (515, 214), (325, 214)],
                            [(325, 230), (515, 230), (515, 240), (325, 240)]])
    layers.paint(_rgb((238, 230, 210)) * knit[..., None], stripes * scarf)
    layers.paint((176, 130, 40), _lines(size, [[(327, 156), (513, 156)]], 4))
    layers.paint((180, 134, 44), _soft(_line(size, [(x + 40, y) for x, y in path[30:70]], 8), 5)
                 * scarf, 0.6)  # a fold
    return layers.rgba()


def felt_slippers(seed: int) -> np.ndarray:
    """A pair of grey wool-felt slippers seen from above, toes up, a finger apart (1000x1000)."""
    size = (1000, 1000)
    layers = _Layers(size)
    rng = np.random.default_rng(seed)
    w, h = size
    specks = rng.normal(0, 1, (h, w, 1)).astype(np.float32)
    heather = 1 + 0.035 * np.clip(specks, -2.5, 2.5) + 0.02 * _smooth(size, seed, 5, 5)[..., None]
    felt = _rgb((209, 206, 201)) * heather
    for cx, lit in ((350.0, 1.0), (640.0, 0.97)):
        sole = np.maximum.reduce([_ellipse(size, (cx - 130, 120, cx + 130, 560)),
                                  _ellipse(size, (cx - 112, 500, cx + 112, 900)),
                                  _poly(size, [(cx - 128, 360), (cx + 130, 360), (cx + 112, 700),
                                               (cx - 112, 700)])])
        layers.paint(felt * lit * _volume(sole, 16, 0.12), sole)
        opening = np.maximum(_ellipse(size, (cx - 88, 460, cx + 88, 880)),
                             _rrect(size, (cx - 88, 560, cx + 88, 760), 20))
        layers.paint(_rgb((184, 180, 174)) * heather * _rows(size, 0.88, 1.02), opening)
        insole = _ellipse(size, (cx - 74, 520, cx + 74, 870))
        layers.paint(_rgb((198, 194, 188)) * heather * _rows(size, 0.84, 1.03), insole)
        layers.paint((150, 146, 140), _soft(_ellipse(size, (cx - 80, 470, cx + 80, 560)), 12)
                     * opening, 0.7)  # the toe cap's shadow inside
        layers.paint((160, 156, 150), _stitch(size, [_arc_path((cx, 340), (112, 210), 180,
                                                               360)], 8, 6, 2.5))
        layers.paint((174, 170, 164), _lines(size, [_arc_path((cx, 670), (92, 214), 0, 360, 72)],
                                             3))
        layers.paint((226, 224, 220), _soft(_ellipse(size, (cx - 80, 170, cx - 20, 380)), 14),
                     0.35)
    return layers.rgba()


def tortoise_sunglasses(seed: int) -> np.ndarray:
    """Tortoiseshell sunglasses, front view from above, temples opened up-back (1200x680)."""
    size = (1200, 680)
    w, h = size
    shell = (_rgb((120, 70, 34)) * (1 + 0.35 * np.clip(_smooth(size, seed, 14, 9), -1.5, 1.5))
             [..., None])
    shell = np.clip(shell, 30, 200)
    layers = _Layers(size)
    temples = [[(168, 318), (214, 190), (262, 86), (296, 60), (312, 64)],
               [(1032, 318), (986, 190), (938, 86), (904, 60), (888, 64)]]
    layers.paint(shell * 0.8, _lines(size, temples, 13))
    lens_l = [(190, 322), (540, 306), (560, 350), (530, 500), (440, 560), (280, 560), (200, 480)]
    lens_r = [(1200 - x, y) for x, y in lens_l]
    frame = np.maximum(_poly(size, [(x + (-18 if x < 380 else 18), y + (-18 if y < 400 else 18))
                                    for x, y in lens_l]),
                       _poly(size, [(x + (18 if x > 820 else -18), y + (-18 if y < 400 else 18))
                                    for x, y in lens_r]))
    bridge = _line(size, [(548, 340), (600, 318), (652, 340)], 30)
    frame = np.maximum(frame, bridge)
    layers.paint(shell * _volume(frame, 6, 0.3), frame)
    for points in (lens_l, lens_r):
        lens = _poly(size, points)
        layers.paint(_rgb((34, 30, 30)) * _rows(size, 0.7, 1.5), lens)
        xs = [p[0] for p in points]
        layers.paint((230, 230, 236), _soft(_poly(size, [(min(xs) + 40, 340), (min(xs) + 110, 330),
                                                         (min(xs) + 40, 470)]), 8) * lens, 0.35)
    layers.paint((214, 190, 150), _ellipses(size, [(176, 316, 190, 330), (1010, 316, 1024, 330)]))
    return layers.rgba()


def desk_lamp(seed: int) -> np.ndarray:
    """A black architect's desk lamp: round base, twin-rod arms, spring, cone shade (1100x1300)."""
    size = (1100, 1300)
    paint = _rgb((34, 35, 38)) * (1 + _grain(size, seed, 0.03))
    layers = _Layers(size)
    rods = [[(636, 1110), (820, 560)], [(660, 1116), (844, 566)],
            [(820, 560), (430, 330)], [(810, 578), (420, 348)]]
    layers.paint(paint, _lines(size, rods, 9))
    layers.paint((120, 122, 128), _soft(_lines(size, [[(634, 1100), (818, 556)],
                                                       [(822, 552), (432, 324)]], 2), 1), 0.7)
    spring = _line(size, [(620, 1030), (700, 820)], 16)
    coil = (0.6 + 0.4 * (np.sin(np.arange(size[1], dtype=np.float32) / 1.8)[:, None, None] > 0))
    layers.paint(_rgb((150, 152, 158)) * coil, spring)
    layers.paint((110, 112, 118), _lines(size, [[(620, 1030), (630, 1100)],
                                                [(700, 820), (760, 780)]], 4))
    elbow = _ellipse(size, (806, 544, 862, 600))
    layers.paint(_rgb((182, 150, 92)) * _volume(elbow, 8, 0.35), elbow)  # a brass knob
    base = np.maximum(_ellipse(size, (470, 1110, 830, 1210)),
                      _rrect(size, (470, 1150, 830, 1190), 20))
    layers.paint(paint * _volume(base, 20, 0.3), base)
    layers.paint((96, 98, 104), _soft(_ellipse(size, (520, 1116, 700, 1150)), 6), 0.6)
    hub = _rrect(size, (620, 1090, 680, 1140), 10)
    layers.paint(_rgb((182, 150, 92)) * _volume(hub, 6, 0.3), hub)
    shade = _poly(size, [(380, 300), (470, 380), (360, 640), (150, 520)])
    layers.paint(paint * _volume(shade, 30, 0.3) * _rows(size, 1.15, 0.9), shade)
    layers.paint((150, 152, 156), _soft(_line(size, [(400, 340), (210, 520)], 12), 6) * shade,
                 0.5)
    rim = _tilted(size, (255, 580), (124, 30), 29.7)
    layers.paint((22, 22, 24), rim)
    layers.paint((246, 240, 222), _tilted(size, (255, 582), (104, 16), 29.7))  # lit inside
    joint = _ellipse(size, (410, 310, 466, 366))
    layers.paint(_rgb((182, 150, 92)) * _volume(joint, 8, 0.35), joint)
    return layers.rgba()


def clear_phone_case(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A clear phone case lying face down, a camera cut-out and a printed magnet ring (700x1100).

    Returns:
        The RGBA layer (the back is almost fully see-through) and the case's silhouette
        coverage 0..1 (all of it product, except the camera cut-out, which is a hole).
    """
    size = (700, 1100)
    outline = _rrect(size, (160, 110, 540, 990), 64)
    hole = _rrect(size, (196, 148, 366, 318), 40)
    solid = np.clip(outline - hole, 0, 1)
    inset = _rrect(size, (178, 128, 522, 972), 50)
    bumper = np.clip(outline - inset, 0, 1)
    layers = _Layers(size)
    layers.paint((232, 236, 238), solid, 0.08)
    layers.paint(_rgb((224, 230, 234)) + _grain(size, seed, 2.0), bumper, 0.5)
    layers.paint((150, 160, 168), _soft(np.clip(outline - _rrect(size, (164, 114, 536, 986), 60),
                                                0, 1), 1), 0.6)  # the outer edge refracts
    layers.paint((252, 254, 255), _soft(np.clip(inset - _rrect(size, (184, 134, 516, 966), 46),
                                                0, 1), 1), 0.8)
    lip = np.clip(_rrect(size, (188, 140, 374, 326), 46) - hole, 0, 1)
    layers.paint((168, 176, 182), lip, 0.55)
    layers.paint((248, 250, 252), _soft(_ring(size, (190, 142, 372, 324),
                                              (194, 146, 368, 322)), 1), 0.7)
    ring = _ring(size, (250, 470, 450, 670), (264, 484, 436, 656))
    layers.paint((238, 238, 236), ring, 0.92)
    layers.paint((238, 238, 236), _rrect(size, (342, 676, 358, 720), 3), 0.92)
    for y0 in (360, 450):  # the volume and power buttons on the right side
        layers.paint((196, 204, 210), _rrect(size, (532, y0, 546, y0 + 70), 5), 0.7)
    layers.paint((255, 255, 255), _soft(_line(size, [(200, 400), (260, 900)], 30), 14)
                 * solid, 0.25)
    return layers.rgba(), solid

