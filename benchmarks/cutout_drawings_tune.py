"""Drawn products added to the cutout benchmark's tune split for issue 18's failure classes.

Each is a new shape of a class the held-out and fresh cases showed, so that the rule for
the class is tuned on these and only reported on those:

- a white (or cream) product on paper of nearly its own colour whose handle or loop shows
  the paper through a gap (the network fills such gaps in);
- a coloured garment one part of which the network is unsure of (a darker, mottled area);
- a gap in a coloured product open at one side, the floor's shadow lying in it (between a
  stool's legs below its rung, between wide trouser legs down to the hems, under a bag's
  strap that runs off the frame), which the network fills in.

Deterministic in the seed; float32 RGBA (alpha 0..255), anti-aliased like
:mod:`benchmarks.cutout_drawings`.
"""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw

from benchmarks.cutout_drawings import _Layers, _line, _noise, _poly, _rgb, _rrect
from evals.recipes import coverage

Size = tuple[int, int]


def _ring(size: Size, box: tuple[float, float, float, float], width: float) -> np.ndarray:
    """A closed elliptical loop ``width`` px thick, its inside empty."""
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        d.ellipse([v * s for v in box], outline=255, width=round(width * s))

    return coverage(size, draw)


def cream_shopper(seed: int) -> np.ndarray:
    """A cream paper shopper with one wide loop handle on top (1000x900), slightly creased."""
    size = (1000, 900)
    body = _poly(size, [(250, 360), (750, 360), (790, 840), (210, 840)])
    handle = _ring(size, (380, 150, 620, 420), 22)
    crease = 1 + 0.02 * np.clip(_noise(size, seed, 24), -1.5, 1.5)[..., None]
    layers = _Layers(size)
    layers.paint((236, 231, 220), handle)
    layers.paint(_rgb((242, 238, 228)) * crease, body)
    layers.paint((226, 221, 210), _rrect(size, (250, 360, 750, 378), 2) * body)
    return layers.rgba()


def white_flask(seed: int) -> np.ndarray:
    """A white flask, upright, with a small loop on its cap showing the paper (700x1000)."""
    size = (700, 1000)
    body = _rrect(size, (230, 300, 470, 940), 60)
    cap = _rrect(size, (270, 210, 430, 310), 18)
    loop = _ring(size, (300, 70, 400, 240), 16)
    shade = 1 + 0.015 * np.clip(_noise(size, seed, 20), -1.5, 1.5)[..., None]
    layers = _Layers(size)
    layers.paint((214, 214, 212), loop)
    layers.paint(_rgb((246, 246, 244)) * shade, body)
    layers.paint((222, 222, 220), cap)
    return layers.rgba()


def mottled_shorts(seed: int) -> np.ndarray:
    """Teal shorts with one darker, strongly mottled leg (1000x800), wholly in the frame."""
    size = (1000, 800)
    cloth = _poly(size, [(250, 140), (750, 140), (800, 640), (540, 660), (500, 420),
                         (460, 660), (200, 640)])
    left = _poly(size, [(250, 140), (500, 140), (500, 420), (460, 660), (200, 640)])
    folds = 1 + 0.18 * np.clip(_noise(size, seed, 22), -1.5, 1.5)[..., None]
    layers = _Layers(size)
    layers.paint(_rgb((40, 128, 128)), cloth)
    layers.paint(_rgb((26, 84, 86)) * folds, left * cloth)
    layers.paint((24, 70, 72), _rrect(size, (250, 140, 750, 190), 3) * cloth)
    return layers.rgba()


def walnut_stool(seed: int) -> np.ndarray:
    """A walnut bar stool, splayed legs and one rung high up, the floor seen below it (800x1000).

    The paper between the legs below the rung is open at the floor; above the rung it is
    an enclosed hole.
    """
    size = (800, 1000)
    grain = 1 + 0.06 * np.clip(_noise(size, seed, 6), -1.5, 1.5)[..., None]
    wood = _rgb((122, 82, 50)) * grain
    legs = np.maximum(_line(size, [(250, 190), (170, 960)], 34),
                      _line(size, [(550, 190), (630, 960)], 34))
    rung = _line(size, [(225, 430), (575, 430)], 22)
    layers = _Layers(size)
    layers.paint(wood * 0.86, np.maximum(legs, rung))
    layers.paint(wood, _rrect(size, (160, 130, 640, 200), 18))
    layers.paint(_rgb((100, 66, 40)) * grain, _rrect(size, (170, 196, 630, 214), 4))
    return layers.rgba()


def rust_trousers(seed: int) -> np.ndarray:
    """Rust wide-leg trousers laid flat, wholly in the frame, legs apart to the hems (900x1100)."""
    size = (900, 1100)
    cloth = _poly(size, [(240, 70), (660, 70), (700, 420), (760, 1050), (520, 1060),
                         (468, 470), (450, 440), (432, 470), (380, 1060), (140, 1050),
                         (200, 420)])
    folds = 1 + 0.09 * np.clip(_noise(size, seed, 26), -1.5, 1.5)[..., None]
    layers = _Layers(size)
    layers.paint(_rgb((168, 84, 52)) * folds, cloth)
    layers.paint((146, 70, 42), _rrect(size, (240, 70, 660, 132), 4) * cloth)
    layers.paint((120, 58, 36), _line(size, [(450, 134), (452, 400)], 3) * cloth)
    return layers.rgba()


def strap_bag(seed: int) -> np.ndarray:
    """A green crossbody bag whose strap runs up and off the top of the frame (900x1000).

    The paper between the strap's two sides, above the bag, leaves the photo at the top.
    """
    size = (900, 1000)
    leather = 1 + 0.05 * np.clip(_noise(size, seed, 10), -1.5, 1.5)[..., None]
    strap = np.maximum(_line(size, [(300, 520), (360, 200), (400, -20)], 30),
                       _line(size, [(600, 520), (540, 200), (500, -20)], 30))
    layers = _Layers(size)
    layers.paint(_rgb((40, 104, 70)) * leather * 0.9, strap)
    layers.paint(_rgb((46, 120, 80)) * leather, _rrect(size, (200, 480, 700, 900), 40))
    layers.paint((34, 88, 58), _rrect(size, (200, 480, 700, 620), 30))
    layers.paint((196, 170, 90), _rrect(size, (430, 590, 470, 640), 6))  # the clasp
    return layers.rgba()
