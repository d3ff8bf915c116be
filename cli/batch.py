"""``adstudio batch``: ads for a whole product catalog, offline, resumable.

``adstudio batch CATALOG --out DIR`` checks every row (reporting each bad one with its
line), shows the plan and its cost, asks, then runs the job with a progress bar;
``--resume JOB`` carries on after Ctrl-C, a kill or a crash; ``adstudio batch status
[JOB]`` shows where a job (or every job) stands.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from cli.options import cli_settings

STATUS = "status"


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
    from batch.models import RetryPolicy, RowDefaults
    from batch.run import RunOptions
    from cli.batch_jobs import console, fail, plan_new, run_planned, show_status

    settings = cli_settings(engine, data_dir)
    if catalog == STATUS:
        show_status(settings, job)
        return
    if job is not None:
        raise fail(f"unexpected argument {job!r}", "Use `adstudio batch status JOB`.")
    options = RunOptions(workers=(os.cpu_count() or 1) if workers is None else workers, ray=ray,
                         retry=RetryPolicy(max_attempts=attempts))
    if resume:
        if catalog:
            raise fail("give a catalog or --resume JOB, not both")
        run_planned(settings, resume, options, yes, dry_run)
        return
    if not catalog:
        console.print(ctx.get_help(), markup=False)
        raise typer.Exit(2)
    if not out_dir:
        raise fail("--out is required: a folder, or s3://bucket/prefix")
    defaults = RowDefaults(
        variations=variations or settings.limits.default_variations,
        placements=tuple(placement or ("square",)), animate=animate,
    )
    job_id = plan_new(settings, Path(catalog), out_dir, defaults)
    run_planned(settings, job_id, options, yes, dry_run, fresh=True)
