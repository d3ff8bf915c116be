"""The job store: every batch job, one row per product × step, in SQLite (WAL).

The driver is the only writer of its job: workers return their results and the driver
records them. Several jobs may share the file, so no transaction is ever held open while
work is done (a catalog's photos are checked outside any transaction; each chunk of
checked rows is written in one short one).

A job is ``checking`` until its whole catalog has been read, then ``planned``; a claim
(one write transaction) makes it ``running`` for one driver, named by PID, host and process
start time (:mod:`batch.drivers`). A step's row says its status (``pending``, ``running``,
``done``, ``failed``), attempts, asset ids, error and timings; its files are in
``outputs``. A job resumes from here: ``running`` rows of a driver that died become
``pending`` again, ``done`` rows are never run again, ``failed`` ones are tried again.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from batch.drivers import DriverId
from batch.models import Product, RowProblem, StepResult
from batch.steps import steps_of
from core.errors import CapabilityError
from core.storage.sqlite import connect, create

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    catalog TEXT NOT NULL,
    out TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    status TEXT NOT NULL,
    driver_pid INTEGER,
    driver_host TEXT,
    driver_started TEXT
);
CREATE TABLE IF NOT EXISTS products (
    job TEXT NOT NULL,
    line INTEGER NOT NULL,
    product_id TEXT,
    payload TEXT,
    error TEXT,
    PRIMARY KEY (job, line)
);
CREATE UNIQUE INDEX IF NOT EXISTS products_unique_id
    ON products (job, product_id) WHERE error IS NULL;
CREATE TABLE IF NOT EXISTS steps (
    job TEXT NOT NULL,
    product_id TEXT NOT NULL,
    step TEXT NOT NULL,
    position INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    asset_ids TEXT NOT NULL DEFAULT '[]',
    result TEXT NOT NULL DEFAULT '{}',
    notes TEXT NOT NULL DEFAULT '[]',
    error TEXT,
    cost_usd REAL NOT NULL DEFAULT 0,
    started TEXT,
    finished TEXT,
    seconds REAL,
    PRIMARY KEY (job, product_id, step)
);
CREATE TABLE IF NOT EXISTS outputs (
    job TEXT NOT NULL,
    product_id TEXT NOT NULL,
    step TEXT NOT NULL,
    idx INTEGER NOT NULL,
    asset_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    placement TEXT NOT NULL,
    theme TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    findings TEXT NOT NULL,
    thumb BLOB,
    provenance TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (job, product_id, step, idx)
);
"""

_PRODUCT_STATE = """
SELECT product_id, CASE WHEN SUM(status = 'failed') > 0 THEN 'failed'
                        WHEN SUM(status != 'done') = 0 THEN 'done' ELSE 'pending' END AS state
FROM steps WHERE job = ? GROUP BY product_id
"""
DRIVER_COLUMNS = ("driver_host", "driver_started")
"""Columns added after the first release (added to older files when opened)."""
OUTPUT_COLUMNS = {"provenance": "TEXT NOT NULL DEFAULT ''"}
"""Columns of ``outputs`` added after the first release (added to older files when opened)."""
PAGE = 100
CHUNK_ROWS = 200
CHUNK_SECONDS = 0.5
"""Checked rows are written when this many are waiting, or this long after the first."""
CLAIMABLE = ("planned", "running", "interrupted", "finished")

T = TypeVar("T")


class BatchJobNotFoundError(CapabilityError):
    """A job id the store does not know."""


class JobBusyError(CapabilityError):
    """Another live driver is running the job."""


class JobIncompleteError(CapabilityError):
    """The job's catalog was never read to the end: it cannot run."""


@dataclass(frozen=True)
class Job:
    """A batch job.

    Attributes:
        id: The job id (``adstudio batch --resume ID``).
        catalog: The catalog it was planned from.
        out: Where its outputs go.
        created: When it was planned (UTC, ISO 8601).
        updated: When its status last changed.
        status: ``checking``, ``planned``, ``running``, ``interrupted`` or ``finished``.
        driver_pid: The process running it (while ``running``).
        driver_host: The host of that process.
        driver_started: When that process started (tells it from a later one with its PID).
    """

    id: str
    catalog: str
    out: str
    created: str
    updated: str
    status: str
    driver_pid: int | None
    driver_host: str | None = None
    driver_started: str | None = None

    def driver(self) -> DriverId | None:
        """The driver holding the job, if any."""
        if self.driver_pid is None:
            return None
        return DriverId(self.driver_pid, self.driver_host or "", self.driver_started or "")


@dataclass(frozen=True)
class StepRow:
    """One product × step as stored."""

    step: str
    status: str
    attempts: int
    result: dict[str, Any]
    error: str | None
    seconds: float | None
    cost_usd: float


@dataclass(frozen=True)
class RemoteStep:
    """A done step that started a remote video job whose end its cost does not reflect yet.

    Attributes:
        product_id: The product.
        step: The step (its capability).
        video_job: The remote video job it started (see :mod:`core.storage.jobs`).
        cost_usd: The step's cost, the job's price included.
    """

    product_id: str
    step: str
    video_job: str
    cost_usd: float


@dataclass(frozen=True)
class Counts:
    """Where a job stands.

    Attributes:
        valid: Products that passed validation.
        invalid: Rows that did not (they are never run).
        done: Products with every step done.
        failed: Products with a failed step.
        pending: Products with work left.
        images: Ad images made.
        cost_usd: Estimated cost of the steps run.
    """

    valid: int
    invalid: int
    done: int
    failed: int
    pending: int
    images: int
    cost_usd: float


@dataclass(frozen=True)
class Problem:
    """A row that was not processed, or a step that failed."""

    line: int
    product_id: str | None
    step: str | None
    message: str


def _now() -> str:
    return datetime.now(UTC).isoformat()


def chunks(
    items: Iterable[T], size: int, seconds: float, clock: Callable[[], float] = time.monotonic
) -> Iterator[list[T]]:
    """Consecutive lists of ``items``: at most ``size``, cut once ``seconds`` have passed.

    Taking an item may be slow (a row's photo is decoded): the time limit keeps what is
    waiting to be written, and reported, fresh.
    """
    chunk: list[T] = []
    since = clock()
    for item in items:
        if not chunk:
            since = clock()
        chunk.append(item)
        if len(chunk) >= size or clock() - since >= seconds:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _not_found(job: str) -> BatchJobNotFoundError:
    return BatchJobNotFoundError(
        f"There is no batch job '{job}' here.",
        hint="`adstudio batch status` lists the jobs (check ADSTUDIO_DATA_DIR).",
    )


def _incomplete(job: Job) -> JobIncompleteError:
    return JobIncompleteError(
        f"Job {job.id} cannot run: its catalog was never checked to the end (the check "
        "was stopped, or is still going on in another process).",
        hint=f"Check the catalog again, which makes a new job: adstudio batch {job.catalog} "
        f"--out {job.out}",
    )


def _check_claimable(job: Job, me: DriverId) -> None:
    """Raise unless ``me`` may take ``job``."""
    if job.status not in CLAIMABLE:
        raise _incomplete(job)
    holder = job.driver()
    if job.status == "running" and holder is not None and holder != me and holder.alive():
        raise JobBusyError(
            f"Job {job.id} is being run by process {holder.pid} on {holder.host}.",
            hint=f"Wait for it, or stop it first (kill {holder.pid} on {holder.host}), "
            "then resume.",
        )


class BatchJobStore:
    """Batch jobs in ``path`` (SQLite, WAL).

    Args:
        path: The database file (created with its folder when missing).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        create(path, _SCHEMA)
        self._add_driver_columns()
        self._add_output_columns()

    def _add_output_columns(self) -> None:
        """Bring a job store made before outputs recorded their provenance up to date."""
        with self._connect() as db:
            have = {row["name"] for row in db.execute("PRAGMA table_info(outputs)")}
            for name, declaration in OUTPUT_COLUMNS.items():
                if name in have:
                    continue
                try:
                    db.execute(f"ALTER TABLE outputs ADD COLUMN {name} {declaration}")
                except sqlite3.OperationalError as exc:  # another process added it first
                    if "duplicate column" not in str(exc):
                        raise

    def _add_driver_columns(self) -> None:
        """Bring a job store made before drivers were named by host and start time up to date."""
        with self._connect() as db:
            have = {row["name"] for row in db.execute("PRAGMA table_info(jobs)")}
            for name in DRIVER_COLUMNS:
                if name in have:
                    continue
                try:
                    db.execute(f"ALTER TABLE jobs ADD COLUMN {name} TEXT")
                except sqlite3.OperationalError as exc:  # another process added it first
                    if "duplicate column" not in str(exc):
                        raise

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connect(self.path)

    # ---- jobs ------------------------------------------------------------------------

    def create_job(self, catalog: str, out: str) -> str:
        """Record a new job, ``checking`` until :meth:`planned`; return its id."""
        job = f"job_{uuid.uuid4().hex[:8]}"
        with self._connect() as db:
            db.execute("INSERT INTO jobs (id, catalog, out, created, updated, status) "
                       "VALUES (?,?,?,?,?,?)", (job, catalog, out, _now(), _now(), "checking"))
        return job

    def planned(self, job: str) -> None:
        """The job's catalog has been read to the end: it may run."""
        with self._connect() as db:
            db.execute("UPDATE jobs SET status = 'planned', updated = ? WHERE id = ? AND "
                       "status = 'checking'", (_now(), job))

    def job(self, job: str) -> Job:
        """The job ``job``.

        Raises:
            BatchJobNotFoundError: No such job in this data dir.
        """
        with self._connect() as db:
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job.strip(),)).fetchone()
        if row is None:
            raise _not_found(job)
        return Job(**dict(row))

    def runnable(self, job: str) -> Job:
        """The job ``job``, checked to be complete (its whole catalog was read).

        Raises:
            BatchJobNotFoundError: No such job in this data dir.
            JobIncompleteError: Its catalog was never checked to the end.
        """
        found = self.job(job)
        if found.status not in CLAIMABLE:
            raise _incomplete(found)
        return found

    def delete_job(self, job: str) -> None:
        """Forget a job and everything recorded about it (its files stay where they are)."""
        with self._connect() as db:
            for table, column in (("outputs", "job"), ("steps", "job"), ("products", "job"),
                                  ("jobs", "id")):
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (job,))

    def jobs(self, limit: int = 20) -> list[Job]:
        """The newest jobs first."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM jobs ORDER BY created DESC LIMIT ?", (limit,))
            return [Job(**dict(row)) for row in rows]

    def claim(self, job: str, driver: DriverId | None = None) -> Job:
        """Take the job for ``driver`` (default: this process), atomically.

        The check and the take are one write transaction (``BEGIN IMMEDIATE``) ending in
        an update that only applies to the job as it was read: of two drivers started
        together, exactly one wins. A dead driver's running steps become pending.

        Raises:
            BatchJobNotFoundError: No such job.
            JobIncompleteError: Its catalog was never checked to the end.
            JobBusyError: Another live driver is running it.
        """
        me = driver or DriverId.this()
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job.strip(),)).fetchone()
            if row is None:
                raise _not_found(job)
            current = Job(**dict(row))
            _check_claimable(current, me)
            taken = db.execute(
                "UPDATE jobs SET status = 'running', driver_pid = ?, driver_host = ?, "
                "driver_started = ?, updated = ? WHERE id = ? AND status = ? AND driver_pid "
                "IS ? AND driver_host IS ? AND driver_started IS ?",
                (me.pid, me.host, me.started, _now(), current.id, current.status,
                 current.driver_pid, current.driver_host, current.driver_started),
            ).rowcount
            if taken != 1:
                raise JobBusyError(f"Job {job} was just taken by another process.",
                                   hint="Wait for it to finish, then resume if work is left.")
            db.execute("UPDATE steps SET status = 'pending' WHERE job = ? AND status = 'running'",
                       (current.id,))
        return self.job(current.id)

    def release(self, job: str, status: str, driver: DriverId | None = None) -> None:
        """Hand the job back (``interrupted`` or ``finished``); unfinished steps stay pending.

        Only the driver holding the job (default: this process) can release it.
        """
        me = driver or DriverId.this()
        with self._connect() as db:
            released = db.execute(
                "UPDATE jobs SET status = ?, driver_pid = NULL, driver_host = NULL, "
                "driver_started = NULL, updated = ? WHERE id = ? AND driver_pid = ? AND "
                "driver_host IS ? AND driver_started IS ?",
                (status, _now(), job, me.pid, me.host, me.started),
            ).rowcount
            if released:
                db.execute("UPDATE steps SET status = 'pending' WHERE job = ? AND "
                           "status = 'running'", (job,))

    # ---- validation pass -------------------------------------------------------------

    def add_rows(
        self, job: str, rows: Iterable[tuple[int, Product | RowProblem]]
    ) -> Iterator[Product | RowProblem]:
        """Record the checked rows of a catalog; yield each one as kept.

        A product whose id an earlier row already used is kept as a problem (the
        duplicate is never run). ``rows`` is taken (each row checked, its photo decoded)
        outside any transaction; each chunk of rows is then written in one short
        transaction, closed before its rows are yielded. So other writers of the file
        (another job, a claim) never wait on the check, and memory stays flat.
        """
        for chunk in chunks(rows, CHUNK_ROWS, CHUNK_SECONDS):
            with self._connect() as db:
                kept = [self._add_row(db, job, line, row) for line, row in chunk]
            yield from kept

    def _add_row(
        self, db: sqlite3.Connection, job: str, line: int, row: Product | RowProblem
    ) -> Product | RowProblem:
        if isinstance(row, Product):
            try:
                db.execute("INSERT INTO products VALUES (?,?,?,?,NULL)",
                           (job, line, row.id, row.model_dump_json()))
            except sqlite3.IntegrityError:
                first = db.execute("SELECT line FROM products WHERE job = ? AND product_id = ? "
                                   "AND error IS NULL", (job, row.id)).fetchone()
                row = RowProblem(line, row.id, f"duplicate product id '{row.id}' (first used "
                                 f"on line {first['line']}); this row is skipped")
            else:
                db.executemany(
                    "INSERT INTO steps (job, product_id, step, position) VALUES (?,?,?,?)",
                    [(job, row.id, step.name, i) for i, step in enumerate(steps_of(row))],
                )
                return row
        db.execute("INSERT INTO products VALUES (?,?,?,NULL,?)",
                   (job, line, row.product_id, row.message))
        return row

    # ---- the run ---------------------------------------------------------------------

    def pending_products(self, job: str) -> Iterator[tuple[int, Product]]:
        """Valid products with work left, in catalog order, read a page at a time."""
        after = 0
        while True:
            with self._connect() as db:
                page = db.execute(
                    "SELECT line, payload FROM products p WHERE job = ? AND error IS NULL "
                    "AND line > ? AND EXISTS (SELECT 1 FROM steps s WHERE s.job = p.job AND "
                    "s.product_id = p.product_id AND s.status != 'done') ORDER BY line LIMIT ?",
                    (job, after, PAGE),
                ).fetchall()
            for row in page:
                yield row["line"], Product.model_validate_json(row["payload"])
            if len(page) < PAGE:
                return
            after = page[-1]["line"]

    def steps(self, job: str, product_id: str) -> list[StepRow]:
        """A product's steps, in order."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT step, status, attempts, result, error, seconds, cost_usd FROM steps "
                "WHERE job = ? AND product_id = ? ORDER BY position", (job, product_id),
            ).fetchall()
        return [StepRow(r["step"], r["status"], r["attempts"], json.loads(r["result"]),
                        r["error"], r["seconds"], r["cost_usd"]) for r in rows]

    def mark_running(self, job: str, product_id: str, step: str) -> None:
        """A step was handed to a worker (one more attempt)."""
        with self._connect() as db:
            db.execute("UPDATE steps SET status = 'running', attempts = attempts + 1, "
                       "started = ?, error = NULL WHERE job = ? AND product_id = ? AND step = ?",
                       (_now(), job, product_id, step))

    def record(self, job: str, result: StepResult) -> None:
        """Record a worker's result, replacing the files of any earlier run of the step."""
        key = (job, result.product_id, result.step)
        asset_ids = [f.asset_id for f in result.outputs if f.asset_id]
        with self._connect() as db:
            db.execute(
                "UPDATE steps SET status = ?, attempts = attempts + ?, asset_ids = ?, result = ?, "
                "notes = ?, error = ?, cost_usd = ?, started = ?, finished = ?, seconds = ? "
                "WHERE job = ? AND product_id = ? AND step = ?",
                ("done" if result.ok else "failed", max(result.attempts - 1, 0),
                 json.dumps(asset_ids), json.dumps(result.result), json.dumps(result.notes),
                 result.error, result.cost_usd, result.started.isoformat(), _now(),
                 round(result.seconds, 3), *key),
            )
            db.execute("DELETE FROM outputs WHERE job = ? AND product_id = ? AND step = ?", key)
            db.executemany(
                "INSERT INTO outputs (job, product_id, step, idx, asset_id, kind, key, "
                "placement, theme, width, height, findings, thumb, provenance) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(*key, i, f.asset_id, f.kind, f.key, f.placement, f.theme, f.width, f.height,
                  json.dumps([x.model_dump(mode="json") for x in f.findings]), f.thumb,
                  f.provenance)
                 for i, f in enumerate(result.outputs)],
            )

    def remote_steps(self, job: str) -> list[RemoteStep]:
        """Done steps whose remote video job is not settled yet (see :mod:`batch.job_costs`)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT product_id, step, json_extract(result, '$.job_id') AS video_job, "
                "cost_usd FROM steps WHERE job = ? AND status = 'done' AND "
                "json_extract(result, '$.job_id') IS NOT NULL AND "
                "json_extract(result, '$.billed') IS NULL ORDER BY position", (job,),
            ).fetchall()
        return [RemoteStep(r["product_id"], r["step"], str(r["video_job"]), r["cost_usd"])
                for r in rows]

    def settle_remote_step(
        self, job: str, product_id: str, step: str, *, billed: bool, cost_usd: float
    ) -> None:
        """Record how a step's remote video job ended: its cost, and ``billed`` in its result.

        A settled step is not in :meth:`remote_steps` any more, until it is run again.
        """
        with self._connect() as db:
            db.execute(
                "UPDATE steps SET cost_usd = ?, result = json_set(result, '$.billed', json(?)) "
                "WHERE job = ? AND product_id = ? AND step = ? AND status = 'done'",
                (cost_usd, "true" if billed else "false", job, product_id, step),
            )

    # ---- reporting -------------------------------------------------------------------

    def counts(self, job: str) -> Counts:
        """Where the job stands."""
        with self._connect() as db:
            rows = db.execute("SELECT SUM(error IS NULL), SUM(error IS NOT NULL) FROM products "
                              "WHERE job = ?", (job,)).fetchone()
            states = dict(db.execute(f"SELECT state, COUNT(*) FROM ({_PRODUCT_STATE}) "
                                     "GROUP BY state", (job,)).fetchall())
            images = db.execute("SELECT COUNT(*) FROM outputs WHERE job = ? AND kind = "
                                "'ad_image'", (job,)).fetchone()[0]
            cost = db.execute("SELECT SUM(cost_usd) FROM steps WHERE job = ?", (job,)).fetchone()
        return Counts(valid=rows[0] or 0, invalid=rows[1] or 0, done=states.get("done", 0),
                      failed=states.get("failed", 0), pending=states.get("pending", 0),
                      images=images, cost_usd=round(cost[0] or 0.0, 4))

    def problems(self, job: str) -> Iterator[Problem]:
        """Rows not processed and steps that failed, in catalog order, a page at a time."""
        after = 0
        while True:
            with self._connect() as db:
                page = db.execute(
                    "SELECT p.line, p.product_id, s.step, COALESCE(p.error, s.error) AS message "
                    "FROM products p LEFT JOIN steps s ON s.job = p.job AND "
                    "s.product_id = p.product_id AND p.error IS NULL AND s.status = 'failed' "
                    "WHERE p.job = ? AND p.line > ? AND (p.error IS NOT NULL OR s.step IS NOT "
                    "NULL) ORDER BY p.line LIMIT ?", (job, after, PAGE),
                ).fetchall()
            for row in page:
                yield Problem(row["line"], row["product_id"], row["step"], row["message"] or "")
            if len(page) < PAGE:
                return
            after = page[-1]["line"]

    def products(self, job: str) -> Iterator[dict[str, Any]]:
        """Every row of the job with its steps and files, in catalog order, a page at a time.

        Yields dicts with ``line``, ``product_id``, ``product`` (a :class:`Product` or
        None), ``error``, ``steps`` (name → :class:`StepRow`) and ``outputs`` (rows).
        """
        after = 0
        while True:
            with self._connect() as db:
                page = db.execute("SELECT * FROM products WHERE job = ? AND line > ? "
                                  "ORDER BY line LIMIT ?", (job, after, PAGE)).fetchall()
                entries = [self._entry(db, job, row) for row in page]
            yield from entries
            if len(page) < PAGE:
                return
            after = page[-1]["line"]

    def _entry(self, db: sqlite3.Connection, job: str, row: sqlite3.Row) -> dict[str, Any]:
        product = Product.model_validate_json(row["payload"]) if row["payload"] else None
        outputs = db.execute("SELECT * FROM outputs WHERE job = ? AND product_id = ? ORDER BY "
                             "step, idx", (job, row["product_id"])).fetchall() if product else []
        steps = self.steps(job, row["product_id"]) if product else []
        return {"line": row["line"], "product_id": row["product_id"], "product": product,
                "error": row["error"], "steps": {s.step: s for s in steps},
                "outputs": [dict(o) for o in outputs]}
