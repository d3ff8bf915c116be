"""The API behind a reverse proxy: forwarded headers are believed from the configured proxies only.

``adstudio serve`` runs uvicorn with :func:`cli.serve.proxy_options`; these tests serve the API
with the same options on loopback, the test client standing in for the proxy.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from agent.runtime import AgentRuntime
from cli.serve import proxy_options
from core.settings import Settings
from tests.servers import ApiServer, client_for

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def _serve(runtime: AgentRuntime, settings: Settings) -> ApiServer:
    return ApiServer(runtime, settings=settings, options=proxy_options(settings)).start()


def _events_url(client: httpx.Client, headers: dict[str, str]) -> str:
    """The stream link of a new thread, as the API writes it for a request with ``headers``."""
    made = client.post("/v1/threads", json={})
    assert made.status_code == 201, made.text
    detail = client.get(f"/v1/threads/{made.json()['id']}", headers=headers)
    assert detail.status_code == 200, detail.text
    return str(detail.json()["events_url"])


@pytest.fixture
def proxied(keyed: Settings, runtime: AgentRuntime) -> Iterator[tuple[ApiServer, httpx.Client]]:
    """The API trusting its default proxy (127.0.0.1, where the test client connects from)."""
    server = _serve(runtime, keyed)
    try:
        with client_for(server, keyed, "alice") as client:
            yield server, client
    finally:
        server.stop()


def test_links_follow_the_scheme_a_trusted_proxy_forwards(
    proxied: tuple[ApiServer, httpx.Client],
) -> None:
    server, client = proxied
    assert _events_url(client, FORWARDED).startswith(f"https://127.0.0.1:{server.port}/v1/threads/")
    assert _events_url(client, {}).startswith(f"http://127.0.0.1:{server.port}/v1/threads/")


def test_headers_of_a_proxy_not_listed_are_ignored(keyed: Settings, runtime: AgentRuntime) -> None:
    settings = keyed.with_changes(forwarded_allow_ips="10.20.30.40")
    server = _serve(runtime, settings)
    try:
        with client_for(server, settings, "alice") as client:
            url = _events_url(client, FORWARDED)
        assert url.startswith(f"http://127.0.0.1:{server.port}/v1/threads/")
    finally:
        server.stop()
