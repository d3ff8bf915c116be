"""The MCP server over the SDK's in-memory transport: tools, uploads, ads, tenancy."""

from __future__ import annotations

import base64
import dataclasses
import io
from typing import Any

import anyio
import pytest
from mcp import Client, types
from mcp.shared.exceptions import MCPError

from api.mcp_server import build_mcp_server
from evals.recipes import bottle_on_white
from tools.sdk import registry
from tools.services import Services

ADCP_TOOLS = {
    "get_adcp_capabilities", "list_creative_formats", "build_creative", "preview_creative"
}


def photo_b64() -> str:
    """A drawn product photo as base64 PNG."""
    photo, _ = bottle_on_white(seed=3)
    buf = io.BytesIO()
    photo.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def run(services: Services, tenant: str, script: Any) -> Any:
    """Run ``script(client)`` against a fresh in-memory server acting as ``tenant``."""

    async def main() -> Any:
        async with Client(build_mcp_server(services, lambda: tenant)) as client:
            return await script(client)

    return anyio.run(main)


async def upload(client: Client) -> str:
    """Upload the drawn photo; return its asset id."""
    result = await client.call_tool("upload_image", {"data": photo_b64(), "filename": "b.png"})
    assert not result.is_error, result.content
    return str(result.structured_content["asset_id"])


def test_every_capability_is_a_tool_with_its_models_schemas(services: Services) -> None:
    async def script(client: Client) -> types.ListToolsResult:
        return await client.list_tools()

    tools = {tool.name: tool for tool in run(services, "acme", script).tools}

    online = {name for name, cap in registry().items() if "online" in cap.modes}
    assert set(tools) == online | {"upload_image"} | ADCP_TOOLS
    for name in online:
        cap = registry()[name]
        schema = tools[name].input_schema
        approval = schema["properties"].pop("max_usd", None)  # priced tools take an approval
        assert (approval is not None) == (cap.cost_usd > 0), name
        assert schema == cap.request.model_json_schema()
        assert tools[name].output_schema == cap.result.model_json_schema(mode="serialization")
        assert tools[name].description == cap.description
    hidden = {"tenant", "assets", "engines", "services"}
    for tool in tools.values():
        assert hidden.isdisjoint(tool.input_schema.get("properties", {}))


def test_uploaded_photo_becomes_four_ads_of_the_tenant(services: Services) -> None:
    progress: list[tuple[float, float | None, str | None]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append((done, total, message))

    async def script(client: Client) -> tuple[str, types.CallToolResult]:
        photo = await upload(client)
        result = await client.call_tool(
            "generate_ad_images", {"product_image": photo, "n": 4},
            progress_callback=on_progress,
        )
        return photo, result

    photo, result = run(services, "acme", script)

    assert not result.is_error, result.content
    images = result.structured_content["images"]
    assert len(images) == 4
    for image in images:
        asset = services.assets.get(image["asset_id"], tenant="acme")
        assert asset.kind == "ad_image"
        assert photo in asset.parents
        assert (asset.width, asset.height) == (image["width"], image["height"]) == (1080, 1080)
    links = [c for c in result.content if isinstance(c, types.ResourceLink)]
    assert [link.name for link in links] == [image["asset_id"] for image in images]
    assert all(link.mime_type == "image/png" and link.size for link in links)
    assert progress and progress[-1][0] == progress[-1][1]


def test_wrong_argument_is_a_tool_error_naming_it(services: Services) -> None:
    async def script(client: Client) -> types.CallToolResult:
        photo = await upload(client)
        return await client.call_tool("generate_ad_images", {"product_image": photo, "n": 40})

    result = run(services, "acme", script)

    assert result.is_error
    text = result.content[0].text  # type: ignore[union-attr]
    assert "Invalid arguments for generate_ad_images" in text
    assert "n: Input should be less than or equal to 8" in text


def test_costly_calls_are_refused_until_the_spend_is_approved(services: Services) -> None:
    priced = services.settings.with_changes(prices={"local/image": 0.5}, confirm_above_usd=1.0)
    services = dataclasses.replace(services, settings=priced)

    async def script(client: Client) -> tuple[types.CallToolResult, types.CallToolResult]:
        photo = await upload(client)
        asked = {"product_image": photo, "n": 4}
        refused = await client.call_tool("generate_ad_images", asked)
        approved = await client.call_tool("generate_ad_images", {**asked, "max_usd": 2.0})
        return refused, approved

    refused, approved = run(services, "acme", script)
    text = refused.content[0].text  # type: ignore[union-attr]
    assert refused.is_error and "$2.00" in text and "max_usd=2.00" in text
    assert not approved.is_error and len(approved.structured_content["images"]) == 4
    ads = [a for a in services.assets.list("acme") if a.kind == "ad_image"]
    assert len(ads) == 4  # only the approved call made ads


def test_upload_refuses_what_is_not_an_image(services: Services) -> None:
    async def script(client: Client) -> list[types.CallToolResult]:
        not_b64 = await client.call_tool("upload_image", {"data": "%%% not base64 %%%"})
        text = base64.b64encode(b"hello, not a picture").decode()
        not_image = await client.call_tool("upload_image", {"data": text})
        return [not_b64, not_image]

    for result in run(services, "acme", script):
        assert result.is_error
        assert result.content[0].text.startswith("Error: ")  # type: ignore[union-attr]
    assert services.assets.list("acme") == []


def test_unknown_tool_is_a_protocol_error(services: Services) -> None:
    async def script(client: Client) -> None:
        with pytest.raises(MCPError, match="Unknown tool 'delete_everything'"):
            await client.call_tool("delete_everything", {})

    run(services, "acme", script)


def test_another_tenants_asset_is_not_found(services: Services) -> None:
    async def upload_as_acme(client: Client) -> str:
        return await upload(client)

    photo = run(services, "acme", upload_as_acme)

    async def use_as_beta(client: Client) -> types.CallToolResult:
        return await client.call_tool("generate_ad_images", {"product_image": photo, "n": 1})

    result = run(services, "beta", use_as_beta)
    assert result.is_error
    assert f"There is no asset with the id '{photo}'" in result.content[0].text  # type: ignore[union-attr]

    async def read_as_beta(client: Client) -> None:
        with pytest.raises(MCPError, match="no asset"):
            await client.read_resource(f"adstudio://assets/{photo}")

    run(services, "beta", read_as_beta)


def test_assets_are_resources_of_their_tenant(services: Services) -> None:
    async def script(client: Client) -> tuple[str, types.ListResourcesResult, Any]:
        photo = await upload(client)
        listed = await client.list_resources()
        read = await client.read_resource(f"adstudio://assets/{photo}")
        return photo, listed, read

    photo, listed, read = run(services, "acme", script)

    assert [r.uri for r in listed.resources] == [f"adstudio://assets/{photo}"]
    assert listed.resources[0].mime_type == "image/png"
    blob = read.contents[0]
    assert isinstance(blob, types.BlobResourceContents)
    assert base64.b64decode(blob.blob) == services.assets.read(photo)

    async def list_as_beta(client: Client) -> types.ListResourcesResult:
        return await client.list_resources()

    assert run(services, "beta", list_as_beta).resources == []


def test_adcp_build_creative_over_mcp(services: Services) -> None:
    async def script(client: Client) -> types.CallToolResult:
        photo = await upload(client)
        return await client.call_tool("build_creative", {
            "message": "Cold drinks all day on the trail",
            "creative_id": photo,
            "target_format_id": {"id": "medium-rectangle"},
        })

    result = run(services, "acme", script)

    assert not result.is_error, result.content
    manifest = result.structured_content["creative_manifest"]
    assert "creative_manifests" not in result.structured_content
    assert manifest["format_id"]["id"] == "medium-rectangle"
    image = manifest["assets"]["image"]
    assert (image["width"], image["height"]) == (300, 250)
    links = [c for c in result.content if isinstance(c, types.ResourceLink)]
    assert [link.uri for link in links] == [image["url"]]


def test_a_costly_adcp_build_needs_the_spend_approved(services: Services) -> None:
    priced = services.settings.with_changes(prices={"local/image": 0.5}, confirm_above_usd=1.0)
    services = dataclasses.replace(services, settings=priced)

    async def script(client: Client) -> tuple[types.CallToolResult, types.CallToolResult]:
        photo = await upload(client)
        asked = {"creative_id": photo, "max_variants": 3,
                 "target_format_ids": [{"id": "medium-rectangle"}, {"id": "leaderboard"}]}
        refused = await client.call_tool("build_creative", asked)
        approved = await client.call_tool("build_creative", {**asked, "max_usd": 3.0})
        return refused, approved

    refused, approved = run(services, "acme", script)
    text = refused.content[0].text  # type: ignore[union-attr]
    assert refused.is_error and "$3.00" in text and "6 images" in text, text
    assert not approved.is_error and len(approved.structured_content["creative_manifests"]) == 6
