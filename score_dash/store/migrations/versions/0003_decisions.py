"""Decisions, action points and notes on figures (commit 61efa6e): `review_items`, their
status history `review_item_changes`, and `figure_notes`.

Revision 0003_decisions, after 0002_data_versions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_decisions"
down_revision = "0002_data_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figure_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("period_code", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=80), nullable=False),
        sa.Column("cluster", sa.String(length=80), nullable=False),
        sa.Column("enterprise", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("period_code", sa.String(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("page", sa.String(length=32), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint("kind IN ('decision', 'action')", name="item_kind"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "review_item_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'in progress', 'done', 'dropped')", name="item_status"
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["review_items.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("review_item_changes")
    op.drop_table("review_items")
    op.drop_table("figure_notes")
