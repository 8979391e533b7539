"""Partners & outreach: the programme's three immediate objectives.

1. Associations market SCORE: associations with an MoU, enterprises they recruited,
   promotion events.
2. Service providers deliver on a sustainable basis: institutions offering SCORE, trainers
   by level, sex and module, share of training cost not paid by the ILO, fee income,
   enterprise satisfaction.
3. Dissemination: labour-inspector trainings, media items, case studies, people reached.

The logframe indicators among these figures are computed in `score_dash.metrics.indicators`
(one place for the Overview, this page and the logframe status table); this module builds
the page's tables around them.
"""

from __future__ import annotations

import math

import pandas as pd

from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.i18n import t
from score_dash.core.reports import FEES, ChartSpec, PageReport, Sheet
from score_dash.metrics import logframe
from score_dash.metrics.common import upto
from score_dash.metrics.indicators import (
    CASE_STUDY,
    INSPECTOR_TRAINING,
    MEDIA_ITEM,
    PROMOTION_EVENT,
    activities_of,
    associations_with_mou,
    embeds_score_by,
    in_half_years,
    is_association,
    mean_cost_share,
    trainers_certified_by,
)

Frames = dict[str, pd.DataFrame]

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


# --- the page's tables -------------------------------------------------------------------


def state_names(frames: Frames) -> pd.Series:
    """State code -> name for every state in the data (a state without clusters too)."""
    return frames["states"].set_index("state")["name"]


def compute_associations_table(frames: Frames, end: pd.Timestamp, options: Options) -> pd.DataFrame:
    """One row per association: MoU date, enterprises recruited, promotion events."""
    partners = frames["partners"]
    associations = partners[is_association(partners)]
    enterprises = upto(frames["enterprises"], "joined_date", end)
    recruited = enterprises.groupby("association")["enterprise"].nunique()
    events = activities_of(frames, PROMOTION_EVENT, end).groupby("partner")["activity"].count()
    table = pd.DataFrame(
        {
            "Association": associations["name"].to_numpy(),
            "State": associations["state"]
            .map(state_names(frames))
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

    promotion, media, cases = count(PROMOTION_EVENT), count(MEDIA_ITEM), count(CASE_STUDY)

    inspectors = activities[activities["type"] == INSPECTOR_TRAINING]
    women = inspectors.groupby("state")["participants_female"].sum()
    men = inspectors.groupby("state")["participants_male"].sum()
    reach = activities.groupby("state")["reach"].sum()
    names = state_names(frames).to_dict()
    states = sorted(
        set(mou.index) | set(via.index) | set(activities["state"]),
        key=lambda s: names.get(s, s),
    )
    rows = []
    for state in states:
        rows.append(
            {
                "State": names.get(state, state),
                "Associations with an MoU": int(mou.get(state, 0)),
                "Enterprises recruited by associations": int(via.get(state, 0)),
                "Promotion events": int(promotion.get(state, 0)),
                "Labour inspectors trained: women": int(women.get(state, 0)),
                "Labour inspectors trained: men": int(men.get(state, 0)),
                "Media items": int(media.get(state, 0)),
                "Case studies": int(cases.get(state, 0)),
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
    certified = trainers_certified_by(trainers, end).groupby("partner")["trainer"].count()
    candidates = trainers[trainers["level"] == "candidate"].groupby("partner")["trainer"].count()
    embeds = embeds_score_by(partners, end)
    providers = partners[embeds | partners["partner"].isin(set(trainers["partner"]))]
    table = pd.DataFrame(
        {
            "Institution": providers["name"].to_numpy(),
            "Type": providers["type"].to_numpy(),
            "State": providers["state"]
            .map(state_names(frames))
            .fillna(providers["state"])
            .to_numpy(),
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
    ends = [periods.end_of(code) for code in periods.trend]
    rows = []
    for code, started, completed in zip(
        periods.trend,
        in_half_years(enrolments["enrolled_date"], ends),
        in_half_years(enrolments["completed_date"], ends),
        strict=True,
    ):
        scores = enrolments["satisfaction_pct"][completed].dropna()
        rows.append(
            {
                "Half-year": periods.labels[code],
                "Modules started": int(started.sum()),
                "Enterprises": int(enrolments["enterprise"][started].nunique()),
                "Share of cost not paid by the ILO (%)": mean_cost_share(enrolments, started),
                "Fee income (INR)": float(enrolments["fee_paid_inr"][started].sum()),
                "Satisfaction (%)": round(float(scores.mean()), 1) if len(scores) else math.nan,
                "Satisfaction responses": len(scores),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Half-year",
            "Modules started",
            "Enterprises",
            "Share of cost not paid by the ILO (%)",
            "Fee income (INR)",
            "Satisfaction (%)",
            "Satisfaction responses",
        ],
    )


def compute_satisfaction_enterprises(frames: Frames, periods: ResolvedPeriods) -> tuple[int, ...]:
    """For each half-year of `compute_cost_recovery`, the enterprises behind its satisfaction
    figure: those with a score for a module completed in it."""
    enrolments = frames["enrolments"]
    scored = enrolments["satisfaction_pct"].notna().to_numpy(bool)
    ends = [periods.end_of(code) for code in periods.trend]
    return tuple(
        int(enrolments["enterprise"][completed & scored].nunique())
        for completed in in_half_years(enrolments["completed_date"], ends)
    )


def compute_dissemination(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Per half-year of the trend range: inspector trainings, media, case studies, reach."""
    activities = frames["activities"]
    kinds = activities["type"]
    inspector = (kinds == INSPECTOR_TRAINING).to_numpy(bool)
    ends = [periods.end_of(code) for code in periods.trend]
    rows = []
    for code, held in zip(
        periods.trend, in_half_years(activities["activity_date"], ends), strict=True
    ):
        inspectors = held & inspector
        of_kinds = kinds[held]
        rows.append(
            {
                "Half-year": periods.labels[code],
                "Labour-inspector trainings": int(inspectors.sum()),
                "Inspectors trained: women": int(
                    activities["participants_female"][inspectors].sum()
                ),
                "Inspectors trained: men": int(activities["participants_male"][inspectors].sum()),
                "Media items": int((of_kinds == MEDIA_ITEM).sum()),
                "Case studies": int((of_kinds == CASE_STUDY).sum()),
                "Promotion events": int((of_kinds == PROMOTION_EVENT).sum()),
                "People reached": int(activities["reach"][held].sum()),
            }
        )
    return pd.DataFrame(rows)


def build_report(
    frames: Frames, periods: ResolvedPeriods, options: Options, *, scope: str = "programme"
) -> PageReport:
    """The Partners & outreach page's tables (`scope="selection"` under entity filters)."""
    end = periods.end
    status = logframe.compute_logframe_table(frames, periods, scope=scope)
    status = status[status["Objective"] > 0]
    status_rule = logframe.status_enterprises(frames, periods, status)
    status = logframe.status_display(status)
    progress = logframe.compute_progress(frames, periods, objectives=(1, 2, 3))
    cost = compute_cost_recovery(frames, periods)
    satisfied = compute_satisfaction_enterprises(frames, periods)
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
            column_enterprises=status_rule,
        ),
        Sheet(
            "Progress against targets",
            progress,
            column_enterprises=(
                ("Actual", logframe.progress_enterprises(frames, periods, objectives=(1, 2, 3))),
            ),
        ),
        # An association's (a state's) enterprises recruited are a group of enterprises:
        # fewer than the minimum is not shown to viewers, and the rows add up to the
        # logframe's total.
        Sheet(
            "Associations",
            compute_associations_table(frames, end, options),
            note=t("Cumulative to the end of {period}.").format(period=review),
            complement=True,
            column_enterprises=(("Enterprises recruited", "Enterprises recruited"),),
        ),
        Sheet(
            "By state",
            compute_state_table(frames, end, options),
            note=t("Cumulative to the end of {period}.").format(period=review),
            complement=True,
            column_enterprises=(
                (
                    "Enterprises recruited by associations",
                    "Enterprises recruited by associations",
                ),
            ),
        ),
        Sheet(
            "Service providers",
            compute_providers_table(frames, end, options),
            note=t("Institutions offering SCORE training as a regular service."),
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
            # Fees and cost shares come from the enterprises starting a module in the
            # half-year, satisfaction from those completing one: each from too few is
            # suppressed for viewers. Institutions, trainers and activities are the
            # programme's partners' own figures.
            enterprises="Enterprises",
            labels=("Half-year",),
            complement=True,  # modules started add up to the enrolments (Modules page)
            column_enterprises=tuple(
                (column, satisfied) for column in ("Satisfaction (%)", "Satisfaction responses")
            ),
            # A half-year whose fees one enterprise dominates, or fewer than the minimum
            # paid, is withheld for viewers with those protecting it (disclosure.py); so is
            # a half-year at which the publication withholds the selection.
            period_column="Half-year",
            layers=((FEES, ("Fee income (INR)",)),),
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
    notes: tuple[str, ...] = (logframe.status_rule(),)
    if scope == "selection":
        notes = (*notes, logframe.SELECTION_NOTE)
    return PageReport(
        "partners",
        f"Partners & outreach: {review}",
        sheets,
        indicators=PAGE_INDICATORS,
        notes=notes,
    )
