"""The run worker: runs done in a child process store the same events, stop, and die safely."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any, cast

import pytest

from agent.events import DoneEvent, Event, ProgressEvent, TextEvent
from agent.runtime import AgentRuntime
from api.db import Database
from api.run_queue import RunLimits
from api.run_worker import LOST_MESSAGE, RECYCLE_MB, RunWorker
from api.runs import EventLog, RunExecutor, RunManager
from core.settings import Settings

WAIT = 60.0  # seconds: a spawned worker imports the agent before its first run


class ScriptedRuntime:
    """Replies to a message with a step, a text and done; a stuck message works until stopped.

    Built in the worker process by :func:`scripted` (module level: the builder is pickled).
    """

    def __init__(self) -> None:
        self.stops: dict[str, threading.Event] = {}
        self.leaked: list[bytes] = []

    def stream(self, thread: str, text: str, attachments: Sequence[Any] = (),
               tenant: str | None = None) -> Iterator[Event]:
        stop = self.stops.setdefault(thread, threading.Event())
        yield ProgressEvent(name="render", done=1, total=2,
                            message=f"working on {text} for {tenant}")
        if text == "leak":  # memory the run keeps after it ended
            self.leaked.append(b"x" * (RECYCLE_MB + 60) * 2**20)
        if text == "stuck":
            stop.wait(WAIT)
            yield TextEvent(text="stopped" if stop.is_set() else "never stopped")
        else:
            yield TextEvent(text=f"re: {text}")
        yield DoneEvent(thread_id=thread)

    def resume(self, thread: str, approved: bool, tenant: str | None = None) -> Iterator[Event]:
        yield TextEvent(text=f"approved: {approved}")
        yield DoneEvent(thread_id=thread)

    def stop(self, thread: str) -> bool:
        self.stops.setdefault(thread, threading.Event()).set()
        return True

    def running(self, thread: str) -> bool:
        return False


def scripted(settings: Settings) -> RunExecutor:
    """The worker's runtime in these tests."""
    return ScriptedRuntime()


def manager(settings: Settings, executor: RunExecutor, name: str) -> RunManager:
    log = EventLog(Database(settings.data_dir / f"{name}.sqlite"))
    return RunManager(cast(AgentRuntime, ScriptedRuntime()), log,
                      limits=RunLimits(per_process=2, per_tenant=2), executor=executor)


def stored(runs: RunManager, run: str) -> list[dict[str, Any]]:
    """The run's stored events, without the ids that differ from run to run."""
    return [{k: v for k, v in e.data.items() if k != "run_id"} for e in runs.log.events(run)]


def wait_for(condition: Any, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def worker(settings: Settings) -> Iterator[RunWorker]:
    worker = RunWorker(settings, build=scripted)
    yield worker
    worker.close()


def test_a_run_done_by_the_worker_stores_the_same_events_as_one_done_in_a_thread(
    settings: Settings, worker: RunWorker
) -> None:
    here = manager(settings, ScriptedRuntime(), "here")
    there = manager(settings, worker, "there")
    for runs in (here, there):
        runs.start_message("t1", "acme", "a summer ad")
        runs.join(timeout=WAIT)
    [local], [remote] = here.log.for_thread("t1"), there.log.for_thread("t1")
    expected = [
        {"type": "run_started", "thread_id": "t1", "kind": "message", "queue_position": 0},
        {"type": "progress", "message": "working on a summer ad for acme"},
        {"type": "text", "text": "re: a summer ad"},
        {"type": "done", "thread_id": "t1"},
    ]
    for runs, run in ((here, local), (there, remote)):
        events = stored(runs, run.id)
        assert [{k: e.get(k) for k in want} for e, want in zip(events, expected, strict=True)] \
            == expected
    assert stored(here, local.id) == stored(there, remote.id)
    assert remote.status == "done" and worker.pid() not in (None, os.getpid())


def test_cancelling_a_run_stops_its_work_in_the_worker(
    settings: Settings, worker: RunWorker
) -> None:
    runs = manager(settings, worker, "api")
    run = runs.start_message("t1", "acme", "stuck")
    wait_for(lambda: len(runs.log.events(run.id)) >= 2)  # the worker is on it
    assert worker.running("t1")
    assert runs.cancel("t1") == run.id
    runs.join(timeout=WAIT)
    assert [e["type"] for e in stored(runs, run.id)] == ["run_started", "progress", "text", "done"]
    assert stored(runs, run.id)[2]["text"] == "stopped"
    assert runs.log.get(run.id, "t1").status == "cancelled"  # type: ignore[union-attr]
    assert not worker.running("t1")


def test_a_worker_that_dies_ends_its_runs_as_interrupted_and_the_next_run_gets_a_new_one(
    settings: Settings, worker: RunWorker
) -> None:
    runs = manager(settings, worker, "api")
    run = runs.start_message("t1", "acme", "stuck")
    wait_for(lambda: len(runs.log.events(run.id)) >= 2)
    dead = worker.pid()
    assert dead is not None
    os.kill(dead, signal.SIGKILL)
    runs.join(timeout=WAIT)
    events = stored(runs, run.id)
    assert [e["type"] for e in events] == ["run_started", "progress", "error", "done"]
    assert events[2]["message"] == LOST_MESSAGE
    assert runs.log.get(run.id, "t1").status == "failed"  # type: ignore[union-attr]
    assert runs.active("t1") is None  # the thread is free again

    again = runs.start_message("t1", "acme", "once more")
    runs.join(timeout=WAIT)
    assert [e["type"] for e in stored(runs, again.id)] == [
        "run_started", "progress", "text", "done"]
    assert worker.pid() not in (None, dead)


def test_a_resume_goes_to_the_worker_too(settings: Settings, worker: RunWorker) -> None:
    runs = manager(settings, worker, "api")
    run = runs.start_resume("t1", "acme", approved=True)
    runs.join(timeout=WAIT)
    assert [e.get("text") for e in stored(runs, run.id)] == [None, "approved: True", None]


def test_a_worker_left_idle_with_much_more_memory_is_replaced_without_losing_a_run(
    settings: Settings, worker: RunWorker
) -> None:
    runs = manager(settings, worker, "api")
    runs.start_message("t1", "acme", "first")
    runs.join(timeout=WAIT)
    first = worker.pid()
    time.sleep(1)  # its memory after its first run is noted
    assert worker.pid() == first  # a worker near that memory is kept
    leaky = runs.start_message("t2", "acme", "leak")
    runs.join(timeout=WAIT)
    wait_for(lambda: worker.pid() not in (None, first))
    assert [e["type"] for e in stored(runs, leaky.id)] == [
        "run_started", "progress", "text", "done"]
    assert runs.log.get(leaky.id, "t2").status == "done"  # type: ignore[union-attr]
    after = runs.start_message("t3", "acme", "after")
    runs.join(timeout=WAIT)
    assert stored(runs, after.id)[2]["text"] == "re: after"
