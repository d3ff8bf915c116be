"""Remote video jobs: a persisted record per job, a store, and a resuming poller.

A remote video model (Nova Reel, Luma Ray2) takes minutes and is paid per second, so every
job is written to the store *before* the model is called (with the idempotency token sent),
updated on every status change, and polled by :class:`JobPoller`, which resumes every
unfinished job found in the store when it starts: a restart loses no paid job.

The store is ``jobs.sqlite`` in the data dir, or, with ``ADSTUDIO_DATABASE_URL`` set, a table
in that PostgreSQL database; its schema is migrated with Alembic
(``core/storage/schemas/video_jobs``) when it is opened.

Typical wiring::

    store = VideoJobStore(video_jobs_url(settings))
    engine = BedrockVideoJobs(..., job_store=store, asset_store=assets)
    poller = JobPoller(store, engine, listeners=[on_change])
    poller.start()                      # resumes pending jobs, polls in a daemon thread
    job = engine.submit_animation(...)  # status "in_progress"
    ...
    for job in store.undelivered(thread):   # show each finished job once
        show(job); store.mark_delivered(job.id)
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field
from sqlalchemy import RowMapping, bindparam, text

from core.errors import CapabilityError
from core.settings import Settings
from core.storage.database import make_engine, reading, sqlite_url, store_url, writing
from core.storage.migrations import Schema, upgrade
from core.storage.schemas import SCHEMAS

log = logging.getLogger(__name__)

JobKind = Literal["animation", "storyboard"]
JobStatus = Literal["submitting", "in_progress", "completed", "failed", "blocked", "cancelled"]
PENDING: tuple[JobStatus, ...] = ("submitting", "in_progress")
"""Statuses of jobs still running (or not yet confirmed started) on the remote model."""
FINISHED: tuple[JobStatus, ...] = ("completed", "failed", "blocked", "cancelled")
"""Statuses a job never leaves."""

SCHEMA = Schema("video_jobs", SCHEMAS / "video_jobs")
"""The video jobs table and its migrations."""
JOBS_FILE = "jobs.sqlite"
"""The store's SQLite file in the data dir (when no database URL is set)."""


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class VideoJobNotFoundError(CapabilityError):
    """A job id that does not exist (or belongs to another tenant)."""


class JobConflictError(RuntimeError):
    """A job changed in the store since it was read (another thread or process saved it)."""


class VideoJob(BaseModel):
    """One remote video job, as persisted (never holds image or video bytes).

    Attributes:
        id: Our id (``job_...``).
        kind: ``animation`` (live image from an ad image) or ``storyboard``.
        engine: The engine that runs it (``nova-reel``, ``luma-ray2``); picks the poller's engine.
        model_id: The model id called.
        invocation_arn: Bedrock's ARN, once the submit was accepted.
        client_token: Idempotency token sent with the submit (stored before the call).
        output_uri: The S3 prefix given to the model (unique per job).
        request: Summary of the request body, base64 blobs replaced by placeholders.
        status: Where the job is.
        message: Plain-language outcome for the user (failure or block reason).
        notes: What the engine changed about the request (length rounding, size...).
        tenant: Tenant that owns the job and its asset.
        thread: Conversation thread that asked for it.
        capability: Capability recorded on the resulting asset.
        parents: Asset ids the video is made from.
        parameters: Parameters recorded on the resulting asset.
        label: The visible AI label to draw on the video when it arrives ("AI-generated";
            None: none is due).
        asset_id: The stored MP4, once completed.
        seconds: Expected length of the video.
        width: Expected frame width.
        height: Expected frame height.
        estimated_usd: Estimated price of the job, if known.
        billed: False once the model is known not to bill the job: Bedrock reported the
            invocation failed (a failed async invocation is not billed), or the request
            never reached it. True otherwise (the estimate stands).
        cost_key: The cost-ledger key (the tool call id) of the call whose record still
            holds the job's price, so it can be taken out when the job ends unbilled
            ("" when none, or once taken out).
        created: When the job was created.
        updated: When the job was last changed.
        attempts: How many times it was polled.
        errors: Polls in a row that raised (reset by a successful poll).
        next_poll_at: When the poller should look at it next.
        revision: How many times it was saved (guards against lost updates).
    """

    id: str = Field(default_factory=lambda: f"job_{uuid.uuid4().hex[:12]}")
    kind: JobKind
    engine: str
    model_id: str
    invocation_arn: str | None = None
    client_token: str = Field(default_factory=lambda: uuid.uuid4().hex)
    output_uri: str | None = None
    request: dict[str, Any] = Field(default_factory=dict)
    status: JobStatus = "submitting"
    message: str = ""
    notes: list[str] = Field(default_factory=list)
    tenant: str = "default"
    thread: str = ""
    capability: str | None = None
    parents: list[str] = Field(default_factory=list)
    parameters: dict[str, Any] = Field(default_factory=dict)
    label: str | None = None
    asset_id: str | None = None
    seconds: float | None = None
    width: int | None = None
    height: int | None = None
    estimated_usd: float | None = None
    billed: bool = True
    cost_key: str = ""
    created: datetime = Field(default_factory=utcnow)
    updated: datetime = Field(default_factory=utcnow)
    attempts: int = 0
    errors: int = 0
    next_poll_at: datetime | None = None
    revision: int = 0

    @property
    def pending(self) -> bool:
        """Whether the job may still change (submitting or in progress)."""
        return self.status in PENDING

    @property
    def finished(self) -> bool:
        """Whether the job reached a final status."""
        return self.status in FINISHED

    def summary(self) -> str:
        """One line for the user: the job, its status and outcome."""
        what = f"{self.kind} video job {self.id} ({self.engine})"
        if self.status == "completed":
            return f"{what}: ready as {self.asset_id}"
        tail = f": {self.message}" if self.message else ""
        return f"{what} {self.status.replace('_', ' ')}{tail}"


class VideoJobStore:
    """Persists :class:`VideoJob` records on SQLite (WAL mode) or PostgreSQL.

    Safe to share between threads and processes: each call takes a pooled connection, as
    :class:`~core.storage.assets.AssetStore` does.

    Args:
        where: An SQLite file (its folder is created), or a database URL (``sqlite:///…``,
            ``postgresql://…``). The table is created or upgraded on opening.
    """

    def __init__(self, where: Path | str) -> None:
        self.url = sqlite_url(where) if isinstance(where, Path) else where
        self.engine = make_engine(self.url)
        upgrade(self.engine, SCHEMA)

    def close(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()

    def create(self, job: VideoJob) -> VideoJob:
        """Insert a new job.

        Args:
            job: The job (its id must be new).

        Returns:
            The job as stored.
        """
        with writing(self.engine) as db:
            db.execute(
                text("INSERT INTO video_jobs (id, tenant, thread, status, next_poll_at, "
                     "delivered, created, data) VALUES (:id, :tenant, :thread, :status, "
                     ":next_poll_at, 0, :created, :data)"),
                {"id": job.id, "tenant": job.tenant, "thread": job.thread, "status": job.status,
                 "next_poll_at": _iso(job.next_poll_at), "created": job.created.isoformat(),
                 "data": job.model_dump_json()},
            )
        return job

    def update(self, job: VideoJob) -> VideoJob:
        """Save a changed job read earlier from this store (``updated`` is set to now).

        The save only happens when nobody saved the job since it was read (same
        ``revision``), so a poller and a submit running at once never undo each other.

        Args:
            job: The job with its changes.

        Returns:
            The job as stored (``revision`` incremented).

        Raises:
            VideoJobNotFoundError: When the job was never created.
            JobConflictError: When the job was saved by someone else since it was read.
        """
        saved = job.model_copy(update={"updated": utcnow(), "revision": job.revision + 1})
        with writing(self.engine) as db:
            result = db.execute(
                text("UPDATE video_jobs SET status = :status, next_poll_at = :next_poll_at, "
                     "data = :data, revision = :revision WHERE id = :id AND revision = :read"),
                {"status": saved.status, "next_poll_at": _iso(saved.next_poll_at),
                 "data": saved.model_dump_json(), "revision": saved.revision, "id": job.id,
                 "read": job.revision},
            )
        if result.rowcount == 0:
            self.get(job.id)  # raises VideoJobNotFoundError when it does not exist
            raise JobConflictError(f"video job {job.id} changed since it was read")
        return saved

    def change(self, job_id: str, **fields: Any) -> VideoJob:
        """Set some fields of the latest stored version of a job (re-read on conflicts).

        Args:
            job_id: The job id.
            **fields: The :class:`VideoJob` fields to set.

        Returns:
            The job as stored.

        Raises:
            VideoJobNotFoundError: When there is no such job.
            JobConflictError: When the job kept changing under us (10 tries).
        """
        for _ in range(10):
            job = self.get(job_id)
            try:
                return self.update(job.model_copy(update=fields))
            except JobConflictError:
                continue
        raise JobConflictError(f"video job {job_id} kept changing; not saved")

    def get(self, job_id: str, tenant: str | None = None) -> VideoJob:
        """Return one job.

        Args:
            job_id: The job id.
            tenant: When given, the job must belong to this tenant.

        Raises:
            VideoJobNotFoundError: No such job (for this tenant).
        """
        with reading(self.engine) as db:
            row = db.execute(
                text("SELECT tenant, data FROM video_jobs WHERE id = :id"), {"id": job_id.strip()}
            ).mappings().fetchone()
        if row is None or (tenant is not None and row["tenant"] != tenant):
            raise _not_found(job_id)
        return _row_to_job(row)

    def pending(self) -> list[VideoJob]:
        """Every job still submitting or in progress (all tenants), soonest poll first."""
        query = text(
            "SELECT data FROM video_jobs WHERE status IN :statuses "
            "ORDER BY CASE WHEN next_poll_at IS NULL THEN 1 ELSE 0 END, next_poll_at, created"
        ).bindparams(bindparam("statuses", expanding=True))
        with reading(self.engine) as db:
            rows = db.execute(query, {"statuses": list(PENDING)}).mappings().fetchall()
        return [_row_to_job(row) for row in rows]

    def for_thread(self, thread: str, tenant: str | None = None) -> list[VideoJob]:
        """The jobs of a conversation thread, oldest first.

        Args:
            thread: The thread id.
            tenant: When given, only this tenant's jobs.
        """
        query, args = "SELECT data FROM video_jobs WHERE thread = :thread", {"thread": thread}
        if tenant is not None:
            query, args = query + " AND tenant = :tenant", {**args, "tenant": tenant}
        with reading(self.engine) as db:
            rows = db.execute(text(query + " ORDER BY created"), args).mappings().fetchall()
        return [_row_to_job(row) for row in rows]

    def undelivered(self, thread: str, tenant: str | None = None) -> list[VideoJob]:
        """Finished jobs of a thread not yet shown to the user (see :meth:`mark_delivered`).

        Args:
            thread: The thread id.
            tenant: When given, only this tenant's jobs.
        """
        query = ("SELECT data FROM video_jobs WHERE thread = :thread AND delivered = 0 "
                 "AND status IN :statuses")
        args: dict[str, Any] = {"thread": thread, "statuses": list(FINISHED)}
        if tenant is not None:
            query, args = query + " AND tenant = :tenant", {**args, "tenant": tenant}
        statement = text(query + " ORDER BY created").bindparams(
            bindparam("statuses", expanding=True))
        with reading(self.engine) as db:
            rows = db.execute(statement, args).mappings().fetchall()
        return [_row_to_job(row) for row in rows]

    def mark_delivered(self, job_id: str) -> bool:
        """Record that a finished job was shown, so :meth:`undelivered` skips it.

        Args:
            job_id: The job id.

        Returns:
            True when this call marked it (False when it was already delivered or unknown),
            so two UIs racing show it once.
        """
        with writing(self.engine) as db:
            result = db.execute(
                text("UPDATE video_jobs SET delivered = 1 WHERE id = :id AND delivered = 0"),
                {"id": job_id},
            )
        return result.rowcount == 1


def _iso(moment: datetime | None) -> str | None:
    """ISO text of a time (UTC), or None."""
    return None if moment is None else moment.astimezone(UTC).isoformat()


def _row_to_job(row: RowMapping) -> VideoJob:
    """A job from its row (the JSON column is the source of truth)."""
    return VideoJob.model_validate(json.loads(row["data"]))


def video_jobs_url(settings: Settings) -> str:
    """Where the video jobs live: the deployment's PostgreSQL, or ``jobs.sqlite``."""
    return store_url(settings.storage.url(), settings.data_dir / JOBS_FILE)


def _not_found(job_id: str) -> VideoJobNotFoundError:
    """The error for an unknown job id."""
    return VideoJobNotFoundError(
        f"There is no video job with the id '{job_id}'.",
        hint="Use a job id shown in this conversation.",
    )


# --- polling ------------------------------------------------------------------------------


class JobEngine(Protocol):
    """What the poller needs from a remote video engine."""

    def poll(self, job: VideoJob) -> VideoJob:
        """Check the job once and return it updated (not yet persisted)."""
        ...


JobListener = Callable[[VideoJob], None]


class JobPoller:
    """Polls pending jobs with exponential backoff, in a daemon thread or step by step.

    Each job is polled ``initial_seconds`` after it was created, then after twice as long
    each time, up to ``max_seconds``. Every change is persisted before listeners hear of it,
    so a crash never loses a transition. Engine errors (no S3 access, network) are logged
    and retried with the same backoff; after ``max_errors`` in a row the job is marked
    ``failed`` with the error's message.

    Args:
        store: The job store.
        engines: One engine for every job, or engines by :attr:`VideoJob.engine` name.
        initial_seconds: First delay (and the first backoff step).
        max_seconds: Longest delay between two polls of a job.
        max_errors: Polls in a row that may raise before the job fails.
        listeners: Called with the job after each status change (errors are logged).
    """

    def __init__(
        self,
        store: VideoJobStore,
        engines: JobEngine | Mapping[str, JobEngine],
        *,
        initial_seconds: float = 15.0,
        max_seconds: float = 120.0,
        max_errors: int = 20,
        listeners: Iterable[JobListener] = (),
    ) -> None:
        self.store = store
        self.engines = engines
        self.initial_seconds = initial_seconds
        self.max_seconds = max(max_seconds, initial_seconds)
        self.max_errors = max_errors
        self.listeners: list[JobListener] = list(listeners)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def delay(self, attempts: int) -> float:
        """Seconds to wait before the next poll after ``attempts`` polls.

        Args:
            attempts: Polls made so far.

        Returns:
            ``initial_seconds * 2**attempts``, at most ``max_seconds``.
        """
        return min(self.initial_seconds * 2 ** min(attempts, 32), self.max_seconds)

    def schedule(self, job: VideoJob, now: datetime | None = None) -> VideoJob:
        """The job with ``next_poll_at`` set from its attempts (not persisted).

        Args:
            job: The job.
            now: The current time (default: now).
        """
        moment = (now or utcnow()) + timedelta(seconds=self.delay(job.attempts))
        return job.model_copy(update={"next_poll_at": moment})

    def poll_once(self, now: datetime | None = None) -> list[VideoJob]:
        """Poll every pending job that is due, persist the results, notify listeners.

        Args:
            now: The current time (tests pass one instead of sleeping); default now.

        Returns:
            The jobs polled, as stored afterwards.
        """
        now = now or utcnow()
        with self._lock:
            due = [job for job in self.store.pending() if _due(job, now)]
            return [self._poll_job(job, now) for job in due]

    def _engine_for(self, job: VideoJob) -> JobEngine | None:
        """The engine that runs ``job``, if this poller has it."""
        if isinstance(self.engines, Mapping):
            return self.engines.get(job.engine)
        return self.engines

    def _poll_job(self, job: VideoJob, now: datetime) -> VideoJob:
        """Poll one job, persist the result, notify on status change.

        When the job was saved by someone else meanwhile (e.g. a submit recording its ARN),
        this poll's result is dropped and the job is looked at again next time.
        """
        engine = self._engine_for(job)
        if engine is None:
            log.warning("no engine %r for job %s; skipped", job.engine, job.id)
            return self._save(self.schedule(job, now), job)
        try:
            polled = engine.poll(job).model_copy(update={"errors": 0})
        except Exception as exc:  # any engine failure is retried, never fatal
            polled = self._failed_poll(job, exc)
        polled = polled.model_copy(update={"attempts": job.attempts + 1})
        polled = self.schedule(polled, now) if polled.pending else polled
        stored = self._save(polled, job)
        if stored.status != job.status:
            self._notify(stored)
        return stored

    def _save(self, polled: VideoJob, original: VideoJob) -> VideoJob:
        """Persist a polled job; on a conflict keep (and return) the stored version."""
        try:
            return self.store.update(polled)
        except JobConflictError:
            log.info("video job %s changed while polled; polling again later", original.id)
            return self.store.get(original.id)

    def _failed_poll(self, job: VideoJob, exc: Exception) -> VideoJob:
        """The job after a poll raised: retried later, or failed after too many errors."""
        errors = job.errors + 1
        log.warning("polling job %s failed (%d in a row): %s", job.id, errors, exc)
        if errors < self.max_errors:
            return job.model_copy(update={"errors": errors})
        message = f"The video job could not be checked: {exc}"
        return job.model_copy(update={"errors": errors, "status": "failed", "message": message})

    def _notify(self, job: VideoJob) -> None:
        """Tell every listener about a status change; a failing listener is logged."""
        for listener in list(self.listeners):
            try:
                listener(job)
            except Exception:  # a listener must never stop the poller
                log.exception("job listener failed for %s", job.id)

    def start(self) -> None:
        """Resume every pending job in the store and poll in a daemon thread.

        Jobs whose poll time has passed (e.g. while the process was down) are polled
        right away. Calling ``start`` twice does nothing.
        """
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="video-job-poller", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop the thread (pending jobs stay in the store for the next start).

        Args:
            timeout: Seconds to wait for the thread to finish its current poll.
        """
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        """Whether the polling thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        """Thread body: poll what is due, then sleep until the next job is due."""
        while not self._stop.is_set():
            try:
                self.poll_once()
                wait = self._seconds_to_next()
            except Exception:  # e.g. a locked database: try again later
                log.exception("video job poller step failed")
                wait = self.initial_seconds
            self._wake.wait(max(wait, 0.1))
            self._wake.clear()

    def _seconds_to_next(self) -> float:
        """Seconds until the soonest pending job is due (``max_seconds`` when none)."""
        jobs = self.store.pending()
        times = [job.next_poll_at for job in jobs if job.next_poll_at is not None]
        if len(times) < len(jobs):
            return 0.0  # a job without a poll time is due now (poll_once schedules it)
        if not times:
            return self.max_seconds
        wait = (min(times) - utcnow()).total_seconds()
        return min(max(wait, 0.0), self.max_seconds)


def _due(job: VideoJob, now: datetime) -> bool:
    """Whether a pending job should be polled at ``now``."""
    return job.next_poll_at is None or job.next_poll_at <= now
