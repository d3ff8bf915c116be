"""The rate limiter (a sliding minute per key) and the closing of runs a stopped process left."""

from __future__ import annotations

import asyncio
import socket
import subprocess
from collections.abc import Collection

from sqlalchemy import text

from agent.events import TextEvent
from agent.runtime import AgentRuntime
from api.db import Database
from api.limits import RateLimiter
from api.runs import RESTART_MESSAGE, EventLog, RunManager, sweep_left_runs
from core.settings import Settings


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_counts_per_key_and_frees_up_as_the_window_slides() -> None:
    clock = Clock()
    limiter = RateLimiter(2, window=60, clock=clock)
    assert limiter.hit("a") is None
    clock.now += 30
    assert limiter.hit("a") is None and limiter.hit("b") is None
    assert limiter.hit("a") == 30  # the oldest hit leaves the window in 30 s
    clock.now += 29.5
    assert limiter.hit("a") == 1
    clock.now += 1
    assert limiter.hit("a") is None


def test_runs_a_stopped_server_left_running_are_closed(settings: Settings) -> None:
    log = EventLog(Database(settings.data_dir / "api.sqlite"))
    run = log.create_run("t1", "acme", "message")
    assert log.append("t1", run.id, TextEvent(text="hello")) == 1
    assert log.recover() == 1 and log.recover() == 0
    events = log.events(run.id)
    assert [e.data["type"] for e in events] == ["text", "error", "done"]
    assert events[1].data["message"] == RESTART_MESSAGE and [e.seq for e in events] == [1, 2, 3]
    assert log.get(run.id, "t1").status == "failed"  # type: ignore[union-attr]
    assert log.get(run.id, "other-thread") is None
    assert [e.seq for e in log.events(run.id, after=2)] == [3]


def test_wait_refuses_a_key_over_the_limit_without_counting_and_record_counts() -> None:
    clock = Clock()
    limiter = RateLimiter(2, window=60, clock=clock)
    assert [limiter.wait("a") for _ in range(5)] == [None] * 5  # asking uses nothing up
    limiter.record("a")
    assert limiter.hit("a") is None
    assert limiter.wait("a") == 60 and limiter.hit("a") == 60
    clock.now += 60
    assert limiter.wait("a") is None


def test_a_hit_given_back_frees_its_place_and_only_its_own() -> None:
    clock = Clock()
    limiter = RateLimiter(2, window=60, clock=clock)
    assert limiter.hit("a") is None and limiter.hit("a") is None
    assert limiter.hit("a") == 60
    limiter.give_back("a")  # the second request was refused after all
    assert limiter.hit("a") is None and limiter.hit("a") == 60
    limiter.give_back("b")  # nothing of b's to give back: a's hits stay
    assert limiter.wait("a") == 60


class _Flaky(EventLog):
    """An event log whose first look for left runs fails (the database blinked).

    Its runs' heartbeats count as old at once (the stores' 30 s, in a test's time).
    """

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.looks = 0

    def recover(self, stale_seconds: float = 30.0, keep: Collection[str] = ()) -> int:
        self.looks += 1
        if self.looks == 1:
            raise OSError("the database did not answer")
        return super().recover(0.0, keep)


def test_the_sweep_closes_runs_left_while_serving_and_outlives_a_failed_look(
    settings: Settings,
) -> None:
    # a replica dies while this one serves: its run is closed by the periodic sweep, not only
    # when some process starts; a database that fails one sweep does not stop the next ones
    log = _Flaky(Database(settings.data_dir / "api.sqlite"))
    run, _ = log.open_run("t1", "acme", "message", owner="gone-host:7:dead0001")

    async def sweep_until_closed() -> None:
        sweeping = asyncio.create_task(sweep_left_runs(log, every=0.01))
        try:
            for _ in range(500):
                await asyncio.sleep(0.01)
                if log.status(run.id) != "running":
                    return
        finally:
            sweeping.cancel()

    asyncio.run(sweep_until_closed())
    assert log.looks >= 2 and log.status(run.id) == "failed"
    assert [e.data["type"] for e in log.events(run.id)] == ["run_started", "error", "done"]


def test_reading_a_run_its_dead_process_left_closes_it(settings: Settings) -> None:
    # the run of a process that died on this host is reported failed to whoever asks,
    # before any sweep; a live run of this process is left alone
    log = EventLog(Database(settings.data_dir / "api.sqlite"))
    manager = RunManager(AgentRuntime(settings), log)
    dead = _dead_pid()
    left, _ = log.open_run("t1", "acme", "message", owner=f"{socket.gethostname()}:{dead}:x")
    assert manager.find(left.id, "t1").status == "failed"  # type: ignore[union-attr]
    assert [r.status for r in manager.runs_of("t1")] == ["failed"]
    assert [e.data["type"] for e in log.events(left.id)] == ["run_started", "error", "done"]
    mine, _ = log.open_run("t2", "acme", "message", owner=manager.owner)
    log.beat(manager.owner)
    assert manager.find(mine.id, "t2").status == "running"  # type: ignore[union-attr]


def _dead_pid() -> int:
    """The pid of a process of this host that has ended."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_the_sweep_never_closes_a_run_this_process_still_works_on(settings: Settings) -> None:
    # the database stopped answering for longer than the heartbeat's 30 s: when it is back,
    # this process's sweep may look before its heartbeat writes again; the run it works on
    # goes on, while a run of its own that is not live any more (its end was not stored) closes
    db = Database(settings.data_dir / "api.sqlite")
    log = EventLog(db)
    manager = RunManager(AgentRuntime(settings), log)
    live, _ = log.open_run("t1", "acme", "message", owner=manager.owner)
    ended, _ = log.open_run("t2", "acme", "message", owner=manager.owner)
    manager._live.add(live.id)  # (as _start keeps it while it works)
    with db.connect() as conn:
        conn.execute(text("UPDATE runs SET heartbeat = '2000-01-01T00:00:00+00:00'"))

    async def sweep_until_ended_closes() -> None:
        sweeping = asyncio.create_task(sweep_left_runs(log, every=0.01, keep=manager.live_runs))
        try:
            for _ in range(500):
                await asyncio.sleep(0.01)
                if log.status(ended.id) != "running":
                    return
        finally:
            sweeping.cancel()

    asyncio.run(sweep_until_ended_closes())
    assert log.status(ended.id) == "failed"
    assert log.status(live.id) == "running"
    assert [e.data["type"] for e in log.events(live.id)] == ["run_started"]
