"""The driver: streams a job's pending work to a backend and records what comes back.

At most ``window`` steps are in flight, and products are read from the job store a page
at a time, so the driver's memory does not grow with the catalog. A product's steps run
in order (each needs the one before); different products run side by side. Ctrl-C stops
the run: steps in flight go back to ``pending`` and ``--resume`` picks them up.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from agent.settings import Settings
from batch.backends import Backend, InlineBackend, Outcome, ProcessBackend, RayBackend, StepFn
from batch.models import Product, RetryPolicy, StepResult, StepTask
from batch.steps import Inputs, steps_of
from batch.store import JobStore
from batch.worker import run_step

POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Tally:
    """Products finished so far, for the progress bar.

    Attributes:
        done: Products with every step done.
        failed: Products with a failed step.
        total: Valid products in the job.
    """

    done: int
    failed: int
    total: int


@dataclass(frozen=True)
class RunOptions:
    """How to run a job (per run: a resumed job may use other options).

    Attributes:
        workers: Local worker processes (0: in this process).
        ray: A Ray cluster's address, or ``auto``; None runs on local processes.
        retry: Retries of transient failures.
        window: Steps in flight at most (None: twice the backend's slots).
    """

    workers: int = max(1, os.cpu_count() or 1)
    ray: str | None = None
    retry: RetryPolicy = RetryPolicy()
    window: int | None = None


def make_backend(options: RunOptions, step: StepFn = run_step) -> Backend:
    """The backend ``options`` ask for (its workers start now).

    Raises:
        ConfigurationError: Ray is asked for but not installed, or no cluster answers.
    """
    if options.ray:
        return RayBackend(options.ray, step)
    if options.workers == 0:
        return InlineBackend(step)
    return ProcessBackend(options.workers, step)


class Driver:
    """Runs one job's pending steps on a backend, recording each result in the store.

    Args:
        store: The job store (the driver is its only writer).
        job: The job id.
        settings: The deployment settings the workers build their services from.
        backend: Where steps run.
        options: Retries and the in-flight window.
        report: Called with the tally after each finished product.
    """

    def __init__(self, store: JobStore, job: str, settings: Settings, backend: Backend,
                 options: RunOptions, report: Callable[[Tally], None]) -> None:
        self.store, self.job, self.settings = store, job, settings
        self.backend, self.options, self.report = backend, options, report
        self.window = options.window or 2 * backend.slots
        self.inflight: dict[Any, StepTask] = {}
        self.out = store.job(job).out
        counts = store.counts(job)
        # a failed product is tried again: it counts as pending until it finishes again
        self.tally = Tally(done=counts.done, failed=0, total=counts.valid)

    def run(self) -> None:
        """Run until every pending product has finished (done or failed)."""
        products: Iterator[tuple[int, Product]] = self.store.pending_products(self.job)
        more = True
        self.report(self.tally)
        while True:
            while more and len(self.inflight) < self.window:
                item = next(products, None)
                more = item is not None
                if item is not None:
                    self.start(item[1])
            if not self.inflight:
                return
            for handle, outcome in self.backend.finished(list(self.inflight), POLL_SECONDS):
                self.finish(self.inflight.pop(handle), outcome)

    def start(self, product: Product) -> None:
        """Submit a product's first step not yet done, with what its done steps made."""
        inputs: Inputs = {}
        for row in self.store.steps(self.job, product.id):
            if row.status != "done":
                self.submit(product, row.step, inputs)
                return
            inputs.update(row.result)

    def submit(self, product: Product, step: str, inputs: Inputs) -> None:
        """Hand one step to the backend."""
        task = StepTask(job=self.job, product=product, step=step, inputs=inputs,
                        settings=self.settings, out=self.out, retry=self.options.retry)
        self.store.mark_running(self.job, product.id, step)
        self.inflight[self.backend.submit(task)] = task

    def finish(self, task: StepTask, outcome: Outcome) -> None:
        """Record a step's outcome; submit the product's next step or count it finished."""
        result = outcome if isinstance(outcome, StepResult) else failure(task, outcome)
        self.store.record(self.job, result)
        names = [step.name for step in steps_of(task.product)]
        following = names[names.index(task.step) + 1:]
        if result.ok and following:
            self.submit(task.product, following[0], {**task.inputs, **result.result})
            return
        done, failed = self.tally.done + result.ok, self.tally.failed + (not result.ok)
        self.tally = Tally(done=done, failed=failed, total=self.tally.total)
        self.report(self.tally)


def failure(task: StepTask, error: BaseException) -> StepResult:
    """The result of a step whose worker itself failed (a dead process, a lost node)."""
    return StepResult(product_id=task.product.id, step=task.step, ok=False,
                      error=f"the worker running it failed ({type(error).__name__}: {error})")


def run_job(store: JobStore, job: str, settings: Settings, backend: Backend,
            options: RunOptions, report: Callable[[Tally], None]) -> float:
    """Run a job's pending work to the end on ``backend`` (closed after); return the seconds.

    The job is claimed for this process first (a dead driver's steps become pending).
    Ctrl-C cancels what has not started, hands the job back as ``interrupted`` and
    re-raises ``KeyboardInterrupt``.

    Raises:
        JobNotFoundError: No such job.
        JobBusyError: Another live process runs the job.
    """
    try:
        store.claim(job, os.getpid())
    except BaseException:
        backend.close(cancel=True)
        raise
    clock = time.perf_counter()
    try:
        Driver(store, job, settings, backend, options, report).run()
    except BaseException:
        backend.close(cancel=True)
        store.release(job, "interrupted")
        raise
    backend.close(cancel=False)
    store.release(job, "finished")
    return time.perf_counter() - clock
