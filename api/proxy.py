"""The chat UI behind a reverse proxy: refused while ``auto`` auth leaves it open on loopback.

Under ``ADSTUDIO_API_AUTH=auto`` on 127.0.0.1 the UI has no login, which is fine for the
person at this machine. A reverse proxy on the same machine forwards other people's
requests, so those (they carry ``Forwarded``, ``X-Forwarded-For`` or ``X-Real-IP``) get
403 with what to set instead. The API and MCP ask such requests for a key instead
(``api.auth.keys_needed``); the UI has no key to ask for.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from api.auth import behind_proxy
from api.errors import error_response


class ProxiedUiGuard:
    """ASGI middleware: 403 for proxied requests under ``path`` (the key-less UI).

    Args:
        app: The wrapped application.
        path: The UI's mount path.
    """

    def __init__(self, app: ASGIApp, path: str) -> None:
        self.app, self.path = app, path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a proxied request for the UI; pass everything else on."""
        if scope["type"] in ("http", "websocket") and _under(scope["path"], self.path) \
                and behind_proxy(scope.get("headers", [])):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            response = error_response(
                403, "forbidden", "The chat UI has no login on this server, so it is not "
                "served through a reverse proxy.",
                hint="Set ADSTUDIO_API_AUTH=keys (the UI then asks for a tenant and key), "
                "or open the UI on this machine.",
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")
