"""The video job store and its poller: persistence, backoff, listeners, delivery, restart."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber
from PIL import Image

from core.storage.assets import AssetStore
from core.storage.jobs import (
    JobConflictError,
    JobPoller,
    VideoJob,
    VideoJobNotFoundError,
    VideoJobStore,
)
from engines.bedrock.invoke import ModelCallError
from engines.bedrock.video.jobs import BedrockVideoJobs

ARN = "arn:aws:bedrock:us-east-1:123456789012:async-invoke/abc123def456"
MODEL_ARN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-reel-v1:1"
S3_URI = "s3://ad-videos/renders"
T0 = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)


def new_job(**fields: Any) -> VideoJob:
    values: dict[str, Any] = {
        "kind": "animation", "engine": "fake", "model_id": "m", "thread": "t1",
        "status": "in_progress", "invocation_arn": ARN, "next_poll_at": T0,
    }
    return VideoJob(**{**values, **fields})


class FakeEngine:
    """Answers polls from a script of statuses (or exceptions)."""

    def __init__(self, *script: str | Exception) -> None:
        self.script = list(script)
        self.polled: list[str] = []

    def poll(self, job: VideoJob) -> VideoJob:
        self.polled.append(job.id)
        step = self.script.pop(0) if self.script else "in_progress"
        if isinstance(step, Exception):
            raise step
        update: dict[str, Any] = {"status": step}
        if step == "completed":
            update["asset_id"] = "vid_1"
        return job.model_copy(update=update)


@pytest.fixture
def store(tmp_path: Path) -> VideoJobStore:
    return VideoJobStore(tmp_path / "jobs.sqlite")


# --- the store ----------------------------------------------------------------------------


def test_create_get_update_and_tenants(store: VideoJobStore) -> None:
    job = store.create(new_job(tenant="acme", request={"taskType": "TEXT_VIDEO"}))
    assert store.get(job.id) == job and store.get(job.id, "acme") == job
    with pytest.raises(VideoJobNotFoundError):
        store.get(job.id, "other")
    with pytest.raises(VideoJobNotFoundError):
        store.get("job_missing")
    saved = store.update(job.model_copy(update={"message": "hello"}))
    assert saved.revision == 1 and saved.updated >= job.updated
    assert store.get(job.id).message == "hello"
    with pytest.raises(VideoJobNotFoundError):
        store.update(new_job())


def test_stale_updates_are_refused_and_change_rereads(store: VideoJobStore) -> None:
    job = store.create(new_job())
    store.update(job.model_copy(update={"invocation_arn": ARN, "message": "first"}))
    with pytest.raises(JobConflictError):
        store.update(job.model_copy(update={"message": "stale"}))
    changed = store.change(job.id, status="failed", message="second")
    assert (changed.status, changed.message, changed.revision) == ("failed", "second", 2)


def test_pending_for_thread_and_delivery(store: VideoJobStore) -> None:
    a = store.create(new_job(thread="t1", next_poll_at=T0 + timedelta(seconds=30)))
    b = store.create(new_job(thread="t1", next_poll_at=T0))
    c = store.create(new_job(thread="t2", tenant="acme", status="completed"))
    assert [j.id for j in store.pending()] == [b.id, a.id]
    assert [j.id for j in store.for_thread("t1")] == [a.id, b.id]
    assert [j.id for j in store.for_thread("t2", "acme")] == [c.id]
    assert store.for_thread("t2", "default") == []
    assert store.undelivered("t1") == []
    store.change(a.id, status="completed")
    assert [j.id for j in store.undelivered("t1")] == [a.id]
    assert store.mark_delivered(a.id) is True
    assert store.mark_delivered(a.id) is False  # shown exactly once
    assert store.undelivered("t1") == []
    assert [j.id for j in store.undelivered("t2", "acme")] == [c.id]


def test_a_cancelled_job_is_no_longer_pending(store: VideoJobStore) -> None:
    job = store.create(new_job())
    cancelled = store.change(job.id, status="cancelled")
    assert cancelled.finished and not cancelled.pending
    assert store.pending() == []


def test_summary_lines() -> None:
    assert "ready as vid_1" in new_job(status="completed", asset_id="vid_1").summary()
    assert "in progress" in new_job().summary()


# --- the poller ---------------------------------------------------------------------------


def test_backoff_doubles_up_to_the_cap(store: VideoJobStore) -> None:
    engine = FakeEngine()
    poller = JobPoller(store, engine, initial_seconds=15, max_seconds=120)
    assert [poller.delay(n) for n in range(6)] == [15, 30, 60, 120, 120, 120]
    job = store.create(new_job())
    now, gaps = T0, []
    for _ in range(5):
        [polled] = poller.poll_once(now)
        assert polled.next_poll_at is not None
        gaps.append((polled.next_poll_at - now).total_seconds())
        assert poller.poll_once(polled.next_poll_at - timedelta(seconds=1)) == []  # not due
        now = polled.next_poll_at
    assert gaps == [30, 60, 120, 120, 120]
    assert store.get(job.id).attempts == 5


def test_listeners_hear_status_changes_only(store: VideoJobStore) -> None:
    heard: list[tuple[str, str]] = []

    def broken(job: VideoJob) -> None:
        raise RuntimeError("listener bug")

    poller = JobPoller(store, {"fake": FakeEngine("in_progress", "completed")},
                       listeners=[broken, lambda j: heard.append((j.id, j.status))])
    job = store.create(new_job())
    poller.poll_once(T0)
    assert heard == []
    later = T0 + timedelta(hours=1)
    [done] = poller.poll_once(later)
    assert heard == [(job.id, "completed")] and done.asset_id == "vid_1"
    assert store.pending() == [] and poller.poll_once(later) == []


def test_engine_errors_are_retried_then_fail_the_job(store: VideoJobStore) -> None:
    oops = ModelCallError("no S3 access")
    poller = JobPoller(store, FakeEngine(oops, "in_progress", oops, oops), max_errors=2)
    job = store.create(new_job())
    later = T0 + timedelta(hours=1)
    assert poller.poll_once(T0)[0].errors == 1
    assert poller.poll_once(later)[0].errors == 0
    again = poller.poll_once(later + timedelta(hours=1))[0]
    assert (again.status, again.errors) == ("in_progress", 1)
    final = poller.poll_once(later + timedelta(hours=2))[0]
    assert final.status == "failed" and "no S3 access" in final.message
    assert store.get(job.id).errors == 2


def test_jobs_of_unknown_engines_are_kept(store: VideoJobStore) -> None:
    poller = JobPoller(store, {"other": FakeEngine("completed")})
    job = store.create(new_job())
    [kept] = poller.poll_once(T0)
    assert kept.status == "in_progress" and kept.next_poll_at and kept.next_poll_at > T0
    assert store.get(job.id).status == "in_progress"


def test_a_concurrent_change_wins_over_a_poll(store: VideoJobStore) -> None:
    job = store.create(new_job())

    class CancellingEngine:
        def poll(self, polled: VideoJob) -> VideoJob:
            store.change(polled.id, status="cancelled")  # saved while the poll runs
            return polled.model_copy(update={"status": "completed"})

    [result] = JobPoller(store, CancellingEngine()).poll_once(T0)
    assert result.status == "cancelled" and store.get(job.id).status == "cancelled"


def test_thread_resumes_pending_jobs_on_start(store: VideoJobStore) -> None:
    store.create(new_job(next_poll_at=T0))  # due long ago (e.g. while the app was down)
    done = threading.Event()
    poller = JobPoller(store, FakeEngine("completed"),
                       listeners=[lambda j: done.set() if j.status == "completed" else None])
    poller.start()
    poller.start()  # a second start does nothing
    try:
        assert done.wait(10), "the poller thread never completed the job"
        assert poller.running
    finally:
        poller.stop()
    assert not poller.running and store.pending() == []


# --- restart resumes a real (stubbed) Bedrock job -----------------------------------------


def client(service: str) -> Any:
    return boto3.client(service, region_name="us-east-1", aws_access_key_id="x",
                        aws_secret_access_key="x")


def status(stubber: Stubber, value: str) -> None:
    stubber.add_response(
        "get_async_invoke",
        {"invocationArn": ARN, "modelArn": MODEL_ARN, "status": value, "submitTime": T0,
         "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": S3_URI}}},
        {"invocationArn": ARN},
    )


@pytest.fixture
def clients() -> Iterator[tuple[Any, Any, Stubber, Stubber]]:
    runtime, s3 = client("bedrock-runtime"), client("s3")
    bedrock, storage = Stubber(runtime), Stubber(s3)
    with bedrock, storage:
        yield runtime, s3, bedrock, storage
        bedrock.assert_no_pending_responses()
        storage.assert_no_pending_responses()


def test_restart_resumes_and_delivers(
    tmp_path: Path, clients: tuple[Any, Any, Stubber, Stubber]
) -> None:
    runtime, s3, bedrock, storage = clients
    db, assets_dir = tmp_path / "jobs.sqlite", tmp_path / "assets"

    def build(store: VideoJobStore) -> BedrockVideoJobs:
        return BedrockVideoJobs(runtime, s3, "nova-reel", "amazon.nova-reel-v1:1", S3_URI,
                                store, AssetStore(assets_dir))

    # first process: submit, poll once (still running), then "crash"
    first_store = VideoJobStore(db)
    first = build(first_store)
    bedrock.add_response(
        "start_async_invoke", {"invocationArn": ARN},
        {"modelId": "amazon.nova-reel-v1:1", "modelInput": ANY, "outputDataConfig": ANY,
         "clientRequestToken": ANY},
    )
    job = first.submit_animation(Image.new("RGB", (1280, 720)), "slow push-in",
                                 tenant="acme", thread="t1", parents=["img_ad"])
    status(bedrock, "InProgress")
    [polled] = JobPoller(first_store, first).poll_once(job.created + timedelta(minutes=1))
    assert polled.status == "in_progress"
    del first, first_store

    # second process: same SQLite file, new store, engine and poller
    store = VideoJobStore(db)
    heard: list[VideoJob] = []
    poller = JobPoller(store, {"nova-reel": build(store)}, listeners=[heard.append])
    assert [j.id for j in store.pending()] == [job.id]
    status(bedrock, "Completed")
    key = f"renders/{job.id}/abc123def456/output.mp4"
    storage.add_response(
        "get_object", {"Body": StreamingBody(io.BytesIO(b"mp4"), 3)},
        {"Bucket": "ad-videos", "Key": key},
    )
    [done] = poller.poll_once(job.created + timedelta(hours=1))
    assert done.status == "completed" and done.asset_id
    assert [j.id for j in heard] == [job.id]
    asset = AssetStore(assets_dir).get(done.asset_id, tenant="acme")
    assert (asset.kind, asset.mime, asset.parents) == ("video", "video/mp4", ["img_ad"])
    [ready] = store.undelivered("t1", "acme")
    assert ready.asset_id == done.asset_id
    assert store.mark_delivered(ready.id)
    assert store.undelivered("t1") == [] and store.pending() == []
