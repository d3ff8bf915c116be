"""The job store and the plan: duplicates, claiming a job, recording results, the estimate."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from agent.settings import Settings
from batch.catalog import RowChecker
from batch.models import OutputFile, Product, RowDefaults, RowProblem, StepResult
from batch.plan import plan_catalog, plan_remaining
from batch.store import JobBusyError, JobNotFoundError, JobStore
from tools.brandkit import BrandKitStore
from tools.policy import load_policy


@pytest.fixture
def store(tmp_path: Path) -> JobStore:
    return JobStore(tmp_path / "batch.sqlite")


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "p.png"
    Image.new("RGB", (64, 64), (200, 30, 30)).save(path)
    return path


def product(photo: Path, pid: str, animate: bool = False) -> Product:
    return Product(id=pid, title=f"Product {pid}", image=photo, placements=["square", "story"],
                   variations=2, animate=animate)


def test_a_duplicate_id_is_a_problem_naming_the_first_line(store: JobStore, photo: Path) -> None:
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


def test_claiming_a_job_resets_a_dead_drivers_running_steps(
    store: JobStore, photo: Path
) -> None:
    job = store.create_job("c.csv", "out")
    list(store.add_rows(job, [(2, product(photo, "A"))]))
    store.claim(job, 999_999_999)  # a driver that no longer exists
    store.mark_running(job, "A", "extract_features")
    assert store.steps(job, "A")[0].status == "running"
    assert store.claim(job, os.getpid()).driver_pid == os.getpid()
    first = store.steps(job, "A")[0]
    assert (first.status, first.attempts) == ("pending", 1)


def test_a_job_run_by_a_live_process_cannot_be_claimed(store: JobStore, photo: Path) -> None:
    job = store.create_job("c.csv", "out")
    store.claim(job, os.getppid())  # alive: our parent
    with pytest.raises(JobBusyError, match=str(os.getppid())):
        store.claim(job, os.getpid())
    with pytest.raises(JobNotFoundError):
        store.job("job_nothere")


def test_recording_a_step_again_replaces_its_files(store: JobStore, photo: Path) -> None:
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
                      max_bytes=2**20, max_pixels=10**6)


def _catalog(tmp_path: Path) -> Path:
    path = tmp_path / "c.csv"
    path.write_text("id,title,image,placements,variations,animate\n"
                    "A,Bottle,p.png,square|story,2,\nB,Mug,p.png,,3,yes\nC,,p.png,,,\n",
                    encoding="utf-8")
    return path


def test_the_plan_is_free_on_the_local_engine(
    tmp_path: Path, photo: Path, settings: Settings, store: JobStore
) -> None:
    seen: list[Product | RowProblem] = []
    job = store.create_job("c.csv", "out")
    plan = plan_catalog(store, job, _catalog(tmp_path), _checker(tmp_path, settings), settings,
                        seen.append)
    assert (plan.products, plan.invalid, len(seen)) == (2, 1, 3)
    assert plan.steps["generate_ad_images"].units == {"image": 7.0}  # 2x2 + 3x1
    assert plan.steps["animate_image"].calls == 1
    assert plan.usd == 0


def test_the_plan_prices_bedrock_work_from_the_settings(
    tmp_path: Path, photo: Path, settings: Settings, store: JobStore
) -> None:
    bedrock = settings.model_copy(update={"engine": "bedrock"})
    job = store.create_job("c.csv", "out")
    plan = plan_catalog(store, job, _catalog(tmp_path), _checker(tmp_path, bedrock), bedrock,
                        lambda row: None)
    per_image = bedrock.prices[f"{bedrock.stability_model_id}/image"]
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
