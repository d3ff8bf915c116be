"""The driver: streams a job's pending work to a backend and records what comes back.

At most ``window`` tasks are in flight, and products are read from the job store a page
at a time, so the driver's memory does not grow with the catalog. A product's steps run
in order (each needs the one before): one task per step on local workers, one task for
all of them on Ray (so they share a machine); different products run side by side.
Ctrl-C stops the run: tasks in flight are cancelled, their steps go back to ``pending``
and ``--resume`` picks them up.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from batch.backends import (
    Backend,
    InlineBackend,
    Outcome,
    ProcessBackend,
    ProductFn,
    RayBackend,
    StepFn,
    Task,
)
from batch.drivers import DriverId
from batch.models import Product, ProductTask, RetryPolicy, StepResult, StepTask
from batch.steps import BY_NAME, Inputs, steps_of
from batch.store import BatchJobStore
from batch.worker import run_product, run_step
from core.settings import Settings

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


def make_backend(
    options: RunOptions, step: StepFn = run_step, product: ProductFn = run_product
) -> Backend:
    """The backend ``options`` ask for (its workers start now).

    Raises:
        ConfigurationError: Ray is asked for but not installed, or no cluster answers.
    """
    if options.ray:
        return RayBackend(options.ray, product)
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

    def __init__(self, store: BatchJobStore, job: str, settings: Settings, backend: Backend,
                 options: RunOptions, report: Callable[[Tally], None]) -> None:
        self.store, self.job, self.settings = store, job, settings
        self.backend, self.options, self.report = backend, options, report
        self.window = options.window or 2 * backend.slots
        self.inflight: dict[Any, Task] = {}
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
        """Submit a product's steps from the first not yet done, with what the done ones made."""
        inputs: Inputs = {}
        rows = self.store.steps(self.job, product.id)
        for number, row in enumerate(rows):
            if row.status != "done":
                self.submit(product, [r.step for r in rows[number:]], inputs)
                return
            inputs.update(row.result)

    def submit(self, product: Product, steps: list[str], inputs: Inputs) -> None:
        """Hand the product's next step to the backend (all of ``steps``, when it takes them)."""
        whole = self.backend.whole_products
        needs_photo = whole and any(BY_NAME[name].reads_photo for name in steps)
        photo = self.photo(product) if needs_photo else None
        first = StepTask(job=self.job, product=product, step=steps[0], inputs=inputs,
                         settings=self.settings, out=self.out, retry=self.options.retry,
                         photo=photo)
        task: Task = ProductTask(first, tuple(steps)) if whole else first
        self.store.mark_running(self.job, product.id, steps[0])
        self.inflight[self.backend.submit(task)] = task

    @staticmethod
    def photo(product: Product) -> bytes | None:
        """The photo's bytes, for a worker on another machine.

        None when it cannot be read: the worker then reports that as the step's failure.
        """
        try:
            return product.image.read_bytes()
        except OSError:
            return None

    def finish(self, task: Task, outcome: Outcome) -> None:
        """Record a task's outcome; submit the product's next step or count it finished."""
        if isinstance(task, ProductTask):
            self.finish_product(task, outcome)
            return
        result = results_of(task, outcome)[0]
        self.store.record(self.job, result)
        names = [step.name for step in steps_of(task.product)]
        following = names[names.index(task.step) + 1:]
        if result.ok and following:
            self.submit(task.product, following, {**task.inputs, **result.result})
            return
        self.count(result.ok)

    def finish_product(self, task: ProductTask, outcome: Outcome) -> None:
        """Record each step a product task ran (in order); count the product finished."""
        results = results_of(task.first, outcome)
        for number, result in enumerate(results):
            if number:  # the first step was marked running when the task was submitted
                self.store.mark_running(self.job, result.product_id, result.step)
            self.store.record(self.job, result)
        self.count(all(r.ok for r in results) and len(results) == len(task.steps))

    def count(self, ok: bool) -> None:
        """A product finished: done when ``ok``, else failed."""
        done, failed = self.tally.done + ok, self.tally.failed + (not ok)
        self.tally = Tally(done=done, failed=failed, total=self.tally.total)
        self.report(self.tally)


def results_of(first: StepTask, outcome: Outcome) -> list[StepResult]:
    """The step results an outcome holds; a worker's own failure fails the ``first`` step."""
    if isinstance(outcome, StepResult):
        return [outcome]
    if isinstance(outcome, BaseException):
        return [failure(first, outcome)]
    return outcome or [failure(first, RuntimeError("the task returned no result"))]


def failure(task: StepTask, error: BaseException) -> StepResult:
    """The result of a step whose worker itself failed (a dead process, a lost node)."""
    return StepResult(product_id=task.product.id, step=task.step, ok=False,
                      error=f"the worker running it failed ({type(error).__name__}: {error})")


def run_job(store: BatchJobStore, job: str, settings: Settings, backend: Backend,
            options: RunOptions, report: Callable[[Tally], None]) -> float:
    """Run a job's pending work to the end on ``backend`` (closed after); return the seconds.

    The job is claimed for this process first (a dead driver's steps become pending).
    Ctrl-C cancels what has not started, hands the job back as ``interrupted`` and
    re-raises ``KeyboardInterrupt``.

    Raises:
        BatchJobNotFoundError: No such job.
        JobIncompleteError: Its catalog was never checked to the end.
        JobBusyError: Another live process runs the job.
    """
    me = DriverId.this()
    try:
        store.claim(job, me)
    except BaseException:
        backend.close(cancel=True)
        raise
    clock = time.perf_counter()
    try:
        Driver(store, job, settings, backend, options, report).run()
    except BaseException:
        backend.close(cancel=True)
        store.release(job, "interrupted", me)
        raise
    backend.close(cancel=False)
    store.release(job, "finished", me)
    return time.perf_counter() - clock
