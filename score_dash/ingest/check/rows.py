"""Rules within the file: each record on its own, and the records of one sheet together.

A record rule receives one record (column -> typed value) and today's date, and yields a
`Finding` for each thing it refuses. `RECORD_RULES` lists the rules of each table, in the
order their problems are listed for a row. `rule_unique_key` looks at a whole sheet. None of
these reads the database: that is `check.database`, run after them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from score_dash.core.dictionary import STAGES, TABLES_BY_NAME, Table
from score_dash.core.formats import fmt_count
from score_dash.core.i18n import N_, t
from score_dash.core.periods import PeriodError, parse_period
from score_dash.ingest.parse import ParsedUpload, SheetData, natural_key
from score_dash.ingest.report import Problem, shown
from score_dash.store import db

STAGE_COLUMNS = tuple(f"{s}_date" for s in STAGES)


@dataclass(frozen=True)
class Finding:
    """What a rule refuses in a row: the column, the value as the report shows it, why."""

    column: str
    value: object
    message: str


Record = Mapping[str, Any]
RecordRule = Callable[[Record, date], Iterator[Finding]]


def validate_rows(parsed: ParsedUpload, today: date) -> list[Problem]:
    """Every problem the rules within the file find, sheet by sheet and row by row."""
    return [problem for sheet in parsed.sheets.values() for problem in validate_sheet(sheet, today)]


def validate_sheet(sheet: SheetData, today: date) -> list[Problem]:
    """Every problem the rules find in one sheet: per row, a duplicate key first, then a
    repeated unique value, then what the database could not store, then the table's rules."""
    table = TABLES_BY_NAME[sheet.table]
    duplicates = rule_unique_key(table, sheet)
    repeated = rule_unique_values(table, sheet)
    rules = (rule_text_fits(sheet.table), *RECORD_RULES.get(sheet.table, ()))
    problems: list[Problem] = []
    for record, number in zip(sheet.records, sheet.rows, strict=True):
        findings = [duplicates[number]] if number in duplicates else []
        findings += repeated.get(number, [])
        findings += [finding for rule in rules for finding in rule(record, today)]
        problems += [Problem(sheet.sheet, number, f.column, f.value, f.message) for f in findings]
    return problems


def rule_unique_key(table: Table, sheet: SheetData) -> dict[int, Finding]:
    """Refuses a row with the natural key of an earlier row: both would be the same row.

    Returns the finding by Excel row number; the message names the earlier row.
    """
    seen: dict[tuple[str, ...], int] = {}
    found: dict[int, Finding] = {}
    for record, number in zip(sheet.records, sheet.rows, strict=True):
        key = natural_key(table, record)
        if key is None:
            continue  # a key column is empty: the cell check has said so already
        if key not in seen:
            seen[key] = number
            continue
        described = ", ".join(f"{k} {v}" for k, v in zip(table.key, key, strict=True))
        message = t("Duplicate row ({key}): same as row {row}.").format(
            key=described, row=seen[key]
        )
        found[number] = Finding(table.key[-1], key[-1], message)
    return found


def rule_unique_values(table: Table, sheet: SheetData) -> dict[int, list[Finding]]:
    """Refuses a row that repeats an earlier row's value in a column the database keeps
    unique besides the key (two states with one name, two modules with one sequence).

    Returns the findings by Excel row number; each message names the earlier row.
    """
    found: dict[int, list[Finding]] = {}
    for column in db.unique_columns(table.name):
        if column not in sheet.columns:
            continue
        seen: dict[str, int] = {}
        for record, number in zip(sheet.records, sheet.rows, strict=True):
            value = record.get(column)
            if value is None:
                continue
            folded = str(value).casefold() if isinstance(value, str) else str(value)
            if folded in seen:
                message = t("{column} must be unique: row {row} has it already.").format(
                    column=column, row=seen[folded]
                )
                found.setdefault(number, []).append(Finding(column, shown(value), message))
            else:
                seen[folded] = number
    return found


def rule_text_fits(table: str) -> RecordRule:
    """A rule refusing text longer than the database column holds (names, titles, codes)."""
    widths = db.text_widths(table)

    def rule(record: Record, _today: date) -> Iterator[Finding]:
        for column, width in widths.items():
            value = record.get(column)
            if isinstance(value, str) and len(value) > width:
                yield Finding(
                    column,
                    shown(value[:40]) + "…",
                    t("Text of {length} characters; at most {width} fit. Shorten it.").format(
                        length=fmt_count(len(value)), width=width
                    ),
                )

    return rule


def rule_not_in_future(*columns: str) -> RecordRule:
    """A rule refusing a date after today in any of `columns`: nothing is reported ahead."""

    def not_in_future(record: Record, today: date) -> Iterator[Finding]:
        for column in columns:
            value = record.get(column)
            if value is not None and value > today:
                message = t("The date {date} is in the future.").format(date=shown(value))
                yield Finding(column, shown(value), message)

    return not_in_future


MORE_WOMEN = N_("Women ({count}) are more than the total ({total}).")
MORE_MEN = N_("Men ({count}) are more than the total ({total}).")


def rule_women_and_men_each_within_total(record: Record, _today: date) -> Iterator[Finding]:
    """Refuses more women, or more men, than the row's total workforce."""
    total = record.get("total")
    if total is None:
        return
    for column, more in (("female", MORE_WOMEN), ("male", MORE_MEN)):
        count = record.get(column)
        if count is not None and count > total:
            yield Finding(column, count, t(more).format(count=count, total=total))


def rule_women_plus_men_within_total(record: Record, _today: date) -> Iterator[Finding]:
    """Refuses women and men who together outnumber the total.

    Only when each alone is within it: otherwise the rule above has said so already.
    """
    total, female, male = record.get("total"), record.get("female"), record.get("male")
    if total is None or female is None or male is None or female > total or male > total:
        return
    if female + male > total:
        message = t(
            "Women ({women}) and men ({men}) add up to more than the total ({total})."
        ).format(women=female, men=male, total=total)
        yield Finding("male", male, message)


def rule_stage_dates_in_order(record: Record, _today: date) -> Iterator[Finding]:
    """Refuses a stage dated before the stage it follows (enrolled, baseline, classroom ...).

    Stages without a date are skipped: each date is compared with the last one given.
    """
    previous: tuple[str, date] | None = None
    for column in STAGE_COLUMNS:
        value = record.get(column)
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            yield Finding(
                column,
                shown(value),
                t(
                    "{column} {date} is before {earlier} {earlierdate}: the stages must be in "
                    "order."
                ).format(
                    column=column,
                    date=shown(value),
                    earlier=previous[0],
                    earlierdate=shown(previous[1]),
                ),
            )
        previous = (column, value)


# A date before the date it must follow: the two columns' names are inserted as they are.
BEFORE = N_("{column} {date} is before {earlier} {earlierdate}.")


def rule_dropped_after_enrolled(record: Record, _today: date) -> Iterator[Finding]:
    """Refuses a drop-out dated before the enrolment (the same day is fine)."""
    enrolled, dropped = record.get("enrolled_date"), record.get("dropped_date")
    if dropped is not None and enrolled is not None and dropped < enrolled:
        message = t(BEFORE).format(
            column="dropped_date",
            date=shown(dropped),
            earlier="enrolled_date",
            earlierdate=shown(enrolled),
        )
        yield Finding("dropped_date", shown(dropped), message)


def rule_not_completed_and_dropped(record: Record, _today: date) -> Iterator[Finding]:
    """Refuses an enrolment with both a completion and a drop-out date."""
    dropped = record.get("dropped_date")
    if dropped is not None and record.get("completed_date") is not None:
        yield Finding(
            "dropped_date",
            shown(dropped),
            t("An enrolment cannot be both completed and dropped: clear one of the dates."),
        )


def rule_period_code(record: Record, _today: date) -> Iterator[Finding]:
    """Refuses a period code that is not a half-year such as 2014-H1."""
    code = record.get("period")
    if code is None:
        return
    try:
        parse_period(code)
    except PeriodError:
        yield Finding(
            "period", code, t('"{code}" is not a half-year code like 2014-H1.').format(code=code)
        )


def rule_period_ends_after_start(record: Record, _today: date) -> Iterator[Finding]:
    """Refuses a period that ends before it starts."""
    start, end = record.get("start_date"), record.get("end_date")
    if start is not None and end is not None and end < start:
        message = t(BEFORE).format(
            column="end_date", date=shown(end), earlier="start_date", earlierdate=shown(start)
        )
        yield Finding("end_date", shown(end), message)


def rule_plausible_range_in_order(record: Record, _today: date) -> Iterator[Finding]:
    """Refuses a KPI definition whose plausible maximum is below its minimum."""
    low, high = record.get("plausible_min"), record.get("plausible_max")
    if low is not None and high is not None and high < low:
        message = t("{column} {high} is below {other} {low}.").format(
            column="plausible_max", high=shown(high), other="plausible_min", low=shown(low)
        )
        yield Finding("plausible_max", high, message)


# The rules each table's records must pass, in the order a row's problems are listed.
RECORD_RULES: dict[str, tuple[RecordRule, ...]] = {
    "periods": (rule_period_code, rule_period_ends_after_start),
    "enterprises": (rule_not_in_future("joined_date"),),
    "enrolments": (
        rule_not_in_future(*STAGE_COLUMNS, "dropped_date"),
        rule_stage_dates_in_order,
        rule_dropped_after_enrolled,
        rule_not_completed_and_dropped,
    ),
    "workforce": (rule_women_and_men_each_within_total, rule_women_plus_men_within_total),
    "kpi_definitions": (rule_plausible_range_in_order,),
    "kpi_observations": (rule_not_in_future("reported_date"),),
    "activities": (rule_not_in_future("activity_date"),),
}
