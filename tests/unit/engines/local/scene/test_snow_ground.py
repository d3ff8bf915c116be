"""Snow ground reads as snow, not rippled water (issue 22, an art director's review).

The snowy scenes' ground is measured with the falling snow left out, so only the ground
counts: a rippled, water-like floor changes far more from row to row than across a row
(horizontal streaks); snow drifts under broad light change about as much both ways. Fresh
snow has no glitter: no pixel stands out brightly from its neighbourhood.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from engines.local.scene.render import render_scene
from engines.local.scene.tabletop import render_tabletop
from engines.local.themes import load_themes

_LUMA = np.array([0.2126, 0.7152, 0.0722], np.float32)
SNOWY = ("snowy-mountain", "winter-holidays")
SIZES = ((1080, 1080), (1080, 1920))


def _ground(theme_id: str, size: tuple[int, int], seed: int) -> np.ndarray:
    """Luma of the ground below the horizon (a margin under it), falling snow left out."""
    theme = load_themes()[theme_id]
    bare = theme.model_copy(update={"accents": [a for a in theme.accents if a.kind != "snow"]})
    scene = render_scene(bare, size, seed)
    luma = np.asarray(scene.image, np.float32) @ _LUMA
    h = luma.shape[0]
    return luma[scene.horizon_y + max(2, (h - scene.horizon_y) // 10):]


@pytest.mark.parametrize("theme_id", SNOWY)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("seed", [0, 5])
def test_snow_ground_has_no_horizontal_ripples(
    theme_id: str, size: tuple[int, int], seed: int
) -> None:
    ground = cv2.GaussianBlur(_ground(theme_id, size, seed), (0, 0), 1.5)  # past the grain
    down = np.abs(np.diff(ground, axis=0)).mean()
    across = np.abs(np.diff(ground, axis=1)).mean()
    assert down < 2.0 * across, f"row-to-row change {down:.3f} vs across {across:.3f}"


@pytest.mark.parametrize("theme_id", SNOWY)
@pytest.mark.parametrize("size", SIZES)
def test_snow_ground_has_no_glitter(theme_id: str, size: tuple[int, int]) -> None:
    ground = _ground(theme_id, size, 0)
    local = cv2.medianBlur(np.clip(ground, 0, 255).astype(np.uint8), 5).astype(np.float32)
    sparkles = int(((ground - local) > 20).sum())
    assert sparkles == 0, f"{sparkles} glittering pixels on the snow"


def test_a_garment_laid_flat_in_a_snowy_theme_gets_its_table() -> None:
    scene = render_tabletop(load_themes()["snowy-mountain"], (540, 540), 0)
    assert scene.image.size == (540, 540)
