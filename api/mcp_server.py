"""The MCP server: every capability of the registry as an MCP tool, plus uploads and AdCP.

Tools are derived from the capability declarations (name, docstring, the request model's
JSON schema as input schema, the result model's as output schema), so a new capability
appears here without code. Infrastructure stays hidden: the tenant comes from the
connection (the bearer token over HTTP, ``--tenant`` over stdio), never from arguments.

A capability's :class:`~core.errors.CapabilityError` becomes a tool result with
``isError`` set and its message and hint, which the calling model can act on; progress
reports become MCP progress notifications when the client asks for them.

Assets of the tenant are MCP resources (``adstudio://assets/<id>``); tool results link
the assets they made (``resource_link`` content, with kind, size and MIME type).
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Callable, Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import anyio
import anyio.from_thread
import anyio.lowlevel
import anyio.to_thread
from mcp import types
from mcp.server import Server
from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import MCPError
from pydantic import BaseModel

from api.adcp import CreativeAgent, default_asset_url
from api.mcp_upload import upload_capability
from api.spend import MAX_USD_FIELD, SpendNotApproved, check_spend, with_max_usd
from core.errors import AssetNotFoundError, CapabilityError
from core.schemas import CapabilityResult
from core.storage.assets import Asset
from tools.sdk import Capability, ProgressFn, registry
from tools.services import Services

log = logging.getLogger(__name__)

SERVER_NAME = "adstudio"
RESOURCE_PREFIX = "adstudio://assets/"
INSTRUCTIONS = (
    "adstudio makes ads from a product photo. Upload the photo with upload_image (base64), "
    "then call generate_ad_images with its asset id; edit_image, animate_image and the "
    "storyboard/video tools refine the results. AdCP creative-agent tasks: "
    "get_adcp_capabilities, list_creative_formats, build_creative, preview_creative. "
    "Calls estimated above the spend threshold need max_usd (ask the user). Asset ids in "
    "results are readable as resources at adstudio://assets/<id>."
)

Tools = Mapping[str, Capability[Any, Any]]


def mcp_capabilities(
    services: Services, agent: CreativeAgent | None = None
) -> dict[str, Capability[Any, Any]]:
    """Every tool of the server by name: online capabilities, ``upload_image``, AdCP tasks."""
    declared = [cap for cap in registry().values() if "online" in cap.modes]
    adcp = (agent or CreativeAgent()).capabilities_list()
    extra = [upload_capability(services.settings), *adcp]
    return {cap.name: cap for cap in [*declared, *extra]}


def tool_of(cap: Capability[Any, Any]) -> types.Tool:
    """The MCP tool declaration of a capability (priced ones take a ``max_usd`` approval)."""
    return types.Tool(
        name=cap.name,
        description=cap.description,
        input_schema=input_schema(cap),
        output_schema=cap.result.model_json_schema(mode="serialization"),
    )


def input_schema(cap: Capability[Any, Any]) -> dict[str, Any]:
    """The request model's JSON schema, with ``max_usd`` when the capability costs money."""
    schema = cap.request.model_json_schema()
    return with_max_usd(schema) if cap.cost_usd > 0 or cap.usage else schema


def thread_progress(ctx: ServerRequestContext[Any, Any]) -> ProgressFn:
    """A progress reporter callable from worker threads (MCP progress notifications)."""
    token = anyio.lowlevel.current_token()

    def report(done: int, total: int, message: str) -> None:
        try:
            anyio.from_thread.run(ctx.session.report_progress, done, total, message, token=token)
        except Exception:  # a lost notification must never fail the work itself
            log.debug("progress notification not sent", exc_info=True)

    return report


def error_result(message: str) -> types.CallToolResult:
    """A tool result the calling model reads as a failure it can act on."""
    return types.CallToolResult(content=[types.TextContent(text=message)], is_error=True)


def structured(result: BaseModel) -> dict[str, Any]:
    """The result's JSON form (AdCP responses leave unset fields out)."""
    omit = bool(getattr(result, "omit_none", False))
    return result.model_dump(mode="json", exclude_none=omit)


def asset_link(asset: Asset) -> types.ResourceLink:
    """A tool-result link to an asset, with its kind, size and MIME type."""
    size = f", {asset.width}x{asset.height}" if asset.width and asset.height else ""
    return types.ResourceLink(
        uri=f"{RESOURCE_PREFIX}{asset.id}", name=asset.id, title=f"{asset.kind}{size}",
        description=asset.caption or asset.kind, mime_type=asset.mime, size=asset.size,
    )


def success_result(
    result: CapabilityResult, services: Services, tenant: str
) -> types.CallToolResult:
    """A capability's result: its summary and JSON, links to new assets, structured content."""
    data = structured(result)
    links: list[types.ContentBlock] = []
    for asset_id in result.new_asset_ids():
        try:
            links.append(asset_link(services.assets.get(asset_id, tenant=tenant)))
        except AssetNotFoundError:
            log.warning("result names a missing asset %s", asset_id)
    text = types.TextContent(text=f"{result.summary()}\n{result.model_dump_json()}")
    return types.CallToolResult(content=[text, *links], structured_content=data)


async def run_capability(
    cap: Capability[Any, Any],
    arguments: Mapping[str, Any],
    services: Services,
    tenant: str,
    progress: ProgressFn,
) -> types.CallToolResult:
    """Run one capability in a worker thread; failures become tool errors.

    A cancelled request (the client gave up) asks the capability to stop at its next
    checkpoint (``ctx.cancelled``) and nothing half-written is kept.
    """
    request = {k: v for k, v in arguments.items() if k != MAX_USD_FIELD}
    try:
        approved = arguments.get(MAX_USD_FIELD)
        check_spend(cap.name, request, services.settings, services.assets,
                    float(approved) if isinstance(approved, int | float) else None,
                    capabilities=lambda: {cap.name: cap})
    except SpendNotApproved as exc:
        return error_result(f"Confirmation required: {exc.message} {exc.hint}")
    stop = threading.Event()
    ctx = services.capability_context(tenant, progress=progress, cancelled=stop.is_set)
    try:
        result = await anyio.to_thread.run_sync(
            cap.invoke, request, ctx, abandon_on_cancel=True
        )
    except anyio.get_cancelled_exc_class():
        stop.set()
        raise
    except CapabilityError as exc:
        log.info("%s failed for %s: %s", cap.name, tenant, exc)
        return error_result(f"Error: {exc.message} {exc.hint}".strip())
    except Exception:
        log.exception("%s failed unexpectedly", cap.name)
        return error_result(
            f"Error: {cap.name} failed unexpectedly. Nothing was changed; try again, or try "
            "different arguments."
        )
    return success_result(result, services, tenant)


def build_mcp_server(
    services: Services,
    tenant: Callable[[], str],
    *,
    agent: CreativeAgent | None = None,
) -> Server[Any]:
    """The MCP server over ``services``; every call runs as ``tenant()``.

    Args:
        services: Asset store, engines and settings of the deployment.
        tenant: Returns the tenant of the current request (a constant over stdio; the
            bearer token's tenant over HTTP, see :mod:`api.mcp_http`).
        agent: The AdCP creative agent (its agent URL and asset URLs); the default one
            otherwise.

    Returns:
        A low-level ``mcp`` server, ready for ``run`` (stdio, in-memory) or streamable HTTP.
    """
    tools = mcp_capabilities(services, agent)
    listing = [tool_of(cap) for cap in tools.values()]

    async def list_tools(
        ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listing)

    async def call_tool(
        ctx: ServerRequestContext[Any, Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        cap = tools.get(params.name)
        if cap is None:
            raise MCPError(
                types.INVALID_PARAMS,
                f"Unknown tool {params.name!r}; the tools are: {', '.join(tools)}.",
            )
        return await run_capability(
            cap, params.arguments or {}, services, tenant(), thread_progress(ctx)
        )

    async def list_resources(
        ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None
    ) -> types.ListResourcesResult:
        assets = await anyio.to_thread.run_sync(services.assets.list, tenant())
        return types.ListResourcesResult(resources=[_resource(a) for a in assets])

    async def list_templates(
        ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None
    ) -> types.ListResourceTemplatesResult:
        template = types.ResourceTemplate(
            uri_template=RESOURCE_PREFIX + "{asset_id}", name="asset",
            description="An image, video or storyboard of yours, by asset id.",
        )
        return types.ListResourceTemplatesResult(resource_templates=[template])

    async def read_resource(
        ctx: ServerRequestContext[Any, Any], params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        return await anyio.to_thread.run_sync(read_asset, services, str(params.uri), tenant())

    return Server(
        SERVER_NAME,
        version=_version(),
        instructions=INSTRUCTIONS,
        get_tool_input_schema=lambda name: input_schema(tools[name]) if name in tools else None,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_list_resource_templates=list_templates,
        on_read_resource=read_resource,
    )


def _resource(asset: Asset) -> types.Resource:
    link = asset_link(asset)
    return types.Resource(
        uri=link.uri, name=link.name, title=link.title, description=link.description,
        mime_type=link.mime_type, size=link.size,
    )


def read_asset(services: Services, uri: str, tenant: str) -> types.ReadResourceResult:
    """The bytes of ``adstudio://assets/<id>`` for ``tenant``.

    Raises:
        MCPError: Not an asset URI, or no such asset for this tenant.
    """
    asset_id = uri.removeprefix(RESOURCE_PREFIX)
    try:
        if not uri.startswith(RESOURCE_PREFIX):
            raise AssetNotFoundError(f"'{uri}' is not an adstudio asset URI.")
        asset = services.assets.get(asset_id, tenant=tenant)
        data = services.assets.read(asset.id)
    except AssetNotFoundError as exc:
        raise MCPError(types.INVALID_PARAMS, exc.message) from exc
    if asset.mime == "application/json":
        text = types.TextResourceContents(uri=uri, mime_type=asset.mime, text=data.decode())
        return types.ReadResourceResult(contents=[text])
    blob = types.BlobResourceContents(
        uri=uri, mime_type=asset.mime, blob=base64.b64encode(data).decode("ascii")
    )
    return types.ReadResourceResult(contents=[blob])


def _version() -> str:
    try:
        return version("adstudio")
    except PackageNotFoundError:
        return "0"


__all__ = ["build_mcp_server", "default_asset_url", "mcp_capabilities", "tool_of"]
