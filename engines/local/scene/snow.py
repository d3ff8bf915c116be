"""A snowfield seen from standing height: soft drifts under broad, gentle light and shade.

Snow is not a texture tiled in perspective: squeezed towards the horizon, any tile's detail
turns into horizontal streaks that read as rippled water. The field is drawn in screen
space instead, from a smooth height field of wide, low drifts lit from the scene's light:
the sides turned to the light a touch brighter, those turned away a touch bluer, the far
field flattening into haze. No glitter and no mirror: fresh snow is matte.
"""

from __future__ import annotations

import cv2
import numpy as np

from engines.local.raster import F32, Array, blur, smoothstep


def _smooth_field(rng: np.random.Generator, w: int, rows: int, cells: tuple[int, int]) -> Array:
    """Smooth noise of shape (rows, w) in [-1, 1] from a coarse grid of ``cells`` (x, y)."""
    out = np.zeros((rows, w), dtype=F32)
    amp, total = 1.0, 0.0
    for octave in range(2):
        gx, gy = (max(2, c * 2**octave) for c in cells)
        grid = rng.random((gy, gx)).astype(F32) * 2 - 1
        out += amp * cv2.resize(grid, (w, rows), interpolation=cv2.INTER_CUBIC)
        total, amp = total + amp, amp * 0.4
    return out / F32(total)


def snow_fields(w: int, rows: int, unit: float, lx: float, rng: np.random.Generator) -> Array:
    """The snowfield's (mix t towards the shade colour, brightness) per pixel, (rows, w, 2).

    Args:
        w: Width of the floor in pixels.
        rows: Its height (horizon to bottom edge).
        unit: Pixels per texture unit (the canvas's short side, see ``texture_unit``).
        lx: Horizontal component of the light direction (-1 left .. 1 right).
        rng: Randomness of the drifts.
    """
    d = ((np.arange(rows, dtype=F32) + 0.5) / max(rows, 1))[:, None]  # 0 horizon .. 1 front
    across = max(2, round(2.2 * w / unit))  # a drift about half the short side wide
    deep = max(2, round(1.6 * rows / unit + 1))
    height = _smooth_field(rng, w, rows, (across, deep))
    height *= smoothstep(0.0, 0.5, d)  # the far field flattens into haze
    gy, gx = np.gradient(height * F32(unit * 0.08))
    # light from the side and from above-behind: faces turned to it are lit
    lit = np.tanh((gx * -lx - gy * 0.6) * 6.0).astype(F32)
    lit = blur(lit, max(1.0, unit * 0.004))
    t = np.clip(0.2 - 0.45 * lit + 0.18 * (1.0 - d), 0.0, 0.75)  # shade and distance: bluer
    tone = 1.0 + 0.06 * lit + 0.04 * (d - 0.5) + 0.015 * height
    return np.dstack([t * tone, tone]).astype(F32)
