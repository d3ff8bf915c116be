"""Drawn products of the cutout benchmark's ``unseen8`` split, as RGBA layers whose alpha is known.

Drawn blind in session 23, after ``unseen7`` was opened, by someone who never read the
cutout's code nor ran it on these drawings; never scored while tuning (see
:mod:`benchmarks.cutout_cases`). Same approach as :mod:`benchmarks.cutout_drawings_unseen7`:
each drawing is deterministic in its seed and returns a float32 RGBA array (alpha 0..255,
anti-aliased, shapes drawn 4x supersampled) that the cases composite on paper with a shadow
and JPEG. The large and the tiny photo are drawn at a working size; the cases resize them
with :func:`benchmarks.cutout_drawings_unseen2.scaled`.

Mostly what shop owners upload: six ordinary products (a teal ceramic plant pot with a snake
plant, a navy running sneaker, a pink skincare jar, a tan leather backpack with a top handle
loop, a cream enamel kettle with a handle over its lid, a folded green cable-knit sweater).
Four are hard for known reasons (a clear glass bottle of olive oil, a matcha tin held by a
hand from the bottom edge, a white candle jar on off-white, a cognac crossbody bag whose thin
strap stands in a loop). Four are thin or see-through (a flat wire whisk, a coiled blue
bicycle lock cable, thin gold aviator sunglasses with tinted lenses, white wired earphones).

:data:`LOOPS` says how many enclosed background gaps each drawing was drawn with, so that the
truth can be checked against the intent.
"""

from __future__ import annotations

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
from benchmarks.cutout_drawings_unseen4 import _chaikin, _lathe, _profile, _rounded
from benchmarks.cutout_drawings_unseen5 import _bezier
from benchmarks.cutout_drawings_unseen6 import _glass_edge
from benchmarks.cutout_drawings_unseen7 import _weld_slivers

WARM_SKIN = (214.0, 164.0, 130.0)
CANDLE_WHITE = (244, 243, 239)  # the candle jar's glaze, a few levels above the off-white paper

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "leather_backpack": 1,
    "enamel_kettle": 1,
    "crossbody_bag": 1,
    "flat_whisk": 4,
    "lock_cable": 3,
    "aviator_sunglasses": 1,
    "wired_earphones": 1,
}


def _path_band(size: Size, path: list[Point], width: float) -> np.ndarray:
    """A thin round stroke along ``path`` (a wire or a cable)."""
    return _lines(size, [path], width)


def ceramic_pot(seed: int) -> np.ndarray:
    """A speckled teal ceramic pot with a snake plant's upright leaves (900x1100)."""
    size = (900, 1100)
    cx = 450.0
    body, radius = _profile(size, cx, [640, 700, 860, 1000, 1010],
                            [200, 196, 176, 150, 142], smooth=8)
    rim = _rrect(size, (cx - 214, 610, cx + 214, 664), 10)
    layers = _Layers(size)
    leaves = [(-120, 250, -14, 52), (-60, 150, -6, 60), (0, 110, 2, 64), (64, 180, 8, 58),
              (120, 290, 16, 50)]
    rng = np.random.default_rng(seed)
    for k, (dx, top, lean, width) in enumerate(leaves):
        base = (cx + dx * 0.5, 640.0)
        tip = (cx + dx + lean * 6, float(top))
        mid = ((base[0] + tip[0]) / 2 + lean, (base[1] + tip[1]) / 2)
        outline = [(base[0] - width / 2, base[1]), (mid[0] - width / 2, mid[1]),
                   (tip[0] - 4, tip[1] + 40), tip, (tip[0] + 4, tip[1] + 40),
                   (mid[0] + width / 2, mid[1]), (base[0] + width / 2, base[1])]
        leaf = _poly(size, _chaikin(outline, 2))
        green = _rgb((52, 96, 54)) * (1 + 0.06 * rng.standard_normal())
        bands = (0.86 + 0.16 * np.sin(np.arange(size[1], dtype=np.float32)[:, None] / (9 + k)
                                      + _smooth(size, seed + k, 30, 12) * 0.8))
        layers.paint(green * bands[..., None] * (1 + _grain(size, seed + 10 + k, 0.03)), leaf)
        edge = np.clip(leaf - _rounded(np.clip(leaf * 1.0, 0, 1) * (_volume(leaf, 3, 1.0)[..., 0]
                                                                   > 0.6), 1), 0, 1)
        layers.paint((196, 190, 96), edge, 0.85)  # the yellow leaf margin
    soil = _ellipse(size, (cx - 196, 620, cx + 196, 660))
    layers.paint(_rgb((62, 46, 36)) * (1 + _grain(size, seed + 20, 0.12)), soil)
    teal = _rgb((46, 122, 128)) * _lathe(size, cx, np.maximum(radius, 1), -0.4)
    speck = (_grain(size, seed + 21, 1.0)[..., 0] > 2.3).astype(np.float32)
    layers.paint(teal * (1 + _grain(size, seed + 22, 0.02)), body)
    layers.paint((226, 220, 200), speck * body, 0.5)
    layers.paint((34, 92, 98), _soft(_lines(size, [[(cx - 200, 668), (cx + 200, 668)]], 6), 2)
                 * body, 0.5)  # the rim's shadow on the body
    lip = np.clip(rim - soil, 0, 1)
    layers.paint(_rgb((58, 140, 146)) * np.clip(_cylinder(size, cx - 214, cx + 214), 0.7, 1.1),
                 lip)
    layers.paint((230, 236, 232), _soft(_lines(size, [[(cx - 160, 616), (cx - 40, 613)]], 3), 1)
                 * lip, 0.6)
    closed = _weld_slivers(layers.alpha, 200) > layers.alpha + 1e-6
    layers.paint((40, 70, 40), closed.astype(np.float32))  # leaves touching: no paper between
    return layers.rgba()


def running_sneaker(seed: int) -> np.ndarray:
    """A navy knit running sneaker side-on: white foam sole, orange stripe, laces (1100x700)."""
    size = (1100, 700)
    upper = _poly(size, _chaikin([(150, 470), (160, 330), (200, 250), (300, 238), (380, 280),
                                  (470, 232), (560, 214), (700, 300), (860, 370), (960, 420),
                                  (980, 480), (150, 490)], 3))
    sole = _poly(size, _chaikin([(126, 452), (990, 462), (1004, 500), (960, 540), (600, 548),
                                 (300, 560), (140, 548), (118, 500)], 3))
    layers = _Layers(size)
    knit = (_rgb((34, 46, 86)) * _folds(size, seed, 40, 30, 0.18) * _rib(size, 4, 0.12)
            * (1 + _grain(size, seed + 1, 0.05)))
    layers.paint(knit * _volume(upper, 24, 0.2), upper)
    collar = _ellipse(size, (196, 232, 390, 290))
    layers.paint((16, 20, 36), collar * upper)
    heel = _poly(size, _chaikin([(150, 300), (196, 250), (226, 300), (200, 470), (150, 470)], 2))
    layers.paint(_rgb((52, 62, 104)) * _volume(heel, 10, 0.3), heel * upper)
    stripe = _band(size, _bezier((330, 440), (480, 420), (620, 380), (760, 330), 30), 18)
    layers.paint(_rgb((244, 112, 40)) * _volume(stripe, 4, 0.2), stripe * upper)
    laces = [[(470 + 42 * k, 262 + 18 * k), (510 + 42 * k, 248 + 18 * k)] for k in range(5)]
    layers.paint((236, 236, 240), _lines(size, laces, 7))
    layers.paint((150, 150, 160), _lines(size, [[(x0, y0 + 3), (x1, y1 + 3)]
                                                for (x0, y0), (x1, y1) in laces], 1.5), 0.6)
    foam = _rgb((242, 242, 240)) * _rows(size, 1.02, 0.9) * (1 + _grain(size, seed + 2, 0.01))
    layers.paint(foam * _volume(sole, 8, 0.12), sole)
    layers.paint((200, 200, 204), _lines(size, [_bezier((140, 510), (400, 500), (700, 504),
                                                        (990, 486), 30)], 2), 0.6)
    tread = _poly(size, _chaikin([(130, 536), (600, 540), (960, 530), (940, 548), (600, 550),
                                  (300, 562), (144, 550)], 2))
    layers.paint((40, 40, 44), tread * sole, 0.9)
    layers.paint((250, 250, 252), _stitch(size, [[(700, 318), (860, 386)]], 6, 4, 2) * upper,
                 0.5)
    return layers.rgba()


def skincare_jar(seed: int) -> np.ndarray:
    """A frosted pink glass jar of face cream with a white lid and a gold band (800x700)."""
    size = (800, 700)
    layers = _Layers(size)
    jar = _rrect(size, (190, 300, 610, 600), 36)
    pink = _rgb((236, 190, 194)) * np.clip(_cylinder(size, 190, 610), 0.72, 1.06)
    layers.paint(pink * _rows(size, 1.04, 0.92) * (1 + _grain(size, seed, 0.015)), jar)
    layers.paint((252, 236, 236), _soft(_rrect(size, (226, 320, 250, 580), 10), 6) * jar, 0.5)
    layers.paint((30, 30, 34), _lines(size, [[(330, 430), (470, 430)]], 12), 0.85)
    layers.paint((120, 90, 96), _lines(size, [[(350, 462), (450, 462)], [(362, 486),
                                                                          (438, 486)]], 4),
                 0.7)
    band = _rrect(size, (196, 282, 604, 306), 4)
    layers.paint(_rgb((198, 160, 92)) * np.clip(_cylinder(size, 196, 604), 0.6, 1.2), band)
    lid = _rrect(size, (186, 150, 614, 286), 18)
    white = _rgb((246, 244, 240)) * np.clip(_cylinder(size, 186, 614) ** 0.5, 0.78, 1.02)
    layers.paint(white * _rib(size, 8, 0.05), lid)
    layers.paint((255, 255, 255), _soft(_rrect(size, (200, 154, 600, 164), 5), 2) * lid, 0.6)
    return layers.rgba()


def leather_backpack(seed: int) -> np.ndarray:
    """A tan leather backpack seen from the front, a front pocket, a top handle loop (1000x1200).

    The handle's loop above the bag shows the backdrop.
    """
    size = (1000, 1200)
    layers = _Layers(size)
    straps = _polys_cover(size, [[(230, 560), (262, 560), (236, 1080), (206, 1080)],
                                 [(738, 560), (770, 560), (794, 1080), (764, 1080)]])
    layers.paint(_rgb((70, 48, 30)) * _volume(straps, 6, 0.3), straps)
    body = _rrect(size, (240, 300, 760, 1100), 110)
    tan = (_rgb((176, 120, 72)) * _folds(size, seed, 70, 70, 0.12)
           * (1 + _grain(size, seed + 1, 0.04) + 0.03 * _smooth(size, seed + 2, 6, 6)[..., None]))
    layers.paint(tan * _volume(body, 60, 0.2) * _rows(size, 1.05, 0.9), body)
    layers.paint((110, 70, 40), _stitch(size, [_arc_path((500, 410), (236, 96), 180, 360)],
                                        9, 6, 2), 0.8)
    pocket = _rrect(size, (320, 700, 680, 1040), 60)
    layers.paint((96, 60, 34), _soft(np.roll(pocket, 8, axis=0), 5) * body, 0.4)
    layers.paint(tan * 1.04 * _volume(pocket, 30, 0.16), pocket)
    flap = _rrect(size, (320, 680, 680, 820), 40)
    layers.paint(tan * 0.96 * _volume(flap, 12, 0.2), flap)
    layers.paint((240, 220, 190), _stitch(size, [[(340, 800), (660, 800)]], 9, 6, 2), 0.6)
    for x0 in (400, 600):
        strap = _rrect(size, (x0 - 16, 760, x0 + 16, 900), 6)
        layers.paint(_rgb((120, 76, 42)) * _volume(strap, 5, 0.2), strap)
        buckle = _ring(size, (x0 - 24, 860, x0 + 24, 900), (x0 - 17, 867, x0 + 17, 893))
        layers.paint(_rgb((206, 178, 110)) * np.clip(_cylinder(size, x0 - 24, x0 + 24), 0.6, 1.3),
                     buckle)
    zip_ = _lines(size, [_arc_path((500, 430), (220, 84), 190, 350)], 6)
    layers.paint((60, 40, 26), zip_, 0.8)
    handle = _band(size, _bezier((420, 330), (392, 90), (608, 90), (580, 330), 60), 30)
    leather = _rgb((120, 78, 44)) * _volume(handle, 8, 0.3) * (1 + _grain(size, seed + 3, 0.04))
    layers.paint(leather, handle)
    for x0 in (420, 580):
        tab = _rrect(size, (x0 - 26, 290, x0 + 26, 336), 8)
        layers.paint(_rgb((120, 78, 44)) * _volume(tab, 6, 0.2), tab)
        layers.paint(_rgb((210, 184, 116)), _ellipse(size, (x0 - 7, 306, x0 + 7, 320)))
    return layers.rgba()


def _polys_cover(size: Size, polys: list[list[Point]]) -> np.ndarray:
    """Coverage of several polygons."""
    return np.maximum.reduce([_poly(size, p) for p in polys])


def enamel_kettle(seed: int) -> np.ndarray:
    """A cream enamel stovetop kettle, a spout, a black handle arching over the lid (1100x1000).

    The handle's arch over the lid shows the backdrop.
    """
    size = (1100, 1000)
    cx = 540.0
    body, radius = _profile(size, cx, [470, 520, 640, 820, 900, 910],
                            [170, 236, 284, 300, 280, 268], smooth=16)
    layers = _Layers(size)
    spout = _poly(size, _chaikin([(290, 720), (230, 640), (150, 520), (126, 500), (150, 492),
                                  (220, 560), (330, 640), (330, 760)], 2))
    cream = _rgb((238, 226, 196))
    layers.paint(cream * _volume(spout, 10, 0.25) * (1 + _grain(size, seed, 0.01)), spout)
    layers.paint((40, 36, 34), _tilted(size, (138, 497), (14, 6), -30))
    layers.paint(cream * _lathe(size, cx, np.maximum(radius, 1), -0.4)
                 * (1 + _grain(size, seed + 1, 0.012)), body)
    layers.paint((140, 120, 96), _soft(_lines(size, [[(cx - 290, 896), (cx + 280, 896)]], 6), 3)
                 * body, 0.5)
    lid = _ellipse(size, (cx - 150, 450, cx + 150, 500))
    layers.paint(_rgb((230, 216, 186)) * np.clip(_cylinder(size, cx - 150, cx + 150), 0.7, 1.1),
                 lid)
    layers.paint((180, 164, 136), _ring(size, (cx - 150, 450, cx + 150, 500),
                                        (cx - 142, 454, cx + 142, 496)), 0.7)
    knob = _ellipse(size, (cx - 34, 418, cx + 34, 466))
    layers.paint(_rgb((30, 28, 28)) * _volume(knob, 10, 0.3), knob)
    layers.paint((200, 200, 200), _soft(_ellipse(size, (cx - 18, 424, cx - 2, 434)), 2), 0.6)
    layers.paint((255, 252, 240), _soft(_lines(size, [[(cx - 210, 560), (cx - 250, 700),
                                                       (cx - 240, 820)]], 16), 8) * body, 0.6)
    handle = _band(size, _bezier((cx - 190, 520), (cx - 230, 180), (cx + 230, 180),
                                 (cx + 190, 520), 80), 34)
    black = _rgb((34, 32, 32)) * _volume(handle, 8, 0.4) * (1 + _grain(size, seed + 2, 0.03))
    layers.paint(black, handle)
    layers.paint((170, 170, 170), _soft(_lines(size, [_bezier((cx - 186, 470), (cx - 214, 200),
                                                              (cx + 40, 230), (cx + 60, 252),
                                                              40)], 3), 1.5) * handle, 0.5)
    for x0 in (cx - 190, cx + 190):
        mount = _rrect(size, (x0 - 26, 500, x0 + 26, 556), 10)
        layers.paint(_rgb((190, 190, 194)) * np.clip(_cylinder(size, x0 - 26, x0 + 26), 0.6,
                                                     1.3), mount)
    return layers.rgba()


def folded_sweater(seed: int) -> np.ndarray:
    """A bottle-green cable-knit sweater folded square, its collar and ribbed hem (1000x900)."""
    size = (1000, 900)
    w, h = size
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    body = _rrect(size, (200, 180, 800, 760), 28)
    layers = _Layers(size)
    cables = np.ones((h, w), np.float32)
    for c0 in (300.0, 430.0, 570.0, 700.0):
        u = (x - c0 - 18 * np.sin(y / 22.0)) / 30
        twist = np.exp(-u**2) * (0.85 + 0.15 * np.sin(y / 5.5 + np.sign(u) * 2))
        cables = cables * (1 + 0.18 * twist - 0.1 * np.exp(-((np.abs(u) - 1.4) ** 2) * 6))
    purl = _rib(size, 7, 0.08)
    green = (_rgb((40, 84, 60)) * cables[..., None] * purl * _folds(size, seed, 80, 60, 0.1)
             * (1 + _grain(size, seed + 1, 0.04)))
    layers.paint(green * _volume(body, 30, 0.25), body)
    hem = _rrect(size, (200, 690, 800, 760), 20)
    layers.paint(_rgb((36, 76, 54)) * _rib(size, 9, 0.3) * _volume(hem, 10, 0.2), hem)
    layers.paint((20, 44, 30), _soft(_lines(size, [[(206, 690), (794, 690)]], 3), 1.5), 0.6)
    neck = _ellipse(size, (380, 186, 620, 296))
    inner = _ellipse(size, (404, 200, 596, 274))
    layers.paint(_rgb((36, 76, 54)) * _rib(size, 8, 0.3) * _volume(neck, 8, 0.3),
                 np.clip(neck - inner, 0, 1))
    layers.paint(_rgb((24, 52, 36)) * _rows(size, 0.7, 1.1), inner * (y > 214))
    layers.paint(_rgb((30, 66, 46)), inner * (y <= 214))
    sleeves = [[(224, 200), (224, 690)], [(776, 200), (776, 690)]]  # the folded sleeves' edges
    layers.paint((22, 48, 34), _soft(_lines(size, sleeves, 4), 3) * body, 0.45)
    return layers.rgba()


def oil_bottle(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A clear glass bottle of olive oil, a cork, a kraft label (700x1200).

    Returns:
        The RGBA layer (the glass above the oil is nearly see-through) and the bottle's
        silhouette coverage 0..1 (all of it product).
    """
    size = (700, 1200)
    cx = 350.0
    glass, radius = _profile(size, cx, [150, 300, 420, 520, 1080, 1100],
                             [34, 36, 60, 140, 140, 130], smooth=14)
    cork = _rrect(size, (cx - 30, 90, cx + 30, 170), 6)
    solid = np.maximum(glass, cork)
    rows = np.arange(size[1], dtype=np.float32)[:, None]
    layers = _Layers(size)
    layers.paint(_rgb((226, 232, 226)) + _grain(size, seed, 1.0), glass, 0.08)
    oil = glass * np.clip((rows - 560) / 2, 0, 1) * np.clip((1090 - rows) / 2, 0, 1)
    gold = _rgb((196, 164, 48)) * _lathe(size, cx, np.maximum(radius, 1), -0.4)
    layers.paint(gold * (1 + _grain(size, seed + 1, 0.02)), oil, 0.82)
    layers.paint((232, 208, 96), _soft(_lines(size, [[(cx - 134, 562), (cx + 134, 562)]], 4), 1)
                 * glass, 0.9)  # the oil's meniscus
    layers.paint((110, 118, 112), _glass_edge(glass, 6) * 1.4, 0.55)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(cx - 100, 540), (cx - 106, 1050)]], 12),
                                        4) * glass, 0.75)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(cx - 24, 180), (cx - 26, 300),
                                                       (cx - 60, 420)]], 6), 2) * glass, 0.7)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(cx + 112, 620), (cx + 114, 1000)]], 5),
                                        2) * glass, 0.5)
    label = _rrect(size, (cx - 140, 680, cx + 140, 900), 2)
    layers.paint(_rgb((196, 160, 112)) * np.clip(_cylinder(size, cx - 140, cx + 140) ** 0.5, 0.8,
                                                 1.05) * (1 + _grain(size, seed + 2, 0.03)), label)
    layers.paint((40, 56, 34), _lines(size, [[(cx - 80, 750), (cx + 80, 750)]], 18), 0.9)
    layers.paint((70, 60, 44), _lines(size, [[(cx - 70, 800), (cx + 70, 800)], [(cx - 50, 830),
                                                                                (cx + 50, 830)]],
                                      4), 0.8)
    layers.paint((40, 56, 34), _ellipse(size, (cx - 18, 850, cx + 18, 880)), 0.8)
    layers.paint(_rgb((188, 146, 96)) * (1 + _grain(size, seed + 3, 0.08))
                 * np.clip(_cylinder(size, cx - 30, cx + 30), 0.7, 1.1), cork)
    layers.paint((140, 150, 144), _ring(size, (cx - 36, 166, cx + 36, 182),
                                        (cx - 32, 169, cx + 32, 179)), 0.7)
    return layers.rgba(), solid


def held_tin(seed: int) -> np.ndarray:
    """A matcha tin held up by a hand whose arm rises from the bottom edge (900x1100).

    Sleeve, hand and tin are all in front of the backdrop: all product.
    """
    size = (900, 1100)
    skin = _rgb(WARM_SKIN) * (1 + _smooth(size, seed, 60, 60)[..., None] * 0.035)
    layers = _Layers(size)
    tin = _rrect(size, (330, 200, 570, 640), 10)
    layers.paint(_rgb((128, 160, 92)) * np.clip(_cylinder(size, 330, 570), 0.65, 1.1)
                 * (1 + _grain(size, seed + 1, 0.01)), tin)
    lid = _rrect(size, (322, 170, 578, 260), 8)
    layers.paint(_rgb((196, 200, 204)) * np.clip(_cylinder(size, 322, 578), 0.6, 1.3), lid)
    layers.paint((120, 124, 128), _lines(size, [[(324, 256), (576, 256)]], 3), 0.8)
    layers.paint((244, 240, 226), _rrect(size, (360, 320, 540, 470), 4), 0.95)
    layers.paint((40, 70, 30), _lines(size, [[(390, 370), (510, 370)]], 14), 0.9)
    layers.paint((100, 110, 90), _lines(size, [[(400, 410), (500, 410)], [(410, 436),
                                                                          (490, 436)]], 4), 0.8)
    layers.paint((255, 255, 240), _soft(_lines(size, [[(370, 270), (370, 620)]], 10), 4) * tin,
                 0.45)
    arm = _poly(size, [(360, 1120), (400, 760), (560, 760), (600, 1120)])
    layers.paint(skin * _volume(arm, 40, 0.16) * 0.96, arm)
    sleeve = _poly(size, _chaikin([(290, 1260), (330, 900), (380, 870), (590, 870), (640, 900),
                                   (690, 1260)], 2))
    knit = (_rgb((190, 70, 56)) * _rib(size, 8, 0.15) * _folds(size, seed + 2, 40, 40, 0.12)
            * _volume(sleeve, 20, 0.15))
    layers.paint(knit, sleeve)
    layers.paint(_rgb((170, 60, 48)) * _rib(size, 6, 0.3, vertical=True),
                 _rrect(size, (330, 870, 650, 920), 14))
    palm = _ellipse(size, (340, 560, 600, 820))
    layers.paint(skin * _volume(palm, 40, 0.14) * _rows(size, 1.03, 0.93), palm)
    for i, x0 in enumerate((376, 424, 472, 518)):  # wrapped round the tin's front
        width = 46 - 2 * i
        finger = _band(size, [(x0, 700), (x0 + 6, 620), (x0 + 2, 560)], width)
        layers.paint(skin * _volume(finger, 12, 0.3) * _rows(size, 1.04, 0.94), finger)
        layers.paint((226, 180, 160), _ellipse(size, (x0 - width / 4, 548, x0 + width / 4, 574)),
                     0.85)
        layers.paint((150, 104, 80), _soft(_lines(size, [[(x0 - width / 3, 640),
                                                          (x0 + width / 3, 638)]], 2), 0.8), 0.5)
    thumb = _band(size, [(320, 740), (300, 640), (322, 560)], 50)
    layers.paint(skin * _volume(thumb, 14, 0.22) * 1.02, thumb)
    return layers.rgba()


def candle_jar(seed: int) -> np.ndarray:
    """A white ceramic candle jar, white wax, a black wick and a small grey label (800x900).

    Its glaze is a few levels from the off-white paper it stands on.
    """
    size = (800, 900)
    cx = 400.0
    body, radius = _profile(size, cx, [300, 320, 700, 760, 770], [206, 210, 210, 200, 190],
                            smooth=6)
    layers = _Layers(size)
    glaze = (_rgb(CANDLE_WHITE) * _lathe(size, cx, np.maximum(radius, 1), -0.5) ** 0.35
             * (1 + _grain(size, seed, 0.006)))
    layers.paint(glaze, body)
    mouth = _ellipse(size, (cx - 206, 284, cx + 206, 336))
    layers.paint(_rgb((246, 245, 242)) * _rows(size, 1.0, 0.98), mouth)
    wax = _ellipse(size, (cx - 196, 292, cx + 196, 330))
    layers.paint(_rgb((236, 232, 222)), wax)
    layers.paint((214, 210, 200), _soft(_ring(size, (cx - 196, 292, cx + 196, 330),
                                              (cx - 184, 298, cx + 184, 326)), 2) * wax, 0.6)
    layers.paint((30, 28, 26), _lines(size, [[(cx, 310), (cx + 4, 282)]], 4))
    layers.paint((220, 218, 212), _rrect(size, (cx - 90, 500, cx + 90, 590), 2), 0.9)
    layers.paint((120, 120, 118), _lines(size, [[(cx - 56, 530), (cx + 56, 530)]], 6), 0.8)
    layers.paint((160, 160, 158), _lines(size, [[(cx - 40, 560), (cx + 40, 560)]], 3), 0.8)
    layers.paint((214, 212, 206), _soft(_lines(size, [[(cx + 160, 360), (cx + 170, 740)]], 30),
                                        14) * body, 0.5)
    return layers.rgba()


def crossbody_bag(seed: int) -> np.ndarray:
    """A small cognac crossbody bag, its thin strap standing up in a loop (900x1100).

    The loop of the strap above the bag shows the backdrop.
    """
    size = (900, 1100)
    layers = _Layers(size)
    strap = _band(size, _bezier((262, 640), (150, 60), (750, 60), (638, 640), 140), 9)
    cognac = _rgb((150, 78, 36))
    layers.paint(cognac * 0.9 * (1 + _grain(size, seed, 0.04)), strap)
    layers.paint((220, 160, 110), _soft(_lines(size, [_bezier((258, 630), (150, 60), (748, 60),
                                                              (634, 630), 140)], 2), 0.6)
                 * strap, 0.5)
    body = _rounded(_poly(size, [(230, 640), (670, 640), (700, 960), (200, 960)]), 5)
    leather = (cognac * _folds(size, seed + 1, 60, 60, 0.08) * (1 + _grain(size, seed + 2, 0.04))
               * _rows(size, 1.08, 0.88))
    layers.paint(leather * _volume(body, 30, 0.22), body)
    flap = _rounded(_poly(size, [(230, 640), (670, 640), (684, 800), (450, 840), (216, 800)]),
                    4)
    layers.paint(leather * 1.06 * _volume(flap, 12, 0.2), flap)
    layers.paint((240, 210, 170), _stitch(size, [[(236, 660), (664, 660)]], 8, 5, 2), 0.55)
    layers.paint((80, 36, 16), _soft(_lines(size, [[(220, 800), (450, 842), (682, 800)]], 4), 2),
                 0.6)
    clasp = _rrect(size, (420, 790, 480, 838), 8)
    layers.paint(_rgb((214, 186, 112)) * np.clip(_cylinder(size, 420, 480), 0.6, 1.3), clasp)
    for x0 in (262, 638):
        tab = _rrect(size, (x0 - 11, 624, x0 + 11, 690), 5)
        layers.paint(cognac * 0.85 * _volume(tab, 4, 0.2), tab)
        ring = _ring(size, (x0 - 14, 622, x0 + 14, 656), (x0 - 9, 627, x0 + 9, 651))
        layers.paint(_rgb((214, 186, 112)), ring)
    return layers.rgba()


def flat_whisk(seed: int) -> np.ndarray:
    """A stainless flat whisk: four nested wire loops from a round beech handle (700x1200).

    The space inside the inner loop and between each pair of loops shows the backdrop.
    """
    size = (700, 1200)
    cx = 350.0
    layers = _Layers(size)
    wires = []
    for half, top in ((40.0, 330.0), (80.0, 250.0), (120.0, 190.0), (160.0, 150.0)):
        wires.append(_bezier((cx - 14, 700), (cx - half * 1.6, top - 40), (cx + half * 1.6,
                                                                           top - 40),
                             (cx + 14, 700), 160))
    steel = _weld_slivers(_lines(size, wires, 4.5), 200)  # where the wires meet, soldered
    lit = _lines(size, [[(x - 1.0, y - 0.8) for x, y in wire] for wire in wires], 1.6)
    layers.paint(_rgb((170, 176, 184)) * (1 + _grain(size, seed, 0.03)), steel)
    layers.paint((246, 248, 250), lit * steel, 0.6)
    ferrule = _rrect(size, (cx - 22, 690, cx + 22, 800), 6)
    layers.paint(_rgb((190, 194, 200)) * np.clip(_cylinder(size, cx - 22, cx + 22), 0.6, 1.3),
                 ferrule)
    handle = _rrect(size, (cx - 26, 796, cx + 26, 1110), 24)
    beech = _rgb((214, 178, 128)) * (1 + 0.02 * np.sin(np.arange(size[1]) / 7.0)[:, None, None]
                                     + _grain(size, seed + 1, 0.02))
    layers.paint(beech * np.clip(_cylinder(size, cx - 26, cx + 26), 0.65, 1.15), handle)
    layers.paint((120, 90, 60), _ellipse(size, (cx - 6, 1076, cx + 6, 1088)))
    return layers.rgba()


def lock_cable(seed: int) -> np.ndarray:
    """A coiled steel bicycle cable lock in blue vinyl, a lock head and a key (1100x1000).

    The cable lies in three overlapping turns; each region they close off shows the backdrop.
    """
    size = (1100, 1000)
    layers = _Layers(size)
    turns = [_arc_path((540, 460), (330, 250), 0, 360, 180),
             _arc_path((580, 480), (300, 240), 0, 360, 180),
             _arc_path((520, 500), (310, 230), 0, 360, 180)]
    blue = _rgb((40, 110, 190)) * (1 + _grain(size, seed, 0.03))
    for k, turn in enumerate(turns):
        cable = _band(size, turn, 18)
        layers.paint(blue * (0.92 + 0.05 * k) * _volume(cable, 4, 0.35), cable)
        layers.paint((200, 230, 255), _lines(size, [[(x - 3, y - 3) for x, y in turn]], 2)
                     * cable, 0.45)
    head = _rrect(size, (760, 660, 900, 760), 18)
    layers.paint(_rgb((36, 38, 42)) * _volume(head, 14, 0.3), head)
    layers.paint(_rgb((190, 194, 200)), _ellipse(size, (870, 690, 910, 730)))
    layers.paint((60, 60, 64), _lines(size, [[(882, 710), (898, 710)]], 3))
    key = _rrect(size, (906, 702, 990, 718), 3)
    layers.paint(_rgb((200, 204, 210)) * np.clip(_cylinder(size, 906, 990), 0.8, 1.2), key)
    bow = _ellipse(size, (980, 680, 1040, 740))
    layers.paint(_rgb((30, 30, 34)) * _volume(bow, 8, 0.3), bow)
    closed = _weld_slivers(layers.alpha, 200) > layers.alpha + 1e-6
    layers.paint(blue * 0.8, closed.astype(np.float32))  # where turns cross: no paper between
    return layers.rgba()


def aviator_sunglasses(seed: int) -> np.ndarray:
    """Thin gold aviator sunglasses seen from the front, green-grey tinted lenses (1200x600).

    The lenses are product (tinted, partly see-through); the space between the top bar and
    the nose bridge shows the backdrop.
    """
    size = (1200, 600)
    layers = _Layers(size)
    shape = [(-200, -120), (-60, -140), (120, -120), (190, -60), (180, 60), (100, 170),
             (-40, 190), (-160, 130), (-210, 0)]
    lenses = []
    for cx, flip in ((380.0, -1), (820.0, 1)):
        outline = _chaikin([(cx + flip * x, 280 + y) for x, y in shape], 3)
        lenses.append(outline)
    glass = np.maximum.reduce([_poly(size, o) for o in lenses])
    rows = np.arange(size[1], dtype=np.float32)[:, None]
    tint = _rgb((60, 72, 60)) * (1 + 0.2 * np.clip((rows - 140) / 330, 0, 1))[..., None]
    temples = _lines(size, [[(190, 230), (560, 260)], [(1010, 230), (640, 260)]], 7)
    layers.paint((176, 142, 70), temples)
    layers.paint(tint, glass, 0.86)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(250, 190), (340, 160)], [(680, 170),
                                                                                 (760, 160)]],
                                               14), 6) * glass, 0.35)
    rims = _lines(size, [o + [o[0]] for o in lenses], 6)
    bar = _path_band(size, _bezier((200, 180), (400, 120), (800, 120), (1000, 180), 60), 6)
    bridge = _path_band(size, _bezier((536, 220), (570, 190), (630, 190), (664, 220), 30), 6)
    gold = _rgb((206, 170, 84)) * (1 + _grain(size, seed, 0.02))
    metal = np.maximum.reduce([rims, bar, bridge])
    layers.paint(gold * (0.85 + 0.3 * np.clip((300 - rows) / 200, 0, 1))[..., None], metal)
    layers.paint((255, 240, 190), _lines(size, [[(x, y - 1.5) for x, y in o[:8]]
                                                for o in lenses], 1.5) * metal, 0.6)
    pads = _ellipses(size, [(540, 300, 566, 350), (634, 300, 660, 350)])
    layers.paint((226, 226, 220), pads, 0.8)
    layers.paint((176, 142, 70), _lines(size, [[(560, 254), (556, 304)], [(640, 254),
                                                                          (644, 304)]], 3))
    hinges = _rrect(size, (172, 196, 206, 236), 4) + _rrect(size, (994, 196, 1028, 236), 4)
    layers.paint(gold * 0.9, np.clip(hinges, 0, 1))
    closed = _weld_slivers(layers.alpha, 200) > layers.alpha + 1e-6
    layers.paint(gold, closed.astype(np.float32))  # where the bar meets a rim: soldered
    return layers.rgba()


def wired_earphones(seed: int) -> np.ndarray:
    """White wired earphones: two earbuds, a Y split, a cable in a loose loop, a jack (1000x1100).

    The cable crosses itself once, so one loop shows the backdrop.
    """
    size = (1000, 1100)
    layers = _Layers(size)
    left = _bezier((300, 260), (300, 420), (420, 470), (480, 560), 60)
    right = _bezier((700, 230), (690, 420), (560, 470), (490, 560), 60)
    main = (_bezier((486, 560), (500, 700), (760, 700), (740, 840), 60)
            + _bezier((740, 840), (720, 980), (420, 960), (400, 840), 60)[1:]
            + _bezier((400, 840), (380, 720), (560, 700), (620, 880), 60)[1:]
            + _bezier((620, 880), (660, 960), (700, 990), (760, 1000), 40)[1:])
    white = _rgb((240, 240, 238)) * (1 + _grain(size, seed, 0.01))
    for path in (left, right, main):
        cable = _lines(size, [path], 6)
        layers.paint(white * _volume(cable, 1.5, 0.12), cable)
    split = _rrect(size, (474, 540, 502, 590), 8)
    layers.paint(white * _volume(split, 4, 0.2), split)
    jack_body = _rrect(size, (756, 986, 840, 1014), 8)
    layers.paint(white * _volume(jack_body, 4, 0.2), jack_body)
    plug = _rrect(size, (838, 992, 900, 1008), 3)
    layers.paint(_rgb((200, 204, 210)) * np.clip(_cylinder(size, 838, 900), 0.8, 1.2), plug)
    layers.paint((60, 60, 64), _lines(size, [[(860, 992), (860, 1008)], [(876, 992),
                                                                         (876, 1008)]], 2))
    for cx, cy, tilt in ((300.0, 210.0, -12.0), (700.0, 180.0, 14.0)):
        stem = _tilted(size, (cx, cy + 40), (14, 40), tilt)
        layers.paint(white * _volume(stem, 5, 0.2), stem)
        bud = _tilted(size, (cx, cy - 10), (54, 46), tilt)
        layers.paint(white * _volume(bud, 14, 0.18) * _rows(size, 1.02, 0.96), bud)
        layers.paint((170, 170, 172), _tilted(size, (cx - 8, cy - 24), (26, 18), tilt), 0.5)
        layers.paint((255, 255, 255), _soft(_tilted(size, (cx - 22, cy - 30), (12, 8), tilt),
                                            3), 0.8)
    return layers.rgba()
