"""Scene surfaces: seamless wall textures and the perspective floor with its reflections.

Textures are cached, seamless tiles measured in texture units (see
:func:`~engines.local.scene.canvas.texture_unit`), so they keep their physical size on any
canvas.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

import cv2
import numpy as np

from engines.local.raster import F32, Array, blur, mix, resize, smoothstep
from engines.local.scene.canvas import texture_unit
from engines.local.scene.snow import snow_fields
from engines.local.themes import Theme

_TEX = 512  # side of the cached floor pattern tiles


def _periodic_noise(
    rng: np.random.Generator, n: int, cells: tuple[int, int], octaves: int = 4
) -> Array:
    """Seamless (tileable) fractal value noise of shape (n, n), roughly in [-1, 1]."""
    out = np.zeros((n, n), dtype=F32)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        grid = rng.random((cells[1] * 2**o, cells[0] * 2**o)).astype(F32)
        big = cv2.resize(np.tile(grid, (3, 3)), (3 * n, 3 * n), interpolation=cv2.INTER_CUBIC)
        out += amp * (big[n : 2 * n, n : 2 * n] * 2 - 1)
        total, amp = total + amp, amp * 0.5
    return out / F32(total)


def _kind_rng(kind: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(kind.encode()))


@lru_cache(maxsize=16)
def _wall_tile(kind: str) -> tuple[Array, float]:
    """A seamless wall texture tile (brightness multiplier ~1) and its width in texture units."""
    rng = _kind_rng("wall-" + kind)
    n = 256
    yy, xx = np.mgrid[0:n, 0:n].astype(F32) / n
    if kind == "plaster":
        return 1.0 + 0.04 * _periodic_noise(rng, n, (3, 3), 5), 0.9
    if kind == "concrete":
        blot = _periodic_noise(rng, n, (4, 4), 5)
        pits = np.clip(rng.normal(0, 1, (n, n)).astype(F32) - 2.6, 0, 1)
        return 1.0 + 0.07 * blot - 0.25 * pits, 0.7
    if kind == "paper":
        fibres = blur(rng.normal(0, 1, (n, n)).astype(F32), 0.7)
        return 1.0 + 0.018 * fibres + 0.025 * _periodic_noise(rng, n, (4, 4), 3), 0.5
    if kind == "brick":  # 4 bricks across, 8 courses
        row = np.floor(yy * 8)
        bx = np.mod(xx * 4 + (row % 2) * 0.5, 1.0)
        by = np.mod(yy * 8, 1.0)
        brick = np.floor(xx * 4 + (row % 2) * 0.5) + row * 7
        tones = 1.0 + 0.1 * (rng.random(64).astype(F32) - 0.5) * 2
        tone = tones[brick.astype(np.int64) % 64] + 0.05 * _periodic_noise(rng, n, (16, 16), 2)
        mortar = smoothstep(0.04, 0.0, np.minimum(bx, 1 - bx) * 2.0) + smoothstep(
            0.09, 0.0, np.minimum(by, 1 - by)
        )
        return mix(tone, np.full_like(tone, 1.15), np.clip(mortar, 0, 1)), 0.6
    if kind in ("tiles", "grid"):  # subway tiles (offset 2:1) or square tiles
        rows = 8 if kind == "tiles" else 4
        row = np.floor(yy * rows)
        shift = (row % 2) * 0.5 if kind == "tiles" else 0.0
        gx = np.mod(xx * 4 + shift, 1.0)
        gy = np.mod(yy * rows, 1.0)
        edge = np.minimum(np.minimum(gx, 1 - gx) * (rows / 4), np.minimum(gy, 1 - gy))
        grout = smoothstep(0.035, 0.01, edge)
        bevel = 1.0 + 0.05 * smoothstep(0.12, 0.03, edge) * (gy < 0.5) - 0.02 * (gx > 0.5)
        return mix(bevel, np.full_like(bevel, 0.84), grout), 0.42 if kind == "tiles" else 0.5
    if kind == "slats":
        phase = np.mod(xx * 6, 1.0)
        return 1.0 - 0.16 * smoothstep(0.84, 0.96, phase) + 0.05 * np.sin(phase * np.pi), 0.45
    if kind == "drape":
        return _drape(rng, xx, yy), 1.0
    return np.ones((n, n), dtype=F32), 1.0


def _drape(rng: np.random.Generator, xx: Array, yy: Array) -> Array:
    """Hanging fabric: folds a hand apart, lit crests and dark creases, swaying a little.

    Several fold frequencies (whole numbers per tile, so it tiles) add up to an irregular
    row of folds; each fold's side turned to the light is lighter and the crease between two
    folds darker (a squashed sine), and the folds sway diagonally down the fabric.
    """
    n = xx.shape[0]
    sway = 0.02 * np.sin(2 * np.pi * (yy + rng.uniform(0, 1))) + 0.015 * _periodic_noise(
        rng, n, (2, 2), 2)
    x = xx + sway + 0.03 * np.sin(2 * np.pi * yy) * np.sin(2 * np.pi * xx)  # folds lean, sway
    folds = np.zeros_like(xx)
    for k, amp in ((5, 0.5), (8, 0.35), (3, 0.3), (13, 0.15)):
        folds += amp * np.sin(2 * np.pi * k * x + rng.uniform(0, 2 * np.pi))
    shade = np.tanh(1.8 * folds)  # broad lit crests, narrower creases
    crease = smoothstep(-0.55, -1.0, folds)
    sheen = smoothstep(0.5, 1.1, folds)
    return (1.0 + 0.09 * shade - 0.07 * crease + 0.05 * sheen).astype(F32)


def wall_texture(kind: str, w: int, h: int, unit: float, rng: np.random.Generator) -> Array:
    """The wall texture at (h, w), the tile repeated at its physical size (unit px/unit)."""
    if kind == "plain":
        return np.ones((h, w), dtype=F32)
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
    "snow": 1.0,  # a table cloth's weave (see tabletop); the snow ground is drawn apart
    "fabric": 1.4,
}


@lru_cache(maxsize=16)
def _floor_pattern(kind: str) -> tuple[Array, Array]:
    """Seamless floor pattern (sharp, soft): _TEX x _TEX x 2 fields of (mix t, brightness)."""
    rng = _kind_rng("floor-" + kind)
    n = _TEX
    yy, xx = np.mgrid[0:n, 0:n].astype(F32) / n
    t: Array = np.zeros((n, n), dtype=F32)
    tone: Array = np.ones((n, n), dtype=F32)
    if kind == "plain":
        tone = 1.0 + 0.012 * _periodic_noise(rng, n, (4, 4), 3)
    elif kind == "wood":  # 4 planks; grain runs into the distance
        plank = np.floor(xx * 4)
        tones = 1.0 + 0.07 * (rng.random(4).astype(F32) - 0.5) * 2
        warp = _periodic_noise(rng, n, (8, 2), 3)
        rings = np.sin(xx * 4 * 2 * np.pi * 7 + warp * 5.0 + plank * 3.0) * 0.5 + 0.5
        streak = _periodic_noise(rng, n, (48, 3), 3)
        t = np.clip(rings**3 * 0.6 + streak * 0.45, 0, 1) * 0.75
        px = np.mod(xx * 4, 1.0)
        seam = 1.0 - 0.4 * smoothstep(0.012, 0.0, np.minimum(px, 1 - px))
        joint = np.mod(yy * 2 + (plank % 2) * 0.5 + plank * 0.27, 1.0)
        seam *= 1.0 - 0.3 * smoothstep(0.006, 0.0, np.minimum(joint, 1 - joint))
        tone = tones[plank.astype(np.int64) % 4] * seam
    elif kind == "marble":
        turb = _periodic_noise(rng, n, (3, 3), 5)
        vein = np.abs(np.sin((xx * 2.0 + yy * 1.0) * np.pi * 2 + turb * 6.0))
        veins = blur(np.clip(1.0 - vein / 0.1, 0, 1) ** 2 * 0.7, 1.5)
        fine = np.abs(np.sin((xx * 3 - yy * 2) * np.pi * 2 + turb * 9))
        fine = blur(np.clip(1.0 - fine / 0.03, 0, 1), 0.8)
        t = np.clip(veins + 0.35 * fine, 0, 1) * 0.8
        tone = 1.0 + 0.03 * _periodic_noise(rng, n, (5, 5), 4)
    elif kind == "sand":
        ripples = np.sin(yy * 2 * np.pi * 22 + _periodic_noise(rng, n, (4, 4), 3) * 5)
        grain = rng.normal(0.0, 1.0, (n, n)).astype(F32)
        tone = 1.0 + 0.035 * ripples + 0.03 * grain + 0.03 * _periodic_noise(rng, n, (5, 5), 3)
        t = np.clip(0.5 - 2 * _periodic_noise(rng, n, (3, 3), 2), 0, 1) * 0.4
    elif kind == "terrazzo":
        tcanvas = np.zeros((n, n), dtype=F32)
        bcanvas = np.ones((n, n), dtype=F32)
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
        t = smoothstep(0.02, 0.008, edge)
        cell = (np.floor(xx * 4) + 4 * np.floor(yy * 4)).astype(np.int64)
        tones = 1.0 + 0.04 * (rng.random(16).astype(F32) - 0.5)
        tone = tones[cell] * (1.0 + 0.015 * _periodic_noise(rng, n, (6, 6), 3))
    elif kind == "grass":
        blades = _periodic_noise(rng, n, (96, 6), 2)
        clumps = _periodic_noise(rng, n, (6, 6), 3)
        t = np.clip(0.5 + 0.9 * blades + 0.5 * clumps, 0, 1)
        tone = 1.0 + 0.12 * blades + 0.06 * clumps
    elif kind == "fabric":  # silk: broad soft folds, sheen and a fine weave
        warp = _periodic_noise(rng, n, (2, 1), 2)
        folds = np.sin((xx * 2 + warp * 0.12) * 2 * np.pi)
        t = np.clip(0.5 - 0.5 * folds, 0, 1) * 0.6
        tone = 1.0 + 0.1 * folds + 0.01 * _periodic_noise(rng, n, (64, 64), 1)
    else:  # concrete
        blotch = _periodic_noise(rng, n, (5, 5), 5)
        speck = rng.normal(0.0, 1.0, (n, n)).astype(F32)
        tone = 1.0 + 0.05 * blotch + 0.02 * speck
        t = np.clip(blotch * 1.5, 0, 1) * 0.5
    sharp = np.dstack([t * tone, tone]).astype(F32)  # colour = base*tone + (alt-base)*t*tone
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
    d = (np.arange(rows, dtype=F32) + 0.5) / max(rows, 1)  # 0 at horizon .. 1 at bottom
    dd = np.maximum(d, 0.015)[:, None]
    x = np.arange(w, dtype=F32)[None, :] - w / 2.0
    map_x = np.mod(x / tile_px / dd * _TEX, _TEX).astype(F32)
    map_y = np.mod(f / tile_px / dd * _TEX, _TEX).astype(F32)
    return map_x, np.broadcast_to(map_y, (rows, w)).copy(), d


def render_floor(
    theme: Theme, w: int, h: int, hy: int, base: Array, alt: Array, rng: np.random.Generator
) -> Array:
    """The floor in perspective for rows hy..h (array of shape (h - hy) x w x 3)."""
    s = theme.surface
    rows = max(h - hy, 1)
    unit = texture_unit(w, h)
    matrix = np.stack([alt - base, base], axis=1).astype(F32)  # 3 x 2
    if s.texture in ("snow", "fabric"):
        # drawn in screen space: a tile in perspective streaks like water; a silk cloth's
        # folds, tiled so, fanned out into hard streaks towards the horizon
        lx = float(np.sin(np.radians(theme.lighting.direction)))
        return cv2.transform(snow_fields(w, rows, unit, lx, rng), matrix)
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
        k = smoothstep(0.05, 0.45, d[:far_rows])[:, None, None]
        mixed = mix(far, fields[:far_rows], k)
        mean = soft.reshape(-1, 2).mean(axis=0)
        fade = smoothstep(0.0, 0.22, d[:far_rows])[:, None, None]
        fields[:far_rows] = mean + (mixed - mean) * fade
    return cv2.transform(fields, matrix)


def reflect_wall(floor: Array, wall_small: Array, f: int, hy: int, theme: Theme) -> Array:
    """Glossy floors mirror the (out-of-focus) wall, fading towards the viewer."""
    s = theme.surface
    strength = 0.45 * s.gloss + 0.35 * s.reflectivity
    rows, w = floor.shape[:2]
    if strength < 0.02 or hy < 2 or s.texture == "snow":  # fresh snow is matte
        return floor
    reach = min(rows, max(2, int(rows * 0.7)))
    hys = max(hy // f, 1)
    src = np.clip(hys - 1 - np.arange(-(-reach // f)), 0, hys - 1)
    mirror = blur(wall_small[src], 1.0 + 3.0 * (1.0 - s.gloss))
    mirror = resize(mirror, w, reach)
    d = (np.arange(reach, dtype=F32) + 1.0) / rows
    fade = (strength * np.exp(-d * 3.5))[:, None, None]
    floor[:reach] = mix(floor[:reach], mirror, fade)
    return floor
