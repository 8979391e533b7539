"""One cell as its column's type, or the reason it is refused (ingest.check.cells)."""

from __future__ import annotations

from datetime import date

from score_dash.dictionary import TABLES
from score_dash.ingest.check.cells import convert_cell


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
