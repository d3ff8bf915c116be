"""An upload's Content Credentials never carry a camera's GPS or a thumbnail into ads.

A camera's C2PA manifest often holds an EXIF record (GPS position, serial number) and a
thumbnail of the uncropped original. The upload cleaner drops EXIF and GPS from the photo;
passing the chain on would put them back inside every published ad (review of session 32).
"""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import c2pa
import pytest

from core.images import encode_png
from core.provenance import sources
from core.provenance.identity import local_identity
from core.provenance.manifest import ManifestFacts, ManifestSigner, manifest_definition
from core.provenance.uploaded import private_parts
from core.storage.uploads import store_image
from evals.recipes import bottle_on_white
from tools.provenance import provenance_status
from tools.sdk import CapabilityContext, registry
from tools.services import Services

GPS = {"@context": {"exif": "http://ns.adobe.com/exif/1.0/"},
       "exif:GPSLatitude": "39,21.102N", "exif:GPSLongitude": "74,26.5737W",
       "exif:BodySerialNumber": "CAM-0042"}


def camera_photo(tmp_path: Path, *, with_gps: bool) -> tuple[bytes, str]:
    """A product photo signed as a camera would sign it, with or without an EXIF record."""
    facts = ManifestFacts(title="bottle.png", tool="camera", engine="local",
                          source_type=sources.IPTC + "digitalCapture")
    signer = ManifestSigner(local_identity(tmp_path / "camera"))
    if not with_gps:
        signed = signer.sign(encode_png(bottle_on_white()[0]), "image/png", facts)
        return signed.data, signed.label
    label = f"urn:c2pa:{uuid.uuid4()}"
    definition = manifest_definition(facts, label)
    definition["assertions"].append({"label": "stds.exif", "data": GPS})
    native, context = signer._ready()
    builder = c2pa.Builder(definition, context)
    out = io.BytesIO()
    try:
        builder.sign(native, "image/png", io.BytesIO(encode_png(bottle_on_white()[0])), out)
    finally:
        builder.close()
    return out.getvalue(), label


def chain_of(ctx: CapabilityContext, asset_id: str) -> dict[str, Any]:
    data = ctx.assets.read(asset_id)
    with c2pa.Reader("image/png", io.BytesIO(data)) as reader:
        return json.loads(reader.json())


def test_a_chain_with_gps_is_recorded_on_the_photo_but_never_reaches_the_ad(
    services: Services, tmp_path: Path
) -> None:
    data, label = camera_photo(tmp_path, with_gps=True)
    photo = store_image(services.assets, data, filename="bottle.png", tenant="default",
                        kind="product_photo", max_bytes=20_000_000, max_pixels=40_000_000)
    record = photo.parameters["provenance"]
    assert record["uploaded_manifest"] == label and record["carried"] is False
    assert "personal data" in provenance_status(photo.parameters)
    ctx = services.capability_context("default")
    ad = registry()["generate_ad_images"].invoke({"product_image": photo.id, "n": 1}, ctx)
    chain = chain_of(ctx, ad.images[0].asset_id)
    assert label not in chain["manifests"]
    assert "GPSLatitude" not in json.dumps(chain) and "CAM-0042" not in json.dumps(chain)


def test_a_photo_stored_as_sent_with_gps_in_its_chain_passes_none_of_it_on(
    services: Services, tmp_path: Path
) -> None:
    data, label = camera_photo(tmp_path, with_gps=True)
    photo = services.assets.put(data, kind="product_photo", mime="image/png")  # the CLI's way
    assert photo.parameters["provenance"] == {"uploaded_manifest": label, "carried": False}
    ctx = services.capability_context("default")
    ad = registry()["generate_ad_images"].invoke({"product_image": photo.id, "n": 1}, ctx)
    assert "GPSLatitude" not in json.dumps(chain_of(ctx, ad.images[0].asset_id))


def test_a_chain_without_personal_data_is_still_passed_on(
    services: Services, tmp_path: Path
) -> None:
    data, label = camera_photo(tmp_path, with_gps=False)
    photo = store_image(services.assets, data, filename="bottle.png", tenant="default",
                        kind="product_photo", max_bytes=20_000_000, max_pixels=40_000_000)
    assert photo.parameters["provenance"].get("carried") is not False
    ctx = services.capability_context("default")
    ad = registry()["generate_ad_images"].invoke({"product_image": photo.id, "n": 1}, ctx)
    assert label in chain_of(ctx, ad.images[0].asset_id)["manifests"]


@pytest.mark.parametrize(("manifest", "found"), [
    ({"assertions": [{"label": "stds.exif"}]}, ["exif"]),
    ({"assertions": [{"label": "stds.iptc.photo-metadata"}]}, ["photo-metadata"]),
    ({"thumbnail": {"format": "image/jpeg"}}, ["a thumbnail"]),
    ({"ingredients": [{"thumbnail": {"format": "image/jpeg"}}]}, ["a thumbnail"]),
    ({"assertions": [{"label": "c2pa.thumbnail.claim.jpeg"}]}, ["a thumbnail"]),
    ({"assertions": [{"label": "c2pa.actions.v2"}]}, []),
])
def test_private_parts_of_a_manifest_store(manifest: dict[str, Any], found: list[str]) -> None:
    assert private_parts({"manifests": {"urn:c2pa:x": manifest}}) == found
