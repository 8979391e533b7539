"""A copy of an upload with every problem marked on its cell, and a sheet listing them."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from score_dash import export
from score_dash.ingest.layout import VALIDATION_SHEET, is_blank
from score_dash.ingest.read import FileRejected, RawSheet, read_sheets
from score_dash.ingest.report import ImportReport, Problem
from score_dash.ingest.template import write_cell

ERROR_FILL = PatternFill("solid", fgColor="F4B6B6")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")


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
    raws: list[RawSheet] = []
    try:
        _kind, raws = read_sheets(data, report.file_name, 10_000, [])
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
                if not is_blank(value):
                    write_cell(ws, number, index, value)
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
