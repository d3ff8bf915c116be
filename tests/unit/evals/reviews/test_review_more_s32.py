"""Issue 24's last asks, in the review store.

A run's own criteria, gold items with each reviewer's accuracy, drilling into
disagreements, and splitting items among reviewers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from core.storage.database import make_engine, sqlite_url, writing
from core.storage.migrations import current
from evals.reviews.assignment import names, of_reviewer, split
from evals.reviews.criteria import parse_anchors
from evals.reviews.drilldown import item_reviews, item_spreads
from evals.reviews.models import CRITERIA, ReviewError, ReviewItem, pairs
from evals.reviews.runs import evals_dir, read_run
from evals.reviews.store import SCHEMA, ReviewStore
from tests.review_fixtures import write_run

ANCHORS = {1: "Unreadable", 2: "Tiny", 3: "Small", 4: "Fine", 5: "Bold and clear"}


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "data" / "reviews.sqlite")


def run_items(store: ReviewStore, tmp_path: Path, images: int = 4,
              run_id: str = "run-1") -> list[ReviewItem]:
    run_dir = write_run(evals_dir(tmp_path / "data"), run_id, {"bottle": images})
    store.import_run(read_run(run_dir, "default"))
    return store.items("default", run_id)


def rate_all(store: ReviewStore, item: ReviewItem, reviewer: str, keys: list[str],
             score: int = 3) -> None:
    for key in keys:
        store.rate("default", item.id, reviewer, key, score)


# -- criteria ------------------------------------------------------------------------------


def test_a_run_rated_on_two_criteria_counts_an_item_done_when_those_two_are_rated(
    store: ReviewStore, tmp_path: Path
) -> None:
    first, second, *_ = run_items(store, tmp_path)
    assert [c.key for c in store.criteria("default", "run-1")] == list(CRITERIA)
    store.choose_criteria("default", "run-1", ["text_quality", "product_fidelity"], "owner")
    assert [c.key for c in store.criteria("default", "run-1")] == [
        "product_fidelity", "text_quality"]  # the rubric's order
    store.rate("default", first.id, "ana", "product_fidelity", 4)
    assert store.progress("default", "run-1", "ana") == (0, 4)
    store.rate("default", first.id, "ana", "text_quality", 5)
    assert store.progress("default", "run-1", "ana") == (1, 4)
    assert store.resume("default", "run-1", "ana") == second
    with pytest.raises(ReviewError, match="not a criterion of this run"):
        store.rate("default", second.id, "ana", "brief_fit", 3)


def test_reviewers_add_a_criterion_of_their_own_with_a_question_and_anchors(
    store: ReviewStore, tmp_path: Path
) -> None:
    first, *_ = run_items(store, tmp_path)
    store.choose_criteria("default", "run-1", ["text_quality"], "owner")
    after = store.add_criterion("default", "run-1", "Logo size", "Is the logo big enough?",
                                ANCHORS, "ana")
    own = after[-1]
    assert [c.label for c in after] == ["Text quality", "Logo size"]
    assert (own.question, own.anchors[5]) == ("Is the logo big enough?", "Bold and clear")
    assert store.criteria("default", "run-1") == after  # kept
    store.rate("default", first.id, "ben", own.key, 2)
    assert store.progress("default", "run-1", "ben") == (0, 4)
    store.rate("default", first.id, "ben", "text_quality", 4)
    assert store.progress("default", "run-1", "ben") == (1, 4)
    agreement = store.agreement("default", "run-1", [c.key for c in after])
    assert [row.criterion for row in agreement.criteria] == ["text_quality", own.key]
    with pytest.raises(ReviewError, match="already has a criterion"):
        store.add_criterion("default", "run-1", "logo  SIZE", "Again?", ANCHORS, "ana")
    with pytest.raises(ReviewError, match="already a criterion of the rubric"):
        store.add_criterion("default", "run-1", "Brief fit", "Again?", ANCHORS, "ana")


def test_bad_criteria_choices_are_refused(store: ReviewStore, tmp_path: Path) -> None:
    run_items(store, tmp_path)
    with pytest.raises(ReviewError, match="at least one"):
        store.choose_criteria("default", "run-1", [], "owner")
    with pytest.raises(ReviewError, match="Unknown criteria: own_nope"):
        store.choose_criteria("default", "run-1", ["own_nope"], "owner")
    with pytest.raises(ReviewError, match="5 lines"):
        parse_anchors("1: bad\n2: meh")
    assert parse_anchors("1: bad\n2) meh\nok\n4 - good\n5. great") == {
        1: "bad", 2: "meh", 3: "ok", 4: "good", 5: "great"}
    for n in range(3):
        store.add_criterion("default", "run-1", f"Extra {n}", "Q?", ANCHORS, "ana")
    with pytest.raises(ReviewError, match="3 criteria of its own at most"):
        store.add_criterion("default", "run-1", "Extra 3", "Q?", ANCHORS, "ana")


# -- gold ----------------------------------------------------------------------------------


def test_each_reviewer_is_checked_against_the_gold_items(store: ReviewStore,
                                                         tmp_path: Path) -> None:
    items = run_items(store, tmp_path, images=6)
    for item, expected in zip(items[:5], (5, 4, 2, 1, 3), strict=True):
        store.set_gold("default", item.id, "would_publish", expected, "owner")
    # ana: within ±1 on 4 of the 5; ben rated two of them, both far off
    for item, score in zip(items[:5], (4, 4, 3, 1, 5), strict=True):
        store.rate("default", item.id, "ana", "would_publish", score)
    store.rate("default", items[0].id, "ben", "would_publish", 2)
    store.rate("default", items[1].id, "ben", "would_publish", 1)
    store.rate("default", items[5].id, "ben", "would_publish", 1)  # not gold: not counted
    results = {r.reviewer: r for r in store.gold_results("default", "run-1")}
    assert (results["ana"].within, results["ana"].items) == (4, 5)
    assert results["ana"].misses == [items[4].id]
    assert (results["ben"].within, results["ben"].items) == (0, 2)


def test_an_expected_preference_checks_the_reviewers_choices(store: ReviewStore,
                                                             tmp_path: Path) -> None:
    first, second, *_ = run_items(store, tmp_path)
    store.set_gold_pair("default", second.id, first.id, "A", "owner")  # second is better
    store.prefer("default", first.id, second.id, "ana", "B")  # the same answer, other way
    store.prefer("default", first.id, second.id, "ben", "A")
    results = {r.reviewer: (r.matched, r.pairs) for r in store.gold_results("default", "run-1")}
    assert results == {"ana": (1, 1), "ben": (0, 1)}
    assert store.clear_gold("default", [first.id]) == 1
    assert store.gold("default", "run-1") == ([], [])


def test_gold_needs_a_criterion_of_the_run_and_a_score_of_1_to_5(store: ReviewStore,
                                                                 tmp_path: Path) -> None:
    first, *_ = run_items(store, tmp_path)
    store.choose_criteria("default", "run-1", ["text_quality"], "owner")
    with pytest.raises(ReviewError, match="not a criterion of this run"):
        store.set_gold("default", first.id, "brief_fit", 3, "owner")
    with pytest.raises(ReviewError, match="1 to 5"):
        store.set_gold("default", first.id, "text_quality", 7, "owner")


# -- disagreements -------------------------------------------------------------------------


def test_items_reviewers_differ_most_on_come_first_with_everything_they_said(
    store: ReviewStore, tmp_path: Path
) -> None:
    first, second, third, _ = run_items(store, tmp_path)
    for item, ana, ben in ((first, 3, 4), (second, 1, 5), (third, 2, 4)):
        store.rate("default", item.id, "ana", "brief_fit", ana, "fine by me")
        store.rate("default", item.id, "ben", "brief_fit", ben)
    store.rate("default", third.id, "ana", "text_quality", 1)
    store.rate("default", third.id, "ben", "text_quality", 4)
    store.mark("default", second.id, "cleo", "flag", "the image is cut off")
    spreads = item_spreads(store.ratings("default", "run-1"))
    assert [(s.item_id, s.spreads) for s in spreads] == [
        (second.id, {"brief_fit": 4}), (third.id, {"brief_fit": 2, "text_quality": 3})]
    said = item_reviews(second.id, store.ratings("default", "run-1"),
                        store.marks("default", "run-1"))
    assert [(v.reviewer, v.scores, v.comment, v.flag) for v in said] == [
        ("ana", {"brief_fit": 1}, "fine by me", None), ("ben", {"brief_fit": 5}, "", None),
        ("cleo", {}, "", "the image is cut off")]


# -- assignment ----------------------------------------------------------------------------


def test_split_evenly_keeps_pairs_together_with_an_overlap_share_and_gold_for_all() -> None:
    units = [[f"a{n}", f"b{n}"] for n in range(10)]
    plan = split(units, ["Ana", "Ben"], 0.2, everyone={"a9"})
    assert all(plan[f"a{n}"] == plan[f"b{n}"] for n in range(10))  # a pair stays together
    assert plan["a9"] == ["Ana", "Ben"]  # gold: everyone
    twice = [n for n in range(9) if len(plan[f"a{n}"]) == 2]
    assert len(twice) == 2  # 20 % of the 9 other pairs (1.8), rounded
    alone = [plan[f"a{n}"][0] for n in range(9) if n not in twice]
    assert abs(alone.count("Ana") - alone.count("Ben")) <= 1
    assert split(units[:3], ["Ana", "Ben", "Chloe"], 0.0) == {
        "a0": ["Ana"], "b0": ["Ana"], "a1": ["Ben"], "b1": ["Ben"], "a2": ["Chloe"],
        "b2": ["Chloe"]}


def test_reviewer_names_are_read_from_a_plain_list() -> None:
    assert names("Ana, Ben and Chloe\nana") == ["Ana", "Ben", "Chloe"]
    with pytest.raises(ReviewError):
        names(" , ")


def test_a_reviewer_resumes_on_their_assigned_items_first(store: ReviewStore,
                                                          tmp_path: Path) -> None:
    items = run_items(store, tmp_path, images=6)  # 3 pairs
    plan = store.assign("default", "run-1", ["Ana", "Ben", "Chloe"], 0.0)
    assert store.assignments("default", "run-1") == plan
    chloes = sorted(of_reviewer(plan, "chloe"), key=[i.id for i in items].index)
    assert [i.id for i in items[4:]] == chloes  # the third pair
    assert store.resume("default", "run-1", "CHLOE") == items[4]
    rate_all(store, items[4], "chloe", list(CRITERIA))
    rate_all(store, items[5], "chloe", list(CRITERIA))
    assert store.resume("default", "run-1", "chloe") == items[0]  # then the rest
    assert store.resume("default", "run-1", "dan") == items[0]  # not named: as before
    store.unassign("default", "run-1")
    assert store.assignments("default", "run-1") == {}


def test_gold_items_go_to_every_reviewer_when_the_run_is_split(store: ReviewStore,
                                                               tmp_path: Path) -> None:
    items = run_items(store, tmp_path, images=6)
    store.set_gold("default", items[2].id, "brief_fit", 4, "owner")
    plan = store.assign("default", "run-1", ["Ana", "Ben"], 0.0)
    assert plan[items[2].id] == plan[items[3].id] == ["Ana", "Ben"]
    groups = [[i.id for i in pair if i] for pair in pairs(items)]
    assert sorted(len(plan[g[0]]) for g in groups) == [1, 1, 2]


# -- export and migration ------------------------------------------------------------------


def test_the_csv_says_whether_an_item_was_assigned_and_what_gold_expected(
    store: ReviewStore, tmp_path: Path
) -> None:
    items = run_items(store, tmp_path)
    store.assign("default", "run-1", ["Ana", "Ben"], 0.0)  # pair 1 to Ana, pair 2 to Ben
    store.set_gold("default", items[0].id, "brief_fit", 2, "owner")
    store.rate("default", items[0].id, "ana", "brief_fit", 3)
    store.rate("default", items[2].id, "ana", "brief_fit", 5)
    out = io.StringIO()
    store.export_csv("default", "run-1", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["asset_id"], r["assigned"], r["gold_expected"]) for r in rows] == [
        (items[0].asset_id, "yes", "2"), (items[2].asset_id, "no", "")]


def test_a_data_dir_from_before_gets_the_new_tables_and_keeps_its_ratings(
    tmp_path: Path
) -> None:
    path = tmp_path / "data" / "reviews.sqlite"
    path.parent.mkdir(parents=True)
    engine = make_engine(sqlite_url(path))
    config = SCHEMA.config()
    with writing(engine) as connection:  # the store as the last release left it
        config.attributes["connection"] = connection
        command.upgrade(config, "reviews_0001")
    assert current(engine, SCHEMA) == "reviews_0001"
    old = inspect(engine).get_table_names()
    assert "review_gold" not in old and "review_ratings" in old
    store = ReviewStore(path)
    assert current(store.engine, SCHEMA) == SCHEMA.head() == "reviews_0003"
    tables = set(inspect(store.engine).get_table_names())
    assert {"review_run_criteria", "review_gold", "review_gold_pairs",
            "review_assignments"} <= tables
