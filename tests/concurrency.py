"""Run test work in several threads at once and collect what they raised."""

from __future__ import annotations

import threading
from collections.abc import Callable


def together(work: Callable[[int], object], count: int) -> list[BaseException]:
    """Run ``work(0..count-1)`` in threads started together; the errors they raised.

    An assertion that fails in a thread is returned too, so the test sees it.
    """
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            work(n)
        except BaseException as exc:  # noqa: BLE001 - reported to the caller
            errors.append(exc)

    workers = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors
