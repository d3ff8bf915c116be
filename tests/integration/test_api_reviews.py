"""Human review over the live HTTP API: runs, items, ratings, agreement, CSV, tenancy."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from agent.runtime import AgentRuntime
from core.settings import Settings
from evals.reviews.runs import evals_dir
from tests.review_fixtures import write_run
from tests.servers import ApiServer, serve_api

pytestmark = pytest.mark.integration


@pytest.fixture
def run_dir(keyed: Settings) -> Path:
    """Alice's run (two scenarios, a video in each trial) beside one of the default tenant."""
    write_run(evals_dir(keyed.data_dir), "deployment-run")
    return write_run(evals_dir(keyed.data_dir), "alice-run", {"bottle": 2, "mug": 1},
                     video=True, tenant="alice")


@pytest.fixture
def api(keyed: Settings, runtime: AgentRuntime, run_dir: Path) -> Iterator[ApiServer]:
    with serve_api(runtime, settings=keyed) as server:
        yield server


def rate(client: httpx.Client, item: str, reviewer: str, criterion: str,
         score: int) -> httpx.Response:
    return client.post(f"/v1/reviews/items/{item}/ratings",
                       json={"reviewer": reviewer, "criterion": criterion, "score": score})


def test_review_a_run_from_import_to_csv(alice: httpx.Client, run_dir: Path) -> None:
    runs = alice.get("/v1/reviews/runs").json()
    assert [(r["run_id"], r["imported"], r["scenarios"]) for r in runs] == [
        ("alice-run", False, ["bottle", "mug"])]
    imported = alice.post("/v1/reviews/runs/alice-run/import").json()
    assert (imported["items"], imported["added"], imported["skipped"]) == (5, 5, [])
    assert alice.post("/v1/reviews/runs/alice-run/import").json()["added"] == 0

    page = alice.get("/v1/reviews/runs/alice-run/items").json()
    items = page["items"]
    assert [(i["scenario"], i["kind"]) for i in items] == [
        ("bottle", "image"), ("bottle", "image"), ("bottle", "video"), ("mug", "image"),
        ("mug", "video")]
    image, video = items[0], items[2]
    with httpx.Client(timeout=30) as anonymous:  # the signed URL needs no key
        got = anonymous.get(image["url"])
        assert got.headers["content-type"] == "image/png"
        assert got.content == (run_dir / image["path"]).read_bytes()
        clip = anonymous.get(video["url"], headers={"Range": "bytes=0-99"})
        assert clip.status_code == 206 and clip.headers["content-type"] == "video/mp4"
        assert clip.content == (run_dir / video["path"]).read_bytes()[:100]
        forged = anonymous.get(image["url"].replace(image["id"], items[1]["id"]))
        assert forged.status_code == 403

    for item, ana, ben in zip(items[:3], [1, 2, 3], [1, 3, 3], strict=True):
        assert rate(alice, item["id"], "ana", "brief_fit", 5).status_code == 201
        assert rate(alice, item["id"], "ana", "brief_fit", ana).json()["score"] == ana
        assert rate(alice, item["id"], "ben", "brief_fit", ben).status_code == 201
    preference = alice.post("/v1/reviews/preferences", json={
        "item_a": items[0]["id"], "item_b": items[1]["id"], "reviewer": "ana", "choice": "tie"})
    assert preference.status_code == 201 and preference.json()["choice"] == "tie"

    mine = alice.get("/v1/reviews/runs/alice-run/items", params={"reviewer": "ana"}).json()
    assert (mine["rated"], mine["total"]) == (3, 5)
    assert [r["score"] for r in mine["items"][1]["ratings"]] == [2]
    brief = alice.get("/v1/reviews/runs/alice-run/agreement").json()["criteria"][0]
    assert brief["criterion"] == "brief_fit" and brief["units"] == 3
    assert brief["kappas"][0]["kappa"] == pytest.approx(0.8)

    export = alice.get("/v1/reviews/runs/alice-run/export.csv")
    assert export.headers["content-type"].startswith("text/csv")
    assert "alice-run" in export.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert sorted(r["type"] for r in rows) == ["preference"] + ["rating"] * 6
    assert {(r["reviewer"], r["scenario"], r["score"]) for r in rows if r["type"] == "rating"
            and r["asset_id"] == items[1]["asset_id"]} == {("ana", "bottle", "2"),
                                                           ("ben", "bottle", "3")}


def test_bad_review_input_gets_a_clear_error(alice: httpx.Client) -> None:
    alice.post("/v1/reviews/runs/alice-run/import")
    item = alice.get("/v1/reviews/runs/alice-run/items").json()["items"][0]["id"]
    for reviewer, criterion, score in (("ana", "brief_fit", 6), ("ana", "vibes", 3),
                                       ("  ", "brief_fit", 3)):
        bad = rate(alice, item, reviewer, criterion, score)
        assert bad.status_code == 422 and bad.json()["error"]["message"], bad.text
    same = alice.post("/v1/reviews/preferences", json={
        "item_a": item, "item_b": item, "reviewer": "ana", "choice": "A"})
    assert same.status_code == 422 and same.json()["error"]["code"] == "invalid_review"
    missing = alice.get("/v1/reviews/runs/no-such-run/items")
    assert missing.status_code == 404 and missing.json()["error"]["hint"]


def test_another_tenants_runs_and_items_answer_404(alice: httpx.Client,
                                                   bob: httpx.Client) -> None:
    alice.post("/v1/reviews/runs/alice-run/import")
    item = alice.get("/v1/reviews/runs/alice-run/items").json()["items"][0]["id"]
    assert bob.get("/v1/reviews/runs").json() == []  # nor the deployment's own run
    r = "/v1/reviews/runs/alice-run"
    attempts = [
        ("POST", f"{r}/import", None), ("GET", f"{r}/items", None),
        ("GET", f"{r}/agreement", None), ("GET", f"{r}/export.csv", None),
        ("POST", "/v1/reviews/runs/deployment-run/import", None),
        ("POST", f"/v1/reviews/items/{item}/ratings",
         {"reviewer": "eve", "criterion": "brief_fit", "score": 1}),
        ("POST", "/v1/reviews/preferences",
         {"item_a": item, "item_b": item, "reviewer": "eve", "choice": "A"}),
        ("GET", f"/v1/reviews/items/{item}/content", None),
    ]
    for method, url, body in attempts:
        response = bob.request(method, url, json=body)
        assert response.status_code == 404, (method, url, response.text)
        assert response.json()["error"]["code"] == "not_found"
    assert alice.get(f"{r}/export.csv").text.count("\n") == 1  # eve's rating never landed


def test_every_review_route_is_documented(alice: httpx.Client) -> None:
    paths = alice.get("/openapi.json").json()["paths"]
    operations = [op for path, ops in paths.items() if path.startswith("/v1/reviews")
                  for op in ops.values()]
    assert len(operations) == 9
    assert all(op.get("summary") and op.get("description") for op in operations)
    csv_route = paths["/v1/reviews/runs/{run_id}/export.csv"]["get"]
    assert "text/csv" in csv_route["responses"]["200"]["content"]
