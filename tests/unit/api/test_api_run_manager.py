"""The run manager: bounded runs with a queue, cancelling a waiting run, streams that sleep."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any, cast

import pytest

from agent.events import DoneEvent, Event, TextEvent
from agent.runtime import AgentRuntime
from api.db import Database
from api.run_queue import RunLimits
from api.runs import (
    EventLog,
    LoggedEvent,
    RunInterrupted,
    RunManager,
    RunsBusy,
    process_owner,
    sweep_left_runs,
)
from core.settings import Settings


class GatedRuntime:
    """A runtime whose runs each wait for their thread's gate, then reply and end."""

    def __init__(self) -> None:
        self.gates: dict[str, threading.Event] = {}
        self.order: list[str] = []  # threads, in the order their runs began to work

    def gate(self, thread: str) -> threading.Event:
        return self.gates.setdefault(thread, threading.Event())

    def stream(self, thread: str, text: str, attachments: Sequence[Any] = (),
               tenant: str | None = None) -> Iterator[Event]:
        self.order.append(thread)
        assert self.gate(thread).wait(30), "the test never opened the gate"
        yield TextEvent(text=f"re: {text}")
        yield DoneEvent(thread_id=thread)

    def running(self, thread: str) -> bool:
        return False

    def stop(self, thread: str) -> bool:
        self.gate(thread).set()
        return True


ONE_AT_A_TIME = RunLimits(per_process=1, per_tenant=1, queued=5, tenant_queued=5)


@pytest.fixture
def fake() -> GatedRuntime:
    return GatedRuntime()


def manager(settings: Settings, fake: GatedRuntime, limits: RunLimits) -> RunManager:
    log = EventLog(Database(settings.data_dir / "api.sqlite"))
    return RunManager(cast(AgentRuntime, fake), log, limits=limits)


def types(runs: RunManager, run: str) -> list[tuple[str, Any]]:
    """The run's stored events: type, and the place in line where one is given."""
    return [(e.data["type"], e.data.get("queue_position", e.data.get("position")))
            for e in runs.log.events(run)]


def test_a_run_beyond_the_bound_is_told_its_place_waits_and_then_completes(
    settings: Settings, fake: GatedRuntime
) -> None:
    runs = manager(settings, fake, ONE_AT_A_TIME)
    first = runs.start_message("t1", "acme", "one")
    second = runs.start_message("t2", "acme", "two")
    third = runs.start_message("t3", "acme", "three")
    assert types(runs, first.id) == [("run_started", 0)]
    assert types(runs, second.id) == [("run_started", 1)]  # at once, with its place
    assert types(runs, third.id) == [("run_started", 2)]
    assert runs.load() == (1, 2) and runs.live(third.id)
    for thread in ("t1", "t2", "t3"):
        fake.gate(thread).set()
    runs.join(timeout=30)
    assert fake.order == ["t1", "t2", "t3"]
    assert types(runs, second.id) == [("run_started", 1), ("run_queued", 0),
                                      ("text", None), ("done", None)]
    assert types(runs, third.id) == [("run_started", 2), ("run_queued", 1), ("run_queued", 0),
                                     ("text", None), ("done", None)]
    assert [runs.log.get(r.id, r.thread_id).status  # type: ignore[union-attr]
            for r in (first, second, third)] == ["done"] * 3
    assert runs.load() == (0, 0)


def test_a_tenant_over_its_bound_waits_while_another_tenant_runs(
    settings: Settings, fake: GatedRuntime
) -> None:
    runs = manager(settings, fake, RunLimits(per_process=4, per_tenant=1, queued=5))
    runs.start_message("a1", "alice", "one")
    waiting = runs.start_message("a2", "alice", "two")
    bob = runs.start_message("b1", "bob", "hi")
    assert types(runs, waiting.id) == [("run_started", 1)]
    assert types(runs, bob.id) == [("run_started", 0)]
    for gate in ("a1", "a2", "b1"):
        fake.gate(gate).set()
    runs.join(timeout=30)
    assert runs.log.get(waiting.id, "a2").status == "done"  # type: ignore[union-attr]


def test_cancelling_a_waiting_run_ends_it_unstarted_and_moves_the_line(
    settings: Settings, fake: GatedRuntime
) -> None:
    runs = manager(settings, fake, ONE_AT_A_TIME)
    runs.start_message("t1", "acme", "one")
    second = runs.start_message("t2", "acme", "two")
    third = runs.start_message("t3", "acme", "three")
    assert runs.cancel("t2") == second.id
    assert types(runs, second.id) == [("run_started", 1), ("done", None)]
    assert runs.log.get(second.id, "t2").status == "cancelled"  # type: ignore[union-attr]
    assert types(runs, third.id) == [("run_started", 2), ("run_queued", 1)]
    assert runs.active("t2") is None and not runs.live(second.id)
    fake.gate("t1").set()
    fake.gate("t3").set()
    runs.join(timeout=30)
    assert "t2" not in fake.order and fake.order == ["t1", "t3"]


def test_a_full_line_refuses_a_run_without_recording_it(
    settings: Settings, fake: GatedRuntime
) -> None:
    runs = manager(settings, fake, RunLimits(per_process=1, per_tenant=1, queued=1))
    runs.start_message("t1", "acme", "one")
    runs.start_message("t2", "acme", "two")
    with pytest.raises(RunsBusy):
        runs.start_message("t3", "acme", "three")
    assert runs.log.for_thread("t3") == [] and runs.active("t3") is None
    fake.gate("t1").set()
    fake.gate("t2").set()
    runs.join(timeout=30)


class FlakyLog(EventLog):
    """An event log whose writes of a run's end and of places in line fail (locked SQLite)."""

    def finish(self, run: str, status: Any) -> bool:
        raise sqlite3.OperationalError("database is locked")

    def append_all(self, items: Sequence[tuple[str, str, Any]]) -> list[int | None]:
        if any(event.type == "run_queued" for _, _, event in items):
            raise sqlite3.OperationalError("database is locked")
        return super().append_all(items)


def test_a_run_whose_end_cannot_be_stored_still_frees_its_thread_and_place(
    settings: Settings, fake: GatedRuntime
) -> None:
    log = FlakyLog(Database(settings.data_dir / "api.sqlite"))
    runs = RunManager(cast(AgentRuntime, fake), log, limits=ONE_AT_A_TIME)
    first = runs.start_message("t1", "acme", "one")
    second = runs.start_message("t2", "acme", "two")
    fake.gate("t1").set()
    fake.gate("t2").set()
    runs.join(timeout=30)
    assert fake.order == ["t1", "t2"]  # the waiting run got its turn
    assert runs.active("t1") is None and runs.active("t2") is None
    assert not runs.live(first.id) and runs.load() == (0, 0)
    assert [e.data["type"] for e in log.events(second.id)][-2:] == ["text", "done"]
    third = runs.start_message("t1", "acme", "again")  # no 409: the thread is free
    fake.gate("t1").set()
    runs.join(timeout=30)
    assert [e.data["type"] for e in log.events(third.id)] == ["run_started", "text", "done"]


class TimerCount:
    """Counts the timers a loop schedules (an ``asyncio.sleep`` or a timeout is one)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.count, self._call_at = 0, loop.call_at
        loop.call_at = self._counted  # type: ignore[method-assign]

    def _counted(self, *args: Any, **kwargs: Any) -> asyncio.TimerHandle:
        self.count += 1
        return self._call_at(*args, **kwargs)


def test_an_idle_stream_sleeps_until_the_run_wakes_it(
    settings: Settings, fake: GatedRuntime
) -> None:
    runs = manager(settings, fake, ONE_AT_A_TIME)
    run = runs.start_message("t1", "acme", "one")

    async def follow() -> tuple[list[str], int]:
        seen: list[str] = []

        async def read() -> None:
            async for event in runs.follow(run.id):
                seen.append(event.data["type"])

        reader = asyncio.create_task(read())
        while not seen:  # run_started, then the run is idle
            await asyncio.sleep(0.01)
        timers = TimerCount(asyncio.get_running_loop())
        await asyncio.sleep(0.5)  # one timer of our own
        idle_timers = timers.count - 1
        fake.gate("t1").set()
        await asyncio.wait_for(reader, 30)
        return seen, idle_timers

    seen, idle_timers = asyncio.run(follow())
    assert seen == ["run_started", "text", "done"]
    assert idle_timers <= 1  # a poll every 10 ms would have set about 50
    assert runs.wakeups.watched() == 0  # the ended stream let go of its wake-up


def test_an_idle_thread_stream_asks_sqlite_about_once_a_second(
    settings: Settings, fake: GatedRuntime
) -> None:
    runs = manager(settings, fake, RunLimits())
    asked: list[str] = []
    thread_events = runs.log.thread_events

    def counted(thread: str, after: int = 0, limit: int = 500) -> Any:
        asked.append(thread)
        return thread_events(thread, after, limit)

    runs.log.thread_events = counted  # type: ignore[method-assign]

    async def follow() -> tuple[int, list[str]]:
        seen: list[str] = []

        async def read() -> None:
            async for event in runs.follow_thread("t1"):
                seen.append(event.data["type"])

        reader = asyncio.create_task(read())
        timers = TimerCount(asyncio.get_running_loop())
        await asyncio.sleep(0.3)
        idle_timers = timers.count - 1
        await asyncio.to_thread(runs.start_message, "t1", "acme", "one")
        fake.gate("t1").set()
        while "done" not in seen:
            await asyncio.sleep(0.01)
        reader.cancel()
        return idle_timers, seen

    started = time.monotonic()
    idle_timers, seen = asyncio.run(follow())
    seconds = time.monotonic() - started  # a loaded machine stretches the run: more seconds
    assert seen == ["run_started", "text", "done"]
    # once at the start, at most once per stored event (run_started, text, done: each may
    # wake the stream on its own on a loaded machine), and about once per idle second
    assert idle_timers <= 1 and len(asked) <= 1 + 3 + int(seconds)
    runs.join(timeout=30)


class WatchedRuntime(GatedRuntime):
    """A gated runtime that notes the thread's stored events when a run's work begins."""

    def __init__(self) -> None:
        super().__init__()
        self.log: EventLog | None = None
        self.seen_at_start: list[list[str]] = []

    def stream(self, thread: str, text: str, attachments: Sequence[Any] = (),
               tenant: str | None = None) -> Iterator[Event]:
        assert self.log is not None
        self.seen_at_start.append([e.data["type"] for e in self.log.thread_events(thread)])
        yield from super().stream(thread, text, attachments, tenant)


def test_run_started_is_stored_before_the_run_begins_to_work(settings: Settings) -> None:
    watched = WatchedRuntime()
    runs = manager(settings, watched, ONE_AT_A_TIME)
    watched.log = runs.log
    runs.start_message("t1", "acme", "one")
    runs.start_message("t2", "acme", "two")  # waits in line, starts when t1 ends
    watched.gate("t1").set()
    watched.gate("t2").set()
    runs.join(timeout=30)
    assert watched.seen_at_start == [["run_started"], ["run_started", "run_queued"]]


class BrokenLog(EventLog):
    """An event log that cannot store a new run (the disk is full)."""

    def open_run(self, thread: str, tenant: str, kind: Any, queue_position: int = 0,
                 owner: str | None = None) -> Any:
        raise sqlite3.OperationalError("database or disk is full")


def test_a_run_that_cannot_be_stored_takes_no_place_and_leaves_the_thread_free(
    settings: Settings, fake: GatedRuntime
) -> None:
    db = Database(settings.data_dir / "api.sqlite")
    broken = RunManager(cast(AgentRuntime, fake), BrokenLog(db), limits=ONE_AT_A_TIME)
    with pytest.raises(sqlite3.OperationalError):
        broken.start_message("t1", "acme", "one")
    assert broken.active("t1") is None and broken.load() == (0, 0)
    assert fake.order == []  # nothing started working
    runs = manager(settings, fake, ONE_AT_A_TIME)
    assert runs.log.for_thread("t1") == []  # no run row without its run_started


def test_a_stream_gets_the_stored_run_started_without_reading_sqlite(
    settings: Settings, fake: GatedRuntime
) -> None:
    runs = manager(settings, fake, ONE_AT_A_TIME)
    run = runs.start_message("t1", "acme", "one")
    stored_first = runs.log.events(run.id)

    def no_read(run: str, after: int = 0) -> Any:
        raise AssertionError("the first event was read from SQLite")

    runs.log.events = no_read  # type: ignore[method-assign]

    async def first_event() -> Any:
        stream = runs.follow(run.id)
        try:
            return await asyncio.wait_for(anext(stream), 30)
        finally:
            await stream.aclose()

    first = asyncio.run(first_event())
    assert [first] == stored_first  # the same number, run and data as stored
    assert first.data["type"] == "run_started" and first.data["queue_position"] == 0
    fake.gate("t1").set()
    runs.join(timeout=30)


def test_a_stream_of_a_run_another_process_ends_gets_the_runs_last_events(
    settings: Settings, fake: GatedRuntime, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a client follows, through this process, a run another process works on; that run
    # says its last words and ends just after the stream read the log: the stream still
    # yields them before it ends (a follower must see the run's done)
    here = manager(settings, fake, RunLimits())
    there = EventLog(Database(settings.data_dir / "api.sqlite"))
    run, first = there.open_run("t1", "acme", "message", owner=process_owner())
    read = here.log.events
    ended: list[bool] = []

    def events_then_the_end(run_id: str, after: int = 0) -> list[LoggedEvent]:
        got = read(run_id, after)
        if not ended:
            ended.append(True)
            there.append("t1", run.id, TextEvent(text="last words"))
            there.append("t1", run.id, DoneEvent(thread_id="t1"))
            there.finish(run.id, "done")
        return got

    monkeypatch.setattr(here.log, "events", events_then_the_end)

    async def follow() -> list[str]:
        return [e.data["type"] async for e in here.follow(run.id, after=first.seq)]

    assert asyncio.run(follow()) == [e.data["type"] for e in read(run.id, first.seq)]


class OutageSweep(EventLog):
    """Another replica's event log, to which this process's heartbeats look missed.

    As after a database outage longer than the heartbeat timeout: every running run is
    taken for left behind, this process's live ones too.
    """

    def recover(self, stale_seconds: float = 30.0, keep: Any = ()) -> int:
        return super().recover(-1.0, keep)


def _lost_lines(caplog: pytest.LogCaptureFixture, run: str) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if run in r.getMessage() and "closed by another process" in r.getMessage()]


def test_a_run_another_replica_closed_stops_at_its_next_event_and_keeps_the_closing(
    settings: Settings, fake: GatedRuntime, caplog: pytest.LogCaptureFixture,
) -> None:
    # replica B's sweep closed this replica's run while the database did not take its
    # heartbeats; when the agent says more, the run stops here: no event after the done
    # B stored (clients stopped following at it), the failed status stays, and nothing
    # is raised; the thread is free again here
    caplog.set_level(logging.WARNING, logger="api.runs")
    runs = manager(settings, fake, RunLimits())
    run = runs.start_message("t1", "acme", "one")
    other = OutageSweep(Database(settings.data_dir / "api.sqlite"))

    async def sweep_until_closed() -> None:
        sweeping = asyncio.create_task(sweep_left_runs(other, every=0.01))
        try:
            for _ in range(500):
                await asyncio.sleep(0.01)
                if other.status(run.id) != "running":
                    return
        finally:
            sweeping.cancel()

    asyncio.run(sweep_until_closed())
    fake.gate("t1").set()  # the agent goes on: its reply and done come now
    runs.join(timeout=30)
    assert types(runs, run.id) == [("run_started", 0), ("error", None), ("done", None)]
    assert runs.log.status(run.id) == "failed"
    assert runs.active("t1") is None and not runs.live(run.id) and runs.load() == (0, 0)
    assert len(_lost_lines(caplog, run.id)) == 1


def test_the_heartbeat_stops_the_runs_another_replica_closed(
    settings: Settings, fake: GatedRuntime, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the agent is busy (it says nothing) and a run waits in line when another replica
    # closes both: the next heartbeat stops the agent's work and takes the waiting run out
    # of the line; neither stores anything more
    caplog.set_level(logging.WARNING, logger="api.runs")
    monkeypatch.setattr("api.runs.HEARTBEAT_SECONDS", 0.05)
    runs = manager(settings, fake, ONE_AT_A_TIME)
    working = runs.start_message("t1", "acme", "one")
    waiting = runs.start_message("t2", "acme", "two")
    assert OutageSweep(Database(settings.data_dir / "api.sqlite")).recover() == 2
    runs.join(timeout=10)  # the test never opens a gate: only a stop ends the work
    assert fake.gate("t1").is_set() and fake.order == ["t1"]  # stopped; t2 never started
    assert types(runs, working.id) == [("run_started", 0), ("error", None), ("done", None)]
    assert types(runs, waiting.id) == [("run_started", 1), ("error", None), ("done", None)]
    assert [runs.log.status(r.id) for r in (working, waiting)] == ["failed", "failed"]
    assert runs.load() == (0, 0) and not runs.live(working.id) and not runs.live(waiting.id)
    assert [len(_lost_lines(caplog, r.id)) for r in (working, waiting)] == [1, 1]


class DiesAfterDone:
    """An agent whose stream ends its turn, then raises: a worker gone between done and end."""

    def stream(self, thread: str, text: str, attachments: Sequence[Any] = (),
               tenant: str | None = None) -> Iterator[Event]:
        yield TextEvent(text="here you go")
        yield DoneEvent(thread_id=thread)
        raise RunInterrupted("the run worker stopped")

    def running(self, thread: str) -> bool:
        return False

    def stop(self, thread: str) -> bool:
        return True


def test_a_run_whose_stream_fails_after_its_done_ends_as_done_and_frees_its_thread(
    settings: Settings, caplog: pytest.LogCaptureFixture,
) -> None:
    # the turn was over for its followers at `done`: the failure after it adds no events,
    # the run is not left `running` (which would hold its thread on every replica), and
    # nobody is blamed for closing it
    caplog.set_level(logging.WARNING, logger="api.runs")
    log = EventLog(Database(settings.data_dir / "api.sqlite"))
    runs = RunManager(cast(AgentRuntime, DiesAfterDone()), log)
    run = runs.start_message("t1", "acme", "make ads")
    runs.join(timeout=10)
    assert log.status(run.id) == "done"
    assert [e.data["type"] for e in log.events(run.id)][-2:] == ["text", "done"]
    assert not log.going_on("t1")
    assert not any("another process" in r.getMessage() for r in caplog.records)


class DiesBeforeItsEnd(EventLog):
    """An event log whose process stops after a run's done, before the run's end is stored."""

    def finish(self, run: str, status: Any) -> bool:
        raise sqlite3.OperationalError("the process stopped")


def test_a_cancelled_run_closed_as_left_after_its_done_stays_cancelled(
    settings: Settings, fake: GatedRuntime
) -> None:
    # the user cancelled; the run stored its done, then its process stopped before storing
    # the end: the replica that closes it as left must not turn the cancel into `done`
    log = DiesBeforeItsEnd(Database(settings.data_dir / "api.sqlite"))
    runs = RunManager(cast(AgentRuntime, fake), log)
    cancelled = runs.start_message("t1", "acme", "one")
    finished = runs.start_message("t2", "acme", "two")
    assert runs.cancel("t1") == cancelled.id
    fake.gate("t2").set()
    runs.join(timeout=30)
    assert [e.data["type"] for e in log.events(cancelled.id)][-1] == "done"
    assert [log.status(r.id) for r in (cancelled, finished)] == ["running", "running"]
    assert OutageSweep(Database(settings.data_dir / "api.sqlite")).recover() == 2
    assert [log.status(r.id) for r in (cancelled, finished)] == ["cancelled", "done"]
    assert [e.data["type"] for e in log.events(cancelled.id)][-2:] == ["text", "done"]


def test_a_waiting_run_another_replica_closed_never_starts_its_agent_work(
    settings: Settings, fake: GatedRuntime, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # another replica closed the waiting run as left (a missed heartbeat) and no beat of
    # this process has heard of it yet when its turn comes: its agent must not start
    monkeypatch.setattr("api.runs.HEARTBEAT_SECONDS", 60.0)  # no beat tells within the test
    runs = manager(settings, fake, ONE_AT_A_TIME)
    working = runs.start_message("t1", "acme", "one")
    waiting = runs.start_message("t2", "acme", "two")
    other = OutageSweep(Database(settings.data_dir / "api.sqlite"))
    assert other.recover(keep={working.id}) == 1
    fake.gate("t1").set()
    fake.gate("t2").set()
    runs.join(timeout=30)
    assert fake.order == ["t1"]  # t2's agent never began
    assert types(runs, waiting.id) == [("run_started", 1), ("error", None), ("done", None)]
    assert runs.log.status(waiting.id) == "failed" and runs.log.status(working.id) == "done"
    assert runs.active("t2") is None and runs.load() == (0, 0)


class Steps(GatedRuntime):
    """An agent of two steps, each saying one line; it notes each step it begins."""

    def stream(self, thread: str, text: str, attachments: Sequence[Any] = (),
               tenant: str | None = None) -> Iterator[Event]:
        self.order.append(f"{thread}: step 1")
        yield TextEvent(text="one")
        self.order.append(f"{thread}: step 2")
        yield TextEvent(text="two")
        yield DoneEvent(thread_id=thread)


def test_a_run_lost_between_two_steps_does_not_begin_the_next_one(
    settings: Settings, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # after its first step another replica closes the run, and this process's heartbeat
    # hears of it before the agent goes on: the second step must not begin
    caplog.set_level(logging.WARNING, logger="api.runs")
    monkeypatch.setattr("api.runs.HEARTBEAT_SECONDS", 0.05)
    agent = Steps()
    other = OutageSweep(Database(settings.data_dir / "api.sqlite"))

    def after_step(event: Event) -> None:
        if isinstance(event, TextEvent) and event.text == "one":
            assert other.recover() == 1
            for _ in range(200):  # until the heartbeat has told this process
                if any("closed by another process" in r.getMessage() for r in caplog.records):
                    return
                time.sleep(0.02)

    log = EventLog(Database(settings.data_dir / "api.sqlite"))
    runs = RunManager(cast(AgentRuntime, agent), log, on_event=after_step)
    run = runs.start_message("t1", "acme", "go")
    runs.join(timeout=30)
    assert len(_lost_lines(caplog, run.id)) == 1
    assert agent.order == ["t1: step 1"]
    assert [e.data["type"] for e in log.events(run.id)] == ["run_started", "text", "error", "done"]
    assert log.status(run.id) == "failed" and runs.active("t1") is None
