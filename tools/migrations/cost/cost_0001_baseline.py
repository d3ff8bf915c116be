"""The cost ledger, as adstudio kept it before migrations existed.

``usd`` was ``REAL``; it is ``DOUBLE PRECISION`` here, which SQLite reads as the same
(REAL affinity) and PostgreSQL keeps in 8 bytes (its ``REAL`` has 4: cents would drift).

Revision ID: cost_0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "cost_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table if it is missing (an older data dir's is kept as it is)."""
    op.execute(
        """CREATE TABLE IF NOT EXISTS costs (
            thread TEXT NOT NULL,
            turn TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            model TEXT NOT NULL,
            usd DOUBLE PRECISION NOT NULL,
            status TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (thread, key)
        )"""
    )
