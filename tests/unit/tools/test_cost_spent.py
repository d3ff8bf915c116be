"""What a call that ran spent: a Stability call that failed, the local code standing in, is free.

The capabilities run on the Bedrock engine painting with Stability, on a Stubber'd client.
The price table is the settings' own: every Stability service costs $0.08 per image made.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from core.images import encode_png
from core.settings import Settings
from core.storage.assets import AssetStore
from engines import Engines
from engines.local.features import LocalFeatureEngine
from evals.recipes import bottle_on_white
from policy.text import load_policy
from tests.unit.engines.bedrock.stubbed import Stubbed, stubbed
from tools.cost import CostEstimate, estimate, spent
from tools.sdk import CapabilityContext, registry

SETTINGS = Settings(engine="bedrock", image_engine="stability")
INPAINT = "us.stability.stable-image-inpaint-v1:0"
REMOVE_BACKGROUND = "us.stability.stable-image-remove-background-v1:0"
UPSCALE = "us.stability.stable-conservative-upscale-v1:0"
CALL_USD = 0.08  # the price table: one image from any Stability service


@pytest.fixture
def stability() -> Iterator[Stubbed]:
    yield from stubbed("stability")


@pytest.fixture
def ctx(stability: Stubbed, tmp_path: Path) -> CapabilityContext:
    return CapabilityContext(assets=AssetStore(tmp_path / "assets"),
                             engines=Engines(LocalFeatureEngine(), stability.engine),
                             policy=load_policy(), audit=None)


def throttled(stub: Stubbed) -> None:
    stub.stubber.add_client_error("invoke_model", "ThrottlingException", "Too many requests",
                                  http_status_code=429)


def matte(mask: np.ndarray) -> dict[str, Any]:
    """Stability's remove-background answer keeping ``mask``."""
    rgba = np.zeros((*mask.shape, 4), np.uint8)
    rgba[..., :3], rgba[..., 3] = 90, np.where(mask, 255, 0)
    png = base64.b64encode(encode_png(Image.fromarray(rgba))).decode()
    return {"seeds": [0], "finish_reasons": [None], "images": [png]}


def run(tool: str, args: dict[str, Any], ctx: CapabilityContext) -> tuple[CostEstimate,
                                                                          CostEstimate]:
    """The estimate made before the call, and what the call spent."""
    before = estimate(tool, args, SETTINGS, ctx.assets)
    result = registry()[tool].invoke(args, ctx)
    return before, spent(tool, before, result.model_dump(mode="json"), SETTINGS, ctx.assets)


def photo_id(ctx: CapabilityContext) -> tuple[str, np.ndarray]:
    photo, mask = bottle_on_white()
    return ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png").id, mask


def test_a_failed_remove_background_call_is_not_priced(
    stability: Stubbed, ctx: CapabilityContext
) -> None:
    photo, _ = photo_id(ctx)
    throttled(stability)  # remove-background: the local cutout stands in
    stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))  # the scene
    before, after = run("generate_ad_images", {"product_image": photo, "n": 1}, ctx)
    assert before.units == {"image": 1, "cutout": 1}  # asked: a scene and a new cutout
    assert after.units == {"image": 1}
    assert after.usd == pytest.approx(CALL_USD)
    assert REMOVE_BACKGROUND not in after.description


def test_a_used_remove_background_call_is_priced(
    stability: Stubbed, ctx: CapabilityContext
) -> None:
    photo, mask = photo_id(ctx)
    stability.answer(matte(mask))
    stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))
    _, after = run("generate_ad_images", {"product_image": photo, "n": 1}, ctx)
    assert after.units == {"image": 1, "cutout": 1}
    assert after.usd == pytest.approx(2 * CALL_USD)


@pytest.mark.parametrize("kept", ["the whole photo", "nothing"])
def test_a_matte_that_was_not_used_is_billed_but_not_named(
    stability: Stubbed, ctx: CapabilityContext, kept: str
) -> None:
    photo, mask = photo_id(ctx)
    alpha = np.ones_like(mask) if kept == "the whole photo" else np.zeros_like(mask)
    alpha[0, 0] = kept != "the whole photo"  # the local cutout is used instead
    stability.answer(matte(alpha))
    stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))
    _, after = run("generate_ad_images", {"product_image": photo, "n": 1}, ctx)
    assert after.units == {"image": 1, "cutout": 1}  # Bedrock bills the call that answered
    assert after.usd == pytest.approx(2 * CALL_USD)
    [cutout] = ctx.assets.derived(photo, "product_cutout", ctx.tenant)
    assert REMOVE_BACKGROUND not in cutout.parameters["models"]  # its matte is not in it


def test_a_scene_that_failed_is_not_priced(stability: Stubbed, ctx: CapabilityContext) -> None:
    photo, mask = photo_id(ctx)
    stability.answer(matte(mask))
    stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))
    throttled(stability)  # one of the two scenes
    before, after = run("generate_ad_images", {"product_image": photo, "n": 2}, ctx)
    assert before.units == {"image": 2, "cutout": 1}
    assert after.units == {"image": 1, "cutout": 1}


def test_a_failed_erase_is_not_priced_and_a_used_upscale_is(
    stability: Stubbed, ctx: CapabilityContext
) -> None:
    image = Image.new("RGB", (600, 600), (200, 180, 150))
    upload = ctx.assets.put(encode_png(image), kind="product_photo", mime="image/png").id
    throttled(stability)  # erase object: cleaned up locally
    stability.answer_image(Image.new("RGB", (1200, 1200), (10, 200, 10)))  # the upscale
    args = {"asset_id": upload, "remove_region": [0.1, 0.1, 0.3, 0.3], "upscale": 2}
    before, after = run("edit_image", args, ctx)
    assert before.units == {"erase": 1, "upscale": 1}
    assert after.units == {"upscale": 1}
    assert after.usd == pytest.approx(CALL_USD) and UPSCALE in after.description


def test_a_failed_outpaint_costs_nothing(stability: Stubbed, ctx: CapabilityContext) -> None:
    image = Image.new("RGB", (600, 600), (200, 180, 150))
    upload = ctx.assets.put(encode_png(image), kind="product_photo", mime="image/png").id
    throttled(stability)  # outpaint: extended locally
    before, after = run("edit_image", {"asset_id": upload, "placement": "1920x1080"}, ctx)
    assert before.units == {"outpaint": 1} and before.usd == pytest.approx(CALL_USD)
    assert after.units == {} and after.usd == 0


def test_a_transparent_png_is_priced_only_when_stability_cut_it_out(
    stability: Stubbed, ctx: CapabilityContext
) -> None:
    photo, mask = photo_id(ctx)
    throttled(stability)
    before, failed = run("remove_background", {"product_image": photo}, ctx)
    assert before.units == {"cutout": 1} and before.usd == pytest.approx(CALL_USD)
    assert failed.usd == 0
    stability.answer(matte(mask))
    _, used = run("remove_background", {"product_image": photo}, ctx)
    assert used.units == {"cutout": 1} and used.usd == pytest.approx(CALL_USD)


def test_a_box_makes_a_transparent_png_locally_for_free(ctx: CapabilityContext) -> None:
    photo, _ = photo_id(ctx)
    cost = estimate("remove_background", {"product_image": photo, "box": [10, 10, 200, 300]},
                    SETTINGS, ctx.assets)
    assert cost.usd == 0


def test_a_carousel_of_a_new_photo_counts_its_cutout_until_it_is_made(
    stability: Stubbed, ctx: CapabilityContext
) -> None:
    photo, mask = photo_id(ctx)
    stability.answer(matte(mask))
    for _ in range(2):
        stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))
    args = {"product_image": photo, "cards": ["Cold all day", "Buy now"]}
    before, after = run("make_carousel", args, ctx)
    assert before.units == {"image": 2, "cutout": 1}
    assert after.units == {"image": 2, "cutout": 1}
    assert estimate("make_carousel", args, SETTINGS, ctx.assets).units == {"image": 2}


def test_a_photo_used_as_is_is_still_cut_out_and_priced_for_normal_ads(
    stability: Stubbed, ctx: CapabilityContext
) -> None:
    photo, mask = photo_id(ctx)
    stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))
    args = {"product_image": photo, "n": 1}
    run("generate_ad_images", {**args, "photo_as_is": True}, ctx)  # no remove-background call
    stability.answer(matte(mask))  # normal ads: the product is cut out of the photo now
    stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))
    before, after = run("generate_ad_images", args, ctx)
    assert before.units == {"image": 1, "cutout": 1}
    assert after.units == {"image": 1, "cutout": 1}
    assert after.usd == pytest.approx(2 * CALL_USD)


def test_a_cutout_the_call_made_is_priced_even_when_the_estimate_missed_it(
    stability: Stubbed, ctx: CapabilityContext
) -> None:
    photo, mask = photo_id(ctx)
    stability.answer(matte(mask))
    stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))
    missed = CostEstimate(tool="generate_ad_images", usd=CALL_USD, units={"image": 1})
    result = registry()["generate_ad_images"].invoke({"product_image": photo, "n": 1}, ctx)
    after = spent("generate_ad_images", missed, result.model_dump(mode="json"), SETTINGS,
                  ctx.assets)
    assert after.units == {"image": 1, "cutout": 1}
    assert after.usd == pytest.approx(2 * CALL_USD)


def test_a_cutout_made_before_is_not_priced_even_when_the_estimate_counted_it(
    stability: Stubbed, ctx: CapabilityContext
) -> None:
    photo, mask = photo_id(ctx)
    stability.answer(matte(mask))
    stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))
    args = {"product_image": photo, "n": 1}
    before = estimate("generate_ad_images", args, SETTINGS, ctx.assets)  # a new photo
    registry()["generate_ad_images"].invoke(args, ctx)  # another call cut it out meanwhile
    stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))
    result = registry()["generate_ad_images"].invoke(args, ctx)
    after = spent("generate_ad_images", before, result.model_dump(mode="json"), SETTINGS,
                  ctx.assets)
    assert before.units == {"image": 1, "cutout": 1}
    assert after.units == {"image": 1}
