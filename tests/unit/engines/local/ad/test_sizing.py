"""Scale that says size: the product's real size and the ad's concept set how big it stands."""

from __future__ import annotations

from functools import cache

import pytest
from PIL import Image

from engines.local.ad.compose import compose_ad
from engines.local.ad.recipe import Recipe
from engines.local.ad.sizing import concept_scale, real_height_cm, size_share
from engines.local.cutout import cut_out
from evals import recipes

MUG = "Black ceramic mug, 350 ml, dishwasher safe. Cosy autumn mornings at home, warm tone."
HOODIE = "Blue zip hoodie, brushed fleece inside, white logo. Winter campaign, cosy tone."


@cache
def _product() -> Image.Image:
    return cut_out(recipes.white_mug_on_white()[0]).image


@pytest.mark.parametrize(
    ("brief", "low", "high"),
    [
        ("Black ceramic mug, 350 ml", 8, 13),
        ("A5 hardcover notebook", 20, 22),
        ("12 oz travel tumbler", 15, 24),
        ("Insulated steel bottle, 750 ml", 22, 30),
        ("Red canvas tote bag, fits a 15 inch laptop", 38, 46),
        ("Heavy 12 oz cotton tee", 60, 80),  # ounces of fabric, not of a drink
        ("Blue zip hoodie", 60, 80),
    ],
)
def test_the_real_size_is_read_from_the_brief_or_the_kind_of_product(
    brief: str, low: float, high: float
) -> None:
    height = real_height_cm(brief)
    assert height is not None and low <= height <= high


def test_a_small_product_gets_less_of_the_scene_than_a_large_one() -> None:
    assert size_share("Gold ring") < size_share(MUG) < size_share("A5 notebook")
    assert size_share("A5 notebook") < size_share(HOODIE) == 1.0
    assert size_share("Something for the garden") == 1.0  # unknown: the layout's size


def test_each_concept_of_a_set_has_its_own_scale() -> None:
    for brief in (MUG, HOODIE):
        scales = [concept_scale(brief, v) for v in range(4)]
        assert len(set(scales)) >= 3
        assert scales[1] == 1.0  # the close-up fills its space
        assert min(scales) == scales[2]  # the wide scene shows the product small
    assert concept_scale("", 2) == 1.0  # no brief (a video's stage): the layout's size


def _height(context: str, variation: int, **extra: object) -> int:
    recipe = Recipe(theme="studio", variation=variation, context=context, headline="Hello there",
                    **extra)
    box = compose_ad(_product(), recipe).product_box
    return box[3] - box[1]


def test_a_mug_stands_smaller_than_a_hoodie_in_the_same_layout() -> None:
    assert _height(MUG, 0) < 0.8 * _height(HOODIE, 0)
    assert _height(MUG, 2) < _height(MUG, 0)  # a wide scene
    assert _height("", 0) == _height(HOODIE, 0)  # no brief: the layout's own size


def test_a_held_product_keeps_its_framing() -> None:
    held = {"product_cropped": ["bottom"]}
    assert _height(MUG, 2, **held) == _height("", 2, **held)


@pytest.mark.parametrize(("brief", "cm"), [
    ("Set of 4 in a gift box, 350 ml mug", 10.2),  # "4 in" is no inch: the 350 ml counts
    ("2 in 1 shampoo, 500 ml bottle", 21.9),
    ("Sony A7 camera body", 21.0),  # a camera, not an A7 sheet of paper
    ("A5 hardcover notebook", 21.0),
    ("10 in. vase", 27.9),
])
def test_words_that_look_like_measures_are_not_read_as_them(brief: str, cm: float) -> None:
    height = real_height_cm(brief)
    assert height is not None and height == pytest.approx(cm, abs=0.1)
