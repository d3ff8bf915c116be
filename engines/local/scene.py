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
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image

from engines.local.grading import grade_array
from engines.local.themes import Accent, Theme

Array = np.ndarray
Rng = np.random.Generator
_TEX = 512  # side of the cached floor pattern tiles
_F32 = np.float32


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


def hex_rgb(color: str) -> tuple[int, int, int]:
    """Return the (r, g, b) of a ``#RRGGBB`` string."""
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _rgb(color: str) -> Array:
    return np.array(hex_rgb(color), dtype=_F32)


def _rng(seed: int, *salt: int) -> np.random.Generator:
    return np.random.default_rng([seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF, *salt])


def _smoothstep(edge0: float, edge1: float, x: Array) -> Array:
    t = np.clip((x - edge0) / max(edge1 - edge0, 1e-6), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _mix(a: Array, b: Array, t: Array | float) -> Array:
    return a + (b - a) * t


def _screen(base: Array, light: Array) -> Array:
    """Screen blend (both 0..255): brightens like light does, never exceeds white."""
    return 255.0 - (255.0 - base) * (255.0 - np.clip(light, 0, 255)) * _F32(1 / 255.0)


def _add_light(img: Array, light: Array) -> Array:
    """Screen a (possibly low-resolution) RGB light layer onto ``img`` in place."""
    h, w = img.shape[:2]
    light = np.clip(light, 0, 255).astype(_F32)
    keep = 1.0 - light * _F32(1 / 255.0)
    if light.shape[:2] != (h, w):
        light, keep = _resize(light, w, h), _resize(keep, w, h)
    img *= keep
    img += light
    return img


def _shade(img: Array, gain: Array) -> Array:
    """Multiply ``img`` in place by a (possibly low-resolution) RGB gain field."""
    h, w = img.shape[:2]
    if gain.shape[:2] != (h, w):
        gain = _resize(gain.astype(_F32), w, h)
    img *= gain
    return img


def _blur(img: Array, sigma: float) -> Array:
    if sigma < 0.3:
        return img
    return cv2.GaussianBlur(img, (0, 0), sigmaX=sigma, sigmaY=sigma)


def _blur_cheap(img: Array, sigma: float) -> Array:
    """Gaussian blur for large radii: blur a downscaled copy, then scale back up."""
    if sigma < 4:
        return _blur(img, sigma)
    factor = max(1, int(sigma // 2))
    h, w = img.shape[:2]
    small = cv2.resize(
        img, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA
    )
    small = _blur(small, sigma / factor)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _resize(img: Array, w: int, h: int) -> Array:
    return cv2.resize(img, (max(w, 1), max(h, 1)), interpolation=cv2.INTER_LINEAR)


def _noise_1d(rng: np.random.Generator, n: int, cells: int, octaves: int = 3) -> Array:
    """Smooth 1-D fractal noise of length n, roughly in [-1, 1]."""
    out = np.zeros(n, dtype=_F32)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        grid = rng.random((1, max(2, cells * 2**o))).astype(_F32)
        out += amp * (cv2.resize(grid, (n, 1), interpolation=cv2.INTER_CUBIC)[0] * 2 - 1)
        total, amp = total + amp, amp * 0.5
    return out / _F32(total)


def _noise_2d(rng: np.random.Generator, w: int, h: int, cells: int, octaves: int = 3) -> Array:
    """Smooth 2-D fractal value noise of shape (h, w), roughly in [-1, 1]."""
    out = np.zeros((h, w), dtype=_F32)
    amp, total = 1.0, 0.0
    big = max(w, h)
    for o in range(octaves):
        n = cells * 2**o
        grid = rng.random((max(2, round(n * h / big)), max(2, round(n * w / big)))).astype(_F32)
        out += amp * (cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC) * 2 - 1)
        total, amp = total + amp, amp * 0.5
    return out / _F32(total)


def _periodic_noise(
    rng: np.random.Generator, n: int, cells: tuple[int, int], octaves: int = 4
) -> Array:
    """Seamless (tileable) fractal value noise of shape (n, n), roughly in [-1, 1]."""
    out = np.zeros((n, n), dtype=_F32)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        grid = rng.random((cells[1] * 2**o, cells[0] * 2**o)).astype(_F32)
        big = cv2.resize(np.tile(grid, (3, 3)), (3 * n, 3 * n), interpolation=cv2.INTER_CUBIC)
        out += amp * (big[n : 2 * n, n : 2 * n] * 2 - 1)
        total, amp = total + amp, amp * 0.5
    return out / _F32(total)


def _kind_rng(kind: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(kind.encode()))


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class _Ctx:
    """The canvas an accent draws on: size, horizon, scale and where the product stands."""

    w: int
    h: int
    hy: int
    s: float  # short side: accents scale with it
    theme: Theme
    stage: tuple[float, float, float]  # left, right and base row of the product's footprint

    @property
    def lx(self) -> float:
        """Horizontal component of the light direction (-1 left .. 1 right)."""
        return math.sin(math.radians(self.theme.lighting.direction))

    def scaled(self, f: int) -> _Ctx:
        """The same canvas at 1/f of the size."""
        left, right, base = self.stage
        return _Ctx(
            -(-self.w // f),
            -(-self.h // f),
            self.hy // f,
            self.s / f,
            self.theme,
            (left / f, right / f, base / f),
        )


def _texture_unit(w: int, h: int) -> float:
    """Pixels per texture unit: the short side, but never tiny on extreme banners."""
    return max(min(w, h), max(w, h) / 3.2)


# --------------------------------------------------------------------------- patterns


@lru_cache(maxsize=16)
def _wall_tile(kind: str) -> tuple[Array, float]:
    """A seamless wall texture tile (brightness multiplier ~1) and its width in texture units."""
    rng = _kind_rng("wall-" + kind)
    n = 256
    yy, xx = np.mgrid[0:n, 0:n].astype(_F32) / n
    if kind == "plaster":
        return 1.0 + 0.04 * _periodic_noise(rng, n, (3, 3), 5), 0.9
    if kind == "concrete":
        blot = _periodic_noise(rng, n, (4, 4), 5)
        pits = np.clip(rng.normal(0, 1, (n, n)).astype(_F32) - 2.6, 0, 1)
        return 1.0 + 0.07 * blot - 0.25 * pits, 0.7
    if kind == "paper":
        fibres = _blur(rng.normal(0, 1, (n, n)).astype(_F32), 0.7)
        return 1.0 + 0.018 * fibres + 0.025 * _periodic_noise(rng, n, (4, 4), 3), 0.5
    if kind == "brick":  # 4 bricks across, 8 courses
        row = np.floor(yy * 8)
        bx = np.mod(xx * 4 + (row % 2) * 0.5, 1.0)
        by = np.mod(yy * 8, 1.0)
        brick = np.floor(xx * 4 + (row % 2) * 0.5) + row * 7
        tones = 1.0 + 0.1 * (rng.random(64).astype(_F32) - 0.5) * 2
        tone = tones[brick.astype(np.int64) % 64] + 0.05 * _periodic_noise(rng, n, (16, 16), 2)
        mortar = _smoothstep(0.04, 0.0, np.minimum(bx, 1 - bx) * 2.0) + _smoothstep(
            0.09, 0.0, np.minimum(by, 1 - by)
        )
        return _mix(tone, np.full_like(tone, 1.15), np.clip(mortar, 0, 1)), 0.6
    if kind in ("tiles", "grid"):  # subway tiles (offset 2:1) or square tiles
        rows = 8 if kind == "tiles" else 4
        row = np.floor(yy * rows)
        shift = (row % 2) * 0.5 if kind == "tiles" else 0.0
        gx = np.mod(xx * 4 + shift, 1.0)
        gy = np.mod(yy * rows, 1.0)
        edge = np.minimum(np.minimum(gx, 1 - gx) * (rows / 4), np.minimum(gy, 1 - gy))
        grout = _smoothstep(0.035, 0.01, edge)
        bevel = 1.0 + 0.05 * _smoothstep(0.12, 0.03, edge) * (gy < 0.5) - 0.02 * (gx > 0.5)
        return _mix(bevel, np.full_like(bevel, 0.84), grout), 0.42 if kind == "tiles" else 0.5
    if kind == "slats":
        phase = np.mod(xx * 6, 1.0)
        return 1.0 - 0.16 * _smoothstep(0.84, 0.96, phase) + 0.05 * np.sin(phase * np.pi), 0.45
    if kind == "drape":  # hanging fabric: soft vertical folds that wander a little
        warp = _periodic_noise(rng, n, (2, 2), 3) * 0.06
        folds = np.zeros((n, n), dtype=_F32)
        for k, amp in ((2, 0.5), (3, 0.35), (5, 0.25), (7, 0.12)):
            folds += amp * np.sin((xx + warp * (1 + yy)) * 2 * np.pi * k + rng.uniform(0, 6))
        return 1.0 + 0.16 * folds, 1.4
    return np.ones((n, n), dtype=_F32), 1.0


def _wall_texture(kind: str, w: int, h: int, unit: float, rng: np.random.Generator) -> Array:
    """The wall texture at (h, w), the tile repeated at its physical size (unit px/unit)."""
    if kind == "plain":
        return np.ones((h, w), dtype=_F32)
    tile, width = _wall_tile(kind)
    side = max(4, round(width * unit))
    tile = cv2.resize(tile, (side, side), interpolation=cv2.INTER_AREA)
    ox, oy = (int(v) for v in rng.integers(0, side, 2))
    reps = (-(-(h + oy) // side), -(-(w + ox) // side))
    return np.tile(tile, reps)[oy : oy + h, ox : ox + w]


# Floor patterns: (t towards color2, brightness) fields, and the width of one tile in
# texture units at the front edge of the floor.
_FLOOR_TILE = {
    "plain": 1.5,
    "wood": 1.1,
    "marble": 1.5,
    "sand": 0.9,
    "concrete": 1.2,
    "terrazzo": 0.7,
    "tiles": 0.9,
    "grass": 0.45,
    "snow": 1.0,
    "fabric": 1.4,
}


@lru_cache(maxsize=16)
def _floor_pattern(kind: str) -> tuple[Array, Array]:
    """Seamless floor pattern (sharp, soft): _TEX x _TEX x 2 fields of (mix t, brightness)."""
    rng = _kind_rng("floor-" + kind)
    n = _TEX
    yy, xx = np.mgrid[0:n, 0:n].astype(_F32) / n
    t: Array = np.zeros((n, n), dtype=_F32)
    tone: Array = np.ones((n, n), dtype=_F32)
    if kind == "plain":
        tone = 1.0 + 0.012 * _periodic_noise(rng, n, (4, 4), 3)
    elif kind == "wood":  # 4 planks; grain runs into the distance
        plank = np.floor(xx * 4)
        tones = 1.0 + 0.07 * (rng.random(4).astype(_F32) - 0.5) * 2
        warp = _periodic_noise(rng, n, (8, 2), 3)
        rings = np.sin(xx * 4 * 2 * np.pi * 7 + warp * 5.0 + plank * 3.0) * 0.5 + 0.5
        streak = _periodic_noise(rng, n, (48, 3), 3)
        t = np.clip(rings**3 * 0.6 + streak * 0.45, 0, 1) * 0.75
        px = np.mod(xx * 4, 1.0)
        seam = 1.0 - 0.4 * _smoothstep(0.012, 0.0, np.minimum(px, 1 - px))
        joint = np.mod(yy * 2 + (plank % 2) * 0.5 + plank * 0.27, 1.0)
        seam *= 1.0 - 0.3 * _smoothstep(0.006, 0.0, np.minimum(joint, 1 - joint))
        tone = tones[plank.astype(np.int64) % 4] * seam
    elif kind == "marble":
        turb = _periodic_noise(rng, n, (3, 3), 5)
        vein = np.abs(np.sin((xx * 2.0 + yy * 1.0) * np.pi * 2 + turb * 6.0))
        veins = _blur(np.clip(1.0 - vein / 0.1, 0, 1) ** 2 * 0.7, 1.5)
        fine = np.abs(np.sin((xx * 3 - yy * 2) * np.pi * 2 + turb * 9))
        fine = _blur(np.clip(1.0 - fine / 0.03, 0, 1), 0.8)
        t = np.clip(veins + 0.35 * fine, 0, 1) * 0.8
        tone = 1.0 + 0.03 * _periodic_noise(rng, n, (5, 5), 4)
    elif kind == "sand":
        ripples = np.sin(yy * 2 * np.pi * 22 + _periodic_noise(rng, n, (4, 4), 3) * 5)
        grain = rng.normal(0.0, 1.0, (n, n)).astype(_F32)
        tone = 1.0 + 0.035 * ripples + 0.03 * grain + 0.03 * _periodic_noise(rng, n, (5, 5), 3)
        t = np.clip(0.5 - 2 * _periodic_noise(rng, n, (3, 3), 2), 0, 1) * 0.4
    elif kind == "terrazzo":
        tcanvas = np.zeros((n, n), dtype=_F32)
        bcanvas = np.ones((n, n), dtype=_F32)
        chips = ((1.0, 1.0), (0.0, 0.8), (0.0, 1.1), (0.75, 0.88), (0.4, 1.0))
        for _ in range(900):
            ct, cb = chips[int(rng.integers(len(chips)))]
            center = (int(rng.integers(n)), int(rng.integers(n)))
            axes = (int(rng.integers(2, 7)), int(rng.integers(2, 5)))
            angle = float(rng.uniform(0, 180))
            for dx in (-n, 0, n):  # draw wrapped copies so the tile is seamless
                for dy in (-n, 0, n):
                    c = (center[0] + dx, center[1] + dy)
                    cv2.ellipse(tcanvas, c, axes, angle, 0, 360, ct, -1, cv2.LINE_8)
                    cv2.ellipse(bcanvas, c, axes, angle, 0, 360, cb, -1, cv2.LINE_8)
        t, tone = tcanvas, bcanvas * (1.0 + 0.02 * _periodic_noise(rng, n, (4, 4), 3))
    elif kind == "tiles":  # 4 x 4 square floor tiles; color2 is the grout
        gx, gy = np.mod(xx * 4, 1.0), np.mod(yy * 4, 1.0)
        edge = np.minimum(np.minimum(gx, 1 - gx), np.minimum(gy, 1 - gy))
        t = _smoothstep(0.02, 0.008, edge)
        cell = (np.floor(xx * 4) + 4 * np.floor(yy * 4)).astype(np.int64)
        tones = 1.0 + 0.04 * (rng.random(16).astype(_F32) - 0.5)
        tone = tones[cell] * (1.0 + 0.015 * _periodic_noise(rng, n, (6, 6), 3))
    elif kind == "grass":
        blades = _periodic_noise(rng, n, (96, 6), 2)
        clumps = _periodic_noise(rng, n, (6, 6), 3)
        t = np.clip(0.5 + 0.9 * blades + 0.5 * clumps, 0, 1)
        tone = 1.0 + 0.12 * blades + 0.06 * clumps
    elif kind == "snow":
        drift = _periodic_noise(rng, n, (3, 5), 4)
        t = np.clip(0.5 - drift * 1.5, 0, 1) * 0.6
        glitter = (rng.random((n, n)) > 0.9985).astype(_F32)
        tone = 1.0 + 0.02 * drift + 0.25 * glitter
    elif kind == "fabric":  # silk: broad soft folds, sheen and a fine weave
        warp = _periodic_noise(rng, n, (2, 1), 2)
        folds = np.sin((xx * 2 + warp * 0.12) * 2 * np.pi)
        t = np.clip(0.5 - 0.5 * folds, 0, 1) * 0.6
        tone = 1.0 + 0.1 * folds + 0.01 * _periodic_noise(rng, n, (64, 64), 1)
    else:  # concrete
        blotch = _periodic_noise(rng, n, (5, 5), 5)
        speck = rng.normal(0.0, 1.0, (n, n)).astype(_F32)
        tone = 1.0 + 0.05 * blotch + 0.02 * speck
        t = np.clip(blotch * 1.5, 0, 1) * 0.5
    sharp = np.dstack([t * tone, tone]).astype(_F32)  # colour = base*tone + (alt-base)*t*tone
    pad = 24
    padded = np.pad(sharp, ((pad, pad), (pad, pad), (0, 0)), mode="wrap")
    soft = cv2.GaussianBlur(padded, (0, 0), 6.0)[pad:-pad, pad:-pad].copy()
    return sharp, soft


@lru_cache(maxsize=32)
def _floor_maps(w: int, rows: int, tile_px: float, f: float) -> tuple[Array, Array, Array]:
    """Perspective lookup into a floor tile, modulo the tile (map_x, map_y) and depth d.

    A pinhole camera of focal length ``f`` over a plane: one tile spans ``tile_px`` pixels
    across the front edge of the floor and shrinks as 1/d towards the horizon.
    """
    d = (np.arange(rows, dtype=_F32) + 0.5) / max(rows, 1)  # 0 at horizon .. 1 at bottom
    dd = np.maximum(d, 0.015)[:, None]
    x = np.arange(w, dtype=_F32)[None, :] - w / 2.0
    map_x = np.mod(x / tile_px / dd * _TEX, _TEX).astype(_F32)
    map_y = np.mod(f / tile_px / dd * _TEX, _TEX).astype(_F32)
    return map_x, np.broadcast_to(map_y, (rows, w)).copy(), d


def _floor(
    theme: Theme, w: int, h: int, hy: int, base: Array, alt: Array, rng: np.random.Generator
) -> Array:
    """The floor in perspective for rows hy..h (array of shape (h - hy) x w x 3)."""
    s = theme.surface
    rows = max(h - hy, 1)
    unit = _texture_unit(w, h)
    tile_px = round(_FLOOR_TILE[s.texture] * s.scale * unit * 0.5, 1)
    map_x, map_y, d = _floor_maps(w, rows, tile_px, round(unit * 1.1, 1))
    sharp, soft = _floor_pattern(s.texture)
    oy, ox = (int(v) for v in rng.integers(0, _TEX, 2))
    sharp, soft = (np.roll(p, (oy, ox), axis=(0, 1)) for p in (sharp, soft))
    far_rows = int(rows * 0.45)
    fields = cv2.remap(sharp, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_WRAP)
    if far_rows > 0:  # far away: the soft pattern, fading to its mean at the horizon
        far = cv2.remap(
            soft, map_x[:far_rows], map_y[:far_rows], cv2.INTER_LINEAR, borderMode=cv2.BORDER_WRAP
        )
        k = _smoothstep(0.05, 0.45, d[:far_rows])[:, None, None]
        mixed = _mix(far, fields[:far_rows], k)
        mean = soft.reshape(-1, 2).mean(axis=0)
        fade = _smoothstep(0.0, 0.22, d[:far_rows])[:, None, None]
        fields[:far_rows] = mean + (mixed - mean) * fade
    matrix = np.stack([alt - base, base], axis=1).astype(_F32)  # 3 x 2
    return cv2.transform(fields, matrix)


def _reflect_wall(floor: Array, wall_small: Array, f: int, hy: int, theme: Theme) -> Array:
    """Glossy floors mirror the (out-of-focus) wall, fading towards the viewer."""
    s = theme.surface
    strength = 0.45 * s.gloss + 0.35 * s.reflectivity
    rows, w = floor.shape[:2]
    if strength < 0.02 or hy < 2:
        return floor
    reach = min(rows, max(2, int(rows * 0.7)))
    hys = max(hy // f, 1)
    src = np.clip(hys - 1 - np.arange(-(-reach // f)), 0, hys - 1)
    mirror = _blur(wall_small[src], 1.0 + 3.0 * (1.0 - s.gloss))
    mirror = _resize(mirror, w, reach)
    d = (np.arange(reach, dtype=_F32) + 1.0) / rows
    fade = (strength * np.exp(-d * 3.5))[:, None, None]
    floor[:reach] = _mix(floor[:reach], mirror, fade)
    return floor


# --------------------------------------------------------------------------- backdrop


def _backdrop(theme: Theme, ctx: _Ctx, top: Array, bottom: Array, glow: Array) -> Array:
    """Gradient wall with a soft pool of light behind the product (full canvas height)."""
    w, h, hy = ctx.w, ctx.h, ctx.hy
    style = theme.backdrop.style
    gw, gh = max(w // 4, 2), max(h // 4, 2)
    xs = np.linspace(0, 1, gw, dtype=_F32)[None, :]
    ys = np.linspace(0, 1, gh, dtype=_F32)[:, None] * (h / max(hy, 1))
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
    gy = (np.linspace(0, h, gh, dtype=_F32)[:, None] - hy * 0.55) / (0.7 * max(ctx.s, hy))
    weight = np.exp(-(gx**2 + gy**2) * 1.4) * (0.35 + 0.45 * theme.lighting.intensity)
    if style == "night":
        weight *= 0.8
    grad = _mix(grad, glow, weight[..., None])
    return _resize(grad.astype(_F32), w, h)


# --------------------------------------------------------------------------- accents

Renderer = Callable[[_Ctx, Array, Accent, list[Array], np.random.Generator], Array]


def _ridge_fill(img: Array, hy: int, ridge: Array, color: Array, soft: float = 0.8) -> Array:
    """Fill everything between a ridge line (per column) and the horizon with ``color``."""
    top = max(int(ridge.min()) - 2, 0)
    if top >= hy:
        return img
    ys = np.arange(top, hy, dtype=_F32)[:, None]
    cover = np.clip((ys - ridge[None, :]) / soft + 0.5, 0, 1)[..., None]
    img[top:hy] = _mix(img[top:hy], color if color.ndim == 1 else color[top:hy], cover)
    return img


def _layer_colors(colors: list[Array], sky: Array, n: int) -> list[tuple[Array, float]]:
    """Far-to-near layer colours with aerial haze: (colour, depth 1 = farthest)."""
    out = []
    for i in range(n):
        depth = (n - i) / n
        out.append((_mix(colors[i % len(colors)], sky, 0.55 * depth), depth))
    return out


def _hills(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    w, hy = ctx.w, ctx.hy
    sky = img[max(hy - 1, 0), w // 2].copy()
    for color, depth in _layer_colors(colors, sky, len(colors)):
        ridge = _noise_1d(rng, w, max(2, round(3 * w / ctx.s)), 4)
        height = ctx.s * (0.08 + 0.16 * depth * acc.amount)
        peak = hy - height - ridge * height * 0.6
        img = _ridge_fill(img, hy, peak, color)
    return img


def _peaks(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Mountain ranges with sharp ridges and snow on the tops."""
    w, hy = ctx.w, ctx.hy
    sky = img[max(hy - 1, 0), w // 2].copy()
    snow = np.array([246, 248, 252], dtype=_F32)
    n = len(colors)
    for color, depth in _layer_colors(colors, sky, n):
        ridge = 1.0 - np.abs(_noise_1d(rng, w, max(2, round(2.5 * w / ctx.s)), 5))
        height = ctx.s * (0.12 + 0.3 * depth * acc.amount)
        peak = hy - height * (0.3 + 0.9 * ridge**1.5)
        top = max(int(peak.min()) - 2, 0)
        ys = np.arange(top, hy, dtype=_F32)[:, None]
        below = ys - peak[None, :]
        depth_of_cap = height * 0.14 * ridge[None, :] + 1.0
        cap = _smoothstep(0.45, 0.7, ridge)[None, :] * np.clip(1.0 - below / depth_of_cap, 0, 1)
        snowc = _mix(snow, sky, 0.25 * depth)
        color = _mix(color, sky, -0.3 * depth)  # undo some of the haze: ranges stay readable
        layer = _mix(np.broadcast_to(color, (hy - top, w, 3)), snowc, cap[..., None])
        cover = np.clip(ys - peak[None, :] + 0.5, 0, 1)[..., None]
        img[top:hy] = _mix(img[top:hy], layer, cover)
    return img


def _dunes(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Sand dunes: smooth crests, a lit and a shaded flank."""
    w, hy = ctx.w, ctx.hy
    sky = img[max(hy - 1, 0), w // 2].copy()
    x = np.arange(w, dtype=_F32)
    for color, depth in _layer_colors(colors, sky, len(colors)):
        period = ctx.s * rng.uniform(0.7, 1.2) * (0.6 + depth)
        phase = rng.uniform(0, 2 * np.pi)
        wave = np.sin(x / period * 2 * np.pi + phase + 0.6 * np.sin(x / period * np.pi))
        height = ctx.s * (0.05 + 0.12 * depth * acc.amount)
        crest = hy - height * (0.6 + 0.4 * wave)
        slope = np.gradient(crest)
        lit = np.tanh(slope * -ctx.lx * 8.0 / max(height, 1) * period / 6)
        shade = (1.0 + 0.1 * lit)[None, :, None]
        top = max(int(crest.min()) - 2, 0)
        body = np.broadcast_to(color, (hy - top, w, 3)) * shade
        ys = np.arange(top, hy, dtype=_F32)[:, None]
        cover = np.clip(ys - crest[None, :] + 0.5, 0, 1)[..., None]
        img[top:hy] = _mix(img[top:hy], body, cover)
    return img


def _trees(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Rows of conifers fading into haze: a forest edge."""
    w, hy = ctx.w, ctx.hy
    sky = img[max(hy - 1, 0), w // 2].copy()
    x = np.arange(w, dtype=_F32)
    for color, depth in _layer_colors(colors, sky, len(colors)):
        profile = np.full(w, float(hy), dtype=_F32)
        width = ctx.s * (0.05 + 0.05 * (1 - depth))
        n = int(w / width * 1.6) + 2
        for _ in range(n):
            cx = rng.uniform(-width, w + width)
            tall = ctx.s * rng.uniform(0.25, 0.55) * (0.5 + 0.5 * acc.amount) * (1.3 - 0.5 * depth)
            tree = hy - tall + np.abs(x - cx) * (tall / width) * 0.9
            np.minimum(profile, tree, out=profile)
        profile += _noise_1d(rng, w, max(8, round(40 * w / ctx.s)), 2) * ctx.s * 0.006
        img = _ridge_fill(img, hy, profile, color, soft=1.0)
    return img


def _sea(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A band of sea (or pool) water at the horizon, with glints."""
    w, hy = ctx.w, ctx.hy
    band = max(2, int(ctx.s * (0.05 + 0.1 * acc.amount)))
    top = max(hy - band, 0)
    band = hy - top
    if band < 1:
        return img
    far, near = colors[0], colors[1 % len(colors)]
    t = np.linspace(0, 1, band, dtype=_F32)[:, None, None]
    sea = far + (near - far) * t
    ripples = _noise_2d(rng, w, band, max(4, round(30 * w / ctx.s)), 2)
    glints = np.clip(ripples * 3.0 - 1.6, 0, 1)[..., None] * 70.0
    img[top:hy] = sea + glints * (1 - t * 0.5)
    return img


def _clouds(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Soft puffy clouds with flat-ish bottoms."""
    f = 4
    sw, sh = -(-ctx.w // f), -(-ctx.h // f)
    mask = np.zeros((sh, sw), dtype=_F32)
    shade = np.zeros((sh, sw), dtype=_F32)
    s = ctx.s / f
    count = int(3 + 7 * acc.amount * max(1.0, ctx.w / ctx.s) ** 0.7)
    for _ in range(count):
        cx = rng.uniform(-0.1, 1.1) * sw
        cy = rng.uniform(0.08, 0.75) * ctx.hy / f
        size = s * rng.uniform(0.07, 0.15)
        for _ in range(7):
            px = cx + rng.normal(0, size * 1.2)
            py = cy - abs(rng.normal(0, size * 0.5))
            r = int(size * rng.uniform(0.6, 1.1))
            cv2.circle(mask, (int(px), int(py)), r, 1.0, -1, cv2.LINE_AA)
            cv2.circle(shade, (int(px), int(py + r * 0.45)), r, 1.0, -1, cv2.LINE_AA)
    mask = _blur(mask, s * 0.012 + 0.6)
    shade = _blur(shade * mask, s * 0.02 + 0.6)
    mask = _resize(mask, ctx.w, ctx.h)[..., None]
    shade = _resize(shade, ctx.w, ctx.h)[..., None]
    light, dark = colors[0], colors[1 % len(colors)]
    cloud = _mix(light, dark, shade * 0.5)
    return _mix(img, cloud, np.clip(mask * 1.3, 0, 1) * (0.75 + 0.25 * acc.amount))


def _chalkboard(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A framed chalkboard on the wall with chalk scribbles."""
    w, hy, s = ctx.w, ctx.hy, ctx.s
    bw = min(w * 0.86, s * 1.3)
    x0 = int(w / 2 - bw / 2 + rng.uniform(-0.06, 0.06) * w)
    x1 = int(x0 + bw)
    y0, y1 = int(hy * 0.1), int(hy - max(s * 0.12, hy * 0.12))
    if y1 - y0 < 4:
        return img
    board, frame = colors[0], colors[1 % len(colors)]
    fw = max(2, int(s * 0.018))
    cv2.rectangle(img, (x0 - fw, y0 - fw), (x1 + fw, y1 + fw), frame.tolist(), -1)
    smudge = 1.0 + 0.08 * _noise_2d(rng, x1 - x0, y1 - y0, 4, 3)[..., None]
    img[y0:y1, x0:x1] = board * smudge
    chalk = np.zeros(img.shape[:2], dtype=np.uint8)
    lw = max(1, int(s * 0.004))
    for _ in range(int(5 + 10 * acc.amount)):  # lines of "handwriting"
        y = rng.uniform(y0 + (y1 - y0) * 0.12, y1 - (y1 - y0) * 0.12)
        x = rng.uniform(x0 + bw * 0.06, x0 + bw * 0.5)
        length = bw * rng.uniform(0.15, 0.4)
        pts = []
        for k in range(int(length / max(s * 0.012, 1))):
            pts.append((x + k * s * 0.012, y + math.sin(k * 1.7) * s * 0.008))
        if len(pts) > 1:
            cv2.polylines(chalk, [np.array(pts, np.int32)], False, 200, lw, cv2.LINE_AA)
    for _ in range(2):  # doodles: circles, triangles
        c = (int(rng.uniform(x0 + bw * 0.6, x1 - bw * 0.1)), int(rng.uniform(y0, y1)))
        cv2.circle(chalk, c, int(s * rng.uniform(0.03, 0.06)), 220, lw, cv2.LINE_AA)
    a = chalk.astype(_F32)[..., None] / 255.0
    return _mix(img, np.array([235, 238, 232], dtype=_F32), a * 0.7)


def _sofa(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A sofa against the wall behind the product: back cushions, arms, a soft shade."""
    w, hy, s = ctx.w, ctx.hy, ctx.s
    fabric = colors[0]
    cx = w / 2 + rng.uniform(-0.1, 0.1) * w
    half = min(w * 0.62, s * 0.95)
    seat, back_top = hy - s * 0.1, hy - s * 0.34
    if back_top < 0:
        back_top, seat = hy * 0.2, hy * 0.75
    mask = np.zeros(img.shape[:2], dtype=_F32)
    shade = np.zeros(img.shape[:2], dtype=_F32)
    r = max(2, int(s * 0.04))

    def rounded(x0: float, y0: float, x1: float, y1: float, val: float) -> None:
        x0i, y0i, x1i, y1i = int(x0), int(y0), int(x1), int(y1)
        rr = min(r, (x1i - x0i) // 2, (y1i - y0i) // 2)
        for target, v in ((mask, 1.0), (shade, val)):
            cv2.rectangle(target, (x0i + rr, y0i), (x1i - rr, y1i), v, -1)
            cv2.rectangle(target, (x0i, y0i + rr), (x1i, y1i), v, -1)
            for px in (x0i + rr, x1i - rr):
                cv2.circle(target, (px, y0i + rr), rr, v, -1, cv2.LINE_AA)

    rounded(cx - half, back_top, cx + half, hy, 0.85)  # back
    n = 3 if half > s * 0.5 else 2
    span = (2 * half - s * 0.2) / n
    for i in range(n):  # back cushions
        x0 = cx - half + s * 0.1 + i * span
        rounded(x0 + s * 0.01, back_top + s * 0.03, x0 + span - s * 0.01, seat, 1.0)
    rounded(cx - half - s * 0.05, seat - s * 0.12, cx - half + s * 0.08, hy, 0.92)  # arms
    rounded(cx + half - s * 0.08, seat - s * 0.12, cx + half + s * 0.05, hy, 0.92)
    rounded(cx - half, seat, cx + half, hy, 1.05)  # seat front
    shade = _blur(shade, s * 0.008 + 0.5)
    vertical = np.linspace(1.08, 0.82, img.shape[0], dtype=_F32)[:, None]
    sofa = fabric * (shade * vertical)[..., None]
    return _mix(img, sofa, mask[..., None])


def _arch(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A tall arch (painted niche) on the wall behind the product, shaded on one side."""
    w, hy, s = ctx.w, ctx.hy, ctx.s
    left, right, _ = ctx.stage
    cx = (left + right) / 2
    aw = min(s * (0.42 + 0.2 * acc.amount), w * 0.8)
    top = max(hy - s * 0.85, hy * 0.06)
    mask = np.zeros(img.shape[:2], dtype=_F32)
    r = aw / 2
    cv2.rectangle(mask, (int(cx - r), int(top + r)), (int(cx + r), hy), 1.0, -1)
    cv2.circle(mask, (int(cx), int(top + r)), int(r), 1.0, -1, cv2.LINE_AA)
    mask[hy:] = 0
    inner = _blur(mask, s * 0.03)
    side = np.linspace(-1, 1, w, dtype=_F32)[None, :] * -ctx.lx
    shade = 1.0 - 0.12 * (1 - inner) * mask - 0.03 * side * mask
    color = colors[0]
    out = _mix(img, np.broadcast_to(color, img.shape), mask[..., None])
    return out * shade[..., None]


def _disc_layer(
    shape: tuple[int, int], discs: Sequence[tuple[float, float, float, Array, float]], edge: float
) -> Array:
    """Soft-edged discs (x, y, radius, colour, opacity) screened into an RGB light layer."""
    h, w = shape
    layer = np.zeros((h, w, 3), dtype=_F32)
    for x, y, r, color, alpha in discs:
        x0, x1 = max(int(x - r - edge), 0), min(int(x + r + edge) + 1, w)
        y0, y1 = max(int(y - r - edge), 0), min(int(y + r + edge) + 1, h)
        if x0 >= x1 or y0 >= y1:
            continue
        yy, xx = np.ogrid[y0:y1, x0:x1]
        dist = np.sqrt((xx - x) ** 2 + (yy - y) ** 2).astype(_F32)
        cover = np.clip((r - dist) / edge + 0.5, 0, 1) * (0.85 + 0.15 * (dist / max(r, 1)) ** 4)
        patch = layer[y0:y1, x0:x1]
        layer[y0:y1, x0:x1] = _screen(patch, color * (cover * alpha)[..., None])
    return layer


def _bokeh(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    h, w, hy = ctx.h, ctx.w, ctx.hy
    f = 2
    count = int((8 + 40 * acc.amount) * max(1.0, w / ctx.s) ** 0.6)
    discs = []
    for _ in range(count):
        r = float(rng.uniform(0.015, 0.065) * ctx.s / f)
        x = float(rng.uniform(-0.05, 1.05) * w / f)
        y = float(rng.uniform(0.0, 1.08) * hy / f)
        color = colors[int(rng.integers(len(colors)))]
        discs.append((x, y, r, color, float(rng.uniform(0.25, 0.7))))
    layer = _disc_layer((h // f + 1, w // f + 1), discs, edge=max(1.0, ctx.s / f * 0.004))
    layer = _resize(layer, w, h)
    fade = 1.0 - _smoothstep(hy * 0.8, hy * 1.15, np.arange(h, dtype=_F32))[:, None, None]
    return _screen(img, layer * fade)


def _glow_lines(core: Array, s: float) -> Array:
    """Neon-like glow around thin bright lines (core 0..1)."""
    return (
        _blur(core, s * 0.004) * 1.6
        + _blur_cheap(core, s * 0.012) * 1.6
        + _blur_cheap(core, s * 0.03) * 1.4
    )


def _neon(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    h, w, hy, s = ctx.h, ctx.w, ctx.hy, ctx.s
    left, right, _ = ctx.stage
    out = img
    for kind, color in (("ring", colors[0]), ("bar", colors[1 % len(colors)])):
        line = np.zeros((h, w), dtype=np.uint8)
        thick = max(2, int(s * 0.006))
        if kind == "ring":
            c = (int((left + right) / 2 + rng.uniform(-0.05, 0.05) * s), int(hy * 0.5))
            cv2.circle(line, c, int(min(s * 0.34, hy * 0.42)), 255, thick, cv2.LINE_AA)
        else:
            y = int(hy * rng.uniform(0.12, 0.22))
            x0 = int(w * 0.5 - s * rng.choice([0.45, -0.05]))
            cv2.line(line, (x0, y), (int(x0 + s * 0.4), y), 255, thick, cv2.LINE_AA)
        core = line.astype(_F32) / 255.0
        glow = _glow_lines(core, s)
        layer = color * np.clip(glow, 0, 1.5)[..., None] * (0.5 + 0.5 * acc.amount)
        layer += 255.0 * np.clip(core * 1.2, 0, 1)[..., None] * 0.85
        out = _screen(out, layer)
    return out


def _fireworks(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Bursts of light streaks high in the sky, with a soft glow."""
    f = 2
    c = ctx.scaled(f)
    h, w, hy, s = c.h, c.w, c.hy, c.s
    core = np.zeros((h, w, 3), dtype=_F32)
    count = max(2, int((2 + 4 * acc.amount) * max(1.0, w / s) ** 0.6))
    thick, dot = max(1, int(s * 0.004)), max(1, int(s * 0.006))
    for i in range(count):
        cx = (i + rng.uniform(0.1, 0.9)) / count * w
        cy = rng.uniform(0.1, 0.55) * hy
        radius = s * rng.uniform(0.1, 0.2)
        color = colors[int(rng.integers(len(colors)))]
        for k in range(int(rng.integers(18, 30))):
            a = 2 * math.pi * k / 24 + rng.uniform(-0.08, 0.08)
            r0, r1 = radius * rng.uniform(0.25, 0.4), radius * rng.uniform(0.75, 1.0)
            p0 = (int(cx + math.cos(a) * r0), int(cy + math.sin(a) * r0))
            p1 = (int(cx + math.cos(a) * r1), int(cy + math.sin(a) * r1 + radius * 0.08))
            cv2.line(core, p0, p1, (color * 0.7).tolist(), thick, cv2.LINE_AA)
            cv2.circle(core, p1, dot, color.tolist(), -1, cv2.LINE_AA)
    glow = core * 0.9 + _blur(core, s * 0.01) * 1.5 + _blur(core, s * 0.04) * 1.2
    return _add_light(img, glow * (0.7 + 0.3 * acc.amount))


def _podium(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A round plinth the product stands on (under the stage), and a smaller one behind."""
    h, w, s = ctx.h, ctx.w, ctx.s
    left, right, base = ctx.stage
    lit = -ctx.lx

    def cylinder(cx: float, top_y: float, a: float, height: float, color: Array) -> None:
        b = a * 0.2
        x0, x1 = int(max(cx - a - 2, 0)), int(min(cx + a + 3, w))
        y0, y1 = int(max(top_y - b - 2, 0)), int(min(top_y + height + b + 3, h))
        if x0 >= x1 or y0 >= y1:
            return
        yy, xx = np.ogrid[y0:y1, x0:x1]
        u = ((xx - cx) / a).astype(_F32)
        inside = np.clip((1 - np.abs(u)) * a, 0, 1)
        rim = b * np.sqrt(np.clip(1 - u**2, 0, 1))
        body = np.clip(top_y + height + rim - yy + 0.5, 0, 1) * np.clip(yy - top_y + 0.5, 0, 1)
        top = np.clip(rim - np.abs(yy - top_y) + 0.5, 0, 1)
        side_shade = 0.78 + 0.16 * (u * lit) + 0.06 * (1 - u**2)
        patch = img[y0:y1, x0:x1]
        fall = 0.97 - 0.08 * (yy - top_y) / max(height, 1)
        face = color * (side_shade * fall)[..., None]
        patch[:] = _mix(patch, face, (body * inside)[..., None])
        patch[:] = _mix(patch, color * 1.05, (top * inside)[..., None])

    # contact shadow of the big plinth on the floor
    a = max((right - left) * 0.5 * 1.5, s * 0.16)
    height = min(s * (0.14 + 0.12 * acc.amount), max(h - base, s * 0.05) + s * 0.3)
    shadow = np.zeros((h, w), dtype=_F32)
    cv2.ellipse(
        shadow,
        (int((left + right) / 2 - lit * a * 0.1), int(base + height)),
        (int(a * 1.05), max(1, int(a * 0.22))),
        0,
        0,
        360,
        1.0,
        -1,
    )
    shadow = _blur_cheap(shadow, s * 0.02)
    img *= (1.0 - 0.35 * shadow)[..., None]
    if len(colors) > 1:  # a second, taller and narrower block behind, to one side
        side = 1 if rng.random() < 0.5 else -1
        cx2 = (left + right) / 2 + side * (a * 1.1)
        cylinder(cx2, base - s * 0.2, a * 0.55, s * 0.2 + height * 0.6, colors[1])
    cylinder((left + right) / 2, base, a, height, colors[0])
    return img


def _splash(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A crown of splashing water behind the product, with flying droplets."""
    f = 2
    c = ctx.scaled(f)
    h, w, s = c.h, c.w, c.s
    left, right, base = c.stage
    cx = (left + right) / 2
    water = colors[0]
    hi = colors[1] if len(colors) > 1 else np.full(3, 255.0, dtype=_F32)
    sheet = np.zeros((h, w), dtype=np.uint8)
    edge = np.zeros((h, w), dtype=np.uint8)
    spread = max(right - left, s * 0.25) * (0.9 + 0.5 * acc.amount)
    arcs = int(14 + 10 * acc.amount)
    for k in range(arcs):
        u = (k + rng.uniform(0, 1)) / arcs * 2 - 1
        x_end = cx + u * spread
        y_end = base - s * (0.28 + 0.35 * (1 - u**2)) * rng.uniform(0.7, 1.1)
        x_start = cx + u * spread * 0.25
        t = np.linspace(0, 1, 12)
        xs = x_start + (x_end - x_start) * t
        ys = base - (base - y_end) * np.sin(t * math.pi * 0.5) - s * 0.02 * t * t
        arr = np.stack([xs, ys], 1).astype(np.int32)
        cv2.polylines(sheet, [arr], False, 150, max(2, int(s * 0.035 * (1 - abs(u) * 0.5))))
        cv2.polylines(edge, [arr], False, 255, max(1, int(s * 0.005)), cv2.LINE_AA)
        cv2.circle(edge, (int(x_end), int(y_end)), max(1, int(s * 0.009)), 255, -1, cv2.LINE_AA)
    for _ in range(int(40 + 80 * acc.amount)):
        a = rng.uniform(math.pi * 1.05, math.pi * 1.95)
        dist = spread * rng.uniform(0.5, 1.6)
        x, y = cx + math.cos(a) * dist, base + math.sin(a) * dist * 0.8
        r = max(1, int(s * rng.uniform(0.003, 0.01)))
        cv2.circle(edge, (int(x), int(y)), r, 230, -1, cv2.LINE_AA)
    sheet = _blur(sheet, s * 0.01)
    light = water[None, None, :] * (sheet.astype(_F32)[..., None] * _F32(0.45 / 255)) + hi[
        None, None, :
    ] * (edge.astype(_F32)[..., None] * _F32(0.85 / 255))
    return _add_light(img, light)


# shapes for the scatter renderer, as unit polygons (about 1 across)
def _heart_shape() -> Array:
    t = np.linspace(0, 2 * np.pi, 40)
    x = 16 * np.sin(t) ** 3
    y = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
    return np.stack([x, y], 1) / 32.0


def _petal_shape() -> Array:
    t = np.linspace(0, 2 * np.pi, 30)
    x = 0.28 * np.sin(t) * (1 + 0.25 * np.cos(t))
    y = -0.5 * np.cos(t)
    return np.stack([x, y], 1)


def _rect_shape() -> Array:
    return np.array([[-0.22, -0.5], [0.22, -0.5], [0.22, 0.5], [-0.22, 0.5]])


def _circle_shape() -> Array:
    t = np.linspace(0, 2 * np.pi, 20)
    return np.stack([np.cos(t), np.sin(t)], 1) * 0.4


_SHAPES: dict[str, Array] = {
    "heart": _heart_shape(),
    "petal": _petal_shape(),
    "rect": _rect_shape(),
    "circle": _circle_shape(),
}


def _scatter(
    ctx: _Ctx,
    img: Array,
    colors: list[Array],
    rng: Rng,
    count: int,
    shapes: Sequence[str],
    size: tuple[float, float],
    clear_middle: bool = True,
) -> Array:
    """Shapes scattered over the scene in two depths: big and blurred far, small and sharp near.

    They gather near the top and the edges and leave the middle (where the product goes)
    mostly clear. Sizes are fractions of the short side.
    """
    h, w, s = ctx.h, ctx.w, ctx.s
    count = int(count * max(1.0, w * h / (s * s)) ** 0.6)
    out = img
    for far in (True, False):
        f = 2 if far else 1
        pw, ph = -(-w // f), -(-h // f)
        paint = np.zeros((ph, pw, 3), dtype=np.uint8)
        cover = np.zeros((ph, pw), dtype=np.uint8)
        n = int(count * (0.4 if far else 0.6))
        for _ in range(n):
            x = rng.uniform(0, w)
            y = h * rng.beta(0.9, 2.0)
            if clear_middle and abs(x - w / 2) < w * 0.22 and rng.random() < 0.7:
                x = rng.choice([rng.uniform(0, w * 0.28), rng.uniform(w * 0.72, w)])
            k = rng.uniform(*size) * s * (1.5 if far else 1.0)
            color = colors[int(rng.integers(len(colors)))] * rng.uniform(0.85, 1.08)
            shape = _SHAPES[shapes[int(rng.integers(len(shapes)))]]
            ang = rng.uniform(-np.pi, np.pi)
            rot = np.array([[math.cos(ang), -math.sin(ang)], [math.sin(ang), math.cos(ang)]])
            squash = np.array([1.0, rng.uniform(0.55, 1.0)])
            pts = ((shape * squash) @ rot.T * k + (x, y)) / f
            poly = [np.round(pts * 16).astype(np.int32)]
            cv2.fillPoly(paint, poly, np.clip(color, 0, 255).tolist(), cv2.LINE_AA, 4)
            cv2.fillPoly(cover, poly, 255, cv2.LINE_AA, 4)
        if far:  # out of focus: blur the small canvases, then scale them up (still uint8)
            sig = s / f * 0.006
            cover = _resize(_blur(cover, sig), w, h)
            paint = _resize(_blur(paint, sig), w, h)
        where = cover > 0  # blend only the covered pixels
        a = cover[where].astype(_F32)[:, None] * _F32(0.95 / 255.0)
        out[where] = out[where] * (1.0 - a) + paint[where].astype(_F32) * _F32(0.95)
    return out


def _confetti(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    count = int(40 + 110 * acc.amount)
    return _scatter(ctx, img, colors, rng, count, ("rect", "rect", "circle"), (0.018, 0.03))


def _hearts(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    count = int(12 + 40 * acc.amount)
    return _scatter(ctx, img, colors, rng, count, ("heart",), (0.03, 0.07))


def _petals(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    count = int(15 + 50 * acc.amount)
    return _scatter(ctx, img, colors, rng, count, ("petal",), (0.025, 0.045))


def _sparkles(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Four-pointed star glints and tiny specks of light."""
    h, w, s = ctx.h, ctx.w, ctx.s
    f = 2
    pw, ph = -(-w // f), -(-h // f)
    core = np.zeros((ph, pw, 3), dtype=np.float32)
    count = int((10 + 30 * acc.amount) * max(1.0, w * h / (s * s)) ** 0.6)
    for _ in range(count):
        x, y = rng.uniform(0, pw), ph * rng.beta(1.0, 1.6)
        if abs(x - pw / 2) < pw * 0.2 and rng.random() < 0.6:
            x = rng.choice([rng.uniform(0, pw * 0.3), rng.uniform(pw * 0.7, pw)])
        color = colors[int(rng.integers(len(colors)))].tolist()
        size = s / f * rng.uniform(0.01, 0.045)
        if rng.random() < 0.5:
            size *= 0.35
        for dx, dy in ((1, 0), (0, 1)):
            p0 = (int(x - dx * size), int(y - dy * size))
            p1 = (int(x + dx * size), int(y + dy * size))
            cv2.line(core, p0, p1, color, 1, cv2.LINE_AA)
        cv2.circle(core, (int(x), int(y)), max(1, int(size * 0.12)), color, -1, cv2.LINE_AA)
    glow = core + _blur(core, s / f * 0.006) * 2.0 + _blur(core, s / f * 0.02) * 1.2
    return _add_light(img, glow * (0.7 + 0.3 * acc.amount))


def _snow(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    h, w, s = ctx.h, ctx.w, ctx.s
    count = int((60 + 220 * acc.amount) * max(1.0, w * h / (s * s)) ** 0.7)
    light = np.zeros((h, w, 3), dtype=_F32)
    far = np.zeros((h // 2 + 1, w // 2 + 1, 3), dtype=_F32)
    for i in range(count):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        r = rng.uniform(0.0012, 0.0035) * s
        a = rng.uniform(0.5, 0.95)
        color = (colors[0] * a).tolist()
        if i % 5 == 0:
            cv2.circle(far, (int(x / 2), int(y / 2)), max(1, int(r * 1.5)), color, -1, cv2.LINE_AA)
        else:
            cv2.circle(light, (int(x), int(y)), max(1, round(r)), color, -1, cv2.LINE_AA)
    far = _resize(_blur(far, s * 0.003), w, h)
    return _screen(img, _screen(light, far * 0.5))


def _mist(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Low drifting mist or smoke around the horizon and over the floor."""
    h, w, hy = ctx.h, ctx.w, ctx.hy
    f = 8
    sw, sh = max(-(-w // f), 2), max(-(-h // f), 2)
    yy = np.arange(sh, dtype=_F32)[:, None] * f
    band = np.exp(-(((yy - hy) / (ctx.s * (0.12 + 0.25 * acc.amount))) ** 2))
    wisps = _noise_2d(rng, sw, sh, max(3, round(5 * w / ctx.s)), 4)
    wisps_x = cv2.resize(wisps, (sw, sh))  # stretch horizontally for drifting bands
    density = np.clip(band * (0.55 + 0.9 * wisps_x) + 0.12 * acc.amount, 0, 1)
    return _add_light(img, colors[0] * 0.9 * (density * (0.4 + 0.5 * acc.amount))[..., None])


def _leaf_mask(w: int, h: int, s: float, rng: Rng, from_right: bool) -> Array:
    """Silhouettes of leafy branches reaching in from the light side (uint8 mask)."""
    mask = np.zeros((h, w), dtype=np.uint8)
    for _ in range(2 + int(w / s > 1.8)):
        x0 = w * (1.05 if from_right else -0.05)
        y0 = h * rng.uniform(0.0, 0.35)
        angle = math.radians(rng.uniform(160, 200) if from_right else rng.uniform(-20, 20))
        length = s * rng.uniform(0.45, 0.7)
        px, py = x0, y0
        for i in range(6):
            t = i / 5
            bend = angle + 0.5 * t * (1 if rng.random() < 0.5 else -1)
            x = x0 + math.cos(bend) * length * t
            y = y0 + math.sin(bend) * length * t + s * 0.15 * t * t
            cv2.line(mask, (int(px), int(py)), (int(x), int(y)), 255, max(1, int(s / 160)))
            px, py = x, y
            for side in (-1, 1):
                leaf_angle = math.degrees(bend) + side * rng.uniform(30, 55)
                size = (int(s * rng.uniform(0.08, 0.12)), int(s * rng.uniform(0.02, 0.03)))
                lx = x + math.cos(math.radians(leaf_angle)) * size[0]
                ly = y + math.sin(math.radians(leaf_angle)) * size[0]
                cv2.ellipse(mask, (int(lx), int(ly)), size, leaf_angle, 0, 360, 255, -1)
    return mask


def _leaf_shadows(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    h, w, s = ctx.h, ctx.w, ctx.s
    f = 4
    mask = _leaf_mask(-(-w // f), -(-h // f), s / f, rng, ctx.lx > 0).astype(_F32) / 255.0
    mask = _blur(mask, (1.0 + 3.0 * ctx.theme.lighting.softness) * s / 1080 * 4 / f)
    shade = colors[0] / 255.0
    strength = 0.22 + 0.3 * acc.amount
    return _shade(img, 1.0 - strength * mask[..., None] * (1.0 - shade * 0.6))


def _window_light(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    h, w, hy, s = ctx.h, ctx.w, ctx.hy, ctx.s
    f = 4
    side = 1.0 if ctx.lx >= 0 else -1.0
    mask = np.zeros((-(-h // f), -(-w // f)), dtype=_F32)
    cx = (w * 0.5 - side * s * rng.uniform(0.12, 0.25)) / f
    top, bottom = hy / f * 0.1, hy / f * 0.97
    pane_w, skew, gap = s / f * 0.13, -side * s / f * 0.22, s / f * 0.014
    for col in range(2):
        for row in range(2):
            y0 = top + (bottom - top) * row / 2 + gap
            y1 = top + (bottom - top) * (row + 1) / 2 - gap
            x0 = cx + (col - 1) * pane_w + gap
            x1 = x0 + pane_w - 2 * gap
            k0, k1 = skew * (y0 - top) / (bottom - top), skew * (y1 - top) / (bottom - top)
            pts = np.array([[x0 + k0, y0], [x1 + k0, y0], [x1 + k1, y1], [x0 + k1, y1]])
            cv2.fillPoly(mask, [pts.astype(np.int32)], 1.0)
    mask = _blur(mask, (1.0 + 4.0 * ctx.theme.lighting.softness) * s / 1080)
    return _add_light(img, colors[0] * mask[..., None] * (0.18 + 0.3 * acc.amount))


def _sun_flare(ctx: _Ctx, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    h, w, s = ctx.h, ctx.w, ctx.s
    sx, sy = w * 0.5 + 0.55 * ctx.lx * max(w, s) * 0.9, -0.05 * h
    px = np.linspace(0, w, max(w // 8, 2), dtype=_F32)
    py = np.linspace(0, h, max(h // 8, 2), dtype=_F32)
    r2 = ((py[:, None] - sy) / s) ** 2 + ((px[None, :] - sx) / s) ** 2
    light = np.exp(-r2 / 0.09) * (0.45 + 0.5 * acc.amount)
    for t, radius in ((0.35, 0.03), (0.55, 0.05), (0.8, 0.02)):
        gx, gy = sx + (w / 2 - sx) * t * 1.4, sy + (h * 0.45 - sy) * t * 1.4
        d = np.sqrt(((px - gx) / s)[None, :] ** 2 + ((py - gy) / s)[:, None] ** 2)
        light += np.clip(1 - d / radius, 0, 1) ** 1.5 * 0.08 * acc.amount
    return _add_light(img, colors[0] * light.astype(_F32)[..., None])


# Each accent kind: the stage it is drawn at, and its renderer.
_ACCENTS: dict[str, tuple[str, Renderer]] = {
    "hills": ("behind", _hills),
    "peaks": ("behind", _peaks),
    "dunes": ("behind", _dunes),
    "trees": ("behind", _trees),
    "sea": ("behind", _sea),
    "clouds": ("behind", _clouds),
    "chalkboard": ("behind", _chalkboard),
    "sofa": ("behind", _sofa),
    "arch": ("behind", _arch),
    "bokeh": ("glow", _bokeh),
    "neon": ("glow", _neon),
    "fireworks": ("glow", _fireworks),
    "podium": ("stage", _podium),
    "splash": ("stage", _splash),
    "confetti": ("front", _confetti),
    "hearts": ("front", _hearts),
    "petals": ("front", _petals),
    "sparkles": ("front", _sparkles),
    "snow": ("front", _snow),
    "mist": ("front", _mist),
    "leaf_shadows": ("front", _leaf_shadows),
    "window_light": ("front", _window_light),
    "sun_flare": ("front", _sun_flare),
}
_BRANDABLE = {"confetti", "bokeh", "neon", "hearts", "sparkles", "fireworks", "podium", "arch"}


def _accent_colors(acc: Accent, brand: list[Array]) -> list[Array]:
    theme_colors = [_rgb(c) for c in acc.colors]
    if acc.kind in _BRANDABLE and brand:
        if acc.kind in ("podium", "arch"):  # solid props: a soft version of the brand colour
            return [_mix(_mix(brand[0], theme_colors[0], 0.45), np.full(3, 250.0), 0.15)]
        return brand + theme_colors
    return theme_colors


def _draw(stage: str, ctx: _Ctx, img: Array, theme: Theme, seed: int, brand: list[Array]) -> Array:
    for i, acc in enumerate(theme.accents):
        where, renderer = _ACCENTS[acc.kind]
        if where == stage:
            img = renderer(ctx, img, acc, _accent_colors(acc, brand), _rng(seed, 10 + i))
    return img


# --------------------------------------------------------------------------- colour


def _luma(c: Array) -> float:
    return float(c @ np.array([0.2126, 0.7152, 0.0722], dtype=_F32)) + 1e-3


def _recolor(color: Array, target: Array, strength: float) -> Array:
    """``color`` moved towards ``target``'s hue and partly its lightness."""
    lum = _luma(color) + (_luma(target) - _luma(color)) * 0.6
    shifted = np.clip(target * (lum / _luma(target)), 0, 255)
    return _mix(color, shifted, strength).astype(_F32)


@dataclass(frozen=True)
class _Colors:
    top: Array
    bottom: Array
    glow: Array
    floor: Array
    floor2: Array


def _colors(theme: Theme, brand_colors: Sequence[str], backdrop_color: str | None) -> _Colors:
    b, s = theme.backdrop, theme.surface
    top, bottom = _rgb(b.colors[0]), _rgb(b.colors[1])
    glow = _rgb(b.glow) if b.glow else _mix(top, np.full(3, 255.0, dtype=_F32), 0.6)
    floor = _rgb(s.color)
    floor2 = _rgb(s.color2) if s.color2 else floor * 0.8
    if brand_colors:
        brand = _rgb(brand_colors[0])
        top, bottom = _mix(top, brand, 0.16), _mix(bottom, brand, 0.12)
        glow = _mix(glow, brand, 0.06)
    if backdrop_color:
        target = _rgb(backdrop_color)
        top, bottom = _recolor(top, target, 0.85), _recolor(bottom, target, 0.85)
        glow = _recolor(glow, target, 0.4)
        floor, floor2 = _recolor(floor, target, 0.55), _recolor(floor2, target, 0.55)
    return _Colors(top, bottom, glow, floor, floor2)


# --------------------------------------------------------------------------- assembly


def _horizon_blend(theme: Theme, h: int, hy: int, s: float) -> tuple[int, int, Array]:
    """Rows [y0, y1) where wall and floor blend, and the floor weight for those rows."""
    widths = {"cove": 0.08, "wall": 0.0025, "sky": 0.006, "night": 0.05, "gradient": 0.1}
    half = max(1.0, widths[theme.backdrop.style] * s)
    y0, y1 = max(int(hy - half) - 1, 0), min(int(hy + half) + 2, h)
    y = np.arange(y0, y1, dtype=_F32)
    return y0, y1, _smoothstep(hy - half, hy + half, y)[:, None, None]


def _light_gain(theme: Theme, w: int, h: int, hy: int, warmth: float) -> Array:
    """Directional falloff, a pool of light on the floor, vignette and colour temperature."""
    direction = math.radians(theme.lighting.direction)
    lx, ly = math.sin(direction), math.cos(direction)
    k = theme.lighting.intensity
    gw, gh = max(w // 8, 2), max(h // 8, 2)
    aspect = w / max(h, 1)
    xn = np.linspace(-1.0, 1.0, gw, dtype=_F32)[None, :] * min(aspect, 2.5) ** 0.5
    yn = np.linspace(-1.0, 1.0, gh, dtype=_F32)[:, None] * min(1 / aspect, 2.5) ** 0.5
    ramp = 1.0 + 0.11 * k * (xn * lx - yn * ly)
    r2 = xn**2 * 0.6 + yn**2 * 0.8
    vignette = 1.0 - (0.12 + 0.16 * k) * np.clip(r2 - 0.1, 0, None) ** 1.3
    yf = np.linspace(0.0, 1.0, gh, dtype=_F32)[:, None]
    pool_y = (yf - (hy + 0.3 * (h - hy)) / h) / 0.3
    pool = 1.0 + 0.07 * k * np.exp(-((xn - 0.2 * lx) ** 2) * 2.5 - pool_y**2 * 3.0)
    gain = (ramp * vignette * pool).astype(_F32)
    chan = grade_array(np.ones((1, 1, 3), dtype=_F32), warmth=warmth)[0, 0]
    return _resize(gain[..., None] * chan, w, h)


@lru_cache(maxsize=8)
def _grain(w: int, h: int) -> Array:
    """Film grain for a canvas size (a cached, fixed field: same size, same grain)."""
    return np.random.default_rng(1234).standard_normal((h, w, 1), dtype=_F32) * _F32(1.6) + _F32(
        0.5
    )


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
    ctx = _Ctx(w, h, hy, s, theme, stage)
    brand = [_rgb(c) for c in brand_colors]
    colors = _colors(theme, brand_colors, backdrop_color)

    # 1. backdrop at a working resolution, out of focus, then its glow accents
    f = 2 if s >= 400 else 1
    small = ctx.scaled(f)
    wall = _backdrop(theme, small, colors.top, colors.bottom, colors.glow)
    texture = _wall_texture(
        theme.backdrop.texture, small.w, small.h, _texture_unit(w, h) / f, _rng(seed, 1)
    )
    wall *= texture[..., None]
    wall = _draw("behind", small, wall, theme, seed, brand)
    wall = _blur_cheap(wall, 0.6 + theme.backdrop.blur * small.s * 0.007)
    wall = _draw("glow", small, wall, theme, seed, brand)

    # 2. the floor, mirrored wall, and the two joined at the horizon
    floor = _floor(theme, w, h, hy, colors.floor, colors.floor2, _rng(seed, 2))
    floor = _reflect_wall(floor, wall, f, hy, theme)
    img = _resize(wall, w, h) if f > 1 else wall
    y0, y1, k = _horizon_blend(theme, h, hy, s)
    wall_band = img[y0:y1].copy()
    img[hy:] = floor
    under = np.empty_like(wall_band)
    under[: hy - y0] = floor[:1]
    under[hy - y0 :] = floor[: y1 - hy]
    img[y0:y1] = _mix(wall_band, under, k)
    if theme.backdrop.style == "wall":  # ambient occlusion in the corner
        yy = (np.arange(max(hy - int(s * 0.06), 0), hy, dtype=_F32) - hy) / (0.02 * s)
        img[hy - len(yy) : hy] *= (1.0 - 0.07 * np.exp(-(yy**2)))[:, None, None]

    # 3. props on the floor, then the light
    img = _draw("stage", ctx, img, theme, seed, brand)
    total_warmth = float(np.clip(0.35 * theme.lighting.warmth + warmth, -1.0, 1.0))
    img *= _light_gain(theme, w, h, hy, total_warmth)

    # 4. front accents, grain
    img = _draw("front", ctx, img, theme, seed, brand)
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
