"""Overview briefing figures: deltas, the first period, share improved, report tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from score_dash.access.policy import Role, restrict
from score_dash.core.filters import Filters, build_options, resolve_periods
from score_dash.metrics import logframe, overview, results


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


def enterprises_trained_by(frames, day: str) -> int:
    """Counted here by the written definition: distinct enterprises with a classroom_date
    on or before the day."""
    enrolments = frames["enrolments"]
    held = enrolments[enrolments["classroom_date"] <= pd.Timestamp(day)]
    return len(set(held["enterprise"]))


def test_changes_are_value_minus_the_earlier_half_years(loaded_frames, options) -> None:
    periods = resolved(loaded_frames, options, period="2015-H2")
    table = overview.compute_briefing_table(loaded_frames, periods).set_index("code")
    row = table.loc["enterprises_trained"]
    now = enterprises_trained_by(loaded_frames, "2015-12-31")
    before = enterprises_trained_by(loaded_frames, "2015-06-30")
    year = enterprises_trained_by(loaded_frames, "2014-12-31")
    assert 0 < year < before < now  # the demo programme grows over these half-years
    assert (row["Value"], row["Previous"], row["Year earlier"]) == (now, before, year)
    assert row["Change since previous"] == now - before
    assert row["Change over the year"] == now - year


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


def test_overview_and_status_table_count_by_the_written_definitions(loaded_frames, options) -> None:
    """Both tables against figures counted here from the raw frames (2017-H2 ends 31 Dec)."""
    periods = resolved(loaded_frames, options)
    assert periods.end == pd.Timestamp("2017-12-31")
    end = periods.end
    enrolments, trainers = loaded_frames["enrolments"], loaded_frames["trainers"]
    certified = trainers[
        trainers["level"].isin(["certified", "expert"]) & (trainers["level_date"] <= end)
    ]
    expected = {
        "enterprises_trained": enterprises_trained_by(loaded_frames, "2017-12-31"),
        "module_completions": int((enrolments["completed_date"] <= end).sum()),
        "trainers_certified": len(certified),
    }
    figures = overview.compute_briefing_table(loaded_frames, periods).set_index("code")
    status = logframe.compute_logframe_table(loaded_frames, periods).set_index("code")
    headline = overview.compute_headline(loaded_frames, periods.review, periods.end)
    for code, value in expected.items():
        assert figures.loc[code, "Value"] == value, code
        assert status.loc[code, "Actual"] == value, code
        assert headline[code] == value, code


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


def share_improved_by_hand(frames, kpi_code: str, review: str) -> float:
    improved, counted = improved_by_hand(frames, kpi_code, review)
    return round(100 * improved / counted, 1)


def improved_by_hand(frames, kpi_code: str, review: str) -> tuple[int, int]:
    """Enterprises improved and enterprises counted, by the written rule
    (score_dash/metrics/results.py, indicator share_improved), enterprise by enterprise:
    plausible values up to the review half-year; the baseline is the earliest
    flagged one; the latest is the last later report; better is direction-aware."""
    definition = frames["kpi_definitions"].set_index("kpi").loc[kpi_code]
    low, high, better = (
        definition["plausible_min"],
        definition["plausible_max"],
        definition["better"],
    )
    obs = frames["kpi_observations"]
    obs = obs[(obs["kpi"] == kpi_code) & (obs["period"] <= review)]
    obs = obs[(obs["value"] >= low) & (obs["value"] <= high)]
    improved = counted = 0
    for _, rows in obs.groupby("enterprise"):
        baselines = rows[rows["is_baseline"]].sort_values("period")
        if baselines.empty:
            continue
        first = baselines.iloc[0]
        later = rows[~rows["is_baseline"] & (rows["period"] > first["period"])]
        if later.empty:
            continue
        latest = later.sort_values("period").iloc[-1]["value"]
        counted += 1
        better_now = latest > first["value"] if better == "higher" else latest < first["value"]
        improved += int(better_now)
    return improved, counted


@pytest.mark.parametrize(
    ("kpi_code", "name"),
    [("productivity", "Productivity"), ("defect_rate", "Defect rate"), ("accidents", "Accidents")],
)
@pytest.mark.parametrize("period", ["2015-H2", "2017-H2"])
def test_share_improved_follows_the_written_rule_on_both_pages(
    loaded_frames, options, kpi_code: str, name: str, period: str
) -> None:
    periods = resolved(loaded_frames, options, period=period)
    expected = share_improved_by_hand(loaded_frames, kpi_code, period)
    ours = overview.compute_share_improved(loaded_frames, kpi_code, period)
    assert ours["share"] == expected
    report = results.build_report(loaded_frames, periods, options, kpi=kpi_code, small_n=5)
    assert report.table("All KPIs").set_index("KPI").loc[name, "Share improved (%)"] == expected


def test_a_briefing_gives_each_half_year_its_own_shares_improved(loaded_frames, options) -> None:
    """The briefing computes the key KPIs' shares once per half-year and keeps them for the
    table of enterprises behind each figure: each of its three half-years has the share the
    written rule gives at that half-year, and the enterprises behind it."""
    periods = resolved(loaded_frames, options, period="2017-H2")
    briefing = overview.compute_briefing(loaded_frames, periods)
    figures = briefing.figures.set_index("code")
    columns = {"Value": "2017-H2", "Previous": "2017-H1", "Year earlier": "2016-H2"}
    assert (periods.review, periods.compare, periods.year_earlier) == tuple(columns.values())
    for kpi in ("productivity", "defect_rate", "accidents"):
        for column, period in columns.items():
            assert figures.loc[f"share_improved_{kpi}", column] == share_improved_by_hand(
                loaded_frames, kpi, period
            ), (kpi, period)
            counted = improved_by_hand(loaded_frames, kpi, period)[1]
            assert briefing.enterprises.loc[f"share_improved_{kpi}", column] == counted


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


def test_a_viewers_cards_are_empty_where_few_enterprises_reported_the_figure(
    loaded_frames, options
) -> None:
    """2012-H1: counted here, one or two of the trained enterprises reported a headcount
    without women and men, which the workers, women and men of the card add up with; the
    half-year before, none did. Counts over the selection stay."""
    periods = resolved(loaded_frames, options, period="2012-H1")
    trained = set(
        loaded_frames["enrolments"].loc[
            loaded_frames["enrolments"]["classroom_date"] <= pd.Timestamp("2012-06-30"),
            "enterprise",
        ]
    )
    workforce = loaded_frames["workforce"]
    rows = workforce[(workforce["period"] == "2012-H1") & workforce["enterprise"].isin(trained)]
    unsexed = rows.loc[rows["female"].isna() | rows["male"].isna(), "enterprise"].nunique()
    assert 0 < unsexed < 3
    briefing = overview.compute_briefing(loaded_frames, periods)
    report = overview.build_briefing_report(briefing)
    staff = overview.headline_figures(report)
    assert staff["Value"].tolist() == briefing.figures["Value"].tolist()
    cards = overview.headline_figures(restrict(report, Role.VIEWER, 3))
    for code in ("workers_trained_enterprises", "women_workers_trained_enterprises"):
        assert math.isnan(cards.loc[code, "Value"])
        assert math.isnan(cards.loc[code, "Change since previous"])
        assert cards.loc[code, "Previous"] == staff.loc[code, "Previous"]
    assert cards.loc["enterprises_trained", "Value"] == staff.loc["enterprises_trained", "Value"]
