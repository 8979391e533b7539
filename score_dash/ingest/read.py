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

from score_dash.core.dictionary import TABLES, TABLES_BY_NAME
from score_dash.core.formats import fmt_count
from score_dash.core.i18n import N_, t
from score_dash.ingest.layout import (
    DEMO_ROWS_READ,
    INSTRUCTIONS,
    LISTS,
    VALIDATION_SHEET,
    bool_formula,
    is_blank,
    is_demo_keyword,
    is_demo_line,
    normalise_name,
    table_for_sheet,
)
from score_dash.ingest.report import Problem
from score_dash.meetings.minutes import SHEETS as RECORD_SHEETS

MAX_ROWS = 200_000  # data rows read per sheet at most
EMPTY_RUN = 1_000  # reading stops after this many consecutive empty rows
MAX_COLUMNS = 200  # header cells read at most
UNZIP_FACTOR = 20  # a workbook may expand to at most max_mb * UNZIP_FACTOR when opened
MB = 1_048_576
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and encrypted workbooks
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")  # a stream only encrypted workbooks have
DAMAGED = N_(
    "The workbook is damaged and cannot be opened. Open it in Excel, save it again as .xlsx "
    "and upload that file."
)

Kind = Literal["xlsx", "csv"]
Row = tuple[int, tuple[Any, ...]]  # (Excel row number, values)


@dataclass
class RawSheet:
    """One sheet (or the CSV file) as read: its table and its non-empty rows, header first."""

    name: str
    table: str | None
    rows: list[Row]


@dataclass
class RawUpload:
    """What the file is, the sheets that hold a table, and whether it carries the demo mark."""

    kind: Kind
    sheets: list[RawSheet]
    demo: bool = False  # a workbook exported from a database holding the demo (see layout)


class FileRejected(Exception):
    """The upload cannot be read at all; the message says why and what to do."""


def read_sheets(data: bytes, file_name: str, max_mb: int, problems: list[Problem]) -> RawUpload:
    """What the file is, and the raw rows of each sheet that holds a table.

    Raises FileRejected for a file that cannot be read; adds a problem for a sheet that is
    ignored or cut short.
    """
    kind = sniff(data, file_name, max_mb)
    if kind == "xlsx":
        return xlsx_upload(data, problems)
    return RawUpload(kind, csv_sheets(data, file_name, problems))


def has_demo_mark(workbook: Any) -> bool:
    """Whether an open workbook carries the demo mark: the line in a cell of its Instructions
    sheet, else the keyword in its document properties (see layout)."""
    if INSTRUCTIONS in workbook.sheetnames:
        rows = workbook[INSTRUCTIONS].iter_rows(
            min_row=1, max_row=DEMO_ROWS_READ, max_col=1, values_only=True
        )
        if any(is_demo_line(value) for row in rows for value in row):
            return True
    return is_demo_keyword(workbook.properties.keywords)


def sniff(data: bytes, file_name: str, max_mb: int) -> Kind:
    """Decide what the file really is, or raise FileRejected with a plain message."""
    _refuse_size(data, max_mb)
    extension = _extension(file_name)
    _refuse_extension(extension, data)
    if extension == "csv":
        return "csv"
    _refuse_not_zip(data)
    _refuse_zip_content(data, max_mb)
    return "xlsx"


def _extension(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def refuse_size(size: int, max_mb: int) -> None:
    """Refuses a file over the upload limit, by its size alone: call it before reading or
    hashing the bytes (the Data page and the command line know the size first)."""
    if size > max_mb * MB:
        raise FileRejected(
            t(
                "The file is {size} MB; the largest upload accepted is {limit} MB. "
                "Split it into several files."
            ).format(size=f"{size / MB:.1f}", limit=max_mb)
        )


def size_refusal(size: int, max_mb: int) -> str:
    """The refusal of a file of `size` bytes, or "" when its size is within the limit."""
    try:
        refuse_size(size, max_mb)
    except FileRejected as exc:
        return str(exc)
    return ""


def _refuse_size(data: bytes, max_mb: int) -> None:
    refuse_size(len(data), max_mb)
    if not data.strip():
        raise FileRejected(t("The file is empty."))


def _refuse_extension(extension: str, data: bytes) -> None:
    """Only .xlsx and .csv; the refusal of a near miss says how to save the right kind."""
    if extension == "xlsm":
        raise FileRejected(
            t(
                "Macro-enabled workbooks (.xlsm) are not accepted. Save the workbook as "
                '"Excel Workbook (.xlsx)" and upload that file.'
            )
        )
    if extension == "xls":
        raise FileRejected(
            t(
                "This is an old Excel 97-2003 workbook (.xls). Open it in Excel, save it as "
                '"Excel Workbook (.xlsx)" and upload that file.'
            )
        )
    if extension == "csv" and data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise FileRejected(
            t(
                "The file is named .csv but is an Excel workbook. Rename it to .xlsx, or "
                "save it from Excel as CSV."
            )
        )
    if extension not in ("csv", "xlsx"):
        if not extension:
            raise FileRejected(
                t(
                    "Only Excel workbooks (.xlsx) and CSV files (.csv) are accepted, not no "
                    "extension."
                )
            )
        raise FileRejected(
            t(
                'Only Excel workbooks (.xlsx) and CSV files (.csv) are accepted, not "{extension}".'
            ).format(extension=extension)
        )


def _refuse_not_zip(data: bytes) -> None:
    """A file named .xlsx that is no zip archive: say what it looks like instead."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise FileRejected(
                t(
                    "The workbook is password-protected (encrypted). Remove the password in "
                    "Excel (File > Info > Protect Workbook > Encrypt with Password: clear it), "
                    "save and upload again."
                )
            )
        raise FileRejected(
            t(
                "The file is named .xlsx but is an old Excel 97-2003 workbook (.xls). Open it "
                'in Excel, save it as "Excel Workbook (.xlsx)" and upload that file.'
            )
        )
    if data.startswith(ZIP_MAGIC):
        return
    if b"\x00" not in data[:2048]:  # text has no NUL bytes
        raise FileRejected(
            t(
                "The file is named .xlsx but is not an Excel workbook: it looks like a text "
                "(CSV) file that was renamed. Upload it with the .csv extension, or open it "
                "in Excel and save it as .xlsx."
            )
        )
    raise FileRejected(
        t(
            "The file is named .xlsx but is not an Excel workbook (it may be damaged). "
            "Open it in Excel, save it again as .xlsx and upload that file."
        )
    )


def _refuse_zip_content(data: bytes, max_mb: int) -> None:
    """A zip archive that is no workbook, has macros, or would expand too far (a zip bomb).

    Only the archive's directory is read: nothing is unpacked before it passes.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected(t(DAMAGED)) from None
    if "xl/workbook.xml" not in names:
        raise FileRejected(
            t("The file is a zip archive but not an Excel workbook (it has no workbook inside).")
        )
    if "xl/vbaProject.bin" in names:
        raise FileRejected(
            t(
                'The workbook contains macros. Save it as "Excel Workbook (.xlsx)", which '
                "removes them, and upload that file."
            )
        )
    if expanded > max_mb * UNZIP_FACTOR * MB:
        raise FileRejected(
            t(
                "The workbook expands to {size} MB when opened, more than {limit} MB. Delete "
                "unused rows and formatting, or split it."
            ).format(size=f"{expanded / MB:.0f}", limit=max_mb * UNZIP_FACTOR)
        )


def _read_rows(rows: Iterator[Row], sheet: str, problems: list[Problem]) -> list[Row]:
    """Non-empty rows, stopping after EMPTY_RUN empty rows or MAX_ROWS rows."""
    kept: list[Row] = []
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
                    t(
                        "The sheet has more than {rows} rows; split the data into several files."
                    ).format(rows=fmt_count(MAX_ROWS)),
                )
            )
            break
        kept.append((number, values))
    return kept


def _open_workbook(data: bytes, data_only: bool) -> Any:
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileRejected(
            t(
                "The workbook is damaged and cannot be opened ({error}). Open it in Excel, save "
                "it again as .xlsx and upload that file."
            ).format(error=type(exc).__name__)
        ) from None


def xlsx_upload(data: bytes, problems: list[Problem]) -> RawUpload:
    """The raw rows of every sheet named after a table (other sheets are warned of), and
    the demo mark. A formula is read as the result the spreadsheet program stored."""
    workbook = _open_workbook(data, data_only=True)
    formulas: list[Any] = []  # the workbook opened again for its formulas, when needed
    try:
        demo = has_demo_mark(workbook)
        sheets = []
        for worksheet in workbook.worksheets:
            sheet = _read_worksheet(worksheet, problems)
            if sheet is not None:
                _read_bool_formulas(sheet, data, formulas)
                sheets.append(sheet)
    except FileRejected:
        raise
    except Exception as exc:
        raise FileRejected(
            t(
                "The workbook is damaged and cannot be read ({error}). Open it in Excel, save it "
                "again as .xlsx and upload that file."
            ).format(error=type(exc).__name__)
        ) from None
    finally:
        for book in (workbook, *formulas):
            book.close()
    return RawUpload("xlsx", sheets, demo)


def _read_worksheet(worksheet: Any, problems: list[Problem]) -> RawSheet | None:
    name = worksheet.title
    if name in (INSTRUCTIONS, LISTS, VALIDATION_SHEET, *RECORD_SHEETS):
        return None  # record sheets: read by score_dash.ingest.records.import_workbook
    table = table_for_sheet(name)
    if table is None:
        message = t('Sheet "{sheet}" is not a table of the template and is ignored.').format(
            sheet=name
        )
        problems.append(Problem(name, None, "", None, message, "warning"))
        return None
    # Some writers store wrong dimensions (A1 only): read the rows that are there, as wide
    # as the header and five columns more, so that stray values beside it are reported.
    worksheet.reset_dimensions()
    header = next(
        worksheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ()
    )
    width = max((i + 1 for i, v in enumerate(header) if not is_blank(v)), default=1)
    rows = worksheet.iter_rows(min_row=1, max_col=width + 5, values_only=True)
    return RawSheet(name, table, _read_rows(enumerate(rows, 1), name, problems))


def _read_bool_formulas(sheet: RawSheet, data: bytes, formulas: list[Any]) -> None:
    """An empty cell of a yes/no column that holds the formula =TRUE() or =FALSE() takes its
    value. LibreOffice saves yes/no as these formulas with their result, which is read like
    any value; a program that stores no result (openpyxl) leaves the cell empty to a reader
    of results. Only a sheet with such empty cells is read a second time, for its formulas.
    """
    if not sheet.rows or sheet.table is None:
        return
    yes_no = {c.name for c in TABLES_BY_NAME[sheet.table].columns if c.type == "bool"}
    header = sheet.rows[0][1]
    where = [i for i, v in enumerate(header) if isinstance(v, str) and v.strip().lower() in yes_no]
    empty = {
        number: index
        for index, (number, values) in enumerate(sheet.rows[1:], start=1)
        if any(i < len(values) and is_blank(values[i]) for i in where)
    }
    if not empty:
        return
    if not formulas:
        formulas.append(_open_workbook(data, data_only=False))
    worksheet = formulas[0][sheet.name]
    worksheet.reset_dimensions()
    last = max(empty)
    width = len(header)
    for number, values in enumerate(
        worksheet.iter_rows(min_row=1, max_row=last, max_col=width, values_only=True), 1
    ):
        if number not in empty:
            continue
        index = empty[number]
        kept = list(sheet.rows[index][1])
        for i in where:
            if i < len(kept) and is_blank(kept[i]) and i < len(values):
                constant = bool_formula(values[i])
                kept[i] = kept[i] if constant is None else constant
        sheet.rows[index] = (number, tuple(kept))


def csv_sheets(data: bytes, file_name: str, problems: list[Problem]) -> list[RawSheet]:
    """The CSV file as one sheet, of the table its first line or its name says."""
    lines = csv.reader(io.StringIO(_decode(data), newline=""))
    numbered = ((n, tuple(v)) for n, v in enumerate(lines, 1))
    try:
        rows = _read_rows(numbered, file_name, problems)
    except csv.Error as exc:
        raise FileRejected(t("The CSV file cannot be read: {error}.").format(error=exc)) from None
    table = table_for_csv_name(file_name)
    named = _table_named_in_first_line(rows)
    if named is not None:
        table, rows = named, rows[1:]
    if table is None:
        raise FileRejected(
            t(
                "Cannot tell which table this CSV file holds: name the file after the table "
                '(e.g. workforce.csv) or make its first line "table: workforce".'
            )
        )
    return [RawSheet(file_name, table, rows)]


def _decode(data: bytes) -> str:
    # UTF-8 (with or without the BOM Excel writes), else what Excel on Windows saves.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _table_named_in_first_line(rows: list[Row]) -> str | None:
    """The table a first line "table: workforce" (or "table,workforce") names, if any."""
    if not rows:
        return None
    first = [str(v).strip() for v in rows[0][1] if not is_blank(v)]
    if len(first) not in (1, 2) or not first[0].lower().lstrip("#").strip().startswith("table"):
        return None
    choice = first[-1].split(":", 1)[-1].split("=", 1)[-1] if len(first) == 1 else first[1]
    table = table_for_sheet(choice)
    if table is None:
        raise FileRejected(
            t(
                'The first line names the table "{table}", which is not a table of the '
                "template (see the {sheet} sheet for the names)."
            ).format(table=choice.strip(), sheet=INSTRUCTIONS)
        )
    return table


def table_for_csv_name(file_name: str) -> str | None:
    """The table a CSV file name names: the longest table name or title it starts with."""
    stem = normalise_name(file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " "))
    best = None
    for table in TABLES:
        for candidate in (normalise_name(table.name), normalise_name(table.title)):
            if (stem == candidate or stem.startswith(candidate + " ")) and (
                best is None or len(candidate) > len(best[1])
            ):
                best = (table.name, candidate)
    return best[0] if best else None
