"""The cost of a remote video job once its end is known: nothing when the model does not bill it.

A tool call that starts a remote video job (``animate_image``, ``generate_video`` on Nova
Reel or Luma Ray2) is recorded in the cost ledger at its estimate when it returns: the job
is running and will be billed if it completes. Bedrock does not bill an async invocation
that fails, so when the job ends unbilled (:attr:`core.storage.jobs.VideoJob.billed` is
False: Bedrock reported it failed or filtered it, or it never reached the model) the job's
price is taken out of its record: $0 with status ``error``, unless the call spent
something else too (a new photo's cutout). A job that failed for another reason (its
video could not be fetched or checked) was made, so it stays priced.

Either side may come first: the tool call ties the job to its record
(:func:`link_job`) and settles at once when the job already ended; the poller's listener
(:func:`settle_listener`) settles when the job ends after that.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from core.errors import CapabilityError
from core.settings import Settings
from core.storage.jobs import JobConflictError, JobListener, VideoJob, VideoJobStore
from tools.cost import ledger_for

log = logging.getLogger(__name__)

_SETTLING = threading.Lock()

CENT = 0.01
"""Less than this is left by rounding (job prices are rounded to cents), not spent."""


def unbilled(job: VideoJob) -> bool:
    """Whether a job ended without the model billing it."""
    return job.finished and not job.billed


def settle(job_id: str, jobs: VideoJobStore, settings: Settings) -> bool:
    """Take an unbilled job's price out of the ledger record of the tool call that started it.

    The job's price is its :attr:`~core.storage.jobs.VideoJob.estimated_usd` (the same
    price table; the whole record when unknown). What the call spent besides, such as a
    new photo's remove-background call, stays; a record left at $0 gets status ``error``.
    It happens once, even with several processes polling the same store: the settlement
    is claimed first by clearing the job's ``cost_key`` with a revision-checked update,
    and only the claimant changes the ledger.

    Args:
        job_id: The job.
        jobs: The job store.
        settings: Where the cost ledger is (its data dir).

    Returns:
        True when a record was corrected; False when the job is still billable, was not
        started by a recorded tool call, or its price is out already.
    """
    with _SETTLING:  # the poller's thread and the tool call's may both get here
        job = _claim(job_id, jobs)
        if job is None:
            return False
        ledger = ledger_for(settings)
        record = ledger.get(job.thread, job.cost_key)
        if record is not None and record.status == "ok":
            job_usd = record.usd if job.estimated_usd is None else job.estimated_usd
            rest = round(record.usd - job_usd, 4)
            if rest < CENT:  # nothing else was spent (the estimates differ by rounding only)
                ledger.record(record.model_copy(update={"usd": 0.0, "status": "error"}))
            else:
                ledger.record(record.model_copy(update={"usd": rest}))
            log.info("video job %s ended %s, unbilled: its price is out", job.id, job.status)
    return record is not None


def _claim(job_id: str, jobs: VideoJobStore) -> VideoJob | None:
    """Clear an unbilled job's ``cost_key`` unless someone else did; the job as it was read.

    The clearing is a revision-checked update, so of two processes settling the same job
    only one succeeds; the other re-reads the job and finds its ``cost_key`` gone.

    Returns:
        The job (with its ``cost_key``) when this caller claimed its settlement, else None.

    Raises:
        JobConflictError: When the job kept changing under us.
    """
    for _ in range(10):
        job = jobs.get(job_id)
        if not unbilled(job) or not job.cost_key:
            return None
        try:
            jobs.update(job.model_copy(update={"cost_key": ""}))
        except JobConflictError:
            continue
        return job
    raise JobConflictError(f"video job {job_id} kept changing; not settled")


def link_job(
    jobs: VideoJobStore | None, result: Mapping[str, Any] | None, key: str, settings: Settings
) -> None:
    """Tie the job a tool call started to the call's ledger record; settle if it ended.

    Call it after the record is written, so a job that ends meanwhile is settled either
    here or by the poller's listener (:func:`settle_listener`).

    Args:
        jobs: The job store (None: no remote video).
        result: The tool's result as JSON; a started job has a ``job_id``.
        key: The ledger key of the call (its tool call id).
        settings: Where the cost ledger is.
    """
    job_id = result.get("job_id") if result else None
    if jobs is None or not isinstance(job_id, str) or not key:
        return
    try:
        jobs.change(job_id, cost_key=key)
        settle(job_id, jobs, settings)
    except (CapabilityError, JobConflictError, sqlite3.Error, SQLAlchemyError) as exc:
        # the job stays priced (the job store is SQLite; the ledger SQLite or PostgreSQL)
        log.warning("video job %s not tied to its cost record: %s", job_id, exc)


def settle_listener(jobs: VideoJobStore, settings: Settings) -> JobListener:
    """A :class:`~core.storage.jobs.JobPoller` listener that settles jobs as they end."""

    def on_change(job: VideoJob) -> None:
        settle(job.id, jobs, settings)

    return on_change
