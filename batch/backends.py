"""Where the steps run: local worker processes, this process, or a Ray cluster.

No scheduler is written here: a ``ProcessPoolExecutor`` or Ray runs the work, the job
store tracks it. Each backend takes a step function and tasks, and hands back results as
they finish; a failure of the machinery itself (a worker process that died, a lost Ray
node) comes back as the exception, which the driver records as the step's failure.

Local backends run one step per task. Ray runs one task per product (its steps in order,
with the photo's bytes in the task): on a cluster of several machines a step's assets
exist only on the machine that made them, and the next step must find them there.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, Protocol

import cv2

from batch.models import ProductTask, StepResult, StepTask
from batch.worker import init_worker
from core.errors import ConfigurationError

log = logging.getLogger(__name__)

THREADS_PER_WORKER = 1
"""Threads a pool worker may use: one core each, so ``--workers N`` is N cores of work."""

StepFn = Callable[[StepTask], StepResult]
ProductFn = Callable[[ProductTask], list[StepResult]]
Task = StepTask | ProductTask
Outcome = StepResult | list[StepResult] | BaseException


class Backend(Protocol):
    """Runs step tasks and reports them as they finish."""

    slots: int
    """How many tasks it runs at once (the driver keeps about twice that in flight)."""

    whole_products: bool
    """Whether it takes :class:`ProductTask` (a product's steps at once, outcome: their
    results) instead of :class:`StepTask` (one step, outcome: its result)."""

    def submit(self, task: Any) -> Any:
        """Start ``task``; return a handle for :meth:`finished`."""

    def finished(self, handles: Sequence[Any], timeout: float) -> list[tuple[Any, Outcome]]:
        """The handles done within ``timeout`` seconds (maybe none), with their outcomes."""

    def close(self, cancel: bool) -> None:
        """Stop; ``cancel`` drops the tasks not yet started instead of waiting for them."""


class ProcessBackend:
    """Worker processes on this machine; each builds its own services on first use.

    On Linux the workers are forked, all at once, when the backend is made: make it before
    starting threads (a progress bar), since a fork copies only the calling thread. They
    start in milliseconds instead of re-importing adstudio (seconds each when spawned).

    Args:
        workers: How many processes.
        step: The step function (importable: spawned workers get it by name).
    """

    whole_products = False

    def __init__(self, workers: int, step: StepFn) -> None:
        self.slots = workers
        self.step = step
        self.pool = self._pool()

    def _pool(self) -> ProcessPoolExecutor:
        method = "fork" if sys.platform == "linux" else "spawn"
        driver_threads = cv2.getNumThreads()
        cv2.setNumThreads(THREADS_PER_WORKER)  # what forked workers inherit
        try:
            pool = ProcessPoolExecutor(max_workers=self.slots, mp_context=get_context(method),
                                       initializer=init_worker,
                                       initargs=(os.getpid(), THREADS_PER_WORKER))
            pool.submit(os.getpid).result()  # starts every worker now
        finally:
            cv2.setNumThreads(driver_threads)
        return pool

    def submit(self, task: StepTask) -> Future[StepResult]:
        """Queue ``task``; a pool broken by a dead worker is replaced first."""
        try:
            return self.pool.submit(self.step, task)
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._pool()
            return self.pool.submit(self.step, task)

    def finished(
        self, handles: Sequence[Future[StepResult]], timeout: float
    ) -> list[tuple[Any, Outcome]]:
        """Futures done within ``timeout``."""
        done, _ = wait(handles, timeout=timeout, return_when=FIRST_COMPLETED)
        return [(future, future.exception() or future.result()) for future in done]

    def close(self, cancel: bool) -> None:
        """Shut the pool down (without waiting when cancelling)."""
        self.pool.shutdown(wait=not cancel, cancel_futures=cancel)


class InlineBackend:
    """Runs each task in this process as it is submitted (``--workers 0``: for debugging)."""

    whole_products = False

    def __init__(self, step: StepFn) -> None:
        self.slots = 1
        self.step = step
        self._results: dict[int, Outcome] = {}
        self._next = 0

    def submit(self, task: StepTask) -> int:
        """Run ``task`` now (an exception is its outcome, as from a worker process)."""
        self._next += 1
        try:
            self._results[self._next] = self.step(task)
        except Exception as exc:
            self._results[self._next] = exc
        return self._next

    def finished(self, handles: Sequence[int], timeout: float) -> list[tuple[Any, Outcome]]:
        """Every submitted task (they are all done)."""
        return [(handle, self._results.pop(handle)) for handle in handles]

    def close(self, cancel: bool) -> None:
        """Nothing to stop."""


class RayBackend:
    """Ray tasks on an existing cluster (or the Ray instance this process already started).

    One task per product: its steps run in order on one machine (see the module's note).

    Args:
        address: ``auto`` (the cluster this machine belongs to) or the head's address.
        product: The product function, sent to the cluster as a Ray remote function.

    Raises:
        ConfigurationError: Ray is not installed, or no cluster answers at ``address``.
    """

    whole_products = True

    def __init__(self, address: str, product: ProductFn) -> None:
        try:
            self.ray = importlib.import_module("ray")
        except ImportError as exc:
            raise ConfigurationError(
                "--ray needs Ray, which is not installed.",
                hint="Install the extra: pip install 'adstudio[ray]' (make install does).",
            ) from exc
        self.started = not self.ray.is_initialized()
        if self.started:
            self._connect(address)
        self.slots = max(1, int(self.ray.cluster_resources().get("CPU", 1)))
        self.remote = self.ray.remote(product)
        self.running: set[Any] = set()

    def _connect(self, address: str) -> None:
        try:
            self.ray.init(address=address, log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ConfigurationError(
                f"No Ray cluster answers at {address!r}: {exc}",
                hint="Start one (`ray start --head`) or pass its head's address, "
                "e.g. --ray 10.0.0.5:6379; --ray auto finds the local one.",
            ) from exc

    def submit(self, task: ProductTask) -> Any:
        """Start a product's steps as one Ray task."""
        ref = self.remote.remote(task)
        self.running.add(ref)
        return ref

    def finished(self, handles: Sequence[Any], timeout: float) -> list[tuple[Any, Outcome]]:
        """Object refs ready within ``timeout`` (then every other one already ready)."""
        ready, rest = self.ray.wait(list(handles), num_returns=1, timeout=timeout)
        if ready and rest:
            more, _ = self.ray.wait(rest, num_returns=len(rest), timeout=0)
            ready += more
        self.running.difference_update(ready)
        return [(ref, self._get(ref)) for ref in ready]

    def _get(self, ref: Any) -> Outcome:
        try:
            results: list[StepResult] = self.ray.get(ref)
        except Exception as exc:  # a lost worker or node: the step failed, the batch goes on
            return exc
        return results

    def close(self, cancel: bool) -> None:
        """Cancel the tasks in flight when ``cancel``; disconnect when this backend connected.

        A caller's Ray instance stays up.
        """
        if cancel:
            for ref in list(self.running):
                try:
                    self.ray.cancel(ref)
                except Exception as exc:  # one that cannot be cancelled must not stop the rest
                    log.warning("could not cancel a Ray task: %s", exc)
            self.running.clear()
        if self.started:
            self.ray.shutdown()
