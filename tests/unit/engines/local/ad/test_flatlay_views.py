"""A garment asked for on a snowy mountain stands before the range (issue 22).

Laid flat, a hoodie lay on a snowy cloth seen from above and the ad showed no mountain at
all. Before a view the garment stands: the mountains show beside it, darker than the sky
above them and than the snow below, in the upper part of the ad.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from engines.local.ad.compose import compose_ad
from engines.local.ad.flatlay import shows_a_view
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from engines.local.themes import load_themes, resolve_theme
from tests.paths import PHOTOS


@pytest.mark.parametrize(("photo", "context"), [
    ("hoodie_black.png", "Black fleece hoodie, cotton blend"),
    ("tshirt_blue.jpg", "Blue cotton t-shirt"),
])
def test_a_garment_on_a_snowy_mountain_shows_the_mountains(photo: str, context: str) -> None:
    cutout = cut_out(Image.open(PHOTOS / photo).convert("RGB")).image
    ad = compose_ad(cutout, Recipe(theme="snowy mountain", format="square", seed=3,
                                   context=context))
    luma = np.asarray(ad.image.convert("L"), np.float32)
    h, w = luma.shape
    left, _, right, _ = ad.product_box
    sides = np.r_[0 : max(left - 10, 1), min(right + 10, w - 1) : w]
    rows = luma[:, sides].mean(axis=1)  # the scene beside the garment, row by row
    horizon = int(h * resolve_theme("snowy mountain").surface.horizon)
    range_rows = rows[int(0.3 * h) : horizon - 4]
    assert range_rows.min() < rows[: int(0.2 * h)].mean() - 15  # darker than the sky
    assert range_rows.min() < rows[horizon + 20 :].mean() - 15  # and than the snow


def test_only_views_keep_a_garment_standing() -> None:
    themes = load_themes()
    assert shows_a_view(themes["snowy-mountain"])
    assert not shows_a_view(themes["scandinavian"]) and not shows_a_view(themes["studio"])
