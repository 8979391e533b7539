"""Raw rows into typed records: the header matched to the dictionary, example rows set aside.

Row numbers are Excel's (header = row 1) and, for a CSV, line numbers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from score_dash.core.dictionary import TABLES_BY_NAME, Table
from score_dash.core.i18n import t
from score_dash.ingest.check.cells import convert_cell
from score_dash.ingest.layout import EXAMPLE_COLUMN, is_blank
from score_dash.ingest.read import Kind, RawSheet, read_sheets
from score_dash.ingest.report import Problem


@dataclass
class SheetData:
    """One table read from an upload: typed values and where each row came from."""

    table: str
    sheet: str
    columns: list[str]  # dictionary columns present, in dictionary order
    records: list[dict[str, Any]]
    rows: list[int]  # Excel row number of each record


@dataclass
class ParsedUpload:
    """An upload that could be read (it may still have errors)."""

    file_name: str
    sha256: str
    kind: Kind
    sheets: dict[str, SheetData]  # by table name
    examples_ignored: int = 0
    demo: bool = False  # a workbook exported from a database holding the demo data


@dataclass(frozen=True)
class Header:
    """A sheet's header matched to its table: where each column is, and the example column."""

    sheet: str
    row: int  # Excel row number of the header
    table: Table
    positions: dict[str, int]  # dictionary column -> index in the row
    example_at: int | None  # index of the "example" column
    columns: list[str]  # dictionary columns present, in dictionary order
    known: frozenset[int]  # indexes with a header

    def is_example(self, values: tuple[Any, ...]) -> bool:
        at = self.example_at
        return at is not None and at < len(values) and not is_blank(values[at])


def parse_upload(data: bytes, file_name: str, max_mb: int) -> tuple[ParsedUpload, list[Problem]]:
    """Read an upload into typed records per table (raises FileRejected)."""
    problems: list[Problem] = []
    upload = read_sheets(data, file_name, max_mb, problems)
    raws = upload.sheets
    sheets: dict[str, SheetData] = {}
    examples = 0
    for raw in raws:
        if raw.table in sheets:
            message = t(
                "A second sheet for the table {table}: put all its rows in one sheet."
            ).format(table=raw.table)
            problems.append(Problem(raw.name, None, "", None, message))
            continue
        parsed, ignored = _parse_sheet(raw, problems)
        examples += ignored
        if parsed is not None and parsed.records:
            sheets[parsed.table] = parsed
    if not raws:
        problems.append(
            Problem(
                "",
                None,
                "",
                None,
                t(
                    "The workbook has no sheet named after a table of the template (e.g. "
                    "workforce, kpi_observations). Download the template to see the sheet names."
                ),
            )
        )
    elif not sheets and not any(p.severity == "error" for p in problems):
        message = t("The file holds no data rows (example rows are ignored).")
        problems.append(Problem("", None, "", None, message))
    digest = hashlib.sha256(data).hexdigest()
    return ParsedUpload(file_name, digest, upload.kind, sheets, examples, upload.demo), problems


def _parse_sheet(raw: RawSheet, problems: list[Problem]) -> tuple[SheetData | None, int]:
    """The sheet's typed records and the number of example rows set aside."""
    table = TABLES_BY_NAME[raw.table or ""]
    if not raw.rows:
        return None, 0
    header = _read_header(raw, table, problems)
    sheet = SheetData(table.name, raw.name, header.columns, [], [])
    examples = 0
    for number, values in raw.rows[1:]:
        if header.is_example(values):
            examples += 1
            continue
        problems += _values_without_header(header, number, values)
        sheet.records.append(_typed_record(header, number, values, problems))
        sheet.rows.append(number)
    return sheet, examples


def _read_header(raw: RawSheet, table: Table, problems: list[Problem]) -> Header:
    """Refuses unknown and doubled column names, and required columns that are missing."""
    header_row, cells = raw.rows[0]
    positions: dict[str, int] = {}
    example_at: int | None = None
    for index, value in enumerate(cells):
        if is_blank(value):
            continue
        name = str(value).strip()
        key = name.lower()
        if key == EXAMPLE_COLUMN:
            example_at = index
        elif key not in table.column_names:
            message = t(
                'Unknown column "{column}": {table} has no such column (check the spelling '
                "against the template)."
            ).format(column=name, table=table.name)
            problems.append(Problem(raw.name, header_row, name, name, message))
        elif key in positions:
            message = t('Column "{column}" appears twice.').format(column=name)
            problems.append(Problem(raw.name, header_row, name, name, message))
        else:
            positions[key] = index
    for column in table.columns:
        if column.required and column.name not in positions:
            message = t('Required column "{column}" is missing.').format(column=column.name)
            problems.append(Problem(raw.name, header_row, column.name, None, message))
    columns = [c for c in table.column_names if c in positions]
    known = frozenset(positions.values()) | ({example_at} if example_at is not None else set())
    return Header(raw.name, header_row, table, positions, example_at, columns, known)


def _values_without_header(header: Header, number: int, values: tuple[Any, ...]) -> list[Problem]:
    """Refuses a value in a column with no name: it would be lost without a word."""
    return [
        Problem(
            header.sheet,
            number,
            get_column_letter(index + 1),
            value,
            t(
                "A value in a column without a header; add the column name in row {row} or "
                "delete the value."
            ).format(row=header.row),
        )
        for index, value in enumerate(values)
        if index not in header.known and not is_blank(value)
    ]


def _typed_record(
    header: Header, number: int, values: tuple[Any, ...], problems: list[Problem]
) -> dict[str, Any]:
    """Each present column's cell as its type; a refused cell is None, with its problem."""
    record: dict[str, Any] = {}
    for name in header.columns:
        index = header.positions[name]
        cell = values[index] if index < len(values) else None
        value, error = convert_cell(header.table.column(name), cell)
        if error:
            problems.append(Problem(header.sheet, number, name, cell, error))
        record[name] = value
    return record


def natural_key(table: Table, record: Mapping[str, Any]) -> tuple[str, ...] | None:
    """The record's natural key as text, or None when a key column is empty."""
    values = tuple(record.get(k) for k in table.key)
    if any(v is None for v in values):
        return None
    return tuple(str(v) for v in values)
