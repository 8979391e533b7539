"""A copy of an upload with every problem marked on its cell, and a sheet listing them.

What the Data page offers for download after a check, so that people can correct their file
where the problems are.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string

from score_dash.core import excel
from score_dash.core.i18n import N_, t
from score_dash.ingest.layout import VALIDATION_SHEET, is_blank
from score_dash.ingest.read import FileRejected, RawSheet, read_sheets
from score_dash.ingest.report import ImportReport, Problem
from score_dash.store import db

SEVERITIES = (N_("error"), N_("warning"))  # a problem's severity, as the list and notes write it
ERROR_FILL = PatternFill("solid", fgColor="F4B6B6")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")


def annotate_workbook(data: bytes, report: ImportReport, max_mb: int) -> bytes:
    """A copy of the upload with faulty cells highlighted and a comment on each, in the
    run's language (the sheets' names and the upload's own values as they were).

    The copy holds the values of the upload's sheets (read as the importer read them, up
    to the last non-empty row), not its formatting, plus a first sheet listing every
    problem. A file that could not be read at all gets only that list.
    """
    workbook = Workbook()
    _write_problem_list(workbook.active, report)
    by_sheet: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_sheet.setdefault(problem.sheet, []).append(problem)
    used = {VALIDATION_SHEET.lower()}
    for raw in _raw_sheets(data, report.file_name, max_mb):
        ws = workbook.create_sheet(excel.sheet_title(raw.name, used))
        header_row, header = _copy_values(ws, raw)
        for problem in by_sheet.get(raw.name, []):
            _mark(ws, problem, header_row, header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_problem_list(ws: Any, report: ImportReport) -> None:
    """The first sheet: the report's summary, then one row per problem."""
    ws.title = VALIDATION_SHEET
    # The summary names the uploaded file and each problem quotes the rejected value: all
    # of it goes through the one inert writer, so nothing from the upload becomes a formula.
    excel.write_cell(ws, 1, 1, report.summary()).font = Font(bold=True)
    frame = report.to_frame()
    frame["Severity"] = [t(severity) for severity in frame["Severity"]]
    for index, name in enumerate(frame.columns, start=1):
        cell = excel.write_cell(ws, 3, index, t(name))
        cell.font = excel.HEADER_FONT
        cell.fill = excel.HEADER_FILL
    for number, values in enumerate(frame.itertuples(index=False, name=None), start=4):
        for index, value in enumerate(values, start=1):
            excel.write_cell(ws, number, index, value)
    for letter, width in zip("ABCDEF", (10, 20, 8, 18, 24, 100), strict=True):
        ws.column_dimensions[letter].width = width


def _raw_sheets(data: bytes, file_name: str, max_mb: int) -> list[RawSheet]:
    """The upload's sheets as the importer read them, through the same checks (size, type,
    zip bomb, defused XML); none for a file they refuse."""
    try:
        return read_sheets(data, file_name, max_mb, []).sheets
    except FileRejected:
        return []


def _copy_values(ws: Any, raw: RawSheet) -> tuple[int, dict[str, int]]:
    """Write the sheet's non-empty cells where they were; the header row and its columns."""
    header: dict[str, int] = {}  # lower-case column name -> column number
    header_row = raw.rows[0][0] if raw.rows else 1
    for number, values in raw.rows:
        for index, value in enumerate(values, start=1):
            if not is_blank(value):
                excel.write_cell(ws, number, index, db.python_value(value))
                if number == header_row:
                    header[str(value).strip().lower()] = index
    return header_row, header


def _mark(ws: Any, problem: Problem, header_row: int, header: Mapping[str, int]) -> None:
    """Colour the problem's cell and add the message to its comment.

    A problem without a row is marked in the header; one in a column without a header names
    the column by its letter; a problem of the whole sheet is marked in column A.
    """
    row = problem.row or header_row
    column = header.get(problem.column.lower())
    if column is None and problem.column.isalpha() and problem.column.isupper():
        column = column_index_from_string(problem.column)
    cell = ws.cell(row=row, column=column or 1)
    cell.fill = ERROR_FILL if problem.severity == "error" else WARNING_FILL
    note = f"{t(problem.severity).upper()}: {problem.message}"
    if cell.comment is not None:
        note = cell.comment.text + "\n" + note
    cell.comment = Comment(note, "SCORE import check", width=300, height=120)
