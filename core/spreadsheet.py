"""CSV cells a spreadsheet cannot run as formulas (CSV injection): every CSV adstudio writes."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a cell starts with when a spreadsheet would read it as a formula."""


def spreadsheet_safe(value: object) -> object:
    """A text cell starting with ``= + - @`` (or a tab or CR) prefixed with ``'``.

    Spreadsheets run such cells as formulas (CSV injection); the quote shows them as text,
    as spreadsheet exports do. Numbers and other non-text values are left as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row: Mapping[str, object]) -> dict[str, object]:
    """``row`` with every cell made :func:`spreadsheet_safe`."""
    return {key: spreadsheet_safe(value) for key, value in row.items()}


def write_safe_row(writer: csv.DictWriter[Any], row: Mapping[str, object]) -> None:
    """Write ``row`` with ``writer``, every cell made :func:`spreadsheet_safe`."""
    writer.writerow(safe_row(row))
