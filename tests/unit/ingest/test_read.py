"""Which table a sheet or a CSV file holds (ingest.read); file-level refusals are in the corpus."""

from __future__ import annotations

from score_dash import ingest
from score_dash.dictionary import TABLES_BY_NAME
from score_dash.ingest.read import table_for_csv_name
from tests.unit.bad_files import workforce_row, xlsx


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
