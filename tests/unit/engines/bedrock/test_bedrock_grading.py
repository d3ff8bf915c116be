"""Grading edits on the Bedrock engine: the model's painted scene is graded, never the product."""

from __future__ import annotations

import numpy as np
from PIL import Image

from engines.art_direction import ScenePrompt
from engines.bedrock.images import BedrockImageEngine
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from evals.recipes import bottle_on_white

PAINT = (90, 140, 110)


class FlatPainter:
    """An image model that paints the whole background one colour."""

    name = "flat"
    prompt_limit = 1000

    def __init__(self) -> None:
        self.calls = 0

    def paint(
        self, canvas: Image.Image, keep: Image.Image, prompt: ScenePrompt, seed: int
    ) -> Image.Image:
        self.calls += 1
        return Image.new("RGB", canvas.size, PAINT)


def test_brightness_contrast_and_warmth_grade_the_painted_scene_and_not_the_product() -> None:
    painter = FlatPainter()
    engine = BedrockImageEngine(painter)
    cutout = cut_out(bottle_on_white()[0]).image
    plain = engine.render_ad(cutout, Recipe(format="square"))
    assert tuple(np.asarray(plain.image)[1075, 5]) == PAINT
    for grading, check in (
        ({"brightness": 0.3}, lambda px: px.min() > max(PAINT) - 20 and px.sum() > sum(PAINT) + 45),
        ({"brightness": -0.3}, lambda px: px.sum() < sum(PAINT) - 45),
        ({"warmth": 0.6}, lambda px: px[0] > PAINT[0] + 4 and px[2] < PAINT[2] - 4),
    ):
        ad = engine.render_ad(cutout, Recipe(format="square", **grading))
        assert check(np.asarray(ad.image, np.int32)[1075, 5]), grading
        left, top, right, bottom = ad.product_box
        rgba = np.asarray(ad.product)
        opaque = rgba[..., 3] == 255
        placed = np.asarray(ad.image)[top:bottom, left:right]
        assert np.array_equal(placed[opaque], rgba[..., :3][opaque])
    assert painter.calls == 4


def test_a_photo_without_a_recipe_is_graded_locally() -> None:
    engine = BedrockImageEngine(FlatPainter())
    photo = Image.new("RGB", (64, 64), (100, 100, 100))
    assert np.asarray(engine.adjust(photo, brightness=0.3)).mean() > 115
    assert np.asarray(engine.adjust(photo, brightness=-0.3)).mean() < 85
    ramp = Image.fromarray(np.tile(np.linspace(40, 200, 64, dtype=np.uint8), (64, 1)))
    flatter = np.asarray(engine.adjust(ramp.convert("RGB"), contrast=-0.3), np.float32)
    assert flatter.std() < 0.85 * np.asarray(ramp, np.float32).std()
