"""A producer prefetched on a worker thread: order, errors, early stops, bounded lead."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from engines.local.encoding.prefetch import Prefetched


def test_items_arrive_in_order_and_the_worker_ends() -> None:
    with Prefetched(range(100), depth=3) as items:
        assert list(items) == list(range(100))
    assert not any(t.name == "prefetch" for t in threading.enumerate())


def test_a_producer_error_is_raised_in_the_consumer() -> None:
    def broken() -> Iterator[int]:
        yield 1
        raise RuntimeError("renderer failed")

    with Prefetched(broken()) as items, pytest.raises(RuntimeError, match="renderer failed"):
        assert next(items) == 1
        next(items)


def test_stopping_early_closes_the_producer_on_its_thread() -> None:
    made: list[int] = []
    closed = threading.Event()

    def endless() -> Iterator[int]:
        try:
            n = 0
            while True:
                made.append(n)
                yield n
                n += 1
        finally:
            closed.set()

    with Prefetched(endless(), depth=2, name="endless") as items:
        assert [next(items) for _ in range(5)] == [0, 1, 2, 3, 4]
        time.sleep(0.05)
        ahead = len(made) - 5
    assert closed.is_set() and 0 <= ahead <= 2 + 1  # the queue, plus the item in hand
    assert not any(t.name == "endless" for t in threading.enumerate())


def test_the_consumer_may_leave_on_its_own_error() -> None:
    with pytest.raises(KeyError), Prefetched(iter(range(1000)), depth=1) as items:
        next(items)
        raise KeyError("consumer failed")
    assert not any(t.name == "prefetch" for t in threading.enumerate())
