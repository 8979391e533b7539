"""Real browser: the Overview in Hindi (`?lang=hi`) drawn with the bundled Noto Sans
Devanagari (static/fonts, served by the app; nothing fetched from elsewhere)."""

from __future__ import annotations

import re
from urllib.parse import quote_plus, urlparse

from playwright.sync_api import Page, expect

from tests.app.test_language import catalog_pairs
from tests.e2e.conftest import screenshot, settle_after, wait_settled

DEVANAGARI = re.compile("[\u0900-\u097f]")

# The bundled face, loaded by the page (not merely a family the browser would fall back from:
# document.fonts.check() is also true for a family no face of the page declares).
FONT_LOADED = """() => [...document.fonts].some((face) =>
    face.family.replaceAll('"', '') === 'Noto Sans Devanagari' && face.status === 'loaded')"""


def test_the_overview_in_hindi_is_drawn_with_the_bundled_devanagari_font(app_server, page: Page):
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    font_files: list[str] = []
    page.on(
        "response",
        lambda response: (
            font_files.append(response.url)
            if "NotoSansDevanagari" in response.url and response.ok
            else None
        ),
    )
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{app_server.url}/?lang=hi")
    wait_settled(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator("h1").first).to_contain_text("अवलोकन")
    expect(page.get_by_text("प्रमुख आँकड़े").first).to_be_visible()
    page.wait_for_function(FONT_LOADED, timeout=30_000)
    assert page.evaluate("() => document.fonts.check('16px \"Noto Sans Devanagari\"', 'अवलोकन')")
    family = page.locator("h1").first.evaluate("(h) => getComputedStyle(h).fontFamily")
    assert "Noto Sans Devanagari" in family
    assert any("/app/static/fonts/NotoSansDevanagari-" in url for url in font_files)
    expect(page).to_have_url(re.compile(r"lang=hi"))
    assert page.title().endswith("· SCORE भारत समीक्षा")
    screenshot(page, "overview-hindi")
    # The language survives a page switch, like the filters.
    settle_after(page, page.get_by_role("link", name="व्याप्ति").first.click)
    expect(page).to_have_url(re.compile(r"/coverage\?.*lang=hi"))
    assert hosts <= {"127.0.0.1"}, hosts  # nothing fetched from anywhere else


def test_the_sidebar_choice_switches_the_language_and_the_url(app_server, page: Page):
    """The page's own choice and the sidebar's stay chosen across a switch, and show their
    option in the new language (the browser would keep the old label, which no option has)."""
    hindi = catalog_pairs()
    page.goto(f"{app_server.url}/coverage?measure=Workers")
    wait_settled(page)
    expect(page).not_to_have_url(re.compile(r"lang="))
    measure, compare = page.locator(".st-key-measure"), page.locator(".st-key-compare")
    expect(measure.get_by_role("radio", name="Workers", exact=True)).to_be_checked()
    choice = page.locator(".st-key-lang")
    settle_after(page, choice.get_by_text("हिन्दी").click)
    expect(page).to_have_url(re.compile(r"/coverage\?(.*&)?lang=hi"))
    expect(page.get_by_role("link", name="अवलोकन").first).to_be_visible()
    expect(measure.get_by_role("radio", name=hindi["Workers"], exact=True)).to_be_checked()
    expect(compare.get_by_role("combobox")).to_have_value(hindi["Previous half-year"])
    expect(page).to_have_url(re.compile("measure=" + quote_plus(hindi["Workers"])))
    page.reload()  # the link in the address bar opens the same view
    wait_settled(page)
    expect(measure.get_by_role("radio", name=hindi["Workers"], exact=True)).to_be_checked()
    settle_after(page, choice.get_by_text("English").click)
    expect(page).not_to_have_url(re.compile(r"lang="))
    expect(page.get_by_role("link", name="Overview").first).to_be_visible()
    expect(measure.get_by_role("radio", name="Workers", exact=True)).to_be_checked()
    expect(compare.get_by_role("combobox")).to_have_value("Previous half-year")


def test_a_funnels_tooltip_names_its_stage_in_hindi(app_server, page: Page):
    """The tooltip's values are the chart's copy in Hindi (charts.common.tooltip_values),
    drawn by Vega-Lite itself: a bar of the Modules funnel says its stage is "दौरा 1"
    (Visit 1), "नामांकित" (Enrolled) or another stage's Hindi, not the English."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{app_server.url}/modules?lang=hi")
    wait_settled(page)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    expect(chart.locator("canvas, svg").first).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    tip = page.locator("#vg-tooltip-element")
    text = ""
    for x, y in ((0.3, 0.3), (0.3, 0.4), (0.2, 0.3), (0.4, 0.3), (0.3, 0.5), (0.2, 0.5)):
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
        page.wait_for_timeout(300)
        if tip.count() and tip.is_visible() and "अवस्था" in tip.inner_text():
            text = tip.inner_text()
            break
    assert "अवस्था" in text, text  # the field's name, Stage
    stage = text.split("अवस्था", 1)[1].strip().splitlines()[0].strip()
    english = {"Enrolled", "Baseline done", "Classroom", "Visit 1", "Visit 2", "Visit 3"}
    assert stage and DEVANAGARI.search(stage) and stage not in english, text
    screenshot(page, "modules-tooltip-hindi", full=False)
