"""Browser tests of the Modules and Results pages: they draw, and the KPI choice is the URL."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, screenshot, settle_after, wait_settled

EXCEPTION = '[data-testid="stException"]'
CHART = '[data-testid="stVegaLiteChart"]'


def test_modules_page_draws_funnels_cohorts_and_breakdowns(page: Page, app_server: Server) -> None:
    page.goto(f"{app_server.url}/modules?period=2015-H2")
    wait_settled(page)
    expect(page.get_by_role("heading", name="Funnel per module")).to_be_visible()
    charts = page.locator(CHART)
    expect(charts.first).to_be_visible()
    # funnel, cohorts, cluster/partner/trainer tabs, days, modules per enterprise, participants
    expect(charts).to_have_count(8)
    expect(page.get_by_role("img").filter(has_text="Visit 3").first).to_be_attached()
    expect(page.get_by_text("In progress", exact=True).first).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    screenshot(page, "modules-2015-H2")


def test_results_kpi_choice_is_written_to_the_url(page: Page, app_server: Server) -> None:
    page.goto(f"{app_server.url}/results")
    wait_settled(page)
    page.locator(".st-key-kpi").click()
    # The rerun's end, counted from the server's messages: "not running" alone can be read
    # before the rerun starts, and then the old KPI's page is checked (failed on a busy machine).
    settle_after(page, page.get_by_role("option", name="Defect rate", exact=True).click)
    expect(page).to_have_url(re.compile(r"[?&]kpi=Defect(\+|%20)rate(&|$)"))
    expect(page.get_by_text("lower is better").first).to_be_visible()
    expect(
        page.get_by_role("heading", name="Implausible values (excluded, listed)")
    ).to_be_visible()
    expect(page.locator(CHART)).to_have_count(5)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    screenshot(page, "results-defect-rate")
