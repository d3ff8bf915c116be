"""Drawn products of the cutout benchmark's ``unseen10`` split, as RGBA layers whose alpha is known.

Drawn blind in session 25, by someone who never read the cutout's code nor ran it on these
drawings; never scored while tuning (see :mod:`benchmarks.cutout_cases`). Same approach as
:mod:`benchmarks.cutout_drawings_unseen9`: each drawing is deterministic in its seed and
returns a float32 RGBA array (alpha 0..255, anti-aliased, shapes drawn 4x supersampled) that
the cases composite on paper with a shadow and JPEG. The large and the small photos are drawn
at a working size; the cases resize them with :func:`benchmarks.cutout_drawings_unseen2.scaled`.

Mostly what shop owners upload: eight ordinary products (a wristwatch whose brown leather
strap is buckled in a loop, a speckled ceramic bud vase, a board game box seen from above at
an angle, a pair of tan leather lace-up boots, a brushed steel two-slot toaster, a lavender
soap bar in a kraft paper band, a cast-iron skillet with a hole in its handle, a plush grey
bunny with long ears). Four are hard for known reasons (a white linen cushion meant for white
paper, a clear glass jar of honey, amber and partly see-through, a black camera with its lens
for dark grey paper, a rolled jute rug running off the right and bottom edges). Three are
thin or see-through (a black wire hook rail, a pair of wooden chopsticks on a rest, a round
grill grate's bars).

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
from benchmarks.cutout_drawings_unseen import _ellipses, _folds, _grain, _lines, _rows, _smooth
from benchmarks.cutout_drawings_unseen2 import _rib, _soft, _stitch, _tilted, _volume
from benchmarks.cutout_drawings_unseen3 import _arc_path, _ring, _turned
from benchmarks.cutout_drawings_unseen4 import _chaikin, _lathe, _profile, _rounded
from benchmarks.cutout_drawings_unseen5 import _bezier
from benchmarks.cutout_drawings_unseen6 import _glass_edge
from benchmarks.cutout_drawings_unseen7 import _weld_slivers
from benchmarks.cutout_drawings_unseen9 import _closed, _hcyl, _metal

CHARCOAL = (58, 59, 62)  # the backdrop the black camera stands on, a few tens of levels above it
LINEN_WHITE = (252, 251, 248)  # the cushion's linen: within a few levels of the white paper

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "wristwatch": 1,
    "skillet": 1,
    "grill_grate": 30,
}


def wristwatch(seed: int) -> np.ndarray:
    """A steel wristwatch, white dial, its brown leather strap buckled in a loop (900x1000).

    The inside of the strap's loop shows the backdrop.
    """
    size = (900, 1000)
    layers = _Layers(size)
    strap = _ring(size, (230, 330, 670, 900), (272, 372, 628, 858))
    leather = (_rgb((124, 74, 42)) * (1 + _grain(size, seed, 0.05))
               * _folds(size, seed + 1, 40, 40, 0.1) * _volume(strap, 8, 0.3))
    layers.paint(leather, strap)
    layers.paint((226, 200, 160), _stitch(size, [_arc_path((450, 615), (212, 277), 0, 360, 160)],
                                          8, 6, 2) * strap, 0.7)
    holes = [(450 + 199 * np.cos(t) - 5, 615 + 264 * np.sin(t) - 5) for t in
             np.deg2rad([140, 150, 160, 170])]
    layers.paint((50, 30, 18), _ellipses(size, [(x, y, x + 10, y + 10) for x, y in holes])
                 * strap)
    buckle = _rrect(size, (396, 856, 504, 920), 10)
    layers.paint(_rgb((200, 202, 206)) * _metal(size, 396, 504, seed + 2), buckle)
    layers.paint((110, 112, 118), _rrect(size, (410, 868, 490, 908), 8), 0.8)
    layers.paint(leather * 0.85, _rrect(size, (416, 872, 484, 904), 6))  # the strap under it
    lugs = _rrect(size, (370, 250, 530, 470), 20)
    steel = _rgb((196, 198, 204)) * _metal(size, 370, 530, seed + 3)
    layers.paint(steel, lugs)
    case = _ellipse(size, (330, 220, 570, 460))
    layers.paint(_rgb((206, 208, 212)) * _volume(case, 10, 0.4), case)
    dial = _ellipse(size, (350, 240, 550, 440))
    layers.paint(_rgb((246, 244, 238)) * _rows(size, 1.0, 0.96), dial)
    for k in range(12):
        t = np.deg2rad(k * 30)
        x, y = 450 + np.cos(t) * 86, 340 + np.sin(t) * 86
        dx, dy = np.cos(t) * (10 if k % 3 else 18), np.sin(t) * (10 if k % 3 else 18)
        layers.paint((40, 40, 44), _lines(size, [[(x, y), (x - dx, y - dy)]], 4 if k % 3 else 6))
    layers.paint((30, 30, 34), _lines(size, [[(450, 340), (410, 290)], [(450, 340), (520, 330)]],
                                      6))
    layers.paint((190, 40, 40), _lines(size, [[(450, 340), (470, 420)]], 2))
    layers.paint((255, 255, 255), _soft(_ellipse(size, (370, 258, 470, 300)), 8) * dial, 0.5)
    crown = _rrect(size, (566, 326, 596, 354), 4)
    layers.paint(_rgb((190, 192, 198)) * _rib(size, 3, 0.25, vertical=False), crown)
    _closed(layers, leather * 0.8, 300)  # where the lugs meet the strap: no paper between
    return layers.rgba()


def bud_vase(seed: int) -> np.ndarray:
    """A speckled matte sand-coloured ceramic bud vase: round belly, narrow neck (700x1000)."""
    size = (700, 1000)
    cx = 350.0
    body, radius = _profile(size, cx, [150, 190, 320, 520, 720, 880, 930],
                            [70, 56, 70, 210, 230, 170, 150], smooth=40)
    layers = _Layers(size)
    sand = (_rgb((214, 196, 170)) * _lathe(size, cx, np.maximum(radius, 1), -0.4)
            * (1 + 0.03 * _smooth(size, seed, 60, 90)[..., None]))
    layers.paint(sand, body)
    specks = (_grain(size, seed + 1, 1.0)[..., 0] > 2.6).astype(np.float32)
    layers.paint((96, 78, 62), specks * body, 0.8)
    layers.paint(_rgb((190, 170, 146)) * _rows(size, 1.0, 0.9),
                 body * (np.arange(size[1])[:, None] > 900), 0.8)  # the unglazed foot
    lip = _ellipse(size, (cx - 70, 138, cx + 70, 162))
    layers.paint((200, 182, 156), lip)
    layers.paint((70, 58, 48), _ellipse(size, (cx - 48, 142, cx + 48, 158)))
    return layers.rgba()


def board_game(seed: int) -> np.ndarray:
    """A board game's box from above at an angle: printed lid, two visible sides (1100x900)."""
    size = (1100, 900)
    layers = _Layers(size)
    top = [(170, 230), (820, 140), (960, 560), (300, 680)]
    front = [(300, 680), (960, 560), (966, 620), (304, 744)]
    left = [(170, 230), (300, 680), (304, 744), (172, 290)]
    layers.paint(_rgb((26, 70, 110)) * _rows(size, 1.0, 0.8), _poly(size, left))
    layers.paint(_rgb((30, 84, 132)) * 0.9, _poly(size, front))
    lid = _poly(size, top)
    sky = _rgb((46, 112, 170)) * _rows(size, 1.15, 0.85) * (1 + _grain(size, seed, 0.02))
    layers.paint(sky, lid)
    hills = _poly(size, [(240, 470), (380, 380), (520, 440), (650, 350), (800, 420),
                         (930, 470), (960, 560), (300, 680)])
    layers.paint(_rgb((70, 150, 80)) * (1 + 0.1 * _smooth(size, seed + 1, 40, 30)[..., None]),
                 hills * lid)
    layers.paint((230, 190, 60), _ellipse(size, (700, 200, 780, 270)) * lid)  # the sun
    for k, (x, y) in enumerate([(420, 520), (560, 500), (700, 470), (500, 600)]):
        layers.paint([(200, 60, 50), (240, 220, 200), (220, 150, 40), (150, 40, 40)][k],
                     _poly(size, [(x, y), (x + 40, y - 8), (x + 46, y + 30), (x + 6, y + 38)])
                     * lid)
    band = _poly(size, [(210, 270), (790, 190), (812, 250), (228, 330)])
    layers.paint((244, 236, 214), band * lid)
    layers.paint((180, 40, 40), _lines(size, [[(300, 286), (700, 232)]], 22) * band)
    layers.paint((60, 40, 30), _lines(size, [[(330, 314), (640, 272)]], 5) * band, 0.8)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(180, 236), (818, 148)]], 3), 1), 0.6)
    layers.paint((240, 236, 220), _lines(size, [[(340, 712), (460, 690)]], 8), 0.9)  # side text
    return layers.rgba()


def _boot(layers: _Layers, size: Size, dx: float, tone: float, seed: int) -> None:
    """Paint one tan lace-up boot side-on, toe to the right, moved ``dx`` px right."""
    def at(points: list[Point]) -> list[Point]:
        return [(x + dx, y) for x, y in points]

    shaft = _poly(size, _chaikin(at([(120, 200), (300, 190), (320, 480), (420, 560), (520, 600),
                                     (556, 660), (556, 700), (110, 700), (104, 460)]), 2))
    tan = _rgb((168, 112, 64)) * tone
    leather = tan * _folds(size, seed, 40, 60, 0.14) * (1 + _grain(size, seed + 1, 0.04))
    layers.paint(leather * _volume(shaft, 26, 0.3), shaft)
    tongue = _poly(size, at([(240, 200), (310, 196), (330, 470), (262, 460)]))
    layers.paint(tan * 0.8, tongue * shaft)
    for k in range(7):
        y = 230 + k * 34
        layers.paint((230, 222, 206), _lines(size, [at([(250, y), (318, y + 14)])], 5) * shaft)
        layers.paint((60, 44, 30), _ellipses(size, [(246 + dx, y - 5, 256 + dx, y + 5),
                                                    (312 + dx, y + 9, 322 + dx, y + 19)])
                     * shaft)
    layers.paint((110, 70, 40), _stitch(size, [at([(110, 560), (300, 560), (420, 600),
                                                   (540, 640)])], 7, 5, 2), 0.8)
    sole = _rrect(size, (100 + dx, 690, 566 + dx, 730), 10)
    layers.paint(_rgb((44, 36, 30)) * _rows(size, 1.0, 0.85), sole)
    layers.paint((200, 180, 150), _lines(size, [at([(106, 694), (560, 694)])], 3), 0.8)
    heel = _rrect(size, (100 + dx, 724, 210 + dx, 760), 4)
    layers.paint((36, 30, 26), heel)
    layers.paint(_rgb((44, 36, 30)), _rrect(size, (380 + dx, 724, 564 + dx, 748), 8))


def leather_boots(seed: int) -> np.ndarray:
    """A pair of tan leather lace-up boots side-on, one a step behind the other (1200x900)."""
    size = (1200, 900)
    layers = _Layers(size)
    _boot(layers, size, 530, 0.86, seed)  # the far boot, in a little shade
    _boot(layers, size, 20, 1.0, seed + 2)
    _closed(layers, (40, 34, 28), 2000)  # where the two soles meet: no paper between
    return layers.rgba()


def toaster(seed: int) -> np.ndarray:
    """A brushed steel two-slot toaster side-on: black slots, lever, dial, feet (1100x800)."""
    size = (1100, 800)
    layers = _Layers(size)
    body = _rrect(size, (180, 220, 920, 660), 90)
    steel = (_rgb((196, 198, 202)) * _hcyl(size, 220, 660) * (1 + _grain(size, seed, 0.02))
             * _volume(body, 30, 0.25))
    layers.paint(steel, body)
    layers.paint((250, 252, 255), _soft(_lines(size, [[(260, 290), (840, 290)]], 14), 6) * body,
                 0.55)
    layers.paint((70, 72, 78), _soft(_lines(size, [[(240, 600), (860, 600)]], 16), 8) * body, 0.4)
    for x0 in (330, 560):
        layers.paint((24, 24, 26), _rrect(size, (x0, 214, x0 + 200, 232), 8))
    panel = _rrect(size, (200, 420, 320, 620), 18)
    layers.paint(_rgb((36, 36, 40)) * _rows(size, 1.05, 0.9), panel)
    lever = _rrect(size, (150, 300, 232, 336), 10)
    layers.paint(_rgb((30, 30, 34)) * _volume(lever, 6, 0.3), lever)
    dial = _ellipse(size, (232, 450, 288, 506))
    layers.paint(_rgb((200, 202, 206)) * _volume(dial, 6, 0.35), dial)
    layers.paint((30, 30, 34), _lines(size, [[(260, 478), (260, 456)]], 4))
    for x in (230, 870):
        layers.paint((30, 30, 32), _rrect(size, (x - 30, 650, x + 30, 676), 6))
    layers.paint((180, 40, 40), _ellipse(size, (254, 580, 266, 592)))  # the power light
    return layers.rgba()


def soap_bar(seed: int) -> np.ndarray:
    """A lavender soap bar in a printed kraft paper band, a sprig on top (900x700)."""
    size = (900, 700)
    layers = _Layers(size)
    bar = _rounded(_poly(size, [(150, 260), (700, 200), (760, 470), (210, 540)]), 30)
    lilac = _rgb((196, 176, 212)) * (1 + _grain(size, seed, 0.03)) * _volume(bar, 30, 0.25)
    layers.paint(lilac, bar)
    layers.paint((150, 120, 170), (_grain(size, seed + 1, 1.0)[..., 0] > 2.5) * bar, 0.6)
    band = _poly(size, [(340, 238), (520, 218), (578, 506), (398, 528)]) * bar
    kraft = _rgb((186, 146, 104)) * (1 + _grain(size, seed + 2, 0.05))
    layers.paint(kraft * _rows(size, 1.05, 0.92), band)
    layers.paint((60, 44, 34), _lines(size, [[(392, 340), (510, 326)]], 14) * band)
    layers.paint((70, 52, 40), _lines(size, [[(402, 380), (500, 368)], [(410, 404), (492, 394)]],
                                      4) * band, 0.8)
    stem = _bezier((600, 300), (640, 260), (690, 250), (740, 236), 24)
    layers.paint((90, 110, 70), _lines(size, [stem], 4))
    buds = [(x - 9, y - 6, x + 9, y + 6) for x, y in stem[8::3]]
    layers.paint((120, 90, 160), _ellipses(size, buds))
    return layers.rgba()


def skillet(seed: int) -> np.ndarray:
    """A cast-iron skillet from above, a hole through the end of its long handle (1400x900).

    The hole shows the backdrop.
    """
    size = (1400, 900)
    cx, cy, r = 460.0, 450.0, 340.0
    pan = _ellipse(size, (cx - r, cy - r, cx + r, cy + r))
    handle = _poly(size, _chaikin([(cx + r - 40, cy - 46), (1240, cy - 40), (1300, cy - 20),
                                   (1306, cy + 20), (1240, cy + 40), (cx + r - 40, cy + 46)], 2))
    lip = _poly(size, _chaikin([(cx - r + 30, cy - 60), (70, cy - 50), (60, cy + 50),
                                (cx - r + 30, cy + 60)], 2))
    hole = _ellipse(size, (1204, cy - 20, 1262, cy + 20))
    iron = np.clip(np.maximum.reduce([pan, handle, lip]) - hole, 0, 1)
    layers = _Layers(size)
    black = _rgb((42, 42, 44)) * (1 + _grain(size, seed, 0.06))
    layers.paint(black * _volume(iron, 10, 0.3), iron)
    inner = _ellipse(size, (cx - r + 26, cy - r + 26, cx + r - 26, cy + r - 26))
    layers.paint(_rgb((30, 30, 32)) * (1 + 0.08 * _smooth(size, seed + 1, 60, 60)[..., None]),
                 inner)
    layers.paint((120, 120, 126), _soft(_ring(size, (cx - r + 4, cy - r + 4, cx + r - 4,
                                                      cy + r - 4),
                                              (cx - r + 20, cy - r + 20, cx + r - 20,
                                               cy + r - 20)), 3), 0.5)
    layers.paint((150, 150, 156), _soft(_ellipse(size, (cx - 220, cy - 240, cx - 40, cy - 160)),
                                        30) * inner, 0.35)
    layers.paint((90, 90, 96), _soft(_lines(size, [[(cx + r, cy - 30), (1230, cy - 26)]], 6), 3)
                 * iron, 0.5)
    return layers.rgba()


def plush_bunny(seed: int) -> np.ndarray:
    """A plush grey bunny sitting: long ears, round belly, stitched nose (800x1100)."""
    size = (800, 1100)
    layers = _Layers(size)
    fur = _rgb((176, 172, 168)) * (1 + _grain(size, seed, 0.07)) * _folds(size, seed + 1, 20, 20,
                                                                         0.08)
    ears = [_tilted(size, (330, 230), (50, 170), -12), _tilted(size, (480, 230), (50, 170), 14)]
    for ear in ears:
        layers.paint(fur * _volume(ear, 14, 0.3), ear)
    for centre, turn in (((334, 250), -12.0), ((476, 250), 14.0)):
        layers.paint((226, 196, 196), _tilted(size, centre, (24, 120), turn), 0.9)
    body = _ellipse(size, (210, 560, 610, 1020))
    layers.paint(fur * _volume(body, 50, 0.3), body)
    layers.paint((214, 208, 200), _ellipse(size, (300, 690, 520, 960)), 0.7)  # the belly
    for box in ((180, 900, 340, 1040), (470, 900, 630, 1040)):
        foot = _ellipse(size, box)
        layers.paint(fur * _volume(foot, 20, 0.3), foot)
    for box in ((200, 620, 290, 820), (520, 620, 610, 820)):
        arm = _ellipse(size, box)
        layers.paint(fur * 0.94 * _volume(arm, 16, 0.3), arm)
    head = _ellipse(size, (240, 340, 580, 650))
    layers.paint(fur * _volume(head, 40, 0.3), head)
    layers.paint((30, 28, 28), _ellipses(size, [(330, 470, 352, 492), (460, 470, 482, 492)]))
    layers.paint((160, 90, 100), _poly(size, [(392, 530), (428, 530), (410, 552)]))
    layers.paint((90, 70, 70), _lines(size, [[(410, 552), (396, 574)], [(410, 552), (424, 574)]],
                                      3))
    return layers.rgba()


def linen_cushion(seed: int) -> np.ndarray:
    """A white linen cushion, puffed with a piped edge and a soft dent, on white (1100x900)."""
    size = (1100, 900)
    layers = _Layers(size)
    outline = _chaikin([(170, 170), (550, 200), (930, 160), (900, 450), (940, 760), (550, 720),
                        (160, 770), (200, 450)], 3)
    cushion = _poly(size, outline)
    weave = _rib(size, 3, 0.01) * _rib(size, 3, 0.01, vertical=False)
    rows = np.arange(size[1], dtype=np.float32)[:, None]
    cols = np.arange(size[0], dtype=np.float32)[None, :]
    dent = 1 - 0.04 * np.exp(-(((cols - 560) / 220) ** 2 + ((rows - 470) / 180) ** 2))
    linen = (_rgb(LINEN_WHITE) * weave * _folds(size, seed, 60, 60, 0.02) * dent[..., None]
             * _volume(cushion, 50, 0.06))
    layers.paint(linen, cushion)
    layers.paint((220, 218, 212), _lines(size, [outline + outline[:1]], 3), 0.8)  # the piping
    creases = [_bezier((200, 200), (320, 260), (380, 300), (440, 330), 20),
               _bezier((900, 740), (800, 680), (740, 650), (680, 630), 20)]
    layers.paint((214, 212, 206), _soft(_lines(size, creases, 5), 3) * cushion, 0.6)
    return layers.rgba()


def honey_jar(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A clear glass jar of amber honey, a gold lid and a paper label (800x1000).

    Returns:
        The RGBA layer (the glass above the honey is see-through, the honey partly) and the
        jar's silhouette coverage 0..1 (all of it product).
    """
    size = (800, 1000)
    layers = _Layers(size)
    glass = _rrect(size, (210, 250, 590, 900), 50)
    lid = _rrect(size, (230, 170, 570, 262), 12)
    solid = np.maximum(glass, lid)
    rows = np.arange(size[1], dtype=np.float32)[:, None]
    layers.paint(_rgb((226, 232, 230)) + _grain(size, seed, 1.0), glass, 0.1)
    honey = _rrect(size, (226, 380, 574, 884), 40) * np.clip((rows - 380) / 2, 0, 1)
    amber = (_rgb((214, 140, 30)) * np.clip(_cylinder(size, 226, 574), 0.6, 1.15)
             * _rows(size, 1.1, 0.8))
    layers.paint(amber, honey, 0.72)
    layers.paint((250, 200, 110), _soft(_lines(size, [[(232, 384), (568, 384)]], 5), 1.5), 0.7)
    layers.paint((96, 104, 102), _glass_edge(glass, 7) * 1.3, 0.55)
    for box, strength in (((236, 280, 252, 860), 0.7), ((548, 300, 558, 840), 0.35)):
        layers.paint((255, 255, 255), _soft(_rrect(size, box, 5), 2), strength)
    label = _rrect(size, (300, 520, 500, 720), 8)
    layers.paint(_rgb((240, 232, 212)) * (1 + _grain(size, seed + 1, 0.01)), label)
    layers.paint((60, 44, 30), _lines(size, [[(330, 590), (470, 590)]], 16))
    layers.paint((120, 80, 30), _lines(size, [[(350, 630), (450, 630)], [(360, 660),
                                                                         (440, 660)]], 4), 0.8)
    gold = _rgb((206, 170, 90)) * _metal(size, 230, 570, seed + 2) * _rib(size, 8, 0.1)
    layers.paint(gold, lid)
    layers.paint((255, 240, 200), _soft(_lines(size, [[(240, 180), (560, 180)]], 3), 1), 0.6)
    return layers.rgba(), solid


def black_camera(seed: int) -> np.ndarray:
    """A black mirrorless camera from the front, a big lens, a textured grip (1100x800)."""
    size = (1100, 800)
    layers = _Layers(size)
    black = _rgb((30, 30, 32))
    body = _rrect(size, (160, 260, 940, 640), 40)
    hump = _poly(size, _chaikin([(420, 270), (460, 170), (640, 170), (680, 270)], 2))
    dial = _rrect(size, (740, 210, 840, 270), 10)
    layers.paint(_rgb((40, 40, 42)) * _rib(size, 4, 0.3), dial)
    layers.paint(black * _volume(hump, 14, 0.4) * _rows(size, 1.2, 0.9), hump)
    layers.paint(black * _volume(body, 24, 0.4) * (1 + _grain(size, seed, 0.03)), body)
    grip = _rrect(size, (160, 270, 300, 630), 40)
    layers.paint(_rgb((24, 24, 26)) * (1 + _grain(size, seed + 1, 0.12)) * _volume(grip, 20, 0.4),
                 grip)
    layers.paint((120, 120, 126), _soft(_lines(size, [[(200, 268), (900, 268)]], 4), 2) * body,
                 0.5)
    for box, shade in (((380, 250, 740, 610), 0.9), ((400, 270, 720, 590), 1.0),
                       ((440, 310, 680, 550), 0.7)):
        ring = _ellipse(size, box)
        layers.paint(black * shade * _volume(ring, 10, 0.5), ring)
    layers.paint(_rgb((34, 34, 36)) * _rib(size, 5, 0.3),
                 _ring(size, (400, 270, 720, 590), (424, 294, 696, 566)))
    glass = _ellipse(size, (480, 350, 640, 510))
    layers.paint(_rgb((20, 22, 34)) * _volume(glass, 30, -0.6), glass)
    layers.paint((120, 150, 200), _soft(_ellipse(size, (510, 372, 560, 410)), 6) * glass, 0.7)
    layers.paint((170, 90, 140), _soft(_ellipse(size, (580, 450, 606, 470)), 4) * glass, 0.5)
    layers.paint((200, 200, 204), _lines(size, [[(770, 300), (850, 300)]], 6), 0.8)  # the brand
    layers.paint((180, 30, 30), _ellipse(size, (860, 290, 876, 306)))
    for x in (150, 934):  # the strap lugs, solid
        layers.paint((150, 150, 156), _rrect(size, (x, 300, x + 16, 330), 4))
    return layers.rgba()


def rolled_rug(seed: int) -> np.ndarray:
    """A rolled jute rug with a cream border, running off the right and bottom (1100x900)."""
    size = (1100, 900)
    layers = _Layers(size)
    start, end = np.array([1400.0, 1060.0]), np.array([330.0, 360.0])
    axis = (end - start) / np.hypot(*(end - start))
    normal = np.array([-axis[1], axis[0]])
    r = 130.0
    corners = [start + normal * r, end + normal * r, end - normal * r, start - normal * r]
    roll = _poly(size, [(float(x), float(y)) for x, y in corners])
    turn = float(np.degrees(np.arctan2(axis[1], axis[0])))
    face = _tilted(size, (float(end[0]), float(end[1])), (48, r), turn)
    w, h = size
    px = np.arange(w, dtype=np.float32)[None, :] - start[0]
    py = np.arange(h, dtype=np.float32)[:, None] - start[1]
    across = (px * normal[0] + py * normal[1]) / r
    along = px * axis[0] + py * axis[1]
    shade = np.clip(0.72 + 0.3 * np.sqrt(np.clip(1 - across**2, 0, 1)) + 0.15 * across, 0.4, 1.1)
    weave = 1 - 0.12 * (0.5 + 0.5 * np.sin(along / 3.0)) * (0.5 + 0.5 * np.sin(across * 60))
    jute = _rgb((184, 150, 102)) * (1 + _grain(size, seed, 0.06))
    layers.paint(jute * (shade * weave)[..., None], roll)
    border = (np.abs(along - 1190) < 30).astype(np.float32)  # a woven cream stripe
    layers.paint(_rgb((232, 222, 200)) * shade[..., None], border * roll)
    layers.paint(jute * 1.05, face)
    spiral = []
    for t in np.linspace(0, 6 * np.pi, 360):
        rr = 0.15 + 0.85 * t / (6 * np.pi)
        spiral.append(_turned([(48 * rr * np.cos(t), r * rr * np.sin(t))], turn,
                              (float(end[0]), float(end[1])))[0])
    layers.paint((120, 92, 60), _lines(size, [spiral], 3) * face, 0.9)
    fringe = [[(float(x), float(y)), (float(x - axis[0] * 30), float(y - axis[1] * 30))]
              for x, y in (end + normal * k for k in np.linspace(-r + 20, r - 20, 14))]
    layers.paint((226, 214, 186), _lines(size, fringe, 4))
    return layers.rgba()


def hook_rail(seed: int) -> np.ndarray:
    """A black wire hook rail: five bent hooks on an oak board, their tips curled up (1300x600)."""
    size = (1300, 600)
    layers = _Layers(size)
    board = _rrect(size, (100, 120, 1200, 220), 10)
    oak = _rgb((196, 158, 110)) * (1 + 0.06 * _smooth(size, seed, 200, 6)[..., None])
    layers.paint(oak * _rows(size, 1.05, 0.9) * (1 + _grain(size, seed + 1, 0.03)), board)
    hooks = []
    for x in np.linspace(230, 1070, 5):
        hooks.append([(x, 180.0), (x, 300.0)] + _arc_path((x + 40, 300), (40, 60), 180, 90, 20)
                     + _arc_path((x + 40, 300), (40, 60), 90, -20, 20))
    wire = _lines(size, hooks, 9)
    layers.paint((28, 28, 30), wire)
    layers.paint((150, 150, 156), _lines(size, [[(x - 2, y - 2) for x, y in h] for h in hooks], 2)
                 * wire, 0.7)
    tips = [(h[-1][0] - 7, h[-1][1] - 7, h[-1][0] + 7, h[-1][1] + 7) for h in hooks]
    layers.paint((28, 28, 30), _ellipses(size, tips))
    for x in (140, 1160):
        layers.paint((120, 120, 124), _ellipse(size, (x - 9, 161, x + 9, 179)))  # screws
    return layers.rgba()


def chopsticks(seed: int) -> np.ndarray:
    """A pair of lacquered wooden chopsticks lying on a ceramic rest, tips apart (1200x500)."""
    size = (1200, 500)
    layers = _Layers(size)
    rest = _rrect(size, (330, 250, 430, 300), 24)
    layers.paint(_rgb((226, 232, 236)) * _volume(rest, 12, 0.2), rest)
    for y0, y1, tone in ((200.0, 236.0, 1.0), (268.0, 256.0, 0.9)):
        normal = 9.0
        stick = _poly(size, [(120, y0 - normal), (1080, y1 - 3), (1080, y1 + 3),
                             (120, y0 + normal)])
        wood = _rgb((120, 62, 40)) * tone * (1 + 0.08 * _smooth(size, seed, 80, 4)[..., None])
        layers.paint(wood * _volume(stick, 4, 0.35), stick)
        layers.paint((240, 200, 180), _soft(_lines(size, [[(130, y0 - 4), (1060, y1 - 1)]], 2),
                                            1) * stick, 0.4)
        layers.paint((190, 160, 110), _poly(size, [(120, y0 - normal), (300, y0 - 8),
                                                   (300, y0 + 8), (120, y0 + normal)]) * stick)
    return layers.rgba()


def grill_grate(seed: int) -> np.ndarray:
    """A round chrome grill grate from above: bars, two cross bars, side handles (1000x1000).

    Every cell between the bars shows the backdrop.
    """
    size = (1000, 1000)
    cx, cy, r = 500.0, 500.0, 360.0
    layers = _Layers(size)
    rim = _ring(size, (cx - r, cy - r, cx + r, cy + r), (cx - r + 14, cy - r + 14, cx + r - 14,
                                                          cy + r - 14))
    bars = []
    for x in np.arange(cx - r + 34, cx + r - 20, 30.0):
        half = np.sqrt(max(r**2 - (x - cx) ** 2, 0.0))
        bars.append([(float(x), cy - half), (float(x), cy + half)])
    cross = [[(cx - r, y), (cx + r, y)] for y in (cy - 150.0, cy + 150.0)]
    handles = [_arc_path((cx - r + 10, cy), (60, 70), 90, 270, 24),  # ends in the rim
               _arc_path((cx + r - 10, cy), (60, 70), -90, 90, 24)]
    inside = _ellipse(size, (cx - r, cy - r, cx + r, cy + r))
    steel = np.maximum.reduce([rim, _lines(size, bars, 6) * inside,
                               _lines(size, cross, 9) * inside, _lines(size, handles, 8)])
    steel = _weld_slivers(steel, 200)
    chrome = _rgb((184, 188, 194)) * (1 + _grain(size, seed, 0.04))
    layers.paint(chrome * _rows(size, 1.08, 0.9), steel)
    lit = _lines(size, [[(x - 1.5, y) for x, y in b] for b in bars], 2) * steel
    layers.paint((252, 252, 255), lit, 0.7)
    layers.paint((80, 84, 90), _lines(size, [[(x + 2, y) for x, y in b] for b in bars], 1.5)
                 * steel, 0.5)
    _closed(layers, chrome, 200)
    return layers.rgba()

