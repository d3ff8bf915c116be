"""A run's own criteria, its gold items and how its items are split among reviewers.

- ``review_run_criteria``: the criteria a run is rated on (no row: every rubric criterion),
  a chosen rubric criterion or one its reviewers added, with its question and anchors;
- ``review_gold`` / ``review_gold_pairs``: the expected score of an item on a criterion,
  and the expected choice between two items (the answer key reviewers are checked on);
- ``review_assignments``: which reviewer an item of a run is given to (one row per pair).

Revision ID: reviews_0002
Revises: reviews_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reviews_0002"
down_revision = "reviews_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the criteria, gold and assignment tables (empty: runs behave as before)."""
    op.create_table(
        "review_run_criteria",
        sa.Column("tenant", sa.Text(), primary_key=True),
        sa.Column("run_id", sa.Text(), primary_key=True),
        sa.Column("criterion", sa.Text(), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("anchors", sa.Text(), nullable=False),
        sa.Column("set_by", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
    )
    op.create_table(
        "review_gold",
        sa.Column("item_id", sa.Text(), sa.ForeignKey("review_items.id"), primary_key=True),
        sa.Column("criterion", sa.Text(), primary_key=True),
        sa.Column("tenant", sa.Text(), nullable=False),
        sa.Column("run_id", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), sa.CheckConstraint("score BETWEEN 1 AND 5"),
                  nullable=False),
        sa.Column("set_by", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
    )
    op.create_index("review_gold_run", "review_gold", ["tenant", "run_id"])
    op.create_table(
        "review_gold_pairs",
        sa.Column("item_a", sa.Text(), sa.ForeignKey("review_items.id"), primary_key=True),
        sa.Column("item_b", sa.Text(), sa.ForeignKey("review_items.id"), primary_key=True),
        sa.Column("criterion", sa.Text(), primary_key=True),
        sa.Column("tenant", sa.Text(), nullable=False),
        sa.Column("run_id", sa.Text(), nullable=False),
        sa.Column("choice", sa.Text(), sa.CheckConstraint("choice IN ('A', 'B', 'tie')"),
                  nullable=False),
        sa.Column("set_by", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
    )
    op.create_index("review_gold_pairs_run", "review_gold_pairs", ["tenant", "run_id"])
    op.create_table(
        "review_assignments",
        sa.Column("item_id", sa.Text(), sa.ForeignKey("review_items.id"), primary_key=True),
        sa.Column("name_key", sa.Text(), primary_key=True),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("tenant", sa.Text(), nullable=False),
        sa.Column("run_id", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
    )
    op.create_index("review_assignments_run", "review_assignments", ["tenant", "run_id"])
