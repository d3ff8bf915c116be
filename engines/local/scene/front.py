"""Accents in front of everything: confetti, hearts, petals, sparkles, snow, mist and light.

They are drawn after the scene's light, over the floor and the backdrop alike, and mostly
leave the middle of the canvas (where the product goes) clear.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

from engines.local.raster import F32, Array, Rng, add_light, blur, noise_2d, resize, screen
from engines.local.scene.canvas import Canvas
from engines.local.themes import Accent


def _shade(img: Array, gain: Array) -> Array:
    """Multiply ``img`` in place by a (possibly low-resolution) RGB gain field."""
    h, w = img.shape[:2]
    if gain.shape[:2] != (h, w):
        gain = resize(gain.astype(F32), w, h)
    img *= gain
    return img


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
    ctx: Canvas,
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
            cover = resize(blur(cover, sig), w, h)
            paint = resize(blur(paint, sig), w, h)
        where = cover > 0  # blend only the covered pixels
        a = cover[where].astype(F32)[:, None] * F32(0.95 / 255.0)
        out[where] = out[where] * (1.0 - a) + paint[where].astype(F32) * F32(0.95)
    return out


def confetti(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Confetti strips and dots scattered in two depths."""
    count = int(40 + 110 * acc.amount)
    return _scatter(ctx, img, colors, rng, count, ("rect", "rect", "circle"), (0.018, 0.03))


def hearts(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Hearts scattered in two depths."""
    count = int(12 + 40 * acc.amount)
    return _scatter(ctx, img, colors, rng, count, ("heart",), (0.03, 0.07))


def petals(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Petals scattered in two depths."""
    count = int(15 + 50 * acc.amount)
    return _scatter(ctx, img, colors, rng, count, ("petal",), (0.025, 0.045))


def sparkles(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
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
    glow = core + blur(core, s / f * 0.006) * 2.0 + blur(core, s / f * 0.02) * 1.2
    return add_light(img, glow * (0.7 + 0.3 * acc.amount))


def snow(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Falling snowflakes, a few of them far and out of focus."""
    h, w, s = ctx.h, ctx.w, ctx.s
    count = int((60 + 220 * acc.amount) * max(1.0, w * h / (s * s)) ** 0.7)
    light = np.zeros((h, w, 3), dtype=F32)
    far = np.zeros((h // 2 + 1, w // 2 + 1, 3), dtype=F32)
    for i in range(count):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        r = rng.uniform(0.0012, 0.0035) * s
        a = rng.uniform(0.5, 0.95)
        color = (colors[0] * a).tolist()
        if i % 5 == 0:
            cv2.circle(far, (int(x / 2), int(y / 2)), max(1, int(r * 1.5)), color, -1, cv2.LINE_AA)
        else:
            cv2.circle(light, (int(x), int(y)), max(1, round(r)), color, -1, cv2.LINE_AA)
    far = resize(blur(far, s * 0.003), w, h)
    return screen(img, screen(light, far * 0.5))


def mist(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Low drifting mist or smoke around the horizon and over the floor."""
    h, w, hy = ctx.h, ctx.w, ctx.hy
    f = 8
    sw, sh = max(-(-w // f), 2), max(-(-h // f), 2)
    yy = np.arange(sh, dtype=F32)[:, None] * f
    band = np.exp(-(((yy - hy) / (ctx.s * (0.12 + 0.25 * acc.amount))) ** 2))
    wisps = noise_2d(rng, sw, sh, max(3, round(5 * w / ctx.s)), 4)
    wisps_x = cv2.resize(wisps, (sw, sh))  # stretch horizontally for drifting bands
    density = np.clip(band * (0.55 + 0.9 * wisps_x) + 0.12 * acc.amount, 0, 1)
    return add_light(img, colors[0] * 0.9 * (density * (0.4 + 0.5 * acc.amount))[..., None])


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


def leaf_shadows(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Shadows of leafy branches cast from the light side."""
    h, w, s = ctx.h, ctx.w, ctx.s
    f = 4
    mask = _leaf_mask(-(-w // f), -(-h // f), s / f, rng, ctx.lx > 0).astype(F32) / 255.0
    mask = blur(mask, (1.0 + 3.0 * ctx.theme.lighting.softness) * s / 1080 * 4 / f)
    shade = colors[0] / 255.0
    strength = 0.22 + 0.3 * acc.amount
    return _shade(img, 1.0 - strength * mask[..., None] * (1.0 - shade * 0.6))


def window_light(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Light through a window falling on the wall, skewed away from the light."""
    h, w, hy, s = ctx.h, ctx.w, ctx.hy, ctx.s
    f = 4
    side = 1.0 if ctx.lx >= 0 else -1.0
    mask = np.zeros((-(-h // f), -(-w // f)), dtype=F32)
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
    mask = blur(mask, (1.0 + 4.0 * ctx.theme.lighting.softness) * s / 1080)
    return add_light(img, colors[0] * mask[..., None] * (0.18 + 0.3 * acc.amount))


def sun_flare(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A sun glow from the light side with a few lens-flare ghosts."""
    h, w, s = ctx.h, ctx.w, ctx.s
    sx, sy = w * 0.5 + 0.55 * ctx.lx * max(w, s) * 0.9, -0.05 * h
    px = np.linspace(0, w, max(w // 8, 2), dtype=F32)
    py = np.linspace(0, h, max(h // 8, 2), dtype=F32)
    r2 = ((py[:, None] - sy) / s) ** 2 + ((px[None, :] - sx) / s) ** 2
    light = np.exp(-r2 / 0.09) * (0.45 + 0.5 * acc.amount)
    for t, radius in ((0.35, 0.03), (0.55, 0.05), (0.8, 0.02)):
        gx, gy = sx + (w / 2 - sx) * t * 1.4, sy + (h * 0.45 - sy) * t * 1.4
        d = np.sqrt(((px - gx) / s)[None, :] ** 2 + ((py - gy) / s)[:, None] ** 2)
        light += np.clip(1 - d / radius, 0, 1) ** 1.5 * 0.08 * acc.amount
    return add_light(img, colors[0] * light.astype(F32)[..., None])
