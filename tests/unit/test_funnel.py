"""Module funnels on small hand-made enrolments with known answers, and demo invariants."""

from __future__ import annotations

import pandas as pd
import pytest

from score_dash.core import filters
from score_dash.core.dictionary import STAGE_LABELS, STAGES
from score_dash.metrics import modules

END = pd.Timestamp("2015-12-31")
COLUMNS = [f"{s}_date" for s in STAGES] + ["dropped_date"]


def enrolment(
    enterprise: str,
    module: str,
    *dates: str | None,
    dropped: str | None = None,
    trainer: str | None = "T1",
) -> dict[str, object]:
    row: dict[str, object] = {"enterprise": enterprise, "module": module, "trainer": trainer}
    padded = list(dates) + [None] * (len(STAGES) - len(dates))
    for stage, day in zip(STAGES, padded, strict=True):
        row[f"{stage}_date"] = pd.Timestamp(day) if day else pd.NaT
    row["dropped_date"] = pd.Timestamp(dropped) if dropped else pd.NaT
    return row


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    table = pd.DataFrame(list(rows))
    for column in COLUMNS:
        table[column] = pd.to_datetime(table[column])
    return table


FULL = (
    "2015-01-05",
    "2015-01-20",
    "2015-02-10",
    "2015-03-10",
    "2015-04-10",
    "2015-05-10",
    "2015-06-01",
)
OPTIONS = filters.Options(
    periods={"2015-H1": "2015-H1", "2015-H2": "2015-H2"},
    states={},
    clusters={},
    cluster_states={},
    sectors={},
    modules={"M1": "M1 Workplace Cooperation", "M2": "M2 Quality"},
    partners={"P1": "Partner one"},
    size_bands={},
)


def test_status_completed_dropped_and_in_progress_are_told_apart() -> None:
    rows = frame(
        enrolment("E1", "M1", *FULL),
        enrolment("E2", "M1", "2015-01-05", "2015-01-20", dropped="2015-03-01"),
        enrolment("E3", "M1", "2015-11-01", "2015-11-20"),
    )
    status = modules.compute_enrolment_status(rows, END).set_index("enterprise")["status"]
    assert status.to_dict() == {"E1": "Completed", "E2": "Dropped", "E3": "In progress"}


def test_state_is_as_at_the_end_of_the_review_period() -> None:
    rows = frame(
        enrolment("E1", "M1", "2015-01-05", "2015-01-20", "2016-02-01", "2016-03-01"),
        enrolment("E2", "M1", "2015-01-05", dropped="2016-01-15"),  # dropped after the end
        enrolment("E3", "M1", "2016-01-05"),  # enrolled after the end: not counted
    )
    status = modules.compute_enrolment_status(rows, END)
    assert list(status["enterprise"]) == ["E1", "E2"]
    assert list(status["furthest"]) == [1, 0]  # baseline, enrolled
    assert list(status["status"]) == ["In progress", "In progress"]


def test_a_later_stage_implies_the_earlier_ones() -> None:
    # Classroom date set but baseline date missing: baseline counts as reached.
    rows = frame(enrolment("E1", "M1", "2015-01-05", None, "2015-02-10"))
    status = modules.compute_enrolment_status(rows, END)
    assert bool(status["reached_baseline"].iloc[0]) and bool(status["reached_classroom"].iloc[0])
    assert not bool(status["reached_visit1"].iloc[0])


def test_funnel_stages_are_in_order_with_counts_shares_and_drop_off() -> None:
    rows = frame(
        enrolment("E1", "M1", *FULL),
        enrolment("E2", "M1", *FULL[:3], dropped="2015-03-01"),
        enrolment("E3", "M1", *FULL[:2]),
        enrolment("E4", "M1", FULL[0]),
    )
    table = modules.compute_funnel(modules.compute_enrolment_status(rows, END), OPTIONS, small_n=5)
    assert list(table["Stage"]) == [STAGE_LABELS[s] for s in STAGES]
    assert list(table["Enterprises"]) == [4, 3, 2, 1, 1, 1, 1]
    assert list(table["Of enrolled (%)"]) == [100.0, 75.0, 50.0, 25.0, 25.0, 25.0, 25.0]
    assert list(table["Lost since previous step"]) == [0, 1, 1, 1, 0, 0, 0]
    assert table["Step drop-off (%)"].iloc[2] == pytest.approx(33.3)
    assert set(table["Note"]) == {"small group"}  # 4 enterprises < 5


def test_cohorts_group_by_enrolment_half_year_and_keep_in_progress_apart() -> None:
    rows = frame(
        enrolment("E1", "M1", *FULL),
        enrolment("E2", "M1", "2015-02-01", dropped="2015-03-01"),
        enrolment("E3", "M1", "2015-08-01", "2015-08-20"),
        enrolment("E4", "M1", "2015-09-01"),
    )
    periods_frame = pd.DataFrame(
        {
            "period": ["2015-H1", "2015-H2"],
            "start_date": pd.to_datetime(["2015-01-01", "2015-07-01"]),
            "end_date": pd.to_datetime(["2015-06-30", "2015-12-31"]),
        }
    )
    periods = filters.ResolvedPeriods(
        "2015-H2",
        "2015-H1",
        None,
        ("2015-H1", "2015-H2"),
        pd.Timestamp("2015-07-01"),
        END,
        labels={"2015-H1": "2015-H1", "2015-H2": "2015-H2"},
    )
    table = modules.compute_cohorts(
        modules.compute_enrolment_status(rows, END), periods_frame, periods, small_n=2
    )
    assert list(table["Cohort (enrolled in)"]) == ["2015-H1", "2015-H2"]
    assert list(table["Completed"]) == [1, 0]
    assert list(table["Dropped"]) == [1, 0]
    assert list(table["In progress"]) == [0, 2]
    assert list(table["In progress (%)"]) == [0.0, 100.0]


def test_cohort_outside_the_periods_table_uses_the_convention() -> None:
    empty = pd.DataFrame(
        {"period": [], "start_date": pd.to_datetime([]), "end_date": pd.to_datetime([])}
    )
    assert modules.cohort_code(pd.Timestamp("2015-05-01"), empty, "fiscal") == "2015-H1"
    assert modules.cohort_code(pd.Timestamp("2015-02-01"), empty, "fiscal") == "2014-H2"


def test_cohorts_of_many_days_are_each_days_own_cohort(loaded_frames) -> None:
    days = loaded_frames["enrolments"]["enrolled_date"].dropna().dt.normalize()
    days = pd.concat([days, pd.Series(pd.to_datetime(["2040-02-01", "2040-02-01"]))])
    periods = loaded_frames["periods"]
    expected = [modules.cohort_code(day, periods, "fiscal") for day in days]
    assert modules.cohort_codes(days, periods, "fiscal").tolist() == expected
    assert expected[-1] == "2039-H2"  # outside the periods table: from the convention


def test_breakdown_completion_rate_leaves_in_progress_out() -> None:
    rows = frame(
        enrolment("E1", "M1", *FULL),
        enrolment("E2", "M1", FULL[0], dropped="2015-03-01"),
        enrolment("E3", "M1", FULL[0]),
    )
    status = modules.compute_enrolment_status(rows, END)
    table = modules.compute_breakdown(status, pd.Series("A", index=status.index), "Cluster")
    row = table.iloc[0]
    assert (row["Completed"], row["Dropped"], row["In progress"]) == (1, 1, 1)
    assert row["Completion rate (%)"] == 50.0
    assert row["Completed of enrolled (%)"] == pytest.approx(33.3)


def test_stage_days_are_medians_of_consecutive_dates() -> None:
    rows = frame(
        enrolment("E1", "M1", "2015-01-01", "2015-01-11"),
        enrolment("E2", "M1", "2015-01-01", "2015-01-21"),
        enrolment("E3", "M1", "2015-01-01", "2016-01-21"),  # after the end: left out
    )
    table = modules.compute_stage_days(modules.compute_enrolment_status(rows, END), END, OPTIONS)
    first = table.iloc[0]
    assert first["Step"] == "Enrolled → Baseline done"
    assert (first["Median days"], first["Enterprises"]) == (15.0, 2)


def test_modules_per_enterprise_and_beyond_first_module() -> None:
    rows = frame(
        enrolment("E1", "M1", FULL[0]),
        enrolment("E1", "M2", FULL[0]),
        enrolment("E2", "M1", FULL[0]),
    )
    status = modules.compute_enrolment_status(rows, END)
    table = modules.compute_modules_per_enterprise(status)
    assert list(table["Enterprises"]) == [1, 1, 0, 0, 0]
    assert modules.compute_beyond_first(status) == (1, 2)


def test_participants_count_only_enrolments_with_a_classroom() -> None:
    rows = frame(enrolment("E1", "M1", *FULL[:3]), enrolment("E2", "M1", FULL[0]))
    participation = pd.DataFrame(
        {
            "enterprise": ["E1", "E1", "E2"],
            "module": ["M1"] * 3,
            "role": ["manager", "worker", "worker"],
            "female": [1, 4, 9],
            "male": [3, 4, 9],
        }
    )
    table = modules.compute_participants(
        participation, modules.compute_enrolment_status(rows, END), OPTIONS
    )
    assert list(table["Role"]) == ["Managers", "Workers"]
    assert list(table["Women"]) == [1, 4]
    assert list(table["Women's share (%)"]) == [25.0, 50.0]


def test_demo_funnels_narrow_and_statuses_add_up(demo_frames: dict[str, pd.DataFrame]) -> None:
    options = filters.build_options(demo_frames)
    periods = filters.resolve_periods(
        filters.Filters(period="2015-H2"), options, demo_frames["periods"]
    )
    report = modules.build_report(demo_frames, periods, options, small_n=5)
    table = report.table(modules.TITLE_FUNNEL)
    for _, module in table.groupby("Module"):
        assert module["Enterprises"].is_monotonic_decreasing
    cohorts = report.table(modules.TITLE_COHORTS)
    assert (
        cohorts[["Completed", "In progress", "Dropped"]].sum(axis=1) == cohorts["Enrolments"]
    ).all()
    assert cohorts["Enrolments"].sum() == table.loc[table["Step"] == 1, "Enterprises"].sum()
    # the latest cohort is mostly still in progress, not dropped
    last = cohorts.iloc[-1]
    assert last["In progress"] > last["Dropped"]
