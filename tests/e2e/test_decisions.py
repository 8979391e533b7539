"""Real browser: an action recorded in meeting mode on the Results page is there for a
viewer the next day, on a fresh server, with the link of the view it was decided on; the
link reproduces that view (page, KPI, filters, meeting mode)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from score_dash.access.policy import Role
from score_dash.meetings import minutes
from score_dash.store import db
from tests.e2e.conftest import screenshot, settle_after, start_server, wait_settled, watch_runs

ACTION = "The employers' federation recruits 20 more enterprises in Pune"
OWNER = "Employers' federation"
VIEW = "/results?meeting=true&state=Haryana&kpi=Defect+rate"


def test_an_action_recorded_in_the_meeting_reaches_a_viewer_with_its_view(
    tmp_path, browser: Browser
) -> None:
    staff_server = start_server(tmp_path)
    port = int(staff_server.url.rsplit(":", 1)[1])
    context = watch_runs(browser.new_context(viewport={"width": 1440, "height": 900}))
    page = context.new_page()
    try:
        page.goto(staff_server.url + VIEW)
        wait_settled(page)
        expect(page.locator("h1").first).to_have_text(re.compile("^Results"))
        page.get_by_role("button", name="Record a decision").click()
        page.get_by_role("radio", name="Action").click()
        page.locator(".st-key-record_here_text textarea").fill(ACTION)
        owner = page.locator(".st-key-record_here_owner input")
        owner.click()
        owner.fill(OWNER)
        owner.press("Enter")
        screenshot(page, "decisions-record-in-meeting", full=False)
        settle_after(page, page.get_by_role("button", name="Record", exact=True).click)
        expect(page.get_by_text("Recorded action 1 for the review of 2017-H2")).to_be_visible()
        expect(page.locator(".st-key-meeting_exit")).to_be_visible()  # still in meeting mode
    finally:
        context.close()  # the browser is closed after the meeting
        staff_server.stop()
    # After the meeting, staff show the action to viewers (records start for staff only).
    assert minutes.release(db.make_engine(staff_server.db_url), "item", 1, "officer", Role.STAFF)

    # The next day: a fresh server on the same address, without sign-in and listening on
    # every interface, so that whoever opens it is a viewer.
    viewer_server = start_server(tmp_path, staff_server.db_url, address="0.0.0.0", port=port)
    context = watch_runs(browser.new_context(viewport={"width": 1440, "height": 900}))
    page: Page = context.new_page()
    try:
        page.goto(viewer_server.url + "/decisions?status=Open")
        wait_settled(page)
        expect(page.get_by_text("everyone who opens it is a viewer")).to_be_visible()
        item = page.locator("li").filter(has_text=ACTION)
        expect(item).to_have_count(1)
        expect(item).to_contain_text(f"Action 1 · open · {OWNER}")
        expect(page.get_by_role("button", name="Record a decision")).to_have_count(0)
        expect(page.locator(".st-key-status_item")).to_have_count(0)
        screenshot(page, "decisions-viewer")
        link = item.get_by_role("link", name="open the view")
        href = link.get_attribute("href") or ""
        for part in ("/results?", "meeting=true", "state=Haryana", "kpi=Defect+rate"):
            assert part in href, href
        page.goto(href)  # Markdown links open a new tab: follow it in this one
        wait_settled(page)
        expect(page.locator("h1").first).to_have_text(re.compile("^Results"))
        expect(page.get_by_role("combobox", name="KPI")).to_have_value("Defect rate")
        expect(page.get_by_text("States: Haryana")).to_be_visible()  # the meeting bar
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        screenshot(page, "decisions-link-reproduces-the-view", full=False)
    finally:
        context.close()
        viewer_server.stop()
