"""``adstudio batch``: ads for a whole product catalog, offline, resumable.

``adstudio batch CATALOG --out DIR`` checks every row (reporting each bad one with its
line), shows the plan and its cost, asks, then runs the job with a progress bar;
``--resume JOB`` carries on after Ctrl-C, a kill or a crash; ``adstudio batch status
[JOB]`` shows where a job (or every job) stands.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from batch.catalog import RowChecker
from batch.models import Product, RetryPolicy, RowDefaults, RowProblem
from batch.output import write_outputs
from batch.plan import Plan, plan_catalog, plan_remaining
from batch.run import RunOptions, Tally, make_backend, run_job
from batch.storage import open_storage, resolve_out
from batch.store import JobStore
from cli.options import cli_settings
from core.errors import CapabilityError
from core.schemas import check_placement
from core.settings import Settings
from tools.cost import describe
from tools.services import build_services

console = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)
SHOWN_PROBLEMS = 50
STATUS = "status"


class RateColumn(ProgressColumn):
    """Products per minute."""

    def render(self, task: Task) -> Text:
        """The rate, once there is one."""
        speed = task.finished_speed or task.speed
        return Text(f"{speed * 60:.1f}/min" if speed else "–/min", style="progress.data.speed")


def _fail(message: str, hint: str = "", code: int = 2) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}", markup=True)
    if hint:
        console.print(hint, markup=False)
    return typer.Exit(code)


def batch(
    ctx: typer.Context,
    catalog: Annotated[str | None, typer.Argument(
        help="The product catalog (.csv or .jsonl), or the word 'status' to show a job.",
        show_default=False)] = None,
    job: Annotated[str | None, typer.Argument(
        help="With 'status': the job to show (omit to list the jobs).", show_default=False,
    )] = None,
    out_dir: Annotated[str | None, typer.Option(
        "--out", "-o", help="Where the assets go: a folder, or s3://bucket/prefix.")] = None,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Run without asking. Without it, CI=true or no terminal declines "
        "(the job is kept: --resume JOB --yes runs it).")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=0, help="Local worker processes (default: the CPU cores; "
        "0 runs in this process).")] = None,
    ray: Annotated[str | None, typer.Option(
        "--ray", help="Run the steps as Ray tasks on an existing cluster: 'auto' or the "
        "head's address (needs the ray extra: pip install 'adstudio\\[ray]').")] = None,
    resume: Annotated[str | None, typer.Option(
        "--resume", help="Carry on with this job: finished steps are never redone.")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Check the catalog and show the plan and cost; run nothing.")] = False,
    variations: Annotated[int | None, typer.Option(
        "--variations", "-n", min=1, max=8, help="Variations per placement for rows that "
        "leave it empty (default ADSTUDIO_DEFAULT_VARIATIONS).")] = None,
    placement: Annotated[list[str] | None, typer.Option(
        "--placement", "-p", help="Placement for rows that leave it empty, repeatable "
        "(default square).")] = None,
    animate: Annotated[bool, typer.Option(
        "--animate", help="Also make a live image of each product's first ad (rows may "
        "say animate=yes/no).")] = False,
    attempts: Annotated[int, typer.Option(
        "--attempts", min=1, max=10, help="Tries per step when a failure is transient "
        "(throttling).")] = 3,
    engine: Annotated[str | None, typer.Option(
        "--engine", help="local (default) or bedrock; overrides ADSTUDIO_ENGINE.")] = None,
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", help="Where the job store and assets are kept.")] = None,
) -> None:
    """Make ads for every product of a catalog: checked, planned, priced, resumable.

    adstudio batch catalog.csv --out campaign/   (plan, confirm, run)
    adstudio batch --resume JOB   (carry on after Ctrl-C, a kill or a crash)
    adstudio batch status [JOB]   (where a job, or every job, stands)

    Bad rows are reported with their line before any work starts, and skipped;
    a product that fails does not stop the others. Exit code: 0 when every
    product was made, 1 when rows were skipped or failed (listed at the end),
    2 for a usage error, 130 when interrupted.
    """
    settings = cli_settings(engine, data_dir)
    if catalog == STATUS:
        show_status(settings, job)
        return
    if job is not None:
        raise _fail(f"unexpected argument {job!r}", "Use `adstudio batch status JOB`.")
    options = RunOptions(workers=(os.cpu_count() or 1) if workers is None else workers, ray=ray,
                         retry=RetryPolicy(max_attempts=attempts))
    if resume:
        if catalog:
            raise _fail("give a catalog or --resume JOB, not both")
        run_planned(settings, resume, options, yes, dry_run)
        return
    if not catalog:
        console.print(ctx.get_help(), markup=False)
        raise typer.Exit(2)
    if not out_dir:
        raise _fail("--out is required: a folder, or s3://bucket/prefix")
    defaults = RowDefaults(
        variations=variations or settings.default_variations,
        placements=tuple(placement or ("square",)), animate=animate,
    )
    job_id = plan_new(settings, Path(catalog), out_dir, defaults)
    run_planned(settings, job_id, options, yes, dry_run, fresh=True)


def plan_new(settings: Settings, catalog: Path, out_dir: str, defaults: RowDefaults) -> str:
    """Check the catalog into a new job, reporting each bad row; return the job id."""
    try:
        target = resolve_out(out_dir)
        _check_placements(defaults.placements)
        services = build_services(settings)
        store = JobStore(settings.data_dir / "batch.sqlite")
        job = store.create_job(str(catalog.resolve()), target)
        checker = RowChecker(
            base_dir=catalog.resolve().parent, defaults=defaults,
            policy=services.policy(settings.tenant), brand_kits=services.brand_kits,
            max_bytes=settings.max_upload_bytes, max_pixels=int(settings.max_megapixels * 1e6),
            tenant=settings.tenant,
        )
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console,
                      transient=True) as bar:
            task = bar.add_task("checking the catalog")

            def seen(row: Product | RowProblem) -> None:
                bar.advance(task)
                bar.update(task, description=f"checking the catalog: {bar.tasks[0].completed:.0f}"
                           " rows")
                if isinstance(row, RowProblem):
                    bar.console.print(_problem_line(row.line, row.product_id, row.message),
                                      markup=False)

            plan_catalog(store, job, catalog, checker, settings, seen)
    except CapabilityError as exc:
        raise _fail(exc.message, exc.hint) from exc
    except KeyboardInterrupt:
        console.print("interrupted while checking the catalog: no job was kept")
        raise typer.Exit(130) from None
    return job


def _check_placements(names: tuple[str, ...]) -> None:
    for name in names:
        try:
            check_placement(name)
        except ValueError as exc:
            raise CapabilityError(str(exc), hint="See `adstudio placements`.") from exc


def _problem_line(line: int, product_id: str | None, message: str) -> str:
    who = f" ({product_id})" if product_id else ""
    return f"line {line}{who}: {message}"


def show_plan(plan: Plan, settings: Settings) -> None:
    """The plan as a table: each capability's calls, units and estimated cost."""
    table = Table(title=f"Batch {plan.job}: {plan.products} products"
                  + (f", {plan.invalid} rows skipped" if plan.invalid else ""))
    for name in ("step (capability)", "calls", "makes", "model", "estimate"):
        table.add_column(name, justify="right" if name in ("calls", "estimate") else "left")
    for name, step in plan.steps.items():
        if step.calls:
            units = describe(step.units, "") if step.units else "-"
            table.add_row(name, str(step.calls), units, step.model or "-",
                          f"${step.usd:.2f}")
    table.add_row("total", "", "", settings.engine, f"${plan.usd:.2f}")
    console.print(table)
    where = "free on the local engine" if plan.usd == 0 else f"prices of {plan.prices_date}"
    console.print(f"estimated cost: ${plan.usd:.2f} ({where})")


def confirm_run(plan: Plan, yes: bool) -> bool:
    """``--yes`` runs; CI=true or no terminal declines without waiting; else ask."""
    if yes:
        return True
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        console.print("not started: CI is set and --yes was not given")
        return False
    if not sys.stdin.isatty():
        console.print("not started: no terminal to confirm on (pass --yes)")
        return False
    return typer.confirm(f"Run {plan.products} products (about ${plan.usd:.2f})?",
                         default=False, err=True)


def run_planned(settings: Settings, job: str, options: RunOptions, yes: bool, dry_run: bool,
                fresh: bool = False) -> None:
    """Show the job's plan of work left, confirm, run it and write the outputs."""
    store = JobStore(settings.data_dir / "batch.sqlite")
    try:
        store.runnable(job)
        plan = plan_remaining(store, job, settings)
    except CapabilityError as exc:
        raise _fail(exc.message, exc.hint) from exc
    if not fresh:
        _print_problems(store, job, "rows skipped and steps failed so far")
    show_plan(plan, settings)
    if dry_run:
        console.print(f"dry run: nothing was made (job {job} is kept; "
                      f"`adstudio batch --resume {job}` runs it)")
        return
    if not confirm_run(plan, yes):
        console.print(f"job {job} is kept: `adstudio batch --resume {job} --yes` runs it")
        raise typer.Exit(1)
    execute(settings, store, job, options)


def execute(settings: Settings, store: JobStore, job: str, options: RunOptions) -> None:
    """Run the job with a progress bar, write its manifests, sum it up; exit accordingly."""
    console.print(f"job {job}: Ctrl-C stops it; `adstudio batch --resume {job}` carries on")
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               RateColumn(), TextColumn("ETA"), TimeRemainingColumn(),
               TextColumn("[red]{task.fields[failed]} failed"))
    storage = open_storage(store.job(job).out)
    code = 0
    try:
        backend = make_backend(options)  # before the progress bar's thread: workers fork
    except CapabilityError as exc:
        raise _fail(exc.message, exc.hint) from exc
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("products", total=None, failed=0)

        def report(tally: Tally) -> None:
            bar.update(task, completed=tally.done + tally.failed, total=tally.total,
                       failed=tally.failed)

        try:
            seconds = run_job(store, job, settings, backend, options, report)
        except KeyboardInterrupt:
            code = 130
        except CapabilityError as exc:
            raise _fail(exc.message, exc.hint) from exc
    for location in write_outputs(store, job, storage):
        out.print(location, markup=False)
    if code:
        console.print(f"interrupted: `adstudio batch --resume {job}` carries on")
        raise typer.Exit(code)
    raise typer.Exit(summarize(store, job, seconds))


def summarize(store: JobStore, job: str, seconds: float) -> int:
    """Print the job's totals and its problems; return the exit code (1: some failed)."""
    counts = store.counts(job)
    rate = (counts.done + counts.failed) / seconds * 60 if seconds > 0 else 0.0
    console.print(f"job {job}: {counts.done} products done, {counts.failed} failed, "
                  f"{counts.invalid} rows skipped; {counts.images} images in {seconds:.1f} s "
                  f"({rate:.1f} products/min), about ${counts.cost_usd:.2f}")
    _print_problems(store, job, "problems")
    return 1 if counts.failed or counts.invalid or counts.pending else 0


def _print_problems(store: JobStore, job: str, title: str) -> None:
    problems = store.problems(job)
    for number, problem in enumerate(problems):
        if number == 0:
            console.print(f"{title}:")
        if number == SHOWN_PROBLEMS:
            console.print(f"... and more: `adstudio batch status {job}` lists them all")
            break
        step = f"{problem.step}: " if problem.step else ""
        console.print(_problem_line(problem.line, problem.product_id, step + problem.message),
                      markup=False)


def show_status(settings: Settings, job: str | None) -> None:
    """Where a job stands (its counts, steps and problems), or the list of jobs."""
    store = JobStore(settings.data_dir / "batch.sqlite")
    if job is None:
        jobs = store.jobs()
        if not jobs:
            console.print("no batch jobs in this data dir")
        for item in jobs:
            counts = store.counts(item.id)
            out.print(f"{item.id}  {item.status:<11} {counts.done}/{counts.valid} done, "
                      f"{counts.failed} failed  {item.created[:19]}  {item.catalog} -> "
                      f"{item.out}", markup=False)
        return
    try:
        found = store.job(job)
    except CapabilityError as exc:
        raise _fail(exc.message, exc.hint) from exc
    counts = store.counts(job)
    out.print(f"job {found.id}: {found.status} (updated {found.updated[:19]})\n"
              f"catalog: {found.catalog}\nout: {found.out}\n"
              f"products: {counts.valid} valid, {counts.done} done, {counts.failed} failed, "
              f"{counts.pending} pending; {counts.invalid} rows skipped\n"
              f"images: {counts.images}; cost so far: about ${counts.cost_usd:.2f}", markup=False)
    for problem in store.problems(job):
        step = f"{problem.step}: " if problem.step else ""
        out.print(_problem_line(problem.line, problem.product_id, step + problem.message),
                  markup=False)
