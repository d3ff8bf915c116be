"""The review store: importing eval run folders, ratings, preferences, agreement, CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.review import review_app
from evals.agreement import krippendorff_alpha
from evals.reviews.export import CSV_COLUMNS
from evals.reviews.models import CRITERIA, ReviewError, ReviewNotFoundError, pairs
from evals.reviews.runs import evals_dir, read_run
from evals.reviews.store import ReviewStore, open_run, visible_runs
from tests.review_fixtures import asset_entry, draw_ad, write_run, write_trial

runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "data" / "reviews.sqlite")


@pytest.fixture
def evals(tmp_path: Path) -> Path:
    return evals_dir(tmp_path / "data")


def imported(store: ReviewStore, run_dir: Path, tenant: str = "default") -> list:
    store.import_run(read_run(run_dir, tenant))
    return store.items(tenant, read_run(run_dir, tenant).run_id)


def test_a_run_becomes_one_item_per_asset_linked_to_its_scenario_and_trial(
    store: ReviewStore, evals: Path
) -> None:
    run_dir = write_run(evals, "run-1", {"bottle-summer": 2, "mug-winter": 1}, repeat=2)
    report = store.import_run(read_run(run_dir, "default"))
    assert (report.items, report.added, report.skipped) == (6, 6, [])
    items = store.items("default", "run-1")
    assert [(i.scenario, i.trial) for i in items] == [
        ("bottle-summer", 0), ("bottle-summer", 0), ("bottle-summer", 1), ("bottle-summer", 1),
        ("mug-winter", 0), ("mug-winter", 1)]
    first = items[0]
    assert first.path == "trials/bottle-summer/0/assets/img_bottle-summer_0_0.png"
    assert (first.kind, first.width, first.format) == ("image", 96, "png")
    assert store.file(first) == (run_dir / first.path).resolve()


def test_importing_again_is_idempotent_and_keeps_ratings(store: ReviewStore, evals: Path) -> None:
    run_dir = write_run(evals, "run-1", {"bottle-summer": 2})
    items = imported(store, run_dir)
    store.rate("default", items[0].id, "ana", "brief_fit", 4)
    again = store.import_run(read_run(run_dir, "default"))
    assert (again.items, again.added) == (2, 0)
    assert [i.id for i in store.items("default", "run-1")] == [i.id for i in items]
    write_trial(run_dir, "run-1", "bottle-summer", 1, images=1)  # the run grew since
    grown = store.import_run(read_run(run_dir, "default"))
    assert (grown.items, grown.added) == (3, 1)
    assert [r.score for r in store.ratings("default", "run-1")] == [4]


def test_an_empty_run_and_missing_optional_values_are_fine(store: ReviewStore,
                                                           evals: Path) -> None:
    empty = write_run(evals, "empty", {})
    assert store.import_run(read_run(empty, "default")).items == 0
    run_dir = evals / "sparse"
    run_dir.mkdir()
    (run_dir / "run.json").write_text(json.dumps({"run_id": "sparse"}))  # no other keys
    folder = run_dir / "trials" / "s" / "0"
    draw_ad(1, folder / "assets" / "a.png")
    (folder / "trial.json").write_text(json.dumps(
        {"scenario": "s", "trial": 0, "assets": [{"id": "a", "path": "assets/a.png",
                                                  "kind": "image", "width": None}]}))
    report = store.import_run(read_run(run_dir, "default"))
    assert report.items == 1 and store.items("default", "sparse")[0].width is None


def test_broken_trials_and_unsafe_paths_are_skipped_with_a_reason(store: ReviewStore,
                                                                  evals: Path) -> None:
    run_dir = write_run(evals, "run-1", {"ok": 1})
    (evals / "secret.png").write_bytes(b"not for reviewers")
    write_trial(run_dir, "run-1", "bad", 0, images=1, extra=[
        asset_entry("escape", "image", "../../../../secret.png", None),
        asset_entry("gone", "image", "assets/gone.png", None),
        asset_entry("img_bad_0_0", "photo", "assets/img_bad_0_0.png", None),  # an input
    ])
    broken = run_dir / "trials" / "broken" / "0"
    broken.mkdir(parents=True)
    (broken / "trial.json").write_text("{not json")
    report = store.import_run(read_run(run_dir, "default"))
    assert report.items == 2
    assert any("escape" in s and "outside the run folder" in s for s in report.skipped)
    assert any("gone" in s and "missing" in s for s in report.skipped)
    assert any("broken/0/trial.json" in s for s in report.skipped)
    assert len(report.skipped) == 3  # the product photo is an input: left out, not an error
    assert [i.kind for i in store.items("default", "run-1")] == ["image", "image"]


@pytest.mark.parametrize(("content", "message"), [
    (None, "has no run.json"),
    ("{oops", "cannot be read"),
    (json.dumps({"run_id": "../up"}), "run_id"),
])
def test_a_folder_that_is_not_a_run_gets_a_clear_error(tmp_path: Path, content: str | None,
                                                       message: str) -> None:
    if content is not None:
        (tmp_path / "run.json").write_text(content)
    with pytest.raises(ReviewError, match=message) as caught:
        read_run(tmp_path, "default")
    assert caught.value.hint


def test_re_rating_replaces_and_bad_ratings_are_refused(store: ReviewStore, evals: Path) -> None:
    item = imported(store, write_run(evals))[0]
    store.rate("default", item.id, "ana", "brief_fit", 2, "too dark")
    store.rate("default", item.id, " ana ", "brief_fit", 5)
    store.rate("default", item.id, "ben", "brief_fit", 3)
    got = {(r.reviewer, r.criterion): (r.score, r.comment) for r in
           store.ratings("default", "run-1")}
    assert got == {("ana", "brief_fit"): (5, ""), ("ben", "brief_fit"): (3, "")}
    with pytest.raises(ReviewError, match="score"):
        store.rate("default", item.id, "ana", "brief_fit", 6)
    with pytest.raises(ReviewError, match="criterion"):
        store.rate("default", item.id, "ana", "vibes", 3)  # type: ignore[arg-type]
    with pytest.raises(ReviewError, match="reviewer needs a name"):
        store.rate("default", item.id, "  ", "brief_fit", 3)
    with pytest.raises(ReviewNotFoundError):
        store.rate("default", "rvi_nope", "ana", "brief_fit", 3)


def test_a_comment_applies_to_the_reviewers_ratings_of_the_item(store: ReviewStore,
                                                                 evals: Path) -> None:
    item = imported(store, write_run(evals))[0]
    store.rate("default", item.id, "ana", "brief_fit", 4)
    store.rate("default", item.id, "ana", "brand_fit", 2)
    store.rate("default", item.id, "ben", "brand_fit", 2)
    assert store.comment("default", item.id, "ana", "logo too small") == 2
    comments = {(r.reviewer, r.criterion): r.comment for r in store.ratings("default", "run-1")}
    assert comments == {("ana", "brief_fit"): "logo too small",
                        ("ana", "brand_fit"): "logo too small", ("ben", "brand_fit"): ""}


def test_a_preference_is_one_per_pair_in_either_order(store: ReviewStore, evals: Path) -> None:
    a, b, c = imported(store, write_run(evals))[:3]
    first, second = sorted([a, b], key=lambda item: item.id)
    store.prefer("default", first.id, second.id, "ana", "A")
    store.prefer("default", second.id, first.id, "ana", "A")  # the other way round: B wins
    store.prefer("default", first.id, second.id, "ana", "tie", "text_quality")
    prefs = store.preferences("default", "run-1")
    assert [(p.item_a, p.item_b, p.criterion, p.choice) for p in prefs] == [
        (first.id, second.id, "overall", "B"), (first.id, second.id, "text_quality", "tie")]
    with pytest.raises(ReviewError, match="two different items"):
        store.prefer("default", a.id, a.id, "ana", "A")
    other = imported(store, write_run(evals, "run-2"))[0]
    with pytest.raises(ReviewError, match="same run"):
        store.prefer("default", a.id, other.id, "ana", "A")
    assert c.scenario == "mug-winter"


def test_progress_counts_items_rated_on_every_criterion(store: ReviewStore,
                                                       evals: Path) -> None:
    items = imported(store, write_run(evals, scenarios={"s": 4}))
    store.rate("default", items[0].id, "ana", "brief_fit", 4)
    store.rate("default", items[0].id, "ana", "brand_fit", 4)  # 2 of 5 criteria: not done
    for criterion in CRITERIA:
        store.rate("default", items[2].id, "ana", criterion, 3)  # type: ignore[arg-type]
    store.rate("default", items[3].id, "ben", "would_publish", 1)
    assert store.progress("default", "run-1", "ana") == (1, 4)
    assert store.progress("default", "run-1", "cleo") == (0, 4)
    assert store.reviewers("default", "run-1") == ["ana", "ben"]


def test_pairs_stay_within_a_scenario_and_size(store: ReviewStore, evals: Path) -> None:
    items = imported(store, write_run(evals, scenarios={"a": 3, "b": 2}))
    shown = [(x.asset_id, y.asset_id if y else None) for x, y in pairs(items)]
    assert shown == [("img_a_0_0", "img_a_0_1"), ("img_a_0_2", None),
                     ("img_b_0_0", "img_b_0_1")]


def test_agreement_per_criterion_and_on_preferences(store: ReviewStore, evals: Path) -> None:
    items = imported(store, write_run(evals, scenarios={"s": 4}))
    for item, ana, ben in zip(items[:3], [1, 2, 3], [1, 3, 3], strict=True):
        store.rate("default", item.id, "ana", "brief_fit", ana)
        store.rate("default", item.id, "ben", "brief_fit", ben)
    store.rate("default", items[3].id, "cleo", "brief_fit", 5)  # alone: no unit shared
    for reviewer in ("ana", "ben"):
        store.prefer("default", items[0].id, items[1].id, reviewer, "A")
        store.prefer("default", items[2].id, items[3].id, reviewer, "tie")
    result = store.agreement("default", "run-1")
    brief = result.criteria[0]
    assert (brief.criterion, brief.reviewers, brief.units) == ("brief_fit", 3, 3)
    ana_ben = next(k for k in brief.kappas if (k.first, k.second) == ("ana", "ben"))
    assert ana_ben.units == 3 and ana_ben.kappa == pytest.approx(0.8)  # see test_agreement
    alone = krippendorff_alpha({"ana": {0: 1, 1: 2, 2: 3}, "ben": {0: 1, 1: 3, 2: 3}})
    assert alone is not None and brief.alpha == pytest.approx(alone)  # cleo's adds nothing
    assert [c.alpha for c in result.criteria[1:]] == [None] * 4  # nobody rated those
    assert result.preferences.units == 2 and result.preferences.alpha == pytest.approx(1.0)


def test_csv_export_links_every_rating_and_preference_to_its_asset(store: ReviewStore,
                                                                  evals: Path) -> None:
    run_dir = write_run(evals)
    items = imported(store, run_dir)
    store.rate("default", items[0].id, "ana", "product_fidelity", 5, 'label, "crisp"')
    store.prefer("default", items[0].id, items[1].id, "ana", "tie")
    out = io.StringIO()
    assert store.export_csv("default", "run-1", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(CSV_COLUMNS)
    rating, preference = rows
    assert (rating["type"], rating["scenario"], rating["trial"], rating["score"],
            rating["comment"]) == ("rating", "bottle-summer", "0", "5", 'label, "crisp"')
    assert (run_dir / rating["asset_path"]).is_file()
    assert preference["type"] == "preference" and preference["choice"] == "tie"
    assert {preference["asset_id"], preference["b_asset_id"]} == {items[0].asset_id,
                                                                   items[1].asset_id}
    assert (run_dir / preference["b_asset_path"]).is_file()


def test_a_run_belongs_to_the_tenant_its_run_json_names(store: ReviewStore, tmp_path: Path,
                                                       evals: Path) -> None:
    write_run(evals, "ours")
    write_run(evals, "theirs", tenant="acme")
    data_dir = tmp_path / "data"
    assert [r.run_id for r in visible_runs(store, data_dir, "default", "default")] == ["ours"]
    assert [r.run_id for r in visible_runs(store, data_dir, "default", "acme")] == ["theirs"]
    with pytest.raises(ReviewNotFoundError):
        open_run(store, data_dir, "default", "default", "theirs")
    theirs = store.items("acme", "theirs") or imported(store, evals / "theirs", "acme")
    with pytest.raises(ReviewNotFoundError):
        store.item("default", theirs[0].id)
    with pytest.raises(ReviewNotFoundError):
        store.rate("default", theirs[0].id, "ana", "brief_fit", 3)
    assert store.items("default", "theirs") == []


def test_the_cli_imports_by_folder_and_exports_and_prints_agreement(
    store: ReviewStore, evals: Path, tmp_path: Path
) -> None:
    elsewhere = write_run(tmp_path / "elsewhere", "nightly", {"s": 2})
    imported_ = runner.invoke(review_app, ["import", str(elsewhere)])
    assert imported_.exit_code == 0, imported_.output
    assert imported_.stdout.strip() == "nightly: 2 items (2 new)"
    listed = runner.invoke(review_app, ["runs"])
    assert "nightly" in listed.stdout  # imported from outside the evals folder
    items = store.items("default", "nightly")
    for item, ana, ben in zip(items, [2, 4], [2, 5], strict=True):
        store.rate("default", item.id, "ana", "would_publish", ana)
        store.rate("default", item.id, "ben", "would_publish", ben)
    out = tmp_path / "ratings.csv"
    exported = runner.invoke(review_app, ["export", "nightly", "--out", str(out)])
    assert exported.exit_code == 0 and exported.stdout.strip() == str(out)
    assert [r["score"] for r in csv.DictReader(out.open())] == ["2", "2", "4", "5"]
    table = runner.invoke(review_app, ["agreement", "nightly"])
    assert table.exit_code == 0 and "Would publish" in table.stdout
    assert "ana/ben 0.857" in table.stdout
    result = json.loads(runner.invoke(review_app, ["agreement", "nightly", "--json"]).stdout)
    publish = result["criteria"][-1]
    assert publish["criterion"] == "would_publish" and publish["alpha"] == pytest.approx(
        krippendorff_alpha({"ana": {0: 2, 1: 4}, "ben": {0: 2, 1: 5}}))
    # quadratic kappa: observed (4-5)^2 / 2 = 1/2; chance (0 + 9 + 4 + 1) / 4 = 7/2 -> 6/7
    [kappa] = publish["kappas"]
    assert (kappa["first"], kappa["second"], kappa["units"]) == ("ana", "ben", 2)
    assert kappa["kappa"] == pytest.approx(6 / 7)


@pytest.mark.parametrize("args", [["import", "nothing-here"], ["export", "nope"],
                                  ["agreement", "."]])
def test_the_cli_explains_a_missing_run(args: list[str], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(review_app, args)
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output
    assert "eval run" in result.output


def test_every_review_command_has_help() -> None:
    for command in ("runs", "import", "export", "agreement"):
        result = runner.invoke(review_app, [command, "--help"])
        assert result.exit_code == 0 and len(result.stdout) > 100


def test_csv_export_writes_formula_like_comments_as_text(store: ReviewStore, evals: Path) -> None:
    items = imported(store, write_run(evals))
    store.rate("default", items[0].id, "ana", "brand_fit", 2, "=HYPERLINK(\"http://evil.example\")")
    store.rate("default", items[1].id, "ana", "brand_fit", 3, "-1+2 looks off")
    out = io.StringIO()
    store.export_csv("default", "run-1", out)
    comments = [row["comment"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert comments == ["'=HYPERLINK(\"http://evil.example\")", "'-1+2 looks off"]
