"""The logframe's indicators: one function per indicator with a target.

Each function here is the only place its figure is computed. The logframe status table
(`score_dash.metrics.logframe`), the Overview (`overview`) and Partners & outreach
(`outreach`) all call these, so the three agree and import in one direction:
indicators <- logframe <- overview, outreach.

An indicator's `*_over` function takes the (filtered) frames and the last days of several
half-years (`ends`) and gives the figure at each, counted cumulatively up to that day unless
its docstring says otherwise, from one pass over the rows (`counted_by`, `in_half_years`):
the logframe's progress follows each indicator over a dozen half-years. A `compute_*`
function is a figure at one half-year's last day, the `*_over` form at that day where the
indicator has one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from score_dash.metrics.common import on_or_before

Frames = dict[str, pd.DataFrame]
Ends = Sequence[pd.Timestamp]  # the last days of half-years

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


def in_half_years(dates: pd.Series, ends: Ends) -> list[np.ndarray]:
    """For each of `ends`, whether each date falls in that half-year (from its first day,
    `half_year_start`, to `end`, both included; a missing date never does), the dates read
    once: a mask per half-year, to take only the columns a figure reads (taking every column
    of the rows cost most of a half-year's figure)."""
    stamps = instants(dates)
    return [
        (stamps >= instants([half_year_start(end)])) & (stamps <= instants([end])) for end in ends
    ]


def instants(dates: pd.Series | Ends) -> np.ndarray:
    """Dates as one unit of time (nanoseconds), whatever unit they were read in."""
    return np.asarray(dates, dtype="datetime64[ns]")


def counted_by(dates: pd.Series, ends: Ends) -> np.ndarray:
    """How many of `dates` are on or before each of `ends` (a missing date never is): the
    count of `on_or_before` at every end, from one sort of the dates."""
    known = np.sort(instants(dates.dropna()))
    return np.searchsorted(known, instants(ends), side="right")


def summed_by(dates: pd.Series, amounts: pd.Series, ends: Ends) -> np.ndarray:
    """The sum of `amounts` (a missing amount counts 0) over the rows whose date is on or
    before each of `ends` (a missing date never is)."""
    known = dates.notna().to_numpy(bool)
    stamps = instants(dates[known])
    order = np.argsort(stamps, kind="stable")
    running = np.cumsum(amounts[known].fillna(0).to_numpy(float)[order])
    return np.concatenate([[0.0], running])[
        np.searchsorted(stamps[order], instants(ends), side="right")
    ]


def of_kind(activities: pd.DataFrame, kind: str) -> pd.Series:
    """Whether each activity is of one type."""
    return activities["type"] == kind


def activities_of(frames: Frames, kind: str, end: pd.Timestamp) -> pd.DataFrame:
    """Activities of one type held on or before `end`."""
    activities = frames["activities"]
    return activities[held(activities, kind, end)]


def held(activities: pd.DataFrame, kind: str, end: pd.Timestamp) -> pd.Series:
    """Whether each activity is of one type and held on or before `end` (`activities_of`'s
    rows)."""
    return of_kind(activities, kind) & on_or_before(activities["activity_date"], end)


def activities_over(frames: Frames, kind: str, ends: Ends) -> np.ndarray:
    """Activities of one type held on or before each of `ends` (`held`, counted)."""
    activities = frames["activities"]
    return counted_by(activities.loc[of_kind(activities, kind), "activity_date"], ends)


# --- enterprise results (objective 0) ------------------------------------------------------


def trained_enterprises(frames: Frames, end: pd.Timestamp) -> pd.Index:
    """The rule for "trained": an enterprise with a classroom workshop on or before `end`."""
    enrolments = frames["enrolments"]
    trained = on_or_before(enrolments["classroom_date"], end)
    return pd.Index(enrolments.loc[trained, "enterprise"].unique())


def enterprises_trained_over(frames: Frames, ends: Ends) -> np.ndarray:
    """Distinct enterprises trained by each of `ends` (`trained_enterprises`, counted): an
    enterprise is, from its first classroom workshop on."""
    enrolments = frames["enrolments"]
    return counted_by(enrolments.groupby("enterprise")["classroom_date"].min(), ends)


def compute_enterprises_trained(frames: Frames, end: pd.Timestamp) -> float:
    """Distinct enterprises with a classroom workshop on or before `end`."""
    return float(enterprises_trained_over(frames, [end])[0])


def module_completions_over(frames: Frames, ends: Ends) -> np.ndarray:
    """Enrolments completed on or before each of `ends`."""
    return counted_by(frames["enrolments"]["completed_date"], ends)


def compute_module_completions(frames: Frames, end: pd.Timestamp) -> float:
    """Enrolments completed on or before `end`."""
    return float(module_completions_over(frames, [end])[0])


def trainers_certified_by(trainers: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """The rule for a certified trainer at the end of a half-year: level certified or
    expert, and the level's date on or before `end`."""
    return trainers[certified_by(trainers, end)]


def certified_level(trainers: pd.DataFrame) -> pd.Series:
    """Whether each trainer's level counts as certified (from its `level_date` on)."""
    return trainers["level"].isin(CERTIFIED_LEVELS)


def certified_by(trainers: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """Whether each trainer is certified at `end` (`trainers_certified_by`'s rows)."""
    return certified_level(trainers) & on_or_before(trainers["level_date"], end)


def trainers_certified_over(frames: Frames, ends: Ends, sex: str | None = None) -> np.ndarray:
    """Trainers certified by each of `ends` (`certified_by`, counted); of one sex if given."""
    trainers = frames["trainers"]
    rows = certified_level(trainers)
    if sex is not None:
        rows &= trainers["sex"] == sex
    return counted_by(trainers.loc[rows, "level_date"], ends)


def compute_trainers_certified(frames: Frames, end: pd.Timestamp) -> dict[str, float]:
    """Certified (or expert) trainers by `end`: total, women, men."""
    return {
        name: float(trainers_certified_over(frames, [end], sex)[0])
        for name, sex in (("total", None), ("women", "female"), ("men", "male"))
    }


# --- objective 1: associations -------------------------------------------------------------


def associations_with_mou(frames: Frames, end: pd.Timestamp) -> pd.DataFrame:
    """Associations and employers' organisations whose MoU was signed on or before `end`."""
    partners = frames["partners"]
    return partners[mou_signed_by(partners, end)]


def is_association(partners: pd.DataFrame) -> pd.Series:
    """Whether each partner is an industry association or an employers' organisation."""
    return partners["type"].isin(ASSOCIATION_TYPES)


def mou_signed_by(partners: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """Whether each partner is an association with an MoU by `end` (`associations_with_mou`'s
    rows)."""
    return is_association(partners) & on_or_before(partners["mou_date"], end)


def associations_mou_over(frames: Frames, ends: Ends) -> np.ndarray:
    """Associations with an MoU signed by each of `ends` (`mou_signed_by`, counted)."""
    partners = frames["partners"]
    return counted_by(partners.loc[is_association(partners), "mou_date"], ends)


def enterprises_via_associations_over(frames: Frames, ends: Ends) -> np.ndarray:
    """Enterprises recruited through an association that joined by each of `ends`."""
    enterprises = frames["enterprises"]
    return counted_by(enterprises.loc[enterprises["association"].notna(), "joined_date"], ends)


# --- objective 2: service providers --------------------------------------------------------


def offers_score(partners: pd.DataFrame) -> pd.Series:
    """Whether each partner offers SCORE as a regular service (embeds_score)."""
    return partners["embeds_score"].astype(bool)


def embeds_score_by(partners: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """The rule for a service provider: it offers SCORE as a regular service and its MoU
    was signed on or before `end` (a boolean per partner row)."""
    return offers_score(partners) & on_or_before(partners["mou_date"], end)


def institutions_embedding_over(frames: Frames, ends: Ends) -> np.ndarray:
    """Service providers at each of `ends` (`embeds_score_by`, counted)."""
    partners = frames["partners"]
    return counted_by(partners.loc[offers_score(partners), "mou_date"], ends)


def cost_share_non_ilo_over(frames: Frames, ends: Ends) -> list[float]:
    """Mean share (%) of module cost not paid by the ILO, over the enrolments started in
    the half-year whose last day is each of `ends`."""
    enrolments = frames["enrolments"]
    return [
        mean_cost_share(enrolments, started)
        for started in in_half_years(enrolments["enrolled_date"], ends)
    ]


def mean_cost_share(enrolments: pd.DataFrame, started: pd.Series | np.ndarray) -> float:
    """Mean share (%) of module cost not paid by the ILO, over the `started` enrolments that
    give one."""
    values = enrolments["cost_share_non_ilo_pct"][started].dropna()
    return round(float(values.mean()), 1) if len(values) else math.nan


# --- objective 3: dissemination ------------------------------------------------------------


def inspectors_trained_over(frames: Frames, ends: Ends) -> np.ndarray:
    """Participants (women and men) of labour-inspector trainings held by each of `ends`."""
    activities = frames["activities"]
    trainings = activities[of_kind(activities, INSPECTOR_TRAINING)]
    people = trainings["participants_female"].fillna(0) + trainings["participants_male"].fillna(0)
    return summed_by(trainings["activity_date"], people, ends)
