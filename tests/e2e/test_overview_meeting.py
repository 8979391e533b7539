"""Real browser: the Overview briefing in normal and meeting mode (screenshots), and
meeting mode's Next button keeping the filters and the share link keeping the mode."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import screenshot, settle_after, wait_settled

SIZES = ((1280, 720), (1920, 1080))


def no_errors(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_overview_screenshots_normal_and_meeting(
    app_server, page: Page, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(app_server.url)
    wait_settled(page)
    no_errors(page)
    expect(page.get_by_text("indicators with a target are on track")).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    screenshot(page, f"overview-{width}x{height}", full=False)
    screenshot(page, f"overview-{width}x{height}-full")

    page.goto(f"{app_server.url}/?meeting=true")
    wait_settled(page)
    no_errors(page)
    expect(page.locator(".st-key-meeting_next")).to_be_visible()
    expect(page.get_by_text("Review period: 2017-H2 · Compared with: 2017-H1")).to_be_visible()
    # The sidebar starts collapsed for the projector.
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
    size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert size == "21px"
    screenshot(page, f"overview-meeting-{width}x{height}", full=False)
    screenshot(page, f"overview-meeting-{width}x{height}-full")


def test_meeting_next_keeps_filters_and_share_link_keeps_meeting(app_server, page: Page) -> None:
    page.goto(f"{app_server.url}/?meeting=true&state=Haryana")
    wait_settled(page)
    no_errors(page)
    expect(page).to_have_url(re.compile(r"meeting=true"))
    next_button = page.locator(".st-key-meeting_next button")
    label = next_button.inner_text()
    settle_after(page, next_button.click)
    wait_settled(page)
    no_errors(page)
    expect(page).to_have_url(re.compile(r"state=Haryana"))
    expect(page).to_have_url(re.compile(r"meeting=true"))
    # The projector keeps the room: the sidebar stays collapsed on the next page too.
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
    assert urlparse(page.url).path not in ("", "/")
    title = label.split(":", 1)[1].strip()
    expect(page.get_by_role("heading", name=title).first).to_be_visible()
    # On the projector share, Excel and definitions are one menu.
    expect(page.get_by_role("button", name="Share this view")).to_have_count(0)
    page.get_by_role("button", name="Share, Excel, definitions").click()
    code = page.locator('[data-testid="stPopoverBody"] code').first
    expect(code).to_contain_text("meeting=true", timeout=20_000)
    query = parse_qs(urlparse(code.inner_text().strip()).query)
    assert query["meeting"] == ["true"] and query["state"] == ["Haryana"]
    page.keyboard.press("Escape")
    settle_after(page, page.locator(".st-key-meeting_exit button").click)
    expect(page).not_to_have_url(re.compile(r"meeting="))
    expect(page.locator(".st-key-meeting_next")).to_have_count(0)


def test_detail_link_opens_the_page_with_the_same_filters(app_server, page: Page) -> None:
    page.goto(f"{app_server.url}/?state=Haryana&period=2015-H2")
    wait_settled(page)
    link = page.get_by_role("link", name="Objectives 1-3 in detail: Partners & outreach")
    settle_after(page, link.click)
    no_errors(page)
    expect(page).to_have_url(re.compile(r"/partners\?"))
    query = parse_qs(urlparse(page.url).query)
    assert query["state"] == ["Haryana"] and query["period"] == ["2015-H2"]
    expect(page.get_by_role("heading", name="Partners & outreach").first).to_be_visible()


def test_meeting_pack_downloads_a_pdf_of_every_review_page(app_server, page: Page) -> None:
    page.goto(f"{app_server.url}/?state=Haryana")
    wait_settled(page)
    button = page.get_by_role("button", name="Meeting pack (PDF)")
    expect(button).to_be_visible()
    screenshot(page, "overview-toolbar-with-pack", full=False)
    with page.expect_download(timeout=180_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "score-meeting-pack-2017-H2.pdf"
    reader = PdfReader(download.path())
    cover = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Half-year under review: 2017-H2" in cover
    # The whole programme for the half-year, whatever the filters: the link says so.
    assert f"{app_server.url}/?period=2017-H2" in cover
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:2] == ["Overview", "Coverage"] and titles[-1] == "Definitions"
    no_errors(page)
