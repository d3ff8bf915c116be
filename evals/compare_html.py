"""The HTML view of a comparison: per scenario, both runs side by side, regressions first.

At the top: the cautions (scenarios redefined between the runs, too few trials for a
regression to be significant) and the overall verdict, latency and cost. Then a table of
every scenario and, for each, both runs' outcomes, pass rates, latency, cost, failed checks
and the pictures of one trial (the first that regressed, else the first that changed).
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from evals.compare import Comparison, Row, Spend, load_run
from evals.htmlkit import controls, page, row, searchable, seconds, status, tags_html, thumbnails

ORDER = {"regressed": 0, "lower": 1, "redefined": 2, "improved": 3, "higher": 4, "same": 5}
"""Where each kind of change sits in the page: regressions first."""

LABELS = {
    "regressed": '<span class="fail">REGRESSED</span>',
    "lower": '<span class="fail">lower</span> <span class="muted">(not significant)</span>',
    "improved": '<span class="pass">IMPROVED</span>',
    "higher": '<span class="pass">higher</span> <span class="muted">(not significant)</span>',
    "same": '<span class="muted">same</span>',
}


def change(row_: Row, alpha: float) -> str:
    """``regressed``/``improved`` (significant), ``lower``/``higher`` (not), or ``same``."""
    verdict = row_.verdict(alpha)
    if verdict == "noise":
        return "lower" if row_.test.direction == "regressed" else "higher"
    return verdict


def _rank(row_: Row, result: Comparison) -> tuple[int, float, str]:
    """Regressions first; within a kind, the scenarios B passes least."""
    kind = change(row_, result.alpha)
    if kind == "same" and row_.name in result.redefined:
        kind = "redefined"
    return ORDER[kind], row_.rate_b, row_.name


class _Side:
    """One run's trials by scenario, and the href of its folder from the page."""

    def __init__(self, run_dir: Path, page_dir: Path) -> None:
        self.run, trials = load_run(run_dir)
        self.by_scenario: dict[str, dict[int, dict[str, Any]]] = {}
        for trial in trials:
            self.by_scenario.setdefault(str(trial["scenario"]), {})[int(trial["trial"])] = trial
        relative = os.path.relpath(run_dir.resolve(), page_dir.resolve())
        self.href = quote(Path(relative).as_posix())

    def trials(self, scenario: str) -> dict[int, dict[str, Any]]:
        """The scenario's trials by index."""
        return self.by_scenario.get(scenario, {})


def _shown_trial(a: dict[int, dict[str, Any]], b: dict[int, dict[str, Any]]) -> int:
    """The trial to picture: the first that regressed, else the first that changed."""
    shared = sorted(a.keys() & b.keys()) or sorted(a.keys() | b.keys()) or [0]
    regressed = [k for k in shared if k in a and k in b and a[k]["passed"] and not b[k]["passed"]]
    changed = [k for k in shared if k in a and k in b and a[k]["passed"] != b[k]["passed"]]
    return (regressed or changed or shared)[0]


def _side_html(label: str, side: _Side, scenario: str, shown: int) -> str:
    trials = side.trials(scenario)
    if not trials:
        return f'<div class="side"><h4>{label}</h4><p class="muted">not in this run</p></div>'
    ordered = [trials[k] for k in sorted(trials)]
    outcomes = " ".join(f"#{t['trial']} {status(bool(t['passed']))}" for t in ordered)
    spend = Spend.of(ordered)
    failed = sorted({str(s["key"]) for t in ordered for s in t["scores"] if s["score"] < 1.0})
    passed = sum(bool(t["passed"]) for t in ordered)
    pictured = trials.get(shown)
    pictures = ""
    if pictured is not None:
        base = f"{side.href}/trials/{quote(scenario)}/{shown}"
        pictures = (f'<div class="muted">trial #{shown}:</div>'
                    f"<div>{thumbnails(pictured, base, f'{label}-{scenario}-{shown}')}</div>")
    checks = f'<div class="fail">failed: {escape(", ".join(failed))}</div>' if failed else ""
    return (
        f'<div class="side"><h4>{label}: {passed}/{len(ordered)} passed</h4>'
        f"<div>{outcomes}</div><div>latency p50 {seconds(spend.p50_s)}, p95 "
        f"{seconds(spend.p95_s)} · cost per trial {_usd(spend.mean_usd)}</div>"
        f"{checks}{pictures}</div>"
    )


def _usd(value: float | None) -> str:
    return "–" if value is None else f"${value:.4f}"


def _info(a: _Side, b: _Side, scenario: str) -> dict[str, Any]:
    for side in (b, a):
        about = (side.run.get("scenario_info") or {}).get(scenario)
        if about:
            return dict(about)
    return {}


def _scenario_html(row_: Row, result: Comparison, a: _Side, b: _Side) -> str:
    name = row_.name
    kind = change(row_, result.alpha)
    info = _info(a, b, name)
    redefined = (' <span class="warn">definition changed between the runs</span>'
                 if name in result.redefined else "")
    shown = _shown_trial(a.trials(name), b.trials(name))
    attrs = searchable(kind, name, str(info.get("description", "")),
                       " ".join(info.get("tags", [])))
    return (
        f'<details id="s-{escape(name, quote=True)}" {attrs}'
        f'{" open" if kind in ("regressed", "lower") or row_.rate_b < 1 else ""}>'
        f"<summary>{LABELS[kind]} <b>{escape(name)}</b> {row_.rate_a:.0%} → "
        f"{row_.rate_b:.0%} (p {row_.p:.3f}){redefined}</summary>{tags_html(info)}"
        f"{_side_html('A', a, name, shown)}{_side_html('B', b, name, shown)}</details>"
    )


def _table(result: Comparison, rows: list[Row], a: _Side, b: _Side) -> str:
    head = row(["scenario", "change", "pass A", "pass B", "p", "p50 A", "p50 B", "$ A", "$ B"],
               True)
    body = []
    for r in rows:
        sa, sb = (Spend.of(list(side.trials(r.name).values())) for side in (a, b))
        link = f'<a href="#s-{escape(r.name, quote=True)}">{escape(r.name)}</a>'
        attrs = searchable(change(r, result.alpha), r.name)
        body.append(row([link, LABELS[change(r, result.alpha)], f"{r.rate_a:.0%}",
                         f"{r.rate_b:.0%}", f"{r.p:.3f}", seconds(sa.p50_s),
                         seconds(sb.p50_s), _usd(sa.mean_usd), _usd(sb.mean_usd)],
                        attrs=attrs))
    return f'<table class="figures">{head}{"".join(body)}</table>'


def _overview(result: Comparison) -> str:
    o, sa, sb = result.overall, result.spend_a, result.spend_b
    cautions = "".join(f'<p class="warn">caution: {escape(c)}</p>' for c in result.cautions())
    regressions = result.regressions()
    verdict = (f'<p class="fail">significant regressions: '
               f'{escape(", ".join(r.name for r in regressions))}</p>' if regressions
               else '<p class="pass">no significant regression</p>')
    missing = "".join(
        f"<p>only in {side}: {escape(', '.join(names))}</p>"
        for side, names in (("A", result.only_in_a), ("B", result.only_in_b)) if names)
    figures = row(["", "A", "B"], True) + "".join(row(cells) for cells in (
        ["pass rate (paired trials)", f"{o.rate_a:.0%}", f"{o.rate_b:.0%}"],
        ["latency p50", seconds(sa.p50_s), seconds(sb.p50_s)],
        ["latency p95", seconds(sa.p95_s), seconds(sb.p95_s)],
        ["cost per trial", _usd(sa.mean_usd), _usd(sb.mean_usd)],
    ))
    return (f"<h1>Compare A → B</h1><p>A = {escape(result.run_a)}<br>B = "
            f"{escape(result.run_b)}</p>{cautions}{verdict}"
            f'<p>{o.test.pairs} paired trials: {o.test.regressed} regressed, '
            f"{o.test.improved} improved (p {o.p:.3f}, alpha {result.alpha:g})</p>"
            f'<table class="figures">{figures}</table>{missing}')


def _evaluators(result: Comparison) -> str:
    rows = "".join(row([escape(r.name), LABELS[change(r, result.alpha)], f"{r.rate_a:.0%}",
                        f"{r.rate_b:.0%}", f"{r.p:.3f}"]) for r in result.evaluators)
    return (f"<h2>Evaluators</h2><table>{row(['evaluator', 'change', 'A', 'B', 'p'], True)}"
            f"{rows}</table>")


def render_compare(result: Comparison, run_a: Path, run_b: Path, out: Path) -> str:
    """The HTML page of ``result`` (links into both run folders relative to ``out``).

    Raises:
        RunError: One of the folders is not a run directory.
    """
    a, b = _Side(run_a, out.parent), _Side(run_b, out.parent)
    rows = sorted(result.scenarios, key=lambda r: _rank(r, result))
    options = [("all", "all"), ("regressed", "regressed"), ("lower", "lower (not significant)"),
               ("improved", "improved"), ("higher", "higher (not significant)"),
               ("same", "same")]
    body = (f"{_overview(result)}{controls(options)}<h2>Scenarios (regressions first)</h2>"
            f"{_table(result, rows, a, b)}<h2>Side by side</h2>"
            + "".join(_scenario_html(r, result, a, b) for r in rows) + _evaluators(result))
    return page(f"Compare {result.run_a} → {result.run_b}", body)


def write_compare_html(result: Comparison, run_a: Path, run_b: Path, out: Path) -> Path:
    """Write the comparison page to ``out`` (its folder is created)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_compare(result, run_a, run_b, out), encoding="utf-8")
    return out
