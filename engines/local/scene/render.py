"""Procedural ad scenes: a backdrop, a perspective floor, light and accents, from a Theme.

Everything is numpy/OpenCV on float32 arrays (0..255) and deterministic in its inputs. The
renderer knows nothing about the product: ``compose`` places it afterwards, using the
horizon, light direction and surface finish the returned :class:`Scene` reports.

How a scene is built (each step a small reusable part the theme names in ``themes.yaml``):

1. The backdrop (gradient, glow, wall texture, "behind" accents such as hills or a sofa) is
   drawn at a reduced working resolution, thrown out of focus, then gets its "glow"
   accents (bokeh, neon, fireworks) and is scaled up: it is soft-focus anyway.
2. The floor is a cached, seamless texture pattern sampled in perspective, sharp in front
   and soft towards the horizon; glossy floors mirror the backdrop.
3. "Stage" accents (podium, splash) stand on the floor; then light: a directional ramp, a
   pool of light, a vignette and the colour temperature, in one multiply.
4. "Front" accents (confetti, hearts, sparkles, mist, shadows of leaves…), then grain.

Sizes: textures are measured in a "texture unit" that follows the short side (never
stretched with the canvas), and accents scale with the short side, so ad banners such as
728x90 or 160x600 look like crops of the same scene.

The parts live in their own modules: :mod:`~engines.local.scene.surfaces` (wall textures, the
floor and its reflections), :mod:`~engines.local.scene.accents` (the accent registry and its
renderers) and :mod:`~engines.local.raster` (the array helpers they share).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image

from engines.local.grading import warm_gains, warmer
from engines.local.raster import F32, Array, blur_cheap, mix, resize, rgb, seeded_rng, smoothstep
from engines.local.scene.accents import draw_accents
from engines.local.scene.canvas import Canvas, texture_unit
from engines.local.scene.surfaces import reflect_wall, render_floor, wall_texture
from engines.local.themes import Theme


@dataclass(frozen=True)
class Scene:
    """A rendered scene and the facts compositing needs about it.

    Attributes:
        image: The RGB background, without any product.
        horizon_y: Row where the floor meets the backdrop.
        light_direction: Where the key light comes from, degrees clockwise from above.
        light_softness: 0 hard .. 1 very soft shadows.
        light_intensity: 0..1, how strong shadows and falloff are.
        gloss: Specular sheen of the floor, 0..1.
        reflectivity: Strength of mirror reflections on the floor, 0..1.
        floor_color: Mean RGB of the floor just in front of the horizon.
    """

    image: Image.Image
    horizon_y: int
    light_direction: float
    light_softness: float
    light_intensity: float
    gloss: float
    reflectivity: float
    floor_color: tuple[int, int, int]


# --------------------------------------------------------------------------- backdrop


def _backdrop(theme: Theme, ctx: Canvas, top: Array, bottom: Array, glow: Array) -> Array:
    """Gradient wall with a soft pool of light behind the product (full canvas height)."""
    w, h, hy = ctx.w, ctx.h, ctx.hy
    style = theme.backdrop.style
    gw, gh = max(w // 4, 2), max(h // 4, 2)
    xs = np.linspace(0, 1, gw, dtype=F32)[None, :]
    ys = np.linspace(0, 1, gh, dtype=F32)[:, None] * (h / max(hy, 1))
    t = np.clip(ys, 0, 1) + 0 * xs
    if style == "sky":
        t = t**1.6
    elif style == "gradient":  # diagonal sweep, measured in short-side units
        aspect = w / max(h, 1)
        t = np.clip(0.5 + ((xs - 0.5) * aspect * 0.55 + (ys * hy / h - 0.5) * 0.8), 0, 1)
    grad = top + (bottom - top) * t[..., None]
    # the glow: a pool of light behind the product, offset towards the light
    cx = 0.5 + 0.15 * ctx.lx
    gx = (xs - cx) * (w / ctx.s) / 0.75
    gy = (np.linspace(0, h, gh, dtype=F32)[:, None] - hy * 0.55) / (0.7 * max(ctx.s, hy))
    weight = np.exp(-(gx**2 + gy**2) * 1.4) * (0.35 + 0.45 * theme.lighting.intensity)
    if style == "night":
        weight *= 0.8
    grad = mix(grad, glow, weight[..., None])
    return resize(grad.astype(F32), w, h)


# --------------------------------------------------------------------------- colour


_LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=F32)
"""Rec. 709 luma weights: how light an sRGB colour looks."""


def _luma(c: Array) -> float:
    return float(c @ _LUMA) + 1e-3


def _relit(color: Array, target: Array, scale: float, strength: float) -> Array:
    """``color`` moved towards ``target``'s hue at its own lightness times ``scale``."""
    lum = min(_luma(color) * scale, 252.0)
    shifted = np.clip(target * (lum / _luma(target)), 0, 255)
    return mix(color, shifted, strength).astype(F32)


def recolor_painted(canvas: np.ndarray, backdrop_color: str, strength: float = 0.85) -> np.ndarray:
    """A painted scene (an image model's) moved towards ``backdrop_color``, pixel by pixel.

    The pixel form of the recolour the local renderer applies to its own backdrop and floor
    colours, for scenes it did not draw: each pixel takes the target's hue, and the scene's
    mean lightness becomes the target's with each pixel's share of it kept, so the scene's
    light and texture stay. The product is put on afterwards.

    Args:
        canvas: Float HxWx3 RGB (0..255).
        backdrop_color: ``#RRGGBB``.
        strength: 0 leaves the scene alone, 1 takes the target's hue fully.
    """
    target = rgb(backdrop_color)
    target_luma = float(target @ _LUMA) + 1e-3
    luma = canvas @ _LUMA + 1e-3
    # each pixel at the target's mean lightness times its own share of the scene's: light
    # and texture kept as ratios, and a navy asked for reads as navy
    lum = np.minimum(luma * (target_luma / float(luma.mean())), 252.0)
    shifted = np.clip(target * (lum / target_luma)[..., None], 0, 255)
    moved = mix(canvas, shifted, strength)  # a little of the scene's own colour stays ...
    scale = target_luma / (float((moved @ _LUMA).mean()) + 1e-3)  # ... not its lightness
    return np.clip(moved * scale, 0, 255).astype(F32)


def _at_lightness(wall: Array, horizon: int, target: Array) -> Array:
    """``wall`` scaled so the part above ``horizon`` is as light, on average, as ``target``.

    Its glow, gradient and texture keep their ratios: a recoloured wall reads as the colour
    asked for, however light the theme's own wall was.
    """
    now = float((wall[: max(horizon, 1)] @ _LUMA).mean()) + 1e-3
    return np.clip(wall * F32(_luma(target) / now), 0, 255).astype(F32)


@dataclass(frozen=True)
class _Colors:
    top: Array
    bottom: Array
    glow: Array
    floor: Array
    floor2: Array


def _colors(theme: Theme, brand_colors: Sequence[str], backdrop_color: str | None) -> _Colors:
    b, s = theme.backdrop, theme.surface
    top, bottom = rgb(b.colors[0]), rgb(b.colors[1])
    glow = rgb(b.glow) if b.glow else mix(top, np.full(3, 255.0, dtype=F32), 0.6)
    floor = rgb(s.color)
    floor2 = rgb(s.color2) if s.color2 else floor * 0.8
    if brand_colors:
        brand = rgb(brand_colors[0])
        top, bottom = mix(top, brand, 0.16), mix(bottom, brand, 0.12)
        glow = mix(glow, brand, 0.06)
    if backdrop_color:
        # the wall takes the colour asked for, its light and shade kept as ratios (navy is
        # navy, not a pale blue); the glow and the floor follow, the floor only partly
        target = rgb(backdrop_color)
        scale = _luma(target) / ((_luma(top) + _luma(bottom)) / 2)
        top, bottom = _relit(top, target, scale, 0.9), _relit(bottom, target, scale, 0.9)
        glow = _relit(glow, target, scale, 0.8)
        floor = _relit(floor, target, scale**0.6, 0.55)
        floor2 = _relit(floor2, target, scale**0.6, 0.55)
    return _Colors(top, bottom, glow, floor, floor2)


# --------------------------------------------------------------------------- assembly


def _horizon_blend(theme: Theme, h: int, hy: int, s: float) -> tuple[int, int, Array]:
    """Rows [y0, y1) where wall and floor blend, and the floor weight for those rows."""
    widths = {"cove": 0.08, "wall": 0.0025, "sky": 0.006, "night": 0.05, "gradient": 0.1}
    half = max(1.0, widths[theme.backdrop.style] * s)
    y0, y1 = max(int(hy - half) - 1, 0), min(int(hy + half) + 2, h)
    y = np.arange(y0, y1, dtype=F32)
    return y0, y1, smoothstep(hy - half, hy + half, y)[:, None, None]


def _light_gain(theme: Theme, w: int, h: int, hy: int, warmth: float) -> Array:
    """Directional falloff, a pool of light on the floor, vignette and colour temperature."""
    direction = math.radians(theme.lighting.direction)
    lx, ly = math.sin(direction), math.cos(direction)
    k = theme.lighting.intensity
    gw, gh = max(w // 8, 2), max(h // 8, 2)
    aspect = w / max(h, 1)
    xn = np.linspace(-1.0, 1.0, gw, dtype=F32)[None, :] * min(aspect, 2.5) ** 0.5
    yn = np.linspace(-1.0, 1.0, gh, dtype=F32)[:, None] * min(1 / aspect, 2.5) ** 0.5
    ramp = 1.0 + 0.11 * k * (xn * lx - yn * ly)
    # the vignette darkens the frame's edges alike whatever its shape: stretched with the
    # frame, a story's bottom went grey (a snowfield read as slush); outdoors, under the
    # sky's even light, it is half as strong
    fx = np.linspace(-1.0, 1.0, gw, dtype=F32)[None, :]
    fy = np.linspace(-1.0, 1.0, gh, dtype=F32)[:, None]
    r2 = fx**2 * 0.6 + fy**2 * 0.8
    depth = (0.12 + 0.16 * k) * (0.5 if theme.backdrop.style == "sky" else 1.0)
    vignette = 1.0 - depth * np.clip(r2 - 0.1, 0, None) ** 1.3
    yf = np.linspace(0.0, 1.0, gh, dtype=F32)[:, None]
    pool_y = (yf - (hy + 0.3 * (h - hy)) / h) / 0.3
    pool = 1.0 + 0.07 * k * np.exp(-((xn - 0.2 * lx) ** 2) * 2.5 - pool_y**2 * 3.0)
    gain = (ramp * vignette * pool).astype(F32)
    return resize(gain[..., None] * warm_gains(warmth), w, h)


@lru_cache(maxsize=8)
def _grain(w: int, h: int) -> Array:
    """Film grain for a canvas size (a cached, fixed field: same size, same grain)."""
    return np.random.default_rng(1234).standard_normal((h, w, 1), dtype=F32) * F32(1.6) + F32(0.5)


def render_scene(
    theme: Theme,
    size: tuple[int, int],
    seed: int,
    brand_colors: Sequence[str] = (),
    warmth: float = 0.0,
    backdrop_color: str | None = None,
    stage: tuple[float, float, float] | None = None,
) -> Scene:
    """Render a theme's scene (no product) at the given size.

    Args:
        theme: What to draw.
        size: (width, height) in pixels; any size, from 320x50 banners to 9:16 stories.
        seed: Any integer; the same inputs always give the same pixels.
        brand_colors: ``#RRGGBB`` colours that tint the backdrop and colour the accents
            (confetti, bokeh, neon, hearts, sparkles, fireworks, podiums and arches).
        warmth: Extra grading, -1 (cooler) .. 1 (warmer), on top of the theme's own warmth.
        backdrop_color: ``#RRGGBB`` to recolour the backdrop and floor towards, keeping their
            texture, light and depth (the "recolour the background" edit); ``None`` keeps the
            theme's colours.
        stage: Where the product will stand, ``(left, right, base_y)`` in pixels, so props
            such as a podium, an arch or a splash go under and behind it; by default the
            middle of the floor.

    Returns:
        The scene image and the facts compositing needs (horizon, light, floor finish).
    """
    w, h = max(int(size[0]), 1), max(int(size[1]), 1)
    hy = min(max(int(round(h * theme.surface.horizon)), 1), h - 1)
    s = float(min(w, h))
    if stage is None:
        half = s * 0.2
        stage = (w / 2 - half, w / 2 + half, hy + 0.55 * (h - hy))
    ctx = Canvas(w, h, hy, s, theme, stage)
    brand = [rgb(c) for c in brand_colors]
    colors = _colors(theme, brand_colors, backdrop_color)

    # 1. backdrop at a working resolution, out of focus, then its glow accents
    f = 2 if s >= 400 else 1
    small = ctx.scaled(f)
    wall = _backdrop(theme, small, colors.top, colors.bottom, colors.glow)
    texture = wall_texture(
        theme.backdrop.texture, small.w, small.h, texture_unit(w, h) / f, seeded_rng(seed, 1)
    )
    wall *= texture[..., None]
    if backdrop_color:
        wall = _at_lightness(wall, small.hy, rgb(backdrop_color))
    wall = draw_accents("behind", small, wall, theme, seed, brand)
    wall = blur_cheap(wall, 0.6 + theme.backdrop.blur * small.s * 0.007)
    wall = draw_accents("glow", small, wall, theme, seed, brand)

    # 2. the floor, mirrored wall, and the two joined at the horizon
    floor = render_floor(theme, w, h, hy, colors.floor, colors.floor2, seeded_rng(seed, 2))
    floor = reflect_wall(floor, wall, f, hy, theme)
    img = resize(wall, w, h) if f > 1 else wall
    y0, y1, k = _horizon_blend(theme, h, hy, s)
    wall_band = img[y0:y1].copy()
    img[hy:] = floor
    under = np.empty_like(wall_band)
    under[: hy - y0] = floor[:1]
    under[hy - y0 :] = floor[: y1 - hy]
    img[y0:y1] = mix(wall_band, under, k)
    if theme.backdrop.style == "wall":  # ambient occlusion in the corner
        yy = (np.arange(max(hy - int(s * 0.06), 0), hy, dtype=F32) - hy) / (0.02 * s)
        img[hy - len(yy) : hy] *= (1.0 - 0.07 * np.exp(-(yy**2)))[:, None, None]

    # 3. props on the floor, then the light
    img = draw_accents("stage", ctx, img, theme, seed, brand)
    img *= _light_gain(theme, w, h, hy, 0.35 * theme.lighting.warmth)
    if warmth:  # an asked-for change, stronger than the theme's light (see grading)
        img = warmer(img, warmth)

    # 4. front accents, grain
    img = draw_accents("front", ctx, img, theme, seed, brand)
    img += _grain(w, h)  # includes the +0.5 that rounds
    np.clip(img, 0, 255, out=img)
    pixels = img.astype(np.uint8)
    band = pixels[min(hy + max(2, (h - hy) // 8), h - 1)]
    floor_color = tuple(int(v) for v in band.reshape(-1, 3).mean(axis=0))
    return Scene(
        image=Image.fromarray(pixels, "RGB"),
        horizon_y=hy,
        light_direction=theme.lighting.direction,
        light_softness=theme.lighting.softness,
        light_intensity=theme.lighting.intensity,
        gloss=theme.surface.gloss,
        reflectivity=theme.surface.reflectivity,
        floor_color=(floor_color[0], floor_color[1], floor_color[2]),
    )
