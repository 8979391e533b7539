"""The schema of the first release (commit eba132c, "Data model, periods, dictionary,
deterministic demo data and offline geography"): the programme's tables, `meta` and the
import history `import_batches`.

Revision 0001_first_release, after an empty database.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_first_release"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows_added", sa.Text(), nullable=False),
        sa.Column("rows_changed", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('imported', 'unchanged', 'rejected', 'demo')", name="import_outcome"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "kpi_definitions",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("better", sa.String(length=6), nullable=False),
        sa.Column("plausible_min", sa.Float(), nullable=False),
        sa.Column("plausible_max", sa.Float(), nullable=False),
        sa.CheckConstraint("better IN ('higher', 'lower')", name="kpi_better"),
        sa.CheckConstraint(
            "plausible_min IS NULL OR plausible_max IS NULL OR plausible_min <= plausible_max",
            name="plausible_min_before_plausible_max",
        ),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "modules",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("sequence"),
    )
    op.create_table(
        "periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=7), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR start_date <= end_date",
            name="start_date_before_end_date",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "states",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("city", sa.String(length=80), nullable=False),
        sa.Column("district", sa.String(length=80), nullable=False),
        sa.Column("state_code", sa.String(length=5), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name="cluster_latitude_range"),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name="cluster_longitude_range"),
        sa.CheckConstraint("phase BETWEEN 1 AND 4", name="cluster_phase_range"),
        sa.ForeignKeyConstraint(
            ["state_code"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "indicators",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("objective", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=False),
        sa.Column("end_target", sa.Float(), nullable=False),
        sa.Column("end_period_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("objective BETWEEN 0 AND 3", name="indicator_objective"),
        sa.ForeignKeyConstraint(
            ["end_period_id"],
            ["periods.id"],
        ),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("state_code", sa.String(length=5), nullable=False),
        sa.Column("mou_date", sa.Date(), nullable=True),
        sa.Column("embeds_score", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["state_code"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("activity_date", sa.Date(), nullable=False),
        sa.Column("state_code", sa.String(length=5), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("participants_female", sa.Integer(), nullable=False),
        sa.Column("participants_male", sa.Integer(), nullable=False),
        sa.Column("reach", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "participants_female IS NULL OR participants_female >= 0",
            name="participants_female_non_negative",
        ),
        sa.CheckConstraint(
            "participants_male IS NULL OR participants_male >= 0",
            name="participants_male_non_negative",
        ),
        sa.CheckConstraint("reach IS NULL OR reach >= 0", name="reach_non_negative"),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
        ),
        sa.ForeignKeyConstraint(
            ["state_code"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "enterprises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("size_band", sa.String(length=10), nullable=False),
        sa.Column("women_owned", sa.Boolean(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=True),
        sa.Column("lead_buyer_id", sa.Integer(), nullable=True),
        sa.Column("joined_date", sa.Date(), nullable=False),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name="enterprise_latitude_range"),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name="enterprise_longitude_range"),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["partners.id"],
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lead_buyer_id"],
            ["partners.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=40), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_code"],
            ["indicators.code"],
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["periods.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("indicator_code", "period_id", name="target_key"),
    )
    op.create_table(
        "trainers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(length=6), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("level_date", sa.Date(), nullable=False),
        sa.CheckConstraint("level IN ('candidate', 'certified', 'expert')", name="trainer_level"),
        sa.CheckConstraint("sex IN ('female', 'male')", name="trainer_sex"),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("module_code", sa.String(length=2), nullable=False),
        sa.Column("trainer_id", sa.Integer(), nullable=True),
        sa.Column("enrolled_date", sa.Date(), nullable=False),
        sa.Column("baseline_date", sa.Date(), nullable=True),
        sa.Column("classroom_date", sa.Date(), nullable=True),
        sa.Column("visit1_date", sa.Date(), nullable=True),
        sa.Column("visit2_date", sa.Date(), nullable=True),
        sa.Column("visit3_date", sa.Date(), nullable=True),
        sa.Column("completed_date", sa.Date(), nullable=True),
        sa.Column("dropped_date", sa.Date(), nullable=True),
        sa.Column("fee_paid_inr", sa.Float(), nullable=True),
        sa.Column("cost_share_non_ilo_pct", sa.Float(), nullable=True),
        sa.Column("satisfaction_pct", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "baseline_date IS NULL OR classroom_date IS NULL OR baseline_date <= classroom_date",
            name="baseline_date_before_classroom_date",
        ),
        sa.CheckConstraint(
            "classroom_date IS NULL OR visit1_date IS NULL OR classroom_date <= visit1_date",
            name="classroom_date_before_visit1_date",
        ),
        sa.CheckConstraint(
            "completed_date IS NULL OR dropped_date IS NULL", name="completed_or_dropped"
        ),
        sa.CheckConstraint(
            "cost_share_non_ilo_pct IS NULL OR cost_share_non_ilo_pct BETWEEN 0 AND 100",
            name="cost_share_pct_range",
        ),
        sa.CheckConstraint(
            "enrolled_date IS NULL OR baseline_date IS NULL OR enrolled_date <= baseline_date",
            name="enrolled_date_before_baseline_date",
        ),
        sa.CheckConstraint(
            "enrolled_date IS NULL OR dropped_date IS NULL OR enrolled_date <= dropped_date",
            name="enrolled_date_before_dropped_date",
        ),
        sa.CheckConstraint(
            "fee_paid_inr IS NULL OR fee_paid_inr >= 0", name="fee_paid_inr_non_negative"
        ),
        sa.CheckConstraint(
            "satisfaction_pct IS NULL OR satisfaction_pct BETWEEN 0 AND 100",
            name="satisfaction_pct_range",
        ),
        sa.CheckConstraint(
            "visit1_date IS NULL OR visit2_date IS NULL OR visit1_date <= visit2_date",
            name="visit1_date_before_visit2_date",
        ),
        sa.CheckConstraint(
            "visit2_date IS NULL OR visit3_date IS NULL OR visit2_date <= visit3_date",
            name="visit2_date_before_visit3_date",
        ),
        sa.CheckConstraint(
            "visit3_date IS NULL OR completed_date IS NULL OR visit3_date <= completed_date",
            name="visit3_date_before_completed_date",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
        ),
        sa.ForeignKeyConstraint(
            ["module_code"],
            ["modules.code"],
        ),
        sa.ForeignKeyConstraint(
            ["trainer_id"],
            ["trainers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enterprise_id", "module_code", name="enrolment_natural_key"),
    )
    op.create_table(
        "kpi_observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("kpi_code", sa.String(length=32), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("is_baseline", sa.Boolean(), nullable=False),
        sa.Column("reported_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
        ),
        sa.ForeignKeyConstraint(
            ["kpi_code"],
            ["kpi_definitions.code"],
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["periods.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enterprise_id", "kpi_code", "period_id", name="kpi_observation_key"),
    )
    op.create_table(
        "participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("module_code", sa.String(length=2), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("female", sa.Integer(), nullable=False),
        sa.Column("male", sa.Integer(), nullable=False),
        sa.CheckConstraint("role IN ('manager', 'worker')", name="participation_role"),
        sa.CheckConstraint("female IS NULL OR female >= 0", name="female_non_negative"),
        sa.CheckConstraint("male IS NULL OR male >= 0", name="male_non_negative"),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
        ),
        sa.ForeignKeyConstraint(
            ["module_code"],
            ["modules.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enterprise_id", "module_code", "role", name="participation_key"),
    )
    op.create_table(
        "team_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("female", sa.Integer(), nullable=False),
        sa.Column("male", sa.Integer(), nullable=False),
        sa.CheckConstraint("role IN ('manager', 'worker')", name="team_member_role"),
        sa.CheckConstraint("female IS NULL OR female >= 0", name="female_non_negative"),
        sa.CheckConstraint("male IS NULL OR male >= 0", name="male_non_negative"),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enterprise_id", "role", name="team_member_key"),
    )
    op.create_table(
        "trainer_modules",
        sa.Column("trainer_id", sa.Integer(), nullable=False),
        sa.Column("module_code", sa.String(length=2), nullable=False),
        sa.Column("certified_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_code"],
            ["modules.code"],
        ),
        sa.ForeignKeyConstraint(
            ["trainer_id"],
            ["trainers.id"],
        ),
        sa.PrimaryKeyConstraint("trainer_id", "module_code"),
    )
    op.create_table(
        "workforce",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("employment", sa.String(length=10), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("female", sa.Integer(), nullable=True),
        sa.Column("male", sa.Integer(), nullable=True),
        sa.CheckConstraint("employment IN ('permanent', 'contract')", name="workforce_employment"),
        sa.CheckConstraint("role IN ('manager', 'worker')", name="workforce_role"),
        sa.CheckConstraint("female IS NULL OR female <= total", name="workforce_female_le_total"),
        sa.CheckConstraint("female IS NULL OR female >= 0", name="female_non_negative"),
        sa.CheckConstraint("male IS NULL OR male <= total", name="workforce_male_le_total"),
        sa.CheckConstraint("male IS NULL OR male >= 0", name="male_non_negative"),
        sa.CheckConstraint("total IS NULL OR total >= 0", name="total_non_negative"),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["periods.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "enterprise_id", "period_id", "role", "employment", name="workforce_key"
        ),
    )


def downgrade() -> None:
    op.drop_table("workforce")
    op.drop_table("trainer_modules")
    op.drop_table("team_members")
    op.drop_table("participation")
    op.drop_table("kpi_observations")
    op.drop_table("enrolments")
    op.drop_table("trainers")
    op.drop_table("targets")
    op.drop_table("enterprises")
    op.drop_table("activities")
    op.drop_table("partners")
    op.drop_table("indicators")
    op.drop_table("clusters")
    op.drop_table("states")
    op.drop_table("periods")
    op.drop_table("modules")
    op.drop_table("meta")
    op.drop_table("kpi_definitions")
    op.drop_table("import_batches")
