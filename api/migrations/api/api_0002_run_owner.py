"""Runs say which process works on them, when it last said so, and whether a cancel was asked.

With several API processes on one database, a starting process closes only the runs whose
process is gone (its heartbeat stale, or its pid dead on this host), and a cancel sent to
any process reaches the one working on the run.

Revision ID: api_0002
Revises: api_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "api_0002"
down_revision = "api_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the owner, heartbeat and cancel_requested columns (empty on older runs)."""
    op.add_column("runs", sa.Column("owner", sa.Text(), nullable=True))
    op.add_column("runs", sa.Column("heartbeat", sa.Text(), nullable=True))
    op.add_column("runs", sa.Column("cancel_requested", sa.Text(), nullable=True))
    op.create_index("runs_status", "runs", ["status"])
