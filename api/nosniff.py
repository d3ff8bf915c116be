"""``X-Content-Type-Options: nosniff`` on every response, so browsers trust only the declared type.

Without it a browser may sniff an uploaded "image" (or a CSV) as HTML and run it.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = (b"x-content-type-options", b"nosniff")


class NoSniff:
    """ASGI middleware: add ``X-Content-Type-Options: nosniff`` to every HTTP response.

    Args:
        app: The wrapped application (the API, the UI and MCP mounted in it).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; stamp the header on the response's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != HEADER[0]]
                message = {**message, "headers": [*headers, HEADER]}
            await send(message)

        await self.app(scope, receive, stamped)
