"""Data versions and published reviews (commit 2e2092f, "Data versions: each import keeps
what it changed"): `data_changes`, `reviews`, and `import_batches.data_version` (the version
each import made). The schema of the release before decisions and action points.

Revision 0002_data_versions, after 0001_first_release.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_data_versions"
down_revision = "0001_first_release"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_changes",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("version"),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_code", sa.String(length=12), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("data_as_of", sa.String(length=32), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("period_code"),
    )
    with op.batch_alter_table("import_batches") as batch_op:
        batch_op.add_column(sa.Column("data_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_batches") as batch_op:
        batch_op.drop_column("data_version")
    op.drop_table("reviews")
    op.drop_table("data_changes")
