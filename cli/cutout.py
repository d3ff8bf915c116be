"""``adstudio cutout``: remove a photo's background and write the product as a transparent PNG.

It calls the ``remove_background`` capability directly (no chat), after ``remove_hand``
with ``--remove-hand``. A photo that cannot be
used (unreadable, not an image, no product in it) is a message and exit 1, never a
traceback. Paid work above the cost threshold asks first.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from cli.console import console
from cli.options import DataDirOption, EngineOption, YesOption, cli_settings
from core.errors import CapabilityError

if TYPE_CHECKING:
    from core.schemas import RemoveBackgroundResult
    from core.settings import Settings
    from core.storage.assets import Asset
    from tools.services import Services

TOOL = "remove_background"
HAND_TOOL = "remove_hand"
OTHER_FORMATS = {".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".avif"}
"""Image extensions that cannot hold the cutout's transparency (refused, not replaced)."""


def cutout(
    image: Annotated[
        Path, typer.Option("--image", "-i", help="The product photo (PNG, JPEG or WebP).")
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The PNG to write (.png is added when missing).")
    ],
    box: Annotated[
        str | None,
        typer.Option(
            "--box",
            help="Only keep what lies inside LEFT,TOP,RIGHT,BOTTOM (the photo's pixels), when "
            "the automatic cutout picks the wrong thing.",
        ),
    ] = None,
    remove_hand: Annotated[
        bool,
        typer.Option(
            "--remove-hand",
            help="First erase the hand holding the product (Stability's erase object: the "
            "bedrock engine with Stability; the local engine cannot and says why).",
        ),
    ] = False,
    engine: EngineOption = None,
    data_dir: DataDirOption = None,
    yes: YesOption = False,
) -> None:
    """Remove a photo's background: write the product on transparency as a PNG.

    The PNG has the photo's size with the product where it was, so it lines up with the
    photo. Prints the written path, then how far the cutout can be trusted; doubts about it
    come as warnings. An existing --out file is replaced (never the photo itself). Exits 1
    when the photo cannot be used, 2 on a wrong option.
    """
    target = png_path(out)
    if target.exists() and target.resolve() == image.resolve():
        raise typer.BadParameter(
            f"{target} is the photo itself; write the cutout to another file, like "
            f"{target.with_name(target.stem + '-cutout.png')}",
            param_hint="--out",
        )
    settings = cli_settings(engine, data_dir)
    try:
        result, png = remove_background(
            settings, image, yes, parse_box(box), remove_hand=remove_hand
        )
    except CapabilityError as exc:
        console.print(f"[red]{escape(exc.message)}[/red] {escape(exc.hint)}".strip())
        raise typer.Exit(1) from exc
    write_png(target, png)
    typer.echo(str(target))
    from engines.local.cutout.confidence import DOUBTFUL  # loaded with the cutout itself

    verdict = ("in doubt, see below" if result.confidence < DOUBTFUL else
               f"no doubts: below {DOUBTFUL:.2f} it says why")
    console.print(
        f"{result.width}x{result.height} PNG, confidence {result.confidence:.2f} of 1 "
        f"({result.method}; {verdict})"
    )
    for note in result.notes:
        console.print(f"[yellow]warning:[/yellow] {escape(note)}")


def png_path(out: Path) -> Path:
    """The file to write: ``out`` itself when it ends in .png, else ``out`` + ``.png``.

    Raises:
        typer.BadParameter: ``out`` is a folder, or names a format without transparency.
    """
    if out.name in ("", ".", "..") or out.is_dir():
        raise typer.BadParameter(
            f"{out} is a folder; give a file name, like {out / 'cutout.png'}",
            param_hint="--out",
        )
    suffix = out.suffix.lower()
    if suffix in OTHER_FORMATS:
        raise typer.BadParameter(
            f"{out.name}: only a PNG keeps the transparency; name the file .png",
            param_hint="--out",
        )
    target = out if suffix == ".png" else out.with_name(out.name + ".png")
    for path in dict.fromkeys((out, target)):
        if path.is_dir():
            raise typer.BadParameter(
                f"{path} is a folder; give a file name, like {path / 'cutout.png'}",
                param_hint="--out",
            )
    return target


def parse_box(text: str | None) -> list[int] | None:
    """``LEFT,TOP,RIGHT,BOTTOM`` as four whole numbers, right of left and below top.

    Raises:
        typer.BadParameter: Not four whole numbers, or a box without area.
    """
    if text is None:
        return None
    parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        raise typer.BadParameter(
            f"{text!r}: give four whole numbers LEFT,TOP,RIGHT,BOTTOM, like 120,80,900,1100",
            param_hint="--box",
        )
    left, top, right, bottom = (int(p) for p in parts)
    if right <= left or bottom <= top:
        raise typer.BadParameter(
            f"{text!r}: RIGHT must be greater than LEFT and BOTTOM greater than TOP",
            param_hint="--box",
        )
    return [left, top, right, bottom]


def remove_background(
    settings: Settings,
    image: Path,
    yes: bool = False,
    box: list[int] | None = None,
    *,
    remove_hand: bool = False,
) -> tuple[RemoveBackgroundResult, bytes]:
    """Store the photo and remove its background; return the result and the PNG's bytes.

    With ``remove_hand``, the hand holding the product is erased first (``remove_hand``
    capability) and the background is removed from the photo without it.

    Raises:
        CapabilityError: The file cannot be read, is not an image the store takes, or
            holds no product; or the engines cannot be built.
        typer.Exit: Paid work above the threshold was not approved (exit 1).
    """
    from tools.sdk import registry
    from tools.services import build_services

    try:
        data = image.read_bytes()
    except OSError as exc:
        raise CapabilityError(
            f"Cannot read {image}: {exc.strerror or exc}.",
            hint="Check the path to the photo (a PNG, JPEG or WebP file).",
        ) from exc
    services = build_services(settings)
    photo = stored_photo(services, data, image.name)
    context = services.capability_context(settings.tenant)
    photo_id = photo.id
    if remove_hand:
        erase = {"product_image": photo_id}
        approve(services, erase, yes, HAND_TOOL)
        photo_id = registry()[HAND_TOOL].invoke(erase, context).asset_id
    args: dict[str, Any] = {"product_image": photo_id}
    if box is not None:
        args["box"] = box
    approve(services, args, yes)
    result: RemoveBackgroundResult = registry()[TOOL].invoke(args, context)
    return result, services.assets.read(result.asset_id)


def stored_photo(services: Services, data: bytes, filename: str) -> Asset:
    """The photo checked and stored as an upload (the same photo again is reused).

    Raises:
        InvalidImageError: Empty, too large, not a PNG/JPEG/WebP, or corrupt.
    """
    from core.storage.uploads import store_image

    settings = services.settings
    return store_image(
        services.assets, data, filename=filename, tenant=settings.tenant, kind="product_photo",
        max_bytes=settings.limits.max_upload_bytes,
        max_pixels=int(settings.limits.max_megapixels * 1e6), reuse=True,
    )


def approve(services: Services, args: dict[str, Any], yes: bool, tool: str = TOOL) -> None:
    """Ask before paid work above the cost threshold (exit 1 when it is not approved)."""
    from agent.events import ConfirmEvent
    from cli.console import confirm_spend
    from tools.cost import estimate

    settings = services.settings
    cost = estimate(tool, args, settings, services.assets)
    if cost.usd <= settings.costs.confirm_above_usd:
        return
    question = ConfirmEvent(
        id=tool, question=cost.description or tool, estimate_usd=cost.usd,
        threshold_usd=settings.costs.confirm_above_usd,
    )
    if not confirm_spend(question, yes):
        raise typer.Exit(1)


def write_png(target: Path, png: bytes) -> None:
    """Write the PNG whole (through a temporary file), creating its folders.

    Raises:
        typer.Exit: The file cannot be written (exit 1, with the reason).
    """
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(png)
        partial.replace(target)
    except OSError as exc:
        console.print(f"[red]Cannot write {escape(str(target))}:[/red] {exc.strerror or exc}")
        raise typer.Exit(1) from exc
    finally:
        partial.unlink(missing_ok=True)
