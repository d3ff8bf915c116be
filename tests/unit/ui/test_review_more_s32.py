"""The Review tab's new handlers without a browser.

A run's criteria, sharing the work, the answer key (gold items) and opening the items
reviewers disagree on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.reviews.models import CRITERIA
from evals.reviews.reviewers import new_token
from evals.reviews.runs import evals_dir
from evals.reviews.store import ReviewStore
from tests.review_fixtures import write_run
from ui.review_controller import TOO_FEW, ReviewController
from ui.review_insight import ReviewInsight
from ui.review_setup import ReviewSetup
from ui.review_slots import slot_map

ANA, BEN = new_token(), new_token()
FIVE = "1: none\n2: tiny\n3: small\n4: fine\n5: bold"


@pytest.fixture
def controller(tmp_path: Path) -> ReviewController:
    data_dir = tmp_path / "data"
    write_run(evals_dir(data_dir), "run-1", {"bottle": 6})  # 3 pairs of comparable ads
    return ReviewController(ReviewStore(data_dir / "reviews.sqlite"), data_dir, "default")


def test_a_run_on_two_criteria_and_one_of_its_own_shows_those_rows_only(
    controller: ReviewController,
) -> None:
    setup = ReviewSetup(controller)
    controller.open("run-1", "ana", ANA)
    assert "⚠️" in setup.choose("run-1", "", ANA, ["text_quality"])  # a name first
    said = setup.choose("run-1", "ana", ANA, ["product_fidelity", "text_quality"])
    assert said.startswith("Saved. This run is rated on 2 criteria: **Product fidelity**")
    added = setup.add("run-1", "ana", ANA, "Logo size", "Is the logo legible?", FIVE)
    assert added.startswith("Added **Logo size**") and "3 criteria" in added
    view = controller.show("run-1", "ana", ANA, 0)
    shown = {slot: entry.label for slot, entry in slot_map(view.criteria).items() if entry}
    assert shown == {"product_fidelity": "Product fidelity", "text_quality": "Text quality",
                     "own1": "Logo size"}
    assert view.progress.startswith("**0 of 6 done** by ana")
    assert "all 3 criteria are rated" in view.progress
    assert view.a and "still to rate: Product fidelity, Text quality, Logo size" in view.a.caption
    for slot in ("product_fidelity", "text_quality"):
        controller.rate("run-1", "ana", ANA, 0, "A", slot, 4)
    _progress, status, shown_score, _caption = controller.rate("run-1", "ana", ANA, 0, "A",
                                                               "own1", 2)
    assert status == "Saved: A · Logo size 2/5 — A is done ✓" and shown_score == 2
    assert controller.show("run-1", "ana", ANA, 0).progress.startswith("**1 of 6 done**")
    assert "⚠️" in setup.add("run-1", "ana", ANA, "Logo size", "Again?", FIVE)
    assert "5 lines" in setup.add("run-1", "ana", ANA, "Crop", "Cropped?", "1: bad")


def test_sharing_the_work_sends_each_reviewer_to_their_own_items_first(
    controller: ReviewController,
) -> None:
    setup = ReviewSetup(controller)
    controller.open("run-1", "ana", ANA)
    said = setup.assign("run-1", "ana", ANA, "Ana, Ben, Chloe", 0)
    assert said.startswith("Saved. Items given out: Ana 2, Ben 2, Chloe 2 (of 6). 0 of them")
    view = controller.resume("run-1", "ben", BEN)
    assert view.index == 1  # Ben's pair is the second
    assert "0 of your 2 items" in view.progress
    assert "Ana 2" in setup.assignment_markdown("run-1")
    assert setup.unassign("run-1", "ana", ANA).startswith("Nobody has been given items")
    assert controller.resume("run-1", "ben", BEN).index == 0


def test_the_answer_key_is_set_on_the_pair_shown_and_scores_each_reviewer(
    controller: ReviewController,
) -> None:
    insight = ReviewInsight(controller)
    controller.open("run-1", "owner", new_token())
    owner = new_token()
    assert insight.set_gold("run-1", "olga", owner, 0, "A", "would_publish", 5) == (
        "Saved: A of pair 1 should get 5/5 on Would publish.")
    assert insight.set_gold_pair("run-1", "olga", owner, 1, "B") == (
        "Saved: the expected choice on pair 2 is B is better.")
    view = controller.show("run-1", "ana", ANA, 0)  # the reviewer is not told
    assert view.a and "gold" not in (view.title + view.a.caption + view.status).lower()
    assert "answer key" not in (view.title + view.a.caption + view.status).lower()
    controller.rate("run-1", "ana", ANA, 0, "A", "would_publish", 4)
    controller.rate("run-1", "ben", BEN, 0, "A", "would_publish", 2)
    controller.prefer("run-1", "ana", ANA, 1, "B")
    key = insight.gold_markdown("run-1")
    assert "Pair 1, left (A) · bottle · image 96×96: Would publish 5/5" in key
    assert "Pair 2: B is better" in key
    assert ("**ana:** 1 of 1 answer-key items within ±1 of the expected score · 1 of 1 "
            "answer-key pairs chosen as expected") in key
    assert "**ben:** 0 of 1 answer-key items within ±1" in key
    assert insight.clear_gold("run-1", "olga", owner, 0) == "Pair 1 is out of the answer key."


def test_disagreements_open_the_item_with_every_reviewer_and_few_items_are_flagged(
    controller: ReviewController,
) -> None:
    insight = ReviewInsight(controller)
    controller.open("run-1", "ana", ANA)
    controller.rate("run-1", "ana", ANA, 2, "B", "brief_fit", 1, "the bottle is cut off")
    controller.rate("run-1", "ben", BEN, 2, "B", "brief_fit", 5)
    controller.rate("run-1", "ana", ANA, 0, "A", "brief_fit", 2)
    controller.rate("run-1", "ben", BEN, 0, "A", "brief_fit", 4)
    choices = insight.disagreement_choices("run-1")
    assert [label for label, _id in choices] == [
        "Pair 3, right (B) · bottle · image 96×96 — Brief fit 4 apart",
        "Pair 1, left (A) · bottle · image 96×96 — Brief fit 2 apart"]
    index, said = insight.open_item("run-1", choices[0][1])
    assert index == 2
    assert "| ana | 1 | — | — | — | — | the bottle is cut off |" in said
    assert "| ben | 5 | — | — | — | — |  |" in said
    table = controller.agreement("run-1")
    assert f"⚠️ {TOO_FEW} (2)" in table.split("| Brief fit |")[1].split("\n")[0]


def test_without_a_run_the_panels_say_to_pick_one(controller: ReviewController) -> None:
    setup, insight = ReviewSetup(controller), ReviewInsight(controller)
    choices, chosen = setup.criteria_choices(None)
    assert chosen == list(CRITERIA) and len(choices) == len(CRITERIA)
    assert setup.choose(None, "ana", ANA, []).startswith("Pick a run")
    assert insight.gold_markdown(None).startswith("Pick a run")
    assert insight.disagreement_choices(None) == [] and insight.open_item(None, None) == (None, "")


def test_a_criterion_named_with_markdown_is_shown_as_its_words_everywhere(
    controller: ReviewController,
) -> None:
    """A reviewer-made label is data: no remote image, no broken table (a reviewer's find)."""
    setup = ReviewSetup(controller)
    controller.open("run-1", "ana", ANA)
    setup.choose("run-1", "ana", ANA, ["text_quality"])
    setup.add("run-1", "ana", ANA, "![](//evil.example/p.png) x|y", "Is it?", FIVE)
    view = controller.show("run-1", "ana", ANA, 0)
    assert view.a and "still to rate" in view.a.caption and "](" not in view.a.caption
    controller.rate("run-1", "ana", ANA, 0, "A", "text_quality", 4)
    _p, status, _s, _c = controller.rate("run-1", "ana", ANA, 0, "A", "own1", 2)
    assert "](" not in status
    controller.open("run-1", "ben", BEN)
    controller.rate("run-1", "ben", BEN, 0, "A", "own1", 5)  # 3 apart: a disagreement
    table = controller.agreement("run-1")
    assert "](" not in table and "x\\|y" in table
