"""What the ``adstudio`` commands share: ``--engine``, ``--data-dir``, ``--yes`` and settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from core.settings import Settings

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


def cli_settings(engine: str | None, data_dir: Path | None) -> Settings:
    """The deployment settings with a command's ``--engine`` and ``--data-dir`` applied.

    Raises:
        typer.BadParameter: An engine other than ``local`` or ``bedrock``.
    """
    from core.settings import get_settings

    overrides: dict[str, object] = {}
    if engine:
        if engine not in ("local", "bedrock"):
            raise typer.BadParameter("use 'local' or 'bedrock'", param_hint="--engine")
        overrides["engine"] = engine
    if data_dir:
        overrides["data_dir"] = data_dir
    return get_settings().with_changes(**overrides) if overrides else get_settings()
