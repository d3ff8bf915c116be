"""Props standing on the floor with the product: a podium under it, a splash behind it."""

from __future__ import annotations

import math

import cv2
import numpy as np

from engines.local.raster import F32, Array, Rng, add_light, blur, blur_cheap, mix
from engines.local.scene.canvas import Canvas
from engines.local.themes import Accent


def podium(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
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
        u = ((xx - cx) / a).astype(F32)
        inside = np.clip((1 - np.abs(u)) * a, 0, 1)
        rim = b * np.sqrt(np.clip(1 - u**2, 0, 1))
        body = np.clip(top_y + height + rim - yy + 0.5, 0, 1) * np.clip(yy - top_y + 0.5, 0, 1)
        top = np.clip(rim - np.abs(yy - top_y) + 0.5, 0, 1)
        side_shade = 0.78 + 0.16 * (u * lit) + 0.06 * (1 - u**2)
        patch = img[y0:y1, x0:x1]
        fall = 0.97 - 0.08 * (yy - top_y) / max(height, 1)
        face = color * (side_shade * fall)[..., None]
        patch[:] = mix(patch, face, (body * inside)[..., None])
        patch[:] = mix(patch, color * 1.05, (top * inside)[..., None])

    # contact shadow of the big plinth on the floor
    a = max((right - left) * 0.5 * 1.5, s * 0.16)
    height = min(s * (0.14 + 0.12 * acc.amount), max(h - base, s * 0.05) + s * 0.3)
    shadow = np.zeros((h, w), dtype=F32)
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
    shadow = blur_cheap(shadow, s * 0.02)
    img *= (1.0 - 0.35 * shadow)[..., None]
    if len(colors) > 1:  # a second, taller and narrower block behind, to one side
        side = 1 if rng.random() < 0.5 else -1
        cx2 = (left + right) / 2 + side * (a * 1.1)
        cylinder(cx2, base - s * 0.2, a * 0.55, s * 0.2 + height * 0.6, colors[1])
    cylinder((left + right) / 2, base, a, height, colors[0])
    return img


def splash(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A crown of splashing water behind the product, with flying droplets.

    Water is clear: each sheet of the crown shows the scene behind it darker and tinted
    (refraction), with a bright rim only where its edge catches the light, and each
    droplet is a small shaded lens with a highlight, not a white stroke.
    """
    f = 2
    c = ctx.scaled(f)
    h, w, s = c.h, c.w, c.s
    left, right, base = c.stage
    cx = (left + right) / 2
    water = colors[0]
    hi = colors[1] if len(colors) > 1 else np.full(3, 255.0, dtype=F32)
    body = np.zeros((h, w), dtype=F32)
    rims = np.zeros((h, w), dtype=F32)
    spread = max(right - left, s * 0.25) * (0.9 + 0.5 * acc.amount)
    arcs = int(14 + 10 * acc.amount)
    for k in range(arcs):
        u = (k + rng.uniform(0, 1)) / arcs * 2 - 1
        x_end = cx + u * spread
        y_end = base - s * (0.28 + 0.35 * (1 - u**2)) * rng.uniform(0.7, 1.1)
        x_start = cx + u * spread * 0.25
        t = np.linspace(0, 1, 16)
        xs = x_start + (x_end - x_start) * t
        ys = base - (base - y_end) * np.sin(t * math.pi * 0.5) - s * 0.02 * t * t
        thick = s * 0.04 * (1 - abs(u) * 0.5) * (1 - 0.7 * t)  # sheets thin out as they rise
        for i in range(len(t) - 1):
            p0 = (int(xs[i]), int(ys[i]))
            p1 = (int(xs[i + 1]), int(ys[i + 1]))
            cv2.line(body, p0, p1, 0.5 + 0.3 * rng.random(), max(1, int(thick[i])), cv2.LINE_AA)
        lit = 0.25 + 0.75 * max(0.0, -u * ctx.lx)  # rims facing the light catch it
        arr = np.stack([xs, ys], 1).astype(np.int32)[4:]
        cv2.polylines(rims, [arr], False, lit, 1, cv2.LINE_AA)
        cv2.circle(body, (int(x_end), int(y_end)), max(1, int(s * 0.008)), 0.8, -1, cv2.LINE_AA)
    drops = np.zeros((h, w), dtype=F32)
    for _ in range(int(40 + 80 * acc.amount)):
        a = rng.uniform(math.pi * 1.05, math.pi * 1.95)
        dist = spread * rng.uniform(0.5, 1.6)
        x, y = cx + math.cos(a) * dist, base + math.sin(a) * dist * 0.8
        r = max(1, int(s * rng.uniform(0.003, 0.01)))
        cv2.circle(body, (int(x), int(y)), r, 0.7, -1, cv2.LINE_AA)
        cv2.circle(drops, (int(x - r * 0.35 * ctx.lx), int(y - r * 0.35)), max(1, r // 3), 1.0,
                   -1, cv2.LINE_AA)
    body = blur(body, s * 0.004)
    glow = blur(rims, s * 0.003) * 0.9 + blur(drops, 0.8) * 0.9
    full_body = cv2.resize(body, (ctx.w, ctx.h), interpolation=cv2.INTER_LINEAR)[..., None]
    deep = water * np.array([0.42, 0.62, 0.88], dtype=F32)  # water's own colour, in depth
    img[:] = mix(img, deep[None, None, :], full_body * 0.5)  # refraction: seen through water
    light = hi[None, None, :] * glow[..., None] + water[None, None, :] * (body * 0.3)[..., None]
    return add_light(img, light)
