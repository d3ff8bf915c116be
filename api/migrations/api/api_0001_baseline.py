"""Threads, runs and their events, as the API kept them before migrations existed.

Revision ID: api_0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "api_0001"
down_revision = None
branch_labels = None
depends_on = None

_STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS threads (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        title TEXT NOT NULL,
        created TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS threads_tenant_created ON threads (tenant, created)",
    """CREATE TABLE IF NOT EXISTS runs (
        id TEXT PRIMARY KEY,
        thread TEXT NOT NULL,
        tenant TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        created TEXT NOT NULL,
        finished TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS runs_thread ON runs (thread, created)",
    """CREATE TABLE IF NOT EXISTS events (
        thread TEXT NOT NULL,
        seq INTEGER NOT NULL,
        run TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (thread, seq)
    )""",
    "CREATE INDEX IF NOT EXISTS events_run ON events (run, seq)",
)


def upgrade() -> None:
    """Create what is missing (an older data dir's tables are kept as they are)."""
    for statement in _STATEMENTS:
        op.execute(statement)
