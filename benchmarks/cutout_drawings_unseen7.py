"""Drawn products of the cutout benchmark's ``unseen7`` split, as RGBA layers whose alpha is known.

Drawn blind in session 20, after ``unseen6`` was opened, by someone who never read the
cutout's code nor ran it on these drawings; never scored while tuning (see
:mod:`benchmarks.cutout_cases`). Same approach as :mod:`benchmarks.cutout_drawings_unseen6`:
each drawing is deterministic in its seed and returns a float32 RGBA array (alpha 0..255,
anti-aliased, shapes drawn 4x supersampled) that the cases composite on paper with a shadow
and JPEG. The large and the tiny photo are drawn at a working size; the cases resize them
with :func:`benchmarks.cutout_drawings_unseen2.scaled`.

Six drawings enclose the backdrop through thin walls or grids (a chrome cooling rack's wire
grid, a black wire basket's diamond mesh and side handles, a bicycle wheel's radial spokes,
a round rattan placemat's rings of open holes, a red colander's holes seen from above, a
white plastic-coated wire coat hanger). Four enclose none yet show large areas of exactly
the paper's colour inside the product (a black wall clock's white dial, a black picture
frame's white mat and white line-art print, a graphite phone's white screen, a navy tote's
white printed panel, its handles folded down over the front): all of them product. Four
enclose none and are hard for other reasons (a sunscreen tube in a hand from the left edge, a
glossy black vase with a strong softbox reflection, a fluffy cream teddy bear on cream
paper, a tiny amber dropper bottle).

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
from benchmarks.cutout_drawings_unseen3 import _arc_path, _band, _ring
from benchmarks.cutout_drawings_unseen4 import OLIVE_SKIN, _lathe, _profile, _rounded
from benchmarks.cutout_drawings_unseen5 import _bezier

PAPER_WHITE = (250, 250, 249)  # the clock's dial, the frame's mat and the tote's panel
SCREEN = (241, 239, 235)  # the phone's lit white page: the off-white paper it lies on

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "cooling_rack": 600,
    "wire_basket": 150,
    "bicycle_wheel": 32,
    "rattan_placemat": 70,
    "red_colander": 100,
    "coat_hanger": 1,
}


def _weld_slivers(cover: np.ndarray, least: int) -> np.ndarray:
    """``cover`` with every enclosed opening under ``least`` px filled (wires welded there)."""
    open_ = (cover < 0.5).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(open_, connectivity=4)
    small = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] < least]
    if not small:
        return cover
    weld = cv2.dilate(np.isin(labels, small).astype(np.float32), np.ones((3, 3), np.uint8))
    return np.maximum(cover, weld)


def _wires(size: Size, lines: Sequence[Sequence[Point]], width: float, shift: Point,
           ) -> tuple[np.ndarray, np.ndarray]:
    """Coverage of round wires and of their lit side (the same lines moved by ``shift``)."""
    lit = [[(x + shift[0], y + shift[1]) for x, y in line] for line in lines]
    return _lines(size, lines, width), _lines(size, lit, max(1.0, width * 0.35))


def cooling_rack(seed: int) -> np.ndarray:
    """A chrome wire cooling rack seen from above: a square grid in a heavier frame (1200x900).

    Every cell of the grid shows the backdrop.
    """
    size = (1200, 900)
    x0, y0, x1, y1, pitch = 110.0, 150.0, 1090.0, 750.0, 28.0
    cols = [x0 + k * pitch for k in range(1, int((x1 - x0) / pitch))]
    rows = [y0 + k * 30.0 for k in range(1, int((y1 - y0) / 30.0))]
    inside = _rrect(size, (x0 - 2, y0 - 2, x1 + 2, y1 + 2), 14)
    grid, grid_lit = _wires(size, [[(x, y0), (x, y1)] for x in cols]
                            + [[(x0, y), (x1, y)] for y in rows], 3.4, (-0.9, -0.9))
    frame = np.clip(_rrect(size, (x0 - 9, y0 - 9, x1 + 9, y1 + 9), 22) - _rrect(
        size, (x0 + 2, y0 + 2, x1 - 2, y1 - 2), 13), 0, 1)
    bars, bars_lit = _wires(size, [[(x, y0 - 4), (x, y1 + 4)] for x in (x0 + 10 * pitch,
                                                                         x1 - 10 * pitch)],
                            7.5, (-2.0, 0.0))
    metal = _weld_slivers(np.maximum.reduce([grid * inside, frame, bars]), 160)
    chrome = (_rgb((178, 182, 190)) * (0.86 + 0.12 * _smooth(size, seed, 220, 160)[..., None])
              * _rows(size, 1.06, 0.9) * (1 + _grain(size, seed + 1, 0.02)))
    layers = _Layers(size)
    layers.paint(chrome, metal)
    layers.paint((244, 246, 250), grid_lit * grid * inside, 0.55)
    layers.paint((100, 104, 112), _lines(size, [[(x + 1.2, y0), (x + 1.2, y1)] for x in cols],
                                         1.2) * grid * inside, 0.35)
    layers.paint((250, 251, 253), _soft(_rrect(size, (x0 - 6, y0 - 6, x1 + 6, y0 - 3), 2), 0.8)
                 * frame, 0.7)
    layers.paint((96, 100, 108), _soft(_rrect(size, (x0 - 6, y1 + 3, x1 + 6, y1 + 6), 2), 0.8)
                 * frame, 0.5)
    layers.paint(chrome * 0.92, bars)
    layers.paint((246, 248, 252), bars_lit * bars, 0.6)
    return layers.rgba()


def wire_basket(seed: int) -> np.ndarray:
    """A black wire storage basket seen square-on: a diamond mesh, two side handles (1000x800).

    Each diamond of the mesh and each handle's loop shows the backdrop (the back wall of the
    basket lies exactly behind the front one).
    """
    size = (1000, 800)
    left, top, right, bottom, step = 200.0, 250.0, 800.0, 640.0, 46.0
    face = _rrect(size, (left, top, right, bottom - 6), 2)
    diagonals = [[(left + k * step - 400, top - 400), (left + k * step + 400, top + 400)]
                 for k in range(-10, 24)]
    diagonals += [[(left + k * step + 400, top - 400), (left + k * step - 400, top + 400)]
                  for k in range(-10, 24)]
    mesh, mesh_lit = _wires(size, diagonals, 4.2, (0.0, -1.2))
    rims = [[(left - 4, top), (right + 4, top)], [(left, bottom - 6), (right, bottom - 6)],
            [(left, top), (left, bottom - 6)], [(right, top), (right, bottom - 6)]]
    rim, rim_lit = _wires(size, rims, 9.0, (-1.5, -2.2))
    handles = [_arc_path((left, 330), (62, 52), 90, 270, 40), _arc_path((right, 330), (62, 52),
                                                                        -90, 90, 40)]
    loop, loop_lit = _wires(size, handles, 8.0, (-1.2, -2.0))
    feet = np.maximum(_rrect(size, (left + 8, bottom - 6, left + 34, bottom + 8), 5),
                      _rrect(size, (right - 34, bottom - 6, right - 8, bottom + 8), 5))
    wire = _weld_slivers(np.maximum.reduce([mesh * face, rim, loop]), 160)
    black = _rgb((32, 32, 35)) * (1 + _grain(size, seed, 0.05)) * _rows(size, 1.12, 0.9)
    layers = _Layers(size)
    layers.paint(black, wire)
    layers.paint((132, 134, 140), mesh_lit * mesh * face, 0.45)
    layers.paint((150, 152, 158), np.maximum(rim_lit * rim, loop_lit * loop), 0.6)
    layers.paint(_rgb((22, 22, 24)) * _volume(feet, 5, 0.3), feet)
    return layers.rgba()


def bicycle_wheel(seed: int) -> np.ndarray:
    """A road bike's front wheel standing upright: gumwall tyre, silver rim, 32 spokes.

    The spokes are laced radially; each wedge between two of them shows the backdrop. The
    photo is wide (1400x1000): the long shadow lies to the wheel's right.
    """
    size = (1400, 1000)
    w, h = size
    cx, cy = 500.0, 488.0

    def disc(r: float) -> np.ndarray:
        return _ellipse(size, (cx - r, cy - r, cx + r, cy + r))

    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    rho = np.hypot(x - cx, y - cy)
    ang = np.arctan2(y - cy, x - cx)
    layers = _Layers(size)
    spokes = [[(cx + 30 * float(np.cos(a)), cy + 30 * float(np.sin(a))),
               (cx + 392 * float(np.cos(a)), cy + 392 * float(np.sin(a)))]
              for a in np.linspace(0, 2 * np.pi, 32, endpoint=False) + 0.05]
    spoke, spoke_lit = _wires(size, spokes, 3.0, (-0.6, -0.6))
    layers.paint(_rgb((196, 200, 206)) * (1 + _grain(size, seed, 0.03)), spoke)
    layers.paint((246, 248, 250), spoke_lit * spoke, 0.5)
    hub = disc(34)
    layers.paint(_rgb((200, 204, 210)) * _volume(hub, 8, 0.35), hub)
    layers.paint((250, 250, 252), _soft(_ellipse(size, (cx - 22, cy - 24, cx - 6, cy - 10)), 2),
                 0.8)
    layers.paint((70, 72, 78), disc(11))
    rim = np.clip(disc(412) - disc(388), 0, 1)
    brake = (0.9 + 0.12 * np.sin(rho * 2.6))[..., None]
    layers.paint(_rgb((186, 190, 196)) * brake * (1.0 + 0.08 * np.cos(ang + 2.3))[..., None],
                 rim)
    layers.paint((90, 94, 100), _ring(size, (cx - 392, cy - 392, cx + 392, cy + 392),
                                      (cx - 388, cy - 388, cx + 388, cy + 388)), 0.8)
    wall = np.clip(disc(438) - disc(410), 0, 1)
    layers.paint(_rgb((178, 134, 86)) * (1 + _grain(size, seed + 1, 0.03))
                 * (0.92 + 0.1 * np.cos(ang + 2.3))[..., None], wall)
    tread = np.clip(disc(452) - disc(436), 0, 1)
    rubber = _rgb((36, 36, 38)) * (1 + 0.06 * np.sin(ang * 260)[..., None]
                                   + _grain(size, seed + 2, 0.04))
    layers.paint(rubber * (1 + 0.25 * np.clip(np.cos(ang + 2.2), 0, 1))[..., None], tread)
    layers.paint((210, 200, 186), _lines(size, [_arc_path((cx, cy), (424, 424), 200, 232)], 5),
                 0.7)  # the sidewall's print
    valve = _rrect(size, (cx - 5, cy - 418, cx + 5, cy - 380), 3)
    layers.paint(_rgb((200, 204, 210)) * np.clip(_cylinder(size, cx - 5, cx + 5), 0.7, 1.2),
                 valve)
    return layers.rgba()


def rattan_placemat(seed: int) -> np.ndarray:
    """A round coiled rattan placemat seen from above, three rings of open holes (1000x1000).

    Every hole of the openwork shows the backdrop.
    """
    size = (1000, 1000)
    w, h = size
    cx, cy, radius = 500.0, 500.0, 420.0
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    rho = np.hypot(x - cx, y - cy)
    ang = np.arctan2(y - cy, x - cx)
    holes = []
    for ring_r, count, r in ((118.0, 12, 21.0), (228.0, 24, 22.0), (338.0, 34, 24.0)):
        for k in range(count):
            a = 2 * np.pi * (k + 0.5 * (count % 2)) / count
            hx, hy = cx + ring_r * float(np.cos(a)), cy + ring_r * float(np.sin(a))
            holes.append((hx - r * 1.15, hy - r, hx + r * 1.15, hy + r)
                         if abs(np.cos(a)) > 0.7 else (hx - r, hy - r * 1.15, hx + r,
                                                      hy + r * 1.15))
    open_ = _ellipses(size, holes)
    mat = np.clip(_ellipse(size, (cx - radius, cy - radius, cx + radius, cy + radius)) - open_,
                  0, 1)
    coil = (0.84 + 0.16 * np.abs(np.sin(rho * np.pi / 11)))[..., None]
    twist = (1 - 0.07 * (0.5 + 0.5 * np.sin(ang * 90 + rho / 3)))[..., None]
    cane = _rgb((200, 156, 100)) * (1 + 0.05 * _smooth(size, seed, 40, 40)[..., None])
    layers = _Layers(size)
    layers.paint(cane * coil * twist * (1 + _grain(size, seed + 1, 0.03)), mat)
    near = cv2.dilate(open_, np.ones((9, 9), np.uint8)) * mat
    layers.paint((120, 84, 46), _soft(near, 2) * mat, 0.35)  # the holes' edges, in shade
    border = np.clip(mat * (rho > radius - 22), 0, 1)
    braid = (0.8 + 0.25 * np.abs(np.sin(ang * 120 + rho / 4)))[..., None]
    layers.paint(cane * 0.95 * braid, border)
    layers.paint((248, 222, 180), _soft(_lines(size, [_arc_path((cx, cy), (radius - 8,
                                                                          radius - 8), 190,
                                                                 260)], 4), 2) * mat, 0.4)
    return layers.rgba()


def red_colander(seed: int) -> np.ndarray:
    """A red plastic colander seen from above: holes in its base and wall, two handles (1100x900).

    The holes show the paper it stands on; each handle's slot shows it too.
    """
    size = (1100, 900)
    w, h = size
    cx, cy = 550.0, 450.0
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    rho = np.hypot(x - cx, y - cy)
    ang = np.arctan2(y - cy, x - cx)
    holes: list[tuple[float, float, float, float]] = []
    for j in range(-4, 5):
        for i in range(-4, 5):
            hx, hy = cx + 38 * (i + 0.5 * (j % 2)), cy + 33 * j
            if np.hypot(hx - cx, hy - cy) < 150:
                holes.append((hx - 12, hy - 12, hx + 12, hy + 12))
    for ring_r, count in ((206.0, 30), (256.0, 36)):
        for k in range(count):
            a = 2 * np.pi * k / count + (0.05 if count == 36 else 0.0)
            c, s = float(np.cos(a)), float(np.sin(a))
            hx, hy = cx + ring_r * c, cy + ring_r * s
            holes.append((hx - 10 - 4 * abs(s), hy - 10 - 4 * abs(c), hx + 10 + 4 * abs(s),
                          hy + 10 + 4 * abs(c)))
    open_ = _ellipses(size, holes)
    tabs = [_rrect(size, (cx - 440, cy - 46, cx - 300, cy + 46), 40),
            _rrect(size, (cx + 300, cy - 46, cx + 440, cy + 46), 40)]
    slots = [_rrect(size, (cx - 418, cy - 12, cx - 360, cy + 12), 12),
             _rrect(size, (cx + 360, cy - 12, cx + 418, cy + 12), 12)]
    body = np.maximum.reduce([_ellipse(size, (cx - 340, cy - 340, cx + 340, cy + 340)), *tabs])
    plastic = np.clip(body - open_ - np.maximum(*slots), 0, 1)
    red = _rgb((206, 46, 42)) * (1 + _grain(size, seed, 0.015))
    # the rim is lit; the wall falls away into shade; the flat base is lit from the top left
    wall = np.clip((rho - 160) / 140, 0, 1)
    light = (1.05 - 0.32 * wall * (0.6 + 0.4 * np.cos(ang + 2.3))
             + 0.06 * np.cos(ang + 2.3) * (1 - wall))
    rim_band = np.clip((rho - 300) / 6, 0, 1) * plastic
    layers = _Layers(size)
    layers.paint(red * light[..., None], plastic)
    handles = np.clip(np.maximum(*tabs) - np.maximum(*slots), 0, 1)
    layers.paint(red * 1.1 * (1 + 0.06 * np.cos(ang + 2.3))[..., None],
                 np.maximum(rim_band, handles))
    layers.paint((120, 20, 18), _ring(size, (cx - 306, cy - 306, cx + 306, cy + 306),
                                      (cx - 300, cy - 300, cx + 300, cy + 300)) * plastic, 0.5)
    near = cv2.dilate(open_, np.ones((5, 5), np.uint8)) * plastic
    layers.paint((110, 16, 14), _soft(near, 1.2) * plastic, 0.45)  # the holes' cut walls
    layers.paint((255, 196, 186), _soft(_lines(size, [_arc_path((cx, cy), (322, 322), 200, 250)],
                                               5), 2) * plastic, 0.55)
    layers.paint((255, 214, 206), _soft(_ellipse(size, (cx - 110, cy - 120, cx - 40, cy - 70)),
                                        18) * plastic, 0.35)
    return layers.rgba()


def coat_hanger(seed: int) -> np.ndarray:
    """A white plastic-coated wire coat hanger: a hook, a twisted neck, a long bar (1100x800).

    The shoulders and the bar close round one large gap; the hook is open.
    """
    size = (1100, 800)
    hook = _arc_path((550, 150), (44, 46), 170, 360, 40) + _bezier((594, 150), (594, 200),
                                                                   (566, 214), (550, 236), 12)
    frame = (_bezier((550, 280), (470, 330), (250, 470), (150, 560), 30)[:-1]
             + _bezier((150, 560), (112, 594), (118, 616), (168, 616), 12)[:-1]
             + [(932.0, 616.0)]
             + _bezier((932, 616), (982, 616), (988, 594), (950, 560), 12)[1:]
             + _bezier((950, 560), (850, 470), (630, 330), (550, 280), 30)[1:])
    wire = np.maximum(_band(size, hook, 8), _band(size, frame, 8))
    twist = _rrect(size, (541, 232, 559, 290), 7)
    coat = np.maximum(wire, twist)
    white = _rgb((242, 242, 240)) * (1 + _grain(size, seed, 0.01))
    layers = _Layers(size)
    layers.paint(white * _volume(coat, 2.5, 0.14), coat)
    turns = [[(541.0, y0), (559.0, y0 + 8)] for y0 in range(234, 286, 7)]
    layers.paint((188, 188, 186), _lines(size, turns, 2) * twist, 0.7)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(x + 0, y - 2.5) for x, y in frame[:29]]],
                                               1.5), 0.6) * wire, 0.6)
    layers.paint((176, 176, 174), _soft(_lines(size, [[(160, 619), (930, 619)]], 2), 0.6) * wire,
                 0.6)
    return layers.rgba()


def wall_clock(seed: int) -> np.ndarray:
    """A black wall clock lying face up: a glossy frame, a dial of exactly the paper's white.

    The dial is product (the frame encloses no backdrop): 1000x1000.
    """
    size = (1000, 1000)
    w, h = size
    cx, cy = 500.0, 496.0
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    rho = np.hypot(x - cx, y - cy)
    ang = np.arctan2(y - cy, x - cx)

    def disc(r: float) -> np.ndarray:
        return _ellipse(size, (cx - r, cy - r, cx + r, cy + r))

    layers = _Layers(size)
    dial = disc(374)
    layers.paint(_rgb(PAPER_WHITE) + _grain(size, seed, 0.6), dial)
    layers.paint((120, 120, 122), _soft(np.clip(disc(376) - disc(362), 0, 1)
                                        * (np.cos(ang - 2.2) > -0.2), 5) * dial, 0.25)
    ticks: list[list[Point]] = []
    hours: list[list[Point]] = []
    for k in range(60):
        a = 2 * np.pi * k / 60
        c, s = float(np.cos(a)), float(np.sin(a))
        inner = 316 if k % 5 == 0 else 340
        (hours if k % 5 == 0 else ticks).append([(cx + inner * c, cy + inner * s),
                                                 (cx + 354 * c, cy + 354 * s)])
    layers.paint((26, 26, 28), _lines(size, ticks, 3))
    layers.paint((26, 26, 28), _lines(size, hours, 10))
    layers.paint((60, 60, 62), _lines(size, [[(cx - 40, cy + 150), (cx + 40, cy + 150)]], 7),
                 0.9)  # the maker's name
    layers.paint((110, 110, 112), _lines(size, [[(cx - 26, cy + 172), (cx + 26, cy + 172)]], 3),
                 0.8)

    def hand(deg: float, length: float, tail: float, width: float) -> np.ndarray:
        a = np.deg2rad(deg - 90)
        c, s = float(np.cos(a)), float(np.sin(a))
        return _band(size, [(cx - tail * c, cy - tail * s), (cx + length * c, cy + length * s)],
                     width)

    layers.paint((200, 200, 200), _soft(np.roll(np.roll(np.maximum(hand(305, 210, 30, 16),
                                                                   hand(60, 310, 36, 11)),
                                                        7, axis=0), 5, axis=1), 3) * dial,
                 0.3)  # the hands' soft shadow on the dial
    layers.paint((22, 22, 24), hand(305, 210, 30, 16))
    layers.paint((22, 22, 24), hand(60, 310, 36, 11))
    layers.paint((206, 40, 36), hand(196, 330, 70, 3.5))
    layers.paint((22, 22, 24), disc(15))
    layers.paint((206, 40, 36), disc(6))
    frame = np.clip(disc(420) - disc(372), 0, 1)
    across = np.clip((rho - 372) / 48, 0, 1)
    gloss = (0.75 + 0.9 * np.exp(-(((across - 0.4) / 0.14) ** 2))
             * np.clip(np.cos(ang + 2.3), 0, 1) ** 2 + 0.3 * (1 - across) ** 4)
    layers.paint(_rgb((26, 26, 29)) * gloss[..., None] * (1 + _grain(size, seed + 1, 0.03)),
                 frame)
    return layers.rgba()


def picture_frame(seed: int) -> np.ndarray:
    """A black picture frame standing upright: a white mat, a white line-art print (800x1000).

    The mat and the print are the paper's white; the frame encloses no backdrop.
    """
    size = (800, 1000)
    w, h = size
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    outer, inner = (110.0, 90.0, 690.0, 910.0), (156.0, 136.0, 644.0, 864.0)
    layers = _Layers(size)
    mat = _rrect(size, inner, 1)
    layers.paint(_rgb(PAPER_WHITE) + _grain(size, seed, 0.6), mat)
    window = (250.0, 240.0, 550.0, 700.0)
    layers.paint((232, 228, 218), np.clip(_rrect(size, (window[0] - 5, window[1] - 5,
                                                         window[2] + 5, window[3] + 5), 1)
                                          - _rrect(size, window, 1), 0, 1))  # the bevel
    peaks = [[(290, 560), (350, 470), (384, 512), (440, 420), (510, 560)]]
    layers.paint((40, 40, 42), _lines(size, peaks, 2.5), 0.9)
    layers.paint((40, 40, 42), _ring(size, (430, 320, 478, 368), (432.5, 322.5, 475.5, 365.5)),
                 0.9)
    layers.paint((40, 40, 42), _lines(size, [[(300, 600), (500, 600)]], 2), 0.6)
    layers.paint((90, 90, 92), _lines(size, [[(480, 672), (520, 668)]], 1.5), 0.7)  # signed
    lip = np.clip(mat * np.exp(-np.minimum(x - inner[0], y - inner[1]) / 9), 0, 1)
    layers.paint((150, 150, 150), lip, 0.3)  # the moulding's shade on the mat
    frame = np.clip(_rrect(size, outer, 3) - mat, 0, 1)
    edge = np.minimum(np.minimum(x - outer[0], outer[2] - x), np.minimum(y - outer[1],
                                                                    outer[3] - y))
    bevel = (0.8 + 0.7 * np.exp(-(((edge - 12) / 5) ** 2))
             + 0.3 * np.exp(-(((edge - 40) / 3) ** 2)))[..., None]
    top_left = (1 + 0.25 * ((x - outer[0] < 46) | (y - outer[1] < 46)))[..., None]
    layers.paint(_rgb((24, 24, 26)) * bevel * top_left * (1 + _grain(size, seed + 1, 0.04)),
                 frame)
    return layers.rgba()


def phone_white_screen(seed: int) -> np.ndarray:
    """A graphite phone lying face up, its screen a white page of the paper's colour (700x1200).

    The screen is product; the phone encloses no backdrop.
    """
    size = (700, 1200)
    body = _rrect(size, (150, 110, 550, 1090), 64)
    layers = _Layers(size)
    buttons = [(144, 330, 154, 400), (144, 420, 154, 490), (546, 380, 556, 500)]
    for box in buttons:
        layers.paint((70, 72, 78), _rrect(size, box, 3))
    edge = _rgb((86, 88, 94)) * np.clip(_cylinder(size, 150, 550) ** 0.3, 0.8, 1.25)
    layers.paint(edge, body)
    glass = _rrect(size, (156, 116, 544, 1084), 58)
    layers.paint(_rgb((20, 20, 22)) + _grain(size, seed, 0.8), glass)
    screen = _rrect(size, (168, 128, 532, 1072), 48)
    layers.paint(_rgb(SCREEN) + _grain(size, seed + 1, 0.5), screen)
    layers.paint((18, 18, 20), _rrect(size, (300, 146, 400, 178), 16))  # the camera island
    layers.paint((40, 40, 44), _lines(size, [[(200, 162), (236, 162)]], 8), 0.9)  # the time
    layers.paint((40, 40, 44), _rrect(size, (468, 156, 500, 168), 3), 0.9)
    layers.paint((30, 30, 34), _lines(size, [[(196, 240), (380, 240)]], 16), 0.9)
    text = [[(196, y0), (196 + ln, y0)] for y0, ln in ((290, 300), (322, 280), (354, 310),
                                                       (386, 180), (450, 296), (482, 250))]
    layers.paint((120, 120, 124), _lines(size, text, 6), 0.8)
    layers.paint((200, 200, 204), _rrect(size, (290, 1050, 410, 1056), 3), 0.9)  # home bar
    return layers.rgba()


def navy_tote(seed: int) -> np.ndarray:
    """A navy canvas tote laid flat, handles folded down over it, a white printed panel.

    The panel is the paper's white; the handles lie on the bag, so nothing encloses the
    backdrop (900x1100).
    """
    size = (900, 1100)
    bag = _poly(size, [(170, 300), (730, 300), (750, 1000), (150, 1000)])
    navy = _rgb((30, 40, 74))
    canvas = (navy * _folds(size, seed, 90, 90, 0.12) * (1 + _grain(size, seed + 1, 0.04))
              * (1 - 0.05 * (0.5 + 0.5 * np.sin(np.add.outer(np.arange(size[1]),
                                                              np.arange(size[0])) * 1.9)))[
                  ..., None])
    layers = _Layers(size)
    layers.paint(canvas * _volume(bag, 20, 0.15), bag)
    layers.paint((60, 72, 112), _stitch(size, [[(176, 340), (724, 340)]], 8, 5, 2), 0.7)
    layers.paint((16, 22, 44), _soft(_lines(size, [[(172, 352), (728, 352)]], 3), 1.5) * bag, 0.5)
    panel = _rrect(size, (250, 600, 650, 940), 2)
    ink = _rgb(PAPER_WHITE) * (1 - 0.015 * (_smooth(size, seed + 2, 3, 3) > 1.4))[..., None]
    layers.paint(ink, panel)
    layers.paint(navy, _lines(size, [[(300, 690), (600, 690)]], 30) * panel)
    layers.paint(navy, _lines(size, [[(330, 750), (570, 750)]], 10) * panel)
    layers.paint(navy, _ring(size, (400, 790, 500, 890), (412, 802, 488, 878)) * panel)
    layers.paint(navy, _lines(size, [[(420, 860), (450, 820), (480, 860)]], 8) * panel)
    for dx, shade in ((0.0, 0.9), (24.0, 1.0)):
        for x0, x1 in ((260.0, 400.0), (500.0, 640.0)):
            strap = _bezier((x0 + dx, 320), (x0 + dx - 10, 680), (x1 + dx + 10, 680),
                            (x1 + dx, 320), 40)
            band = _band(size, strap, 34)
            layers.paint((10, 14, 30), _soft(np.roll(band, 6, axis=0), 3) * bag, 0.35)
            layers.paint(navy * shade * _volume(band, 6, 0.25) * (1 + _grain(size, seed + 3,
                                                                              0.04)), band)
            layers.paint((70, 82, 120), _stitch(size, [_bezier((x0 + dx - 12, 330),
                                                               (x0 + dx - 22, 692),
                                                               (x1 + dx + 22, 692),
                                                               (x1 + dx + 12, 330), 40)],
                                                7, 5, 1.5), 0.6)
    return layers.rgba()


def held_sunscreen(seed: int) -> np.ndarray:
    """A yellow sunscreen tube held upright by a hand whose arm enters from the left edge.

    Sleeve, hand and tube are all in front of the backdrop: all product (1100x900).
    """
    size = (1100, 900)
    skin = _rgb(OLIVE_SKIN) * (1 + _smooth(size, seed, 60, 60)[..., None] * 0.035)
    layers = _Layers(size)
    tube = _poly(size, [(596, 160), (704, 160), (716, 250), (712, 600), (588, 600), (584, 250)])
    tube = _rounded(tube, 5)
    yellow = _rgb((244, 196, 48))
    layers.paint(yellow * np.clip(_cylinder(size, 584, 716) ** 0.6, 0.7, 1.1) + _grain(
        size, seed + 1, 0.8), tube)
    crimp = _rrect(size, (592, 148, 708, 186), 4)
    layers.paint(_rgb((236, 186, 40)) * _rib(size, 5, 0.2, vertical=False), crimp)
    cap = _rrect(size, (594, 596, 706, 690), 14)
    layers.paint(_rgb((246, 246, 244)) * np.clip(_cylinder(size, 594, 706) ** 0.4, 0.8, 1.04),
                 cap)
    layers.paint((210, 210, 208), _lines(size, [[(596, 612), (704, 612)]], 2), 0.9)
    layers.paint((236, 96, 40), _ellipse(size, (618, 230, 682, 294)), 0.95)  # a sun mark
    layers.paint((250, 250, 246), _lines(size, [[(610, 330), (690, 330)]], 14), 0.95)
    layers.paint((200, 120, 30), _lines(size, [[(618, 360), (682, 360)]], 5), 0.8)
    layers.paint((255, 250, 220), _soft(_lines(size, [[(610, 200), (606, 580)]], 6), 3) * tube,
                 0.5)
    arm = _poly(size, [(-40, 470), (300, 420), (430, 430), (430, 600), (300, 620), (-40, 660)])
    layers.paint(skin * _volume(arm, 40, 0.16) * 0.96, arm)
    palm = _ellipse(size, (380, 330, 640, 610))
    layers.paint(skin * _volume(palm, 40, 0.14) * _rows(size, 1.03, 0.93), palm)
    for i, y0 in enumerate((364, 410, 456, 500)):  # wrapped round the tube's front, touching
        width = 52 - 3 * i
        finger = _band(size, [(560, y0 + 8), (660, y0), (724, y0 + 10)], width)
        layers.paint(skin * _volume(finger, 12, 0.3) * _rows(size, 1.04, 0.94), finger)
        layers.paint((150, 106, 80), _soft(_lines(size, [[(664, y0 - width / 3),
                                                          (662, y0 + width / 3)]], 2), 0.8),
                     0.5)  # a knuckle crease
        layers.paint((222, 178, 156), _ellipse(size, (716, y0 - width / 4 + 8, 734,
                                                      y0 + width / 4 + 8)), 0.85)  # the nail
    thumb = _band(size, [(470, 396), (540, 352), (600, 318)], 54)
    layers.paint(skin * _volume(thumb, 14, 0.22) * 1.04, thumb)
    layers.paint((226, 186, 164), _ellipse(size, (584, 302, 616, 328)), 0.9)
    sleeve = _poly(size, [(-60, 400), (250, 400), (290, 480), (270, 690), (-60, 720)])
    denim = (_rgb((74, 104, 150)) * _folds(size, seed + 2, 40, 40, 0.14)
             * _volume(sleeve, 20, 0.15) + _grain(size, seed + 3, 3.0))
    layers.paint(denim, sleeve)
    layers.paint((200, 150, 80), _stitch(size, [[(246, 410), (286, 480), (266, 680)]], 8, 5, 2),
                 0.7)
    return layers.rgba()


def glossy_vase(seed: int) -> np.ndarray:
    """A glossy black ceramic vase with a strong white softbox reflection down its body.

    800x1000; all product.
    """
    size = (800, 1000)
    w, h = size
    cx = 400.0
    body, radius = _profile(size, cx, [150, 200, 300, 420, 640, 860, 900],
                            [58, 52, 70, 190, 214, 170, 150], smooth=18)
    body = _rounded(body, 3)
    x = np.arange(w, dtype=np.float32)[None, :]
    rows = np.arange(h, dtype=np.float32)[:, None]
    t = np.clip((x - cx) / np.maximum(radius[:, None], 1.0), -1, 1)
    black = _rgb((16, 16, 18)) * _lathe(size, cx, np.maximum(radius, 1), -0.3)
    layers = _Layers(size)
    layers.paint(black + _grain(size, seed, 0.8), body)
    softbox = np.exp(-(((t + 0.48) / 0.09) ** 4)) * body * (rows > 170) * (rows < 880)
    layers.paint((236, 236, 236), _soft(softbox, 1.5), 0.92)  # the softbox, near white
    layers.paint((200, 200, 204), np.exp(-(((t - 0.62) / 0.05) ** 2)) * body * (rows > 260)
                 * (rows < 860), 0.55)
    floor = np.clip((rows - 800) / 100, 0, 1) * body * (1 - np.abs(t))
    layers.paint((150, 146, 140), floor, 0.5)  # the paper seen in the glaze near the foot
    mouth = _ellipse(size, (cx - 58, 140, cx + 58, 162))
    layers.paint((8, 8, 10), mouth)
    layers.paint((170, 170, 172), _ring(size, (cx - 58, 140, cx + 58, 162),
                                        (cx - 52, 143, cx + 52, 159)), 0.8)
    return layers.rgba()


def teddy_bear(seed: int) -> np.ndarray:
    """A fluffy cream teddy bear sitting, long pile fur all round its outline (900x1000).

    The fur's tips thin out into the cream paper it sits on; all product.
    """
    size = (900, 1000)
    w, h = size
    parts = [
        _ellipse(size, (250, 470, 650, 900)),  # body
        _tilted(size, (262, 610), (70, 130), 28),  # arms
        _tilted(size, (638, 610), (70, 130), -28),
        _ellipse(size, (210, 780, 400, 950)),  # feet
        _ellipse(size, (500, 780, 690, 950)),
        _ellipse(size, (282, 170, 618, 500)),  # head
        _ellipse(size, (250, 150, 380, 280)),  # ears
        _ellipse(size, (520, 150, 650, 280)),
    ]
    solid = np.maximum.reduce(parts)
    edge = (solid >= 0.5).astype(np.uint8)
    contours, _ = cv2.findContours(edge, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    outline = max(contours, key=len)[:, 0, :].astype(np.float64)
    rng = np.random.default_rng(seed)
    tangent = np.roll(outline, -4, axis=0) - np.roll(outline, 4, axis=0)
    tangent /= np.maximum(np.hypot(tangent[:, 0], tangent[:, 1]), 1e-9)[:, None]
    normal = np.stack([tangent[:, 1], -tangent[:, 0]], axis=1)
    centre = np.array([w / 2, 560.0])
    flip = np.sign(((outline - centre) * normal).sum(axis=1))[:, None]
    normal *= np.where(flip == 0, 1, flip)
    strands = []
    for i in range(0, len(outline), 2):
        a = rng.uniform(-0.35, 0.35)
        c, s = np.cos(a), np.sin(a)
        nx, ny = normal[i]
        d = (nx * c - ny * s, nx * s + ny * c)
        length = rng.uniform(6, 16)
        px, py = outline[i] - 3 * normal[i]
        strands.append([(float(px), float(py)), (float(px + d[0] * length),
                                                 float(py + d[1] * length))])
    # where the pile is dense enough to close round a speck of paper, it hides it
    fur = _weld_slivers(np.maximum(solid, _lines(size, strands, 1.7) * 0.9), 400)
    pile = (1 + 0.035 * _smooth(size, seed + 1, 9, 9)[..., None] + _grain(size, seed + 2, 0.012)
            + 0.05 * _smooth(size, seed + 3, 40, 40)[..., None])
    cream = _rgb((236, 224, 200)) * pile
    layers = _Layers(size)
    layers.paint(cream * _rows(size, 1.03, 0.95), fur)
    for part in parts[1:5]:  # arms and feet: a soft shade where they meet the body
        layers.paint((176, 160, 132), _soft(np.clip(cv2.dilate(part, np.ones((9, 9), np.uint8))
                                                    - part, 0, 1) * solid, 5), 0.45)
    layers.paint((176, 160, 132), _soft(np.clip(cv2.dilate(parts[5], np.ones((9, 9), np.uint8))
                                                - parts[5], 0, 1) * solid, 6), 0.45)
    pads = _ellipses(size, [(250, 820, 360, 920), (540, 820, 650, 920)])
    layers.paint(_rgb((206, 180, 146)) * (1 + _grain(size, seed + 4, 0.03)), pads)
    inner_ears = _ellipses(size, [(282, 184, 350, 250), (550, 184, 618, 250)])
    layers.paint((214, 190, 158), _soft(inner_ears, 3), 0.8)
    muzzle = _ellipse(size, (380, 330, 520, 440))
    layers.paint(_rgb((246, 238, 220)) * pile, _soft(muzzle, 4), 0.9)
    layers.paint((60, 40, 32), _tilted(size, (450, 360), (24, 16), 0))  # the nose
    layers.paint((60, 40, 32), _lines(size, [[(450, 376), (450, 404)], [(426, 414), (450, 404),
                                                                      (474, 414)]], 4), 0.9)
    layers.paint((24, 20, 18), _ellipses(size, [(374, 290, 398, 314), (502, 290, 526, 314)]))
    layers.paint((240, 240, 240), _ellipses(size, [(380, 294, 388, 302), (508, 294, 516, 302)]),
                 0.9)
    layers.paint((150, 60, 60), _lines(size, [[(340, 480), (450, 510), (560, 480)]], 18) * solid,
                 0.9)  # a ribbon round the neck
    closed = _weld_slivers(layers.alpha, 400) > layers.alpha + 1e-6
    layers.paint(cream, closed.astype(np.float32))  # the shading closed a speck: pile there
    return layers.rgba()


def dropper_bottle(seed: int) -> np.ndarray:
    """An amber glass dropper bottle of face oil, a white label, a black bulb (800x1000)."""
    size = (800, 1000)
    cx = 400.0
    layers = _Layers(size)
    bottle = _rrect(size, (250, 420, 550, 880), 40)
    shoulder = _ellipse(size, (250, 370, 550, 480))
    glass = np.maximum(bottle, shoulder)
    amber = _rgb((132, 62, 18))
    layers.paint(amber * np.clip(_cylinder(size, 250, 550), 0.6, 1.15) * _rows(size, 1.05, 0.9)
                 + _grain(size, seed, 0.8), glass)
    label = _rrect(size, (250, 560, 550, 800), 2)
    layers.paint(_rgb((246, 244, 238)) * np.clip(_cylinder(size, 250, 550) ** 0.4, 0.8, 1.03),
                 label)
    layers.paint((40, 40, 44), _lines(size, [[(320, 630), (480, 630)]], 16), 0.9)
    layers.paint((120, 120, 124), _lines(size, [[(340, 680), (460, 680)], [(350, 710),
                                                                           (450, 710)]], 5),
                 0.8)
    layers.paint((255, 220, 180), _soft(_rrect(size, (282, 430, 298, 860), 8), 4), 0.7)
    collar = _rrect(size, (318, 300, 482, 390), 10)
    layers.paint(_rgb((30, 30, 32)) * np.clip(_cylinder(size, 318, 482), 0.6, 1.4)
                 * _rib(size, 6, 0.15), collar)
    bulb = _rrect(size, (346, 130, 454, 310), 48)
    layers.paint(_rgb((26, 26, 28)) * np.clip(_cylinder(size, 346, 454), 0.6, 1.5), bulb)
    layers.paint((200, 200, 204), _soft(_rrect(size, (364, 150, 374, 290), 5), 2), 0.5)
    layers.paint((60, 60, 64), _lines(size, [[(cx - 54, 300), (cx + 54, 300)]], 3), 0.8)
    return layers.rgba()
