"""Runs: the runtime's sync event stream, driven in a worker thread into a persisted event log.

Every event of a thread gets the next number of that thread (``seq``, the SSE ``id:``),
so a client that reconnects with ``Last-Event-ID`` gets exactly the events it missed,
from any process that shares the data dir. A run left unfinished by a stopped server is
closed with an ``error`` and a ``done`` event: on start-up, by a sweep every
:data:`SWEEP_SECONDS` (:func:`sweep_left_runs`), and as soon as someone reads or follows it.

Runs are bounded (:mod:`api.run_queue`): a few go on at once per process and per tenant,
the rest wait in line. ``run_started`` goes out at once with the run's place in line;
``run_queued`` tells a waiting run its new place as the line moves (0: it starts now).
Streams that follow a run or a thread wait to be woken (:mod:`api.wakeups`), not polling.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import threading
import time
import uuid
import zlib
from collections.abc import AsyncIterator, Callable, Collection, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple, Protocol, cast

from pydantic import BaseModel
from sqlalchemy import Connection, bindparam, text

from agent.events import DoneEvent, ErrorEvent, Event
from agent.runtime import AgentRuntime
from api.db import Database
from api.memory import release_memory
from api.run_queue import QueueFull, RunLimits, RunQueue
from api.wakeups import Wakeups, woken
from core.storage.assets import Asset

log = logging.getLogger(__name__)

RunKind = Literal["message", "resume"]
RunStatus = Literal["running", "done", "waiting", "cancelled", "failed"]
RECHECK_SECONDS = 30.0
"""Longest a run's stream sleeps without being woken (a safety net; events wake it)."""
THREAD_POLL_SECONDS = 1.0
"""How often a thread's stream asks SQLite for events appended by another process."""
RESTART_MESSAGE = "The server stopped during this run; send the message again to continue."
HEARTBEAT_SECONDS = 2.0
"""How often a process with runs going on says so in the database, and looks for cancels."""
STALE_SECONDS = 30.0
"""A running run whose process has not said so for this long is taken as left behind."""
REMOTE_POLL_SECONDS = 1.0
"""How often a stream of a run another process works on asks the database for events."""
SWEEP_SECONDS = 15.0
"""How often a serving process closes the runs a stopped process (a replica) left running."""


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
    agent has said anything, and whether the run waits for its turn.
    """

    type: Literal["run_started"] = "run_started"
    run_id: str
    thread_id: str
    kind: RunKind
    queue_position: int = 0
    """0: the agent starts on it now; n: it waits, n-th in line (1 = next)."""


class RunQueuedEvent(BaseModel):
    """A waiting run's place in line changed; at 0 its turn came and the agent starts."""

    type: Literal["run_queued"] = "run_queued"
    run_id: str
    position: int


class LoggedEvent(BaseModel):
    """An event as stored: its number in the thread, its run and its JSON."""

    seq: int
    run: str
    data: dict[str, Any]


class RunConflict(Exception):
    """The thread already has a run going on."""


class RunClosed(Exception):
    """The run is over in the store (it ended, or a process closed it as left): no more events."""


class Beat(NamedTuple):
    """What a heartbeat learnt about the runs of its process."""

    cancel: list[tuple[str, str]]
    """``(run, thread)`` of each running run whose cancel was asked (through any process)."""
    closed: list[str]
    """The runs the process named as its own that are not running any more in the store."""


RunEvent = Event | RunStartedEvent | RunQueuedEvent


def stored(event: RunEvent) -> dict[str, Any]:
    """The JSON kept of an event (the server-side file path of an asset is left out)."""
    return event.model_dump(mode="json", exclude={"path"})


class EventLog:
    """Runs and their events in the API database.

    A run ends once (the first write wins): its end (:meth:`finish`) and its closing as
    left behind (:meth:`recover`, :meth:`close_if_left`) are one conditional update each,
    changing only a run still ``running``, and a run that is not running, or whose ``done``
    is stored, takes no more events (:meth:`append` raises :class:`RunClosed`). So a replica
    that could not beat through a database outage longer than :data:`STALE_SECONDS`, and
    whose run another replica closed meanwhile, can neither add events after that ``done``
    nor turn the ``failed`` into ``completed``: it learns at its next write that it lost
    the run, and stops it (see :class:`RunManager`).

    Args:
        db: The API database.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def create_run(self, thread: str, tenant: str, kind: RunKind) -> RunInfo:
        """Record a new running run (with no event yet)."""
        run = _new_run(thread, kind)
        with self._db.connect() as db:
            _insert_run(db, run, tenant)
        return run

    def open_run(
        self, thread: str, tenant: str, kind: RunKind, queue_position: int = 0,
        owner: str | None = None,
    ) -> tuple[RunInfo, LoggedEvent]:
        """Record a new running run and its ``run_started`` in one transaction (both or none).

        Args:
            thread: The run's thread.
            tenant: Its tenant.
            kind: A message or a resume.
            queue_position: Its place in line (0: it starts now).
            owner: The process that works on it (see :func:`process_owner`); it then beats
                for the run (:meth:`beat`) until the run ends.

        Returns:
            The run, and its ``run_started`` as :meth:`events` would read it back.

        Raises:
            RunConflict: Another live process works on a run of the thread (looked for in
                the same transaction, under the thread's lock: of two processes opening a
                run of one thread at once, one wins).
        """
        run = _new_run(thread, kind)
        started = RunStartedEvent(run_id=run.id, thread_id=thread, kind=kind,
                                  queue_position=queue_position)
        with self._db.connect() as db:
            _lock_thread(db, thread)
            if owner is not None and _held_elsewhere(db, thread, owner):
                raise RunConflict(thread)
            _insert_run(db, run, tenant, owner)
            seq = _insert_event(db, thread, run.id, started)
        return run, LoggedEvent(seq=seq, run=run.id, data=stored(started))

    def append(self, thread: str, run: str, event: RunEvent) -> int:
        """Store one event; return its number in the thread.

        Raises:
            RunClosed: The run is not running any more, or its ``done`` is stored.
        """
        seq = self.append_all([(thread, run, event)])[0]
        if seq is None:
            raise RunClosed(run)
        return seq

    def append_all(self, items: Sequence[tuple[str, str, RunEvent]]) -> list[int | None]:
        """Store ``(thread, run, event)`` items in one transaction; return their numbers.

        An item of a run that takes no more events (not running, or its ``done`` stored)
        is refused: its number is None; the others are stored all the same.
        """
        with self._db.connect() as db:
            return [_insert_event(db, thread, run, event) if _takes_events(db, thread, run)
                    else None for thread, run, event in items]

    def events(self, run: str, after: int = 0) -> list[LoggedEvent]:
        """The run's events numbered above ``after``, in order."""
        with self._db.read() as db:
            rows = db.execute(
                text("SELECT seq, run, data FROM events WHERE run = :run AND seq > :after "
                     "ORDER BY seq"),
                {"run": run, "after": after},
            ).mappings().fetchall()
        return [LoggedEvent(seq=r["seq"], run=r["run"], data=json.loads(r["data"])) for r in rows]

    def thread_events(self, thread: str, after: int = 0, limit: int = 500) -> list[LoggedEvent]:
        """The thread's events (of every run) numbered above ``after``, oldest first."""
        with self._db.read() as db:
            rows = db.execute(
                text("SELECT seq, run, data FROM events WHERE thread = :thread AND seq > :after "
                     "ORDER BY seq LIMIT :limit"),
                {"thread": thread, "after": after, "limit": limit},
            ).mappings().fetchall()
        return [LoggedEvent(seq=r["seq"], run=r["run"], data=json.loads(r["data"])) for r in rows]

    def finish(self, run: str, status: RunStatus) -> bool:
        """Mark the run ended with ``status``, if it is still running.

        Returns:
            Whether this call ended it (False: it was over already, e.g. closed as left
            behind by another process; its stored end stays).
        """
        with self._db.connect() as db:
            ended = db.execute(
                text("UPDATE runs SET status = :status, finished = :finished "
                     "WHERE id = :id AND status = 'running'"),
                {"status": status, "finished": datetime.now(UTC).isoformat(), "id": run},
            ).rowcount
        return bool(ended == 1)

    def get(self, run: str, thread: str) -> RunInfo | None:
        """The thread's run, or None."""
        with self._db.read() as db:
            row = db.execute(text("SELECT * FROM runs WHERE id = :id AND thread = :thread"),
                             {"id": run, "thread": thread}).mappings().fetchone()
        return _run(row) if row else None

    def for_thread(self, thread: str) -> list[RunInfo]:
        """The thread's runs, oldest first."""
        with self._db.read() as db:
            rows = db.execute(text("SELECT * FROM runs WHERE thread = :thread ORDER BY created"),
                              {"thread": thread}).mappings().fetchall()
        return [_run(row) for row in rows]

    def recover(self, stale_seconds: float = STALE_SECONDS, keep: Collection[str] = ()) -> int:
        """Close the runs a stopped process left running; return how many.

        A run is left behind when no process beats for it (none ever did, or not for
        ``stale_seconds``), or when its process on this host is gone. A run another live
        process works on is left alone, so a process starting beside others on one
        database closes only what a dead one left.

        Args:
            stale_seconds: How old a heartbeat is when its process is taken as gone.
            keep: Runs this process works on: never closed, however old their heartbeat
                (one missed while the database did not answer).
        """
        with self._db.read() as db:
            rows = db.execute(
                text("SELECT id, thread, owner, heartbeat FROM runs WHERE status = 'running'")
            ).mappings().fetchall()
            now = _now(db)
        left = [r for r in rows if r["id"] not in keep
                and _left_behind(r["owner"], r["heartbeat"], now, stale_seconds)]
        return sum(self._close_left(row["id"], row["thread"]) for row in left)

    def close_if_left(self, run: str) -> bool:
        """Close ``run`` as :meth:`recover` would, if no live process works on it any more.

        Returns:
            Whether this call closed it (False: it is over, or a live process has it).
        """
        with self._db.read() as db:
            row = db.execute(
                text("SELECT thread, owner, heartbeat FROM runs "
                     "WHERE id = :id AND status = 'running'"), {"id": run},
            ).mappings().fetchone()
            now = _now(db)
        if row is None or not _left_behind(row["owner"], row["heartbeat"], now, STALE_SECONDS):
            return False
        return self._close_left(run, row["thread"])

    def _close_left(self, run: str, thread: str) -> bool:
        """Close a left run as failed, with its error and done; False when closed already.

        One transaction: of processes starting together, only the one whose update finds
        the run still running closes it, so it gets one error and one done. A run whose
        ``done`` is stored already (its process stopped before storing its end) is only
        given the status its ``done`` tells, ``cancelled`` when a cancel was asked before
        it (:meth:`mark_cancelled`): nothing comes after a ``done``.
        """
        with self._db.connect() as db:
            _lock_thread(db, thread)  # (an append to the thread waits for the closing)
            done = _stored_done(db, run)
            status = "failed" if done is None else _done_status(db, run, done)
            closed = db.execute(
                text("UPDATE runs SET status = :status, finished = :finished "
                     "WHERE id = :id AND status = 'running'"),
                {"status": status, "finished": datetime.now(UTC).isoformat(), "id": run},
            ).rowcount
            if closed != 1:
                return False
            if done is None:
                _insert_event(db, thread, run, ErrorEvent(message=RESTART_MESSAGE))
                _insert_event(db, thread, run, DoneEvent(thread_id=thread))
        return True

    def beat(self, owner: str, mine: Collection[str] = ()) -> Beat:
        """Say that ``owner`` still works on its running runs.

        Args:
            owner: The process (see :func:`process_owner`).
            mine: The runs it works on: those another process closed meanwhile (it took
                them for left behind while ``owner`` could not beat) are told back.

        Returns:
            Its running runs asked to cancel, and those of ``mine`` not running any more.
        """
        with self._db.connect() as db:
            db.execute(text("UPDATE runs SET heartbeat = :now "
                            "WHERE owner = :owner AND status = 'running'"),
                       {"now": _now(db).isoformat(), "owner": owner})
            rows = db.execute(
                text("SELECT id, thread FROM runs WHERE owner = :owner AND status = 'running' "
                     "AND cancel_requested IS NOT NULL"), {"owner": owner},
            ).mappings().fetchall()
            closed = db.execute(
                text("SELECT id FROM runs WHERE id IN :mine AND status <> 'running'")
                .bindparams(bindparam("mine", expanding=True)), {"mine": sorted(mine)},
            ).scalars().all() if mine else []
        return Beat(cancel=[(r["id"], r["thread"]) for r in rows],
                    closed=[str(run) for run in closed])

    def request_cancel(self, thread: str) -> str | None:
        """Ask whichever process works on the thread's running run to stop it; its id or None."""
        with self._db.connect() as db:
            _lock_thread(db, thread)
            run = db.execute(
                text("SELECT id FROM runs WHERE thread = :thread AND status = 'running' "
                     "ORDER BY created DESC LIMIT 1"), {"thread": thread},
            ).scalar_one_or_none()
            if run is not None:
                _mark_cancel(db, str(run))
        return str(run) if run is not None else None

    def mark_cancelled(self, run: str, thread: str) -> None:
        """Record that this process cancels ``run`` (before its ``done``, if that is not stored).

        So a replica that closes the run as left after its ``done`` (its process stopped
        before storing the end) closes it as ``cancelled``, not ``done``.
        """
        with self._db.connect() as db:
            _lock_thread(db, thread)  # (its done is stored either before or after this)
            _mark_cancel(db, run)

    def going_on(self, thread: str) -> str | None:
        """The id of the thread's run going on in a live process (this one or another)."""
        with self._db.read() as db:
            rows = db.execute(
                text("SELECT id, owner, heartbeat FROM runs WHERE thread = :thread "
                     "AND status = 'running' ORDER BY created DESC"), {"thread": thread},
            ).mappings().fetchall()
            now = _now(db)
        return next((str(r["id"]) for r in rows
                     if not _left_behind(r["owner"], r["heartbeat"], now, STALE_SECONDS)), None)

    def running_elsewhere(self, thread: str, owner: str) -> bool:
        """Whether another live process works on a run of the thread."""
        with self._db.read() as db:
            return _held_elsewhere(db, thread, owner)

    def mark_started(self, run: str) -> bool:
        """Note that the run's work begins (it waited in line until now, if at all).

        Returns:
            Whether it may begin: False when the run is not running any more (another
            process closed it as left behind while it waited).
        """
        with self._db.connect() as db:
            begun = db.execute(
                text("UPDATE runs SET started = :now WHERE id = :id AND status = 'running'"),
                {"now": datetime.now(UTC).isoformat(), "id": run},
            ).rowcount
        return bool(begun == 1)

    def working_elsewhere(self, owner: str) -> dict[str, int]:
        """Runs at work in other live processes, by tenant (the per-tenant limit counts them)."""
        with self._db.read() as db:
            rows = db.execute(
                text("SELECT tenant, owner, heartbeat FROM runs WHERE status = 'running' "
                     "AND started IS NOT NULL AND owner IS NOT NULL AND owner <> :owner"),
                {"owner": owner},
            ).mappings().fetchall()
            now = _now(db)
        counts: dict[str, int] = {}
        for row in rows:
            if not _left_behind(row["owner"], row["heartbeat"], now, STALE_SECONDS):
                counts[row["tenant"]] = counts.get(row["tenant"], 0) + 1
        return counts

    def in_progress(self, run: str) -> bool:
        """Whether the run is going on (or waiting) in a live process, this one or another."""
        with self._db.read() as db:
            row = db.execute(
                text("SELECT owner, heartbeat FROM runs WHERE id = :id AND status = 'running'"),
                {"id": run},
            ).mappings().fetchone()
            now = _now(db)
        return row is not None and not _left_behind(
            row["owner"], row["heartbeat"], now, STALE_SECONDS)

    def status(self, run: str) -> RunStatus | None:
        """The run's stored status (None: no such run)."""
        with self._db.read() as db:
            value = db.execute(text("SELECT status FROM runs WHERE id = :id"),
                               {"id": run}).scalar_one_or_none()
        return cast(RunStatus, value) if value is not None else None


_OWNERS: set[str] = set()
"""The names :func:`process_owner` gave in this process (its run managers)."""


def process_owner() -> str:
    """A name for this process's run manager: ``host:pid:token`` (new at every start)."""
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    _OWNERS.add(owner)
    return owner


def _left_behind(owner: str | None, heartbeat: str | None, now: datetime,
                 stale_seconds: float) -> bool:
    """Whether no live process works on a running run any more."""
    if owner is None or heartbeat is None:
        return True
    if (now - datetime.fromisoformat(heartbeat)).total_seconds() > stale_seconds:
        return True
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():  # this process's pid: a manager of it, or of one before it
        return owner not in _OWNERS  # (a restarted container's server gets the same pid)
    return not _alive(int(pid))


def _alive(pid: int) -> bool:
    """Whether a process of this host with ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def _new_run(thread: str, kind: RunKind) -> RunInfo:
    """A new running run of ``thread`` (not stored yet)."""
    return RunInfo(id=f"run_{uuid.uuid4().hex[:16]}", thread_id=thread, kind=kind,
                   status="running", created=datetime.now(UTC))


def _insert_run(db: Connection, run: RunInfo, tenant: str, owner: str | None = None) -> None:
    db.execute(
        text("INSERT INTO runs (id, thread, tenant, kind, status, created, owner, heartbeat) "
             "VALUES (:id, :thread, :tenant, :kind, :status, :created, :owner, :heartbeat)"),
        {"id": run.id, "thread": run.thread_id, "tenant": tenant, "kind": run.kind,
         "status": run.status, "created": run.created.isoformat(), "owner": owner,
         "heartbeat": _now(db).isoformat() if owner else None},
    )


def _now(db: Connection) -> datetime:
    """The time by the database's clock, which every replica on it reads alike.

    Heartbeats are written and judged by it, so a host whose clock is off neither takes
    the live runs of others for left behind nor keeps dead ones alive. An SQLite file is
    shared by the processes of one host only: its clock is this host's.
    """
    if db.dialect.name == "sqlite":
        return datetime.now(UTC)
    return cast(datetime, db.execute(text("SELECT now()")).scalar_one()).astimezone(UTC)


def _lock_thread(db: Connection, thread: str) -> None:
    """Hold the thread's lock to the end of the transaction.

    On PostgreSQL an advisory lock; SQLite's write lock already serialises every writer.
    """
    if db.dialect.name != "sqlite":
        lock = zlib.crc32(f"thread:{thread}".encode())
        db.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})


def _held_elsewhere(db: Connection, thread: str, owner: str) -> bool:
    """Whether a live process other than ``owner`` works on a run of the thread."""
    rows = db.execute(
        text("SELECT owner, heartbeat FROM runs WHERE thread = :thread AND status = 'running'"),
        {"thread": thread},
    ).mappings().fetchall()
    now = _now(db)
    return any(r["owner"] not in (None, owner)
               and not _left_behind(r["owner"], r["heartbeat"], now, STALE_SECONDS)
               for r in rows)


def _insert_event(db: Connection, thread: str, run: str, event: RunEvent) -> int:
    """Store one event as the thread's next (in the caller's transaction); its number.

    On PostgreSQL the thread's numbering is serialised across processes by an advisory lock
    held to the end of the transaction (SQLite's write lock already does it), so two
    replicas appending at once never pick the same number.
    """
    data = stored(event)
    _lock_thread(db, thread)
    seq = db.execute(
        text("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE thread = :thread"),
        {"thread": thread},
    ).scalar_one()
    db.execute(text("INSERT INTO events (thread, seq, run, type, data) "
                    "VALUES (:thread, :seq, :run, :type, :data)"),
               {"thread": thread, "seq": seq, "run": run, "type": data["type"],
                "data": json.dumps(data)})
    return int(seq)


def _takes_events(db: Connection, thread: str, run: str) -> bool:
    """Whether the run is still running and its last event is not a ``done`` (under the lock).

    Its last event, looked up on the ``(run, seq)`` index: a ``done`` is always a run's
    last, as nothing is stored after it, and a look at every event would grow with the run.

    The thread's lock (held to the end of the transaction, as :func:`_insert_event` takes
    it) orders this look against a closing by another process, which takes it too.
    """
    _lock_thread(db, thread)
    open_run = db.execute(
        text("SELECT 1 FROM runs WHERE id = :run AND status = 'running' AND COALESCE("
             "(SELECT type FROM events WHERE run = :run ORDER BY seq DESC LIMIT 1), '') "
             "<> 'done'"), {"run": run},
    ).first()
    return open_run is not None


def _stored_done(db: Connection, run: str) -> dict[str, Any] | None:
    """The run's stored ``done`` event, if any (its last: nothing is stored after it)."""
    last = db.execute(
        text("SELECT type, data FROM events WHERE run = :run ORDER BY seq DESC LIMIT 1"),
        {"run": run},
    ).fetchone()
    return cast(dict[str, Any], json.loads(last.data)) if last and last.type == "done" else None


def _mark_cancel(db: Connection, run: str) -> None:
    """Note a cancel asked of a running run whose ``done`` is not stored yet (under its lock).

    A cancel asked after the ``done`` changes nothing: the run was over, as its process
    takes it (:meth:`RunManager._status_of`).
    """
    if _stored_done(db, run) is None:
        db.execute(text("UPDATE runs SET cancel_requested = COALESCE(cancel_requested, :now) "
                        "WHERE id = :id AND status = 'running'"),
                   {"now": datetime.now(UTC).isoformat(), "id": run})


def _done_status(db: Connection, run: str, done: dict[str, Any]) -> RunStatus:
    """The status a left run's stored ``done`` tells: waiting, cancelled (asked before it), done."""
    if done.get("waiting"):
        return "waiting"
    asked = db.execute(text("SELECT cancel_requested FROM runs WHERE id = :id"),
                       {"id": run}).scalar_one_or_none()
    return "cancelled" if asked is not None else "done"


def _run(row: Any) -> RunInfo:
    return RunInfo(id=row["id"], thread_id=row["thread"], kind=row["kind"],
                   status=row["status"], created=row["created"], finished=row["finished"])


EventObserver = Callable[[Event], None]
RunObserver = Callable[[RunInfo, float], None]
EventSource = Callable[[], Iterator[Event]]


class RunsBusy(Exception):
    """The run queue is full: the run was not taken."""


class RunInterrupted(Exception):
    """What did a run's work went away before the run ended (the message says so)."""


class RunExecutor(Protocol):
    """What does the agent work of runs: the runtime itself, or a worker process."""

    def stream(
        self, thread_id: str, text: str, attachments: Sequence[Asset] = (),
        tenant: str | None = None,
    ) -> Iterator[Event]:
        """The events of a user message's run."""
        ...

    def resume(self, thread_id: str, approved: bool, tenant: str | None = None) -> Iterator[Event]:
        """The events of the run answering the thread's confirmation."""
        ...

    def stop(self, thread_id: str) -> bool:
        """Ask the thread's run to stop its long work."""
        ...

    def running(self, thread_id: str) -> bool:
        """Whether a run of the thread goes on."""
        ...


class RunManager:
    """Starts runs in worker threads (one per thread, a few at once), cancels, follows them.

    A run's thread stores and announces its events; the agent work is the executor's: the
    runtime in this thread, or a worker process (:mod:`api.run_worker`) whose events the
    thread receives.

    A run this process works on may be closed by another replica that took it for left
    behind (this process could not beat through a database outage): the store then refuses
    its events and its end (:class:`EventLog`). This process learns it at its next write
    (a beat, an event or the end), and lets the run go: it stops the agent's work, logs one
    line, stores nothing more of it, and raises nothing into the client or the event loop.
    It does not reclaim the run: its clients were told ``done`` (and to send the message
    again), and a run that came back to life after its ``done`` is what must not happen;
    the first end stored is the run's end.

    Args:
        runtime: The agent runtime.
        log: Where events are persisted.
        on_event: Called with each event (metrics).
        on_run: Called with each finished run and its duration in seconds (metrics).
        limits: How many runs go on at once, per process and per tenant, and may wait.
        executor: What does the runs' agent work (default: ``runtime``, in the run's thread).
    """

    def __init__(
        self, runtime: AgentRuntime, log: EventLog,
        on_event: EventObserver | None = None, on_run: RunObserver | None = None,
        limits: RunLimits | None = None, executor: RunExecutor | None = None,
    ) -> None:
        self.runtime, self.log = runtime, log
        self.executor: RunExecutor = executor or runtime
        self._on_event, self._on_run = on_event, on_run
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._queue = RunQueue(limits or RunLimits())
        self._active: dict[str, str] = {}  # thread -> run
        self._cancelled: set[str] = set()
        self._workers: dict[str, threading.Thread] = {}  # runs going on
        self._waiting: dict[str, EventSource] = {}  # runs in line
        self._runs: dict[str, RunInfo] = {}  # runs going on or in line
        self._live: set[str] = set()  # their ids (read without the lock by the streams)
        self._told: dict[str, int] = {}  # waiting run -> the place in line it was told
        self._latest: dict[str, int] = {}  # run -> number of its newest stored event
        self._first: dict[str, LoggedEvent] = {}  # run -> its stored run_started (as read)
        self._newest: dict[str, int] = {}  # thread -> number of its newest stored event
        self._lost: set[str] = set()  # runs another process closed while they went on here
        self._ending: set[str] = set()  # runs whose end this process is storing
        self.wakeups = Wakeups()
        self.owner = process_owner()
        self._beating: threading.Thread | None = None
        log.recover()

    def start_message(
        self, thread: str, tenant: str, text: str, attachments: Sequence[Asset] = ()
    ) -> RunInfo:
        """Start (or queue) a run for a user message.

        Raises:
            RunConflict: The thread has a run going on or waiting (409).
            RunsBusy: The queue is full (503).
        """
        return self._start(thread, tenant, "message",
                           lambda: self.executor.stream(thread, text, attachments, tenant))

    def start_resume(self, thread: str, tenant: str, approved: bool) -> RunInfo:
        """Start (or queue) the run that answers the thread's pending confirmation."""
        return self._start(thread, tenant, "resume",
                           lambda: self.executor.resume(thread, approved, tenant))

    def _start(self, thread: str, tenant: str, kind: RunKind, events: EventSource) -> RunInfo:
        starting: list[threading.Thread] = []
        try:
            with self._lock:
                if thread in self._active or self._busy(thread):
                    raise RunConflict(thread)  # (a run elsewhere: open_run refuses it)
                starting = self._count_elsewhere()
                try:
                    place = self._queue.place_for(tenant)  # checked before the run is recorded
                except QueueFull as exc:
                    raise RunsBusy(thread) from exc
                # the run and its run_started in one write, before the queue takes the run: a
                # failed write leaves nothing behind, and no run works before it is announced
                run, first = self.log.open_run(thread, tenant, kind, place, owner=self.owner)
                self._queue.admit(run.id, tenant)  # the same place, under the same lock
                self._beat_while_busy()
                self._active[thread], self._runs[run.id] = run.id, run
                self._live.add(run.id)
                self._first[run.id] = first
                self._latest[run.id] = self._newest[thread] = first.seq
                self.wakeups.notify(run.id, _thread_key(thread))
                if place:
                    self._waiting[run.id], self._told[run.id] = events, place
                else:
                    starting.append(self._worker(run, events))
        finally:  # runs whose turn came start even when this one was refused
            for worker in starting:
                worker.start()
        return run

    def _count_elsewhere(self) -> list[threading.Thread]:
        """Read each tenant's runs at work in other processes (under the lock).

        Returns:
            The workers of waiting runs whose turn came now that fewer run elsewhere
            (registered; the caller starts them once it lets go of the lock).
        """
        try:
            counts = self.log.working_elsewhere(self.owner)
        except Exception:  # noqa: BLE001 - the limit then counts this process only
            log.exception("could not count the runs of other processes")
            return []
        starting = self._queue.elsewhere(counts)
        workers = [self._worker(self._runs[r], self._waiting.pop(r)) for r in starting]
        if starting:
            self._tell_places_safely()
        return workers

    def _beat_while_busy(self) -> None:
        """Start the heartbeat thread if it is not going (under the lock)."""
        if self._beating is None or not self._beating.is_alive():
            self._beating = threading.Thread(target=self._beat, name="runs-heartbeat",
                                             daemon=True)
            self._beating.start()

    def _beat(self) -> None:
        """While runs go on here: say so in the database, and stop those cancelled elsewhere.

        A cancel sent to another process sharing the database reaches its run within
        :data:`HEARTBEAT_SECONDS`. The thread ends when no run is left (the next run
        starts it again).
        """
        while True:
            time.sleep(HEARTBEAT_SECONDS)
            with self._lock:
                if not self._live:
                    self._beating = None
                    return
            try:
                beat = self.log.beat(self.owner, self.live_runs())
            except Exception:  # noqa: BLE001 - a missed beat is retried at the next one
                log.exception("could not store the runs' heartbeat")
                continue
            for run in beat.closed:
                self._lose(run)
            with self._lock:
                starting = self._count_elsewhere() if self._waiting else []
            for worker in starting:
                worker.start()
            for run, thread in beat.cancel:
                if run in self._live and run not in self._cancelled:
                    self.cancel(thread)

    def _lose(self, run: str) -> None:
        """Let go of a run another process closed (as left behind) while it went on here.

        Its agent work is stopped (a waiting run just leaves the line), one line is logged,
        and nothing more of it is stored: the closing's ``failed``, error and ``done`` stay
        its end. Called again for the same run, it does nothing.
        """
        with self._lock:
            info = self._runs.get(run)
            if info is None or run in self._lost or run in self._ending:
                return
            self._lost.add(run)
            waiting = self._queue.withdraw(run)
            if waiting:
                self._told.pop(run, None)
            working = run in self._workers
        log.warning("run %s of thread %s was closed by another process that took it for left "
                    "behind; stopped here", run, info.thread_id)
        if waiting:
            self._end(info, "failed", 0.0)
        elif working:
            self.executor.stop(info.thread_id)

    def _busy(self, thread: str) -> bool:
        """Whether a run of the thread goes on outside the queue (the UI, another manager)."""
        return self.runtime.running(thread) or (
            self.executor is not self.runtime and self.executor.running(thread))

    def _worker(self, run: RunInfo, events: EventSource) -> threading.Thread:
        """The thread that drives ``run`` (registered as going on; the caller starts it)."""
        worker = threading.Thread(target=self._drive, args=(run, events),
                                  name=f"run-{run.id}", daemon=True)
        self._workers[run.id] = worker
        return worker

    def _drive(self, run: RunInfo, events: EventSource) -> None:
        """Do the run's agent work, storing each event, and end the run.

        Before each step of the agent (the next event asked of its stream) the run is
        checked to be still its own here: one another process closed meanwhile (see
        :meth:`_lose`) begins no further step, and one closed while it waited in line
        begins none.
        """
        started = time.perf_counter()
        status: RunStatus = "failed"
        try:
            if not self.log.mark_started(run.id):
                self._lose(run.id)
        except Exception:  # noqa: BLE001 - other processes then do not count this run
            log.exception("could not store the start of run %s", run.id)
        stream: Iterator[Event] | None = None
        done = False  # the run's done is stored: nothing may follow it, its status stands
        try:
            stream = iter(()) if run.id in self._lost else events()  # (lost: not begun)
            for event in self._while_kept(run, stream):
                if run.id in self._lost or not self._append(run, event):
                    break  # another process closed the run: its agent work stops here
                if run.id in self._cancelled:
                    self.executor.stop(run.thread_id)
                if self._on_event:
                    self._on_event(event)
                if isinstance(event, DoneEvent):
                    status, done = self._status_of(run, event), True
        except RunInterrupted as exc:  # its worker process went away: say so, end the run
            log.error("run %s of thread %s interrupted: %s", run.id, run.thread_id, exc)
            if not done:
                self._append(run, ErrorEvent(message=str(exc)))
                self._append(run, DoneEvent(thread_id=run.thread_id))
        except Exception:  # noqa: BLE001 - a failed run is reported, never kills the server
            log.exception("run %s of thread %s failed", run.id, run.thread_id)
            if not done:
                self._append(run, ErrorEvent(
                    message="Something went wrong on our side; the thread is saved, try again."))
                self._append(run, DoneEvent(thread_id=run.thread_id))
        finally:
            if stream is not None and run.id in self._lost:
                _close_quietly(stream, run)
            self._end(run, status, time.perf_counter() - started)

    def _while_kept(self, run: RunInfo, stream: Iterator[Event]) -> Iterator[Event]:
        """The stream's events, asking for each next one only while the run is not lost."""
        while run.id not in self._lost:
            event = next(stream, None)
            if event is None:
                return
            yield event

    def _append(self, run: RunInfo, event: RunEvent) -> bool:
        """Store an event of ``run`` and wake the followers of the run and its thread.

        Returns:
            False when the store refused it: another process closed the run (it is let
            go of here, see :meth:`_lose`).
        """
        try:
            seq = self.log.append(run.thread_id, run.id, event)
        except RunClosed:
            self._lose(run.id)
            return False
        self._latest[run.id] = self._newest[run.thread_id] = seq
        self.wakeups.notify(run.id, _thread_key(run.thread_id))
        return True

    def _status_of(self, run: RunInfo, done: DoneEvent) -> RunStatus:
        if done.waiting:
            return "waiting"
        return "cancelled" if run.id in self._cancelled else "done"

    def _end(self, run: RunInfo, status: RunStatus, seconds: float) -> None:
        """Let go of an ended run and start the runs whose turn came.

        Storing the run's status and the new places in line is best effort: a failed
        SQLite write (locked, disk full) is logged, and the thread is still freed, the
        run's place given on and the waiting runs started.
        """
        with self._lock:
            lost = run.id in self._lost
            self._ending.add(run.id)  # (a beat seeing it ended now is not told it was lost)
        try:
            if not lost and not self.log.finish(run.id, status):
                lost = True
                log.warning("run %s of thread %s was closed by another process that took it "
                            "for left behind; its end here is not stored", run.id, run.thread_id)
        except Exception:  # noqa: BLE001 - the run must still be let go of
            log.exception("could not store the end of run %s", run.id)
        if lost:
            status = "failed"  # (what it is here: its end did not count)
        with self._lock:
            try:
                self._forget(run)
            finally:
                starting = self._queue.finish(run.id)
                workers = [self._worker(self._runs[r], self._waiting.pop(r)) for r in starting]
                self._tell_places_safely()
                idle = not self._workers and not self._waiting
                self._idle.notify_all()
        self.wakeups.notify(run.id, _thread_key(run.thread_id))
        for worker in workers:
            worker.start()
        if self._on_run:
            self._on_run(run.model_copy(update={"status": status}), seconds)
        if idle:
            release_memory()

    def _forget(self, run: RunInfo) -> None:
        """Drop what is kept in memory of an ended run (under the lock)."""
        self._active.pop(run.thread_id, None)
        self._cancelled.discard(run.id)
        self._workers.pop(run.id, None)
        self._waiting.pop(run.id, None)
        self._runs.pop(run.id, None)
        self._live.discard(run.id)
        self._told.pop(run.id, None)
        self._latest.pop(run.id, None)
        self._first.pop(run.id, None)
        self._lost.discard(run.id)
        self._ending.discard(run.id)

    def _tell_places_safely(self) -> None:
        """:meth:`_tell_places`, logging (not raising) a failed write; the line moves anyway."""
        try:
            self._tell_places()
        except Exception:  # noqa: BLE001 - the runs whose turn came start all the same
            log.exception("could not store the new places in line")
            self._told = dict(self._queue.positions())

    def _tell_places(self) -> None:
        """Send ``run_queued`` to each run whose place in line changed (0: it starts now).

        Called under the lock, after the queue moved; the events are stored in one go.
        """
        places = {run: 0 for run in self._told} | self._queue.positions()
        moved = [run for run, place in places.items() if self._told.get(run) != place]
        items = [(self._runs[r].thread_id, r, RunQueuedEvent(run_id=r, position=places[r]))
                 for r in moved]
        for (thread, run, _), seq in zip(items, self.log.append_all(items), strict=True):
            if seq is None:  # closed by another process: the next beat lets go of it
                continue
            self._latest[run] = self._newest[thread] = seq
            self.wakeups.notify(run, _thread_key(thread))
        self._told = {run: place for run, place in places.items() if place}

    def active(self, thread: str) -> str | None:
        """The id of the thread's run going on (or waiting) in this process, if any."""
        with self._lock:
            return self._active.get(thread)

    def cancel(self, thread: str) -> str | None:
        """Stop the thread's run (a waiting one never starts); return its id, or None.

        A run another process works on (sharing the database) is asked to stop there: it
        stops within :data:`HEARTBEAT_SECONDS`.
        """
        with self._lock:
            run = self._active.get(thread)
            if run is None:
                return self.log.request_cancel(thread)
            info = self._runs[run]
            self._note_cancel(info)  # (first: a done stored after it is a cancelled one)
            self._cancelled.add(run)
            waiting = self._queue.withdraw(run)
            if waiting:
                self._told.pop(run, None)
        if waiting:  # it never started: it ends here
            try:
                self._append(info, DoneEvent(thread_id=thread))
            finally:
                self._end(info, "cancelled", 0.0)
            return run
        self.executor.stop(thread)
        return run

    def _note_cancel(self, run: RunInfo) -> None:
        """Store that ``run`` is cancelled, for a replica that closes it as left (best effort).

        A failed write is logged: the run is cancelled here all the same.
        """
        try:
            self.log.mark_cancelled(run.id, run.thread_id)
        except Exception:  # noqa: BLE001 - the cancel itself must go on
            log.exception("could not store the cancel of run %s", run.id)

    def full_for(self, tenant: str) -> bool:
        """Whether a new run of ``tenant`` would now be refused (must wait; no place in line)."""
        with self._lock:
            return self._queue.full_for(tenant)

    def live(self, run: str) -> bool:
        """Whether the run is going on (or waiting) in this process."""
        return run in self._live

    def going_on(self, run: str) -> bool:
        """Whether the run is going on (or waiting) here or in another live process."""
        return run in self._live or self.log.in_progress(run)

    def load(self) -> tuple[int, int]:
        """How many runs go on and how many wait, in this process."""
        with self._lock:
            return self._queue.running(), self._queue.waiting()

    async def follow(self, run: str, after: int = 0) -> AsyncIterator[LoggedEvent]:
        """Yield the run's events numbered above ``after``, live until the run ends.

        Between events the stream sleeps until the run's worker wakes it. It never takes
        the manager's lock (held across SQLite writes): the event loop must not wait on it.
        The run's ``run_started``, stored before the run was handed out, comes from memory
        while the run is live: the stream's first event waits on no SQLite read (nor on a
        worker thread to read it), however busy the process is.
        """
        first = self._first.get(run)
        if first is not None and first.seq > after:
            after = first.seq
            yield first
        with self.wakeups.watch(run) as changed:
            while True:
                changed.clear()
                live = run in self._live
                newest = self._latest.get(run, 0)
                if live and newest <= after:
                    await woken(changed, RECHECK_SECONDS)  # nothing new: no need to ask SQLite
                    continue
                batch = await asyncio.to_thread(self.log.events, run, after)
                for event in batch:
                    after = event.seq
                    yield event
                if batch or live:
                    continue
                if not await asyncio.to_thread(self.log.in_progress, run):
                    # it ended elsewhere, maybe after the batch was read, or its process
                    # died (closed now, with its error and done): its last events
                    await asyncio.to_thread(self.log.close_if_left, run)
                    for event in await asyncio.to_thread(self.log.events, run, after):
                        yield event
                    return
                await asyncio.sleep(REMOTE_POLL_SECONDS)  # another process works on it

    async def follow_thread(self, thread: str, after: int = 0) -> AsyncIterator[LoggedEvent]:
        """Yield the thread's events of every run numbered above ``after``, live, forever.

        Events of runs in this process wake the stream at once; SQLite is also asked every
        :data:`THREAD_POLL_SECONDS`, for runs of another process sharing the data dir.
        The caller ends the stream (the client disconnects).
        """
        asked = -THREAD_POLL_SECONDS
        with self.wakeups.watch(_thread_key(thread)) as changed:
            while True:
                changed.clear()
                fresh = self._newest.get(thread, 0) > after
                due = asked + THREAD_POLL_SECONDS - time.monotonic()
                if not fresh and due > 0:
                    await woken(changed, due)
                    continue
                asked = time.monotonic()
                for event in await asyncio.to_thread(self.log.thread_events, thread, after):
                    after = event.seq
                    yield event

    def live_runs(self) -> frozenset[str]:
        """The runs this process works on or keeps in line now."""
        with self._lock:
            return frozenset(self._live)

    def find(self, run: str, thread: str) -> RunInfo | None:
        """The thread's run as stored, closed first if a stopped process left it running."""
        info = self.log.get(run, thread)
        if info is not None and self._closed_if_left(info):
            info = self.log.get(run, thread)
        return info

    def runs_of(self, thread: str) -> list[RunInfo]:
        """The thread's runs, oldest first, those stopped processes left running closed first."""
        runs = self.log.for_thread(thread)
        if any([self._closed_if_left(run) for run in runs]):  # (each one looked at)
            runs = self.log.for_thread(thread)
        return runs

    def _closed_if_left(self, run: RunInfo) -> bool:
        """Close ``run`` if it is stored as running but no live process works on it."""
        return run.status == "running" and run.id not in self._live \
            and self.log.close_if_left(run.id)

    def join(self, timeout: float | None = None) -> None:
        """Wait until no run goes on or waits (shutdown and tests), at most ``timeout`` s."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._idle:
            while self._workers or self._waiting:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return
                self._idle.wait(left)


async def sweep_left_runs(
    events: EventLog, every: float = SWEEP_SECONDS,
    keep: Callable[[], Collection[str]] = frozenset,
) -> None:
    """Close the runs stopped processes left running, every ``every`` s, until cancelled.

    Replicas sharing a database come and go: without the sweep, a replica's runs would
    stay "running" until some process starts (or someone reads them).

    Args:
        events: The event log.
        every: Seconds between two sweeps.
        keep: The runs this process works on (:meth:`RunManager.live_runs`), never closed.
    """
    while True:
        await asyncio.sleep(every)
        try:
            closed = await asyncio.to_thread(lambda: events.recover(keep=keep()))
        except Exception:  # noqa: BLE001 - the database may be down: the next sweep retries
            log.warning("could not look for runs left by stopped processes", exc_info=True)
            continue
        if closed:
            log.warning("closed %d run(s) a stopped process left running", closed)


def _close_quietly(stream: Iterator[Event], run: RunInfo) -> None:
    """End a lost run's event stream (its agent work), logging what it raises on the way."""
    close = getattr(stream, "close", None)
    if close is None:
        return
    try:
        close()
    except Exception:  # noqa: BLE001 - the run is over; its stream's end must not raise
        log.debug("the stream of run %s raised on closing", run.id, exc_info=True)


def _thread_key(thread: str) -> str:
    """The wake-up key of a thread's stream (run ids and thread ids never clash)."""
    return f"thread:{thread}"
