"""Remote video jobs, as the video job store kept them before migrations existed.

Revision ID: video_jobs_0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "video_jobs_0001"
down_revision = None
branch_labels = None
depends_on = None

_STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS video_jobs (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        thread TEXT NOT NULL,
        status TEXT NOT NULL,
        next_poll_at TEXT,
        delivered INTEGER NOT NULL DEFAULT 0,
        revision INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        data TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS video_jobs_status ON video_jobs (status, next_poll_at)",
    "CREATE INDEX IF NOT EXISTS video_jobs_thread ON video_jobs (thread, tenant, created)",
)


def upgrade() -> None:
    """Create what is missing (an older data dir's table is kept as it is)."""
    for statement in _STATEMENTS:
        op.execute(statement)
