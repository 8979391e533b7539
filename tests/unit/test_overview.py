"""Overview briefing figures: deltas, the first period, share improved, report tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from score_dash.filters import Filters, build_options, resolve_periods
from score_dash.metrics import indicators, kpi, logframe, overview


@pytest.fixture(scope="module")
def options(loaded_frames):
    return build_options(loaded_frames)


def resolved(frames, options, **filters):
    return resolve_periods(Filters(**filters), options, frames["periods"])


def test_delta_is_unknown_without_an_earlier_figure() -> None:
    assert overview.compute_delta(10.0, 7.0) == 3.0
    assert math.isnan(overview.compute_delta(10.0, None))
    assert math.isnan(overview.compute_delta(10.0, math.nan))
    assert math.isnan(overview.compute_delta(math.nan, 3.0))


def test_first_period_has_no_previous_or_year_earlier(loaded_frames, options) -> None:
    first = options.period_codes[0]
    periods = resolved(loaded_frames, options, period=first)
    table = overview.compute_briefing_table(loaded_frames, periods)
    assert periods.compare is None and periods.year_earlier is None
    assert table["Previous"].isna().all()
    assert table["Change since previous"].isna().all()
    assert table["Change over the year"].isna().all()
    briefing = overview.compute_briefing(loaded_frames, periods)
    assert "first half-year" in briefing.changes[0]


def test_changes_are_value_minus_the_earlier_half_years(loaded_frames, options) -> None:
    periods = resolved(loaded_frames, options, period="2015-H2")
    table = overview.compute_briefing_table(loaded_frames, periods).set_index("code")
    row = table.loc["enterprises_trained"]
    before = indicators.compute_enterprises_trained(loaded_frames, periods.end_of("2015-H1"))
    year = indicators.compute_enterprises_trained(loaded_frames, periods.end_of("2014-H2"))
    assert row["Previous"] == before and row["Year earlier"] == year
    assert row["Change since previous"] == row["Value"] - before
    assert row["Change over the year"] == row["Value"] - year


def test_women_and_men_do_not_exceed_the_total(loaded_frames, options) -> None:
    periods = resolved(loaded_frames, options)
    table = overview.compute_briefing_table(loaded_frames, periods).set_index("code")["Value"]
    assert (
        table["women_workers_trained_enterprises"] + table["men_workers_trained_enterprises"]
        <= table["workers_trained_enterprises"]
    )
    assert (
        table["women_trainers_certified"] + table["men_trainers_certified"]
        == table["trainers_certified"]
    )


def test_overview_and_status_table_share_one_function_per_figure(loaded_frames, options) -> None:
    periods = resolved(loaded_frames, options)
    figures = overview.compute_briefing_table(loaded_frames, periods).set_index("code")
    status = logframe.compute_logframe_table(loaded_frames, periods).set_index("code")
    for code in ("enterprises_trained", "module_completions", "trainers_certified"):
        assert figures.loc[code, "Value"] == status.loc[code, "Actual"]
    headline = overview.compute_headline(loaded_frames, periods.review, periods.end)
    assert headline["enterprises_trained"] == figures.loc["enterprises_trained", "Value"]


def _kpi_frames(rows: list[tuple[str, str, float, bool]]) -> dict[str, pd.DataFrame]:
    definitions = pd.DataFrame(
        {
            "kpi": ["defect_rate"],
            "name": ["Defect rate"],
            "unit": ["%"],
            "better": ["lower"],
            "plausible_min": [0.0],
            "plausible_max": [60.0],
        }
    )
    observations = pd.DataFrame(rows, columns=["enterprise", "period", "value", "is_baseline"])
    observations["kpi"] = "defect_rate"
    return {"kpi_definitions": definitions, "kpi_observations": observations}


def test_share_improved_is_direction_aware_and_skips_implausible_values() -> None:
    frames = _kpi_frames(
        [
            ("E1", "2015-H1", 10.0, True),
            ("E1", "2015-H2", 8.0, False),  # fewer: improved
            ("E2", "2015-H1", 10.0, True),
            ("E2", "2015-H2", 12.0, False),  # worse
            ("E3", "2015-H1", 10.0, True),
            ("E3", "2015-H2", 99.0, False),  # implausible
            ("E4", "2015-H2", 5.0, False),  # no baseline
            ("E5", "2015-H1", 10.0, True),
            ("E5", "2016-H1", 1.0, False),  # after review
        ]
    )
    result = overview.compute_share_improved(frames, "defect_rate", "2015-H2")
    assert result == {"share": 50.0, "enterprises": 2.0}
    assert math.isnan(overview.compute_share_improved(frames, "nope", "2015-H2")["share"])


def test_share_improved_agrees_with_the_results_page(loaded_frames, options) -> None:
    periods = resolved(loaded_frames, options)
    report = kpi.build_report(loaded_frames, periods, options, kpi="productivity", small_n=5)
    summary = report.table("All KPIs").set_index("KPI")
    ours = overview.compute_share_improved(loaded_frames, "productivity", periods.review)
    assert summary.loc["Productivity", "Share improved (%)"] == ours["share"]


def test_report_sheets_and_headers_name_the_periods(loaded_frames, options) -> None:
    periods = resolved(loaded_frames, options, period="2015-H2")
    report = overview.build_report(loaded_frames, periods, options)
    assert [s.title for s in report.sheets] == [
        "Logframe status",
        "Status counts",
        "Headline figures",
        "What changed",
        "Reporting coverage",
        "Programme at a glance",
    ]
    figures = report.table("Headline figures")
    assert {"2015-H2", "2015-H1 (previous)", "2014-H2 (a year earlier)"} <= set(figures)
    assert "code" not in figures and "code" not in report.table("Logframe status")
    assert "logframe_status" in report.indicators and "pace_needed" in report.indicators


def test_briefing_is_deterministic(loaded_frames, options) -> None:
    periods = resolved(loaded_frames, options)
    first = overview.compute_briefing(loaded_frames, periods)
    second = overview.compute_briefing(loaded_frames, periods)
    assert first.changes == second.changes and first.summary == second.summary
