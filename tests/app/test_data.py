"""AppTest of the Data page: quality tables, Excel, and the upload -> report -> confirm flow.

Upload tests run on a private copy of the demo database, since they write to it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from score_dash.config import get_config
from score_dash.store import db, loading
from tests.app.conftest import (
    RunApp,
    errors,
    last_download,
    table,
    visible,
)
from tests.app.sql import Truth
from tests.excel import assert_same_table, read_sheet
from tests.unit.bad_files import good_file, workforce_file, workforce_row

PAGE = "app_pages/data.py"


def quality_tables(at) -> list:
    """The page's tables after the first-import guide's sheet order."""
    return [d for d in at.dataframe if "Step" not in d.value.columns]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def private_db(records_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "score.db"
    shutil.copy(records_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()
    return url


def _frame_with(at, column: str):
    """The rendered table that has this column (AppTest does not key dataframes)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


# The quality table's columns and the SQL figures (tests/app/sql.py) they must equal.
CHECKS = {
    "Reports expected": "expected",
    "Reports received": "received",
    "Late reports": "late",
    "KPI values outside plausible range": "outliers",
    "Workforce rows": "rows",
    "Rows missing sex": "missing_sex",
    "Rows not adding up": "not_adding_up",
}
TITLES = ("Quality by half-year", "Quality by partner", "Rows behind the checks")


def assert_counts_equal_sql(by_period: pd.DataFrame, truth: Truth) -> None:
    expected = truth.quality_by_half_year()
    shown = by_period.set_index("Half-year")
    assert list(shown.index) == list(expected.index)
    for column, name in CHECKS.items():
        assert shown[column].astype(int).tolist() == expected[name].tolist(), column


def test_default_view_shows_quality_tables_history_and_matching_excel(
    run_app: RunApp, demo_db_url: str
) -> None:
    at = run_app(page=PAGE)
    assert not errors(at)
    by_period = quality_tables(at)[0].value
    assert_counts_equal_sql(by_period, Truth(demo_db_url, "2017-H2"))
    workbook = last_download(at, "data")
    for frame, title in zip(quality_tables(at)[:3], TITLES, strict=True):
        assert_same_table(frame.value, read_sheet(workbook, title), title)
    history = table(at, "import_history").value
    assert "demo" in set(history["Outcome"])
    assert len(at.get("file_uploader")) == 1


def test_filtered_view_by_state(run_app: RunApp, demo_db_url: str) -> None:
    at = run_app(page=PAGE, params={"state": "Haryana"})
    assert not errors(at)
    truth = Truth(demo_db_url, "2017-H2", "IN-HR")
    assert_counts_equal_sql(quality_tables(at)[0].value, truth)
    # Every enterprise has one partner row (or "No trainer recorded"): the partners' rows add
    # up to the state's figures for the review half-year.
    partners = quality_tables(at)[1].value
    review = truth.quality_by_half_year().loc["2017-H2"]
    for column in ("Reports expected", "Reports received", "Late reports", "Rows missing sex"):
        assert partners[column].sum() == review[CHECKS[column]], column
    assert partners["KPI values outside plausible range"].sum() == review["outliers"]


def test_bad_upload_shows_the_report_and_cannot_be_confirmed(
    run_app: RunApp, private_db: str
) -> None:
    at = run_app(page=PAGE)
    data = workforce_file(workforce_row(total=-3))
    at.file_uploader(key="upload").set_value(("bad.xlsx", data, XLSX))
    at.run()
    assert not at.exception
    assert any("1 errors must be corrected" in e.value for e in at.error)
    problems = _frame_with(at, "Problem")
    assert problems.iloc[0]["Problem"] == "-3 is below the smallest allowed value, 0."
    assert (problems.iloc[0]["Sheet"], problems.iloc[0]["Row"]) == ("workforce", 2)
    assert not [b for b in at.button if b.key == "confirm_import"]
    batches = loading.load_import_batches(db.make_engine(private_db))
    assert batches.iloc[0]["outcome"] == "rejected" and batches.iloc[0]["file"] == "bad.xlsx"


def test_good_upload_previews_then_imports_on_confirm(run_app: RunApp, private_db: str) -> None:
    engine = db.make_engine(private_db)
    before = db.row_counts(engine)
    at = run_app(page=PAGE)
    data = good_file()
    at.file_uploader(key="upload").set_value(("good.xlsx", data, XLSX))
    at.run()
    assert not errors(at)
    preview = _frame_with(at, "Rows to add").set_index("Table")
    assert preview.loc["workforce"].tolist() == [2, 1]
    assert db.row_counts(engine) == before  # nothing written before confirming
    at.button(key="confirm_import").click()
    at.run()
    assert not errors(at)
    imported = "Imported good.xlsx: 7 rows added, 1 rows changed."
    assert any(imported in visible(s.value) for s in at.success)
    assert db.row_counts(engine)["workforce"] == before["workforce"] + 2
    # The new half-year is visible at once: the caches were cleared.
    assert "2018-H1" in at.selectbox(key="period").options
    # The upload box starts empty after the import (a new widget), so no re-check is shown ...
    assert not any("Nothing to change" in visible(i.value) for i in at.info)
    # ... and the same file again changes nothing, and says so.
    at.file_uploader(key="upload-1").set_value(("good.xlsx", data, XLSX))
    at.run()
    assert any("Nothing to change" in visible(i.value) for i in at.info)
