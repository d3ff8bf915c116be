"""The registry of scene accents: which stage each kind is drawn at, its renderer, its colours."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import engines.local.scene.backdrop as backdrop_accents
import engines.local.scene.front as front_accents
import engines.local.scene.glow as glow_accents
import engines.local.scene.props as prop_accents
from engines.local.raster import Array, mix, rgb, seeded_rng
from engines.local.scene.canvas import Canvas
from engines.local.themes import Accent, Theme

Renderer = Callable[[Canvas, Array, Accent, list[Array], np.random.Generator], Array]


# Each accent kind: the stage it is drawn at, and its renderer.
_ACCENTS: dict[str, tuple[str, Renderer]] = {
    "hills": ("behind", backdrop_accents.hills),
    "peaks": ("behind", backdrop_accents.peaks),
    "dunes": ("behind", backdrop_accents.dunes),
    "trees": ("behind", backdrop_accents.trees),
    "sea": ("behind", backdrop_accents.sea),
    "clouds": ("behind", backdrop_accents.clouds),
    "chalkboard": ("behind", backdrop_accents.chalkboard),
    "sofa": ("behind", backdrop_accents.sofa),
    "arch": ("behind", backdrop_accents.arch),
    "bokeh": ("glow", glow_accents.bokeh),
    "neon": ("glow", glow_accents.neon),
    "fireworks": ("glow", glow_accents.fireworks),
    "podium": ("stage", prop_accents.podium),
    "splash": ("stage", prop_accents.splash),
    "confetti": ("front", front_accents.confetti),
    "hearts": ("front", front_accents.hearts),
    "petals": ("front", front_accents.petals),
    "sparkles": ("front", front_accents.sparkles),
    "snow": ("front", front_accents.snow),
    "mist": ("front", front_accents.mist),
    "leaf_shadows": ("front", front_accents.leaf_shadows),
    "window_light": ("front", front_accents.window_light),
    "sun_flare": ("front", front_accents.sun_flare),
}
_BRANDABLE = {"confetti", "bokeh", "neon", "hearts", "sparkles", "fireworks", "podium", "arch"}


def _accent_colors(acc: Accent, brand: list[Array]) -> list[Array]:
    theme_colors = [rgb(c) for c in acc.colors]
    if acc.kind in _BRANDABLE and brand:
        if acc.kind in ("podium", "arch"):  # solid props: a soft version of the brand colour
            return [mix(mix(brand[0], theme_colors[0], 0.45), np.full(3, 250.0), 0.15)]
        return brand + theme_colors
    return theme_colors


def draw_accents(
    stage: str, ctx: Canvas, img: Array, theme: Theme, seed: int, brand: list[Array]
) -> Array:
    """Draw the theme's accents of one stage (``behind``, ``glow``, ``stage``, ``front``)."""
    for i, acc in enumerate(theme.accents):
        where, renderer = _ACCENTS[acc.kind]
        if where == stage:
            img = renderer(ctx, img, acc, _accent_colors(acc, brand), seeded_rng(seed, 10 + i))
    return img
