"""Shadows that ground the product: a contact shadow under it, a cast shadow away from the light."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from engines.local.ad.staging import shadows
from engines.local.scene.render import Scene


def _scene(direction: float, softness: float = 0.5) -> Scene:
    return Scene(Image.new("RGB", (800, 600), (200, 200, 200)), 300, direction, softness, 0.8,
                 0.0, 0.0, (200, 200, 200))


def _darkening(direction: float, softness: float = 0.5) -> np.ndarray:
    canvas = np.full((600, 800, 3), 200.0, dtype=np.float32)
    alpha = np.zeros((300, 160), dtype=np.float32)
    alpha[20:, 20:140] = 1.0  # a box standing on the floor
    box = (320, 200, 480, 500)
    out = shadows(canvas, alpha, box, _scene(direction, softness))
    return 1.0 - out[..., 0] / 200.0


@pytest.mark.parametrize("softness", [0.35, 0.85])
def test_the_cast_shadow_falls_away_from_the_themes_light(softness: float) -> None:
    from_left = _darkening(60.0, softness)  # light from the upper right: shadow to the left
    from_right = _darkening(300.0, softness)
    base = slice(470, 500)  # the floor beside the product's base, where the shadow starts
    left, right = slice(160, 320), slice(480, 640)
    assert from_left[base, left].sum() > 1.5 * from_left[base, right].sum()
    assert from_right[base, right].sum() > 1.5 * from_right[base, left].sum()


def test_the_product_never_floats_a_contact_shadow_darkens_its_base() -> None:
    dark = _darkening(0.0, 0.85)  # even soft light from the front
    under = dark[500:506, 350:450].mean()
    beside = dark[500:506, 20:120].mean()
    assert under > 0.15 and under > 5 * max(beside, 0.01)
