"""Measure ``adstudio batch`` on this machine (``make bench``).

Throughput on the local engine for a generated catalog of 200 products × 1 placement
(square) × 2 variations, with 1 and with 2 worker processes, and the scaling ratio
(target >= 1.7). Then the driver's peak memory (Python allocations, tracemalloc) for 200
and 1,000 products: those runs use a no-op step in the workers, so only the driver's
work (validation pass, job store, in-flight window, manifests) is measured; the target is
that it does not grow with the catalog.
"""

from __future__ import annotations

import csv
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from batch.catalog import RowChecker
from batch.models import OutputFile, RowDefaults, StepResult, StepTask
from batch.output import write_outputs
from batch.plan import plan_catalog
from batch.run import RunOptions, make_backend, run_job
from batch.storage import LocalStorage
from batch.store import BatchJobStore
from core.settings import Settings
from evals.recipes import bottle_on_white
from tools.services import build_services

PRODUCTS = 200
BIG = 1000
THUMB = bytes(6000)  # about what a real contact-sheet thumbnail weighs


def noop_step(task: StepTask) -> StepResult:
    """A step that makes nothing: the workers answer at once, the driver does all its work."""
    files = [OutputFile(asset_id=f"img_{task.product.id}_{i}", kind="ad_image",
                        key=f"{task.product.id}/{task.product.id}-0{i}-square.png",
                        placement="square", thumb=THUMB) for i in (1, 2)]
    return StepResult(product_id=task.product.id, step=task.step, ok=True, outputs=files,
                      result={"ads": [f.asset_id for f in files]})


def write_catalog(folder: Path, count: int) -> Path:
    """``count`` products on one drawn 320 px photo, 1 placement × 2 variations each."""
    photo, _ = bottle_on_white()
    photo.resize((320, 400), Image.Resampling.LANCZOS).save(folder / "bottle.png")
    path = folder / f"catalog-{count}.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["id", "title", "description", "image", "placements", "variations"])
        for i in range(count):
            writer.writerow([f"P{i:05d}", f"Insulated bottle {i}",
                             "Keeps drinks cold 24 h. Summer hiking campaign.", "bottle.png",
                             "square", 2])
    return path


def plan(folder: Path, settings: Settings, catalog: Path) -> tuple[BatchJobStore, str]:
    """A job of ``catalog``, checked and recorded (the validation pass)."""
    services = build_services(settings)
    store = BatchJobStore(settings.data_dir / "batch.sqlite")
    job = store.create_job(str(catalog), str(folder / "out"))
    checker = RowChecker(base_dir=folder, defaults=RowDefaults(), policy=services.policy("default"),
                         brand_kits=services.brand_kits, max_bytes=2**24, max_pixels=10**7,
                         tenant=settings.tenant)
    plan_catalog(store, job, catalog, checker, settings, lambda row: None)
    return store, job


def throughput(folder: Path, workers: int) -> float:
    """Products per minute of a real run with ``workers`` processes (start-up excluded)."""
    settings = Settings(data_dir=folder / f"data-{workers}")
    store, job = plan(folder, settings, write_catalog(folder, PRODUCTS))
    options = RunOptions(workers=workers)
    backend = make_backend(options)
    seconds = run_job(store, job, settings, backend, options, lambda tally: None)
    assert store.counts(job).done == PRODUCTS, "some products failed"
    return PRODUCTS / seconds * 60


def peak_mib(work: Callable[[], object]) -> float:
    """Peak Python allocations of this process (the driver) while ``work`` runs, in MiB."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def driver_memory(folder: Path, count: int) -> tuple[float, float]:
    """The driver's peak MiB for ``count`` products: planning + run, then the manifests."""
    settings = Settings(data_dir=folder / f"mem-{count}")
    catalog = write_catalog(folder, count)
    jobs: list[tuple[BatchJobStore, str]] = []

    def plan_and_run() -> None:
        store, job = plan(folder, settings, catalog)
        options = RunOptions(workers=2)
        run_job(store, job, settings, make_backend(options, noop_step), options, lambda t: None)
        jobs.append((store, job))

    running = peak_mib(plan_and_run)
    store, job = jobs[0]
    writing = peak_mib(lambda: write_outputs(store, job, LocalStorage(folder / f"out-{count}")))
    return running, writing


def main() -> None:
    """Print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"batch: {PRODUCTS} products x 1 placement (square) x 2 variations, local engine")
        rates = {}
        for workers in (1, 2):
            start = time.perf_counter()
            rates[workers] = throughput(folder, workers)
            print(f"{f'  {workers} worker(s)':<46}{rates[workers]:>8.1f} products/min"
                  f"  ({time.perf_counter() - start:.0f} s with planning)")
        ratio = rates[2] / rates[1]
        verdict = "ok" if ratio >= 1.7 else "under target"
        print(f"{'  scaling 1 -> 2 workers':<46}{ratio:>8.2f}x (target 1.7x) {verdict}")
        print("driver peak memory (tracemalloc; workers run a no-op step):")
        for count in (PRODUCTS, BIG):
            running, writing = driver_memory(folder, count)
            print(f"{f'  {count} products: plan + run':<46}{running:>8.2f} MiB")
            print(f"{f'  {count} products: manifests + contact sheet':<46}{writing:>8.2f} MiB")


if __name__ == "__main__":
    main()
