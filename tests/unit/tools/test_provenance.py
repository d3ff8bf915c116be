"""Every image and video a capability stores carries a manifest the c2pa Reader validates."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
from pathlib import Path
from typing import Any

import c2pa
import numpy as np
import pytest
from PIL import Image

from core.errors import ConfigurationError
from core.images import encode_png
from core.provenance.fingerprint import Fingerprint, fingerprint_bytes
from core.provenance.identity import SigningIdentity, local_identity
from core.provenance.manifest import ManifestFacts, ManifestSigner
from core.provenance.reader import NoManifestError, read_provenance
from core.storage.assets import AssetStore
from engines.local.encoding.encode import write_video
from evals.recipes import bottle_on_white
from tools.provenance import MarkedAssetStore, find_originals
from tools.sdk import CapabilityContext, registry
from tools.services import Services

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return dataclasses.replace(services.capability_context("default"), max_variations=1)


@pytest.fixture
def photo_id(services: Services) -> str:
    photo = bottle_on_white()[0]
    return services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                               width=photo.width, height=photo.height).id


def manifest_of(store: AssetStore, asset_id: str) -> tuple[str, dict[str, Any]]:
    """The c2pa Reader's validation state and active manifest of a stored asset."""
    asset = store.get(asset_id)
    with c2pa.Reader(asset.mime, io.BytesIO(store.read(asset_id))) as reader:
        data = json.loads(reader.json())
        state = reader.get_validation_state()
    return state, data["manifests"][data["active_manifest"]]


def main_action(manifest: dict[str, Any]) -> dict[str, Any]:
    found = [a for a in manifest["assertions"] if a["label"].startswith("c2pa.actions")]
    return dict(found[0]["data"]["actions"][-1])


def test_a_generated_ad_is_signed_with_its_tool_engine_source_and_ingredients(
    ctx: CapabilityContext, photo_id: str
) -> None:
    result = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    ad = ctx.assets.get(result.images[0].asset_id)
    state, manifest = manifest_of(ctx.assets, ad.id)
    assert state == "Valid"
    action = main_action(manifest)
    assert action["action"] == "c2pa.created"
    assert action["parameters"]["tool"] == "generate_ad_images"
    assert action["parameters"]["engine"] == "local"
    assert action["digitalSourceType"] == IPTC + "compositeSynthetic"
    ingredients = {i["metadata"]["com.adstudio.asset_id"]: i for i in manifest["ingredients"]}
    photo = ctx.assets.get(photo_id)
    assert ingredients[photo_id]["metadata"]["com.adstudio.sha256"] == photo.sha256
    assert ingredients[photo_id]["relationship"] == "componentOf"
    cutout = next(p for p in ad.parents if p != photo_id)
    assert ctx.assets.get(cutout).kind == "product_cutout" and cutout in ingredients
    checks = next(a["data"] for a in manifest["assertions"]
                  if a["label"] == "com.adstudio.checks")
    assert checks["guardrail_decision"] == "not configured" and checks["image_policy"]
    assert checks["text_policy"] == ctx.policy.version
    record = ad.parameters["provenance"]
    assert record["manifest"] == manifest["label"] and record["local_identity"] is True
    assert record["source_type"] == IPTC + "compositeSynthetic"
    # the cutout it was made from is signed as an enhanced (matted) photo
    cutout_state, cutout_manifest = manifest_of(ctx.assets, cutout)
    assert cutout_state == "Valid"
    assert main_action(cutout_manifest)["digitalSourceType"] == IPTC + "algorithmicallyEnhanced"


def test_an_edit_lists_the_ad_it_edits_as_its_parent(
    ctx: CapabilityContext, photo_id: str
) -> None:
    made = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    ad_id = made.images[0].asset_id
    edited = registry()["edit_image"].invoke({"asset_id": ad_id, "brightness": 0.3}, ctx)
    state, manifest = manifest_of(ctx.assets, edited.image.asset_id)
    assert state == "Valid"
    parents = [i for i in manifest["ingredients"] if i["relationship"] == "parentOf"]
    assert [p["metadata"]["com.adstudio.asset_id"] for p in parents] == [ad_id]
    assert parents[0]["active_manifest"] == ctx.assets.get(ad_id).parameters["provenance"][
        "manifest"]  # the ad's own manifest travels with the edit
    assert main_action(manifest)["action"] == "c2pa.edited"
    assert main_action(manifest)["parameters"]["tool"] == "edit_image"


def test_uploads_stay_as_the_advertiser_sent_them(services: Services, photo_id: str) -> None:
    photo = services.assets.get(photo_id)
    assert "provenance" not in photo.parameters
    assert services.assets.read(photo_id) == encode_png(bottle_on_white()[0])


def test_a_bedrock_painted_scene_is_a_composite_with_trained_media(
    services: Services, photo_id: str
) -> None:
    png = encode_png(bottle_on_white()[0].resize((64, 64)))
    painted = services.assets.put(
        png, kind="ad_image", mime="image/png", parents=[photo_id],
        capability="generate_ad_images",
        parameters={"engine": "bedrock-stability", "models": ["stability.sd3-5-large-v1:0"],
                    "calls": [{"unit": "image", "model": "stability.sd3-5-large-v1:0"}]},
    )
    state, manifest = manifest_of(services.assets, painted.id)
    action = main_action(manifest)
    assert state == "Valid"
    assert action["digitalSourceType"] == IPTC + "compositeWithTrainedAlgorithmicMedia"
    assert action["parameters"]["engine"] == "bedrock"
    assert action["parameters"]["models"] == ["stability.sd3-5-large-v1:0"]


def test_when_signing_fails_the_image_is_stored_unsigned_and_the_reason_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> SigningIdentity:
        raise ConfigurationError("The provenance signing certificate or key cannot be read.")

    store = MarkedAssetStore(tmp_path / "assets", broken)
    png = encode_png(bottle_on_white()[0].resize((64, 64)))
    with caplog.at_level(logging.ERROR, logger="tools.provenance"):
        asset = store.put(png, kind="ad_image", mime="image/png",
                          capability="generate_ad_images")
    assert store.read(asset.id) == png  # the ad is kept, as it was
    assert "cannot be read" in asset.parameters["provenance"]["error"]
    assert "stored unsigned" in caplog.text and "cannot be read" in caplog.text


def tiny_mp4(tmp_path: Path) -> bytes:
    """Twelve 64x64 frames as an MP4 (H.264), written by adstudio's own encoder."""
    frames = [np.full((64, 64, 3), 20 * i, np.uint8) for i in range(12)]
    video = write_video(iter(frames), total=12, fps=12, out_dir=tmp_path, stem="clip",
                        preview=False)
    return video.mp4.read_bytes()


def test_a_live_image_is_signed_and_keeps_the_ads_source_type(
    services: Services, photo_id: str, tmp_path: Path
) -> None:
    ad = services.assets.put(encode_png(bottle_on_white()[0].resize((64, 64))),
                             kind="ad_image", mime="image/png", parents=[photo_id],
                             capability="generate_ad_images", parameters={"engine": "local"})
    live = services.assets.put(tiny_mp4(tmp_path), kind="live_image", mime="video/mp4",
                               parents=[ad.id], capability="animate_image")
    state, manifest = manifest_of(services.assets, live.id)
    action = main_action(manifest)
    assert state == "Valid" and action["action"] == "c2pa.created"
    assert action["parameters"] == {"tool": "animate_image", "engine": "local"}
    assert action["digitalSourceType"] == IPTC + "compositeSynthetic"
    (ingredient,) = manifest["ingredients"]
    assert ingredient["metadata"]["com.adstudio.asset_id"] == ad.id


def test_a_bedrock_video_model_clip_is_fully_generated_media(
    services: Services, photo_id: str, tmp_path: Path
) -> None:
    clip = services.assets.put(
        tiny_mp4(tmp_path), kind="video", mime="video/mp4", parents=[photo_id],
        capability="generate_video",
        parameters={"engine": "luma-ray2", "model_id": "luma.ray-v2:0", "job_id": "j1"},
    )
    state, manifest = manifest_of(services.assets, clip.id)
    action = main_action(manifest)
    assert state == "Valid"
    assert action["digitalSourceType"] == IPTC + "trainedAlgorithmicMedia"
    assert action["parameters"] == {"tool": "generate_video", "engine": "bedrock",
                                    "models": ["luma.ray-v2:0"]}


def test_a_clip_the_model_signed_itself_keeps_its_own_manifest(
    services: Services, tmp_path: Path
) -> None:
    theirs = ManifestSigner(local_identity(tmp_path / "model-provider")).sign(
        tiny_mp4(tmp_path), "video/mp4", ManifestFacts(
            title="clip.mp4", tool="text-to-video", engine="bedrock",
            source_type=IPTC + "trainedAlgorithmicMedia"))
    clip = services.assets.put(theirs.data, kind="video", mime="video/mp4",
                               capability="generate_video",
                               parameters={"engine": "nova-reel", "model_id": "amazon.nova"})
    assert services.assets.read(clip.id) == theirs.data  # not re-signed, not replaced
    assert clip.parameters["provenance"]["kept_manifest"] == theirs.label
    assert "manifest" not in clip.parameters["provenance"]


def test_a_copy_stripped_of_its_manifest_is_traced_to_its_ad_by_its_fingerprint(
    services: Services, ctx: CapabilityContext, photo_id: str
) -> None:
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "seed": 2}, ctx).images[0]
    warmer = registry()["edit_image"].invoke({"asset_id": made.asset_id, "warmth": 0.35}, ctx)
    record = services.assets.get(made.asset_id).parameters["provenance"]
    assert Fingerprint.from_record(record["fingerprint"]) is not None
    # what a platform does to an upload: smaller, JPEG, and the manifest gone
    image = Image.open(services.assets.path(made.asset_id)).convert("RGB")
    out = io.BytesIO()
    image.resize((image.width // 2, image.height // 2)).save(out, "JPEG", quality=70)
    copy = out.getvalue()
    with pytest.raises(NoManifestError):
        read_provenance(copy)
    found = find_originals(services.assets, copy, "default")
    # the ad itself: not its warmer version, nor the product photo (an upload, never marked)
    assert [o.asset.id for o in found] == [made.asset_id]
    assert warmer.image.asset_id != made.asset_id
    assert found[0].bits <= 4 and found[0].colour < 2.0
    assert find_originals(services.assets, copy, "globex") == []  # another tenant's store


def test_an_ads_fingerprint_from_memory_is_the_one_its_stored_file_gives(
    services: Services, ctx: CapabilityContext, photo_id: str
) -> None:
    # store_ad hands the store the fingerprint of the image it has decoded already (no
    # second decode); it must be exactly what the stored, signed file decodes to
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "seed": 3}, ctx).images[0]
    recorded = services.assets.get(made.asset_id).parameters["provenance"]["fingerprint"]
    assert recorded == fingerprint_bytes(services.assets.read(made.asset_id)).as_record()


# --- a remote model's clip with the AI label drawn on it (issue 26) ---------------------------


def model_clip(tmp_path: Path, signer: ManifestSigner | None) -> tuple[bytes, str | None]:
    """A 320x180 clip as a video model sends it (signed by ``signer``), and its manifest label."""
    from fractions import Fraction

    from tests.unit.engines.local.video.test_relabel import model_mp4

    clip = model_mp4(tmp_path / "output.mp4", Fraction(24))
    if signer is None:
        return clip, None
    theirs = signer.sign(clip, "video/mp4", ManifestFacts(
        title="output.mp4", tool="text-to-video", engine="bedrock",
        source_type=IPTC + "trainedAlgorithmicMedia"))
    return theirs.data, theirs.label


def labelled_clip(services: Services, tmp_path: Path, original: bytes) -> str:
    """The id of ``original`` labelled and stored as a Bedrock video job stores it."""
    from engines.local.video.relabel import label_video

    return services.assets.put(
        label_video(original, "AI-generated", tmp_path / "work"), kind="video",
        mime="video/mp4", capability="animate_image", original=original,
        parameters={"engine": "nova-reel", "model_id": "amazon.nova-reel-v1:1",
                    "ai_label": "AI-generated"},
    ).id


def test_a_labelled_clip_carries_the_models_clip_and_its_manifest_as_its_parent(
    services: Services, tmp_path: Path
) -> None:
    import hashlib

    from core.provenance.reader import read_provenance

    provider = ManifestSigner(local_identity(tmp_path / "model-provider"))
    original, theirs = model_clip(tmp_path, provider)
    clip_id = labelled_clip(services, tmp_path, original)
    data = services.assets.read(clip_id)
    with c2pa.Reader("video/mp4", io.BytesIO(data)) as reader:
        store = json.loads(reader.json())
        state = reader.get_validation_state()
    assert state == "Valid"
    manifest = store["manifests"][store["active_manifest"]]
    (parent,) = [i for i in manifest["ingredients"] if i["relationship"] == "parentOf"]
    assert parent["active_manifest"] == theirs  # the model's manifest travels in the new file
    assert theirs in store["manifests"]
    assert store["manifests"][theirs]["title"] == "output.mp4"
    assert parent["metadata"]["com.adstudio.sha256"] == hashlib.sha256(original).hexdigest()
    actions = [a for a in manifest["assertions"] if a["label"].startswith("c2pa.actions")]
    steps = actions[0]["data"]["actions"]
    assert [s["action"] for s in steps] == ["c2pa.opened", "c2pa.edited"]
    assert "AI-generated" in steps[1]["description"]  # what the edit was: the label drawn
    assert steps[1]["parameters"]["models"] == ["amazon.nova-reel-v1:1"]
    assert steps[1]["digitalSourceType"] == IPTC + "trainedAlgorithmicMedia"
    seen = read_provenance(data, "video/mp4")
    assert seen.state == "valid" and seen.ingredients[0].relationship == "parentOf"
    assert seen.ingredients[0].signed and seen.ingredients[0].manifest == theirs
    assert seen.ingredients[0].signer == "adstudio local signer"  # the provider's identity
    record = services.assets.get(clip_id).parameters["provenance"]
    assert record["manifest"] == store["active_manifest"]


def test_a_labelled_clip_whose_model_did_not_sign_it_names_it_by_its_hash(
    services: Services, tmp_path: Path
) -> None:
    import hashlib

    original, _ = model_clip(tmp_path, None)
    clip_id = labelled_clip(services, tmp_path, original)
    state, manifest = manifest_of(services.assets, clip_id)
    assert state == "Valid"
    (parent,) = [i for i in manifest["ingredients"] if i["relationship"] == "parentOf"]
    assert "active_manifest" not in parent
    assert parent["metadata"]["com.adstudio.sha256"] == hashlib.sha256(original).hexdigest()
    assert parent["format"] == "video/mp4"
    assert main_action(manifest)["action"] == "c2pa.edited"


def test_a_models_file_c2pa_cannot_read_is_still_named_by_its_hash(
    services: Services, tmp_path: Path
) -> None:
    # the labelled video is signed all the same: its parent is described, not read
    import hashlib

    clip, _ = model_clip(tmp_path, None)
    unreadable = b"\x00\x00\x00\x08free" + b"not a box" * 8
    asset = services.assets.put(
        clip, kind="video", mime="video/mp4", capability="animate_image", original=unreadable,
        parameters={"engine": "luma-ray2", "model_id": "luma.ray-v2:0",
                    "ai_label": "AI-generated"},
    )
    assert "manifest" in asset.parameters["provenance"]
    state, manifest = manifest_of(services.assets, asset.id)
    assert state == "Valid"
    (parent,) = [i for i in manifest["ingredients"] if i["relationship"] == "parentOf"]
    assert parent["metadata"]["com.adstudio.sha256"] == hashlib.sha256(unreadable).hexdigest()
    assert "active_manifest" not in parent
