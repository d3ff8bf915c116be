"""``HEAD`` wherever ``GET`` serves content: the same status and headers, no body.

FastAPI routes answer only the methods they declare, so a ``HEAD`` (link checkers, CDNs,
``curl -I``, a video player probing the size) got 405. This middleware runs a ``HEAD`` as
the ``GET`` of the same path and drops the body. Which paths have a ``GET`` is read from
the app's OpenAPI schema; event streams are left out (their ``GET`` never ends, so their
``HEAD`` stays 405), and so are paths the schema does not list (the mounted UI and MCP
answer for themselves).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EVENT_STREAM = "text/event-stream"
Schema = Callable[[], dict[str, Any]]


def get_paths(schema: dict[str, Any]) -> list[re.Pattern[str]]:
    """Patterns of the schema's paths whose ``GET`` answers once (not an event stream)."""
    patterns = []
    for template, operations in schema.get("paths", {}).items():
        get = operations.get("get")
        if get is None:
            continue
        ok = get.get("responses", {}).get("200", {})
        if EVENT_STREAM not in ok.get("content", {}):
            patterns.append(compile_path(template)[0])
    return patterns


class HeadAsGet:
    """ASGI middleware: answer ``HEAD`` like ``GET`` (headers only) on the API's paths.

    Args:
        app: The wrapped application.
        schema: Returns the app's OpenAPI schema (read on the first ``HEAD``).
    """

    def __init__(self, app: ASGIApp, schema: Schema) -> None:
        self.app, self.schema = app, schema
        self._paths: list[re.Pattern[str]] | None = None

    def serves(self, path: str) -> bool:
        """Whether ``path`` has a ``GET`` that is not an event stream."""
        if self._paths is None:
            self._paths = get_paths(self.schema())
        return any(pattern.match(path) for pattern in self._paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run a ``HEAD`` of a ``GET`` path as that ``GET``, sending no body."""
        if scope["type"] != "http" or scope["method"] != "HEAD" or not self.serves(
            scope["path"]
        ):
            await self.app(scope, receive, send)
            return

        as_get = {**scope, "method": "GET"}

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            elif "route" in as_get:  # the metrics count it by its route
                scope["route"] = as_get["route"]
            await send(message)

        await self.app(as_get, receive, headers_only)
