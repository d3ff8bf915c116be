"""``GET /v1/assets/{id}/provenance`` on the live API: the manifest, validated, per tenant."""

from __future__ import annotations

import httpx
import pytest

from agent.runtime import AgentRuntime
from core.images import encode_png
from evals.recipes import bottle_on_white

pytestmark = pytest.mark.integration
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def test_an_ad_has_a_valid_manifest_an_upload_none_and_another_tenant_404(
    alice: httpx.Client, bob: httpx.Client
) -> None:
    photo = bottle_on_white()[0]
    sent = alice.post("/v1/assets", files={"file": ("p.png", encode_png(photo), "image/png")})
    photo_id = sent.json()["id"]
    made = alice.post("/v1/capabilities/generate_ad_images",
                      json={"product_image": photo_id, "n": 1})
    assert made.status_code == 200, made.text
    ad_id = made.json()["images"][0]["asset_id"]

    answer = alice.get(f"/v1/assets/{ad_id}/provenance")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["asset_id"] == ad_id and body["status"] == "valid"
    manifest = body["manifest"]
    assert manifest["signer"] == "adstudio local signer"
    assert manifest["source_type"] == IPTC + "compositeSynthetic"
    assert [a["action"] for a in manifest["actions"]] == ["c2pa.created"]
    assert manifest["actions"][0]["tool"] == "generate_ad_images"
    photo_sha = alice.get(f"/v1/assets/{photo_id}").json()["sha256"]
    assert {"asset_id": photo_id, "sha256": photo_sha, "relationship": "componentOf"}.items() \
        <= next(i for i in manifest["ingredients"] if i["asset_id"] == photo_id).items()
    assert body["recorded"]["manifest"] == manifest["label"]

    upload = alice.get(f"/v1/assets/{photo_id}/provenance").json()
    assert upload["status"] == "unsigned" and upload["manifest"] is None

    for asset_id in (ad_id, photo_id, "img_0000000000"):
        refused = bob.get(f"/v1/assets/{asset_id}/provenance")
        assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"


def test_an_asset_whose_bytes_storage_lost_is_a_clear_404_not_a_crash(
    alice: httpx.Client, runtime: AgentRuntime
) -> None:
    photo = bottle_on_white()[0]
    made = alice.post("/v1/capabilities/generate_ad_images", json={
        "product_image": alice.post("/v1/assets", files={
            "file": ("p.png", encode_png(photo), "image/png")}).json()["id"], "n": 1})
    ad_id = made.json()["images"][0]["asset_id"]
    runtime.services.assets.path(ad_id).unlink()  # a data dir cleaned by hand

    for route in (f"/v1/assets/{ad_id}/provenance", f"/v1/assets/{ad_id}/content"):
        answer = alice.get(route)
        assert answer.status_code == 404, (route, answer.text)
        error = answer.json()["error"]
        assert error["code"] == "content_missing" and ad_id in error["message"]
        assert "make the asset again" in error["hint"]
    assert alice.get(f"/v1/assets/{ad_id}").status_code == 200  # its record is kept
