"""What a walk-through of the Review tab by non-engineers found, in its handlers.

A flag's reason comes back after a reload; the agreement reads in plain words; a
disagreement opens on the pair it is about; a reviewer's own items come first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.reviews.reviewers import new_token
from evals.reviews.runs import evals_dir
from evals.reviews.store import ReviewStore
from tests.review_fixtures import write_run
from ui.review_controller import ReviewController

MAYA, BEN, TOM = new_token(), new_token(), new_token()


@pytest.fixture
def controller(tmp_path: Path) -> ReviewController:
    data_dir = tmp_path / "data"
    write_run(evals_dir(data_dir), "run-1", {"bottle": 6})  # 3 pairs of comparable ads
    return ReviewController(ReviewStore(data_dir / "reviews.sqlite"), data_dir, "default")


def test_a_flag_reason_shows_again_in_the_comment_box_after_a_reload(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "Maya", MAYA)
    controller.flag("run-1", "Maya", MAYA, 0, "B", "The bottle is cut in half")
    view = controller.show("run-1", "Maya", MAYA, 0)  # a reload shows the pair afresh
    assert view.b is not None and view.b.flagged
    assert view.b.comment == "The bottle is cut in half"
    assert view.a is not None and view.a.comment == ""


def rate_pair(controller: ReviewController, name: str, token: str, index: int,
              scores: tuple[int, int], comment: str = "") -> None:
    controller.rate("run-1", name, token, index, "A", "brief_fit", scores[0], comment)
    controller.rate("run-1", name, token, index, "B", "brief_fit", scores[1], comment)


def test_the_agreement_says_in_plain_words_who_agrees_on_what(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "Maya", MAYA)
    for index, maya, ben in ((0, (1, 5), (5, 1)), (1, (2, 4), (4, 2)), (2, (1, 5), (4, 2))):
        rate_pair(controller, "Maya", MAYA, index, maya)
        rate_pair(controller, "Ben", BEN, index, ben)
        for side, score in (("A", 3), ("B", 3)):
            controller.rate("run-1", "Maya", MAYA, index, side, "would_publish", score)  # type: ignore[arg-type]
            controller.rate("run-1", "Ben", BEN, index, side, "would_publish", score)  # type: ignore[arg-type]
    text = controller.agreement("run-1")
    assert "Ben and Maya mostly disagree on **Brief fit**" in text
    plain = text.split("for experts")[0]
    assert "Cohen" not in plain and "Krippendorff" not in plain  # the jargon is further down
    assert "(α -" in plain and "κ -" in plain  # the figures kept for experts
    assert "**Would publish:** not enough shared ratings to tell yet" in plain  # all 3s
    assert "Krippendorff's α" in text.split("for experts")[1]


def test_scores_far_apart_never_read_as_agreeing_even_when_one_reviewer_gave_all_fives(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "Maya", MAYA)
    rate_pair(controller, "Maya", MAYA, 1, (5, 5))
    rate_pair(controller, "Ben", BEN, 1, (1, 2))
    line = next(line for line in controller.agreement("run-1").splitlines()
                if "**Brief fit**" in line)
    assert "mostly disagree" in line  # κ is 0 here (Maya's scores never vary), α is not


def test_closely_agreeing_reviewers_read_as_agreeing_closely(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "Maya", MAYA)
    for index, scores in ((0, (1, 5)), (1, (2, 4)), (2, (3, 5))):
        rate_pair(controller, "Maya", MAYA, index, scores)
        rate_pair(controller, "Ben", BEN, index, scores)
    text = controller.agreement("run-1")
    assert "Ben and Maya agree closely on **Brief fit** (α 1.00, κ 1.00)" in text


def test_the_disagreement_list_names_pair_side_and_scenario_not_asset_ids(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "Maya", MAYA)
    rate_pair(controller, "Maya", MAYA, 1, (1, 3))
    rate_pair(controller, "Ben", BEN, 1, (5, 3))
    text = controller.agreement("run-1").split("Where reviewers disagree")[1]
    assert "| 2 | left (A) | bottle (image) | Brief fit | Ben 5, Maya 1 |" in text
    assert "img" not in text


def test_opening_a_disagreement_shows_what_each_reviewer_said_on_both_sides_of_that_pair(
    controller: ReviewController,
) -> None:
    from ui.review_insight import ReviewInsight

    insight = ReviewInsight(controller)
    controller.open("run-1", "Maya", MAYA)
    rate_pair(controller, "Maya", MAYA, 1, (1, 4), "logo is missing")
    rate_pair(controller, "Ben", BEN, 1, (5, 4))
    item_id = insight.disagreement_choices("run-1")[0][1]
    index, said = insight.open_item("run-1", item_id)
    assert index == 1
    left, right = said.split("Pair 2, left (A)")[1].split("Pair 2, right (B)")
    assert "| Maya | 1 | — | — | — | — | logo is missing |" in left
    assert "| Ben | 5 | — | — | — | — |  |" in left
    assert "| Maya | 4 |" in right and "| Ben | 4 |" in right


def test_a_first_visit_is_greeted_as_one_and_a_return_says_where_it_goes_on(
    controller: ReviewController,
) -> None:
    first = controller.open("run-1", "Maya", MAYA)
    assert first.status.startswith("Welcome, Maya! Here is your first item")
    assert "Welcome back" not in first.status
    for side in ("A", "B"):
        for key in [c.key for c in first.criteria]:
            controller.rate("run-1", "Maya", MAYA, 0, side, key, 4)  # type: ignore[arg-type]
    again = controller.open("run-1", "Maya", MAYA)
    assert again.index == 1
    assert again.status == "Welcome back, Maya: here is your first item not done yet."
    assert controller.resume("run-1", "Maya", MAYA, greet=False).status == (
        "Your next item not done yet: pair 2.")


def test_each_pair_says_whether_it_is_assigned_to_the_reviewer_once_items_are_shared(
    controller: ReviewController,
) -> None:
    from ui.review_setup import ReviewSetup

    controller.open("run-1", "Tom", TOM)
    assert "assigned" not in controller.show("run-1", "Maya", MAYA, 0).title  # not shared yet
    ReviewSetup(controller).assign("run-1", "Tom", TOM, "Maya, Ben", 0)
    titles = [controller.show("run-1", "Ben", BEN, i).title for i in range(3)]
    assert [t.endswith("· assigned to you") for t in titles] == [False, True, False]
    assert [t.endswith("· not assigned to you") for t in titles] == [True, False, True]
    assert "of your" in controller.show("run-1", "Ben", BEN, 0).progress  # n: my next item
    assert "assigned" not in controller.show("run-1", "Tom", TOM, 0).title  # Tom has none


def test_the_choice_buttons_show_the_choice_made_and_none_before(
    controller: ReviewController,
) -> None:
    from ui.review_controller import choice_variants

    controller.open("run-1", "Maya", MAYA)
    view = controller.show("run-1", "Maya", MAYA, 0)
    assert choice_variants(view.preference) == ("secondary", "secondary", "secondary")
    controller.prefer("run-1", "Maya", MAYA, 0, "B")
    view = controller.show("run-1", "Maya", MAYA, 0)
    assert choice_variants(view.preference) == ("secondary", "secondary", "primary")
    controller.prefer("run-1", "Maya", MAYA, 0, "tie")
    assert choice_variants(controller.show("run-1", "Maya", MAYA, 0).preference) == (
        "secondary", "primary", "secondary")


def test_the_first_to_set_up_a_run_organises_it_and_reviewers_cannot_open_its_answer_key(
    controller: ReviewController,
) -> None:
    from ui.review_insight import ReviewInsight
    from ui.review_setup import ReviewSetup

    setup, insight = ReviewSetup(controller), ReviewInsight(controller)
    controller.open("run-1", "Tom", TOM)
    assert controller.organises("run-1", "Maya", MAYA) == ""  # nobody organises it yet
    assert setup.assign("run-1", "Tom", TOM, "Maya, Ben", 0).startswith("Saved.")
    assert controller.store.organiser("default", "run-1") == "Tom"
    assert controller.organises("run-1", "tom", TOM) == ""  # Tom sees the panels
    note = controller.organises("run-1", "Maya", MAYA)
    assert note.startswith("Tom organises this run")
    assert controller.organises("run-1", "", None).startswith("Tom organises")  # no name yet
    refused = insight.set_gold("run-1", "Maya", MAYA, 0, "A", "brief_fit", 5)
    assert refused.startswith("⚠️ Tom organises this run")
    assert controller.store.gold("default", "run-1") == ([], [])
    assert setup.choose("run-1", "Maya", MAYA, ["brief_fit"]).startswith("⚠️ Tom organises")
    assert insight.set_gold("run-1", "Tom", TOM, 0, "A", "brief_fit", 5).startswith("Saved")
