"""Odd numbers, response headers, HEAD, /metrics and auth behind a proxy on the live HTTP API."""

from __future__ import annotations

import httpx
import pytest

from agent.runtime import AgentRuntime
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.servers import ApiServer, serve_api

pytestmark = pytest.mark.integration
PHOTO = encode_png(bottle_on_white()[0])
METRICS_KEY = "scrape-0123456789abcdef"
TOO_BIG = str(2**63)  # one past SQLite's largest integer
PROXY_HEADERS = ({"X-Forwarded-For": "203.0.113.7"}, {"X-Real-IP": "203.0.113.7"},
                 {"Forwarded": "for=203.0.113.7;proto=https"},
                 {"X-Forwarded-Proto": "https"}, {"Via": "1.1 proxy.example"})


@pytest.fixture
def keyed(settings: Settings) -> Settings:
    return settings.with_changes(api_auth="keys", metrics_key=METRICS_KEY)


def upload(client: httpx.Client) -> dict[str, str]:
    response = client.post("/v1/assets", files={"file": ("p.png", PHOTO, "image/png")})
    assert response.status_code == 201, response.text
    return dict(response.json())


def assert_bad_request(response: httpx.Response, what: str) -> None:
    assert response.status_code == 400, (what, response.status_code, response.text)
    error = response.json()["error"]
    assert error["code"] == "bad_request" and error["message"] and error["hint"], what


def test_odd_numbers_are_400_not_500(alice: httpx.Client) -> None:
    thread = alice.post("/v1/threads", json={}).json()["id"]
    run = alice.post(f"/v1/threads/{thread}/messages", params={"mode": "wait"},
                     json={"text": "what can you do?"}).json()["run"]["id"]
    asset = upload(alice)
    run_events = f"/v1/threads/{thread}/runs/{run}/events"
    cases = {
        "after=²": (run_events, {"after": "²"}, {}),
        "after=2^63": (run_events, {"after": TOO_BIG}, {}),
        "thread after=2^63": (f"/v1/threads/{thread}/events", {"after": TOO_BIG}, {}),
        "after=-1": (run_events, {"after": "-1"}, {}),
        "Last-Event-ID: ²": (run_events, {}, {"Last-Event-ID": "²".encode()}),
        "Last-Event-ID: 2^63": (run_events, {}, {"Last-Event-ID": TOO_BIG}),
        "thread Last-Event-ID: ²": (f"/v1/threads/{thread}/events", {},
                                    {"Last-Event-ID": "²".encode()}),
        "asset exp=²": (f"/v1/assets/{asset['id']}/content", {"exp": "²", "sig": "0" * 64},
                        {}),
        "events exp=٣": (run_events, {"exp": "٣٣٣٣", "sig": "0" * 64}, {}),
    }
    for name, (path, params, headers) in cases.items():
        assert_bad_request(alice.get(path, params=params, headers=headers), name)
    # Plain numbers still work: after the last event of a finished run there is nothing.
    assert alice.get(run_events, params={"after": "0"}).status_code == 200
    assert alice.get(run_events, params={"after": str(10**6)}).status_code == 204
    assert alice.get(run_events, headers={"Last-Event-ID": str(10**6)}).status_code == 204


def test_every_response_says_nosniff(alice: httpx.Client, api: ApiServer) -> None:
    asset = upload(alice)
    with httpx.Client() as browser:
        responses = [
            alice.get(f"/v1/assets/{asset['id']}/content"), browser.get(asset["url"]),
            alice.get("/v1/threads"), alice.get("/v1/threads/nope"),
            browser.get(f"{api.url}/healthz"), browser.get(f"{api.url}/openapi.json"),
            browser.post(f"{api.url}/mcp/", json={}),
        ]
    for response in responses:
        assert response.headers.get("x-content-type-options") == "nosniff", response.url


def test_head_works_wherever_get_serves_content(alice: httpx.Client, api: ApiServer) -> None:
    asset = upload(alice)
    content = f"/v1/assets/{asset['id']}/content"
    whole = alice.get(content)
    head = alice.head(content)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(whole.content))
    assert head.headers["content-type"] == whole.headers["content-type"]
    with httpx.Client() as browser:
        signed = browser.head(asset["url"])
        assert signed.status_code == 200 and signed.content == b""
        assert browser.head(f"{api.url}/healthz").status_code == 200
    assert alice.head(content.replace(asset["id"], "img_missing")).status_code == 404
    listing = alice.head("/v1/assets")
    assert listing.status_code == 200 and listing.content == b""
    assert alice.head(content, headers={"Authorization": "Bearer nope"}).status_code == 401
    thread = alice.post("/v1/threads", json={}).json()["id"]  # a stream's HEAD stays 405
    assert alice.head(f"/v1/threads/{thread}/events").status_code == 405
    metrics = httpx.get(f"{api.url}/metrics",
                        headers={"Authorization": f"Bearer {METRICS_KEY}"}).text
    assert 'method="HEAD",route="/v1/assets/{asset_id}/content",status="200"' in metrics


def test_metrics_need_the_metrics_key_not_a_tenant_key(
    api: ApiServer, alice: httpx.Client
) -> None:
    with httpx.Client(base_url=api.url) as anonymous:
        refused = anonymous.get("/metrics")
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
        scraper = {"Authorization": f"Bearer {METRICS_KEY}"}
        assert "adstudio_http_requests_total" in anonymous.get("/metrics", headers=scraper).text
    tenant = alice.get("/metrics")
    assert tenant.status_code == 403 and tenant.json()["error"]["code"] == "forbidden"


def test_without_a_metrics_key_metrics_are_for_loopback_only(
    settings: Settings, runtime: AgentRuntime
) -> None:
    keyed = settings.with_changes(api_auth="keys")
    with serve_api(runtime, settings=keyed) as server, httpx.Client(base_url=server.url) as local:
        assert local.get("/metrics").status_code == 200  # a scraper on this host
        for headers in PROXY_HEADERS:  # through a reverse proxy: someone else
            assert local.get("/metrics", headers=headers).status_code == 401, headers


def test_auto_auth_on_loopback_wants_keys_behind_a_proxy(
    settings: Settings, runtime: AgentRuntime
) -> None:
    auto = settings.with_changes(api_auth="auto")
    with serve_api(runtime, settings=auto, mount_ui=True) as server, \
            httpx.Client(base_url=server.url, timeout=60) as local:
        assert local.get("/v1/threads").status_code == 200  # straight from this machine
        for headers in PROXY_HEADERS:
            refused = local.get("/v1/threads", headers=headers)
            assert refused.status_code == 401, (headers, refused.text)
            assert refused.json()["error"]["code"] == "unauthorized"
            assert local.post("/mcp/", json={}, headers=headers).status_code == 401
            ui = local.get("/ui/", headers=headers)
            assert ui.status_code == 403 and "ADSTUDIO_API_AUTH=keys" in ui.text
            assert local.get("/metrics", headers=headers).status_code == 401
            assert local.get("/healthz", headers=headers).status_code == 200
        from tests.servers import client_for

        with client_for(server, auto, "acme") as acme:  # a key still works through it
            assert acme.get("/v1/threads", headers=PROXY_HEADERS[0]).status_code == 200
        assert local.get("/ui/").status_code == 200


def test_a_key_less_server_answers_only_requests_addressed_to_this_machine(
    settings: Settings, runtime: AgentRuntime
) -> None:
    # a web page that points its own host name at 127.0.0.1 (DNS rebinding) gets nothing
    auto = settings.with_changes(api_auth="auto")
    with serve_api(runtime, settings=auto, mount_ui=True) as server, \
            httpx.Client(base_url=server.url, timeout=60) as local:
        port = server.url.rsplit(":", 1)[1]
        for path in ("/v1/threads", "/ui/", "/metrics", "/healthz"):
            rebound = local.get(path, headers={"Host": f"evil.example:{port}"})
            assert rebound.status_code == 403, (path, rebound.status_code)
            assert "ADSTUDIO_API_AUTH=keys" in rebound.text
        for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
            assert local.get("/v1/threads", headers={"Host": host}).status_code == 200, host
