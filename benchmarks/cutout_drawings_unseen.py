"""Drawn products of the cutout benchmark's unseen split, as RGBA layers whose alpha is known.

Drawn after the cutout rules were written and never scored while tuning (see
:mod:`benchmarks.cutout_cases`). Same approach as :mod:`benchmarks.cutout_drawings`: each
drawing is deterministic in its seed and returns a float32 RGBA array (alpha 0..255,
anti-aliased, shapes drawn 4x supersampled) that the cases composite on paper with a shadow
and JPEG. The glass also returns its silhouette: most of it is see-through, yet all of it is
product.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from PIL import ImageDraw

from benchmarks.cutout_drawings import (
    Point,
    Size,
    _arc,
    _cylinder,
    _ellipse,
    _Layers,
    _line,
    _noise,
    _poly,
    _rgb,
    _rrect,
)
from evals.recipes import coverage

DEEP_SKIN = (176.0, 122.0, 92.0)


def _rows(size: Size, top: float, bottom: float) -> np.ndarray:
    """A vertical ramp of brightness factors ``top`` .. ``bottom`` as an (h, w, 1) array."""
    w, h = size
    ramp = np.linspace(top, bottom, h, dtype=np.float32)[:, None, None]
    return np.broadcast_to(ramp, (h, w, 1))


def _smooth(size: Size, seed: int, sx: float, sy: float) -> np.ndarray:
    """Smooth noise of unit spread, features about ``sx`` wide and ``sy`` tall (cheap: upscaled)."""
    w, h = size
    small = np.random.default_rng(seed).normal(0, 1, (int(h / sy) + 3, int(w / sx) + 3))
    big = cv2.resize(small.astype(np.float32), (w + 2 * int(sx), h + 2 * int(sy)),
                     interpolation=cv2.INTER_CUBIC)[int(sy):int(sy) + h, int(sx):int(sx) + w]
    return big / max(float(big.std()), 1e-6)


def _folds(size: Size, seed: int, sx: float, sy: float, depth: float) -> np.ndarray:
    """Soft fabric folds: a brightness factor 1 - up to ``depth``, as an (h, w, 1) array."""
    return (1 - depth * np.clip(_smooth(size, seed, sx, sy) + 1.5, 0, 3) / 3)[..., None]


def _grain(size: Size, seed: int, spread: float) -> np.ndarray:
    """Per-pixel grain (weave, leather, piqué) of the given spread, as an (h, w, 1) array."""
    w, h = size
    return np.random.default_rng(seed).normal(0, spread, (h, w, 1)).astype(np.float32)


def _lines(size: Size, lines: Sequence[Sequence[Point]], width: float) -> np.ndarray:
    """Coverage of several polylines of one width, drawn in one pass."""
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        for points in lines:
            d.line([(x * s, y * s) for x, y in points], fill=255, width=round(width * s),
                   joint="curve")

    return coverage(size, draw)


def _ellipses(size: Size, boxes: Sequence[tuple[float, float, float, float]]) -> np.ndarray:
    """Coverage of several ellipses, drawn in one pass."""
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        for box in boxes:
            d.ellipse([v * s for v in box], fill=255)

    return coverage(size, draw)


def _polys(size: Size, polys: Sequence[Sequence[Point]]) -> np.ndarray:
    """Coverage of several polygons, drawn in one pass."""
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        for points in polys:
            d.polygon([(x * s, y * s) for x, y in points], fill=255)

    return coverage(size, draw)


def white_polo(seed: int) -> np.ndarray:
    """A white short-sleeved polo on an invisible mannequin, collar and placket (1000x1100)."""
    size = (1000, 1100)
    shirt = _poly(size, [(400, 168), (330, 186), (236, 220), (172, 300), (112, 424),
                         (206, 470), (268, 396), (282, 430), (286, 942), (360, 960),
                         (500, 968), (640, 960), (714, 942), (718, 430), (732, 396),
                         (794, 470), (888, 424), (828, 300), (764, 220), (670, 186),
                         (600, 168)])
    sides = 0.95 + 0.05 * _cylinder(size, 250, 750) / 1.1
    fabric = 247 * _folds(size, seed, 26, 160, 0.07) * sides + _grain(size, seed, 1.2)
    layers = _Layers(size)
    layers.paint(np.repeat(fabric, 3, axis=2), shirt)
    layers.paint((214, 214, 212), _ellipse(size, (418, 150, 582, 210)))  # inside back neck
    layers.paint((242, 242, 240), _poly(size, [(398, 164), (500, 146), (602, 164), (600, 182),
                                               (500, 168), (400, 182)]))
    points = [[(500 + k * 102, 170), (500 + k * 30, 264), (500 + k * 4, 212), (500 + k * 80, 178)]
              for k in (-1, 1)]  # the two collar points, lying on the chest
    layers.paint((244, 244, 242), _polys(size, points))
    layers.paint((224, 224, 222), _lines(size, [p[:2] for p in points], 2))
    layers.paint((236, 236, 234), _rrect(size, (482, 212, 518, 392), 4))
    layers.paint((218, 218, 216), _lines(size, [[(482, 214), (482, 392), (518, 392), (518, 214)],
                                                [(118, 410), (212, 456)],  # ribbed sleeve hems
                                                [(882, 410), (788, 456)],
                                                [(288, 922), (500, 948), (712, 922)]], 2))
    layers.paint((226, 226, 223), _ellipses(size, [(492, y - 8, 508, y + 8) for y in (250, 300,
                                                                                     350)]))
    return layers.rgba()


def cream_sweater(seed: int) -> np.ndarray:
    """A cream cable-knit sweater laid flat, sleeves down and apart (1100x1000)."""
    size = (1100, 1000)
    w, h = size
    body = _poly(size, [(440, 150), (660, 150), (770, 196), (790, 880), (310, 880), (330, 196)])
    sleeves = _polys(size, [[(336, 196), (292, 236), (150, 744), (258, 776), (350, 420)],
                            [(764, 196), (808, 236), (950, 744), (842, 776), (750, 420)]])
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    local = (x - 550) % 120 - 60  # a cable every 120 px, 44 px wide
    twist = np.sin(y / 11 + np.sign(local) * local / 7)
    knit = 1 + 0.02 * np.sin(x / 3.0) + np.where(np.abs(local) < 22, 0.03 * twist, 0.0)
    knit = knit - np.where(np.abs(np.abs(local) - 24) < 2, 0.05, 0.0)
    cream = _rgb((234, 224, 200)) * knit[..., None] * _folds(size, seed, 60, 60, 0.06)
    layers = _Layers(size)
    layers.paint(cream * 0.97, sleeves)
    layers.paint(cream, body)
    layers.paint((210, 198, 172), _lines(size, [[(336, 200), (350, 420)],
                                                [(764, 200), (750, 420)]], 3))
    layers.paint(cream * 0.93, _ellipse(size, (450, 122, 650, 206)))  # the neck rib
    layers.paint(cream * 0.8, _ellipse(size, (474, 132, 626, 184)))  # inside the back
    band = _rgb((228, 217, 192)) * (1 + 0.04 * np.sin(x / 2.5))[..., None]
    layers.paint(band, _polys(size, [[(312, 830), (788, 830), (790, 880), (310, 880)],
                                     [(164, 694), (270, 726), (258, 776), (150, 744)],
                                     [(936, 694), (830, 726), (842, 776), (950, 744)]]))
    return layers.rgba()


def canvas_tote(seed: int) -> np.ndarray:
    """A white canvas tote whose two thin straps cross and enclose gaps (1000x1100)."""
    size = (1000, 1100)
    weave = 1 + _grain(size, seed, 0.012) + _smooth(size, seed, 120, 120)[..., None] * 0.012
    canvas = _rgb((241, 238, 229)) * weave
    layers = _Layers(size)
    layers.paint(canvas * 0.95, _arc(size, (300, 210, 640, 710), 14))  # the back strap
    body = _poly(size, [(226, 456), (774, 456), (790, 1010), (210, 1010)])
    layers.paint(canvas * (0.94 + 0.06 * _rows(size, 1.0, 0.9)), body)
    layers.paint(canvas * 0.9, _poly(size, [(226, 456), (774, 456), (775, 476), (225, 476)]))
    layers.paint(canvas * 0.98, _arc(size, (350, 170, 700, 750), 14))  # the front strap
    boxes = [(x - 12, 446, x + 12, 500) for x in (364, 686)]  # stitched boxes on the strap
    layers.paint(canvas * 0.97, np.maximum(*(_rrect(size, b, 2) for b in boxes)))
    crosses = [[(b[0] + 2, 452), (b[2] - 2, 494)] for b in boxes] + [
        [(b[2] - 2, 452), (b[0] + 2, 494)] for b in boxes] + [[(212, 1000), (788, 1000)]]
    layers.paint((206, 202, 192), _lines(size, crosses, 2))
    return layers.rgba()


def beige_bag(seed: int) -> np.ndarray:
    """A beige structured handbag with one top handle, for beige paper (1000x1000)."""
    size = (1000, 1000)
    leather = _rgb((222, 204, 174)) * (1 + _grain(size, seed, 0.012))
    layers = _Layers(size)
    layers.paint(leather * 0.92, _arc(size, (360, 196, 640, 664), 24))
    body = _rrect(size, (214, 430, 786, 880), 40) * _poly(size, [(250, 420), (750, 420),
                                                                 (800, 890), (200, 890)])
    layers.paint(leather * (0.9 + 0.1 * _cylinder(size, 200, 800) / 1.1), body)
    flap = _poly(size, [(246, 430), (754, 430), (766, 600), (500, 640), (234, 600)])
    layers.paint(leather * 1.02, flap * body)
    layers.paint((198, 178, 146), _lines(size, [[(240, 604), (500, 644), (760, 604)],
                                                [(232, 862), (768, 862)]], 3) * body)
    metal = [_rrect(size, (x - 14, 412, x + 14, 446), 8) for x in (374, 626)]  # handle rings
    layers.paint((198, 168, 98), np.maximum.reduce(
        [*metal, _rrect(size, (478, 622, 522, 666), 6)]))
    return layers.rgba()


def navy_bottle(seed: int) -> np.ndarray:
    """A navy shampoo bottle, a white label wrapped edge to edge and a white cap (800x1100)."""
    size = (800, 1100)
    shade = _cylinder(size, 280, 520)
    layers = _Layers(size)
    layers.paint(_rgb((26, 38, 82)) * shade, np.maximum.reduce(
        [_rrect(size, (280, 320, 520, 984), 30), _ellipse(size, (280, 250, 520, 420)),
         _rrect(size, (350, 196, 450, 300), 6)]))
    cap = _rrect(size, (338, 104, 462, 212), 10)
    ridges = 1 - 0.03 * (np.sin(np.arange(size[0], dtype=np.float32) / 3) > 0.3)
    layers.paint(_rgb((240, 240, 238)) * np.clip(_cylinder(size, 338, 462), 0.8, 1.03)
                 * ridges[None, :, None], cap)
    label = _rrect(size, (280, 520, 520, 830), 2)
    paper = _rgb((246, 246, 243)) * np.clip(shade, 0.78, 1.03)
    layers.paint(paper + _grain(size, seed, 0.8), label)
    layers.paint((26, 38, 82), np.maximum(_rrect(size, (330, 580, 470, 612), 3),
                                          _rrect(size, (360, 626, 440, 640), 3)))
    layers.paint((160, 164, 176), _lines(size, [[(322, y), (478, y)] for y in (702, 722, 742,
                                                                               762)], 5))
    return layers.rgba()


def coral_runner(seed: int) -> np.ndarray:
    """A coral running shoe with a white sole, placed left for a long shadow (1200x800)."""
    size = (1200, 800)
    upper = _poly(size, [(110, 560), (118, 420), (148, 362), (242, 352), (310, 390),
                         (405, 328), (450, 295), (502, 304), (590, 420), (750, 482),
                         (852, 522), (880, 570), (860, 590), (130, 590)])
    mesh = _rgb((236, 104, 88)) * (1 + _grain(size, seed, 0.03))
    layers = _Layers(size)
    layers.paint(mesh * _rows(size, 1.05, 0.88), upper)
    layers.paint((218, 90, 76), _poly(size, [(700, 470), (852, 522), (880, 570), (860, 590),
                                             (690, 590)]) * upper)  # the toe cap
    layers.paint((244, 243, 240), _rrect(size, (92, 552, 892, 640), 40))
    layers.paint((210, 208, 204), _rrect(size, (98, 588, 886, 594), 3))
    layers.paint((64, 66, 80), _rrect(size, (96, 618, 888, 640), 14))  # the rubber outsole
    laces = [[(x - 18, y + 12), (x + 20, y - 6)] for x, y in ((462 + i * 24, 316 + i * 22)
                                                              for i in range(5))]
    layers.paint((250, 250, 248), _lines(size, laces, 6) * upper)
    layers.paint((250, 250, 250), _line(size, [(330, 540), (520, 440), (700, 520)], 14) * upper)
    layers.paint((180, 72, 62), _poly(size, [(160, 372), (242, 362), (302, 394), (276, 408),
                                             (172, 388)]))
    return layers.rgba()


def black_derby(seed: int) -> np.ndarray:
    """A black leather derby shoe side-on, for a strong contact shadow (1100x800)."""
    size = (1100, 800)
    leather = _poly(size, [(150, 590), (156, 430), (190, 372), (300, 360), (380, 392),
                           (470, 360), (560, 330), (640, 372), (800, 440), (930, 480),
                           (968, 540), (960, 600), (160, 600)])
    shine = 1 + 0.25 * np.exp(-((_smooth(size, seed, 90, 50) - 1.2) ** 2))[..., None]
    layers = _Layers(size)
    layers.paint(_rgb((30, 28, 30)) * shine * _rows(size, 1.25, 0.8), leather)
    layers.paint((22, 20, 20), _rrect(size, (140, 588, 976, 630), 12))  # the sole
    layers.paint((18, 16, 16), _rrect(size, (150, 600, 320, 650), 6))  # the heel
    layers.paint((50, 48, 50), _lines(size, [[(160, 596), (960, 596)],
                                             [(380, 392), (420, 540), (640, 560), (820, 470)]],
                                      3) * np.maximum(leather, 0.6))
    laces = [[(x - 16, y + 10), (x + 18, y - 8)] for x, y in ((480 + i * 34, 368 + i * 14)
                                                              for i in range(4))]
    layers.paint((60, 58, 60), _lines(size, laces, 6) * leather)
    return layers.rgba()


def light_jeans(seed: int) -> np.ndarray:
    """Light-wash jeans laid flat, a gap between the legs down to the hems (900x1200)."""
    size = (900, 1200)
    denim = _poly(size, [(250, 80), (650, 80), (690, 450), (720, 1130), (500, 1140),
                         (462, 520), (450, 490), (438, 520), (400, 1140), (180, 1130),
                         (210, 450)])
    fade = 1 + 0.06 * np.clip(_smooth(size, seed, 50, 180), -1.5, 1.5)[..., None]
    twill = _grain(size, seed + 1, 4)
    layers = _Layers(size)
    layers.paint(_rgb((132, 162, 198)) * fade + twill, denim)
    layers.paint((120, 150, 186), _rrect(size, (250, 80, 650, 146), 4) * denim)
    stitches = [[(250, 148), (650, 148)], [(450, 148), (452, 360), (430, 420)],
                [(258, 190), (336, 260), (346, 148)], [(642, 190), (564, 260), (554, 148)],
                [(182, 1090), (400, 1100)], [(500, 1100), (718, 1090)]]
    layers.paint((196, 150, 86), _lines(size, stitches, 2) * denim)
    layers.paint((112, 142, 180), np.maximum.reduce(
        [_rrect(size, (x - 9, 70, x + 9, 156), 3) for x in (300, 450, 600)]))  # belt loops
    layers.paint((176, 170, 150), _ellipse(size, (440, 100, 460, 120)))  # the button
    return layers.rgba()


def held_can(seed: int) -> np.ndarray:
    """A red drinks can held by a hand whose arm enters from the bottom edge (900x1100).

    Can, hand and arm are all in front of the backdrop, so all of them are product.
    """
    size = (900, 1100)
    skin = _rgb(DEEP_SKIN) * (1 + _smooth(size, seed, 80, 80)[..., None] * 0.03)
    layers = _Layers(size)
    layers.paint(_rgb((196, 30, 40)) * _cylinder(size, 340, 540),
                 _rrect(size, (340, 200, 540, 720), 14))
    layers.paint(_rgb((206, 208, 212)) * _cylinder(size, 350, 530),
                 _rrect(size, (350, 170, 530, 214), 12))
    layers.paint((250, 250, 250), _line(size, [(370, 380), (450, 330), (520, 360)], 18))
    layers.paint(skin * 0.94, _poly(size, [(470, 760), (660, 740), (700, 1140), (430, 1140)]))
    layers.paint(skin, _ellipse(size, (460, 520, 680, 820)))
    layers.paint(skin * 0.97, _line(size, [(500, 740), (380, 600)], 50))  # the thumb
    layers.paint(skin * 0.97, _ellipse(size, (355, 575, 405, 625)))
    for y in (470, 520, 570, 620):
        finger = _rrect(size, (330, y, 620, y + 48), 24)
        layers.paint(skin * 0.8, finger)
        layers.paint(skin, finger * (_rrect(size, (333, y + 3, 617, y + 45), 21)))
    return layers.rgba()


def lemonade_glass(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A clear tumbler of pale lemonade with a thick base (800x1000).

    Returns:
        The RGBA layer (the glass above the liquid is mostly see-through) and the glass's
        silhouette coverage 0..1 (all of it product).
    """
    size = (800, 1000)
    rim = _ellipse(size, (246, 204, 554, 226))
    glass = np.maximum(_poly(size, [(246, 214), (554, 214), (524, 880), (276, 880)]), rim)
    inside = _poly(size, [(260, 220), (540, 220), (514, 820), (286, 820)])
    rows = np.arange(size[1], dtype=np.float32)[:, None]
    liquid = inside * np.clip((rows - 430) / 2, 0, 1)
    layers = _Layers(size)
    layers.paint((232, 238, 236), inside, 0.15)
    layers.paint(_rgb((240, 226, 150)) * _cylinder(size, 260, 540) ** 0.3, liquid, 0.5)
    layers.paint((250, 246, 210), _ellipse(size, (272, 420, 528, 444)), 0.6)
    layers.paint((180, 192, 190), np.clip(glass - inside, 0, 1), 0.7)
    layers.paint((200, 210, 208), _poly(size, [(286, 820), (514, 820), (524, 880),
                                               (276, 880)]), 0.55)
    layers.paint((150, 164, 162), rim - _ellipse(size, (252, 207, 548, 223)), 0.8)
    layers.paint((255, 255, 255), _line(size, [(276, 250), (300, 800)], 8), 0.6)
    layers.paint((255, 255, 255), _line(size, [(508, 260), (494, 780)], 4), 0.4)
    bubbles = np.random.default_rng(seed).uniform((300, 460), (500, 800), (14, 2))
    layers.paint((255, 255, 250), _ellipses(size, [(x - 4, y - 4, x + 4, y + 4)
                                                   for x, y in bubbles]), 0.5)
    return layers.rgba(), glass


def small_jar(seed: int) -> np.ndarray:
    """A small cream jar with a walnut lid, about a tenth of a 2000x1500 frame."""
    size = (520, 560)
    grain = _noise(size, seed, 2)[..., None] * 6 + 8 * np.sin(
        np.arange(size[0], dtype=np.float32) / 7)[None, :, None]
    layers = _Layers(size)
    layers.paint(_rgb((236, 230, 216)) * _cylinder(size, 40, 480), _rrect(size, (40, 190, 480,
                                                                                  540), 40))
    layers.paint(_rgb((120, 80, 52)) * _cylinder(size, 60, 460) + grain,
                 _rrect(size, (60, 40, 460, 200), 16))
    layers.paint((60, 56, 50), _rrect(size, (180, 330, 340, 350), 4))
    layers.paint((150, 146, 136), _rrect(size, (210, 370, 310, 378), 3))
    rgba = layers.rgba()
    return np.pad(rgba, ((560, 380), (760, 720), (0, 0)))
