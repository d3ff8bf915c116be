"""Reports of a run: a JSON summary and a self-contained HTML page.

The summary holds pass rates per scenario and per evaluator, pass^k and pass@k for
k = 1..K, latency and cost per scenario and the slowest scenarios. The HTML page (inline
CSS; thumbnails as relative paths into the run dir) lists failures first, with each
trial's transcript and tool calls.
"""

from __future__ import annotations

import json
from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any

from evals.stats import mean_over_tasks

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1a1a2e;max-width:1200px}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ddd;padding:4px 8px;
text-align:left}th{background:#f4f4f8}.fail{color:#b00020;font-weight:600}.pass{color:#1b7f3b}
details{border:1px solid #e4e4ea;border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer}.turn{margin:8px 0 8px 12px}.user{font-weight:600}.tool{color:#555;
font-family:monospace;font-size:12px}img.thumb{height:96px;margin:4px;border:1px solid #ccc}
.notice{background:#fff7e0;border:1px solid #e8c96a;padding:8px;border-radius:6px}
"""


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
            "mean_cost_usd": round(sum(t.get("cost_usd", 0) for t in ts) / len(ts), 4),
            "failed_checks": sorted({s["key"] for t in ts for s in t["scores"] if s["score"] < 1}),
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
        "total_latency_s": round(sum(t.get("latency_s", 0) for t in trials), 2),
        "total_cost_usd": round(sum(t.get("cost_usd", 0) for t in trials), 4),
    }


def _row(cells: list[str], header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _status(passed: bool) -> str:
    return '<span class="pass">pass</span>' if passed else '<span class="fail">FAIL</span>'


def _event_html(event: dict[str, Any]) -> str:
    kind = event.get("type")
    if kind == "text":
        return f"<div>{escape(str(event['text']))}</div>"
    if kind == "tool_start":
        args = escape(json.dumps(event.get("args", {}))[:400])
        return f'<div class="tool">→ {escape(event["name"])}({args})</div>'
    if kind == "tool_end":
        mark = "✓" if event.get("ok") else "✗"
        return f'<div class="tool">{mark} {escape(event["name"])}: {escape(event["summary"])}</div>'
    if kind in ("guardrail", "error", "confirm"):
        detail = event.get("reason") or event.get("message") or event.get("question") or ""
        return f'<div class="tool">{kind} {escape(str(event.get("rule_id", "")))} ' \
               f"{escape(str(detail))}</div>"
    return ""


def _thumb(base: str, asset: dict[str, Any]) -> str:
    """A linked thumbnail of an asset (every value escaped for its attribute)."""
    link = escape(f"{base}/{asset['path']}", quote=True)
    title = escape(f"{asset['id']} {asset['kind']}", quote=True)
    return f'<a href="{link}"><img class="thumb" src="{link}" title="{title}"></a>'


def _trial_html(trial: dict[str, Any]) -> str:
    base = f"trials/{trial['scenario']}/{trial['trial']}"
    scores = "".join(_row([escape(s["key"]), f"{s['score']:.2f}", escape(s["comment"])])
                     for s in trial["scores"])
    turns = "".join(
        f'<div class="turn"><div class="user">user: {escape(t["user"])}</div>'
        + "".join(_event_html(e) for e in t["events"])
        + f'<div class="tool">{t["latency_s"]:.2f} s, ${t["cost_usd"]:.2f}</div></div>'
        for t in trial.get("turns", [])
    )
    thumbs = "".join(
        _thumb(base, a)
        for a in trial.get("assets", []) if a["format"] in ("png", "jpeg", "webp")
        and a["kind"] in ("image", "poster", "preview")
    )
    return (
        f"<details><summary>{_status(trial['passed'])} {escape(trial['scenario'])} "
        f"#{trial['trial']} (seed {trial['seed']}, {trial.get('latency_s', 0):.2f} s)</summary>"
        f"<table>{_row(['check', 'score', 'comment'], True)}{scores}</table>"
        f"{turns}<div>{thumbs}</div></details>"
    )


def render_html(run: dict[str, Any], summary: dict[str, Any], trials: list[dict[str, Any]]) -> str:
    """The self-contained HTML report."""
    notices = "".join(f'<p class="notice">{escape(n)}</p>' for n in run.get("notices", []))
    ks = ", ".join(f"pass^{k} {v:.2f}" for k, v in summary["pass_hat_k"].items())
    ats = ", ".join(f"pass@{k} {v:.2f}" for k, v in summary["pass_at_k"].items())
    scenario_rows = "".join(
        _row([escape(sid), f"{s['passed']}/{s['trials']}", f"{s['mean_latency_s']:.2f}",
              f"{s['mean_cost_usd']:.2f}", escape(", ".join(s["failed_checks"]))])
        for sid, s in sorted(summary["scenarios"].items(), key=lambda i: i[1]["pass_rate"])
    )
    evaluator_rows = "".join(
        _row([escape(name), str(e["checks"]), f"{e['pass_rate']:.0%}"])
        for name, e in sorted(summary["evaluators"].items(), key=lambda i: i[1]["pass_rate"])
    )
    ordered = sorted(trials, key=lambda t: (t["passed"], t["scenario"], t["trial"]))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(run['run_id'])}"
        f"</title><style>{CSS}</style></head><body><h1>Eval run {escape(run['run_id'])}</h1>"
        f"<p>suite {escape(str(run['suite']))} · engine {escape(run['engine'])} · repeat "
        f"{run['repeat']} · {summary['passed']}/{summary['trials']} trials passed "
        f"({summary['pass_rate']:.0%}) · {ks} · {ats} · {summary['total_latency_s']:.1f} s · "
        f"${summary['total_cost_usd']:.2f}</p>{notices}"
        f"<h2>Scenarios (failures first)</h2><table>"
        f"{_row(['scenario', 'passed', 'mean latency s', 'mean cost $', 'failed checks'], True)}"
        f"{scenario_rows}</table><h2>Evaluators</h2><table>"
        f"{_row(['evaluator', 'checks', 'pass rate'], True)}{evaluator_rows}</table>"
        f"<h2>Trials</h2>{''.join(_trial_html(t) for t in ordered)}</body></html>"
    )


def write_reports(run_dir: Path) -> dict[str, Any]:
    """Write ``summary.json`` and ``report.html`` and add the summary to ``run.json``."""
    run = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    trials = load_trials(run_dir)
    summary = summarize(run, trials)
    run["summary"] = summary
    (run_dir / "run.json").write_text(json.dumps(run, indent=1), encoding="utf-8")
    (run_dir / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    (run_dir / "report.html").write_text(render_html(run, summary, trials), encoding="utf-8")
    return summary
