"""The terminal the commands write to, and the one question they ask: may this cost money."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:
    from agent.events import ConfirmEvent

console = Console(stderr=True, highlight=False, soft_wrap=True)  # paths stay whole
out = Console(highlight=False, soft_wrap=True)


def confirm_spend(event: ConfirmEvent, yes: bool) -> bool:
    """Decide a cost confirmation: ``--yes`` approves; CI or no answer declines.

    The answer is read from the terminal, or from the next line of piped input.
    """
    if yes:
        console.print(f"approved by --yes: about ${event.estimate_usd:.2f}")
        return True
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        console.print("declined: CI is set and --yes was not given")
        return False
    try:
        return typer.confirm(f"Spend about ${event.estimate_usd:.2f}?", default=False, err=True)
    except typer.Abort:
        console.print("declined: no answer (pass --yes to approve paid work)")
        return False
