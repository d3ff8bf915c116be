"""Reviewer identity: a name belongs to the browser (or client) that first used it.

A browser keeps a random token (see :func:`new_token`); the first time it rates under a
name, the name is claimed for that token (its SHA-256 is stored, never the token). Later,
only the same token may act under that name, so nobody can overwrite another reviewer's
scores by typing their name. Names are compared case- and space-insensitively ('Ana ' and
'ana' are one reviewer).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3

from evals.reviews.models import ReviewError, reviewer_name

SCHEMA = """
CREATE TABLE IF NOT EXISTS review_reviewers (
    tenant TEXT NOT NULL,
    name_key TEXT NOT NULL,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (tenant, name_key)
);
"""
MIN_TOKEN = 16


class ReviewerTakenError(ReviewError):
    """The name is another browser's: rating under it would overwrite their scores."""


def new_token() -> str:
    """A fresh random token for one browser (kept in its local storage)."""
    return secrets.token_urlsafe(24)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def name_key(name: str) -> str:
    """The key two spellings of one name share (trimmed, case-folded, spaces collapsed)."""
    return " ".join(name.split()).casefold()


def claim(db: sqlite3.Connection, tenant: str, reviewer: str, token: str | None,
          now: str) -> str:
    """The reviewer's name, claimed for ``token`` if nobody holds it yet.

    Returns:
        The name as first claimed (so 'ANA' acts as 'ana' when ana came first).

    Raises:
        ReviewError: A bad name, or no token (reload the page).
        ReviewerTakenError: The name belongs to another token.
    """
    name = reviewer_name(reviewer)
    if not token or len(token) < MIN_TOKEN:
        raise ReviewError("This browser has no reviewer identity yet.",
                          hint="Reload the page, then type your name again.")
    key = name_key(name)
    row = db.execute("SELECT name, token_hash FROM review_reviewers WHERE tenant = ? AND "
                     "name_key = ?", (tenant, key)).fetchone()
    if row is None:
        db.execute("INSERT INTO review_reviewers (tenant, name_key, name, token_hash, created) "
                   "VALUES (?, ?, ?, ?, ?)", (tenant, key, name, _hash(token), now))
        return name
    if not hmac.compare_digest(str(row["token_hash"]), _hash(token)):
        raise ReviewerTakenError(
            f"The reviewer name {name!r} is already used from another browser.",
            hint="Pick another name (yours is kept in this browser once you rate).")
    return str(row["name"])
