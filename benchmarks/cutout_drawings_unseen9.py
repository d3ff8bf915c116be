"""Drawn products of the cutout benchmark's ``unseen9`` split, as RGBA layers whose alpha is known.

Drawn blind in session 24, after ``unseen8`` was scored, by someone who never read the
cutout's code nor ran it on these drawings; never scored while tuning (see
:mod:`benchmarks.cutout_cases`). Same approach as :mod:`benchmarks.cutout_drawings_unseen8`:
each drawing is deterministic in its seed and returns a float32 RGBA array (alpha 0..255,
anti-aliased, shapes drawn 4x supersampled) that the cases composite on paper with a shadow
and JPEG. The large and the small photos are drawn at a working size; the cases resize them
with :func:`benchmarks.cutout_drawings_unseen2.scaled`.

Mostly what shop owners upload: seven ordinary products (a red lipstick in a gold tube with
its cap beside it, a rose perfume in a thick glass bottle with a brushed silver cap, an indigo
reactive-glaze ceramic bowl, a kraft stand-up coffee bag with a window onto the beans, a mint
tube of hand cream lying down, a washed olive baseball cap, an olive-wood cutting board with
a hole in its handle). Four are hard for known reasons (a white canvas high-top sneaker
meant for white paper, an empty clear glass tumbler, a black leather Chelsea boot with a pull
tab for dark grey paper, a rolled yoga mat running off the left and bottom edges). Four are
thin or see-through (a chrome wire dish rack, a steel fork's tines, a fine silver chain
necklace laid in a loop, a tennis racket's string bed and open throat).

:data:`LOOPS` says how many enclosed background gaps each drawing was drawn with, so that the
truth can be checked against the intent.
"""

from __future__ import annotations

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
from benchmarks.cutout_drawings_unseen import _ellipses, _folds, _grain, _lines, _rows, _smooth
from benchmarks.cutout_drawings_unseen2 import _rib, _soft, _stitch, _tilted, _volume, scaled
from benchmarks.cutout_drawings_unseen3 import _arc_path, _band, _ring, _turned
from benchmarks.cutout_drawings_unseen4 import _chaikin, _lathe, _profile, _rounded
from benchmarks.cutout_drawings_unseen5 import _bezier
from benchmarks.cutout_drawings_unseen6 import _glass_edge
from benchmarks.cutout_drawings_unseen7 import _weld_slivers

DARK_GREY = (66, 67, 70)  # the backdrop the black boot stands on, a few tens of levels above it

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "cutting_board": 1,
    "chelsea_boot": 1,
    "dish_rack": 30,
    "chain_necklace": 1,
    "tennis_racket": 200,
}


def _hcyl(size: Size, y0: float, y1: float) -> np.ndarray:
    """Brightness of a cylinder lying along x between rows ``y0``..``y1``, as (h, w, 1)."""
    w, h = size
    t = np.clip((np.arange(h, dtype=np.float32) - (y0 + y1) / 2) / ((y1 - y0) / 2), -1, 1)
    shade = 0.6 + 0.4 * np.sqrt(1 - t**2) + 0.22 * np.exp(-(((t + 0.5) / 0.14) ** 2))
    return np.broadcast_to(shade[:, None, None], (h, w, 1)).astype(np.float32)


def _metal(size: Size, x0: float, x1: float, seed: int, brushed: float = 0.04) -> np.ndarray:
    """A polished metal cylinder's factor: hard bright and dark bands, fine vertical brushing."""
    w, h = size
    t = np.clip((np.arange(w, dtype=np.float32) - (x0 + x1) / 2) / ((x1 - x0) / 2), -1, 1)
    bands = (0.72 + 0.5 * np.exp(-(((t + 0.55) / 0.1) ** 2)) - 0.3 * np.exp(-(((t - 0.25) / 0.18)
                                                                             ** 2))
             + 0.2 * np.exp(-(((t - 0.78) / 0.08) ** 2)) - 0.25 * np.abs(t) ** 6)
    brush = np.random.default_rng(seed).normal(0, brushed, w).astype(np.float32)
    return np.broadcast_to((bands + brush)[None, :, None], (h, w, 1)).astype(np.float32)


def _rotated(rgba: np.ndarray, degrees: float) -> np.ndarray:
    """``rgba`` turned by ``degrees`` about its centre (colour premultiplied, alpha bilinear)."""
    h, w = rgba.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    a = rgba[..., 3:] / 255.0
    pre = cv2.warpAffine(np.ascontiguousarray(rgba[..., :3] * a), turn, (w, h),
                         flags=cv2.INTER_LINEAR)
    alpha = cv2.warpAffine(np.ascontiguousarray(a[..., 0]), turn, (w, h), flags=cv2.INTER_LINEAR)
    rgb = np.where(alpha[..., None] > 1e-3, pre / np.maximum(alpha[..., None], 1e-3), 0.0)
    return np.dstack([np.clip(rgb, 0, 255), alpha * 255]).astype(np.float32)


def scaled_glass(drawn: tuple[np.ndarray, np.ndarray], factor: float, seed: int,
                 ) -> tuple[np.ndarray, np.ndarray]:
    """A see-through drawing and its silhouette, both resized by ``factor`` (as ``scaled``)."""
    rgba, solid = drawn
    h, w = solid.shape
    size = (round(w * factor), round(h * factor))
    shape = np.clip(cv2.resize(solid, size, interpolation=cv2.INTER_LINEAR), 0, 1)
    return scaled(rgba, factor, seed), shape.astype(np.float32)


def _closed(layers: _Layers, rgb: np.ndarray | tuple[float, float, float], least: int) -> None:
    """Paint every enclosed opening under ``least`` px shut (parts touching, no paper between)."""
    closed = _weld_slivers(layers.alpha, least) > layers.alpha + 1e-6
    layers.paint(rgb, closed.astype(np.float32))


def lipstick(seed: int) -> np.ndarray:
    """A red lipstick standing in a gold tube, its cap lying beside it (700x900)."""
    size = (700, 900)
    layers = _Layers(size)
    gold = _rgb((214, 176, 96)) * (1 + _grain(size, seed, 0.01))
    cap = _rrect(size, (400, 706, 640, 826), 10)
    layers.paint(gold * np.clip(_hcyl(size, 706, 826), 0.5, 1.25), cap)
    layers.paint((120, 92, 44), _lines(size, [[(430, 708), (430, 824)]], 3), 0.7)
    layers.paint((40, 20, 22), _ellipse(size, (392, 712, 416, 820)), 0.9)  # its open end
    bullet = _poly(size, _chaikin([(214, 470), (214, 300), (250, 262), (346, 196), (346, 470)],
                                  2))
    red = _rgb((178, 26, 44)) * np.clip(_cylinder(size, 214, 346), 0.55, 1.15)
    layers.paint(red * (1 + _grain(size, seed + 1, 0.015)), bullet)
    layers.paint((255, 210, 214), _soft(_lines(size, [[(238, 300), (236, 460)]], 6), 2)
                 * bullet, 0.45)
    sleeve = _rrect(size, (204, 440, 356, 560), 4)
    layers.paint(gold * _metal(size, 204, 356, seed + 2), sleeve)
    layers.paint((96, 72, 34), _lines(size, [[(206, 470), (354, 470)]], 2), 0.6)
    tube = _rrect(size, (190, 550, 370, 830), 8)
    layers.paint(gold * _metal(size, 190, 370, seed + 3) * _rows(size, 1.02, 0.94), tube)
    layers.paint((110, 84, 40), _lines(size, [[(192, 556), (368, 556)], [(192, 800),
                                                                         (368, 800)]], 2), 0.6)
    layers.paint((120, 90, 44), _lines(size, [[(250, 660), (310, 660)]], 5), 0.5)  # engraved
    return layers.rgba()


def perfume_bottle(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A rose perfume in a thick glass bottle with a brushed silver cap (800x1000).

    Returns:
        The RGBA layer (the thick glass walls and base are partly see-through) and the
        bottle's silhouette coverage 0..1 (all of it product).
    """
    size = (800, 1000)
    layers = _Layers(size)
    glass = _rrect(size, (220, 380, 580, 900), 34)
    liquid = _rrect(size, (258, 430, 542, 846), 16)
    collar = _rrect(size, (340, 330, 460, 392), 6)
    cap = _rrect(size, (290, 150, 510, 340), 14)
    solid = np.maximum.reduce([glass, collar, cap])
    layers.paint(_rgb((226, 232, 230)) + _grain(size, seed, 1.0), glass, 0.22)
    rose = _rgb((236, 168, 160)) * np.clip(_cylinder(size, 258, 542), 0.7, 1.1)
    layers.paint(rose * _rows(size, 1.06, 0.92), liquid, 0.8)
    layers.paint((250, 214, 206), _soft(_lines(size, [[(262, 434), (538, 434)]], 4), 1.5)
                 * liquid, 0.7)
    base = _rrect(size, (230, 850, 570, 894), 20)
    layers.paint((214, 206, 204), base, 0.35)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(250, 866), (550, 866)]], 3), 1), 0.5)
    layers.paint((96, 104, 102), _glass_edge(glass, 7) * 1.3, 0.55)
    for box, strength in (((244, 400, 258, 880), 0.7), ((540, 420, 550, 860), 0.4)):
        layers.paint((255, 255, 255), _soft(_rrect(size, box, 5), 2), strength)
    layers.paint((80, 50, 50), _lines(size, [[(330, 600), (470, 600)]], 9), 0.85)  # the name
    layers.paint((110, 80, 80), _lines(size, [[(360, 630), (440, 630)]], 3), 0.7)
    silver = _rgb((200, 202, 206)) * _metal(size, 340, 460, seed + 1)
    layers.paint(silver, collar)
    layers.paint((90, 92, 96), _lines(size, [[(342, 360), (458, 360)]], 2), 0.7)
    layers.paint(_rgb((206, 208, 212)) * _metal(size, 290, 510, seed + 2, 0.06)
                 * _rows(size, 1.04, 0.96), cap)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(300, 156), (500, 156)]], 3), 1), 0.6)
    return layers.rgba(), solid


def ceramic_bowl(seed: int) -> np.ndarray:
    """An indigo reactive-glaze stoneware bowl, raw clay showing below a drip line (1000x700)."""
    size = (1000, 700)
    cx = 500.0
    body, radius = _profile(size, cx, [250, 320, 420, 500, 548], [380, 372, 318, 220, 150],
                            smooth=10)
    foot = _rrect(size, (cx - 132, 530, cx + 132, 586), 12)
    layers = _Layers(size)
    clay = _rgb((204, 178, 146)) * (1 + _grain(size, seed, 0.04))
    layers.paint(clay * np.clip(_cylinder(size, cx - 132, cx + 132), 0.75, 1.05), foot)
    rows = np.arange(size[1], dtype=np.float32)[:, None]
    drip = 470 + 26 * _smooth(size, seed + 1, 30, 400)
    glazed = body * (rows < drip)
    layers.paint(clay * _lathe(size, cx, np.maximum(radius, 1)), body)
    indigo = (_rgb((38, 60, 112)) * _lathe(size, cx, np.maximum(radius, 1), -0.35)
              * (1 + 0.12 * _smooth(size, seed + 2, 24, 60)[..., None]))
    layers.paint(indigo, glazed)
    layers.paint((150, 170, 196), (_grain(size, seed + 3, 1.0)[..., 0] > 2.4) * glazed, 0.5)
    edge = np.clip(glazed - np.roll(glazed, -10, axis=0), 0, 1)  # the glaze's thick drip edge
    layers.paint((26, 40, 80), _soft(edge, 2), 0.7)
    rim = _ellipse(size, (cx - 380, 186, cx + 380, 316))
    inside = _ellipse(size, (cx - 364, 196, cx + 364, 306))
    layers.paint((92, 118, 160), np.clip(rim - inside, 0, 1))  # the thinner glaze on the lip
    well = (_rgb((40, 62, 114)) * _rows(size, 0.7, 1.15)
            * (1 + 0.1 * _smooth(size, seed + 4, 40, 20)[..., None]))
    layers.paint(well, inside)
    layers.paint((200, 214, 236), _soft(_ellipse(size, (cx - 200, 226, cx + 60, 256)), 12)
                 * inside, 0.35)
    layers.paint((210, 224, 240), _soft(_lines(size, [[(cx - 300, 340), (cx - 280, 420)]], 12),
                                        6) * glazed, 0.4)
    return layers.rgba()


def coffee_bag(seed: int) -> np.ndarray:
    """A kraft stand-up coffee bag: heat seal, valve, label, a window onto beans (800x1100)."""
    size = (800, 1100)
    layers = _Layers(size)
    bag = _poly(size, _chaikin([(196, 150), (604, 150), (616, 600), (624, 960), (600, 1000),
                                (400, 1010), (200, 1000), (176, 960), (184, 600)], 1))
    kraft = (_rgb((180, 138, 96)) * _folds(size, seed, 50, 90, 0.14)
             * (1 + _grain(size, seed + 1, 0.05)) * _rows(size, 1.04, 0.94))
    layers.paint(kraft * _volume(bag, 30, 0.15), bag)
    crinkles = np.abs(_smooth(size, seed + 2, 14, 80))
    layers.paint((120, 86, 56), np.clip(crinkles - 1.6, 0, 1) * bag, 0.5)
    seal = _rrect(size, (196, 150, 604, 224), 2)
    layers.paint(_rgb((170, 128, 88)) * _rib(size, 4, 0.12, vertical=False), seal)
    layers.paint((110, 80, 52), _lines(size, [[(196, 226), (604, 226)]], 2), 0.7)
    valve = _ellipse(size, (384, 260, 416, 292))
    layers.paint(_rgb((60, 44, 32)) * _volume(valve, 4, 0.4), valve)
    label = _rrect(size, (246, 330, 554, 560), 6)
    layers.paint(_rgb((242, 236, 222)) * (1 + _grain(size, seed + 3, 0.01)), label)
    layers.paint((46, 40, 36), _lines(size, [[(300, 400), (500, 400)]], 20))
    layers.paint((46, 40, 36), _lines(size, [[(330, 450), (470, 450)], [(350, 480), (450, 480)]],
                                      5), 0.8)
    layers.paint((168, 62, 42), _ring(size, (374, 500, 426, 548), (380, 506, 420, 542)))
    window = _rrect(size, (300, 640, 500, 880), 90)
    layers.paint((38, 24, 16), window)
    rng = np.random.default_rng(seed + 4)
    beans = []
    for _ in range(70):
        x, y = rng.uniform(300, 500), rng.uniform(640, 880)
        beans.append((x - 16, y - 11, x + 16, y + 11))
    layers.paint(_rgb((92, 56, 34)) * (1 + _grain(size, seed + 5, 0.05)),
                 _ellipses(size, beans) * window)
    layers.paint((30, 18, 12), _lines(size, [[(b[0] + 8, (b[1] + b[3]) / 2),
                                              (b[2] - 8, (b[1] + b[3]) / 2)] for b in beans], 2)
                 * window, 0.9)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(330, 660), (320, 840)]], 8), 4) * window,
                 0.35)
    layers.paint((130, 96, 66), _ring(size, (296, 636, 504, 884), (302, 642, 498, 878)), 0.6)
    gusset = [[(200, 960), (300, 990), (400, 996), (500, 990), (600, 960)]]
    layers.paint((128, 94, 62), _soft(_lines(size, gusset, 3), 1.5), 0.6)
    return layers.rgba()


def hand_cream(seed: int) -> np.ndarray:
    """A mint tube of hand cream lying on its side, white flip cap, crimped end (1100x600)."""
    size = (1100, 600)
    layers = _Layers(size)
    body = _poly(size, [(250, 236), (860, 203), (880, 202), (880, 398), (860, 397), (250, 364)])
    body = np.maximum(body, _rrect(size, (246, 236, 300, 364), 20))
    mint = _rgb((172, 208, 186)) * (1 + _grain(size, seed, 0.012))
    layers.paint(mint * np.clip(_hcyl(size, 214, 386), 0.6, 1.12), body)
    crimp = _rrect(size, (870, 196, 958, 404), 3)
    layers.paint(_rgb((164, 200, 178)) * _rib(size, 5, 0.12) * _rows(size, 1.05, 0.9), crimp)
    layers.paint((250, 250, 250), _soft(_lines(size, [[(300, 262), (860, 238)]], 8), 3) * body,
                 0.45)
    layers.paint((40, 84, 62), _lines(size, [[(420, 300), (700, 292)]], 22), 0.9)  # the brand
    layers.paint((60, 100, 80), _lines(size, [[(430, 336), (640, 330)], [(430, 352),
                                                                         (600, 348)]], 4), 0.8)
    leaf = _tilted(size, (740, 296), (30, 12), -30)
    layers.paint((60, 120, 80), leaf)
    cap = _rrect(size, (120, 226, 262, 374), 18)
    white = _rgb((244, 244, 240)) * np.clip(_hcyl(size, 226, 374), 0.7, 1.05)
    layers.paint(white, cap)
    layers.paint((186, 186, 182), _lines(size, [[(150, 228), (150, 372)]], 3), 0.7)
    layers.paint((200, 200, 196), _lines(size, [[(258, 228), (258, 372)]], 4), 0.8)
    return layers.rgba()


def baseball_cap(seed: int) -> np.ndarray:
    """A washed olive cotton baseball cap side-on, its brim to the left (1000x800)."""
    size = (1000, 800)
    layers = _Layers(size)
    olive = _rgb((112, 118, 82))
    twill = _folds(size, seed, 40, 40, 0.14) * (1 + _grain(size, seed + 1, 0.05))
    brim_outline = _chaikin([(440, 470), (300, 458), (170, 484), (72, 538), (64, 566),
                             (180, 568), (320, 556), (440, 550)], 2)
    under = _poly(size, [(x, y + 12) for x, y in brim_outline])
    layers.paint(olive * 0.55 * twill, under)
    crown = _poly(size, _chaikin([(300, 540), (306, 380), (370, 262), (500, 206), (650, 222),
                                  (760, 300), (812, 420), (818, 540), (560, 566)], 3))
    layers.paint(olive * twill * _volume(crown, 60, 0.3) * _rows(size, 1.1, 0.85), crown)
    seams = [_bezier((512, 206), (470, 300), (420, 420), (400, 556), 30),
             _bezier((512, 206), (580, 300), (640, 420), (650, 556), 30),
             _bezier((512, 206), (680, 260), (780, 360), (800, 500), 30)]
    layers.paint((70, 74, 50), _lines(size, seams, 3) * crown, 0.8)
    layers.paint((150, 154, 118), _stitch(size, [[(x + 8, y) for x, y in s] for s in seams],
                                          7, 5, 2) * crown, 0.6)
    layers.paint((236, 226, 196), _lines(size, [[(470, 400), (500, 396)], [(470, 430),
                                                                           (540, 424)]], 7)
                 * crown, 0.9)  # the embroidered logo
    button = _ellipse(size, (494, 192, 530, 216))
    layers.paint(olive * 0.9 * _volume(button, 5, 0.4), button)
    for k in range(4):  # eyelets
        cx, cy = 600 + 70 * k, 300 + 40 * k
        layers.paint((62, 66, 44), _ellipse(size, (cx - 7, cy - 7, cx + 7, cy + 7)) * crown)
    brim = _poly(size, brim_outline)
    layers.paint(olive * twill * _volume(brim, 16, 0.25) * 1.05, brim)
    layers.paint((150, 154, 118), _stitch(size, [[(300, 472), (180, 496), (96, 544)],
                                                 [(300, 486), (180, 510), (106, 554)]], 7, 5, 2)
                 * brim, 0.6)
    buckle = _rrect(size, (784, 516, 806, 544), 3)
    layers.paint(_rgb((176, 164, 120)) * _volume(buckle, 4, 0.3), buckle)
    _closed(layers, olive * 0.7, 400)
    return layers.rgba()


def cutting_board(seed: int) -> np.ndarray:
    """An olive-wood cutting board seen from above, a hole through its handle (1300x700).

    The hole shows the backdrop.
    """
    size = (1300, 700)
    w, h = size
    board = _rounded(np.maximum(_rrect(size, (120, 150, 1010, 560), 50),
                                _rrect(size, (960, 270, 1230, 440), 80)), 6)
    hole = _ellipse(size, (1110, 316, 1200, 394))
    board = np.clip(board - hole, 0, 1)
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    wave = 60 * _smooth(size, seed, 200, 140)
    rings = 0.5 + 0.5 * np.sin((y + wave + 0.05 * x) / 7.0)
    figure = 0.5 + 0.5 * np.sin((y * 0.8 + 1.6 * wave) / 23.0)
    wood = (_rgb((196, 150, 100)) * (0.86 + 0.1 * rings + 0.1 * figure)[..., None]
            * (1 + _grain(size, seed + 1, 0.025)))
    layers = _Layers(size)
    layers.paint(wood * _volume(board, 10, 0.25), board)
    layers.paint((110, 72, 40), _soft(np.clip((rings > 0.96) * board, 0, 1).astype(np.float32),
                                      1.2), 0.3)
    rim = np.clip(_ellipse(size, (1100, 306, 1210, 404)) - hole, 0, 1)
    layers.paint((130, 90, 54), rim * board, 0.7)  # the hole's bored wall
    layers.paint((255, 240, 210), _soft(_lines(size, [[(160, 170), (980, 170)]], 6), 3) * board,
                 0.3)
    return layers.rgba()


def white_hightop(seed: int) -> np.ndarray:
    """A white canvas high-top sneaker side-on: sole, toe cap, laces, ankle patch (1000x1000)."""
    size = (1000, 1000)
    layers = _Layers(size)
    upper = _poly(size, _chaikin([(212, 716), (198, 560), (206, 400), (224, 262), (244, 214),
                                  (310, 196), (384, 194), (432, 206), (456, 262), (494, 350),
                                  (566, 432), (664, 500), (780, 556), (862, 598), (906, 652),
                                  (914, 716)], 3))
    canvas = (_rgb((246, 246, 243)) * _folds(size, seed, 110, 80, 0.03)
              * (1 + _grain(size, seed + 1, 0.012)) * _rib(size, 3, 0.012)
              * _rows(size, 1.01, 0.96))
    layers.paint(canvas * _volume(upper, 30, 0.06), upper)
    tongue = _poly(size, _chaikin([(418, 196), (436, 164), (474, 162), (486, 256), (526, 338),
                                   (596, 418), (690, 482), (660, 500), (560, 430), (470, 330)],
                                  2))
    layers.paint(canvas * 0.975 * _volume(tongue, 10, 0.05), tongue)
    layers.paint((214, 214, 210), _soft(_lines(size, [[(432, 208), (458, 264), (496, 352),
                                                       (568, 434), (666, 502)]], 4), 2), 0.6)
    lining = _poly(size, _chaikin([(244, 214), (310, 196), (384, 194), (432, 206), (420, 232),
                                   (330, 222), (256, 236)], 2))
    layers.paint((228, 228, 224), lining)
    vamp = [(450, 250), (474, 306), (504, 360), (546, 408), (596, 446), (650, 478)]
    for ex, ey in vamp:  # each lace crosses the tongue to the far side
        lace = [(ex + 4, ey - 4), (ex + 24, ey - 16)]
        layers.paint((236, 236, 234), _lines(size, [lace], 10))
        layers.paint((196, 196, 194), _lines(size, [[(x, y + 5) for x, y in lace]], 2), 0.7)
        layers.paint((188, 190, 194), _ellipse(size, (ex - 9, ey - 9, ex + 9, ey + 9)))
        layers.paint((132, 132, 134), _ellipse(size, (ex - 4, ey - 4, ex + 4, ey + 4)))
    ends = [_bezier((452, 246), (404, 262), (396, 310), (410, 352), 20),
            _bezier((458, 248), (476, 290), (446, 330), (452, 380), 20)]
    layers.paint((232, 232, 230), _lines(size, ends, 7) * upper)  # the bow's loose ends
    layers.paint((200, 200, 200), _ellipses(size, [(400, 340, 420, 364), (442, 370, 462, 394)])
                 * upper)  # their aglets
    creases = [_bezier((640, 520), (690, 540), (720, 556), (740, 590), 20),
               _bezier((600, 500), (650, 530), (680, 560), (690, 600), 20)]
    layers.paint((206, 206, 204), _soft(_lines(size, creases, 3), 2) * upper, 0.7)
    layers.paint((222, 222, 220), _stitch(size, [[(206, 520), (560, 540), (720, 580)]], 8, 5,
                                          2) * upper, 0.8)
    heel = _poly(size, _chaikin([(200, 560), (234, 560), (238, 700), (210, 700)], 1))
    layers.paint((234, 234, 230), heel * upper)
    patch = _ellipse(size, (250, 300, 350, 400))
    layers.paint((240, 240, 236), patch)
    layers.paint((178, 178, 182), _ring(size, (256, 306, 344, 394), (264, 314, 336, 386)), 0.8)
    layers.paint((178, 178, 182), _lines(size, [[(280, 350), (320, 350)]], 5), 0.8)
    sole = _poly(size, _chaikin([(180, 700), (200, 688), (870, 688), (918, 700), (934, 744),
                                 (922, 792), (880, 808), (220, 808), (188, 794), (176, 760)], 2))
    rubber = _rgb((241, 241, 237)) * _rows(size, 1.02, 0.95) * (1 + _grain(size, seed + 2, 0.008))
    layers.paint(rubber * _volume(sole, 8, 0.05), sole)
    layers.paint((212, 212, 210), _lines(size, [[(184, 730), (928, 730)]], 3) * sole, 0.8)
    layers.paint((218, 218, 216), _rrect(size, (176, 786, 934, 808), 10) * sole)
    toe = _poly(size, _chaikin([(770, 624), (856, 618), (908, 664), (926, 716), (774, 716)], 2))
    layers.paint(_rgb((240, 240, 236)) * _volume(toe, 14, 0.06), toe)
    layers.paint((210, 210, 208), _lines(size, [[(790, 700), (920, 700)]], 2) * toe, 0.7)
    _closed(layers, (226, 226, 222), 2000)  # the tongue and laces lie on the upper: no paper
    return layers.rgba()


def glass_tumbler(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """An empty clear glass tumbler with a thick base, seen a little from above (800x900).

    Returns:
        The RGBA layer (nearly all of it see-through) and the glass's silhouette coverage
        0..1 (all of it product).
    """
    size = (800, 900)
    cx = 400.0
    wall, radius = _profile(size, cx, [270, 300, 760, 800], [206, 206, 190, 184], smooth=6)
    top = _ellipse(size, (cx - 206, 234, cx + 206, 306))
    solid = np.maximum(wall, top)
    layers = _Layers(size)
    layers.paint(_rgb((222, 228, 228)) + _grain(size, seed, 1.0), solid, 0.07)
    base = _profile(size, cx, [680, 700, 760, 800], [192, 190, 188, 184])[0]
    layers.paint(_rgb((210, 220, 220)) * _rows(size, 1.0, 0.9), base, 0.3)
    layers.paint((248, 252, 252), _soft(_ellipse(size, (cx - 170, 676, cx + 170, 716)), 3)
                 * base, 0.55)
    layers.paint((120, 130, 130), _soft(_ring(size, (cx - 188, 668, cx + 188, 722),
                                              (cx - 176, 674, cx + 176, 716)), 1.5), 0.5)
    layers.paint((104, 114, 114), _glass_edge(wall, 5) * 1.4, 0.55)
    rim = _ring(size, (cx - 206, 234, cx + 206, 306), (cx - 198, 240, cx + 198, 300))
    layers.paint((150, 160, 160), rim, 0.65)
    layers.paint((255, 255, 255), _soft(_arc_lines(size, (cx, 270), (204, 35), 200, 340, 3), 1),
                 0.8)
    for x0, x1, strength in ((cx - 170, cx - 152, 0.6), (cx + 142, cx + 150, 0.4)):
        layers.paint((255, 255, 255), _soft(_rrect(size, (x0, 320, x1, 680), 6), 3), strength)
    layers.paint((90, 100, 100), _soft(_arc_lines(size, (cx, 780), (184, 22), 10, 170, 3), 1),
                 0.6)
    return layers.rgba(), solid


def _arc_lines(size: Size, centre: Point, axes: Point, start: float, stop: float,
               width: float) -> np.ndarray:
    """Coverage of a thin stroke along an ellipse's arc."""
    return _lines(size, [_arc_path(centre, axes, start, stop, 64)], width)


def chelsea_boot(seed: int) -> np.ndarray:
    """A black leather Chelsea boot side-on, a matte elastic gusset, a pull tab loop (1100x1000).

    The pull tab's loop above the back of the shaft shows the backdrop.
    """
    size = (1100, 1000)
    layers = _Layers(size)
    black = _rgb((34, 33, 35))
    tab = _band(size, [(330, 180), (318, 110), (330, 62), (380, 58), (396, 104), (392, 182)], 18)
    layers.paint(_rgb((40, 38, 40)) * _rib(size, 5, 0.2, vertical=False) * _volume(tab, 4, 0.3),
                 tab)
    boot = _poly(size, _chaikin([(300, 170), (560, 170), (560, 320), (580, 520), (700, 610),
                                 (880, 660), (960, 720), (976, 790), (940, 820), (300, 820),
                                 (284, 700), (300, 480), (290, 300)], 2))
    leather = (black * _folds(size, seed, 90, 70, 0.12) * (1 + _grain(size, seed + 1, 0.04))
               * _volume(boot, 40, 0.25))
    layers.paint(leather, boot)
    layers.paint((150, 150, 156), _soft(_lines(size, [[(860, 672), (940, 716), (966, 770)],
                                                      [(330, 220), (326, 700)]], 8), 5)
                 * boot, 0.35)
    creases = [_bezier((590, 560), (640, 540), (700, 560), (720, 620), 20),
               _bezier((610, 600), (660, 590), (700, 600), (720, 640), 20)]
    layers.paint((80, 80, 84), _soft(_lines(size, creases, 3), 1.2) * boot, 0.5)
    gusset = _poly(size, _chaikin([(420, 170), (540, 170), (520, 420), (480, 500), (440, 420)],
                                  1))
    layers.paint(_rgb((50, 50, 54)) * _rib(size, 6, 0.25), gusset * boot)
    layers.paint((20, 20, 22), _stitch(size, [[(416, 180), (436, 420), (480, 508), (526, 420),
                                               (544, 180)]], 7, 4, 2) * boot, 0.9)
    layers.paint((16, 16, 18), _lines(size, [[(300, 174), (560, 174)]], 6) * boot, 0.9)
    sole = _rrect(size, (290, 796, 972, 850), 16)
    layers.paint(_rgb((24, 22, 22)) * _rows(size, 1.0, 0.9), sole)
    layers.paint((70, 66, 62), _stitch(size, [[(300, 808), (960, 808)]], 8, 5, 2), 0.8)
    heel = _rrect(size, (296, 820, 430, 870), 6)
    layers.paint((20, 19, 19), heel)
    layers.paint((60, 58, 56), _lines(size, [[(300, 846), (428, 846)]], 2), 0.7)
    _closed(layers, black, 300)  # where the tab is stitched to the shaft: no paper between
    return layers.rgba()


def yoga_mat(seed: int) -> np.ndarray:
    """A rolled terracotta yoga mat, a black strap; it runs off the left and bottom (1100x900)."""
    size = (1100, 900)
    layers = _Layers(size)
    start, end = np.array([-250.0, 1050.0]), np.array([780.0, 330.0])
    axis = (end - start) / np.hypot(*(end - start))
    normal = np.array([-axis[1], axis[0]])
    r = 150.0
    corners = [start + normal * r, end + normal * r, end - normal * r, start - normal * r]
    roll = _poly(size, [(float(x), float(y)) for x, y in corners])
    face_turn = float(np.degrees(np.arctan2(axis[1], axis[0])))
    face = _tilted(size, (float(end[0]), float(end[1])), (52, r), face_turn)
    mat = _rgb((190, 104, 80)) * (1 + _grain(size, seed, 0.03))
    w, h = size
    px = np.arange(w, dtype=np.float32)[None, :] - start[0]
    py = np.arange(h, dtype=np.float32)[:, None] - start[1]
    across = (px * normal[0] + py * normal[1]) / r
    shade = np.clip(0.7 + 0.3 * np.sqrt(np.clip(1 - across**2, 0, 1)) - 0.18 * across, 0.4, 1.1)
    layers.paint(mat * shade[..., None], roll)
    layers.paint(mat * 1.05, face)
    spiral = []
    for t in np.linspace(0, 5.5 * np.pi, 320):
        rr = 0.18 + 0.82 * t / (5.5 * np.pi)
        spiral.append(_turned([(52 * rr * np.cos(t), r * rr * np.sin(t))], face_turn,
                              (float(end[0]), float(end[1])))[0])
    layers.paint((130, 64, 48), _lines(size, [spiral], 3) * face, 0.9)
    layers.paint((112, 56, 40), _ellipse(size, (end[0] - 9, end[1] - 9, end[0] + 9, end[1] + 9)))
    centre = start + axis * 700
    strap = [(float(x), float(y)) for x, y in (centre + normal * (r + 8) - axis * 22,
                                               centre + normal * (r + 8) + axis * 22,
                                               centre - normal * (r + 8) + axis * 22,
                                               centre - normal * (r + 8) - axis * 22)]
    band = _poly(size, strap)
    layers.paint(_rgb((30, 30, 32)) * _rib(size, 3, 0.2) * shade[..., None], band)
    buckle = _tilted(size, (float(centre[0] - normal[0] * 60), float(centre[1] - normal[1] * 60)),
                     (30, 20), face_turn)
    layers.paint((170, 170, 176), buckle)
    return layers.rgba()


def dish_rack(seed: int) -> np.ndarray:
    """A chrome wire dish rack from the front: basket grid, plate tines, cutlery cup (1200x900).

    Every cell of the basket's grid and the inside of each plate tine show the backdrop.
    """
    size = (1200, 900)
    layers = _Layers(size)
    x0, x1, y0, y1 = 150.0, 1050.0, 400.0, 760.0
    wires = [[(x0, y), (x1, y)] for y in (y0, 520.0, 640.0, y1)]
    wires += [[(x, y0), (x, y1)] for x in np.arange(x0, x1 + 1, 36.0)]
    tines = []
    for x in np.arange(250.0, 760.0, 42.0):
        tines.append([(x - 12, y0), (x - 12, 250)] + _arc_path((x, 250), (12, 12), 180, 360, 12)
                     + [(x + 12, 250), (x + 12, y0)])
    feet = [[(x0 + 20, y1), (x0 + 10, 800), (x0 + 60, 800)],
            [(x1 - 20, y1), (x1 - 10, 800), (x1 - 60, 800)]]
    steel = _weld_slivers(_lines(size, wires + tines + feet, 5.0), 200)
    layers.paint(_rgb((176, 182, 190)) * (1 + _grain(size, seed, 0.04)), steel)
    lit = _lines(size, [[(x - 1.2, y - 1.2) for x, y in line] for line in wires + tines], 1.6)
    layers.paint((250, 252, 255), lit * steel, 0.7)
    layers.paint((92, 96, 104), _lines(size, [[(x + 1.6, y + 1.6) for x, y in line]
                                              for line in wires + tines], 1.4) * steel, 0.5)
    cup = _rrect(size, (860, 300, 1010, 620), 14)
    layers.paint(_rgb((236, 236, 232)) * _volume(cup, 20, 0.12) * _rows(size, 1.04, 0.92), cup)
    for k in range(3):  # drainage slots, moulded shut (no paper through them)
        layers.paint((190, 190, 186), _rrect(size, (890 + 40 * k, 560, 910 + 40 * k, 600), 6))
    layers.paint((210, 210, 206), _lines(size, [[(862, 330), (1008, 330)]], 3), 0.8)
    rubber = _ellipses(size, [(x - 14, 792, x + 14, 812) for x in (x0 + 36, x1 - 36)])
    layers.paint((50, 50, 54), rubber)
    _closed(layers, _rgb((176, 182, 190)), 200)
    return layers.rgba()


def fork(seed: int) -> np.ndarray:
    """A stainless dinner fork lying at a slant, four tines (700x1300)."""
    size = (700, 1300)
    cx = 350.0
    outline = _chaikin([(cx - 40, 1180), (cx - 22, 760), (cx - 14, 560), (cx - 24, 480),
                        (cx - 62, 420), (cx - 64, 380), (cx + 64, 380), (cx + 62, 420),
                        (cx + 24, 480), (cx + 14, 560), (cx + 22, 760), (cx + 40, 1180),
                        (cx, 1210)], 2)
    body = _poly(size, outline)
    head = _poly(size, [(cx - 56, 126), (cx + 56, 126), (cx + 64, 400), (cx - 64, 400)])
    slots = np.maximum.reduce([_rrect(size, (cx + dx - 6.5, 80, cx + dx + 6.5, 392), 6.5)
                               for dx in (-29.0, 0.0, 29.0)])
    head = _rounded(np.clip(head - slots, 0, 1), 3)
    steel = np.maximum(body, head)
    layers = _Layers(size)
    x = np.arange(size[0], dtype=np.float32)[None, :]
    y = np.arange(size[1], dtype=np.float32)[:, None]
    sheen = 0.8 + 0.25 * np.sin((y / 90.0) + 0.6 * np.sin(x / 40.0)) + 0.1 * np.cos(y / 23.0)
    shade = _rgb((196, 198, 204)) * sheen[..., None] * _volume(steel, 5, 0.35)
    layers.paint(shade * (1 + _grain(size, seed, 0.01)), steel)
    layers.paint((250, 252, 255), _soft(_lines(size, [[(cx - 8, 1160), (cx - 6, 620)]], 6), 2)
                 * steel, 0.6)
    layers.paint((90, 94, 100), _soft(_lines(size, [[(cx + 12, 1150), (cx + 8, 700)]], 5), 2)
                 * steel, 0.45)
    return _rotated(layers.rgba(), -14)


def chain_necklace(seed: int) -> np.ndarray:
    """A fine silver chain necklace laid in a teardrop loop, a blue stone pendant (1000x1100).

    The inside of the chain's loop shows the backdrop.
    """
    size = (1000, 1100)
    layers = _Layers(size)
    left = _bezier((500, 170), (180, 200), (200, 700), (490, 862), 160)
    right = _bezier((510, 862), (800, 700), (820, 220), (520, 172), 160)
    tail = _bezier((520, 172), (560, 150), (600, 150), (640, 166), 30)
    path = left + right
    chain = _lines(size, [path, tail], 4.5)
    layers.paint((150, 152, 158), chain)
    pts = np.asarray(path + tail)
    seg = np.hypot(*np.diff(pts, axis=0).T)
    at = np.concatenate([[0.0], np.cumsum(seg)])
    links = []
    for k, t in enumerate(np.arange(0, at[-1], 6.0)):
        px, py = np.interp(t, at, pts[:, 0]), np.interp(t, at, pts[:, 1])
        if k % 2 == 0:
            links.append((px - 2.2, py - 2.2, px + 2.2, py + 2.2))
    layers.paint((244, 246, 250), _ellipses(size, links) * chain, 0.85)
    clasp = _tilted(size, (512, 170), (16, 8), 10)
    layers.paint(_rgb((196, 198, 204)) * _volume(clasp, 3, 0.4), clasp)
    tag = _rrect(size, (634, 160, 652, 182), 3)
    layers.paint((210, 212, 216), tag)
    bail = _ring(size, (490, 850, 512, 880), (495, 855, 507, 875))
    layers.paint((190, 192, 198), bail)
    setting = _tilted(size, (501, 918), (30, 40), 0)
    layers.paint(_rgb((206, 208, 214)) * _volume(setting, 3, 0.5), setting)
    stone = _tilted(size, (501, 918), (24, 33), 0)
    layers.paint(_rgb((70, 130, 196)) * _rows(size, 1.25, 0.8) * _volume(stone, 10, 0.4), stone)
    layers.paint((235, 245, 255), _soft(_ellipse(size, (486, 898, 498, 912)), 2), 0.9)
    _closed(layers, (150, 152, 158), 200)
    return layers.rgba()


def tennis_racket(seed: int) -> np.ndarray:
    """A tennis racket lying flat: black and blue frame, white strings, open throat (1000x1500).

    Every cell of the string bed and the open throat show the backdrop.
    """
    size = (1000, 1500)
    cx, cy, ax, ay = 500.0, 520.0, 300.0, 390.0
    frame = _ring(size, (cx - ax, cy - ay, cx + ax, cy + ay),
                  (cx - ax + 26, cy - ay + 26, cx + ax - 26, cy + ay - 26))
    bed = _ellipse(size, (cx - ax + 20, cy - ay + 20, cx + ax - 20, cy + ay - 20))
    mains = [[(x, cy - ay), (x, cy + ay)] for x in np.arange(cx - 252, cx + 253, 24.0)]
    crosses = [[(cx - ax, y), (cx + ax, y)] for y in np.arange(cy - 340, cy + 341, 22.0)]
    strings = _lines(size, mains + crosses, 2.6) * bed
    beams = _lines(size, [[(cx - 150, cy + 340), (cx - 16, 1020)],
                          [(cx + 150, cy + 340), (cx + 16, 1020)]], 30)
    layers = _Layers(size)
    layers.paint(_rgb((244, 244, 236)) * (1 + _grain(size, seed, 0.02)), strings)
    for x in (mains[0][0][0], mains[-1][0][0]):
        layers.paint((210, 60, 60), _lines(size, [[(x, cy - 60), (x, cy + 60)]], 2.6) * strings)
    frame_all = np.maximum.reduce([frame, beams, _rrect(size, (cx - 28, 980, cx + 28, 1060), 10)])
    layers.paint(_rgb((30, 32, 36)) * _volume(frame_all, 6, 0.35)
                 * (1 + _grain(size, seed + 1, 0.03)), frame_all)
    accent = _ring(size, (cx - ax + 6, cy - ay + 6, cx + ax - 6, cy + ay - 6),
                   (cx - ax + 18, cy - ay + 18, cx + ax - 18, cy + ay - 18))
    top = (np.arange(size[1], dtype=np.float32)[:, None] < cy - 120).astype(np.float32)
    layers.paint((40, 110, 200), accent * top * frame)
    layers.paint((160, 170, 180), _soft(_lines(size, [_arc_path((cx, cy), (ax - 8, ay - 8), 200,
                                                                 250, 24)], 3), 1) * frame, 0.6)
    grip = _rrect(size, (cx - 30, 1080, cx + 30, 1450), 12)
    wrap = 0.9 + 0.1 * np.sin((np.arange(size[1], dtype=np.float32)[:, None]
                               + 0.5 * np.arange(size[0], dtype=np.float32)[None, :]) / 6.0)
    layers.paint(_rgb((236, 234, 226)) * wrap[..., None] * np.clip(_cylinder(size, cx - 30,
                                                                             cx + 30), 0.7, 1.05),
                 np.maximum(grip, 0) * (np.arange(size[1])[:, None] > 1080))
    layers.paint((30, 32, 36), _rrect(size, (cx - 32, 1436, cx + 32, 1470), 8))
    layers.paint((40, 110, 200), _rrect(size, (cx - 28, 1064, cx + 28, 1084), 3))
    grommets = _ring(size, (cx - ax + 22, cy - ay + 22, cx + ax - 22, cy + ay - 22),
                     (cx - ax + 30, cy - ay + 30, cx + ax - 30, cy + ay - 30)) * bed
    layers.paint((62, 64, 70), grommets * (layers.alpha > 0.5))
    _closed(layers, (62, 64, 70), 110)  # cells cut to slivers by the frame: the grommet strip
    return layers.rgba()

