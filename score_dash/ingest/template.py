"""The Excel import template, and the whole database exported in the same format.

Both are one workbook generated from the data dictionary: an Instructions sheet, a hidden
Lists sheet holding the codes of the drop-down lists, and one sheet per table whose first row
holds the dictionary's column names (each header cell carries a note: required, type, unit,
allowed values, references) and then `EXAMPLE_COLUMN`. The template has a grey example row
per table, with text in that last column so that the importer ignores it; the export has
every row instead, so that export -> import into an empty database reproduces it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from score_dash.core import excel, geo
from score_dash.core.dictionary import KPIS, MODULES, TABLES, Column, Table
from score_dash.ingest.layout import (
    DEMO_KEYWORD,
    DEMO_LINE,
    DEMO_ROW,
    EXAMPLE_COLUMN,
    EXAMPLE_TEXT,
    INSTRUCTIONS,
    LISTS,
)
from score_dash.ingest.records import write_sheets
from score_dash.ingest.report import shown
from score_dash.meetings.minutes import Records
from score_dash.store import db

Frames = Mapping[str, pd.DataFrame]

VALIDATION_ROWS = 5_000  # drop-down lists cover rows 2..(data + this)
EXAMPLE_FILL = PatternFill("solid", fgColor="EDEDED")
EXAMPLE_FONT = Font(italic=True, color="808080")
AUTHOR = "SCORE template"

# The Instructions sheet below its title: (text, is a heading).
INSTRUCTIONS_TEXT: tuple[tuple[str, bool], ...] = (
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
)

# Example values of the template's example rows, by column name (codes of the demo data).
# Made-up codes that no real or demo record uses (the example row is ignored on import).
EXAMPLE_VALUES: dict[str, Any] = {
    "period": "2016-H1",
    "state": "IN-HR",
    "module": "M1",
    "enterprise": "EXAMPLE-E1",
    "cluster": "Example cluster",
    "partner": "EXAMPLE-P1",
    "trainer": "EXAMPLE-T1",
    "kpi": "productivity",
    "indicator": "enterprises_trained",
    "activity": "EXAMPLE-A1",
}


def build_template(frames: dict[str, pd.DataFrame] | None = None) -> bytes:
    """The empty import template (.xlsx) generated from the data dictionary.

    With `frames`, the drop-down lists also offer the existing codes (clusters,
    enterprises, partners, trainers, periods ...) and example rows are taken from them.
    """
    return _build_workbook(frames, with_data=False)


def export_all(
    frames: dict[str, pd.DataFrame], demo: bool = False, records: Records | None = None
) -> bytes:
    """The whole database in the template's format (importable into an empty database).

    `demo`: the database holds the illustrative demo data; the workbook says so, and the
    importer keeps it away from a database with real records. `records`: what the review
    meetings decided and the notes on figures, as three more sheets (the data import leaves
    them alone; `python -m score_dash actions import` reads them back).
    """
    return _build_workbook(frames, with_data=True, demo=demo, records=records)


def _build_workbook(
    frames: Frames | None, with_data: bool, demo: bool = False, records: Records | None = None
) -> bytes:
    workbook = Workbook()
    instructions = _write_instructions(workbook, with_data)
    if demo:  # both marks (see layout): the cell survives a spreadsheet program's save
        workbook.properties.keywords = DEMO_KEYWORD
        instructions.insert_rows(DEMO_ROW)
        cell = excel.write_cell(instructions, DEMO_ROW, 1, DEMO_LINE)
        cell.font = Font(bold=True, color="B00020")
    list_ranges = _write_lists(workbook, _list_values(frames))
    for table in TABLES:
        ws = workbook.create_sheet(table.name)
        _write_header(ws, table)
        if with_data:
            frame = frames.get(table.name) if frames is not None else None
            next_row = _write_rows(ws, table, frame)
        else:
            next_row = _write_example(ws, table)
        ws.freeze_panes = "A2"
        for index, column in enumerate(table.columns, start=1):
            validation = _drop_down(table, column, list_ranges)
            if validation is not None:
                ws.add_data_validation(validation)
                letter = get_column_letter(index)
                validation.add(f"{letter}2:{letter}{next_row + VALIDATION_ROWS}")
    if records is not None:
        write_sheets(workbook, records)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_instructions(workbook: Workbook, exported: bool) -> Worksheet:
    """The instructions, on the new workbook's one sheet (which it returns)."""
    ws = workbook.worksheets[0]
    assert isinstance(ws, Worksheet)  # a new workbook's sheet is an ordinary one
    ws.title = INSTRUCTIONS
    title = "SCORE India: data " + ("export" if exported else "import template")
    for line, heading in ((title, True), *INSTRUCTIONS_TEXT):
        ws.append([line])
        if heading:
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)
    ws.append(["Sheet", "Holds", "Key columns (one row per key)"])
    for cell in ws[ws.max_row]:
        cell.font = excel.HEADER_FONT
        cell.fill = excel.HEADER_FILL
    for table in TABLES:
        ws.append([table.name, table.description, ", ".join(table.key)])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 40
    for row in ws.iter_rows(min_row=4, max_row=9):  # the numbered instructions
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    return ws


def _list_values(frames: Frames | None) -> dict[str, list[str]]:
    """Codes for the drop-down lists: dictionary values, plus existing codes from frames."""
    lists: dict[str, list[str]] = {
        f"{table.name}.{column.name}": list(column.allowed)
        for table in TABLES
        for column in table.columns
        if column.allowed
    }
    references: dict[str, list[str]] = {
        "modules": [code for code, _ in MODULES],
        "kpi_definitions": [k[0] for k in KPIS],
    }
    try:
        references["states"] = list(geo.load_states()["code"])
    except Exception:  # the template must not depend on the geography files
        references["states"] = []
    for table in TABLES:
        if frames is not None and table.name in frames and len(table.key) == 1:
            values = [str(v) for v in frames[table.name][table.key[0]].dropna().unique()]
            if values:
                references[table.name] = values
    lists.update(references)
    return lists


def _write_lists(workbook: Workbook, lists: Mapping[str, list[str]]) -> dict[str, str]:
    """The hidden Lists sheet, one column per list; each list's cell range by name."""
    ws = workbook.create_sheet(LISTS)
    ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            excel.write_cell(ws, row, index, db.python_value(value))
        ranges[name] = f"{LISTS}!${letter}$2:${letter}${max(len(values) + 1, 2)}"
    ws.sheet_state = "hidden"
    return ranges


def _write_header(ws: Any, table: Table) -> None:
    """Row 1: the dictionary's column names, each with its note, then the example column."""
    for index, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.name)
        cell.font = excel.HEADER_FONT
        cell.fill = excel.HEADER_FILL
        cell.comment = Comment(_note(column), AUTHOR, width=320, height=160)
        ws.column_dimensions[get_column_letter(index)].width = max(14, len(column.name) + 4)
    example_col = len(table.columns) + 1
    marker = ws.cell(row=1, column=example_col, value=EXAMPLE_COLUMN)
    marker.font = Font(bold=True, italic=True, color="808080")
    marker.comment = Comment(
        "Rows with any text here are examples and are ignored on import.", AUTHOR
    )
    ws.column_dimensions[get_column_letter(example_col)].width = 38


def _note(column: Column) -> str:
    """The header cell's note: required or not, description, type, and what is allowed."""
    parts = [("Required. " if column.required else "Optional. ") + column.description]
    parts.append(f"Type: {column.type}" + (f" ({column.unit})" if column.unit else "") + ".")
    if column.allowed:
        parts.append("Allowed: " + ", ".join(column.allowed) + ".")
    if column.references:
        parts.append(f"Must exist in the {column.references} sheet or the database.")
    if column.minimum is not None or column.maximum is not None:
        parts.append(_range_note(column))
    if column.type == "date":
        parts.append("Enter an Excel date or YYYY-MM-DD.")
    if column.type == "bool":
        parts.append("TRUE or FALSE.")
    return " ".join(parts)


def _range_note(column: Column) -> str:
    low = "" if column.minimum is None else shown(column.minimum)
    high = "" if column.maximum is None else shown(column.maximum)
    if low and high:
        return f"From {low} to {high}."
    return f"At least {low}." if low else f"At most {high}."


def _write_rows(ws: Any, table: Table, frame: pd.DataFrame | None) -> int:
    """Every row of the table's frame below the header; the next free row."""
    next_row = 2
    if frame is None or not len(frame):
        return next_row
    for values in frame[table.column_names].itertuples(index=False, name=None):
        for index, value in enumerate(values, start=1):
            excel.write_cell(ws, next_row, index, db.python_value(value))
        next_row += 1
    return next_row


def _write_example(ws: Any, table: Table) -> int:
    """One grey example row, marked in the example column; the next free row."""
    for index, value in enumerate(_example_row(table), start=1):
        cell = excel.write_cell(ws, 2, index, db.python_value(value))
        cell.fill = EXAMPLE_FILL
        cell.font = EXAMPLE_FONT
    cell = ws.cell(row=2, column=len(table.columns) + 1, value=EXAMPLE_TEXT)
    cell.fill = EXAMPLE_FILL
    cell.font = EXAMPLE_FONT
    return 3


def _example_row(table: Table) -> list[Any]:
    """A made-up, valid row: never a record copied from the database (a template is sent
    to partners; the database's rows are confidential)."""
    return [_example_value(column) for column in table.columns]


def _example_value(column: Column) -> Any:
    if column.allowed:
        return column.allowed[0]
    if column.name in EXAMPLE_VALUES:
        return EXAMPLE_VALUES[column.name]
    if column.type == "date":
        return date(2016, 2, 15)
    if column.type == "bool":
        return False
    if column.type in ("int", "float"):
        low = column.minimum if column.minimum is not None else 0
        high = column.maximum if column.maximum is not None else low + 20
        number = (low + high) / 2
        return int(number) if column.type == "int" else round(number, 1)
    return f"Example {column.name}"


def _drop_down(
    table: Table, column: Column, list_ranges: Mapping[str, str]
) -> DataValidation | None:
    """The column's drop-down list: its allowed values, the referenced codes, or TRUE/FALSE.

    A reference only warns when the value is not in the list: the code may be new in this
    same file.
    """
    if column.allowed:
        source, strict = list_ranges.get(f"{table.name}.{column.name}"), True
    elif column.references and column.references in list_ranges:
        source, strict = list_ranges[column.references], False
    elif column.type == "bool":
        source, strict = '"TRUE,FALSE"', True
    else:
        return None
    if source is None:
        return None
    return DataValidation(
        type="list",
        formula1=source if source.startswith('"') else f"={source}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=column.name,
        error=(
            "Choose a value from the list."
            if strict
            else f"Not in the database yet: fine if this file's {column.references} sheet adds it."
        ),
    )
