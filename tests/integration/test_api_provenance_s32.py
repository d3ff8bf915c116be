"""``GET /v1/assets/{id}/provenance`` tells the truth of an ad's ingredients (issue 26).

A signed cutout is reported signed (its manifest travels inside the ad), and a product
photo uploaded with Content Credentials passes them on to the ad made from it.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from core.images import encode_png
from core.provenance import sources
from core.provenance.identity import local_identity
from core.provenance.manifest import ManifestFacts, ManifestSigner
from evals.recipes import bottle_on_white

pytestmark = pytest.mark.integration


def made_ad(client: httpx.Client, photo: bytes) -> tuple[str, str]:
    """Upload ``photo`` and make one ad of it: the photo's and the ad's asset ids."""
    sent = client.post("/v1/assets", files={"file": ("p.png", photo, "image/png")})
    assert sent.status_code == 201, sent.text
    photo_id = sent.json()["id"]
    made = client.post("/v1/capabilities/generate_ad_images",
                       json={"product_image": photo_id, "n": 1})
    assert made.status_code == 200, made.text
    return photo_id, made.json()["images"][0]["asset_id"]


def test_a_signed_cutout_in_an_ad_is_reported_signed_with_its_manifest(
    alice: httpx.Client
) -> None:
    photo_id, ad_id = made_ad(alice, encode_png(bottle_on_white()[0]))
    body = alice.get(f"/v1/assets/{ad_id}/provenance").json()
    assert body["status"] == "valid"
    by_id = {i["asset_id"]: i for i in body["manifest"]["ingredients"]}
    cutout_id = next(p for p in alice.get(f"/v1/assets/{ad_id}").json()["parents"]
                     if p != photo_id)
    cutout = alice.get(f"/v1/assets/{cutout_id}/provenance").json()
    assert cutout["status"] == "valid"  # the cutout's own file is signed and intact
    assert by_id[cutout_id]["signed"] is True
    assert by_id[cutout_id]["manifest"] == cutout["manifest"]["label"]
    assert by_id[cutout_id]["stored"] == "signed (local identity, untrusted)"
    assert by_id[photo_id]["signed"] is False and by_id[photo_id]["stored"] == "unsigned"


def test_an_uploads_content_credentials_are_in_the_ads_chain(
    alice: httpx.Client, tmp_path: Path
) -> None:
    camera = ManifestSigner(local_identity(tmp_path))
    signed = camera.sign(encode_png(bottle_on_white()[0]), "image/png", ManifestFacts(
        title="p.png", tool="camera", engine="local",
        source_type=sources.IPTC + "digitalCapture"))
    photo_id, ad_id = made_ad(alice, signed.data)
    photo = alice.get(f"/v1/assets/{photo_id}/provenance").json()
    assert photo["status"] == "unsigned"  # the stored, cleaned copy carries no manifest
    assert photo["recorded"]["uploaded_manifest"] == signed.label
    body = alice.get(f"/v1/assets/{ad_id}/provenance").json()
    assert body["status"] == "valid"
    carried = [i for i in body["manifest"]["ingredients"] if i["manifest"] == signed.label]
    assert len(carried) == 1 and carried[0]["signed"] is True
    assert carried[0]["kind"] == "uploaded_original"
