"""Runs: the runtime's sync event stream, driven in a worker thread into a persisted event log.

Every event of a thread gets the next number of that thread (``seq``, the SSE ``id:``),
so a client that reconnects with ``Last-Event-ID`` gets exactly the events it missed,
from any process that shares the data dir. A run left unfinished by a stopped server is
closed on start-up with an ``error`` and a ``done`` event.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel

from agent.events import DoneEvent, ErrorEvent, Event
from agent.runtime import AgentRuntime
from api.db import Database
from core.storage.assets import Asset

log = logging.getLogger(__name__)

RunKind = Literal["message", "resume"]
RunStatus = Literal["running", "done", "waiting", "cancelled", "failed"]
POLL_SECONDS = 0.01
THREAD_POLL_SECONDS = 1.0
"""How often a thread's stream asks SQLite for events appended by another process."""
RESTART_MESSAGE = "The server stopped during this run; send the message again to continue."


class RunInfo(BaseModel):
    """One run of a thread: a message, or the answer to a confirmation."""

    id: str
    thread_id: str
    kind: RunKind
    status: RunStatus
    created: datetime
    finished: datetime | None = None


class RunStartedEvent(BaseModel):
    """The first event of every run, sent as soon as the run is accepted.

    It tells a client at once that the message was taken (and the run's id), before the
    agent has said anything.
    """

    type: Literal["run_started"] = "run_started"
    run_id: str
    thread_id: str
    kind: RunKind


class LoggedEvent(BaseModel):
    """An event as stored: its number in the thread, its run and its JSON."""

    seq: int
    run: str
    data: dict[str, Any]


class RunConflict(Exception):
    """The thread already has a run going on."""


def stored(event: Event | RunStartedEvent) -> dict[str, Any]:
    """The JSON kept of an event (the server-side file path of an asset is left out)."""
    return event.model_dump(mode="json", exclude={"path"})


class EventLog:
    """Runs and their events in the API database.

    Args:
        db: The API database.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def create_run(self, thread: str, tenant: str, kind: RunKind) -> RunInfo:
        """Record a new running run."""
        run = RunInfo(id=f"run_{uuid.uuid4().hex[:16]}", thread_id=thread, kind=kind,
                      status="running", created=datetime.now(UTC))
        with self._db.connect() as db:
            db.execute(
                "INSERT INTO runs (id, thread, tenant, kind, status, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (run.id, thread, tenant, kind, run.status, run.created.isoformat()),
            )
        return run

    def append(self, thread: str, run: str, event: Event | RunStartedEvent) -> int:
        """Store one event; return its number in the thread."""
        data = stored(event)
        with self._db.connect() as db:
            seq = db.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE thread = ?", (thread,)
            ).fetchone()[0]
            db.execute(
                "INSERT INTO events (thread, seq, run, type, data) VALUES (?, ?, ?, ?, ?)",
                (thread, seq, run, data["type"], json.dumps(data)),
            )
        return int(seq)

    def events(self, run: str, after: int = 0) -> list[LoggedEvent]:
        """The run's events numbered above ``after``, in order."""
        with self._db.connect() as db:
            rows = db.execute(
                "SELECT seq, run, data FROM events WHERE run = ? AND seq > ? ORDER BY seq",
                (run, after),
            ).fetchall()
        return [LoggedEvent(seq=r["seq"], run=r["run"], data=json.loads(r["data"])) for r in rows]

    def thread_events(self, thread: str, after: int = 0, limit: int = 500) -> list[LoggedEvent]:
        """The thread's events (of every run) numbered above ``after``, oldest first."""
        with self._db.connect() as db:
            rows = db.execute(
                "SELECT seq, run, data FROM events WHERE thread = ? AND seq > ? "
                "ORDER BY seq LIMIT ?", (thread, after, limit),
            ).fetchall()
        return [LoggedEvent(seq=r["seq"], run=r["run"], data=json.loads(r["data"])) for r in rows]

    def finish(self, run: str, status: RunStatus) -> None:
        """Mark the run ended with ``status``."""
        with self._db.connect() as db:
            db.execute("UPDATE runs SET status = ?, finished = ? WHERE id = ?",
                       (status, datetime.now(UTC).isoformat(), run))

    def get(self, run: str, thread: str) -> RunInfo | None:
        """The thread's run, or None."""
        with self._db.connect() as db:
            row = db.execute("SELECT * FROM runs WHERE id = ? AND thread = ?",
                             (run, thread)).fetchone()
        return _run(row) if row else None

    def for_thread(self, thread: str) -> list[RunInfo]:
        """The thread's runs, oldest first."""
        with self._db.connect() as db:
            rows = db.execute("SELECT * FROM runs WHERE thread = ? ORDER BY created",
                              (thread,)).fetchall()
        return [_run(row) for row in rows]

    def recover(self) -> int:
        """Close the runs a stopped server left running; return how many."""
        with self._db.connect() as db:
            rows = db.execute("SELECT id, thread FROM runs WHERE status = 'running'").fetchall()
        for row in rows:
            self.append(row["thread"], row["id"], ErrorEvent(message=RESTART_MESSAGE))
            self.append(row["thread"], row["id"], DoneEvent(thread_id=row["thread"]))
            self.finish(row["id"], "failed")
        return len(rows)


def _run(row: Any) -> RunInfo:
    return RunInfo(id=row["id"], thread_id=row["thread"], kind=row["kind"],
                   status=row["status"], created=row["created"], finished=row["finished"])


EventObserver = Callable[[Event], None]
RunObserver = Callable[[RunInfo, float], None]


class RunManager:
    """Starts runs in worker threads (one at a time per thread), cancels them, follows them.

    Args:
        runtime: The agent runtime.
        log: Where events are persisted.
        on_event: Called with each event (metrics).
        on_run: Called with each finished run and its duration in seconds (metrics).
    """

    def __init__(
        self, runtime: AgentRuntime, log: EventLog,
        on_event: EventObserver | None = None, on_run: RunObserver | None = None,
    ) -> None:
        self.runtime, self.log = runtime, log
        self._on_event, self._on_run = on_event, on_run
        self._lock = threading.Lock()
        self._active: dict[str, str] = {}  # thread -> run
        self._cancelled: set[str] = set()
        self._workers: dict[str, threading.Thread] = {}
        self._latest: dict[str, int] = {}  # run -> number of its newest stored event
        self._newest: dict[str, int] = {}  # thread -> number of its newest stored event
        log.recover()

    def start_message(
        self, thread: str, tenant: str, text: str, attachments: Sequence[Asset] = ()
    ) -> RunInfo:
        """Start a run for a user message (409 material: :class:`RunConflict`)."""
        return self._start(thread, tenant, "message",
                           lambda: self.runtime.stream(thread, text, attachments, tenant))

    def start_resume(self, thread: str, tenant: str, approved: bool) -> RunInfo:
        """Start the run that answers the thread's pending confirmation."""
        return self._start(thread, tenant, "resume",
                           lambda: self.runtime.resume(thread, approved, tenant))

    def _start(
        self, thread: str, tenant: str, kind: RunKind, events: Callable[[], Iterator[Event]]
    ) -> RunInfo:
        with self._lock:
            if thread in self._active or self.runtime.running(thread):
                raise RunConflict(thread)
            run = self.log.create_run(thread, tenant, kind)
            self._active[thread] = run.id
            self._append(run, RunStartedEvent(run_id=run.id, thread_id=thread, kind=kind))
            worker = threading.Thread(target=self._drive, args=(run, events),
                                      name=f"run-{run.id}", daemon=True)
            self._workers[run.id] = worker
        worker.start()
        return run

    def _drive(self, run: RunInfo, events: Callable[[], Iterator[Event]]) -> None:
        started = time.perf_counter()
        status: RunStatus = "failed"
        try:
            for event in events():
                self._append(run, event)
                if run.id in self._cancelled:
                    self.runtime.stop(run.thread_id)
                if self._on_event:
                    self._on_event(event)
                if isinstance(event, DoneEvent):
                    status = self._status_of(run, event)
        except Exception:  # noqa: BLE001 - a failed run is reported, never kills the server
            log.exception("run %s of thread %s failed", run.id, run.thread_id)
            self._append(run, ErrorEvent(
                message="Something went wrong on our side; the thread is saved, try again."))
            self._append(run, DoneEvent(thread_id=run.thread_id))
        finally:
            self._end(run, status, time.perf_counter() - started)

    def _append(self, run: RunInfo, event: Event | RunStartedEvent) -> None:
        """Store an event of ``run`` and tell the followers of the run and its thread."""
        seq = self.log.append(run.thread_id, run.id, event)
        self._latest[run.id] = self._newest[run.thread_id] = seq

    def _status_of(self, run: RunInfo, done: DoneEvent) -> RunStatus:
        if done.waiting:
            return "waiting"
        return "cancelled" if run.id in self._cancelled else "done"

    def _end(self, run: RunInfo, status: RunStatus, seconds: float) -> None:
        self.log.finish(run.id, status)
        with self._lock:
            self._active.pop(run.thread_id, None)
            self._cancelled.discard(run.id)
            self._workers.pop(run.id, None)
            self._latest.pop(run.id, None)
        if self._on_run:
            self._on_run(run.model_copy(update={"status": status}), seconds)

    def active(self, thread: str) -> str | None:
        """The id of the thread's run going on in this process, if any."""
        with self._lock:
            return self._active.get(thread)

    def cancel(self, thread: str) -> str | None:
        """Stop the thread's run; return its id, or None when none was going on."""
        with self._lock:
            run = self._active.get(thread)
            if run is None:
                return None
            self._cancelled.add(run)
        self.runtime.stop(thread)
        return run

    def live(self, run: str) -> bool:
        """Whether the run is still going on in this process."""
        with self._lock:
            return run in self._workers

    async def follow(self, run: str, after: int = 0) -> AsyncIterator[LoggedEvent]:
        """Yield the run's events numbered above ``after``, live until the run ends."""
        while True:
            with self._lock:
                live = run in self._workers
                newest = self._latest.get(run, 0)
            if live and newest <= after:
                await asyncio.sleep(POLL_SECONDS)  # nothing new: no need to ask SQLite
                continue
            batch = await asyncio.to_thread(self.log.events, run, after)
            for event in batch:
                after = event.seq
                yield event
            if not batch and not live:
                return

    async def follow_thread(self, thread: str, after: int = 0) -> AsyncIterator[LoggedEvent]:
        """Yield the thread's events of every run numbered above ``after``, live, forever.

        Events of runs in this process arrive at once; SQLite is also asked every
        :data:`THREAD_POLL_SECONDS`, for runs of another process sharing the data dir.
        The caller ends the stream (the client disconnects).
        """
        asked = 0.0
        while True:
            fresh = self._newest.get(thread, 0) > after
            if not fresh and time.monotonic() - asked < THREAD_POLL_SECONDS:
                await asyncio.sleep(POLL_SECONDS)
                continue
            asked = time.monotonic()
            for event in await asyncio.to_thread(self.log.thread_events, thread, after):
                after = event.seq
                yield event

    def join(self, timeout: float | None = None) -> None:
        """Wait for every run going on (shutdown and tests)."""
        with self._lock:
            workers = list(self._workers.values())
        for worker in workers:
            worker.join(timeout)
