"""Gender & jobs metrics on the hand-made programme of test_coverage (known answers)."""

from __future__ import annotations

import math

import pandas as pd

from score_dash.core import filters
from score_dash.metrics import gender
from tests.unit.test_coverage import make_frames, make_periods

# The levels of the women's-share table, top to bottom (written here, not read from the code).
LEVELS = (
    "Workforce",
    "Managers",
    "Classroom participants",
    "Improvement-team members",
    "Certified trainers",
    "Partner staff trained",
)

SHARE = gender.SHARE


def _by(table: pd.DataFrame, column: str) -> pd.DataFrame:
    return table.set_index(column)


def test_levels_share_at_each_level() -> None:
    levels = _by(gender.compute_levels(make_frames(), make_periods()), "Level")
    assert list(levels.index) == list(LEVELS)
    # Review half-year, rows with sex: E1 3/7, E2 0/20, E3 20/10 and 1/3; E1's managers unsexed.
    assert (levels.loc["Workforce", "Women"], levels.loc["Workforce", "Men"]) == (24, 40)
    assert levels.loc["Workforce", SHARE] == 37.5
    assert levels.loc["Workforce", "Enterprises"] == 3
    assert math.isnan(levels.loc["Managers", SHARE])  # no manager reported with sex
    # Classroom held by the end: E1 M1 (2 of 5 and 0 of 1) and E3 M1 (4 of 4); E1 M2 not held.
    assert (
        levels.loc["Classroom participants", "Women"],
        levels.loc["Classroom participants", "Men"],
    ) == (6, 4)
    assert levels.loc["Classroom participants", SHARE] == 60.0
    # E4 joined after the period: its all-women team is not counted.
    assert levels.loc["Improvement-team members", SHARE] == 16.7
    # T2's certification is dated after the period.
    assert levels.loc["Certified trainers", SHARE] == 50.0
    # Only the partner staff training held by the end; the media item is another type.
    assert (
        levels.loc["Partner staff trained", "Women"],
        levels.loc["Partner staff trained", "Men"],
    ) == (3, 1)
    assert levels["Small group"].tolist() == [True, True, True, True, False, False]


def test_parity_notice_only_where_share_is_below_the_workforce() -> None:
    levels = gender.compute_levels(make_frames(), make_periods())
    notices = gender.compute_parity_notices(levels)
    assert notices["Level"].tolist() == ["Improvement-team members"]
    assert notices.loc[0, "Gap (points)"] == 20.8
    assert "16.7 % of improvement-team members but 37.5 %" in notices.loc[0, "Notice"]


def test_parity_with_no_workforce_share_gives_no_notice() -> None:
    levels = pd.DataFrame(
        {"Level": ["Workforce", "Classroom participants"], SHARE: [math.nan, 10.0]}
    )
    assert gender.compute_parity_notices(levels).empty


def test_employment_by_sex_keeps_unsexed_headcount_apart() -> None:
    table = gender.compute_employment_by_sex(make_frames(), make_periods())
    assert len(table) == 8  # 2 half-years x 4 groups
    h2 = _by(table[table["Half-year"] == "2020-H2"], "Group")
    assert h2.loc["Workers, permanent", ["Women", "Men", "Total"]].tolist() == [23, 37, 60]
    assert h2.loc["Workers, permanent", SHARE] == 38.3
    assert h2.loc["Workers, permanent", "Enterprises reporting"] == 3
    assert h2.loc["Workers, contract", SHARE] == 25.0
    managers = h2.loc["Managers, permanent"]
    assert (managers["Women"], managers["Men"], managers["Sex not reported"]) == (0, 0, 2)
    assert math.isnan(managers[SHARE])
    assert h2.loc["Managers, contract", "Enterprises reporting"] == 0


def test_share_trend_per_half_year() -> None:
    trend = _by(gender.compute_share_trend(make_frames(), make_periods()), "Half-year")
    assert trend.loc["2020-H1", "Workforce (%)"] == 10.7  # 3 of 28
    assert trend.loc["2020-H2", "Workforce (%)"] == 37.5
    assert math.isnan(trend.loc["2020-H2", "Managers (%)"])


def test_jobs_since_baseline_count_only_enterprises_reporting_both() -> None:
    jobs = _by(
        gender.compute_jobs_since_baseline(make_frames(), make_periods(), "sector"), "Sector"
    )
    auto = jobs.loc["Auto components"]
    # E1 (8 -> 12) and E2 (15 -> 20) report both; E5 stopped reporting and is not averaged in.
    assert (auto["Enterprises"], auto["Reporting baseline and review"]) == (3, 2)
    assert (auto["Workers at baseline"], auto["Workers in review half-year"]) == (23, 32)
    assert auto["Net change"] == 9
    # Only E2 has the sex split in both half-years (E1's managers are unsexed): no women.
    assert auto["Reporting sex in both"] == 1
    assert (auto["Net change, women"], auto["Net change, men"]) == (0, 5)
    # E3's first report is the review half-year itself: no baseline to compare with.
    garments = jobs.loc["Garments"]
    assert (garments["Enterprises"], garments["Reporting baseline and review"]) == (1, 0)
    assert garments["Net change"] == 0
    assert jobs.loc["All", "Net change"] == 9
    assert jobs.loc["All", "Enterprises"] == 4


def test_jobs_by_cluster_has_a_total_row() -> None:
    jobs = gender.compute_jobs_since_baseline(make_frames(), make_periods(), "cluster")
    assert jobs["Cluster"].tolist() == ["C1", "C2", "All"]
    assert jobs["Small group"].tolist() == [True, True, True]


def test_completeness_counts_missing_sex_and_mismatches() -> None:
    table = _by(gender.compute_completeness(make_frames(), make_periods()), "Half-year")
    h2 = table.loc["2020-H2"]
    assert (h2["Records"], h2["Records without sex"]) == (5, 1)
    assert h2["Share without sex (%)"] == 20.0
    assert h2["Workers in records without sex"] == 2
    assert h2["Records where female + male ≠ total"] == 1  # E3 contract: 1 + 3 != 5
    assert table.loc["2020-H1", "Records where female + male ≠ total"] == 0


def test_report_on_demo_data(demo_frames: dict[str, pd.DataFrame]) -> None:
    options = filters.build_options(demo_frames)
    periods = filters.resolve_periods(filters.Filters(), options, demo_frames["periods"])
    report = gender.build_report(demo_frames, periods, options, small_n=5)
    levels = report.table(gender.LEVELS_TABLE)
    assert levels[SHARE].between(0, 100).all()
    employment = report.table(gender.EMPLOYMENT_TABLE)
    assert (employment["Women"] + employment["Men"] <= employment["Total"] + 50).all()
    jobs = report.table(gender.JOBS_SECTOR_TABLE)
    body, total = jobs[jobs["Sector"] != "All"], jobs[jobs["Sector"] == "All"].iloc[0]
    for column in (
        "Enterprises",
        "Reporting baseline and review",
        "Net change",
        "Net change, women",
        "Net change, men",
    ):
        assert body[column].sum() == total[column], column
    assert (jobs["Reporting baseline and review"] <= jobs["Enterprises"]).all()


def _workforce_rows(categorical: bool) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "enterprise": ["E1", "E1", "E2", "E2", "E3", None, "E4"],
            "period": ["2017-H1", "2017-H1", "2017-H1", "2017-H2", "2017-H2", "2017-H2", None],
            "role": ["worker", "worker", "worker", "manager", "manager", "manager", "worker"],
            "employment": ["permanent"] * 7,
            "female": pd.array([3, 4, None, 1, 2, 5, 9], dtype="Int64"),
        }
    )
    if categorical:
        for name in ("enterprise", "period", "role", "employment"):
            # with a category no row uses, as the frames filtered for a view have
            used = list(frame[name].dropna().unique())
            frame[name] = pd.Categorical(frame[name], categories=[*used, "x"])
    return frame


def test_by_group_sums_and_counts_per_half_year_role_and_employment():
    for categorical in (True, False):
        rows = _workforce_rows(categorical)
        # The row without a half-year (E4) is in no group; a missing count adds nothing;
        # an enterprise missing is not counted among the enterprises.
        assert gender._by_group(rows, "female", "sum") == {
            ("2017-H1", "worker", "permanent"): 7,  # E1 3 + 4, E2 missing
            ("2017-H2", "manager", "permanent"): 8,  # 1 + 2 + 5
        }
        assert gender._by_group(rows, "enterprise", "nunique") == {
            ("2017-H1", "worker", "permanent"): 2,  # E1, E2
            ("2017-H2", "manager", "permanent"): 2,  # E2, E3 (and a row without one)
        }
        assert gender._by_group(rows.iloc[:0], "female", "sum") == {}
