"""What a walk-through of the Review tab by non-engineers found, in the review store.

Skips and flags (with why) reach the CSV export; an answer-key item set after the items
were split goes to every reviewer.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from evals.reviews.assignment import of_reviewer
from evals.reviews.models import ReviewItem
from evals.reviews.runs import evals_dir, read_run
from evals.reviews.store import ReviewStore
from tests.review_fixtures import write_run


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "data" / "reviews.sqlite")


def run_items(store: ReviewStore, tmp_path: Path, images: int = 6) -> list[ReviewItem]:
    run_dir = write_run(evals_dir(tmp_path / "data"), "run-1", {"bottle": images})
    store.import_run(read_run(run_dir, "default"))
    return store.items("default", "run-1")


def exported(store: ReviewStore) -> list[dict[str, str]]:
    out = io.StringIO()
    store.export_csv("default", "run-1", out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_csv_export_carries_each_skip_and_flag_with_its_reason(
    store: ReviewStore, tmp_path: Path
) -> None:
    first, second, third, *_ = run_items(store, tmp_path)
    store.rate("default", first.id, "Maya", "brief_fit", 4)
    store.mark("default", second.id, "Maya", "flag", "The image is cut off at the top")
    store.mark("default", third.id, "Ben", "skip")
    rows = exported(store)
    marks = {(row["reviewer"], row["asset_id"]): (row["mark"], row["mark_reason"])
             for row in rows if row["mark"]}
    assert marks == {("Maya", second.asset_id): ("flag", "The image is cut off at the top"),
                     ("Ben", third.asset_id): ("skip", "")}
    rating = next(row for row in rows if row["score"])
    assert (rating["reviewer"], rating["score"], rating["mark"]) == ("Maya", "4", "")


def test_an_answer_key_item_set_after_the_split_goes_to_every_reviewer(
    store: ReviewStore, tmp_path: Path
) -> None:
    items = run_items(store, tmp_path)
    store.assign("default", "run-1", ["Maya", "Ben"], 0)
    plan = store.assignments("default", "run-1")
    bens = sorted(of_reviewer(plan, "Ben") - of_reviewer(plan, "Maya"))
    assert bens  # Ben has items Maya has not
    store.set_gold("default", bens[0], "brief_fit", 5, "Tom")
    plan = store.assignments("default", "run-1")
    assert bens[0] in of_reviewer(plan, "Maya") and bens[0] in of_reviewer(plan, "Ben")
    others = [item for item in items if item.id != bens[0]]
    later = next(i.id for i in others if i.id not in of_reviewer(plan, "Ben"))
    store.set_gold_pair("default", later, bens[-1], "A", "Tom")
    plan = store.assignments("default", "run-1")
    for name in ("Maya", "Ben"):
        assert {later, bens[-1]} <= of_reviewer(plan, name)


def test_an_answer_key_item_on_a_run_not_split_leaves_it_open_to_anyone(
    store: ReviewStore, tmp_path: Path
) -> None:
    first, *_ = run_items(store, tmp_path)
    store.set_gold("default", first.id, "brief_fit", 5, "Tom")
    assert store.assignments("default", "run-1") == {}


def test_a_run_has_one_organiser_whatever_the_spelling_of_the_name(
    store: ReviewStore, tmp_path: Path
) -> None:
    from evals.reviews.models import ReviewError

    run_items(store, tmp_path)
    assert store.organiser("default", "run-1") is None
    assert store.organise("default", "run-1", "Tom") == "Tom"
    assert store.organise("default", "run-1", "tom ") == "Tom"  # the same person
    with pytest.raises(ReviewError, match="Tom organises this run"):
        store.organise("default", "run-1", "Maya")
    assert store.organiser("default", "run-1") == "Tom"
    assert store.organiser("default", "run-2") is None  # per run
