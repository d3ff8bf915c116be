"""delete_images: ads of the conversation taken out of its gallery; nothing is deleted."""

from __future__ import annotations

import dataclasses

import pytest

from core.errors import AssetNotFoundError, CapabilityError
from tools.sdk import CapabilityContext, ThreadGallery, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


def put(ctx: CapabilityContext) -> str:
    return ctx.assets.put(b"png", kind="ad_image", mime="image/png", tenant=ctx.tenant).id


def test_the_named_ads_are_taken_out_and_their_files_kept(ctx: CapabilityContext) -> None:
    first, second, third = put(ctx), put(ctx), put(ctx)
    gallery = ThreadGallery(numbers={first: 1, second: 2, third: 3}, removed=frozenset({third}))
    result = registry()["delete_images"].invoke(
        {"asset_ids": [second, third]}, dataclasses.replace(ctx, gallery=gallery)
    )
    assert result.removed == [second]
    assert result.notes == ["#3 was already out of the gallery."]
    assert result.new_asset_ids() == []
    assert ctx.assets.read(second) == b"png"  # the file stays


def test_only_ads_of_this_conversation(ctx: CapabilityContext, services: Services) -> None:
    delete = registry()["delete_images"]
    mine, elsewhere = put(ctx), put(ctx)
    in_thread = dataclasses.replace(ctx, gallery=ThreadGallery(numbers={mine: 1}))
    with pytest.raises(CapabilityError, match="not part of one") as caught:
        delete.invoke({"asset_ids": [mine]}, ctx)
    assert "DELETE /v1/assets" in caught.value.hint
    with pytest.raises(CapabilityError, match=f"{elsewhere} is not an ad image of this"):
        delete.invoke({"asset_ids": [elsewhere]}, in_thread)
    with pytest.raises(AssetNotFoundError, match="'img_nope'"):
        delete.invoke({"asset_ids": ["img_nope"]}, in_thread)
    theirs = put(services.capability_context("someone-else"))
    stranger_view = dataclasses.replace(in_thread, gallery=ThreadGallery(numbers={theirs: 2}))
    with pytest.raises(AssetNotFoundError, match=theirs):  # even when a thread names it
        delete.invoke({"asset_ids": [theirs]}, stranger_view)
    with pytest.raises(CapabilityError, match="at most 50 items"):
        delete.invoke({"asset_ids": [f"img_{i}" for i in range(51)]}, in_thread)
