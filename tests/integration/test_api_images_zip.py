"""GET /v1/threads/{id}/images.zip on the live HTTP API: the thread's ads, for its tenant only."""

from __future__ import annotations

import csv
import io
import zipfile

import httpx
import pytest

from core.images import encode_png
from evals.recipes import bottle_on_white
from tests.servers import ApiServer

pytestmark = pytest.mark.integration
BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign"


def test_a_threads_ads_come_as_one_zip_for_its_owner_only(
    api: ApiServer, alice: httpx.Client, bob: httpx.Client
) -> None:
    photo = alice.post("/v1/assets", files={"file": ("b.png", encode_png(bottle_on_white()[0]),
                                                     "image/png")}).json()["id"]
    thread = alice.post("/v1/threads", json={"title": "Bottle"}).json()["id"]
    empty = alice.get(f"/v1/threads/{thread}/images.zip")
    assert empty.status_code == 404 and empty.json()["error"]["code"] == "no_images"
    run = alice.post(f"/v1/threads/{thread}/messages", params={"mode": "wait"},
                     json={"text": BRIEF, "asset_ids": [photo]})
    assert run.status_code == 200, run.text
    ads = run.json()["asset_ids"]
    assert len(ads) == 4

    response = alice.get(f"/v1/threads/{thread}/images.zip")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith('attachment; filename="adstudio-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names[-1] == "manifest.csv" and len(names) == 5
    assert [n[:6] for n in names[:4]] == ["ad-01-", "ad-02-", "ad-03-", "ad-04-"]
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert [r["asset_id"] for r in rows] == ads  # made in this order, numbered #1 to #4
    for name, asset_id in zip(names, ads, strict=False):
        assert archive.read(name) == alice.get(f"/v1/assets/{asset_id}/content").content

    stolen = bob.get(f"/v1/threads/{thread}/images.zip")
    assert stolen.status_code == 404 and stolen.json()["error"]["code"] == "not_found"
    with httpx.Client(base_url=api.url) as anonymous:
        assert anonymous.get(f"/v1/threads/{thread}/images.zip").status_code == 401
    assert alice.get("/v1/threads/nope/images.zip").status_code == 404


def test_after_an_edit_the_zip_holds_the_latest_versions_and_all_true_every_numbered_ad(
    alice: httpx.Client,
) -> None:
    photo = alice.post("/v1/assets", files={"file": ("b.png", encode_png(bottle_on_white()[0]),
                                                     "image/png")}).json()["id"]
    thread = alice.post("/v1/threads", json={"title": "Bottle"}).json()["id"]
    made = alice.post(f"/v1/threads/{thread}/messages", params={"mode": "wait"},
                      json={"text": BRIEF, "asset_ids": [photo]})
    assert made.status_code == 200, made.text
    ads = made.json()["asset_ids"]
    edit = alice.post(f"/v1/threads/{thread}/messages", params={"mode": "wait"},
                      json={"text": "make #1 darker"})
    assert edit.status_code == 200, edit.text
    darker = edit.json()["asset_ids"]
    assert len(darker) == 1  # #5

    latest = zipfile.ZipFile(io.BytesIO(alice.get(f"/v1/threads/{thread}/images.zip").content))
    rows = list(csv.DictReader(io.StringIO(latest.read("manifest.csv").decode())))
    assert [r["number"] for r in rows] == ["2", "3", "4", "5"]  # as before: #1 is now #5
    assert all(r["file"].startswith("ad-") and r["file"].endswith(".png") for r in rows)
    everything = zipfile.ZipFile(io.BytesIO(alice.get(f"/v1/threads/{thread}/images.zip",
                                                      params={"all": "true"}).content))
    rows = list(csv.DictReader(io.StringIO(everything.read("manifest.csv").decode())))
    assert [(r["number"], r["asset_id"]) for r in rows] == [
        (str(n), asset_id) for n, asset_id in enumerate([*ads, *darker], 1)
    ]
