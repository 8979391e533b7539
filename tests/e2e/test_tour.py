"""A tour of every page through the sidebar navigation with a filter set.

The filter must stay in the URL on every page (a shared link is the view), and no page may
show an exception. One browser test, well under a minute.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from score_dash.pages.registry import PAGES
from tests.e2e.conftest import Server, screenshot, settle_after, wait_settled

FILTERS = {"state": ["Tamil Nadu"], "period": ["2015-H2"]}


def test_every_page_keeps_the_filters(page: Page, app_server: Server) -> None:
    page.goto(f"{app_server.url}/coverage?state=Tamil+Nadu&period=2015-H2")
    wait_settled(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    for spec in PAGES:
        link = nav.get_by_role("link", name=spec.title, exact=True)
        settle_after(page, link.click)
        expect(page.locator("h1").first).to_be_visible()
        url = urlparse(page.url)
        assert url.path.rstrip("/") in ("", f"/{spec.name}"), (spec.title, page.url)
        params = parse_qs(url.query)
        for key, value in FILTERS.items():
            assert params.get(key) == value, f"{spec.title} lost {key}: {page.url}"
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(page.get_by_text("Illustrative demo data").first).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
    screenshot(page, "tour-last-page", full=False)
