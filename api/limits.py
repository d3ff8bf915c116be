"""Request limits: runs per minute per key, uploads per minute per tenant, the body size."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response


class Limiter(Protocol):
    """What the routes ask of a rate limit (this process's, or one shared by replicas)."""

    limit: int

    def hit(self, key: str) -> int | None:
        """Count one hit for ``key``; None when allowed, else the seconds to wait (>= 1)."""

    def wait(self, key: str) -> int | None:
        """The seconds to wait before ``key`` may hit again (None: now), counting nothing."""

    def record(self, key: str) -> None:
        """Count a hit for ``key`` that was let through already."""

    def give_back(self, key: str) -> None:
        """Take back the newest hit of ``key`` (the request it counted was refused)."""


class RateLimiter:
    """A sliding-window limit: at most ``limit`` hits per ``window`` seconds per key.

    Args:
        limit: Hits allowed per window.
        window: Window length in seconds.
        clock: Monotonic seconds (tests pass a fake one).
    """

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> int | None:
        """Count one hit for ``key``; None when allowed, else the seconds to wait (>= 1)."""
        return self._check(key, count=True)

    def wait(self, key: str) -> int | None:
        """The seconds to wait before ``key`` may hit again (None: now), counting nothing.

        Lets a costly request be refused before its work while only a request that passed
        its checks is counted (:meth:`hit`).
        """
        return self._check(key, count=False)

    def record(self, key: str) -> None:
        """Count a hit for ``key`` that was let through already (work done after :meth:`wait`)."""
        with self._lock:
            self._hits.setdefault(key, deque()).append(self._clock())

    def give_back(self, key: str) -> None:
        """Take back the newest hit of ``key``: the request it was counted for was refused.

        Counting with :meth:`hit` before the work and giving the hit back when the request
        turns out to be refused keeps the limit exact under concurrent requests (checking
        first and counting after the work lets every request that checked at once through).
        """
        with self._lock:
            hits = self._hits.get(key)
            if hits:
                hits.pop()

    def _check(self, key: str, count: bool) -> int | None:
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, math.ceil(hits[0] + self.window - now))
            if count:
                hits.append(now)
            elif not hits:
                del self._hits[key]
            return None


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_bytes`` with 413.

    The declared ``Content-Length`` is checked first; a chunked body is counted as it
    arrives. Paths under ``skip`` (the Gradio UI, with its own limits) are not checked.

    Args:
        app: The wrapped application.
        max_bytes: Largest body accepted.
        skip: Path prefixes left alone.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, skip: tuple[str, ...] = ()) -> None:
        self.app, self.max_bytes, self.skip = app, max_bytes, skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or answer 413."""
        if scope["type"] != "http" or scope["path"].startswith(self.skip):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge()
            return message

        return counted

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413, "too_large", f"The request body is over {self.max_bytes / 1e6:.0f} MB.",
            hint="Send a smaller file or message.",
        )
        await response(scope, receive, send)


class BodyTooLarge(Exception):
    """A chunked request body went over the limit."""
