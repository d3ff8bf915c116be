"""Review with context and rigour.

What is shown beside an asset, which assets are compared, when an item is done, where a
reviewer resumes, who may rate under a name, the rubric.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.reviews.agreement import disagreements
from evals.reviews.context import item_context
from evals.reviews.models import CRITERIA, ReviewError, ReviewItem, pairs
from evals.reviews.reviewers import ReviewerTakenError, new_token
from evals.reviews.rubric import read_rubric, rubric
from evals.reviews.runs import evals_dir, read_run
from evals.reviews.store import ReviewStore
from tests.unit.evals.reviews.records import BRIEF, REQUEST_1, REQUEST_2, write_context_run


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "data" / "reviews.sqlite")


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return write_context_run(evals_dir(tmp_path / "data"))


@pytest.fixture
def items(store: ReviewStore, run_dir: Path) -> dict[str, ReviewItem]:
    store.import_run(read_run(run_dir, "default"))
    return {item.asset_id: item for item in store.items("default", "run-ctx")}


def rate_all(store: ReviewStore, item: ReviewItem, reviewer: str, score: int = 3) -> None:
    for criterion in CRITERIA:
        store.rate("default", item.id, reviewer, criterion, score)  # type: ignore[arg-type]


def test_a_videos_preview_and_poster_are_part_of_the_video_not_items(
    store: ReviewStore, run_dir: Path, items: dict[str, ReviewItem]
) -> None:
    assert list(items) == ["ad1", "ad2", "ad3", "ad4", "board", "clip"]
    context = item_context(read_run(run_dir, "default"), items["clip"])
    assert context.companions == {"poster": "trials/bottle/0/assets/poster.png",
                                  "preview": "trials/bottle/0/assets/preview.png"}
    assert item_context(read_run(run_dir, "default"), items["ad1"]).companions == {}


def test_only_comparable_assets_are_paired(items: dict[str, ReviewItem]) -> None:
    shown = [(a.asset_id, b.asset_id if b else None) for a, b in pairs(items.values())]
    # squares with squares; the 300x250 banner, the storyboard and the video stand alone
    assert shown == [("ad1", "ad2"), ("ad3", None), ("ad4", None), ("board", None),
                     ("clip", None)]


def test_beside_an_asset_the_brief_request_checks_and_lineage(
    run_dir: Path, items: dict[str, ReviewItem]
) -> None:
    run = read_run(run_dir, "default")
    first = item_context(run, items["ad1"])
    assert (first.request, first.turn, first.label) == (REQUEST_1, 1, "#1 · Water splash · square")
    assert first.brief == BRIEF and first.made_by == "" and first.passed is False
    assert [(c.key, c.passed) for c in first.checks] == [("t1.assets", True), ("t2.reply", False)]
    edit = item_context(run, items["ad4"])
    assert (edit.request, edit.turn) == (REQUEST_2, 2)
    assert edit.brief == {**BRIEF, "tone": "warm"}  # the brief as it stood at that turn
    assert [(a.asset_id, a.depth, a.label) for a in edit.lineage] == [
        ("ad2", 1, "#2 · Hiking trail · square"), ("photo", 2, "")]


def test_a_storyboard_has_its_shots(run_dir: Path, items: dict[str, ReviewItem]) -> None:
    context = item_context(read_run(run_dir, "default"), items["board"])
    assert [(s.kind, s.text, s.seconds) for s in context.shots] == [
        ("hero", "Steel bottle", 2.0), ("end_card", "Go further.", 2.0)]


def test_an_unreadable_trial_gives_a_problem_not_a_crash(
    run_dir: Path, items: dict[str, ReviewItem]
) -> None:
    (run_dir / "trials" / "bottle" / "0" / "trial.json").write_text("{not json")
    context = item_context(read_run(run_dir, "default"), items["ad1"])
    assert context.problem.startswith("The trial record cannot be read")
    assert context.request == "" and context.checks == []


def test_an_item_is_done_only_when_every_criterion_is_rated(
    store: ReviewStore, items: dict[str, ReviewItem]
) -> None:
    for criterion in list(CRITERIA)[:-1]:
        store.rate("default", items["ad1"].id, "ana", criterion, 4)  # type: ignore[arg-type]
    assert store.progress("default", "run-ctx", "ana") == (0, 6)
    assert store.resume("default", "run-ctx", "ana") == items["ad1"]  # 4 of 5: resume there
    store.rate("default", items["ad1"].id, "ana", "would_publish", 4)
    assert store.progress("default", "run-ctx", "ana") == (1, 6)
    assert store.resume("default", "run-ctx", "ana") == items["ad2"]


def test_resume_passes_skipped_items_until_nothing_else_is_left(
    store: ReviewStore, items: dict[str, ReviewItem]
) -> None:
    store.mark("default", items["ad1"].id, "ana", "skip")
    store.mark("default", items["ad2"].id, "ana", "flag", "the file shows a blank image")
    assert store.progress("default", "run-ctx", "ana") == (1, 6)  # a flag counts as done
    assert store.resume("default", "run-ctx", "ana") == items["ad3"]
    for name in ("ad3", "ad4", "board", "clip"):
        rate_all(store, items[name], "ana")
    assert store.resume("default", "run-ctx", "ana") == items["ad1"]  # the skipped one
    rate_all(store, items["ad1"], "ana")
    assert store.resume("default", "run-ctx", "ana") is None
    assert store.progress("default", "run-ctx", "ana") == (6, 6)
    assert [(m.mark, m.note) for m in store.marks("default", "run-ctx", "ana")] == [
        ("skip", ""), ("flag", "the file shows a blank image")]
    assert store.unmark("default", items["ad2"].id, "ana") is True
    assert store.progress("default", "run-ctx", "ana") == (5, 6)
    with pytest.raises(ReviewError, match="mark is not valid"):
        store.mark("default", items["ad1"].id, "ana", "delete")  # type: ignore[arg-type]


def test_a_name_belongs_to_the_browser_that_first_used_it(store: ReviewStore) -> None:
    ana, other = new_token(), new_token()
    assert store.claim("default", "ana", ana) == "ana"
    assert store.claim("default", " ana ", ana) == "ana"  # the same browser again
    for name in ("ana", "ANA", " Ana "):
        with pytest.raises(ReviewerTakenError, match="already used from another browser"):
            store.claim("default", name, other)
    assert store.claim("acme", "ana", other) == "ana"  # another tenant's reviewers apart
    assert store.claim("default", "Ben", other) == "Ben"
    with pytest.raises(ReviewError, match="no reviewer identity"):
        store.claim("default", "cleo", None)
    with pytest.raises(ReviewError, match="1 to 64 characters"):
        store.claim("default", "  ", ana)


def test_the_rubric_has_a_question_and_an_anchor_per_score() -> None:
    shipped = rubric()
    assert list(shipped) == list(CRITERIA)
    for key, entry in shipped.items():
        assert entry.label == CRITERIA[key] and entry.question.endswith("?")
        assert sorted(entry.anchors) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(("text", "error"), [
    ("brief_fit: {}\n", "must describe exactly"),
    ("[1, 2]\n", "must describe exactly"),
    (": : :\n", "cannot be read"),
])
def test_a_broken_rubric_is_refused_clearly(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text(text)
    with pytest.raises(ReviewError, match=error):
        read_rubric(path)


def test_a_rubric_missing_an_anchor_is_refused(tmp_path: Path) -> None:
    entry = "  label: X\n  question: Q?\n  anchors: {1: a, 2: b, 3: c, 4: d, 5: e}\n"
    path = tmp_path / "rubric.yaml"
    path.write_text("".join(f"{key}:\n{entry}" for key in CRITERIA))
    assert len(read_rubric(path)) == 5
    path.write_text(path.read_text().replace(", 5: e", ""))
    with pytest.raises(ReviewError, match="one anchor per score"):
        read_rubric(path)


def test_disagreements_are_items_scored_far_apart_widest_first(
    store: ReviewStore, items: dict[str, ReviewItem]
) -> None:
    for name, ana, ben in (("ad1", 1, 5), ("ad2", 3, 4), ("ad3", 2, 4)):
        store.rate("default", items[name].id, "ana", "brief_fit", ana)
        store.rate("default", items[name].id, "ben", "brief_fit", ben)
    store.rate("default", items["ad4"].id, "ana", "brief_fit", 1)  # one reviewer: no gap
    found = disagreements(store.ratings("default", "run-ctx"))
    assert [(d.item_id, d.criterion, d.scores, d.spread) for d in found] == [
        (items["ad1"].id, "brief_fit", {"ana": 1, "ben": 5}, 4),
        (items["ad3"].id, "brief_fit", {"ana": 2, "ben": 4}, 2)]
    assert len(disagreements(store.ratings("default", "run-ctx"), min_spread=1)) == 3
