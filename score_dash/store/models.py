"""SQLAlchemy 2.0 ORM tables: one class per entity of the data model (DESIGN.md section 4).

Every table has a natural key that is unique (period code, cluster name, enterprise code,
...); imports match rows on it. Counts are checked to be non-negative and stage dates to be
in order, so that neither SQLite nor PostgreSQL accepts a row the dashboard could not show.

The tables stay written out for the database (widths, defaults, constraints), but the
columns of the data's tables are declared in `dictionary.TABLES`: tests/unit/test_schema.py
fails, naming the table and column, when a column, its type, whether it may be empty, a
key or a reference here differs from the dictionary's.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from score_dash.core.dictionary import STAGE_DATES


class Base(DeclarativeBase):
    """Declarative base of every table."""


def _non_negative(*columns: str) -> list[CheckConstraint]:
    return [CheckConstraint(f"{c} IS NULL OR {c} >= 0", name=f"{c}_non_negative") for c in columns]


def _not_after(earlier: str, later: str) -> CheckConstraint:
    return CheckConstraint(
        f"{earlier} IS NULL OR {later} IS NULL OR {earlier} <= {later}",
        name=f"{earlier}_before_{later}",
    )


class Meta(Base):
    """Key-value facts about the dataset (for example whether it is the demo)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Period(Base):
    """A half-year reporting period."""

    __tablename__ = "periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(7), unique=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    review_date: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (_not_after("start_date", "end_date"),)


class State(Base):
    """A state or union territory (ISO 3166-2:IN)."""

    __tablename__ = "states"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class Module(Base):
    """A SCORE training module (M1 is mandatory and first)."""

    __tablename__ = "modules"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)


class Cluster(Base):
    """An industrial cluster where the programme recruits enterprises."""

    __tablename__ = "clusters"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    city: Mapped[str] = mapped_column(String(80))
    district: Mapped[str] = mapped_column(String(80))
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"))
    sector: Mapped[str] = mapped_column(String(40))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    phase: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("latitude BETWEEN -90 AND 90", name="cluster_latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="cluster_longitude_range"),
        CheckConstraint("phase BETWEEN 1 AND 4", name="cluster_phase_range"),
    )


class Partner(Base):
    """A partner institution: association, employers' organisation, training body, buyer."""

    __tablename__ = "partners"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"))
    mou_date: Mapped[date | None] = mapped_column(Date)
    embeds_score: Mapped[bool] = mapped_column(Boolean, default=False)


class Trainer(Base):
    """A SCORE trainer, attached to a partner institution."""

    __tablename__ = "trainers"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    sex: Mapped[str] = mapped_column(String(6))
    level: Mapped[str] = mapped_column(String(10))
    level_date: Mapped[date] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("sex IN ('female', 'male')", name="trainer_sex"),
        CheckConstraint("level IN ('candidate', 'certified', 'expert')", name="trainer_level"),
    )


class TrainerModule(Base):
    """A module a trainer is certified to deliver."""

    __tablename__ = "trainer_modules"
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id"), primary_key=True)
    module_code: Mapped[str] = mapped_column(ForeignKey("modules.code"), primary_key=True)
    certified_date: Mapped[date] = mapped_column(Date)


class Enterprise(Base):
    """A participating small or medium enterprise. Its name is confidential."""

    __tablename__ = "enterprises"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"))
    sector: Mapped[str] = mapped_column(String(40))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    size_band: Mapped[str] = mapped_column(String(10))
    women_owned: Mapped[bool] = mapped_column(Boolean, default=False)
    association_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    lead_buyer_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    joined_date: Mapped[date] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("latitude BETWEEN -90 AND 90", name="enterprise_latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="enterprise_longitude_range"),
    )


class Enrolment(Base):
    """An enterprise taking a module, with the date it reached each stage."""

    __tablename__ = "enrolments"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    module_code: Mapped[str] = mapped_column(ForeignKey("modules.code"))
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("trainers.id"))
    enrolled_date: Mapped[date] = mapped_column(Date)
    baseline_date: Mapped[date | None] = mapped_column(Date)
    classroom_date: Mapped[date | None] = mapped_column(Date)
    visit1_date: Mapped[date | None] = mapped_column(Date)
    visit2_date: Mapped[date | None] = mapped_column(Date)
    visit3_date: Mapped[date | None] = mapped_column(Date)
    completed_date: Mapped[date | None] = mapped_column(Date)
    dropped_date: Mapped[date | None] = mapped_column(Date)
    fee_paid_inr: Mapped[float | None] = mapped_column(Float)
    cost_share_non_ilo_pct: Mapped[float | None] = mapped_column(Float)
    satisfaction_pct: Mapped[float | None] = mapped_column(Float)
    __table_args__ = (
        UniqueConstraint("enterprise_id", "module_code", name="enrolment_natural_key"),
        *(_not_after(earlier, later) for earlier, later in pairwise(STAGE_DATES)),
        _not_after("enrolled_date", "dropped_date"),
        CheckConstraint(
            "completed_date IS NULL OR dropped_date IS NULL", name="completed_or_dropped"
        ),
        *_non_negative("fee_paid_inr"),
        CheckConstraint(
            "cost_share_non_ilo_pct IS NULL OR cost_share_non_ilo_pct BETWEEN 0 AND 100",
            name="cost_share_pct_range",
        ),
        CheckConstraint(
            "satisfaction_pct IS NULL OR satisfaction_pct BETWEEN 0 AND 100",
            name="satisfaction_pct_range",
        ),
    )


class Participation(Base):
    """Classroom participants of one enterprise in one module, by role, women and men."""

    __tablename__ = "participation"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    module_code: Mapped[str] = mapped_column(ForeignKey("modules.code"))
    role: Mapped[str] = mapped_column(String(8))
    female: Mapped[int] = mapped_column(Integer)
    male: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        UniqueConstraint("enterprise_id", "module_code", "role", name="participation_key"),
        CheckConstraint("role IN ('manager', 'worker')", name="participation_role"),
        *_non_negative("female", "male"),
    )


class TeamMember(Base):
    """Enterprise Improvement Team membership by role, women and men."""

    __tablename__ = "team_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    role: Mapped[str] = mapped_column(String(8))
    female: Mapped[int] = mapped_column(Integer)
    male: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        UniqueConstraint("enterprise_id", "role", name="team_member_key"),
        CheckConstraint("role IN ('manager', 'worker')", name="team_member_role"),
        *_non_negative("female", "male"),
    )


class Workforce(Base):
    """Headcount of one enterprise in one half-year, by role and employment type.

    `total` is what the enterprise reported; `female` and `male` may be missing (no
    disaggregation) or may not add up to the total: both are shown, never corrected.
    """

    __tablename__ = "workforce"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    role: Mapped[str] = mapped_column(String(8))
    employment: Mapped[str] = mapped_column(String(10))
    total: Mapped[int] = mapped_column(Integer)
    female: Mapped[int | None] = mapped_column(Integer)
    male: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (
        UniqueConstraint("enterprise_id", "period_id", "role", "employment", name="workforce_key"),
        CheckConstraint("role IN ('manager', 'worker')", name="workforce_role"),
        CheckConstraint("employment IN ('permanent', 'contract')", name="workforce_employment"),
        *_non_negative("total", "female", "male"),
        CheckConstraint("female IS NULL OR female <= total", name="workforce_female_le_total"),
        CheckConstraint("male IS NULL OR male <= total", name="workforce_male_le_total"),
    )


class KpiDefinition(Base):
    """An enterprise key performance indicator."""

    __tablename__ = "kpi_definitions"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    unit: Mapped[str] = mapped_column(String(40))
    better: Mapped[str] = mapped_column(String(6))
    plausible_min: Mapped[float] = mapped_column(Float)
    plausible_max: Mapped[float] = mapped_column(Float)
    __table_args__ = (
        CheckConstraint("better IN ('higher', 'lower')", name="kpi_better"),
        _not_after("plausible_min", "plausible_max"),
    )


class KpiObservation(Base):
    """One enterprise's value of one KPI in one half-year (the baseline is flagged)."""

    __tablename__ = "kpi_observations"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    kpi_code: Mapped[str] = mapped_column(ForeignKey("kpi_definitions.code"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    value: Mapped[float] = mapped_column(Float)
    is_baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    reported_date: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        UniqueConstraint("enterprise_id", "kpi_code", "period_id", name="kpi_observation_key"),
    )


class Activity(Base):
    """A dissemination or institutional event (objectives 1 and 3)."""

    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    type: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    activity_date: Mapped[date] = mapped_column(Date)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    participants_female: Mapped[int] = mapped_column(Integer, default=0)
    participants_male: Mapped[int] = mapped_column(Integer, default=0)
    reach: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (*_non_negative("participants_female", "participants_male", "reach"),)


class Indicator(Base):
    """A logframe indicator of one of the three immediate objectives."""

    __tablename__ = "indicators"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    objective: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    unit: Mapped[str] = mapped_column(String(40))
    baseline: Mapped[float] = mapped_column(Float)
    end_target: Mapped[float] = mapped_column(Float)
    end_period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    __table_args__ = (CheckConstraint("objective BETWEEN 0 AND 3", name="indicator_objective"),)


class Target(Base):
    """The cumulative target of a logframe indicator for one half-year."""

    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicators.code"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    value: Mapped[float] = mapped_column(Float)
    __table_args__ = (UniqueConstraint("indicator_code", "period_id", name="target_key"),)


class ImportBatch(Base):
    """Audit record of one import: who, when, which file, what changed, outcome."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    user_name: Mapped[str] = mapped_column(String(80))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows_added: Mapped[str] = mapped_column(Text, default="{}")
    rows_changed: Mapped[str] = mapped_column(Text, default="{}")
    outcome: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text, default="")
    data_version: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)
    __table_args__ = (
        CheckConstraint(
            "outcome IN ('imported', 'unchanged', 'rejected', 'demo')", name="import_outcome"
        ),
    )


class DataChange(Base):
    """What one data version changed, so that every earlier version can be rebuilt: the keys
    of the rows it added and the earlier values of the rows it changed, per table (an import
    never deletes). `payload` is a zip of Parquet files (score_dash/store/versions.py)."""

    __tablename__ = "data_changes"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    payload: Mapped[bytes] = mapped_column(LargeBinary)


class Review(Base):
    """A published review: the data version a review meeting was prepared on. Never changed
    afterwards; a later review is a new one."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_code: Mapped[str] = mapped_column(String(12), unique=True)
    meeting_date: Mapped[date] = mapped_column(Date)
    data_version: Mapped[int] = mapped_column(Integer)
    data_as_of: Mapped[str] = mapped_column(String(32))
    published_at: Mapped[datetime] = mapped_column(DateTime)
    published_by: Mapped[str] = mapped_column(String(80))


class ReviewItem(Base):
    """A decision or an action point of a review meeting (score_dash/meetings/minutes.py). It
    belongs to a half-year's review (published, or still to be published) and may carry the share
    link of the view on screen when it was recorded, and an indicator. An action's status
    is its latest `ReviewItemChange`: the history is only ever added to."""

    __tablename__ = "review_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    period_code: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120), default="")
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True, default=None)
    page: Mapped[str] = mapped_column(String(32), default="")
    link: Mapped[str] = mapped_column(Text, default="")
    indicator: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(80))
    # Shown to viewers (score_dash/meetings/minutes.py): when and by whom, or None (not shown). Each
    # showing and withdrawal is also a row of `RecordRelease`.
    released_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, default=None)
    released_by: Mapped[str | None] = mapped_column(String(80), nullable=True, default=None)
    __table_args__ = (CheckConstraint("kind IN ('decision', 'action')", name="item_kind"),)


class ReviewItemChange(Base):
    """One change of an action's status: who, when, and a short comment. Never updated."""

    __tablename__ = "review_item_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"))
    status: Mapped[str] = mapped_column(String(12))
    comment: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(80))
    # Its comment shown to viewers (with its action): when and by whom, or None.
    released_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, default=None)
    released_by: Mapped[str | None] = mapped_column(String(80), nullable=True, default=None)
    __table_args__ = (
        CheckConstraint("status IN ('open', 'in progress', 'done', 'dropped')", name="item_status"),
    )


class FigureNote(Base):
    """A note that explains a figure: an indicator or KPI in a half-year, optionally in one
    state, cluster or enterprise (a note on an enterprise is for staff only)."""

    __tablename__ = "figure_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(64))
    period_code: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(80), default="")
    cluster: Mapped[str] = mapped_column(String(80), default="")
    enterprise: Mapped[str] = mapped_column(String(16), default="")
    text: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(80))
    # Shown to viewers (score_dash/meetings/minutes.py): when and by whom, or None (not shown). Each
    # showing and withdrawal is also a row of `RecordRelease`.
    released_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, default=None)
    released_by: Mapped[str | None] = mapped_column(String(80), nullable=True, default=None)


class RecordRelease(Base):
    """A decision, action or note shown to viewers, or withdrawn from them: who, when. Never
    updated; the record's own `released_at` says where it stands now."""

    __tablename__ = "record_releases"
    id: Mapped[int] = mapped_column(primary_key=True)
    record: Mapped[str] = mapped_column(String(8))
    record_id: Mapped[int] = mapped_column(Integer)
    shown: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(80))
    __table_args__ = (CheckConstraint("record IN ('item', 'note')", name="release_record"),)
