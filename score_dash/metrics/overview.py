"""Headline figures of the Overview page."""

from __future__ import annotations

import math

import pandas as pd

from score_dash.dictionary import INDICATORS_BY_CODE
from score_dash.export import PageReport, Sheet
from score_dash.filters import Options, ResolvedPeriods
from score_dash.metrics.common import pct, upto, women_share

Frames = dict[str, pd.DataFrame]

HEADLINE_CODES: tuple[str, ...] = (
    "enterprises",
    "enterprises_trained",
    "clusters",
    "states",
    "workers",
    "women_workers",
    "women_share_workforce",
    "module_enrolments",
    "module_completions",
    "completion_rate",
    "trainers_certified",
    "women_share_trainers",
    "women_share_participants",
)


def compute_headline(frames: Frames, period: str, end: pd.Timestamp) -> dict[str, float]:
    """Headline figures at the end of one half-year (cumulative where it makes sense).

    Workforce figures are those reported for that half-year itself.
    """
    enterprises = upto(frames["enterprises"], "joined_date", end)
    enrolments = frames["enrolments"]
    enrolled = upto(enrolments, "enrolled_date", end)
    classroom = upto(enrolments, "classroom_date", end)
    completed = upto(enrolments, "completed_date", end)
    dropped = upto(enrolments, "dropped_date", end)
    workforce = frames["workforce"]
    workforce = workforce[workforce["period"] == period]
    trainers = frames["trainers"]
    certified = upto(trainers[trainers["level"].isin(["certified", "expert"])],
                     "level_date", end)
    participation = frames["participation"]
    attended = participation.merge(
        classroom[["enterprise", "module"]], on=["enterprise", "module"], how="inner")
    return {
        "enterprises": float(enterprises["enterprise"].nunique()),
        "enterprises_trained": float(classroom["enterprise"].nunique()),
        "clusters": float(enterprises["cluster"].nunique()),
        "states": float(enterprises["state"].nunique()),
        "workers": float(workforce["total"].sum()),
        "women_workers": float(workforce["female"].sum()),
        "women_share_workforce": women_share(workforce["female"], workforce["male"]),
        "module_enrolments": float(len(enrolled)),
        "module_completions": float(len(completed)),
        "completion_rate": pct(len(completed), len(completed) + len(dropped)),
        "trainers_certified": float(len(certified)),
        "women_share_trainers": pct((certified["sex"] == "female").sum(), len(certified)),
        "women_share_participants": women_share(attended["female"], attended["male"]),
    }


def compute_headline_table(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Headline figures for the review period and the comparison period, with the change."""
    now = compute_headline(frames, periods.review, periods.end)
    rows = []
    before = None
    if periods.compare:
        before = compute_headline(frames, periods.compare, periods.end_of(periods.compare))
    for code in HEADLINE_CODES:
        indicator = INDICATORS_BY_CODE[code]
        value = now[code]
        previous = before[code] if before else math.nan
        rows.append({
            "code": code,
            "Figure": indicator.name,
            "Unit": indicator.unit,
            periods.labels[periods.review]: value,
            "Comparison": previous,
            "Change": value - previous if not math.isnan(previous) else math.nan,
        })
    table = pd.DataFrame(rows)
    if periods.compare:
        table = table.rename(columns={"Comparison": periods.labels[periods.compare]})
    return table


def build_report(frames: Frames, periods: ResolvedPeriods, options: Options,
                 **choices: str) -> PageReport:
    """The Overview page's tables."""
    del options, choices
    table = compute_headline_table(frames, periods).drop(columns=["code"])
    return PageReport("overview", "Overview: headline figures",
                      (Sheet("Headline figures", table),), indicators=HEADLINE_CODES)
