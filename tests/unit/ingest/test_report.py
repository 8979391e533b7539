"""The report's wording for the command line and the Data page (ingest.report)."""

from __future__ import annotations

from score_dash import ingest
from tests.unit.bad_files import workforce_file, workforce_row


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
