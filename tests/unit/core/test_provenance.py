"""C2PA manifests: the signing identity, signing, and reading back with c2pa's own Reader."""

from __future__ import annotations

import io
import json
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import c2pa
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from PIL import Image

from core.errors import ConfigurationError
from core.provenance import sources
from core.provenance.identity import (
    LOCAL_IDENTITY_FILE,
    configured_identity,
    identity_status,
    local_identity,
)
from core.provenance.manifest import Ingredient, ManifestFacts, ManifestSigner
from core.provenance.reader import NoManifestError, manifest_label, read_provenance
from core.settings import ProvenanceSettings

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def encoded(fmt: str = "PNG", color: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    """A small image (signing cost grows with size; 96 px keeps these tests fast)."""
    out = io.BytesIO()
    Image.new("RGB", (96, 64), color).save(out, fmt)
    return out.getvalue()


def library_read(data: bytes, mime: str) -> tuple[str, dict[str, Any]]:
    """The validation state and active manifest, as the c2pa library's Reader gives them."""
    with c2pa.Reader(mime, io.BytesIO(data)) as reader:
        store = json.loads(reader.json())
        return reader.get_validation_state(), store["manifests"][store["active_manifest"]]


def actions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    found = [a for a in manifest["assertions"] if a["label"].startswith("c2pa.actions")]
    return list(found[0]["data"]["actions"])


@pytest.fixture
def signer(tmp_path: Path) -> ManifestSigner:
    return ManifestSigner(local_identity(tmp_path))


def test_the_local_identity_is_made_once_private_and_reused(tmp_path: Path) -> None:
    first = local_identity(tmp_path)
    again = local_identity(tmp_path)
    path = tmp_path / LOCAL_IDENTITY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (first.key_pem, first.chain_pem) == (again.key_pem, again.chain_pem)
    assert first.local and first.alg == "es256" and first.tsa_url is None
    assert first.chain_pem.count(b"BEGIN CERTIFICATE") == 2  # signer, then its CA
    assert "adstudio local signer" in first.subject


def test_the_local_identity_is_made_where_the_filesystem_has_no_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # as on some network mounts

    monkeypatch.setattr(os, "link", no_links)
    first = local_identity(tmp_path)
    again = local_identity(tmp_path)
    assert (first.key_pem, first.chain_pem) == (again.key_pem, again.chain_pem)
    path = tmp_path / LOCAL_IDENTITY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.rglob(".*")] == []  # no temporary file left behind


def test_threads_sign_at_once_each_with_its_own_native_signer(tmp_path: Path) -> None:
    shared = ManifestSigner(local_identity(tmp_path))
    facts = ManifestFacts(title="ad", tool="generate_ad_images", engine="local",
                          source_type=sources.COMPOSITE_SYNTHETIC)
    natives: set[int] = set()

    def sign(shade: int) -> tuple[str, bool]:
        signed = shared.sign(encoded(color=(shade, 40, 90)), "image/png", facts)
        natives.add(id(shared._local.signer))  # this thread's, made on its first signing
        read = read_provenance(signed.data, "image/png")
        return read.state, read.label == signed.label

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(sign, range(0, 240, 10)))
    assert set(results) == {("valid", True)}
    assert 1 < len(natives) <= 4  # no lock shared: one native signer per thread


def test_a_configured_chain_and_key_are_used_and_a_wrong_key_refused(tmp_path: Path) -> None:
    made = local_identity(tmp_path / "made")
    (tmp_path / "chain.pem").write_bytes(made.chain_pem)
    (tmp_path / "key.pem").write_bytes(made.key_pem)
    identity = configured_identity(tmp_path / "chain.pem", tmp_path / "key.pem",
                                   "http://tsa.example")
    assert not identity.local and identity.alg == "es256"
    assert identity.tsa_url == "http://tsa.example"
    other = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    (tmp_path / "other.pem").write_bytes(other)
    with pytest.raises(ConfigurationError, match="does not belong"):
        configured_identity(tmp_path / "chain.pem", tmp_path / "other.pem")
    with pytest.raises(ConfigurationError, match="cannot be read"):
        configured_identity(tmp_path / "missing.pem", tmp_path / "key.pem")
    settings = ProvenanceSettings(cert_chain=tmp_path / "chain.pem",
                                  private_key=tmp_path / "key.pem")
    assert identity_status(settings, tmp_path).status == "ok"
    wrong = ProvenanceSettings(cert_chain=tmp_path / "chain.pem",
                               private_key=tmp_path / "other.pem")
    assert identity_status(wrong, tmp_path).status == "fail"
    half = identity_status(ProvenanceSettings(cert_chain=tmp_path / "chain.pem"), tmp_path)
    assert half.status == "fail" and "Only one" in half.detail


def test_without_a_certificate_doctor_warns_that_manifests_are_untrusted(tmp_path: Path) -> None:
    status = identity_status(ProvenanceSettings(), tmp_path)
    assert status.status == "warn" and "untrusted" in status.detail
    assert "ADSTUDIO_PROVENANCE_CERT_CHAIN" in status.fix
    assert not (tmp_path / LOCAL_IDENTITY_FILE).exists()  # doctor makes nothing


def test_a_created_ad_has_a_valid_manifest_with_its_facts(
    signer: ManifestSigner, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(encoded(color=(1, 2, 3)))
    facts = ManifestFacts(
        title="ad_image.png", tool="generate_ad_images", engine="bedrock",
        source_type=sources.COMPOSITE_WITH_TRAINED, models=("stability.sd3-5-large-v1:0",),
        ingredients=(Ingredient(photo, "image/png", "img_photo", "product_photo", "ab" * 32),),
        checks={"image_policy": "images-1", "guardrail_decision": "passed"},
    )
    signed = signer.sign(encoded(), "image/png", facts)
    state, manifest = library_read(signed.data, "image/png")
    assert state == "Valid"  # intact; "Trusted" only for a signer on a trust list
    assert manifest["label"] == signed.label and len(signed.manifest_sha256) == 64
    (created,) = actions(manifest)
    assert created["action"] == "c2pa.created"
    assert created["digitalSourceType"] == IPTC + "compositeWithTrainedAlgorithmicMedia"
    assert created["parameters"] == {"tool": "generate_ad_images", "engine": "bedrock",
                                     "models": ["stability.sd3-5-large-v1:0"]}
    (photo_ingredient,) = manifest["ingredients"]
    assert photo_ingredient["relationship"] == "componentOf"
    assert photo_ingredient["metadata"]["com.adstudio.sha256"] == "ab" * 32
    assert photo_ingredient["metadata"]["com.adstudio.asset_id"] == "img_photo"
    checks = [a for a in manifest["assertions"] if a["label"] == "com.adstudio.checks"]
    assert checks[0]["data"]["guardrail_decision"] == "passed"
    assert manifest["signature_info"]["common_name"] == "adstudio local signer"


def test_an_edit_names_its_signed_parent_and_embeds_its_manifest(
    signer: ManifestSigner, tmp_path: Path
) -> None:
    first = signer.sign(encoded(), "image/png", ManifestFacts(
        title="ad_image.png", tool="generate_ad_images", engine="local",
        source_type=sources.COMPOSITE_SYNTHETIC))
    parent = tmp_path / "ad.png"
    parent.write_bytes(first.data)
    edit = signer.sign(encoded(color=(9, 9, 9)), "image/png", ManifestFacts(
        title="ad_image.png", tool="edit_image", engine="local",
        source_type=sources.COMPOSITE_SYNTHETIC,
        ingredients=(Ingredient(parent, "image/png", "img_ad", "ad_image", "cd" * 32,
                                "parentOf", signed=True),)))
    state, manifest = library_read(edit.data, "image/png")
    assert state == "Valid"
    assert [a["action"] for a in actions(manifest)] == ["c2pa.opened", "c2pa.edited"]
    (ingredient,) = manifest["ingredients"]
    assert ingredient["relationship"] == "parentOf"
    assert ingredient["active_manifest"] == first.label  # the parent's own manifest travels
    read = read_provenance(edit.data)
    assert read.ingredients[0].asset_id == "img_ad" and read.ingredients[0].signed


@pytest.mark.parametrize(("fmt", "mime"), [("JPEG", "image/jpeg"), ("WEBP", "image/webp")])
def test_jpeg_and_webp_are_signed_too(signer: ManifestSigner, fmt: str, mime: str) -> None:
    facts = ManifestFacts(title="ad", tool="generate_ad_images", engine="local",
                          source_type=sources.COMPOSITE_SYNTHETIC)
    signed = signer.sign(encoded(fmt), mime, facts)
    assert library_read(signed.data, mime)[0] == "Valid"
    assert Image.open(io.BytesIO(signed.data)).size == (96, 64)  # still a readable image


def test_a_changed_byte_is_detected(signer: ManifestSigner) -> None:
    facts = ManifestFacts(title="ad", tool="generate_ad_images", engine="local",
                          source_type=sources.COMPOSITE_SYNTHETIC)
    signed = signer.sign(encoded(), "image/png", facts).data
    at = signed.index(b"IDAT") + 8  # inside the pixel data, not the manifest
    tampered = signed[:at] + bytes([signed[at] ^ 0x01]) + signed[at + 1:]
    assert library_read(tampered, "image/png")[0] == "Invalid"
    read = read_provenance(tampered, "image/png")
    assert read.state == "invalid" and not read.intact
    assert any("dataHash.mismatch" in problem for problem in read.problems)


def test_a_file_without_a_manifest_says_so() -> None:
    with pytest.raises(NoManifestError):
        read_provenance(encoded(), "image/png")


@pytest.mark.parametrize(
    ("kind", "generative", "captured", "inherited", "expected"),
    [
        ("ad_image", True, True, [], "compositeWithTrainedAlgorithmicMedia"),
        ("ad_image", True, False, [], "trainedAlgorithmicMedia"),
        ("ad_image", False, True, [], "compositeSynthetic"),
        ("product_cutout", False, True, [], "algorithmicallyEnhanced"),
        ("background_removed", False, True, [], "algorithmicallyEnhanced"),
        # a cutout of a photo a model retouched keeps the model's type
        ("product_cutout", False, True, [IPTC + "compositeWithTrainedAlgorithmicMedia"],
         "compositeWithTrainedAlgorithmicMedia"),
        # a local edit of a fully generated image is a composite with it
        ("ad_image", False, True, [IPTC + "trainedAlgorithmicMedia"],
         "compositeWithTrainedAlgorithmicMedia"),
    ],
)
def test_the_iptc_source_type_follows_what_made_the_pixels(
    kind: str, generative: bool, captured: bool, inherited: list[str], expected: str
) -> None:
    chosen = sources.source_type(kind, generative, captured_input=captured, inherited=inherited)
    assert chosen == IPTC + expected


def test_only_painting_calls_count_as_generative() -> None:
    assert sources.is_generative([{"unit": "image", "model": "amazon.nova-canvas-v1:0"}])
    assert sources.is_generative([{"unit": "outpaint", "model": "x"}])
    assert not sources.is_generative([{"unit": "cutout", "model": "x"}])  # a matte only
    assert not sources.is_generative([])


def test_a_video_models_whole_clip_is_trained_media_even_from_an_ad() -> None:
    chosen = sources.source_type("video", True, captured_input=True, whole=True,
                                 inherited=[IPTC + "compositeSynthetic"])
    assert chosen == IPTC + "trainedAlgorithmicMedia"


def test_manifest_label_finds_an_existing_manifest_only(signer: ManifestSigner) -> None:
    facts = ManifestFacts(title="ad", tool="generate_ad_images", engine="local",
                          source_type=sources.COMPOSITE_SYNTHETIC)
    signed = signer.sign(encoded(), "image/png", facts)
    assert manifest_label(signed.data, "image/png") == signed.label
    assert manifest_label(encoded(), "image/png") is None


def test_a_forked_worker_signs_with_its_own_signer(signer: ManifestSigner) -> None:
    facts = ManifestFacts(title="ad", tool="generate_ad_images", engine="local",
                          source_type=sources.COMPOSITE_SYNTHETIC)
    signer.sign(encoded(), "image/png", facts)  # the parent's native signer now exists
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # a batch worker forked from a process that signed before
        try:
            state = read_provenance(signer.sign(encoded(), "image/png", facts).data).state
            os.write(write_end, state.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as answer:
        assert answer.read() == b"valid"
