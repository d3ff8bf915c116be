"""Reviewer identity: a name belongs to the browser (or client) that first used it.

A browser keeps a random token (see :func:`new_token`); the first time it rates under a
name, the name is claimed for that token (its SHA-256 is stored, never the token). Later,
only the same token may act under that name, so nobody can overwrite another reviewer's
scores by typing their name. Names are compared case- and space-insensitively ('Ana ' and
'ana' are one reviewer). The claims are the review store's ``review_reviewers`` table
(created by its migrations, ``evals/migrations/reviews``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import Connection, text

from evals.reviews.models import ReviewError, reviewer_name

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


def claim(db: Connection, tenant: str, reviewer: str, token: str | None, now: str) -> str:
    """The reviewer's name, claimed for ``token`` if nobody holds it yet.

    The claim is written only where the name is free (two browsers claiming it at once:
    the first wins, on SQLite and PostgreSQL alike), then the holder is read back.

    Args:
        db: A connection in the caller's write transaction.
        tenant: Whose reviewers.
        reviewer: The name typed.
        token: This browser's token.
        now: When (ISO 8601), kept with a new claim.

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
    db.execute(text("INSERT INTO review_reviewers (tenant, name_key, name, token_hash, created) "
                    "VALUES (:tenant, :key, :name, :hash, :now) "
                    "ON CONFLICT (tenant, name_key) DO NOTHING"),
               {"tenant": tenant, "key": key, "name": name, "hash": _hash(token), "now": now})
    row = db.execute(text("SELECT name, token_hash FROM review_reviewers WHERE tenant = :tenant "
                          "AND name_key = :key"), {"tenant": tenant, "key": key}).mappings().one()
    if not hmac.compare_digest(str(row["token_hash"]), _hash(token)):
        raise ReviewerTakenError(
            f"The reviewer name {name!r} is already used from another browser.",
            hint="Pick another name (yours is kept in this browser once you rate).")
    return str(row["name"])
