"""Coverage and Gender & jobs in a real browser that may reach nothing but 127.0.0.1."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import Server, screenshot, settle_after, wait_settled

EXCEPTION = '[data-testid="stException"]'
CHART_CANVAS = '[data-testid="stVegaLiteChart"] svg.marks:visible'


@pytest.fixture
def requests_seen(page: Page) -> list[str]:
    """Every URL the page requests; anything not on loopback is blocked, and recorded."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    # A chart that Vega cannot draw is blank, with only a page error: record those too.
    page.on("pageerror", lambda error: seen.append(f"pageerror:{error}"))

    def only_loopback(route: Route) -> None:
        host = urlparse(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    page.route(re.compile(r"^https?://"), only_loopback)
    return seen


def _off_loopback(urls: list[str]) -> list[str]:
    """Requests that left loopback, and page errors (both must be empty)."""
    return [
        url
        for url in urls
        if url.startswith("pageerror:")
        or (not url.startswith(("data:", "blob:")) and urlparse(url).hostname != "127.0.0.1")
    ]


def test_coverage_map_renders_offline_and_narrows_the_filters(
    page: Page, app_server: Server, requests_seen: list[str]
) -> None:
    page.goto(f"{app_server.url}/coverage")
    wait_settled(page)
    # The first view is vector graphics (no WebGL); "Zoom and pan" hands over to deck.gl.
    vector = page.locator('[data-testid="stVegaLiteChart"][aria-label^="Map of the clusters"]')
    expect(vector.first).to_be_visible(timeout=30_000)
    deck = page.locator('[data-testid="stDeckGlJsonChart"]')
    expect(deck).to_have_count(0)
    settle_after(page, page.locator(".st-key-explore_map label").click)
    expect(deck.locator("canvas").first).to_be_visible(timeout=30_000)
    expect(page.locator(CHART_CANVAS).first).to_be_visible()  # the state tile grid
    expect(page.get_by_text("GeoNames", exact=False).first).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    screenshot(page, "coverage")

    page.locator(".st-key-narrow_choice").click()
    page.get_by_role("option", name="Cluster: Pune", exact=True).click()
    wait_settled(page)
    page.locator(".st-key-narrow_apply button").click()
    expect(page).to_have_url(re.compile(r"cluster=Pune"), timeout=30_000)
    wait_settled(page)
    expect(page).to_have_url(re.compile(r"state=Maharashtra"))
    expect(page.locator(EXCEPTION)).to_have_count(0)
    expect(deck.locator("canvas").first).to_be_visible()
    screenshot(page, "coverage-pune", full=False)
    assert _off_loopback(requests_seen) == []


def test_gender_page_renders_offline(
    page: Page, app_server: Server, requests_seen: list[str]
) -> None:
    page.goto(f"{app_server.url}/gender?state=Tamil+Nadu")
    wait_settled(page)
    expect(page.get_by_text("Women's share at each level").first).to_be_visible()
    expect(page.locator(CHART_CANVAS).first).to_be_visible()  # the levels centrepiece
    expect(page.locator(EXCEPTION)).to_have_count(0)
    screenshot(page, "gender")
    assert _off_loopback(requests_seen) == []


def test_a_click_on_a_state_square_narrows_the_filters(app_server: Server, page: Page) -> None:
    page.goto(f"{app_server.url}/coverage")
    wait_settled(page)
    tile = page.locator('.st-key-coverage_grid svg [aria-label*="State: Tamil Nadu"]').first
    tile.scroll_into_view_if_needed()
    box = tile.bounding_box()
    # The square's centre (its code and value labels sit on top of it; the click goes through)
    settle_after(
        page, lambda: page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    )
    expect(page).to_have_url(re.compile(r"state=Tamil\+Nadu"))
    expect(page.locator(".st-key-state")).to_contain_text("Tamil Nadu")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    # A state without the programme (no clusters) is not a filter value: nothing changes.
    page.goto(f"{app_server.url}/coverage")
    wait_settled(page)
    empty = page.locator('.st-key-coverage_grid svg [aria-label*="State: Bihar"]').first
    empty.scroll_into_view_if_needed()
    box = empty.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_settled(page)
    assert "state=" not in page.url
