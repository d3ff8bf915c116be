"""Accents drawn on the backdrop behind the product: landscapes, clouds, furniture, arches.

Each renderer takes the canvas, the image, the accent, its colours and a random generator,
and returns the image (possibly modified in place). They run at the backdrop's working
resolution, before it is thrown out of focus.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from engines.local.raster import F32, Array, Rng, blur, mix, noise_2d, resize, smoothstep
from engines.local.scene.canvas import Canvas
from engines.local.themes import Accent


def _noise_1d(rng: np.random.Generator, n: int, cells: int, octaves: int = 3) -> Array:
    """Smooth 1-D fractal noise of length n, roughly in [-1, 1]."""
    out = np.zeros(n, dtype=F32)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        grid = rng.random((1, max(2, cells * 2**o))).astype(F32)
        out += amp * (cv2.resize(grid, (n, 1), interpolation=cv2.INTER_CUBIC)[0] * 2 - 1)
        total, amp = total + amp, amp * 0.5
    return out / F32(total)


def _ridge_fill(img: Array, hy: int, ridge: Array, color: Array, soft: float = 0.8) -> Array:
    """Fill everything between a ridge line (per column) and the horizon with ``color``."""
    top = max(int(ridge.min()) - 2, 0)
    if top >= hy:
        return img
    ys = np.arange(top, hy, dtype=F32)[:, None]
    cover = np.clip((ys - ridge[None, :]) / soft + 0.5, 0, 1)[..., None]
    img[top:hy] = mix(img[top:hy], color if color.ndim == 1 else color[top:hy], cover)
    return img


def _layer_colors(colors: list[Array], sky: Array, n: int) -> list[tuple[Array, float]]:
    """Far-to-near layer colours with aerial haze: (colour, depth 1 = farthest)."""
    out = []
    for i in range(n):
        depth = (n - i) / n
        out.append((mix(colors[i % len(colors)], sky, 0.55 * depth), depth))
    return out


def hills(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Rolling hills in layers, hazier with distance."""
    w, hy = ctx.w, ctx.hy
    sky = img[max(hy - 1, 0), w // 2].copy()
    for color, depth in _layer_colors(colors, sky, len(colors)):
        ridge = _noise_1d(rng, w, max(2, round(3 * w / ctx.s)), 4)
        height = ctx.s * (0.08 + 0.16 * depth * acc.amount)
        peak = hy - height - ridge * height * 0.6
        img = _ridge_fill(img, hy, peak, color)
    return img


def _range_ridge(rng: Rng, w: int, s: float, height: float) -> tuple[Array, Array, Array]:
    """A mountain range's ridge: height above its foot per column, and its peaks' crests.

    A few peaks of different heights, each a tent with its own left and right slopes, the
    highest one winning per column, with a jagged fractal edge on top: summits and saddles
    like a photographed range, not a wave. Also per column, the column of the winning peak's
    crest and how far its crest leans per row down (the line between its two faces).
    """
    x = np.arange(w, dtype=F32)
    ridge = np.full(w, -np.inf, dtype=F32)
    crest = np.zeros(w, dtype=F32)
    lean = np.zeros(w, dtype=F32)
    count = max(3, round(3.2 * w / s))
    for cx in np.linspace(-0.15, 1.15, count) * w + rng.uniform(-0.12, 0.12, count) * s:
        tall = height * float(rng.uniform(0.55, 1.0))
        left, right = (tall / (s * float(rng.uniform(0.22, 0.42))) for _ in range(2))
        tent = tall - np.where(x < cx, (cx - x) * left, (x - cx) * right)
        higher = tent > ridge
        ridge = np.where(higher, tent, ridge)
        crest = np.where(higher, F32(cx), crest)
        lean = np.where(higher, F32(rng.uniform(-0.7, 0.7)), lean)
    jagged = _noise_1d(rng, w, max(4, round(14 * w / s)), 4) * height * 0.07
    return np.maximum(ridge + jagged, height * 0.12).astype(F32), crest, lean


def _lit_faces(ctx: Canvas, ys: Array, hy: int, ridge: Array, crest: Array, lean: Array) -> Array:
    """0..1 per pixel: 1 on the faces turned to the light, 0 in shade, soft between ranges."""
    x = np.arange(ctx.w, dtype=F32)[None, :]
    summit = (hy - ridge.max())
    line = crest[None, :] + (ys - summit) * lean[None, :]
    side = 1.0 if ctx.lx >= 0 else -1.0
    lit = smoothstep(-1.5, 1.5, (x - line) * side).astype(F32)
    return blur(lit, max(0.6, 0.012 * ctx.s))


def peaks(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Snow-capped mountain ranges, far to near: peaks, lit and shaded flanks, valley haze.

    Each range has summits and saddles (:func:`_range_ridge`), rock mottled by noise, snow
    above a ragged snow line cut by gullies (more of it on the farther, higher ranges), one
    flank of each peak in the light and the other in blue shade, and haze at its foot, so
    the backdrop reads as a photographed mountain view rather than stripes. Their height
    follows the sky above the horizon, so a 9:16 story's range rises above its product too.
    """
    w, hy = ctx.w, ctx.hy
    sky = img[max(hy - 1, 0), w // 2].copy()
    snow = np.array([246, 248, 252], dtype=F32)
    shade_tint = np.array([0.86, 0.9, 1.0], dtype=F32)
    for color, depth in _layer_colors(colors, sky, len(colors)):
        height = max(ctx.s * 0.1, hy * (0.2 + 0.4 * depth * acc.amount))  # up to ~half the sky
        ridge, crest, lean = _range_ridge(rng, w, ctx.s, height)
        top = max(int(hy - ridge.max()) - 2, 0)
        if top >= hy:
            continue
        ys = np.arange(top, hy, dtype=F32)[:, None]
        altitude = (hy - ys) / F32(max(height, 1.0))  # 0 at the foot, ~1 at the summit
        rough = noise_2d(rng, w, hy - top, max(4, round(10 * w / ctx.s)), 4)
        gullies = _noise_1d(rng, w, max(6, round(40 * w / ctx.s)), 2)[None, :]
        line = 0.66 + 0.24 * (1.0 - depth)  # nearer ranges hold less snow
        capped = smoothstep(line - 0.04, line + 0.04, altitude + 0.12 * rough + 0.1 * gullies)
        lit = _lit_faces(ctx, ys, hy, ridge, crest, lean)[..., None]
        light = mix(shade_tint, np.full(3, 1.06, dtype=F32), lit)
        rock = mix(color, sky, -0.8 * depth) * (1.0 + 0.1 * rough[..., None]) * light
        snowy = snow * mix(shade_tint * F32(0.8), np.ones(3, dtype=F32), lit)
        body = mix(rock, mix(snowy, sky, 0.1 * depth), capped[..., None])
        body = mix(body, sky, (0.3 * smoothstep(0.3, 0.0, altitude))[..., None])  # valley haze
        cover = np.clip(ys - (hy - ridge)[None, :] + 0.5, 0, 1)[..., None]
        img[top:hy] = mix(img[top:hy], body, cover)
    return img


def dunes(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Sand dunes: smooth crests, a lit and a shaded flank."""
    w, hy = ctx.w, ctx.hy
    sky = img[max(hy - 1, 0), w // 2].copy()
    x = np.arange(w, dtype=F32)
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
        ys = np.arange(top, hy, dtype=F32)[:, None]
        cover = np.clip(ys - crest[None, :] + 0.5, 0, 1)[..., None]
        img[top:hy] = mix(img[top:hy], body, cover)
    return img


def _conifer(x: Array, cx: float, tall: float, width: float, hy: int, rng: Rng) -> Array:
    """A conifer's top edge: tiers of drooping branches, ragged tips, not a straight cone."""
    u = np.abs(x - cx) / width
    tiers = float(rng.integers(5, 9))
    droop = np.mod(u * tiers * 0.5 + rng.uniform(0, 1), 1.0) ** 1.5
    return hy - tall + u * tall * 0.9 + droop * tall * 0.07


def _broadleaf(x: Array, cx: float, tall: float, width: float, hy: int, rng: Rng) -> Array:
    """A broadleaf tree's top edge: a cluster of round crowns of different sizes."""
    edge = np.full(x.shape, np.inf, dtype=F32)
    for _ in range(int(rng.integers(3, 6))):
        r = width * rng.uniform(0.7, 1.2)
        ccx = cx + rng.uniform(-1.0, 1.0) * width
        cy = hy - tall * rng.uniform(0.45, 0.7) + r
        dx = np.abs(x - ccx)
        crown = cy - np.sqrt(np.maximum(r * r - dx * dx, 0.0))
        np.minimum(edge, np.where(dx < r, crown, np.inf), out=edge)
    return edge


def _foliage(color: Array, rng: Rng, w: int, hy: int, s: float) -> Array:
    """A layer's colour as foliage: mottled clumps of light and shade, darker near the ground."""
    clumps = noise_2d(rng, w, max(hy, 1), max(4, round(18 * w / max(s, 1))), 3)
    ground = np.linspace(1.04, 0.82, max(hy, 1), dtype=F32)[:, None]
    return (color[None, None, :] * ((1.0 + 0.14 * clumps) * ground)[..., None]).astype(F32)


def trees(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A forest edge fading into haze: conifers and broadleaf crowns with mottled foliage."""
    w, hy = ctx.w, ctx.hy
    sky = img[max(hy - 1, 0), w // 2].copy()
    x = np.arange(w, dtype=F32)
    for color, depth in _layer_colors(colors, sky, len(colors)):
        profile = np.full(w, float(hy), dtype=F32)
        width = ctx.s * (0.05 + 0.05 * (1 - depth))
        n = int(w / width * 1.6) + 2
        for _ in range(n):
            cx = rng.uniform(-width, w + width)
            tall = ctx.s * rng.uniform(0.25, 0.55) * (0.5 + 0.5 * acc.amount) * (1.3 - 0.5 * depth)
            shape = _conifer if rng.random() < 0.55 else _broadleaf
            np.minimum(profile, shape(x, cx, tall, width, hy, rng), out=profile)
        leaves = max(8, round(160 * w / ctx.s))  # a leafy, ragged edge
        profile += _noise_1d(rng, w, leaves, 2) * ctx.s * 0.008
        profile += _noise_1d(rng, w, max(8, round(40 * w / ctx.s)), 2) * ctx.s * 0.006
        img = _ridge_fill(img, hy, profile, _foliage(color, rng, w, hy, ctx.s), soft=1.0)
    return img


def sea(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A band of sea (or pool) water at the horizon, with glints."""
    w, hy = ctx.w, ctx.hy
    band = max(2, int(ctx.s * (0.05 + 0.1 * acc.amount)))
    top = max(hy - band, 0)
    band = hy - top
    if band < 1:
        return img
    far, near = colors[0], colors[1 % len(colors)]
    t = np.linspace(0, 1, band, dtype=F32)[:, None, None]
    sea = far + (near - far) * t
    ripples = noise_2d(rng, w, band, max(4, round(30 * w / ctx.s)), 2)
    glints = np.clip(ripples * 3.0 - 1.6, 0, 1)[..., None] * 70.0
    img[top:hy] = sea + glints * (1 - t * 0.5)
    return img


def clouds(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """Soft puffy clouds with flat-ish bottoms."""
    f = 4
    sw, sh = -(-ctx.w // f), -(-ctx.h // f)
    mask = np.zeros((sh, sw), dtype=F32)
    shade = np.zeros((sh, sw), dtype=F32)
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
    mask = blur(mask, s * 0.012 + 0.6)
    shade = blur(shade * mask, s * 0.02 + 0.6)
    mask = resize(mask, ctx.w, ctx.h)[..., None]
    shade = resize(shade, ctx.w, ctx.h)[..., None]
    light, dark = colors[0], colors[1 % len(colors)]
    cloud = mix(light, dark, shade * 0.5)
    return mix(img, cloud, np.clip(mask * 1.3, 0, 1) * (0.75 + 0.25 * acc.amount))


def chalkboard(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
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
    smudge = 1.0 + 0.08 * noise_2d(rng, x1 - x0, y1 - y0, 4, 3)[..., None]
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
    a = chalk.astype(F32)[..., None] / 255.0
    return mix(img, np.array([235, 238, 232], dtype=F32), a * 0.7)


def sofa(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A sofa against the wall behind the product: back cushions, arms, a soft shade."""
    w, hy, s = ctx.w, ctx.hy, ctx.s
    fabric = colors[0]
    cx = w / 2 + rng.uniform(-0.1, 0.1) * w
    half = min(w * 0.62, s * 0.95)
    seat, back_top = hy - s * 0.1, hy - s * 0.34
    if back_top < 0:
        back_top, seat = hy * 0.2, hy * 0.75
    mask = np.zeros(img.shape[:2], dtype=F32)
    shade = np.zeros(img.shape[:2], dtype=F32)
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
    shade = blur(shade, s * 0.008 + 0.5)
    vertical = np.linspace(1.08, 0.82, img.shape[0], dtype=F32)[:, None]
    sofa = fabric * (shade * vertical)[..., None]
    return mix(img, sofa, mask[..., None])


def arch(ctx: Canvas, img: Array, acc: Accent, colors: list[Array], rng: Rng) -> Array:
    """A tall arch (painted niche) on the wall behind the product, shaded on one side."""
    w, hy, s = ctx.w, ctx.hy, ctx.s
    left, right, _ = ctx.stage
    cx = (left + right) / 2
    aw = min(s * (0.42 + 0.2 * acc.amount), w * 0.8)
    top = max(hy - s * 0.85, hy * 0.06)
    mask = np.zeros(img.shape[:2], dtype=F32)
    r = aw / 2
    cv2.rectangle(mask, (int(cx - r), int(top + r)), (int(cx + r), hy), 1.0, -1)
    cv2.circle(mask, (int(cx), int(top + r)), int(r), 1.0, -1, cv2.LINE_AA)
    mask[hy:] = 0
    inner = blur(mask, s * 0.03)
    side = np.linspace(-1, 1, w, dtype=F32)[None, :] * -ctx.lx
    shade = 1.0 - 0.12 * (1 - inner) * mask - 0.03 * side * mask
    color = colors[0]
    out = mix(img, np.broadcast_to(color, img.shape), mask[..., None])
    return out * shade[..., None]
