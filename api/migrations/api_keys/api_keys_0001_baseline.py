"""API keys (hashed), as the API kept them before migrations existed.

Revision ID: api_keys_0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "api_keys_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table if it is missing (an older data dir's is kept as it is)."""
    op.execute(
        """CREATE TABLE IF NOT EXISTS api_keys (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            tenant TEXT NOT NULL,
            created TEXT NOT NULL,
            revoked TEXT
        )"""
    )
