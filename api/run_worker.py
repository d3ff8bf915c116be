"""The run worker: a child process that does the agent work of the API's runs.

The runs' image and planner work is CPU-bound Python; in the API's own process it held the
GIL, so the event loop accepted connections and sent first events late. The API process
keeps the queue, the event log and the streams; each run whose turn comes is handed to
the worker over a pipe, and the worker sends the run's events back as the agent makes
them, which the API stores and streams as before (the same events, the same numbers).

A worker that dies (killed, out of memory) ends the runs it had with
:class:`~api.runs.RunInterrupted`; the next run starts a new worker, whose runtime answers
the dead run's unanswered tool calls before the thread's next message. A worker that goes
idle holding much more memory than after its first run (heap fragments, model arenas that
``malloc_trim`` cannot give back) is replaced by a fresh one, so memory comes back near
idle after a burst. The worker ends when the API process does (its end of the pipe closes).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import signal
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from agent.events import Event
from agent.runtime import AgentRuntime
from agent.warmup import warm_up
from api.memory import release_memory
from api.runs import RunExecutor, RunInterrupted
from core.settings import Settings
from core.storage.assets import Asset

log = logging.getLogger(__name__)

WORKER_NICE = 5
"""How much lower the worker's CPU priority is: the API's requests go first."""
LOST_MESSAGE = ("The run was interrupted (the process doing its work stopped); send the "
                "message again to continue.")
_END = "end"
_FAILED = "failed"  # the run raised in the worker
_LOST = "lost"  # the worker went away (never sent by the worker)
_EVENT = "event"
_IDLE = "idle"  # the worker has no run left: its memory (RSS, kB) after giving back what it could
RECYCLE_MB = 200
"""A worker idle with this much more memory than when it first went idle is replaced."""


def agent_runtime(settings: Settings) -> AgentRuntime:
    """The worker's runtime: the deployment's agent, leaving video jobs to the API process.

    The ad policy and the chat's word lists are loaded before the worker takes its first
    run, so that run does not wait for them, and the memory the worker is measured against
    (it is replaced when it grows too far past it) already holds them.
    """
    runtime = AgentRuntime(settings, poll_jobs=False)
    try:
        warm_up(settings, runtime.services)
    except Exception:  # the first run raises it again, with its own message
        log.warning("Warming up failed; the first run will load what it needs.", exc_info=True)
    return runtime


Builder = Callable[[Settings], RunExecutor]
"""Builds the worker's runtime in the worker (a module-level function: it is pickled)."""


@dataclass
class _Pending:
    """A run handed to a worker: its thread, its mailbox, the worker it went to."""

    thread: str
    mailbox: queue.SimpleQueue[tuple[str, Any]]
    process: BaseProcess


class RunWorker:
    """Runs the agent in a child process; the same calls as :class:`AgentRuntime`'s runs.

    ``stream`` and ``resume`` give the run's events as the worker sends them; ``stop``
    asks the worker to stop a thread's run. Thread-safe.

    Args:
        settings: The deployment settings the worker builds its runtime from.
        build: Builds that runtime, in the worker (tests pass scripted runtimes).
    """

    def __init__(self, settings: Settings, build: Builder = agent_runtime) -> None:
        self._settings, self._build = settings, build
        self._spawn = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._pending: dict[str, _Pending] = {}
        self._baseline_kb: dict[int, int] = {}  # worker pid -> its memory when first idle

    def start(self) -> None:
        """Start the worker now (else the first run starts it), so runs find it ready."""
        with self._lock:
            self._ensure()

    def close(self) -> None:
        """End the worker (its runs end as interrupted)."""
        with self._lock:
            process, conn = self._process, self._conn
            self._process = self._conn = None
        if conn is not None:  # its reader closes the pipe once the worker is gone
            with contextlib.suppress(OSError):
                conn.send(("exit",))
        if process is not None:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()

    def pid(self) -> int | None:
        """The worker's process id, if it runs (tests, metrics)."""
        with self._lock:
            return self._process.pid if self._process is not None else None

    def stream(
        self, thread_id: str, text: str, attachments: Sequence[Asset] = (),
        tenant: str | None = None,
    ) -> Iterator[Event]:
        """The events of a user message's run (see :meth:`AgentRuntime.stream`)."""
        return self._events(thread_id, ("stream", thread_id, text, list(attachments), tenant))

    def resume(self, thread_id: str, approved: bool, tenant: str | None = None) -> Iterator[Event]:
        """The events of the run that answers a confirmation (see :meth:`AgentRuntime.resume`)."""
        return self._events(thread_id, ("resume", thread_id, approved, tenant))

    def stop(self, thread_id: str) -> bool:
        """Ask the worker to stop the thread's run; whether one was handed to it."""
        with self._lock:
            if self._conn is None or not self._has(thread_id):
                return False
            with contextlib.suppress(OSError):
                self._conn.send(("stop", thread_id))
        return True

    def running(self, thread_id: str) -> bool:
        """Whether a run of the thread is with the worker."""
        with self._lock:
            return self._has(thread_id)

    def _has(self, thread_id: str) -> bool:
        """Whether a run of the thread is with the worker (under the lock)."""
        return any(p.thread == thread_id for p in self._pending.values())

    def _events(self, thread: str, call: tuple[Any, ...]) -> Iterator[Event]:
        """Hand ``call`` to the worker (when iterated) and yield the events it sends back.

        Raises:
            RunInterrupted: The worker went away before the run ended.
            RuntimeError: The run raised in the worker.
        """
        key, mailbox = uuid.uuid4().hex, queue.SimpleQueue[tuple[str, Any]]()
        with self._lock:
            conn, process = self._ensure()
            self._pending[key] = _Pending(thread, mailbox, process)
            try:
                conn.send((key, *call))
            except OSError:
                mailbox.put((_LOST, LOST_MESSAGE))
        try:
            while True:
                kind, item = mailbox.get()
                if kind == _END:
                    return
                if kind == _LOST:
                    raise RunInterrupted(item)
                if kind == _FAILED:
                    raise RuntimeError(f"the run failed in the worker: {item}")
                yield item
        finally:
            with self._lock:
                self._pending.pop(key, None)

    def _ensure(self) -> tuple[Connection, BaseProcess]:
        """The live worker's pipe and process, started when there is none (under the lock)."""
        if self._process is not None and self._conn is not None and self._process.is_alive():
            return self._conn, self._process
        ours, theirs = self._spawn.Pipe()
        process = self._spawn.Process(target=serve, args=(theirs, self._settings, self._build),
                                      name="adstudio-run-worker")
        process.start()
        theirs.close()
        self._process, self._conn = process, ours
        threading.Thread(target=self._read, args=(ours, process), name="run-worker-reader",
                         daemon=True).start()
        log.info("run worker started (pid %s)", process.pid)
        return ours, process

    def _read(self, conn: Connection, process: BaseProcess) -> None:
        """Deliver what the worker sends to its runs' mailboxes, until it goes away."""
        try:
            while True:
                key, kind, item = conn.recv()
                if kind == _IDLE:
                    self._idle(process, item)
                    continue
                with self._lock:
                    pending = self._pending.get(key)
                if pending is not None:
                    pending.mailbox.put((kind, item))
        except (EOFError, OSError):
            pass
        self._lost(conn, process)

    def _idle(self, process: BaseProcess, rss_kb: int) -> None:
        """Replace a worker left idle well above its first idle memory (no run is lost)."""
        with self._lock:
            baseline = self._baseline_kb.setdefault(process.pid or 0, rss_kb)
            if (self._process is not process or self._conn is None
                    or any(p.process is process for p in self._pending.values())
                    or rss_kb <= baseline + RECYCLE_MB * 1024):
                return
            conn = self._conn
            self._process = self._conn = None  # no run goes to it from now on
            with contextlib.suppress(OSError):
                conn.send(("exit",))
            self._ensure()  # the next run finds a fresh worker ready
        log.info("run worker %s replaced (idle at %d MB, %d MB after its first run)",
                 process.pid, rss_kb // 1024, baseline // 1024)

    def _lost(self, conn: Connection, process: BaseProcess) -> None:
        """End the runs of a worker that went away; the next run starts a new one."""
        with self._lock:
            if self._process is process:
                self._process = self._conn = None
            lost = [p for p in self._pending.values() if p.process is process]
            self._baseline_kb.pop(process.pid or 0, None)
        if lost:
            log.error("run worker %s stopped with %d run(s) going on", process.pid, len(lost))
        for pending in lost:
            pending.mailbox.put((_LOST, LOST_MESSAGE))
        with contextlib.suppress(OSError):
            conn.close()
        process.join(timeout=5)


def serve(conn: Connection, settings: Settings, build: Builder = agent_runtime) -> None:
    """The worker process: build the runtime, run what the API hands over, until it goes.

    Each run goes on in a thread of its own (the API bounds how many); its events, its end,
    or its failure go back over the pipe. When no run is left, memory goes back to the system.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the API, which ends this
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICE)
    runtime = build(settings)
    worker = _Executor(runtime, conn)
    while True:
        try:
            call = conn.recv()
        except (EOFError, OSError):
            return  # the API process is gone (its runs are closed when it starts again)
        if call[0] == "exit":
            return  # replaced: the API sends it no more runs
        if call[0] == "stop":
            runtime.stop(call[1])
        else:
            worker.start(call)


class _Executor:
    """The worker side: runs in threads, their events sent back under one lock."""

    def __init__(self, runtime: RunExecutor, conn: Connection) -> None:
        self._runtime, self._conn = runtime, conn
        self._lock = threading.Lock()
        self._running = 0

    def start(self, call: tuple[Any, ...]) -> None:
        """Start the run ``(key, "stream" | "resume", *arguments)`` in a thread."""
        with self._lock:
            self._running += 1
        threading.Thread(target=self._run, args=call, daemon=True).start()

    def _run(self, key: str, method: str, *arguments: Any) -> None:
        try:
            for event in getattr(self._runtime, method)(*arguments):
                self._send(key, _EVENT, event)
            self._send(key, _END, None)
        except Exception as exc:  # noqa: BLE001 - reported to the API, which ends the run
            log.exception("run %s failed in the worker", key)
            self._send(key, _FAILED, f"{type(exc).__name__}: {exc}")
        finally:
            with self._lock:
                self._running -= 1
                idle = self._running == 0
            if idle:
                release_memory()
                self._send("", _IDLE, _rss_kb())

    def _send(self, key: str, kind: str, item: Any) -> None:
        with self._lock, contextlib.suppress(OSError):
            self._conn.send((key, kind, item))


def _rss_kb() -> int:
    """This process's resident memory in kB (0 where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration, ValueError):
        return 0
