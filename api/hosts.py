"""A key-less server answers only requests addressed to this machine (DNS rebinding).

With no API key asked (``ADSTUDIO_API_AUTH=none``, or ``auto`` on loopback), any web page
the user opens could point a host name of its own at 127.0.0.1 and drive the API from the
browser: spend money, read threads. Browsers always send the name they resolved as
``Host``; this middleware answers 403 unless that name is 127.0.0.1, localhost or [::1].
The MCP endpoint has the same check of its own; requests that must bring a key (through a
proxy under ``auto``) are left to the key check.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from api.auth import is_loopback, keys_needed
from api.errors import error_response
from core.settings import Settings


def host_name(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The host name of the request's ``Host`` header, without its port (None: no header)."""
    for name, value in headers:
        if name.lower() == b"host":
            host = value.decode("latin-1").strip()
            if host.startswith("["):  # "[::1]:7860"
                return host[1:].split("]", 1)[0]
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return None


class LoopbackHosts:
    """ASGI middleware: 403 for a key-less request addressed to another host name.

    Args:
        app: The wrapped application.
        settings: The deployment's settings (whether a proxied request needs a key).
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a request for another host name; pass everything else on."""
        headers = scope.get("headers", [])
        if scope["type"] in ("http", "websocket") and not keys_needed(
                self.settings, "none", headers):
            name = host_name(headers)
            if name is not None and not is_loopback(name):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                response = error_response(
                    403, "forbidden", f"This server asks for no API key, so it only answers "
                    f"requests addressed to 127.0.0.1 or localhost, not to {name!r}.",
                    hint="Open it as http://127.0.0.1:<port>, or set ADSTUDIO_API_AUTH=keys "
                    "to serve it under another name.",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
