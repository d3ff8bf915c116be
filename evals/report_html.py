"""The HTML report of a run: failures first and open, the scenario x evaluator grid, search.

Failed trials come first and expanded, each with its scenario's description and tags,
its checks, the conversation (the agent's markdown rendered by :mod:`evals.markup`, so
nothing in a reply can run) and its pictures with their #numbers and parents.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from evals.htmlkit import (
    controls,
    page,
    row,
    searchable,
    seconds,
    status,
    tags_html,
    thumbnails,
)
from evals.markup import render_markdown


def trial_anchor(scenario: str, trial: int) -> str:
    """The element id of a trial's section."""
    return f"trial-{scenario}-{trial}"


def _event_html(event: dict[str, Any]) -> str:
    kind = event.get("type")
    if kind == "text":
        text = str(event.get("markdown") or event.get("text") or "")
        return f'<div class="reply">{render_markdown(text)}</div>'
    if kind == "tool_start":
        args = escape(json.dumps(event.get("args", {}), ensure_ascii=False)[:400])
        return f'<div class="tool">→ {escape(str(event.get("name")))}({args})</div>'
    if kind == "tool_end":
        mark = "✓" if event.get("ok") else "✗"
        return (f'<div class="tool">{mark} {escape(str(event.get("name")))}: '
                f'{escape(str(event.get("summary", "")))}</div>')
    if kind in ("guardrail", "error", "confirm"):
        detail = event.get("reason") or event.get("message") or event.get("question") or ""
        return (f'<div class="tool">{kind} {escape(str(event.get("rule_id", "")))} '
                f"{escape(str(detail))}</div>")
    return ""


def _turn_html(turn: dict[str, Any]) -> str:
    events = "".join(_event_html(e) for e in turn.get("events", []))
    return (f'<div class="turn"><div class="user">user: {escape(str(turn.get("user", "")))}'
            f'</div>{events}<div class="tool">{float(turn.get("latency_s", 0)):.2f} s, '
            f'${float(turn.get("cost_usd", 0)):.2f}</div></div>')


def _scores_html(trial: dict[str, Any]) -> str:
    ordered = sorted(trial["scores"], key=lambda s: s["score"] >= 1.0)  # failed checks first
    rows = "".join(
        row([status(s["score"] >= 1.0) + " " + escape(str(s["key"])), f"{s['score']:.2f}",
             escape(str(s.get("comment", "")))])
        for s in ordered)
    return f"<table>{row(['check', 'score', 'comment'], True)}{rows}</table>"


def trial_html(trial: dict[str, Any], info: dict[str, Any]) -> str:
    """One trial: open when it failed, with its scenario's description and tags."""
    scenario, k = str(trial["scenario"]), int(trial["trial"])
    base = f"trials/{scenario}/{k}"
    failed = [str(s["key"]) for s in trial["scores"] if s["score"] < 1.0]
    search = searchable("fail" if not trial["passed"] else "pass", scenario,
                        str(info.get("description", "")), " ".join(info.get("tags", [])),
                        " ".join(str(s["key"]) for s in trial["scores"]))
    opened = " open" if not trial["passed"] else ""
    css = ' class="failed"' if not trial["passed"] else ""
    failing = f' · failed: {escape(", ".join(failed))}' if failed else ""
    return (
        f'<details id="{escape(trial_anchor(scenario, k), quote=True)}"{css}{opened} {search}>'
        f"<summary>{status(bool(trial['passed']))} <b>{escape(scenario)}</b> #{k} "
        f"(seed {trial.get('seed')}, {seconds(trial.get('latency_s'))}){failing}</summary>"
        f"{tags_html(info)}{_scores_html(trial)}"
        f"{''.join(_turn_html(t) for t in trial.get('turns', []))}"
        f"<div>{thumbnails(trial, base, f't-{scenario}-{k}')}</div></details>"
    )


def _cell(cell: dict[str, Any] | None) -> str:
    if cell is None:
        return '<td class="cell-none">–</td>'
    ok = cell["passed"] == cell["checks"]
    mark = "✓" if ok else "✗"
    title = escape(f"mean score {cell['mean_score']:.2f}", quote=True)
    score = "" if ok else f" · {cell['mean_score']:.2f}"
    return (f'<td class="cell-{"pass" if ok else "fail"}" title="{title}">{mark} '
            f"{cell['passed']}/{cell['checks']}{score}</td>")


def grid_html(summary: dict[str, Any], info: dict[str, dict[str, Any]]) -> str:
    """The scenario x evaluator table: checks passed and mean score per cell."""
    names = sorted(summary["evaluators"])
    head = row(["scenario", "passed", "p50", "p95", "cost $", *map(escape, names)], True)
    rows = []
    for sid, s in sorted(summary["scenarios"].items(), key=lambda i: (i[1]["pass_rate"], i[0])):
        cells = summary["grid"].get(sid, {})
        about = info.get(sid, {})
        attrs = searchable("pass" if s["passed"] == s["trials"] else "fail", sid,
                           str(about.get("description", "")), " ".join(about.get("tags", [])),
                           " ".join(cells))
        first = int(s.get("first_trial", 0))
        link = f'<a href="#{escape(trial_anchor(sid, first), quote=True)}">{escape(sid)}</a>'
        lead = "".join(f"<td>{c}</td>" for c in (
            link, f"{s['passed']}/{s['trials']}", seconds(s.get("p50_latency_s")),
            seconds(s.get("p95_latency_s")), f"{s['mean_cost_usd']:.2f}"))
        rows.append(f"<tr {attrs}>{lead}{''.join(_cell(cells.get(n)) for n in names)}</tr>")
    return (f'<div class="wide"><table class="figures" id="grid">{head}{"".join(rows)}'
            "</table></div>")


def _header(run: dict[str, Any], summary: dict[str, Any]) -> str:
    ks = ", ".join(f"pass^{k} {v:.2f}" for k, v in summary["pass_hat_k"].items())
    ats = ", ".join(f"pass@{k} {v:.2f}" for k, v in summary["pass_at_k"].items())
    notices = "".join(f'<p class="notice">{escape(str(n))}</p>' for n in run.get("notices", []))
    failed = summary["trials"] - summary["passed"]
    verdict = (f'<span class="fail">{failed} trial(s) failed</span>' if failed
               else '<span class="pass">every trial passed</span>')
    return (
        f"<h1>Eval run {escape(str(run['run_id']))}</h1>"
        f"<p>suite {escape(str(run.get('suite')))} · engine {escape(str(run.get('engine')))} · "
        f"repeat {run.get('repeat')} · {summary['passed']}/{summary['trials']} trials passed "
        f"({summary['pass_rate']:.0%}), {verdict} · {ks} · {ats}</p>"
        f"<p>latency per trial p50 {seconds(summary.get('p50_latency_s'))}, p95 "
        f"{seconds(summary.get('p95_latency_s'))} · {summary['total_latency_s']:.1f} s of agent "
        f"time · ${summary['total_cost_usd']:.2f}</p>{notices}"
    )


def render_html(run: dict[str, Any], summary: dict[str, Any], trials: list[dict[str, Any]]) -> str:
    """The self-contained HTML report."""
    info: dict[str, dict[str, Any]] = run.get("scenario_info") or {}
    evaluator_rows = "".join(
        row([escape(name), str(e["checks"]), f"{e['pass_rate']:.0%}"])
        for name, e in sorted(summary["evaluators"].items(), key=lambda i: i[1]["pass_rate"]))
    ordered = sorted(trials, key=lambda t: (bool(t["passed"]), t["scenario"], t["trial"]))
    failed = [t for t in ordered if not t["passed"]]
    passed = ordered[len(failed):]
    body = (
        f"{_header(run, summary)}"
        f"{controls([('all', 'all'), ('fail', 'failures only'), ('pass', 'passes only')])}"
        f"<h2>Failures ({len(failed)})</h2>"
        + ("".join(trial_html(t, info.get(t["scenario"], {})) for t in failed)
           or "<p>none</p>")
        + "<h2>Scenarios × evaluators (checks passed / checks; mean score when one failed)</h2>"
        f"{grid_html(summary, info)}<h2>Evaluators</h2><table>"
        f"{row(['evaluator', 'checks', 'pass rate'], True)}{evaluator_rows}</table>"
        f"<h2>Passed trials ({len(passed)})</h2>"
        + "".join(trial_html(t, info.get(t["scenario"], {})) for t in passed)
    )
    return page(f"Eval run {run['run_id']}", body)
