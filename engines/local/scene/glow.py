"""Accents of light glowing in the out-of-focus backdrop: bokeh, neon and fireworks."""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

from engines.local.raster import (
    F32,
    Array,
    Rng,
    add_light,
    blur,
    blur_cheap,
    resize,
    screen,
    smoothstep,
)
from engines.local.scene.canvas import Canvas
from engines.local.themes import Accent


def _disc_layer(
    shape: tuple[int, int], discs: Sequence[tuple[float, float, float, Array, float]], edge: float
) -> Array:
    """Soft-edged discs (x, y, radius, colour, opacity) screened into an RGB light layer."""
    h, w = shape
    layer = np.zeros((h, w, 3), dtype=F32)
    for x, y, r, color, alpha in discs:
        x0, x1 = max(int(x - r - edge), 0), min(int(x + r + edge) + 1, w)
        y0, y1 = max(int(y - r - edge), 0), min(int(y + r + edge) + 1, h)
        if x0 >= x1 or y0 >= y1:
            continue
        yy, xx = np.ogrid[y0:y1, x0:x1]
        dist = np.sqrt((xx - x) ** 2 + (yy - y) ** 2).astype(F32)
        cover = np.clip((r - dist) / edge + 0.5, 0, 1) * (0.85 + 0.15 * (dist / max(r, 1)) ** 4)
        patch = layer[y0:y1, x0:x1]
        layer[y0:y1, x0:x1] = screen(patch, color * (cover * alpha)[..., None])
    return layer


def bokeh(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Out-of-focus discs of light in the backdrop, fading out below the horizon."""
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
    layer = resize(layer, w, h)
    fade = 1.0 - smoothstep(hy * 0.8, hy * 1.15, np.arange(h, dtype=F32))[:, None, None]
    return screen(img, layer * fade)


def _glow_lines(core: Array, s: float) -> Array:
    """Neon-like glow around thin bright lines (core 0..1)."""
    return (
        blur(core, s * 0.004) * 1.6
        + blur_cheap(core, s * 0.012) * 1.6
        + blur_cheap(core, s * 0.03) * 1.4
    )


def neon(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A neon ring behind the product and a neon bar, with their glow."""
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
        core = line.astype(F32) / 255.0
        glow = _glow_lines(core, s)
        layer = color * np.clip(glow, 0, 1.5)[..., None] * (0.5 + 0.5 * acc.amount)
        layer += 255.0 * np.clip(core * 1.2, 0, 1)[..., None] * 0.85
        out = screen(out, layer)
    return out


def fireworks(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Bursts of light streaks high in the sky, with a soft glow."""
    f = 2
    c = ctx.scaled(f)
    h, w, hy, s = c.h, c.w, c.hy, c.s
    core = np.zeros((h, w, 3), dtype=F32)
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
    glow = core * 0.9 + blur(core, s * 0.01) * 1.5 + blur(core, s * 0.04) * 1.2
    return add_light(img, glow * (0.7 + 0.3 * acc.amount))
