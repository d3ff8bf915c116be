"""Prompt templates as files, with named placeholders filled by the nodes that use them."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

PROMPTS_DIR = Path(__file__).parent


@cache
def template(name: str) -> str:
    """Return the raw text of ``prompts/<name>.md``."""
    return (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")


def placeholders(name: str) -> set[str]:
    """Return the named placeholders of a template."""
    return {field for _, field, _, _ in Formatter().parse(template(name)) if field}


def render(name: str, **values: Any) -> str:
    """Fill a template's placeholders.

    Raises:
        KeyError: A placeholder has no value (so a prompt is never sent half-filled).
    """
    missing = placeholders(name) - values.keys()
    if missing:
        raise KeyError(f"prompt {name!r} needs values for {sorted(missing)}")
    return template(name).format(**values)
