"""The Chat tab's list of conversations: one row per browser and thread.

Revision ID: conversations_0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "conversations_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table and its index (newest first per browser) if they are missing."""
    op.execute(
        """CREATE TABLE IF NOT EXISTS ui_conversations (
            tenant TEXT NOT NULL,
            owner TEXT NOT NULL,
            thread TEXT NOT NULL,
            title TEXT NOT NULL,
            renamed INTEGER NOT NULL DEFAULT 0,
            thumbnail TEXT,
            updated TEXT NOT NULL,
            PRIMARY KEY (tenant, owner, thread)
        )"""
    )
    op.execute(
        "CREATE INDEX IF NOT EXISTS ui_conversations_newest "
        "ON ui_conversations (tenant, owner, updated)"
    )
