"""What a worker runs: one product × step, from its task to its result (with retries).

:func:`run_step` runs in a local worker process; :func:`run_product` runs a product's
steps in order in one Ray task, so they share the machine whose asset store holds what
the earlier steps made. A worker builds its own services (asset store, engines) from the
task's settings, once per process, and never touches the job store: it returns
:class:`StepResult` objects and the driver records them.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import cv2

from batch.models import OutputFile, ProductTask, StepResult, StepTask
from batch.retry import call_with_retries
from batch.steps import BY_NAME
from batch.storage import LocalStorage, S3Storage, open_storage
from core.errors import CapabilityError
from core.settings import Settings
from tools.cost import estimate, spent
from tools.sdk import CapabilityContext, registry
from tools.services import Services, build_services

log = logging.getLogger(__name__)

# Built once per worker process: services hold no per-run state, only the deployment's.
_SERVICES: dict[str, Services] = {}
_STORAGES: dict[str, LocalStorage | S3Storage] = {}
_THREADS = [0]  # this process's share of the cores (0: not shared out, use them all)

Done = tuple[list[OutputFile], dict[str, Any], float, list[str]]


def services_for(settings: Settings) -> Services:
    """This process's services for ``settings`` (built on first use)."""
    key = settings.model_dump_json()
    if key not in _SERVICES:
        _SERVICES[key] = build_services(settings)
    return _SERVICES[key]


def storage_for(out: str) -> LocalStorage | S3Storage:
    """This process's output storage for ``out`` (one S3 client per process)."""
    if out not in _STORAGES:
        _STORAGES[out] = open_storage(out)
    return _STORAGES[out]


def share_cores(threads: int) -> None:
    """Let this worker process use ``threads`` threads, OpenCV's own included.

    A pool's workers use one core each (:data:`batch.backends.THREADS_PER_WORKER`), as a
    Ray task holds one CPU: ``--workers N`` is N cores' worth of work (the default, one
    worker per core, keeps every core busy), and workers never fight over cores. A forked
    worker inherits OpenCV's setting from the driver (changing it after a fork hangs
    OpenCV's thread pool), so it is only changed here when it differs.
    """
    _THREADS[0] = max(1, threads)
    if cv2.getNumThreads() != _THREADS[0]:
        cv2.setNumThreads(_THREADS[0])


def capability_context(services: Services, task: StepTask) -> CapabilityContext:
    """What the capability may use: the run's tenant, the product's seed, an audit thread."""
    tenant = services.settings.tenant
    return services.capability_context(
        tenant, seed=task.product.base_seed(), thread=f"batch-{task.job}",
        threads=_THREADS[0] or (os.cpu_count() or 1),
    )


def execute(task: StepTask) -> Done:
    """Call the step's capability once and write its files.

    Returns:
        The files written, what later steps need, what it spent (the model calls that
        answered and were used, see :func:`tools.cost.spent`), the notes.
    """
    services = services_for(task.settings)
    step = BY_NAME[task.step]
    inputs = dict(task.inputs)
    if step.prepare is not None:
        inputs.update(step.prepare(task, services))
    request = step.request(task.product, inputs)
    expected = estimate(task.step, request, task.settings, services.assets)
    result = registry()[task.step].invoke(request, capability_context(services, task))
    outputs = step.save(result, task.product, services.assets, storage_for(task.out))
    made = result.model_dump(mode="json")
    cost = spent(task.step, expected, made, task.settings, services.assets).usd
    carried = step.carry(result)
    return outputs, carried, cost, list(carried.pop("notes", None) or [])


def run_step(task: StepTask) -> StepResult:
    """Run one product × step with retries; a failure becomes a failed result, not a crash."""
    started, clock, attempts = datetime.now(UTC), time.perf_counter(), 0

    def attempt() -> Done:
        nonlocal attempts
        attempts += 1
        return execute(task)

    base = {"product_id": task.product.id, "step": task.step, "started": started}
    try:
        outputs, carried, cost, notes = call_with_retries(attempt, task.retry)
    except CapabilityError as exc:
        error = f"{exc.message} {exc.hint}".strip()
    except Exception as exc:  # one product's unexpected failure must not end the batch
        log.exception("%s of %s failed", task.step, task.product.id)
        error = f"unexpected error ({type(exc).__name__}: {exc})"
    else:
        return StepResult(**base, ok=True, outputs=outputs, result=carried, cost_usd=cost,
                          notes=notes, attempts=attempts, seconds=time.perf_counter() - clock)
    return StepResult(**base, ok=False, error=error, attempts=attempts,
                      seconds=time.perf_counter() - clock)


def run_product(task: ProductTask) -> list[StepResult]:
    """Run a product's steps in order, each with what the ones before made; stop at a failure.

    Returns:
        One result per step run (the last one failed when the product did).
    """
    results: list[StepResult] = []
    inputs = dict(task.first.inputs)
    for name in task.steps:
        result = run_step(replace(task.first, step=name, inputs=inputs))
        results.append(result)
        if not result.ok:
            break
        inputs = {**inputs, **result.result}
    return results


def init_worker(driver_pid: int, threads: int = 0) -> None:
    """Set up a local worker process: Ctrl-C is the driver's, and the driver's death ends it.

    ``threads`` (when set) is the worker's share of the cores (:func:`share_cores`).

    A driver killed with SIGKILL cannot stop its workers; each one notices its parent is
    gone within a second and exits, so no orphan keeps running.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if threads:
        share_cores(threads)

    def watch() -> None:
        while os.getppid() == driver_pid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="driver-watch", daemon=True).start()
