"""Drawn products of the cutout benchmark's ``unseen12`` split, as RGBA layers whose alpha is known.

Drawn blind in session 28, by someone who never read the cutout's code nor ran it on these
drawings; never scored while tuning (see :mod:`benchmarks.cutout_cases`). Same approach as
:mod:`benchmarks.cutout_drawings_unseen11`: each drawing is deterministic in its seed and
returns a float32 RGBA array (alpha 0..255, anti-aliased, shapes drawn 4x supersampled) that
the cases composite on paper with a shadow and JPEG. The large and the small photos are drawn
at a working size; the cases resize them with :func:`benchmarks.cutout_drawings_unseen2.scaled`.

Fifteen products. Ordinary ones with a twist: a white bicycle helmet with dark vents and a
chin strap hanging in a V under it (meant for off-white paper), a beech rolling pin on beige
paper of nearly its colour, a woven bread basket with a baguette and rolls, a black cast-iron
kettlebell whose handle hole shows the backdrop (a long dark side shadow), a red dog harness
laid flat whose straps enclose three gaps. Hard for known reasons: a white cotton pillow meant
for white paper, a cream open-weave knitted throw on ivory paper whose eyelets show the paper,
an olive backpack held by its top loop in a hand coming in from the top edge, a closed black
umbrella with a hooked wooden handle whose tip runs off the bottom edge, a glass teapot of
amber tea whose glass handle loop shows the paper. Thin or see-through: folded gold reading
glasses (thin rims and temples through clear lenses), a black wire egg basket holding brown
eggs, a fishing landing net's fine mesh, a cream macramé plant hanger's knotted cords, a phone
on a tripod with thin legs.

:data:`LOOPS` says how many enclosed background gaps each drawing was drawn with, so that the
truth can be checked against the intent.
"""

from __future__ import annotations

import numpy as np

from benchmarks.cutout_drawings import (
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
    _polys,
    _rows,
    _smooth,
)
from benchmarks.cutout_drawings_unseen2 import _rib, _soft, _stitch, _tilted, _volume
from benchmarks.cutout_drawings_unseen3 import _arc_path, _band, _ring
from benchmarks.cutout_drawings_unseen4 import _chaikin, _inset, _lathe, _profile, _rounded
from benchmarks.cutout_drawings_unseen5 import _bezier
from benchmarks.cutout_drawings_unseen6 import _glass_edge
from benchmarks.cutout_drawings_unseen7 import _weld_slivers
from benchmarks.cutout_drawings_unseen9 import _closed, _hcyl, _metal

HELMET_WHITE = (245, 244, 240)  # the helmet's matte shell: within a few levels of off-white paper
PILLOW_WHITE = (250, 249, 247)  # the pillow's cotton: the white paper's own colour
THROW_CREAM = (243, 236, 219)  # the knitted throw's yarn: within a few levels of ivory paper
CORD_CREAM = (238, 229, 208)  # the macramé cotton cord, near the cream paper it hangs on
FAIR_SKIN = (232, 188, 160)

# Enclosed background gaps each drawing was drawn with (at least this many, each a real gap).
LOOPS = {
    "bike_helmet": 1,
    "reading_glasses": 1,
    "dog_harness": 3,
    "egg_basket": 20,
    "glass_teapot": 1,
    "knit_throw": 30,
    "kettlebell": 1,
    "held_backpack": 1,
    "landing_net": 40,
    "macrame_hanger": 6,
}


def _union(*covers: np.ndarray) -> np.ndarray:
    """The coverage of overlapping anti-aliased parts, as painting them one over another gives."""
    clear = np.ones_like(covers[0])
    for cover in covers:
        clear = clear * (1 - cover)
    return (1 - clear).astype(np.float32)


def bike_helmet(seed: int) -> np.ndarray:
    """A matte white road-bike helmet side-on: dark vents, a visor, a chin strap's V (1100x900).

    The V of the chin strap and the helmet's lower edge enclose the backdrop.
    """
    size = (1100, 900)
    layers = _Layers(size)
    strap = _lines(size, [[(360, 540), (520, 800), (760, 530)]], 14)
    layers.paint(_rgb((34, 34, 38)) * _rib(size, 3, 0.15), strap)
    buckle = _rrect(size, (494, 770, 548, 836), 8)
    layers.paint(_rgb((30, 30, 32)) * _volume(buckle, 6, 0.4), buckle)
    shell = _poly(size, _chaikin([(130, 560), (170, 380), (300, 240), (520, 180), (760, 200),
                                  (940, 320), (1000, 470), (980, 560), (720, 590), (420, 600)],
                                 3))
    layers.paint(_rgb((40, 40, 44)) * _rows(size, 1.1, 0.8), shell)  # the black in-mould rim
    upper = np.clip(shell - _poly(size, [(0, 556), (1100, 540), (1100, 900), (0, 900)]), 0, 1)
    white = (_rgb(HELMET_WHITE) * _volume(upper, 40, 0.12) * _rows(size, 1.02, 0.93)
             * (1 + _grain(size, seed, 0.006)))
    layers.paint(white, upper)
    for k, (x, y) in enumerate(((300, 360), (440, 290), (600, 270), (750, 310), (870, 400),
                                (400, 430), (600, 400), (780, 460))):
        turn = -40 + 16 * k if k < 5 else -10 + 10 * (k - 5)
        vent = _tilted(size, (x, y), (64 - 6 * (k % 2), 15), turn)
        layers.paint(_rgb((52, 52, 56)) * _volume(vent, 8, 0.5), vent)
        layers.paint((200, 198, 192), _soft(_tilted(size, (x, y + 12), (60, 6), turn), 3)
                     * upper, 0.6)  # the lower lip of the vent, lit
        layers.paint((130, 130, 128), _soft(_tilted(size, (x, y - 16), (62, 5), turn), 4)
                     * upper, 0.4)  # the shade the upper lip casts
    dial = _rrect(size, (930, 520, 1000, 590), 16)  # the fit dial at the back
    layers.paint(_rgb((30, 30, 34)) * _volume(dial, 8, 0.4), dial)
    layers.paint((255, 255, 255), _soft(_tilted(size, (480, 230), (160, 16), -8), 12) * upper,
                 0.45)
    return layers.rgba()


def reading_glasses(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Folded gold reading glasses, front on: thin rims, clear lenses, temples behind (900x500).

    Returns:
        The RGBA layer (the lenses are nearly clear) and the glasses' silhouette coverage 0..1
        (lenses included). The bridge, the two rims and the folded temples enclose the paper.
    """
    size = (900, 500)
    layers = _Layers(size)
    gold = _rgb((196, 160, 92)) * (1 + _grain(size, seed, 0.03))
    lenses = _ellipses(size, [(122, 128, 420, 330), (480, 128, 778, 330)])
    temples = _lines(size, [[(118, 190), (420, 250), (700, 256), (742, 270), (760, 300)],
                            [(782, 190), (480, 256), (200, 262), (158, 280), (140, 306)]], 5)
    bridge = _lines(size, [[(408, 206), (424, 176), (450, 164), (476, 176), (492, 206)]], 6)
    pads = _ellipses(size, [(400, 214, 420, 250), (480, 214, 500, 250)])
    rims = _ring(size, (118, 124, 424, 334), (124, 130, 418, 328))
    rims = np.maximum(rims, _ring(size, (476, 124, 782, 334), (482, 130, 776, 328)))
    tips = _lines(size, [[(742, 270), (760, 300)], [(158, 280), (140, 306)]], 7)
    hinges = _ellipses(size, [(108, 176, 130, 204), (770, 176, 792, 204)])
    solid = _weld_slivers(_union(lenses, temples, bridge, rims, pads, tips, hinges), 200)
    layers.paint(_rgb((150, 120, 70)) * _volume(temples, 2, 0.3), temples)
    layers.paint((70, 44, 30), tips)  # the tortoiseshell tips
    layers.paint((236, 236, 230), lenses, 0.1)
    layers.paint((120, 124, 120), _glass_edge(lenses, 6), 0.35)
    for x in (200, 560):
        layers.paint((255, 255, 255), _soft(_poly(size, [(x, 150), (x + 40, 150), (x - 20, 300),
                                                         (x - 60, 300)]), 6) * lenses, 0.35)
    layers.paint((220, 226, 220), pads, 0.7)
    layers.paint(gold * _volume(rims, 1.5, 0.35), rims)
    layers.paint(gold * _volume(bridge, 1.5, 0.35), bridge)
    layers.paint(_rgb((120, 94, 50)) * _volume(hinges, 3, 0.3), hinges)
    layers.paint(gold, np.clip(solid - layers.alpha - lenses, 0, 1))  # where a temple meets a rim
    return layers.rgba(), np.maximum(solid, layers.alpha)


def dog_harness(seed: int) -> np.ndarray:
    """A red nylon dog harness laid flat: neck and girth loops, a padded back, a D-ring (1000x900).

    Both loops and the bay between their straps show the backdrop.
    """
    size = (1000, 900)
    layers = _Layers(size)
    red = _rgb((200, 44, 48)) * _rib(size, 4, 0.08, vertical=False) * (1 + _grain(size, seed,
                                                                                 0.03))
    neck = _arc_path((360, 360), (180, 150), 0, 360, 120)
    girth = _arc_path((640, 520), (230, 180), 0, 360, 140)
    webbing = _lines(size, [neck, girth], 28)
    layers.paint(red * _volume(webbing, 4, 0.3), webbing)
    layers.paint((120, 24, 28), _stitch(size, [_arc_path((360, 360), (180, 150), 0, 360, 120),
                                               _arc_path((640, 520), (230, 180), 0, 360, 140)],
                                        6, 4, 1.6) * webbing, 0.6)
    pad = _poly(size, _chaikin([(420, 250), (560, 260), (640, 360), (560, 420), (430, 380)], 3))
    mesh = _rgb((40, 44, 60)) * _rib(size, 6, 0.25) * _rib(size, 6, 0.25, vertical=False)
    layers.paint(mesh * _volume(pad, 20, 0.3), pad)
    edge = _chaikin([(420, 250), (560, 260), (640, 360), (560, 420), (430, 380)], 3)
    layers.paint(red, _lines(size, [[*edge, edge[0]]], 8))  # the pad's red binding
    slider = _rrect(size, (170, 330, 204, 390), 6)
    layers.paint(_rgb((30, 30, 32)) * _volume(slider, 5, 0.4), slider)
    buckle = _rrect(size, (840, 470, 900, 560), 10)
    layers.paint(_rgb((26, 26, 28)) * _volume(buckle, 8, 0.4), buckle)
    layers.paint((60, 60, 64), _lines(size, [[(852, 500), (888, 500)], [(852, 530), (888, 530)]],
                                      4))
    dring = _ring(size, (490, 200, 570, 310), (502, 212, 558, 298))
    dring = np.clip(dring - _poly(size, [(0, 270), (1000, 270), (1000, 900), (0, 900)]), 0, 1)
    layers.paint(_rgb((200, 202, 208)) * _metal(size, 490, 570, seed + 1),
                 np.maximum(dring, _lines(size, [[(492, 270), (568, 270)]], 10)))
    layers.paint(_rgb((200, 44, 48)) * 0.85, _rrect(size, (506, 262, 554, 300), 6))  # its tab
    tag = _rrect(size, (284, 206, 322, 236), 6)
    layers.paint(_rgb((214, 214, 220)) * _metal(size, 284, 322, seed + 2), tag)
    _closed(layers, red * 0.8, 200)  # where straps cross: no pinhole
    return layers.rgba()


def egg_basket(seed: int) -> np.ndarray:
    """A black wire egg basket holding six brown eggs, its wire handle up (1000x1000).

    The wires' cells show the backdrop wherever no egg is behind them, and so does the handle.
    """
    size = (1000, 1000)
    layers = _Layers(size)
    cx, rim_y, rx, ry = 500.0, 440.0, 320.0, 80.0
    wire = _rgb((36, 36, 38))
    back = _lines(size, [_arc_path((cx, rim_y), (rx, ry), 180, 360, 60)], 6)
    layers.paint(wire, back)
    inside = []
    for k in range(-5, 6):
        s = k / 5.5
        top = (cx + rx * s, rim_y - ry * np.sqrt(1 - s * s))
        inside.append(_bezier(top, (cx + rx * s, 560.0), (cx + rx * s * 0.5, 640.0),
                              (cx + rx * s * 0.3, 660.0), 20))
    layers.paint((70, 70, 74), _lines(size, inside, 4) * _ellipse(size, (cx - rx, rim_y - ry,
                                                                          cx + rx, rim_y + ry)))
    eggs = [(430, 800, -14), (570, 800, 10), (370, 700, -24), (500, 690, 4), (630, 700, 22),
            (440, 590, -10), (560, 600, 16)]
    for k, (x, y, turn) in enumerate(eggs):
        egg = _tilted(size, (x, y), (56, 74), turn)
        brown = (_rgb((196, 140, 96)) * (1 + 0.04 * (k % 3)) * _volume(egg, 24, 0.3)
                 * (1 + _grain(size, seed + k, 0.02)))
        layers.paint(brown, egg)
        layers.paint((255, 240, 220), _soft(_tilted(size, (x - 18, y - 28), (14, 20), turn), 6)
                     * egg, 0.5)
    meridians = []
    for k in range(-6, 7):
        s = k / 6.5
        top = (cx + rx * s, rim_y + ry * np.sqrt(1 - s * s))
        meridians.append(_bezier(top, (cx + rx * s * 1.02, 700.0), (cx + rx * s * 0.6, 860.0),
                                 (cx + rx * s * 0.3, 880.0), 30))
    rings = [[m[i] for m in meridians] for i in (7, 13, 19, 25)]
    foot = _arc_path((cx, 884), (rx * 0.3 + 6, 16), 0, 360, 60)
    front = _lines(size, [*meridians, *rings, foot, _arc_path((cx, rim_y), (rx, ry), 0, 180, 60)],
                   5)
    layers.paint(wire * _volume(front, 1.5, 0.2), front)
    layers.paint((120, 120, 126), _lines(size, [_arc_path((cx, rim_y - 2), (rx, ry), 20, 160,
                                                          50)], 2), 0.6)
    handle = _lines(size, [_arc_path((cx, rim_y), (rx, 340), 180, 360, 80)], 7)
    layers.paint(wire, handle)
    layers.paint((70, 70, 74), _ellipses(size, [(cx - rx - 9, rim_y - 9, cx - rx + 9, rim_y + 9),
                                                (cx + rx - 9, rim_y - 9, cx + rx + 9,
                                                 rim_y + 9)]))  # the handle's pivots
    layers.paint(wire, np.clip(_weld_slivers(layers.alpha, 160) - layers.alpha, 0, 1))
    return layers.rgba()


def rolling_pin(seed: int) -> np.ndarray:
    """A beech rolling pin lying across, turned handles at both ends, a dusting of flour."""
    size = (1200, 420)
    layers = _Layers(size)
    grain = 1 + 0.035 * _smooth(size, seed, 260, 4)[..., None]
    beech = _rgb((224, 190, 146)) * grain * (1 + _grain(size, seed + 1, 0.015))
    for neck_box, knob_box in (((180, 188, 240, 232), (40, 170, 200, 250)),
                               ((960, 188, 1020, 232), (1000, 170, 1160, 250))):
        neck = _rrect(size, neck_box, 10)
        layers.paint(beech * _hcyl(size, 188, 232), neck)
        knob = _rrect(size, knob_box, 36)
        layers.paint(beech * _hcyl(size, 170, 250) * 0.96, knob)
    barrel = _rrect(size, (220, 120, 980, 300), 22)
    layers.paint(beech * _hcyl(size, 120, 300) ** 0.6, barrel)
    flour = _soft(np.clip(_smooth(size, seed + 2, 40, 16) - 1.3, 0, 1), 5) * barrel
    layers.paint((250, 248, 244), flour, 0.45)
    layers.paint((170, 130, 90), _lines(size, [[(225, 140), (225, 280)], [(975, 140), (975, 280)]],
                                        3) * barrel, 0.6)
    return layers.rgba()


def glass_teapot(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A clear glass teapot of amber tea, a steel infuser, a glass handle loop (1000x900).

    Returns:
        The RGBA layer (the glass above the tea lets the paper through) and the teapot's
        silhouette coverage 0..1 (all of it product; the gap inside the handle is backdrop).
    """
    size = (1000, 900)
    layers = _Layers(size)
    body = _rounded(np.maximum(_ellipse(size, (240, 260, 740, 760))
                               * _poly(size, [(0, 0), (1000, 0), (1000, 730), (0, 730)]),
                               _rrect(size, (330, 700, 650, 744), 16)), 6)
    spout = np.maximum(_band(size, [(680, 620), (770, 560), (820, 480)], 56),
                       _band(size, [(800, 520), (850, 400), (884, 350)], 34))
    handle = _ring(size, (110, 330, 400, 720), (170, 390, 340, 660))
    handle = np.clip(handle - _poly(size, [(300, 0), (1000, 0), (1000, 900), (300, 900)]), 0, 1)
    neck = _rrect(size, (370, 220, 610, 280), 14)
    lid = _rrect(size, (360, 200, 620, 236), 12)
    knob = _ellipse(size, (460, 150, 520, 210))
    solid = _weld_slivers(_union(body, spout, handle, neck, lid, knob), 200)
    tea_level = _poly(size, [(0, 470), (1000, 462), (1000, 900), (0, 900)])
    inner = np.clip(body - _glass_edge(body, 10) * 1.5, 0, 1)
    tea = inner * tea_level
    amber = _rgb((178, 98, 34)) * _cylinder(size, 240, 740) ** 0.5 * _rows(size, 1.1, 0.8)
    for part, strength in ((body, 0.14), (spout, 0.18), (handle, 0.3), (neck, 0.2), (lid, 0.3),
                           (knob, 0.5)):
        layers.paint((226, 232, 230), part, strength)
    layers.paint((226, 232, 230), np.clip(solid - layers.alpha * 5, 0, 1), 0.3)  # glass joins
    layers.paint(amber, tea, 0.8)
    layers.paint(amber, spout * _poly(size, [(0, 462), (1000, 455), (1000, 900), (0, 900)]), 0.7)
    infuser = _rrect(size, (420, 240, 560, 560), 20)
    layers.paint(_rgb((170, 172, 176)) * _metal(size, 420, 560, seed)
                 * _rib(size, 3, 0.35) * _rib(size, 3, 0.35, vertical=False), infuser, 0.75)
    layers.paint((210, 150, 90), _soft(_lines(size, [[(262, 472), (718, 466)]], 4), 1) * body,
                 0.6)  # the tea's surface
    for part, reach, strength in ((body, 9, 0.6), (spout, 6, 0.6), (handle, 6, 0.7),
                                  (neck, 5, 0.5), (lid, 5, 0.6)):
        layers.paint((110, 118, 116), np.minimum(_glass_edge(part, reach) * 1.3, part), strength)
    layers.paint((255, 255, 255), _soft(_tilted(size, (330, 420), (20, 90), 24), 6) * body, 0.8)
    layers.paint((255, 255, 255), _soft(_lines(size, [[(700, 360), (714, 440)]], 6), 3) * body,
                 0.5)
    return layers.rgba(), np.maximum(solid, layers.alpha)  # edges painted over twice included


def white_pillow(seed: int) -> np.ndarray:
    """A plump white cotton bed pillow with a piped seam, corners pulled out (1100x800)."""
    size = (1100, 800)
    layers = _Layers(size)
    outline = _chaikin([(120, 150), (560, 210), (990, 140), (950, 400), (1000, 660), (560, 600),
                        (110, 670), (160, 400)], 3)
    pillow = _poly(size, outline)
    cotton = (_rgb(PILLOW_WHITE) * _folds(size, seed, 90, 60, 0.04)
              * (1 + _grain(size, seed + 1, 0.006)))
    layers.paint(cotton * _volume(pillow, 70, 0.07), pillow)
    for corner, towards in (((140, 170), (330, 290)), ((970, 160), (780, 280)),
                            ((980, 640), (790, 520)), ((130, 650), (320, 530))):
        crease = _lines(size, [[corner, towards]], 10)
        layers.paint((214, 214, 212), _soft(crease, 6) * pillow, 0.5)
    piping = _lines(size, [[*outline, outline[0]]], 7)
    layers.paint((238, 238, 236), _soft(piping, 2) * pillow, 0.8)
    layers.paint((255, 255, 255), _soft(_tilted(size, (520, 340), (300, 80), -4), 40) * pillow,
                 0.6)
    return layers.rgba()


def knit_throw(seed: int) -> np.ndarray:
    """A cream open-weave knitted throw: folded top, a single layer of eyelets, a fringe.

    The eyelets of the single layer show the paper (1100x1000).
    """
    size = (1100, 1000)
    layers = _Layers(size)
    cloth = _poly(size, _chaikin([(170, 120), (930, 110), (950, 500), (940, 830), (560, 850),
                                  (160, 840), (150, 480)], 1))
    eyelets = []
    for row, y in enumerate(range(430, 800, 46)):
        for x in range(220 + (row % 2) * 40, 900, 80):
            eyelets.append([(x, y - 17), (x + 15, y), (x, y + 17), (x - 15, y)])
    holes = _rounded(_polys(size, eyelets), 2)
    knit = (_rgb(THROW_CREAM) * _rib(size, 7, 0.08) * _rib(size, 11, 0.03, vertical=False)
            * _folds(size, seed, 80, 80, 0.06) * (1 + _grain(size, seed + 1, 0.015)))
    layer = np.clip(cloth - holes, 0, 1)
    layers.paint(knit * _volume(layer, 3, 0.12), layer)
    fold = _poly(size, _chaikin([(160, 100), (940, 90), (950, 370), (560, 390), (150, 380)], 2))
    layers.paint(knit * 1.01 * _volume(fold, 30, 0.08), fold)
    layers.paint((200, 190, 170), _soft(_lines(size, [[(160, 384), (560, 394), (950, 374)]], 8),
                                        6) * cloth, 0.5)
    tassels = []
    for x in range(240, 860, 34):
        tassels += [[(x, 800), (x, 858)], [(x - 3, 858), (x - 8, 930)],
                    [(x + 3, 858), (x + 8, 928)], [(x, 858), (x + 1, 938)]]
    fringe = _lines(size, tassels, 4)
    fringe = np.maximum(fringe, _lines(size, [[(x, 800), (x, 862)] for x in range(240, 860, 34)],
                                       9))
    layers.paint(_rgb(THROW_CREAM) * 0.97 * _rib(size, 4, 0.08), fringe)
    layers.paint((226, 216, 196), _ellipses(size, [(x - 9, 850, x + 9, 868)
                                                   for x in range(240, 860, 34)]))
    return layers.rgba()


def kettlebell(seed: int) -> np.ndarray:
    """A black cast-iron kettlebell, its handle hole showing the backdrop (800x900)."""
    size = (800, 900)
    layers = _Layers(size)
    iron = _rgb((44, 44, 46)) * (1 + _grain(size, seed, 0.06)) * (
        1 + 0.04 * _smooth(size, seed + 1, 20, 20)[..., None])
    handle = _ring(size, (200, 90, 600, 520), (262, 152, 538, 470))
    handle = np.clip(handle - _poly(size, [(0, 420), (800, 420), (800, 900), (0, 900)]), 0, 1)
    horns = _poly(size, [(200, 300), (262, 300), (280, 460), (190, 460)])
    horns = np.maximum(horns, _poly(size, [(538, 300), (600, 300), (610, 460), (520, 460)]))
    handle = np.maximum(handle, horns)
    layers.paint(iron * _volume(handle, 14, 0.4), handle)
    layers.paint((150, 150, 156), _soft(_lines(size, [_arc_path((400, 305), (170, 185), 200, 300,
                                                                30)], 6), 3) * handle, 0.5)
    ball = np.maximum(_ellipse(size, (130, 340, 670, 880))
                      * _poly(size, [(0, 0), (800, 0), (800, 846), (0, 846)]),
                      _rrect(size, (250, 820, 550, 852), 12))
    layers.paint(iron * _volume(ball, 60, 0.45), ball)
    layers.paint((170, 170, 176), _soft(_tilted(size, (300, 500), (50, 110), 30), 24) * ball,
                 0.45)
    plate = _rrect(size, (330, 640, 470, 700), 10)  # the cast weight plate
    layers.paint(_rgb((64, 64, 68)) * _volume(plate, 4, 0.4), plate)
    layers.paint((150, 150, 156), _lines(size, [[(352, 660), (352, 682)], [(372, 660), (372, 682)],
                                                [(392, 660), (448, 660)], [(392, 682), (448, 682)]],
                                         4), 0.6)
    return layers.rgba()


def held_backpack(seed: int) -> np.ndarray:
    """An olive canvas backpack held up by its top loop in a hand coming in from the top edge.

    Arm, hand, loop and bag are all product; under the fist the loop's two legs and the bag's
    top enclose a little of the backdrop (1000x1200).
    """
    size = (1000, 1200)
    layers = _Layers(size)
    olive = (_rgb((104, 112, 70)) * _folds(size, seed, 60, 60, 0.1)
             * (1 + _grain(size, seed + 1, 0.03)) * _rib(size, 3, 0.04))
    loop = _lines(size, [[(440, 400), (452, 330), (470, 260)], [(580, 400), (568, 330),
                                                                (550, 260)]], 26)
    layers.paint(_rgb((52, 54, 46)) * _rib(size, 4, 0.12, vertical=False), loop)
    bag = _poly(size, _chaikin([(250, 1130), (236, 540), (300, 400), (510, 350), (720, 400),
                                (784, 540), (770, 1130)], 3))
    layers.paint(olive * _volume(bag, 60, 0.3) * _cylinder(size, 200, 820) ** 0.3, bag)
    zipper = _arc_path((510, 610), (250, 210), 200, 340, 40)
    layers.paint((40, 40, 36), _lines(size, [zipper], 7))
    layers.paint((150, 150, 140), _stitch(size, [zipper], 3, 3, 3), 0.6)
    for x, y in (zipper[6], zipper[-7]):
        pull = _rrect(size, (x - 8, y, x + 8, y + 46), 5)
        layers.paint(_rgb((120, 80, 50)) * _volume(pull, 3, 0.3), pull)
    pocket = _rrect(size, (320, 760, 700, 1070), 60)
    layers.paint(olive * 0.88 * _volume(pocket, 20, 0.25), pocket)
    layers.paint((40, 40, 36), _lines(size, [[(350, 800), (670, 800)]], 7))
    layers.paint((160, 150, 120), _stitch(size, [[(336, 780), (336, 1040), (684, 1040),
                                                  (684, 780)]], 8, 5, 2), 0.6)
    patch = _rrect(size, (460, 860, 560, 920), 8)
    layers.paint(_rgb((150, 100, 62)) * (1 + _grain(size, seed + 2, 0.04)), patch)
    skin = _rgb(FAIR_SKIN) * (1 + 0.03 * _smooth(size, seed + 3, 40, 40)[..., None])
    arm = _band(size, [(560, -60), (548, 80), (530, 200)], 126)
    layers.paint(skin * _volume(arm, 30, 0.18), arm)
    sleeve = _poly(size, _chaikin([(460, -40), (680, -40), (660, 110), (480, 120)], 2))
    layers.paint(_rgb((48, 70, 112)) * _folds(size, seed + 4, 30, 30, 0.15)
                 * _volume(sleeve, 16, 0.2), sleeve)
    fist = _tilted(size, (515, 240), (96, 64), 4)
    layers.paint(skin * _volume(fist, 24, 0.2) * _rows(size, 1.02, 0.95), fist)
    for y in (226, 256, 284):  # the fingers curled round the loop
        finger = _band(size, [(440, y - 6), (520, y + 4), (596, y - 4)], 30)
        layers.paint(skin * _volume(finger, 8, 0.25), finger)
    layers.paint((196, 150, 124), _lines(size, [[(500, 212), (500, 300)], [(548, 214),
                                                                          (548, 298)]], 3), 0.5)
    _closed(layers, skin * 0.9, 400)  # fingers against each other: no paper between
    return layers.rgba()


def black_umbrella(seed: int) -> np.ndarray:
    """A closed black umbrella on its tip, a hooked wooden handle; the tip runs off the bottom.

    The hook's crook is open: no enclosed gap (700x1300).
    """
    size = (700, 1300)
    layers = _Layers(size)
    wood = _rgb((112, 66, 38)) * (1 + 0.06 * _smooth(size, seed, 8, 60)[..., None])
    hook = _band(size, [(350, 330), (350, 170), *_arc_path((430, 170), (80, 84), 180, 360, 40),
                        (510, 230)], 40)
    layers.paint(wood * _volume(hook, 10, 0.35), hook)
    layers.paint((220, 170, 130), _soft(_lines(size, [_arc_path((430, 170), (70, 74), 200, 330,
                                                                30)], 4), 2) * hook, 0.5)
    layers.paint(_rgb((190, 192, 198)) * _metal(size, 338, 362, seed + 1),
                 _rrect(size, (336, 300, 364, 336), 4))  # the collar
    canopy = _poly(size, _chaikin([(350, 320), (398, 360), (424, 540), (404, 900), (360, 1190),
                                   (340, 1190), (296, 900), (276, 540), (302, 360)], 3))
    nylon = _rgb((28, 28, 32)) * _cylinder(size, 270, 430) ** 0.5 * (1 + _grain(size, seed + 2,
                                                                                0.02))
    layers.paint(nylon, canopy)
    folds = [[(350 + dx * 0.2, 340), (350 + dx, 620), (350 + dx * 0.2, 1180)]
             for dx in (-50, -22, 8, 36)]
    layers.paint((10, 10, 12), _soft(_lines(size, folds, 5), 3) * canopy, 0.8)
    layers.paint((120, 120, 130), _soft(_lines(size, [[(344, 360), (316, 620), (342, 1100)]], 5),
                                        4) * canopy, 0.6)
    strap = _poly(size, [(280, 660), (420, 644), (424, 690), (282, 706)])
    layers.paint(_rgb((24, 24, 28)) * _rows(size, 1.15, 0.9), strap * canopy)
    layers.paint(_rgb((190, 192, 198)) * _metal(size, 384, 404, seed + 3),
                 _ellipse(size, (384, 658, 404, 678)))  # the snap
    tip = _lines(size, [[(350, 1180), (350, 1340)]], 12)
    layers.paint(_rgb((170, 172, 178)) * _metal(size, 344, 356, seed + 4), tip)
    return layers.rgba()


def landing_net(seed: int) -> np.ndarray:
    """A fishing landing net: a steel hoop seen from above, a green mesh bag, a long handle.

    Every cell of the mesh shows the backdrop (1000x1300).
    """
    size = (1000, 1300)
    layers = _Layers(size)
    hoop_box = (160, 100, 840, 340)
    opening = _ellipse(size, hoop_box)
    bag = np.maximum(opening, _poly(size, _chaikin([(170, 220), (240, 560), (380, 760),
                                                    (500, 800), (620, 760), (760, 560),
                                                    (830, 220)], 2)))
    step = 38.0
    diagonals = []
    for k in range(-40, 41):
        c = k * step
        diagonals.append([(c, 0.0), (c + 1300.0, 1300.0)])
        diagonals.append([(c + 1300.0, 0.0), (c, 1300.0)])
    green = _rgb((46, 96, 66)) * (1 + _grain(size, seed, 0.05))
    mesh = _lines(size, diagonals, 3) * bag
    layers.paint(green, np.maximum(mesh, np.clip(bag - _inset(bag, 4), 0, 1)))
    hoop = _ring(size, hoop_box, (172, 112, 828, 328))
    layers.paint(_rgb((180, 184, 190)) * _volume(hoop, 3, 0.4) * (1 + _grain(size, seed + 1,
                                                                             0.03)), hoop)
    handle = _lines(size, [[(500, 320), (500, 1250)]], 26)
    layers.paint(_rgb((186, 190, 196)) * _metal(size, 487, 513, seed + 2), handle)
    yoke = _poly(size, [(470, 318), (530, 318), (516, 400), (484, 400)])
    layers.paint(_rgb((40, 40, 44)) * _rows(size, 1.1, 0.9), yoke)
    grip = _rrect(size, (484, 960, 516, 1260), 14)
    layers.paint(_rgb((36, 36, 38)) * _rib(size, 10, 0.2, vertical=False)
                 * _cylinder(size, 484, 516), grip)
    layers.paint(green, np.clip(_weld_slivers(layers.alpha, 200) - layers.alpha, 0, 1))  # knots
    return layers.rgba()


def macrame_hanger(seed: int) -> np.ndarray:
    """A cream macramé plant hanger on a wooden ring, knotted cords caging a sage pot (800x1300).

    The ring and the diamonds between the knotted cords show the backdrop.
    """
    size = (800, 1300)
    layers = _Layers(size)
    ring = _ring(size, (356, 24, 444, 112), (370, 38, 430, 98))
    layers.paint(_rgb((204, 164, 112)) * _volume(ring, 3, 0.3), ring)
    pot, radius = _profile(size, 400, [650, 660, 900, 940], [150, 152, 124, 110], smooth=6)
    layers.paint(_rgb((150, 172, 142)) * _lathe(size, 400, np.maximum(radius, 1), -0.4), pot)
    for k, (x, y, turn) in enumerate(((330, 640, -40), (400, 620, 0), (470, 636, 40),
                                      (290, 660, -70), (520, 660, 66))):
        leaf = _tilted(size, (x, y), (26, 54), turn)
        layers.paint(_rgb((70, 126, 62)) * (1 + 0.05 * k) * _volume(leaf, 8, 0.3), leaf)
    top = (400.0, 180.0)
    a = [(286.0, 410.0), (362.0, 420.0), (438.0, 420.0), (514.0, 410.0)]
    b = [(232.0, 560.0), (324.0, 570.0), (400.0, 575.0), (476.0, 570.0), (568.0, 560.0)]
    c = [(250.0, 700.0), (400.0, 720.0), (550.0, 700.0)]
    gather = (400.0, 1010.0)
    edges = [(top, p) for p in a] + [(a[k], b[k]) for k in range(4)] + [
        (a[k], b[k + 1]) for k in range(4)] + [(b[0], c[0]), (b[1], c[0]), (b[2], c[1]),
                                               (b[3], c[2]), (b[4], c[2]), (b[1], c[1]),
                                               (b[3], c[1])] + [(p, gather) for p in c]
    cord = _rgb(CORD_CREAM) * (1 + _grain(size, seed, 0.02))
    cords = _lines(size, [[p, q] for p, q in edges], 10)
    layers.paint(cord * _volume(cords, 2, 0.2), cords)
    layers.paint((200, 188, 160), _stitch(size, [[p, q] for p, q in edges], 4, 5, 2) * cords, 0.5)
    knots = _ellipses(size, [(x - 16, y - 20, x + 16, y + 20) for x, y in (*a, *b, *c)])
    layers.paint(cord * _volume(knots, 6, 0.25), knots)
    for box in ((380, 100, 420, 190), (378, 1000, 422, 1064)):
        wrap = _rrect(size, box, 12)
        layers.paint(cord * _rib(size, 6, 0.15, vertical=False) * _cylinder(size, box[0], box[2])
                     ** 0.3, wrap)
    strands = [[(400.0 + dx * 0.15, 1060.0), (400.0 + dx, 1250.0)] for dx in range(-48, 49, 8)]
    tassel = _lines(size, strands, 5)
    layers.paint(cord * 0.97 * _volume(tassel, 2, 0.15), tassel)
    layers.paint(cord, np.clip(_weld_slivers(layers.alpha, 200) - layers.alpha, 0, 1))
    return layers.rgba()


def bread_basket(seed: int) -> np.ndarray:
    """An oval woven bread basket lined with a red gingham cloth: a baguette, three rolls."""
    size = (1100, 800)
    layers = _Layers(size)
    wicker = _rgb((190, 140, 82)) * (1 + _grain(size, seed, 0.05))
    yy, xx = np.mgrid[0:800, 0:1100].astype(np.float32)
    weave = (1 - 0.22 * np.sin(xx / 7.0 + np.pi / 2 * np.floor(yy / 16)) ** 2
             - 0.12 * np.sin(np.pi * yy / 16) ** 8)[..., None]
    outer = (150, 360, 950, 480)
    body = np.maximum(_poly(size, _chaikin([(150, 420), (950, 420), (880, 720), (220, 720)], 2)),
                      _ellipse(size, outer))
    layers.paint(wicker * weave * _volume(body, 30, 0.3) * _rows(size, 1.05, 0.85), body)
    inside = _ellipse(size, (172, 374, 928, 468))
    check = ((np.floor(xx / 26) + np.floor(yy / 22)) % 2)[..., None]
    gingham = _rgb((236, 228, 222)) * (1 - check) + _rgb((196, 54, 54)) * check
    layers.paint(gingham * _folds(size, seed + 1, 40, 30, 0.18), inside)
    baguette = _band(size, [(250, 400), (520, 260), (780, 150)], 96)
    crust = _rgb((204, 146, 76)) * _volume(baguette, 24, 0.35) * (1 + _grain(size, seed + 2,
                                                                           0.04))
    layers.paint(crust, baguette)
    for t in (0.2, 0.4, 0.6, 0.8):
        x, y = 250 + 530 * t, 400 - 250 * t
        layers.paint((236, 204, 150), _soft(_tilted(size, (x, y), (40, 9), -60), 2) * baguette,
                     0.8)  # the scores
    for k, (x, y) in enumerate(((380, 430), (600, 420), (790, 436))):
        roll = _ellipse(size, (x - 80, y - 60, x + 80, y + 50))
        layers.paint(_rgb((184, 120, 60)) * (1 + 0.05 * k) * _volume(roll, 26, 0.35), roll)
        layers.paint((230, 196, 140), _lines(size, [[(x - 30, y - 20), (x + 30, y + 10)]], 6)
                     * roll, 0.7)
    rim = _ring(size, outer, (172, 374, 928, 468))
    rim = rim * _poly(size, [(0, 420), (1100, 420), (1100, 800), (0, 800)])
    layers.paint(wicker * 0.9 * _rib(size, 10, 0.3) * _volume(rim, 4, 0.3), rim)
    flap = _poly(size, _chaikin([(430, 466), (660, 466), (600, 600), (500, 610)], 2))
    layers.paint(gingham * _folds(size, seed + 3, 30, 30, 0.2) * _volume(flap, 10, 0.15), flap)
    return layers.rgba()


def phone_tripod(seed: int) -> np.ndarray:
    """A phone clamped on a small black tripod: a sunset on its screen, three thin legs.

    The legs spread from one hub: the gaps between them are open at the bottom (800x1300).
    """
    size = (800, 1300)
    layers = _Layers(size)
    black = _rgb((30, 30, 34))
    legs = [[(380, 640), (250, 950), (150, 1262)], [(400, 650), (404, 960), (410, 1280)],
            [(420, 640), (550, 950), (650, 1262)]]
    upper = _lines(size, [leg[:2] for leg in legs], 10)
    lower = _lines(size, [leg[1:] for leg in legs], 7)
    layers.paint(black * _volume(lower, 2, 0.3), lower)
    layers.paint(black * _volume(upper, 3, 0.3), upper)
    layers.paint((70, 70, 76), _ellipses(size, [(x - 9, y - 14, x + 9, y + 14)
                                                for x, y in (leg[1] for leg in legs)]))
    feet = _ellipses(size, [(x - 16, y - 10, x + 16, y + 14) for x, y in (leg[2] for leg in legs)])
    layers.paint((20, 20, 22), feet)
    hub = _rrect(size, (360, 600, 440, 660), 14)
    layers.paint(black * _volume(hub, 6, 0.3), hub)
    column = _lines(size, [[(400, 470), (400, 610)]], 18)
    layers.paint(_rgb((60, 60, 66)) * _metal(size, 391, 409, seed), column)
    ball = _ellipse(size, (372, 430, 428, 486))
    layers.paint(black * _volume(ball, 10, 0.5), ball)
    clamp = _rrect(size, (376, 120, 424, 440), 10)
    layers.paint(_rgb((50, 50, 56)) * _rows(size, 1.1, 0.9), clamp)
    phone = _rrect(size, (160, 150, 640, 400), 30)
    layers.paint(black * _volume(phone, 6, 0.4), phone)
    screen = _rrect(size, (176, 166, 624, 384), 20)
    ys = np.linspace(0, 1, 1300, dtype=np.float32)[:, None, None]
    sunset = (_rgb((250, 170, 90)) * (1 - ys * 3) + _rgb((120, 70, 140)) * ys * 3)
    sunset = np.clip(np.where(ys < 0.2, sunset, _rgb((40, 30, 60))), 0, 255)
    layers.paint(np.broadcast_to(sunset, (1300, 800, 3)), screen)
    layers.paint((255, 230, 170), _ellipse(size, (430, 230, 490, 290)), 0.9)  # the sun
    layers.paint((30, 30, 40), _poly(size, [(176, 330), (300, 270), (420, 320), (520, 280),
                                            (624, 320), (624, 384), (176, 384)]))  # the hills
    layers.paint((255, 255, 255), _soft(_poly(size, [(200, 166), (280, 166), (200, 300)]), 10)
                 * screen, 0.25)
    return layers.rgba()
