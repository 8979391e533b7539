"""Coverage metrics on a small hand-made programme with known answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from score_dash.core import filters
from score_dash.core.filters import ResolvedPeriods
from score_dash.metrics import coverage

NA = pd.NA


def _dates(values: list[str | None]) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object"))


def _ints(values: list[object]) -> pd.Series:
    return pd.Series(values, dtype="Int64")


def make_periods(review: str = "2020-H2") -> ResolvedPeriods:
    ends = {"2020-H1": pd.Timestamp("2020-06-30"), "2020-H2": pd.Timestamp("2020-12-31")}
    return ResolvedPeriods(
        review=review,
        compare="2020-H1" if review == "2020-H2" else None,
        year_earlier=None,
        trend=("2020-H1", "2020-H2"),
        start=pd.Timestamp("2020-07-01") if review == "2020-H2" else pd.Timestamp("2020-01-01"),
        end=ends[review],
        labels={"2020-H1": "2020-H1", "2020-H2": "2020-H2"},
        ends=ends,
    )


def make_frames() -> dict[str, pd.DataFrame]:
    """Two clusters in two states; E4 joins after the review period, E5 stops reporting,
    E2 employs no women, E1's managers are reported without sex, E3 reports a total that
    female + male does not add up to and has no baseline before the review half-year."""
    clusters = pd.DataFrame(
        {
            "cluster": ["C1", "C2"],
            "city": ["Faridabad", "Tiruppur"],
            "district": ["F", "T"],
            "state": ["IN-HR", "IN-TN"],
            "sector": ["Auto components", "Garments"],
            "latitude": [28.4, 11.1],
            "longitude": [77.3, 77.3],
            "phase": [1, 2],
        }
    )
    enterprises = pd.DataFrame(
        {
            "enterprise": ["E1", "E2", "E3", "E4", "E5"],
            "name": ["One", "Two", "Three", "Four", "Five"],
            "cluster": ["C1", "C1", "C2", "C2", "C1"],
            "sector": [
                "Auto components",
                "Auto components",
                "Garments",
                "Garments",
                "Auto components",
            ],
            "latitude": [28.41, 28.42, 11.11, 11.12, 28.43],
            "longitude": [77.31, 77.32, 77.33, 77.34, 77.35],
            "size_band": ["30-49"] * 5,
            "women_owned": [False] * 5,
            "association": ["P3", None, None, None, None],
            "lead_buyer": [None] * 5,
            "joined_date": _dates(
                ["2020-01-01", "2020-02-01", "2020-03-01", "2021-03-01", "2020-01-15"]
            ),
            "state": ["IN-HR", "IN-HR", "IN-TN", "IN-TN", "IN-HR"],
        }
    )
    enrolments = pd.DataFrame(
        {
            "enterprise": ["E1", "E1", "E3", "E4"],
            "module": ["M1", "M2", "M1", "M1"],
            "trainer": ["T1", "T2", "T1", "T1"],
            "enrolled_date": _dates(["2020-02-01", "2020-05-01", "2020-06-01", "2021-04-01"]),
            "classroom_date": _dates(["2020-03-01", None, "2020-07-01", None]),
            "completed_date": _dates(["2020-10-01", None, "2021-02-01", None]),
            "dropped_date": _dates([None] * 4),
        }
    )
    trainers = pd.DataFrame(
        {
            "trainer": ["T1", "T2", "T3"],
            "partner": ["P1", "P2", "P1"],
            "sex": ["female", "male", "male"],
            "level": ["certified", "certified", "expert"],
            "level_date": _dates(["2019-01-01", "2021-01-01", "2018-01-01"]),
        }
    )
    partners = pd.DataFrame(
        {
            "partner": ["P1", "P2", "P3"],
            "name": ["Inst One", "Inst Two", "Assoc Three"],
            "type": ["training institution"] * 2 + ["industry association"],
            "state": ["IN-HR", "IN-TN", "IN-HR"],
        }
    )
    workforce = pd.DataFrame(
        [
            ("E1", "2020-H1", "worker", "permanent", 8, 2, 6),
            ("E2", "2020-H1", "worker", "permanent", 15, 0, 15),
            ("E5", "2020-H1", "worker", "permanent", 5, 1, 4),
            ("E1", "2020-H2", "worker", "permanent", 10, 3, 7),
            ("E1", "2020-H2", "manager", "permanent", 2, NA, NA),
            ("E2", "2020-H2", "worker", "permanent", 20, 0, 20),
            ("E3", "2020-H2", "worker", "permanent", 30, 20, 10),
            ("E3", "2020-H2", "worker", "contract", 5, 1, 3),
        ],
        columns=["enterprise", "period", "role", "employment", "total", "female", "male"],
    )
    workforce["total"] = workforce["total"].astype("int64")
    workforce["female"] = _ints(list(workforce["female"]))
    workforce["male"] = _ints(list(workforce["male"]))
    participation = pd.DataFrame(
        {
            "enterprise": ["E1", "E1", "E1", "E3"],
            "module": ["M1", "M1", "M2", "M1"],
            "role": ["worker", "manager", "worker", "worker"],
            "female": _ints([2, 0, 5, 4]),
            "male": _ints([3, 1, 5, 0]),
        }
    )
    team_members = pd.DataFrame(
        {
            "enterprise": ["E1", "E3", "E4"],
            "role": ["worker"] * 3,
            "female": _ints([1, 0, 5]),
            "male": _ints([3, 2, 0]),
        }
    )
    activities = pd.DataFrame(
        {
            "activity": ["A1", "A2", "A3"],
            "type": ["partner staff training", "partner staff training", "media item"],
            "activity_date": _dates(["2020-05-01", "2021-05-01", "2020-05-01"]),
            "state": ["IN-HR"] * 3,
            "partner": ["P1"] * 3,
            "participants_female": _ints([3, 10, 100]),
            "participants_male": _ints([1, 0, 100]),
        }
    )
    states = pd.DataFrame({"state": ["IN-HR", "IN-TN"], "name": ["Haryana", "Tamil Nadu"]})
    return {
        "clusters": clusters,
        "enterprises": enterprises,
        "enrolments": enrolments,
        "trainers": trainers,
        "partners": partners,
        "workforce": workforce,
        "participation": participation,
        "team_members": team_members,
        "activities": activities,
        "states": states,
    }


def test_state_table_counts_each_figure_once_with_known_answers() -> None:
    table = coverage.compute_state_table(make_frames(), make_periods())
    assert table["Code"].tolist() == ["IN-HR", "IN-TN"]
    hr, tn = (row for _, row in table.iterrows())
    assert hr["State"] == "Haryana"
    # E1, E2, E5 joined by the end; E4 (Tamil Nadu) joined later and is not counted.
    assert (hr["Enterprises"], tn["Enterprises"]) == (3, 1)
    assert (hr["Workers"], hr["Women workers"], hr["Men workers"]) == (32, 3, 27)
    assert hr["Workers, sex not reported"] == 2
    assert hr["Women's share of workers (%)"] == 10.0
    assert (hr["Module enrolments"], hr["Modules completed"]) == (2, 1)
    assert hr["Trainers"] == 2  # T1 and T2 led E1's enrolments
    assert hr["Partners"] == 3  # P3 recruited E1; P1 and P2 through their trainers
    assert (tn["Workers"], tn["Women workers"], tn["Men workers"]) == (35, 21, 13)
    assert tn["Women's share of workers (%)"] == 61.8
    assert (tn["Module enrolments"], tn["Modules completed"]) == (1, 0)  # completed in 2021
    assert (tn["Trainers"], tn["Partners"]) == (1, 1)
    assert table["Small group"].tolist() == [True, True]


def test_an_earlier_review_period_counts_less() -> None:
    table = coverage.compute_state_table(make_frames(), make_periods("2020-H1"))
    hr = table.set_index("Code").loc["IN-HR"]
    assert hr["Workers"] == 28  # the 2020-H1 reports of E1, E2 and E5
    assert hr["Modules completed"] == 0


def test_cluster_table_carries_place_and_sector() -> None:
    table = coverage.compute_cluster_table(make_frames(), make_periods())
    assert table["Cluster"].tolist() == ["C1", "C2"]
    assert table.loc[0, "Sector"] == "Auto components"
    assert (table.loc[0, "Latitude"], table.loc[0, "Longitude"]) == (28.4, 77.3)
    assert table["Enterprises"].sum() == 4


def test_tile_grid_covers_all_36_units_and_sums_the_measure() -> None:
    states = coverage.compute_state_table(make_frames(), make_periods())
    grid = coverage.compute_tile_grid(states, "workers")
    assert len(grid) == 36 and grid["Code"].is_unique
    assert grid["Workers"].sum() == states["Workers"].sum() == 67
    assert set(grid.loc[grid["Programme"], "Code"]) == {"IN-HR", "IN-TN"}
    assert not grid[["Row", "Column"]].duplicated().any()


def test_unknown_measure_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown measure"):
        coverage.measure_label("profit")


def test_map_frames_hold_only_plain_values() -> None:
    frames, periods = make_frames(), make_periods()
    clusters = coverage.compute_map_clusters(
        coverage.compute_cluster_table(frames, periods), "workers"
    )
    assert list(clusters.columns) == [
        "name",
        "sector",
        "enterprises",
        "workers",
        "women_share",
        "completed",
        "size",
        "lon",
        "lat",
    ]
    assert clusters["size"].tolist() == [32.0, 35.0]
    assert clusters["women_share"].tolist() == ["10.0 %", "61.8 %"]
    points = coverage.compute_map_enterprises(frames, periods)
    assert len(points) == 4
    assert not any(pd.api.types.is_datetime64_any_dtype(t) for t in points.dtypes)
    e5 = points[points["name"].str.contains("E5")].iloc[0]
    assert e5["workers"] == 0 and e5["women_share"] == "not reported"


def test_report_sheets_and_demo_invariants(demo_frames: dict[str, pd.DataFrame]) -> None:
    options = filters.build_options(demo_frames)
    periods = filters.resolve_periods(filters.Filters(), options, demo_frames["periods"])
    report = coverage.build_report(demo_frames, periods, options, measure="completions", small_n=5)
    states = report.table(coverage.STATE_TABLE)
    clusters = report.table(coverage.CLUSTER_TABLE)
    for column in coverage.COUNT_COLUMNS[:7]:
        assert states[column].sum() == clusters[column].sum(), column
    joined = demo_frames["enterprises"]["joined_date"] <= periods.end
    assert states["Enterprises"].sum() == int(joined.sum())
    grid = report.table(coverage.GRID_TABLE)
    assert grid["Modules completed"].sum() == states["Modules completed"].sum()
    assert not math.isnan(states["Women's share of workers (%)"].iloc[0])


def test_the_map_leaves_out_a_cluster_a_viewer_may_not_see() -> None:
    """A cluster whose enterprises were emptied for a viewer gets no circle; one whose
    workforce alone was emptied is drawn, its workers "not shown"."""
    clusters = coverage.compute_cluster_table(make_frames(), make_periods())
    assert len(clusters) == 2
    viewer = clusters.assign(
        Enterprises=clusters["Enterprises"].astype("Int64").mask(clusters.index == 0),
        Workers=clusters["Workers"].astype("Int64").mask(clusters.index == 1),
    )
    circles = coverage.compute_map_clusters(viewer, "enterprises")
    assert circles["name"].tolist() == [clusters["Cluster"].iloc[1]]
    assert circles["workers"].tolist() == ["not shown"]
    assert coverage.compute_map_clusters(viewer, "workers").empty  # no size to draw
