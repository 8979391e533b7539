"""Real browser, keyboard only: the chair turns meeting mode on, steps through the agenda
with Next and back with Previous, and leaves it, pressing keys only (Tab, Shift+Tab,
Space, Enter), each of those controls showing where the focus is; staff choose a
state in the filters by typing it; and staff record an action with the Decisions page's
form, field by field. No mouse event is sent."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from score_dash.pages.registry import PAGES, REVIEW
from tests.e2e.conftest import run_count, screenshot, wait_runs, wait_settled

AGENDA = [spec for spec in PAGES if spec.section == REVIEW]
CONTROLS = ("button", "a", "input", "textarea")  # not a region that takes the focus to scroll

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


# A text field shows its focus by the border of its box in the theme's primary colour
# (.streamlit/config.toml), not by an outline: the borders of the element and its boxes.
PRIMARY = "rgb(0, 114, 178)"
BORDERS = """(el) => { const seen = [];
  for (let up = el, i = 0; up && i < 4; up = up.parentElement, i++)
    seen.push(getComputedStyle(up).borderTopColor);
  return seen; }"""


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


ACTION = "Visakhapatnam cluster to report its 2017-H2 figures by March"
OWNER = "Cluster coordinator"


def test_an_action_is_recorded_on_the_decisions_page_from_the_keyboard(
    fresh_server, page: Page
) -> None:
    """The Decisions page's form, field by field with Tab, every field's focus drawn: the
    kind chosen with Space, the text and a new owner typed, sent with Enter on Record. (A
    fresh server: the action is written to its database.) The toolbar's "Record a decision"
    opens with Enter too, but its form is drawn at the end of the document (Streamlit's
    popover): README, *Accessibility*."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{fresh_server.url}/decisions")
    wait_settled(page)
    expect(page.get_by_text(ACTION)).to_have_count(0)
    form = page.locator('[data-testid="stForm"]').filter(has_text="Indicator it concerns")
    expect(form).to_have_count(1)  # the page's own form, not the toolbar's

    def in_form() -> bool:
        return form.evaluate("(f) => f.contains(document.activeElement)")

    # On the way, page links show their focus too (the app's outline: Streamlit's tint is
    # 1.1:1 on white).
    for link in (r"Decisions & actions$", r"What do these numbers mean\?$"):
        found = focus_on(page, re.compile(link))
        assert found["tag"] == "a" and found["shown"], found
    # The kind is a radio group: Tab reaches its chosen option (Decision), an arrow the next.
    found = focus_on(page, re.compile(r"^Decision$"))
    assert found["shown"] and in_form(), found
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")  # inside a form: no rerun until it is sent
    expect(form.get_by_role("radio", name="Action")).to_have_attribute("aria-checked", "true")
    found = focus_on(page, re.compile(r"^Text$"))
    assert found["tag"] == "textarea" and in_form(), found
    assert PRIMARY in page.evaluate(f"() => ({BORDERS})(document.activeElement)"), found
    indicator = form.get_by_role("combobox", name="Indicator it concerns (optional)")
    assert PRIMARY not in indicator.evaluate(BORDERS)  # a field without the focus
    page.keyboard.type(ACTION)
    screenshot(page, "keyboard-decision-text", full=False)
    found = focus_on(page, re.compile(r"^Owner"))
    assert in_form(), found
    assert PRIMARY in page.evaluate(f"() => ({BORDERS})(document.activeElement)"), found
    page.keyboard.type(OWNER)
    screenshot(page, "keyboard-decision-owner", full=False)
    page.keyboard.press("Enter")  # the typed owner taken as a new option
    found = focus_on(page, re.compile(r"Record$"))
    assert found["shown"] and in_form(), found
    screenshot(page, "keyboard-decision-form", full=False)
    press(page, "Enter")
    expect(page.get_by_text(re.compile(r"Recorded action 1 for the review of"))).to_be_visible()
    item = page.locator("li").filter(has_text=ACTION)
    expect(item).to_have_count(1)
    expect(item).to_contain_text(f"Action 1 · open · {OWNER}")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
