"""Drawn products of the cutout benchmark's ``unseen4`` split, as RGBA layers whose alpha is known.

Drawn blind for issue 18, after ``unseen3`` was opened for tuning, by someone who never read
the cutout's code nor ran it on these drawings; never scored while tuning (see
:mod:`benchmarks.cutout_cases`). Same approach as :mod:`benchmarks.cutout_drawings_unseen3`:
each drawing is deterministic in its seed and returns a float32 RGBA array (alpha 0..255,
anti-aliased, shapes drawn 4x supersampled) that the cases composite on paper with a shadow
and JPEG. The glass carafe and the clear storage box also return their silhouette: much of
them is see-through, yet all of it is product. The large and the tiny photo are drawn at a
working size; the cases resize them with :func:`benchmarks.cutout_drawings_unseen2.scaled`.

:data:`LOOPS` says how many enclosed background gaps (handle loops, the gaps inside folded
sleeves, the slots between a whisk's wires, hoops, a clamp ring, dress straps) each drawing
was drawn with, so that the truth can be checked against the intent.
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
from benchmarks.cutout_drawings_unseen3 import _arc_path, _band, _ring, _turned

OLIVE_SKIN = (200.0, 154.0, 118.0)
IVORY = (245, 238, 222)  # the ring handle's resin; the handbag's paper is the same colour
MUG_GLAZE = (241, 239, 235)  # the mug's glaze: the off-white paper it stands on

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "white_jug": 1,
    "ecru_cardigan": 2,
    "ring_handbag": 1,
    "white_mug": 1,
    "steel_whisk": 7,
    "hoop_earrings": 2,
    "bicycle_bell": 1,
    "slip_dress": 2,
}


def _lathe(size: Size, cx: float, radius: np.ndarray, light: float = -0.45) -> np.ndarray:
    """Brightness of a glazed body of revolution whose half width per row is ``radius``.

    A soft diffuse fall-off to both sides, a narrow specular band at ``light`` (share of the
    half width, negative = left), as an (h, w, 1) factor.
    """
    w, _ = size
    x = np.arange(w, dtype=np.float32)[None, :]
    t = np.clip((x - cx) / np.maximum(radius[:, None], 1.0), -1, 1)
    shade = (0.78 + 0.22 * np.sqrt(1 - t**2) + 0.07 * np.exp(-(((t - light) / 0.1) ** 2))
             - 0.05 * np.clip(t, 0, 1))
    return shade[..., None].astype(np.float32)


def _profile(size: Size, cx: float, knots_y: Sequence[float], knots_r: Sequence[float],
             smooth: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """A body of revolution's coverage and per-row half width from a few (y, radius) knots."""
    _, h = size
    ys = np.arange(h, dtype=np.float32)
    radius = np.interp(ys, knots_y, knots_r).astype(np.float32)
    if smooth:
        inside = (ys > knots_y[0] + smooth) & (ys < knots_y[-1] - smooth)
        radius[inside] = cv2.GaussianBlur(radius[None, :], (0, 0), smooth)[0][inside]
    top, bottom = int(knots_y[0]), int(knots_y[-1])
    left = [(cx - float(radius[y]), float(y)) for y in range(top, bottom + 1, 4)]
    outline = left + [(2 * cx - x, y) for x, y in reversed(left)]
    return _poly(size, outline), radius


def _chaikin(points: Sequence[Point], rounds: int = 3) -> list[Point]:
    """A closed polygon's corners cut ``rounds`` times: a smooth outline through its shape."""
    pts = np.asarray(points, np.float64)
    for _ in range(rounds):
        nxt = np.roll(pts, -1, axis=0)
        pts = np.stack([0.75 * pts + 0.25 * nxt, 0.25 * pts + 0.75 * nxt], axis=1).reshape(-1, 2)
    return [(float(x), float(y)) for x, y in pts]


def _rounded(cover: np.ndarray, radius: float) -> np.ndarray:
    """``cover`` with its corners rounded by about ``radius`` px (blurred, then re-edged)."""
    return np.clip((_soft(cover, radius) - 0.5) * 3 + 0.5, 0, 1).astype(np.float32)


def _inset(cover: np.ndarray, px: int) -> np.ndarray:
    """``cover`` shrunk by ``px`` px all round."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * px + 1, 2 * px + 1))
    return cv2.erode(cover, kernel)


def white_jug(seed: int) -> np.ndarray:
    """A white glazed ceramic jug: a pouring lip to the right, a loop handle (1000x1000)."""
    size = (1000, 1000)
    cx = 540.0
    body, radius = _profile(size, cx, [210, 222, 330, 470, 620, 790, 858, 872],
                            [146, 140, 128, 190, 214, 178, 156, 150], smooth=24)
    path = [(cx - 118, 286.0)] + _arc_path((cx - 214, 470), (118, 176), 252, 108, 44)
    path += [(cx - 190, 654.0)]
    handle = _band(size, path, 42)
    layers = _Layers(size)
    layers.paint(_rgb((236, 236, 232)) * _volume(handle, 12, 0.16) * _rows(size, 1.02, 0.95),
                 handle)
    layers.paint((253, 253, 251), _soft(_line(size, path[8:34], 5), 2) * handle, 0.55)
    spout = _rounded(_poly(size, [(cx + 112, 330), (cx + 132, 214), (cx + 206, 168),
                                  (cx + 232, 170), (cx + 222, 190), (cx + 170, 262),
                                  (cx + 150, 340)]), 5)
    layers.paint(_rgb((240, 240, 237)) * _volume(spout, 10, 0.12) * _rows(size, 1.02, 0.96),
                 spout)
    glaze = (_rgb((247, 247, 244)) * _lathe(size, cx, radius) * _rows(size, 1.01, 0.95)
             + _grain(size, seed, 0.8))
    layers.paint(glaze, body)
    top = _rounded(np.maximum(_ellipse(size, (cx - 148, 182, cx + 148, 238)),
                              _poly(size, [(cx + 100, 190), (cx + 214, 168), (cx + 226, 174),
                                           (cx + 120, 234)])), 4)
    mouth = _inset(top, 8)
    layers.paint(_rgb((250, 250, 248)), top)  # the lit rim
    layers.paint(_rgb((226, 226, 222)) * _rows(size, 0.94, 1.04), mouth)
    layers.paint((208, 208, 204), _soft(_ellipse(size, (cx - 130, 200, cx + 110, 236)), 6)
                 * mouth, 0.6)  # the inside wall's shade
    layers.paint((255, 255, 255), _soft(_ellipse(size, (cx - 150, 420, cx - 110, 700)), 9)
                 * body, 0.75)  # a window's reflection
    layers.paint((214, 214, 210), _lines(size, [_arc_path((cx, 842), (156, 9), 0, 180)], 3)
                 * body, 0.8)  # the foot's turned groove
    layers.paint((202, 202, 198), _soft(_line(size, [(cx - 150, 866), (cx + 150, 866)], 6), 2)
                 * body, 0.6)
    rng = np.random.default_rng(seed)
    specks = rng.uniform((cx - 170, 300), (cx + 170, 820), (40, 2))
    layers.paint((176, 170, 160), _ellipses(size, [(x - 1.3, y - 1.3, x + 1.3, y + 1.3)
                                                   for x, y in specks]) * body, 0.6)
    return layers.rgba()


def _sneaker(layers: _Layers, size: Size, left: float, top: float, lit: float, seed: int) -> None:
    """Paint one white leather court sneaker, side-on, toe to the right, into ``layers``."""
    def at(points: Sequence[Point]) -> list[Point]:
        return [(left + x, top + y) for x, y in points]

    w, h = size
    xx = np.arange(w, dtype=np.float32)[None, :] - left
    yy = np.arange(h, dtype=np.float32)[:, None] - top
    form = (1.03 - 0.1 * np.clip((yy - 70) / 210, 0, 1)
            - 0.07 * np.clip((xx - 790) / 90, 0, 1) - 0.06 * np.clip((80 - xx) / 50, 0, 1))
    upper = _poly(size, at(_chaikin([(40, 290), (30, 170), (42, 104), (80, 80), (132, 80),
                                      (200, 112), (262, 110), (346, 70), (400, 52), (444, 64),
                                      (540, 120), (650, 160), (770, 184), (840, 206),
                                      (880, 240), (884, 290)])))
    leather = (_rgb((247, 247, 244)) * form[..., None] * _folds(size, seed, 60, 30, 0.025)
               * _volume(upper, 14, 0.06) + _grain(size, seed, 0.9))
    layers.paint(leather * lit, upper)
    quarter = _poly(size, at(_chaikin([(200, 112), (262, 110), (330, 84), (420, 140),
                                       (470, 290), (300, 290)], 2))) * upper
    layers.paint(leather * lit * 0.99, quarter)
    layers.paint((214, 214, 211), _lines(size, [at([(330, 84), (400, 118), (440, 180),
                                                     (470, 290)])], 3) * upper, lit)
    toe_cap = _poly(size, at(_chaikin([(650, 290), (668, 200), (740, 180), (830, 204),
                                       (890, 240), (890, 290)], 2))) * upper
    layers.paint(leather * lit * 0.99, toe_cap)
    layers.paint((214, 214, 211), _lines(size, [at([(652, 282), (664, 206), (700, 188)])], 3),
                 lit)
    holes = [(left + 712 + 22 * i + 10 * (j % 2), top + 214 + 16 * j) for i in range(6)
             for j in range(3)]  # the perforated toe cap
    layers.paint((200, 200, 198), _ellipses(size, [(x - 2.2, y - 2.2, x + 2.2, y + 2.2)
                                                   for x, y in holes]) * toe_cap, lit)
    layers.paint((222, 222, 219), _stitch(size, [at([(662, 280), (674, 210), (740, 192),
                                                     (826, 214), (870, 244)]),
                                                 at([(46, 150), (118, 130), (200, 150),
                                                     (236, 280)]),
                                                 at([(338, 98), (424, 152), (474, 282)])],
                                          7, 5, 1.6))
    heel = _poly(size, at(_chaikin([(30, 220), (38, 104), (78, 82), (100, 84), (94, 220)], 2)))
    layers.paint(_rgb((238, 238, 236)) * lit * _volume(heel, 8, 0.06), heel * upper)
    layers.paint((200, 200, 197), _lines(size, [at([(54, 90), (96, 80), (140, 84),
                                                    (204, 114)])], 4) * upper, 0.7 * lit)
    tongue = _poly(size, at(_chaikin([(340, 78), (392, 40), (436, 44), (452, 74), (380, 96)],
                                     2)))
    layers.paint(_rgb((242, 242, 239)) * lit * _rows(size, 1.02, 0.96), tongue)
    eyestay = _band(size, at([(400, 80), (500, 124), (600, 160)]), 30) * upper
    layers.paint(leather * lit * 0.985, eyestay)
    for i in range(5):  # laces cross over the tongue between eyelets
        x, y = left + 410 + i * 44, top + 86 + i * 18
        lace = _line(size, [(x - 16, y + 2), (x + 18, y - 22)], 9)
        layers.paint(_rgb((244, 244, 242)) * lit, lace)
        layers.paint((206, 206, 204), _line(size, [(x - 14, y + 6), (x + 20, y - 18)], 2), 0.8)
        layers.paint((186, 186, 184), _ellipse(size, (x - 4, y - 3, x + 4, y + 5)), lit)
    sole = _poly(size, at(_chaikin([(22, 262), (840, 262), (880, 250), (900, 268), (892, 302),
                                    (850, 324), (70, 326), (26, 314), (14, 288)], 3)))
    rubber = (_rgb((240, 238, 230)) * (1 + _grain(size, seed + 1, 0.012))
              * (1.02 - 0.06 * np.clip((yy - 262) / 64, 0, 1))[..., None])
    layers.paint(rubber * lit, sole)
    layers.paint((196, 196, 192), _soft(_lines(size, [at([(24, 264), (870, 264)])], 3), 1.2),
                 0.8 * lit)  # the upper's edge overhangs the sole
    layers.paint((218, 216, 208), _lines(size, [at([(18, 296), (894, 296)])], 3) * sole, lit)
    layers.paint((226, 224, 216), _stitch(size, [at([(40, 276), (870, 276)])], 8, 5, 1.6)
                 * sole)
    layers.paint((176, 176, 170), _soft(_lines(size, [at([(60, 322), (852, 322)])], 5), 1.5)
                 * sole, 0.6)
    layers.paint((186, 188, 186), _rrect(size, (left + 150, top + 214, left + 230, top + 220),
                                         2), 0.5 * lit)  # a small debossed logo


def white_sneakers(seed: int) -> np.ndarray:
    """A pair of white leather court sneakers side by side, side-on, one behind (1400x760)."""
    size = (1400, 760)
    layers = _Layers(size)
    _sneaker(layers, size, 350, 300, 0.93, seed + 1)  # the far one, a little in shade
    _sneaker(layers, size, 180, 370, 1.0, seed)
    return layers.rgba()


def _forearm(size: Size, elbow: Point, cuff: Point, width: float) -> np.ndarray:
    """A sleeve's forearm from a rounded elbow to a straight-cut cuff."""
    t = float(np.hypot(cuff[0] - elbow[0], cuff[1] - elbow[1]))
    ux, uy = (cuff[0] - elbow[0]) / t, (cuff[1] - elbow[1]) / t
    r = width / 2
    end = _poly(size, [(elbow[0] - uy * r, elbow[1] + ux * r),
                       (elbow[0] + uy * r, elbow[1] - ux * r),
                       (cuff[0] + uy * r, cuff[1] - ux * r), (cuff[0] - uy * r, cuff[1] + ux * r)])
    return np.maximum(end, _band(size, [elbow, (elbow[0] + ux, elbow[1] + uy)], width))


def ecru_cardigan(seed: int) -> np.ndarray:
    """An ecru knit cardigan, flat-lay, both sleeves folded forward over the body (1200x1200)."""
    size = (1200, 1200)
    w, h = size
    body = _poly(size, [(520, 186), (430, 200), (388, 240), (382, 1040), (600, 1062),
                        (818, 1040), (812, 240), (770, 200), (680, 186)])
    left = [(402, 258), (90, 700), (548, 800)]
    right = [(798, 258), (1110, 700), (652, 800)]
    sleeves = np.maximum(_band(size, left[:2], 124), _band(size, right[:2], 124))
    forearms = [_forearm(size, left[1], left[2], 112), _forearm(size, right[1], right[2], 112)]
    silhouette = np.maximum.reduce([body, sleeves, *forearms])
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    stitch = 1 - 0.05 * (0.5 + 0.5 * np.sin(x / 1.3)) * (0.5 + 0.5 * np.sin(y / 1.6 + x / 2.6))
    knit = (_rgb((234, 226, 210)) * stitch[..., None] * _folds(size, seed, 70, 90, 0.07)
            * _volume(silhouette, 16, 0.09) + _grain(size, seed + 1, 2.2))
    layers = _Layers(size)
    layers.paint(knit * 0.97, sleeves)
    layers.paint(knit, body)
    neck = _poly(size, [(520, 186), (600, 212), (680, 186), (626, 520), (600, 540), (574, 520)])
    layers.paint(_rgb((212, 202, 186)) * _rows(size, 0.9, 1.05), neck)  # the inside back neck
    bands = _lines(size, [[(522, 190), (594, 540), (596, 1056)],
                          [(678, 190), (606, 540), (604, 1056)]], 30)
    layers.paint(knit * _rib(size, 5, 0.1, vertical=False) * 1.01, bands)
    layers.paint((206, 196, 178), _lines(size, [[(540, 190), (612, 540), (612, 1056)]], 2))
    hem = _poly(size, [(382, 970), (818, 970), (818, 1040), (600, 1062), (382, 1040)])
    layers.paint(knit * _rib(size, 6, 0.14) * 0.98, hem * body)
    buttons = [(600 - 13, yy - 13, 600 + 13, yy + 13) for yy in (580, 680, 880, 980)]
    layers.paint((120, 88, 60), _ellipses(size, buttons))
    layers.paint((156, 120, 86), _ellipses(size, [(b[0] + 4, b[1] + 3, b[2] - 8, b[3] - 9)
                                                  for b in buttons]))
    layers.paint((70, 50, 34), _ellipses(size, [(596 + dx, b[1] + 10 + dy, 600 + dx,
                                                 b[1] + 14 + dy) for b in buttons
                                                for dx, dy in ((-5, 0), (5, 0))]))
    layers.paint((210, 200, 184), _lines(size, [[(430, 202), (402, 258)],
                                                [(770, 202), (798, 258)]], 3))  # shoulder seams
    for arm, cuff_at in ((forearms[0], left), (forearms[1], right)):
        layers.paint((150, 140, 124), _soft(np.roll(arm, 12, axis=0), 10) * body, 0.3)
        layers.paint(knit * 0.99, arm)
        (ex, ey), (cx, cy) = cuff_at[1], cuff_at[2]
        t = np.hypot(cx - ex, cy - ey)
        ux, uy = (cx - ex) / t, (cy - ey) / t
        cuff = arm * _poly(size, [(cx - ux * 76 - uy * 70, cy - uy * 76 + ux * 70),
                                  (cx - ux * 76 + uy * 70, cy - uy * 76 - ux * 70),
                                  (cx + ux * 8 + uy * 70, cy + uy * 8 - ux * 70),
                                  (cx + ux * 8 - uy * 70, cy + uy * 8 + ux * 70)])
        layers.paint(knit * _rib(size, 5, 0.1, vertical=False), cuff)
        layers.paint((206, 196, 178), _line(size, [(cx - ux * 76 - uy * 52, cy - uy * 76 + ux * 52),
                                                   (cx - ux * 76 + uy * 52,
                                                    cy - uy * 76 - ux * 52)], 3), 0.9)
        layers.paint((200, 190, 172), _soft(_band(size, [(ex + ux * 30, ey + uy * 30),
                                                         (ex + ux * 260, ey + uy * 260)], 14),
                                            6) * arm, 0.45)  # where the sleeve folds over
    return layers.rgba()


def ring_handbag(seed: int) -> np.ndarray:
    """A cream pebbled-leather handbag with a round ivory resin ring handle (1000x1000).

    The ring is the colour of the ivory paper the case puts it on.
    """
    size = (1000, 1000)
    w, h = size
    cx, cy, r_out, r_in = 500.0, 330.0, 196.0, 164.0
    ring = _ring(size, (cx - r_out, cy - r_out, cx + r_out, cy + r_out),
                 (cx - r_in, cy - r_in, cx + r_in, cy + r_in))
    x = np.arange(w, dtype=np.float32)[None, :] - cx
    y = np.arange(h, dtype=np.float32)[:, None] - cy
    across = np.clip((np.hypot(x, y) - r_in) / (r_out - r_in), 0, 1)
    angle = np.arctan2(y, x)
    resin = (1.0 + 0.035 * np.cos(np.pi * (across - 0.35)) - 0.03 * np.abs(across - 0.35) * 2
             + 0.012 * np.sin(angle * 5 + 0.5))
    layers = _Layers(size)
    layers.paint(_rgb(IVORY) * resin[..., None], ring)
    layers.paint((252, 249, 240), _soft(ring * (np.abs(across - 0.32) < 0.08) * (y < -60), 1.5),
                 0.6)  # the polished top catches the light
    body = _poly(size, [(258, 486), (742, 486), (776, 520), (806, 862), (782, 892), (218, 892),
                        (194, 862), (224, 520)])
    pebble = (1 + 0.03 * _smooth(size, seed, 3, 3)[..., None] + _grain(size, seed + 1, 0.012))
    leather = (_rgb((228, 214, 188)) * pebble * _volume(body, 30, 0.12)
               * _rows(size, 1.03, 0.94))
    for tx in (412.0, 588.0):  # tabs wrapping the ring where it meets the bag
        tab = _rrect(size, (tx - 26, 456, tx + 26, 540), 10)
        layers.paint(_rgb((220, 206, 180)) * _volume(tab, 6, 0.2), tab)
        layers.paint((196, 180, 150), _stitch(size, [[(tx - 18, 466), (tx - 18, 532)],
                                                     [(tx + 18, 466), (tx + 18, 532)]], 5, 4,
                                              1.4))
    layers.paint(leather, body)
    layers.paint((206, 190, 160), _lines(size, [[(258, 488), (742, 488)]], 4))  # the piping
    flap = _poly(size, [(240, 500), (760, 500), (774, 640), (500, 700), (226, 640)])
    layers.paint(leather * 1.02, flap)
    layers.paint((196, 180, 150), _lines(size, [[(226, 640), (500, 700), (774, 640)]], 3))
    layers.paint((204, 188, 158), _stitch(size, [[(238, 626), (500, 684), (762, 626)],
                                                 [(248, 514), (752, 514)]], 7, 5, 1.5))
    lock = _rrect(size, (466, 660, 534, 724), 12)
    layers.paint(_rgb((206, 170, 96)) * _volume(lock, 6, 0.4), lock)
    layers.paint((250, 228, 170), _soft(_rrect(size, (476, 668, 500, 684), 4), 2), 0.7)
    layers.paint((150, 118, 60), _rrect(size, (492, 684, 508, 706), 4))
    layers.paint((196, 180, 152), _soft(_line(size, [(220, 880), (780, 880)], 10), 5) * body,
                 0.6)
    layers.paint((244, 236, 220), _soft(_ellipse(size, (260, 720, 420, 860)), 30) * body, 0.4)
    return layers.rgba()


def white_mug(seed: int) -> np.ndarray:
    """An off-white glazed mug, handle on the right, the glaze the paper's own colour (1000x900)."""
    size = (1000, 900)
    w, h = size
    layers = _Layers(size)
    handle = np.clip(_ellipse(size, (560, 300, 790, 620)) - _ellipse(size, (618, 362, 732, 560)),
                     0, 1) * (np.arange(w)[None, :] > 600)
    glaze = _rgb(MUG_GLAZE)
    layers.paint(glaze * _volume(handle, 10, 0.12) * _rows(size, 1.03, 0.95), handle)
    layers.paint((250, 249, 246), _soft(_lines(size, [_arc_path((675, 460), (96, 138), 250,
                                                                 330)], 5), 2) * handle, 0.6)
    body = _rrect(size, (280, 236, 640, 720), 34)
    layers.paint(glaze * np.clip(_cylinder(size, 280, 640) ** 0.25, 0.86, 1.03)
                 * _rows(size, 1.02, 0.96) + _grain(size, seed, 0.8), body)
    inside = _ellipse(size, (282, 214, 638, 262))
    layers.paint(_rgb((222, 220, 215)) * _rows(size, 0.92, 1.05), inside)
    layers.paint((206, 204, 199), _soft(_ellipse(size, (300, 226, 620, 262)), 6) * inside, 0.5)
    layers.paint((250, 249, 246), _ring(size, (280, 212, 640, 264), (290, 218, 630, 258)))
    layers.paint((255, 255, 255), _soft(_rrect(size, (318, 300, 344, 660), 12), 6) * body, 0.6)
    layers.paint((214, 212, 206), _soft(_line(size, [(290, 712), (630, 712)], 6), 2) * body, 0.7)
    return layers.rgba()


def _whisk_wire(c: float, x0: float, x1: float, half: float, n: int = 200) -> list[Point]:
    """One wire of a balloon whisk seen from the side: a loop of half height ``c * half``."""
    s = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))  # dense where the wires converge
    shape = s**0.7 * np.sqrt(np.clip(1 - s**2.2, 0, 1))
    xs = x0 + (x1 - x0) * s
    top = list(zip(xs.tolist(), (-c * half * shape).tolist(), strict=True))
    bottom = list(zip(xs.tolist(), (c * half * shape).tolist(), strict=True))
    return top + bottom[::-1]


def steel_whisk(seed: int) -> np.ndarray:
    """A stainless balloon whisk lying on its side, four wire loops, a steel handle (1300x800)."""
    size = (1300, 800)
    origin, turn = (650.0, 410.0), -9.0
    layers = _Layers(size)
    steel = _rgb((168, 174, 182))
    depths = [(0.16, 0.8), (0.44, 0.88), (0.72, 0.95), (1.0, 1.0)]
    for c, lit in depths:  # the wires, furthest first; each a loop through the tip
        wire = _turned(_whisk_wire(c, -110, 560, 250), turn, origin)
        layers.paint(steel * lit, _lines(size, [wire], 7))
        top_half = wire[: len(wire) // 2]
        lit_line = [(x, y - 1.5) for x, y in top_half[6:]]
        layers.paint((246, 248, 250), _lines(size, [lit_line], 2), 0.7 * lit)
    s = np.linspace(0.0, 0.09, 24)
    reach = 250 * s**0.7 * np.sqrt(1 - s**2.2)
    fan = [(-110 + 670 * float(t), -float(r) - 3.5) for t, r in zip(s, reach, strict=True)]
    fan += [(-110 + 670 * 0.04, 0.0)] + [(x, -y) for x, y in reversed(fan)]
    bundle = _poly(size, _turned(fan, turn, origin))  # the wires packed tight by the ferrule
    layers.paint(steel * (0.9 + 0.12 * np.cos(np.arange(size[1], dtype=np.float32)[:, None, None]
                                                / 2.2)), bundle)
    knot = _turned([(548, 0)], turn, origin)[0]
    layers.paint((150, 156, 164), _ellipse(size, (knot[0] - 10, knot[1] - 14, knot[0] + 12,
                                                  knot[1] + 14)))  # where the wires cross
    ferrule = _poly(size, _turned([(-150, -22), (-90, -16), (-84, 0), (-90, 16), (-150, 22)],
                                  turn, origin))
    layers.paint(_rgb((186, 190, 196)) * _volume(ferrule, 5, 0.3), ferrule)
    grip = [(-560, -30), (-520, -36), (-300, -30), (-170, -24), (-146, -22), (-146, 22),
            (-170, 24), (-300, 30), (-520, 36), (-560, 30)]
    handle = _poly(size, _turned(grip, turn, origin))
    layers.paint(_rgb((176, 182, 190)) * _volume(handle, 8, 0.35)
                 * (1 + _grain(size, seed, 0.02)), handle)
    layers.paint((244, 246, 250), _soft(_line(size, _turned([(-540, -16), (-180, -12)], turn,
                                                            origin), 6), 2), 0.8)
    layers.paint((110, 114, 122), _soft(_line(size, _turned([(-540, 22), (-180, 16)], turn,
                                                            origin), 5), 2), 0.6)
    layers.paint((140, 144, 150), _lines(size, [_turned([(-152, -22), (-152, 22)], turn,
                                                        origin)], 3))
    return layers.rgba()


def hoop_earrings(seed: int) -> np.ndarray:
    """A pair of thin gold hoop earrings, each with a small pearl drop, lying flat (1100x800)."""
    size = (1100, 800)
    w, h = size
    layers = _Layers(size)
    for cx, cy, rx, ry, tilt in ((350.0, 370.0, 170.0, 176.0, -8.0), (760.0, 392.0, 164.0, 170.0,
                                                                       6.0)):
        hoop = np.clip(_tilted(size, (cx, cy), (rx, ry), tilt)
                       - _tilted(size, (cx, cy), (rx - 8, ry - 8), tilt), 0, 1)
        x = np.arange(w, dtype=np.float32)[None, :] - cx
        y = np.arange(h, dtype=np.float32)[:, None] - cy
        angle = np.arctan2(y, x)
        gold = (0.78 + 0.34 * np.cos(angle * 2 + 0.9) ** 2)[..., None]
        layers.paint(_rgb((214, 172, 92)) * gold * (1 + _grain(size, seed, 0.02)), hoop)
        turned = np.deg2rad(tilt)
        top = (cx + ry * np.sin(turned), cy - ry * np.cos(turned))
        post = _line(size, [(top[0] - 1, top[1] + 3), (top[0] - 20, top[1] - 28)], 4)
        layers.paint((200, 166, 96), post)  # the hinged pin
        bottom = (cx - ry * float(np.sin(turned)), cy + ry * float(np.cos(turned)))
        bail = _ellipse(size, (bottom[0] - 7, bottom[1] - 4, bottom[0] + 7, bottom[1] + 16))
        layers.paint((206, 168, 92), bail)
        layers.paint((150, 118, 60), _ellipse(size, (bottom[0] - 2.5, bottom[1] + 3,
                                                     bottom[0] + 2.5, bottom[1] + 9)))
        pearl = _ellipse(size, (bottom[0] - 26, bottom[1] + 12, bottom[0] + 26, bottom[1] + 66))
        layers.paint(_rgb((238, 232, 222)) * _volume(pearl, 10, 0.2), pearl)
        layers.paint((255, 252, 246), _soft(_ellipse(size, (bottom[0] - 14, bottom[1] + 20,
                                                            bottom[0] - 2, bottom[1] + 34)), 3),
                     0.9)
        layers.paint((226, 206, 200), _soft(_ellipse(size, (bottom[0], bottom[1] + 44,
                                                            bottom[0] + 20, bottom[1] + 62)), 4)
                     * pearl, 0.6)  # a pink lustre
    return layers.rgba()


def bicycle_bell(seed: int) -> np.ndarray:
    """A mint enamel bicycle bell on a chrome bracket whose clamp ring is open (1000x1000)."""
    size = (1000, 1000)
    w, h = size
    layers = _Layers(size)
    chrome_x = np.arange(w, dtype=np.float32)[None, :, None]
    cx, cy = 500.0, 722.0
    clamp = _ring(size, (cx - 86, cy - 86, cx + 86, cy + 86), (cx - 70, cy - 70, cx + 70, cy + 70))
    x = np.arange(w, dtype=np.float32)[None, :] - cx
    y = np.arange(h, dtype=np.float32)[:, None] - cy
    shine = 168 + 72 * np.cos(np.arctan2(y, x) * 2 - 0.6)
    layers.paint(np.repeat(shine[..., None], 3, axis=2) * _rgb((0.98, 0.99, 1.02)), clamp)
    layers.paint((250, 252, 255), _soft(_lines(size, [_arc_path((cx, cy), (80, 80), 200, 250)],
                                               3), 1), 0.8)
    ears = _polys(size, [[(cx - 36, cy + 64), (cx - 8, cy + 64), (cx - 8, cy + 130),
                          (cx - 36, cy + 130)],
                         [(cx + 8, cy + 64), (cx + 36, cy + 64), (cx + 36, cy + 130),
                          (cx + 8, cy + 130)]])
    layers.paint(_rgb((188, 192, 198)) * (0.85 + 0.2 * np.cos(chrome_x / 6)), ears)
    screw = _rrect(size, (cx - 58, cy + 84, cx + 66, cy + 106), 6)
    layers.paint(_rgb((150, 154, 160)) * (1 - 0.15 * (np.sin(chrome_x / 1.7) > 0)), screw)
    nut = _ellipse(size, (cx + 56, cy + 80, cx + 82, cy + 110))
    layers.paint(_rgb((128, 132, 138)) * _volume(nut, 5, 0.3), nut)
    post = _poly(size, [(cx - 15, 556), (cx + 15, 556), (cx + 12, cy - 80), (cx - 12, cy - 80)])
    layers.paint(_rgb((196, 200, 206)) * np.clip(_cylinder(size, cx - 15, cx + 15), 0.6, 1.1),
                 post)
    lever = _poly(size, [(cx + 150, 538), (cx + 250, 478), (cx + 262, 500), (cx + 170, 560)])
    layers.paint(_rgb((180, 184, 190)) * _rows(size, 1.1, 0.9), lever)
    tab = _rrect(size, (cx + 236, 448, cx + 312, 500), 16)
    layers.paint(_rgb((40, 42, 46)) * _volume(tab, 8, 0.3), tab)  # a rubber thumb tab
    layers.paint((110, 112, 118), _soft(_rrect(size, (cx + 248, 454, cx + 300, 464), 4), 2),
                 0.6)
    base = _rrect(size, (cx - 206, 528, cx + 206, 562), 14)
    layers.paint(_rgb((204, 208, 214)) * np.clip(_cylinder(size, cx - 206, cx + 206), 0.65,
                                                  1.08), base)
    layers.paint((120, 124, 130), _lines(size, [[(cx - 200, 558), (cx + 200, 558)]], 3), 0.6)
    dome = _ellipse(size, (cx - 190, 330, cx + 190, 750)) * (np.arange(h)[:, None] < 536)
    enamel = (_rgb((128, 196, 178)) * np.clip(_cylinder(size, cx - 190, cx + 190), 0.62, 1.12)
              * _rows(size, 1.04, 0.96) * _volume(dome, 16, 0.1) + _grain(size, seed, 1.0))
    layers.paint(enamel, dome)
    layers.paint((255, 255, 255), _soft(_ellipse(size, (cx - 126, 372, cx - 76, 470)), 10)
                 * dome, 0.75)
    layers.paint((70, 120, 108), _lines(size, [_arc_path((cx, 470), (172, 30), 20, 160)], 3)
                 * dome, 0.35)  # a pressed line round the dome
    layers.paint((240, 244, 246), _lines(size, [_arc_path((cx, 530), (192, 8), 0, 180)], 5),
                 0.9)  # the chrome rim under the dome
    cap = _ellipse(size, (cx - 24, 316, cx + 24, 348))
    layers.paint(_rgb((210, 214, 220)) * _volume(cap, 6, 0.4), cap)
    return layers.rgba()


def glass_carafe(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A clear glass carafe, water to its shoulder, a thick base (800x1100).

    Returns:
        The RGBA layer (the glass is mostly see-through) and the carafe's silhouette
        coverage 0..1 (all of it product).
    """
    size = (800, 1100)
    w, h = size
    cx = 400.0
    glass, radius = _profile(size, cx, [126, 134, 150, 420, 520, 640, 760, 930, 978, 990],
                             [74, 74, 62, 58, 150, 218, 232, 206, 196, 188], smooth=20)
    inside = cv2.erode(glass, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (13, 13)))
    rows = np.arange(h, dtype=np.float32)[:, None]
    water_line = 560.0
    water = inside * np.clip((rows - water_line) / 2, 0, 1) * (rows < 940)
    edge = np.clip(glass - _volume(glass, 9, 1.0)[..., 0] * glass, 0, 1)
    layers = _Layers(size)
    layers.paint((228, 236, 236), glass, 0.08)
    layers.paint(_rgb((208, 226, 228)) * _lathe(size, cx, radius, -0.3), water, 0.28)
    surface = _ellipse(size, (cx - float(radius[int(water_line)]) + 8, water_line - 10,
                              cx + float(radius[int(water_line)]) - 8, water_line + 10))
    layers.paint((246, 250, 250), surface * inside, 0.55)
    layers.paint((170, 186, 188), _ring(size, (cx - float(radius[int(water_line)]) + 8,
                                               water_line - 10,
                                               cx + float(radius[int(water_line)]) - 8,
                                               water_line + 10),
                                        (cx - float(radius[int(water_line)]) + 12,
                                         water_line - 7,
                                         cx + float(radius[int(water_line)]) - 12,
                                         water_line + 7)) * inside, 0.6)
    layers.paint((140, 160, 162), edge * 1.5, 0.5)  # refraction darkens the walls
    base = glass * (rows > 930)
    layers.paint(_rgb((196, 214, 214)) * _lathe(size, cx, radius, 0.2), base, 0.55)
    layers.paint((250, 252, 252), _lines(size, [_arc_path((cx, 934), (200, 10), 0, 180)], 3),
                 0.6)
    lip = _ring(size, (cx - 74, 118, cx + 74, 142), (cx - 64, 123, cx + 64, 137))
    layers.paint((150, 168, 170), lip, 0.7)
    layers.paint((255, 255, 255), _soft(_line(size, [(cx - 44, 170), (cx - 40, 420)], 8), 3)
                 * glass, 0.7)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(cx - 150, 600), (cx - 190, 700),
                                                       (cx - 170, 880)]], 14), 5) * glass, 0.75)
    layers.paint((255, 255, 255), _soft(_line(size, [(cx + 180, 660), (cx + 190, 820)], 6), 3)
                 * glass, 0.45)
    layers.paint((120, 140, 144), _soft(_line(size, [(cx + 40, 960), (cx + 180, 950)], 5), 2)
                 * glass, 0.4)
    bubbles = np.random.default_rng(seed).uniform((cx - 120, 620), (cx + 140, 900), (9, 2))
    layers.paint((252, 255, 255), _ellipses(size, [(x - 3, y - 3, x + 3, y + 3)
                                                   for x, y in bubbles]) * water, 0.5)
    return layers.rgba(), glass


def clear_storage_box(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A clear plastic storage box with a clear lid and white latches, three-quarter view.

    1200x1000. Returns:
        The RGBA layer (walls and lid are almost fully see-through) and the box's silhouette
        coverage 0..1 (all of it product).
    """
    size = (1200, 1000)
    front_pts = [(200, 440), (860, 440), (842, 880), (218, 880)]
    side_pts = [(860, 440), (1010, 316), (992, 744), (842, 880)]
    lid_pts = [(186, 432), (350, 300), (1022, 300), (872, 432)]
    front, side, lid = _poly(size, front_pts), _poly(size, side_pts), _poly(size, lid_pts)
    rim = _polys(size, [[(186, 428), (874, 428), (876, 456), (184, 456)],
                        [(872, 428), (1022, 300), (1024, 326), (876, 456)]])
    solid = np.maximum.reduce([front, side, lid, rim])
    layers = _Layers(size)
    back = [[(350, 316), (366, 742), (992, 742)], [(366, 742), (218, 880)]]
    layers.paint((150, 160, 166), _lines(size, back, 3), 0.35)  # far edges, seen through
    layers.paint(_rgb((226, 232, 236)) + _grain(size, seed, 1.5), side, 0.14)
    layers.paint(_rgb((230, 236, 240)) + _grain(size, seed + 1, 1.5), front, 0.1)
    layers.paint((238, 242, 246), lid, 0.16)
    layers.paint(_rgb((224, 230, 236)) * _rows(size, 1.04, 0.98), rim, 0.6)
    edges = [[(218, 880), (842, 880), (992, 744)], [(842, 880), (860, 456)],
             [(200, 456), (218, 880)], [(992, 744), (1010, 326)]]
    layers.paint((132, 144, 152), _lines(size, edges, 4), 0.7)
    layers.paint((250, 252, 255), _lines(size, [[(206, 462), (222, 874)],
                                                [(848, 870), (864, 462)]], 2), 0.8)
    layers.paint((150, 162, 170), _lines(size, [[(186, 430), (872, 430), (1022, 302)],
                                                [(184, 456), (876, 456), (1024, 326)]], 3), 0.6)
    layers.paint((150, 162, 170), _lines(size, [[(350, 300), (1022, 300)],
                                                [(186, 430), (350, 300)]], 3), 0.45)
    groove = [[(260, 414), (380, 318), (990, 318), (870, 414), (260, 414)]]
    layers.paint((176, 188, 196), _lines(size, groove, 3), 0.4)  # the lid's stacking ridge
    for x0 in (300, 700):  # the white latches clipped over the rim
        latch = _rrect(size, (x0, 426, x0 + 110, 500), 10)
        layers.paint(_rgb((246, 246, 244)) * _volume(latch, 6, 0.12) * _rows(size, 1.02, 0.96),
                     latch)
        layers.paint((214, 214, 212), _rrect(size, (x0 + 14, 470, x0 + 96, 478), 3))
    layers.paint((255, 255, 255), _soft(_poly(size, [(300, 470), (380, 470), (300, 860),
                                                     (240, 860)]), 14) * front, 0.35)
    layers.paint((255, 255, 255), _soft(_poly(size, [(560, 330), (700, 330), (520, 420),
                                                     (400, 420)]), 12) * lid, 0.4)
    layers.paint((190, 200, 206), _lines(size, [[(232, 860), (830, 860)]], 6) * front, 0.35)
    return layers.rgba(), solid


def held_perfume(seed: int) -> np.ndarray:
    """A pink perfume bottle held by a hand whose arm enters from the bottom-right corner.

    1000x1200. Sleeve, hand and bottle are all in front of the backdrop: all product.
    """
    size = (1000, 1200)
    skin = _rgb(OLIVE_SKIN) * (1 + _smooth(size, seed, 60, 60)[..., None] * 0.035)
    layers = _Layers(size)
    bottle = _rrect(size, (320, 380, 540, 800), 22)
    liquid = (_rgb((236, 168, 178)) * np.clip(_cylinder(size, 320, 540), 0.7, 1.08)
              * _rows(size, 1.05, 0.9))
    layers.paint(liquid, bottle)
    layers.paint((250, 226, 230), _rrect(size, (340, 396, 520, 420), 8) * bottle, 0.7)
    layers.paint((200, 130, 142), _soft(np.clip(bottle - _rrect(size, (334, 394, 526, 786), 16),
                                                0, 1), 1.5), 0.8)  # the thick glass walls
    label = _rrect(size, (360, 590, 500, 660), 4)
    layers.paint((248, 244, 238), label)
    layers.paint((120, 90, 94), _lines(size, [[(384, 612), (476, 612)]], 5))
    layers.paint((160, 130, 134), _lines(size, [[(396, 636), (464, 636)]], 2))
    neck = _rrect(size, (400, 350, 460, 392), 4)
    layers.paint(_rgb((206, 172, 100)) * np.clip(_cylinder(size, 400, 460), 0.6, 1.1), neck)
    cap = _rrect(size, (372, 262, 488, 356), 10)
    layers.paint(_rgb((208, 174, 98)) * np.clip(_cylinder(size, 372, 488), 0.6, 1.12), cap)
    layers.paint((255, 236, 190), _soft(_line(size, [(392, 272), (392, 346)], 6), 2), 0.7)
    layers.paint((255, 255, 255), _soft(_line(size, [(342, 430), (344, 770)], 10), 4) * bottle,
                 0.5)
    arm = _poly(size, [(600, 760), (740, 640), (1040, 960), (1040, 1240), (850, 1240)])
    layers.paint(skin * _volume(arm, 50, 0.16) * 0.96, arm)
    sleeve = _poly(size, _chaikin([(760, 1000), (860, 880), (1060, 760), (1060, 1260),
                                   (880, 1260)], 2))
    denim = (_rgb((118, 146, 178)) * _folds(size, seed + 1, 50, 50, 0.1)
             * _volume(sleeve, 20, 0.12) * (1 + _grain(size, seed + 2, 0.03)))
    layers.paint(denim, sleeve)
    layers.paint((150, 176, 204), _stitch(size, [[(790, 996), (880, 900), (1040, 800)]], 8, 5,
                                          2), 0.8)
    palm = _ellipse(size, (470, 480, 750, 800))
    layers.paint(skin * _volume(palm, 40, 0.14) * _rows(size, 1.02, 0.94), palm)
    web = _poly(size, [(530, 470), (650, 500), (660, 560), (540, 520)])
    layers.paint(skin * 0.97, web)
    thumb = _band(size, [(670, 540), (610, 478), (522, 446)], 52)
    layers.paint(skin * _volume(thumb, 14, 0.22) * 1.03, thumb)
    layers.paint((226, 182, 156), _ellipse(size, (500, 428, 536, 458)), 0.9)  # the thumbnail
    fingers = [((634, 506), (386, 498), 54), ((646, 558), (376, 554), 56),
               ((644, 610), (384, 608), 52), ((630, 660), (408, 658), 46)]
    for (x0, y0), (x1, y1), width in fingers:  # across the bottle's front, touching
        finger = _band(size, [(x0, y0), ((x0 + x1) / 2, (y0 + y1) / 2 - 4), (x1, y1)], width)
        layers.paint(skin * _volume(finger, 12, 0.3) * _rows(size, 1.03, 0.95), finger)
        layers.paint((224, 180, 152), _ellipse(size, (x1 - width / 2 + 2, y1 - width / 3,
                                                      x1 + width / 5, y1 + width / 3)), 0.85)
        for jx in (x1 + 70, x0 - 80):  # knuckle creases
            layers.paint((160, 112, 84), _soft(_lines(size, [[(jx - 3, y1 - width / 4),
                                                               (jx + 3, y1 + width / 4)]], 2),
                                               0.8), 0.5)
    return layers.rgba()


def slip_dress(seed: int) -> np.ndarray:
    """An emerald satin slip dress laid flat, thin straps, the skirt off the bottom (900x1200)."""
    size = (900, 1200)
    w, h = size
    back = _poly(size, [(322, 290), (578, 290), (590, 420), (310, 420)])
    front = _poly(size, [(316, 296), (392, 336), (450, 366), (508, 336), (584, 296), (596, 470),
                         (620, 640), (700, 1260), (200, 1260), (280, 640), (304, 470)])
    straps = [_arc_path((350, 296), (24, 186), 180, 360, 60),
              _arc_path((550, 296), (24, 186), 180, 360, 60)]
    layers = _Layers(size)
    layers.paint(_rgb((20, 92, 70)) * _rows(size, 1.1, 0.9), _lines(size, straps, 9))
    layers.paint((120, 200, 170), _soft(_lines(size, [[(x - 2, y) for x, y in s[8:28]]
                                                      for s in straps], 2), 0.8), 0.6)
    layers.paint(_rgb((14, 66, 50)) * _rows(size, 1.0, 0.8), back)  # the back, inside the V
    layers.paint((10, 50, 38), _lines(size, [[(322, 292), (578, 292)]], 4))
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    flare = 1 + np.clip(y - 380, 0, None) / 520  # the bias-cut folds fan out to the hem
    phase = (x - 450) / flare / 34 + 0.9 * _smooth(size, seed, 260, 400)
    drape = 0.5 + 0.5 * np.sin(phase)
    sheen = (0.58 + 0.62 * drape**4 + 0.06 * _smooth(size, seed + 1, 60, 160))[..., None]
    satin = (_rgb((24, 108, 82)) * sheen * _volume(front, 12, 0.18)
             + _grain(size, seed + 2, 1.1))
    layers.paint(satin, front)
    layers.paint((12, 62, 46), _lines(size, [[(316, 298), (450, 368), (584, 298)]], 5))
    layers.paint((170, 226, 204), _soft(_lines(size, [[(322, 296), (450, 363), (578, 296)]], 2),
                                        0.8), 0.5)  # the bias-bound edge catches the light
    layers.paint((14, 70, 52), _soft(_lines(size, [[(336, 312), (420, 460), (452, 380)],
                                                   [(564, 312), (480, 460), (448, 380)]], 5),
                                     4), 0.35)  # the cups' darts
    return layers.rgba()
