"""A snowy mountain scene shows a mountain range, in every format (issue 22).

Measured against the same scene drawn without its mountains: the pixels the range changes,
rising from the horizon, form an outline whose summit stands high in the image (above the
product of a square ad and of a 9:16 story alike) and whose saddles are well below it (a
range of peaks, not a flat band), across most of the width.
"""

from __future__ import annotations

import numpy as np
import pytest

from engines.local.scene.render import render_scene
from engines.local.themes import Theme, load_themes


def _rgb(theme: Theme, size: tuple[int, int]) -> np.ndarray:
    return np.asarray(render_scene(theme, size, 3).image, np.float32)


def _outline(theme: Theme, plain: Theme, size: tuple[int, int]) -> np.ndarray:
    """Per column, the top row of the changed pixels that rise unbroken from the horizon."""
    w, h = size
    changed = np.abs(_rgb(theme, size) - _rgb(plain, size)).max(axis=2) > 10
    horizon = int(h * theme.surface.horizon) - 4
    column = changed[:horizon][::-1]  # from the horizon up
    rising = np.cumprod(column, axis=0).sum(axis=0)  # unbroken run above the horizon
    return np.asarray(horizon - rising)


@pytest.mark.parametrize("size", [(1080, 1080), (1080, 1920), (1200, 628)])
def test_a_snowy_mountain_scene_has_a_range_of_peaks_in_its_upper_part(
    size: tuple[int, int],
) -> None:
    theme = load_themes()["snowy-mountain"]
    plain = theme.model_copy(
        update={"accents": [a for a in theme.accents if a.kind != "peaks"]})
    h = size[1]
    top = _outline(theme, plain, size)[size[0] // 10 : -size[0] // 10]
    horizon = int(h * theme.surface.horizon) - 4
    assert (top < horizon - 0.03 * h).mean() > 0.8  # the range spans the width
    assert top.min() < 0.38 * h  # its summit stands high in the sky
    assert np.percentile(top, 90) - top.min() > 0.11 * h  # peaks, saddles (story was 0.10)
