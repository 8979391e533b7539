"""Half-year reporting periods under two conventions.

A period's code is always `YYYY-Hn`, where YYYY is the year in which the half-year's
twelve-month cycle starts: under the calendar convention `2014-H1` is January to June 2014;
under the Indian fiscal convention `2014-H1` is April to September 2014 (fiscal year
2014-15) and `2014-H2` is October 2014 to March 2015. Codes sort chronologically as text.
Labels follow the convention: `2014-H1` or `FY2014-15 H1`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Convention = Literal["calendar", "fiscal"]

_CODE = re.compile(r"^(\d{4})-H([12])$")
_FISCAL_LABEL = re.compile(r"^FY(\d{4})-(\d{2}) H([12])$")


class PeriodError(ValueError):
    """A period code, label or date that cannot be turned into a half-year."""


@dataclass(frozen=True, order=True)
class Period:
    """One half-year. Ordered chronologically (year, then half)."""

    year: int
    half: int

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise PeriodError(f"half must be 1 or 2, got {self.half}")
        if not 1900 <= self.year <= 2999:
            raise PeriodError(f"year out of range: {self.year}")

    @property
    def code(self) -> str:
        return f"{self.year}-H{self.half}"

    def start(self, convention: Convention) -> date:
        first_month = 1 if convention == "calendar" else 4
        month = first_month + (self.half - 1) * 6
        year = self.year + (month - 1) // 12
        return date(year, (month - 1) % 12 + 1, 1)

    def end(self, convention: Convention) -> date:
        return self.next().start(convention) - timedelta(days=1)

    def label(self, convention: Convention) -> str:
        if convention == "calendar":
            return self.code
        return f"FY{self.year}-{(self.year + 1) % 100:02d} H{self.half}"

    def next(self) -> Period:
        return Period(self.year + self.half - 1, 2 if self.half == 1 else 1)

    def previous(self) -> Period:
        return Period(self.year - (2 - self.half), 1 if self.half == 2 else 2)

    def year_earlier(self) -> Period:
        """The same half-year one year before."""
        return Period(self.year - 1, self.half)

    def contains(self, day: date, convention: Convention) -> bool:
        return self.start(convention) <= day <= self.end(convention)


def parse_period(text: str) -> Period:
    """Parse a code (`2014-H1`) or a fiscal label (`FY2014-15 H1`)."""
    text = text.strip()
    match = _CODE.match(text)
    if match:
        return Period(int(match.group(1)), int(match.group(2)))
    match = _FISCAL_LABEL.match(text)
    if match:
        year = int(match.group(1))
        if (year + 1) % 100 != int(match.group(2)):
            raise PeriodError(f"fiscal years must be consecutive: {text!r}")
        return Period(year, int(match.group(3)))
    raise PeriodError(f"not a half-year code like 2014-H1 or FY2014-15 H1: {text!r}")


def period_of(day: date, convention: Convention) -> Period:
    """The half-year that contains a date."""
    if convention == "calendar":
        return Period(day.year, 1 if day.month <= 6 else 2)
    # Fiscal: April-September is H1 of the year starting in April, October-March is H2.
    fiscal_year = day.year if day.month >= 4 else day.year - 1
    half = 1 if 4 <= day.month <= 9 else 2
    return Period(fiscal_year, half)


def period_range(first: Period, last: Period) -> list[Period]:
    """Every half-year from first to last, both included (empty if last < first)."""
    periods = []
    current = first
    while current <= last:
        periods.append(current)
        current = current.next()
    return periods


def label(code: str, convention: Convention) -> str:
    """Label of a period code under a convention (`2014-H1` -> `FY2014-15 H1`)."""
    return parse_period(code).label(convention)
