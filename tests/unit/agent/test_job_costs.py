"""Settling a remote video job's cost: its price leaves the ledger only when it is not billed."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from agent.job_costs import link_job, settle, settle_listener
from core.settings import Settings
from core.storage.jobs import VideoJob, VideoJobStore
from tools.cost import CostRecord, ledger_for

THREAD = "t-jobs"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(engine="bedrock", data_dir=tmp_path / "data")


@pytest.fixture
def store(tmp_path: Path) -> VideoJobStore:
    return VideoJobStore(tmp_path / "jobs.sqlite")


def started(store: VideoJobStore, usd: float = 7.5) -> VideoJob:
    """A running Luma job priced ``usd``."""
    return store.create(VideoJob(kind="animation", engine="luma-ray2", model_id="luma.ray-v2:0",
                                 thread=THREAD, status="in_progress", estimated_usd=usd))


def recorded(settings: Settings, key: str, usd: float) -> None:
    ledger_for(settings).record(CostRecord(thread=THREAD, turn="u1", key=key,
                                           name="animate_image", model="luma.ray-v2:0", usd=usd))


def test_a_job_that_failed_before_its_call_was_recorded_is_settled_when_linked(
    settings: Settings, store: VideoJobStore
) -> None:
    job = started(store)
    store.change(job.id, status="failed", billed=False)  # the poller was quicker
    recorded(settings, "c1", 7.5)
    link_job(store, {"job_id": job.id, "status": "started"}, "c1", settings)
    record = ledger_for(settings).get(THREAD, "c1")
    assert record is not None and record.usd == 0.0 and record.status == "error"
    assert store.get(job.id).cost_key == ""  # its price is out: not taken twice


def test_a_job_that_failed_after_it_was_made_stays_priced(
    settings: Settings, store: VideoJobStore
) -> None:
    job = started(store)
    recorded(settings, "c2", 7.5)
    link_job(store, {"job_id": job.id}, "c2", settings)
    # e.g. its MP4 could not be fetched 20 polls in a row: Bedrock made (and bills) it
    ended = store.change(job.id, status="failed", message="could not be checked")
    settle_listener(store, settings)(ended)
    record = ledger_for(settings).get(THREAD, "c2")
    assert record is not None and record.usd == 7.5 and record.status == "ok"


def test_what_the_call_spent_besides_the_job_stays(
    settings: Settings, store: VideoJobStore
) -> None:
    job = started(store)
    recorded(settings, "c3", 7.58)  # the clip and a new photo's remove-background call
    link_job(store, {"job_id": job.id}, "c3", settings)
    store.change(job.id, status="blocked", billed=False)
    assert settle(job.id, store, settings)
    record = ledger_for(settings).get(THREAD, "c3")
    assert record is not None and record.usd == pytest.approx(0.08) and record.status == "ok"
    assert not settle(job.id, store, settings)  # once only


def test_a_result_without_a_job_touches_nothing(settings: Settings, store: VideoJobStore) -> None:
    job = started(store)
    recorded(settings, "c4", 7.5)
    link_job(store, {"video": {"asset_id": "vid_1"}}, "c4", settings)
    assert store.get(job.id).cost_key == ""
    link_job(store, {"job_id": "job_missing"}, "c4", settings)  # logged, not raised
    record = ledger_for(settings).get(THREAD, "c4")
    assert record is not None and record.usd == 7.5


class _StaleFirstRead(VideoJobStore):
    """A store whose first read returns a snapshot taken before another process settled."""

    def __init__(self, path: Path, stale: VideoJob) -> None:
        super().__init__(path)
        self.stale: VideoJob | None = stale

    def get(self, job_id: str, tenant: str | None = None) -> VideoJob:
        if self.stale is not None:
            job, self.stale = self.stale, None
            return job
        return super().get(job_id, tenant)


def test_two_processes_settling_one_job_take_its_price_out_once(
    settings: Settings, store: VideoJobStore, tmp_path: Path
) -> None:
    job = started(store)
    recorded(settings, "c5", 7.58)  # the clip and a new photo's remove-background call
    store.change(job.id, cost_key="c5")
    ended = store.change(job.id, status="failed", billed=False)
    # the other process read the ended job, then this one settled it first
    other = _StaleFirstRead(tmp_path / "jobs.sqlite", stale=ended)
    assert settle(job.id, store, settings)
    assert not settle(job.id, other, settings)
    record = ledger_for(settings).get(THREAD, "c5")
    assert record is not None and record.usd == pytest.approx(0.08) and record.status == "ok"


def test_a_database_error_while_linking_is_logged_not_raised(
    settings: Settings, store: VideoJobStore, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    job = started(store)
    recorded(settings, "c6", 7.5)

    def locked(*args: object, **kwargs: object) -> VideoJob:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "change", locked)
    with caplog.at_level(logging.WARNING, logger="agent.job_costs"):
        link_job(store, {"job_id": job.id}, "c6", settings)  # the paid job started: no raise
    assert "not tied to its cost record" in caplog.text
    record = ledger_for(settings).get(THREAD, "c6")
    assert record is not None and record.usd == 7.5
