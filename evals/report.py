"""Reports of a run: a JSON summary and a self-contained HTML page.

The summary holds pass rates per scenario and per evaluator, the scenario x evaluator
grid, pass^k and pass@k for k = 1..K, latency (mean, p50, p95) and cost per scenario and
overall, and the slowest scenarios. The HTML page is :mod:`evals.report_html`.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.stats import mean_over_tasks

if TYPE_CHECKING:
    from evals.scenario import Scenario


def load_trials(run_dir: Path) -> list[dict[str, Any]]:
    """Every ``trial.json`` of a run (none when the run has no trials folder)."""
    folder = run_dir / "trials"
    files = sorted(folder.glob("*/*/trial.json")) if folder.is_dir() else []
    return [json.loads(path.read_text(encoding="utf-8")) for path in files]


def _rate(values: list[bool]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def evaluator_name(key: str) -> str:
    """The evaluator of a score key: ``t2.trajectory`` → ``trajectory``."""
    return key.split(".", 1)[-1]


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by nearest rank; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def latencies(trials: Iterable[dict[str, Any]]) -> list[float]:
    """The recorded latencies of ``trials`` (a trial without one is left out)."""
    values = (t.get("latency_s") for t in trials)
    return [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def grid(trials: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Scenario x evaluator: checks, checks passed and the mean score of each cell.

    A cell gathers every check of that evaluator (every turn's and the run's) in every
    trial of the scenario; a scenario that never ran an evaluator has no cell for it.
    """
    cells: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for trial in trials:
        for item in trial["scores"]:
            cells[trial["scenario"]][evaluator_name(item["key"])].append(float(item["score"]))
    return {
        sid: {name: {"checks": len(scores), "passed": sum(s >= 1.0 for s in scores),
                     "mean_score": round(sum(scores) / len(scores), 4)}
              for name, scores in sorted(row.items())}
        for sid, row in sorted(cells.items())
    }


def scenario_info(scenarios: Iterable[Scenario],
                  fingerprints: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Each scenario's description and tags, for the reports.

    Args:
        scenarios: The scenarios (the suite as it is now).
        fingerprints: The run's fingerprints; a scenario whose definition changed since
            the run is left out rather than described wrongly (None: keep every one).
    """
    return {
        s.id: {"description": s.description, "tags": list(s.tags)}
        for s in scenarios
        if fingerprints is None or fingerprints.get(s.id) == s.fingerprint()
    }


def summarize(run: dict[str, Any], trials: list[dict[str, Any]]) -> dict[str, Any]:
    """The run's summary (pure: no files)."""
    by_scenario: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for trial in trials:
        by_scenario[trial["scenario"]].append(trial)
    per_evaluator: dict[str, list[bool]] = defaultdict(list)
    for trial in trials:
        for item in trial["scores"]:
            per_evaluator[evaluator_name(item["key"])].append(item["score"] >= 1.0)
    counts = [(len(ts), sum(t["passed"] for t in ts)) for ts in by_scenario.values()]
    repeat = int(run.get("repeat", 1))
    scenarios = {
        sid: {
            "trials": len(ts), "passed": sum(t["passed"] for t in ts),
            "pass_rate": _rate([t["passed"] for t in ts]),
            "mean_latency_s": round(sum(t.get("latency_s", 0) for t in ts) / len(ts), 3),
            "p50_latency_s": _seconds(percentile(latencies(ts), 50)),
            "p95_latency_s": _seconds(percentile(latencies(ts), 95)),
            "mean_cost_usd": round(sum(t.get("cost_usd", 0) for t in ts) / len(ts), 4),
            "failed_checks": sorted({s["key"] for t in ts for s in t["scores"] if s["score"] < 1}),
            # the trial a reader opens first: the first that failed, else the first
            "first_trial": min((int(t.get("trial", 0)) for t in ts if not t["passed"]),
                               default=min(int(t.get("trial", 0)) for t in ts)),
        }
        for sid, ts in sorted(by_scenario.items())
    }
    slowest = sorted(scenarios, key=lambda s: -scenarios[s]["mean_latency_s"])[:5]
    return {
        "trials": len(trials), "passed": sum(t["passed"] for t in trials),
        "pass_rate": _rate([t["passed"] for t in trials]),
        "pass_hat_k": {str(k): round(mean_over_tasks(counts, k, at=False), 4)
                       for k in range(1, repeat + 1)},
        "pass_at_k": {str(k): round(mean_over_tasks(counts, k, at=True), 4)
                      for k in range(1, repeat + 1)},
        "scenarios": scenarios,
        "evaluators": {name: {"checks": len(v), "pass_rate": _rate(v)}
                       for name, v in sorted(per_evaluator.items())},
        "slowest": [{"scenario": s, "mean_latency_s": scenarios[s]["mean_latency_s"]}
                    for s in slowest],
        "grid": grid(trials),
        "p50_latency_s": _seconds(percentile(latencies(trials), 50)),
        "p95_latency_s": _seconds(percentile(latencies(trials), 95)),
        "total_latency_s": round(sum(t.get("latency_s", 0) for t in trials), 2),
        "total_cost_usd": round(sum(t.get("cost_usd", 0) for t in trials), 4),
    }


def write_reports(run_dir: Path, scenarios: Iterable[Scenario] | None = None) -> dict[str, Any]:
    """Write ``summary.json`` and ``report.html`` and add the summary to ``run.json``.

    Args:
        run_dir: The run directory.
        scenarios: The run's scenarios, whose descriptions and tags go into ``run.json``
            (``scenario_info``) for the reports; None keeps what ``run.json`` holds.
    """
    # the page's module (and markdown-it) only when writing one: `eval compare` stays light
    from evals.report_html import render_html

    run = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    if scenarios is not None:
        run["scenario_info"] = scenario_info(scenarios, run.get("fingerprints"))
    trials = load_trials(run_dir)
    summary = summarize(run, trials)
    run["summary"] = summary
    (run_dir / "run.json").write_text(json.dumps(run, indent=1), encoding="utf-8")
    (run_dir / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    (run_dir / "report.html").write_text(render_html(run, summary, trials), encoding="utf-8")
    return summary
