"""Module completion funnels: how far enterprises get through each training module.

Rules (also in the indicator definitions, `score_dash.dictionary.INDICATORS`):

- State as at the end of the review period: an enrolment counts if it was made on or before
  that day; a stage reached later counts as not reached yet.
- A stage is reached when its date, or the date of any later stage, is on or before that
  day (a later stage implies the earlier ones; a missing earlier date is a recording gap),
  so every funnel narrows step by step.
- An enrolment is *completed* (completion date set), *dropped* (withdrawal date set) or else
  *in progress*: a recent cohort still in progress is not counted as drop-out.
- Cohort: the half-year in which the enrolment was made.
- A figure from fewer than `small_n` (5) enterprises is marked "small group".
"""

from __future__ import annotations

from itertools import pairwise

import pandas as pd

from score_dash.core.dictionary import ROLES, STAGE_DATE, STAGE_LABELS, STAGES
from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.i18n import N_, STEP, t
from score_dash.core.periods import period_of
from score_dash.core.reports import ChartSpec, Follows, PageReport, Sheet
from score_dash.metrics.common import pct, small_group_note

Frames = dict[str, pd.DataFrame]

NO_TRAINER = "(no trainer recorded)"
OTHER_PARTNER = "(partner not in selection)"
STATUSES = ("Completed", "In progress", "Dropped")
INDICATOR_CODES: tuple[str, ...] = (
    "module_enrolments",
    "module_completions",
    "completion_rate",
    "funnel_stage_reached",
    "enrolments_in_progress",
    "enrolments_dropped",
    "enrolment_cohort",
    "days_between_stages",
    "enterprises_beyond_m1",
    "women_share_participants",
    "small_group",
)

TITLE_SUMMARY = "Summary"
TITLE_FUNNEL = "Funnel by module"
TITLE_COMPARE = "Funnel comparison"
TITLE_COHORTS = "Cohorts"
TITLE_CLUSTER = "By cluster"
TITLE_PARTNER = "By partner"
TITLE_TRAINER = "By trainer"
TITLE_DAYS = "Days between stages"
TITLE_MODULES_PER = "Modules per enterprise"
TITLE_PARTICIPANTS = "Participants"
# The page's cards (the printed pack shows the same): summary row -> (short label, the
# indicator that defines it).
CARDS: dict[str, tuple[str, str]] = {
    "Module enrolments": (N_("Enrolments"), "module_enrolments"),
    "Completed": (N_("Completed"), "module_completions"),
    "In progress": (N_("In progress"), "enrolments_in_progress"),
    "Dropped": (N_("Dropped"), "enrolments_dropped"),
    "Completion rate": (N_("Completion rate"), "completion_rate"),
    "Share taking more than Module 1": (N_("Beyond Module 1"), "enterprises_beyond_m1"),
}


def compute_enrolment_status(enrolments: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """Enrolments made by `end`, with the furthest stage reached and the status at `end`.

    Adds `furthest` (index into STAGES, 0 = enrolled), `reached_<stage>` booleans and
    `status` (Completed, Dropped or In progress).
    """
    made = enrolments[enrolments["enrolled_date"].notna() & (enrolments["enrolled_date"] <= end)]
    out = made.copy()
    furthest = pd.Series(0, index=out.index, dtype="int64")
    for index, stage in enumerate(STAGES):
        dates = out[STAGE_DATE[stage]]
        hit = dates.notna() & (dates <= end)
        furthest = furthest.where(~hit, index)
    out["furthest"] = furthest
    for index, stage in enumerate(STAGES):
        out[f"reached_{stage}"] = out["furthest"] >= index
    dropped = out["dropped_date"].notna() & (out["dropped_date"] <= end)
    completed = out["reached_completed"]
    out["status"] = "In progress"
    out.loc[dropped & ~completed, "status"] = "Dropped"
    out.loc[completed, "status"] = "Completed"
    return out


def compute_funnel(status: pd.DataFrame, options: Options, small_n: int = 5) -> pd.DataFrame:
    """One row per module and stage: enterprises reached, % of enrolled, drop-off per step."""
    rows = []
    for module in sorted(set(status["module"])):
        of_module = status[status["module"] == module]
        enrolled = len(of_module)
        previous = None
        for index, stage in enumerate(STAGES):
            reached = int(of_module[f"reached_{stage}"].sum())
            lost = previous - reached if previous is not None else 0
            rows.append(
                {
                    "Module": options.modules.get(module, module),
                    "Step": index + 1,
                    "Stage": STAGE_LABELS[stage],
                    "Enterprises": reached,
                    "Of enrolled (%)": pct(reached, enrolled),
                    "Lost since previous step": lost,
                    "Step drop-off (%)": pct(lost, previous) if previous else 0.0,
                    "Note": small_group_note(enrolled, small_n),
                }
            )
            previous = reached
    columns = [
        "Module",
        "Step",
        "Stage",
        "Enterprises",
        "Of enrolled (%)",
        "Lost since previous step",
        "Step drop-off (%)",
        "Note",
    ]
    return _typed(pd.DataFrame(rows, columns=columns))


def compute_funnel_comparison(funnel: pd.DataFrame) -> pd.DataFrame:
    """Stages as rows, one '% of enrolled' column per module (side-by-side comparison)."""
    if funnel.empty:
        return pd.DataFrame({"Stage": [STAGE_LABELS[s] for s in STAGES]})
    wide = funnel.pivot(index="Stage", columns="Module", values="Of enrolled (%)")
    wide = wide.reindex([STAGE_LABELS[s] for s in STAGES])
    wide.columns = [f"{c} (%)" for c in wide.columns]
    return wide.reset_index()


def cohort_code(day: pd.Timestamp, periods_frame: pd.DataFrame, convention: str) -> str:
    """The half-year containing a day: from the periods table, else from the convention."""
    inside = periods_frame[
        (periods_frame["start_date"] <= day) & (periods_frame["end_date"] >= day)
    ]
    if len(inside):
        return str(inside["period"].iloc[0])
    return period_of(day.date(), convention).code  # type: ignore[arg-type]


def cohort_codes(days: pd.Series, periods_frame: pd.DataFrame, convention: str) -> pd.Series:
    """`cohort_code` of every day, one comparison per half-year instead of one per day."""
    unique = pd.Series(days.unique())
    codes = pd.Series(None, index=unique.index, dtype=object)
    for period, start, end in periods_frame[["period", "start_date", "end_date"]].itertuples(
        index=False, name=None
    ):
        codes = codes.mask(codes.isna() & (unique >= start) & (unique <= end), str(period))
    for i in codes.index[codes.isna()]:
        codes[i] = cohort_code(unique[i], periods_frame.iloc[0:0], convention)
    return days.map(dict(zip(unique, codes, strict=True)))


def compute_cohorts(
    status: pd.DataFrame,
    periods_frame: pd.DataFrame,
    periods: ResolvedPeriods,
    convention: str = "calendar",
    small_n: int = 5,
) -> pd.DataFrame:
    """Enrolments grouped by the half-year they were made in: completed, in progress, dropped."""
    columns = [
        "Cohort (enrolled in)",
        "Enrolments",
        "Enterprises",
        "Completed",
        "In progress",
        "Dropped",
        "Completed (%)",
        "In progress (%)",
        "Dropped (%)",
        "Note",
    ]
    if status.empty:
        return _typed(pd.DataFrame(columns=columns))
    days = status["enrolled_date"].dt.normalize()
    frame = status.assign(cohort=cohort_codes(days, periods_frame, convention))
    rows = []
    for code, group in sorted(frame.groupby("cohort"), key=lambda item: str(item[0])):
        counts = group["status"].value_counts()
        n = len(group)
        enterprises = group["enterprise"].nunique()
        rows.append(
            {
                "Cohort (enrolled in)": periods.labels.get(str(code), str(code)),
                "Enrolments": n,
                "Enterprises": enterprises,
                **{s: int(counts.get(s, 0)) for s in STATUSES},
                **{f"{s} (%)": pct(counts.get(s, 0), n) for s in STATUSES},
                "Note": small_group_note(enterprises, small_n),
            }
        )
    return _typed(pd.DataFrame(rows, columns=columns))


def compute_breakdown(
    status: pd.DataFrame, by: pd.Series, label: str, small_n: int = 5
) -> pd.DataFrame:
    """Enrolments, stages and outcomes per group (`by` is aligned with `status`)."""
    columns = [
        label,
        "Enterprises",
        "Enrolments",
        "Classroom",
        "Completed",
        "In progress",
        "Dropped",
        "Completed of enrolled (%)",
        "Completion rate (%)",
        "Note",
    ]
    if status.empty:
        return _typed(pd.DataFrame(columns=columns))
    frame = status.assign(_group=by.reindex(status.index).fillna(NO_TRAINER))
    rows = []
    for group, part in frame.groupby("_group", sort=True):
        counts = part["status"].value_counts()
        done = int(counts.get("Completed", 0))
        dropped = int(counts.get("Dropped", 0))
        enterprises = part["enterprise"].nunique()
        rows.append(
            {
                label: group,
                "Enterprises": enterprises,
                "Enrolments": len(part),
                "Classroom": int(part["reached_classroom"].sum()),
                "Completed": done,
                "In progress": int(counts.get("In progress", 0)),
                "Dropped": dropped,
                "Completed of enrolled (%)": pct(done, len(part)),
                "Completion rate (%)": pct(done, done + dropped),
                "Note": small_group_note(enterprises, small_n),
            }
        )
    table = pd.DataFrame(rows, columns=columns).sort_values(
        ["Enrolments", label], ascending=[False, True], kind="stable"
    )
    return _typed(table.reset_index(drop=True))


def trainer_partner(status: pd.DataFrame, trainers: pd.DataFrame, options: Options) -> pd.Series:
    """The partner institution (name) of each enrolment's trainer."""
    partner_of = trainers.set_index("trainer")["partner"]
    partner = status["trainer"].map(partner_of)
    named = partner.map(options.partners).fillna(partner)  # its name, else its code
    named = named.where(partner.notna() | status["trainer"].isna(), OTHER_PARTNER)
    return named


def compute_stage_days(
    status: pd.DataFrame, end: pd.Timestamp, options: Options, small_n: int = 5
) -> pd.DataFrame:
    """Median days between consecutive stages, per module (both dates on or before the end)."""
    rows = []
    for module in sorted(set(status["module"])):
        of_module = status[status["module"] == module]
        for first, second in pairwise(STAGES):
            start = of_module[STAGE_DATE[first]]
            stop = of_module[STAGE_DATE[second]]
            both = start.notna() & stop.notna() & (start <= end) & (stop <= end)
            days = (stop[both] - start[both]).dt.days
            rows.append(
                {
                    "Module": options.modules.get(module, module),
                    "Step": STEP.join((STAGE_LABELS[first], STAGE_LABELS[second])),
                    "Median days": float(days.median()) if len(days) else float("nan"),
                    "Enterprises": int(both.sum()),
                    "Note": small_group_note(int(both.sum()), small_n),
                }
            )
    columns = ["Module", "Step", "Median days", "Enterprises", "Note"]
    return _typed(pd.DataFrame(rows, columns=columns))


def compute_modules_per_enterprise(status: pd.DataFrame, small_n: int = 5) -> pd.DataFrame:
    """How many modules each enterprise has enrolled in (1-5)."""
    per = status.groupby("enterprise")["module"].nunique()
    total = len(per)
    rows = []
    for count in range(1, 6):
        n = int((per == count).sum())
        rows.append(
            {
                "Modules taken": count,
                "Enterprises": n,
                "Share of enterprises (%)": pct(n, total),
                "Note": small_group_note(total, small_n),
            }
        )
    return _typed(pd.DataFrame(rows))


def compute_beyond_first(status: pd.DataFrame) -> tuple[int, int]:
    """(enterprises with an enrolment in a module other than M1, enterprises enrolled)."""
    beyond = status.loc[status["module"] != "M1", "enterprise"].nunique()
    return int(beyond), int(status["enterprise"].nunique())


def compute_participants(
    participation: pd.DataFrame, status: pd.DataFrame, options: Options, small_n: int = 5
) -> pd.DataFrame:
    """Classroom participants by module, role and sex (enrolments with a classroom by the end)."""
    attended = status.loc[status["reached_classroom"], ["enterprise", "module"]]
    rows_in = participation.merge(attended, on=["enterprise", "module"], how="inner")
    rows = []
    for module in sorted(set(rows_in["module"])):
        for role in ROLES:
            part = rows_in[(rows_in["module"] == module) & (rows_in["role"] == role)]
            women = int(part["female"].fillna(0).sum())
            men = int(part["male"].fillna(0).sum())
            enterprises = part["enterprise"].nunique()
            rows.append(
                {
                    "Module": options.modules.get(module, module),
                    "Role": role.capitalize() + "s",
                    "Women": women,
                    "Men": men,
                    "Total": women + men,
                    "Women's share (%)": pct(women, women + men),
                    "Enterprises": enterprises,
                    "Note": small_group_note(enterprises, small_n),
                }
            )
    columns = [
        "Module",
        "Role",
        "Women",
        "Men",
        "Total",
        "Women's share (%)",
        "Enterprises",
        "Note",
    ]
    return _typed(pd.DataFrame(rows, columns=columns))


def compute_summary(status: pd.DataFrame) -> pd.DataFrame:
    """Headline figures of the page, as (Figure, Value) rows."""
    counts = status["status"].value_counts()
    done = int(counts.get("Completed", 0))
    dropped = int(counts.get("Dropped", 0))
    beyond, enrolled = compute_beyond_first(status)
    rows = [
        ("Module enrolments", float(len(status)), "enrolments"),
        ("Completed", float(done), "enrolments"),
        ("In progress", float(counts.get("In progress", 0)), "enrolments"),
        ("Dropped", float(dropped), "enrolments"),
        ("Completion rate", pct(done, done + dropped), "%"),
        ("Enterprises enrolled", float(enrolled), "enterprises"),
        ("Enterprises taking more than Module 1", float(beyond), "enterprises"),
        ("Share taking more than Module 1", pct(beyond, enrolled), "%"),
    ]
    return pd.DataFrame(rows, columns=["Figure", "Value", "Unit"])


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts as nullable integers, percentages as floats (same on screen and in Excel)."""
    for column in frame.columns:
        header = str(column)
        if header in ("Note", "Module", "Stage", "Role", "Step") or frame[column].dtype == object:
            continue
        if "(%)" in header or header.startswith("Median"):
            frame[column] = pd.to_numeric(frame[column]).astype(float)
        elif pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    return frame


def _convention(options: Options) -> str:
    return (
        "fiscal" if any(str(v).startswith("FY") for v in options.periods.values()) else ("calendar")
    )


def build_report(
    frames: Frames, periods: ResolvedPeriods, options: Options, *, small_n: int
) -> PageReport:
    """The Modules page's tables, as at the end of the review period."""
    status = compute_enrolment_status(frames["enrolments"], periods.end)
    funnel = compute_funnel(status, options, small_n)
    partner = trainer_partner(status, frames["trainers"], options)
    # Column at once (a lambda per enrolment read 130,000 Arrow strings one by one).
    trainer_names = status["trainer"].fillna(NO_TRAINER) + (" · " + partner).fillna("")
    clusters = status["enterprise"].map(frames["enterprises"].set_index("enterprise")["cluster"])
    comparison = compute_funnel_comparison(funnel)
    series = tuple(c for c in comparison.columns if c != "Stage")
    enrolled = int(status["enterprise"].nunique())
    trainers = compute_breakdown(status, trainer_names, "Trainer · partner", small_n)
    pairs = pd.DataFrame({"name": trainer_names, "partner": partner.fillna(NO_TRAINER)})
    partner_of = pairs.drop_duplicates("name", keep="last").set_index("name")["partner"]
    trainers.insert(1, "Partner", trainers["Trainer · partner"].map(partner_of))
    # For viewers (score_dash.access.policy): rows from fewer than the minimum of enterprises are
    # suppressed, with more where rows add up to the summary's totals. A funnel step that
    # is suppressed takes the module's later steps with it (their losses would give it
    # away), and the comparison repeats the funnel's percentages.
    sheets = (
        Sheet(
            TITLE_SUMMARY,
            compute_summary(status),
            labels=("Figure", "Unit"),
            sheet_enterprises=enrolled,
        ),
        Sheet(
            TITLE_FUNNEL,
            funnel,
            enterprises="Enterprises",
            labels=("Module", "Step", "Stage"),
            complement="Stage",
            steps="Module",
        ),
        Sheet(
            TITLE_COMPARE,
            comparison,
            labels=("Stage",),
            follows=Follows(
                TITLE_FUNNEL,
                "Stage",
                pivot="Module",
                value="Of enrolled (%)",
                columns=tuple((f"{module} (%)", module) for module in funnel["Module"].unique()),
            ),
            chart=ChartSpec(
                "column",
                "Stage",
                series,
                "Funnel: % of enrolled reaching each stage",
                "% of enrolled",
            )
            if series
            else None,
        ),
        Sheet(
            TITLE_COHORTS,
            compute_cohorts(status, frames["periods"], periods, _convention(options), small_n),
            chart=ChartSpec(
                "column",
                "Cohort (enrolled in)",
                STATUSES,
                "Enrolments by cohort and status",
                "enrolments",
                stacked=True,
            ),
            enterprises="Enterprises",
            labels=("Cohort (enrolled in)",),
            complement=True,
        ),
        Sheet(
            TITLE_CLUSTER,
            compute_breakdown(status, clusters, "Cluster", small_n),
            enterprises="Enterprises",
            labels=("Cluster",),
            complement=True,
            groups=(("Cluster", "cluster"),),
        ),
        Sheet(
            TITLE_PARTNER,
            compute_breakdown(status, partner, "Partner", small_n),
            enterprises="Enterprises",
            labels=("Partner",),
            complement=True,
        ),
        # One row per trainer: a person's own results (how their enterprises completed),
        # named. For staff only, as enterprises' rows are, however many enterprises each has.
        Sheet(
            TITLE_TRAINER,
            trainers,
            audience="staff",
            enterprises="Enterprises",
            labels=("Trainer · partner", "Partner"),
            complement="Partner",  # a partner's trainers add up to its row
            follows=Follows(TITLE_PARTNER, "Partner"),
        ),
        Sheet(
            TITLE_DAYS,
            compute_stage_days(status, periods.end, options, small_n),
            enterprises="Enterprises",
            labels=("Module", "Step"),
        ),
        Sheet(
            TITLE_MODULES_PER,
            compute_modules_per_enterprise(status, small_n),
            enterprises="Enterprises",
            labels=("Modules taken",),
            complement=True,
            sheet_enterprises=enrolled,  # every share is of the enterprises enrolled
        ),
        Sheet(
            TITLE_PARTICIPANTS,
            compute_participants(frames["participation"], status, options, small_n),
            enterprises="Enterprises",
            labels=("Module", "Role"),
            complement=True,
        ),
    )
    return PageReport(
        "modules",
        f"Modules: completion funnels as at {periods.labels.get(periods.review, periods.review)}",
        sheets,
        indicators=INDICATOR_CODES,
        subtitle=t("Completion funnels as at {period}").format(
            period=periods.labels.get(periods.review, periods.review)
        ),
    )
