"""The Review tab's handlers without a browser.

Pairs, context, ratings, identity, resume, skip and flag, preferences, agreement, CSV.
"""

from __future__ import annotations

import csv
from pathlib import Path

import gradio as gr
import pytest

from agent.runtime import AgentRuntime
from evals.reviews.models import CRITERIA
from evals.reviews.reviewers import new_token
from evals.reviews.runs import evals_dir
from evals.reviews.store import ReviewStore
from tests.review_fixtures import write_run
from tests.unit.evals.reviews.records import REQUEST_2, write_context_run
from ui.app import build_app, launch_options
from ui.review import IDENTITY_KEY, SECRET_FILE, ReviewController
from ui.review_controller import ALL_DONE, NEED_NAME, NO_RUN, media_of

ANA, BEN = new_token(), new_token()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def controller(data_dir: Path) -> ReviewController:
    write_run(evals_dir(data_dir), "run-1", {"bottle": 2, "mug": 1}, video=True)
    write_context_run(evals_dir(data_dir))
    return ReviewController(ReviewStore(data_dir / "reviews.sqlite"), data_dir, "default")


def rate_side(controller: ReviewController, run_id: str, index: int, side: str,
              score: int = 4, reviewer: str = "ana", token: str = ANA) -> None:
    for criterion in CRITERIA:
        controller.rate(run_id, reviewer, token, index, side, criterion, score)  # type: ignore[arg-type]


def test_opening_a_run_shows_its_first_pair_side_by_side(controller: ReviewController) -> None:
    assert [run_id for _label, run_id in controller.run_choices()] == ["run-ctx", "run-1"]
    view = controller.open("run-1", "ana", ANA)
    assert view.title.startswith("### Pair 1 of 4 · scenario `bottle` · image 96×96")
    assert view.progress.startswith("**0 of 5 done** by ana")
    assert view.status.startswith("Welcome, ana!")  # a first visit is greeted
    assert view.a and view.b and view.a.image and view.b.image
    assert Path(view.a.image).is_file() and view.a.image != view.b.image
    assert "scenario `bottle` · trial 0" in view.a.caption and view.a.video is None
    assert "still to rate: Brief fit, Product fidelity" in view.a.caption
    assert view.a.scores == dict.fromkeys(CRITERIA)


def test_beside_each_asset_its_request_brief_checks_and_lineage(
    controller: ReviewController,
) -> None:
    controller.open("run-ctx", "ana", ANA)
    edit = controller.show("run-ctx", "ana", ANA, 2)  # ad4, the warmer edit, stands alone
    assert edit.a and edit.b is None
    assert f"**Request (turn 2):** “{REQUEST_2}”" in edit.a.context
    assert "tone: warm" in edit.a.context and "audience: young adults" in edit.a.context
    assert "**trial failed**" in edit.a.context and "✗ t2\\.reply" in edit.a.context
    assert "↳ \\#2 · Hiking trail · square (image) ↳↳ product\\.png (photo)" in edit.a.context


def test_a_storyboard_renders_its_shots_and_a_video_brings_its_poster(
    controller: ReviewController,
) -> None:
    controller.open("run-ctx", "ana", ANA)
    board = controller.show("run-ctx", "ana", ANA, 3)
    assert board.a and board.a.image is None and board.a.storyboard
    assert "**Storyboard: 2 shots, 4 s**" in board.a.storyboard
    assert "| 2 | end\\_card | 2 | Go further\\. |" in board.a.storyboard
    clip = controller.show("run-ctx", "ana", ANA, 4)
    assert clip.a and clip.a.video and clip.a.video.endswith(".mp4") and clip.b is None
    assert [Path(p).suffix for p in clip.a.companions] == [".png", ".png"]  # poster, preview
    assert all(Path(p).is_file() for p in clip.a.companions)
    assert controller.prefer("run-ctx", "ana", ANA, 4, "A") == "There is no pair to compare here."


def test_the_browser_gets_copies_never_the_run_folder(
    controller: ReviewController, data_dir: Path, runtime: AgentRuntime
) -> None:
    view = controller.open("run-1", "ana", ANA)
    assert view.a and view.a.image
    shown = Path(view.a.image)
    original = controller.store.file(controller.store.item("default", view.a.item_id))
    assert shown.read_bytes() == original.read_bytes()
    assert not shown.is_relative_to(evals_dir(data_dir))  # transcripts, inputs stay private
    allowed = [Path(p) for p in launch_options(runtime)["allowed_paths"]]
    assert not any(evals_dir(runtime.settings.data_dir).is_relative_to(p) for p in allowed)


def test_next_and_previous_stay_within_the_run(controller: ReviewController) -> None:
    controller.open("run-1", "ana", ANA)
    assert controller.step("run-1", "ana", ANA, 0, -1).index == 0
    last = controller.step("run-1", "ana", ANA, 3, 1)  # mug's image and video stand alone
    assert last.index == 3 and "scenario `mug` · video" in last.title


def test_ratings_need_a_name_this_browser_holds(controller: ReviewController) -> None:
    controller.open("run-1", "", ANA)
    progress, status, shown, caption = controller.rate("run-1", "  ", ANA, 0, "A", "brief_fit", 4)
    assert (status, shown, caption) == (f"⚠️ {NEED_NAME}", None, None)
    assert progress.startswith("5 assets")
    progress, status, shown, caption = controller.rate("run-1", "ana", ANA, 0, "B", "brief_fit", 4)
    assert progress.startswith("**0 of 5 done** by ana") and shown == 4
    assert caption and caption.endswith("still to rate: Product fidelity, Text quality, "
                                        "Brand fit, Would publish")
    assert status.startswith("Saved: B · Brief fit 4/5 — B still needs: Product fidelity")
    _progress, status, shown, _caption = controller.rate("run-1", "Ana", BEN, 0, "B",
                                                         "brief_fit", 1)
    assert shown is None and "already used from another browser" in status
    _progress, status, shown, _caption = controller.rate("run-1", "ana", None, 0, "B",
                                                         "brief_fit", 1)
    assert shown is None and "no reviewer identity" in status
    assert [r.score for r in controller.store.ratings("default", "run-1")] == [4]  # kept
    other = controller.show("run-1", "ana", BEN, 0)  # ben's browser typing ana's name
    assert other.reviewer is None and "another browser" in other.status
    assert other.b and other.b.scores["brief_fit"] is None  # and sees none of her scores


def test_comments_and_changed_minds_are_kept_per_reviewer(controller: ReviewController) -> None:
    controller.open("run-1", "ana", ANA)
    controller.rate("run-1", "ana", ANA, 0, "B", "brief_fit", 4)
    controller.rate("run-1", "ana", ANA, 0, "B", "brief_fit", 2)  # changes her mind
    assert controller.comment("run-1", "ana", ANA, 0, "B", "headline cut off") == (
        "Comment saved on B.")
    assert controller.comment("run-1", "ana", ANA, 0, "A", "nice") == (
        "Rate the asset first, then comment.")
    again = controller.show("run-1", "ana", ANA, 0)
    assert again.b and again.b.scores["brief_fit"] == 2 and again.b.comment == "headline cut off"
    assert again.a and again.a.scores["brief_fit"] is None
    other = controller.show("run-1", "ben", BEN, 0)
    assert other.b and other.b.scores["brief_fit"] is None  # ratings are per reviewer


def test_an_item_is_done_with_every_criterion_and_opening_resumes_after_it(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "ana", ANA)
    rate_side(controller, "run-1", 0, "A")
    rate_side(controller, "run-1", 0, "B")
    view = controller.show("run-1", "ana", ANA, 0)
    assert view.progress.startswith("**2 of 5 done**") and view.a and "✓ done" in view.a.caption
    back = controller.open("run-1", "ana", ANA)  # a reload: on at pair 2, ana's first open item
    assert back.index == 1 and back.status.startswith("Welcome back, ana")
    assert controller.open("run-1", "ben", BEN).index == 0  # ben has done nothing yet


def test_skip_moves_on_and_comes_back_last_flag_counts_as_done(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "ana", ANA)
    skipped = controller.skip("run-1", "ana", ANA, 0)
    assert skipped.index == 1 and skipped.status.startswith("Skipped pair 1")
    assert controller.open("run-1", "ana", ANA).index == 1  # skipped items wait
    flagged = controller.flag("run-1", "ana", ANA, 1, "A", "the video is black")
    assert flagged.status == "⚑ Flagged A: the video is black"
    assert flagged.a and flagged.a.flagged and "flagged by you" in flagged.a.caption
    assert flagged.progress.startswith("**1 of 5 done**")
    rate_side(controller, "run-1", 2, "A")
    rate_side(controller, "run-1", 3, "A")
    assert controller.open("run-1", "ana", ANA).index == 0  # only the skipped pair is left
    rate_side(controller, "run-1", 0, "A")
    rate_side(controller, "run-1", 0, "B")
    done = controller.open("run-1", "ana", ANA)
    assert done.status == ALL_DONE and done.progress.startswith("**5 of 5 done**")
    assert controller.flag("run-1", "ana", ANA, 1, "A").status == "Flag taken off A."


def test_a_preference_is_saved_and_shown_from_the_reviewers_side(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "ana", ANA)
    assert controller.prefer("run-1", "ana", ANA, 0, "B") == "Saved: B is better (Overall)."
    shown = controller.show("run-1", "ana", ANA, 0)
    assert (shown.preference, shown.status) == ("B", "Your choice: B is better (Overall).")
    assert controller.show("run-1", "ben", BEN, 0).status == ""
    assert controller.prefer("run-1", "ana", ANA, 0, "tie", "text_quality") == (
        "Saved: a tie (Text quality).")
    assert controller.show("run-1", "ana", ANA, 0).preference == "B"  # overall is unchanged
    assert controller.prefer("run-1", "", ANA, 0, "A") == f"⚠️ {NEED_NAME}"
    assert "another browser" in controller.prefer("run-1", "ana", BEN, 0, "A")


def test_agreement_has_a_caveat_on_few_items_and_csv_export(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "ana", ANA)
    for index, side, ana, ben in ((0, "A", 1, 1), (0, "B", 2, 3), (2, "A", 3, 3)):
        controller.rate("run-1", "ana", ANA, index, side, "would_publish", ana)  # type: ignore[arg-type]
        controller.rate("run-1", "ben", BEN, index, side, "would_publish", ben)  # type: ignore[arg-type]
    table = controller.agreement("run-1")
    assert "| Would publish | 2 | 3 |" in table and "ana/ben 0.80" in table
    assert "| Brief fit | 0 | 0 | — | — |" in table
    assert "⚠️ **Few items:** at most 3 item(s) were rated by two reviewers" in table
    assert "nowhere yet" in table  # 2 vs 3 is close
    controller.rate("run-1", "ben", BEN, 0, "B", "brief_fit", 5)
    controller.rate("run-1", "ana", ANA, 0, "B", "brief_fit", 1)
    controller.rate("run-1", "cleo", new_token(), 0, "B", "brief_fit", 2)
    drill = controller.agreement("run-1")
    assert ("| 1 | right (B) | bottle (image) | Brief fit | ana 1, ben 5, cleo 2 |"
            in drill)
    path = controller.export("run-1")
    assert path and path.endswith("reviews-run-1.csv")
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 9 and {r["scenario"] for r in rows} == {"bottle", "mug"}


def test_no_caveat_without_shared_items(controller: ReviewController) -> None:
    controller.open("run-1", "ana", ANA)
    assert "Few items" not in controller.agreement("run-1")


def test_no_run_or_an_unknown_run_says_what_to_do(controller: ReviewController,
                                                 data_dir: Path) -> None:
    assert controller.open(None, "ana", ANA).status == NO_RUN
    assert controller.open("gone", "ana", ANA).status.startswith(
        "⚠️ There is no eval run 'gone'")
    assert controller.rate(None, "ana", ANA, 0, "A", "brief_fit", 3)[1] == NO_RUN
    write_run(evals_dir(data_dir), "acme-run", tenant="acme")
    assert "acme-run" not in [run_id for _label, run_id in controller.run_choices()]


def test_a_browser_identity_gets_a_token_once() -> None:
    first = ReviewController.identity(None)
    assert len(first["token"]) >= 16
    assert ReviewController.identity(first) == first
    assert ReviewController.identity({"token": "short"})["token"] != "short"


def test_media_kinds() -> None:
    assert [media_of(Path(p)) for p in ("a.PNG", "b.webp", "c.mp4", "d.json", "e.txt")] == [
        "image", "image", "video", "storyboard", "other"]


def test_the_app_has_a_chat_tab_and_a_review_tab(runtime: AgentRuntime) -> None:
    config = build_app(runtime).get_config_file()
    labels = {c["props"].get("label") for c in config["components"] if c["type"] == "tabitem"}
    elem_ids = {c["props"].get("elem_id") for c in config["components"]}
    assert {"Chat", "Review"} <= labels
    assert {"chat", "message", "assets", "checks", "review-run", "review-a-brief_fit",
            "review-b-would_publish", "review-prefer-a", "review-export", "review-skip",
            "review-a-flag", "review-a-context", "review-keys", "review-rubric"} <= elem_ids


def test_the_reviewer_identity_is_kept_in_the_browser_with_a_lasting_key(
    runtime: AgentRuntime,
) -> None:
    def identity_state() -> gr.BrowserState:
        app = build_app(runtime)
        (state,) = [b for b in app.blocks.values()
                    if isinstance(b, gr.BrowserState) and b.storage_key == IDENTITY_KEY]
        return state

    first, again = identity_state(), identity_state()
    assert first.secret == again.secret and len(first.secret) >= 32  # a restart keeps it
    assert (runtime.settings.data_dir / SECRET_FILE).read_text() == first.secret
