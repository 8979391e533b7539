"""The import template and the export of all data (ingest.template)."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from score_dash import ingest
from score_dash.core.dictionary import TABLES


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
    assert wb["enterprises"].cell(row=2, column=1).value == "EXAMPLE-E1"  # made up, not copied


def test_template_example_rows_are_ignored(engine) -> None:
    _parsed, report = ingest.check_file(ingest.build_template(), "t.xlsx", engine, 20)
    assert report.examples_ignored == len(TABLES)
    assert [p.message for p in report.errors] == [
        "The file holds no data rows (example rows are ignored)."
    ]


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


def test_example_rows_are_fictional_never_copied_from_the_database(loaded_frames) -> None:
    """A template with the database's codes in its drop-downs still has made-up examples."""
    data = ingest.build_template(loaded_frames)
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    names = set(loaded_frames["enterprises"]["name"]) | set(
        loaded_frames["enterprises"]["enterprise"]
    )
    for table in ("enterprises", "kpi_observations", "workforce", "enrolments"):
        example = next(workbook[table].iter_rows(min_row=2, max_row=2, values_only=True))
        assert not names & {str(v) for v in example if v is not None}, table
