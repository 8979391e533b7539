"""Every chart on every Review page tells a screen reader what it shows: its accessible name
is a sentence from its data (score_dash/pages/content.py), never the generic "Vega
visualization"; the Coverage map's too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from score_dash.pages.registry import PAGES, REVIEW
from tests.e2e.conftest import Server, wait_settled

CHARTED = [p.name for p in PAGES if p.section == REVIEW and p.name != "decisions"]
CHARTS = '[data-testid="stVegaLiteChart"], [data-testid="stDeckGlJsonChart"]'


@pytest.mark.parametrize("name", CHARTED)
def test_every_chart_has_a_name_from_its_data(page: Page, app_server: Server, name: str) -> None:
    page.goto(f"{app_server.url}/{'' if name == 'overview' else name}")
    wait_settled(page)
    charts = page.locator(CHARTS)
    assert charts.count() >= 1
    # A chart in a tab not shown yet is drawn (and named) when its tab is opened.
    shown = [charts.nth(i) for i in range(charts.count()) if charts.nth(i).is_visible()]
    labels = [chart.get_attribute("aria-label") or "" for chart in shown]
    assert all(len(label.split()) >= 4 for label in labels), labels
    assert not any("Vega visualization" in label for label in labels), labels
