"""The template, parsing rules, reports and the annotated copy (no database writes)."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from score_dash import db, ingest
from score_dash.dictionary import TABLES, TABLES_BY_NAME
from score_dash.ingest.check.cells import convert_cell
from score_dash.ingest.read import table_for_csv_name
from tests.unit.bad_files import GOOD_ADDED, good_file, workforce_file, workforce_row, xlsx


@pytest.fixture(scope="module")
def engine(demo_db_url: str):
    return db.make_engine(demo_db_url)


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_template_has_instructions_and_one_sheet_per_table_with_dictionary_headers() -> None:
    wb = _open(ingest.build_template())
    assert wb.sheetnames[0] == "Instructions"
    assert wb["Lists"].sheet_state == "hidden"
    for table in TABLES:
        ws = wb[table.name]
        header = [c.value for c in ws[1]]
        assert header == [*table.column_names, ingest.EXAMPLE_COLUMN]
        for cell, column in zip(ws[1], table.columns, strict=False):
            note = cell.comment.text
            assert note.startswith("Required." if column.required else "Optional.")
            if column.allowed:
                assert "Allowed: " + ", ".join(column.allowed) in note
        assert ws.cell(row=2, column=len(header)).value == ingest.EXAMPLE_TEXT


def test_template_has_drop_downs_for_coded_columns() -> None:
    wb = _open(ingest.build_template())
    ws = wb["workforce"]
    by_column = {}
    for validation in ws.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            by_column[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation
    role = by_column["C"]  # workforce.role
    lists = wb["Lists"]
    letter = role.formula1.split("!$")[1].split("$")[0]
    values = [c.value for c in lists[letter][1:] if c.value]
    assert values == ["manager", "worker"]
    assert role.errorStyle == "stop"
    modules = {
        r.coord.split(":")[0]: v
        for v in wb["enrolments"].data_validations.dataValidation
        for r in v.sqref.ranges
    }["B2"]
    assert modules.errorStyle == "warning"  # a reference: the code may be new in the same file


def test_template_with_frames_offers_existing_codes(loaded_frames) -> None:
    wb = _open(ingest.build_template(loaded_frames))
    lists = wb["Lists"]
    headers = {c.value: c.column_letter for c in lists[1]}
    enterprises = [c.value for c in lists[headers["enterprises"]][1:] if c.value]
    assert enterprises == list(loaded_frames["enterprises"]["enterprise"])
    assert wb["enterprises"].cell(row=2, column=1).value == "E00001"


def test_template_example_rows_are_ignored(engine) -> None:
    _parsed, report = ingest.check_file(ingest.build_template(), "t.xlsx", engine, 20)
    assert report.examples_ignored == len(TABLES)
    assert [p.message for p in report.errors] == [
        "The file holds no data rows (example rows are ignored)."
    ]


def test_good_file_preview_counts_rows_to_add_and_change(engine) -> None:
    parsed, report = ingest.check_file(good_file(), "good.xlsx", engine, 20)
    assert report.ok and not report.problems
    assert {t: n for t, n in report.added.items() if n} == GOOD_ADDED
    assert report.changed["workforce"] == 1
    preview = report.preview_frame()
    assert list(preview["Table"]) == [
        "periods",
        "enterprises",
        "enrolments",
        "workforce",
        "kpi_observations",
    ]
    assert preview.set_index("Table").loc["workforce"].tolist() == [2, 1]
    assert parsed is not None and parsed.sheets["workforce"].rows == [2, 3, 4]


def test_every_problem_is_collected_not_just_the_first(engine) -> None:
    data = workforce_file(
        workforce_row(total="many"),
        workforce_row(role="manager", total=-1, female=None, male=None),
        workforce_row(role="boss", employment="contract"),
    )
    _, report = ingest.check_file(data, "w.xlsx", engine, 20)
    assert [(p.row, p.column) for p in report.errors] == [(2, "total"), (3, "total"), (4, "role")]


def test_values_are_converted_generously() -> None:
    column = TABLES[0].column("start_date")
    assert convert_cell(column, "2016-01-01") == (date(2016, 1, 1), None)
    workforce = next(t for t in TABLES if t.name == "workforce")
    assert convert_cell(workforce.column("total"), 12.0) == (12, None)
    assert convert_cell(workforce.column("total"), " 12 ") == (12, None)
    assert convert_cell(workforce.column("role"), "Manager") == ("manager", None)
    women_owned = next(t for t in TABLES if t.name == "enterprises").column("women_owned")
    assert convert_cell(women_owned, "yes") == (True, None)
    assert convert_cell(women_owned, 0) == (False, None)


def test_csv_table_is_named_by_file_name_or_first_line(engine) -> None:
    body = (
        "enterprise,period,role,employment,total,female,male\n"
        "E00001,2017-H2,worker,permanent,26,5,21\n"
    )
    for name, data in (
        ("workforce.csv", body),
        ("workforce-2017-H2.csv", body),
        ("upload.csv", "table: workforce\n" + body),
        ("upload.csv", "table,Workforce\n" + body),
    ):
        parsed, report = ingest.check_file(data.encode(), name, engine, 20)
        assert report.ok, (name, report.to_text())
        assert parsed is not None and list(parsed.sheets) == ["workforce"]
        assert report.changed == {"workforce": 1}
    assert table_for_csv_name("kpi_observations_2017.csv") == "kpi_observations"
    assert table_for_csv_name("trainer_modules.csv") == "trainer_modules"


def test_sheet_titles_and_any_case_are_accepted(engine) -> None:
    data = xlsx(
        {
            "Workforce": [
                ["Enterprise", "period", "role", "employment", "total"],
                ["E00001", "2017-H2", "worker", "permanent", 25],
            ]
        }
    )
    _, report = ingest.check_file(data, "w.xlsx", engine, 20)
    assert report.ok, report.to_text()
    assert ingest.table_for_sheet("KPI reports") == "kpi_observations"


def test_unknown_sheet_is_a_warning(engine) -> None:
    data = xlsx(
        {
            "workforce": [list(TABLES_BY_NAME["workforce"].column_names), workforce_row()],
            "Notes": [["anything"]],
        }
    )
    _, report = ingest.check_file(data, "w.xlsx", engine, 20)
    assert [(p.severity, p.message) for p in report.problems] == [
        ("warning", 'Sheet "Notes" is not a table of the template and is ignored.')
    ]


def test_report_text_and_frame_name_every_problem(engine) -> None:
    _, report = ingest.check_file(workforce_file(workforce_row(total=-3)), "w.xlsx", engine, 20)
    text = report.to_text()
    assert "File: w.xlsx" in text
    assert 'ERROR   sheet workforce, row 2, column total "-3": -3 is below the smallest' in text
    frame = report.to_frame()
    assert frame.iloc[0].to_dict() == {
        "Severity": "error",
        "Sheet": "workforce",
        "Row": 2,
        "Column": "total",
        "Value": "-3",
        "Problem": "-3 is below the smallest allowed value, 0.",
    }


def test_annotated_copy_highlights_and_comments_faulty_cells(engine) -> None:
    data = workforce_file(
        workforce_row(), workforce_row(role="manager", total=-3, female=None, male=None)
    )
    _, report = ingest.check_file(data, "w.xlsx", engine, 20)
    wb = _open(ingest.annotate_workbook(data, report))
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
    wb = _open(ingest.annotate_workbook(b"a,b\n", report))
    assert wb.sheetnames == [ingest.VALIDATION_SHEET]
    assert "renamed" in wb[ingest.VALIDATION_SHEET]["F4"].value


def test_export_all_writes_every_row_without_examples(loaded_frames) -> None:
    wb = load_workbook(io.BytesIO(ingest.export_all(loaded_frames)), read_only=True)
    for table in TABLES:
        rows = list(wb[table.name].iter_rows(values_only=True))
        assert len(rows) - 1 == len(loaded_frames[table.name]), table.name
        assert all(r[-1] is None for r in rows[1:])


def test_injection_text_is_written_as_text() -> None:
    frames = {"states": pd.DataFrame({"state": ["IN-XX"], "name": ["=1+1"]})}
    wb = _open(ingest.export_all(frames))
    cell = wb["states"]["B2"]
    assert cell.data_type == "s" and cell.value == "=1+1"
