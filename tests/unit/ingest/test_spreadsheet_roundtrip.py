"""Files that come back from a spreadsheet program import unchanged.

A staff member opens the export of all data, a filled template or a page's Excel in
LibreOffice Calc and saves it without changing anything. Calc rewrites the file as it goes:
the document keyword loses its colon, TRUE and FALSE become the formulas `=TRUE()` and
`=FALSE()` (with their result), and a program may leave a date as its serial number or a
whole number as 3.0. The importer must read what the cells show: the file imports as
"nothing to change", and the demo's export stays the demo.

The first tests resave the app's workbooks with LibreOffice itself (headless, all files in
one run of it for the module); where it is missing they are skipped with the reason, except
when `SCORE_REQUIRE_LIBREOFFICE` is set (`.ci/run` sets it), where they fail. The tests after
them imitate Calc's output with openpyxl and run everywhere.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import to_excel
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from score_dash import ingest
from score_dash.cli import build_page_export
from score_dash.core import excel
from score_dash.core.dictionary import TABLES, TABLES_BY_NAME
from score_dash.ingest.layout import DEMO_KEYWORD, DEMO_LINE, DEMO_ROW, INSTRUCTIONS
from score_dash.ingest.records import import_workbook, read_workbook
from score_dash.meetings import minutes
from score_dash.store import db, loading
from tests.handmade import build_handmade
from tests.sources import database_source

REQUIRED = "SCORE_REQUIRE_LIBREOFFICE"  # set by .ci/run: a missing LibreOffice fails
MAX_MB = 20


def soffice() -> str:
    """LibreOffice's program, or the test is skipped (failed where it is required)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        reason = (
            "LibreOffice (soffice) is not installed: the round trip through a spreadsheet "
            "program is not tested (Debian: apt-get install libreoffice-calc-nogui)."
        )
        if os.environ.get(REQUIRED):
            pytest.fail(f"{reason} {REQUIRED} is set, so it must run.")
        pytest.skip(reason)
    return found


def resave(program: str, files: dict[str, bytes], folder: Path) -> dict[str, bytes]:
    """Each workbook opened and saved unchanged by LibreOffice Calc, in one run of it, with a
    profile of its own (two runs sharing one would wait on each other's lock)."""
    source, out = folder / "in", folder / "out"
    source.mkdir()
    for name, data in files.items():
        (source / name).write_bytes(data)
    started = time.perf_counter()
    subprocess.run(
        [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            *(str(source / name) for name in files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    seconds = time.perf_counter() - started
    print(f"LibreOffice resaved {len(files)} workbooks in {seconds:.1f} s")
    return {name: (out / name).read_bytes() for name in files}


def new_database(path: Path) -> Engine:
    engine = db.make_engine(f"sqlite:///{path}")
    db.create_schema(engine)
    return engine


def dataset(engine: Engine) -> str:
    with Session(engine) as session:
        return db.dataset_of(session)


def check(engine: Engine, data: bytes) -> tuple[ingest.ParsedUpload, ingest.ImportReport]:
    parsed, report = ingest.check_file(data, "upload.xlsx", engine, MAX_MB)
    assert parsed is not None, report.to_text()
    return parsed, report


def import_file(engine: Engine, data: bytes) -> ingest.ImportReport:
    parsed, report = check(engine, data)
    return ingest.apply_import(engine, parsed, report, "tester", accept_warnings=True)


def filled_template(frames: dict[str, pd.DataFrame], libreoffice_like: bool = False) -> bytes:
    """The import template with the frames' rows typed below its example rows, as a person
    fills it. `libreoffice_like`: each yes/no as the formula =TRUE() or =FALSE() with no
    stored result (as openpyxl writes a formula), each date as its serial number without a
    date format, each whole number as a float (3.0): what a spreadsheet program may leave."""
    workbook = load_workbook(io.BytesIO(ingest.build_template()))
    for table in TABLES:
        frame = frames.get(table.name)
        if frame is None:
            continue
        ws = workbook[table.name]
        for row, values in enumerate(frame[table.column_names].itertuples(index=False), 3):
            for index, (column, value) in enumerate(zip(table.columns, values, strict=True), 1):
                value = db.python_value(value)
                if libreoffice_like and value is not None:
                    value = _as_libreoffice_leaves(column.type, value)
                if isinstance(value, str) and value.startswith("=TRUE(") | value.startswith(
                    "=FALSE("
                ):
                    ws.cell(row=row, column=index, value=value)  # a formula, on purpose
                else:
                    excel.write_cell(ws, row, index, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _as_libreoffice_leaves(kind: str, value: Any) -> Any:
    if kind == "bool":
        return "=TRUE()" if value else "=FALSE()"
    if kind == "date":
        return float(to_excel(value))
    if kind == "int":
        return float(value)
    return value


# --- Resaved by LibreOffice -------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_with_records(demo_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the demo database with a decision, an action with its history and a note
    (the export carries them as three more sheets, with dates and times)."""
    path = tmp_path_factory.mktemp("roundtrip") / "demo.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    engine = db.make_engine(f"sqlite:///{path}")
    period = "2017-H1"
    minutes.add_item(engine, period=period, kind="decision", text="Keep Module 5.", user="chair")
    action = minutes.add_item(
        engine,
        period=period,
        kind="action",
        text="Visit the Faridabad cluster",
        user="secretary",
        owner="Field team",
        due=date(2017, 9, 30),
    )
    minutes.set_status(engine, action, "in progress", "Two visits done", "secretary")
    minutes.add_note(
        engine, indicator="enterprises_trained", period=period, text="Late reports", user="staff"
    )
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def originals(demo_with_records: str) -> dict[str, bytes]:
    """The three kinds of workbook the app writes, as written."""
    engine = db.make_engine(demo_with_records)
    frames = loading.load_frames(engine)
    assert dataset(engine) == "demo"
    return {
        "demo-export.xlsx": ingest.export_all(frames, demo=True, records=minutes.load(engine)),
        "template.xlsx": filled_template(build_handmade()),
        "results.xlsx": build_page_export(database_source(demo_with_records), "results", {}, {}),
    }


@pytest.fixture(scope="module")
def libreoffice() -> str:
    return soffice()


@pytest.fixture(scope="module")
def resaved(
    libreoffice: str, originals: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, bytes]:
    """The same workbooks opened and saved unchanged by LibreOffice Calc (one run). The
    program is looked for first: where it is missing, nothing is built for nothing."""
    return resave(libreoffice, originals, tmp_path_factory.mktemp("libreoffice"))


def test_libreoffice_rewrites_the_keyword_but_keeps_the_demo_line(resaved):
    """The premise: Calc drops the keyword's colon (the old mark alone was lost); the line on
    the Instructions sheet comes back as written."""
    workbook = load_workbook(io.BytesIO(resaved["demo-export.xlsx"]), read_only=True)
    assert workbook.properties.keywords != DEMO_KEYWORD
    assert workbook[INSTRUCTIONS].cell(row=DEMO_ROW, column=1).value == DEMO_LINE


def test_the_demo_export_saved_by_libreoffice_changes_nothing_in_the_demo_database(
    resaved, demo_with_records
):
    engine = db.make_engine(demo_with_records)
    parsed, report = check(engine, resaved["demo-export.xlsx"])
    assert parsed.demo and not report.errors, report.to_text()
    assert report.unchanged and report.summary().startswith("Nothing to change")
    records = import_workbook(engine, resaved["demo-export.xlsx"])
    assert records.ok and sum(records.added.values()) == 0, records.problems


def test_the_demo_export_saved_by_libreoffice_keeps_the_demo_label_in_an_empty_database(
    resaved, originals, demo_with_records, tmp_path
):
    engine = new_database(tmp_path / "empty.db")
    result = import_file(engine, resaved["demo-export.xlsx"])
    assert result.ok, result.to_text()
    assert dataset(engine) == "demo"  # the illustrative data keep their label
    records = import_workbook(engine, resaved["demo-export.xlsx"])
    # The fixture's decision, action and note (2 items), the action's two statuses.
    assert records.ok and records.added == {
        minutes.ITEMS: 2,
        minutes.CHANGES: 2,
        minutes.NOTES: 1,
    }, records
    # The other side of the comparison: the export as the app wrote it, before Calc.
    _parsed, report = check(engine, originals["demo-export.xlsx"])
    assert report.unchanged and not report.errors, report.to_text()
    source = minutes.load(db.make_engine(demo_with_records))
    copied = minutes.load(engine)
    for sheet in minutes.SHEETS:
        columns = list(minutes.COLUMNS[sheet])
        pd.testing.assert_frame_equal(copied.frame(sheet)[columns], source.frame(sheet)[columns])


def test_a_filled_template_saved_by_libreoffice_changes_nothing_after_its_first_import(
    resaved, originals, tmp_path
):
    engine = new_database(tmp_path / "records.db")
    first = import_file(engine, originals["template.xlsx"])
    assert first.ok and sum(first.added.values()) > 0, first.to_text()
    parsed, report = check(engine, resaved["template.xlsx"])
    assert not parsed.demo and not report.errors, report.to_text()
    assert report.unchanged and report.summary().startswith("Nothing to change")


def test_a_pages_excel_saved_by_libreoffice_opens_and_keeps_its_numbers(resaved, originals):
    before = _cells(originals["results.xlsx"])
    after = _cells(resaved["results.xlsx"])
    assert list(after) == list(before)  # the same sheets, in the same order
    numbers = 0
    for title, cells in before.items():
        for where, value in cells.items():
            found = after[title].get(where)
            if isinstance(value, int | float) and not isinstance(value, bool):
                numbers += 1
                assert isinstance(found, int | float) and math.isclose(
                    found, value, rel_tol=1e-12, abs_tol=1e-12
                ), (title, where, value, found)
            else:
                assert found == value, (title, where, value, found)
    assert numbers > 100  # the page's figures, not only its labels


def _cells(data: bytes) -> dict[str, dict[str, Any]]:
    """Every non-empty cell of every sheet, by sheet title and coordinate (openpyxl only)."""
    workbook = load_workbook(io.BytesIO(data), data_only=True)
    return {
        ws.title: {
            cell.coordinate: cell.value
            for row in ws.iter_rows()
            for cell in row
            if cell.value is not None and cell.value != ""
        }
        for ws in workbook.worksheets
    }


# --- What Calc leaves, imitated with openpyxl (no LibreOffice needed) -------------------


def _parsed_records(data: bytes) -> dict[str, list[dict[str, Any]]]:
    parsed, problems = ingest.parse_upload(data, "upload.xlsx", MAX_MB)
    assert not [p for p in problems if p.severity == "error"], problems
    return {name: sheet.records for name, sheet in parsed.sheets.items()}


def test_formulas_serial_dates_and_float_whole_numbers_read_as_the_values_they_show():
    frames = build_handmade()
    typed = _parsed_records(filled_template(frames))
    left = filled_template(frames, libreoffice_like=True)
    sheet = load_workbook(io.BytesIO(left))["modules"]
    assert [sheet.cell(row=3, column=i).value for i in (3, 4)] == [1.0, "=TRUE()"]  # premise
    assert _parsed_records(left) == typed
    # One figure from the hand-made rows, as written in tests/handmade.py: M1 is mandatory.
    assert typed["modules"][0]["mandatory"] is True and typed["modules"][0]["sequence"] == 1


def _one_sheet(table: str, header: list[str], *rows: list[Any]) -> bytes:
    workbook = Workbook()
    ws = workbook.worksheets[0]
    ws.title = table
    for values in (header, *rows):
        ws.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MODULE_HEADER = [c.name for c in TABLES_BY_NAME["modules"].columns]


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=FALSE()", False),
        ("=TRUE()", True),
        ("=true()", True),
        ("=FALSE", False),
    ],
)
def test_a_yes_no_formula_reads_as_its_value(cell, shown):
    data = _one_sheet("modules", MODULE_HEADER, ["M1", "Workplace Cooperation", 1, cell])
    assert _parsed_records(data)["modules"][0]["mandatory"] is shown


def test_a_yes_no_formula_as_text_reads_as_its_value():
    """A CSV (or a text cell) may hold the formula as text; Calc's own workbooks store the
    formula's result beside it, which the tests above that resave with it read."""
    assert (
        ingest.parse_upload(
            b"table: modules\nmodule,name,sequence,mandatory\nM1,Cooperation,1,=FALSE()\n",
            "modules.csv",
            MAX_MB,
        )[0]
        .sheets["modules"]
        .records[0]["mandatory"]
        is False
    )


def test_a_non_whole_number_in_a_whole_number_column_is_still_refused_by_sheet_row_column():
    data = _one_sheet(
        "modules", MODULE_HEADER, ["M1", "Cooperation", 1.0, True], ["M2", "Quality", 2.5, False]
    )
    parsed, problems = ingest.parse_upload(data, "upload.xlsx", MAX_MB)
    assert [(p.sheet, p.row, p.column, p.message) for p in problems] == [
        ("modules", 3, "sequence", '"2.5" is not a whole number.')
    ]
    assert parsed.sheets["modules"].records[0]["sequence"] == 1


@pytest.mark.parametrize(
    ("cell", "read", "error"),
    [
        (42_370.0, date(2016, 1, 1), None),  # a date that lost its format: its serial number
        (42_370.75, date(2016, 1, 1), None),  # with a time of day, which a date loses
        (2016, None, '"2016" is not a date; use an Excel date or YYYY-MM-DD.'),  # a year
        (-3.0, None, '"-3" is not a date; use an Excel date or YYYY-MM-DD.'),
    ],
)
def test_a_serial_number_in_a_date_column_reads_as_its_date(cell, read, error):
    header = [c.name for c in TABLES_BY_NAME["periods"].columns]
    data = _one_sheet("periods", header, ["2016-H1", cell, date(2016, 6, 30)])
    parsed, problems = ingest.parse_upload(data, "upload.xlsx", MAX_MB)
    assert parsed.sheets["periods"].records[0]["start_date"] == read
    assert [p.message for p in problems] == ([error] if error else [])


def _marked(keyword: str | None, line: str | None) -> bytes:
    workbook = load_workbook(io.BytesIO(ingest.export_all(build_handmade())))
    workbook.properties.keywords = keyword
    if line is not None:
        workbook[INSTRUCTIONS].insert_rows(DEMO_ROW)
        workbook[INSTRUCTIONS].cell(row=DEMO_ROW, column=1, value=line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("keyword", "line", "demo"),
    [
        (DEMO_KEYWORD, DEMO_LINE, True),  # as the export writes it
        ("score-dashboard illustrative demo data", None, True),  # Calc's keyword, old export
        (None, DEMO_LINE, True),  # the keyword dropped by another program
        (None, " " + DEMO_LINE.replace(". ", ".\n"), True),  # the line rewrapped
        (None, None, False),  # real records
        ("score-dashboard", "Notes on the data", False),
    ],
)
def test_either_demo_mark_makes_the_file_the_demo(keyword, line, demo):
    parsed, _problems = ingest.parse_upload(_marked(keyword, line), "upload.xlsx", MAX_MB)
    assert parsed.demo is demo


def test_the_export_writes_the_demo_line_as_text_below_the_title():
    workbook = load_workbook(io.BytesIO(ingest.export_all(build_handmade(), demo=True)))
    cell = workbook[INSTRUCTIONS].cell(row=DEMO_ROW, column=1)
    assert (cell.value, cell.data_type) == (DEMO_LINE, "s")
    assert workbook[INSTRUCTIONS].cell(row=1, column=1).value == "SCORE India: data export"
    assert workbook.properties.keywords == DEMO_KEYWORD


def test_a_serial_number_in_a_records_date_column_reads_as_its_date():
    workbook = Workbook()
    ws = workbook.worksheets[0]
    ws.title = minutes.ITEMS
    ws.append(list(minutes.ITEM_COLUMNS))
    values = {
        "ID": 7.0,
        "Kind": "action",
        "Review": "2016-H1",
        "Text": "Visit",
        "Due": 42_400.0,  # 2016-01-31
        "Recorded at": 42_370.5,  # 2016-01-01 12:00
        "Recorded by": "secretary",
    }
    ws.append([values.get(name) for name in minutes.ITEM_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    records, problems = read_workbook(buffer.getvalue())
    assert problems == []
    item = records.items.iloc[0]
    assert item["ID"] == 7
    assert item["Due"] == pd.Timestamp(2016, 1, 31)
    assert item["Recorded at"] == pd.Timestamp(datetime(2016, 1, 1, 12))
