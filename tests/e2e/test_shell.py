"""Real browser: first start, shared link on a freshly started server, Excel download."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import screenshot, settle_after, start_server, wait_settled, watch_runs


def metric_text(page: Page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return card.locator('[data-testid="stMetricValue"]').inner_text()


def choose(page: Page, key: str, option: str) -> None:
    """Pick an option in a sidebar multiselect by its label, and wait for the rerun."""
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.fill(option)  # typing narrows the list and opens it even when it was closed
    settle_after(page, page.get_by_role("option", name=option, exact=True).click)
    page.keyboard.press("Escape")


def test_first_start_creates_the_database_and_shows_the_overview(fresh_server, page: Page):
    page.goto(fresh_server.url)
    wait_settled(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Illustrative demo data").first).to_be_visible()
    assert metric_text(page, "Enterprises trained").replace(",", "").isdigit()
    screenshot(page, "overview-first-start")


def test_a_shared_link_reproduces_the_view_on_a_new_server(
    app_server, page: Page, browser, tmp_path
):
    page.goto(f"{app_server.url}/definitions")
    wait_settled(page)
    choose(page, "state", "Tamil Nadu")
    expect(page).to_have_url(re.compile(r"state=Tamil"))
    choose(page, "sector", "Garments")
    option = page.get_by_role("option", name="2016-H1", exact=True)
    for _ in range(3):  # a click that lands while the last rerun redraws opens nothing
        page.locator(".st-key-period").click()
        try:
            option.wait_for(timeout=10_000)
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    settle_after(page, option.click)
    expect(page).to_have_url(re.compile(r"period=2016-H1"))
    page.get_by_role("button", name="Share this view").click()
    code = page.locator('[data-testid="stPopoverBody"] code').first
    expect(code).to_contain_text("sector=Garments")
    link = code.inner_text().strip()
    screenshot(page, "share-this-view", full=False)
    assert parse_qs(urlparse(link).query) == {
        "period": ["2016-H1"],
        "state": ["Tamil Nadu"],
        "sector": ["Garments"],
    }
    assert urlparse(link).path == "/definitions"

    # The link, as headquarters would open it: a new browser context, and the very first
    # request to a server that has just started (with its own database).
    server = start_server(tmp_path)
    try:
        shared = link.replace(app_server.url, server.url)
        context = watch_runs(browser.new_context(viewport={"width": 1400, "height": 1000}))
        fresh = context.new_page()
        fresh.goto(shared)
        wait_settled(fresh)
        expect(fresh.locator('[data-testid="stException"]')).to_have_count(0)
        expect(fresh.get_by_role("heading", name="Definitions")).to_be_visible()
        sidebar = fresh.locator('[data-testid="stSidebar"]')
        expect(sidebar.locator(".st-key-state")).to_contain_text("Tamil Nadu")
        expect(sidebar.locator(".st-key-sector")).to_contain_text("Garments")
        expect(sidebar.locator(".st-key-period input")).to_have_value("2016-H1")
        expect(
            fresh.locator('[data-testid="stAlert"]').filter(has_text="Ignored in the link")
        ).to_have_count(0)
        assert parse_qs(urlparse(fresh.url).query) == parse_qs(urlparse(shared).query)
        screenshot(fresh, "shared-link-on-new-server")
        # Same figures: the Overview of both servers, reached through the navigation (the
        # filters survive the page switch), shows the same numbers.
        figures = []
        for tab in (page, fresh):
            settle_after(
                tab,
                tab.locator('[data-testid="stSidebarNav"]')
                .get_by_role("link", name="Overview")
                .click,
            )
            expect(tab).to_have_url(re.compile(r"state=Tamil"))
            figures.append(tab.locator('[data-testid="stMetricValue"]').all_inner_texts())
        assert figures[0] and figures[0] == figures[1]
        context.close()
    finally:
        server.stop()


def test_download_excel_saves_the_table_shown(app_server, page: Page):
    page.goto(f"{app_server.url}/definitions?q=women")
    wait_settled(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    data = Path(download.path()).read_bytes()
    wb = load_workbook(io.BytesIO(data), read_only=True)
    assert wb.sheetnames[0] == "About"
    about = "\n".join(str(v) for row in wb["About"].iter_rows(values_only=True) for v in row if v)
    assert "definitions?q=women" in about
    names = [row[0] for row in wb["Indicators"].iter_rows(min_row=2, values_only=True)]
    assert names and all(
        "women" in " ".join(map(str, r)).lower()
        for r in wb["Indicators"].iter_rows(min_row=2, values_only=True)
    )
    # the same number of rows as the page says it shows
    expect(page.get_by_role("heading", name=f"Indicators ({len(names)})")).to_be_visible()
    # the page did not rerun because of the download
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_every_page_links_to_the_definitions_keeping_the_filters(app_server, page: Page):
    page.goto(f"{app_server.url}/results?state=Haryana&kpi=Accidents")
    wait_settled(page)
    expect(page).to_have_title("Results · SCORE India review")  # one title per page
    link = page.get_by_role("link", name="What do these numbers mean?")
    settle_after(page, link.click)
    expect(page).to_have_url(re.compile(r"/definitions\?.*state=Haryana"))
    expect(page).to_have_title("Definitions · SCORE India review")
    expect(page.get_by_role("heading", name="Definitions")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    # no link to the page itself
    expect(page.get_by_role("link", name="What do these numbers mean?")).to_have_count(0)


def test_a_reversed_trend_range_in_a_link_is_read_in_order_everywhere(app_server, page: Page):
    """Streamlit reads ?range=2016-H1&range=2012-H1 in order: the slider, the address bar
    and the notice all say 2012-H1 to 2016-H1."""
    page.goto(f"{app_server.url}/coverage?range=2016-H1&range=2012-H1&state=Haryana")
    wait_settled(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="Ignored in the link")
    expect(notice).to_contain_text("reversed: read as 2012-H1 to 2016-H1")
    expect(page).to_have_url(re.compile(r"range=2012-H1&range=2016-H1"))
    expect(page).to_have_url(re.compile(r"state=Haryana"))
    slider = page.locator(".st-key-range")
    expect(slider).to_contain_text("2012-H1")
    expect(slider).to_contain_text("2016-H1")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
