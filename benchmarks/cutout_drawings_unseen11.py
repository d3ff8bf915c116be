"""Drawn products of the cutout benchmark's ``unseen11`` split, as RGBA layers whose alpha is known.

Drawn blind in session 26, by someone who never read the cutout's code nor ran it on these
drawings; never scored while tuning (see :mod:`benchmarks.cutout_cases`). Same approach as
:mod:`benchmarks.cutout_drawings_unseen10`: each drawing is deterministic in its seed and
returns a float32 RGBA array (alpha 0..255, anti-aliased, shapes drawn 4x supersampled) that
the cases composite on paper with a shadow and JPEG. The large and the small photos are drawn
at a working size; the cases resize them with :func:`benchmarks.cutout_drawings_unseen2.scaled`.

Mostly what shop owners upload: eight ordinary products (a brown leather belt coiled round a
small hole, a terracotta planter on its saucer with a trailing plant, a boxed perfume gift set,
a pair of coral running shorts laid flat, a blender with a glass jug whose handle is a loop, a
straw sun hat with a black ribbon, a wooden toy car with a window cut through, a tan baseball
glove). Five are hard for known reasons (a white terry bath towel folded on white, a frosted
glass bottle, black over-ear headphones meant for near-black paper, a jar of face cream held
by a hand coming in from the bottom-left corner, a round mirror in a thin brass frame whose
glass reflects the paper, hung by a leather strap). Three are thin or see-through (a bicycle
lock chain of open links with a padlock, a pair of steel kitchen tongs with a hanging ring, an
acoustic guitar's thin strings over its sound hole).

:data:`LOOPS` says how many enclosed background gaps each drawing was drawn with, so that the
truth can be checked against the intent.
"""

from __future__ import annotations

import cv2
import numpy as np

from benchmarks.cutout_drawings import (
    _cylinder,
    _ellipse,
    _Layers,
    _poly,
    _rgb,
    _rrect,
)
from benchmarks.cutout_drawings_unseen import _ellipses, _folds, _grain, _lines, _rows, _smooth
from benchmarks.cutout_drawings_unseen2 import _rib, _soft, _stitch, _tilted, _volume
from benchmarks.cutout_drawings_unseen3 import _arc_path, _band, _ring, _turned
from benchmarks.cutout_drawings_unseen4 import _chaikin, _lathe, _profile, _rounded
from benchmarks.cutout_drawings_unseen5 import _bezier
from benchmarks.cutout_drawings_unseen6 import _glass_edge
from benchmarks.cutout_drawings_unseen9 import _closed, _hcyl, _metal

NEAR_BLACK = (38, 38, 41)  # the backdrop the black headphones lie on, about ten levels above
TOWEL_WHITE = (249, 249, 246)  # the towel's terry: within a few levels of the white paper
MIRROR_PAPER = (236, 235, 232)  # what the mirror reflects: the off-white paper, a little dimmed
PEACH_SKIN = (226, 176, 146)

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "coiled_belt": 1,
    "blender": 1,
    "toy_car": 1,
    "wall_mirror": 1,
    "lock_chain": 7,
    "kitchen_tongs": 1,
}


def _pinched(layers: _Layers, rgb: tuple[float, float, float], px: int) -> None:
    """Paint every notch narrower than ``px`` shut (parts touching, no paper between)."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (px, px))
    shut = cv2.morphologyEx(layers.alpha, cv2.MORPH_CLOSE, kernel)
    layers.paint(rgb, np.where(shut > layers.alpha + 1e-3, shut, 0).astype(np.float32))


def coiled_belt(seed: int) -> np.ndarray:
    """A brown leather belt coiled flat round a small hole, its buckle outside (1000x900).

    The turns touch each other; the hole in the middle shows the backdrop.
    """
    size = (1000, 900)
    layers = _Layers(size)
    cx, cy, width, pitch = 500.0, 450.0, 46.0, 43.0
    t = np.linspace(0, 2 * np.pi * 4.6, 900)
    r = 84 + pitch * t / (2 * np.pi)
    spiral = [(float(cx + rr * np.cos(a)), float(cy + rr * np.sin(a)))
              for rr, a in zip(r, t, strict=True)]
    band = _lines(size, [spiral], width)
    leather = (_rgb((110, 64, 36)) * (1 + _grain(size, seed, 0.05))
               * _folds(size, seed + 1, 50, 50, 0.08))
    layers.paint(leather * _volume(band, 6, 0.25), band)
    inner = r[90:] - width / 2 + 1
    groove = [(float(cx + rr * np.cos(a)), float(cy + rr * np.sin(a)))
              for rr, a in zip(inner, t[90:], strict=True)]
    layers.paint((52, 30, 18), _lines(size, [groove], 3) * band, 0.8)
    stitched = [(float(cx + (rr + 15) * np.cos(a)), float(cy + (rr + 15) * np.sin(a)))
                for rr, a in zip(r, t, strict=True)]
    layers.paint((206, 170, 120), _stitch(size, [stitched], 7, 5, 2) * band, 0.6)
    end_x, end_y = spiral[-1]
    buckle = _rrect(size, (end_x - 30, end_y - 44, end_x + 30, end_y + 44), 10)
    brass = _rgb((196, 164, 96)) * _metal(size, end_x - 30, end_x + 30, seed + 2)
    layers.paint(brass, buckle)
    layers.paint(leather * 0.8, _rrect(size, (end_x - 18, end_y - 32, end_x + 18, end_y + 32), 6))
    layers.paint(brass, _lines(size, [[(end_x - 18, end_y), (end_x + 22, end_y)]], 6))
    _closed(layers, leather * 0.7, 2000)  # where a turn meets the next: no paper between
    return layers.rgba()


def saucer_planter(seed: int) -> np.ndarray:
    """A terracotta planter on its saucer, a pothos spilling over the rim (800x900)."""
    size = (800, 900)
    layers = _Layers(size)
    cx = 400.0
    pot, radius = _profile(size, cx, [400, 420, 780, 800], [200, 196, 150, 146])
    clay = (_rgb((186, 96, 62)) * _lathe(size, cx, np.maximum(radius, 1), -0.35)
            * (1 + _grain(size, seed, 0.04)))
    saucer = _rrect(size, (200, 770, 600, 830), 20)
    layers.paint(_rgb((176, 90, 58)) * _rows(size, 1.05, 0.85), saucer)
    layers.paint(clay, pot)
    rim = _rrect(size, (192, 396, 608, 450), 8)
    layers.paint(_rgb((196, 104, 68)) * _rows(size, 1.08, 0.92), rim)
    layers.paint((60, 44, 34), _ellipse(size, (206, 388, 594, 412)))  # the soil
    leaves = [((300, 330), (70, 44), -30.0), ((410, 280), (60, 80), 8.0),
              ((520, 320), (74, 46), 28.0), ((250, 430), (58, 38), -70.0),
              ((560, 440), (62, 40), 64.0), ((360, 360), (64, 46), -10.0),
              ((470, 360), (66, 44), 14.0)]
    stems = [[(400.0, 400.0), (float(x), float(y))] for (x, y), _, _ in leaves]
    layers.paint((80, 110, 50), _lines(size, stems, 6))
    for k, (centre, axes, turn) in enumerate(leaves):
        leaf = _tilted(size, centre, axes, turn)
        green = _rgb((70, 130, 60)) * (1.0 + 0.06 * (k % 3)) * _volume(leaf, 14, 0.25)
        layers.paint(green, leaf)
        layers.paint((190, 210, 120), _soft(_tilted(size, centre, (axes[0] * 0.5, 8), turn), 4)
                     * leaf, 0.4)
    _closed(layers, (60, 110, 50), 4000)  # leaves overlapping: no paper between
    _pinched(layers, (60, 110, 50), 11)  # nor in the narrow notches between leaf and rim
    return layers.rgba()


def perfume_giftset(seed: int) -> np.ndarray:
    """A perfume gift set: a green box, its lid leaning behind, a bottle in front (1100x900)."""
    size = (1100, 900)
    layers = _Layers(size)
    lid = _poly(size, [(560, 150), (900, 190), (880, 640), (540, 600)])
    layers.paint(_rgb((24, 70, 56)) * _rows(size, 1.1, 0.85) * (1 + _grain(size, seed, 0.02)),
                 lid)
    layers.paint((200, 168, 96), _lines(size, [[(610, 330), (840, 356)]], 10) * lid)
    box = _poly(size, [(170, 420), (700, 420), (700, 760), (170, 760)])
    front = _poly(size, [(170, 620), (700, 620), (700, 760), (170, 760)])
    layers.paint(_rgb((28, 80, 64)) * _rows(size, 1.0, 0.9), box)
    layers.paint(_rgb((240, 234, 220)) * (1 + _grain(size, seed + 1, 0.01)),
                 _poly(size, [(190, 430), (680, 430), (680, 610), (190, 610)]))  # the insert
    layers.paint(_rgb((22, 64, 52)) * _volume(front, 10, 0.2), front)
    layers.paint((210, 178, 104), _lines(size, [[(300, 690), (570, 690)]], 12) * front)
    layers.paint((210, 178, 104), _lines(size, [[(330, 720), (540, 720)]], 4) * front, 0.8)
    small = _rrect(size, (520, 470, 600, 610), 10)  # a travel spray in the insert
    layers.paint(_rgb((200, 170, 120)) * _cylinder(size, 520, 600), small)
    layers.paint(_rgb((210, 210, 214)) * _metal(size, 530, 590, seed + 2),
                 _rrect(size, (530, 440, 590, 476), 6))
    glass = _rrect(size, (760, 420, 980, 800), 26)
    layers.paint(_rgb((236, 196, 150)) * _cylinder(size, 760, 980), glass, 0.96)
    layers.paint((255, 250, 240), _soft(_lines(size, [[(790, 440), (790, 780)]], 10), 4) * glass,
                 0.6)
    layers.paint((246, 240, 226), _rrect(size, (800, 560, 940, 660), 6))
    layers.paint((40, 60, 50), _lines(size, [[(820, 600), (920, 600)]], 10))
    layers.paint(_rgb((40, 40, 44)) * _rows(size, 1.2, 0.9), _rrect(size, (820, 290, 920, 424),
                                                                     12))  # the cap
    layers.paint(_rgb((200, 200, 204)) * _metal(size, 846, 894, seed + 3),
                 _rrect(size, (846, 400, 894, 428), 4))
    return layers.rgba()


def running_shorts(seed: int) -> np.ndarray:
    """Coral running shorts laid flat: split hems, a waistband, a drawcord, a logo (1000x900)."""
    size = (1000, 900)
    layers = _Layers(size)
    outline = [(230, 170), (770, 170), (800, 420), (850, 700), (720, 730), (640, 660),
               (560, 700), (510, 470), (490, 470), (440, 700), (360, 660), (280, 730),
               (150, 700), (200, 420)]
    cloth = _poly(size, outline)
    coral = (_rgb((232, 104, 88)) * _folds(size, seed, 70, 50, 0.06)
             * (1 + _grain(size, seed + 1, 0.02)))
    layers.paint(coral, cloth)
    waist = _rrect(size, (226, 160, 774, 240), 10)
    layers.paint(_rgb((214, 88, 74)) * _rib(size, 6, 0.12), waist)
    layers.paint((250, 244, 236), _lines(size, [[(490, 230), (470, 330), (454, 370)],
                                                [(510, 230), (532, 320), (556, 360)]], 7))
    layers.paint((40, 40, 44), _ellipses(size, [(444, 362, 464, 386), (546, 352, 566, 376)]))
    layers.paint((200, 76, 64), _stitch(size, [[(160, 690), (280, 716), (356, 650)],
                                               [(644, 650), (720, 716), (840, 690)]], 8, 5, 2),
                 0.8)
    layers.paint((246, 242, 236), _poly(size, [(660, 560), (720, 540), (700, 580)]), 0.95)
    return layers.rgba()


def blender(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A blender: a white motor base and a clear glass jug whose handle is a loop (900x1200).

    Returns:
        The RGBA layer (the empty jug is mostly see-through) and the blender's silhouette
        coverage 0..1 (all of it product; the gap inside the handle is backdrop).
    """
    size = (900, 1200)
    layers = _Layers(size)
    jug = _poly(size, _chaikin([(250, 200), (560, 200), (530, 820), (290, 820)], 1))
    handle = _ring(size, (470, 290, 720, 740), (540, 360, 660, 670))
    handle = np.clip(handle - _poly(size, [(0, 0), (520, 0), (520, 1200), (0, 1200)]), 0, 1)
    lid = _rrect(size, (236, 160, 574, 214), 14)
    base = _rrect(size, (230, 810, 590, 1080), 40)
    collar = _rrect(size, (270, 800, 550, 840), 8)
    foot = _rrect(size, (250, 1070, 570, 1096), 6)  # the black rubber foot under the base
    solid = np.maximum.reduce([jug, handle, lid, base, collar, foot])
    layers.paint((226, 234, 236), jug, 0.16)
    layers.paint((120, 132, 138), _glass_edge(jug, 8) * 1.3, 0.55)
    layers.paint((226, 234, 236), handle, 0.3)
    layers.paint((120, 132, 138), _glass_edge(handle, 6) * 1.3, 0.6)
    for box, strength in (((272, 240, 288, 790), 0.7), ((500, 260, 508, 780), 0.35)):
        layers.paint((255, 255, 255), _soft(_rrect(size, box, 5), 2), strength)
    for y in (380, 500, 620):  # the measuring marks
        layers.paint((90, 100, 110), _lines(size, [[(300, y), (340, y)]], 3), 0.7)
    blade = _poly(size, [(340, 770), (480, 762), (470, 786), (350, 790)])
    layers.paint(_rgb((190, 192, 198)) * _metal(size, 340, 480, seed), blade)
    layers.paint(_rgb((40, 40, 44)) * _rows(size, 1.2, 0.9), lid)
    layers.paint(_rgb((40, 40, 44)), collar)
    layers.paint(_rgb((238, 238, 236)) * _cylinder(size, 230, 590) * _rows(size, 1.0, 0.95),
                 base)
    layers.paint((60, 60, 66), _ellipse(size, (370, 900, 450, 980)))  # the dial
    layers.paint((200, 200, 204), _lines(size, [[(410, 940), (410, 908)]], 5))
    layers.paint((30, 30, 32), foot)
    return layers.rgba(), solid


def straw_hat(seed: int) -> np.ndarray:
    """A woven straw sun hat, seen from a little above: wide brim, black ribbon (1000x800)."""
    size = (1000, 800)
    layers = _Layers(size)
    brim = _ellipse(size, (90, 320, 910, 640))
    weave = _rib(size, 7, 0.12) * _rib(size, 9, 0.1, vertical=False)
    straw = _rgb((222, 194, 140)) * weave * (1 + _grain(size, seed, 0.05))
    layers.paint(straw * _volume(brim, 30, 0.2) * _rows(size, 1.05, 0.9), brim)
    layers.paint((196, 166, 110), _soft(_ellipse(size, (330, 420, 670, 560)), 20), 0.5)
    crown = _poly(size, _chaikin([(330, 480), (340, 230), (420, 180), (580, 180), (660, 230),
                                  (670, 480)], 3))
    layers.paint(straw * _cylinder(size, 330, 670), crown)
    ribbon = _poly(size, [(334, 400), (666, 400), (668, 470), (332, 470)]) * crown
    layers.paint(_rgb((28, 28, 30)) * _cylinder(size, 330, 670), ribbon)
    layers.paint((30, 30, 32), _poly(size, [(600, 420), (680, 470), (650, 520), (610, 460)]))
    layers.paint((200, 170, 112), _stitch(size, [_arc_path((500, 480), (390, 140), 10, 170, 60)],
                                          10, 6, 2) * brim, 0.5)
    return layers.rgba()


def toy_car(seed: int) -> np.ndarray:
    """A beech wooden toy car side-on, a window cut through its cabin, four wheels (1000x700).

    The window shows the backdrop.
    """
    size = (1000, 700)
    layers = _Layers(size)
    body = _rounded(_poly(size, [(120, 330), (330, 320), (400, 190), (640, 190), (720, 320),
                                 (880, 340), (880, 480), (120, 480)]), 14)
    window = _rrect(size, (440, 230, 600, 310), 18)
    wood = body * (1 - window)
    beech = (_rgb((222, 184, 136)) * (1 + 0.08 * _smooth(size, seed, 200, 8)[..., None])
             * (1 + _grain(size, seed + 1, 0.02)))
    layers.paint(beech * _volume(wood, 10, 0.2), wood)
    layers.paint((150, 110, 70), _soft(_lines(size, [[(130, 400), (870, 400)]], 3), 1) * wood, 0.4)
    for x in (250, 720):
        wheel = _ellipse(size, (x - 80, 400, x + 80, 560))
        layers.paint(_rgb((140, 90, 52)) * _volume(wheel, 16, 0.35), wheel)
        layers.paint((96, 60, 34), _ring(size, (x - 60, 420, x + 60, 540), (x - 52, 428, x + 52,
                                                                             532)), 0.6)
        layers.paint((210, 40, 40), _ellipse(size, (x - 16, 464, x + 16, 496)))  # the peg
    layers.paint((240, 210, 80), _ellipse(size, (846, 360, 874, 390)))  # the headlight
    return layers.rgba()


def baseball_glove(seed: int) -> np.ndarray:
    """A tan leather baseball glove, palm up: four fingers, a laced web, a thumb (1000x1000)."""
    size = (1000, 1000)
    layers = _Layers(size)
    tan = _rgb((182, 120, 64)) * (1 + _grain(size, seed, 0.05)) * _folds(size, seed + 1, 40, 40,
                                                                         0.1)
    palm = _poly(size, _chaikin([(300, 420), (740, 400), (770, 680), (660, 900), (400, 910),
                                 (290, 700)], 3))
    fingers = [_tilted(size, (x, y), (62, 190), turn) for x, y, turn in
               ((360, 330, -16), (470, 280, -4), (580, 290, 8), (680, 340, 20))]
    thumb = _tilted(size, (230, 560), (70, 190), -40)
    web = _poly(size, [(230, 420), (330, 380), (360, 600), (270, 640)])
    layers.paint(_rgb((160, 104, 54)) * _rows(size, 1.0, 0.9), web)
    for part in [thumb, *fingers, palm]:
        layers.paint(tan * _volume(part, 24, 0.3), part)
    lace = _rgb((120, 66, 36))
    for x, y, turn in ((360, 330, -16), (470, 280, -4), (580, 290, 8)):
        edge = _turned([(56, -150), (56, 120)], turn, (x, y))
        layers.paint(lace, _lines(size, [edge], 8) * np.maximum.reduce(fingers))
    for k in range(5):
        y = 440 + k * 38
        layers.paint(lace, _lines(size, [[(262 + k * 6, y), (344 + k * 4, y - 10)]], 7))
    pocket = _ellipse(size, (400, 560, 640, 820))
    layers.paint((150, 96, 50), _soft(pocket, 30), 0.5)
    layers.paint((230, 206, 170), _stitch(size, [_arc_path((520, 640), (230, 250), 20, 160, 40)],
                                          8, 6, 2) * palm, 0.6)
    layers.paint((40, 30, 24), _rrect(size, (440, 840, 600, 880), 10))  # the wrist strap
    _closed(layers, tan * 0.8, 3000)  # fingers touching: no paper between
    return layers.rgba()


def folded_towel(seed: int) -> np.ndarray:
    """Two white terry bath towels folded and stacked, a woven band, meant for white (1100x800)."""
    size = (1100, 800)
    layers = _Layers(size)
    terry = _rgb(TOWEL_WHITE) * (1 + _grain(size, seed, 0.012))
    for k, (y0, y1) in enumerate(((470, 650), (300, 480))):
        fold = _rrect(size, (180 + k * 12, y0, 920 - k * 12, y1), 60)
        layers.paint(terry * _hcyl(size, y0, y1) ** 0.15 * _volume(fold, 30, 0.05), fold)
        band = _poly(size, [(180 + k * 12, y1 - 60), (920 - k * 12, y1 - 60),
                            (920 - k * 12, y1 - 36), (180 + k * 12, y1 - 36)]) * fold
        layers.paint(_rgb((240, 238, 232)) * _rib(size, 4, 0.05), band)
        layers.paint((226, 224, 218), _soft(_lines(size, [[(200 + k * 12, y1 - 4),
                                                          (900 - k * 12, y1 - 4)]], 6), 3)
                     * fold, 0.7)
    return layers.rgba()


def frosted_bottle(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A frosted glass bottle with a black cap: milky, the paper shows through it (700x1000).

    Returns:
        The RGBA layer (the frosting lets some paper through) and the bottle's silhouette
        coverage 0..1 (all of it product).
    """
    size = (700, 1000)
    layers = _Layers(size)
    cx = 350.0
    glass, radius = _profile(size, cx, [230, 300, 340, 880, 900], [60, 70, 170, 170, 160],
                             smooth=18)
    cap = _rrect(size, (290, 120, 410, 250), 14)
    solid = np.maximum(glass, cap)
    frost = (_rgb((236, 240, 240)) * _lathe(size, cx, np.maximum(radius, 1), -0.3) ** 0.3
             * (1 + _grain(size, seed, 0.015)))
    layers.paint(frost, glass, 0.62)
    layers.paint((180, 188, 190), _glass_edge(glass, 10), 0.5)
    layers.paint((255, 255, 255), _soft(_rrect(size, (210, 380, 236, 860), 10), 10), 0.4)
    layers.paint((90, 96, 100), _lines(size, [[(300, 600), (400, 600)]], 10), 0.7)  # the print
    layers.paint((90, 96, 100), _lines(size, [[(316, 636), (384, 636)]], 4), 0.6)
    layers.paint(_rgb((30, 30, 32)) * _cylinder(size, 290, 410) * _rib(size, 6, 0.2), cap)
    return layers.rgba(), solid


def over_ear_headphones(seed: int) -> np.ndarray:
    """Black over-ear headphones lying flat, cups facing up, the band above (1000x1000).

    The bay under the band is open at the bottom: no enclosed gap.
    """
    size = (1000, 1000)
    layers = _Layers(size)
    black = _rgb((26, 26, 28))
    band = _lines(size, [_arc_path((500, 520), (300, 330), 186, 354, 60)], 44)
    layers.paint(black * _volume(band, 8, 0.4) * (1 + _grain(size, seed, 0.04)), band)
    layers.paint((90, 90, 96), _soft(_lines(size, [_arc_path((500, 520), (292, 322), 200, 340,
                                                             50)], 4), 2) * band, 0.6)
    for x, turn in ((220.0, -10.0), (780.0, 10.0)):
        yoke = _lines(size, [[(x, 430), (x, 560)]], 30)
        layers.paint(_rgb((60, 60, 64)) * _metal(size, x - 15, x + 15, seed + 1), yoke)
        cup = _tilted(size, (x, 680), (130, 170), turn)
        layers.paint(black * _volume(cup, 30, 0.5), cup)
        pad = _tilted(size, (x, 680), (96, 136), turn)
        layers.paint(_rgb((34, 34, 36)) * (1 + _grain(size, seed + 2, 0.05)), pad)
        layers.paint((70, 70, 74), _soft(_tilted(size, (x - 30, 620), (30, 50), turn), 10) * pad,
                     0.5)
    return layers.rgba()


def held_face_cream(seed: int) -> np.ndarray:
    """A jar of face cream held up by a hand whose arm comes in from the bottom-left (1000x1000).

    Sleeve, hand and jar are all in front of the backdrop: all product.
    """
    size = (1000, 1000)
    layers = _Layers(size)
    skin = _rgb(PEACH_SKIN) * (1 + _smooth(size, seed, 60, 60)[..., None] * 0.035)
    jar = _rrect(size, (420, 330, 720, 560), 30)
    layers.paint(_rgb((246, 236, 232)) * np.clip(_cylinder(size, 420, 720), 0.7, 1.1), jar)
    lid = _rrect(size, (410, 250, 730, 344), 14)
    layers.paint(_rgb((208, 176, 110)) * _metal(size, 410, 730, seed + 1), lid)
    layers.paint((150, 110, 100), _lines(size, [[(500, 430), (640, 430)]], 12), 0.9)
    layers.paint((170, 140, 130), _lines(size, [[(520, 466), (620, 466)]], 4), 0.8)
    arm = _band(size, [(-90, 1080), (200, 860), (470, 650)], 180)
    layers.paint(skin * _volume(arm, 40, 0.16) * 0.96, arm)
    sleeve = _poly(size, _chaikin([(-200, 1200), (-200, 820), (120, 720), (260, 880),
                                   (60, 1200)], 2))
    layers.paint(_rgb((60, 84, 120)) * _folds(size, seed + 2, 40, 40, 0.12)
                 * _volume(sleeve, 20, 0.15), sleeve)
    palm = _ellipse(size, (380, 500, 640, 720))
    layers.paint(skin * _volume(palm, 40, 0.14) * _rows(size, 1.03, 0.93), palm)
    for i, y0 in enumerate((560, 606, 650)):  # wrapped round the jar's front
        finger = _band(size, [(560, y0 + 40), (660, y0), (706, y0 - 30)], 44 - 2 * i)
        layers.paint(skin * _volume(finger, 12, 0.3) * _rows(size, 1.04, 0.94), finger)
    thumb = _band(size, [(440, 600), (430, 500), (456, 420)], 50)
    layers.paint(skin * _volume(thumb, 14, 0.22) * 1.02, thumb)
    layers.paint((236, 196, 180), _ellipse(size, (440, 410, 472, 440)), 0.8)
    _closed(layers, skin * 0.9, 3000)  # fingers against the jar: no paper between
    return layers.rgba()


def wall_mirror(seed: int) -> np.ndarray:
    """A round mirror in a thin brass frame, hung by a leather strap; it reflects the paper.

    The glass shows the off-white paper it faces (a little dimmed, a soft window highlight);
    all of it is product. The triangle between the strap and the frame shows the backdrop
    (900x1100).
    """
    size = (900, 1100)
    layers = _Layers(size)
    cx, cy, r = 450.0, 640.0, 360.0
    strap = _lines(size, [[(300, 340), (450, 50), (600, 340)]], 22)
    layers.paint(_rgb((120, 74, 44)) * (1 + _grain(size, seed, 0.05)), strap)
    layers.paint((200, 168, 100), _ellipse(size, (438, 38, 462, 62)))  # the nail's head
    glass = _ellipse(size, (cx - r + 8, cy - r + 8, cx + r - 8, cy + r - 8))
    reflect = (_rgb(MIRROR_PAPER) * _rows(size, 1.01, 0.96)
               * (1 + 0.01 * _smooth(size, seed + 1, 200, 200)[..., None]))
    layers.paint(reflect, glass)
    layers.paint((255, 255, 255), _soft(_poly(size, [(260, 420), (340, 360), (520, 760),
                                                     (440, 820)]), 30) * glass, 0.25)
    frame = _ring(size, (cx - r, cy - r, cx + r, cy + r), (cx - r + 10, cy - r + 10,
                                                            cx + r - 10, cy + r - 10))
    layers.paint(_rgb((196, 160, 90)) * _volume(frame, 2, 0.3), frame)
    _closed(layers, (120, 74, 44), 60)  # where the strap meets the frame: no pinhole
    return layers.rgba()


def lock_chain(seed: int) -> np.ndarray:
    """A bicycle lock chain in a sleeve-less loop of steel links and a padlock (1200x900).

    Links alternate face-on (a ring whose hole shows the backdrop) and edge-on (a bar); the
    padlock's shackle encloses the backdrop too.
    """
    size = (1200, 900)
    layers = _Layers(size)
    steel = _rgb((120, 124, 130)) * (1 + _grain(size, seed, 0.04))
    path = _bezier((140, 300), (400, 820), (800, 820), (1060, 300), 13)
    for k, ((x0, y0), (x1, y1)) in enumerate(zip(path[:-1], path[1:], strict=True)):
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        turn = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
        length = float(np.hypot(x1 - x0, y1 - y0)) / 2 + 26
        if k % 2 == 0:
            outer = _tilted(size, (mx, my), (length, 40), turn)
            inner = _tilted(size, (mx, my), (length - 26, 14), turn)
            link = np.clip(outer - inner, 0, 1)
        else:
            link = _tilted(size, (mx, my), (length, 15), turn)
        layers.paint(steel * _volume(link, 6, 0.45), link)
        layers.paint((230, 232, 236), _soft(_tilted(size, (mx, my - 6), (length * 0.6, 4), turn),
                                            2) * link, 0.5)
    body = _rrect(size, (1000, 300, 1160, 480), 24)
    shackle = _ring(size, (1010, 180, 1150, 340), (1036, 206, 1124, 314))
    shackle = np.clip(shackle - _poly(size, [(0, 300), (1200, 300), (1200, 900), (0, 900)]), 0, 1)
    layers.paint(_rgb((190, 192, 198)) * _metal(size, 1010, 1150, seed + 1), shackle)
    layers.paint(_rgb((30, 30, 34)) * _volume(body, 14, 0.3), body)
    layers.paint((180, 180, 186), _ellipse(size, (1066, 400, 1094, 428)))  # the keyhole plate
    layers.paint((20, 20, 22), _lines(size, [[(1080, 410), (1080, 440)]], 5))
    _closed(layers, steel * 0.8, 60)  # where a bar crosses a ring's end: no pinhole
    return layers.rgba()


def kitchen_tongs(seed: int) -> np.ndarray:
    """Steel kitchen tongs lying open, black silicone tips, a hanging ring at the hinge (1100x500).

    The ring shows the backdrop; the V between the arms is open at the tips.
    """
    size = (1100, 500)
    layers = _Layers(size)
    arms = [[(180, 250), (600, 214), (980, 130)], [(180, 256), (600, 292), (980, 370)]]
    steel = _lines(size, arms, 26)
    layers.paint(_rgb((196, 198, 204)) * (1 + _grain(size, seed, 0.02)) * _volume(steel, 5, 0.4),
                 steel)
    layers.paint((250, 252, 255), _soft(_lines(size, [[(x, y - 5) for x, y in arm]
                                                      for arm in arms], 3), 1) * steel, 0.6)
    tips = _lines(size, [[(860, 156), (990, 128)], [(860, 346), (990, 372)]], 32)
    layers.paint(_rgb((34, 34, 36)) * _volume(tips, 6, 0.3), tips)
    hinge = _rrect(size, (150, 220, 260, 286), 20)
    layers.paint(_rgb((170, 172, 178)) * _metal(size, 150, 260, seed + 1), hinge)
    ring = _ring(size, (24, 190, 170, 310), (40, 206, 154, 294))
    layers.paint(_rgb((186, 188, 194)) * _volume(ring, 3, 0.3), ring)
    _closed(layers, (150, 152, 158), 300)  # where the arms leave the hinge
    return layers.rgba()


def acoustic_guitar(seed: int) -> np.ndarray:
    """An acoustic guitar, face up: spruce top, a dark sound hole, six thin strings (800x1400)."""
    size = (800, 1400)
    layers = _Layers(size)
    body = np.maximum.reduce([_ellipse(size, (170, 560, 630, 920)),
                              _ellipse(size, (110, 820, 690, 1340)),
                              _rrect(size, (190, 760, 610, 980), 80)])
    body = _rounded(body, 8)
    layers.paint(_rgb((92, 52, 30)), body)  # the binding
    top = _rounded(np.clip(body - _glass_edge(body, 1.5) * 6, 0, 1), 2)
    spruce = (_rgb((226, 186, 126)) * (1 + 0.05 * _smooth(size, seed, 6, 200)[..., None])
              * _volume(top, 40, 0.12))
    layers.paint(spruce, top)
    hole = _ellipse(size, (320, 760, 480, 920))
    layers.paint((22, 16, 12), hole)
    layers.paint((120, 70, 40), _ring(size, (300, 740, 500, 940), (316, 756, 484, 924)), 0.9)
    neck = _rrect(size, (362, 150, 438, 800), 8)
    layers.paint(_rgb((70, 44, 30)) * _cylinder(size, 362, 438), neck)
    for y in np.cumsum([230.0] + [60.0 - 2.4 * k for k in range(10)]):
        layers.paint((206, 200, 190), _lines(size, [[(364, float(y)), (436, float(y))]], 3))
    head = _poly(size, [(350, 160), (450, 160), (462, 30), (338, 30)])
    layers.paint(_rgb((60, 36, 24)) * _rows(size, 1.1, 0.9), head)
    pegs = [(x, y - 10, x + 46, y + 10) for x in (304, 450) for y in (50, 85, 120)]
    layers.paint(_rgb((200, 200, 206)) * _metal(size, 300, 500, seed + 1), _ellipses(size, pegs))
    bridge = _rrect(size, (300, 1090, 500, 1130), 10)
    layers.paint((50, 32, 22), bridge)
    strings = [[(372 + 11 * k, 46), (372 + 11 * k, 160), (362 + 15 * k, 1100)] for k in range(6)]
    layers.paint((214, 212, 206), _lines(size, strings, 2.5))
    layers.paint((30, 30, 32), _ellipses(size, [(358 + 15 * k, 1106, 370 + 15 * k, 1118)
                                                for k in range(6)]))
    return layers.rgba()

