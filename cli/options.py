"""What every ``adstudio`` command shares: the settings with its ``--engine``/``--data-dir``."""

from __future__ import annotations

from pathlib import Path

import typer

from core.settings import Settings, get_settings


def cli_settings(engine: str | None, data_dir: Path | None) -> Settings:
    """The deployment settings with a command's ``--engine`` and ``--data-dir`` applied.

    Raises:
        typer.BadParameter: An engine other than ``local`` or ``bedrock``.
    """
    overrides: dict[str, object] = {}
    if engine:
        if engine not in ("local", "bedrock"):
            raise typer.BadParameter("use 'local' or 'bedrock'", param_hint="--engine")
        overrides["engine"] = engine
    if data_dir:
        overrides["data_dir"] = data_dir
    return get_settings().model_copy(update=overrides) if overrides else get_settings()
