"""Procedural ad scenes: a backdrop, a perspective floor, light and accents, from a Theme.

Everything is numpy/OpenCV on float32 arrays (0..255) and deterministic in its seed. The
renderer knows nothing about the product: ``compose`` places it afterwards, using the
horizon, light direction and surface finish the returned :class:`Scene` reports.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from tools.engines.local.grading import grade_array
from tools.engines.local.themes import Accent, Theme

Array = np.ndarray
_TEX = 512  # side of the procedural floor/wall texture tiles


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
    return np.array(hex_rgb(color), dtype=np.float32)


def _rng(seed: int, *salt: int) -> np.random.Generator:
    return np.random.default_rng([seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF, *salt])


def _smoothstep(edge0: float, edge1: float, x: Array) -> Array:
    t = np.clip((x - edge0) / max(edge1 - edge0, 1e-6), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _fbm(rng: np.random.Generator, shape: tuple[int, int], cells: int, octaves: int = 4) -> Array:
    """Fractal value noise in [-1, 1] (approximately) of the given (h, w) shape."""
    h, w = shape
    out = np.zeros(shape, dtype=np.float32)
    amp, total = 1.0, 0.0
    for octave in range(octaves):
        n = cells * 2**octave
        grid = rng.random((max(2, round(n * h / max(h, w))), max(2, round(n * w / max(h, w)))))
        layer = cv2.resize(grid.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
        out += amp * (layer * 2.0 - 1.0)
        total += amp
        amp *= 0.5
    return out / np.float32(total)


def _upsample(field: Array, w: int, h: int) -> Array:
    """Resize a smooth low-resolution field to (h, w) as float32."""
    return cv2.resize(field.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)


def _blur(img: Array, sigma: float) -> Array:
    if sigma < 0.3:
        return img
    return cv2.GaussianBlur(img, (0, 0), sigmaX=sigma, sigmaY=sigma)


def _blur_cheap(img: Array, sigma: float) -> Array:
    """Gaussian blur for large radii: blur a downscaled copy, then scale back up."""
    if sigma < 6:
        return _blur(img, sigma)
    factor = max(1, int(sigma // 3))
    h, w = img.shape[:2]
    small = cv2.resize(
        img, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA
    )
    small = _blur(small, sigma / factor)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _mix(a: Array, b: Array, t: Array | float) -> Array:
    return a + (b - a) * t


def _screen(base: Array, light: Array) -> Array:
    """Screen blend (both 0..255): brightens like light does, never exceeds white."""
    return 255.0 - (255.0 - base) * (255.0 - np.clip(light, 0, 255)) / 255.0


# --------------------------------------------------------------------------- backdrop


def _wall_texture(kind: str, w: int, h: int, rng: np.random.Generator) -> Array:
    """A frontal wall texture as a brightness multiplier around 1 (shape h x w)."""
    if kind == "plain":
        return np.ones((h, w), dtype=np.float32)
    if kind == "plaster":
        return 1.0 + 0.035 * _fbm(rng, (h, w), 6, 5)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    unit = max(w, h) / 24.0
    if kind == "brick":
        row = np.floor(yy / (unit * 0.55))
        shift = (row % 2) * unit * 0.6
        bx = np.mod(xx + shift, unit * 1.2)
        by = np.mod(yy, unit * 0.55)
        mortar = (bx < unit * 0.07) | (by < unit * 0.07)
        tone = 1.0 + 0.08 * _fbm(rng, (h, w), 24, 2)
        return np.where(mortar, 1.12, tone).astype(np.float32)
    if kind == "tiles":
        size = unit * 2.2
        row = np.floor(yy / (size * 0.5))
        gx, gy = np.mod(xx + (row % 2) * size * 0.5, size), np.mod(yy, size * 0.5)
        grout = (gx < size * 0.025) | (gy < size * 0.025)
        sheen = 1.0 + 0.03 * np.sin(gy / (size * 0.5) * np.pi)
        return np.where(grout, 0.88, sheen).astype(np.float32)
    # slats: vertical wooden battens with shadowed gaps
    phase = np.mod(xx, unit * 0.7) / (unit * 0.7)
    return (1.0 - 0.14 * _smoothstep(0.82, 0.95, phase) + 0.04 * np.sin(phase * np.pi)).astype(
        np.float32
    )


def _backdrop(theme: Theme, w: int, h: int, hy: int, top: Array, bottom: Array) -> Array:
    """Vertical gradient wall (full canvas height, the floor covers its lower part)."""
    y = np.arange(h, dtype=np.float32)[:, None, None]
    t = np.clip(y / max(hy, 1), 0.0, 1.0)
    if theme.backdrop.style == "sky":
        t = t**1.6
    grad = top + (bottom - top) * t
    return np.broadcast_to(grad, (h, w, 3)).astype(np.float32)


def _glow(theme: Theme, w: int, h: int, hy: int, light_x: float) -> tuple[Array, Array]:
    """Soft pool of light behind the product: (weight HxWx1, colour)."""
    glow = theme.backdrop.glow or "#FFFFFF"
    cx = w * (0.5 + 0.18 * light_x)
    cy = hy * 0.55
    xs = (np.linspace(0, w, max(w // 8, 2), dtype=np.float32) - cx) / (0.55 * w)
    ys = (np.linspace(0, h, max(h // 8, 2), dtype=np.float32) - cy) / (0.6 * max(hy, 1))
    weight = _upsample(np.exp(-(ys[:, None] ** 2 + xs[None, :] ** 2) * 1.4), w, h)
    return (weight * (0.35 + 0.45 * theme.lighting.intensity))[..., None], _rgb(glow)


# --------------------------------------------------------------------------- floor


def _floor_texture(theme: Theme, rng: np.random.Generator) -> Array:
    """Texture tile (_TEX x _TEX x 3) in floor coordinates: rows run into the distance."""
    s = theme.surface
    base, alt = _rgb(s.color), _rgb(s.color2) if s.color2 else _rgb(s.color) * 0.8
    n = _TEX
    if s.texture == "plain":
        tone = 1.0 + 0.012 * _fbm(rng, (n, n), 4, 3)
        return base * tone[..., None]
    if s.texture == "wood":
        return _wood(base, alt, rng)
    if s.texture == "marble":
        turb = _fbm(rng, (n, n), 3, 5)
        yy, xx = np.mgrid[0:n, 0:n].astype(np.float32) / n
        vein = np.abs(np.sin((xx * 2.0 + yy * 1.2) * np.pi * 2 + turb * 7.0))
        veins = _blur(np.clip(1.0 - vein / 0.12, 0, 1) ** 2 * 0.7, 2.0)
        fine = _blur(
            np.clip(1.0 - np.abs(np.sin((xx * 4 - yy * 3) * np.pi + turb * 9)) / 0.04, 0, 1), 1.0
        )
        cloud = 0.03 * _fbm(rng, (n, n), 5, 4)
        t = np.clip(veins + 0.35 * fine, 0, 1)[..., None]
        return _mix(base * (1.0 + cloud[..., None]), alt, t * 0.75)
    if s.texture == "sand":
        ripples = np.sin(np.arange(n, dtype=np.float32)[:, None] * 0.35 + _fbm(rng, (n, n), 6) * 6)
        grain = rng.normal(0.0, 1.0, (n, n)).astype(np.float32)
        tone = 1.0 + 0.035 * ripples + 0.03 * grain + 0.04 * _fbm(rng, (n, n), 5, 3)
        return (
            _mix(base, alt, np.clip(0.5 - 2 * _fbm(rng, (n, n), 3, 2), 0, 1)[..., None] * 0.4)
            * (tone[..., None])
        )
    if s.texture == "terrazzo":
        return _terrazzo(base, alt, rng)
    # concrete
    blotch = _fbm(rng, (n, n), 5, 5)
    speck = rng.normal(0.0, 1.0, (n, n)).astype(np.float32)
    tone = 1.0 + 0.05 * blotch + 0.018 * speck
    return _mix(base, alt, np.clip(blotch * 1.5, 0, 1)[..., None] * 0.5) * tone[..., None]


def _wood(base: Array, alt: Array, rng: np.random.Generator) -> Array:
    n = _TEX
    plank_w = n / 4.0
    xx = np.arange(n, dtype=np.float32)[None, :].repeat(n, 0)
    plank = np.floor(xx / plank_w)
    tones = 1.0 + 0.08 * (rng.random(8).astype(np.float32) - 0.5) * 2
    tone = tones[plank.astype(np.int64) % 8]
    warp = cv2.resize(rng.random((6, 48)).astype(np.float32), (n, n), interpolation=cv2.INTER_CUBIC)
    rings = np.sin(xx * 0.35 + warp * 14.0 + plank * 3.0) * 0.5 + 0.5
    streak = cv2.resize(
        rng.random((12, 160)).astype(np.float32), (n, n), interpolation=cv2.INTER_CUBIC
    )
    t = np.clip(rings**3 * 0.55 + (streak - 0.5) * 0.5, 0, 1)
    seam = 1.0 - 0.45 * (np.mod(xx, plank_w) < 2.5)
    color = _mix(base, alt, t[..., None] * 0.7) * (tone * seam)[..., None]
    return color.astype(np.float32)


def _terrazzo(base: Array, alt: Array, rng: np.random.Generator) -> Array:
    n = _TEX
    img = np.broadcast_to(base, (n, n, 3)).copy()
    chips = [alt, base * 0.82, np.minimum(base * 1.08, 255), alt * 0.85 + np.array([20, 8, 0])]
    for _ in range(700):
        c = chips[int(rng.integers(len(chips)))]
        center = (int(rng.integers(n)), int(rng.integers(n)))
        axes = (int(rng.integers(1, 5)), int(rng.integers(1, 4)))
        cv2.ellipse(img, center, axes, float(rng.uniform(0, 180)), 0, 360, c.tolist(), -1)
    tone = 1.0 + 0.02 * _fbm(rng, (n, n), 4, 3)
    return (img * tone[..., None]).astype(np.float32)


def _floor(theme: Theme, w: int, h: int, hy: int, rng: np.random.Generator) -> Array:
    """The floor in perspective for rows hy..h (array of shape (h - hy) x w x 3)."""
    rows = max(h - hy, 1)
    tex = _floor_texture(theme, rng)
    d = (np.arange(rows, dtype=np.float32) + 1.0) / rows  # 0 at horizon .. 1 at bottom
    dd = np.maximum(d, 0.02)[:, None]
    x = (np.arange(w, dtype=np.float32)[None, :] - w / 2.0) / max(w, h)
    map_x = (x / dd * _TEX * 0.55 + _TEX / 2.0).astype(np.float32)
    map_y = np.broadcast_to(_TEX * 0.18 / dd, (rows, w)).astype(np.float32)
    floor = cv2.remap(tex, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_WRAP)
    mean = tex.reshape(-1, 3).mean(axis=0)
    contrast = _smoothstep(0.0, 0.3, d)[:, None, None]
    floor = mean + (floor - mean) * contrast
    far = _blur(floor, 1.5 + 4.0 * theme.backdrop.blur)
    return _mix(floor, far, np.clip(1.0 - d / 0.4, 0, 1)[:, None, None])


def _reflect_wall(floor: Array, wall: Array, hy: int, theme: Theme) -> Array:
    """Glossy floors mirror the (blurred) wall, fading towards the viewer."""
    s = theme.surface
    strength = 0.5 * s.gloss + 0.3 * s.reflectivity
    if strength < 0.02 or hy < 2:
        return floor
    rows = floor.shape[0]
    src = np.clip(hy - 1 - np.arange(rows) // 1, 0, hy - 1)
    mirror = _blur_cheap(wall[src], 6.0 + 10.0 * (1.0 - s.gloss))
    d = (np.arange(rows, dtype=np.float32) + 1.0) / rows
    fade = (strength * np.exp(-d * 4.0))[:, None, None]
    return _mix(floor, mirror, fade)


# --------------------------------------------------------------------------- lighting


def _light_vector(direction: float) -> tuple[float, float]:
    rad = math.radians(direction)
    return math.sin(rad), math.cos(rad)


def _lighting(img: Array, theme: Theme, hy: int) -> Array:
    """Directional falloff, a pool of light on the floor and a vignette."""
    h, w = img.shape[:2]
    lx, ly = _light_vector(theme.lighting.direction)
    k = theme.lighting.intensity
    xn = np.linspace(-1.0, 1.0, max(w // 8, 2), dtype=np.float32)[None, :]
    yn = np.linspace(-1.0, 1.0, max(h // 8, 2), dtype=np.float32)[:, None]
    ramp = 1.0 + 0.11 * k * (xn * lx - yn * ly)
    r2 = xn**2 * 0.6 + yn**2 * 0.8
    vignette = 1.0 - (0.12 + 0.16 * k) * np.clip(r2 - 0.1, 0, None) ** 1.3
    pool_y = (yn + 1.0) / 2.0 - (hy + 0.22 * (h - hy)) / h
    pool_y = pool_y / 0.35
    pool = 1.0 + 0.06 * k * np.exp(-((xn - 0.2 * lx) ** 2) * 2.5 - pool_y**2 * 3.0)
    gain = _upsample(ramp * vignette * pool, w, h)
    return img * gain[..., None]


# --------------------------------------------------------------------------- accents


def _disc_layer(
    shape: tuple[int, int], discs: Sequence[tuple[float, float, float, Array, float]], edge: float
) -> Array:
    """Soft-edged discs (x, y, radius, colour, opacity) screened into an RGB light layer."""
    h, w = shape
    layer = np.zeros((h, w, 3), dtype=np.float32)
    for x, y, r, color, alpha in discs:
        x0, x1 = max(int(x - r - edge), 0), min(int(x + r + edge) + 1, w)
        y0, y1 = max(int(y - r - edge), 0), min(int(y + r + edge) + 1, h)
        if x0 >= x1 or y0 >= y1:
            continue
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        dist = np.sqrt((xx - x) ** 2 + (yy - y) ** 2)
        cover = np.clip((r - dist) / edge + 0.5, 0, 1) * (0.85 + 0.15 * (dist / max(r, 1)) ** 4)
        patch = layer[y0:y1, x0:x1]
        layer[y0:y1, x0:x1] = _screen(patch, color * (cover * alpha)[..., None])
    return layer


def _bokeh(
    img: Array, acc: Accent, colors: list[Array], hy: int, rng: np.random.Generator
) -> Array:
    h, w = img.shape[:2]
    f = 2
    count = int(8 + 46 * acc.amount)
    discs = []
    for _ in range(count):
        r = float(rng.uniform(0.012, 0.055) * w / f)
        x = float(rng.uniform(-0.05, 1.05) * w / f)
        y = float(rng.uniform(0.0, 1.08) * hy / f)
        color = colors[int(rng.integers(len(colors)))]
        discs.append((x, y, r, color, float(rng.uniform(0.25, 0.7))))
    layer = _disc_layer((h // f + 1, w // f + 1), discs, edge=2.5)
    layer = cv2.resize(_blur(layer, 1.2), (w, h), interpolation=cv2.INTER_LINEAR)
    fade = 1.0 - _smoothstep(hy * 0.8, hy * 1.15, np.arange(h, dtype=np.float32))[:, None, None]
    return _screen(img, layer * fade)


def _snow(img: Array, acc: Accent, colors: list[Array], rng: np.random.Generator) -> Array:
    h, w = img.shape[:2]
    count = int(60 + 260 * acc.amount)
    near = [
        (
            float(rng.uniform(0, w)),
            float(rng.uniform(0, h)),
            float(rng.uniform(1.2, 3.5) * w / 1080),
            colors[0],
            float(rng.uniform(0.5, 0.95)),
        )
        for _ in range(count)
    ]
    far = [(x, y, r * rng.uniform(2.0, 4.0), c, a * 0.35) for x, y, r, c, a in near[: count // 5]]
    layer = _screen(_disc_layer((h, w), near, 1.0), _blur(_disc_layer((h, w), far, 2.0), 3.0))
    return _screen(img, layer)


def _confetti(img: Array, acc: Accent, colors: list[Array], rng: np.random.Generator) -> Array:
    h, w = img.shape[:2]
    scale = min(w, h) / 1080.0
    out = img
    for depth, blur in ((0, 3.5), (1, 0.0)):
        paint = np.zeros((h, w, 3), dtype=np.uint8)
        cover = np.zeros((h, w), dtype=np.uint8)
        count = int((25 + 70 * acc.amount) * (0.6 if depth == 0 else 1.0))
        for _ in range(count):
            x = rng.uniform(0, w)
            # denser near the top and the edges, sparse in the middle where the product goes
            y = h * rng.beta(0.9, 2.2)
            if abs(x - w / 2) < w * 0.22 and rng.random() < 0.65:
                x = rng.choice([rng.uniform(0, w * 0.28), rng.uniform(w * 0.72, w)])
            size = (1.6 if depth == 0 else 1.0) * scale
            color = colors[int(rng.integers(len(colors)))]
            shade = color * rng.uniform(0.85, 1.08)
            if rng.random() < 0.35:
                r = int(rng.uniform(5, 10) * size)
                cv2.circle(paint, (int(x), int(y)), r, np.clip(shade, 0, 255).tolist(), -1, 16)
                cv2.circle(cover, (int(x), int(y)), r, 255, -1, 16)
            else:
                box = (
                    (float(x), float(y)),
                    (rng.uniform(7, 13) * size, rng.uniform(16, 30) * size),
                    float(rng.uniform(0, 180)),
                )
                pts = cv2.boxPoints(box).astype(np.int32)
                cv2.fillPoly(paint, [pts], np.clip(shade, 0, 255).tolist(), 16)
                cv2.fillPoly(cover, [pts], 255, 16)
        a = _blur(cover.astype(np.float32) / 255.0, blur)[..., None]
        p = _blur(paint.astype(np.float32), blur)
        out = out * (1.0 - a * 0.95) + p * 0.95  # paint is premultiplied by its cover
    return out


def _leaf_mask(w: int, h: int, rng: np.random.Generator, from_right: bool) -> Array:
    """Silhouettes of leafy branches reaching in from the light side (uint8 mask)."""
    mask = np.zeros((h, w), dtype=np.uint8)
    for _ in range(2):
        x0 = w * (1.05 if from_right else -0.05)
        y0 = h * rng.uniform(0.0, 0.35)
        angle = math.radians(rng.uniform(160, 200) if from_right else rng.uniform(-20, 20))
        length = w * rng.uniform(0.45, 0.65)
        steps = 6
        px, py = x0, y0
        for i in range(steps):
            t = i / (steps - 1)
            bend = angle + 0.5 * t * (1 if rng.random() < 0.5 else -1)
            x = x0 + math.cos(bend) * length * t
            y = y0 + math.sin(bend) * length * t + h * 0.15 * t * t
            cv2.line(mask, (int(px), int(py)), (int(x), int(y)), 255, max(1, w // 160))
            px, py = x, y
            for side in (-1, 1):
                leaf_angle = math.degrees(bend) + side * rng.uniform(30, 55)
                size = (int(w * rng.uniform(0.08, 0.12)), int(w * rng.uniform(0.02, 0.03)))
                lx = x + math.cos(math.radians(leaf_angle)) * size[0]
                ly = y + math.sin(math.radians(leaf_angle)) * size[0]
                cv2.ellipse(mask, (int(lx), int(ly)), size, leaf_angle, 0, 360, 255, -1)
    return mask


def _leaf_shadows(
    img: Array, acc: Accent, colors: list[Array], theme: Theme, rng: np.random.Generator
) -> Array:
    h, w = img.shape[:2]
    f = 4
    lx, _ = _light_vector(theme.lighting.direction)
    mask: Array = _leaf_mask(w // f, h // f, rng, from_right=lx > 0).astype(np.float32) / 255.0
    mask = _blur(mask, (1.0 + 3.0 * theme.lighting.softness) * 4 / f)
    mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
    shade = colors[0] / 255.0
    strength = 0.22 + 0.3 * acc.amount
    return img * (1.0 - strength * mask * (1.0 - shade * 0.6))


def _window_light(
    img: Array, acc: Accent, colors: list[Array], theme: Theme, hy: int, rng: np.random.Generator
) -> Array:
    h, w = img.shape[:2]
    lx, _ = _light_vector(theme.lighting.direction)
    side = 1.0 if lx >= 0 else -1.0
    mask = np.zeros((h // 4, w // 4), dtype=np.float32)
    cx = w / 4 * (0.5 - side * rng.uniform(0.12, 0.25))
    top, bottom = hy / 4 * 0.12, hy / 4 * 0.95
    pane_w, skew, gap = w / 4 * 0.12, -side * w / 4 * 0.22, w / 4 * 0.014
    for col in range(2):
        for row in range(2):
            y0 = top + (bottom - top) * row / 2 + gap
            y1 = top + (bottom - top) * (row + 1) / 2 - gap
            x0 = cx + (col - 1) * pane_w + gap
            x1 = x0 + pane_w - 2 * gap
            k0, k1 = skew * (y0 - top) / (bottom - top), skew * (y1 - top) / (bottom - top)
            pts = np.array([[x0 + k0, y0], [x1 + k0, y0], [x1 + k1, y1], [x0 + k1, y1]])
            cv2.fillPoly(mask, [pts.astype(np.int32)], 1.0)
    mask = _blur(mask, 1.0 + 4.0 * theme.lighting.softness)
    mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
    return _screen(img, colors[0] * mask * (0.18 + 0.3 * acc.amount))


def _sun_flare(img: Array, acc: Accent, colors: list[Array], theme: Theme) -> Array:
    h, w = img.shape[:2]
    lx, _ = _light_vector(theme.lighting.direction)
    sx, sy = w * (0.5 + 0.55 * lx), -0.05 * h
    px = np.linspace(0, w, max(w // 4, 2), dtype=np.float32)
    py = np.linspace(0, h, max(h // 4, 2), dtype=np.float32)
    r2 = ((py[:, None] - sy) / w) ** 2 + ((px[None, :] - sx) / w) ** 2
    light = np.exp(-r2 / 0.09) * (0.45 + 0.5 * acc.amount)
    for t, radius in ((0.35, 0.03), (0.55, 0.05), (0.8, 0.02)):
        gx, gy = sx + (w / 2 - sx) * t * 1.4, sy + (h * 0.45 - sy) * t * 1.4
        d = np.sqrt(((px - gx) / w)[None, :] ** 2 + ((py - gy) / w)[:, None] ** 2)
        light += np.clip(1 - d / radius, 0, 1) ** 1.5 * 0.08 * acc.amount
    return _screen(img, colors[0] * _upsample(light, w, h)[..., None])


def _neon(
    wall: Array, acc: Accent, colors: list[Array], hy: int, rng: np.random.Generator
) -> Array:
    h, w = wall.shape[:2]
    f = 2
    out = wall
    shapes = [("ring", colors[0]), ("bar", colors[1 % len(colors)])]
    for kind, color in shapes:
        line = np.zeros((h // f, w // f), dtype=np.uint8)
        if kind == "ring":
            c = (int(w / f * rng.uniform(0.42, 0.58)), int(hy / f * 0.52))
            cv2.circle(line, c, int(min(w, hy) / f * 0.36), 255, max(2, w // 300), 16)
        else:
            y = int(hy / f * rng.uniform(0.12, 0.22))
            cv2.line(
                line, (int(w / f * 0.08), y), (int(w / f * 0.42), y), 255, max(2, w // 360), 16
            )
        core = line.astype(np.float32) / 255.0
        glow = _blur(core, 3) * 1.6 + _blur(core, 10) * 1.8 + _blur(core, 28) * 1.6
        layer = color * np.clip(glow, 0, 1.5)[..., None] * (0.5 + 0.5 * acc.amount)
        layer += 255.0 * np.clip(core * 1.2, 0, 1)[..., None] * 0.85
        out = _screen(out, cv2.resize(layer, (w, h), interpolation=cv2.INTER_LINEAR))
    return out


def _hills(
    wall: Array, acc: Accent, colors: list[Array], hy: int, rng: np.random.Generator
) -> Array:
    w = wall.shape[1]
    out = wall.copy()
    sky = wall[max(hy - 1, 0), 0].copy()
    layers = len(colors)
    for i, color in enumerate(colors):
        depth = (layers - i) / layers  # 1 = farthest
        ridge = _fbm(rng, (1, w), 3 + 2 * i, 4)[0]
        peak = hy - hy * (0.18 + 0.22 * depth * acc.amount) - ridge * hy * (0.12 + 0.06 * depth)
        top = max(int(peak.min()) - 1, 0)
        ys = np.arange(top, hy, dtype=np.float32)[:, None]
        haze_t = (0.55 * depth + 0.25 * (1 - (ys - top) / max(hy - top, 1)) * depth)[..., None]
        haze = _mix(color, sky, haze_t)
        cover = np.clip(ys - peak[None, :] + 0.5, 0, 1)[..., None]
        out[top:hy] = _mix(out[top:hy], haze, cover)
    return out


def _sea(wall: Array, acc: Accent, colors: list[Array], hy: int, rng: np.random.Generator) -> Array:
    h, w = wall.shape[:2]
    band = int(hy * (0.06 + 0.08 * acc.amount))
    top = hy - band
    far, near = colors[0], colors[1 % len(colors)]
    t = np.linspace(0, 1, band, dtype=np.float32)[:, None, None]
    sea = far + (near - far) * t
    ripples: Array = rng.random((max(2, band // 3), max(2, w // 60))).astype(np.float32)
    ripples = cv2.resize(ripples, (w, band), interpolation=cv2.INTER_CUBIC)
    glints = np.clip(ripples * 3.0 - 2.2, 0, 1)[..., None] * 60.0
    out = wall.copy()
    out[top:hy] = sea + glints * (1 - t)
    return out


def _accent_colors(acc: Accent, brand: list[Array]) -> list[Array]:
    theme_colors = [_rgb(c) for c in acc.colors]
    if acc.kind in ("confetti", "bokeh", "neon") and brand:
        return brand + theme_colors
    return theme_colors


# --------------------------------------------------------------------------- assembly


def _horizon_blend(theme: Theme, h: int, hy: int) -> Array:
    widths = {"cove": 0.07, "wall": 0.0025, "sky": 0.006, "night": 0.04}
    half = max(1.0, widths[theme.backdrop.style] * h)
    y = np.arange(h, dtype=np.float32)
    return _smoothstep(hy - half, hy + half, y)[:, None, None]


def _crease(theme: Theme, h: int, hy: int) -> Array:
    """Ambient occlusion where a wall meets the floor."""
    if theme.backdrop.style != "wall":
        return np.ones((h, 1, 1), dtype=np.float32)
    y = (np.arange(h, dtype=np.float32) - hy) / (0.025 * h)
    return (1.0 - 0.07 * np.exp(-(y**2)) * (y > -2))[:, None, None]


def _brand_tint(colors: Sequence[str], top: Array, bottom: Array) -> tuple[Array, Array]:
    if not colors:
        return top, bottom
    brand = _rgb(colors[0])
    return _mix(top, brand, 0.16), _mix(bottom, brand, 0.12)


def _backdrop_layer(
    theme: Theme, w: int, h: int, hy: int, seed: int, brand: list[Array], top: Array, bottom: Array
) -> Array:
    lx, _ = _light_vector(theme.lighting.direction)
    wall = _backdrop(theme, w, h, hy, top, bottom)
    weight, glow = _glow(theme, w, h, hy, lx)
    wall = _mix(wall, glow, weight)
    wall = wall * _wall_texture(theme.backdrop.texture, w, h, _rng(seed, 1))[..., None]
    behind: dict[str, Callable[[Array, Accent, list[Array], np.random.Generator], Array]] = {
        "hills": lambda a, c, cs, r: _hills(a, c, cs, hy, r),
        "sea": lambda a, c, cs, r: _sea(a, c, cs, hy, r),
    }
    for i, acc in enumerate(theme.accents):
        if acc.kind in behind:
            wall = behind[acc.kind](wall, acc, _accent_colors(acc, brand), _rng(seed, 10 + i))
    wall = _blur_cheap(wall, theme.backdrop.blur * min(w, h) * 0.006)
    for i, acc in enumerate(theme.accents):
        r = _rng(seed, 10 + i)
        if acc.kind == "bokeh":
            wall = _bokeh(wall, acc, _accent_colors(acc, brand), hy, r)
        elif acc.kind == "neon":
            wall = _neon(wall, acc, _accent_colors(acc, brand), hy, r)
    return wall


def _front_accents(img: Array, theme: Theme, hy: int, seed: int, brand: list[Array]) -> Array:
    for i, acc in enumerate(theme.accents):
        r = _rng(seed, 30 + i)
        colors = _accent_colors(acc, brand)
        if acc.kind == "leaf_shadows":
            img = _leaf_shadows(img, acc, colors, theme, r)
        elif acc.kind == "window_light":
            img = _window_light(img, acc, colors, theme, hy, r)
        elif acc.kind == "sun_flare":
            img = _sun_flare(img, acc, colors, theme)
        elif acc.kind == "snow":
            img = _snow(img, acc, colors, r)
        elif acc.kind == "confetti":
            img = _confetti(img, acc, colors, r)
    return img


def render_scene(
    theme: Theme,
    size: tuple[int, int],
    seed: int,
    brand_colors: Sequence[str] = (),
    warmth: float = 0.0,
) -> Scene:
    """Render a theme's scene (no product) at the given size.

    Args:
        theme: What to draw.
        size: (width, height) in pixels.
        seed: Any integer; the same inputs always give the same pixels.
        brand_colors: ``#RRGGBB`` colours that tint the backdrop and colour the accents.
        warmth: Extra grading, -1 (cooler) .. 1 (warmer), on top of the theme's own warmth.

    Returns:
        The scene image and the facts compositing needs (horizon, light, floor finish).
    """
    w, h = size
    hy = int(round(h * theme.surface.horizon))
    brand = [_rgb(c) for c in brand_colors]
    top, bottom = _brand_tint(
        brand_colors, _rgb(theme.backdrop.colors[0]), _rgb(theme.backdrop.colors[1])
    )
    wall = _backdrop_layer(theme, w, h, hy, seed, brand, top, bottom)
    floor = _floor(theme, w, h, hy, _rng(seed, 2))
    floor = _reflect_wall(floor, wall, hy, theme)
    full_floor = np.concatenate([np.broadcast_to(floor[:1], (hy, w, 3)), floor], axis=0)
    img = _mix(wall, full_floor, _horizon_blend(theme, h, hy)) * _crease(theme, h, hy)
    img = _lighting(img, theme, hy)
    img = _front_accents(img, theme, hy, seed, brand)
    total_warmth = float(np.clip(0.35 * theme.lighting.warmth + warmth, -1.0, 1.0))
    img = grade_array(img, warmth=total_warmth)
    grain = _rng(seed, 3).standard_normal((h, w, 1), dtype=np.float32) * np.float32(1.6)
    pixels = np.clip(img + grain + 0.5, 0, 255).astype(np.uint8)
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
