"""Drawn products of the cutout benchmark's ``unseen6`` split, as RGBA layers whose alpha is known.

Drawn blind for issue 18, after ``unseen5`` was scored and opened, by someone who never read
the cutout's code nor ran it on these drawings; never scored while tuning (see
:mod:`benchmarks.cutout_cases`). Same approach as :mod:`benchmarks.cutout_drawings_unseen5`:
each drawing is deterministic in its seed and returns a float32 RGBA array (alpha 0..255,
anti-aliased, shapes drawn 4x supersampled) that the cases composite on paper with a shadow
and JPEG. The large and the tiny photo are drawn at a working size; the cases resize them
with :func:`benchmarks.cutout_drawings_unseen2.scaled`.

Six drawings enclose the backdrop, with gaps from a string grid's cells to most of the
product's box (a polished silver bangle, an orange carabiner, a badminton racket's sparse
string grid, a birch embroidery hoop on birch paper, a black bike U-lock's shackle, a white
charging cable in a loose coil). Three are see-through and all product (an empty wine glass,
an empty glass jar with a wooden lid, an amber fluted tumbler): they return their silhouette
too. Five enclose none and are hard for other reasons (a white planter with a succulent on
white, a white earbud case in a hand from the right edge, a mustard sweatshirt laid flat with
a white print, a brown leather wallet with a soft drop shadow, a tiny pink nail polish).

:data:`LOOPS` says how many enclosed background gaps each drawing was drawn with, so that the
truth can be checked against the intent.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from benchmarks.cutout_drawings import (
    Point,
    Size,
    _cylinder,
    _ellipse,
    _Layers,
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
from benchmarks.cutout_drawings_unseen2 import _rib, _soft, _stitch, _tilted, _volume
from benchmarks.cutout_drawings_unseen3 import _arc_path, _band, _ring, _turned
from benchmarks.cutout_drawings_unseen4 import _chaikin, _lathe, _profile, _rounded
from benchmarks.cutout_drawings_unseen5 import _bezier, _offset

BIRCH = (224, 202, 166)  # the hoop's wood; the paper it lies on is the same colour
DEEP_SKIN = (122, 82, 60)

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "silver_bangle": 1,
    "orange_carabiner": 1,
    "badminton_racket": 150,
    "embroidery_hoop": 1,
    "bike_u_lock": 1,
    "cable_coil": 3,
}


def _box(cover: np.ndarray) -> np.ndarray:
    """``cover`` as a binary map (0/1 float32) at the 0.5 threshold."""
    return (cover >= 0.5).astype(np.float32)


def _env(u: np.ndarray) -> np.ndarray:
    """A studio's reflection in polished metal across ``u`` (-1 left .. 1 right), 0.3..1.2."""
    return (0.62 + 0.55 * np.exp(-(((u + 0.52) / 0.13) ** 2))
            + 0.35 * np.exp(-(((u - 0.48) / 0.07) ** 2))
            - 0.28 * np.exp(-(((u - 0.05) / 0.18) ** 2)) + 0.1 * u)


def silver_bangle(seed: int) -> np.ndarray:
    """A polished silver band bangle lying flat, seen from above at an angle (1000x1000).

    The opening, seen through the top and the bottom edge at once, shows the backdrop.
    """
    size = (1000, 1000)
    w, h = size
    cx, cy, r, s, dh, t = 500.0, 430.0, 350.0, 0.55, 82.0, 13.0

    def oval(y: float, rad: float) -> np.ndarray:
        return _ellipse(size, (cx - rad, y - rad * s, cx + rad, y + rad * s))

    top_out, bot_out, top_in, bot_in = oval(cy, r), oval(cy + dh, r), oval(cy, r - t), oval(
        cy + dh, r - t)
    side = _poly(size, [(cx - r, cy), (cx + r, cy), (cx + r, cy + dh), (cx - r, cy + dh)])
    hull = np.maximum.reduce([top_out, bot_out, side])
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    u = np.clip((x - cx) / r, -1, 1)
    silver = _rgb((214, 216, 220))
    layers = _Layers(size)
    front = np.clip(hull - top_out, 0, 1)
    # the band's outside is a little convex: bright along its top, the paper reflected below
    down = np.clip((y - (cy + s * np.sqrt(np.clip(r**2 - (x - cx) ** 2, 0, None)))) / dh, 0, 1)
    face = (_env(u) * (1.05 - 0.3 * down) + 0.18 * np.exp(-(((down - 0.22) / 0.1) ** 2)))
    layers.paint(silver * face[..., None] * (1 + _grain(size, seed, 0.012)), front)
    back = np.clip(top_in - bot_in, 0, 1)  # the inside of the far half, seen over the rim
    inner = 0.55 + 0.4 * np.exp(-(((u - 0.1) / 0.35) ** 2)) - 0.2 * np.abs(u) ** 3
    layers.paint(silver * (inner * (0.9 + 0.25 * np.clip((y - cy + 190) / 120, 0, 1)))[..., None],
                 back)
    layers.paint((252, 252, 253), _soft(back * np.exp(-(((u + 0.3) / 0.06) ** 2)), 3), 0.6)
    rim = np.clip(top_out - top_in, 0, 1)
    layers.paint(silver * (1.08 + 0.08 * np.cos(np.arctan2(y - cy, x - cx) + 2.2))[..., None],
                 rim)
    layers.paint((250, 251, 252), _soft(_lines(size, [_arc_path((cx, cy), (r - 5, (r - 5) * s),
                                                                 196, 250)], 3), 1), 0.9)
    layers.paint((92, 96, 104), _lines(size, [_arc_path((cx, cy), (r, r * s), 8, 172, 90)],
                                       2), 0.5)  # the rim's edge over the band
    layers.paint((96, 100, 108), _soft(_lines(size, [_arc_path((cx, cy + dh - 2),
                                                               (r - 1, (r - 1) * s), 10, 170,
                                                               90)], 3), 1), 0.5)
    layers.paint((132, 136, 144), _lines(size, [[(cx + 60, cy + r * s + 26),
                                                 (cx + 120, cy + r * s + 23)]], 3),
                 0.5)  # a hallmark
    return layers.rgba()


def orange_carabiner(seed: int) -> np.ndarray:
    """An orange anodised carabiner lying flat, a steel gate, white etching (1100x800).

    The spine and the gate close round one large gap.
    """
    size = (1100, 800)
    origin, turn = (560.0, 400.0), -14.0
    hinge, nose = (-250.0, 96.0), (262.0, 122.0)
    spine_local = (_bezier(hinge, (-360, 80), (-380, -110), (-230, -150), 30)[:-1]
                   + _bezier((-230, -150), (-100, -190), (150, -200), (280, -150), 30)[:-1]
                   + _bezier((280, -150), (400, -100), (390, 80), (nose[0] + 12, nose[1]), 30))
    spine = _turned(spine_local, turn, origin)
    gate_path = _turned([(hinge[0] + 4, hinge[1]), (nose[0] - 14, nose[1] - 2)], turn, origin)
    layers = _Layers(size)
    gate = _band(size, gate_path, 24)
    steel = _rgb((196, 200, 206))
    layers.paint(steel * (1 + _grain(size, seed, 0.015)) * _volume(gate, 5, 0.3), gate)
    layers.paint((250, 252, 255), _lines(size, [_offset(gate_path, 5)], 3) * gate, 0.8)
    layers.paint((110, 114, 122), _lines(size, [_offset(gate_path, -7)], 3) * gate, 0.6)
    body = _band(size, spine, 46)
    orange = _rgb((226, 104, 38))
    layers.paint(orange * _volume(body, 10, 0.35) * (1 + _grain(size, seed + 1, 0.02))
                 * (1 + 0.05 * _smooth(size, seed + 2, 60, 60)[..., None]), body)
    layers.paint((255, 190, 140), _soft(_lines(size, [_offset(spine, 10)], 5), 1.5) * body, 0.75)
    layers.paint((150, 54, 16), _soft(_lines(size, [_offset(spine, -14)], 4), 1.5) * body, 0.55)
    layers.paint((255, 236, 220), _soft(_lines(size, [_offset(spine[34:52], 9)], 3), 1) * body,
                 0.8)  # the specular run along the top of the spine
    etched = [_turned([(x0, -171 + 0.02 * x0), (x0 + ln, -171 + 0.02 * (x0 + ln))], turn,
                      origin) for x0, ln in ((-120, 30), (-80, 44), (-26, 20), (4, 52),
                                            (70, 26))]
    layers.paint((250, 244, 236), _lines(size, etched, 5) * body, 0.85)
    hx, hy = _turned([hinge], turn, origin)[0]
    rivet = _ellipse(size, (hx - 15, hy - 15, hx + 15, hy + 15))
    layers.paint(steel * _volume(rivet, 4, 0.4), rivet)
    layers.paint((255, 255, 255), _soft(_ellipse(size, (hx - 8, hy - 9, hx - 2, hy - 3)), 1),
                 0.8)
    nx, ny = _turned([(nose[0] + 6, nose[1] - 4)], turn, origin)[0]
    layers.paint((120, 44, 12), _lines(size, [[(nx - 12, ny - 10), (nx + 2, ny + 12)]], 3),
                 0.7)  # the keylock nose's notch
    return layers.rgba()


def badminton_racket(seed: int) -> np.ndarray:
    """A badminton racket, navy frame, a sparse white string grid, red towel grip (680x1200).

    Every cell of the string grid is a gap that shows the backdrop.
    """
    size = (680, 1200)
    w, h = size
    cx, cy, ax, ay = 340.0, 300.0, 206.0, 250.0
    outer = _ellipse(size, (cx - ax, cy - ay, cx + ax, cy + ay))
    inner = _ellipse(size, (cx - ax + 17, cy - ay + 17, cx + ax - 17, cy + ay - 17))
    frame = np.clip(outer - inner, 0, 1)
    mains = [[(cx + k * 30, cy - ay), (cx + k * 30, cy + ay)] for k in range(-6, 7)]
    crosses = [[(cx - ax, cy + j * 30), (cx + ax, cy + j * 30)] for j in range(-8, 9)]
    inside = cv2.dilate(_box(inner), np.ones((9, 9), np.uint8))
    strings = _lines(size, mains + crosses, 3.2) * inside
    # where the grid's outermost cells are slivers, the frame's bumper fills them
    open_ = ((inner >= 0.5) & (strings < 0.5)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(open_, connectivity=4)
    small = np.isin(labels, [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] < 70])
    bumper = np.clip(cv2.GaussianBlur(cv2.dilate(small.astype(np.float32),
                                                 np.ones((3, 3), np.uint8)), (0, 0), 1.0)
                     * 1.6, 0, 1) * inside
    throat = _poly(size, [(cx - 40, cy + ay - 12), (cx + 40, cy + ay - 12), (cx + 9, cy + ay + 64),
                          (cx - 9, cy + ay + 64)])
    shaft = _rrect(size, (cx - 6, cy + ay + 40, cx + 6, 900), 5)
    grip = _rrect(size, (cx - 19, 880, cx + 19, 1140), 12)
    cap = _rrect(size, (cx - 21, 1132, cx + 21, 1158), 9)
    layers = _Layers(size)
    steel = _rgb((170, 174, 182)) * np.clip(_cylinder(size, cx - 6, cx + 6), 0.7, 1.15)
    layers.paint(steel, shaft)
    layers.paint((30, 40, 84), _rrect(size, (cx - 6, 660, cx + 6, 740), 2), 0.9)  # a decal
    layers.paint((214, 40, 52), _rrect(size, (cx - 6, 680, cx + 6, 690), 1), 0.9)
    layers.paint(_rgb((240, 240, 236)) * (1 + _grain(size, seed, 0.02)), strings)
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    ang = np.arctan2((y - cy) / ay, (x - cx) / ax)
    rho = np.hypot((x - cx) / ax, (y - cy) / ay)
    across = np.clip((1 - rho) * ax / 17, 0, 1)  # 0 at the frame's outside, 1 at its inside
    navy = _rgb((28, 38, 86))
    gloss = (0.8 + 0.45 * np.exp(-(((across - 0.35) / 0.2) ** 2))
             * (0.6 + 0.4 * np.cos(ang + 2.3)))[..., None]
    head = np.maximum.reduce([frame, bumper, throat])
    layers.paint(navy * gloss * (1 + _grain(size, seed + 1, 0.02)), head)
    red = np.clip(np.cos(ang - np.pi / 2) > 0.55, 0, 1).astype(np.float32) * frame
    layers.paint(_rgb((204, 34, 48)) * gloss, _soft(red, 1) * frame, 0.9)  # a red sweep
    grommets = [(cx + ax * float(np.cos(a)) * 0.985, cy + ay * float(np.sin(a)) * 0.985)
                for a in np.linspace(0, 2 * np.pi, 72, endpoint=False)]
    layers.paint((150, 156, 186), _ellipses(size, [(gx - 1.8, gy - 1.8, gx + 1.8, gy + 1.8)
                                                   for gx, gy in grommets]) * frame, 0.7)
    towel = (_rgb((200, 36, 44)) * np.clip(_cylinder(size, cx - 19, cx + 19), 0.65, 1.1)
             * (1 - 0.18 * (((y * 0.8 + x * 0.5) % 22) < 3))[..., None]
             * (1 + _grain(size, seed + 2, 0.05)))
    layers.paint(towel, grip)
    layers.paint(_rgb((30, 30, 34)) * np.clip(_cylinder(size, cx - 21, cx + 21), 0.6, 1.2), cap)
    layers.paint((28, 30, 36), _rrect(size, (cx - 19, 872, cx + 19, 886), 3), 0.9)  # the collar
    return layers.rgba()


def embroidery_hoop(seed: int) -> np.ndarray:
    """A birch embroidery hoop seen from above: two rings, a brass screw (1000x1000).

    The wood is the colour of the birch paper the case lays it on; the ring's inside is
    backdrop.
    """
    size = (1000, 1000)
    w, h = size
    cx, cy = 500.0, 540.0
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    rho = np.hypot(x - cx, y - cy)
    ang = np.arctan2(y - cy, x - cx)

    def disc(r: float) -> np.ndarray:
        return _ellipse(size, (cx - r, cy - r, cx + r, cy + r))

    birch = _rgb(BIRCH)
    grain = (1 + 0.025 * np.sin(rho / 1.3 + 0.8 * _smooth(size, seed, 30, 30))
             + 0.02 * _smooth(size, seed + 1, 6, 60))[..., None]
    layers = _Layers(size)
    inner_ring = np.clip(disc(356) - disc(330), 0, 1)
    lit = (1 + 0.06 * np.cos(ang + 2.3))[..., None]
    round_in = (0.92 + 0.1 * np.sin(np.clip((rho - 330) / 26, 0, 1) * np.pi))[..., None]
    layers.paint(birch * grain * lit * round_in + _grain(size, seed + 2, 1.2), inner_ring)
    tabs = _polys_union(size, [[(462, 84), (500, 84), (500, 176), (470, 176)],
                               [(500, 84), (538, 84), (530, 176), (500, 176)]])
    outer_ring = np.clip(disc(388) - disc(354), 0, 1)
    wood = np.maximum(outer_ring, tabs)
    round_out = (0.9 + 0.12 * np.sin(np.clip((rho - 354) / 34, 0, 1) * np.pi))[..., None]
    layers.paint(birch * grain * lit * round_out * 1.02 + _grain(size, seed + 3, 1.2), wood)
    layers.paint((150, 128, 96), _soft(_ring(size, (cx - 356, cy - 356, cx + 356, cy + 356),
                                             (cx - 351, cy - 351, cx + 351, cy + 351)), 1.2),
                 0.55)  # the outer ring's shade on the inner one
    layers.paint((170, 146, 110), _lines(size, [[(500, 86), (500, 176)]], 2), 0.8)
    layers.paint((246, 232, 206), _soft(_lines(size, [_arc_path((cx, cy), (384, 384), 200,
                                                                 250)], 3), 1.5), 0.5)
    layers.paint((246, 232, 206), _soft(_lines(size, [[(464, 88), (464, 172)]], 3), 1), 0.5)
    screw = _rrect(size, (414, 110, 592, 124), 4)
    brass = _rgb((204, 164, 84))
    layers.paint(brass * (0.78 + 0.3 * np.exp(-(((y - 114) / 4) ** 2)))[..., None], screw)
    layers.paint((140, 104, 40), _lines(size, [[(float(xx), 111), (float(xx) + 3, 123)]
                                               for xx in range(540, 590, 5)], 1.5), 0.7)
    head = _rrect(size, (402, 100, 420, 134), 5)
    layers.paint(brass * np.clip(_cylinder(size, 402, 420), 0.7, 1.15), head)
    layers.paint((110, 80, 30), _lines(size, [[(411, 104), (411, 130)]], 2), 0.8)
    nut = _rrect(size, (588, 92, 614, 144), 7)
    layers.paint(brass * np.clip(_cylinder(size, 588, 614), 0.65, 1.2)
                 * _rib(size, 3, 0.12, vertical=False), nut)
    return layers.rgba()


def _polys_union(size: Size, polys: Sequence[Sequence[Point]]) -> np.ndarray:
    """Coverage of several touching polygons (their union)."""
    return np.clip(np.maximum.reduce([_poly(size, p) for p in polys]), 0, 1)


def bike_u_lock(seed: int) -> np.ndarray:
    """A black bicycle U-lock standing on its crossbar, white print, a key cylinder (1000x1100).

    The shackle and the crossbar enclose one large gap.
    """
    size = (1000, 1100)
    w, h = size
    layers = _Layers(size)
    left = [(330.0, 830.0), (330.0, 440.0)]
    path = left + _arc_path((500, 440), (170, 170), 180, 360, 60)[1:] + [(670.0, 830.0)]
    coat = _band(size, path[:1] + [(330.0, 760.0)] + path[1:-1] + [(670.0, 760.0)], 50)
    tips = _lines(size, [[(330, 740), (330, 800)], [(670, 740), (670, 800)]], 40)
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    chrome = np.where(x[..., None] < 500, np.clip(_cylinder(size, 310, 350), 0.6, 1.2),
                      np.clip(_cylinder(size, 650, 690), 0.6, 1.2))
    layers.paint(_rgb((190, 194, 200)) * chrome, tips)
    rubber = _rgb((30, 30, 32)) * (1 + _grain(size, seed, 0.05))
    layers.paint(rubber * _volume(coat, 12, 0.3), coat * (y < 752))
    layers.paint((120, 122, 128), _soft(_lines(size, [[(318, 740), (318, 440)]
                                                      + _arc_path((500, 440), (182, 182), 180,
                                                                  300, 40)], 6), 3), 0.6)
    layers.paint((92, 94, 100), _soft(_lines(size, [[(660, 740), (660, 470)]], 5), 3), 0.45)
    layers.paint((52, 52, 56), _lines(size, [[(306, 752), (354, 752)], [(646, 752), (694, 752)]],
                                      4), 0.8)  # the coating's cut end
    bar = _rrect(size, (212, 760, 788, 866), 46)
    gloss = (0.7 + 0.5 * np.exp(-(((y - 786) / 12) ** 2)) + 0.2 * np.exp(-(((y - 850) / 8) ** 2))
             )[..., None]
    layers.paint(_rgb((28, 28, 31)) * gloss * (1 + _grain(size, seed + 1, 0.03)), bar)
    for x0, x1 in ((212, 262), (738, 788)):
        cap = _rrect(size, (x0, 760, x1, 866), 46) * bar
        layers.paint(_rgb((54, 56, 60)) * gloss, cap)
        layers.paint((16, 16, 18), _lines(size, [[(x1 if x0 < 500 else x0, 766),
                                                  (x1 if x0 < 500 else x0, 860)]], 3), 0.7)
    lock = _ellipse(size, (666, 786, 720, 840))
    layers.paint(_rgb((200, 202, 206)) * _volume(lock, 6, 0.4), lock)
    layers.paint((40, 40, 42), _rrect(size, (689, 796, 697, 830), 3))
    text = [[(360, 806), (376, 806)], [(384, 806), (432, 806)], [(440, 806), (470, 806)],
            [(372, 828), (460, 828)]]
    layers.paint((244, 244, 242), _lines(size, text[:3], 10), 0.95)
    layers.paint((220, 60, 50), _lines(size, text[3:], 5), 0.9)
    layers.paint((244, 244, 242), _lines(size, [[(500, 816), (620, 816)]], 3), 0.6)
    return layers.rgba()


def cable_coil(seed: int) -> np.ndarray:
    """A white braided charging cable in a loose coil, a USB-A and a USB-C plug (1100x900).

    The coil's loops cross one another and enclose the backdrop.
    """
    size = (1100, 900)
    t = np.linspace(0, 2 * np.pi * 2.8, 900)
    cx = 540 + 70 * np.cos(t / 2.6 + 0.4)
    cy = 450 + 50 * np.sin(t / 2.6 + 1.2)
    rx = 250 + 26 * np.sin(t * 0.7)
    ry = 190 + 22 * np.cos(t * 0.55)
    xs = cx + rx * np.cos(t + 0.3)
    ys = cy + ry * np.sin(t + 0.3)
    path = [(float(a), float(b)) for a, b in zip(xs, ys, strict=True)]
    layers = _Layers(size)
    cable = np.zeros((size[1], size[0]), np.float32)
    white = _rgb((244, 244, 242))
    braid = (1 - 0.06 * (0.5 + 0.5 * np.sin(np.add.outer(np.arange(size[1]), np.arange(size[0]))
                                             / 2.2)))[..., None]
    step = len(path) // 3 + 1
    for k in range(3):  # each later run lies over the earlier ones and shades them
        run = _band(size, path[max(0, k * step - 1):(k + 1) * step], 17)
        if k:
            layers.paint((170, 170, 168), _soft(np.roll(run, 5, axis=0), 3) * cable * (1 - run),
                         0.4)
        layers.paint(white * braid * _volume(run, 4, 0.22) + _grain(size, seed + k, 1.5), run)
        cable = np.maximum(cable, run)
    layers.paint((255, 255, 255), _soft(_lines(size, [_offset(path, 4)], 3), 1) * cable, 0.5)
    for tip, before, plug in ((path[0], path[3], "a"), (path[-1], path[-4], "c")):
        ang = float(np.degrees(np.arctan2(tip[1] - before[1], tip[0] - before[0])))
        length, width, metal_l, metal_w = ((70, 38, 46, 30) if plug == "a" else (56, 28, 24, 18))
        boot = _poly(size, _turned([(-14, -width / 2 + 6), (0, -width / 2), (length, -width / 2),
                                    (length, width / 2), (0, width / 2), (-14, width / 2 - 6)],
                                   ang, tip))
        layers.paint(white * _volume(boot, 6, 0.16) * _rows(size, 1.02, 0.97), boot)
        layers.paint((214, 214, 212), _lines(size, [_turned([(length - 8, -width / 2 + 3),
                                                            (length - 8, width / 2 - 3)],
                                                           ang, tip)], 2), 0.7)
        metal = _poly(size, _turned([(length - 2, -metal_w / 2), (length + metal_l, -metal_w / 2),
                                     (length + metal_l, metal_w / 2), (length - 2, metal_w / 2)],
                                    ang, tip))
        layers.paint(_rgb((204, 208, 214)) * _volume(metal, 3, 0.3), metal)
        layers.paint((120, 124, 130), _lines(size, [_turned([(length + 6, -metal_w / 4),
                                                            (length + metal_l - 6, -metal_w / 4)],
                                                           ang, tip)], 3), 0.7)
    return layers.rgba()


def _glass_edge(glass: np.ndarray, reach: float) -> np.ndarray:
    """The darker rim refraction gives a glass silhouette: strong at its edge, gone inside."""
    return np.clip(glass - _volume(glass, reach, 1.0)[..., 0] * glass, 0, 1)


def wine_glass(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """An empty tulip wine glass on a long stem, seen level with its bowl (800x1200).

    Returns:
        The RGBA layer (bowl, stem and foot are mostly see-through) and the glass's
        silhouette coverage 0..1 (all of it product).
    """
    size = (800, 1200)
    cx = 400.0
    bowl, radius = _profile(size, cx, [150, 230, 330, 420, 500, 560, 610, 650],
                            [186, 204, 215, 207, 170, 116, 52, 16], smooth=22)
    stem = _rrect(size, (cx - 9, 630, cx + 9, 990), 4)
    flare = _poly(size, [(cx - 9, 950), (cx + 9, 950), (cx + 60, 990), (cx - 60, 990)])
    foot = _ellipse(size, (cx - 172, 970, cx + 172, 1016))
    mouth = _ellipse(size, (cx - 186, 134, cx + 186, 166))
    solid = np.maximum.reduce([bowl, stem, flare, foot, mouth])
    rows = np.arange(size[1], dtype=np.float32)[:, None]
    layers = _Layers(size)
    layers.paint(_rgb((226, 230, 232)) + _grain(size, seed, 1.0), solid, 0.07)
    layers.paint((120, 128, 132), _glass_edge(bowl, 7) * 1.4 * (rows > 160), 0.5)
    layers.paint((150, 158, 162), _ring(size, (cx - 186, 134, cx + 186, 166),
                                        (cx - 182, 137, cx + 182, 163)), 0.75)  # the rim
    layers.paint((250, 252, 252), _soft(_lines(size, [_arc_path((cx, 150), (184, 15), 200, 330)],
                                               2), 0.6), 0.8)
    base = bowl * np.clip((rows - 560) / 30, 0, 1)  # the thick bottom of the bowl
    layers.paint(_rgb((176, 186, 188)) * _lathe(size, cx, np.maximum(radius, 1), 0.2), base, 0.4)
    layers.paint((250, 252, 252), _soft(_lines(size, [[(cx - 4, 590), (cx - 2, 640)]], 4), 1.5)
                 * base, 0.8)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(cx - 150, 220), (cx - 176, 330),
                                                       (cx - 164, 450)]], 14), 5) * bowl, 0.8)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(cx + 168, 300), (cx + 176, 400)]], 6), 3)
                 * bowl, 0.5)
    core = _lines(size, [[(cx - 2, 660), (cx - 2, 960)]], 3)
    layers.paint((112, 120, 124), _lines(size, [[(cx - 8, 650), (cx - 8, 960)],
                                                [(cx + 8, 650), (cx + 8, 960)]], 2.5), 0.6)
    layers.paint((255, 255, 255), core, 0.7)
    layers.paint((196, 204, 206), np.maximum(flare, foot), 0.22)
    layers.paint((120, 128, 132), _ring(size, (cx - 172, 970, cx + 172, 1016),
                                        (cx - 168, 973, cx + 168, 1011)), 0.6)
    layers.paint((250, 252, 252), _soft(_lines(size, [_arc_path((cx, 993), (150, 14), 100, 170)],
                                               3), 1), 0.7)
    return layers.rgba(), solid


def glass_jar(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """An empty glass storage jar with an acacia lid and a grey seal (900x1000).

    Returns:
        The RGBA layer (the empty glass is mostly see-through) and the jar's silhouette
        coverage 0..1 (all of it product).
    """
    size = (900, 1000)
    cx = 450.0
    body = _rrect(size, (246, 316, 654, 880), 54)
    neck = _rrect(size, (272, 290, 628, 340), 10)
    glass = np.maximum(body, neck)
    lid = _rrect(size, (258, 204, 642, 298), 16)
    seal = _rrect(size, (266, 290, 634, 304), 4)
    solid = np.maximum.reduce([glass, lid, seal])
    rows = np.arange(size[1], dtype=np.float32)[:, None]
    layers = _Layers(size)
    layers.paint(_rgb((228, 234, 230)) + _grain(size, seed, 1.0), glass, 0.07)
    layers.paint((124, 136, 130), _glass_edge(glass, 9) * 1.5, 0.55)
    layers.paint((150, 162, 156), _soft(_lines(size, [_arc_path((cx, 838), (196, 22), 0, 180)],
                                               3), 1), 0.35)  # the far bottom edge, seen through
    base = glass * np.clip((rows - 836) / 6, 0, 1)
    layers.paint(_rgb((180, 198, 188)) * np.clip(_cylinder(size, 246, 654), 0.7, 1.1), base, 0.45)
    layers.paint((246, 252, 248), _soft(_lines(size, [[(300, 852), (600, 852)]], 3), 1) * base,
                 0.6)
    threads = [[(274, y), (626, y + 6)] for y in (312, 326)]
    layers.paint((150, 162, 156), _lines(size, threads, 3) * glass, 0.5)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(300, 380), (296, 800)]], 16), 6) * glass,
                 0.75)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(612, 420), (614, 740)]], 6), 3) * glass,
                 0.5)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(340, 360), (560, 360)]], 4), 2) * glass,
                 0.4)
    wood = (_rgb((170, 118, 74)) * (0.95 + 0.05 * np.sin(rows / 2.2 + 0.9
                                                         * _smooth(size, seed + 1, 90, 10))
                                    )[..., None] * np.clip(_cylinder(size, 258, 642), 0.72, 1.12)
            * (1 + _grain(size, seed + 2, 0.03)))
    layers.paint(wood, lid)
    layers.paint((214, 172, 130), _soft(_lines(size, [[(270, 210), (630, 210)]], 3), 1) * lid,
                 0.6)
    layers.paint(_rgb((176, 178, 176)) * np.clip(_cylinder(size, 266, 634), 0.7, 1.08), seal)
    return layers.rgba(), solid


def amber_tumbler(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """An empty amber fluted glass tumbler, slightly tapered, a thick base (800x900).

    Returns:
        The RGBA layer (the tinted glass shows the paper through it) and the tumbler's
        silhouette coverage 0..1 (all of it product).
    """
    size = (800, 900)
    w, h = size
    cx = 400.0
    glass, radius = _profile(size, cx, [190, 200, 760, 800, 812], [202, 202, 176, 172, 160])
    glass = _rounded(glass, 4)
    mouth = _ellipse(size, (cx - 202, 166, cx + 202, 214))
    solid = np.maximum(glass, mouth)
    x = np.arange(w, dtype=np.float32)[None, :]
    rows = np.arange(h, dtype=np.float32)[:, None]
    t = np.clip((x - cx) / np.maximum(radius[:, None], 1.0), -1, 1)
    phase = (np.arcsin(t) * 28 / (2 * np.pi)) % 1.0  # 28 flutes seen round the cylinder
    ridge = np.exp(-(((phase - 0.5) / 0.07) ** 2)) * np.sqrt(1 - t**2)
    groove = np.exp(-((np.minimum(phase, 1 - phase) / 0.1) ** 2)) * np.sqrt(1 - t**2)
    fluted = glass * (rows > 214) * (rows < 770)
    amber = _rgb((206, 150, 80))
    layers = _Layers(size)
    layers.paint(amber + _grain(size, seed, 1.0), solid, 0.2)
    layers.paint((150, 96, 40), groove * fluted, 0.25)
    layers.paint((255, 238, 206), ridge * fluted, 0.35)
    layers.paint((120, 74, 30), _glass_edge(glass, 8) * 1.5, 0.5)
    base = glass * np.clip((rows - 760) / 8, 0, 1)
    layers.paint(amber * 0.8 * _lathe(size, cx, np.maximum(radius, 1), 0.2), base, 0.6)
    layers.paint((255, 236, 200), _soft(_lines(size, [_arc_path((cx, 772), (170, 14), 20, 160)],
                                               3), 1), 0.6)
    layers.paint((132, 84, 36), _ring(size, (cx - 202, 166, cx + 202, 214),
                                      (cx - 196, 170, cx + 196, 210)), 0.7)
    layers.paint((255, 244, 222), _soft(_lines(size, [_arc_path((cx, 190), (198, 22), 200, 320)],
                                               3), 0.8), 0.8)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(cx - 160, 240), (cx - 150, 720)]], 12),
                                        5) * glass, 0.6)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(cx + 160, 260), (cx + 148, 560)]], 5),
                                        2) * glass, 0.45)
    return layers.rgba(), solid


def white_planter(seed: int) -> np.ndarray:
    """A matte white planter on its saucer, a blue-green succulent rosette (1000x1000)."""
    size = (1000, 1000)
    cx = 500.0
    layers = _Layers(size)
    saucer = np.maximum(_ellipse(size, (cx - 250, 830, cx + 250, 900)),
                        _rrect(size, (cx - 250, 800, cx + 250, 866), 4))
    white = _rgb((244, 244, 241))
    layers.paint(white * np.clip(_cylinder(size, cx - 250, cx + 250) ** 0.3, 0.85, 1.03)
                 * _rows(size, 1.0, 0.95) + _grain(size, seed, 0.6), saucer)
    layers.paint((226, 226, 222), _soft(_lines(size, [_arc_path((cx, 812), (236, 14), 0, 180)],
                                                3), 1.5), 0.6)
    body, radius = _profile(size, cx, [440, 840], [262, 206])
    layers.paint(white * _lathe(size, cx, np.maximum(radius, 1), -0.4) * _rows(size, 1.02, 0.94)
                 + _grain(size, seed + 1, 0.6), body)
    layers.paint((222, 222, 218), _soft(_lines(size, [_arc_path((cx, 838), (206, 12), 0, 180)],
                                                4), 2), 0.7)
    rim = _ellipse(size, (cx - 266, 402, cx + 266, 478))
    layers.paint((248, 248, 246), rim)
    soil_box = (cx - 244, 412, cx + 244, 468)
    soil = _ellipse(size, soil_box)
    layers.paint(_rgb((76, 58, 44)) * (1 + _grain(size, seed + 2, 0.12))
                 * (0.8 + 0.2 * _rows(size, 0.7, 1.3)), soil)
    layers.paint((228, 228, 224), _ring(size, (cx - 266, 402, cx + 266, 478),
                                        (cx - 262, 405, cx + 262, 475)), 0.6)
    rng = np.random.default_rng(seed)
    pebbles = rng.uniform((cx - 200, 428), (cx + 200, 458), (40, 2))
    layers.paint((200, 196, 188), _ellipses(size, [(px - 5, py - 3, px + 5, py + 3)
                                                   for px, py in pebbles]) * soil, 0.9)
    leaf_col = _rgb((132, 170, 158))
    centre = (cx + 10, 392.0)
    # outer leaves first, then the inner ones, shorter and more upright
    for ring_i, (count, length, width, lift) in enumerate(((9, 170, 70, 12.0), (8, 130, 60, 36.0),
                                                            (6, 86, 44, 62.0))):
        for k in range(count):
            a = np.deg2rad(-180 + (k + 0.5 * ring_i) * 180 / (count - 1)
                           + rng.uniform(-6, 6)) if count > 1 else 0.0
            ex = centre[0] + 0.55 * length * float(np.cos(a))
            ey = centre[1] + 0.55 * length * float(np.sin(a)) * 0.6 - lift * 0.3 + 30
            deg = float(np.degrees(a))
            leaf = _tilted(size, (ex, ey), (length * 0.55, width * 0.5), deg)
            tone = 0.82 + 0.1 * ring_i + rng.uniform(-0.04, 0.04)
            layers.paint(leaf_col * tone * _volume(leaf, 10, 0.2), leaf)
            tipx = centre[0] + 1.05 * length * float(np.cos(a))
            tipy = centre[1] + 1.05 * length * float(np.sin(a)) * 0.6 - lift * 0.3 + 30
            layers.paint((196, 108, 120), _soft(_ellipse(size, (tipx - 8, tipy - 6, tipx + 8,
                                                                tipy + 6)), 3) * leaf, 0.6)
            layers.paint((214, 228, 222), _soft(_lines(size, [[(centre[0], centre[1] + 30),
                                                               (tipx, tipy)]], 3), 2) * leaf,
                         0.35)
    heart = _ellipse(size, (centre[0] - 30, centre[1] + 6, centre[0] + 30, centre[1] + 46))
    layers.paint(leaf_col * 1.1 * _volume(heart, 8, 0.2), heart)
    return layers.rgba()


def held_earbuds(seed: int) -> np.ndarray:
    """A white earbud case held by a hand whose arm enters from the right edge (1100x900).

    Sleeve, hand and case are all in front of the backdrop: all product.
    """
    size = (1100, 900)
    skin = _rgb(DEEP_SKIN) * (1 + _smooth(size, seed, 60, 60)[..., None] * 0.035)
    layers = _Layers(size)
    case = _rrect(size, (380, 330, 540, 560), 58)
    white = _rgb((246, 246, 244))
    layers.paint(white * np.clip(_cylinder(size, 380, 540) ** 0.35, 0.82, 1.04)
                 * _rows(size, 1.02, 0.95) + _grain(size, seed + 1, 0.5), case)
    layers.paint((206, 206, 204), _lines(size, [[(382, 400), (538, 400)]], 2), 0.9)  # the lid
    layers.paint((255, 255, 255), _soft(_rrect(size, (398, 350, 412, 540), 6), 4), 0.7)
    layers.paint((120, 214, 140), _ellipse(size, (455, 430, 465, 440)), 0.9)  # the LED
    arm = _poly(size, [(1140, 560), (760, 500), (640, 520), (640, 700), (760, 720), (1140, 780)])
    layers.paint(skin * _volume(arm, 40, 0.16) * 0.96, arm)
    palm = _ellipse(size, (490, 450, 760, 720))
    layers.paint(skin * _volume(palm, 40, 0.14) * _rows(size, 1.03, 0.93), palm)
    for i, y0 in enumerate((476, 524, 572, 618)):  # curled round the case's front, touching
        width = 56 - 3 * i
        finger = _band(size, [(540, y0 + 10), (450, y0), (372, y0 + 8)], width)
        layers.paint(skin * _volume(finger, 12, 0.3) * _rows(size, 1.04, 0.94), finger)
        layers.paint((84, 54, 40), _soft(_lines(size, [[(446, y0 - width / 3),
                                                        (444, y0 + width / 3)]], 2), 0.8),
                     0.5)  # a knuckle crease
        layers.paint((168, 128, 110), _ellipse(size, (358, y0 - width / 4 + 6, 378,
                                                      y0 + width / 4 + 6)), 0.85)  # the nail
    thumb = _band(size, [(680, 520), (600, 468), (512, 448)], 52)
    layers.paint(skin * _volume(thumb, 14, 0.22) * 1.04, thumb)
    layers.paint((170, 130, 112), _ellipse(size, (494, 434, 526, 460)), 0.9)  # the nail
    sleeve = _poly(size, _chaikin([(1160, 470), (880, 470), (820, 560), (840, 780), (1160, 820)],
                                  2))
    knit = (_rgb((176, 66, 58)) * _rib(size, 10, 0.18) * _folds(size, seed + 2, 40, 40, 0.12)
            * _volume(sleeve, 20, 0.15) + _grain(size, seed + 3, 2.0))
    layers.paint(knit, sleeve)
    return layers.rgba()


def mustard_sweatshirt(seed: int) -> np.ndarray:
    """A mustard crewneck sweatshirt laid flat, ribbed cuffs and hem, a white print (1100x1200)."""
    size = (1100, 1200)
    mustard = _rgb((204, 150, 46))
    body = _rounded(_poly(size, [(330, 188), (450, 166), (650, 166), (770, 188), (820, 240),
                                 (815, 520), (812, 962), (288, 962), (285, 520), (280, 240)]), 5)
    sleeves = [[(340, 190), (250, 228), (180, 320), (140, 560), (106, 864), (228, 878),
                (262, 600), (300, 470), (320, 300)]]
    sleeves.append([(1100 - x, y) for x, y in sleeves[0]])
    cuffs = [[(110, 856), (226, 870), (220, 950), (104, 940)]]
    cuffs.append([(1100 - x, y) for x, y in cuffs[0]])
    hem = _rrect(size, (294, 950, 806, 1030), 8)
    fleece = (_folds(size, seed, 90, 90, 0.07) * (1 + _grain(size, seed + 1, 0.02))
              * (1 + 0.02 * _smooth(size, seed + 2, 5, 5)[..., None]))
    layers = _Layers(size)
    for pts in sleeves:
        sleeve = _rounded(_poly(size, pts), 4)
        layers.paint(mustard * 0.97 * fleece * _volume(sleeve, 24, 0.1), sleeve)
    for pts in cuffs:
        cuff = _poly(size, pts)
        layers.paint(mustard * 0.92 * _rib(size, 7, 0.14) * fleece * _volume(cuff, 6, 0.1), cuff)
    layers.paint(mustard * fleece * _volume(body, 30, 0.08), body)
    layers.paint(mustard * 0.92 * _rib(size, 7, 0.14) * fleece * _volume(hem, 6, 0.1), hem)
    layers.paint((150, 104, 24), _stitch(size, [[(300, 950), (800, 950)]], 8, 5, 2), 0.6)
    layers.paint((150, 104, 24), _soft(_lines(size, [[(300, 470), (318, 240)],
                                                      [(800, 470), (782, 240)]], 3), 1.5), 0.5)
    neck = _ring(size, (430, 150, 670, 262), (456, 168, 644, 236))
    back_neck = _ellipse(size, (456, 168, 644, 236)) * (np.arange(size[1])[:, None] < 206)
    layers.paint(mustard * 0.72 * fleece, back_neck)
    layers.paint(mustard * 0.94 * fleece, _ellipse(size, (456, 186, 644, 236))
                 * (np.arange(size[1])[:, None] >= 200))
    layers.paint(mustard * 0.95 * _rib(size, 7, 0.15) * fleece, neck)
    ink = _rgb((246, 244, 238)) * (1 - 0.05 * (_smooth(size, seed + 3, 3, 3) > 1.2))[..., None]
    sun = _ring(size, (490, 360, 610, 480), (504, 374, 596, 466))
    peaks = _poly(size, [(470, 500), (520, 430), (548, 466), (584, 410), (630, 500)])
    text = [[(446, 560), (654, 560)], [(476, 604), (624, 604)]]
    layers.paint(ink, sun)
    layers.paint(ink, peaks)
    layers.paint(ink, _lines(size, text[:1], 22))
    layers.paint(ink, _lines(size, text[1:], 8))
    return layers.rgba()


def leather_wallet(seed: int) -> np.ndarray:
    """A dark brown bifold wallet lying closed, stitched edges, a debossed mark (1000x800)."""
    size = (1000, 800)
    w, h = size
    wallet = _rrect(size, (240, 220, 780, 620), 28)
    brown = _rgb((88, 54, 34))
    pebble = (1 + 0.05 * _smooth(size, seed, 3, 3)[..., None] + _grain(size, seed + 1, 0.025)
              + 0.04 * _smooth(size, seed + 2, 80, 80)[..., None])
    x = np.arange(w, dtype=np.float32)[None, :]
    fold = (0.78 + 0.22 * np.clip((x - 240) / 40, 0, 1))[..., None]  # the rounded spine, left
    layers = _Layers(size)
    layers.paint(brown * pebble * fold * _volume(wallet, 16, 0.2) * _rows(size, 1.06, 0.92),
                 wallet)
    layers.paint((150, 104, 72), _soft(_rrect(size, (300, 228, 760, 240), 6), 3) * wallet, 0.4)
    edge = [[(262, 242), (758, 242), (758, 598), (262, 598), (262, 242)]]
    layers.paint((200, 170, 130), _stitch(size, edge, 8, 5, 2.5), 0.8)
    mark = _rrect(size, (456, 380, 564, 460), 8)
    layers.paint((62, 36, 22), _lines(size, [[(456, 380), (564, 380), (564, 460), (456, 460),
                                              (456, 380)]], 3), 0.7)
    layers.paint(brown * 0.88 * pebble, mark * 0.9)
    layers.paint((124, 84, 56), _lines(size, [[(476, 410), (544, 410)], [(486, 432),
                                                                         (534, 432)]], 4), 0.8)
    layers.paint((40, 24, 14), _soft(_lines(size, [[(244, 250), (244, 590)]], 6), 2) * wallet,
                 0.5)
    return layers.rgba()


def nail_polish(seed: int) -> np.ndarray:
    """A pink nail polish: square glass bottle of lacquer, a tall glossy black cap (800x1000)."""
    size = (800, 1000)
    layers = _Layers(size)
    bottle = _rrect(size, (236, 470, 564, 860), 46)
    pink = _rgb((222, 92, 132))
    layers.paint(_rgb((236, 226, 230)), bottle, 0.9)
    lacquer = _rrect(size, (252, 486, 548, 844), 36)
    layers.paint(pink * np.clip(_cylinder(size, 252, 548), 0.75, 1.12) * _rows(size, 1.04, 0.92)
                 + _grain(size, seed, 0.8), lacquer)
    layers.paint((255, 214, 228), _soft(_rrect(size, (276, 504, 302, 826), 10), 5), 0.8)
    layers.paint((255, 255, 255), _soft(_rrect(size, (514, 520, 526, 800), 5), 3), 0.6)
    layers.paint((250, 240, 244), _lines(size, [[(350, 760), (450, 760)]], 6), 0.9)
    layers.paint((250, 240, 244), _lines(size, [[(370, 784), (430, 784)]], 3), 0.8)
    neck = _rrect(size, (326, 440, 474, 482), 6)
    layers.paint(_rgb((230, 232, 234)) * np.clip(_cylinder(size, 326, 474), 0.7, 1.1), neck)
    cap = _rrect(size, (338, 150, 462, 452), 14)
    layers.paint(_rgb((26, 26, 28)) * np.clip(_cylinder(size, 338, 462), 0.6, 1.6), cap)
    layers.paint((220, 220, 224), _soft(_rrect(size, (356, 166, 366, 436), 4), 2), 0.7)
    return layers.rgba()

