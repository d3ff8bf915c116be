"""A held product in live images: it stays against the side its photo cut it, unshadowed.

Issue 18: the live image of an ad of a product held in a hand keeps the product flush
with the frame's edge in every frame of every camera move, with no floor shadow under it.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from PIL import Image

import engines.local.ad.compose as compose
from engines import AdLayers
from engines.local.ad.compose import compose_layers
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from engines.local.motion.live import LiveLoop
from evals import recipes
from tests.held import edge_run, held, palette, shade

TEXT = {"headline": "Glow all day", "cta": "Shop now", "theme": "studio"}


@cache
def bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


def layers(cutout: Image.Image, recipe: Recipe) -> AdLayers:
    return compose_layers(cutout, recipe)[1]


def scene_shade(cutout: Image.Image, recipe: Recipe) -> np.ndarray:
    """How much the ad's shadows darken its scene (vs the scene composed without them)."""
    real = layers(cutout, recipe)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compose, "shadows", lambda canvas, *_: canvas)
        patch.setattr(compose, "reflection", lambda canvas, *_: canvas)
        bare = layers(cutout, recipe)
    assert bare.product_box == real.product_box
    alpha = np.asarray(real.product.getchannel("A"))
    return shade(np.asarray(real.scene), np.asarray(bare.scene), real.product_box, alpha)


@pytest.mark.parametrize(
    ("side", "fmt"), [("bottom", "square"), ("right", "story"), ("left", "16:9")]
)
@pytest.mark.parametrize("camera", ["push", "drift", "parallax"])
def test_every_frame_keeps_the_held_product_against_its_cut_side(
    side: str, fmt: str, camera: str
) -> None:
    cutout = held(side)
    recipe = Recipe(format=fmt, product_cropped=[side], **TEXT)
    loop = LiveLoop(layers(cutout, recipe), seconds=2, fps=12, camera=camera)
    colours = palette(cutout)
    for index in range(0, loop.total, 3):
        frame = loop.frame(index)
        for inset in (0, 3):
            assert edge_run(frame, colours, side, inset) >= 30, (index, inset)


@pytest.mark.parametrize(("side", "fmt"), [("bottom", "square"), ("right", "story")])
def test_the_live_scene_of_a_held_product_has_no_floor_shadow(side: str, fmt: str) -> None:
    recipe = Recipe(format=fmt, product_cropped=[side], **TEXT)
    assert scene_shade(held(side), recipe).max() <= 1


def test_an_uncropped_product_keeps_its_floor_and_shadow_in_the_live_image() -> None:
    recipe = Recipe(format="square", **TEXT)
    ad = layers(bottle(), recipe)
    assert ad.product_box[3] < ad.scene.height  # standing on the floor, not at the edge
    assert np.percentile(scene_shade(bottle(), recipe), 99.9) > 15
