"""The driver, the outputs and the command, in this process (``--workers 0``)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from typer.testing import CliRunner

from batch.backends import InlineBackend, Outcome
from batch.models import Product, StepResult, StepTask
from batch.output import write_outputs
from batch.run import RunOptions, Tally, make_backend, run_job
from batch.storage import LocalStorage
from batch.store import BatchJobStore
from cli.app import app
from core.provenance.reader import read_provenance
from core.settings import Settings
from tests.batch_fixtures import draw_mug, planned_job


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    return draw_mug(tmp_path / "mug.png")


def fake_step(fail: set[str]) -> Callable[[StepTask], StepResult]:
    def step(task: StepTask) -> StepResult:
        ok = task.product.id not in fail
        return StepResult(product_id=task.product.id, step=task.step, ok=ok,
                          result={"ads": [f"img_{task.product.id}"]} if ok else {},
                          error=None if ok else "the photo is blank")
    return step


def test_a_failed_product_does_not_stop_the_others_and_is_retried_on_resume(
    tmp_path: Path, photo: Path, settings: Settings
) -> None:
    store = BatchJobStore(tmp_path / "batch.sqlite")
    job = planned_job(store, photo, 5, tmp_path / "out")
    tallies: list[Tally] = []
    run_job(store, job, settings, InlineBackend(fake_step({"P2"})), RunOptions(workers=0),
            tallies.append)
    assert tallies[-1] == Tally(done=4, failed=1, total=5)
    assert [(p.line, p.step, p.message) for p in store.problems(job)] == [
        (4, "extract_features", "the photo is blank")]
    assert store.job(job).status == "finished"

    calls: list[str] = []

    def counting(task: StepTask) -> StepResult:
        calls.append(f"{task.product.id}/{task.step}")
        return fake_step(set())(task)

    run_job(store, job, settings, InlineBackend(counting), RunOptions(workers=0), tallies.append)
    assert calls == ["P2/extract_features", "P2/generate_ad_images"]  # done work is not redone
    assert store.counts(job).done == 5


class SlowBackend:
    """Finishes one task per poll, recording how many were in flight at most."""

    whole_products = False

    def __init__(self, step: Callable[[StepTask], StepResult]) -> None:
        self.slots = 2
        self.step = step
        self.tasks: dict[int, StepTask] = {}
        self.most = 0

    def submit(self, task: StepTask) -> int:
        handle = len(self.tasks)
        self.tasks[handle] = task
        return handle

    def finished(self, handles: Sequence[Any], timeout: float) -> list[tuple[Any, Outcome]]:
        self.most = max(self.most, len(handles))
        handle = handles[0]
        return [(handle, self.step(self.tasks[handle]))]

    def close(self, cancel: bool) -> None:
        pass


def test_the_driver_keeps_a_bounded_number_of_steps_in_flight(
    tmp_path: Path, photo: Path, settings: Settings
) -> None:
    store = BatchJobStore(tmp_path / "batch.sqlite")
    job = planned_job(store, photo, 30, tmp_path / "out")
    backend = SlowBackend(fake_step(set()))
    run_job(store, job, settings, backend, RunOptions(window=3), lambda tally: None)
    assert store.counts(job).done == 30
    assert backend.most == 3


def test_a_worker_that_dies_fails_its_step_only(
    tmp_path: Path, photo: Path, settings: Settings
) -> None:
    store = BatchJobStore(tmp_path / "batch.sqlite")
    job = planned_job(store, photo, 2, tmp_path / "out")

    def crash(task: StepTask) -> StepResult:
        if task.product.id == "P0":
            raise MemoryError("killed")
        return fake_step(set())(task)

    run_job(store, job, settings, InlineBackend(crash), RunOptions(workers=0),
            lambda tally: None)
    (problem,) = store.problems(job)
    assert problem.product_id == "P0"
    assert "worker running it failed (MemoryError" in problem.message
    assert store.counts(job).done == 1


def test_real_steps_write_assets_manifests_and_a_contact_sheet(
    tmp_path: Path, photo: Path, settings: Settings
) -> None:
    store = BatchJobStore(settings.data_dir / "batch.sqlite")
    out = tmp_path / "out"
    job = planned_job(store, photo, 2, out)
    backend = make_backend(RunOptions(workers=0))
    run_job(store, job, settings, backend, RunOptions(workers=0), lambda tally: None)
    write_outputs(store, job, LocalStorage(out))
    assert sorted(p.name for p in (out / "P0").iterdir()) == [
        "P0-01-mobile-banner.png", "features.json"]
    assert Image.open(out / "P0" / "P0-01-mobile-banner.png").size == (320, 50)
    rows = list(csv.DictReader((out / "manifest.csv").open()))
    assert [(r["product_id"], r["status"], r["ad_paths"]) for r in rows] == [
        ("P0", "done", "P0/P0-01-mobile-banner.png"), ("P1", "done", "P1/P1-01-mobile-banner.png")]
    manifest = json.loads((out / "manifest.json").read_text())
    first = manifest["products"][0]
    ad = next(f for f in first["files"] if f["kind"] == "ad_image")
    assert ad["asset_id"].startswith("img_") and first["seed"] == Product(
        id="P0", title="t", image=photo, placements=["square"], variations=1).base_seed()
    page = (out / "index.html").read_text()
    assert len(re.findall(r'src="data:image/jpeg;base64,', page)) == 2
    assert "http://" not in page and "https://" not in page  # self-contained
    # each ad carries a manifest (the local identity here), and the three outputs say so
    assert [r["provenance"] for r in rows] == ["signed (local identity, untrusted)"] * 2
    assert ad["provenance"] == "signed (local identity, untrusted)"
    assert read_provenance(out / ad["path"], "image/png").state == "valid"
    assert page.count("C2PA: signed (local identity, untrusted)") == 2


def write_csv(tmp_path: Path, photo: Path) -> Path:
    path = tmp_path / "catalog.csv"
    path.write_text(f"id,title,image,placements,variations\nA,Mug,{photo.name},320x50,1\n"
                    f"B,,{photo.name},,\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("ci", "reason"), [
    ("", "no terminal to confirm on"), ("true", "CI is set and --yes was not given"),
])
def test_without_yes_and_a_terminal_the_job_is_planned_not_run(
    tmp_path: Path, photo: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch,
    ci: str, reason: str,
) -> None:
    monkeypatch.setenv("CI", ci)  # CI runs this suite with CI=true: test both on purpose
    runner = CliRunner()
    result = runner.invoke(app, ["batch", str(write_csv(tmp_path, photo)), "--out",
                                 str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "line 3 (B): title is missing" in result.output
    assert reason in result.output
    (job,) = BatchJobStore(settings.data_dir / "batch.sqlite").jobs()
    assert job.status == "planned" and f"--resume {job.id} --yes" in result.output
    assert not (tmp_path / "out" / "A").exists()

    status = runner.invoke(app, ["batch", "status", job.id])
    assert status.exit_code == 0
    assert "1 valid, 0 done" in status.output and "line 3 (B)" in status.output


def test_dry_run_and_usage_errors(tmp_path: Path, photo: Path) -> None:
    runner = CliRunner()
    catalog = str(write_csv(tmp_path, photo))
    dry = runner.invoke(app, ["batch", catalog, "--out", str(tmp_path / "o"), "--dry-run"])
    assert dry.exit_code == 0 and "dry run: nothing was made" in dry.output
    assert "generate_ad_images" in dry.output and "$0.00" in dry.output
    assert runner.invoke(app, ["batch", catalog]).exit_code == 2  # no --out
    bad = runner.invoke(app, ["batch", str(tmp_path / "x.xlsx"), "--out", str(tmp_path / "o")])
    assert bad.exit_code == 2 and "not a catalog" in bad.output
    missing = runner.invoke(app, ["batch", "--resume", "job_nothere"])
    assert missing.exit_code == 2 and "no batch job" in missing.output
    assert runner.invoke(app, ["batch", "--help"]).exit_code == 0


def test_ctrl_c_while_checking_keeps_no_job_and_a_half_checked_job_is_refused(
    tmp_path: Path, photo: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    catalog = write_csv(tmp_path, photo)

    def interrupted(self: object, line: int, raw: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("batch.catalog.RowChecker.check", interrupted)
        stopped = runner.invoke(app, ["batch", str(catalog), "--out", str(tmp_path / "o"),
                                      "--yes"])
    assert stopped.exit_code == 130 and "no job was kept" in stopped.output
    store = BatchJobStore(settings.data_dir / "batch.sqlite")
    assert store.jobs() == []

    # a driver killed while checking leaves the job 'checking': it is refused, not run
    job = store.create_job(str(catalog), str(tmp_path / "o"))
    resumed = runner.invoke(app, ["batch", "--resume", job, "--yes", "--workers", "0"])
    said = " ".join(resumed.output.split())  # the console wraps long lines
    assert resumed.exit_code == 2, said
    squeezed = "".join(said.split())  # the wrap may split the path itself
    assert "never checked to the end" in said and f"adstudiobatch{catalog}--out" in squeezed
    assert store.job(job).status == "checking"


def _threads_seen(task: object) -> tuple[int, int]:
    import cv2

    from batch import worker

    return cv2.getNumThreads(), worker._THREADS[0]


def test_pool_workers_draw_on_one_core_each() -> None:
    from batch.backends import ProcessBackend

    backend = ProcessBackend(2, _threads_seen)  # type: ignore[arg-type]
    try:
        assert backend.submit(None).result(timeout=30) == (1, 1)  # type: ignore[arg-type]
    finally:
        backend.close(cancel=False)


def test_the_manifest_csv_writes_formula_like_titles_and_errors_as_text(
    tmp_path: Path, photo: Path, settings: Settings
) -> None:
    store = BatchJobStore(tmp_path / "batch.sqlite")
    out = tmp_path / "out"
    job = store.create_job("catalog.csv", str(out))
    titles = ["=HYPERLINK(\"http://evil.example\",\"Mug\")", "@SUM(1+1) Mug", "Plain mug"]
    rows = [(i + 2, Product(id=f"P{i}", title=title, image=photo, placements=["square"],
                            variations=1)) for i, title in enumerate(titles)]
    list(store.add_rows(job, rows))
    store.planned(job)
    write_outputs(store, job, LocalStorage(out))
    read = list(csv.DictReader((out / "manifest.csv").open(newline="")))
    assert [r["title"] for r in read] == [
        "'=HYPERLINK(\"http://evil.example\",\"Mug\")", "'@SUM(1+1) Mug", "Plain mug"]
