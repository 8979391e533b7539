"""The copy of an upload with its problems marked (ingest.annotate)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from score_dash import ingest
from tests.unit.bad_files import workforce_file, workforce_row


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_annotated_copy_highlights_and_comments_faulty_cells(engine) -> None:
    data = workforce_file(
        workforce_row(), workforce_row(role="manager", total=-3, female=None, male=None)
    )
    _, report = ingest.check_file(data, "w.xlsx", engine, 20)
    wb = _open(ingest.annotate_workbook(data, report, 20))
    assert wb.sheetnames == [ingest.VALIDATION_SHEET, "workforce"]
    cell = wb["workforce"]["E3"]
    assert cell.value == -3
    assert cell.fill.fgColor.rgb.endswith("F4B6B6")
    assert "below the smallest allowed value" in cell.comment.text
    assert wb["workforce"]["E2"].comment is None
    listed = [c.value for c in wb[ingest.VALIDATION_SHEET]["F"]]
    assert "-3 is below the smallest allowed value, 0." in listed


def test_annotated_copy_of_an_unreadable_file_lists_the_problem(engine) -> None:
    _, report = ingest.check_file(b"a,b\n", "x.xlsx", engine, 20)
    wb = _open(ingest.annotate_workbook(b"a,b\n", report, 20))
    assert wb.sheetnames == [ingest.VALIDATION_SHEET]
    assert "renamed" in wb[ingest.VALIDATION_SHEET]["F4"].value
