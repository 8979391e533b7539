"""AppTest of the Results page: KPI choice from the URL, filters, bad KPI, Excel == screen."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from score_dash.metrics import results
from tests.app.conftest import (
    RunApp,
    errors,
    last_download,
    screen_values,
    table,
    table_keys,
)
from tests.excel import assert_same_table, read_sheet

PAGE = "app_pages/results.py"
TABLES = {  # key on the screen: sheet of the Excel, in the page's order
    "results_summary": results.TITLE_SUMMARY,
    "results_trend": results.TITLE_TREND,
    "results_changes": results.TITLE_CHANGE,
    "results_cluster": results.TITLE_CLUSTER,
    "results_sector": results.TITLE_SECTOR,
    "results_all": results.TITLE_ALL,
    "results_implausible": results.TITLE_IMPLAUSIBLE,
}


def test_default_view_is_productivity_with_trend_and_all_kpis(run_app: RunApp) -> None:
    at = run_app(page=PAGE)
    assert errors(at) == []
    assert at.selectbox(key="kpi").value == "productivity"
    assert any("higher is better" in c.value for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 5
    assert table_keys(at) == list(TABLES)
    grid = screen_values(table(at, "results_all").value)
    assert len(grid) == 12
    moves = grid["Median change (%)"].abs().dropna()
    assert moves.is_monotonic_decreasing  # biggest movement first
    implausible = screen_values(table(at, "results_implausible").value)
    assert len(implausible) > 0  # listed, not silently dropped


def test_kpi_from_the_url_and_excel_equals_the_screen(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"kpi": "Defect rate"})
    assert errors(at) == []
    assert at.selectbox(key="kpi").value == "defect_rate"
    assert any("lower is better" in c.value for c in at.caption)
    workbook = last_download(at, "results")
    for key, title in TABLES.items():
        assert_same_table(table(at, key).value, read_sheet(workbook, title), title)
    changes = screen_values(table(at, "results_changes").value)
    improved = changes[changes["Result"] == "improved"]
    assert (improved["Change"] < 0).all()  # fewer defects is better
    book = load_workbook(io.BytesIO(workbook))
    assert len(book[results.TITLE_TREND]._charts) == 1
    about = " ".join(str(c.value) for row in book["About"].iter_rows() for c in row if c.value)
    assert "Implausible KPI values" in about and "kpi=Defect+rate" in about


def test_state_filter_restricts_clusters(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"kpi": "Defect rate", "state": "Tamil Nadu"})
    assert errors(at) == []
    clusters = set(screen_values(table(at, "results_cluster").value)["Cluster"])
    assert clusters and clusters <= {"Chennai", "Coimbatore", "Tiruppur"}
    trend = screen_values(table(at, "results_trend").value)
    whole = run_app(page=PAGE, params={"kpi": "Defect rate"})
    full = screen_values(table(whole, "results_trend").value)
    assert trend["Enterprises reporting"].sum() < full["Enterprises reporting"].sum()


def test_small_groups_are_marked(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"sector": "Light engineering"})
    assert errors(at) == []
    trend = screen_values(table(at, "results_trend").value)
    assert (trend.loc[trend["Enterprises reporting"] >= 5, "Note"] == "").all()
    small = trend[(trend["Enterprises reporting"] > 0) & (trend["Enterprises reporting"] < 5)]
    assert len(small) and (small["Note"] == "small group").all()


def test_a_long_table_shows_its_first_rows_and_the_excel_all(run_app: RunApp, monkeypatch) -> None:
    from score_dash.ui import page

    monkeypatch.setattr(page, "SCREEN_ROWS", 40)
    at = run_app(page=PAGE)
    assert errors(at) == []
    workbook = read_sheet(last_download(at, "results"), results.TITLE_CHANGE)
    assert len(workbook) > 40  # one row per enterprise with a change
    shown = next(d.value for d in at.dataframe if list(d.value.columns) == list(workbook.columns))
    assert len(shown) == 40
    assert any(f"The first 40 of {len(workbook):,} rows" in c.value for c in at.caption)
