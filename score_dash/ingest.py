"""Excel/CSV template, validation and the all-or-nothing import, with its audit record.

The flow is parse -> validate everything -> report -> (the user confirms) -> write:

- `build_template()` writes the .xlsx template from the data dictionary: an Instructions
  sheet, one sheet per table whose first row holds the dictionary's column names (each
  header cell carries a note: required, type, unit, allowed values, references), drop-down
  lists for coded columns (a hidden Lists sheet holds the codes) and example rows. Example
  rows have the text in `EXAMPLE_COLUMN` ("example"), the last column; the importer
  ignores every row whose "example" cell is not empty.
- `export_all()` writes the whole database in the same format, so that export -> import
  into an empty database reproduces it.
- `check_file()` reads an upload (never more than `MAX_ROWS` rows per sheet; reading stops
  after `EMPTY_RUN` consecutive empty rows, so a workbook with a million empty formatted
  rows is read in a moment), validates every cell and every rule, and counts the rows it
  would add and change per table. It writes nothing.
- `apply_import()` writes in one transaction: inserts new rows, updates changed rows by
  natural key, never deletes. Imports are serialised (PostgreSQL: an advisory transaction
  lock; SQLite: BEGIN IMMEDIATE), and the plan is recomputed under the lock, so two
  imports never interleave. Every attempt is recorded in `import_batches`.

A .csv file holds one table: the table is named by the file name (`workforce.csv`,
`workforce-2016-H1.csv`: the longest table name the file name starts with) or by a first
line `table: workforce`, which wins. Row numbers in messages are Excel's (header = row 1)
and, for a CSV, line numbers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, func, inspect, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from score_dash import db, export
from score_dash import models as m
from score_dash.dictionary import KPIS, MODULES, STAGES, TABLES, TABLES_BY_NAME, Column, Table
from score_dash.periods import PeriodError, parse_period

Severity = Literal["error", "warning"]

EXAMPLE_COLUMN = "example"
EXAMPLE_TEXT = "EXAMPLE: this row is ignored on import"
INSTRUCTIONS = "Instructions"
LISTS = "Lists"
VALIDATION_SHEET = "Validation report"
MAX_ROWS = 200_000  # data rows read per sheet at most
EMPTY_RUN = 1_000  # reading stops after this many consecutive empty rows
MAX_COLUMNS = 200  # header cells read at most
UNZIP_FACTOR = 20  # a workbook may expand to at most max_mb * UNZIP_FACTOR when opened
VALIDATION_ROWS = 5_000  # drop-down lists cover rows 2..(data + this)
LOCK_KEY = 7_310_001  # pg_advisory_xact_lock key of the importer

STAGE_COLUMNS = tuple(f"{s}_date" for s in STAGES)
NOT_IN_FUTURE: dict[str, tuple[str, ...]] = {
    "enrolments": (*STAGE_COLUMNS, "dropped_date"),
    "enterprises": ("joined_date",),
    "kpi_observations": ("reported_date",),
    "activities": ("activity_date",),
}

ERROR_FILL = PatternFill("solid", fgColor="F4B6B6")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")
EXAMPLE_FILL = PatternFill("solid", fgColor="EDEDED")
EXAMPLE_FONT = Font(italic=True, color="808080")


# --------------------------------------------------------------------------- report


@dataclass
class Problem:
    """One thing wrong with an upload, located as Excel shows it (header = row 1)."""

    sheet: str
    row: int | None
    column: str
    value: object
    message: str
    severity: Severity = "error"

    def location(self) -> str:
        parts = [f"sheet {self.sheet}" if self.sheet else "file"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass
class ImportReport:
    """Everything found in one upload, and what was (or would be) written."""

    file_name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    outcome: str = "checked"  # checked | imported | unchanged | rejected
    message: str = ""
    examples_ignored: int = 0
    previous_import: str = ""  # "2016-08-01 10:00 by anna" when this file was imported before

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unchanged(self) -> bool:
        """Nothing would change (e.g. the same file was already imported)."""
        return self.ok and not any(self.added.values()) and not any(self.changed.values())

    def summary(self) -> str:
        """One sentence: the outcome in plain words."""
        if self.outcome == "imported":
            return (
                f"Imported {self.file_name}: {sum(self.added.values())} rows added, "
                f"{sum(self.changed.values())} rows changed."
            )
        if self.outcome == "rejected":
            return f"Nothing was written: {self.message or 'the file has errors.'}"
        if not self.ok:
            return (
                f"{len(self.errors)} errors must be corrected before anything can be "
                "imported; nothing was written."
            )
        if self.unchanged:
            again = f" (this file was imported on {self.previous_import})"
            return (
                "Nothing to change: the database already holds every row of this file"
                + (again if self.previous_import else "")
                + "."
            )
        text = (
            f"Ready to import: {sum(self.added.values())} rows to add, "
            f"{sum(self.changed.values())} rows to change."
        )
        if self.warnings:
            text += f" {len(self.warnings)} warnings must be accepted first."
        return text

    def to_text(self) -> str:
        """The report as the command line prints it."""
        done = self.outcome == "imported"
        lines = [
            f"File: {self.file_name} (SHA-256 {self.sha256[:16]}...)",
            self.summary(),
            f"{len(self.errors)} errors, {len(self.warnings)} warnings.",
        ]
        if self.examples_ignored:
            lines.append(f"{self.examples_ignored} example rows ignored.")
        for title, counts in (
            ("added" if done else "to add", self.added),
            ("changed" if done else "to change", self.changed),
        ):
            nonzero = {t: n for t, n in counts.items() if n}
            if nonzero:
                lines.append(f"Rows {title}: " + ", ".join(f"{t} {n}" for t, n in nonzero.items()))
        for problem in self.problems:
            value = "" if problem.value is None else f' "{problem.value}"'
            lines.append(
                f"  {problem.severity.upper():7} {problem.location()}{value}: {problem.message}"
            )
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The problems as a table (what the Data page shows)."""
        rows = [
            {
                "Severity": p.severity,
                "Sheet": p.sheet,
                "Row": p.row,
                "Column": p.column,
                "Value": "" if p.value is None else str(p.value),
                "Problem": p.message,
            }
            for p in self.problems
        ]
        frame = pd.DataFrame(
            rows, columns=["Severity", "Sheet", "Row", "Column", "Value", "Problem"]
        )
        frame["Row"] = frame["Row"].astype("Int64")
        return frame

    def preview_frame(self) -> pd.DataFrame:
        """Rows to add and change per table."""
        tables = [t.name for t in TABLES if self.added.get(t.name) or self.changed.get(t.name)]
        return pd.DataFrame(
            {
                "Table": tables,
                "Rows to add": [self.added.get(t, 0) for t in tables],
                "Rows to change": [self.changed.get(t, 0) for t in tables],
            }
        )


# --------------------------------------------------------------------------- parsing


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


@dataclass
class _RawSheet:
    name: str
    table: str | None
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row number, values), header first


class FileRejected(Exception):
    """The upload cannot be read at all; the message says why and what to do."""


def _normalise_name(name: str) -> str:
    return " ".join(name.strip().lower().replace("_", " ").split())


def table_for_sheet(name: str) -> str | None:
    """The table a sheet (or CSV file stem) holds: its name or title, any case."""
    wanted = _normalise_name(name)
    for table in TABLES:
        if wanted in (_normalise_name(table.name), _normalise_name(table.title)):
            return table.name
    return None


def _table_for_csv_name(file_name: str) -> str | None:
    stem = _normalise_name(file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " "))
    best = None
    for table in TABLES:
        for candidate in (_normalise_name(table.name), _normalise_name(table.title)):
            if (stem == candidate or stem.startswith(candidate + " ")) and (
                best is None or len(candidate) > len(best[1])
            ):
                best = (table.name, candidate)
    return best[0] if best else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _extension(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def _sniff(data: bytes, file_name: str, max_mb: int) -> Literal["xlsx", "csv"]:
    """Decide what the file really is, or raise FileRejected with a plain message."""
    extension = _extension(file_name)
    size_mb = len(data) / 1_048_576
    if len(data) > max_mb * 1_048_576:
        raise FileRejected(
            f"The file is {size_mb:.1f} MB; the largest upload accepted is {max_mb} MB. "
            "Split it into several files."
        )
    if not data.strip():
        raise FileRejected("The file is empty.")
    is_zip = data[:4] == b"PK\x03\x04"
    is_ole = data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if extension == "xlsm":
        raise FileRejected(
            "Macro-enabled workbooks (.xlsm) are not accepted. Save the workbook as "
            '"Excel Workbook (.xlsx)" and upload that file.'
        )
    if extension == "xls":
        raise FileRejected(
            "This is an old Excel 97-2003 workbook (.xls). Open it in Excel, save it as "
            '"Excel Workbook (.xlsx)" and upload that file.'
        )
    if extension == "csv":
        if is_zip or is_ole:
            raise FileRejected(
                "The file is named .csv but is an Excel workbook. Rename it to .xlsx, or "
                "save it from Excel as CSV."
            )
        return "csv"
    if extension != "xlsx":
        shown = f'"{extension}"' if extension else "no extension"
        raise FileRejected(
            f"Only Excel workbooks (.xlsx) and CSV files (.csv) are accepted, not {shown}."
        )
    if is_ole:
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise FileRejected(
                "The workbook is password-protected (encrypted). Remove the password in "
                "Excel (File > Info > Protect Workbook > Encrypt with Password: clear it), "
                "save and upload again."
            )
        raise FileRejected(
            "The file is named .xlsx but is an old Excel 97-2003 workbook (.xls). Open it "
            'in Excel, save it as "Excel Workbook (.xlsx)" and upload that file.'
        )
    if not is_zip:
        sample = data[:2048]
        if b"\x00" not in sample:
            raise FileRejected(
                "The file is named .xlsx but is not an Excel workbook: it looks like a text "
                "(CSV) file that was renamed. Upload it with the .csv extension, or open it "
                "in Excel and save it as .xlsx."
            )
        raise FileRejected(
            "The file is named .xlsx but is not an Excel workbook (it may be damaged). "
            "Open it in Excel, save it again as .xlsx and upload that file."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected(
            "The workbook is damaged and cannot be opened. Open it in Excel, save it again "
            "as .xlsx and upload that file."
        ) from None
    if "xl/workbook.xml" not in names:
        raise FileRejected(
            "The file is a zip archive but not an Excel workbook (it has no workbook inside)."
        )
    if "xl/vbaProject.bin" in names:
        raise FileRejected(
            'The workbook contains macros. Save it as "Excel Workbook (.xlsx)", which '
            "removes them, and upload that file."
        )
    if expanded > max_mb * UNZIP_FACTOR * 1_048_576:
        raise FileRejected(
            f"The workbook expands to {expanded / 1_048_576:.0f} MB when opened, more than "
            f"{max_mb * UNZIP_FACTOR} MB. Delete unused rows and formatting, or split it."
        )
    return "xlsx"


def _read_rows(
    rows: Iterator[tuple[int, tuple[Any, ...]]], sheet: str, problems: list[Problem]
) -> list[tuple[int, tuple[Any, ...]]]:
    """Non-empty rows, stopping after EMPTY_RUN empty rows or MAX_ROWS rows."""
    kept: list[tuple[int, tuple[Any, ...]]] = []
    empty_run = 0
    for number, values in rows:
        if all(_blank(v) for v in values):
            empty_run += 1
            if empty_run >= EMPTY_RUN:
                break
            continue
        empty_run = 0
        if len(kept) > MAX_ROWS:  # header + MAX_ROWS data rows
            problems.append(
                Problem(
                    sheet,
                    number,
                    "",
                    None,
                    f"The sheet has more than {MAX_ROWS:,} rows; split the data into "
                    "several files.",
                )
            )
            break
        kept.append((number, values))
    return kept


def _xlsx_sheets(data: bytes, problems: list[Problem]) -> list[_RawSheet]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileRejected(
            "The workbook is damaged and cannot be opened "
            f"({type(exc).__name__}). Open it in Excel, save it again as .xlsx and upload "
            "that file."
        ) from None
    sheets: list[_RawSheet] = []
    try:
        for worksheet in workbook.worksheets:
            name = worksheet.title
            if name in (INSTRUCTIONS, LISTS, VALIDATION_SHEET):
                continue
            table = table_for_sheet(name)
            if table is None:
                problems.append(
                    Problem(
                        name,
                        None,
                        "",
                        None,
                        f'Sheet "{name}" is not a table of the template and is ignored.',
                        "warning",
                    )
                )
                continue
            worksheet.reset_dimensions()
            header = next(
                worksheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True),
                (),
            )
            width = max((i + 1 for i, v in enumerate(header) if not _blank(v)), default=1)
            rows = worksheet.iter_rows(min_row=1, max_col=width + 5, values_only=True)
            sheets.append(_RawSheet(name, table, _read_rows(enumerate(rows, 1), name, problems)))
    except FileRejected:
        raise
    except Exception as exc:
        raise FileRejected(
            f"The workbook is damaged and cannot be read ({type(exc).__name__}). Open it in "
            "Excel, save it again as .xlsx and upload that file."
        ) from None
    finally:
        workbook.close()
    return sheets


def _csv_sheets(data: bytes, file_name: str, problems: list[Problem]) -> list[_RawSheet]:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1252", errors="replace")
    lines = csv.reader(io.StringIO(content, newline=""))
    numbered = ((n, tuple(v)) for n, v in enumerate(lines, 1))
    try:
        rows = _read_rows(numbered, file_name, problems)
    except csv.Error as exc:
        raise FileRejected(f"The CSV file cannot be read: {exc}.") from None
    table = _table_for_csv_name(file_name)
    if rows:
        first = [str(v).strip() for v in rows[0][1] if not _blank(v)]
        if len(first) in (1, 2) and first[0].lower().lstrip("#").strip().startswith("table"):
            choice = first[-1].split(":", 1)[-1].split("=", 1)[-1] if len(first) == 1 else first[1]
            table = table_for_sheet(choice)
            if table is None:
                raise FileRejected(
                    f'The first line names the table "{choice.strip()}", which is not a table '
                    "of the template (see the Instructions sheet for the names)."
                )
            rows = rows[1:]
    if table is None:
        raise FileRejected(
            "Cannot tell which table this CSV file holds: name the file after the table "
            '(e.g. workforce.csv) or make its first line "table: workforce".'
        )
    return [_RawSheet(file_name, table, rows)]


def _convert(column: Column, raw: Any) -> tuple[Any, str | None]:
    """A cell as the dictionary type, or an error message."""
    if _blank(raw):
        return None, ("A value is required." if column.required else None)
    kind = column.type
    if isinstance(raw, str):
        raw = raw.strip()
    if kind == "text":
        if isinstance(raw, bool):
            return None, f"{raw} is not text."
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, datetime | date):
            return None, "A date is not allowed here; type the text."
        value: Any = str(raw)
        if column.allowed:
            for allowed in column.allowed:
                if allowed.lower() == value.lower():
                    return allowed, None
            return None, f'"{value}" is not allowed here; use one of: {", ".join(column.allowed)}.'
        return value, None
    if kind == "bool":
        if isinstance(raw, bool):
            return raw, None
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw), None
        if isinstance(raw, str) and raw.lower() in ("true", "yes", "y", "1"):
            return True, None
        if isinstance(raw, str) and raw.lower() in ("false", "no", "n", "0"):
            return False, None
        return None, f'"{raw}" is not yes or no; use TRUE or FALSE.'
    if kind == "date":
        if isinstance(raw, datetime):
            return raw.date(), None
        if isinstance(raw, date):
            return raw, None
        if isinstance(raw, str):
            try:
                return datetime.fromisoformat(raw).date(), None
            except ValueError:
                pass
        return None, f'"{raw}" is not a date; use an Excel date or YYYY-MM-DD.'
    # numbers
    if isinstance(raw, bool | datetime | date):
        number = None
    elif isinstance(raw, int | float):
        number = float(raw)
    else:
        try:
            number = float(str(raw).replace(",", ""))
        except ValueError:
            number = None
    if number is None or math.isnan(number) or math.isinf(number):
        return None, f'"{raw}" is not a {"whole number" if kind == "int" else "number"}.'
    if kind == "int":
        if not number.is_integer():
            return None, f'"{raw}" is not a whole number.'
        value = int(number)
    else:
        value = number
    if column.minimum is not None and value < column.minimum:
        return None, f"{_fmt(value)} is below the smallest allowed value, {_fmt(column.minimum)}."
    if column.maximum is not None and value > column.maximum:
        return None, f"{_fmt(value)} is above the largest allowed value, {_fmt(column.maximum)}."
    return value, None


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _parse_sheet(raw: _RawSheet, problems: list[Problem]) -> tuple[SheetData | None, int]:
    table = TABLES_BY_NAME[raw.table or ""]
    if not raw.rows:
        return None, 0
    header_row, header = raw.rows[0]
    positions: dict[str, int] = {}
    example_at: int | None = None
    for index, value in enumerate(header):
        if _blank(value):
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
        if example_at is not None and example_at < len(values) and not _blank(values[example_at]):
            examples += 1
            continue
        for index, value in enumerate(values):
            if index not in known and not _blank(value):
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
            value, error = _convert(table.column(name), cell)
            if error:
                problems.append(Problem(raw.name, number, name, cell, error))
            record[name] = value
        records.append(record)
        numbers.append(number)
    return SheetData(table.name, raw.name, columns, records, numbers), examples


def parse_upload(data: bytes, file_name: str, max_mb: int) -> tuple[ParsedUpload, list[Problem]]:
    """Read an upload into typed records per table (raises FileRejected)."""
    problems: list[Problem] = []
    kind = _sniff(data, file_name, max_mb)
    raws = (
        _xlsx_sheets(data, problems) if kind == "xlsx" else _csv_sheets(data, file_name, problems)
    )
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


# --------------------------------------------------------------------------- rules


def _key_of(table: Table, record: Mapping[str, Any]) -> tuple[str, ...] | None:
    values = tuple(record.get(k) for k in table.key)
    if any(v is None for v in values):
        return None
    return tuple(str(v) for v in values)


def _check_rows(sheet: SheetData, today: date, problems: list[Problem]) -> None:
    """Rules within one sheet: duplicate keys, totals, stage order, future dates, ranges."""
    table = TABLES_BY_NAME[sheet.table]
    seen: dict[tuple[str, ...], int] = {}
    future = NOT_IN_FUTURE.get(table.name, ())
    for record, number in zip(sheet.records, sheet.rows, strict=True):

        def add(column: str, value: Any, message: str, severity: Severity = "error") -> None:
            problems.append(Problem(sheet.sheet, number, column, value, message, severity))  # noqa: B023

        key = _key_of(table, record)
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
                add(column, _fmt(value), f"The date {_fmt(value)} is in the future.")
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
                        _fmt(value),
                        f"{column} {_fmt(value)} is before {previous[0]} {_fmt(previous[1])}: "
                        "the stages must be in order.",
                    )
                previous = (column, value)
            enrolled, dropped = record.get("enrolled_date"), record.get("dropped_date")
            if dropped is not None and enrolled is not None and dropped < enrolled:
                add(
                    "dropped_date",
                    _fmt(dropped),
                    f"dropped_date {_fmt(dropped)} is before enrolled_date {_fmt(enrolled)}.",
                )
            if dropped is not None and record.get("completed_date") is not None:
                add(
                    "dropped_date",
                    _fmt(dropped),
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
                    _fmt(end),
                    f"end_date {_fmt(end)} is before start_date {_fmt(start)}.",
                )
        elif table.name == "kpi_definitions":
            low, high = record.get("plausible_min"), record.get("plausible_max")
            if low is not None and high is not None and high < low:
                add(
                    "plausible_max",
                    high,
                    f"plausible_max {_fmt(high)} is below plausible_min {_fmt(low)}.",
                )


@dataclass
class _Existing:
    """Rows of one table in the database, by natural key."""

    rows: dict[tuple[str, ...], dict[str, Any]]  # natural-key row
    pks: dict[tuple[str, ...], dict[str, Any]]  # primary-key attributes of the row


def _read_existing(session: Session, table: str) -> _Existing:
    model, mapping = db.FRAME_MAP[table]
    names = {
        col: {v: k for k, v in db.key_ids(session, ref).items()}
        for col, ref in mapping.items()
        if isinstance(ref, db.Ref)
    }
    pk_names = [c.key for c in inspect(model).primary_key]
    spec = TABLES_BY_NAME[table]
    rows: dict[tuple[str, ...], dict[str, Any]] = {}
    pks: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in session.execute(select(model.__table__)).mappings():
        record: dict[str, Any] = {}
        for column, target in mapping.items():
            if isinstance(target, db.Ref):
                ident = row[target.fk]
                record[column] = None if ident is None else names[column].get(ident)
            else:
                record[column] = row[target]
        key = _key_of(spec, record)
        if key is None:
            continue
        rows[key] = record
        pks[key] = {name: row[name] for name in pk_names}
    return _Existing(rows, pks)


def _db_keys(session: Session, table: str) -> set[str]:
    model, mapping = db.FRAME_MAP[table]
    target = mapping[TABLES_BY_NAME[table].key[0]]
    if isinstance(target, db.Ref):  # never the case for a referenced table's key
        return set()
    return {str(v) for v in session.scalars(select(getattr(model, target)))}


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, datetime):
        a = a.date()
    if isinstance(b, datetime):
        b = b.date()
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return a == b


@dataclass
class _Plan:
    new: dict[str, list[dict[str, Any]]]
    changed: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]  # (pk, full row)


def _check_against_database(
    session: Session, parsed: ParsedUpload, problems: list[Problem]
) -> _Plan:
    """References, Module 1 first, KPI plausibility, and the rows to add and change."""
    sheets = parsed.sheets
    existing = {name: _read_existing(session, name) for name in sheets}
    key_cache: dict[str, set[str]] = {}

    def keys_of(table: str) -> set[str]:
        if table not in key_cache:
            in_file = {
                str(r[TABLES_BY_NAME[table].key[0]])
                for r in (sheets[table].records if table in sheets else [])
                if r.get(TABLES_BY_NAME[table].key[0]) is not None
            }
            key_cache[table] = in_file | _db_keys(session, table)
        return key_cache[table]

    for name, sheet in sheets.items():
        table = TABLES_BY_NAME[name]
        for column in table.columns:
            if not column.references or column.name not in sheet.columns:
                continue
            valid = keys_of(column.references)
            for record, number in zip(sheet.records, sheet.rows, strict=True):
                value = record.get(column.name)
                if value is not None and str(value) not in valid:
                    problems.append(
                        Problem(
                            sheet.sheet,
                            number,
                            column.name,
                            value,
                            f'Unknown {column.name} "{value}": it exists neither in this '
                            f"file's {column.references} sheet nor in the database.",
                        )
                    )
    if "enrolments" in sheets:
        _check_module_order(session, sheets, existing["enrolments"], problems)
    if "kpi_observations" in sheets:
        _check_plausible(session, sheets, problems)

    plan = _Plan({}, {})
    for name, sheet in sheets.items():
        table = TABLES_BY_NAME[name]
        old = existing[name]
        new_rows: list[dict[str, Any]] = []
        changed_rows: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for record in sheet.records:
            key = _key_of(table, record)
            if key is None:
                continue
            if key not in old.rows:
                new_rows.append({c: record.get(c) for c in table.column_names})
                continue
            current = old.rows[key]
            if any(not _same(record.get(c), current.get(c)) for c in sheet.columns):
                merged = dict(current)
                merged.update({c: record.get(c) for c in sheet.columns})
                changed_rows.append((old.pks[key], merged))
        plan.new[name] = new_rows
        plan.changed[name] = changed_rows
    return plan


def _check_module_order(
    session: Session,
    sheets: Mapping[str, SheetData],
    existing: _Existing,
    problems: list[Problem],
) -> None:
    """Module 1 (the mandatory, first module) is enrolled before any other module."""
    modules = {
        str(r[0]): (r[1], r[2])
        for r in session.execute(select(m.Module.code, m.Module.sequence, m.Module.mandatory))
    }
    if "modules" in sheets:
        for record in sheets["modules"].records:
            if record.get("module") is not None:
                modules[str(record["module"])] = (record.get("sequence"), record.get("mandatory"))
    mandatory = sorted((seq or 0, code) for code, (seq, flag) in modules.items() if flag)
    first = mandatory[0][1] if mandatory else MODULES[0][0]
    first_dates: dict[str, date | None] = {
        key[0]: row.get("enrolled_date") for key, row in existing.rows.items() if key[1] == first
    }
    sheet = sheets["enrolments"]
    for record in sheet.records:
        if record.get("module") == first and record.get("enterprise") is not None:
            first_dates[str(record["enterprise"])] = record.get("enrolled_date")
    for record, number in zip(sheet.records, sheet.rows, strict=True):
        enterprise, module = record.get("enterprise"), record.get("module")
        if enterprise is None or module is None or module == first:
            continue
        if str(enterprise) not in first_dates:
            problems.append(
                Problem(
                    sheet.sheet,
                    number,
                    "module",
                    module,
                    f"Enterprise {enterprise} has no {first} enrolment (in this file or the "
                    f"database): {first} is mandatory and comes first.",
                )
            )
            continue
        first_date, enrolled = first_dates[str(enterprise)], record.get("enrolled_date")
        if first_date is not None and enrolled is not None and enrolled < first_date:
            problems.append(
                Problem(
                    sheet.sheet,
                    number,
                    "enrolled_date",
                    _fmt(enrolled),
                    f"{module} enrolled on {_fmt(enrolled)}, before the enterprise's {first} "
                    f"({_fmt(first_date)}): {first} comes first.",
                )
            )


def _check_plausible(
    session: Session, sheets: Mapping[str, SheetData], problems: list[Problem]
) -> None:
    """KPI values outside the KPI's plausible range are warnings the user may accept."""
    ranges = {
        str(code): (low, high)
        for code, low, high in session.execute(
            select(
                m.KpiDefinition.code, m.KpiDefinition.plausible_min, m.KpiDefinition.plausible_max
            )
        )
    }
    if "kpi_definitions" in sheets:
        for record in sheets["kpi_definitions"].records:
            if record.get("kpi") is not None:
                ranges[str(record["kpi"])] = (
                    record.get("plausible_min"),
                    record.get("plausible_max"),
                )
    sheet = sheets["kpi_observations"]
    for record, number in zip(sheet.records, sheet.rows, strict=True):
        value, kpi = record.get("value"), record.get("kpi")
        low, high = ranges.get(str(kpi), (None, None))
        if value is None or low is None or high is None:
            continue
        if not low <= value <= high:
            problems.append(
                Problem(
                    sheet.sheet,
                    number,
                    "value",
                    value,
                    f"{_fmt(value)} is outside the plausible range {_fmt(low)} to {_fmt(high)} "
                    f"for {kpi}: check it, or accept the warning to import it as it is.",
                    "warning",
                )
            )


def _sorted(problems: list[Problem]) -> list[Problem]:
    order = {t.name: i for i, t in enumerate(TABLES)}
    return sorted(
        problems,
        key=lambda p: (
            p.severity != "error",
            p.sheet != "",
            order.get(table_for_sheet(p.sheet) or "", 99),
            p.row or 0,
        ),
    )


# --------------------------------------------------------------------------- check and apply


def check_file(
    data: bytes, file_name: str, engine: Engine, max_mb: int
) -> tuple[ParsedUpload | None, ImportReport]:
    """Parse and validate an upload and count what it would change; writes nothing."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        parsed, problems = parse_upload(data, file_name, max_mb)
    except FileRejected as exc:
        return None, ImportReport(file_name, digest, [Problem("", None, "", None, str(exc))])
    today = db.today()
    for sheet in parsed.sheets.values():
        _check_rows(sheet, today, problems)
    report = ImportReport(file_name, digest, examples_ignored=parsed.examples_ignored)
    with Session(engine) as session:
        plan = _check_against_database(session, parsed, problems)
        report.previous_import = _previous_import(session, digest)
    report.problems = _sorted(problems)
    report.added = {t: len(rows) for t, rows in plan.new.items()}
    report.changed = {t: len(rows) for t, rows in plan.changed.items()}
    return parsed, report


def _previous_import(session: Session, digest: str) -> str:
    batch = session.scalars(
        select(m.ImportBatch)
        .where(m.ImportBatch.sha256 == digest, m.ImportBatch.outcome == "imported")
        .order_by(m.ImportBatch.created_at.desc())
        .limit(1)
    ).first()
    if batch is None:
        return ""
    return f"{batch.created_at:%Y-%m-%d %H:%M} UTC by {batch.user_name}"


def _record(session: Session, report: ImportReport, user: str) -> None:
    session.add(
        m.ImportBatch(
            created_at=db.utc_now(),
            user_name=user[:80] or "unknown",
            file_name=report.file_name[-255:],
            sha256=report.sha256,
            rows_added=json.dumps({t: n for t, n in report.added.items() if n}),
            rows_changed=json.dumps({t: n for t, n in report.changed.items() if n}),
            outcome=report.outcome,
            message=report.message,
        )
    )


def _reject(engine: Engine, report: ImportReport, user: str, message: str) -> ImportReport:
    """Record a refused attempt; returns a copy of the report with outcome 'rejected'."""
    result = replace(report, outcome="rejected", message=message, added={}, changed={})
    with Session(engine) as session, session.begin():
        _record(session, result, user)
    return result


def _lock(connection: Any) -> None:
    """Serialise imports: one writer at a time, for the whole transaction."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    elif dialect == "sqlite":
        # pysqlite has not begun a transaction yet (nothing executed): take the write lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def apply_import(
    engine: Engine,
    parsed: ParsedUpload | None,
    report: ImportReport,
    user: str,
    accept_warnings: bool,
) -> ImportReport:
    """Write a checked upload in one transaction, or nothing; record the attempt.

    The checks are run again under the import lock, against the database as it is then,
    so the preview the user confirmed cannot be overtaken by another import.
    """
    if parsed is None or not report.ok:
        first = report.errors[0].message if report.errors else "the file could not be read."
        return _reject(engine, report, user, f"{len(report.errors)} errors; first: {first}")
    if report.warnings and not accept_warnings:
        return _reject(engine, report, user, f"{len(report.warnings)} warnings not accepted.")
    result = ImportReport(
        parsed.file_name,
        parsed.sha256,
        examples_ignored=parsed.examples_ignored,
        previous_import=report.previous_import,
    )
    problems: list[Problem] = []
    today = db.today()
    for sheet in parsed.sheets.values():
        _check_rows(sheet, today, problems)
    try:
        with engine.connect() as connection:
            _lock(connection)
            session = Session(bind=connection)
            plan = _check_against_database(session, parsed, problems)
            result.problems = _sorted(problems)
            result.added = {t: len(r) for t, r in plan.new.items()}
            result.changed = {t: len(r) for t, r in plan.changed.items()}
            if result.errors or (result.warnings and not accept_warnings):
                session.close()
                connection.rollback()
                return _reject(
                    engine, result, user, "The database changed since the check: check again."
                )
            if result.unchanged:
                result.outcome = "unchanged"
                result.message = "Every row is already in the database."
            else:
                _write(session, plan)
                db.bump_data_version(session)
                result.outcome = "imported"
                result.message = (
                    f"{sum(result.added.values())} added, {sum(result.changed.values())} changed"
                    + (f"; {len(result.warnings)} warnings accepted" if result.warnings else "")
                )
            _record(session, result, user)
            session.flush()
            session.close()
            connection.commit()
    except SQLAlchemyError as exc:
        detail = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0][:300]
        result.problems.append(
            Problem("", None, "", None, f"The database refused the data: {detail}")
        )
        return _reject(engine, result, user, f"The database refused the data: {detail}")
    return result


def _write(session: Session, plan: _Plan) -> None:
    for name in db.TABLE_ORDER:
        rows = plan.new.get(name)
        if rows:
            columns = TABLES_BY_NAME[name].column_names
            db.insert_frames(session, {name: pd.DataFrame(rows, columns=columns, dtype=object)})
    for name in db.TABLE_ORDER:
        changes = plan.changed.get(name)
        if not changes:
            continue
        model = db.FRAME_MAP[name][0]
        columns = TABLES_BY_NAME[name].column_names
        frame = pd.DataFrame([row for _, row in changes], columns=columns, dtype=object)
        records = db.frame_records(session, name, frame)
        for record, (pk, _) in zip(records, changes, strict=True):
            record.update(pk)
        session.execute(update(model), records)
        session.flush()


# --------------------------------------------------------------------------- template


def _list_values(frames: Mapping[str, pd.DataFrame] | None) -> dict[str, list[str]]:
    """Codes for the drop-down lists: dictionary values, plus existing codes from frames."""
    lists: dict[str, list[str]] = {}
    for table in TABLES:
        for column in table.columns:
            if column.allowed:
                lists[f"{table.name}.{column.name}"] = list(column.allowed)
    references: dict[str, list[str]] = {
        "modules": [code for code, _ in MODULES],
        "kpi_definitions": [k[0] for k in KPIS],
    }
    try:
        from score_dash import geo

        references["states"] = list(geo.load_states()["code"])
    except Exception:  # the template must not depend on the geography files
        references["states"] = []
    for table in TABLES:
        key = table.key[0]
        if frames is not None and table.name in frames and len(table.key) == 1:
            values = [str(v) for v in frames[table.name][key].dropna().unique()]
            if values:
                references[table.name] = values
    for name, values in references.items():
        lists[name] = values
    return lists


def _note(column: Column) -> str:
    parts = [("Required. " if column.required else "Optional. ") + column.description]
    parts.append(f"Type: {column.type}" + (f" ({column.unit})" if column.unit else "") + ".")
    if column.allowed:
        parts.append("Allowed: " + ", ".join(column.allowed) + ".")
    if column.references:
        parts.append(f"Must exist in the {column.references} sheet or the database.")
    if column.minimum is not None or column.maximum is not None:
        low = "" if column.minimum is None else _fmt(column.minimum)
        high = "" if column.maximum is None else _fmt(column.maximum)
        if low and high:
            parts.append(f"From {low} to {high}.")
        else:
            parts.append(f"At least {low}." if low else f"At most {high}.")
    if column.type == "date":
        parts.append("Enter an Excel date or YYYY-MM-DD.")
    if column.type == "bool":
        parts.append("TRUE or FALSE.")
    return " ".join(parts)


_EXAMPLE_VALUES: dict[str, Any] = {
    "period": "2016-H1",
    "state": "IN-HR",
    "module": "M1",
    "enterprise": "E00001",
    "cluster": "Faridabad",
    "partner": "P-IA01",
    "trainer": "T001",
    "kpi": "productivity",
    "indicator": "enterprises_trained",
    "activity": "A0001",
}


def _example_row(table: Table, frames: Mapping[str, pd.DataFrame] | None) -> list[Any]:
    if frames is not None and table.name in frames and len(frames[table.name]):
        row = frames[table.name].iloc[0]
        return [_excel_value(row.get(c)) for c in table.column_names]
    values: list[Any] = []
    for column in table.columns:
        if column.allowed:
            values.append(column.allowed[0])
        elif column.name in _EXAMPLE_VALUES:
            values.append(_EXAMPLE_VALUES[column.name])
        elif column.type == "date":
            values.append(date(2016, 2, 15))
        elif column.type == "bool":
            values.append(False)
        elif column.type in ("int", "float"):
            low = column.minimum if column.minimum is not None else 0
            high = column.maximum if column.maximum is not None else low + 20
            number = (low + high) / 2
            values.append(int(number) if column.type == "int" else round(number, 1))
        else:
            values.append(f"Example {column.name}")
    return values


def _excel_value(value: Any) -> Any:
    value = db.python_value(value)
    return value


def _write_cell(worksheet: Any, row: int, column: int, value: Any) -> Any:
    cell = worksheet.cell(row=row, column=column)
    value = _excel_value(value)
    if isinstance(value, str):
        cell.value = value
        if not export.safe_text(value):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _write_instructions(workbook: Workbook, tables: list[Table], exported: bool) -> None:
    ws = workbook.active
    ws.title = INSTRUCTIONS
    lines = [
        ("SCORE India: data " + ("export" if exported else "import template"), True),
        ("", False),
        ("How to fill it", True),
        (
            "1. Each sheet is one table. Row 1 holds the column names: do not rename them. "
            "Hover over a column name for its note (required, unit, allowed values).",
            False,
        ),
        (
            "2. Fill only the sheets you need and leave the others empty; rows are matched on "
            "their key columns (listed below): a new key adds a row, an existing key updates it. "
            "Nothing is ever deleted.",
            False,
        ),
        (
            f'3. Rows with text in the "{EXAMPLE_COLUMN}" column (grey) are examples and are '
            "ignored: delete them or leave them.",
            False,
        ),
        (
            "4. Dates: Excel dates or YYYY-MM-DD. Yes/no columns: TRUE or FALSE. Codes: use the "
            "drop-down lists; a code must exist in this file or already in the database.",
            False,
        ),
        (
            "5. Upload the file on the Data page (or `python -m score_dash import FILE`). Every "
            "problem is listed with its sheet, row and column; nothing is written until the "
            "file is free of errors and you confirm. Warnings (e.g. implausible KPI values) "
            "can be accepted.",
            False,
        ),
        (
            "6. A single table can also be uploaded as .csv: name the file after the table "
            '(workforce.csv) or start it with the line "table: workforce".',
            False,
        ),
        ("", False),
        ("Sheets", True),
    ]
    for line, bold in lines:
        ws.append([line])
        if bold:
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)
    ws.append(["Sheet", "Holds", "Key columns (one row per key)"])
    for cell in ws[ws.max_row]:
        cell.font = export.HEADER_FONT
        cell.fill = export.HEADER_FILL
    for table in tables:
        ws.append([table.name, table.description, ", ".join(table.key)])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 40
    for row in ws.iter_rows(min_row=4, max_row=9):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _build_workbook(frames: Mapping[str, pd.DataFrame] | None, with_data: bool) -> bytes:
    workbook = Workbook()
    _write_instructions(workbook, list(TABLES), with_data)
    lists = _list_values(frames)
    lists_ws = workbook.create_sheet(LISTS)
    list_ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        lists_ws.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            _write_cell(lists_ws, row, index, value)
        list_ranges[name] = f"{LISTS}!${letter}$2:${letter}${max(len(values) + 1, 2)}"
    lists_ws.sheet_state = "hidden"
    for table in TABLES:
        ws = workbook.create_sheet(table.name)
        columns = table.column_names
        for index, column in enumerate(table.columns, start=1):
            cell = ws.cell(row=1, column=index, value=column.name)
            cell.font = export.HEADER_FONT
            cell.fill = export.HEADER_FILL
            cell.comment = Comment(_note(column), "SCORE template", width=320, height=160)
            ws.column_dimensions[get_column_letter(index)].width = max(14, len(column.name) + 4)
        example_col = len(columns) + 1
        marker = ws.cell(row=1, column=example_col, value=EXAMPLE_COLUMN)
        marker.font = Font(bold=True, italic=True, color="808080")
        marker.comment = Comment(
            "Rows with any text here are examples and are ignored on import.", "SCORE template"
        )
        ws.column_dimensions[get_column_letter(example_col)].width = 38
        next_row = 2
        frame = frames.get(table.name) if (frames is not None and with_data) else None
        if frame is not None and len(frame):
            for values in frame[columns].itertuples(index=False, name=None):
                for index, value in enumerate(values, start=1):
                    _write_cell(ws, next_row, index, value)
                next_row += 1
        elif not with_data:
            for index, value in enumerate(_example_row(table, frames), start=1):
                cell = _write_cell(ws, next_row, index, value)
                cell.fill = EXAMPLE_FILL
                cell.font = EXAMPLE_FONT
            cell = ws.cell(row=next_row, column=example_col, value=EXAMPLE_TEXT)
            cell.fill = EXAMPLE_FILL
            cell.font = EXAMPLE_FONT
            next_row += 1
        ws.freeze_panes = "A2"
        last = next_row + VALIDATION_ROWS
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            source = None
            strict = True
            if column.allowed:
                source = list_ranges.get(f"{table.name}.{column.name}")
            elif column.references and column.references in list_ranges:
                source = list_ranges[column.references]
                strict = False  # a code may be new in this same file
            elif column.type == "bool":
                source = '"TRUE,FALSE"'
            if source is None:
                continue
            validation = DataValidation(
                type="list",
                formula1=source if source.startswith('"') else f"={source}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop" if strict else "warning",
                errorTitle=column.name,
                error=(
                    "Choose a value from the list."
                    if strict
                    else f"Not in the database yet: fine if this file's {column.references} "
                    "sheet adds it."
                ),
            )
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_template(frames: dict[str, pd.DataFrame] | None = None) -> bytes:
    """The empty import template (.xlsx) generated from the data dictionary.

    With `frames`, the drop-down lists also offer the existing codes (clusters,
    enterprises, partners, trainers, periods ...) and example rows are taken from them.
    """
    return _build_workbook(frames, with_data=False)


def export_all(frames: dict[str, pd.DataFrame]) -> bytes:
    """The whole database in the template's format (importable into an empty database)."""
    return _build_workbook(frames, with_data=True)


# --------------------------------------------------------------------------- annotated copy


def annotate_workbook(data: bytes, report: ImportReport) -> bytes:
    """A copy of the upload with faulty cells highlighted and a comment on each.

    The copy holds the values of the upload's sheets (read as the importer read them, up
    to the last non-empty row), not its formatting, plus a first sheet listing every
    problem. A file that could not be read at all gets only that list.
    """
    workbook = Workbook()
    summary = workbook.active
    summary.title = VALIDATION_SHEET
    summary.append([report.summary()])
    summary.cell(row=1, column=1).font = Font(bold=True)
    summary.append([])
    frame = report.to_frame()
    summary.append(list(frame.columns))
    for cell in summary[3]:
        cell.font = export.HEADER_FONT
        cell.fill = export.HEADER_FILL
    for values in frame.itertuples(index=False, name=None):
        summary.append([None if pd.isna(v) else v for v in values])
    for letter, width in zip("ABCDEF", (10, 20, 8, 18, 24, 100), strict=True):
        summary.column_dimensions[letter].width = width
    raws: list[_RawSheet] = []
    try:
        kind = _sniff(data, report.file_name, max_mb=10_000)
        raws = _xlsx_sheets(data, []) if kind == "xlsx" else _csv_sheets(data, report.file_name, [])
    except FileRejected:
        raws = []
    by_sheet: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_sheet.setdefault(problem.sheet, []).append(problem)
    used = {VALIDATION_SHEET.lower()}
    for raw in raws:
        title = export.sheet_title(raw.name, used)
        ws = workbook.create_sheet(title)
        header: dict[str, int] = {}
        header_row = raw.rows[0][0] if raw.rows else 1
        for number, values in raw.rows:
            for index, value in enumerate(values, start=1):
                if not _blank(value):
                    _write_cell(ws, number, index, value)
                    if number == header_row:
                        header[str(value).strip().lower()] = index
        for problem in by_sheet.get(raw.name, []):
            row = problem.row or header_row
            column = header.get(problem.column.lower())
            if column is None and problem.column.isalpha() and problem.column.isupper():
                column = _column_index(problem.column)
            cell = ws.cell(row=row, column=column or 1)
            cell.fill = ERROR_FILL if problem.severity == "error" else WARNING_FILL
            note = f"{problem.severity.upper()}: {problem.message}"
            if cell.comment is not None:
                note = cell.comment.text + "\n" + note
            cell.comment = Comment(note, "SCORE import check", width=300, height=120)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_index(letters: str) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letters)


# --------------------------------------------------------------------------- audit helpers


def import_count(engine: Engine) -> int:
    """Rows in the audit log (tests and the command line)."""
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(m.ImportBatch)) or 0
