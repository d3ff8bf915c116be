"""Brand kits, as the brand kit store kept them before migrations existed.

Revision ID: brand_kits_0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "brand_kits_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table if it is missing (an older data dir's is kept as it is)."""
    op.execute(
        """CREATE TABLE IF NOT EXISTS brand_kits (
            tenant TEXT PRIMARY KEY,
            kit TEXT NOT NULL,
            updated TEXT NOT NULL
        )"""
    )
