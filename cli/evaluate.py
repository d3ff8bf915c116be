"""``adstudio eval``: run a scenario suite against the agent, list it, compare two runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from evals.compare import ALPHA  # a constant of a stdlib-only module: cheap to import

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from rich.table import Table

    from evals.compare import Comparison, Row
    from evals.runner import TrialResult
    from evals.scenario import Scenario

eval_app = typer.Typer(
    help="Scripted evaluation of agent runs: scenario suites, reports, regressions.",
    no_args_is_help=True,
)
console = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)

SuiteArg = Annotated[
    str, typer.Argument(help="A folder of *.yaml scenarios, one file, or a shipped suite name.")
]


def _suite(suite: str) -> list[Scenario]:
    from evals.scenario import ScenarioError, load_suite

    try:
        return load_suite(suite)
    except ScenarioError as exc:
        console.print(f"[red]error:[/red] {exc}", markup=True)
        raise typer.Exit(2) from exc


def _judge_model(engine: str) -> BaseChatModel | None:
    """The LLM judge's vision model at temperature 0 (bedrock), None on local."""
    if engine != "bedrock":
        return None
    from core.settings import get_settings
    from engines.bedrock.chat import make_bedrock_chat

    return make_bedrock_chat(get_settings().with_changes(chat_temperature=0.0))


@eval_app.command("run")
def run(
    suite: SuiteArg = "default",
    engine: Annotated[str, typer.Option(help="local (offline, deterministic) or bedrock.")] = (
        "local"
    ),
    repeat: Annotated[int, typer.Option("--repeat", "-k", min=1, max=50,
                                        help="Trials per scenario (pass^k, pass@k).")] = 1,
    concurrency: Annotated[int, typer.Option("--concurrency", "-n", min=1, max=32,
                                             help="Trials run at the same time.")] = 1,
    cache: Annotated[bool, typer.Option(help="Answer identical model calls from a SQLite "
                                             "cache (model-cache.sqlite beside the run).")] = False,
    out_dir: Annotated[Path | None, typer.Option("--out", help="The run directory (default: "
                                                 "<data dir>/evals/<run id>, where the Review "
                                                 "tab finds it).")] = None,
) -> None:
    """Run every scenario of SUITE K times; write the run directory and its reports.

    Exits 1 when a trial failed, 2 for a usage error (a bad scenario file, say).
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from core.settings import get_settings
    from evals.judge import SKIPPED
    from evals.report import write_reports
    from evals.reviews.runs import evals_dir
    from evals.runner import RunOptions, new_run_id, run_suite

    if engine not in ("local", "bedrock"):
        raise typer.BadParameter("use 'local' or 'bedrock'", param_hint="--engine")
    scenarios = _suite(suite)
    settings = get_settings()
    run_id = new_run_id(suite, engine)
    run_dir = out_dir or evals_dir(settings.data_dir) / run_id
    judge_model = _judge_model(engine)
    options = RunOptions(
        engine=engine, repeat=repeat, concurrency=concurrency,
        cache_path=(run_dir.parent / "model-cache.sqlite") if cache else None,
        judge_model=judge_model, tenant=settings.tenant,
    )
    if judge_model is None and any(s.expect.judge or any(t.expect.judge for t in s.turns)
                                   for s in scenarios):
        console.print(f"[yellow]notice:[/yellow] {SKIPPED}")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task("trials", total=len(scenarios) * repeat)

        def done(result: TrialResult) -> None:
            mark = "[green]pass[/green]" if result.passed else "[red]FAIL[/red]"
            progress.console.print(f"{mark} {result.scenario} #{result.trial}")
            progress.advance(task)

        run_suite(scenarios, suite, options, run_dir, on_trial=done, run_id=run_id)
    summary = write_reports(run_dir, scenarios)
    _print_summary(summary, run_dir)
    if summary["passed"] < summary["trials"]:
        raise typer.Exit(1)


def _print_summary(summary: dict[str, Any], run_dir: Path) -> None:
    out.print(f"{summary['passed']}/{summary['trials']} trials passed "
              f"({summary['pass_rate']:.0%}), {summary['total_latency_s']} s of agent time")
    for key, label in (("pass_hat_k", "pass^"), ("pass_at_k", "pass@")):
        out.print("  " + ", ".join(f"{label}{k} {v:.2f}" for k, v in summary[key].items()))
    out.print("slowest: " + ", ".join(f"{s['scenario']} {s['mean_latency_s']:.1f} s"
                                      for s in summary["slowest"][:3]))
    for sid, info in summary["scenarios"].items():
        if info["failed_checks"]:
            out.print(f"  [red]failed[/red] {sid}: {', '.join(info['failed_checks'])}")
    out.print(f"report: {run_dir / 'report.html'}", markup=False)


@eval_app.command("report")
def report(
    run_dir: Annotated[Path, typer.Argument(help="A run directory (from `adstudio eval run`).")],
    suite: Annotated[str | None, typer.Option(
        help="Describe the scenarios from this suite (default: the run's own); a scenario "
             "whose definition changed since the run is left undescribed.")] = None,
) -> None:
    """Write RUN_DIR's summary.json and report.html again (with this version's report).

    Exits 2 when the folder is not a run directory.
    """
    import json

    from evals.report import write_reports
    from evals.scenario import ScenarioError, load_suite

    try:
        run = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
        if not isinstance(run, dict):
            raise ValueError("run.json holds no run record")
    except (OSError, ValueError) as exc:
        console.print(f"[red]error:[/red] {run_dir}: not a run directory (no readable "
                      f"run.json): {exc}", markup=True)
        raise typer.Exit(2) from exc
    scenarios = None
    named = suite or str(run.get("suite") or "")
    if named:  # no suite named: nothing to describe, never the current folder's YAML
        try:
            scenarios = load_suite(named)
        except ScenarioError as exc:
            console.print(f"[yellow]notice:[/yellow] scenarios not described: {exc}")
    try:
        summary = write_reports(run_dir, scenarios)
    except (KeyError, TypeError, ValueError) as exc:  # a trial record cut short or edited
        console.print(f"[red]error:[/red] {run_dir}: a trial record is incomplete "
                      f"({type(exc).__name__}: {exc}); run the suite again", markup=False)
        raise typer.Exit(2) from exc
    _print_summary(summary, run_dir)


@eval_app.command("list")
def list_suite(suite: SuiteArg = "default") -> None:
    """List the scenarios of SUITE (id, tags, turns) after validating every file."""
    from rich.table import Table

    scenarios = _suite(suite)
    table = Table("scenario", "tags", "turns", "description")
    for scenario in scenarios:
        turns = str(len(scenario.turns)) if scenario.turns else "simulated"
        table.add_row(scenario.id, ", ".join(scenario.tags), turns, scenario.description)
    out.print(table)
    out.print(f"{len(scenarios)} scenarios")


def _table(title: str, rows: list[Row], alpha: float) -> Table:
    from rich.table import Table

    table = Table("name", "pass A", "pass B", "regressed", "improved", "p", "verdict",
                  title=title)
    for row in rows:
        verdict = row.verdict(alpha)
        style = {"regressed": "red", "improved": "green"}.get(verdict, "")
        table.add_row(row.name, f"{row.rate_a:.0%}", f"{row.rate_b:.0%}",
                      str(row.test.regressed), str(row.test.improved),
                      f"{row.p:.3f}", f"[{style}]{verdict}[/{style}]"
                      if style else verdict)
    return table


def print_comparison(result: Comparison) -> None:
    """Print the comparison tables (changed rows only for scenarios and evaluators)."""
    out.print(f"A = {result.run_a}\nB = {result.run_b}")
    out.print(_table("overall", [result.overall], result.alpha))
    changed = [r for r in result.scenarios if r.test.direction != "same"]
    out.print(_table("scenarios that changed", changed, result.alpha) if changed
              else "no scenario changed")
    out.print(_table("evaluators", result.evaluators, result.alpha))
    for name, missing in (("A", result.only_in_a), ("B", result.only_in_b)):
        if missing:
            out.print(f"only in {name}: {', '.join(missing)}")
    out.print(_spend_table(result))
    for line in cautions(result):
        out.print(f"[yellow]caution:[/yellow] {line}")


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def _spend_table(result: Comparison) -> Table:
    from rich.table import Table

    table = Table(title="latency and cost (paired trials)")
    for column in ("", "A", "B", "change"):
        table.add_column(column)
    a, b = result.spend_a, result.spend_b
    for label, old, new in (("latency p50", a.p50_s, b.p50_s), ("latency p95", a.p95_s, b.p95_s)):
        change = "-" if old is None or new is None else f"{new - old:+.2f} s"
        table.add_row(label, _seconds(old), _seconds(new), change)
    def usd(value: float | None) -> str:
        return "-" if value is None else f"${value:.4f}"

    change = ("-" if a.mean_usd is None or b.mean_usd is None
              else f"{b.mean_usd - a.mean_usd:+.4f}")
    table.add_row("cost per trial", usd(a.mean_usd), usd(b.mean_usd), change)
    return table


def cautions(result: Comparison) -> list[str]:
    """What could make the verdict mislead (:meth:`evals.compare.Comparison.cautions`)."""
    return result.cautions()


def _write_html(result: Comparison, run_a: Path, run_b: Path, html: Path) -> None:
    """Write the compare view; exit 2 when it cannot be written."""
    from evals.compare_html import write_compare_html

    try:
        write_compare_html(result, run_a, run_b, html)
    except OSError as exc:
        console.print(f"[red]error:[/red] cannot write {html}: {exc}")
        raise typer.Exit(2) from exc
    out.print(f"compare view: {html}", markup=False)


@eval_app.command("compare")
def compare(
    run_a: Annotated[Path, typer.Argument(help="The baseline run directory.")],
    run_b: Annotated[Path, typer.Argument(help="The run directory to check against it.")],
    alpha: Annotated[float, typer.Option(min=0.0001, max=0.5, help="Significance level of "
                                         "the paired exact test.")] = ALPHA,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 2 when the comparison cannot be trusted: a scenario changed "
        "between the runs, or too few trials for a scenario's regression to be significant."
    )] = False,
    html: Annotated[Path | None, typer.Option(
        "--html", help="Also write an HTML view: per scenario, both runs' outcomes, latency, "
        "cost and pictures side by side, regressions first.")] = None,
) -> None:
    """Show what regressed and improved from RUN_A to RUN_B, scenario and evaluator.

    Exits 1 on a significant regression (McNemar's exact test over the paired trials;
    Holm-adjusted across scenarios and across evaluators), so CI can gate on it; 2 when a
    folder is not a run directory, when the runs share no scenario, or (``--strict``) when
    a caution applies. Cautions are printed in any case.
    """
    from evals.compare import RunError, compare_dirs

    try:
        result = compare_dirs(run_a, run_b, alpha)
    except RunError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    print_comparison(result)
    if html is not None:
        _write_html(result, run_a, run_b, html)
    regressions = result.regressions()
    if regressions:
        out.print("[red]significant regressions:[/red] " + ", ".join(r.name for r in regressions))
        raise typer.Exit(1)
    if strict and cautions(result):
        out.print("[red]not trusted (--strict):[/red] see the cautions above")
        raise typer.Exit(2)
    out.print("no significant regression")
