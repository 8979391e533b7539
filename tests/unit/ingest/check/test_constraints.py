"""Every constraint the database holds is checked before anything is written, with its place:
a value the database keeps unique (besides the key) and text wider than its column.

Each case takes two real rows of a table from the demo dataset, breaks one constraint, and
uploads them as that table's sheet: the report names the sheet, row and column, and the
database is unchanged.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from score_dash.core.dictionary import TABLES_BY_NAME
from score_dash.ingest import check_file
from score_dash.store import db
from tests.unit.bad_files import xlsx

UNIQUE = [(t, c) for t in db.TABLE_ORDER for c in db.unique_columns(t)]
TEXT = [
    (t, c, w)
    for t in db.TABLE_ORDER
    for c, w in db.text_widths(t).items()
    if not TABLES_BY_NAME[t].column(c).allowed and not TABLES_BY_NAME[t].column(c).references
]


@pytest.fixture(scope="module")
def frames(demo_frames) -> dict[str, pd.DataFrame]:
    """The session's demo frames (read here, never changed: rows are copied)."""
    return demo_frames


def sheet_rows(frame: pd.DataFrame, table: str) -> list[list[object]]:
    columns = TABLES_BY_NAME[table].column_names
    rows = [columns]
    for record in frame[columns].astype(object).itertuples(index=False, name=None):
        rows.append([plain(v) for v in record])
    return rows


def plain(value: object) -> object:
    if pd.isna(value):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def errors_at(report, text: str) -> list[tuple[str, int | None, str]]:
    """Where the report's errors whose message contains `text` are."""
    return [(p.sheet, p.row, p.column) for p in report.errors if text in p.message]


NEW_CODE = {"states": "IN-ZZ", "modules": "M9"}  # a code not in the database, of its width


def digest(url: str) -> str:
    return hashlib.sha256(Path(url.removeprefix("sqlite:///")).read_bytes()).hexdigest()


def test_the_database_keeps_these_unique_and_narrow():
    # Read from the data model: what the checks below go through.
    assert ("states", "name") in UNIQUE and ("modules", "sequence") in UNIQUE
    assert ("enterprises", "name", 120) in TEXT


@pytest.mark.parametrize(("table", "column"), UNIQUE)
def test_a_repeated_unique_value_is_refused_in_the_file(
    frames, engine, records_db_url, table, column
):
    two = frames[table].head(2).copy()
    two.loc[two.index[1], column] = two.loc[two.index[0], column]
    before = digest(records_db_url)
    _parsed, report = check_file(xlsx({table: sheet_rows(two, table)}), "upload.xlsx", engine, 20)
    assert (table, 3, column) in errors_at(report, "must be unique"), report.to_text()
    assert digest(records_db_url) == before


@pytest.mark.parametrize(("table", "column"), UNIQUE)
def test_a_unique_value_held_by_another_row_of_the_database_is_refused(
    frames, engine, table, column
):
    key = TABLES_BY_NAME[table].key[0]
    taken = frames[table].head(2).copy()
    new = taken.iloc[[1]].copy()
    new[key] = (
        "Z9"
        if TABLES_BY_NAME[table].key[0] == "module"
        else "IN-ZZ"[:5]
        if table == "states"
        else "NEW-999"
    )
    new[column] = taken.iloc[0][column]
    _parsed, report = check_file(xlsx({table: sheet_rows(new, table)}), "upload.xlsx", engine, 20)
    found = [
        (p.sheet, p.row, p.column) for p in report.errors if "the database has it" in p.message
    ]
    assert (table, 2, column) in found, report.to_text()


@pytest.mark.parametrize(("table", "column", "width"), TEXT)
def test_text_wider_than_its_column_is_refused(frames, engine, table, column, width):
    one = frames[table].head(1).copy()
    one[column] = "x" * (width + 1)
    _parsed, report = check_file(xlsx({table: sheet_rows(one, table)}), "upload.xlsx", engine, 20)
    found = [
        (p.sheet, p.row, p.column) for p in report.errors if f"at most {width} fit" in p.message
    ]
    assert (table, 2, column) in found, report.to_text()
