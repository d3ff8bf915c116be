"""A surface seen from straight above, for products that lie flat (flat-lay apparel).

No wall, no horizon, no perspective: the theme's surface fills the canvas at an even scale,
as a camera looking down on a table would see it (wood planks, marble, concrete, terrazzo;
a "plain" or "fabric" surface becomes woven linen, and snow or grass a cloth in the
backdrop's colour). The theme's light falls across it
(directional falloff, a soft pool of light, vignette, colour temperature) and the accents
that lie on or over a table (leaf shadows, window light, confetti, petals...) are drawn;
props meant to stand on a floor or behind it (podium, hills, bokeh) are left out.

The theme stays the one place a scene is described (``themes.yaml``): its surface is what
a flat-lay product lies on.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image

from engines.local.grading import warmer
from engines.local.raster import F32, Array, rgb, seeded_rng
from engines.local.scene.accents import draw_accents
from engines.local.scene.canvas import Canvas, texture_unit
from engines.local.scene.render import Scene, _colors, _grain, _light_gain
from engines.local.scene.surfaces import _FLOOR_TILE, _floor_pattern, _kind_rng, _periodic_noise
from engines.local.themes import Theme

_TOP_DOWN_ACCENTS = frozenset({
    "leaf_shadows", "window_light", "confetti", "petals", "hearts", "sparkles", "snow"
})
"""Accents that still make sense over a table seen from above."""
_LINEN = 256
_GROUND = frozenset({"snow", "grass"})
"""Outdoor ground a garment is not laid on: seen from above, a cloth takes its place."""


@lru_cache(maxsize=2)
def _linen() -> tuple[Array, Array]:
    """A seamless linen tile (mix t, brightness): a fine plain weave with slubs and creases."""
    rng = _kind_rng("tabletop-linen")
    n = _LINEN
    yy, xx = np.mgrid[0:n, 0:n].astype(F32) / n
    threads = 96  # threads across the tile, each way
    warp = np.sin(xx * 2 * np.pi * threads) * 0.5 + 0.5
    weft = np.sin(yy * 2 * np.pi * threads) * 0.5 + 0.5
    over = (np.floor(xx * threads) + np.floor(yy * threads)) % 2
    weave = np.where(over > 0, warp, weft)
    noise = np.tile(rng.normal(0, 1, (n, n)).astype(F32), (3, 3))
    across = cv2.GaussianBlur(noise, (0, 0), sigmaX=3, sigmaY=0.4)[n : 2 * n, n : 2 * n]
    along = cv2.GaussianBlur(noise, (0, 0), sigmaX=0.4, sigmaY=3)[n : 2 * n, n : 2 * n]
    slubs = across + along
    creases = _periodic_noise(rng, n, (2, 3), 3)
    tone = 1.0 + 0.035 * (weave - 0.5) + 0.03 * slubs + 0.035 * creases
    t = np.clip(0.5 + 0.8 * creases, 0, 1) * 0.5
    return t.astype(F32), tone.astype(F32)


def _surface_fields(kind: str, w: int, h: int, tile_px: float, rng: np.random.Generator) -> Array:
    """The surface's (mix t, brightness) fields tiled evenly over (h, w) at ``tile_px``."""
    tile: Array
    if kind in ("plain", "fabric", "snow", "grass"):
        t, tone = _linen()
        tile = np.dstack([t * tone, tone]).astype(F32)
        tile_px *= 0.55
    else:
        tile = _floor_pattern(kind)[0]
    side = max(8, round(tile_px))
    tile = cv2.resize(tile, (side, side), interpolation=cv2.INTER_AREA)
    ox, oy = (int(v) for v in rng.integers(0, side, 2))
    reps = (-(-(h + oy) // side), -(-(w + ox) // side), 1)
    return np.tile(tile, reps)[oy : oy + h, ox : ox + w]


def render_tabletop(
    theme: Theme,
    size: tuple[int, int],
    seed: int,
    brand_colors: Sequence[str] = (),
    warmth: float = 0.0,
    backdrop_color: str | None = None,
    stage: tuple[float, float, float] | None = None,
) -> Scene:
    """Render the theme's surface seen from above (no product), at the given size.

    Args:
        theme: What to draw (its surface, light and table-top accents).
        size: (width, height) in pixels.
        seed: Any integer; the same inputs always give the same pixels.
        brand_colors: ``#RRGGBB`` colours for the accents (confetti, hearts...).
        warmth: Extra grading, -1 (cooler) .. 1 (warmer).
        backdrop_color: ``#RRGGBB`` the surface is recoloured towards, or ``None``.
        stage: Where the product will lie, ``(left, right, bottom)`` in pixels.

    Returns:
        The scene; its ``horizon_y`` is 0 (there is no horizon) and it mirrors nothing.
    """
    w, h = max(int(size[0]), 1), max(int(size[1]), 1)
    s = float(min(w, h))
    stage = stage or (w / 2 - s * 0.2, w / 2 + s * 0.2, h * 0.8)
    ctx = Canvas(w, h, h, s, theme, stage)  # accents see the whole canvas as the table
    colors = _colors(theme, brand_colors, backdrop_color)
    surface = theme.surface
    tile_px = _FLOOR_TILE[surface.texture] * surface.scale * texture_unit(w, h) * 0.6
    fields = _surface_fields(surface.texture, w, h, tile_px, seeded_rng(seed, 3))
    floor, floor2 = colors.floor, colors.floor2
    if surface.texture in _GROUND:  # no one lays a shirt in the snow: a cloth in the wall's colour
        floor, floor2 = colors.bottom, colors.bottom * 0.85
    matrix = np.stack([floor2 - floor, floor], axis=1).astype(F32)
    img = cv2.transform(fields, matrix)
    img *= _light_gain(theme, w, h, h // 3, 0.35 * theme.lighting.warmth)
    if warmth:  # an asked-for change, stronger than the theme's light (see grading)
        img = warmer(img, warmth)
    kept = tuple(a for a in theme.accents if a.kind in _TOP_DOWN_ACCENTS)
    img = draw_accents("front", ctx, img, theme.model_copy(update={"accents": kept}), seed,
                       [rgb(c) for c in brand_colors])
    img += _grain(w, h)
    np.clip(img, 0, 255, out=img)
    pixels = img.astype(np.uint8)
    mean = pixels.reshape(-1, 3).mean(axis=0)
    return Scene(
        image=Image.fromarray(pixels, "RGB"),
        horizon_y=0,
        light_direction=theme.lighting.direction,
        light_softness=theme.lighting.softness,
        light_intensity=theme.lighting.intensity,
        gloss=surface.gloss,
        reflectivity=0.0,
        floor_color=(int(mean[0]), int(mean[1]), int(mean[2])),
    )

