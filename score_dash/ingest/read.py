"""Open an upload: decide what the file is, refuse what cannot be read, read raw rows.

A file is refused as a whole (`FileRejected`, with a plain message saying what to do) when it
is too large, empty, not .xlsx or .csv, macro-enabled, encrypted, damaged or a zip bomb. A
readable file gives its raw rows per sheet: never more than `MAX_ROWS` data rows, and reading
stops after `EMPTY_RUN` consecutive empty rows, so a workbook with a million empty formatted
rows is read in a moment.

A .csv file holds one table: the table is named by the file name (`workforce.csv`,
`workforce-2016-H1.csv`: the longest table name the file name starts with) or by a first
line `table: workforce`, which wins.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from openpyxl import load_workbook

from score_dash.dictionary import TABLES
from score_dash.ingest.layout import (
    INSTRUCTIONS,
    LISTS,
    VALIDATION_SHEET,
    is_blank,
    normalise_name,
    table_for_sheet,
)
from score_dash.ingest.report import Problem

MAX_ROWS = 200_000  # data rows read per sheet at most
EMPTY_RUN = 1_000  # reading stops after this many consecutive empty rows
MAX_COLUMNS = 200  # header cells read at most
UNZIP_FACTOR = 20  # a workbook may expand to at most max_mb * UNZIP_FACTOR when opened


@dataclass
class RawSheet:
    name: str
    table: str | None
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row number, values), header first


class FileRejected(Exception):
    """The upload cannot be read at all; the message says why and what to do."""


def table_for_csv_name(file_name: str) -> str | None:
    stem = normalise_name(file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " "))
    best = None
    for table in TABLES:
        for candidate in (normalise_name(table.name), normalise_name(table.title)):
            if (stem == candidate or stem.startswith(candidate + " ")) and (
                best is None or len(candidate) > len(best[1])
            ):
                best = (table.name, candidate)
    return best[0] if best else None


def _extension(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def sniff(data: bytes, file_name: str, max_mb: int) -> Literal["xlsx", "csv"]:
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
        if all(is_blank(v) for v in values):
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


def xlsx_sheets(data: bytes, problems: list[Problem]) -> list[RawSheet]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileRejected(
            "The workbook is damaged and cannot be opened "
            f"({type(exc).__name__}). Open it in Excel, save it again as .xlsx and upload "
            "that file."
        ) from None
    sheets: list[RawSheet] = []
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
            width = max((i + 1 for i, v in enumerate(header) if not is_blank(v)), default=1)
            rows = worksheet.iter_rows(min_row=1, max_col=width + 5, values_only=True)
            sheets.append(RawSheet(name, table, _read_rows(enumerate(rows, 1), name, problems)))
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


def csv_sheets(data: bytes, file_name: str, problems: list[Problem]) -> list[RawSheet]:
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
    table = table_for_csv_name(file_name)
    if rows:
        first = [str(v).strip() for v in rows[0][1] if not is_blank(v)]
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
    return [RawSheet(file_name, table, rows)]
