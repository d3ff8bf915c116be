"""``adstudio chat``: talk to the agent in the terminal, one thread at a time."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.console import console
from cli.options import DataDirOption, EngineOption, YesOption, cli_settings


def chat(
    image: Annotated[
        list[Path] | None, typer.Option("--image", "-i", help="Product photo to attach first.")
    ] = None,
    thread: Annotated[
        str | None, typer.Option(help="Continue this thread id (printed at start).")
    ] = None,
    engine: EngineOption = None,
    data_dir: DataDirOption = None,
    yes: YesOption = False,
) -> None:
    """Chat with the agent in the terminal.

    Type a message and press Enter. '/attach PATH' attaches a photo to your next message,
    '/new' starts a new thread, '/quit' (or Ctrl-D) leaves. Work estimated above the cost
    threshold asks 'Spend about $X? [y/N]' first.
    """
    from cli.session import answered, make_runtime, print_event, upload

    runtime = make_runtime(cli_settings(engine, data_dir))
    runtime.warm_in_background()  # while the user types the first message
    thread_id = thread or runtime.new_thread()
    pending = [upload(runtime, path) for path in image or []]
    console.print(f"thread {thread_id}: type a message, '/attach PATH', '/new' or '/quit'.")
    while True:
        try:
            line = input("you> ").strip() if sys.stdin.isatty() else sys.stdin.readline()
        except (EOFError, KeyboardInterrupt):
            break
        if line == "" and not sys.stdin.isatty():
            break
        line = line.strip()
        if line in ("/quit", "/exit"):
            break
        if line == "/new":
            thread_id = runtime.new_thread()
            console.print(f"new thread {thread_id}")
            continue
        if line.startswith("/attach "):
            try:
                pending.append(upload(runtime, Path(line.removeprefix("/attach ").strip())))
                console.print("attached; now type your message")
            except typer.BadParameter as exc:
                console.print(f"[red]error:[/red] {exc}")
            continue
        if not line and not pending:
            continue
        for event in answered(runtime, thread_id, runtime.stream(thread_id, line, pending), yes):
            print_event(event)
        pending = []
