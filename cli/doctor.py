"""``adstudio doctor``: what the bedrock engine needs, checked before a paid run."""

from __future__ import annotations

import typer

from cli.console import out
from cli.options import EngineOption, cli_settings

MARKS = {
    "ok": "[green]ok[/green]  ",
    "warn": "[yellow]warn[/yellow]",
    "fail": "[red]fail[/red]",
}


def doctor(engine: EngineOption = None) -> None:
    """Check what the bedrock engine needs: credentials, region, model access, guardrail.

    Exits 1 when a check fails, so scripts can use it before a paid run.
    """
    from engines.bedrock.doctor import run_checks

    settings = cli_settings(engine or "bedrock", None)
    checks = run_checks(settings)
    for check in checks:
        out.print(f"{MARKS[check.status]} {check.name}: {check.detail}")
        if check.fix:
            out.print(f"      → {check.fix}")
    if any(check.status == "fail" for check in checks):
        raise typer.Exit(1)
