"""The rate limiter (a sliding minute per key) and the event log's restart recovery."""

from __future__ import annotations

from agent.events import TextEvent
from api.db import Database
from api.limits import RateLimiter
from api.runs import RESTART_MESSAGE, EventLog
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
