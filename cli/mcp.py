"""``adstudio mcp``: the MCP server on stdin/stdout, as one tenant.

For MCP hosts that start their servers as subprocesses (Claude Desktop, IDEs, agent
frameworks). Every tool call runs as ``tenant``; nothing but JSON-RPC is written to
stdout (logs go to stderr).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cli.console import console
from cli.options import DataDirOption, EngineOption, cli_settings
from core.errors import CapabilityError

if TYPE_CHECKING:
    from mcp.server import Server

    from core.settings import Settings


def mcp_server(
    tenant: Annotated[
        str | None, typer.Option(help="Tenant the tools act as (default: ADSTUDIO_TENANT).")
    ] = None,
    engine: EngineOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Serve the tools over MCP on stdin/stdout (for MCP hosts and agents)."""
    settings = cli_settings(engine, data_dir)
    try:
        serve_stdio(settings, tenant or settings.tenant)
    except CapabilityError as exc:
        console.print(f"[red]error:[/red] {exc.message}\n{exc.hint}")
        raise typer.Exit(2) from exc


def stdio_mcp_server(settings: Settings, tenant: str) -> Server:
    """The MCP server over the deployment's services, every call as ``tenant``.

    Raises:
        CapabilityError: The deployment is not set up (e.g. no AWS credentials on bedrock).
    """
    from api.mcp_server import build_mcp_server
    from tools.services import build_services

    services = build_services(settings)
    return build_mcp_server(services, lambda: tenant)


async def serve(server: Server) -> None:
    """Serve ``server`` on stdin/stdout until the client closes stdin."""
    from mcp.server.stdio import stdio_server

    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


def serve_stdio(settings: Settings, tenant: str) -> None:
    """Build the server and serve it on stdin/stdout (blocks until stdin closes)."""
    import anyio

    anyio.run(serve, stdio_mcp_server(settings, tenant))
