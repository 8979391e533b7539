"""Which table a sheet or a CSV file holds (ingest.read); file-level refusals are in the corpus."""

from __future__ import annotations

import io
import zipfile

import openpyxl.xml
import pytest

from score_dash import ingest
from score_dash.core.dictionary import TABLES_BY_NAME
from score_dash.ingest import check_file
from score_dash.ingest.read import table_for_csv_name
from tests.unit.bad_files import good_file, workforce_row, xlsx


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


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def _with_entities(base: bytes, member: str) -> bytes:
    """A copy of a workbook whose `member` XML starts with an entity-expansion bomb."""
    source, target = zipfile.ZipFile(io.BytesIO(base)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                body = content.decode("utf-8").split("?>", 1)[-1]
                content = (BILLION_LAUGHS + body.replace("<v>", "<v>&lol9;", 1)).encode()
            out.writestr(item, content)
    return target.getvalue()


def test_openpyxl_reads_xml_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True  # openpyxl uses defusedxml when it is installed


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_an_entity_expansion_bomb_is_refused_not_expanded(engine, member):
    bomb = _with_entities(good_file(), member)
    parsed, report = check_file(bomb, "bomb.xlsx", engine, 20)
    assert parsed is None
    assert "damaged and cannot be opened" in report.problems[0].message
