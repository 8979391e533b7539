"""Records reach viewers only once staff show them (commit c6bc40e): the "shown to viewers"
mark (`released_at`, `released_by`) on decisions, actions, status changes and notes, empty
for every record written before, and its history `record_releases`. The schema of the models
since (1aaada2 and 721cb15 moved and reworded the models without changing a table).

Revision 0004_shown_to_viewers, after 0003_decisions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_shown_to_viewers"
down_revision = "0003_decisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record", sa.String(length=8), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("shown", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint("record IN ('item', 'note')", name="release_record"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("figure_notes") as batch_op:
        batch_op.add_column(sa.Column("released_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("released_by", sa.String(length=80), nullable=True))

    with op.batch_alter_table("review_item_changes") as batch_op:
        batch_op.add_column(sa.Column("released_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("released_by", sa.String(length=80), nullable=True))

    with op.batch_alter_table("review_items") as batch_op:
        batch_op.add_column(sa.Column("released_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("released_by", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("figure_notes") as batch_op:
        batch_op.drop_column("released_by")
        batch_op.drop_column("released_at")
    with op.batch_alter_table("review_item_changes") as batch_op:
        batch_op.drop_column("released_by")
        batch_op.drop_column("released_at")
    with op.batch_alter_table("review_items") as batch_op:
        batch_op.drop_column("released_by")
        batch_op.drop_column("released_at")
    op.drop_table("record_releases")
