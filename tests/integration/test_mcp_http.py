"""The MCP server over streamable HTTP under uvicorn, mounted as the lead mounts it."""

from __future__ import annotations

import base64
import io
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
import httpx2
import pytest
import uvicorn
from mcp import Client, types
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from starlette.applications import Starlette
from starlette.routing import Mount

from api.mcp_http import mcp_http_app, mcp_lifespan
from evals.recipes import bottle_on_white
from tests.servers import free_port
from tools.services import Services

KEYS = {"key-acme-0123456789": "acme", "key-beta-0123456789": "beta"}


def photo_b64() -> str:
    """A drawn product photo as base64 PNG."""
    photo, _ = bottle_on_white(seed=7)
    buf = io.BytesIO()
    photo.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def serve(services: Services, auth_required: bool) -> Iterator[str]:
    """Serve a parent app with the MCP app mounted at /mcp on loopback; yield its URL."""
    mcp_app = mcp_http_app(services, KEYS.get, auth_required, default_tenant="default")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with mcp_lifespan(mcp_app):
            yield

    parent = Starlette(routes=[Mount("/mcp", mcp_app)], lifespan=lifespan)
    port = free_port()
    config = uvicorn.Config(
        parent, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def url(services: Services) -> Iterator[str]:
    """The MCP endpoint with API keys required."""
    yield from serve(services, auth_required=True)


@pytest.fixture
def loopback_url(services: Services) -> Iterator[str]:
    """The MCP endpoint without API keys (loopback mode)."""
    yield from serve(services, auth_required=False)


def connect(url: str, key: str | None) -> Client:
    """An MCP client over streamable HTTP sending ``key`` as bearer token."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    # httpx waits 5 s for a read by default; making an ad on a busy 2-core machine takes longer
    client = httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(120.0))
    return Client(streamable_http_client(url, http_client=client))


def call(url: str, key: str | None, script: Any) -> Any:
    """Run ``script(client)`` with a client connected to ``url``."""

    async def main() -> Any:
        async with connect(url, key) as client:
            return await script(client)

    return anyio.run(main)


def test_missing_or_bad_key_is_401(url: str) -> None:
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}
    for headers in ({}, {"Authorization": "Bearer not-a-key"}, {"Authorization": "Basic x"}):
        response = httpx.post(url + "/", json=initialize, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "Unauthorized" in response.json()["error"]["message"]


def test_lists_tools_and_generates_an_ad_as_the_keys_tenant(
    url: str, services: Services
) -> None:
    async def script(client: Client) -> tuple[types.ListToolsResult, types.CallToolResult]:
        tools = await client.list_tools()
        upload = await client.call_tool("upload_image", {"data": photo_b64()})
        photo = upload.structured_content["asset_id"]
        ads = await client.call_tool(
            "generate_ad_images", {"product_image": photo, "n": 1, "placements": ["story"]}
        )
        return tools, ads

    tools, ads = call(url, "key-acme-0123456789", script)

    names = {tool.name for tool in tools.tools}
    assert {"generate_ad_images", "upload_image", "build_creative"} <= names
    assert not ads.is_error, ads.content
    image = ads.structured_content["images"][0]
    asset = services.assets.get(image["asset_id"], tenant="acme")
    assert (asset.kind, asset.width, asset.height) == ("ad_image", 1080, 1920)


def test_tenants_are_isolated_over_http(url: str) -> None:
    async def upload(client: Client) -> str:
        result = await client.call_tool("upload_image", {"data": photo_b64()})
        return str(result.structured_content["asset_id"])

    photo = call(url, "key-acme-0123456789", upload)

    async def as_beta(client: Client) -> tuple[types.CallToolResult, types.ListResourcesResult]:
        with pytest.raises(MCPError, match="no asset"):
            await client.read_resource(f"adstudio://assets/{photo}")
        used = await client.call_tool("generate_ad_images", {"product_image": photo, "n": 1})
        return used, await client.list_resources()

    used, listed = call(url, "key-beta-0123456789", as_beta)

    assert used.is_error
    assert "There is no asset" in used.content[0].text  # type: ignore[union-attr]
    assert listed.resources == []


def test_loopback_mode_runs_keyless_calls_as_the_default_tenant(
    loopback_url: str, services: Services
) -> None:
    """Without a key a call is the default tenant's; a key that is sent still counts."""
    async def script(client: Client) -> types.CallToolResult:
        return await client.call_tool("upload_image", {"data": photo_b64()})

    result = call(loopback_url, None, script)

    assert not result.is_error
    asset = services.assets.get(result.structured_content["asset_id"], tenant="default")
    assert asset.kind == "product_photo"

    async def with_some_key(client: Client) -> types.ListResourcesResult:
        return await client.list_resources()

    assert [r.name for r in call(loopback_url, None, with_some_key).resources] == [asset.id]
    assert call(loopback_url, "key-beta-0123456789", with_some_key).resources == []
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}
    forged = httpx.post(loopback_url + "/", json=initialize,
                        headers={"Authorization": "Bearer not-a-key"})
    assert forged.status_code == 401


def test_the_api_server_serves_mcp_with_its_own_keys(runtime: Any, settings: Any) -> None:
    """`adstudio serve`'s app mounts MCP at /mcp: API keys work there, others get 401."""
    from api.auth import key_store
    from tests.servers import serve_api

    keyed = settings.with_changes(api_auth="keys")
    _record, key = key_store(keyed).create("acme")
    with serve_api(runtime, settings=keyed) as api:
        assert httpx.post(f"{api.url}/mcp/", json={}).status_code == 401

        async def script(client: Client) -> list[str]:
            return [tool.name for tool in (await client.list_tools()).tools]

        names = call(f"{api.url}/mcp", key, script)
    assert {"generate_ad_images", "list_creative_formats", "upload_image"} <= set(names)


def test_adcp_links_point_at_the_address_the_client_reached(runtime: Any, settings: Any) -> None:
    """`serve --port` binds another port than the configured one: links follow the request."""
    from urllib.parse import urlsplit

    from api.auth import key_store
    from tests.servers import serve_api

    keyed = settings.with_changes(api_auth="keys")
    _record, key = key_store(keyed).create("acme")
    with serve_api(runtime, settings=keyed) as api:
        assert api.port != keyed.api.port

        async def script(client: Client) -> tuple[types.CallToolResult, types.CallToolResult]:
            formats = await client.call_tool("list_creative_formats", {})
            photo = (await client.call_tool("upload_image", {"data": photo_b64()}))
            built = await client.call_tool("build_creative", {
                "message": "Cold drinks all day on the trail",
                "creative_id": photo.structured_content["asset_id"],
                "target_format_id": {"id": "medium-rectangle"},
            })
            return formats, built

        formats, built = call(f"{api.url}/mcp", key, script)
        assert not built.is_error, built.content
        agent_urls = {f["format_id"]["agent_url"] for f in formats.structured_content["formats"]}
        assert agent_urls == {f"{api.url}/mcp"}
        image_url = built.structured_content["creative_manifest"]["assets"]["image"]["url"]
        assert urlsplit(image_url).netloc == f"127.0.0.1:{api.port}"
        assert httpx.get(image_url).status_code == 200  # the link opens the image


def big_photo_b64(size: int) -> str:
    """A valid PNG of noise padded to exactly ``size`` bytes, as base64."""
    import os
    import struct
    import zlib

    width = height = 1024  # 3 MB of raw noise, stored uncompressed
    rows = b"".join(b"\0" + os.urandom(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                            0, 0, 0))
    image = chunk(b"IDAT", zlib.compress(rows, 0))
    end = chunk(b"IEND", b"")
    padding = size - len(head) - len(image) - len(end) - 12  # an ancillary text chunk
    assert padding >= 0
    data = head + image + chunk(b"tEXt", b"pad\0" + b"x" * (padding - 4)) + end
    assert len(data) == size
    return base64.b64encode(data).decode("ascii")


def test_upload_image_takes_files_up_to_the_upload_limit(runtime: Any, settings: Any) -> None:
    """The README promises uploads up to ADSTUDIO_MAX_UPLOAD_MB over MCP too (base64: 4/3)."""
    from api.auth import key_store
    from tests.servers import serve_api

    keyed = settings.with_changes(api_auth="keys")
    limit = keyed.limits.max_upload_bytes
    _record, key = key_store(keyed).create("acme")
    with serve_api(runtime, settings=keyed) as api:

        async def script(client: Client) -> list[types.CallToolResult]:
            return [await client.call_tool("upload_image", {"data": big_photo_b64(size)})
                    for size in (limit, limit + 1)]

        at_limit, over = call(f"{api.url}/mcp", key, script)
    assert not at_limit.is_error, at_limit.content
    assert (at_limit.structured_content["width"], at_limit.structured_content["height"]) == (
        1024, 1024)
    assert over.is_error and "MB" in over.content[0].text  # type: ignore[union-attr]
