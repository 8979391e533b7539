"""One cell as its column's type, or the reason it is refused (ingest.check.cells)."""

from __future__ import annotations

from datetime import date

import pytest

from score_dash.core.dictionary import TABLES, TABLES_BY_NAME
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


REFUSALS = [
    ("enterprises", "name", "  ", "A value is required."),
    ("workforce", "role", "boss", '"boss" is not allowed here; use one of: manager, worker.'),
    ("workforce", "total", -3, "-3 is below the smallest allowed value, 0."),
    ("enrolments", "satisfaction_pct", 100.5, "100.5 is above the largest allowed value, 100."),
    ("enterprises", "name", True, "True is not text."),
    ("enterprises", "name", date(2016, 1, 1), "A date is not allowed here; type the text."),
    ("enterprises", "women_owned", "maybe", '"maybe" is not yes or no; use TRUE or FALSE.'),
    (
        "enterprises",
        "joined_date",
        "15/01/2016",
        '"15/01/2016" is not a date; use an Excel date or YYYY-MM-DD.',
    ),
    ("workforce", "total", "many", '"many" is not a whole number.'),
    ("workforce", "total", 2.5, '"2.5" is not a whole number.'),
    ("enterprises", "latitude", "north", '"north" is not a number.'),
    ("enterprises", "latitude", "nan", '"nan" is not a number.'),
    ("enterprises", "latitude", True, '"True" is not a number.'),
    (
        "enterprises",
        "name",
        "\u202eexe.gnp Ltd",
        "The text holds an invisible character that reverses its direction (right-to-left "
        "override): retype it without.",
    ),
]


@pytest.mark.parametrize(("table", "column", "raw", "message"), REFUSALS)
def test_cell_is_refused_saying_why(table: str, column: str, raw: object, message: str) -> None:
    assert convert_cell(TABLES_BY_NAME[table].column(column), raw) == (None, message)


def test_an_empty_optional_cell_is_no_value() -> None:
    assert convert_cell(TABLES_BY_NAME["workforce"].column("female"), " ") == (None, None)
