"""Rate-limit hits kept in the database, so every API process counts one tenant's requests.

Revision ID: api_0003
Revises: api_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "api_0003"
down_revision = "api_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table of hits: one row per counted request, kept for its window."""
    op.create_table(
        "rate_hits",
        sa.Column("hit", sa.Text(), primary_key=True),
        sa.Column("limiter", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("at", sa.Float(precision=53), nullable=False),
    )
    op.create_index("rate_hits_key_at", "rate_hits", ["limiter", "key", "at"])
