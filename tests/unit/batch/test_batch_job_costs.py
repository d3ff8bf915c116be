"""A batch's cost total leaves out a remote live image that Bedrock failed after it started.

The batch keeps its own total (each step's cost in its job store, not the chat's cost
ledger). Its ``animate_image`` step on Luma Ray2 only starts the job, on a Stubber'd
bedrock-runtime client, and is priced while the job may still be billed; once Bedrock
reports the job failed (a failed async invocation is not billed), the total drops it.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber
from PIL import Image
from typer.testing import CliRunner

from batch import worker
from batch.job_costs import settle_video_jobs
from batch.models import Product, StepTask
from batch.store import BatchJobStore
from cli.app import app
from core.images import encode_png
from core.settings import Settings
from core.storage.jobs import JobPoller, VideoJobStore
from tests.batch_fixtures import draw_mug
from tests.luma_stubs import (
    LUMA_CLIP_USD,
    MP4,
    S3_URI,
    expect_start,
    expect_status,
    stub_client,
)
from tools.services import Services, build_video_jobs


@dataclasses.dataclass
class Batch:
    """A batch job of one product whose live image goes to Luma Ray2 on a stubbed client."""

    store: BatchJobStore
    job: str
    services: Services
    bedrock: Stubber
    storage: Stubber

    @property
    def videos(self) -> VideoJobStore:
        assert self.services.jobs is not None
        return self.services.jobs

    def animate(self) -> str:
        """Run the product's animate_image step as a worker does; return the video job's id."""
        ad = self.services.assets.put(
            encode_png(Image.new("RGB", (1080, 1080), (30, 90, 160))), kind="ad_image",
            mime="image/png",
        )
        expect_start(self.bedrock)
        product = next(p for _, p in self.store.pending_products(self.job))
        task = StepTask(job=self.job, product=product, step="animate_image",
                        inputs={"ads": [ad.id]}, settings=self.services.settings, out="out")
        self.store.mark_running(self.job, product.id, "animate_image")
        result = worker.run_step(task)
        assert result.ok, result.error
        self.store.record(self.job, result)
        return str(result.result["job_id"])

    def reports(self, status: str, failure: str | None = None) -> None:
        """Bedrock's answer to the next get_async_invoke, read by one pass of a poller."""
        expect_status(self.bedrock, status, failure)
        engine = self.services.engines.video_jobs
        JobPoller(self.videos, engine).poll_once(datetime.now(UTC) + timedelta(hours=1))

    def total(self) -> float:
        """The batch's cost total, as its summary and status show it."""
        return self.store.counts(self.job).cost_usd



@pytest.fixture
def batch(
    services: Services, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Batch]:
    bedrock = settings.with_changes(engine="bedrock", video_s3_uri=S3_URI)
    assert services.jobs is not None and bedrock.data_dir == settings.data_dir
    runtime_client, s3_client = stub_client("bedrock-runtime"), stub_client("s3")
    engine = build_video_jobs(bedrock, services.assets, services.jobs,
                              runtime_client=runtime_client, s3_client=s3_client)
    remote = dataclasses.replace(services, settings=bedrock, engines=dataclasses.replace(
        services.engines, video_jobs=engine))
    monkeypatch.setitem(worker._SERVICES, bedrock.model_dump_json(), remote)  # the worker's
    store = BatchJobStore(bedrock.data_dir / "batch.sqlite")
    job = store.create_job("catalog.csv", str(tmp_path / "out"))
    product = Product(id="P0", title="Mug", image=draw_mug(tmp_path / "mug.png"),
                      placements=["square"], variations=1, animate=True)
    list(store.add_rows(job, [(2, product)]))
    store.planned(job)
    with Stubber(runtime_client) as runtime_stub, Stubber(s3_client) as s3_stub:
        yield Batch(store, job, remote, runtime_stub, s3_stub)
        runtime_stub.assert_no_pending_responses()
        s3_stub.assert_no_pending_responses()


def test_a_live_image_job_bedrock_fails_leaves_the_batch_total(batch: Batch) -> None:
    batch.animate()
    assert batch.total() == pytest.approx(LUMA_CLIP_USD)  # priced while it may be billed
    settle_video_jobs(batch.store, batch.job, batch.videos)
    assert batch.total() == pytest.approx(LUMA_CLIP_USD)  # still running: still priced

    batch.reports("Failed", "Internal server error")
    settle_video_jobs(batch.store, batch.job, batch.videos)
    assert batch.total() == 0.0
    settle_video_jobs(batch.store, batch.job, batch.videos)  # once only
    assert batch.total() == 0.0


def test_a_completed_live_image_job_keeps_its_price(batch: Batch) -> None:
    batch.animate()
    batch.storage.add_response(
        "get_object", {"Body": StreamingBody(io.BytesIO(MP4), len(MP4)),
                       "ContentLength": len(MP4)},
        {"Bucket": "ad-videos", "Key": ANY},
    )
    batch.reports("Completed")
    settle_video_jobs(batch.store, batch.job, batch.videos)
    assert batch.total() == pytest.approx(LUMA_CLIP_USD)


def test_batch_status_shows_the_total_without_a_failed_job(batch: Batch) -> None:
    batch.animate()
    batch.reports("Failed", "The output was blocked by our content filters.")
    shown = CliRunner().invoke(app, ["batch", "status", batch.job, "--data-dir",
                                     str(batch.services.settings.data_dir)])
    assert shown.exit_code == 0, shown.output
    assert "cost so far: about $0.00" in shown.output


def test_batch_status_leaves_a_running_job_to_its_driver(batch: Batch) -> None:
    batch.animate()
    batch.reports("Failed", "The output was blocked by our content filters.")
    batch.store.claim(batch.job)  # this process is the job's live driver
    shown = CliRunner().invoke(app, ["batch", "status", batch.job, "--data-dir",
                                     str(batch.services.settings.data_dir)])
    assert shown.exit_code == 0, shown.output
    assert f"cost so far: about ${LUMA_CLIP_USD:.2f}" in shown.output  # not written by status
    settle_video_jobs(batch.store, batch.job, batch.videos)  # the driver settles it
    assert batch.total() == 0.0
