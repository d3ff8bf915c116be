"""Two floors an art director flagged (issue 22): streaks on silk, grey snow on a story.

The silk drape's cloth floor showed hard bands fanning out towards the horizon (its folds
were a tile in perspective); a snowfield at the bottom of a 9:16 story came out grey, as
if slush (the vignette grew with the frame's height). Measured on the scenes alone: along
each floor row the silk's light varies softly (little total variation per 100 px once the
grain is smoothed), and a story's snow in its bottom sixth stays near white.
"""

from __future__ import annotations

import numpy as np

from engines.local.scene.render import render_scene
from engines.local.themes import resolve_theme

MOST_VARIATION = 20.0
"""Levels of change per 100 px along a floor row (smoothed over 7 px): soft folds, not bands."""
SNOW_LEAST = 185
"""The least mean grey level of fresh snow at a story's bottom (white is 255)."""


def _luma(theme: str, size: tuple[int, int]) -> tuple[np.ndarray, int]:
    scene = render_scene(resolve_theme(theme), size, seed=7)
    grey = np.asarray(scene.image.convert("L"), dtype=np.float64)
    return grey, round(resolve_theme(theme).surface.horizon * size[1])


def test_the_silk_floor_has_no_streaks() -> None:
    grey, horizon = _luma("silk-drape", (1080, 1080))
    kernel = np.ones(7) / 7
    for y in range(horizon + 60, 1040, 60):
        row = np.convolve(grey[y - 8 : y + 8].mean(axis=0), kernel, mode="valid")
        variation = np.abs(np.diff(row)).sum() / row.size * 100
        assert variation <= MOST_VARIATION, f"row {y}: {variation:.0f} levels per 100 px"


def test_a_storys_snow_stays_white_at_the_bottom() -> None:
    grey, _ = _luma("snowy-mountain", (1080, 1920))
    assert grey[1600:].mean() >= SNOW_LEAST
