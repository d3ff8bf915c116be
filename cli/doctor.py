"""``adstudio doctor``: what the chat server or the bedrock engine needs; who signs (C2PA)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from cli.console import out
from cli.options import EngineOption, cli_settings

if TYPE_CHECKING:
    from core.settings import Settings
    from engines.bedrock.doctor import Check

MARKS = {
    "ok": "[green]ok[/green]  ",
    "warn": "[yellow]warn[/yellow]",
    "fail": "[red]fail[/red]",
}


def doctor(engine: EngineOption = None) -> None:
    """Check what the deployment needs before a run.

    With ADSTUDIO_CHAT_ENGINE=openai: that the server answers at ADSTUDIO_OPENAI_BASE_URL and
    lists ADSTUDIO_OPENAI_MODEL (and Bedrock too when the images, video or --engine use it).
    On the local engine with no Bedrock model configured there is nothing to check (exit 0).
    Otherwise the bedrock engine: credentials, the region of each model family, and each
    model id it will call (access, lifecycle, inference profile), the guardrail and the video
    bucket. Always: who signs the C2PA manifests (the local identity: valid but untrusted
    until a real certificate is configured). Exits 1 when a check fails (a model past its
    end of life, a provenance certificate or key that cannot be used), so scripts can use it
    before a run.
    """
    settings = cli_settings(engine, None)
    if settings.engine == "local" and engine != "bedrock" and not settings.model_ids() \
            and settings.resolved_chat_engine != "openai":
        out.print(f"{MARKS['ok']} local engine: it needs no AWS account, credentials or "
                  "network; nothing to check")
        out.print("      → to check a Bedrock setup: adstudio doctor --engine bedrock")
        if _print_provenance(settings) == "fail":
            raise typer.Exit(1)
        return
    if settings.resolved_chat_engine == "openai":
        checks = _server_checks(settings)
        if settings.model_ids():  # Bedrock images, video, or the bedrock engine
            checks += _bedrock_checks(settings)
    else:
        checks = _bedrock_checks(cli_settings(engine or "bedrock", None))
    for check in checks:
        out.print(f"{MARKS[check.status]} {check.name}: {check.detail}")
        if check.fix:
            out.print(f"      → {check.fix}")
    provenance = _print_provenance(settings)
    if any(check.status == "fail" for check in checks) or provenance == "fail":
        raise typer.Exit(1)


def _print_provenance(settings: Settings) -> str:
    """Say who signs the C2PA manifests (a local identity: valid but untrusted); its status."""
    from rich.markup import escape

    from core.provenance.identity import identity_status

    status = identity_status(settings.provenance, settings.data_dir)
    out.print(f"{MARKS[status.status]} C2PA provenance: {escape(status.detail)}")
    if status.fix:
        out.print(f"      → {escape(status.fix)}")
    return status.status


def _server_checks(settings: Settings) -> list[Check]:
    """The OpenAI-compatible chat server's checks."""
    from engines.openai_compat.doctor import check_server

    return check_server(settings)


def _bedrock_checks(settings: Settings) -> list[Check]:
    """The bedrock engine's checks."""
    from engines.bedrock.doctor import run_checks

    return run_checks(settings)
