"""``adstudio mcp``: the MCP server on stdin/stdout, as one tenant.

For MCP hosts that start their servers as subprocesses (Claude Desktop, IDEs, agent
frameworks). Every tool call runs as ``tenant``; nothing but JSON-RPC is written to
stdout (logs go to stderr).
"""

from __future__ import annotations

import anyio
from mcp.server import Server
from mcp.server.stdio import stdio_server

from api.mcp_server import build_mcp_server
from core.settings import Settings
from tools.services import build_services


def stdio_mcp_server(settings: Settings, tenant: str) -> Server:
    """The MCP server over the deployment's services, every call as ``tenant``.

    Raises:
        CapabilityError: The deployment is not set up (e.g. no AWS credentials on bedrock).
    """
    services = build_services(settings)
    return build_mcp_server(services, lambda: tenant)


async def serve(server: Server) -> None:
    """Serve ``server`` on stdin/stdout until the client closes stdin."""
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


def serve_stdio(settings: Settings, tenant: str) -> None:
    """Build the server and serve it on stdin/stdout (blocks until stdin closes)."""
    anyio.run(serve, stdio_mcp_server(settings, tenant))
