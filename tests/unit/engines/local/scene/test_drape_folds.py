"""A silk drape backdrop shows the folds of hanging fabric (issue 22).

An art director's review: the "silk-drape" scene showed no drape.

Measured on the wall above the horizon, with the broad light (the glow, the gradient) taken
out by a wide horizontal blur: what remains are the folds, light and shadow bands that must
be clearly visible, come several to the short side (a drape, not a gradient), and run down
the fabric (a band a fifth of the wall lower is still the same band).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from engines.local.scene.render import render_scene
from engines.local.themes import load_themes

_LUMA = np.array([0.2126, 0.7152, 0.0722], np.float32)
SIZES = ((1080, 1080), (1080, 1920), (1920, 1080))


def _folds(size: tuple[int, int], seed: int) -> np.ndarray:
    """The wall's luma minus its broad light: the fold pattern (rows x columns)."""
    scene = render_scene(load_themes()["silk-drape"], size, seed)
    luma = np.asarray(scene.image, np.float32) @ _LUMA
    s = min(size)
    hy = scene.horizon_y
    wall = cv2.GaussianBlur(luma[int(hy * 0.05) : int(hy * 0.85)], (0, 0), s * 0.004)
    return wall - cv2.GaussianBlur(wall, (0, 0), sigmaX=s * 0.06, sigmaY=1)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("seed", [0, 3])
def test_the_drape_shows_folds(size: tuple[int, int], seed: int) -> None:
    folds = _folds(size, seed)
    strength = float(folds.std(axis=1).mean())
    assert strength >= 8.0, f"folds too faint: {strength:.1f} luma levels"
    counts = []
    for row in folds[:: max(1, len(folds) // 8)]:
        up = ((row[:-1] < -1.0) & (row[1:] >= -1.0)).sum()
        counts.append(int(up))
    per_side = float(np.median(counts)) * min(size) / size[0]
    assert per_side >= 5, f"only {per_side:.1f} folds across the short side"
    lag = len(folds) // 5
    down = float(np.corrcoef(folds[:-lag].ravel(), folds[lag:].ravel())[0, 1])
    assert down >= 0.5, f"bands do not run down the fabric (correlation {down:.2f})"
