"""Logframe status rules, pace to target, the status table and the "what changed" text."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from score_dash.core.filters import Filters, ResolvedPeriods
from score_dash.metrics import logframe
from score_dash.metrics.logframe import (
    AT_RISK,
    NO_DATA,
    NO_TARGET,
    NOT_ASSESSED,
    OFF_TRACK,
    ON_TRACK,
)

CODES = ("2015-H1", "2015-H2", "2016-H1")
ENDS = {"2015-H1": "2015-06-30", "2015-H2": "2015-12-31", "2016-H1": "2016-06-30"}


def periods(review: str, compare: str | None) -> ResolvedPeriods:
    ends = {c: pd.Timestamp(e) for c, e in ENDS.items()}
    return ResolvedPeriods(
        review=review,
        compare=compare,
        year_earlier=None,
        trend=CODES,
        start=ends[review] - pd.DateOffset(months=6),
        end=ends[review],
        labels={c: c for c in CODES},
        ends=ends,
    )


@pytest.mark.parametrize(
    ("actual", "target", "better", "expected"),
    [
        (100, 100, "higher", ON_TRACK),
        (120, 100, "higher", ON_TRACK),
        (85, 100, "higher", AT_RISK),
        (84.9, 100, "higher", OFF_TRACK),
        (0, 0, "higher", ON_TRACK),
        (5, math.nan, "higher", NO_TARGET),
        (math.nan, 10, "higher", NO_DATA),
        (10, 10, "lower", ON_TRACK),
        (11, 10, "lower", AT_RISK),
        (12, 10, "lower", OFF_TRACK),
    ],
)
def test_status_rule(actual: float, target: float, better: str, expected: str) -> None:
    assert logframe.compute_status(actual, target, better) == expected


def test_statuses_carry_a_symbol_so_colour_is_not_the_only_signal() -> None:
    symbols = {status.split(" ", 1)[0] for status in (ON_TRACK, AT_RISK, OFF_TRACK)}
    assert len(symbols) == 3


@pytest.mark.parametrize(
    ("actual", "end_target", "left", "expected"),
    [
        (100, 240, 4, 35.0),  # 140 to go over 4 half-years
        (100, 101, 3, 0.3),
        (250, 240, 4, 0.0),  # already there
        (240, 240, 0, 0.0),
        (200, 240, 0, math.nan),  # no half-year left: the gap is shown instead
        (math.nan, 240, 4, math.nan),
    ],
)
def test_pace_needed_per_remaining_half_year(
    actual: float, end_target: float, left: int, expected: float
) -> None:
    result = logframe.compute_pace(actual, end_target, left)
    assert (math.isnan(result) and math.isnan(expected)) or result == expected


def test_remaining_half_years_counts_after_the_review_up_to_the_end_period() -> None:
    assert logframe.remaining_half_years("2015-H2", "2017-H2") == 4
    assert logframe.remaining_half_years("2017-H2", "2017-H2") == 0
    assert logframe.remaining_half_years("2018-H1", "2017-H2") == 0


def test_achieved_pct_needs_a_positive_target() -> None:
    assert logframe.compute_achieved_pct(45, 60) == 75.0
    assert math.isnan(logframe.compute_achieved_pct(4, 0))
    assert math.isnan(logframe.compute_achieved_pct(math.nan, 10))


def _frames() -> dict[str, pd.DataFrame]:
    """Media items only: 3 by 2015-H1, 5 by 2015-H2, 9 by 2016-H1."""
    dates = ["2015-02-01"] * 3 + ["2015-08-01"] * 2 + ["2016-03-01"] * 4
    activities = pd.DataFrame(
        {
            "activity": [f"A{i}" for i in range(len(dates))],
            "type": "media item",
            "activity_date": pd.to_datetime(dates),
            "state": "IN-HR",
            "partner": None,
            "participants_female": 0,
            "participants_male": 0,
            "reach": 100,
        }
    )
    indicators = pd.DataFrame(
        {
            "indicator": ["media_items", "promotion_events"],
            "objective": [3, 1],
            "name": ["Media items", "Promotion events"],
            "unit": ["items", "events"],
            "baseline": [0.0, 0.0],
            "end_target": [20.0, 10.0],
            "end_period": ["2016-H2", "2016-H2"],
        }
    )
    # Promotion events have a target only in 2015-H1: missing targets later.
    targets = pd.DataFrame(
        {
            "indicator": ["media_items"] * 3 + ["promotion_events"],
            "period": [*CODES, "2015-H1"],
            "value": [3.0, 5.5, 10.0, 1.0],
        }
    )
    return {"activities": activities, "indicators": indicators, "targets": targets}


def test_status_table_rows_actuals_and_pace() -> None:
    table = logframe.compute_logframe_table(_frames(), periods("2015-H2", "2015-H1"))
    media = table.set_index("code").loc["media_items"]
    assert media["Actual"] == 5 and media["Target"] == 5.5
    assert media["Status"] == AT_RISK  # 5 >= 0.85 * 5.5
    assert media["Previous status"] == ON_TRACK  # 3 of 3
    assert media["Half-years left"] == 2
    assert media["Needed per half-year"] == 7.5  # (20 - 5) / 2
    events = table.set_index("code").loc["promotion_events"]
    assert events["Status"] == NO_TARGET and events["Actual"] == 0
    assert list(table["Objective"]) == [1, 3]  # ordered by objective


def test_status_is_not_assessed_for_a_selection() -> None:
    table = logframe.compute_logframe_table(
        _frames(), periods("2015-H2", "2015-H1"), scope="selection"
    )
    assert set(table["Status"]) == {NOT_ASSESSED}
    assert table.set_index("code").loc["media_items", "Actual"] == 5


def test_scope_of_filters() -> None:
    assert logframe.scope_of(Filters(period="2015-H1")) == "programme"
    assert logframe.scope_of(Filters(states=("IN-HR",))) == "selection"
    assert logframe.scope_of(Filters(women_owned=True)) == "selection"


def test_first_period_has_no_previous_status() -> None:
    table = logframe.compute_logframe_table(_frames(), periods("2015-H1", None))
    assert table["Previous actual"].isna().all()
    assert set(table["Previous status"]) == {NO_DATA}


def _status(rows: list[tuple[str, str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "code": name.lower().replace(" ", "_"),
                "Indicator": name,
                "Unit": "items",
                "Status": now,
                "Previous status": before,
                "Actual": actual,
                "Previous actual": previous,
            }
            for name, now, before, actual, previous in rows
        ],
        columns=[
            "code",
            "Indicator",
            "Unit",
            "Status",
            "Previous status",
            "Actual",
            "Previous actual",
        ],
    )


def _figures(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "code": code,
                "Figure": code.replace("_", " ").capitalize(),
                "Unit": unit,
                "Value": now,
                "Previous": before,
            }
            for code, unit, now, before in rows
        ],
        columns=["code", "Figure", "Unit", "Value", "Previous"],
    )


NO_GAPS = pd.DataFrame(
    {
        "Measure": ["Trained enterprises reporting KPIs (%)"],
        "Value": [90.0],
        "Previous": [91.0],
        "Change since previous": [-1.0],
    }
)
LABELS = {"review": "2015-H2", "previous": "2015-H1", "year_earlier": ""}


def test_what_changed_lists_status_changes_worst_first_then_largest_movements() -> None:
    status = _status(
        [
            ("Media items", AT_RISK, ON_TRACK, 5, 3),
            ("Promotion events", ON_TRACK, OFF_TRACK, 10, 4),
            ("Associations", OFF_TRACK, ON_TRACK, 2, 2),
        ]
    )
    figures = _figures(
        [
            ("enterprises_trained", "enterprises", 110, 100),  # +10 %
            ("women_share_participants", "%", 20.0, 12.0),  # 8 points = 0.08
            ("women_trainers_certified", "trainers", 10, 1),  # a split row: never listed
        ]
    )
    lines = logframe.compute_what_changed(figures, status, NO_GAPS, LABELS)
    assert lines[:3] == [
        "Associations slipped from on track to off track.",
        "Media items slipped from on track to at risk.",
        "Promotion events improved from off track to on track.",
    ]
    movements = lines[3:]
    assert movements == [
        "Promotion events rose by 6 (+150 %) to 10.",
        "Media items rose by 2 (+67 %) to 5.",
        "Enterprises trained rose by 10 (+10 %) to 110.",
    ]
    assert logframe.compute_what_changed(figures, status, NO_GAPS, LABELS) == lines


def test_what_changed_reports_new_data_gaps() -> None:
    gaps = pd.DataFrame(
        {
            "Measure": ["Trained enterprises reporting KPIs (%)"],
            "Value": [80.0],
            "Previous": [90.0],
            "Change since previous": [-10.0],
        }
    )
    status = _status([("Media items", NO_DATA, ON_TRACK, math.nan, 3)])
    lines = logframe.compute_what_changed(_figures([]), status, gaps, LABELS)
    assert "New data gap: trained enterprises reporting KPIs fell from 90.0 % to 80.0 %." in lines
    assert "New data gap: no value for Media items in 2015-H2." in lines


def test_what_changed_without_a_previous_period_says_so() -> None:
    lines = logframe.compute_what_changed(
        _figures([]), _status([]), NO_GAPS, {"review": "2011-H1", "previous": ""}
    )
    assert lines == [
        "2011-H1 is the first half-year in the data: there is no previous "
        "half-year to compare with."
    ]


def test_what_changed_when_nothing_moved() -> None:
    status = _status([("Media items", ON_TRACK, ON_TRACK, 3, 3)])
    lines = logframe.compute_what_changed(_figures([]), status, NO_GAPS, LABELS)
    assert lines == ["No status changed and nothing moved since 2015-H1."]


def test_status_summary_names_indicators_not_on_track() -> None:
    status = _status(
        [
            ("Media items", AT_RISK, ON_TRACK, 5, 3),
            ("Promotion events", ON_TRACK, OFF_TRACK, 10, 4),
            ("Associations", OFF_TRACK, ON_TRACK, 2, 2),
            ("Other", NO_TARGET, NO_TARGET, 2, 2),
        ]
    )
    assert logframe.compute_status_summary(status, "2015-H2") == (
        "2015-H2: 1 of 3 indicators with a target are on track; 1 at risk (Media items); "
        "1 off track (Associations)."
    )


def test_status_counts_account_for_every_indicator() -> None:
    status = _status(
        [
            ("Media items", AT_RISK, ON_TRACK, 5, 3),
            ("Promotion events", ON_TRACK, OFF_TRACK, 10, 4),
            ("Associations", ON_TRACK, ON_TRACK, 2, 2),
            ("Other", NO_TARGET, NO_TARGET, 2, 2),
        ]
    )
    counts = logframe.compute_status_counts(status)
    assert counts.to_dict("records") == [
        {"Status": ON_TRACK, "Indicators": 2, "Of indicators with targets": 4},
        {"Status": AT_RISK, "Indicators": 1, "Of indicators with targets": 4},
        {"Status": OFF_TRACK, "Indicators": 0, "Of indicators with targets": 4},
        {"Status": NO_TARGET, "Indicators": 1, "Of indicators with targets": 4},
    ]


def test_status_counts_of_a_selection_say_not_assessed_only() -> None:
    status = _status([("Media items", NOT_ASSESSED, NOT_ASSESSED, 5, 3)] * 3)
    counts = logframe.compute_status_counts(status)
    assert counts.to_dict("records") == [
        {"Status": NOT_ASSESSED, "Indicators": 3, "Of indicators with targets": 3}
    ]


def test_each_sentence_of_what_changed_names_the_figure_it_reports() -> None:
    status = _status([("Media items", AT_RISK, ON_TRACK, 5, 3)])
    figures = _figures([("workers_trained_enterprises", "people", 110, 100)])
    gaps = NO_GAPS.assign(Value=[80.0], **{"Change since previous": [-11.0]})
    lines = logframe.compute_what_changed(figures, status, gaps, LABELS)
    sources = logframe.compute_what_changed_sources(figures, status, gaps, LABELS)
    assert list(zip(lines, sources, strict=True)) == [
        ("Media items slipped from on track to at risk.", "media_items"),
        ("Media items rose by 2 (+67 %) to 5.", "media_items"),
        ("Workers trained enterprises rose by 10 (+10 %) to 110.", "workers_trained_enterprises"),
        (
            "New data gap: trained enterprises reporting KPIs fell from 91.0 % to 80.0 %.",
            "gap:Trained enterprises reporting KPIs (%)",
        ),
    ]
