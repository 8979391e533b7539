"""Real browser: meeting mode as the chair uses it. Next steps through every Review page in
the agenda's order and Previous back; the mode survives a reload; /overview opens the
Overview. (That no card cuts its figure or its label at 1280x720, on every page in both
modes, is checked on the walk of tests/e2e/test_accessibility.py.)"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from score_dash.pages.registry import PAGES, REVIEW
from tests.e2e.conftest import settle_after, wait_settled

AGENDA = [spec for spec in PAGES if spec.section == REVIEW]


def heading(page: Page) -> str:
    return page.locator("h1").first.inner_text().strip()


def step(page: Page, button: str, title: str) -> None:
    """Click Previous or Next and wait until the page titled `title` is shown."""
    settle_after(page, page.locator(f".st-key-meeting_{button} button").click)
    expect(page.locator("h1").first).to_have_text(re.compile("^" + re.escape(title)))
    wait_settled(page)


def no_errors(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_next_and_previous_step_through_the_agenda_and_survive_a_reload(
    app_server, page: Page
) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_server.url}/?meeting=true")
    wait_settled(page)
    assert heading(page).startswith(AGENDA[0].title)
    for spec in AGENDA[1:]:  # Next leads to each page of the agenda in turn
        step(page, "next", spec.title)
        no_errors(page)
    expect(page.locator(".st-key-meeting_next button")).to_have_count(0)  # the last page

    page.reload()  # the chair's laptop refreshes: still in meeting mode, same page
    wait_settled(page)
    no_errors(page)
    expect(page.locator(".st-key-meeting_prev")).to_be_visible()
    assert heading(page).startswith(AGENDA[-1].title)

    for spec in reversed(AGENDA[:-1]):
        step(page, "prev", spec.title)
    expect(page).to_have_url(re.compile(r"meeting=true"))


def test_the_overview_opens_by_its_name_with_the_links_parameters(app_server, page: Page) -> None:
    page.goto(f"{app_server.url}/overview?state=Haryana&period=2015-H2")
    wait_settled(page)
    no_errors(page)
    assert heading(page).startswith("Overview")
    expect(page).to_have_url(re.compile(r"state=Haryana"))
    expect(page).to_have_url(re.compile(r"period=2015-H2"))


# The browser's Back or Forward to a URL of the app: the frontend's own handling of it.
BACK_TO = """(path) => {
  history.pushState({}, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}"""


def test_back_to_the_overview_by_its_name_keeps_the_sessions_filters(
    app_server, page: Page
) -> None:
    """/overview reached again in a session whose filters are drawn (the browser's Back to
    a link opened earlier): the Overview opens with them. The alias once set every link
    parameter by hand, which Streamlit refuses for one bound to a widget: the page said
    "Something went wrong"."""
    page.goto(f"{app_server.url}/partners?state=Haryana")
    wait_settled(page)
    assert heading(page).startswith("Partners")
    settle_after(page, lambda: page.evaluate(BACK_TO, "/overview?state=Haryana"))
    no_errors(page)
    expect(page.get_by_text("Something went wrong")).to_have_count(0)
    assert heading(page).startswith("Overview")
    expect(page).to_have_url(re.compile(r"state=Haryana"))
    expect(page.get_by_text("no status is given while filters select")).to_be_visible()
