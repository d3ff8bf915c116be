"""A run's criteria, its answer key and its split among reviewers on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path

from core.storage.migrations import current
from evals.reviews.runs import read_run
from evals.reviews.store import SCHEMA, ReviewStore
from tests.review_fixtures import write_run

ANCHORS = {1: "none", 2: "tiny", 3: "small", 4: "fine", 5: "bold"}


def test_criteria_gold_and_assignment_round_trip(database_url: str, tmp_path: Path) -> None:
    store = ReviewStore(database_url)
    assert current(store.engine, SCHEMA) == SCHEMA.head()
    store.import_run(read_run(write_run(tmp_path / "evals", "run-1", {"bottle": 4}), "acme"))
    first, _second, third, fourth = store.items("acme", "run-1")
    store.choose_criteria("acme", "run-1", ["text_quality"], "olga")
    own = store.add_criterion("acme", "run-1", "Logo size", "Big enough?", ANCHORS, "olga")[-1]
    assert [c.key for c in store.criteria("acme", "run-1")] == ["text_quality", own.key]
    assert store.criteria("globex", "run-1")[0].key == "brief_fit"  # another tenant's: its own
    store.set_gold("acme", first.id, own.key, 4, "olga")
    store.set_gold("acme", first.id, own.key, 5, "olga")  # replaced, not doubled
    store.set_gold_pair("acme", fourth.id, third.id, "B", "olga")
    store.rate("acme", first.id, "ana", own.key, 4)
    store.prefer("acme", third.id, fourth.id, "ana", "A")  # fourth is B there: same answer
    (result,) = store.gold_results("acme", "run-1")
    assert (result.within, result.items, result.matched, result.pairs) == (1, 1, 1, 1)
    plan = store.assign("acme", "run-1", ["Ana", "Ben"], 0.0)
    assert store.assignments("acme", "run-1") == plan
    assert sorted(plan[first.id]) == ["Ana", "Ben"]  # a gold item: everyone's
    assert plan[third.id] == plan[fourth.id] == ["Ana", "Ben"]  # a gold pair too
    assert store.resume("acme", "run-1", "ben") == first
    store.rate("acme", first.id, "ana", "text_quality", 3)
    assert store.progress("acme", "run-1", "ana") == (1, 4)
    out = io.StringIO()
    store.export_csv("acme", "run-1", out)
    assert out.getvalue().splitlines()[0].endswith(",at,assigned,gold_expected,mark,mark_reason")
    assert store.clear_gold("acme", [first.id, third.id]) == 2
    store.unassign("acme", "run-1")
    assert store.gold("acme", "run-1") == ([], []) and store.assignments("acme", "run-1") == {}
