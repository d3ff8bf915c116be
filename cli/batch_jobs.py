"""What ``adstudio batch`` runs: check a catalog into a job, plan, price, run, report.

This module imports the batch pipeline at load, so the command imports it only when it
runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
from batch.job_costs import settle_in
from batch.models import Product, RowDefaults, RowProblem
from batch.output import write_outputs
from batch.plan import Plan, plan_catalog, plan_remaining
from batch.run import RunOptions, Tally, make_backend, run_job
from batch.storage import open_storage, resolve_out
from batch.store import BatchJobStore
from core.errors import CapabilityError
from core.schemas import check_placement
from core.settings import Settings
from tools.cost import describe
from tools.services import build_services

console = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)
SHOWN_PROBLEMS = 50


class RateColumn(ProgressColumn):
    """Products per minute."""

    def render(self, task: Task) -> Text:
        """The rate, once there is one."""
        speed = task.finished_speed or task.speed
        return Text(f"{speed * 60:.1f}/min" if speed else "–/min", style="progress.data.speed")


def fail(message: str, hint: str = "", code: int = 2) -> typer.Exit:
    """Print an error (and its hint) and return the exit to raise with ``code``."""
    console.print(f"[red]error:[/red] {message}", markup=True)
    if hint:
        console.print(hint, markup=False)
    return typer.Exit(code)


def plan_new(settings: Settings, catalog: Path, out_dir: str, defaults: RowDefaults) -> str:
    """Check the catalog into a new job, reporting each bad row; return the job id."""
    try:
        target = resolve_out(out_dir)
        _check_placements(defaults.placements)
        services = build_services(settings)
        store = BatchJobStore(settings.data_dir / "batch.sqlite")
        job = store.create_job(str(catalog.resolve()), target)
        checker = RowChecker(
            base_dir=catalog.resolve().parent, defaults=defaults,
            policy=services.policy(settings.tenant), brand_kits=services.brand_kits,
            max_bytes=settings.limits.max_upload_bytes,
            max_pixels=int(settings.limits.max_megapixels * 1e6),
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
        raise fail(exc.message, exc.hint) from exc
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
    store = BatchJobStore(settings.data_dir / "batch.sqlite")
    try:
        store.runnable(job)
        plan = plan_remaining(store, job, settings)
    except CapabilityError as exc:
        raise fail(exc.message, exc.hint) from exc
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


def execute(settings: Settings, store: BatchJobStore, job: str, options: RunOptions) -> None:
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
        raise fail(exc.message, exc.hint) from exc
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
            raise fail(exc.message, exc.hint) from exc
    settle_in(settings, store, job)  # remote video jobs that ended unbilled cost $0
    for location in write_outputs(store, job, storage):
        out.print(location, markup=False)
    if code:
        console.print(f"interrupted: `adstudio batch --resume {job}` carries on")
        raise typer.Exit(code)
    raise typer.Exit(summarize(store, job, seconds))


def summarize(store: BatchJobStore, job: str, seconds: float) -> int:
    """Print the job's totals and its problems; return the exit code (1: some failed)."""
    counts = store.counts(job)
    rate = (counts.done + counts.failed) / seconds * 60 if seconds > 0 else 0.0
    console.print(f"job {job}: {counts.done} products done, {counts.failed} failed, "
                  f"{counts.invalid} rows skipped; {counts.images} images in {seconds:.1f} s "
                  f"({rate:.1f} products/min), about ${counts.cost_usd:.2f}")
    _print_problems(store, job, "problems")
    return 1 if counts.failed or counts.invalid or counts.pending else 0


def _print_problems(store: BatchJobStore, job: str, title: str) -> None:
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
    store = BatchJobStore(settings.data_dir / "batch.sqlite")
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
        raise fail(exc.message, exc.hint) from exc
    holder = found.driver()
    if found.status != "running" or holder is None or not holder.alive():
        # remote video jobs that ended unbilled cost $0; a live driver is the only writer
        # of its job (batch.store): it settles them when it ends
        settle_in(settings, store, job)
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
