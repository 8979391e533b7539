"""The logframe's indicators: one `compute_*` function per indicator with a target.

Each function here is the only place its figure is computed. The logframe status table
(`score_dash.metrics.logframe`), the Overview (`overview`) and Partners & outreach
(`outreach`) all call these, so the three agree and import in one direction:
indicators <- logframe <- overview, outreach.

Every function takes the (filtered) frames and the last day of a half-year, and counts
cumulatively up to that day unless its docstring says otherwise.
"""

from __future__ import annotations

import math

import pandas as pd

from score_dash.metrics.common import on_or_before

Frames = dict[str, pd.DataFrame]

ASSOCIATION_TYPES: tuple[str, ...] = ("industry association", "employers' organisation")
CERTIFIED_LEVELS: tuple[str, ...] = ("certified", "expert")
INSPECTOR_TRAINING = "labour inspector training"
MEDIA_ITEM = "media item"
PROMOTION_EVENT = "promotion event"
CASE_STUDY = "case study"
PARTNER_STAFF_TRAINING = "partner staff training"


# --- dates -------------------------------------------------------------------------------


def half_year_start(end: pd.Timestamp) -> pd.Timestamp:
    """First day of the half-year whose last day is `end` (either convention)."""
    return end + pd.Timedelta(days=1) - pd.DateOffset(months=6)


def within(
    frame: pd.DataFrame, column: str, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Rows whose date column falls in start..end, both included (missing dates excluded)."""
    return frame[between(frame[column], start, end)]


def between(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Whether each date falls in start..end, both included (`within`'s rows)."""
    return dates.notna() & (dates >= start) & (dates <= end)


def activities_of(frames: Frames, kind: str, end: pd.Timestamp) -> pd.DataFrame:
    """Activities of one type held on or before `end`."""
    activities = frames["activities"]
    return activities[held(activities, kind, end)]


def held(activities: pd.DataFrame, kind: str, end: pd.Timestamp) -> pd.Series:
    """Whether each activity is of one type and held on or before `end` (`activities_of`'s
    rows)."""
    return (activities["type"] == kind) & on_or_before(activities["activity_date"], end)


# --- enterprise results (objective 0) ------------------------------------------------------


def trained_enterprises(frames: Frames, end: pd.Timestamp) -> pd.Index:
    """The rule for "trained": an enterprise with a classroom workshop on or before `end`."""
    enrolments = frames["enrolments"]
    trained = on_or_before(enrolments["classroom_date"], end)
    return pd.Index(enrolments.loc[trained, "enterprise"].unique())


def compute_enterprises_trained(frames: Frames, end: pd.Timestamp) -> float:
    """Distinct enterprises with a classroom workshop on or before `end`."""
    return float(len(trained_enterprises(frames, end)))


def compute_module_completions(frames: Frames, end: pd.Timestamp) -> float:
    """Enrolments completed on or before `end`."""
    return float(on_or_before(frames["enrolments"]["completed_date"], end).sum())


def trainers_certified_by(trainers: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """The rule for a certified trainer at the end of a half-year: level certified or
    expert, and the level's date on or before `end`."""
    return trainers[certified_by(trainers, end)]


def certified_by(trainers: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """Whether each trainer is certified at `end` (`trainers_certified_by`'s rows)."""
    return trainers["level"].isin(CERTIFIED_LEVELS) & on_or_before(trainers["level_date"], end)


def compute_trainers_certified(frames: Frames, end: pd.Timestamp) -> dict[str, float]:
    """Certified (or expert) trainers by `end`: total, women, men."""
    trainers = frames["trainers"]
    certified = certified_by(trainers, end)
    sex = trainers.loc[certified, "sex"]
    return {
        "total": float(certified.sum()),
        "women": float((sex == "female").sum()),
        "men": float((sex == "male").sum()),
    }


# --- objective 1: associations -------------------------------------------------------------


def associations_with_mou(frames: Frames, end: pd.Timestamp) -> pd.DataFrame:
    """Associations and employers' organisations whose MoU was signed on or before `end`."""
    partners = frames["partners"]
    return partners[mou_signed_by(partners, end)]


def mou_signed_by(partners: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """Whether each partner is an association with an MoU by `end` (`associations_with_mou`'s
    rows)."""
    return partners["type"].isin(ASSOCIATION_TYPES) & on_or_before(partners["mou_date"], end)


def compute_associations_mou(frames: Frames, end: pd.Timestamp) -> float:
    """Associations and employers' organisations with an MoU signed by `end`."""
    return float(mou_signed_by(frames["partners"], end).sum())


def compute_enterprises_via_associations(frames: Frames, end: pd.Timestamp) -> float:
    """Enterprises recruited through an association that joined by `end`."""
    enterprises = frames["enterprises"]
    joined = on_or_before(enterprises["joined_date"], end)
    return float((joined & enterprises["association"].notna()).sum())


def compute_promotion_events(frames: Frames, end: pd.Timestamp) -> float:
    """Promotion events held by `end` (cumulative)."""
    return float(held(frames["activities"], PROMOTION_EVENT, end).sum())


# --- objective 2: service providers --------------------------------------------------------


def embeds_score_by(partners: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """The rule for a service provider: it offers SCORE as a regular service (embeds_score)
    and its MoU was signed on or before `end` (a boolean per partner row)."""
    return (
        partners["embeds_score"].astype(bool)
        & partners["mou_date"].notna()
        & (partners["mou_date"] <= end)
    )


def compute_institutions_embedding(frames: Frames, end: pd.Timestamp) -> float:
    """Partners offering SCORE as a regular service (embeds_score) with an MoU by `end`."""
    return float(embeds_score_by(frames["partners"], end).sum())


def compute_cost_share_non_ilo(frames: Frames, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Mean share (%) of module cost not paid by the ILO, enrolments started in start..end."""
    enrolments = frames["enrolments"]
    started = between(enrolments["enrolled_date"], start, end)
    values = enrolments.loc[started, "cost_share_non_ilo_pct"].dropna()
    return round(float(values.mean()), 1) if len(values) else math.nan


# --- objective 3: dissemination ------------------------------------------------------------


def compute_inspectors_trained(frames: Frames, end: pd.Timestamp) -> float:
    """Participants (women and men) of labour-inspector trainings held by `end`."""
    activities = frames["activities"]
    rows = activities.loc[
        held(activities, INSPECTOR_TRAINING, end), ["participants_female", "participants_male"]
    ]
    return float(rows["participants_female"].sum() + rows["participants_male"].sum())


def compute_media_items(frames: Frames, end: pd.Timestamp) -> float:
    """Media items published by `end` (cumulative)."""
    return float(held(frames["activities"], MEDIA_ITEM, end).sum())
