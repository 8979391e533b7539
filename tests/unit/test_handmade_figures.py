"""Every page's headline figures on the hand-made dataset, against values counted by hand.

The dataset is tests/handmade.py (read it beside this file). Each expected value below is a
literal worked out from those rows with the written definitions (the indicators of
`score_dash.dictionary.INDICATORS` and the rules in the docstrings of
`score_dash/metrics/*.py`); the comment beside it shows the counting. Nothing here is
computed by the code under test, so a changed formula makes these tests fail.

Review half-year 2017-H2 (ends 2017-12-31) unless a test says otherwise; the previous
half-year is 2017-H1 (ends 2017-06-30) and the year earlier 2016-H2 (ends 2016-12-31).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from score_dash.core import filters
from score_dash.metrics.coverage import build_report as build_coverage
from score_dash.metrics.data import build_report as build_data
from score_dash.metrics.gender import build_report as build_gender
from score_dash.metrics.modules import build_report as build_modules
from score_dash.metrics.overview import build_report as build_overview
from score_dash.metrics.partners import build_report as build_partners
from score_dash.metrics.results import build_report as build_results
from score_dash.store import db
from tests.handmade import build_handmade

NAN = math.nan
ON, RISK, OFF = "✓ On track", "! At risk", "✗ Off track"
NO_TARGET, NOT_ASSESSED = "– No target", "– Not assessed"
FIA = "Faridabad Industries Association (hand-made)"
TEA = "Tiruppur Exporters Association (hand-made)"
CIA = "Chennai Industries Association (hand-made)"
EMP = "Employers' Federation (hand-made)"
TI1 = "Delhi Productivity Institute (hand-made)"
GT1 = "Tamil Nadu Productivity Council (hand-made)"


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def options(handmade_frames):
    return filters.build_options(handmade_frames, "calendar")


def view(frames, options, **chosen):
    """The filtered frames and resolved periods of a view, as the app builds them."""
    selected = filters.Filters(**chosen)
    periods = filters.resolve_periods(selected, options, frames["periods"])
    return filters.apply_filters(frames, selected), periods


def same(actual: object, expected: object) -> bool:
    """Equal, with NaN equal to a missing value and numbers compared to 1e-9."""
    if isinstance(expected, float) and math.isnan(expected):
        return actual is None or bool(pd.isna(actual))
    if isinstance(expected, str) or isinstance(actual, str):
        return actual == expected
    if actual is None or pd.isna(actual):
        return False
    return float(actual) == pytest.approx(float(expected), abs=1e-9)


def row(table: pd.DataFrame, column: str, key: object) -> pd.Series:
    found = table[table[column] == key]
    assert len(found) == 1, f"{len(found)} rows with {column} = {key!r}"
    return found.iloc[0]


def assert_row(table: pd.DataFrame, column: str, key: object, expected: dict) -> None:
    found = row(table, column, key)
    wrong = {
        name: (found[name], value)
        for name, value in expected.items()
        if not same(found[name], value)
    }
    assert not wrong, f"{key}: (shown, expected) {wrong}"


def assert_column(table: pd.DataFrame, column: str, expected: list) -> None:
    shown = list(table[column])
    assert len(shown) == len(expected), (shown, expected)
    assert all(same(a, e) for a, e in zip(shown, expected, strict=True)), (shown, expected)


# --- the fixture itself --------------------------------------------------------------------


def test_the_handmade_frames_have_the_shape_of_the_demo_frames(handmade_db_url):
    frames = build_handmade()
    assert set(frames) == set(db.FRAME_MAP)
    for name, frame in frames.items():
        assert list(frame.columns) == list(db.FRAME_MAP[name][1]), name
    engine = db.make_engine(handmade_db_url)
    assert db.get_meta(engine)["dataset"] == "handmade"  # not the demo: no demo label
    assert db.row_counts(engine)["kpi_observations"] == 53


# --- Overview ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def overview(handmade_frames, options):
    frames, periods = view(handmade_frames, options)
    return build_overview(frames, periods, options, scope="programme")


def test_overview_headline_figures_now_before_and_a_year_earlier(overview):
    table = overview.table("Headline figures")
    now, before, year = "2017-H2", "2017-H1 (previous)", "2016-H2 (a year earlier)"
    expected = {
        # classroom by 2017-12-31: E01 E02 E03 E04 E06 E07 E08 E09 E10 E11 -> 10
        # (E05 no classroom, E12 joined 2018); by 2017-06-30 also without E11 (2017-07-20)
        # -> 9; by 2016-12-31 also without E08 -> 8
        "Enterprises trained": (10, 9, 1, 8),
        # 2017-H2 headcount of the trained: E01 72 + E03 136 + E04 80 + E06 96 + E07 167
        # + E08 46 + E09 180 + E11 292 = 1,069 (E02, E10 did not report; E05 untrained)
        # 2017-H1: E01 70 + E03 128 + E04 77 + E06 93 + E07 162 + E08 44 + E09 170 = 744
        # 2016-H2: E04 75 + E07 152 + E10 65 = 292
        "Workers in trained enterprises": (1069, 744, 325, 292),
        # women, same rows (E07 gives no sex): 10 + 40 + 11 + 16 + 22 + 104 + 178 = 381;
        # 2017-H1: 9 + 34 + 8 + 13 + 20 + 99 = 183; 2016-H2: E04 7 + E10 34 = 41
        "Women in trained enterprises": (381, 183, 198, 41),
        # men: 62 + 96 + 69 + 80 + 24 + 74 + 114 = 519; 2017-H1: 61 + 94 + 69 + 80 + 24
        # + 71 = 399; 2016-H2: E04 68 + E10 31 = 99
        "Men in trained enterprises": (519, 399, 120, 99),
        # completed by 2017-12-31: E01 M1, E03 M1, E04 M1, E06 M1, E07 M1, E09 M1, E11 M1,
        # E01 M2, E06 M3, E04 M2 -> 10 (E08 M1 completed 2018-01-25); by 2017-06-30
        # without E11 M1, E06 M3, E04 M2 -> 7; by 2016-12-31: E01 E03 E06 E09 M1 -> 4
        "Modules completed": (10, 7, 3, 4),
        # productivity, latest plausible vs baseline: E01 +20, E03 -5, E04 +10, E06 +12
        # (1,250 implausible), E07 0, E08 +4, E09 +25 -> 5 of 7 = 71.4 %;
        # to 2017-H1: E01 +15, E03 -2, E04 +10, E06 +12, E07 0, E09 +10 -> 4 of 6 = 66.7 %;
        # to 2016-H2: E01 +8, E03 -4, E06 +5, E09 +10 -> 3 of 4 = 75.0 %
        "Enterprises improving productivity": (71.4, 66.7, 4.7, 75.0),
        # defect rate falls: E01 8->6, E04 10->7, E06 4->3, E09 12->9 improved; E03 5->5.5,
        # E11 7->8 worse; E07 6->6 same; E10 baseline 75 implausible -> 4 of 7 = 57.1 %;
        # to 2017-H1: E03 5->5 same, E04 10->7 better -> 1 of 2 = 50.0 %; 2016-H2: none
        "Enterprises reducing defects": (57.1, 50.0, 7.1, NAN),
        # accidents: E01 4->2, E09 3->1 fewer; E03 2->2; E06 6->7 -> 2 of 4 = 50.0 %;
        # to 2017-H1: E01 4->3, E06 6->5 -> 2 of 2 = 100.0 %; to 2016-H2: E01 4->3 -> 100 %
        "Enterprises reducing accidents": (50.0, 100.0, -50.0, 100.0),
        # certified or expert with level_date <= end: T01 F, T02 M, T04 F (2017-08-10),
        # T05 M, T08 F -> 5 (T07 only in 2018); 2017-H1 without T04 -> 4; 2016-H2 -> 4
        "Certified trainers": (5, 4, 1, 4),
        "Women certified trainers": (3, 2, 1, 2),  # T01 T04 T08; without T04: T01 T08
        "Men certified trainers": (2, 2, 0, 2),  # T02 T05 in every one of them
        # participation of enrolments with a classroom by the end: women 26, men 32 ->
        # 26/58 = 44.8 %; by 2017-06-30 without E11 M1 (3/2) and E01 M5 (1/5): 22/47 =
        # 46.8 %; by 2016-12-31 also without E08 M1 (2/1), E06 M3 (1/2): 19/41 = 46.3 %
        "Women's share of classroom participants": (44.8, 46.8, -2.0, 46.3),
    }
    assert list(table["Figure"]) == list(expected)
    for figure, (value, previous, change, earlier) in expected.items():
        assert_row(
            table,
            "Figure",
            figure,
            {now: value, before: previous, "Change since previous": change, year: earlier},
        )
    # Change over the year, for two of them: 10 - 8 and 44.8 - 46.3
    assert same(row(table, "Figure", "Enterprises trained")["Change over the year"], 2)
    assert same(
        row(table, "Figure", "Women's share of classroom participants")["Change over the year"],
        -1.5,
    )


# One row per logframe indicator at 2017-H2 (end-of-programme period 2017-H2: no half-year
# left, so "needed" is 0 where the end target is reached and empty otherwise).
# indicator: (target, actual, achieved %, status, previous status, gap to end target, needed)
LOGFRAME_2017_H2 = {
    # 10 trained (see above) / target 12 = 83.3 % < 85 %; 2017-H1: 9 of 9
    "Enterprises trained": (12, 10, 83.3, OFF, ON, 2, NAN),
    # 10 of 10; 2017-H1: 7 of 8 = 87.5 %
    "Modules completed": (10, 10, 100.0, ON, RISK, 0, 0.0),
    # associations and employers' organisations with an MoU by 2017-12-31: P-FIA
    # (2016-02-01), P-CIA (2017-09-01), P-EMP (2015-11-01) -> 3 (P-TEA has none);
    # 2017-H1: P-FIA, P-EMP -> 2 of 2
    "Associations with an MoU": (3, 3, 100.0, ON, ON, 0, 0.0),
    # joined by the end with an association: P-FIA E01 E02 E04 E05, P-CIA E06 E08, P-TEA
    # E09 E10 -> 8 (E12 joined 2018); 8/9 = 88.9 %; 2017-H1 without E05 -> 7 of 7
    "Enterprises recruited by associations": (9, 8, 88.9, RISK, ON, 2, NAN),
    # promotion events held: A01 (2016-03-15), A04 (2017-02-10) -> 2 (A11 is 2018);
    # 2/4 = 50 %; 2017-H1: 2/3 = 66.7 %
    "Promotion events": (4, 2, 50.0, OFF, OFF, 2, NAN),
    # enrolments started in 2017-H2: E05 M1 40, E01 M5 50, E07 M5 45 -> mean 45.0;
    # 2017-H1: E08 M1 40, E11 M1 45, E06 M3 40, E09 M2 35, E04 M2 35 -> 39.0 >= 35
    "Share of training cost not paid by the ILO": (40, 45.0, 112.5, ON, ON, 0, 0.0),
    # embeds SCORE and an MoU by the end: P-TI1, P-GT1 (2016-09-15), P-CIA (2017-09-01)
    # -> 3 (P-TEA embeds but has no MoU); 2017-H1 without P-CIA -> 2 of 2
    "Institutions embedding SCORE": (3, 3, 100.0, ON, ON, 0, 0.0),
    # 5 certified (see above) / 6 = 83.3 %; 2017-H1: 4 of 4
    "Certified trainers": (6, 5, 83.3, OFF, ON, 1, NAN),
    # labour inspector trainings: A03 4 + 16, A08 3 + 22 -> 45; 45/50 = 90 %;
    # 2017-H1: A03 only, 20/40 = 50 %
    "Labour inspectors trained": (50, 45, 90.0, RISK, OFF, 5, NAN),
    # media items: A02, A06, A10 -> 3; no target for 2017-H2; 2017-H1: A02, A06, 2 of 2
    "Media items": (NAN, 3, NAN, NO_TARGET, ON, 1, NAN),
}


def test_overview_logframe_rows_at_the_end_of_the_programme(overview):
    table = overview.table("Logframe status")
    # objectives 0-3 in order, and within an objective by indicator code
    assert list(table["Indicator"]) == list(LOGFRAME_2017_H2)
    for indicator, values in LOGFRAME_2017_H2.items():
        target, actual, achieved, status, previous, gap, needed = values
        assert_row(
            table,
            "Indicator",
            indicator,
            {
                "Target this half-year": target,
                "Actual": actual,
                "Achieved (%)": achieved,
                "Status": status,
                "Previous status": previous,
                "Half-years left": 0,
                "Gap to end target": gap,
                "Needed per half-year": needed,
            },
        )
    counts = table["Status"].value_counts()
    # on track: completions, MoU, cost share, institutions; at risk: via associations,
    # inspectors; off track: trained, promotion events, trainers; media: no target
    assert (counts[ON], counts[RISK], counts[OFF], counts[NO_TARGET]) == (4, 2, 3, 1)


def test_overview_logframe_needed_per_half_year_with_one_half_year_left(handmade_frames, options):
    frames, periods = view(handmade_frames, options, period="2017-H1")
    table = build_overview(frames, periods, options, scope="programme").table("Logframe status")
    # indicator: (target, actual, status, needed = (end target - actual) / 1 half-year left)
    expected = {
        "Enterprises trained": (9, 9, ON, 3.0),  # (12 - 9) / 1
        "Modules completed": (8, 7, RISK, 3.0),  # 7 >= 0.85 x 8 = 6.8; (10 - 7) / 1
        "Associations with an MoU": (2, 2, ON, 1.0),  # (3 - 2) / 1
        "Enterprises recruited by associations": (7, 7, ON, 3.0),  # (10 - 7) / 1
        "Promotion events": (3, 2, OFF, 2.0),  # 2 < 2.55; (4 - 2) / 1
        "Share of training cost not paid by the ILO": (35, 39.0, ON, 1.0),  # (40 - 39) / 1
        "Institutions embedding SCORE": (2, 2, ON, 1.0),  # (3 - 2) / 1
        "Certified trainers": (4, 4, ON, 2.0),  # (6 - 4) / 1
        "Labour inspectors trained": (40, 20, OFF, 30.0),  # (50 - 20) / 1
        "Media items": (2, 2, ON, 2.0),  # (4 - 2) / 1
    }
    for indicator, (target, actual, status, needed) in expected.items():
        assert_row(
            table,
            "Indicator",
            indicator,
            {
                "Target this half-year": target,
                "Actual": actual,
                "Status": status,
                "Half-years left": 1,
                "Needed per half-year": needed,
            },
        )


def test_overview_programme_at_a_glance(overview):
    table = overview.table("Programme at a glance")
    expected = {
        # joined by 2017-12-31: E01-E11 (E12 joined 2018-01-10) -> 11; 2017-H1 without E05
        "Enterprises": (11, 10),
        "Clusters": (3, 3),  # Faridabad, Chennai, Tiruppur
        "States": (2, 2),  # Haryana, Tamil Nadu (Delhi has partners, no enterprise)
        # every 2017-H2 row: 1,069 (trained) + E05 235 = 1,304; 2017-H1: 744 + E11 252 = 996
        "Workers in participating enterprises": (1304, 996),
        # enrolled by 2017-12-31: all 19 but E12 M1 (2018) -> 18; by 2017-06-30 also
        # without E05 M1, E01 M5, E07 M5 -> 15
        "Module enrolments": (18, 15),
        # completed / (completed + dropped): 10 / (10 + 4) = 71.4 %; 7 / (7 + 3) = 70.0 %
        "Completion rate": (71.4, 70.0),
    }
    assert list(table["Figure"]) == list(expected)
    for figure, (value, previous) in expected.items():
        assert_row(table, "Figure", figure, {"2017-H2": value, "2017-H1": previous})


def test_overview_reporting_coverage(overview):
    table = overview.table("Reporting coverage")
    # trained by the end: 10; with a KPI report for 2017-H2: E01 E03 E06 E07 E08 E09 E11
    # -> 7/10 = 70.0 %; 2017-H1: 9 trained, reporting E01 E03 E04 E06 E07 E08 -> 66.7 %
    assert_row(
        table,
        "Measure",
        "Trained enterprises reporting KPIs (%)",
        {"2017-H2": 70.0, "2017-H1 (previous)": 66.7, "Change since previous": 3.3},
    )
    # workforce for 2017-H2: E01 E03 E04 E06 E07 E08 E09 E11 -> 8/10 = 80.0 %;
    # 2017-H1: E01 E03 E04 E06 E07 E08 E09 of 9 -> 77.8 %
    assert_row(
        table,
        "Measure",
        "Trained enterprises reporting their workforce (%)",
        {"2017-H2": 80.0, "2017-H1 (previous)": 77.8, "Change since previous": 2.2},
    )


def test_overview_what_changed_follows_the_written_rules(overview):
    lines = list(overview.table("What changed")["What changed since the last review"])
    assert lines == [
        # (2) status changes, worsened first (two steps, then one), then by name
        "Certified trainers slipped from on track to off track.",
        "Enterprises trained slipped from on track to off track.",
        "Enterprises recruited by associations slipped from on track to at risk.",
        "Labour inspectors trained improved from off track to at risk.",
        "Modules completed improved from at risk to on track.",
        # (3) the three largest relative movements: inspectors 20 -> 45 (1.25), then three
        # of 0.5 in table order: accidents 100 -> 50 points, MoU 2 -> 3 (institutions
        # 2 -> 3 and media 2 -> 3 are 0.5 too, but come later)
        "Labour inspectors trained rose by 25 (+125 %) to 45.",
        "Enterprises reducing accidents fell by 50.0 points to 50.0 % (from 100.0 % in 2017-H1).",
        "Associations with an MoU rose by 1 (+50 %) to 3.",
        # (4) no reporting share fell by 5 points: no data gap
    ]


def test_overview_for_one_state_is_not_assessed_against_targets(handmade_frames, options):
    frames, periods = view(handmade_frames, options, states=("IN-HR",))
    report = build_overview(frames, periods, options, scope="selection")
    figures = report.table("Headline figures")
    expected = {
        "Enterprises trained": 4,  # Haryana: E01 E02 E03 E04 (E05 has no classroom)
        "Workers in trained enterprises": 288,  # E01 72 + E03 136 + E04 80
        "Women in trained enterprises": 61,  # 10 + 40 + 11
        "Men in trained enterprises": 227,  # 62 + 96 + 69
        "Modules completed": 5,  # E01 M1, E01 M2, E03 M1, E04 M1, E04 M2
        # trainers of Haryana's enrolments: T01 F, T02 M, T04 F, all certified by the end
        "Certified trainers": 3,
        "Women certified trainers": 2,
        "Men certified trainers": 1,
        "Enterprises improving productivity": 66.7,  # E01 +20, E04 +10, E03 -5 -> 2 of 3
        # E01 M1 1/5, E02 M1 1/2, E03 M1 5/3, E04 M1 1/3, E01 M5 1/5 -> 9/27 = 33.3 %
        "Women's share of classroom participants": 33.3,
    }
    for figure, value in expected.items():
        assert_row(figures, "Figure", figure, {"2017-H2": value})
    assert set(report.table("Logframe status")["Status"]) == {NOT_ASSESSED}
    glance = report.table("Programme at a glance")
    expected_glance = {
        "Enterprises": 5,  # E01-E05
        "Clusters": 1,
        "States": 1,
        "Workers in participating enterprises": 523,  # 72 + 136 + 80 + E05 235
        "Module enrolments": 9,  # E01 x3, E02, E03 x2, E04 x2, E05
        "Completion rate": 71.4,  # 5 / (5 + 2 dropped: E02 M1, E03 M2)
    }
    for figure, value in expected_glance.items():
        assert_row(glance, "Figure", figure, {"2017-H2": value})


# --- Coverage ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coverage(handmade_frames, options):
    frames, periods = view(handmade_frames, options)
    return build_coverage(frames, periods, options, small_n=5)


def test_coverage_by_state(coverage):
    table = coverage.table("By state")
    assert list(table["State"]) == ["Tamil Nadu", "Haryana"]  # 6 enterprises before 5
    assert_row(
        table,
        "State",
        "Tamil Nadu",
        {
            "Code": "IN-TN",
            "Clusters": 2,  # Chennai, Tiruppur
            "Enterprises": 6,  # E06-E11 (E12 joined 2018)
            "Workers": 781,  # 2017-H2: E06 96 + E07 167 + E08 46 + E09 180 + E11 292
            "Women workers": 320,  # E06 16 + E08 22 + E09 104 + E11 178 (E07: no sex)
            "Men workers": 292,  # 80 + 24 + 74 + 114
            "Workers, sex not reported": 167,  # E07 155 + 12
            # E06 M1 M3, E07 M1 M5, E08 M1, E09 M1 M2, E10 M1, E11 M1
            "Module enrolments": 9,
            "Modules completed": 5,  # E06 M1 M3, E07 M1, E09 M1, E11 M1 (E08 M1 in 2018)
            "Trainers": 3,  # T05, T02 (E07 M5), T08 (E09 M2 has none)
            # P-CIA, P-TEA (associations), P-LB1 (buyer), P-GT1 (T05), P-TI1 (T02),
            # P-EMP (T08)
            "Partners": 6,
            "Women's share of workers (%)": 52.3,  # 320 / 612
            "Small group": False,
        },
    )
    assert_row(
        table,
        "State",
        "Haryana",
        {
            "Code": "IN-HR",
            "Clusters": 1,
            "Enterprises": 5,  # E01-E05
            "Workers": 523,  # E01 72 + E03 136 + E04 80 + E05 235 (E02 did not report)
            "Women workers": 83,  # 10 + 40 + 11 + 22
            "Men workers": 440,  # 62 + 96 + 69 + 213
            "Workers, sex not reported": 0,
            "Module enrolments": 9,  # E01 M1 M2 M5, E02 M1, E03 M1 M2, E04 M1 M2, E05 M1
            "Modules completed": 5,  # E01 M1 M2, E03 M1, E04 M1 M2
            "Trainers": 3,  # T01, T02, T04
            "Partners": 3,  # P-FIA; P-TI1 (T01, T02), P-GT1 (T04)
            "Women's share of workers (%)": 15.9,  # 83 / 523
            "Small group": False,
        },
    )


def test_coverage_by_cluster(coverage):
    table = coverage.table("By cluster")
    assert list(table["Cluster"]) == ["Faridabad", "Chennai", "Tiruppur"]
    # cluster: (enterprises, workers, women, men, sex not reported, enrolments, completed,
    # trainers, partners, women's share, small group)
    expected = {
        "Faridabad": (5, 523, 83, 440, 0, 9, 5, 3, 3, 15.9, False),  # as Haryana
        # E06-E08: 96 + 167 + 46; women 16 + 22, men 80 + 24; E07 167 unsexed;
        # E06 M1 M3, E07 M1 M5, E08 M1; completed E06 M1 M3, E07 M1; T05, T02;
        # P-CIA, P-LB1, P-GT1, P-TI1; 38 / 142 = 26.8 %
        "Chennai": (3, 309, 38, 104, 167, 5, 3, 2, 4, 26.8, True),
        # E09-E11: 180 + 0 + 292; women 104 + 178, men 74 + 114; E09 M1 M2, E10 M1,
        # E11 M1; completed E09 M1, E11 M1; T08 only; P-TEA, P-EMP; 282 / 470 = 60.0 %
        "Tiruppur": (3, 472, 282, 188, 0, 4, 2, 1, 2, 60.0, True),
    }
    columns = (
        "Enterprises",
        "Workers",
        "Women workers",
        "Men workers",
        "Workers, sex not reported",
        "Module enrolments",
        "Modules completed",
        "Trainers",
        "Partners",
        "Women's share of workers (%)",
        "Small group",
    )
    for cluster, values in expected.items():
        assert_row(table, "Cluster", cluster, dict(zip(columns, values, strict=True)))


def test_coverage_tile_grid_shades_only_the_programme_states(coverage):
    grid = coverage.table("State tile grid")
    assert len(grid) == 36  # every state and union territory
    assert_row(grid, "Code", "IN-TN", {"Enterprises": 6, "Programme": True})
    assert_row(grid, "Code", "IN-HR", {"Enterprises": 5, "Programme": True})
    assert_row(grid, "Code", "IN-DL", {"Enterprises": 0, "Programme": False})


def test_coverage_for_one_state(handmade_frames, options):
    frames, periods = view(handmade_frames, options, states=("IN-HR",))
    table = build_coverage(frames, periods, options, small_n=5).table("By state")
    assert list(table["State"]) == ["Haryana"]
    assert_row(
        table,
        "State",
        "Haryana",
        {"Enterprises": 5, "Workers": 523, "Module enrolments": 9, "Partners": 3},
    )


# --- Modules -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def modules(handmade_frames, options):
    frames, periods = view(handmade_frames, options)
    return build_modules(frames, periods, options, small_n=5)


def summary_values(report, title: str = "Summary") -> dict[str, float]:
    table = report.table(title)
    return dict(zip(table["Figure"], table["Value"], strict=True))


def assert_summary(report, expected: dict) -> None:
    shown = summary_values(report)
    wrong = {k: (shown[k], v) for k, v in expected.items() if not same(shown[k], v)}
    assert not wrong, f"(shown, expected) {wrong}"


def test_modules_summary(modules):
    assert_summary(
        modules,
        {
            "Module enrolments": 18,  # all 19 but E12 M1 (enrolled 2018-01-15)
            "Completed": 10,  # see the Overview's modules completed
            # neither completed nor dropped by 2017-12-31: E05 M1, E08 M1 (completed
            # 2018-01-25), E01 M5, E09 M2
            "In progress": 4,
            "Dropped": 4,  # E02 M1, E10 M1, E03 M2, E07 M5
            "Completion rate": 71.4,  # 10 / (10 + 4); in progress left out
            "Enterprises enrolled": 11,  # E01-E11
            "Enterprises taking more than Module 1": 6,  # E01 E03 E04 E06 E07 E09
            "Share taking more than Module 1": 54.5,  # 6 / 11
        },
    )


def test_modules_funnel_of_module_1(modules):
    funnel = modules.table("Funnel by module")
    m1 = funnel[funnel["Module"] == "M1 Workplace Cooperation"]
    # furthest stage by 2017-12-31: completed E01 E03 E04 E06 E07 E09 E11; visit 3 E08;
    # visit 1 E02 (dropped); classroom E10 (dropped); baseline E05 -> reached, of 11:
    assert list(m1["Stage"]) == [
        "Enrolled",
        "Baseline done",
        "Classroom",
        "Visit 1",
        "Visit 2",
        "Visit 3",
        "Completed",
    ]
    assert_column(m1, "Enterprises", [11, 11, 10, 9, 8, 8, 7])
    assert_column(m1, "Of enrolled (%)", [100.0, 100.0, 90.9, 81.8, 72.7, 72.7, 63.6])
    assert_column(m1, "Lost since previous step", [0, 0, 1, 1, 1, 0, 1])
    # lost / reached at the step before: 1/11, 1/10, 1/9, 0/8, 1/8
    assert_column(m1, "Step drop-off (%)", [0.0, 0.0, 9.1, 10.0, 11.1, 0.0, 12.5])
    assert set(m1["Note"]) == {""}  # 11 enrolments: not a small group


def test_modules_funnel_counts_a_later_stage_as_reaching_the_earlier_ones(modules):
    funnel = modules.table("Funnel by module")
    m2 = funnel[funnel["Module"] == "M2 Quality Management"]
    # E01 M2 and E04 M2 completed; E09 M2 has visit 3 without visit 2 (visit 2 counts as
    # reached); E03 M2 dropped after the classroom -> 4 enrolled
    assert_column(m2, "Enterprises", [4, 4, 4, 3, 3, 3, 2])
    assert set(m2["Note"]) == {"small group"}  # 4 enrolments < 5


def test_modules_one_module_through_the_module_filter(handmade_frames, options):
    frames, periods = view(handmade_frames, options, modules=("M1",))
    report = build_modules(frames, periods, options, small_n=5)
    assert_summary(
        report,
        {
            "Module enrolments": 11,  # E01-E11 M1
            "Completed": 7,  # E01 E03 E04 E06 E07 E09 E11
            "In progress": 2,  # E05 (baseline only), E08 (completed in 2018)
            "Dropped": 2,  # E02, E10
            "Completion rate": 77.8,  # 7 / (7 + 2)
            "Enterprises taking more than Module 1": 0,
        },
    )


def test_modules_cohorts_by_half_year_of_enrolment(modules):
    table = modules.table("Cohorts")
    # cohort: (enrolments, completed, in progress, dropped)
    expected = {
        "2016-H1": (5, 4, 0, 1),  # E01 E02(d) E03 E06 E09, all M1
        "2016-H2": (5, 3, 0, 2),  # E04 M1, E07 M1, E10 M1 (d), E01 M2, E03 M2 (d)
        "2017-H1": (5, 3, 2, 0),  # E08 M1 (ip), E11 M1, E06 M3, E09 M2 (ip), E04 M2
        "2017-H2": (3, 0, 2, 1),  # E05 M1 (ip), E01 M5 (ip), E07 M5 (d)
    }
    assert list(table["Cohort (enrolled in)"]) == list(expected)
    for cohort, (n, done, going, dropped) in expected.items():
        assert_row(
            table,
            "Cohort (enrolled in)",
            cohort,
            {"Enrolments": n, "Completed": done, "In progress": going, "Dropped": dropped},
        )


def test_modules_by_cluster(modules):
    table = modules.table("By cluster")
    assert list(table["Cluster"]) == ["Faridabad", "Chennai", "Tiruppur"]  # 9, 5, 4
    # Faridabad: 9 enrolments, classroom all but E05 M1, completed 5, in progress E01 M5
    # and E05 M1, dropped E02 M1 and E03 M2; 5/9 = 55.6 %, 5/7 = 71.4 %
    assert_row(
        table,
        "Cluster",
        "Faridabad",
        {
            "Enterprises": 5,
            "Enrolments": 9,
            "Classroom": 8,
            "Completed": 5,
            "In progress": 2,
            "Dropped": 2,
            "Completed of enrolled (%)": 55.6,
            "Completion rate (%)": 71.4,
            "Note": "",
        },
    )
    # Chennai: E06 M1 M3, E07 M1 (c), E07 M5 (dropped before any classroom), E08 M1 (ip)
    assert_row(
        table,
        "Cluster",
        "Chennai",
        {
            "Enterprises": 3,
            "Enrolments": 5,
            "Classroom": 4,
            "Completed": 3,
            "In progress": 1,
            "Dropped": 1,
            "Completed of enrolled (%)": 60.0,
            "Completion rate (%)": 75.0,
            "Note": "small group",
        },
    )


def test_modules_days_between_stages(modules):
    days = modules.table("Days between stages")
    m1 = days[days["Module"] == "M1 Workplace Cooperation"]
    # enrolled -> baseline, days: E01 11, E02 10, E03 17, E04 15, E05 21, E06 15, E07 15,
    # E08 14, E09 15, E10 15, E11 15 -> median of 11 values = 15
    assert_row(m1, "Step", "Enrolled → Baseline done", {"Median days": 15.0, "Enterprises": 11})
    m2 = days[days["Module"] == "M2 Quality Management"]
    # visit 1 -> visit 2: E01 M2 56 days, E04 M2 45 days (E09 M2 has no visit 2) -> 50.5
    assert_row(
        m2,
        "Step",
        "Visit 1 → Visit 2",
        {"Median days": 50.5, "Enterprises": 2, "Note": "small group"},
    )


def test_modules_participants_of_module_1(modules):
    table = modules.table("Participants")
    m1 = table[table["Module"] == "M1 Workplace Cooperation"]
    # managers: E01 0/2, E03 2/1, E06 1/1, E09 1/1 -> 4 women, 5 men, 4 enterprises
    assert_row(
        m1,
        "Role",
        "Managers",
        {"Women": 4, "Men": 5, "Total": 9, "Women's share (%)": 44.4, "Enterprises": 4},
    )
    # workers: E01 1/3, E02 1/2, E03 3/2, E04 1/3, E06 1/3, E07 2/2, E08 2/1, E09 4/1,
    # E10 2/1, E11 3/2 -> 20 women, 20 men
    assert_row(
        m1,
        "Role",
        "Workers",
        {"Women": 20, "Men": 20, "Total": 40, "Women's share (%)": 50.0, "Enterprises": 10},
    )


def test_modules_modules_per_enterprise(modules):
    table = modules.table("Modules per enterprise")
    # one: E02 E05 E08 E10 E11; two: E03 E04 E06 E07 E09; three: E01 (M1 M2 M5)
    assert_column(table, "Enterprises", [5, 5, 1, 0, 0])
    assert_column(table, "Share of enterprises (%)", [45.5, 45.5, 9.1, 0.0, 0.0])


def test_modules_for_one_cluster(handmade_frames, options):
    frames, periods = view(handmade_frames, options, clusters=("Tiruppur",))
    assert_summary(
        build_modules(frames, periods, options, small_n=5),
        {
            "Module enrolments": 4,  # E09 M1 M2, E10 M1, E11 M1 (E12 M1 enrolled 2018)
            "Completed": 2,  # E09 M1, E11 M1
            "In progress": 1,  # E09 M2
            "Dropped": 1,  # E10 M1
            "Completion rate": 66.7,  # 2 / 3
            "Enterprises enrolled": 3,
            "Share taking more than Module 1": 33.3,  # E09 of 3
        },
    )


# --- Results -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def results(handmade_frames, options):
    frames, periods = view(handmade_frames, options)
    return build_results(frames, periods, options, kpi="productivity", small_n=5)


def test_results_productivity_summary(results):
    assert_summary(
        results,
        {
            "Enterprises with baseline and later value": 7,  # E01 E03 E04 E06 E07 E08 E09
            "Improved": 5,  # E01 E04 E06 E08 E09 (E07 unchanged, E03 lower)
            "Share improved (%)": 71.4,  # 5 / 7
            "Median change": 10.0,  # -5, 0, 4, 10, 12, 20, 25
            "Median change (%)": 10.0,  # every baseline is 100
            "No baseline": 1,  # E11 reports without a baseline flag
            "Baseline implausible": 0,
            "No later report": 3,  # E02 (dropped), E05 (baseline 2017-H2), E10 (dropped)
            "Implausible values excluded": 1,  # E06 2017-H2: 1,250 > 400
        },
    )


def test_results_productivity_change_per_enterprise(results):
    table = results.table("Change per enterprise")
    # enterprise: (baseline period, baseline, latest period, latest, change, change %, result)
    expected = {
        "E01": ("2016-H1", 100, "2017-H2", 120, 20, 20.0, "improved"),
        "E02": ("2016-H1", 100, NAN, NAN, NAN, NAN, "no later report"),
        "E03": ("2016-H1", 100, "2017-H2", 95, -5, -5.0, "worse"),
        "E04": ("2016-H2", 100, "2017-H1", 110, 10, 10.0, "improved"),  # no 2017-H2 report
        "E05": ("2017-H2", 100, NAN, NAN, NAN, NAN, "no later report"),
        # 2017-H2's 1,250 is implausible: the latest plausible value is 2017-H1's 112
        "E06": ("2016-H1", 100, "2017-H1", 112, 12, 12.0, "improved"),
        "E07": ("2016-H2", 100, "2017-H2", 100, 0, 0.0, "no change"),
        "E08": ("2017-H1", 100, "2017-H2", 104, 4, 4.0, "improved"),
        "E09": ("2016-H1", 100, "2017-H2", 125, 25, 25.0, "improved"),
        "E10": ("2016-H2", 100, NAN, NAN, NAN, NAN, "no later report"),
        "E11": (NAN, NAN, NAN, NAN, NAN, NAN, "no baseline"),
    }
    assert list(table["Enterprise"]) == list(expected)
    columns = (
        "Baseline period",
        "Baseline",
        "Latest period",
        "Latest",
        "Change",
        "Change (%)",
        "Result",
    )
    for enterprise, values in expected.items():
        assert_row(table, "Enterprise", enterprise, dict(zip(columns, values, strict=True)))


def test_results_productivity_trend(results):
    table = results.table("Trend")
    # 2016-H2 values: 96, 100, 100, 100, 105, 108, 110 -> quartiles 100 / 100 / 106.5
    assert_row(
        table,
        "Period",
        "2016-H2",
        {
            "Enterprises reporting": 7,
            "Median": 100.0,
            "Lower quartile": 100.0,
            "Upper quartile": 106.5,
        },
    )
    # 2017-H2 plausible values: E03 95, E11 99, E05 100, E07 100, E08 104, E01 120,
    # E09 125 (E06's 1,250 left out) -> 7 enterprises, quartiles 99.5 / 100 / 112
    assert_row(
        table,
        "Period",
        "2017-H2",
        {
            "Enterprises reporting": 7,
            "Median": 100.0,
            "Lower quartile": 99.5,
            "Upper quartile": 112.0,
        },
    )


def test_results_implausible_values_are_listed(results):
    table = results.table("Implausible values")
    assert list(table["Enterprise"]) == ["E10", "E06"]  # sorted by KPI name
    assert_row(
        table,
        "Enterprise",
        "E10",
        {
            "KPI": "Defect rate",
            "Period": "2016-H2",
            "Value": 75.0,
            "Plausible range": "0 to 60",
            "Baseline value": "yes",
        },
    )
    assert_row(
        table,
        "Enterprise",
        "E06",
        {
            "KPI": "Productivity",
            "Period": "2017-H2",
            "Value": 1250.0,
            "Plausible range": "20 to 400",
            "Baseline value": "no",
        },
    )


def test_results_defect_rate_lower_is_better(handmade_frames, options):
    frames, periods = view(handmade_frames, options)
    report = build_results(frames, periods, options, kpi="defect_rate", small_n=5)
    assert_summary(
        report,
        {
            "Enterprises with baseline and later value": 7,  # E01 E03 E04 E06 E07 E09 E11
            "Improved": 4,  # fewer defects: E01 8->6, E04 10->7, E06 4->3, E09 12->9
            "Share improved (%)": 57.1,  # 4 / 7
            "Median change": -1.0,  # -3, -3, -2, -1, 0, +0.5, +1
            "Median change (%)": -25.0,  # -30, -25, -25, -25, 0, +10, +14.3
            "No baseline": 0,
            "Baseline implausible": 1,  # E10: 75 > 60
            "No later report": 0,
            "Implausible values excluded": 1,
        },
    )
    changes = report.table("Change per enterprise")
    assert_row(changes, "Enterprise", "E11", {"Change": 1.0, "Change (%)": 14.3})  # 7 -> 8
    assert_row(changes, "Enterprise", "E10", {"Result": "baseline implausible"})


def test_results_all_kpis_sorted_by_the_size_of_the_median_change(results):
    table = results.table("All KPIs")
    # accidents: E01 -2 (-50 %), E03 0, E06 +1 (+16.7 %), E09 -2 (-66.7 %) -> median
    # -25.0 %, ties with the defect rate's -25.0 % (then by name); productivity 10.0 %
    assert list(table["KPI"]) == ["Accidents", "Defect rate", "Productivity"]
    assert_column(table, "Enterprises", [4, 7, 7])
    assert_column(table, "Share improved (%)", [50.0, 57.1, 71.4])
    assert_column(table, "Median change", [-1.0, -1.0, 10.0])
    assert_column(table, "Median change (%)", [-25.0, -25.0, 10.0])
    assert_column(table, "Implausible values excluded", [0, 1, 1])
    assert_column(table, "Note", ["small group", "", ""])  # 4 enterprises < 5


def test_results_by_cluster(results):
    table = results.table("By cluster")
    # Faridabad E01 +20, E03 -5, E04 +10; Chennai E06 +12, E07 0, E08 +4; Tiruppur E09 +25
    assert_row(
        table,
        "Cluster",
        "Faridabad",
        {"Enterprises": 3, "Improved": 2, "Share improved (%)": 66.7, "Median change": 10.0},
    )
    assert_row(
        table,
        "Cluster",
        "Chennai",
        {"Enterprises": 3, "Improved": 2, "Share improved (%)": 66.7, "Median change": 4.0},
    )
    assert_row(
        table,
        "Cluster",
        "Tiruppur",
        {"Enterprises": 1, "Improved": 1, "Share improved (%)": 100.0, "Median change": 25.0},
    )


def test_results_for_one_cluster(handmade_frames, options):
    frames, periods = view(handmade_frames, options, clusters=("Tiruppur",))
    assert_summary(
        build_results(frames, periods, options, kpi="productivity", small_n=5),
        {
            "Enterprises with baseline and later value": 1,  # E09
            "Share improved (%)": 100.0,
            "Median change": 25.0,
            "No baseline": 1,  # E11
            "No later report": 1,  # E10
            "Implausible values excluded": 0,
        },
    )


# --- Gender & jobs -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gender(handmade_frames, options):
    frames, periods = view(handmade_frames, options)
    return build_gender(frames, periods, options, small_n=5)


def test_gender_womens_share_at_each_level(gender):
    table = gender.table("Women's share by level")
    # level: (share %, women, men, enterprises)
    expected = {
        # 2017-H2 rows with sex given (E07 has none): women 10 + 40 + 11 + 22 + 16 + 22
        # + 104 + 178 = 403, men 62 + 96 + 69 + 213 + 80 + 24 + 74 + 114 = 732 -> 35.5 %
        "Workforce": (35.5, 403, 732, 8),
        # managers: E01 1/5, E03 5/6, E04 1/4, E05 2/13, E06 2/6, E08 2/2, E09 4/6,
        # E11 3/9 -> 20 / 71 = 28.2 %
        "Managers": (28.2, 20, 51, 8),
        "Classroom participants": (44.8, 26, 32, 10),  # see the Overview
        # teams of enterprises joined by the end (not E12): E01 3/5, E03 5/3, E06 1/6,
        # E09 5/3, E11 2/2 -> 16 / 35 = 45.7 %
        "Improvement-team members": (45.7, 16, 19, 5),
        "Certified trainers": (60.0, 3, 2, NAN),  # T01 T04 T08 / T02 T05
        # partner staff trainings: A12 2/10, A07 6/9 -> 8 / 27 = 29.6 %
        "Partner staff trained": (29.6, 8, 19, NAN),
    }
    assert list(table["Level"]) == list(expected)
    for level, (share, women, men, enterprises) in expected.items():
        assert_row(
            table,
            "Level",
            level,
            {"Women's share (%)": share, "Women": women, "Men": men, "Enterprises": enterprises},
        )
    # both participants (44.8 %) and team members (45.7 %) are above the workforce's 35.5 %
    assert gender.table("Parity notices").empty


JOBS_COLUMNS = (
    "Enterprises",
    "Reporting baseline and review",
    "Workers at baseline",
    "Workers in review half-year",
    "Net change",
    "Reporting sex in both",
    "Net change, women",
    "Net change, men",
    "Small group",
)


def test_gender_jobs_since_baseline_by_sector(gender):
    table = gender.table("Jobs since baseline by sector")
    # Baseline: each enterprise's first workforce report; E05's is 2017-H2 itself, E02 and
    # E10 did not report in 2017-H2. Per enterprise, baseline -> 2017-H2 (women, men):
    # E01 66 -> 72 (7 -> 10, 59 -> 62); E03 130 -> 136 (34 -> 40, 96 -> 96);
    # E04 75 -> 80 (7 -> 11, 68 -> 69); E06 88 -> 96 (11 -> 16, 77 -> 80);
    # E07 152 -> 167 (no sex); E08 44 -> 46 (20 -> 22, 24 -> 24);
    # E09 160 -> 180 (93 -> 104, 67 -> 74); E11 252 -> 292 (153 -> 178, 99 -> 114)
    expected = {
        "Auto components": (5, 3, 271, 288, 17, 3, 13, 4, True),  # E01 E03 E04
        "Engineering": (3, 3, 284, 309, 25, 2, 7, 3, True),  # E06 E07 E08
        "Garments": (3, 2, 412, 472, 60, 2, 36, 22, True),  # E09 E11 (E12 joined 2018)
        # 11 joined; 8 report both; 967 -> 1,069 = +102; 7 with sex: women 325 -> 381,
        # men 490 -> 519
        "All": (11, 8, 967, 1069, 102, 7, 56, 29, False),
    }
    assert list(table["Sector"]) == list(expected)
    for sector, values in expected.items():
        assert_row(table, "Sector", sector, dict(zip(JOBS_COLUMNS, values, strict=True)))


def test_gender_jobs_since_baseline_by_cluster(gender):
    table = gender.table("Jobs since baseline by cluster")
    assert list(table["Cluster"]) == ["Chennai", "Faridabad", "Tiruppur", "All"]
    # one sector per cluster: the same figures as by sector
    assert_row(table, "Cluster", "Chennai", {"Net change": 25, "Net change, women": 7})
    assert_row(table, "Cluster", "Faridabad", {"Net change": 17, "Net change, women": 13})
    assert_row(table, "Cluster", "All", {"Net change": 102, "Reporting baseline and review": 8})


def test_gender_employment_and_share_trend(gender):
    employment = gender.table("Employment by sex")
    h2 = employment[employment["Half-year"] == "2017-H2"]
    # permanent workers, 2017-H2: women 9 + 35 + 10 + 20 + 14 + 20 + 100 + 155 = 363,
    # men 57 + 90 + 65 + 200 + 74 + 22 + 68 + 95 = 671, E07's 155 without sex,
    # total 1,191 over 9 enterprises
    assert_row(
        h2,
        "Group",
        "Workers, permanent",
        {
            "Women": 363,
            "Men": 671,
            "Sex not reported": 155,
            "Total": 1191,
            "Women's share (%)": 35.1,
            "Enterprises reporting": 9,
        },
    )
    # contract workers: E11 only, 20 / 10 of 30
    assert_row(h2, "Group", "Workers, contract", {"Women": 20, "Men": 10, "Total": 30})
    trend = gender.table("Women's share trend")
    # workers 2017-H2: (363 + 20) / (363 + 20 + 671 + 10) = 383 / 1,064 = 36.0 %
    assert_row(
        trend,
        "Half-year",
        "2017-H2",
        {
            "Workforce (%)": 35.5,
            "Workers (%)": 36.0,
            "Managers (%)": 28.2,
            "Enterprises reporting": 8,
        },
    )


def test_gender_sex_disaggregation_completeness(gender):
    table = gender.table("Sex disaggregation completeness")
    # half-year: (records, without sex, share %, workers in them, not adding up)
    expected = {
        "2016-H1": (10, 0, 0.0, 0, 0),  # E01 E02 E03 E06 E09, two rows each
        "2016-H2": (6, 2, 33.3, 152, 0),  # E04 E07 E10; E07 140 + 12
        "2017-H1": (16, 2, 12.5, 162, 0),  # 8 enterprises; E07 150 + 12
        "2017-H2": (19, 2, 10.5, 167, 1),  # 8 x 2 + E11's 3; E07 155 + 12; E09 100 + 68
    }
    assert list(table["Half-year"]) == list(expected)
    for half_year, (records, unsexed, share, workers, mismatch) in expected.items():
        assert_row(
            table,
            "Half-year",
            half_year,
            {
                "Records": records,
                "Records without sex": unsexed,
                "Share without sex (%)": share,
                "Workers in records without sex": workers,
                "Records where female + male ≠ total": mismatch,
            },
        )


# --- Partners & outreach -------------------------------------------------------------------


@pytest.fixture(scope="module")
def partners(handmade_frames, options):
    frames, periods = view(handmade_frames, options)
    return build_partners(frames, periods, options, scope="programme")


def test_partners_objectives_against_targets(partners):
    table = partners.table("Objectives against targets")
    enterprise_results = ("Enterprises trained", "Modules completed")  # objective 0
    objectives_1_to_3 = [name for name in LOGFRAME_2017_H2 if name not in enterprise_results]
    assert list(table["Indicator"]) == objectives_1_to_3
    for indicator in objectives_1_to_3:
        target, actual, _achieved, status, _previous, _gap, needed = LOGFRAME_2017_H2[indicator]
        assert_row(
            table,
            "Indicator",
            indicator,
            {
                "Target this half-year": target,
                "Actual": actual,
                "Status": status,
                "Needed per half-year": needed,
            },
        )


def test_partners_associations(partners):
    table = partners.table("Associations")
    # recruited (joined by the end): P-FIA E01 E02 E04 E05; P-CIA E06 E08; P-TEA E09 E10
    # (E12 joined 2018); promotion events: A01 P-FIA, A04 P-CIA (A11 P-TEA is 2018)
    assert list(table["Association"]) == [FIA, CIA, TEA, EMP]
    assert_row(table, "Association", FIA, {"Enterprises recruited": 4, "Promotion events": 1})
    assert_row(table, "Association", CIA, {"Enterprises recruited": 2, "Promotion events": 1})
    assert_row(table, "Association", TEA, {"Enterprises recruited": 2, "Promotion events": 0})
    assert_row(table, "Association", EMP, {"Enterprises recruited": 0, "Promotion events": 0})
    mou = dict(zip(table["Association"], table["MoU signed"], strict=True))
    assert str(mou[FIA]) == "2016-02-01" and str(mou[CIA]) == "2017-09-01"
    assert pd.isna(mou[TEA])  # no MoU


def test_partners_by_state(partners):
    table = partners.table("By state")
    columns = (
        "Associations with an MoU",
        "Enterprises recruited by associations",
        "Promotion events",
        "Labour inspectors trained: women",
        "Labour inspectors trained: men",
        "Media items",
        "Case studies",
        "People reached",
    )
    # Haryana: P-FIA; E01 E02 E04 E05; A01; A08 3/22; A02, A10; reach A01 40 + A02 50,000
    # + A08 25 + A10 80,000 + A12 12 = 130,077
    assert_row(
        table,
        "State",
        "Haryana",
        dict(zip(columns, (1, 4, 1, 3, 22, 2, 0, 130077), strict=True)),
    )
    # Tamil Nadu: P-CIA; E06 E08 E09 E10; A04; A03 4/16; A06; A05; reach A03 20 + A04 60
    # + A05 1,500 + A06 120,000 + A07 15 = 121,595 (A11 is 2018)
    assert_row(
        table,
        "State",
        "Tamil Nadu",
        dict(zip(columns, (1, 4, 1, 4, 16, 1, 1, 121595), strict=True)),
    )
    # Delhi (no cluster): P-EMP's MoU and the A09 workshop (reach 40)
    delhi = table[~table["State"].isin(["Haryana", "Tamil Nadu"])]
    assert len(delhi) == 1
    assert [int(delhi.iloc[0][c]) for c in columns] == [1, 0, 0, 0, 0, 0, 0, 40]


def test_partners_tables_name_delhi_by_its_name(partners):
    assert "Delhi" in set(partners.table("By state")["State"])
    assert row(partners.table("Associations"), "Association", EMP)["State"] == "Delhi"
    assert row(partners.table("Service providers"), "Institution", TI1)["State"] == "Delhi"


def test_partners_service_providers(partners):
    table = partners.table("Service providers")
    # embeds SCORE with an MoU by the end: P-CIA, P-TI1, P-GT1; with trainers: P-TI1 (T01
    # T02 certified, T03 candidate), P-GT1 (T04 T05 certified, T06 candidate; T07 only in
    # 2018), P-EMP (T08 expert)
    assert list(table["Institution"]) == [CIA, TI1, EMP, GT1]  # by name
    expected = {
        CIA: ("yes", 0, 0),
        TI1: ("yes", 2, 1),
        EMP: ("no", 1, 0),
        GT1: ("yes", 2, 1),
    }
    for name, (embeds, certified, candidates) in expected.items():
        assert_row(
            table,
            "Institution",
            name,
            {
                "Embeds SCORE": embeds,
                "Certified trainers": certified,
                "Trainer candidates": candidates,
            },
        )


def test_partners_trainers_by_level_and_module(partners):
    levels = partners.table("Trainers by level")
    # level reached by 2017-12-31: candidates T06 F, T03 M; certified T01 F, T04 F, T05 M;
    # expert T08 F, T02 M (T07 certified 2018-01-20 is not counted)
    assert_row(levels, "Level", "Candidate", {"Women": 1, "Men": 1, "Total": 2})
    assert_row(levels, "Level", "Certified", {"Women": 2, "Men": 1, "Total": 3})
    assert_row(levels, "Level", "Expert", {"Women": 1, "Men": 1, "Total": 2})
    modules = partners.table("Trainers by module")
    # M1 certified by the end: T01 F, T02 M, T04 F, T05 M, T08 F (T07 only in 2018);
    # M2 T01 F; M3 T05 M; M4 T08 F (2017-10-01); M5 T02 M
    assert_column(modules, "Women", [3, 1, 0, 1, 0])
    assert_column(modules, "Men", [2, 0, 1, 0, 1])


def test_partners_cost_recovery(partners):
    table = partners.table("Cost recovery")
    # half-year: (started, cost share %, fees INR, satisfaction %, responses)
    expected = {
        # E01 E02 E03 E06 E09 M1: (20 + 10 + 30 + 30 + 20) / 5; 20,000 + 15,000 + 18,000 +
        # 25,000 + 19,000; nothing completed in 2016-H1
        "2016-H1": (5, 22.0, 97000.0, NAN, 0),
        # E04 M1 25, E07 M1 35, E10 M1 (none), E01 M2 30, E03 M2 20 -> 110 / 4; fees 86,000;
        # completed: E01 M1 90, E03 M1 80, E06 M1 95, E09 M1 89 -> 88.5
        "2016-H2": (5, 27.5, 86000.0, 88.5, 4),
        # E08 M1, E11 M1, E06 M3, E09 M2, E04 M2; completed E04 M1 85, E01 M2 86 (E07 M1
        # has no score) -> 85.5
        "2017-H1": (5, 39.0, 111000.0, 85.5, 2),
        # E05 M1 40, E01 M5 50, E07 M5 45; fees E01 M5 26,000 only; completed E11 M1 92,
        # E06 M3 90, E04 M2 84 -> 88.7 (E08 M1's 70 belongs to 2018)
        "2017-H2": (3, 45.0, 26000.0, 88.7, 3),
    }
    assert list(table["Half-year"]) == list(expected)
    for half_year, (started, share, fees, score, responses) in expected.items():
        assert_row(
            table,
            "Half-year",
            half_year,
            {
                "Modules started": started,
                "Share of cost not paid by the ILO (%)": share,
                "Fee income (INR)": fees,
                "Satisfaction (%)": score,
                "Satisfaction responses": responses,
            },
        )


def test_partners_dissemination(partners):
    table = partners.table("Dissemination")
    columns = (
        "Labour-inspector trainings",
        "Inspectors trained: women",
        "Inspectors trained: men",
        "Media items",
        "Case studies",
        "Promotion events",
        "People reached",
    )
    expected = {
        "2016-H1": (0, 0, 0, 1, 0, 1, 50040),  # A01 promotion 40, A02 media 50,000
        "2016-H2": (1, 4, 16, 0, 0, 0, 32),  # A03 20, A12 staff training 12
        "2017-H1": (0, 0, 0, 1, 1, 1, 121575),  # A04 60, A05 1,500, A06 120,000, A07 15
        "2017-H2": (1, 3, 22, 1, 0, 0, 80065),  # A08 25, A09 40, A10 80,000
    }
    for half_year, values in expected.items():
        assert_row(table, "Half-year", half_year, dict(zip(columns, values, strict=True)))


def test_partners_progress_against_targets(partners):
    table = partners.table("Progress against targets")
    mou = table[table["Indicator"] == "Associations with an MoU"]
    # MoU by 2016-06-30: P-EMP, P-FIA; by 2017-12-31 also P-CIA; targets only from 2017-H1
    assert_column(mou, "Actual", [2, 2, 2, 3])
    assert_column(mou, "Target", [NAN, NAN, 2, 3])


# --- Data quality --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quality(handmade_frames, options):
    frames, periods = view(handmade_frames, options)
    return build_data(frames, periods, options, small_n=5)


def test_data_quality_by_half_year(quality):
    table = quality.table("Quality by half-year")
    columns = (
        "Reports expected",
        "Reports received",
        "Completeness (%)",
        "Late reports",
        "Late (%)",
        "KPI values outside plausible range",
        "Workforce rows",
        "Rows missing sex",
        "Rows not adding up",
    )
    # Expected: every half-year after the enterprise's KPI baseline, except after E02 and
    # E10 dropped all their modules (2016-08-10, 2017-02-15). Late: first report more than
    # 60 days after the half-year's end (2017-03-01, 2017-08-29, 2018-03-01).
    expected = {
        "2016-H1": (0, 0, NAN, 0, NAN, 0, 10, 0, 0),  # no baseline is earlier
        # E01 E03 E06 E09 (baselines 2016-H1), all received; E06 reported 2017-03-20
        "2016-H2": (4, 4, 100.0, 1, 25.0, 1, 6, 2, 0),  # outlier: E10 defect rate 75
        # E01 E03 E04 E06 E07 E09; E09 missing; E03 at 61 days late, E06 at 60 on time
        "2017-H1": (6, 5, 83.3, 1, 20.0, 0, 16, 2, 0),
        # E01 E03 E04 E06 E07 E08 E09 E11; E04 missing; E06 (74 days) and E09 (61) late;
        # E01's first 2017-H2 report came 2018-01-20 (its later defect rate does not count)
        "2017-H2": (8, 7, 87.5, 2, 28.6, 1, 19, 2, 1),  # outlier: E06 productivity 1,250
    }
    assert list(table["Half-year"]) == list(expected)
    for half_year, values in expected.items():
        assert_row(table, "Half-year", half_year, dict(zip(columns, values, strict=True)))


def test_data_quality_by_partner(quality):
    table = quality.table("Quality by partner")
    # partner of an enterprise: its Module 1 trainer's institution. 2017-H2 expected:
    # P-TI1 (T01 T02): E01, E03, E04 (missing); P-GT1 (T05): E06 (late, outlier), E07
    # (2 rows without sex), E08; P-EMP (T08): E09 (late), E11
    assert list(table["Partner"]) == [TI1, EMP, GT1]  # completeness, then name
    columns = (
        "Reports expected",
        "Reports received",
        "Completeness (%)",
        "Late reports",
        "KPI values outside plausible range",
        "Rows missing sex",
        "Note",
    )
    expected = {
        TI1: (3, 2, 66.7, 0, 0, 0, "small group"),
        EMP: (2, 2, 100.0, 1, 0, 0, "small group"),
        GT1: (3, 3, 100.0, 1, 1, 2, "small group"),
    }
    for partner, values in expected.items():
        assert_row(table, "Partner", partner, dict(zip(columns, values, strict=True)))


def test_data_quality_rows_behind_the_checks(quality):
    table = quality.table("Rows behind the checks")
    found = sorted(zip(table["Check"], table["Enterprise"], table["Detail"], strict=True))
    assert found == [
        ("Outside plausible range", "E06", "productivity = 1250 (plausible 20 to 400)"),
        ("Report late", "E06", "reported 15 Mar 2018, 74 days after the half-year"),
        ("Report late", "E09", "reported 2 Mar 2018, 61 days after the half-year"),
        ("Report missing", "E04", "no KPI value for the half-year"),
        ("Sex not given", "E07", "manager permanent: total 12"),
        ("Sex not given", "E07", "worker permanent: total 155"),
        ("Women and men do not add up", "E09", "worker permanent: 100 + 68 != total 170"),
    ]
