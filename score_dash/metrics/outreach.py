"""Partners & outreach: the programme's three immediate objectives.

1. Associations market SCORE: associations with an MoU, enterprises they recruited,
   promotion events.
2. Service providers deliver on a sustainable basis: institutions offering SCORE, trainers
   by level, sex and module, share of training cost not paid by the ILO, fee income,
   enterprise satisfaction.
3. Dissemination: labour-inspector trainings, media items, case studies, people reached.

The `compute_*` functions for logframe indicators are the only place those figures are
computed; `score_dash.metrics.logframe` uses them for the Overview's status table.
"""

from __future__ import annotations

import math

import pandas as pd

from score_dash.export import ChartSpec, PageReport, Sheet
from score_dash.filters import Options, ResolvedPeriods
from score_dash.metrics.common import upto

Frames = dict[str, pd.DataFrame]

ASSOCIATION_TYPES: tuple[str, ...] = ("industry association", "employers' organisation")
INSPECTOR_TRAINING = "labour inspector training"
MEDIA_ITEM = "media item"
PROMOTION_EVENT = "promotion event"
CASE_STUDY = "case study"
LEVEL_ORDER: tuple[str, ...] = ("candidate", "certified", "expert")
PAGE_INDICATORS: tuple[str, ...] = (
    "associations_mou",
    "enterprises_via_associations",
    "promotion_events",
    "institutions_embedding",
    "trainers_certified",
    "cost_share_non_ilo",
    "fee_income",
    "satisfaction",
    "inspectors_trained",
    "media_items",
    "case_studies",
    "people_reached",
    "logframe_status",
    "pace_needed",
)


def _activities(frames: Frames, kind: str, end: pd.Timestamp) -> pd.DataFrame:
    activities = frames["activities"]
    return upto(activities[activities["type"] == kind], "activity_date", end)


def half_year_start(end: pd.Timestamp) -> pd.Timestamp:
    """First day of the half-year whose last day is `end` (either convention)."""
    return end + pd.Timedelta(days=1) - pd.DateOffset(months=6)


def _in_period(
    frame: pd.DataFrame, column: str, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    return frame[frame[column].notna() & (frame[column] >= start) & (frame[column] <= end)]


# --- objective 1 -------------------------------------------------------------------------


def associations_with_mou(frames: Frames, end: pd.Timestamp) -> pd.DataFrame:
    partners = frames["partners"]
    associations = partners[partners["type"].isin(ASSOCIATION_TYPES)]
    return upto(associations, "mou_date", end)


def compute_associations_mou(frames: Frames, end: pd.Timestamp) -> float:
    """Associations and employers' organisations with an MoU signed by `end`."""
    return float(len(associations_with_mou(frames, end)))


def compute_enterprises_via_associations(frames: Frames, end: pd.Timestamp) -> float:
    """Enterprises recruited through an association that joined by `end`."""
    enterprises = upto(frames["enterprises"], "joined_date", end)
    return float(enterprises["association"].notna().sum())


def compute_promotion_events(frames: Frames, end: pd.Timestamp) -> float:
    """Promotion events held by `end` (cumulative)."""
    return float(len(_activities(frames, PROMOTION_EVENT, end)))


# --- objective 2 -------------------------------------------------------------------------


def compute_institutions_embedding(frames: Frames, end: pd.Timestamp) -> float:
    """Partners offering SCORE as a regular service (embeds_score) with an MoU by `end`."""
    partners = frames["partners"]
    return float(len(upto(partners[partners["embeds_score"].astype(bool)], "mou_date", end)))


def compute_cost_share_non_ilo(frames: Frames, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Mean share (%) of module cost not paid by the ILO, enrolments started in the period."""
    enrolments = _in_period(frames["enrolments"], "enrolled_date", start, end)
    values = enrolments["cost_share_non_ilo_pct"].dropna()
    return round(float(values.mean()), 1) if len(values) else math.nan


# --- objective 3 -------------------------------------------------------------------------


def compute_inspectors_trained(frames: Frames, end: pd.Timestamp) -> float:
    """Participants (women and men) of labour-inspector trainings held by `end`."""
    rows = _activities(frames, INSPECTOR_TRAINING, end)
    return float(rows["participants_female"].sum() + rows["participants_male"].sum())


def compute_media_items(frames: Frames, end: pd.Timestamp) -> float:
    """Media items published by `end` (cumulative)."""
    return float(len(_activities(frames, MEDIA_ITEM, end)))


# --- the page's tables -------------------------------------------------------------------


def compute_associations_table(frames: Frames, end: pd.Timestamp, options: Options) -> pd.DataFrame:
    """One row per association: MoU date, enterprises recruited, promotion events."""
    partners = frames["partners"]
    associations = partners[partners["type"].isin(ASSOCIATION_TYPES)]
    enterprises = upto(frames["enterprises"], "joined_date", end)
    recruited = enterprises.groupby("association")["enterprise"].nunique()
    events = _activities(frames, PROMOTION_EVENT, end).groupby("partner")["activity"].count()
    table = pd.DataFrame(
        {
            "Association": associations["name"].to_numpy(),
            "State": associations["state"]
            .map(options.states)
            .fillna(associations["state"])
            .to_numpy(),
            "MoU signed": associations["mou_date"]
            .where(associations["mou_date"] <= end)
            .dt.date.to_numpy(),
            "Enterprises recruited": associations["partner"]
            .map(recruited)
            .fillna(0)
            .astype("int64")
            .to_numpy(),
            "Promotion events": associations["partner"]
            .map(events)
            .fillna(0)
            .astype("int64")
            .to_numpy(),
        }
    )
    return table.sort_values(
        ["Enterprises recruited", "Association"], ascending=[False, True]
    ).reset_index(drop=True)


def compute_state_table(frames: Frames, end: pd.Timestamp, options: Options) -> pd.DataFrame:
    """Per state, cumulative to `end`: the three objectives' main counts."""
    mou = associations_with_mou(frames, end).groupby("state")["partner"].count()
    enterprises = upto(frames["enterprises"], "joined_date", end)
    if "state" not in enterprises:  # derived by queries.load_frames; demo frames lack it
        states_of = frames["clusters"].set_index("cluster")["state"]
        enterprises = enterprises.assign(state=enterprises["cluster"].map(states_of))
    via = enterprises[enterprises["association"].notna()].groupby("state")["enterprise"].count()
    activities = upto(frames["activities"], "activity_date", end)

    def count(kind: str) -> pd.Series:
        return activities[activities["type"] == kind].groupby("state")["activity"].count()

    inspectors = activities[activities["type"] == INSPECTOR_TRAINING]
    women = inspectors.groupby("state")["participants_female"].sum()
    men = inspectors.groupby("state")["participants_male"].sum()
    reach = activities.groupby("state")["reach"].sum()
    states = sorted(
        set(mou.index) | set(via.index) | set(activities["state"]),
        key=lambda s: options.states.get(s, s),
    )
    rows = []
    for state in states:
        rows.append(
            {
                "State": options.states.get(state, state),
                "Associations with an MoU": int(mou.get(state, 0)),
                "Enterprises recruited by associations": int(via.get(state, 0)),
                "Promotion events": int(count(PROMOTION_EVENT).get(state, 0)),
                "Labour inspectors trained: women": int(women.get(state, 0)),
                "Labour inspectors trained: men": int(men.get(state, 0)),
                "Media items": int(count(MEDIA_ITEM).get(state, 0)),
                "Case studies": int(count(CASE_STUDY).get(state, 0)),
                "People reached": int(reach.get(state, 0)),
            }
        )
    columns = [
        "State",
        "Associations with an MoU",
        "Enterprises recruited by associations",
        "Promotion events",
        "Labour inspectors trained: women",
        "Labour inspectors trained: men",
        "Media items",
        "Case studies",
        "People reached",
    ]
    return pd.DataFrame(rows, columns=columns)


def compute_providers_table(frames: Frames, end: pd.Timestamp, options: Options) -> pd.DataFrame:
    """Service providers at `end`: institutions embedding SCORE (with an MoU by then) and
    every institution with trainers, so that the trainer columns add up to the programme's
    certified trainers."""
    partners = frames["partners"]
    trainers = upto(frames["trainers"], "level_date", end)
    certified = (
        trainers[trainers["level"].isin(["certified", "expert"])]
        .groupby("partner")["trainer"]
        .count()
    )
    candidates = trainers[trainers["level"] == "candidate"].groupby("partner")["trainer"].count()
    embeds = (
        partners["embeds_score"].astype(bool)
        & partners["mou_date"].notna()
        & (partners["mou_date"] <= end)
    )
    providers = partners[embeds | partners["partner"].isin(set(trainers["partner"]))]
    table = pd.DataFrame(
        {
            "Institution": providers["name"].to_numpy(),
            "Type": providers["type"].to_numpy(),
            "State": providers["state"].map(options.states).fillna(providers["state"]).to_numpy(),
            "MoU signed": providers["mou_date"].dt.date.to_numpy(),
            "Embeds SCORE": embeds[providers.index].map({True: "yes", False: "no"}).to_numpy(),
            "Certified trainers": providers["partner"]
            .map(certified)
            .fillna(0)
            .astype("int64")
            .to_numpy(),
            "Trainer candidates": providers["partner"]
            .map(candidates)
            .fillna(0)
            .astype("int64")
            .to_numpy(),
        }
    )
    return table.sort_values("Institution").reset_index(drop=True)


def compute_trainers_by_level(frames: Frames, end: pd.Timestamp) -> pd.DataFrame:
    """Trainers at each level reached by `end`, by sex."""
    trainers = upto(frames["trainers"], "level_date", end)
    rows = []
    for level in LEVEL_ORDER:
        at = trainers[trainers["level"] == level]
        women = int((at["sex"] == "female").sum())
        men = int((at["sex"] == "male").sum())
        rows.append({"Level": level.capitalize(), "Women": women, "Men": men, "Total": women + men})
    return pd.DataFrame(rows)


def compute_trainers_by_module(frames: Frames, end: pd.Timestamp, options: Options) -> pd.DataFrame:
    """Trainers certified for each module by `end`, by sex."""
    certified = upto(frames["trainer_modules"], "certified_date", end).merge(
        frames["trainers"][["trainer", "sex"]], on="trainer", how="left"
    )
    rows = []
    for module, name in options.modules.items():
        at = certified[certified["module"] == module]
        women = int((at["sex"] == "female").sum())
        men = int((at["sex"] == "male").sum())
        rows.append({"Module": name, "Women": women, "Men": men, "Total": women + men})
    return pd.DataFrame(rows, columns=["Module", "Women", "Men", "Total"])


def compute_cost_recovery(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Per half-year of the trend range: modules started, cost share, fees, satisfaction.

    Satisfaction is the mean of the scores recorded for modules completed in the half-year.
    """
    enrolments = frames["enrolments"]
    rows = []
    for code in periods.trend:
        end = periods.end_of(code)
        start = half_year_start(end)
        started = _in_period(enrolments, "enrolled_date", start, end)
        completed = _in_period(enrolments, "completed_date", start, end)
        scores = completed["satisfaction_pct"].dropna()
        rows.append(
            {
                "Half-year": periods.labels[code],
                "Modules started": len(started),
                "Share of cost not paid by the ILO (%)": compute_cost_share_non_ilo(
                    frames, start, end
                ),
                "Fee income (INR)": float(started["fee_paid_inr"].sum()),
                "Satisfaction (%)": round(float(scores.mean()), 1) if len(scores) else math.nan,
                "Satisfaction responses": len(scores),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Half-year",
            "Modules started",
            "Share of cost not paid by the ILO (%)",
            "Fee income (INR)",
            "Satisfaction (%)",
            "Satisfaction responses",
        ],
    )


def compute_dissemination(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Per half-year of the trend range: inspector trainings, media, case studies, reach."""
    activities = frames["activities"]
    rows = []
    for code in periods.trend:
        end = periods.end_of(code)
        start = half_year_start(end)
        held = _in_period(activities, "activity_date", start, end)
        inspectors = held[held["type"] == INSPECTOR_TRAINING]
        rows.append(
            {
                "Half-year": periods.labels[code],
                "Labour-inspector trainings": len(inspectors),
                "Inspectors trained: women": int(inspectors["participants_female"].sum()),
                "Inspectors trained: men": int(inspectors["participants_male"].sum()),
                "Media items": int((held["type"] == MEDIA_ITEM).sum()),
                "Case studies": int((held["type"] == CASE_STUDY).sum()),
                "Promotion events": int((held["type"] == PROMOTION_EVENT).sum()),
                "People reached": int(held["reach"].sum()),
            }
        )
    return pd.DataFrame(rows)


def build_report(
    frames: Frames, periods: ResolvedPeriods, options: Options, **choices: str
) -> PageReport:
    """The Partners & outreach page's tables (`scope="selection"` under entity filters)."""
    from score_dash.metrics import logframe

    scope = choices.get("scope", "programme")
    end = periods.end
    status = logframe.compute_logframe_table(frames, periods, scope=scope)
    status = logframe.status_display(status[status["Objective"] > 0])
    progress = logframe.compute_progress(frames, periods, objectives=(1, 2, 3))
    cost = compute_cost_recovery(frames, periods)
    dissemination = compute_dissemination(frames, periods)
    review = periods.labels[periods.review]
    sheets = (
        Sheet(
            "Objectives against targets",
            status,
            chart=ChartSpec(
                "bar",
                "Indicator",
                ("Achieved (%)",),
                f"Share of the {review} target achieved",
                "% of target",
            ),
        ),
        Sheet("Progress against targets", progress),
        Sheet(
            "Associations",
            compute_associations_table(frames, end, options),
            note=f"Cumulative to the end of {review}.",
        ),
        Sheet(
            "By state",
            compute_state_table(frames, end, options),
            note=f"Cumulative to the end of {review}.",
        ),
        Sheet(
            "Service providers",
            compute_providers_table(frames, end, options),
            note="Institutions offering SCORE training as a regular service.",
        ),
        Sheet(
            "Trainers by level",
            compute_trainers_by_level(frames, end),
            chart=ChartSpec(
                "column", "Level", ("Women", "Men"), "Trainers by level", "trainers", stacked=True
            ),
        ),
        Sheet(
            "Trainers by module",
            compute_trainers_by_module(frames, end, options),
            chart=ChartSpec(
                "bar",
                "Module",
                ("Women", "Men"),
                "Certified trainers by module",
                "trainers",
                stacked=True,
            ),
        ),
        Sheet(
            "Cost recovery",
            cost,
            chart=ChartSpec(
                "line",
                "Half-year",
                ("Share of cost not paid by the ILO (%)",),
                "Share of training cost not paid by the ILO",
                "%",
            ),
        ),
        Sheet(
            "Dissemination",
            dissemination,
            chart=ChartSpec(
                "column",
                "Half-year",
                ("Media items", "Case studies", "Labour-inspector trainings"),
                "Dissemination per half-year",
                "count",
            ),
        ),
    )
    notes = (logframe.STATUS_RULE_TEXT,)
    if scope == "selection":
        notes = (*notes, logframe.SELECTION_NOTE)
    return PageReport(
        "partners",
        f"Partners & outreach: {review}",
        sheets,
        indicators=PAGE_INDICATORS,
        notes=notes,
    )
