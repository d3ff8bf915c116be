"""The recipe's brightness and contrast grade the ad's scene, never its product or text."""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
import pytest
from PIL import Image

from engines.local.ad.compose import SceneRequest, compose_ad
from engines.local.ad.composition import Composition
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from evals import recipes

TEXT = {"headline": "Cold for 24 hours", "cta": "Shop now"}


@cache
def bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


@cache
def render(theme: str, brightness: float = 0.0, contrast: float = 0.0) -> Composition:
    recipe = Recipe(
        theme=theme, format="square", seed=3, brightness=brightness, contrast=contrast, **TEXT
    )
    return compose_ad(bottle(), recipe)


def scene_lightness(ad: Composition, mask: np.ndarray) -> np.ndarray:
    rgb = np.asarray(ad.image, np.float32) / 255.0
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)[..., 0][mask]


def scene_mask(ad: Composition) -> np.ndarray:
    """Pixels of the scene: outside the product's coverage and the text boxes."""
    mask = np.ones((ad.image.height, ad.image.width), bool)
    left, top, right, bottom = ad.product_box
    mask[top:bottom, left:right] &= np.asarray(ad.product.getchannel("A")) == 0
    for x0, y0, x1, y1 in ad.text_boxes:
        mask[max(0, y0) : y1, max(0, x0) : x1] = False
    return mask


def opaque_product(ad: Composition) -> np.ndarray:
    left, top, right, bottom = ad.product_box
    return np.asarray(ad.image)[top:bottom, left:right][
        np.asarray(ad.product.getchannel("A")) == 255
    ]


def product_exact(ad: Composition) -> bool:
    """Every opaque product pixel of the ad is the placed product's own pixel."""
    rgba = np.asarray(ad.product)
    return np.array_equal(opaque_product(ad), rgba[..., :3][rgba[..., 3] == 255])


@pytest.mark.parametrize("theme", ["hiking-trail", "studio", "city-night-bokeh"])
def test_brightness_0_3_moves_the_scene_visibly_and_leaves_the_product(theme: str) -> None:
    base = render(theme)
    mask = scene_mask(base)
    before = scene_lightness(base, mask).mean()
    brighter, darker = render(theme, brightness=0.3), render(theme, brightness=-0.3)
    assert scene_lightness(brighter, mask).mean() - before >= 6
    assert scene_lightness(darker, mask).mean() - before <= -6
    for graded in (brighter, darker):
        assert graded.product_box == base.product_box and product_exact(graded)
        assert np.array_equal(opaque_product(graded), opaque_product(base))


def test_contrast_0_3_spreads_the_scenes_tones_and_leaves_the_product() -> None:
    base = render("hiking-trail")
    mask = scene_mask(base)
    spread = scene_lightness(base, mask).std()
    more, less = render("hiking-trail", contrast=0.3), render("hiking-trail", contrast=-0.3)
    assert scene_lightness(more, mask).std() >= 1.25 * spread
    assert scene_lightness(less, mask).std() <= 0.8 * spread
    for graded in (more, less):
        assert np.array_equal(opaque_product(graded), opaque_product(base))


def test_no_grading_renders_the_same_pixels_as_before() -> None:
    plain = compose_ad(bottle(), Recipe(theme="hiking-trail", format="square", seed=3, **TEXT))
    assert np.array_equal(np.asarray(plain.image), np.asarray(render("hiking-trail").image))


def test_a_painted_scene_takes_warmth_brightness_and_contrast() -> None:
    grey = (128, 128, 128)

    def painted(request: SceneRequest) -> Image.Image:
        return Image.new("RGB", request.size, grey)

    def corner(**grading: float) -> np.ndarray:
        recipe = Recipe(format="square", **grading)
        ad = compose_ad(bottle(), recipe, scene_source=painted)
        assert product_exact(ad)
        return np.asarray(ad.image, np.int32)[1075, 5]

    assert tuple(corner()) == grey  # nothing asked, the model's pixels as they came
    warm = corner(warmth=0.5)
    assert warm[0] > grey[0] + 5 and warm[2] < grey[2] - 5
    assert corner(brightness=0.3).min() > grey[0] + 15
    assert corner(brightness=-0.3).max() < grey[0] - 15
