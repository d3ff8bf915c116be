"""Wake-ups: a worker thread tells the async SSE streams that follow a key that it changed.

A stream waits on an :class:`asyncio.Event` of its own, set from any thread through its
event loop, so an idle stream costs nothing until something happens (no polling).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator


class Wakeups:
    """Async waiters by key (a run id, a thread), woken from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}

    @contextlib.contextmanager
    def watch(self, key: str) -> Iterator[asyncio.Event]:
        """An event set on each :meth:`notify` of ``key`` while the block runs.

        Call it from a coroutine (the running loop is the one woken). Clear the event
        before looking at what changed, then wait on it: a change in between sets it again.
        """
        waiter = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            self._waiters.setdefault(key, set()).add(waiter)
        try:
            yield waiter[1]
        finally:
            with self._lock:
                waiters = self._waiters.get(key, set())
                waiters.discard(waiter)
                if not waiters:
                    self._waiters.pop(key, None)

    def notify(self, *keys: str) -> None:
        """Wake every waiter of ``keys`` (from any thread)."""
        with self._lock:
            waiters = [w for key in keys for w in self._waiters.get(key, ())]
        for loop, event in waiters:
            with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits anymore
                loop.call_soon_threadsafe(event.set)

    def watched(self) -> int:
        """How many waiters there are (tests: streams that ended let go of theirs)."""
        with self._lock:
            return sum(len(waiters) for waiters in self._waiters.values())


async def woken(event: asyncio.Event, timeout: float) -> bool:
    """Wait until ``event`` is set or ``timeout`` seconds pass; whether it was set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout)
    return event.is_set()
