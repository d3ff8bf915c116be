"""The run queue: a few runs at once per process and per tenant, the rest in line, in order."""

from __future__ import annotations

import pytest

from api.run_queue import QueueFull, RunLimits, RunQueue


def test_runs_beyond_the_process_bound_wait_in_line_and_start_in_order() -> None:
    queue = RunQueue(RunLimits(per_process=2, per_tenant=5, queued=10))
    places = [queue.admit(f"r{i}", f"tenant{i}") for i in range(5)]
    assert places == [0, 0, 1, 2, 3]
    assert queue.positions() == {"r2": 1, "r3": 2, "r4": 3}
    assert queue.finish("r0") == ["r2"]
    assert queue.positions() == {"r3": 1, "r4": 2}
    assert queue.finish("r1") == ["r3"] and queue.finish("r2") == ["r4"]
    assert queue.finish("r3") == [] and (queue.running(), queue.waiting()) == (1, 0)


def test_a_tenant_at_its_bound_waits_without_holding_up_other_tenants() -> None:
    queue = RunQueue(RunLimits(per_process=4, per_tenant=2, queued=10))
    assert [queue.admit(r, "alice") for r in ("a1", "a2", "a3")] == [0, 0, 1]
    assert queue.admit("b1", "bob") == 0  # alice's waiting run does not block bob
    assert queue.admit("a4", "alice") == 2
    assert queue.finish("b1") == []  # bob's place is free, but alice is at her bound
    assert queue.finish("a1") == ["a3"]
    assert queue.positions() == {"a4": 1}


def test_a_full_line_refuses_and_a_withdrawn_run_leaves_it() -> None:
    queue = RunQueue(RunLimits(per_process=1, per_tenant=1, queued=2, tenant_queued=2))
    assert [queue.admit(r, "t") for r in ("r1", "r2", "r3")] == [0, 1, 2]
    assert queue.full_for("t") and queue.full_for("other")
    with pytest.raises(QueueFull):
        queue.admit("r4", "t")
    assert queue.withdraw("r2") and not queue.withdraw("r2") and not queue.withdraw("r1")
    assert queue.positions() == {"r3": 1} and not queue.full_for("t")
    assert queue.finish("r1") == ["r3"]


def test_a_run_that_may_start_is_never_refused_by_a_full_line() -> None:
    queue = RunQueue(RunLimits(per_process=2, per_tenant=1, queued=0))
    assert queue.admit("a1", "alice") == 0
    assert queue.full_for("alice") and not queue.full_for("bob")
    assert queue.admit("b1", "bob") == 0


def test_one_tenant_cannot_take_every_place_in_line() -> None:
    queue = RunQueue(RunLimits(per_process=1, per_tenant=1, queued=8))  # 2 places each
    assert [queue.admit(r, "alice") for r in ("a1", "a2", "a3")] == [0, 1, 2]
    assert queue.full_for("alice") and not queue.full_for("bob")
    with pytest.raises(QueueFull):
        queue.admit("a4", "alice")
    assert queue.admit("b1", "bob") == 3  # bob, with nothing running, still gets a place
    assert queue.finish("a1") == ["a2"]
    assert queue.admit("a4", "alice") == 3  # a place of alice's share came free


def test_the_share_of_one_tenant_can_be_set_and_is_at_least_one_by_default() -> None:
    assert RunLimits(queued=100).queued_per_tenant == 25
    assert RunLimits(queued=2).queued_per_tenant == 1
    queue = RunQueue(RunLimits(per_process=1, per_tenant=1, queued=10, tenant_queued=3))
    assert [queue.admit(f"r{i}", "t") for i in range(4)] == [0, 1, 2, 3]
    assert queue.full_for("t")


def test_place_for_tells_the_place_admit_gives_without_taking_one() -> None:
    queue = RunQueue(RunLimits(per_process=1, per_tenant=1, queued=2, tenant_queued=2))
    assert queue.place_for("t") == 0 and queue.place_for("t") == 0  # nothing was taken
    assert queue.admit("r1", "t") == 0
    assert queue.place_for("t") == 1 and queue.admit("r2", "t") == 1
    assert queue.place_for("t") == 2 and queue.admit("r3", "t") == 2
    assert (queue.running(), queue.waiting()) == (1, 2)
    with pytest.raises(QueueFull):
        queue.place_for("t")


def test_a_tenants_runs_in_other_processes_take_its_places_here_too() -> None:
    queue = RunQueue(RunLimits(per_process=4, per_tenant=2, queued=10))
    assert queue.elsewhere({"alice": 1}) == []
    assert queue.admit("a1", "alice") == 0  # one here and one elsewhere: alice's two
    assert queue.admit("a2", "alice") == 1
    assert queue.admit("b1", "bob") == 0  # bob has none elsewhere
    assert queue.elsewhere({"alice": 2}) == []  # still none free for her
    assert queue.elsewhere({}) == ["a2"]  # her runs elsewhere ended: the waiting one starts
    assert queue.admit("a3", "alice") == 1 and queue.finish("a1") == ["a3"]
