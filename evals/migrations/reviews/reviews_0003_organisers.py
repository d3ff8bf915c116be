"""Who organises a run: the first person to set its criteria, split or answer key.

- ``review_organisers``: one row per run, the organiser's name (and its key, as reviewer
  names match: 'Tom' is 'tom'). The Review tab shows the run's set-up panels to them only.

Revision ID: reviews_0003
Revises: reviews_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reviews_0003"
down_revision = "reviews_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the organisers table (empty: nobody organises a run yet)."""
    op.create_table(
        "review_organisers",
        sa.Column("tenant", sa.Text(), primary_key=True),
        sa.Column("run_id", sa.Text(), primary_key=True),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("organiser", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
    )

