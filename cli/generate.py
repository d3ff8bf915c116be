"""``adstudio generate``: ad images from a photo and a brief, headless, saved to a folder.

With ``--json`` it prints one JSON object per ad instead of its path, for scripts and
reviewers: ``path``, ``asset_id``, ``placement``, ``width``, ``height``, ``theme``,
``headline``, ``subline``, ``cta`` (as drawn; null when the placement shows none),
``layout`` (the boxes of the product, each text and the logo, in the ad's pixels: left,
top, right, bottom) and ``look`` (main colours and tone).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.console import console
from cli.options import DataDirOption, EngineOption, YesOption, cli_settings
from core.errors import CapabilityError

if TYPE_CHECKING:
    from agent.runtime import AgentRuntime
    from core.storage.assets import Asset


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
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print one JSON object per ad (path, placement, theme, "
                     "copy, layout boxes in pixels) instead of its path."),
    ] = False,
) -> None:
    """Make ad images from a photo and a brief, headless; print the written paths.

    Work estimated above the cost threshold needs --yes (or an answer on the terminal).
    """
    from cli.session import make_runtime, upload

    if not brief.strip():
        raise typer.BadParameter("describe the product", param_hint="--brief")
    if out_dir.exists() and not out_dir.is_dir():
        raise typer.BadParameter(f"{out_dir} is a file, not a folder", param_hint="--out")
    placements = [_placement(name) for name in placement or []]
    if theme:
        theme = _theme(theme)
    runtime = make_runtime(cli_settings(engine, data_dir))
    photo = upload(runtime, image)
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
    for path, asset_id in written:
        typer.echo(json.dumps(ad_record(runtime, path, asset_id)) if as_json else str(path))


def ad_record(runtime: AgentRuntime, path: Path, asset_id: str) -> dict[str, object]:
    """What ``--json`` prints of the ad ``asset_id``, written to ``path``."""
    asset = runtime.services.assets.get(asset_id)
    parameters = asset.parameters
    recipe = parameters.get("recipe") or {}
    layout = parameters.get("layout") or {}
    drawn = {t["role"]: t["text"] for t in layout.get("texts", [])}
    return {
        "path": str(path),
        "asset_id": asset.id,
        "placement": recipe.get("format"),
        "width": asset.width,
        "height": asset.height,
        "theme": parameters.get("theme"),
        # the copy as drawn: a placement may shorten a headline or allow no text at all
        "headline": drawn.get("headline"),
        "subline": drawn.get("subline"),
        "cta": drawn.get("cta"),
        "layout": layout or None,
        "look": parameters.get("look"),
    }


def _placement(name: str) -> str:
    """The placement id of a name or alias (``9:16`` is ``story``)."""
    from core.placements import resolve_placement

    try:
        return resolve_placement(name).id
    except CapabilityError as exc:
        raise typer.BadParameter(f"{exc.message} {exc.hint}", param_hint="--placement") from exc


def _theme(name: str) -> str:
    """The catalog theme id for ``name``, saying so when the nearest one stands in for it."""
    from engines.local.themes import normalize, resolve_theme

    resolved = resolve_theme(name)
    if normalize(resolved.id) != normalize(name) and normalize(resolved.label) != normalize(name):
        console.print(f"theme '{name}' is not in the catalog; using '{resolved.id}'")
    return resolved.id


def _run_and_save(
    runtime: AgentRuntime, message: str, photo: Asset, out_dir: Path, yes: bool = False
) -> list[tuple[Path, str]]:
    """Run one turn on a new thread and copy each ad image it makes to ``out_dir``.

    Returns:
        Each copy's path and the ad's asset id, in the order they were made.
    """
    from rich.markdown import Markdown

    from agent.events import AssetEvent, TextEvent
    from cli.session import answered, print_event
    from tools.capabilities.download import ad_file_name

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, str]] = []
    thread_id = runtime.new_thread()
    for event in answered(runtime, thread_id, runtime.stream(thread_id, message, [photo]), yes):
        if isinstance(event, AssetEvent) and event.kind == "ad_image":
            ad = runtime.services.assets.get(event.asset_id)
            target = out_dir / ad_file_name(len(written) + 1, ad, unique=True)
            shutil.copyfile(event.path, target)
            written.append((target, event.asset_id))
        elif isinstance(event, TextEvent):
            console.print(Markdown(event.markdown))  # markup shows as text, no link
        elif isinstance(event, AssetEvent):  # stdout holds the ads only (paths or JSON)
            console.print(f"  {event.label or event.caption}: {event.path}", markup=False)
        else:
            print_event(event)
    return written
