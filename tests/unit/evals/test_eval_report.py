"""The run report: failures first and open, the grid, safe markdown, thumbnails, latency.

Every run is written here (tests/unit/evals/run_dirs.py) with known checks, latencies and
assets, so each expected cell and figure follows from what the test wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.app import app
from evals.markup import render_markdown
from evals.report import write_reports
from evals.report_html import trial_anchor
from tests.unit.evals.run_dirs import Page, TrialSpec, asset, write_run

HOSTILE = (
    "**Here** you go <script>alert('x')</script> <img src=x onerror=alert(1)>\n\n"
    "![tracker](https://evil.example/pixel.png) [click](javascript:alert(1)) "
    "[docs](https://example.com/help)"
)
INFO = {
    "zz-broken": {"description": "A warmer edit of the second ad.", "tags": ["edit", "warm"]},
    "aa-fine": {"description": "A greeting, answered without tools.", "tags": ["chat"]},
}


def report_of(run_dir: Path) -> Page:
    write_reports(run_dir)
    return Page((run_dir / "report.html").read_text(encoding="utf-8"))


def test_markdown_is_rendered_and_nothing_in_it_can_run_or_fetch() -> None:
    html = render_markdown(HOSTILE)
    page = Page(html)
    tags = {e.tag for e in page.elements}
    assert "strong" in tags  # the markdown is rendered, not shown raw
    assert not tags & {"script", "img", "iframe", "object", "embed"}
    assert not [name for e in page.elements for name in e.attrs if name.startswith("on")]
    links = [e.attrs["href"] for e in page.with_tag("a")]
    assert links == ["https://example.com/help"]  # the javascript: link is dropped
    assert "&lt;script&gt;" in html and "[image: tracker]" in html


def test_the_report_page_runs_only_its_own_script(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", "r1", {"aa-fine": [TrialSpec({"run.reply": 1.0},
                                                                   reply=HOSTILE)]})
    page = report_of(run)
    assert len(page.with_tag("script")) == 1  # the filter, none from the reply
    assert "alert" not in "".join(page.scripts)
    assert not [name for e in page.elements for name in e.attrs if name.startswith("on")]
    sources = [e.attrs["src"] for e in page.with_tag("img")]
    assert all(not s.startswith(("http:", "https:", "//")) for s in sources)


def test_failures_come_first_open_and_described(tmp_path: Path) -> None:
    # alphabetical order would put the passing scenario first
    run = write_run(tmp_path / "run", "r1", {
        "aa-fine": [TrialSpec({"run.reply": 1.0})],
        "zz-broken": [TrialSpec({"t1.trajectory": 1.0, "run.assets": 0.0})],
    }, info=INFO)
    page = report_of(run)
    failed = page.index_of(id="trial-zz-broken-0")
    passed = page.index_of(id="trial-aa-fine-0")
    assert failed < passed
    details = {e.attrs["id"]: e.attrs for e in page.with_tag("details")}
    assert "open" in details["trial-zz-broken-0"]
    assert "open" not in details["trial-aa-fine-0"]
    html = (run / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="trial-zz-broken-0"'):html.index('id="trial-aa-fine-0"')]
    assert "A warmer edit of the second ad." in section
    assert '<span class="tag">edit</span>' in section and '<span class="tag">warm</span>' in section


def test_grid_cells_match_the_trials_checks(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", "r1", {
        "aa-fine": [TrialSpec({"run.reply": 1.0}), TrialSpec({"run.reply": 1.0})],
        "zz-broken": [TrialSpec({"t1.trajectory": 1.0, "run.assets": 0.0}),
                      TrialSpec({"t1.trajectory": 1.0, "run.assets": 1.0})],
    })
    grid = report_of(run).tables["grid"]
    header = grid[0]
    cells = {row[0]: dict(zip(header, row, strict=True)) for row in grid[1:]}
    assert header[-3:] == ["assets", "reply", "trajectory"]
    assert cells["zz-broken"]["assets"] == "✗ 1/2 · 0.50"
    assert cells["zz-broken"]["trajectory"] == "✓ 2/2"
    assert cells["zz-broken"]["reply"] == "–"  # never checked there
    assert cells["zz-broken"]["passed"] == "1/2"
    assert cells["aa-fine"]["reply"] == "✓ 2/2"
    assert [row[0] for row in grid[1:]] == ["zz-broken", "aa-fine"]  # failing rows first


def test_latency_percentiles_per_scenario_and_overall(tmp_path: Path) -> None:
    # nearest rank: p50 of 1..4 s is the 2nd value, p95 the 4th
    run = write_run(tmp_path / "run", "r1", {
        "slow": [TrialSpec({"run.reply": 1.0}, latency_s=s) for s in (4.0, 1.0, 3.0, 2.0)],
        "fast": [TrialSpec({"run.reply": 1.0}, latency_s=0.5)],
    })
    summary = write_reports(run)
    assert (summary["scenarios"]["slow"]["p50_latency_s"],
            summary["scenarios"]["slow"]["p95_latency_s"]) == (2.0, 4.0)
    assert (summary["p50_latency_s"], summary["p95_latency_s"]) == (2.0, 4.0)  # of 5 trials
    grid = Page((run / "report.html").read_text(encoding="utf-8")).tables["grid"]
    slow = next(row for row in grid if row[0] == "slow")
    assert slow[2:4] == ["2.00 s", "4.00 s"]
    assert json.loads((run / "summary.json").read_text())["grid"]["slow"]["reply"]["checks"] == 4


def test_thumbnails_carry_their_number_and_link_their_parent(tmp_path: Path) -> None:
    spec = TrialSpec(
        {"run.assets": 1.0},
        assets=[asset("img_photo", "photo", caption="product.png"),
                asset("img_first", parents=("img_photo",)),
                asset("img_edit", parents=("img_first",), caption="warmer")],
        numbers={"img_first": 1, "img_edit": 2})
    run = write_run(tmp_path / "run", "r1", {"edit": [spec]})
    html = (report_of(run), (run / "report.html").read_text(encoding="utf-8"))[1]
    figure = html[html.index('id="t-edit-0-img_edit"'):]
    figure = figure[:figure.index("</figure>")]
    assert "<b>#2</b>" in figure and "warmer" in figure
    assert 'from <a href="#t-edit-0-img_first">#1</a>' in figure
    assert 'src="trials/edit/0/assets/img_edit.png"' in figure
    assert (run / "trials/edit/0/assets/img_edit.png").is_file()


def test_eval_report_rewrites_a_run_and_refuses_a_folder_that_is_not_one(
        tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", "r1", {"aa-fine": [TrialSpec({"run.reply": 1.0})]})
    result = CliRunner().invoke(app, ["eval", "report", str(run)])
    assert result.exit_code == 0, result.output
    assert (run / "report.html").is_file() and "1/1 trials passed" in result.output
    missing = CliRunner().invoke(app, ["eval", "report", str(tmp_path / "nothing")])
    assert missing.exit_code == 2
    assert "not a run directory" in " ".join(missing.output.split())


def test_eval_report_on_a_broken_run_says_so_without_a_traceback(tmp_path: Path) -> None:
    listed = tmp_path / "listed"
    listed.mkdir()
    (listed / "run.json").write_text("[]")  # JSON, but no run record
    assert CliRunner().invoke(app, ["eval", "report", str(listed)]).exit_code == 2
    run = write_run(tmp_path / "run", "r1", {"aa-fine": [TrialSpec({"run.reply": 1.0})]})
    trial = next(run.glob("trials/*/*/trial.json"))
    record = json.loads(trial.read_text())
    del record["scores"]  # a trial record cut short
    trial.write_text(json.dumps(record))
    result = CliRunner().invoke(app, ["eval", "report", str(run)])
    assert result.exit_code == 2 and "incomplete" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_grid_links_a_scenario_to_its_first_failed_trial(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", "r1", {"flaky": [TrialSpec({"run.reply": 1.0}),
                                                        TrialSpec({"run.reply": 0.0})]})
    summary = write_reports(run)
    assert summary["scenarios"]["flaky"]["first_trial"] == 1
    grid = (run / "report.html").read_text()
    grid = grid[grid.index('id="grid"'):]
    assert 'href="#' + trial_anchor("flaky", 1) + '"' in grid
