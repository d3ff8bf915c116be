"""``adstudio review``: eval runs for human review, from a terminal.

``runs`` lists the runs under ``<data_dir>/evals``; ``import`` makes a run's assets
reviewable (idempotent); ``export`` writes the ratings and preferences as CSV;
``agreement`` prints how far the reviewers agree. The commands act as the deployment's
tenant (``ADSTUDIO_TENANT``); people rate in the UI's Review tab or through the API.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from rich.table import Table

    from core.settings import Settings
    from evals.reviews.agreement import CriterionAgreement
    from evals.reviews.models import EvalRun, ReviewError
    from evals.reviews.store import ReviewStore

review_app = typer.Typer(
    name="review", no_args_is_help=True, add_completion=False,
    help="Human review of eval runs: import a run, export ratings as CSV, agreement.",
)
console = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)
RunArgument = Annotated[str, typer.Argument(
    help="A run id (a folder under <data_dir>/evals) or the path of a run folder.")]


def _fail(exc: ReviewError) -> typer.Exit:
    console.print(f"[red]error:[/red] {exc.message}" + (f"\n{exc.hint}" if exc.hint else ""))
    return typer.Exit(2)


def _resolve(store: ReviewStore, settings: Settings, run: str) -> EvalRun:
    """A run given by id or by folder (a folder needs its run.json)."""
    from evals.reviews.models import ReviewError
    from evals.reviews.runs import read_run
    from evals.reviews.store import open_run

    folder = Path(run).expanduser()
    if folder.is_dir():
        found = read_run(folder, settings.tenant)
        if found.tenant != settings.tenant:
            raise ReviewError(f"{folder} belongs to tenant {found.tenant!r}.",
                              hint=f"Set ADSTUDIO_TENANT={found.tenant} to review it.")
        return found
    tenant = settings.tenant
    return open_run(store, settings.data_dir, tenant, tenant, run)


def _imported(store: ReviewStore, settings: Settings, run: str) -> EvalRun:
    """The run, imported (again, which adds only what is new)."""
    found = _resolve(store, settings, run)
    store.import_run(found)
    return found


def _opened(run: str) -> tuple[ReviewStore, EvalRun]:
    """The review store and the run (imported), or the command's error exit."""
    from core.settings import get_settings
    from evals.reviews.models import ReviewError
    from evals.reviews.store import review_store

    settings = get_settings()
    store = review_store(settings.data_dir, settings.storage.url())
    try:
        return store, _imported(store, settings, run)
    except ReviewError as exc:
        raise _fail(exc) from exc


@review_app.command("runs")
def runs() -> None:
    """List the eval runs to review (newest first) with their items and reviewers."""
    from rich.table import Table

    from core.settings import get_settings
    from evals.reviews.store import review_store, visible_runs

    settings = get_settings()
    store = review_store(settings.data_dir, settings.storage.url())
    table = Table("run", "suite", "engine", "created", "items", "reviewers")
    for run in visible_runs(store, settings.data_dir, settings.tenant, settings.tenant):
        table.add_row(run.run_id, run.suite, run.engine, run.created[:19],
                      str(len(store.items(run.tenant, run.run_id))),
                      ", ".join(store.reviewers(run.tenant, run.run_id)))
    out.print(table)


@review_app.command("import")
def import_run(run: RunArgument) -> None:
    """Make a run's assets reviewable (again: adds only what is new, keeps every rating)."""
    from core.settings import get_settings
    from evals.reviews.models import ReviewError
    from evals.reviews.store import review_store

    settings = get_settings()
    store = review_store(settings.data_dir, settings.storage.url())
    try:
        report = store.import_run(_resolve(store, settings, run))
    except ReviewError as exc:
        raise _fail(exc) from exc
    for reason in report.skipped:
        console.print(f"[yellow]skipped:[/yellow] {reason}")
    out.print(f"{report.run_id}: {report.items} items ({report.added} new)")


@review_app.command("export")
def export(
    run: RunArgument,
    out_path: Annotated[Path, typer.Option(
        "--out", "-o", help="The CSV file to write ('-' for stdout).")] = Path("-"),
) -> None:
    """Write every rating and preference of a run as CSV, linked to scenario and asset."""
    store, found = _opened(run)
    if str(out_path) == "-":
        store.export_csv(found.tenant, found.run_id, sys.stdout)
        return
    try:
        with out_path.open("w", encoding="utf-8", newline="") as handle:
            rows = store.export_csv(found.tenant, found.run_id, handle)
    except OSError as exc:
        console.print(f"[red]error:[/red] cannot write {out_path}: {exc.strerror}")
        raise typer.Exit(2) from exc
    console.print(f"{rows} rows written")
    out.print(str(out_path))


def _row(table: Table, label: str, row: CriterionAgreement) -> None:
    def cell(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    kappas = ", ".join(f"{k.first}/{k.second} {cell(k.kappa)} (n={k.units})"
                       for k in row.kappas)
    table.add_row(label, str(row.reviewers), str(row.units), cell(row.alpha), kappas or "—")


@review_app.command("agreement")
def agreement(
    run: RunArgument,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (null: undefined).")] = False,
) -> None:
    """Print Krippendorff's alpha and Cohen's kappa per criterion (— when undefined)."""
    from rich.table import Table

    from evals.reviews.models import CRITERIA

    store, found = _opened(run)
    result = store.agreement(found.tenant, found.run_id)
    if as_json:
        out.print_json(result.model_dump_json())
        return
    table = Table("criterion", "reviewers", "rated twice+", "alpha (ordinal)",
                  "kappa (quadratic) per pair", title=f"Agreement on {found.run_id}")
    for row in result.criteria:
        _row(table, CRITERIA[row.criterion], row)
    _row(table, "preference (nominal)", result.preferences)
    out.print(table)
