"""The asset index, as the asset store kept it before migrations existed.

Revision ID: assets_0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "assets_0001"
down_revision = None
branch_labels = None
depends_on = None

_STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS assets (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        kind TEXT NOT NULL,
        mime TEXT NOT NULL,
        size BIGINT NOT NULL,
        width INTEGER,
        height INTEGER,
        created TEXT NOT NULL,
        parents TEXT NOT NULL,
        capability TEXT,
        parameters TEXT NOT NULL,
        caption TEXT NOT NULL,
        tenant TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS assets_tenant_created ON assets (tenant, created)",
)


def upgrade() -> None:
    """Create what is missing (an older data dir's index is kept as it is).

    ``size`` is a BIGINT so PostgreSQL holds files over 2 GiB (SQLite's INTEGER always did).
    """
    for statement in _STATEMENTS:
        op.execute(statement)
