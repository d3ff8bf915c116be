"""The review store, as adstudio kept it before migrations existed.

A data dir from before skips and flags (``review_marks``) or reviewer identities
(``review_reviewers``) gets those tables; the others are kept as they are.

Revision ID: reviews_0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "reviews_0001"
down_revision = None
branch_labels = None
depends_on = None

_STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS review_runs (
        tenant TEXT NOT NULL,
        run_id TEXT NOT NULL,
        path TEXT NOT NULL,
        manifest TEXT NOT NULL,
        imported TEXT NOT NULL,
        PRIMARY KEY (tenant, run_id)
    )""",
    """CREATE TABLE IF NOT EXISTS review_items (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        run_id TEXT NOT NULL,
        scenario TEXT NOT NULL,
        trial INTEGER NOT NULL,
        asset_id TEXT NOT NULL,
        path TEXT NOT NULL,
        kind TEXT NOT NULL,
        format TEXT,
        width INTEGER,
        height INTEGER,
        position INTEGER NOT NULL,
        UNIQUE (tenant, run_id, scenario, trial, asset_id)
    )""",
    "CREATE INDEX IF NOT EXISTS review_items_run ON review_items (tenant, run_id, position)",
    """CREATE TABLE IF NOT EXISTS review_ratings (
        item_id TEXT NOT NULL REFERENCES review_items (id),
        reviewer TEXT NOT NULL,
        criterion TEXT NOT NULL,
        tenant TEXT NOT NULL,
        run_id TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
        comment TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (item_id, reviewer, criterion)
    )""",
    "CREATE INDEX IF NOT EXISTS review_ratings_run ON review_ratings (tenant, run_id)",
    """CREATE TABLE IF NOT EXISTS review_preferences (
        item_a TEXT NOT NULL REFERENCES review_items (id),
        item_b TEXT NOT NULL REFERENCES review_items (id),
        reviewer TEXT NOT NULL,
        criterion TEXT NOT NULL,
        tenant TEXT NOT NULL,
        run_id TEXT NOT NULL,
        choice TEXT NOT NULL CHECK (choice IN ('A', 'B', 'tie')),
        at TEXT NOT NULL,
        PRIMARY KEY (item_a, item_b, reviewer, criterion)
    )""",
    "CREATE INDEX IF NOT EXISTS review_preferences_run ON review_preferences (tenant, run_id)",
    """CREATE TABLE IF NOT EXISTS review_marks (
        item_id TEXT NOT NULL REFERENCES review_items (id),
        reviewer TEXT NOT NULL,
        tenant TEXT NOT NULL,
        run_id TEXT NOT NULL,
        mark TEXT NOT NULL CHECK (mark IN ('skip', 'flag')),
        note TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (item_id, reviewer)
    )""",
    "CREATE INDEX IF NOT EXISTS review_marks_run ON review_marks (tenant, run_id)",
    """CREATE TABLE IF NOT EXISTS review_reviewers (
        tenant TEXT NOT NULL,
        name_key TEXT NOT NULL,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL,
        created TEXT NOT NULL,
        PRIMARY KEY (tenant, name_key)
    )""",
)


def upgrade() -> None:
    """Create what is missing (an older data dir's tables are kept as they are)."""
    for statement in _STATEMENTS:
        op.execute(statement)
