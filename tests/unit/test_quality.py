"""Data-quality checks on small hand-made frames with known answers."""

from __future__ import annotations

import pandas as pd
import pytest

from score_dash.core.filters import Filters, build_options, resolve_periods
from score_dash.metrics import data

T = pd.Timestamp


def _frames() -> dict[str, pd.DataFrame]:
    periods = pd.DataFrame(
        {
            "period": ["2016-H1", "2016-H2", "2017-H1"],
            "end_date": [T("2016-06-30"), T("2016-12-31"), T("2017-06-30")],
        }
    )
    obs = pd.DataFrame(
        [
            # E1: baseline 2016-H1, reports 2016-H2 on time, 2017-H1 late (61 days)
            ("E1", "defect_rate", "2016-H1", 10.0, True, T("2016-07-10")),
            ("E1", "defect_rate", "2016-H2", 8.0, False, T("2017-01-20")),
            ("E1", "defect_rate", "2017-H1", 99.0, False, T("2017-08-30")),
            # E2: baseline 2016-H1, never reports again (expected twice, missing twice)
            ("E2", "defect_rate", "2016-H1", 12.0, True, T("2016-07-01")),
            # E3: baseline 2016-H2 and dropped out in 2017-H1: nothing expected
            ("E3", "defect_rate", "2016-H2", 5.0, True, None),
            # E4: no baseline: never expected
            ("E4", "defect_rate", "2017-H1", 5.0, False, T("2017-07-01")),
        ],
        columns=["enterprise", "kpi", "period", "value", "is_baseline", "reported_date"],
    )
    enrolments = pd.DataFrame(
        {
            "enterprise": ["E1", "E2", "E3", "E3"],
            "module": ["M1", "M1", "M1", "M2"],
            "trainer": ["T1", "T2", "T1", None],
            "enrolled_date": [T("2016-01-01")] * 4,
            "dropped_date": [None, None, T("2017-03-01"), T("2017-02-01")],
        }
    )
    trainers = pd.DataFrame({"trainer": ["T1", "T2"], "partner": ["P1", "P2"]})
    definitions = pd.DataFrame(
        {"kpi": ["defect_rate"], "plausible_min": [0.0], "plausible_max": [60.0]}
    )
    workforce = pd.DataFrame(
        {
            "enterprise": ["E1", "E1", "E2", "E2"],
            "period": ["2017-H1"] * 4,
            "role": ["worker", "manager", "worker", "manager"],
            "employment": ["permanent"] * 4,
            "total": [10, 5, 8, 3],
            "female": pd.array([4, None, 3, 1], dtype="Int64"),
            "male": pd.array([6, 5, 4, 2], dtype="Int64"),
        }
    )
    return {
        "periods": periods,
        "kpi_observations": obs,
        "enrolments": enrolments,
        "trainers": trainers,
        "kpi_definitions": definitions,
        "workforce": workforce,
    }


CODES = ["2016-H1", "2016-H2", "2017-H1"]


def test_expected_reports_follow_baseline_and_drop_out() -> None:
    expected = data.compute_expected_reports(_frames(), CODES)
    got = {(r.enterprise, r.period): (r.received, r.late) for r in expected.itertuples()}
    assert got == {
        ("E1", "2016-H2"): (True, False),  # 20 days after the end
        ("E1", "2017-H1"): (True, True),  # 61 days after the end
        ("E2", "2016-H2"): (False, False),
        ("E2", "2017-H1"): (False, False),
    }


def test_quality_by_period_counts_every_check() -> None:
    table = data.compute_quality_by_period(_frames(), CODES).set_index("Half-year")
    row = table.loc["2017-H1"]
    assert row["Reports expected"] == 2 and row["Reports received"] == 1
    assert row["Completeness (%)"] == 50.0
    assert row["Late reports"] == 1 and row["Late (%)"] == 100.0
    assert row["KPI values outside plausible range"] == 1  # 99 > 60
    assert row["Workforce rows"] == 4
    assert row["Rows missing sex"] == 1
    assert row["Rows not adding up"] == 1  # 3 + 4 != 8
    assert table.loc["2016-H1", "Reports expected"] == 0
    assert pd.isna(table.loc["2016-H1", "Completeness (%)"])


# The Data page computes the checks once over every half-year it shows and passes them to
# each table (`shared`); a table of one half-year must not count the others' rows.
@pytest.mark.parametrize("shared", [False, True])
def test_quality_by_partner_uses_the_module_1_trainer(shared: bool) -> None:
    frames = _frames()
    checks = data.compute_checks(frames, CODES) if shared else None
    table = data.compute_quality_by_partner(
        frames, "2017-H1", {"P1": "Institute One", "P2": "Institute Two"}, checks=checks
    ).set_index("Partner")
    assert table.loc["Institute One", "Reports received"] == 1
    assert table.loc["Institute Two", "Completeness (%)"] == 0.0
    assert table.loc["Institute One", "Rows missing sex"] == 1
    assert table.loc["Institute One", "Note"] == "small group"


@pytest.mark.parametrize("shared", [False, True])
def test_rows_behind_the_checks_name_each_enterprise(shared: bool) -> None:
    frames = _frames()
    checks = data.compute_checks(frames, CODES) if shared else None
    rows = data.compute_rows_behind(frames, "2017-H1", checks)
    assert sorted(zip(rows["Check"], rows["Enterprise"], strict=True)) == [
        ("Outside plausible range", "E1"),
        ("Report late", "E1"),
        ("Report missing", "E2"),
        ("Sex not given", "E1"),
        ("Women and men do not add up", "E2"),
    ]
    late = rows[rows["Check"] == "Report late"].iloc[0]
    assert late["Detail"] == "reported 30 Aug 2017, 61 days after the half-year"


@pytest.mark.parametrize("filters", [Filters(), Filters(states=("IN-HR",))])
def test_report_on_demo_data_is_consistent(loaded_frames, filters: Filters) -> None:
    from score_dash.core.filters import apply_filters

    frames = apply_filters(loaded_frames, filters)
    options = build_options(loaded_frames)
    periods = resolve_periods(filters, options, loaded_frames["periods"])
    report = data.build_report(frames, periods, options, small_n=5)
    trend = report.table("Quality by half-year")
    assert len(trend) == len(periods.trend)
    assert (trend["Reports received"] <= trend["Reports expected"]).all()
    assert (trend["Rows missing sex"] <= trend["Workforce rows"]).all()
    partners = report.table("Quality by partner")
    review = trend.iloc[-1]
    assert partners["Reports expected"].sum() == review["Reports expected"]
    assert partners["Reports received"].sum() == review["Reports received"]
