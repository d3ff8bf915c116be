"""Tenancy, authentication, limits and bad input on the live HTTP API."""

from __future__ import annotations

import struct
import zlib

import httpx
import pytest

from agent.runtime import AgentRuntime
from api.auth import key_store
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.servers import ApiServer, client_for, serve_api

pytestmark = pytest.mark.integration
PHOTO = encode_png(bottle_on_white()[0])


@pytest.fixture
def keyed(settings: Settings) -> Settings:
    return settings.with_changes(api_auth="keys", api_runs_per_minute=6, api_max_body_mb=2.0,
                                 api_max_message_chars=500,
                                 cors_origins=["https://console.example"])


def upload(client: httpx.Client, data: bytes = PHOTO) -> httpx.Response:
    return client.post("/v1/assets", files={"file": ("p.png", data, "image/png")})


def error_code(response: httpx.Response) -> str:
    return str(response.json()["error"]["code"])


def test_another_tenant_gets_404_on_every_endpoint(alice: httpx.Client, bob: httpx.Client) -> None:
    photo = upload(alice).json()["id"]
    thread = alice.post("/v1/threads", json={"title": "mine"}).json()["id"]
    run = alice.post(f"/v1/threads/{thread}/messages", params={"mode": "wait"},
                     json={"text": "what can you do?"}).json()["run"]["id"]
    t = f"/v1/threads/{thread}"
    attempts = [
        ("GET", t, None), ("DELETE", t, None), ("GET", f"{t}/audit", None),
        ("POST", f"{t}/messages", {"text": "hi"}), ("POST", f"{t}/resume", {"approved": True}),
        ("POST", f"{t}/cancel", None), ("GET", f"{t}/runs/{run}", None),
        ("GET", f"{t}/runs/{run}/events", None), ("GET", f"{t}/events", None),
        ("GET", f"/v1/assets/{photo}", None),
        ("GET", f"/v1/assets/{photo}/content", None),
        ("GET", f"/v1/assets/{photo}/provenance", None), ("DELETE", f"/v1/assets/{photo}", None),
    ]
    for method, url, body in attempts:
        response = bob.request(method, url, json=body)
        assert response.status_code == 404, (method, url, response.text)
        assert error_code(response) == "not_found"
    borrowed = bob.post("/v1/threads", json={"text": "ads", "asset_ids": [photo]})
    assert borrowed.status_code == 404  # nor attach alice's photo
    generated = bob.post("/v1/capabilities/generate_ad_images",
                         json={"product_image": photo, "n": 1})
    assert generated.status_code == 404 and error_code(generated) == "asset_not_found"
    assert bob.get("/v1/threads").json()["total"] == 0
    assert bob.get("/v1/assets").json()["items"] == []
    assert alice.get("/v1/threads").json()["items"][0]["id"] == thread
    assert alice.get(t).status_code == 200  # still there for its owner


def test_requests_without_a_valid_key_get_401(
    api: ApiServer, alice: httpx.Client, keyed: Settings
) -> None:
    with httpx.Client(base_url=api.url) as anonymous:
        for headers in ({}, {"Authorization": "Bearer ads_0000_nope"},
                        {"Authorization": "Basic YWxpY2U6eA=="}):
            response = anonymous.get("/v1/threads", headers=headers)
            assert response.status_code == 401 and error_code(response) == "unauthorized"
            assert response.headers["www-authenticate"] == "Bearer"
        assert anonymous.get("/healthz").status_code == 200  # probes need no secret
        assert anonymous.get("/readyz").status_code == 200
        assert alice.get("/metrics").status_code == 403  # metrics span every tenant
    store = key_store(keyed)
    record, key = store.create("carol")
    with httpx.Client(base_url=api.url, headers={"Authorization": f"Bearer {key}"}) as carol:
        assert carol.get("/v1/threads").status_code == 200
        assert store.revoke(record.id)
        assert carol.get("/v1/threads").status_code == 401


def test_odd_ids_are_404_or_422_never_a_file(alice: httpx.Client) -> None:
    for path in ("/v1/threads/..%2F..%2Fetc%2Fpasswd", "/v1/assets/..%2Fassets%2Findex.sqlite",
                 "/v1/assets/%2e%2e/content", "/v1/threads/%E2%98%83%F0%9F%98%80",
                 "/v1/assets/img_%00x", "/v1/threads/'%20OR%201=1--"):
        response = alice.get(path)
        assert response.status_code == 404, (path, response.text)
        assert response.headers["content-type"] == "application/json"
    long = alice.get("/v1/threads/" + "a" * 5000)
    assert long.status_code == 422 and error_code(long) == "invalid_request"


def test_oversized_and_malformed_bodies_are_clear_4xx(alice: httpx.Client) -> None:
    thread = alice.post("/v1/threads", json={}).json()["id"]
    huge = alice.post("/v1/threads", content=b"{" + b" " * 3_000_000 + b"}",
                      headers={"Content-Type": "application/json"})
    assert huge.status_code == 413 and error_code(huge) == "too_large"
    broken = alice.post("/v1/threads", content=b'{"title": ', headers={
        "Content-Type": "application/json"})
    assert broken.status_code == 422 and error_code(broken) == "invalid_request"
    wrong = alice.post(f"/v1/threads/{thread}/messages", json={"text": 42})
    assert wrong.status_code == 422
    long = alice.post(f"/v1/threads/{thread}/messages", json={"text": "x" * 501})
    assert long.status_code == 413 and error_code(long) == "message_too_long"
    empty = alice.post(f"/v1/threads/{thread}/messages", json={"text": "  "})
    assert empty.status_code == 422 and error_code(empty) == "empty_message"


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels in a few bytes (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1024, 9)) + chunk(b"IEND", b""))


def test_bad_uploads_are_refused_with_reasons(alice: httpx.Client) -> None:
    cases = {
        "not an image": b"%PDF-1.7 definitely a pdf",
        "truncated": PHOTO[: len(PHOTO) // 3],
        "bomb": _png_header_only(60_000, 60_000),
    }
    for name, data in cases.items():
        response = upload(alice, data)
        assert response.status_code == 422, (name, response.text)
        assert error_code(response) == "invalid_image" and response.json()["error"]["hint"]
    assert "megapixels" in upload(alice, cases["bomb"]).json()["error"]["message"]
    too_big = upload(alice, PHOTO + b"\0" * 3_000_000)
    assert too_big.status_code == 413
    logo = alice.post("/v1/assets", data={"kind": "logo"},
                      files={"file": ("logo.png", PHOTO, "image/png")})
    assert logo.status_code == 201 and logo.json()["kind"] == "logo"
    assert alice.get("/v1/assets").json()["items"][0]["kind"] == "logo"


def test_runs_over_the_rate_limit_get_429_with_retry_after(alice: httpx.Client) -> None:
    thread = alice.post("/v1/threads", json={}).json()["id"]
    statuses = []
    for _ in range(7):
        response = alice.post(f"/v1/threads/{thread}/messages", params={"mode": "wait"},
                              json={"text": "what can you do?"})
        statuses.append(response.status_code)
    assert statuses == [200] * 6 + [429]
    assert int(response.headers["retry-after"]) >= 1 and error_code(response) == "rate_limited"


def test_ranges_and_signed_urls(alice: httpx.Client, api: ApiServer) -> None:
    asset = upload(alice).json()
    content = f"/v1/assets/{asset['id']}/content"
    whole = alice.get(content)
    assert whole.status_code == 200 and whole.headers["accept-ranges"] == "bytes"
    part = alice.get(content, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == whole.content[:100]
    assert part.headers["content-range"] == f"bytes 0-99/{len(whole.content)}"
    signer = api.app.state.api.signer
    with httpx.Client() as browser:
        assert browser.get(asset["url"]).content == whole.content
        expired = signer._mac(f"asset:{asset['id']}", 1_000_000)
        for query in (f"exp=1000000&sig={expired}", "exp=99999999999&sig=" + "0" * 64,
                      asset["url"].split("?")[1].replace("sig=", "sig=f")):
            response = browser.get(f"{api.url}{content}?{query}")
            assert response.status_code == 403 and error_code(response) == "bad_signature"
        other = upload(alice).json()["id"]  # a signature opens only its own asset
        response = browser.get(f"{api.url}/v1/assets/{other}/content?"
                               + asset["url"].split("?")[1])
        assert response.status_code == 403


def test_cors_allows_only_the_configured_origins(alice: httpx.Client) -> None:
    def preflight(origin: str) -> httpx.Response:
        return alice.options("/v1/threads", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization"})

    assert preflight("https://console.example").headers[
        "access-control-allow-origin"] == "https://console.example"
    assert "access-control-allow-origin" not in preflight("https://evil.example").headers


def test_failures_answer_500_without_internals(
    alice: httpx.Client, runtime: AgentRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread = alice.post("/v1/threads", json={}).json()["id"]

    def broken(thread_id: str) -> None:
        raise RuntimeError("/secret/path/threads.sqlite is locked")

    monkeypatch.setattr(runtime, "state", broken)
    response = alice.get(f"/v1/threads/{thread}")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal"
    assert "/secret" not in response.text and "Traceback" not in response.text



def test_on_loopback_without_keys_a_key_that_is_sent_still_counts(
    settings: Settings, runtime: AgentRuntime
) -> None:
    """Open on loopback: no key acts as the deployment's tenant, a sent key as its own."""
    open_settings = settings.with_changes(api_auth="auto")
    with serve_api(runtime, settings=open_settings) as server:
        with httpx.Client(base_url=server.url, timeout=60) as anonymous:
            made = anonymous.post("/v1/threads", json={})
            assert made.status_code == 201, made.text
            thread = made.json()["id"]
            assert anonymous.get(f"/v1/threads/{thread}").status_code == 200
        with client_for(server, open_settings, "acme") as acme:
            assert acme.get(f"/v1/threads/{thread}").status_code == 404  # not acme's
            assert acme.post("/v1/threads", json={}).status_code == 201
        bogus = {"Authorization": "Bearer ads_not_a_key"}
        with httpx.Client(base_url=server.url, timeout=60, headers=bogus) as forged:
            refused = forged.get(f"/v1/threads/{thread}")
            assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
