"""CSV cells a spreadsheet would run as formulas are written as text."""

from __future__ import annotations

import csv
import io

import pytest

from core.spreadsheet import safe_row, spreadsheet_safe, write_safe_row


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Mug = cup", "Mug = cup"),
    ("", ""),
])
def test_text_that_starts_like_a_formula_gets_a_leading_quote(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written


def test_numbers_and_none_are_left_alone() -> None:
    assert [spreadsheet_safe(v) for v in (-3, 0.25, None)] == [-3, 0.25, None]


def test_a_row_written_through_the_helper_reads_back_as_text() -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["title", "cost"])
    writer.writeheader()
    write_safe_row(writer, {"title": "=cmd|' /C calc'!A0", "cost": -1.5})
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row == {"title": "'=cmd|' /C calc'!A0", "cost": "-1.5"}
    assert safe_row({"a": "@x"}) == {"a": "'@x"}
