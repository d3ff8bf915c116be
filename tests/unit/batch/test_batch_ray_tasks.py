"""The Ray backend's contract, with a stand-in for Ray (the real one: tests/integration).

On a cluster each task may land on another machine: it gets the photo's bytes (never the
driver's path) and a product's steps run in one task, where the assets they share are.
Ctrl-C cancels every task in flight.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from batch.models import ProductTask, StepResult
from batch.run import RunOptions, Tally, make_backend, run_job
from batch.store import BatchJobStore
from core.settings import Settings
from tests.batch_fixtures import draw_mug, planned_job


class FakeRay:
    """Stands in for the ``ray`` module of a connected driver.

    A task is pickled when submitted, as Ray ships it to another machine, and runs when
    it is waited for: one task finishes per wait, none is ready at once.
    """

    def __init__(self, before_run: Callable[[], None] = lambda: None) -> None:
        self.before_run = before_run
        self.tasks: dict[int, tuple[Callable[[Any], Any], bytes]] = {}
        self.cancelled: list[int] = []
        self.shutdowns = 0

    def is_initialized(self) -> bool:
        return True

    def cluster_resources(self) -> dict[str, float]:
        return {"CPU": 2.0}

    def remote(self, function: Callable[[Any], Any]) -> Any:
        ray = self

        class Remote:
            def remote(self, task: Any) -> int:
                ref = len(ray.tasks)
                ray.tasks[ref] = (function, pickle.dumps(task))
                return ref

        return Remote()

    def wait(self, refs: Sequence[int], num_returns: int, timeout: float) -> tuple[list[int],
                                                                                  list[int]]:
        ready = list(refs[:1]) if timeout else []
        return ready, [ref for ref in refs if ref not in ready]

    def get(self, ref: int) -> Any:
        function, task = self.tasks[ref]
        self.before_run()
        return function(pickle.loads(task))

    def cancel(self, ref: int) -> None:
        self.cancelled.append(ref)

    def shutdown(self) -> None:
        self.shutdowns += 1


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    return draw_mug(tmp_path / "mug.png")


def test_a_products_steps_run_in_one_task_carrying_the_photos_bytes(
    tmp_path: Path, photo: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ray = FakeRay(before_run=lambda: photo.unlink(missing_ok=True))  # not on that machine
    monkeypatch.setitem(sys.modules, "ray", ray)
    store = BatchJobStore(settings.data_dir / "batch.sqlite")
    job = planned_job(store, photo, 2, tmp_path / "out")
    options = RunOptions(ray="auto")
    tallies: list[Tally] = []
    run_job(store, job, settings, make_backend(options), options, tallies.append)

    assert tallies[-1] == Tally(done=2, failed=0, total=2), list(store.problems(job))
    sent = [pickle.loads(task) for _, task in ray.tasks.values()]
    assert [type(task) for task in sent] == [ProductTask, ProductTask]  # one per product
    assert [t.steps for t in sent] == [("extract_features", "generate_ad_images")] * 2
    assert all(t.first.photo and t.first.photo.startswith(b"\x89PNG") for t in sent)
    for entry in store.products(job):
        assert {s.status for s in entry["steps"].values()} == {"done"}
        assert [o["kind"] for o in entry["outputs"]] == ["features", "ad_image"]
    assert ray.shutdowns == 0  # the caller's Ray instance stays up


def test_ctrl_c_cancels_every_ray_task_in_flight(
    tmp_path: Path, photo: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ray = FakeRay()
    monkeypatch.setitem(sys.modules, "ray", ray)
    store = BatchJobStore(settings.data_dir / "batch.sqlite")
    job = planned_job(store, photo, 6, tmp_path / "out")

    def steps_done(task: ProductTask) -> list[StepResult]:
        return [StepResult(product_id=task.first.product.id, step=step, ok=True)
                for step in task.steps]

    def ctrl_c_after_the_first_product(tally: Tally) -> None:
        if tally.done:
            raise KeyboardInterrupt

    options = RunOptions(ray="auto")
    backend = make_backend(options, product=steps_done)
    with pytest.raises(KeyboardInterrupt):
        run_job(store, job, settings, backend, options, ctrl_c_after_the_first_product)
    assert sorted(ray.cancelled) == [1, 2, 3]  # 4 in flight (2 CPUs x 2), 1 finished
    assert store.job(job).status == "interrupted"
    counts = store.counts(job)
    assert (counts.done, counts.pending) == (1, 5)
    (running,) = {s.status for e in store.products(job) if e["product_id"] != "P0"
                  for s in e["steps"].values()}
    assert running == "pending"  # the cancelled products' steps are picked up on resume
