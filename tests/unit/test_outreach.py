"""Partners & outreach metrics (objectives 1-3) on hand-made frames and the demo data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from score_dash.core.filters import Filters, apply_filters, build_options, resolve_periods
from score_dash.metrics import indicators, logframe, partners

END = pd.Timestamp("2015-12-31")


def _partners() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "partner": ["A1", "A2", "E1", "T1", "T2"],
            "name": ["Assoc 1", "Assoc 2", "Employers", "Institute", "Late institute"],
            "type": [
                "industry association",
                "industry association",
                "employers' organisation",
                "training institution",
                "training institution",
            ],
            "state": ["IN-HR", "IN-TN", "IN-DL", "IN-DL", "IN-TN"],
            "mou_date": pd.to_datetime(
                ["2014-01-01", None, "2015-06-01", "2013-01-01", "2016-03-01"]
            ),
            "embeds_score": [True, True, False, True, True],
        }
    )


def _activities() -> pd.DataFrame:
    rows = [
        ("labour inspector training", "2015-03-01", "IN-HR", 2, 8),
        ("labour inspector training", "2016-03-01", "IN-HR", 5, 5),  # after END
        ("media item", "2015-09-01", "IN-TN", 0, 0),
        ("promotion event", "2015-10-01", "IN-HR", 3, 30),
        ("case study", "2015-11-01", "IN-TN", 0, 0),
    ]
    frame = pd.DataFrame(
        rows, columns=["type", "activity_date", "state", "participants_female", "participants_male"]
    )
    frame["activity_date"] = pd.to_datetime(frame["activity_date"])
    frame["activity"] = [f"A{i}" for i in range(len(frame))]
    frame["partner"] = "A1"
    frame["reach"] = 100
    return frame


# The last days of three half-years (the calendar convention), the last of them 2016-H1.
ENDS = [pd.Timestamp("2015-06-30"), END, pd.Timestamp("2016-06-30")]


def actuals(frames, code: str) -> list[float]:
    """An indicator's actual at each of ENDS, as the progress chart asks for it, and each
    one again asked for alone, as the status table does: they must agree."""
    together = logframe.compute_actuals(frames, code, ENDS)
    alone = [logframe.compute_actual(frames, code, end) for end in ENDS]
    assert together == alone, code
    return together


def test_objective_counts_cumulative_to_the_end_of_each_half_year() -> None:
    frames = {"partners": _partners(), "activities": _activities()}
    # MoUs of associations: A1 2014-01-01, E1 2015-06-01; A2 has none (a training
    # institution's does not count).
    assert actuals(frames, "associations_mou") == [2, 2, 2]
    # Embedding SCORE with an MoU: T1 2013-01-01, A1 2014-01-01, T2 2016-03-01 (E1 does not
    # embed; A2 has no MoU).
    assert actuals(frames, "institutions_embedding") == [2, 2, 3]
    # Inspector trainings: 2 + 8 on 2015-03-01, 5 + 5 on 2016-03-01.
    assert actuals(frames, "inspectors_trained") == [10, 10, 20]
    assert actuals(frames, "media_items") == [0, 1, 1]  # 2015-09-01
    assert actuals(frames, "promotion_events") == [0, 1, 1]  # 2015-10-01


def test_a_count_takes_a_date_on_the_last_day_and_never_a_missing_date() -> None:
    activities = _activities()
    activities.loc[2, "activity_date"] = pd.Timestamp("2015-06-30")  # the media item
    activities.loc[3, "activity_date"] = pd.NaT  # the promotion event
    activities.loc[1, ["participants_female"]] = None  # 5 men on 2016-03-01 still count
    frames = {"partners": _partners(), "activities": activities}
    assert actuals(frames, "media_items") == [1, 1, 1]
    assert actuals(frames, "promotion_events") == [0, 0, 0]
    assert actuals(frames, "inspectors_trained") == [10, 10, 15]


def test_enterprises_via_associations_counts_joined_by_the_end() -> None:
    enterprises = pd.DataFrame(
        {
            "enterprise": ["E1", "E2", "E3", "E4"],
            "association": ["A1", None, "A1", "A2"],
            "joined_date": pd.to_datetime(["2015-01-01", "2015-01-01", "2016-01-01", None]),
        }
    )
    assert actuals({"enterprises": enterprises}, "enterprises_via_associations") == [1, 1, 2]


def test_enterprises_trained_counts_each_from_its_first_workshop() -> None:
    enrolments = pd.DataFrame(
        {
            "enterprise": ["E1", "E1", "E2", "E3", "E4"],
            "classroom_date": pd.to_datetime(
                ["2015-12-01", "2015-03-01", "2016-02-01", None, "2015-06-30"]
            ),
        }
    )
    # E1 from 2015-03-01 (its second module's workshop is later), E4 from the last day of
    # 2015-H1, E2 from 2016-02-01; E3 has had none.
    assert actuals({"enrolments": enrolments}, "enterprises_trained") == [2, 2, 3]


def test_cost_share_is_the_mean_over_enrolments_started_in_the_half_year() -> None:
    enrolments = pd.DataFrame(
        {
            "enterprise": ["E1", "E2", "E1", "E3"],
            "enrolled_date": pd.to_datetime(["2015-07-01", "2015-12-31", "2015-06-30", None]),
            "cost_share_non_ilo_pct": [30.0, 50.0, 90.0, 10.0],
        }
    )
    assert indicators.half_year_start(END) == pd.Timestamp("2015-07-01")
    frames = {"enrolments": enrolments}
    shares = actuals(frames, "cost_share_non_ilo")
    assert shares[:2] == [90.0, 40.0]  # (30 + 50) / 2 in 2015-H2
    assert math.isnan(shares[2])  # none started in 2016-H1
    behind = logframe.compute_actual_enterprises_over(frames, "cost_share_non_ilo", ENDS)
    assert behind == [1, 2, 0]
    empty = {"enrolments": enrolments.iloc[0:0]}
    assert all(math.isnan(share) for share in actuals(empty, "cost_share_non_ilo"))


def test_half_year_start_under_both_conventions() -> None:
    assert indicators.half_year_start(pd.Timestamp("2015-06-30")) == pd.Timestamp("2015-01-01")
    assert indicators.half_year_start(pd.Timestamp("2015-09-30")) == pd.Timestamp("2015-04-01")
    assert indicators.half_year_start(pd.Timestamp("2016-03-31")) == pd.Timestamp("2015-10-01")


@pytest.fixture(scope="module")
def options(loaded_frames):
    return build_options(loaded_frames)


def counted_by_definition(frames, end: pd.Timestamp) -> dict[str, int]:
    """The objectives' indicators counted here from the raw frames, by their written
    definitions (score_dash/core/dictionary.py INDICATORS), cumulative to `end`."""
    partners, activities = frames["partners"], frames["activities"]
    enterprises, trainers = frames["enterprises"], frames["trainers"]
    held = activities[activities["activity_date"] <= end]
    inspectors = held[held["type"] == "labour inspector training"]
    return {
        "Associations with an MoU": int(
            (
                partners["type"].isin(["industry association", "employers' organisation"])
                & (partners["mou_date"] <= end)
            ).sum()
        ),
        "Enterprises recruited by associations": int(
            (enterprises["association"].notna() & (enterprises["joined_date"] <= end)).sum()
        ),
        "Promotion events": int((held["type"] == "promotion event").sum()),
        "Labour inspectors trained": int(
            inspectors["participants_female"].sum() + inspectors["participants_male"].sum()
        ),
        "Media items": int((held["type"] == "media item").sum()),
        "Certified trainers": int(
            (
                trainers["level"].isin(["certified", "expert"]) & (trainers["level_date"] <= end)
            ).sum()
        ),
    }


@pytest.mark.parametrize("period", ["2014-H1", "2017-H2"])
def test_report_tables_count_the_logframe_indicators_by_their_definitions(
    loaded_frames, options, period: str
) -> None:
    periods = resolve_periods(Filters(period=period), options, loaded_frames["periods"])
    expected = counted_by_definition(loaded_frames, periods.end)
    assert all(value > 0 for value in expected.values()), expected
    report = partners.build_report(loaded_frames, periods, options)
    status = report.table("Objectives against targets").set_index("Indicator")
    assert set(status["Objective"]) == {"1 Associations", "2 Service providers", "3 Dissemination"}
    by_state = report.table("By state")
    associations = report.table("Associations")
    # The trend range runs from the first half-year, so its rows up to the review add up.
    dissemination = report.table("Dissemination")
    assert len(dissemination) == len(periods.trend)
    upto_review = dissemination[dissemination["Half-year"] <= period]
    levels = report.table("Trainers by level").set_index("Level")
    shown = {
        "Associations with an MoU": [by_state["Associations with an MoU"].sum()],
        "Enterprises recruited by associations": [
            by_state["Enterprises recruited by associations"].sum(),
            associations["Enterprises recruited"].sum(),
        ],
        "Promotion events": [
            by_state["Promotion events"].sum(),
            associations["Promotion events"].sum(),
            upto_review["Promotion events"].sum(),
        ],
        "Labour inspectors trained": [
            by_state["Labour inspectors trained: women"].sum()
            + by_state["Labour inspectors trained: men"].sum(),
            upto_review["Inspectors trained: women"].sum()
            + upto_review["Inspectors trained: men"].sum(),
        ],
        "Media items": [by_state["Media items"].sum(), upto_review["Media items"].sum()],
        "Certified trainers": [
            levels.loc[["Certified", "Expert"], "Total"].sum(),
            report.table("Service providers")["Certified trainers"].sum(),
        ],
    }
    for indicator, value in expected.items():
        assert status.loc[indicator, "Actual"] == value, indicator
        assert [int(v) for v in shown[indicator]] == [value] * len(shown[indicator]), indicator


def test_filtered_report_is_not_assessed_and_smaller(loaded_frames, options) -> None:
    filters = Filters(states=("IN-HR",))
    periods = resolve_periods(filters, options, loaded_frames["periods"])
    frames = apply_filters(loaded_frames, filters)
    report = partners.build_report(frames, periods, options, scope="selection")
    status = report.table("Objectives against targets")
    assert set(status["Status"]) == {"– Not assessed"}
    by_state = report.table("By state").set_index("State")
    assert "Haryana" in by_state.index
    # Partners elsewhere that work with Haryana enterprises may appear; activities may not.
    others = by_state.drop(index="Haryana")
    assert (others[["Media items", "Promotion events", "People reached"]] == 0).all().all()
