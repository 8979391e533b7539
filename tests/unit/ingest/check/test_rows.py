"""The rules within the file as one table of cases: a record in, its refusals out."""

from __future__ import annotations

from datetime import date

import pytest

from score_dash.ingest.check.rows import (
    RecordRule,
    rule_dropped_after_enrolled,
    rule_not_completed_and_dropped,
    rule_not_in_future,
    rule_period_code,
    rule_period_ends_after_start,
    rule_plausible_range_in_order,
    rule_stage_dates_in_order,
    rule_women_and_men_each_within_total,
    rule_women_plus_men_within_total,
    validate_sheet,
)
from score_dash.ingest.parse import SheetData
from tests.unit.bad_files import WORKFORCE, workforce_row

TODAY = date(2020, 6, 1)
D = date

CASES = [
    pytest.param(
        rule_not_in_future("joined_date"),
        {"joined_date": D(2020, 6, 2)},
        [("joined_date", "2020-06-02", "The date 2020-06-02 is in the future.")],
        id="a date after today",
    ),
    pytest.param(
        rule_not_in_future("joined_date"), {"joined_date": TODAY}, [], id="today is not the future"
    ),
    pytest.param(
        rule_women_and_men_each_within_total,
        {"total": 10, "female": 11, "male": 12},
        [
            ("female", 11, "Women (11) are more than the total (10)."),
            ("male", 12, "Men (12) are more than the total (10)."),
        ],
        id="women and men each above the total",
    ),
    pytest.param(
        rule_women_and_men_each_within_total,
        {"total": None, "female": 11, "male": 12},
        [],
        id="no total, nothing to compare",
    ),
    pytest.param(
        rule_women_plus_men_within_total,
        {"total": 10, "female": 6, "male": 5},
        [("male", 5, "Women (6) and men (5) add up to more than the total (10).")],
        id="women plus men above the total",
    ),
    pytest.param(
        rule_women_plus_men_within_total,
        {"total": 10, "female": 11, "male": 0},
        [],
        id="one alone above the total is the other rule's",
    ),
    pytest.param(
        rule_women_plus_men_within_total,
        {"total": 10, "female": 5, "male": 5},
        [],
        id="women plus men equal to the total",
    ),
    pytest.param(
        rule_stage_dates_in_order,
        {"enrolled_date": D(2016, 1, 10), "baseline_date": None, "classroom_date": D(2016, 1, 5)},
        [
            (
                "classroom_date",
                "2016-01-05",
                "classroom_date 2016-01-05 is before enrolled_date 2016-01-10: the stages must "
                "be in order.",
            )
        ],
        id="a stage before the last stage with a date",
    ),
    pytest.param(
        rule_dropped_after_enrolled,
        {"enrolled_date": D(2016, 1, 10), "dropped_date": D(2016, 1, 9)},
        [
            (
                "dropped_date",
                "2016-01-09",
                "dropped_date 2016-01-09 is before enrolled_date 2016-01-10.",
            )
        ],
        id="dropped before enrolled",
    ),
    pytest.param(
        rule_dropped_after_enrolled,
        {"enrolled_date": D(2016, 1, 10), "dropped_date": D(2016, 1, 10)},
        [],
        id="dropped the day of enrolment",
    ),
    pytest.param(
        rule_not_completed_and_dropped,
        {"completed_date": D(2016, 5, 1), "dropped_date": D(2016, 6, 1)},
        [
            (
                "dropped_date",
                "2016-06-01",
                "An enrolment cannot be both completed and dropped: clear one of the dates.",
            )
        ],
        id="completed and dropped",
    ),
    pytest.param(
        rule_period_code,
        {"period": "2016-H3"},
        [("period", "2016-H3", '"2016-H3" is not a half-year code like 2014-H1.')],
        id="not a half-year code",
    ),
    pytest.param(rule_period_code, {"period": "2016-H2"}, [], id="a half-year code"),
    pytest.param(
        rule_period_ends_after_start,
        {"start_date": D(2016, 7, 1), "end_date": D(2016, 6, 30)},
        [("end_date", "2016-06-30", "end_date 2016-06-30 is before start_date 2016-07-01.")],
        id="a period ending before it starts",
    ),
    pytest.param(
        rule_plausible_range_in_order,
        {"plausible_min": 10.0, "plausible_max": 5.0},
        [("plausible_max", 5.0, "plausible_max 5 is below plausible_min 10.")],
        id="plausible maximum below the minimum",
    ),
]


@pytest.mark.parametrize(("rule", "record", "expected"), CASES)
def test_record_rule_refuses_what_it_says(
    rule: RecordRule, record: dict[str, object], expected: list[tuple[str, object, str]]
) -> None:
    assert [(f.column, f.value, f.message) for f in rule(record, TODAY)] == expected


def test_a_duplicate_key_comes_first_in_its_row_and_names_the_earlier_row() -> None:
    first = dict(zip(WORKFORCE, workforce_row(), strict=True))
    again = dict(zip(WORKFORCE, workforce_row(female=30), strict=True))
    sheet = SheetData("workforce", "Workforce", WORKFORCE, [first, again], [2, 5])
    assert [(p.sheet, p.row, p.column, p.message) for p in validate_sheet(sheet, TODAY)] == [
        (
            "Workforce",
            5,
            "employment",
            "Duplicate row (enterprise E00001, period 2017-H2, role worker, employment "
            "permanent): same as row 2.",
        ),
        ("Workforce", 5, "female", "Women (30) are more than the total (25)."),
    ]
