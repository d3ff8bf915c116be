"""Capabilities called by name through the API, operations endpoints, and the mounted UI."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from agent.runtime import AgentRuntime
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.servers import ApiServer, serve_api
from tools.sdk import registry

pytestmark = pytest.mark.integration


@pytest.fixture
def api(runtime: AgentRuntime) -> Iterator[ApiServer]:
    with serve_api(runtime, mount_ui=True) as server:
        yield server


@pytest.fixture
def client(api: ApiServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api.url, timeout=60) as client:
        yield client


def test_every_capability_is_listed_with_its_schemas(client: httpx.Client) -> None:
    listed = {c["name"]: c for c in client.get("/v1/capabilities").json()}
    assert set(listed) == {n for n, c in registry().items() if "online" in c.modes}
    images = listed["generate_ad_images"]
    assert "product_image" in images["request_schema"]["properties"]
    assert images["response_schema"]["title"] == "GenerateAdImagesResult"


def test_a_capability_runs_by_name_with_its_own_validation(client: httpx.Client) -> None:
    features = client.post("/v1/capabilities/extract_features",
                           json={"title": "Steel bottle", "description": "750 ml, cold 24 h"})
    assert features.status_code == 200, features.text
    assert features.json()["product_name"] == "Steel bottle" and features.json()["features"]
    photo = client.post("/v1/assets", files={"file": ("b.png", encode_png(bottle_on_white()[0]),
                                                      "image/png")}).json()["id"]
    made = client.post("/v1/capabilities/generate_ad_images",
                       json={"product_image": photo, "n": 1, "headline": "Stay cold"})
    assert made.status_code == 200, made.text
    ad = made.json()["images"][0]["asset_id"]
    assert client.get(f"/v1/assets/{ad}").json()["capability"] == "generate_ad_images"
    invalid = client.post("/v1/capabilities/extract_features", json={"title": ""})
    assert invalid.status_code == 422 and "title" in invalid.json()["error"]["message"]
    missing = client.post("/v1/capabilities/generate_ad_images",
                          json={"product_image": "img_nope", "n": 1})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "asset_not_found"
    unknown = client.post("/v1/capabilities/launch_rockets", json={})
    assert unknown.status_code == 404


def test_costly_calls_need_the_spend_approved_first(settings: Settings) -> None:
    priced = settings.with_changes(prices={"local/image": 0.5}, confirm_above_usd=1.0)
    with serve_api(AgentRuntime(priced)) as api, httpx.Client(base_url=api.url,
                                                             timeout=60) as client:
        photo = client.post("/v1/assets", files={"file": ("b.png", encode_png(
            bottle_on_white()[0]), "image/png")}).json()["id"]
        body = {"product_image": photo, "n": 4}
        refused = client.post("/v1/capabilities/generate_ad_images", json=body)
        assert refused.status_code == 402, refused.text
        error = refused.json()["error"]
        assert error["code"] == "confirmation_required" and "$2.00" in error["message"]
        assert "max_usd=2.00" in error["hint"]
        assert refused.headers["x-estimated-cost-usd"] == "2.0000"
        assert client.get("/v1/assets").json()["items"][0]["id"] == photo  # nothing made
        short = client.post("/v1/capabilities/generate_ad_images", json=body,
                            params={"max_usd": 1.5})
        assert short.status_code == 402
        made = client.post("/v1/capabilities/generate_ad_images", json=body,
                           params={"max_usd": 2})
        assert made.status_code == 200, made.text
        assert len(made.json()["images"]) == 4
        cheap = client.post("/v1/capabilities/generate_ad_images",
                            json={"product_image": photo, "n": 2})
        assert cheap.status_code == 200  # $1.00 is not above the threshold


def test_health_readiness_metrics_docs_and_ui(client: httpx.Client) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz").json()
    assert ready["status"] == "ok" and set(ready["checks"]) == {"api", "keys", "assets",
                                                                "threads"}
    client.get("/v1/threads/nope")
    metrics = client.get("/metrics").text
    assert 'adstudio_http_requests_total{method="GET",route="/v1/threads/{thread_id}",' \
           'status="404"} 1.0' in metrics
    assert "/v1/threads/{thread_id}/messages" in client.get("/openapi.json").json()["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn." not in docs.text  # offline: served from here
    script = re.search(r'src="([^"]+swagger-ui-bundle\.js)"', docs.text)
    assert script and client.get(script.group(1)).status_code == 200
    assert "cdn." not in client.get("/redoc").text
    assert client.get("/ui/").status_code == 200
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui/"
    icon = client.get("/favicon.ico")  # the UI's page links its icon at the root
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert icon.content.startswith(b"<svg")
