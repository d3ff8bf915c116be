"""The agent as ``serve``, ``chat`` and ``generate`` drive it: built, fed, and printed.

This module imports the agent at load, so the commands import it only when they run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import typer
from rich.markdown import Markdown
from rich.markup import escape

from agent.events import (
    AssetEvent,
    ConfirmEvent,
    CostEvent,
    ErrorEvent,
    Event,
    GuardrailEvent,
    ProgressEvent,
    TextEvent,
    ToolEndEvent,
    ToolStartEvent,
)
from agent.runtime import AgentRuntime
from cli.console import confirm_spend, console, out
from core.errors import CapabilityError
from core.settings import Settings
from core.storage.assets import Asset


def make_runtime(settings: Settings) -> AgentRuntime:
    """The agent for ``settings``; a setup problem is a message, not a traceback."""
    try:
        return AgentRuntime(settings)
    except CapabilityError as exc:
        console.print(f"[red]error:[/red] {exc.message}\n{exc.hint}")
        raise typer.Exit(2) from exc


def print_event(event: Event) -> None:
    """Print one run event: text on stdout, tool steps, findings and costs on stderr.

    Text from the run is data: Rich markup in it (``[link=...]``) prints as typed.
    """
    if isinstance(event, TextEvent):
        # the safe form: markup from product text shows as text, no link, no escape code
        out.print(Markdown(event.markdown), soft_wrap=False)  # wrapped, never cropped
    elif isinstance(event, ToolStartEvent):
        console.print(f"[dim]→ {event.name}[/dim]")
    elif isinstance(event, ToolEndEvent):
        mark = "[green]✓[/green]" if event.ok else "[red]✗[/red]"
        seconds = f" ({event.seconds:.1f}s)" if event.seconds is not None else ""
        console.print(f"  {mark} {event.name}{seconds}: {escape(event.summary)}")
    elif isinstance(event, ProgressEvent):
        console.print(f"[dim]  {escape(event.message)}[/dim]")
    elif isinstance(event, AssetEvent):
        label = event.label or event.caption
        out.print(f"  {label}: {event.path}", markup=False)
    elif isinstance(event, GuardrailEvent):
        finding = f"guardrail {event.severity} {event.rule_id}:"
        console.print(f"[yellow]{finding}[/yellow] {escape(event.reason)}")
    elif isinstance(event, ErrorEvent):
        console.print(f"[red]error:[/red] {escape(event.message)}")
    elif isinstance(event, CostEvent) and event.scope == "turn":
        console.print(
            f"[dim]this turn: about ${event.usd:.2f} "
            f"(estimate, prices of {event.prices_date})[/dim]"
        )
    elif isinstance(event, ConfirmEvent):
        console.print(f"[yellow]confirm:[/yellow] {escape(event.question)}")


def answered(
    runtime: AgentRuntime, thread_id: str, events: Iterable[Event], yes: bool
) -> Iterator[Event]:
    """Yield a run's events, answering each cost confirmation and streaming the rest."""
    while True:
        question: ConfirmEvent | None = None
        for event in events:
            if isinstance(event, ConfirmEvent):
                question = event
            yield event
        if question is None:
            return
        events = runtime.resume(thread_id, confirm_spend(question, yes))


def upload(runtime: AgentRuntime, path: Path) -> Asset:
    """Store a photo file as an asset of the agent.

    Raises:
        typer.BadParameter: The file cannot be read or is not an image the agent takes.
    """
    try:
        return runtime.upload(path.read_bytes(), path.name)
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc.strerror}") from exc
    except CapabilityError as exc:
        raise typer.BadParameter(f"{path.name}: {exc}") from exc
