"""A creative's AdCP provenance on Bedrock names every model called for it, and no other."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from api.adcp import CreativeAgent, creative_generator
from api.adcp_models import BuildCreativeRequest, FormatId
from core.images import encode_png
from evals.recipes import bottle_on_white
from tests.unit.engines.bedrock.stubbed import Stubbed, stubbed
from tools.sdk import CapabilityContext
from tools.services import Services

AGENT = CreativeAgent(agent_url="https://ads.example.com/mcp")
INPAINT = "us.stability.stable-image-inpaint-v1:0"
REMOVE_BACKGROUND = "us.stability.stable-image-remove-background-v1:0"
UPSCALE = "us.stability.stable-conservative-upscale-v1:0"
SCENE = (40, 160, 90)


@pytest.fixture
def stability() -> Iterator[Stubbed]:
    yield from stubbed("stability")


def on_stability(services: Services, stability: Stubbed) -> tuple[CapabilityContext, str]:
    """A capability context painting with the Stubber'd Stability engine, and a photo."""
    ctx = services.capability_context("acme")
    ctx = dataclasses.replace(ctx, engines=dataclasses.replace(ctx.engines,
                                                               images=stability.engine))
    photo, _ = bottle_on_white()
    return ctx, services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                                    tenant="acme").id


def matte() -> dict[str, object]:
    """Stability's remove-background answer: the bottle on a transparent background."""
    _, mask = bottle_on_white()
    rgba = np.zeros((*mask.shape, 4), np.uint8)
    rgba[..., :3], rgba[..., 3] = 90, np.where(mask, 255, 0)
    png = base64.b64encode(encode_png(Image.fromarray(rgba))).decode()
    return {"seeds": [0], "finish_reasons": [None], "images": [png]}


def models_of(built: object) -> list[list[str]]:
    manifests = built.manifests()  # type: ignore[attr-defined]
    return [m.provenance.generator.model_ids for m in manifests]


def test_the_remove_background_model_that_cut_the_product_out_is_named(
    services: Services, stability: Stubbed
) -> None:
    ctx, photo = on_stability(services, stability)
    stability.answer(matte())
    stability.answer_image(Image.new("RGB", (1080, 1080), SCENE))
    built = AGENT.build_creative(
        BuildCreativeRequest(creative_id=photo, target_format_ids=[FormatId(id="square")]), ctx)
    assert [call["modelId"] for call in stability.sent] == [REMOVE_BACKGROUND, INPAINT]
    assert [sorted(ids) for ids in models_of(built)] == [sorted([INPAINT, REMOVE_BACKGROUND])]


def test_a_remove_background_call_that_failed_is_not_named(
    services: Services, stability: Stubbed
) -> None:
    ctx, photo = on_stability(services, stability)
    stability.stubber.add_client_error("invoke_model", "ThrottlingException", "Too many requests",
                                       http_status_code=429)  # the local cutout stands in
    stability.answer_image(Image.new("RGB", (1080, 1080), SCENE))
    built = AGENT.build_creative(
        BuildCreativeRequest(creative_id=photo, target_format_ids=[FormatId(id="square")]), ctx)
    assert models_of(built) == [[INPAINT]]


def test_every_later_creative_of_the_photo_names_its_cutouts_model(
    services: Services, stability: Stubbed
) -> None:
    ctx, photo = on_stability(services, stability)
    stability.answer(matte())
    for _ in range(3):
        stability.answer_image(Image.new("RGB", (1080, 1080), SCENE))
    AGENT.build_creative(
        BuildCreativeRequest(creative_id=photo, target_format_ids=[FormatId(id="square")]), ctx)
    again = AGENT.build_creative(BuildCreativeRequest(
        creative_id=photo, target_format_ids=[FormatId(id="story"), FormatId(id="landscape")],
    ), ctx)  # the stored cutout is used: no second remove-background call
    assert [call["modelId"] for call in stability.sent].count(REMOVE_BACKGROUND) == 1
    assert [sorted(ids) for ids in models_of(again)] == [
        sorted([INPAINT, REMOVE_BACKGROUND])] * 2


def test_a_creative_names_the_engine_that_made_it_after_the_engine_changed(
    services: Services, stability: Stubbed
) -> None:
    ctx, photo = on_stability(services, stability)
    stability.answer(matte())
    stability.answer_image(Image.new("RGB", (1080, 1080), SCENE))
    built = AGENT.build_creative(
        BuildCreativeRequest(creative_id=photo, target_format_ids=[FormatId(id="square")]), ctx)
    ad = services.assets.get(str(built.manifests()[0].ext["asset_id"]), tenant="acme")
    local = services.capability_context("acme").engines  # the deployment now runs locally
    assert local.images.name != stability.engine.name
    made = creative_generator(ad, local)
    assert made.engine == stability.engine.name
    assert sorted(made.model_ids) == sorted([INPAINT, REMOVE_BACKGROUND])


def test_a_creative_stored_before_engines_were_recorded_names_this_engine(
    services: Services,
) -> None:
    engines = services.capability_context("acme").engines
    old = services.assets.put(b"ad", kind="ad_image", mime="image/png", tenant="acme",
                              parameters={"models": [INPAINT]})
    made = creative_generator(old, engines)
    assert made.engine == engines.images.name and made.model_ids == [INPAINT]
