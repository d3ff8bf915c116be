"""Run a producer (a frame renderer) on its own thread, a few items ahead of its consumer.

Rendering (NumPy, OpenCV) and encoding (x264 through PyAV) both release the GIL, so a
renderer prefetched on a second thread keeps the second core busy while the encoder works.
The producer stops as soon as the consumer closes the stream (a cancel, an error), and an
exception the producer raises is raised again in the consumer, with its traceback.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")
_WAIT_SECONDS = 0.05


class Prefetched(Generic[T]):
    """Iterate ``items`` on a worker thread, at most ``depth`` items ahead.

    Use as a context manager, so the worker is always stopped and joined::

        with Prefetched(render_frames(), depth=4) as frames:
            for frame in frames:
                encode(frame)

    Args:
        items: What to produce (a generator is closed on the worker thread when stopped).
        depth: How many produced items may wait for the consumer.
        name: The worker thread's name.
    """

    def __init__(self, items: Iterable[T], depth: int = 4, name: str = "prefetch") -> None:
        self._items = items
        self._queue: queue.Queue[tuple[bool, T | BaseException | None]] = queue.Queue(depth)
        self._stop = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=self._fill, name=name, daemon=True)

    def __enter__(self) -> Iterator[T]:
        self._thread.start()
        return self._iterate()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker (it finishes the item in hand) and wait for it."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _iterate(self) -> Iterator[T]:
        while not self._done:
            produced, value = self._queue.get()
            if produced:
                yield value  # type: ignore[misc]
                continue
            self._done = True
            if isinstance(value, BaseException):
                raise value

    def _fill(self) -> None:
        items = iter(self._items)
        try:
            for item in items:
                if not self._put((True, item)):
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            self._put((False, exc))
            return
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
        self._put((False, None))

    def _put(self, entry: tuple[bool, T | BaseException | None]) -> bool:
        """Queue ``entry`` unless the consumer stopped first; False when it did."""
        while not self._stop.is_set():
            try:
                self._queue.put(entry, timeout=_WAIT_SECONDS)
                return True
            except queue.Full:
                continue
        return False
