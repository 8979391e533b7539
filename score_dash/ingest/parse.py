"""Raw rows into typed records: the header matched to the dictionary, example rows set aside.

Row numbers are Excel's (header = row 1) and, for a CSV, line numbers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from openpyxl.utils import get_column_letter

from score_dash.dictionary import TABLES_BY_NAME, Table
from score_dash.ingest.check.cells import convert_cell
from score_dash.ingest.layout import EXAMPLE_COLUMN, is_blank
from score_dash.ingest.read import RawSheet, csv_sheets, sniff, xlsx_sheets
from score_dash.ingest.report import Problem


@dataclass
class SheetData:
    """One table read from an upload: typed values and where each row came from."""

    table: str
    sheet: str
    columns: list[str]  # dictionary columns present, in sheet order
    records: list[dict[str, Any]]
    rows: list[int]  # Excel row number of each record


@dataclass
class ParsedUpload:
    """An upload that could be read (it may still have errors)."""

    file_name: str
    sha256: str
    kind: Literal["xlsx", "csv"]
    sheets: dict[str, SheetData]  # by table name
    examples_ignored: int = 0


def _parse_sheet(raw: RawSheet, problems: list[Problem]) -> tuple[SheetData | None, int]:
    table = TABLES_BY_NAME[raw.table or ""]
    if not raw.rows:
        return None, 0
    header_row, header = raw.rows[0]
    positions: dict[str, int] = {}
    example_at: int | None = None
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        name = str(value).strip()
        key = name.lower()
        if key == EXAMPLE_COLUMN:
            example_at = index
        elif key not in table.column_names:
            problems.append(
                Problem(
                    raw.name,
                    header_row,
                    name,
                    name,
                    f'Unknown column "{name}": {table.name} has no such column (check the '
                    "spelling against the template).",
                )
            )
        elif key in positions:
            problems.append(
                Problem(raw.name, header_row, name, name, f'Column "{name}" appears twice.')
            )
        else:
            positions[key] = index
    for column in table.columns:
        if column.required and column.name not in positions:
            problems.append(
                Problem(
                    raw.name,
                    header_row,
                    column.name,
                    None,
                    f'Required column "{column.name}" is missing.',
                )
            )
    known = set(positions.values()) | ({example_at} if example_at is not None else set())
    columns = [c for c in table.column_names if c in positions]
    records: list[dict[str, Any]] = []
    numbers: list[int] = []
    examples = 0
    for number, values in raw.rows[1:]:
        if example_at is not None and example_at < len(values) and not is_blank(values[example_at]):
            examples += 1
            continue
        for index, value in enumerate(values):
            if index not in known and not is_blank(value):
                problems.append(
                    Problem(
                        raw.name,
                        number,
                        get_column_letter(index + 1),
                        value,
                        "A value in a column without a header; add the column name in row "
                        f"{header_row} or delete the value.",
                    )
                )
        record: dict[str, Any] = {}
        for name in columns:
            index = positions[name]
            cell = values[index] if index < len(values) else None
            value, error = convert_cell(table.column(name), cell)
            if error:
                problems.append(Problem(raw.name, number, name, cell, error))
            record[name] = value
        records.append(record)
        numbers.append(number)
    return SheetData(table.name, raw.name, columns, records, numbers), examples


def parse_upload(data: bytes, file_name: str, max_mb: int) -> tuple[ParsedUpload, list[Problem]]:
    """Read an upload into typed records per table (raises FileRejected)."""
    problems: list[Problem] = []
    kind = sniff(data, file_name, max_mb)
    raws = xlsx_sheets(data, problems) if kind == "xlsx" else csv_sheets(data, file_name, problems)
    sheets: dict[str, SheetData] = {}
    examples = 0
    for raw in raws:
        if raw.table in sheets:
            problems.append(
                Problem(
                    raw.name,
                    None,
                    "",
                    None,
                    f"A second sheet for the table {raw.table}: put all its rows in one sheet.",
                )
            )
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
                "The workbook has no sheet named after a table of the template (e.g. "
                "workforce, kpi_observations). Download the template to see the sheet names.",
            )
        )
    elif not sheets and not any(p.severity == "error" for p in problems):
        problems.append(
            Problem("", None, "", None, "The file holds no data rows (example rows are ignored).")
        )
    digest = hashlib.sha256(data).hexdigest()
    return ParsedUpload(file_name, digest, kind, sheets, examples), problems


def natural_key(table: Table, record: Mapping[str, Any]) -> tuple[str, ...] | None:
    values = tuple(record.get(k) for k in table.key)
    if any(v is None for v in values):
        return None
    return tuple(str(v) for v in values)
