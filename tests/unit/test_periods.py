"""Half-year periods under the calendar and Indian fiscal conventions."""

from datetime import date

import pytest

from score_dash.core.periods import (
    Period,
    PeriodError,
    label,
    parse_period,
    period_of,
    period_range,
)


@pytest.mark.parametrize(
    ("day", "convention", "code"),
    [
        (date(2014, 1, 1), "calendar", "2014-H1"),
        (date(2014, 6, 30), "calendar", "2014-H1"),
        (date(2014, 7, 1), "calendar", "2014-H2"),
        (date(2014, 12, 31), "calendar", "2014-H2"),
        (date(2014, 3, 31), "fiscal", "2013-H2"),
        (date(2014, 4, 1), "fiscal", "2014-H1"),
        (date(2014, 9, 30), "fiscal", "2014-H1"),
        (date(2014, 10, 1), "fiscal", "2014-H2"),
        (date(2015, 3, 31), "fiscal", "2014-H2"),
    ],
)
def test_period_of_a_date_respects_the_convention_boundaries(day, convention, code):
    assert period_of(day, convention).code == code


@pytest.mark.parametrize(
    ("code", "convention", "start", "end", "text"),
    [
        ("2014-H1", "calendar", date(2014, 1, 1), date(2014, 6, 30), "2014-H1"),
        ("2014-H2", "calendar", date(2014, 7, 1), date(2014, 12, 31), "2014-H2"),
        ("2014-H1", "fiscal", date(2014, 4, 1), date(2014, 9, 30), "FY2014-15 H1"),
        ("2014-H2", "fiscal", date(2014, 10, 1), date(2015, 3, 31), "FY2014-15 H2"),
        ("1999-H2", "fiscal", date(1999, 10, 1), date(2000, 3, 31), "FY1999-00 H2"),
    ],
)
def test_start_end_and_label_follow_the_convention(code, convention, start, end, text):
    period = parse_period(code)
    assert period.start(convention) == start
    assert period.end(convention) == end
    assert period.label(convention) == text
    assert label(code, convention) == text


def test_previous_next_and_year_earlier():
    p = Period(2015, 1)
    assert p.previous() == Period(2014, 2)
    assert p.next() == Period(2015, 2)
    assert Period(2015, 2).next() == Period(2016, 1)
    assert p.year_earlier() == Period(2014, 1)
    assert p.next().previous() == p


def test_fiscal_label_parses_back_to_the_same_period():
    assert parse_period("FY2014-15 H2") == Period(2014, 2)
    with pytest.raises(PeriodError):
        parse_period("FY2014-16 H1")


@pytest.mark.parametrize("text", ["2014-H3", "2014H1", "", "FY14-15 H1", "abcd-H1", "2014-h1"])
def test_malformed_codes_are_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_codes_sort_chronologically_as_text_and_ranges_are_inclusive():
    periods = period_range(Period(2011, 1), Period(2017, 2))
    assert len(periods) == 14
    codes = [p.code for p in periods]
    assert codes == sorted(codes)
    assert period_range(Period(2015, 1), Period(2014, 2)) == []


def test_every_day_of_a_year_falls_in_exactly_one_period_per_convention():
    day = date(2016, 1, 1)
    for convention in ("calendar", "fiscal"):
        while day.year == 2016:
            period = period_of(day, convention)
            assert period.contains(day, convention)
            assert not period.next().contains(day, convention)
            day = date.fromordinal(day.toordinal() + 1)
        day = date(2016, 1, 1)
