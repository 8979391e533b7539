"""The copy of an upload with its problems marked (ingest.annotate)."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from score_dash import ingest
from score_dash.core.i18n import in_language
from tests.unit.bad_files import workforce_file, workforce_row

DEVANAGARI = re.compile("[\u0900-\u097f]")


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


def test_annotated_copy_in_hindi_writes_its_own_words_in_hindi(engine) -> None:
    """Checked on a Hindi page, the copy is written in Hindi: the list's headers and
    severities, the notes, the messages; the sheets keep their names (the list's is the one
    a re-upload skips) and the upload's values are as they were."""
    data = workforce_file(workforce_row(role="manager", total=-3, female=None, male=None))
    _, report = in_language("hi", ingest.check_file, data, "w.xlsx", engine, 20)
    wb = _open(in_language("hi", ingest.annotate_workbook, data, report, 20))
    assert wb.sheetnames == [ingest.VALIDATION_SHEET, "workforce"]
    listing = wb[ingest.VALIDATION_SHEET]
    assert [cell.value for cell in listing[3]] == [
        "गंभीरता",
        "शीट",
        "पंक्ति",
        "स्तंभ",
        "मान",
        "समस्या",
    ]
    assert listing["A4"].value == "त्रुटि"
    cell = wb["workforce"]["E2"]
    assert cell.value == -3
    assert cell.comment.text.startswith("त्रुटि: ")
    assert DEVANAGARI.search(listing["F4"].value) and "-3" in listing["F4"].value
