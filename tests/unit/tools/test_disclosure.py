"""The visible AI label on ads: where the deployment, the placement and the advertiser want it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PIL import Image

from core.images import encode_png
from core.placements import resolve_placement
from core.storage.brandkit import BrandKit
from engines.local.ad.recipe import Recipe
from tests.paths import PHOTOS
from tools.disclosure import label_for
from tools.sdk import AiLabel, CapabilityContext, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


def _photo(ctx: CapabilityContext) -> str:
    photo = Image.open(PHOTOS / "mug_black.jpg").convert("RGB")
    return ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                          width=photo.width, height=photo.height).id


def _ads(ctx: CapabilityContext) -> list[str]:
    result = registry()["generate_ad_images"].invoke(
        {"product_image": _photo(ctx), "theme": "marble", "n": 1}, ctx)
    return [image.asset_id for image in result.images]


def _recipe(ctx: CapabilityContext, asset_id: str) -> Recipe:
    return Recipe.model_validate(ctx.assets.get(asset_id).parameters["recipe"])


def _recipes(ctx: CapabilityContext) -> list[Recipe]:
    return [_recipe(ctx, ad) for ad in _ads(ctx)]


def test_by_default_only_placements_that_require_it_get_the_label(
    ctx: CapabilityContext,
) -> None:
    assert _recipes(ctx)[0].disclosure is None  # the square feed ad requires none
    required = resolve_placement("square").model_copy(update={"ai_label": True})
    assert label_for(ctx, required) == "AI-generated"


def test_always_labels_every_ad_in_the_deployments_words_and_edits_keep_it(
    ctx: CapabilityContext,
) -> None:
    ctx = dataclasses.replace(ctx, ai_label=AiLabel("always", "KI-generiert"))
    [ad] = _ads(ctx)
    assert _recipe(ctx, ad).disclosure == "KI-generiert"
    edited = registry()["edit_image"].invoke({"asset_id": ad, "warmth": 0.5}, ctx)
    assert _recipe(ctx, edited.image.asset_id).disclosure == "KI-generiert"
    off = dataclasses.replace(ctx, ai_label=AiLabel("off", "KI-generiert"))
    redone = registry()["edit_image"].invoke({"asset_id": ad, "warmth": -0.5}, off)
    assert _recipe(ctx, redone.image.asset_id).disclosure is None


def test_an_advertiser_can_ask_for_the_label_on_all_its_ads(ctx: CapabilityContext) -> None:
    assert ctx.brand_kits is not None
    ctx.brand_kits.save(ctx.tenant, BrandKit(ai_label=True))
    assert _recipes(ctx)[0].disclosure == "AI-generated"
    off = dataclasses.replace(ctx, ai_label=AiLabel("off"))
    assert _recipes(off)[0].disclosure is None  # the deployment turned labels off


def test_a_clean_up_over_the_label_leaves_the_label_in_place(ctx: CapabilityContext) -> None:
    ctx = dataclasses.replace(ctx, ai_label=AiLabel("always"))
    [ad] = _ads(ctx)
    asset = ctx.assets.get(ad)
    left, top, right, bottom = asset.parameters["layout"]["disclosure"]
    width, height = asset.width, asset.height
    region = (max(0.0, (left - 8) / width), max(0.0, (top - 8) / height),
              min(1.0, (right + 8) / width), min(1.0, (bottom + 8) / height))
    edited = registry()["edit_image"].invoke({"asset_id": ad, "remove_region": region}, ctx)
    before = np.asarray(Image.open(ctx.assets.path(ad)).convert("RGB"))[top:bottom, left:right]
    after = np.asarray(Image.open(ctx.assets.path(edited.image.asset_id)).convert("RGB"))
    assert np.array_equal(after[top:bottom, left:right], before)  # the disclosure stays
