"""Numbers from query strings and headers: plain ASCII digits SQLite can hold, else 400."""

from __future__ import annotations

import pytest

from api.errors import ApiError
from api.numbers import optional_count, parse_count


@pytest.mark.parametrize("text, expected", [("0", 0), ("42", 42), (" 7 ", 7),
                                            (str(2**63 - 1), 2**63 - 1)])
def test_plain_digits_are_read(text: str, expected: int) -> None:
    assert parse_count(text, "after") == expected


@pytest.mark.parametrize("text", ["²", "٣", "１２", "-1", "+1", "1.0", "1e3", "", "0x10",
                                  str(2**63), "9" * 5000])
def test_anything_else_is_a_400_naming_the_parameter(text: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_count(text, "Last-Event-ID")
    error = caught.value
    assert (error.status, error.code) == (400, "bad_request")
    assert "Last-Event-ID" in error.message and error.hint


def test_a_lower_limit_and_absent_values() -> None:
    assert parse_count("999", "exp", limit=999) == 999
    with pytest.raises(ApiError):
        parse_count("1000", "exp", limit=999)
    assert optional_count(None, "exp") is None and optional_count("  ", "exp") is None
