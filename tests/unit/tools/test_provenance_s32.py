"""Issue 26 gaps: what a video, a live image and an ad name as their ingredients.

Read with the c2pa library's own Reader: a video or a live image names the product photo
and its cutout (asset id and SHA-256), a signed cutout's manifest travels inside the ad,
and an upload's own Content Credentials reach the ads made from it.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import c2pa
import pytest

from core.images import encode_png
from core.provenance import sources
from core.provenance.identity import local_identity
from core.provenance.manifest import ManifestFacts, ManifestSigner
from core.storage.assets import AssetStore
from core.storage.uploads import store_image
from evals.recipes import bottle_on_white
from tools.sdk import CapabilityContext, registry
from tools.services import Services

CAPTURE = sources.IPTC + "digitalCapture"


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return dataclasses.replace(services.capability_context("default"), max_variations=1)


@pytest.fixture
def photo_id(services: Services) -> str:
    photo = bottle_on_white()[0]
    return services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                               width=photo.width, height=photo.height).id


def store_of(store: AssetStore, asset_id: str) -> tuple[str, dict[str, Any]]:
    """The c2pa Reader's validation state and whole manifest store of a stored asset."""
    asset = store.get(asset_id)
    with c2pa.Reader(asset.mime, io.BytesIO(store.read(asset_id))) as reader:
        return reader.get_validation_state(), json.loads(reader.json())


def ingredients_of(store: AssetStore, asset_id: str) -> dict[str, dict[str, Any]]:
    """The active manifest's ingredients, by the asset id they name (a Valid manifest)."""
    state, data = store_of(store, asset_id)
    assert state == "Valid"
    manifest = data["manifests"][data["active_manifest"]]
    return {i["metadata"].get("com.adstudio.asset_id", i["title"]): i
            for i in manifest["ingredients"]}


def named_with_hash(store: AssetStore, found: dict[str, dict[str, Any]], asset_id: str) -> bool:
    ingredient = found.get(asset_id)
    return (ingredient is not None
            and ingredient["metadata"]["com.adstudio.sha256"] == store.get(asset_id).sha256)


def cutout_of(ctx: CapabilityContext, photo_id: str) -> str:
    (cutout,) = ctx.assets.derived(photo_id, "product_cutout", ctx.tenant)
    return cutout.id


def test_a_local_video_names_the_product_photo_and_its_cutout(
    ctx: CapabilityContext, photo_id: str
) -> None:
    board = registry()["write_storyboard"].invoke({"product_image": photo_id, "seconds": 6}, ctx)
    result = registry()["generate_video"].invoke({"storyboard_id": board.storyboard_id}, ctx)
    assert result.video is not None
    found = ingredients_of(ctx.assets, result.video.asset_id)
    cutout = cutout_of(ctx, photo_id)
    for asset_id in (board.storyboard_id, photo_id, cutout):
        assert named_with_hash(ctx.assets, found, asset_id), (asset_id, list(found))
    assert {i["relationship"] for i in found.values()} == {"componentOf"}


def test_a_live_image_names_the_ad_the_product_photo_and_its_cutout(
    ctx: CapabilityContext, photo_id: str
) -> None:
    ads = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    ad_id = ads.images[0].asset_id
    live = registry()["animate_image"].invoke({"asset_id": ad_id}, ctx)
    assert live.video is not None
    found = ingredients_of(ctx.assets, live.video.asset_id)
    for asset_id in (ad_id, photo_id, cutout_of(ctx, photo_id)):
        assert named_with_hash(ctx.assets, found, asset_id), (asset_id, list(found))
    assert ctx.assets.get(live.video.asset_id).parents == [ad_id]  # "live image of #n"


def test_a_signed_cutouts_manifest_travels_inside_the_ad(
    ctx: CapabilityContext, photo_id: str
) -> None:
    ads = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    cutout = ctx.assets.get(cutout_of(ctx, photo_id))
    found = ingredients_of(ctx.assets, ads.images[0].asset_id)
    label = cutout.parameters["provenance"]["manifest"]
    assert found[cutout.id]["active_manifest"] == label
    _, data = store_of(ctx.assets, ads.images[0].asset_id)
    assert label in data["manifests"]
    assert "active_manifest" not in found[photo_id]  # the plain upload had none to carry


def signed_upload(tmp_path: Path) -> tuple[bytes, str]:
    """A product photo that carries another tool's Content Credentials, and their label."""
    photo = bottle_on_white()[0]
    camera = ManifestSigner(local_identity(tmp_path / "camera"))
    signed = camera.sign(encode_png(photo), "image/png", ManifestFacts(
        title="bottle.png", tool="camera", engine="local", source_type=CAPTURE))
    return signed.data, signed.label


def test_an_uploads_content_credentials_reach_the_ad_made_from_it(
    ctx: CapabilityContext, services: Services, tmp_path: Path
) -> None:
    data, label = signed_upload(tmp_path)
    photo = store_image(services.assets, data, filename="bottle.png", tenant="default",
                        kind="product_photo", max_bytes=20_000_000, max_pixels=40_000_000)
    ads = registry()["generate_ad_images"].invoke({"product_image": photo.id, "n": 1}, ctx)
    state, store = store_of(ctx.assets, ads.images[0].asset_id)
    assert state == "Valid"
    assert label in store["manifests"]  # the upload's manifest is in the ad's chain
    manifest = store["manifests"][store["active_manifest"]]
    (carried,) = [i for i in manifest["ingredients"] if i.get("active_manifest") == label]
    assert carried["relationship"] == "componentOf"
    assert carried["metadata"]["com.adstudio.sha256"] != photo.sha256  # the upload as sent
    camera = store["manifests"][label]
    assert camera["claim_generator_info"][0]["name"] == "adstudio"  # the test's own signer
    assert photo.parameters["provenance"]["uploaded_manifest"] == label


def test_an_upload_without_credentials_records_none(
    services: Services
) -> None:
    photo = store_image(services.assets, encode_png(bottle_on_white()[0]), filename="p.png",
                        tenant="default", kind="product_photo", max_bytes=20_000_000,
                        max_pixels=40_000_000)
    assert "provenance" not in photo.parameters
    assert [a.kind for a in services.assets.list("default")] == ["product_photo"]


def test_an_upload_stored_as_sent_passes_on_the_manifest_it_carries(
    ctx: CapabilityContext, services: Services, tmp_path: Path
) -> None:
    data, label = signed_upload(tmp_path)  # the CLI's animate and video store a photo as is
    photo = services.assets.put(data, kind="product_photo", mime="image/png")
    assert services.assets.read(photo.id) == data
    board = registry()["write_storyboard"].invoke({"product_image": photo.id, "seconds": 6}, ctx)
    result = registry()["generate_video"].invoke({"storyboard_id": board.storyboard_id}, ctx)
    assert result.video is not None
    state, store = store_of(ctx.assets, result.video.asset_id)
    assert state == "Valid" and label in store["manifests"]
    found = ingredients_of(ctx.assets, result.video.asset_id)
    assert found[photo.id]["active_manifest"] == label
