"""Whole numbers from query strings and headers: ASCII digits within SQLite's range, else 400."""

from __future__ import annotations

from api.errors import ApiError

MAX_INTEGER = 2**63 - 1
"""The largest integer SQLite stores (a larger one would fail deep inside a query)."""


def parse_count(value: str, name: str, limit: int = MAX_INTEGER) -> int:
    """``value`` as a whole number from 0 to ``limit``.

    Only ASCII digits count: ``str.isdigit`` also accepts ``²`` or ``٣``, which ``int``
    then refuses or reads as another number.

    Raises:
        ApiError: 400 ``bad_request`` naming ``name`` when ``value`` is not such a number.
    """
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(limit)) \
            or int(text) > limit:
        raise ApiError(400, "bad_request", f"{name} must be a whole number from 0 to {limit}.",
                       hint=f"Send {name} as plain digits (0-9), e.g. {name}=42.")
    return int(text)


def optional_count(value: str | None, name: str, limit: int = MAX_INTEGER) -> int | None:
    """:func:`parse_count` of ``value``, or None when it is absent or empty."""
    if value is None or not value.strip():
        return None
    return parse_count(value, name, limit)
