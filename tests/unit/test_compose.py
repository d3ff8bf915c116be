"""Ad composition: product fidelity, layout, typography and the recipe."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pydantic import ValidationError

from tests import media
from tools.engines.local import typography
from tools.engines.local.compose import FORMATS, Recipe, compose_ad
from tools.engines.local.cutout import cut_out

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"


@cache
def bottle_cutout() -> Image.Image:
    return cut_out(media.bottle_on_white()[0]).image


# --------------------------------------------------------------------------- compose


RECIPE_TEXT = {
    "headline": "Cold for 24 hours, anywhere you go",
    "subline": "Insulated stainless steel, 750 ml",
    "cta": "Shop now",
}


def check_invariant(result_image: Image.Image, product: Image.Image, box: tuple[int, ...]) -> None:
    left, top, right, bottom = box
    out = np.asarray(result_image)[top:bottom, left:right]
    rgba = np.asarray(product)
    opaque = rgba[..., 3] == 255
    assert opaque.mean() > 0.3
    assert np.array_equal(out[opaque], rgba[..., :3][opaque])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_product_pixels_are_never_altered(fmt: str) -> None:
    cutout = bottle_cutout()
    for variation in range(4):
        recipe = Recipe(
            theme="auto",
            context="hiking",
            format=fmt,
            variation=variation,
            warmth=0.4,
            brand_colors=["#FF6600"],
            **RECIPE_TEXT,
        )
        result = compose_ad(cutout, recipe)
        assert result.image.size == FORMATS[fmt] and result.image.mode == "RGB"
        assert result.product.size == (
            result.product_box[2] - result.product_box[0],
            result.product_box[3] - result.product_box[1],
        )
        check_invariant(result.image, result.product, result.product_box)
        width, height = result.image.size
        assert len(result.text_boxes) == 3
        for box in result.text_boxes:
            assert 0 <= box[0] < box[2] <= width and 0 <= box[1] < box[3] <= height
            p = result.product_box
            assert box[2] <= p[0] or p[2] <= box[0] or box[3] <= p[1] or p[3] <= box[1]
            if fmt == "9:16":  # platform UI zones stay free of text
                assert box[1] >= 0.14 * height - 1 and box[3] <= 0.80 * height + 1


def test_variations_change_layout() -> None:
    boxes = {
        compose_ad(bottle_cutout(), Recipe(theme="studio", variation=v, **RECIPE_TEXT)).product_box
        for v in range(4)
    }
    assert len(boxes) == 4


def test_product_is_the_lanczos_resize_of_the_cutout_and_edges_blend() -> None:
    cutout = bottle_cutout()
    result = compose_ad(cutout, Recipe(theme="marble"))
    expected = cutout.resize(result.product.size, Image.Resampling.LANCZOS)
    assert np.array_equal(np.asarray(result.product), np.asarray(expected))
    check_invariant(result.image, result.product, result.product_box)
    rgba = np.asarray(result.product).astype(int)
    ys, xs = np.nonzero((rgba[..., 3] > 0) & (rgba[..., 3] < 100))
    assert ys.size > 50  # anti-aliased edge pixels exist ...
    left, top = result.product_box[:2]
    out = np.asarray(result.image).astype(int)[ys + top, xs + left]
    blended = np.abs(out - rgba[ys, xs, :3]).max(axis=1) > 3
    assert blended.mean() > 0.5  # ... and are mixed with the scene, not pasted opaque
    assert result.text_boxes == []


def test_composition_is_deterministic() -> None:
    recipe = Recipe(theme="confetti", format="4:5", seed=11, variation=2, **RECIPE_TEXT)
    pngs = []
    for _ in range(2):
        buf = io.BytesIO()
        compose_ad(bottle_cutout(), recipe).image.save(buf, "PNG")
        pngs.append(buf.getvalue())
    assert pngs[0] == pngs[1]


def test_headline_has_enough_contrast_even_on_a_busy_background() -> None:
    rng = np.random.default_rng(0)
    noise = rng.integers(60, 200, (90, 120, 3)).astype(np.uint8)
    image = Image.fromarray(noise).resize((1080, 1080), Image.Resampling.NEAREST)
    area = (80, 80, 1000, 400)
    boxes = typography.draw_text(
        image, area, "Big summer sale this week", None, None, typography.TextStyle()
    )
    ((x0, y0, x1, y1),) = boxes
    lum = typography.luminance(np.asarray(image)[y0:y1, x0:x1].reshape(-1, 3))
    background = float(np.median(lum))
    ink = float(lum.min() if background > 0.18 else lum.max())  # the glyphs' colour
    assert float(typography.contrast(background, ink)) >= 4.5
    # nothing outside the text area changed
    original = Image.fromarray(noise).resize((1080, 1080), Image.Resampling.NEAREST)
    assert np.array_equal(np.asarray(image)[:80], np.asarray(original)[:80])


def test_recipe_validation() -> None:
    recipe = Recipe(brand_colors=["#ff6600"], warmth=-1.0)
    assert recipe.brand_colors == ["#FF6600"]
    assert Recipe.model_validate_json(recipe.model_dump_json()) == recipe
    for bad in (["red"], ["#FF66"], ["#GG0000"], ["FF6600"]):
        with pytest.raises(ValidationError):
            Recipe(brand_colors=bad)
    with pytest.raises(ValidationError):
        Recipe(warmth=1.5)
    with pytest.raises(ValidationError):
        Recipe.model_validate({"format": "3:2"})
