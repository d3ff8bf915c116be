"""revert_image: an undo shows the image an edit was made from again, making nothing new."""

from __future__ import annotations

import dataclasses

import pytest

from core.errors import AssetNotFoundError, CapabilityError
from core.images import encode_png
from core.schemas import GenerateAdImagesResult
from evals.recipes import bottle_on_white
from tools.cost import estimate
from tools.sdk import CapabilityContext, ThreadGallery, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


@pytest.fixture
def made(ctx: CapabilityContext) -> GenerateAdImagesResult:
    photo = bottle_on_white()[0]
    photo_id = ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                              width=photo.width, height=photo.height).id
    result: GenerateAdImagesResult = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "headline": "Go far.", "theme": "marble"}, ctx
    )
    return result


def test_an_undo_returns_the_version_the_edit_was_made_from(
    ctx: CapabilityContext, made: GenerateAdImagesResult
) -> None:
    original = made.images[0]
    edited = registry()["edit_image"].invoke(
        {"asset_id": original.asset_id, "headline": "Go further."}, ctx
    )
    stored_before = len(ctx.assets.list(limit=100))
    undone = registry()["revert_image"].invoke({"asset_id": edited.image.asset_id}, ctx)
    assert undone.reverted_from == edited.image.asset_id
    assert undone.image.asset_id == original.asset_id
    # the original as generate_ad_images described it: same theme, placement, size, caption
    assert undone.image.model_dump(exclude={"findings", "look"}) == original.model_dump(
        exclude={"findings", "look"}
    )
    assert undone.image.findings == original.findings
    assert len(ctx.assets.list(limit=100)) == stored_before  # nothing new was stored
    assert undone.new_asset_ids() == [original.asset_id]


def test_an_undo_of_an_undone_chain_walks_back_one_version_at_a_time(
    ctx: CapabilityContext, made: GenerateAdImagesResult
) -> None:
    first = made.images[0].asset_id
    warmer = registry()["edit_image"].invoke({"asset_id": first, "warmth": 0.3}, ctx)
    beach = registry()["edit_image"].invoke(
        {"asset_id": warmer.image.asset_id, "theme": "beach"}, ctx
    )
    back = registry()["revert_image"].invoke({"asset_id": beach.image.asset_id}, ctx)
    assert back.image.asset_id == warmer.image.asset_id and back.image.theme == "marble"
    again = registry()["revert_image"].invoke({"asset_id": back.image.asset_id}, ctx)
    assert again.image.asset_id == first


def test_an_original_has_nothing_to_go_back_to(
    ctx: CapabilityContext, made: GenerateAdImagesResult
) -> None:
    ad = made.images[0].asset_id
    numbered = dataclasses.replace(ctx, gallery=ThreadGallery(numbers={ad: 3}))
    with pytest.raises(CapabilityError) as caught:
        registry()["revert_image"].invoke({"asset_id": ad}, numbered)
    assert caught.value.message == "#3 is an original; there is nothing to go back to."
    with pytest.raises(CapabilityError, match=f"^{ad} is an original"):
        registry()["revert_image"].invoke({"asset_id": ad}, ctx)  # no thread: named by id


def test_unknown_ids_and_other_tenants_images_are_not_found(
    ctx: CapabilityContext, made: GenerateAdImagesResult, services: Services
) -> None:
    revert = registry()["revert_image"]
    with pytest.raises(AssetNotFoundError, match="no asset with the id 'img_nope'"):
        revert.invoke({"asset_id": "img_nope"}, ctx)
    edited = registry()["edit_image"].invoke(
        {"asset_id": made.images[0].asset_id, "warmth": 0.2}, ctx
    )
    stranger = services.capability_context("someone-else")
    with pytest.raises(AssetNotFoundError, match="no asset with the id"):
        revert.invoke({"asset_id": edited.image.asset_id}, stranger)


def test_an_edit_whose_original_was_deleted_says_so(
    ctx: CapabilityContext, made: GenerateAdImagesResult
) -> None:
    original = made.images[0].asset_id
    edited = registry()["edit_image"].invoke({"asset_id": original, "warmth": 0.2}, ctx)
    assert ctx.assets.delete(original, "default")
    with pytest.raises(AssetNotFoundError, match="has been deleted"):
        registry()["revert_image"].invoke({"asset_id": edited.image.asset_id}, ctx)


def test_an_undo_is_free_and_chat_only(ctx: CapabilityContext, services: Services) -> None:
    revert = registry()["revert_image"]
    assert revert.cost_usd == 0 and revert.modes == {"online"}
    priced = services.settings.with_changes(engine="bedrock")
    assert estimate("revert_image", {"asset_id": "img_x"}, priced).usd == 0
