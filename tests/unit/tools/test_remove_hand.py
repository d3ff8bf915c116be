"""The remove_hand capability and the offer after a cutout that found a hand."""

from __future__ import annotations

import dataclasses

import pytest
from PIL import Image

from core.errors import CapabilityError
from core.images import encode_png
from core.settings import Settings
from engines.local.images import LocalImageEngine
from evals.recipes import bottle_on_white
from tests.hand_photos import BACKDROP, held_product
from tools.cost import estimate
from tools.sdk import CapabilityContext, registry
from tools.services import Services


class PaintingEngine(LocalImageEngine):
    """The local engine, as if it could erase (Stability's erase object): paints the backdrop."""

    can_erase = True

    def erase(self, photo: Image.Image, mask: Image.Image) -> Image.Image:
        return Image.composite(Image.new("RGB", photo.size, BACKDROP), photo, mask)


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


def _store(ctx: CapabilityContext, photo: Image.Image) -> str:
    return ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                          width=photo.width, height=photo.height).id


def _painting(ctx: CapabilityContext) -> CapabilityContext:
    engines = dataclasses.replace(ctx.engines, images=PaintingEngine())
    return dataclasses.replace(ctx, engines=engines)


def test_the_local_engine_says_it_cannot_and_offers_what_works(ctx: CapabilityContext) -> None:
    photo_id = _store(ctx, held_product("tan").photo)
    with pytest.raises(CapabilityError) as caught:
        registry()["remove_hand"].invoke({"product_image": photo_id}, ctx)
    assert "cannot remove the hand" in caught.value.message
    hint = caught.value.hint
    assert "as it is" in hint and "box" in hint and "without a hand" in hint
    assert not [a for a in ctx.assets.list() if a.kind == "product_photo" and a.id != photo_id]


def test_a_photo_without_a_hand_is_refused_before_any_paid_call(ctx: CapabilityContext) -> None:
    photo_id = _store(ctx, bottle_on_white()[0])
    with pytest.raises(CapabilityError) as caught:
        registry()["remove_hand"].invoke({"product_image": photo_id}, _painting(ctx))
    assert "could not find a hand" in caught.value.message and caught.value.hint


def test_an_engine_that_can_erase_makes_a_new_photo_and_cutout(ctx: CapabilityContext) -> None:
    held = held_product("deep", sleeve=(120, 120, 128))
    photo_id = _store(ctx, held.photo)
    result = registry()["remove_hand"].invoke({"product_image": photo_id}, _painting(ctx))
    assert result.parent_id == photo_id and result.new_asset_ids() == [result.asset_id]
    assert ctx.assets.get(result.asset_id).parents == [photo_id]
    cutout = ctx.assets.get(result.cutout_id)
    assert cutout.parents == [result.asset_id] and not cutout.parameters["hand"]
    assert result.cropped == []  # the arm that ran off the bottom edge is gone


def test_the_cost_is_one_erase_object_call_on_bedrock_and_nothing_locally(
    ctx: CapabilityContext,
) -> None:
    args = {"product_image": "img_0000000000"}
    on_bedrock = estimate("remove_hand", args, Settings(engine="bedrock"), ctx.assets)
    assert 0.06 <= on_bedrock.usd <= 0.08  # Stability's erase object, per image
    assert estimate("remove_hand", args, Settings(), ctx.assets).usd == 0


@pytest.mark.parametrize(("painting", "offer"), [
    (False, "This engine cannot remove the hand"),
    (True, "Say 'remove the hand'"),
])
def test_ads_of_a_held_product_say_so_with_the_offer_the_engine_can_keep(
    ctx: CapabilityContext, painting: bool, offer: str
) -> None:
    photo_id = _store(ctx, held_product("light", sleeve=(170, 40, 40)).photo)
    used = _painting(ctx) if painting else ctx
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "headline": "Write it down."}, used)
    hand = [n for n in made.notes if "A hand holds the product" in n]
    assert len(hand) == 1 and offer in hand[0]
    cut = registry()["remove_background"].invoke({"product_image": photo_id}, used)
    assert any(offer in n for n in cut.notes)


def test_ads_of_a_product_nobody_holds_make_no_offer(ctx: CapabilityContext) -> None:
    photo_id = _store(ctx, bottle_on_white()[0])
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "headline": "Cold for 24 hours."}, ctx)
    assert not [n for n in made.notes if "hand" in n]
