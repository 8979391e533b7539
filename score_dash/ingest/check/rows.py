"""Rules within the file: each record and each sheet, without the database."""

from __future__ import annotations

from datetime import date
from typing import Any

from score_dash.dictionary import STAGES, TABLES_BY_NAME
from score_dash.ingest.parse import SheetData, natural_key
from score_dash.ingest.report import Problem, Severity, shown
from score_dash.periods import PeriodError, parse_period

STAGE_COLUMNS = tuple(f"{s}_date" for s in STAGES)
NOT_IN_FUTURE: dict[str, tuple[str, ...]] = {
    "enrolments": (*STAGE_COLUMNS, "dropped_date"),
    "enterprises": ("joined_date",),
    "kpi_observations": ("reported_date",),
    "activities": ("activity_date",),
}


def check_rows(sheet: SheetData, today: date, problems: list[Problem]) -> None:
    """Rules within one sheet: duplicate keys, totals, stage order, future dates, ranges."""
    table = TABLES_BY_NAME[sheet.table]
    seen: dict[tuple[str, ...], int] = {}
    future = NOT_IN_FUTURE.get(table.name, ())
    for record, number in zip(sheet.records, sheet.rows, strict=True):

        def add(column: str, value: Any, message: str, severity: Severity = "error") -> None:
            problems.append(Problem(sheet.sheet, number, column, value, message, severity))  # noqa: B023

        key = natural_key(table, record)
        if key is not None:
            if key in seen:
                described = ", ".join(f"{k} {v}" for k, v in zip(table.key, key, strict=True))
                add(
                    table.key[-1], key[-1], f"Duplicate row ({described}): same as row {seen[key]}."
                )
            else:
                seen[key] = number
        for column in future:
            value = record.get(column)
            if value is not None and value > today:
                add(column, shown(value), f"The date {shown(value)} is in the future.")
        if table.name == "workforce":
            total, female, male = record.get("total"), record.get("female"), record.get("male")
            if total is not None:
                for column, count, who in (("female", female, "Women"), ("male", male, "Men")):
                    if count is not None and count > total:
                        add(column, count, f"{who} ({count}) are more than the total ({total}).")
                if (
                    female is not None
                    and male is not None
                    and female <= total
                    and male <= total
                    and female + male > total
                ):
                    add(
                        "male",
                        male,
                        f"Women ({female}) and men ({male}) add up to more than the total "
                        f"({total}).",
                    )
        elif table.name == "enrolments":
            previous: tuple[str, date] | None = None
            for column in STAGE_COLUMNS:
                value = record.get(column)
                if value is None:
                    continue
                if previous is not None and value < previous[1]:
                    add(
                        column,
                        shown(value),
                        f"{column} {shown(value)} is before {previous[0]} {shown(previous[1])}: "
                        "the stages must be in order.",
                    )
                previous = (column, value)
            enrolled, dropped = record.get("enrolled_date"), record.get("dropped_date")
            if dropped is not None and enrolled is not None and dropped < enrolled:
                add(
                    "dropped_date",
                    shown(dropped),
                    f"dropped_date {shown(dropped)} is before enrolled_date {shown(enrolled)}.",
                )
            if dropped is not None and record.get("completed_date") is not None:
                add(
                    "dropped_date",
                    shown(dropped),
                    "An enrolment cannot be both completed and dropped: clear one of the dates.",
                )
        elif table.name == "periods":
            code = record.get("period")
            if code is not None:
                try:
                    parse_period(code)
                except PeriodError:
                    add("period", code, f'"{code}" is not a half-year code like 2014-H1.')
            start, end = record.get("start_date"), record.get("end_date")
            if start is not None and end is not None and end < start:
                add(
                    "end_date",
                    shown(end),
                    f"end_date {shown(end)} is before start_date {shown(start)}.",
                )
        elif table.name == "kpi_definitions":
            low, high = record.get("plausible_min"), record.get("plausible_max")
            if low is not None and high is not None and high < low:
                add(
                    "plausible_max",
                    high,
                    f"plausible_max {shown(high)} is below plausible_min {shown(low)}.",
                )
