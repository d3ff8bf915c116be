"""The ``adstudio`` command: serve the UI, chat in the terminal, or generate headless."""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown

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
from cli.batch import batch as batch_command
from cli.console import confirm_spend, console, out
from cli.evaluate import eval_app
from cli.keys import keys_app
from cli.options import cli_settings
from cli.review import review_app
from core.errors import CapabilityError
from core.placements import load_placements, resolve_placement
from core.settings import Settings, get_settings
from core.storage.assets import Asset
from engines.local.themes import load_themes, normalize, resolve_theme

app = typer.Typer(
    name="adstudio",
    help="adstudio: an agentic creative assistant for advertisers.\n\n"
    "Settings come from ADSTUDIO_* environment variables (see README): for example "
    "ADSTUDIO_ENGINE=local|bedrock and ADSTUDIO_DATA_DIR.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(keys_app, name="keys")
app.command("batch")(batch_command)
app.add_typer(eval_app, name="eval")
app.add_typer(review_app, name="review")

EngineOption = Annotated[
    str | None,
    typer.Option(
        "--engine", help="local (offline, default) or bedrock; overrides ADSTUDIO_ENGINE."
    ),
]
DataDirOption = Annotated[
    Path | None, typer.Option("--data-dir", help="Where threads and assets are kept.")
]
YesOption = Annotated[
    bool,
    typer.Option(
        "--yes",
        "-y",
        help="Approve paid work above the cost threshold without asking "
        "(ADSTUDIO_CONFIRM_ABOVE_USD). Without it, no terminal or CI=true declines.",
    ),
]


def _runtime(settings: Settings) -> AgentRuntime:
    """The agent for ``settings``; a setup problem is a message, not a traceback."""
    try:
        return AgentRuntime(settings)
    except CapabilityError as exc:
        console.print(f"[red]error:[/red] {exc.message}\n{exc.hint}")
        raise typer.Exit(2) from exc


def _print_event(event: Event) -> None:
    if isinstance(event, TextEvent):
        out.print(Markdown(event.text))
    elif isinstance(event, ToolStartEvent):
        console.print(f"[dim]→ {event.name}[/dim]")
    elif isinstance(event, ToolEndEvent):
        mark = "[green]✓[/green]" if event.ok else "[red]✗[/red]"
        seconds = f" ({event.seconds:.1f}s)" if event.seconds is not None else ""
        console.print(f"  {mark} {event.name}{seconds}: {event.summary}")
    elif isinstance(event, ProgressEvent):
        console.print(f"[dim]  {event.message}[/dim]")
    elif isinstance(event, AssetEvent):
        label = event.label or event.caption
        out.print(f"  {label}: {event.path}", markup=False)
    elif isinstance(event, GuardrailEvent):
        finding = f"guardrail {event.severity} {event.rule_id}:"
        console.print(f"[yellow]{finding}[/yellow] {event.reason}")
    elif isinstance(event, ErrorEvent):
        console.print(f"[red]error:[/red] {event.message}")
    elif isinstance(event, CostEvent) and event.scope == "turn":
        console.print(
            f"[dim]this turn: about ${event.usd:.2f} "
            f"(estimate, prices of {event.prices_date})[/dim]"
        )
    elif isinstance(event, ConfirmEvent):
        console.print(f"[yellow]confirm:[/yellow] {event.question}")


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


def _upload(runtime: AgentRuntime, path: Path) -> Asset:
    try:
        return runtime.upload(path.read_bytes(), path.name)
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc.strerror}") from exc
    except CapabilityError as exc:
        raise typer.BadParameter(f"{path.name}: {exc}") from exc


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 7860).")] = None,
    engine: EngineOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Serve the chat UI at /ui and the HTTP API at /v1 (what `make run` runs)."""
    from cli.keys import serve as serve_api

    settings = cli_settings(engine, data_dir)
    host = host or settings.host
    port = port or settings.port
    console.print(f"adstudio on the [bold]{settings.engine}[/bold] engine (Ctrl-C stops):")
    try:
        serve_api(_runtime(settings), host, port)
    except ValueError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
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
    runtime = _runtime(cli_settings(engine, data_dir))
    thread_id = thread or runtime.new_thread()
    pending = [_upload(runtime, path) for path in image or []]
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
                pending.append(_upload(runtime, Path(line.removeprefix("/attach ").strip())))
                console.print("attached; now type your message")
            except typer.BadParameter as exc:
                console.print(f"[red]error:[/red] {exc}")
            continue
        if not line and not pending:
            continue
        for event in answered(runtime, thread_id, runtime.stream(thread_id, line, pending), yes):
            _print_event(event)
        pending = []


@app.command()
def generate(
    image: Annotated[Path, typer.Option("--image", "-i", help="The product photo.")],
    brief: Annotated[str, typer.Option("--brief", "-b", help="Product and campaign brief.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the ads.")] = Path("ads"),
    n: Annotated[
        int | None, typer.Option("--n", "-n", min=1, max=8, help="Variations (default 4).")
    ] = None,
    theme: Annotated[
        str | None,
        typer.Option("--theme", "-t", help="Scene theme (default auto); see `adstudio themes`."),
    ] = None,
    placement: Annotated[
        list[str] | None,
        typer.Option(
            "--placement",
            "--format",
            "-p",
            help="Where the ads run, repeatable: square (default), story, 9:16, 728x90, ...; "
            "see `adstudio placements`.",
        ),
    ] = None,
    engine: EngineOption = None,
    data_dir: DataDirOption = None,
    yes: YesOption = False,
) -> None:
    """Make ad images from a photo and a brief, headless; print the written paths.

    Work estimated above the cost threshold needs --yes (or an answer on the terminal).
    """
    if not brief.strip():
        raise typer.BadParameter("describe the product", param_hint="--brief")
    if out_dir.exists() and not out_dir.is_dir():
        raise typer.BadParameter(f"{out_dir} is a file, not a folder", param_hint="--out")
    placements = [_placement(name) for name in placement or []]
    if theme:
        resolved = resolve_theme(theme)
        if normalize(resolved.id) != normalize(theme) and normalize(resolved.label) != normalize(
            theme
        ):
            console.print(f"theme '{theme}' is not in the catalog; using '{resolved.id}'")
        theme = resolved.id
    runtime = _runtime(cli_settings(engine, data_dir))
    photo = _upload(runtime, image)
    asks = [f"Make {n} images." if n else ""]
    asks.append(f"Placements: {', '.join(placements)}." if placements else "")
    asks.append(f"Use the {theme} theme." if theme else "")
    message = "\n".join([brief.strip(), *[a for a in asks if a]])
    try:
        written = _run_and_save(runtime, message, photo, out_dir, yes)
    except OSError as exc:
        raise typer.BadParameter(f"cannot write to {out_dir}: {exc.strerror}") from exc
    if not written:
        console.print("[red]no images were made[/red]")
        raise typer.Exit(1)
    for path in written:
        typer.echo(str(path))


@app.command()
def animate(
    image: Annotated[Path, typer.Option("--image", "-i", help="The ad image (PNG/JPEG).")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the files.")] = Path(
        "videos"
    ),
    seconds: Annotated[
        float, typer.Option("--seconds", "-s", min=3, max=6, help="Loop length, 3 to 6 s.")
    ] = 4.0,
    fps: Annotated[int, typer.Option("--fps", help="24 or 30 frames per second.")] = 24,
    motion: Annotated[
        str, typer.Option("--motion", help="auto, push, drift or parallax.")
    ] = "auto",
    engine: EngineOption = None,
    data_dir: DataDirOption = None,
    yes: YesOption = False,
) -> None:
    """Turn an ad image into a live image: a seamless MP4 loop, WebP preview and poster.

    Ads made by adstudio (same data dir) move in layers: scene, product and text apart.
    Prints the written paths; Ctrl-C cancels without leaving a half-written file.
    """
    import cli.motion as cli_motion
    if fps not in (24, 30):
        raise typer.BadParameter("use 24 or 30", param_hint="--fps")
    if motion not in ("auto", "push", "drift", "parallax"):
        raise typer.BadParameter("use auto, push, drift or parallax", param_hint="--motion")
    settings = cli_settings(engine, data_dir)
    for path in cli_motion.animate(settings, image, out_dir, seconds, fps, motion, yes):
        typer.echo(str(path))


@app.command()
def video(
    image: Annotated[Path, typer.Option("--image", "-i", help="The product photo.")],
    brief: Annotated[str, typer.Option("--brief", "-b", help="Product and campaign brief.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the files.")] = Path(
        "videos"
    ),
    seconds: Annotated[
        int, typer.Option("--seconds", "-s", min=6, max=60, help="Length, 6 to 60 seconds.")
    ] = 12,
    size: Annotated[
        str, typer.Option("--format", "-f", help="16:9 (1280x720), 1080p (1920x1080) or 9:16.")
    ] = "16:9",
    placement: Annotated[
        str | None,
        typer.Option("--placement", "-p", help="Check against: sponsored-brands-video, "
                     "animated-display, story-video ..."),
    ] = None,
    engine: EngineOption = None,
    data_dir: DataDirOption = None,
    yes: YesOption = False,
) -> None:
    """Storyboard and render a video ad from a product photo and a brief.

    Prints the storyboard, then the written paths (MP4, WebP preview, poster).
    """
    import cli.motion as cli_motion
    if not brief.strip():
        raise typer.BadParameter("describe the product", param_hint="--brief")
    settings = cli_settings(engine, data_dir)
    paths = cli_motion.video(settings, image, brief, out_dir, seconds, size, placement, yes)
    for path in paths:
        typer.echo(str(path))


@app.command()
def check(
    text: Annotated[str | None, typer.Argument(help="The ad text to check.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the ad text from a file ('-': stdin).")
    ] = None,
    image: Annotated[
        Path | None, typer.Option("--image", "-i", help="Check an ad image (PNG/JPEG/WebP).")
    ] = None,
    placement: Annotated[
        str | None, typer.Option("--placement", "-p", help="Placement of the image: story, ...")
    ] = None,
    tenant: Annotated[
        str | None, typer.Option(help="Apply this tenant's policy overrides (ADSTUDIO_POLICY_DIR).")
    ] = None,
    marketplace: Annotated[
        str | None, typer.Option(help="Apply this marketplace's policy overrides (uk, de, ...).")
    ] = None,
    allow: Annotated[
        list[str] | None,
        typer.Option("--allow", help="A restricted category you may advertise (alcohol, "
                     "tobacco, gambling, prescription); repeatable. Its findings only warn."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print findings as JSON.")] = False,
) -> None:
    """Check ad text or an ad image against the ad policy, one finding per line.

    Exits 1 when something would be blocked, 0 otherwise (2 for usage errors), so scripts
    and CI can gate copy on it: `adstudio check "The #1 bottle!"`, `adstudio check -f copy.txt`.
    """
    import cli.check as cli_check
    request = cli_check.CheckRequest(
        text=text, file=file, image=image, placement=placement, tenant=tenant,
        marketplace=marketplace, allow=allow or [], as_json=as_json,
    )
    raise typer.Exit(cli_check.check(request, get_settings()))


@app.command()
def doctor(engine: EngineOption = None) -> None:
    """Check what the bedrock engine needs: credentials, region, model access, guardrail.

    Exits 1 when a check fails, so scripts can use it before a paid run.
    """
    from engines.bedrock.doctor import run_checks

    settings = cli_settings(engine or "bedrock", None)
    marks = {
        "ok": "[green]ok[/green]  ",
        "warn": "[yellow]warn[/yellow]",
        "fail": "[red]fail[/red]",
    }
    checks = run_checks(settings)
    for check in checks:
        out.print(f"{marks[check.status]} {check.name}: {check.detail}")
        if check.fix:
            out.print(f"      → {check.fix}")
    if any(check.status == "fail" for check in checks):
        raise typer.Exit(1)


@app.command()
def themes() -> None:
    """List the scene themes, by group (use an id or label with --theme, or in the chat)."""
    groups: dict[str, list[str]] = {}
    for item in load_themes().values():
        groups.setdefault(item.group, []).append(f"{item.id} ({item.label})")
    for group, names in groups.items():
        out.print(f"[bold]{group}[/bold]: " + ", ".join(names))


@app.command()
def placements() -> None:
    """List the placements (ad sizes and their rules) for --placement or the chat."""
    for item in load_placements().values():
        rules = [] if item.allows_text else ["no text"]
        if item.max_headline_chars:
            rules.append(f"headline <= {item.max_headline_chars} chars")
        aliases = f" aka {', '.join(item.aliases)}" if item.aliases else ""
        extra = f" [{'; '.join(rules)}]" if rules else ""
        out.print(f"{item.id:<24} {item.width}x{item.height}{aliases}{extra}", markup=False)


def _placement(name: str) -> str:
    try:
        return resolve_placement(name).id
    except CapabilityError as exc:
        raise typer.BadParameter(f"{exc.message} {exc.hint}", param_hint="--placement") from exc


def _run_and_save(
    runtime: AgentRuntime, message: str, photo: Asset, out_dir: Path, yes: bool = False
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    thread_id = runtime.new_thread()
    for event in answered(runtime, thread_id, runtime.stream(thread_id, message, [photo]), yes):
        if isinstance(event, AssetEvent) and event.kind == "ad_image":
            target = out_dir / f"ad-{len(written) + 1:02d}-{event.asset_id}.png"
            shutil.copyfile(event.path, target)
            written.append(target)
        elif isinstance(event, TextEvent):
            console.print(Markdown(event.text))
        else:
            _print_event(event)
    return written


@app.command("mcp")
def mcp_server(
    tenant: Annotated[
        str | None, typer.Option(help="Tenant the tools act as (default: ADSTUDIO_TENANT).")
    ] = None,
    engine: EngineOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Serve the tools over MCP on stdin/stdout (for MCP hosts and agents)."""
    import cli.mcp as cli_mcp
    settings = cli_settings(engine, data_dir)
    try:
        cli_mcp.serve_stdio(settings, tenant or settings.tenant)
    except CapabilityError as exc:
        console.print(f"[red]error:[/red] {exc.message}\n{exc.hint}")
        raise typer.Exit(2) from exc


def main() -> None:
    """Entry point with logging set up."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
