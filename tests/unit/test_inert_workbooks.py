"""Every kind of workbook the app writes stays inert when its data are hostile: no cell holds
a formula, and text that starts like one is stored as text.

Kinds: each page's Excel download (with the About sheet's filters and link; written in the
normal mode, and all pages' tables in one workbook in the constant_memory mode of long
tables), the import template with the database's codes, the export of all data, and the
workbook with the problems of an upload marked (its Validation report sheet quotes the
rejected values).
"""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

import score_dash.store.db
from score_dash import ingest
from score_dash.core import excel
from score_dash.core.filters import Filters, apply_filters, build_options, resolve_periods
from score_dash.pages.registry import PAGES, build_report
from tests.hostile import HOSTILE, hostile_frames
from tests.unit.bad_files import WORKFORCE, workforce_row

FORMULA = HOSTILE[6]  # =HYPERLINK(...)


@pytest.fixture(scope="module")
def frames(loaded_frames):
    return hostile_frames(loaded_frames)


def cells(data: bytes) -> tuple[list[str], list[str]]:
    """Read once: every cell openpyxl reads as a formula or a link (as sheet!coordinate), and
    every text cell's value."""
    workbook = load_workbook(io.BytesIO(data))
    formulas, texts = [], []
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or cell.hyperlink is not None:
                    formulas.append(f"{ws.title}!{cell.coordinate}")
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return formulas, texts


def formula_cells(data: bytes) -> list[str]:
    return cells(data)[0]


def test_the_check_sees_a_formula_written_raw():
    """openpyxl stores text starting with '=' as a formula unless told otherwise."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = FORMULA
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert formula_cells(buffer.getvalue()) == ["Sheet!A1"]


@pytest.fixture(scope="module")
def reports(frames):
    options = build_options(frames)
    filters = Filters()
    periods = resolve_periods(filters, options, frames["periods"])
    filtered = apply_filters(frames, filters)
    return {
        page.name: build_report(page.name, filtered, periods, options, scope="programme", small_n=5)
        for page in PAGES
    }


def hostile_about(page: str, indicators) -> excel.About:
    return excel.About(
        title=FORMULA,
        page=page,
        generated_at=datetime(2026, 1, 1),
        data_as_of="=NOW()",
        filters=list(HOSTILE),
        share_link=f"http://127.0.0.1/?state={FORMULA}",
        indicators=indicators,
        demo=True,
        notes=("@SUM(A1)",),
    )


@pytest.mark.parametrize("page", [page.name for page in PAGES])
def test_page_downloads_are_inert(reports, page):
    report = reports[page]
    data = excel.build_workbook(hostile_about(page, report.indicators), report.sheets)
    formulas, texts = cells(data)
    assert formulas == []
    assert FORMULA in texts  # kept as text, not dropped


def test_a_workbook_written_for_long_tables_is_inert(reports, monkeypatch):
    monkeypatch.setattr(excel, "LONG_ROWS", 0)  # every table counts as long
    sheets = [sheet for report in reports.values() for sheet in report.sheets]
    formulas, texts = cells(excel.build_workbook(hostile_about("all", ()), sheets))
    assert formulas == []
    assert FORMULA in texts
    assert any(str(v).startswith("=HYPERLINK") for v in texts)  # in the tables


def test_the_template_and_the_export_of_all_data_are_inert(frames):
    assert formula_cells(ingest.build_template(frames)) == []
    formulas, texts = cells(ingest.export_all(frames))  # built and read once
    assert formulas == []
    assert any(str(v).startswith("=HYPERLINK") for v in texts)


def test_the_workbook_with_the_problems_marked_is_inert(engine):
    # A CSV upload brings text that starts like a formula as it is (a workbook would bring
    # a formula cell's cached value).
    rows = [WORKFORCE, workforce_row(total=FORMULA), workforce_row(female="@SUM(A1)")]
    upload = "\n".join(",".join(_csv(v) for v in row) for row in rows).encode()
    _parsed, report = ingest.check_file(upload, "workforce.csv", engine, 20)
    assert report.errors  # the rejected values are quoted in the report
    formulas, texts = cells(ingest.annotate_workbook(upload, report, 20))
    assert formulas == []
    assert any(FORMULA in str(v) for v in texts)


def _csv(value: object) -> str:
    text = "" if value is None else str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"') else text


@pytest.fixture(scope="module")
def engine(records_db_url):

    return score_dash.store.db.make_engine(records_db_url)
