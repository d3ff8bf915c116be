"""Image looks on every ad, brightness and contrast edits, and the Pinterest pin, end to end."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import pytest
from PIL import Image

from core.images import encode_png
from core.schemas import AdImage, EditImageRequest, EditImageResult
from evals.recipes import bottle_on_white
from tests.checks import product_pixels_intact
from tools.sdk import CapabilityContext, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return dataclasses.replace(services.capability_context("default"), max_variations=3)


@pytest.fixture
def photo_id(services: Services) -> str:
    photo = bottle_on_white()[0]
    return services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                               width=photo.width, height=photo.height).id


def generate(ctx: CapabilityContext, photo_id: str, **extra: object) -> list[AdImage]:
    request = {"product_image": photo_id, "n": 1, "headline": "Go far.", "seed": 4, **extra}
    return registry()["generate_ad_images"].invoke(request, ctx).images


def edit(ctx: CapabilityContext, asset_id: str, **changes: object) -> EditImageResult:
    return registry()["edit_image"].invoke({"asset_id": asset_id, **changes}, ctx)


def scene_lightness(services: Services, asset_id: str, box: list[int]) -> float:
    """Mean CIELAB lightness of an ad outside its product's box and the text band on top."""
    rgb = np.asarray(Image.open(services.assets.path(asset_id)).convert("RGB"), np.float32)
    lab = cv2.cvtColor(rgb / 255.0, cv2.COLOR_RGB2LAB)[..., 0]
    mask = np.ones(lab.shape, bool)
    left, top, right, bottom = box
    mask[top:bottom, left:right] = False
    mask[: lab.shape[0] // 3] = False  # headline and button
    return float(lab[mask].mean())


# --------------------------------------------------------------------------- looks


def test_every_ad_carries_its_look_in_the_result_and_the_asset(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    splash = generate(ctx, photo_id, theme="water-splash")[0]
    night = generate(ctx, photo_id, theme="studio-dark")[0]
    assert splash.look is not None and splash.look.colors[0] == "blue"
    assert splash.look.tone == "light"
    assert night.look is not None and night.look.tone == "dark"
    assert set(night.look.colors) & {"black", "grey"}
    stored = services.assets.get(splash.asset_id).parameters["look"]
    assert stored == splash.look.model_dump(mode="json")
    darker = edit(ctx, splash.asset_id, brightness=-0.6).image
    assert darker.look is not None and darker.look.lightness < splash.look.lightness - 10
    assert services.assets.get(darker.asset_id).parameters["look"]["tone"] == darker.look.tone


# --------------------------------------------------------------------------- grading edits


def test_brightness_edits_are_visible_steps_named_in_changes_and_add_up(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    ad = generate(ctx, photo_id, theme="hiking-trail")[0]
    box = services.assets.get(ad.asset_id).parameters["product_box"]
    before = scene_lightness(services, ad.asset_id, box)
    brighter = edit(ctx, ad.asset_id, brightness=0.3)
    assert brighter.changes == ["brighter"]
    once = scene_lightness(services, brighter.image.asset_id, box)
    assert once - before >= 6
    twice = edit(ctx, brighter.image.asset_id, brightness=0.3)
    recipe = services.assets.get(twice.image.asset_id).parameters["recipe"]
    assert recipe["brightness"] == pytest.approx(0.6)
    assert scene_lightness(services, twice.image.asset_id, box) - once >= 4
    darker = edit(ctx, ad.asset_id, brightness=-0.3)
    assert darker.changes == ["darker"]
    assert scene_lightness(services, darker.image.asset_id, box) - before <= -6
    for result in (brighter, twice, darker):
        opaque, differ = product_pixels_intact(services.assets, result.image.asset_id)
        assert opaque > 10_000 and differ == 0


def scene_lab(services: Services, asset_id: str, box: list[int]) -> np.ndarray:
    """CIELAB pixels of an ad outside its product's box and the text band on top."""
    rgb = np.asarray(Image.open(services.assets.path(asset_id)).convert("RGB"), np.float32)
    lab = cv2.cvtColor(rgb / 255.0, cv2.COLOR_RGB2LAB)
    mask = np.ones(lab.shape[:2], bool)
    left, top, right, bottom = box
    mask[top:bottom, left:right] = False
    mask[: lab.shape[0] // 3] = False
    return lab[mask]


@pytest.mark.parametrize("theme", ["studio", "city-night-bokeh"])
def test_warmer_and_cooler_are_visible_on_light_and_dark_scenes_and_much_goes_further(
    ctx: CapabilityContext, photo_id: str, services: Services, theme: str
) -> None:
    ad = generate(ctx, photo_id, theme=theme)[0]
    box = services.assets.get(ad.asset_id).parameters["product_box"]
    before = scene_lab(services, ad.asset_id, box)

    def shift(warmth: float) -> tuple[float, float]:
        """Mean colour difference (CIE76) and mean b* (yellow-blue) change of the scene."""
        result = edit(ctx, ad.asset_id, warmth=warmth)
        assert product_pixels_intact(services.assets, result.image.asset_id)[1] == 0
        after = scene_lab(services, result.image.asset_id, box)
        delta = float(np.sqrt(((after - before) ** 2).sum(axis=1)).mean())
        return delta, float((after[:, 2] - before[:, 2]).mean())

    warmer, much, cooler = shift(0.35), shift(0.6), shift(-0.35)
    # a step anyone sees side by side (the theme's own light gains gave 5 to 6.6 here, and 3 to 4
    # on a black mug's ads: "did it change?")
    assert warmer[0] >= 7.5 and warmer[1] > 7.0
    assert cooler[0] >= 7.5 and cooler[1] < -7.0
    assert much[0] >= 1.5 * warmer[0]


def test_contrast_edits_are_named_and_keep_the_product(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    ad = generate(ctx, photo_id, theme="industrial-loft")[0]
    punchier = edit(ctx, ad.asset_id, contrast=0.3, warmth=0.2)
    assert punchier.changes == ["warmer", "more contrast"]
    recipe = services.assets.get(punchier.image.asset_id).parameters["recipe"]
    assert recipe["contrast"] == pytest.approx(0.3) and recipe["brightness"] == 0.0
    softer = edit(ctx, ad.asset_id, contrast=-0.3)
    assert softer.changes == ["less contrast"]
    spreads = []
    for asset_id in (ad.asset_id, punchier.image.asset_id, softer.image.asset_id):
        rgb = np.asarray(Image.open(services.assets.path(asset_id)).convert("L"), np.float32)
        spreads.append(rgb[rgb.shape[0] // 2 :].std())
        assert product_pixels_intact(services.assets, asset_id)[1] == 0
    assert spreads[1] > 1.15 * spreads[0] and spreads[2] < 0.85 * spreads[0]


def test_an_uploaded_photo_can_be_made_brighter_darker_or_flatter(
    ctx: CapabilityContext, photo_id: str
) -> None:
    darker = edit(ctx, photo_id, brightness=-0.3, contrast=-0.2)
    assert darker.changes == ["darker", "less contrast"] and darker.image.look is not None
    before = np.asarray(Image.open(ctx.assets.path(photo_id)).convert("L"), np.float32)
    after = np.asarray(Image.open(ctx.assets.path(darker.image.asset_id)).convert("L"), np.float32)
    assert after.mean() < before.mean() - 15


def test_the_model_is_told_what_the_grading_amounts_do() -> None:
    edit_tool = registry()["edit_image"]
    schema = EditImageRequest.model_json_schema()["properties"]
    assert "+0.3 clearly brighter" in schema["brightness"]["description"]
    assert "pop" in schema["contrast"]["description"]
    assert "brightness, contrast" in edit_tool.description


# --------------------------------------------------------------------------- placements


def test_a_pinterest_pin_and_a_linkedin_ad_are_made_at_their_sizes(
    ctx: CapabilityContext, photo_id: str
) -> None:
    images = generate(ctx, photo_id, placements=["pinterest", "linkedin"])
    assert [(i.placement, i.width, i.height) for i in images] == [
        ("pin", 1000, 1500), ("landscape", 1200, 628)
    ]
    assert all(i.look is not None for i in images)
