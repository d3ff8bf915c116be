"""The Review tab's handlers without a browser: pairs, ratings, preferences, agreement, CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from agent.runtime import AgentRuntime
from evals.reviews.runs import evals_dir
from evals.reviews.store import ReviewStore
from tests.review_fixtures import write_run
from ui.app import build_app, launch_options
from ui.review import NEED_NAME, NO_RUN, ReviewController, media_of


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def controller(data_dir: Path) -> ReviewController:
    write_run(evals_dir(data_dir), "run-1", {"bottle": 2, "mug": 1}, video=True)
    return ReviewController(ReviewStore(data_dir / "reviews.sqlite"), data_dir, "default")


def test_opening_a_run_shows_its_first_pair_side_by_side(controller: ReviewController) -> None:
    assert [run_id for _label, run_id in controller.run_choices()] == ["run-1"]
    view = controller.open("run-1", "ana")
    assert view.title == "### Pair 1 of 3 · scenario `bottle`"
    assert view.progress == "**0 of 5 rated** by ana" and view.status == ""
    assert view.a and view.b and view.a.image and view.b.image
    assert Path(view.a.image).is_file() and view.a.image != view.b.image
    assert "scenario `bottle` · trial 0" in view.a.caption and view.a.video is None
    assert view.a.scores == dict.fromkeys(view.a.scores) and len(view.a.scores) == 5


def test_the_browser_gets_copies_never_the_run_folder(
    controller: ReviewController, data_dir: Path, runtime: AgentRuntime
) -> None:
    view = controller.open("run-1", "ana")
    assert view.a and view.a.image
    shown = Path(view.a.image)
    original = controller.store.file(controller.store.item("default", view.a.item_id))
    assert shown.read_bytes() == original.read_bytes()
    assert not shown.is_relative_to(evals_dir(data_dir))  # transcripts, inputs stay private
    allowed = [Path(p) for p in launch_options(runtime)["allowed_paths"]]
    assert not any(evals_dir(runtime.settings.data_dir).is_relative_to(p) for p in allowed)


def test_videos_get_a_player_and_a_lone_asset_has_no_partner(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "ana")
    clip = controller.show("run-1", "ana", 1)  # bottle: 2 images and 1 video -> video alone
    assert clip.a and clip.a.video and clip.a.video.endswith(".mp4") and clip.a.image is None
    assert clip.b is None
    assert controller.prefer("run-1", "ana", 1, "A") == "There is no pair to compare here."


def test_next_and_previous_stay_within_the_run(controller: ReviewController) -> None:
    controller.open("run-1", "ana")
    assert controller.step("run-1", "ana", 0, -1).index == 0
    last = controller.step("run-1", "ana", 2, 1)
    assert last.index == 2 and "scenario `mug`" in last.title


def test_ratings_need_a_name_then_are_saved_and_shown_again(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "")
    progress, status, shown = controller.rate("run-1", "  ", 0, "A", "brief_fit", 4)
    assert (status, shown) == (NEED_NAME, None) and progress.startswith("5 assets")
    progress, status, shown = controller.rate("run-1", "ana", 0, "B", "brief_fit", 4)
    assert (progress, shown) == ("**1 of 5 rated** by ana", 4) and "B · Brief fit 4/5" in status
    controller.rate("run-1", "ana", 0, "B", "brief_fit", 2)  # changes her mind
    assert controller.comment("run-1", "ana", 0, "B", "headline cut off") == "Comment saved on B."
    assert controller.comment("run-1", "ana", 0, "A", "nice") == (
        "Rate the asset first, then comment.")
    again = controller.show("run-1", "ana", 0)
    assert again.b and again.b.scores["brief_fit"] == 2 and again.b.comment == "headline cut off"
    assert again.a and again.a.scores["brief_fit"] is None
    other = controller.show("run-1", "ben", 0)
    assert other.b and other.b.scores["brief_fit"] is None  # ratings are per reviewer


def test_a_preference_is_saved_and_shown_from_the_reviewers_side(
    controller: ReviewController,
) -> None:
    controller.open("run-1", "ana")
    assert controller.prefer("run-1", "ana", 0, "B") == "Saved: B is better (Overall)."
    shown = controller.show("run-1", "ana", 0)
    assert (shown.preference, shown.status) == ("B", "Your choice: B is better (Overall).")
    assert controller.show("run-1", "ben", 0).status == ""
    assert controller.prefer("run-1", "ana", 0, "tie", "text_quality") == (
        "Saved: a tie (Text quality).")
    assert controller.show("run-1", "ana", 0).preference == "B"  # overall is unchanged
    assert controller.prefer("run-1", "", 0, "A").startswith("⚠️ A reviewer needs a name")


def test_agreement_and_csv_export(controller: ReviewController) -> None:
    controller.open("run-1", "ana")
    for index, side, ana, ben in ((0, "A", 1, 1), (0, "B", 2, 3), (2, "A", 3, 3)):
        controller.rate("run-1", "ana", index, side, "would_publish", ana)  # type: ignore[arg-type]
        controller.rate("run-1", "ben", index, side, "would_publish", ben)  # type: ignore[arg-type]
    table = controller.agreement("run-1")
    assert "| Would publish | 2 | 3 |" in table and "ana/ben 0.80" in table
    assert "| Brief fit | 0 | 0 | — | — |" in table
    path = controller.export("run-1")
    assert path and path.endswith("reviews-run-1.csv")
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6 and {r["scenario"] for r in rows} == {"bottle", "mug"}


def test_no_run_or_an_unknown_run_says_what_to_do(controller: ReviewController,
                                                 data_dir: Path) -> None:
    assert controller.open(None, "ana").status == NO_RUN
    assert controller.open("gone", "ana").status.startswith("⚠️ There is no eval run 'gone'")
    assert controller.rate(None, "ana", 0, "A", "brief_fit", 3)[1] == NO_RUN
    write_run(evals_dir(data_dir), "acme-run", tenant="acme")
    assert [run_id for _label, run_id in controller.run_choices()] == ["run-1"]


def test_media_kinds() -> None:
    assert [media_of(Path(p)) for p in ("a.PNG", "b.webp", "c.mp4", "d.json")] == [
        "image", "image", "video", "other"]


def test_the_app_has_a_chat_tab_and_a_review_tab(runtime: AgentRuntime) -> None:
    config = build_app(runtime).get_config_file()
    labels = {c["props"].get("label") for c in config["components"] if c["type"] == "tabitem"}
    elem_ids = {c["props"].get("elem_id") for c in config["components"]}
    assert {"Chat", "Review"} <= labels
    assert {"chat", "message", "assets", "checks", "review-run", "review-a-brief_fit",
            "review-b-would_publish", "review-prefer-a", "review-export"} <= elem_ids
