"""The Excel import template, and the whole database exported in the same format."""

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

from score_dash import db, export
from score_dash.dictionary import KPIS, MODULES, TABLES, Column, Table
from score_dash.ingest.layout import EXAMPLE_COLUMN, EXAMPLE_TEXT, INSTRUCTIONS, LISTS
from score_dash.ingest.report import shown

VALIDATION_ROWS = 5_000  # drop-down lists cover rows 2..(data + this)
EXAMPLE_FILL = PatternFill("solid", fgColor="EDEDED")
EXAMPLE_FONT = Font(italic=True, color="808080")


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
        low = "" if column.minimum is None else shown(column.minimum)
        high = "" if column.maximum is None else shown(column.maximum)
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


def write_cell(worksheet: Any, row: int, column: int, value: Any) -> Any:
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
            write_cell(lists_ws, row, index, value)
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
                    write_cell(ws, next_row, index, value)
                next_row += 1
        elif not with_data:
            for index, value in enumerate(_example_row(table, frames), start=1):
                cell = write_cell(ws, next_row, index, value)
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
