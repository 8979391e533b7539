"""A Review page's content, declared once (score_dash/pages/content.py): every chart says
what it shows in words from its data, for the role that reads it."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from score_dash.access.policy import Role, restrict
from score_dash.core.filters import Filters, build_options, resolve_periods
from score_dash.pages import content, registry

MIN_CELL = 3


def figures(blocks) -> list[content.Figure]:
    found = []
    for block in blocks:
        if isinstance(block, content.Figure):
            found.append(block)
        elif isinstance(block, content.Row | content.Stack | content.Tabs | content.Folded):
            found += figures(block.items)
    return found


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_every_chart_of_every_review_page_has_a_text_alternative(loaded_frames, role):
    options = build_options(loaded_frames)
    periods = resolve_periods(Filters(), options, loaded_frames["periods"])
    ctx = content.Context(loaded_frames, periods, options, small_n=5)
    charts = 0
    for page in registry.PAGES:
        if page.compose is None:
            continue
        report = registry.build_report(
            page.name, loaded_frames, periods, options, scope="programme", small_n=5
        )
        report = restrict(report, role, MIN_CELL)
        for figure in figures(page.compose(report, ctx)):
            charts += 1
            assert figure.alt.strip(), (page.name, figure.key)
            assert "Vega visualization" not in figure.alt
            assert "nan" not in figure.alt.lower().split(), (page.name, figure.alt)
    assert charts >= 20


# A hand-made table: figures worked out by hand, one withheld (empty) for viewers.
CLUSTERS = pd.DataFrame(
    {
        "Cluster": ["Pune", "Chennai", "Faridabad", "Okhla"],
        "Share improved (%)": [61.5, 84.0, 40.26, math.nan],
    }
)


def test_ranked_names_the_highest_and_the_lowest_and_leaves_out_a_withheld_figure():
    text = content.ranked(CLUSTERS, "Cluster", "Share improved (%)", "Improved by cluster", "%")
    assert (
        text == "Improved by cluster, 3 shown: highest Chennai (84.0 %), lowest Faridabad (40.3 %)."
    )
    assert "Okhla" not in text


def test_over_time_gives_the_first_and_the_latest_figure():
    trend = pd.DataFrame(
        {"Half-year": ["2016-H2", "2017-H1", "2017-H2"], "People": [120, 95, 1340]}
    )
    text = content.over_time(trend, "Half-year", "People", "People reached")
    assert text == "People reached: 120 in 2016-H2, 1,340 in 2017-H2."
    assert content.over_time(trend.iloc[0:0], "Half-year", "People", "People reached") == (
        "People reached: no figure to show."
    )
