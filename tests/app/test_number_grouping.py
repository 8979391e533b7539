"""Numbers of a lakh and more, as people read them: grouped the Indian way by default
(1,17,954), the international way with SCORE_NUMBER_GROUPING=international (117,954), on the
Overview's cards, in its Excel (a number format; the cell keeps its number), in its charts'
number locale and in the printed pack's text.

The demo at six times its size has more than a lakh of workers in 2017-H2; the figure itself
comes from SQL written in tests/app/test_shell.py.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
import streamlit as st
from openpyxl import load_workbook
from pypdf import PdfReader
from streamlit import dataframe_util
from streamlit.testing.v1.element_tree import Dataframe

from score_dash.cli import main
from score_dash.config import get_config
from score_dash.core import formats
from score_dash.pack import compose
from score_dash.store import db
from tests.app.conftest import RunApp, errors, last_download, table
from tests.app.test_shell import metric_values, sql_figures

PERIOD = "2017-H2"
WORKERS = "Workers in participating enterprises"
INDIAN = re.compile(r"\d{1,2}(,\d\d)*,\d{3}")  # 1,17,954: three digits, then pairs
INTERNATIONAL = re.compile(r"\d{1,3}(,\d{3})+")  # 117,954
# Excel's Indian grouping, written out here: negatives, a lakh and more, then the usual.
INDIAN_COUNT_FORMAT = "[<0]#,##0;[>=100000]##\\,##\\,##0;#,##0"


@pytest.fixture(scope="module")
def large_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("large") / "demo6.db"
    url = f"sqlite:///{path}"
    db.load_demo(db.make_engine(url), scale=6)
    return url


@pytest.fixture(scope="module")
def workers(large_db_url: str) -> int:
    count = int(sql_figures(large_db_url, PERIOD)[WORKERS])
    assert count >= 100_000, "the test needs a figure of a lakh or more"
    return count


@pytest.fixture(params=["indian", "international"])
def grouping(
    request: pytest.FixtureRequest, large_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The large demo, with the grouping set as a deployment sets it (the environment).
    Streamlit's caches are emptied: a process never changes its grouping, but the tests do."""
    monkeypatch.setenv("SCORE_DB_URL", large_db_url)
    monkeypatch.setenv("SCORE_NUMBER_GROUPING", request.param)
    get_config.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield request.param
    st.cache_data.clear()
    st.cache_resource.clear()
    get_config.cache_clear()
    formats.use(formats.DEFAULT_CONVENTIONS)


def test_the_overview_card_the_excel_and_the_charts_group_as_set(
    run_app: RunApp, grouping: str, workers: int
) -> None:
    at = run_app(params={"period": PERIOD})
    assert errors(at) == []
    shown = metric_values(at)[WORKERS]
    pattern = INDIAN if grouping == "indian" else INTERNATIONAL
    assert pattern.fullmatch(shown), shown
    assert int(shown.replace(",", "")) == workers
    if grouping == "international":
        assert shown == f"{workers:,}"  # Python's own grouping in threes
    # The Excel keeps the number; only its display format follows the setting.
    book = load_workbook(io.BytesIO(last_download(at, "overview")))
    glance = book["Programme at a glance"]  # the sheet of the cards under "Programme"
    cells = [row[2] for row in glance.iter_rows() if row[0].value == WORKERS]
    assert [cell.value for cell in cells] == [workers]
    assert all(isinstance(cell.value, int) for cell in cells)
    wanted = INDIAN_COUNT_FORMAT if grouping == "indian" else "#,##0"
    assert {cell.number_format for cell in cells} == {wanted}
    # Every chart's own number formats (tooltips, labels) group the same way.
    charts = at.get("vega_lite_chart")
    assert charts
    for chart in charts:
        sizes = json.loads(chart.proto.spec)["config"]["locale"]["number"]["grouping"]
        assert sizes[:2] == ([3, 2] if grouping == "indian" else [3])


# The pack's sections that print the figure: Overview's card and the caption of Gender's chart
# of workers (the other sections print no figure of a lakh). The pack is made of these alone:
# the command, its document and its PDF as for the whole pack, without the other charts.
PACK_PAGES = ("overview", "gender")


def test_the_pack_text_groups_as_set(
    grouping: str, workers: int, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF's text layer (what a reader copies or a screen reader reads)."""
    pages = tuple(page for page in compose.review_pages() if page.name in PACK_PAGES)
    assert [page.name for page in pages] == list(PACK_PAGES)
    monkeypatch.setattr(compose, "review_pages", lambda: pages)
    out = tmp_path / "pack.pdf"
    assert main(["pack", "--period", PERIOD, "--out", str(out)]) == 0
    text = " ".join(page.extract_text() or "" for page in PdfReader(out).pages)
    indian = f"{workers // 100_000},{workers // 1000 % 100:02d},{workers % 1000:03d}"
    assert (indian in text) == (grouping == "indian")
    assert (f"{workers:,}" in text) == (grouping == "international")


def test_a_kpi_in_rupees_shows_its_median_change_in_rupees(rendered: RunApp) -> None:
    """Cost savings are reported in INR thousand: the Results card writes the median change
    in rupees with ₹ (25.1 thousand is ₹ 25,100; from a lakh in lakh), the Excel keeps the
    number in the KPI's unit."""
    at = rendered("app_pages/results.py", {"kpi": "Cost savings"})
    assert at.selectbox(key="kpi").value == "cost_savings"
    assert errors(at) == []
    shown = metric_values(at)["Median change"]
    book = load_workbook(io.BytesIO(last_download(at, "results")))
    rows = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=2)}
    rupees = rows["Median change"] * 1000  # INR thousand
    match = re.fullmatch(r"(-?)₹ ([\d,]+(?:\.\d+)?)( lakh)?", shown)
    assert match, shown
    sign, number, lakh = match.groups()
    value = float(number.replace(",", "")) * (100_000 if lakh else 1) * (-1 if sign else 1)
    assert abs(value - rupees) <= (5_000 if lakh else 0.5), (shown, rupees)


def display_texts(element: Dataframe) -> pd.DataFrame:
    """The texts the grid writes in a table's cells, where the app set them (pandas' Styler);
    `element.value` keeps the numbers the grid sorts by."""
    texts = element.proto.arrow_data.styler.display_values
    assert texts, "the table sets no display text"
    return dataframe_util.convert_arrow_bytes_to_pandas_df(texts)


@pytest.fixture(params=["indian", "international"])
def table_grouping(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The demo, with the grouping set as a deployment sets it. A table's display text is
    written as it is drawn, so the app's caches can stay (the demo's figures are enough)."""
    monkeypatch.setenv("SCORE_NUMBER_GROUPING", request.param)
    get_config.cache_clear()
    yield request.param
    get_config.cache_clear()
    formats.use(formats.DEFAULT_CONVENTIONS)


def test_a_table_on_screen_groups_its_numbers_as_set_and_sorts_them_as_numbers(
    run_app: RunApp, table_grouping: str
) -> None:
    """Partners' table by state: people reached by the media run to lakhs. The grid's own
    display (and its "localized" format, which follows the reader's browser) would write
    2239335; the cell reads 22,39,335 (2,239,335 international) and keeps the number."""
    grouping = table_grouping
    at = run_app("app_pages/partners.py", params={"period": PERIOD})
    assert errors(at) == []
    element = table(at, "partners_by_state")
    numbers, texts = element.value, display_texts(element)
    reach = numbers["People reached"]
    assert pd.api.types.is_integer_dtype(reach), "the column sorts as numbers"
    pairs = [(n, s) for n, s in zip(reach, texts["People reached"], strict=True) if n >= 100_000]
    assert pairs, "the test needs a figure of a lakh or more"
    pattern = INDIAN if grouping == "indian" else INTERNATIONAL
    for number, text in pairs:
        assert pattern.fullmatch(text), text
        assert int(text.replace(",", "")) == number
    # A figure under a thousand reads as it is, and text columns keep their text.
    small = [(n, s) for n, s in zip(reach, texts["People reached"], strict=True) if n < 1000]
    assert all(text == str(number) for number, text in small)
    assert list(texts["State"]) == list(numbers["State"])


def test_a_table_of_small_numbers_is_drawn_as_the_grid_draws_it(run_app: RunApp) -> None:
    """No number of a thousand or more: no display text is set (a Styler costs the server
    about 0.1 ms a cell, and grouping changes nothing)."""
    at = run_app("app_pages/modules.py", params={"period": PERIOD})
    assert errors(at) == []
    element = table(at, "modules_funnel")
    assert element.value.select_dtypes("number").abs().max().max() < 1000
    assert not element.proto.arrow_data.styler.display_values


@pytest.mark.parametrize(("style", "shown"), [("day-month", "DD-MM-YYYY"), ("iso", "YYYY-MM-DD")])
def test_a_column_of_dates_on_screen_reads_as_set(
    run_app: RunApp, monkeypatch: pytest.MonkeyPatch, style: str, shown: str
) -> None:
    """The associations' MoU dates: the grid's own format is ISO; the column reads 14-02-2018
    by default (`SCORE_DATE_FORMAT`), and stays a column of dates (it sorts by date)."""
    monkeypatch.setenv("SCORE_DATE_FORMAT", style)
    get_config.cache_clear()
    try:
        at = run_app("app_pages/partners.py", params={"period": PERIOD})
        assert errors(at) == []
        element = table(at, "partners_associations")
        dates = element.value["MoU signed"].dropna()
        assert len(dates) and all(isinstance(value, date) for value in dates)
        config = json.loads(element.proto.columns)["MoU signed"]
        assert config["type_config"] == {"type": "date", "format": shown}
    finally:
        get_config.cache_clear()
        formats.use(formats.DEFAULT_CONVENTIONS)
