"""generate_ad_images keeps the images that rendered when some fail (or are blocked)."""

from __future__ import annotations

import dataclasses
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from PIL import Image

from core.images import encode_png
from engines.bedrock.guardrail import BedrockGuardrail, GuardrailBlockedError
from engines.bedrock.invoke import ContentFilteredError, ModelCallError
from engines.local.ad.composition import Composition
from engines.local.ad.recipe import Recipe
from engines.local.images import LocalImageEngine
from evals.recipes import bottle_on_white
from tools.sdk import CapabilityContext, registry
from tools.services import Services

USAGE = {"topicPolicyUnits": 0, "contentPolicyUnits": 1, "wordPolicyUnits": 0,
         "sensitiveInformationPolicyUnits": 0, "sensitiveInformationPolicyFreeUnits": 0,
         "contextualGroundingPolicyUnits": 0}


class FlakyEngine(LocalImageEngine):
    """The local engine, except that the listed variations (0-based) raise an error."""

    def __init__(self, failures: dict[int, Exception]) -> None:
        super().__init__()
        self.failures = failures

    def render_ad(self, cutout: Image.Image, recipe: Recipe,
                  logo: Image.Image | None = None) -> Composition:
        if recipe.variation in self.failures:
            raise self.failures[recipe.variation]
        return super().render_ad(cutout, recipe, logo)


def context(services: Services, failures: dict[int, Exception],
            guardrail: BedrockGuardrail | None = None) -> CapabilityContext:
    engines = dataclasses.replace(services.engines, images=FlakyEngine(failures))
    return dataclasses.replace(
        services.capability_context("default"), engines=engines, guardrail=guardrail
    )


@pytest.fixture
def photo_id(services: Services) -> str:
    photo = bottle_on_white()[0]
    return services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                               width=photo.width, height=photo.height).id


def ads(ctx: CapabilityContext) -> list[str]:
    return [asset.id for asset in ctx.assets.list() if asset.kind == "ad_image"]


def generate(ctx: CapabilityContext, photo_id: str, **request: Any) -> Any:
    return registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "theme": "beach", **request}, ctx)


def test_a_filtered_variation_is_a_note_and_the_others_are_kept(
    services: Services, photo_id: str
) -> None:
    filtered = ContentFilteredError("The model's content filters blocked the request.")
    failed = ModelCallError("The model timed out.", hint="Try again.")
    ctx = context(services, {2: filtered, 3: failed})
    result = generate(ctx, photo_id, n=4)
    assert [image.caption for image in result.images] == ["Beach · square"] * 2  # no number
    assert "New image 3 of 4 (Beach, square) was blocked by the image model's content filter." in (
        result.notes)
    assert "New image 4 of 4 (Beach, square) could not be made: The model timed out." in (
        result.notes)
    assert len(ads(ctx)) == 2


def test_only_when_every_render_fails_does_the_call_fail(
    services: Services, photo_id: str
) -> None:
    filtered = ContentFilteredError("The model's content filters blocked the request.")
    ctx = context(services, {0: filtered, 1: filtered})
    with pytest.raises(ContentFilteredError):
        generate(ctx, photo_id, n=2)


def test_an_image_the_guardrail_blocks_is_not_stored(
    services: Services, photo_id: str
) -> None:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    none = {"action": "NONE", "usage": USAGE, "outputs": [], "assessments": []}
    blocked = {**none, "action": "GUARDRAIL_INTERVENED", "assessments": [{"contentPolicy": {
        "filters": [{"type": "VIOLENCE", "confidence": "HIGH", "action": "BLOCKED"}]}}]}
    with Stubber(client) as stubber:
        for answer in (none, blocked):
            stubber.add_response("apply_guardrail", answer)
        ctx = context(services, {}, BedrockGuardrail(client, "gr-1", "1"))
        result = generate(ctx, photo_id, n=2)
        stubber.assert_no_pending_responses()
    assert len(result.images) == 1
    assert "New image 2 of 2 (Beach, square) was blocked by the guardrail and was not kept." in (
        result.notes)
    assert ads(ctx) == [result.images[0].asset_id]


def test_a_single_blocked_image_fails_the_call(services: Services, photo_id: str) -> None:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    blocked = {"action": "GUARDRAIL_INTERVENED", "usage": USAGE, "outputs": [],
               "assessments": []}
    with Stubber(client) as stubber:
        stubber.add_response("apply_guardrail", blocked)
        ctx = context(services, {}, BedrockGuardrail(client, "gr-1", "1"))
        with pytest.raises(GuardrailBlockedError, match="guardrail blocked a generated image"):
            generate(ctx, photo_id, n=1)
    assert ads(ctx) == []

