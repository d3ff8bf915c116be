"""Surfaces that read as materials: thin seams and grout, a flat table seen from above."""

from __future__ import annotations

import numpy as np
import pytest

from engines.local.scene.surfaces import _floor_pattern
from engines.local.scene.tabletop import render_tabletop
from engines.local.themes import resolve_theme


@pytest.mark.parametrize("kind", ["wood", "tiles"])
def test_seams_and_grout_are_thin_lines_not_the_whole_surface(kind: str) -> None:
    sharp, _ = _floor_pattern(kind)
    tone, towards_grout = sharp[..., 1], sharp[..., 0] / np.maximum(sharp[..., 1], 1e-6)
    assert np.median(tone) > 0.9  # planks and tiles keep their own brightness
    assert (towards_grout > 0.5).mean() < 0.1 if kind == "tiles" else (tone < 0.8).mean() < 0.1


def test_a_table_seen_from_above_has_no_horizon_its_top_matches_its_bottom() -> None:
    scene = render_tabletop(resolve_theme("scandinavian", "", 0), (600, 600), 3)
    pixels = np.asarray(scene.image, dtype=np.float32)
    top, bottom = pixels[:150].mean(axis=(0, 1)), pixels[-150:].mean(axis=(0, 1))
    assert scene.horizon_y == 0 and scene.reflectivity == 0.0
    assert np.linalg.norm(top - bottom) < 20
    assert pixels.std() > 4  # a textured surface, not a flat fill
