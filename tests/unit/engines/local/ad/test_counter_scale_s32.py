"""On a kitchen counter a product stands at its real size (issue 22).

An art director's review: a 350 ml mug on the kitchen counter stood half the ad's height,
as tall as the backsplash: the tiles and worktop say how big things are, and a mug is a
hand's height. On that scene, for every variation of a square and a story ad, the product's
box takes a share of the ad's height that follows its kind: a mug at most a third, a
bottle taller than the mug in the same variation, and neither so small it is lost.
"""

from __future__ import annotations

from functools import cache

import pytest
from PIL import Image

from engines.local.ad.compose import compose_ad
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from evals import recipes
from tests.paths import PHOTOS

MUG = "Black ceramic mug, 350 ml, dishwasher safe. Cosy mornings at home."
BOTTLE = "Stainless steel water bottle, 750 ml, keeps drinks cold. Morning coffee to go."
MUG_MOST = 1 / 3
"""A mug stands no more than a third of the ad's height on a counter."""
LEAST = 0.12
"""Nor so small it is lost."""


@cache
def mug() -> Image.Image:
    return cut_out(Image.open(PHOTOS / "mug_black.jpg").convert("RGB")).image


@cache
def bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


def share(cutout: Image.Image, context: str, placement: str, variation: int) -> float:
    """The product box's height over the ad's on the kitchen counter."""
    recipe = Recipe(theme="kitchen-counter", format=placement, variation=variation,
                    headline="Straight into the dishwasher", cta="Shop now", context=context)
    composition = compose_ad(cutout, recipe)
    box = composition.product_box
    return (box[3] - box[1]) / composition.image.height


@pytest.mark.parametrize("placement", ["square", "story"])
@pytest.mark.parametrize("variation", range(4))
def test_a_mug_is_small_on_the_counter_and_a_bottle_taller(placement: str, variation: int) -> None:
    cup = share(mug(), MUG, placement, variation)
    flask = share(bottle(), BOTTLE, placement, variation)
    assert LEAST <= cup <= MUG_MOST, f"mug {cup:.2f} of the height"
    assert flask > cup + 0.05, f"bottle {flask:.2f} vs mug {cup:.2f}"
