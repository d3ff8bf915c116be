"""`adstudio verify FILE`: what a manifest states, and exit codes 0 valid, 1 invalid, 2 none."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from cli.app import app
from core.images import encode_png
from core.provenance import sources
from core.provenance.identity import local_identity
from core.provenance.manifest import Ingredient, ManifestFacts, ManifestSigner
from core.settings import get_settings
from evals.recipes import bottle_on_white
from tools.sdk import registry
from tools.services import build_services


def png(color: tuple[int, int, int] = (30, 160, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 48), color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def signed(tmp_path: Path) -> Path:
    """An ad signed with the local identity, made from a product photo."""
    photo = tmp_path / "photo.png"
    photo.write_bytes(png((5, 5, 5)))
    facts = ManifestFacts(
        title="ad_image.png", tool="generate_ad_images", engine="local",
        source_type=sources.COMPOSITE_SYNTHETIC,
        ingredients=(Ingredient(photo, "image/png", "img_photo1", "product_photo", "f0" * 32),),
        checks={"guardrail_decision": "not configured"},
    )
    path = tmp_path / "ad.png"
    path.write_bytes(ManifestSigner(local_identity(tmp_path / "data")).sign(
        png(), "image/png", facts).data)
    return path


def test_a_signed_ad_is_valid_and_says_who_what_and_from_what(signed: Path) -> None:
    result = CliRunner().invoke(app, ["verify", str(signed)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "ad.png: valid, but the signer is not on a trust list" in out
    assert "signed by:    adstudio local signer, adstudio local signing identity" in out
    assert "unchanged:    yes" in out
    assert "source type:  compositeSynthetic" in out
    assert "action:       c2pa.created (tool generate_ad_images; engine local" in out
    assert f"ingredient:   componentOf img_photo1 (product_photo) (sha256 {'f0' * 32})" in out
    assert "check:        guardrail_decision = not configured" in out


def test_json_gives_the_same_facts(signed: Path) -> None:
    result = CliRunner().invoke(app, ["verify", "--json", str(signed)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["state"] == "valid" and data["actions"][0]["tool"] == "generate_ad_images"
    assert data["ingredients"][0]["asset_id"] == "img_photo1"


def test_a_changed_file_exits_1(signed: Path) -> None:
    data = signed.read_bytes()
    at = data.index(b"IDAT") + 8
    signed.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:])
    result = CliRunner().invoke(app, ["verify", str(signed)])
    assert result.exit_code == 1, result.output
    assert "INVALID" in result.output and "unchanged:    NO" in result.output
    assert "dataHash.mismatch" in result.output


def test_no_manifest_or_no_file_exits_2(tmp_path: Path) -> None:
    plain = tmp_path / "plain.png"
    plain.write_bytes(png())
    result = CliRunner().invoke(app, ["verify", str(plain)])
    assert result.exit_code == 2 and "no C2PA manifest" in result.output
    missing = CliRunner().invoke(app, ["verify", str(tmp_path / "nope.png")])
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_a_stripped_copy_names_the_stored_ad_it_was_made_from(tmp_path: Path) -> None:
    services = build_services(get_settings())  # the data dir verify reads (ADSTUDIO_DATA_DIR)
    photo = bottle_on_white()[0]
    photo_id = services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                                   width=photo.width, height=photo.height).id
    ctx = dataclasses.replace(services.capability_context("default"), max_variations=1)
    ad = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "seed": 5}, ctx).images[0]
    copy = tmp_path / "from-the-feed.jpg"  # re-encoded by a platform: no manifest any more
    Image.open(services.assets.path(ad.asset_id)).convert("RGB").save(copy, "JPEG", quality=60)

    result = CliRunner().invoke(app, ["verify", str(copy)])
    assert result.exit_code == 2, result.output
    assert "no C2PA manifest" in result.output
    record = services.assets.get(ad.asset_id).parameters["provenance"]
    assert f"{ad.asset_id}: ad_image made " in result.output
    assert f"signed, manifest {record['manifest']}" in result.output

    as_json = CliRunner().invoke(app, ["verify", "--json", str(copy)])
    data = json.loads(as_json.stdout)
    assert data["manifest"] is None
    assert [o["asset_id"] for o in data["originals"]] == [ad.asset_id]
    assert data["originals"][0]["manifest_sha256"] == record["manifest_sha256"]

    other = tmp_path / "someone-elses.jpg"  # a picture this deployment never made
    Image.new("RGB", (300, 300), (200, 30, 30)).save(other, "JPEG")
    unknown = CliRunner().invoke(app, ["verify", str(other)])
    assert unknown.exit_code == 2 and "No image in this deployment's asset store" in unknown.output


def test_a_labelled_model_video_shows_the_models_clip_and_its_signer(tmp_path: Path) -> None:
    # the model's signed clip is the parent ingredient of the labelled copy's manifest
    from fractions import Fraction

    from tests.unit.engines.local.video.test_relabel import model_mp4

    clip = model_mp4(tmp_path / "output.mp4", Fraction(24), count=4)
    theirs = ManifestSigner(local_identity(tmp_path / "provider")).sign(
        clip, "video/mp4", ManifestFacts(title="output.mp4", tool="text-to-video",
                                         engine="bedrock", source_type=sources.TRAINED))
    original = tmp_path / "original.mp4"
    original.write_bytes(theirs.data)
    facts = ManifestFacts(
        title="video.mp4", tool="animate_image", engine="bedrock", source_type=sources.TRAINED,
        models=("amazon.nova-reel-v1:1",), edit="drew the AI label 'AI-generated' on every frame",
        ingredients=(Ingredient(original, "video/mp4", "", "model_video", "ab" * 32,
                                relationship="parentOf", signed=True,
                                title="amazon.nova-reel-v1:1's video, as the model made it"),),
    )
    labelled = tmp_path / "video.mp4"
    labelled.write_bytes(ManifestSigner(local_identity(tmp_path / "data")).sign(
        model_mp4(tmp_path / "relabelled.mp4", Fraction(24), count=4), "video/mp4", facts).data)
    result = CliRunner().invoke(app, ["verify", str(labelled)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "action:       c2pa.edited: drew the AI label 'AI-generated' on every frame" in out
    assert ("ingredient:   parentOf amazon.nova-reel-v1:1's video, as the model made it "
            f"(sha256 {'ab' * 32}, signed by adstudio local signer, manifest {theirs.label})"
            ) in out
