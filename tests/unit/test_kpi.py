"""KPI results on small hand-made observations with known answers, and demo invariants."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from score_dash.core import filters
from score_dash.metrics import results

DEFINITIONS = pd.DataFrame(
    {
        "kpi": ["productivity", "defect_rate"],
        "name": ["Productivity", "Defect rate"],
        "unit": ["index", "% of output"],
        "better": ["higher", "lower"],
        "plausible_min": [20.0, 0.0],
        "plausible_max": [400.0, 60.0],
    }
)
CODES = ("2014-H1", "2014-H2", "2015-H1", "2015-H2")
PERIODS = filters.ResolvedPeriods(
    "2015-H1",
    "2014-H2",
    "2014-H1",
    CODES,
    pd.Timestamp("2015-01-01"),
    pd.Timestamp("2015-06-30"),
    labels={c: c for c in CODES},
)


def obs(*rows: tuple[str, str, str, float, bool]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["enterprise", "kpi", "period", "value", "is_baseline"])
    return results.flag_implausible(table, DEFINITIONS)


def test_improvement_is_direction_aware() -> None:
    data = obs(
        ("E1", "defect_rate", "2014-H1", 10.0, True),
        ("E1", "defect_rate", "2015-H1", 6.0, False),
        ("E2", "defect_rate", "2014-H1", 10.0, True),
        ("E2", "defect_rate", "2015-H1", 12.0, False),
        ("E3", "defect_rate", "2014-H1", 10.0, True),
        ("E3", "defect_rate", "2015-H1", 10.0, False),
    )
    changes = results.compute_changes(data, "lower", "2015-H1").set_index("Enterprise")
    assert changes["Result"].to_dict() == {"E1": "improved", "E2": "worse", "E3": "no change"}
    assert changes.loc["E1", "Change"] == -4.0
    assert changes.loc["E1", "Change (%)"] == -40.0
    higher = results.compute_changes(data, "higher", "2015-H1").set_index("Enterprise")
    assert higher.loc["E2", "Result"] == "improved"
    summary = results.summarise(results.compute_changes(data, "lower", "2015-H1"))
    assert summary["share_improved"] == pytest.approx(33.3)
    assert summary["median_change"] == 0.0


def test_latest_value_is_the_last_up_to_the_review_period() -> None:
    data = obs(
        ("E1", "productivity", "2014-H1", 100.0, True),
        ("E1", "productivity", "2014-H2", 110.0, False),
        ("E1", "productivity", "2015-H1", 120.0, False),
        ("E1", "productivity", "2015-H2", 50.0, False),
    )  # after the review period
    row = results.compute_changes(data, "higher", "2015-H1").iloc[0]
    assert (row["Latest period"], row["Latest"], row["Change"]) == ("2015-H1", 120.0, 20.0)


def test_missing_baseline_and_no_later_report_have_no_change() -> None:
    data = obs(
        ("E1", "productivity", "2014-H2", 110.0, False),
        ("E2", "productivity", "2014-H1", 100.0, True),
    )
    changes = results.compute_changes(data, "higher", "2015-H1").set_index("Enterprise")
    assert changes["Result"].to_dict() == {"E1": "no baseline", "E2": "no later report"}
    assert changes["Change"].isna().all()
    summary = results.summarise(changes.reset_index())
    assert summary["enterprises"] == 0 and math.isnan(summary["share_improved"])


def test_implausible_values_are_excluded_and_listed() -> None:
    data = obs(
        ("E1", "productivity", "2014-H1", 100.0, True),
        ("E1", "productivity", "2015-H1", 900.0, False),  # above 400: excluded
        ("E1", "productivity", "2014-H2", 105.0, False),
        ("E2", "productivity", "2014-H1", 10.0, True),  # implausible baseline
        ("E2", "productivity", "2015-H1", 120.0, False),
        ("E3", "productivity", "2014-H1", 400.0, True),  # the bound itself is plausible
        ("E3", "productivity", "2015-H1", 380.0, False),
    )
    assert list(data["implausible"]) == [False, True, False, True, False, False, False]
    changes = results.compute_changes(data, "higher", "2015-H1").set_index("Enterprise")
    assert changes.loc["E1", "Latest"] == 105.0  # the implausible 900 is skipped
    assert changes.loc["E2", "Result"] == "baseline implausible"
    trend = results.compute_trend(data, PERIODS, small_n=1).set_index("Period")
    assert trend.loc["2015-H1", "Median"] == 250.0  # (120 + 380) / 2, not 380 with 900
    assert trend.loc["2015-H1", "Enterprises reporting"] == 2
    listed = results.compute_implausible(data, DEFINITIONS, PERIODS)
    assert list(listed["Value"]) == [900.0, 10.0]  # sorted by KPI, enterprise, period
    assert list(listed["Baseline value"]) == ["no", "yes"]
    assert listed["Plausible range"].iloc[0] == "20 to 400"


def test_trend_shows_periods_with_no_reports_and_marks_small_groups() -> None:
    data = obs(
        *[(f"E{i}", "productivity", "2014-H1", 100.0 + i, True) for i in range(6)],
        ("E1", "productivity", "2015-H1", 120.0, False),
    )
    trend = results.compute_trend(data, PERIODS, small_n=5)
    assert list(trend["Period"]) == list(CODES)
    assert list(trend["Enterprises reporting"]) == [6, 0, 1, 0]
    assert list(trend["Note"]) == ["", "no reports", "small group", "no reports"]
    assert trend["Median"].iloc[0] == 102.5
    assert (trend["Lower quartile"].iloc[0], trend["Upper quartile"].iloc[0]) == (101.25, 103.75)
    assert math.isnan(trend["Median"].iloc[1])


def test_relative_change_is_undefined_for_a_zero_baseline() -> None:
    data = obs(
        ("E1", "defect_rate", "2014-H1", 0.0, True), ("E1", "defect_rate", "2015-H1", 2.0, False)
    )
    row = results.compute_changes(data, "lower", "2015-H1").iloc[0]
    assert row["Result"] == "worse" and math.isnan(row["Change (%)"])


def test_all_kpis_grid_is_sorted_by_biggest_movement() -> None:
    data = obs(
        ("E1", "productivity", "2014-H1", 100.0, True),
        ("E1", "productivity", "2015-H1", 110.0, False),
        ("E1", "defect_rate", "2014-H1", 10.0, True),
        ("E1", "defect_rate", "2015-H1", 5.0, False),
    )
    grid = results.compute_all_kpis(data, DEFINITIONS, "2015-H1", small_n=5)
    assert list(grid["KPI"]) == ["Defect rate", "Productivity"]  # -50 % before +10 %
    assert list(grid["Share improved (%)"]) == [100.0, 100.0]
    assert set(grid["Note"]) == {"small group"}


def test_groups_count_enterprises_and_mark_small_ones() -> None:
    data = obs(
        *[
            r
            for i in range(6)
            for r in (
                (f"E{i}", "productivity", "2014-H1", 100.0, True),
                (f"E{i}", "productivity", "2015-H1", 100.0 + (i - 1), False),
            )
        ]
    )
    changes = results.compute_changes(data, "higher", "2015-H1")
    group_of = pd.Series({f"E{i}": "A" if i < 5 else "B" for i in range(6)})
    table = results.compute_groups(changes, group_of, "Cluster", small_n=5).set_index("Cluster")
    assert table.loc["A", "Enterprises"] == 5 and table.loc["A", "Improved"] == 3
    assert table.loc["A", "Share improved (%)"] == 60.0
    assert table.loc["A", "Note"] == "" and table.loc["B", "Note"] == "small group"


def test_kpi_is_resolved_from_code_or_name_with_productivity_default() -> None:
    assert results.resolve_kpi(DEFINITIONS, "defect_rate") == "defect_rate"
    assert results.resolve_kpi(DEFINITIONS, "Defect rate") == "defect_rate"
    assert results.resolve_kpi(DEFINITIONS, "nonsense") == "productivity"
    assert results.resolve_kpi(DEFINITIONS, None) == "productivity"


def test_demo_implausible_values_are_listed_and_excluded(
    demo_frames: dict[str, pd.DataFrame],
) -> None:
    options = filters.build_options(demo_frames)
    periods = filters.resolve_periods(filters.Filters(), options, demo_frames["periods"])
    report = results.build_report(demo_frames, periods, options, kpi="productivity", small_n=5)
    listed = report.table(results.TITLE_IMPLAUSIBLE)
    assert len(listed) > 0  # the demo data contains some
    grid = report.table(results.TITLE_ALL)
    assert grid["Implausible values excluded"].sum() == len(listed)
    changes = report.table(results.TITLE_CHANGE)
    assert changes["Latest"].dropna().between(20, 400).all()
    summary = report.table(results.TITLE_SUMMARY).set_index("Figure")["Value"]
    assert summary["Enterprises with baseline and later value"] == (
        changes["Result"].isin(results.RESULTS).sum()
    )


def test_the_all_kpis_grid_counts_each_kpi_as_its_own_changes_do() -> None:
    """The grid works out every KPI's changes in one pass (issue 27); worked by hand here:
    E1 productivity 100 -> 90 (worse, -10 %) with an implausible 999 left out, E2 110 -> 121
    (+10 %), E3 baseline only; E1 defect rate 0 -> 2 (worse, no % of a zero baseline), E2's
    later value before its baseline is none."""
    data = obs(
        ("E1", "productivity", "2014-H1", 100.0, True),
        ("E1", "productivity", "2014-H2", 999.0, False),
        ("E1", "productivity", "2015-H1", 90.0, False),
        ("E2", "productivity", "2014-H2", 110.0, True),
        ("E2", "productivity", "2015-H1", 121.0, False),
        ("E3", "productivity", "2015-H1", 80.0, True),
        ("E1", "defect_rate", "2014-H1", 0.0, True),
        ("E1", "defect_rate", "2015-H1", 2.0, False),
        ("E2", "defect_rate", "2014-H1", 3.0, False),
        ("E2", "defect_rate", "2014-H2", 4.0, True),
        ("E2", "productivity", "2015-H2", 500.0, False),  # after the review
    )
    grid = results.compute_all_kpis(data, DEFINITIONS, "2015-H1", small_n=1).set_index("KPI")
    assert grid.loc["Productivity", "Enterprises"] == 2
    assert grid.loc["Productivity", "Share improved (%)"] == 50.0
    assert grid.loc["Productivity", "Median change"] == 0.5  # (-10 + 11) / 2
    assert grid.loc["Productivity", "Median change (%)"] == 0.0  # (-10 % + 10 %) / 2
    assert grid.loc["Productivity", "Implausible values excluded"] == 1
    assert grid.loc["Defect rate", "Enterprises"] == 1
    assert grid.loc["Defect rate", "Share improved (%)"] == 0.0
    assert grid.loc["Defect rate", "Median change"] == 2.0
    assert math.isnan(grid.loc["Defect rate", "Median change (%)"])


def test_the_all_kpis_grid_agrees_with_each_kpis_changes_on_the_demo(
    demo_frames: dict[str, pd.DataFrame],
) -> None:
    """The grid's one pass over all KPIs (integer keys, issue 27) against `compute_changes`
    run for one KPI at a time, every KPI of the demo."""
    definitions = demo_frames["kpi_definitions"]
    flagged = results.flag_implausible(demo_frames["kpi_observations"], definitions)
    review = str(flagged["period"].max())
    grid = results.compute_all_kpis(flagged, definitions, review, small_n=5).set_index("KPI")
    checked = 0
    for row in definitions.itertuples(index=False):
        one = flagged[flagged["kpi"] == row.kpi]
        expected = results.summarise(results.compute_changes(one, row.better, review))
        assert grid.loc[row.name, "Enterprises"] == expected["enterprises"]
        for column, key in (
            ("Share improved (%)", "share_improved"),
            ("Median change", "median_change"),
            ("Median change (%)", "median_change_pct"),
        ):
            assert grid.loc[row.name, column] == pytest.approx(expected[key], nan_ok=True)
        checked += expected["enterprises"] > 0
    assert checked >= 5  # the demo's KPIs have changes to compare
