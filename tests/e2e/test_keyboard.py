"""Real browser, keyboard only: the chair turns meeting mode on, steps through the agenda
with Next and back with Previous, and leaves it, pressing keys only (Tab, Shift+Tab,
Space, Enter), each of those controls showing where the focus is; and staff choose a
state in the filters by typing it. No mouse event is sent."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from score_dash.pages.registry import PAGES, REVIEW
from tests.e2e.conftest import run_count, wait_runs, wait_settled

AGENDA = [spec for spec in PAGES if spec.section == REVIEW]
CONTROLS = ("button", "a", "input")  # not a region that takes the focus to scroll

# What has the focus, and whether it is drawn (an outline or a box shadow, Streamlit's
# focus ring), for the element or the nearest labelled control around it.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const ring = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
      || (s.boxShadow && s.boxShadow !== 'none');
  let shown = ring(style);
  for (let up = el.parentElement, i = 0; !shown && up && i < 3; up = up.parentElement, i++) {
    shown = ring(getComputedStyle(up));
  }
  const label = el.getAttribute('aria-label') || el.innerText
      || el.closest('label')?.innerText || '';
  return {label: label.trim(), shown, tag: el.tagName.toLowerCase()};
}"""


def focus_on(page: Page, wanted: re.Pattern[str], backwards: bool = False, limit: int = 80):
    """Press Tab (or Shift+Tab) until the focus is on a control whose label matches (it may
    be there already: after Next the focus stays on the bar's Next, for the next press)."""
    for _ in range(limit):
        found = page.evaluate(FOCUS)
        if found and found["tag"] in CONTROLS and wanted.search(found["label"]):
            return found
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"no control labelled {wanted.pattern} reached with the keyboard")


def press(page: Page, key: str) -> None:
    """Press a key that makes the app rerun, and wait until the rerun has finished."""
    before = run_count(page)
    page.keyboard.press(key)
    wait_runs(page, before, 90_000)
    wait_settled(page)


def heading(page: Page) -> str:
    return page.locator("h1").first.inner_text().strip()


def test_meeting_mode_runs_from_the_keyboard_alone(app_server, page: Page) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(app_server.url)
    wait_settled(page)
    assert heading(page).startswith(AGENDA[0].title)
    switch = focus_on(page, re.compile(r"Meeting mode"))
    assert switch["shown"], switch  # the focus is visible
    press(page, "Space")
    expect(page.locator(".st-key-meeting_next button")).to_be_visible()
    for spec in AGENDA[1:3]:  # Next, twice
        found = focus_on(page, re.compile(r"Next:"))
        assert found["shown"], found
        press(page, "Enter")
        expect(page.locator("h1").first).to_have_text(re.compile("^" + re.escape(spec.title)))
    found = focus_on(page, re.compile(r"Previous:"), backwards=True)  # just before Next
    assert found["shown"], found
    press(page, "Enter")
    expect(page.locator("h1").first).to_have_text(re.compile("^" + re.escape(AGENDA[1].title)))
    found = focus_on(page, re.compile(r"Exit meeting"))
    press(page, "Enter")
    expect(page.locator(".st-key-meeting_next")).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_a_filter_is_chosen_from_the_keyboard(app_server, page: Page) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{app_server.url}/coverage")
    wait_settled(page)
    found = focus_on(page, re.compile(r"^State$"))
    assert found["tag"] == "input", found
    page.keyboard.type("Haryana")
    press(page, "Enter")
    expect(page).to_have_url(re.compile(r"[?&]state=Haryana"))
    page.keyboard.press("Escape")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
