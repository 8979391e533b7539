"""The app shell: first page, shared filters bound to the URL, notices, share link, Excel."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import text

from score_dash.pages.registry import PAGES
from score_dash.store import db
from tests.app.conftest import (
    errors,
    last_download,
    screen_values,
    table,
    table_keys,
    visible,
)
from tests.excel import read_sheet


def metric_values(at) -> dict[str, str]:
    return {visible(m.label): m.value for m in at.metric}


def sql_figures(url: str, period: str, state: str | None = None) -> dict[str, int]:
    """Headline figures computed independently of the pandas metrics, in SQL."""
    engine = db.make_engine(url)
    where_state = "AND c.state_code = :state" if state else ""
    with engine.connect() as con:
        end = con.execute(
            text("SELECT end_date FROM periods WHERE code = :p"), {"p": period}
        ).scalar()
        args = {"end": end, "p": period, "state": state}
        enterprises = con.execute(
            text(
                "SELECT COUNT(*) FROM enterprises e JOIN clusters c ON c.id = e.cluster_id "
                f"WHERE e.joined_date <= :end {where_state}"
            ),
            args,
        ).scalar()
        workers = con.execute(
            text(
                "SELECT COALESCE(SUM(w.total), 0) FROM workforce w "
                "JOIN periods p ON p.id = w.period_id JOIN enterprises e ON e.id = w.enterprise_id "
                f"JOIN clusters c ON c.id = e.cluster_id WHERE p.code = :p {where_state}"
            ),
            args,
        ).scalar()
        completed = con.execute(
            text(
                "SELECT COUNT(*) FROM enrolments n JOIN enterprises e ON e.id = n.enterprise_id "
                "JOIN clusters c ON c.id = e.cluster_id "
                f"WHERE n.completed_date <= :end {where_state}"
            ),
            args,
        ).scalar()
    return {
        "Enterprises": enterprises,
        "Workers in participating enterprises": workers,
        "Modules completed": completed,
    }


def no_missing_cell_shows_none(at, why: object) -> None:
    """Streamlit draws a missing cell as "None": every page shows "—" instead, as the cards
    do."""
    for index, element in enumerate(at.dataframe):
        frame = element.value
        missing = frame.isna().to_numpy().sum()
        assert missing == 0, (why, index, list(frame.columns))


def test_every_page_renders_without_error_and_without_none_in_a_table(rendered):
    for spec in PAGES:
        at = rendered(page=spec.file)
        assert errors(at) == [], spec.file
        assert visible(at.title[0].value).startswith(spec.title), spec.file
        no_missing_cell_shows_none(at, spec.name)


def test_overview_figures_equal_the_database(run_app, demo_db_url):
    at = run_app()
    assert errors(at) == []
    shown = metric_values(at)
    for label, value in sql_figures(demo_db_url, "2017-H2").items():
        assert shown[label] == f"{value:,}", label


def test_filters_from_the_url_change_the_figures(run_app, demo_db_url):
    at = run_app(params={"state": "Haryana", "period": "2015-H2"})
    assert errors(at) == []
    assert at.multiselect(key="state").value == ["IN-HR"]
    assert at.selectbox(key="period").value == "2015-H2"
    shown = metric_values(at)
    for label, value in sql_figures(demo_db_url, "2015-H2", "IN-HR").items():
        assert shown[label] == f"{value:,}", label
    assert shown["States"] == "1"


def test_bad_parameters_are_dropped_with_one_visible_notice(run_app, demo_db_url):
    at = run_app(
        params={
            "state": ["Haryana", "Atlantis"],
            "period": "1999-H1",
            "range": ["2016-H1", "2012-H1"],
            "women_owned": "perhaps",
        }
    )
    assert errors(at) == []
    notices = [visible(i.value) for i in at.info if "Ignored in the link" in visible(i.value)]
    assert len(notices) == 1
    for part in (
        "state 'Atlantis' (not in the data)",
        "review period '1999-H1' (not in the data)",
        "trend range 2016-H1 to 2012-H1 (reversed: read as 2012-H1 to 2016-H1)",
        "women-owned 'perhaps' (not true or false)",
    ):
        assert part in notices[0]
    assert "Haryana" not in notices[0]  # the valid value is kept, not reported
    # Each bad value is dropped: its filter holds the default; the valid state stays.
    assert at.multiselect(key="state").value == ["IN-HR"]
    assert at.selectbox(key="period").value == "2017-H2"
    assert at.toggle(key="women_owned").value is False
    # The figures are Haryana's in the latest half-year, counted in SQL.
    shown = metric_values(at)
    for label, value in sql_figures(demo_db_url, "2017-H2", "IN-HR").items():
        assert shown[label] == f"{value:,}", label


def test_a_reversed_trend_range_is_read_in_order_and_the_notice_says_so(run_app):
    """Streamlit's slider reads a reversed pair from the URL in order; the app does the same,
    so the slider, the figures and the address bar agree, and the notice says what it did."""
    at = run_app(page="app_pages/partners.py", params={"range": ["2016-H1", "2012-H1"]})
    assert "trend range 2016-H1 to 2012-H1 (reversed: read as 2012-H1 to 2016-H1)" in " ".join(
        visible(i.value) for i in at.info
    )
    assert tuple(at.select_slider(key="range").value) == ("2012-H1", "2016-H1")
    trend = screen_values(table(at, "partners_dissemination").value)  # per half-year of the range
    assert (trend["Half-year"].iloc[0], trend["Half-year"].iloc[-1]) == ("2012-H1", "2016-H1")


def test_demo_data_is_labelled_illustrative(run_app):
    at = run_app()
    assert any("Illustrative demo data" in w.value for w in at.warning)


def test_share_link_carries_every_filter(run_app):
    at = run_app(
        params={
            "state": "Tamil Nadu",
            "cluster": "Tiruppur",
            "sector": "Garments",
            "period": "2016-H1",
        }
    )
    links = [c.value for c in at.code if "http" in c.value]
    assert links == [
        "http://127.0.0.1:8501/?period=2016-H1&state=Tamil+Nadu&cluster=Tiruppur&sector=Garments"
    ]


def test_reset_filters_puts_every_filter_back(run_app):
    at = run_app(params={"state": "Haryana", "period": "2015-H2", "women_owned": "true"})
    at.button(key="reset_filters").click().run()
    assert errors(at) == []
    assert at.multiselect(key="state").value == []
    assert at.selectbox(key="period").value == "2017-H2"
    assert at.toggle(key="women_owned").value is False
    assert [c.value for c in at.code if "http" in c.value] == ["http://127.0.0.1:8501/"]


def test_changing_a_filter_updates_figures(run_app):
    at = run_app()
    before = metric_values(at)["Enterprises"]
    at.multiselect(key="sector").select("Garments").run()
    after = metric_values(at)["Enterprises"]
    assert int(after.replace(",", "")) < int(before.replace(",", ""))


def test_excel_download_equals_the_tables_on_screen(run_app):
    at = run_app(page="app_pages/definitions.py", params={"q": "share"})
    data = last_download(at, "definitions")
    tables = {  # key on the screen: sheet of the Excel, in the page's order
        "definitions_indicators": "Indicators",
        "definitions_columns": "Columns",
        "definitions_provenance": "Provenance",
    }
    assert table_keys(at) == list(tables)
    for key, title in tables.items():
        screen = table(at, key).value
        excel = read_sheet(data, title)
        pd.testing.assert_frame_equal(
            excel.fillna(""), screen.reset_index(drop=True).fillna(""), check_dtype=False, obj=title
        )


def test_definitions_search_narrows_the_tables(run_app):
    at = run_app(page="app_pages/definitions.py")
    all_rows = len(screen_values(table(at, "definitions_indicators").value))
    at.text_input(key="q").input("women").run()
    assert errors(at) == []
    narrowed = screen_values(table(at, "definitions_indicators").value)
    assert 0 < len(narrowed) < all_rows
    assert next(c.value for c in at.code if "http" in c.value).endswith("definitions?q=women")


def test_no_table_shows_none_in_the_first_half_year(run_app):
    """In the first half-year (no previous one to compare with), missing values abound: every
    page still shows "—" (the default view: the test above)."""
    for spec in PAGES:
        at = run_app(page=spec.file, params={"period": "2011-H1", "state": "Tamil Nadu"})
        assert errors(at) == [], spec.file
        no_missing_cell_shows_none(at, spec.name)
