"""``adstudio eval compare A B --html``: regressions first, cautions on top, both sides.

The two runs are written here (tests/unit/evals/run_dirs.py) with ``TRIALS`` paired
trials per scenario, so which scenario regressed, significantly or not, follows from the
data (McNemar's exact test, Holm-adjusted over the scenarios).
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.app import app
from tests.unit.evals.run_dirs import Page, TrialSpec, asset, write_run

TRIALS = 9
"""Paired trials per scenario: all 9 regressing gives p = 2 * 0.5**9 = 0.0039, which stays
below 0.05 after Holm's x3 over the three scenarios (0.0117)."""
PASS = {"run.assets": 1.0}
FAIL = {"run.assets": 0.0}


def side(checks: dict[str, float], tag: str, latency_s: float) -> list[TrialSpec]:
    return [TrialSpec(dict(checks), latency_s=latency_s,
                      assets=[asset(f"img_{tag}{k}", caption=f"<script>{tag}</script>")],
                      numbers={f"img_{tag}{k}": 1})
            for k in range(TRIALS)]


def runs(tmp_path: Path, fingerprints_b: dict[str, str] | None = None) -> tuple[Path, Path]:
    """A and B: 'aa-same' passes in both, 'mm-better' improves, 'zz-broken' regresses."""
    a = write_run(tmp_path / "runs" / "a", "run-a", {
        "aa-same": side(PASS, "a", 1.0), "mm-better": side(FAIL, "a", 1.0),
        "zz-broken": side(PASS, "a", 1.0)})
    b = write_run(tmp_path / "runs" / "b", "run-b", {
        "aa-same": side(PASS, "b", 2.0), "mm-better": side(PASS, "b", 2.0),
        "zz-broken": side(FAIL, "b", 3.0)}, fingerprints=fingerprints_b)
    return a, b


def compare_html(a: Path, b: Path, out: Path) -> tuple[int, str, str]:
    """Exit code, text output and HTML of ``eval compare A B --html OUT``."""
    result = CliRunner().invoke(app, ["eval", "compare", str(a), str(b), "--html", str(out)])
    return result.exit_code, result.output, out.read_text(encoding="utf-8")


def scenario_order(page: Page) -> list[str]:
    rows = next(t for t in page.tables.values() if t and t[0][:2] == ["scenario", "change"])
    return [row[0] for row in rows[1:]]


def test_a_regression_is_listed_first_and_the_text_output_stays(tmp_path: Path) -> None:
    a, b = runs(tmp_path)
    code, output, html = compare_html(a, b, tmp_path / "view" / "compare.html")
    assert code == 1  # the gate still fails on the regression
    assert "significant regressions" in output and "zz-broken" in output
    page = Page(html)
    assert scenario_order(page) == ["zz-broken", "mm-better", "aa-same"]
    sections = [e.attrs["id"] for e in page.with_tag("details")]
    assert sections == ["s-zz-broken", "s-mm-better", "s-aa-same"]
    rows = {row[0]: row for t in page.tables.values() for row in t}
    assert rows["zz-broken"][1:5] == ["REGRESSED", "100%", "0%", "0.012"]
    assert rows["zz-broken"][5:7] == ["1.00 s", "3.00 s"]  # p50 latency of A and B


def test_both_runs_pictures_sit_side_by_side_with_escaped_captions(tmp_path: Path) -> None:
    a, b = runs(tmp_path)
    _, _, html = compare_html(a, b, tmp_path / "view" / "compare.html")
    page = Page(html)
    sources = [e.attrs["src"] for e in page.with_tag("img")]
    # the first regressed trial (#0) of each scenario, from each run, relative to the page
    assert "../runs/a/trials/zz-broken/0/assets/img_a0.png" in sources
    assert "../runs/b/trials/zz-broken/0/assets/img_b0.png" in sources
    assert all((tmp_path / "view" / s).resolve().is_file() for s in sources)
    assert len(page.with_tag("script")) == 1  # a caption's <script> is text
    assert "&lt;script&gt;a&lt;/script&gt;" in html


def test_cautions_come_before_any_scenario(tmp_path: Path) -> None:
    changed = {"aa-same": "same", "mm-better": "same", "zz-broken": "reworded"}
    a, b = runs(tmp_path, fingerprints_b=changed)
    _, _, html = compare_html(a, b, tmp_path / "compare.html")
    caution = html.index("caution: these scenarios were changed between the runs")
    assert caution < html.index('id="s-zz-broken"')
    assert "zz-broken" in html[caution:html.index("</p>", caution)]


def test_too_few_trials_are_named_on_top(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", "run-a", {"one": [TrialSpec(PASS)]})
    b = write_run(tmp_path / "b", "run-b", {"one": [TrialSpec(FAIL)]})
    code, _, html = compare_html(a, b, tmp_path / "compare.html")
    assert code == 0  # one pair cannot be significant...
    assert html.index("needs --repeat 6 or more") < html.index('id="s-one"')  # ...and it says so
    rows = {row[0]: row for t in Page(html).tables.values() for row in t}
    assert rows["one"][1] == "lower (not significant)"


def test_a_folder_that_is_not_a_run_writes_no_page(tmp_path: Path) -> None:
    a, _ = runs(tmp_path)
    out = tmp_path / "compare.html"
    result = CliRunner().invoke(app, ["eval", "compare", str(a), str(tmp_path / "none"),
                                      "--html", str(out)])
    assert result.exit_code == 2
    assert not out.exists()
