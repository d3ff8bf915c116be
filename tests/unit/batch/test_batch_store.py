"""The job store and the plan: duplicates, claiming a job, recording results, the estimate."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from batch.catalog import RowChecker
from batch.drivers import DriverId
from batch.models import OutputFile, Product, RowDefaults, RowProblem, StepResult
from batch.output import write_outputs
from batch.plan import plan_catalog, plan_remaining
from batch.storage import LocalStorage
from batch.store import BatchJobNotFoundError, BatchJobStore, JobBusyError, JobIncompleteError
from core.settings import Settings
from core.storage.brandkit import BrandKitStore
from policy.text import load_policy


@pytest.fixture
def store(tmp_path: Path) -> BatchJobStore:
    return BatchJobStore(tmp_path / "batch.sqlite")


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "p.png"
    Image.new("RGB", (64, 64), (200, 30, 30)).save(path)
    return path


def product(photo: Path, pid: str, animate: bool = False) -> Product:
    return Product(id=pid, title=f"Product {pid}", image=photo, placements=["square", "story"],
                   variations=2, animate=animate)


def test_a_duplicate_id_is_a_problem_naming_the_first_line(
    store: BatchJobStore, photo: Path
) -> None:
    job = store.create_job("c.csv", "out")
    kept = list(store.add_rows(job, [(2, product(photo, "A")), (3, product(photo, "B", True)),
                                     (4, product(photo, "A"))]))
    assert isinstance(kept[2], RowProblem)
    assert "duplicate product id 'A' (first used on line 2)" in kept[2].message
    assert [s.step for s in store.steps(job, "A")] == ["extract_features", "generate_ad_images"]
    assert len(store.steps(job, "B")) == 3  # animate adds a step
    counts = store.counts(job)
    assert (counts.valid, counts.invalid, counts.pending) == (2, 1, 2)
    assert [(p.line, p.product_id) for p in store.problems(job)] == [(4, "A")]


def planned_job(store: BatchJobStore, photo: Path, *ids: str) -> str:
    job = store.create_job("c.csv", "out")
    list(store.add_rows(job, [(n + 2, product(photo, pid)) for n, pid in enumerate(ids)]))
    store.planned(job)
    return job


def test_claiming_a_job_resets_a_dead_drivers_running_steps(
    store: BatchJobStore, photo: Path
) -> None:
    job = planned_job(store, photo, "A")
    store.claim(job, DriverId.of(999_999_999))  # a driver that no longer exists
    store.mark_running(job, "A", "extract_features")
    assert store.steps(job, "A")[0].status == "running"
    claimed = store.claim(job)
    assert claimed.driver() == DriverId.this() and claimed.status == "running"
    first = store.steps(job, "A")[0]
    assert (first.status, first.attempts) == ("pending", 1)


def test_a_job_run_by_a_live_process_cannot_be_claimed(store: BatchJobStore, photo: Path) -> None:
    job = planned_job(store, photo)
    store.claim(job, DriverId.of(os.getppid()))  # alive: our parent
    with pytest.raises(JobBusyError, match=str(os.getppid())):
        store.claim(job)
    with pytest.raises(BatchJobNotFoundError):
        store.job("job_nothere")


def test_a_reused_pid_of_a_dead_driver_does_not_block_the_job(
    store: BatchJobStore, photo: Path
) -> None:
    job = planned_job(store, photo, "A")
    parent = DriverId.of(os.getppid())
    assert parent.started  # Linux: the start time is known
    # the dead driver had our parent's PID, but its process started at another moment
    store.claim(job, DriverId(parent.pid, parent.host, parent.started + "0"))
    assert store.claim(job).driver() == DriverId.this()
    # a driver on another machine cannot be seen from here: it keeps the job
    store.release(job, "interrupted")
    store.claim(job, DriverId(os.getpid(), "render-box-7", "x"))
    with pytest.raises(JobBusyError, match="render-box-7"):
        store.claim(job)


def test_two_drivers_claiming_together_exactly_one_wins(store: BatchJobStore, photo: Path) -> None:
    drivers = [DriverId.of(os.getpid()), DriverId.of(os.getppid())]  # both alive
    barrier = threading.Barrier(len(drivers))

    def claim(job: str, driver: DriverId) -> str:
        barrier.wait()
        try:
            store.claim(job, driver)
        except JobBusyError:
            return "busy"
        return "won"

    with ThreadPoolExecutor(len(drivers)) as pool:
        for _ in range(10):
            job = planned_job(store, photo, "A")
            outcomes = list(pool.map(claim, [job] * len(drivers), drivers))
            assert sorted(outcomes) == ["busy", "won"]
            winner = drivers[outcomes.index("won")]
            assert store.job(job).driver() == winner


def test_a_store_made_before_drivers_had_hosts_is_brought_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE jobs (id TEXT PRIMARY KEY, catalog TEXT NOT NULL, out TEXT "
                   "NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL, status TEXT NOT "
                   "NULL, driver_pid INTEGER)")
        db.execute("INSERT INTO jobs VALUES ('job_old', 'c.csv', 'out', 't', 't', "
                   "'interrupted', NULL)")
    db.close()
    store = BatchJobStore(path)
    assert store.claim("job_old").driver() == DriverId.this()


def test_a_store_made_before_outputs_had_provenance_keeps_its_files_and_records_it(
    tmp_path: Path, photo: Path
) -> None:
    path = tmp_path / "old.sqlite"
    first = BatchJobStore(path)
    job = first.create_job("c.csv", "out")
    list(first.add_rows(job, [(2, product(photo, "A"))]))
    files = [OutputFile(asset_id="img_1", kind="ad_image", key="A/A-01-square.png",
                        thumb=b"jpeg")]
    first.record(job, StepResult(product_id="A", step="generate_ad_images", ok=True,
                                 outputs=files))
    with sqlite3.connect(path) as db:  # as a store of session 24 had it
        db.execute("ALTER TABLE outputs DROP COLUMN provenance")
    db.close()
    store = BatchJobStore(path)
    (entry,) = list(store.products(job))
    assert [(o["asset_id"], o["provenance"]) for o in entry["outputs"]] == [("img_1", "")]
    write_outputs(store, job, LocalStorage(tmp_path / "out"))  # signed then, or not: unknown
    assert "C2PA: not recorded" in (tmp_path / "out" / "index.html").read_text()
    assert "C2PA: unsigned" not in (tmp_path / "out" / "index.html").read_text()
    signed = [files[0].model_copy(update={"provenance": "signed"})]
    store.record(job, StepResult(product_id="A", step="generate_ad_images", ok=True,
                                 outputs=signed))
    (entry,) = list(store.products(job))
    assert [o["provenance"] for o in entry["outputs"]] == ["signed"]


def test_other_writers_go_on_while_the_catalog_is_checked_and_planning_is_paused(
    store: BatchJobStore, photo: Path
) -> None:
    job = store.create_job("c.csv", "out")
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)  # no waiting

    def write() -> None:
        """What another job's driver does: a write transaction (a lock held fails it)."""
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE jobs SET updated = updated WHERE id = ?", (job,))
        other.execute("COMMIT")

    def checked() -> Iterator[tuple[int, Product]]:
        for number in range(450):  # more than one chunk
            write()  # while this row is checked (its photo decoded)
            yield number + 2, product(photo, f"P{number}")

    planning = store.add_rows(job, checked())
    first = next(planning)  # paused mid-catalog, after its first row
    assert isinstance(first, Product) and first.id == "P0"
    write()
    store2 = BatchJobStore(store.path)
    second = planned_job(store2, photo, "B")  # a whole other job is planned meanwhile
    store2.claim(second)
    assert len(list(planning)) == 449
    assert store.counts(job).valid == 450
    other.close()


class Interrupting(RowChecker):
    """Checks rows until the ``stop_at``-th, where Ctrl-C arrives."""

    stop_at = 3

    def check(self, line: int, raw: Any) -> Product | RowProblem:
        if line - 1 == self.stop_at:
            raise KeyboardInterrupt
        return super().check(line, raw)


def test_a_check_stopped_before_the_end_keeps_no_job_that_could_run(
    tmp_path: Path, photo: Path, settings: Settings, store: BatchJobStore
) -> None:
    catalog = tmp_path / "c.csv"
    catalog.write_text("id,title,image\n" + "".join(f"P{i},Mug,p.png\n" for i in range(6)),
                       encoding="utf-8")
    base = _checker(tmp_path, settings)
    checker = Interrupting(**{name: getattr(base, name) for name in base.__dataclass_fields__})
    job = store.create_job(str(catalog), "out")
    assert store.job(job).status == "checking"
    with pytest.raises(KeyboardInterrupt):
        plan_catalog(store, job, catalog, checker, settings, lambda row: None)
    assert store.jobs() == []  # deleted: nothing half-checked is left

    # killed outright while checking: the job stays 'checking' and can never run
    job = store.create_job(str(catalog), "out")
    list(store.add_rows(job, [(2, product(photo, "P0"))]))
    with pytest.raises(JobIncompleteError, match="never checked to the end"):
        store.runnable(job)
    with pytest.raises(JobIncompleteError, match=f"adstudio batch {catalog} --out out"):
        store.claim(job)
    assert store.job(job).status == "checking"


def test_recording_a_step_again_replaces_its_files(store: BatchJobStore, photo: Path) -> None:
    job = store.create_job("c.csv", "out")
    list(store.add_rows(job, [(2, product(photo, "A"))]))

    def result(asset: str) -> StepResult:
        files = [OutputFile(asset_id=asset, kind="ad_image", key="A/A-01-square.png",
                            placement="square", thumb=b"jpeg")]
        return StepResult(product_id="A", step="generate_ad_images", ok=True, outputs=files,
                          result={"ads": [asset]}, attempts=2)

    store.mark_running(job, "A", "generate_ad_images")
    store.record(job, result("img_1"))
    store.mark_running(job, "A", "generate_ad_images")
    store.record(job, result("img_2"))
    (entry,) = list(store.products(job))
    assert [o["asset_id"] for o in entry["outputs"]] == ["img_2"]
    step = entry["steps"]["generate_ad_images"]
    assert (step.status, step.attempts, step.result) == ("done", 4, {"ads": ["img_2"]})
    assert store.counts(job).images == 1


def _checker(tmp_path: Path, settings: Settings) -> RowChecker:
    return RowChecker(base_dir=tmp_path, defaults=RowDefaults(), policy=load_policy(),
                      brand_kits=BrandKitStore(settings.data_dir / "kits.sqlite"),
                      max_bytes=2**20, max_pixels=10**6, tenant=settings.tenant)


def _catalog(tmp_path: Path) -> Path:
    path = tmp_path / "c.csv"
    path.write_text("id,title,image,placements,variations,animate\n"
                    "A,Bottle,p.png,square|story,2,\nB,Mug,p.png,,3,yes\nC,,p.png,,,\n",
                    encoding="utf-8")
    return path


def test_the_plan_is_free_on_the_local_engine(
    tmp_path: Path, photo: Path, settings: Settings, store: BatchJobStore
) -> None:
    seen: list[Product | RowProblem] = []
    job = store.create_job("c.csv", "out")
    plan = plan_catalog(store, job, _catalog(tmp_path), _checker(tmp_path, settings), settings,
                        seen.append)
    assert (plan.products, plan.invalid, len(seen)) == (2, 1, 3)
    assert store.job(job).status == "planned"  # read to the end: it may run
    assert plan.steps["generate_ad_images"].units == {"image": 7.0}  # 2x2 + 3x1
    assert plan.steps["animate_image"].calls == 1
    assert plan.usd == 0


def test_the_plan_prices_bedrock_work_from_the_settings(
    tmp_path: Path, photo: Path, settings: Settings, store: BatchJobStore
) -> None:
    bedrock = settings.with_changes(engine="bedrock")
    job = store.create_job("c.csv", "out")
    plan = plan_catalog(store, job, _catalog(tmp_path), _checker(tmp_path, bedrock), bedrock,
                        lambda row: None)
    per_image = bedrock.costs.prices[f"{bedrock.images.stability_model_id}/image"]
    assert plan.steps["generate_ad_images"].usd == pytest.approx(7 * per_image)
    assert plan.steps["extract_features"].usd == pytest.approx(2 * 0.002)  # declared cost
    assert plan.usd > 0
    # what is left after the first product's steps are done
    for step in ("extract_features", "generate_ad_images"):
        store.mark_running(job, "A", step)
        store.record(job, StepResult(product_id="A", step=step, ok=True))
    left = plan_remaining(store, job, bedrock)
    assert left.products == 1
    assert left.steps["generate_ad_images"].usd == pytest.approx(3 * per_image)
