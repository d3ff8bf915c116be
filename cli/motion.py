"""``adstudio animate`` and ``adstudio video``: live images and video ads from the terminal.

They call the capabilities directly (no chat), with a progress bar; Ctrl-C cancels a
render and leaves no half-written file. Paid work above the cost threshold asks first.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from cli.options import DataDirOption, EngineOption, YesOption, cli_settings
from core.errors import CapabilityError, RenderCancelled

if TYPE_CHECKING:
    from core.schemas import VideoAsset
    from core.settings import Settings
    from core.storage.assets import Asset
    from tools.services import Services

console = Console(stderr=True, highlight=False)
_SIZES = {
    "16:9": "1280x720", "landscape": "1280x720", "720p": "1280x720", "1280x720": "1280x720",
    "1080p": "1920x1080", "1920x1080": "1920x1080",
    "9:16": "1080x1920", "vertical": "1080x1920", "1080x1920": "1080x1920",
}


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
    if fps not in (24, 30):
        raise typer.BadParameter("use 24 or 30", param_hint="--fps")
    if motion not in ("auto", "push", "drift", "parallax"):
        raise typer.BadParameter("use auto, push, drift or parallax", param_hint="--motion")
    settings = cli_settings(engine, data_dir)
    for path in render_live_image(settings, image, out_dir, seconds, fps, motion, yes):
        typer.echo(str(path))


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
    if not brief.strip():
        raise typer.BadParameter("describe the product", param_hint="--brief")
    settings = cli_settings(engine, data_dir)
    for path in render_video(settings, image, brief, out_dir, seconds, size, placement, yes):
        typer.echo(str(path))


@contextmanager
def _progress_bar(label: str) -> Iterator[Any]:
    """A rich progress bar on stderr, fed by the capability's (done, total, message)."""
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def report(done: int, total: int, message: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{label}: {message}")

        yield report


def _asset_for(services: Services, path: Path, kind: str) -> Asset:
    """The stored asset with the file's bytes (an ad made here keeps its layers), or a new one."""
    from core.images import decode_image

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc.strerror}") from exc
    digest = hashlib.sha256(data).hexdigest()
    known = services.assets.find(digest, tenant=services.settings.tenant)
    if known is not None:
        return known
    settings = services.settings
    try:
        image, mime = decode_image(data, max_bytes=int(settings.limits.max_upload_mb * 2**20),
                                   max_pixels=int(settings.limits.max_megapixels * 1e6))
    except CapabilityError as exc:
        raise typer.BadParameter(f"{path.name}: {exc}") from exc
    return services.assets.put(data, kind=kind, mime=mime, width=image.width,
                               height=image.height, caption=path.name, tenant=settings.tenant)


def _confirm(settings: Settings, services: Services, tool: str, args: dict[str, Any],
             yes: bool) -> None:
    """Ask before paid work above the threshold (declines with exit 1 when not approved)."""
    from agent.events import ConfirmEvent
    from cli.console import confirm_spend
    from tools.cost import estimate

    cost = estimate(tool, args, settings, services.assets)
    if cost.usd <= settings.costs.confirm_above_usd:
        return
    question = ConfirmEvent(id=tool, question=cost.description or tool, estimate_usd=cost.usd,
                            threshold_usd=settings.costs.confirm_above_usd, details=[], call_ids=[])
    if not confirm_spend(question, yes):
        raise typer.Exit(1)


def _save(services: Services, video: VideoAsset, out_dir: Path, stem: str) -> list[Path]:
    """Copy the MP4, preview and poster to ``out_dir``; return the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for asset_id in (video.asset_id, video.preview_id, video.poster_id):
        if asset_id:
            source = services.assets.path(asset_id)
            target = out_dir / f"{stem}{source.suffix}"
            shutil.copyfile(source, target)
            written.append(target)
    return written


def _run(services: Services, tool: str, args: dict[str, Any], label: str) -> Any:
    """Invoke one capability with a progress bar; errors become a message and exit 2."""
    from tools.sdk import registry

    try:
        with _progress_bar(label) as report:
            return registry()[tool].invoke(
                args, services.capability_context(services.settings.tenant, progress=report)
            )
    except RenderCancelled as exc:
        console.print(f"[yellow]{exc.message}[/yellow]")
        raise typer.Exit(130) from exc
    except KeyboardInterrupt as exc:
        console.print("[yellow]cancelled; nothing was saved[/yellow]")
        raise typer.Exit(130) from exc
    except CapabilityError as exc:
        console.print(f"[red]{exc.message}[/red] {exc.hint}".strip())
        raise typer.Exit(2) from exc


def render_live_image(
    settings: Settings,
    image: Path,
    out_dir: Path,
    seconds: float,
    fps: int,
    motion: str,
    yes: bool,
) -> list[Path]:
    """Make a live image from an ad image file; return the written paths."""
    from tools.services import build_services

    services = build_services(settings)
    asset = _asset_for(services, image, "ad_image")
    args = {"asset_id": asset.id, "seconds": seconds, "fps": fps, "motion": motion}
    _confirm(settings, services, "animate_image", args, yes)
    result = _run(services, "animate_image", args, "live image")
    if result.video is None:
        console.print(f"started job {result.job_id}; `adstudio serve` delivers it when done")
        return []
    for note in result.notes:
        console.print(note)
    return _save(services, result.video, out_dir, f"{image.stem}-live")


def render_video(
    settings: Settings,
    image: Path,
    brief: str,
    out_dir: Path,
    seconds: int,
    size: str,
    placement: str | None,
    yes: bool,
) -> list[Path]:
    """Storyboard and render a video ad from a product photo; return the written paths."""
    if size not in _SIZES:
        raise typer.BadParameter(f"use one of {', '.join(_SIZES)}", param_hint="--format")
    from tools.services import build_services

    services = build_services(settings)
    photo = _asset_for(services, image, "product_photo")
    board = _run(services, "write_storyboard", {
        "product_image": photo.id, "seconds": seconds, "size": _SIZES[size], "context": brief,
    }, "storyboard")
    console.print(board.summary())
    args = {"storyboard_id": board.storyboard_id, "placement": placement}
    _confirm(settings, services, "generate_video", args, yes)
    result = _run(services, "generate_video", args, "video")
    for note in result.notes:
        console.print(note)
    if result.video is None:
        console.print(f"started job {result.job_id}; `adstudio serve` delivers it when done")
        return []
    return _save(services, result.video, out_dir, f"{image.stem}-video")

