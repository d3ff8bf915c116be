"""Runs say when their work began (empty while they wait in line).

So a process counts the runs one tenant has going on in the other processes, and the
per-tenant limit on runs at once holds across replicas.

Revision ID: api_0004
Revises: api_0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "api_0004"
down_revision = "api_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the started column."""
    op.add_column("runs", sa.Column("started", sa.Text(), nullable=True))
