"""Every page passes axe-core's WCAG 2.0 and 2.1 A and AA rules (and its heading-order rule),
in normal and meeting mode, at 1440x900 and 1280x720; every page has its own document title,
the charts' text and lines read on the page, no button cuts its label, at 1280x720 no card
cuts its figure or its label, and every chart of a Review page tells a screen reader what it
shows: its accessible name is a sentence from its data (score_dash/pages/content.py), never
the generic "Vega visualization"; the Coverage map's too.

The same checks run in two more editions at one size each, to keep the run short (the
layout is the same in every edition; what changes is the words and what is shown): in Hindi,
in normal and meeting mode (`?lang=hi`, staff) at 1280x720, where the longer Hindi labels are
likeliest to be cut and the cards are checked, and as a viewer (the app listening on every
interface without sign-in) in English in normal mode at 1440x900, where withheld figures,
notices and the pages without enterprise detail are different content.

What fails is any violation not in EXCLUDED: findings in Streamlit's own widgets (1.67), each
by rule and CSS selector with its reason (README, *Accessibility*). One server, one browser
page per edition: every page is reached through the navigation as a user does, scanned at
each size without reloading, then (staff in English) again after switching meeting mode on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from score_dash.access.policy import Role
from score_dash.core import i18n
from score_dash.pages.registry import PAGES, REVIEW, pages_for
from score_dash.pages.registry import Page as RegistryPage
from tests.e2e.conftest import Server, settle_after, start_server, wait_settled

SIZES = ((1440, 900), (1280, 720))
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Headings in order is a best practice in axe (no WCAG tag): asked for by name.
    "rules": {"heading-order": {"enabled": True}},
    "resultTypes": ["violations"],
}


@dataclass(frozen=True)
class Exclusion:
    rule: str
    selector: str  # what the element axe reports matches
    reason: str


# Findings in Streamlit's own markup (1.67), not the app's; README, *Accessibility*, lists them.
EXCLUDED: tuple[Exclusion, ...] = (
    Exclusion(
        "list",
        '[data-testid="stSidebarNavItems"]',
        "Streamlit's sidebar navigation: its <ul> holds a <div> per section, not <li>s",
    ),
    Exclusion(
        "listitem",
        '[data-testid="stSidebarNavItems"] li',
        "Streamlit's sidebar navigation: its <li>s sit in a section's <div>, not in a <ul>",
    ),
)

# Whether each element axe reports (its first target selector) matches an exclusion's selector.
MATCHES = """([targets, selector]) => targets.map((target) => {
  const node = document.querySelector(target);
  return node !== null && node.matches(selector);
})"""

# WCAG 2.1 relative luminance and contrast against the page's white.
CONTRAST = """
const luminance = (css) => {
  const [r, g, b] = css.match(/[0-9.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (css) => 1.05 / (luminance(css) + 0.05);
"""

# Chart text under 4.5:1 and chart lines under 3:1 on the white page (axe does not check the
# text or lines inside a chart's SVG). Not checked: white text (a label inside a bar, a tile or
# a map's circle, read against the mark) and text with a halo (read against its outline).
CHART_COLOURS = (
    "() => {"
    + CONTRAST
    + """
  const weak = [];
  for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"] svg')) {
    if (!chart.checkVisibility()) continue;
    for (const text of chart.querySelectorAll('text')) {
      const style = getComputedStyle(text);
      const words = text.textContent.trim();
      if (!words || !style.fill.startsWith('rgb') || contrast(style.fill) === 1) continue;
      if (style.stroke !== 'none' && Number(style.strokeWidth.replace('px', '')) > 0) continue;
      if (contrast(style.fill) < 4.5)
        weak.push(`chart text "${words}" ${style.fill} ${contrast(style.fill).toFixed(2)}:1`);
    }
    for (const line of chart.querySelectorAll('.mark-line path')) {
      const stroke = getComputedStyle(line).stroke;
      if (stroke.startsWith('rgb') && contrast(stroke) < 3)
        weak.push(`chart line ${stroke} ${contrast(stroke).toFixed(2)}:1`);
    }
  }
  return weak;
}"""
)

# Buttons and page links (popovers', downloads' too) whose label is cut ("Share this v…").
CUT_LABELS = """() => [...document.querySelectorAll('button, [data-testid="stPageLink"] a')]
  .filter((button) => button.checkVisibility() && button.innerText.trim())
  .filter((button) => [...button.querySelectorAll('*')].some(
    (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible'))
  .map((button) => 'label cut: ' + button.innerText.trim().replace(/\\s+/g, ' '))"""

# Every card's value and label element whose text is wider than its box (cut or ending in an
# ellipsis); Streamlit truncates metric text with text-overflow: ellipsis. Checked at the
# smaller size, the projector's 1280x720.
CUT_CARDS = """() => {
  const cut = [];
  const boxes = document.querySelectorAll(
    '[data-testid="stMetricValue"], [data-testid="stMetricLabel"]');
  for (const box of boxes) {
    for (const el of [box, ...box.querySelectorAll('*')]) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible') {
        cut.push('card cut: ' + box.getAttribute('data-testid') + ': ' + box.innerText.trim());
        break;
      }
    }
  }
  return cut;
}"""
CARDS_SIZE = (1280, 720)

CHARTED = [p.name for p in PAGES if p.section == REVIEW and p.name != "decisions"]
CHARTS = '[data-testid="stVegaLiteChart"], [data-testid="stDeckGlJsonChart"]'

NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def axe_violations(page: Page, axe: Axe) -> list[dict]:
    """axe-core's violations on the page as it is (the script is put in once per document:
    a page switch keeps the document)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe.axe_script)
    return page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)["violations"]


def unexcused(page: Page, violations: list[dict]) -> list[str]:
    """Each reported element no exclusion covers, as 'rule: target <html> (why)'."""
    found = []
    for violation in violations:
        nodes = violation["nodes"]
        targets = [str(node["target"][0]) for node in nodes]
        covered = [False] * len(nodes)
        for exclusion in EXCLUDED:
            if exclusion.rule == violation["id"]:
                matched = page.evaluate(MATCHES, [targets, exclusion.selector])
                covered = [a or b for a, b in zip(covered, matched, strict=True)]
        for node, excused in zip(nodes, covered, strict=True):
            if not excused:
                why = (node.get("failureSummary") or "").replace("\n", " ")[:160]
                found.append(f"{violation['id']}: {node['target']} {node['html'][:100]} ({why})")
    return found


def scan(page: Page, axe: Axe, sizes: tuple[tuple[int, int], ...] = SIZES) -> list[str]:
    """Everything wrong with the page shown, at each size (the viewport changed in place)."""
    found = []
    for width, height in sizes:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(NEXT_FRAME)  # the layout (charts fit their new width) drawn
        problems = unexcused(page, axe_violations(page, axe))
        problems += page.evaluate(CHART_COLOURS) + page.evaluate(CUT_LABELS)
        if (width, height) == CARDS_SIZE:
            problems += page.evaluate(CUT_CARDS)
        found += [f"{width}x{height} {problem}" for problem in problems]
    return found


def unnamed_charts(page: Page) -> list[str]:
    """The page's charts shown without a name from their data (a page of CHARTED has one
    chart at least). A chart in a tab not shown yet is drawn (and named) when its tab is
    opened."""
    charts = page.locator(CHARTS)
    if charts.count() == 0:
        return ["no chart"]
    shown = [charts.nth(i) for i in range(charts.count()) if charts.nth(i).is_visible()]
    labels = [chart.get_attribute("aria-label") or "" for chart in shown]
    return [
        f"chart named {label!r}"
        for label in labels
        if len(label.split()) < 4 or "Vega visualization" in label
    ]


def document_title(spec: RegistryPage, language: str) -> str:
    """The page's document title in LANGUAGE, as the catalog gives it."""

    def build() -> str:
        return i18n.t("{page} · SCORE India review").format(page=i18n.t(spec.title))

    return i18n.in_language(language, build)


def go_to(page: Page, server: Server, spec: RegistryPage) -> None:
    """Open SPEC's page through the sidebar navigation (folded in meeting mode: the link's
    click is dispatched to it, as a keyboard user's Enter would be)."""
    path = "" if spec is PAGES[0] else spec.name  # the default page's link is the root
    link = page.locator(f'[data-testid="stSidebarNav"] a[href="{server.url}/{path}"]')
    settle_after(page, partial(link.dispatch_event, "click"))


def arrive(page: Page, server: Server, spec: RegistryPage, first: bool, language: str) -> None:
    """Open SPEC through the navigation (unless it is the page the walk stands on) and check
    that it is there: its title in LANGUAGE, the language kept in the URL, no exception."""
    if not first:
        go_to(page, server, spec)
    expect(page).to_have_title(document_title(spec, language))
    if language == "hi":
        expect(page).to_have_url(re.compile(r"lang=hi"))  # kept across page switches
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def walk_normal_mode(
    page: Page,
    server: Server,
    specs: tuple[RegistryPage, ...],
    size: tuple[int, int],
    language: str,
) -> list[str]:
    """Every page of SPECS in normal mode at SIZE, in LANGUAGE: what is wrong with each."""
    axe = Axe()
    problems: list[str] = []
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(server.url + ("/?lang=hi" if language == "hi" else ""))
    wait_settled(page)
    for number, spec in enumerate(specs):
        arrive(page, server, spec, number == 0, language)
        found = unnamed_charts(page) if spec.name in CHARTED else []
        problems += [f"{spec.name} {problem}" for problem in found + scan(page, axe, (size,))]
    return problems


def walk_meeting_mode(
    page: Page,
    server: Server,
    specs: tuple[RegistryPage, ...],
    size: tuple[int, int],
    language: str,
) -> list[str]:
    """Meeting mode switched on from the page the walk stands on (the last of SPECS), then
    every page of SPECS back to the first, at SIZE: what is wrong with each."""
    axe = Axe()
    problems: list[str] = []
    toggle = page.locator(".st-key-meeting input")
    settle_after(page, partial(toggle.dispatch_event, "click"))
    expect(page).to_have_url(re.compile(r"meeting=true"))
    for number, spec in enumerate(reversed(specs)):
        arrive(page, server, spec, number == 0, language)
        found = scan(page, axe, (size,))
        problems += [f"{spec.name} (meeting) {problem}" for problem in found]
    return problems


def test_every_page_in_hindi_passes_axe_wcag_aa(page: Page, app_server: Server) -> None:
    """Normal mode, then meeting mode back from the last page, in Hindi."""
    problems = walk_normal_mode(page, app_server, PAGES, CARDS_SIZE, "hi")
    problems += walk_meeting_mode(page, app_server, PAGES, CARDS_SIZE, "hi")
    assert not problems, "\n".join(problems)


def test_every_page_a_viewer_sees_passes_axe_wcag_aa(page: Page, tmp_path) -> None:
    # Listening on every interface without sign-in: whoever opens it is a viewer.
    server = start_server(tmp_path, address="0.0.0.0")
    viewer_pages = pages_for(Role.VIEWER)
    assert len(viewer_pages) < len(PAGES)  # the staff-only pages are not in the walk
    try:
        problems = walk_normal_mode(page, server, viewer_pages, SIZES[0], "en")
        expect(page.get_by_text("everyone who opens it is a viewer")).to_be_visible()
    finally:
        server.stop()
    assert not problems, "\n".join(problems)


def test_every_page_passes_axe_wcag_aa_in_both_modes_at_both_sizes(
    page: Page, app_server: Server
) -> None:
    axe = Axe()  # axe-playwright-python's bundled axe-core: nothing fetched
    problems: list[str] = []
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    page.goto(app_server.url)
    wait_settled(page)
    # Normal mode in review order, then meeting mode back from the last page.
    walk = [(spec, False) for spec in PAGES] + [(spec, True) for spec in reversed(PAGES)]
    for number, (spec, meeting) in enumerate(walk):
        if number == len(PAGES):
            toggle = page.locator(".st-key-meeting input")
            settle_after(page, partial(toggle.dispatch_event, "click"))
            expect(page).to_have_url(re.compile(r"meeting=true"))
        elif number:
            go_to(page, app_server, spec)
        expect(page).to_have_title(f"{spec.title} · SCORE India review")
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        mode = "meeting" if meeting else "normal"
        found = unnamed_charts(page) if spec.name in CHARTED and not meeting else []
        problems += [f"{spec.name} ({mode}) {problem}" for problem in found + scan(page, axe)]
    assert not problems, "\n".join(problems)
