"""A rerun draws what was composed (issue 27's mechanism): a Review page's content and its
charts' specs are built once per view, role, choices, meeting mode and records; a rerun
that changes none of them composes nothing, a changed choice composes again."""

from __future__ import annotations

import json

import pytest

from score_dash.pages import results as results_page
from tests.app.conftest import RunApp, errors


@pytest.fixture
def composed(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    calls: list[dict] = []
    compose = results_page.compose

    def counting(report, ctx, **choices):
        calls.append(choices)
        return compose(report, ctx, **choices)

    monkeypatch.setattr(results_page, "compose", counting)
    return calls


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def test_a_rerun_draws_the_composed_page_and_a_new_choice_composes_again(
    run_app: RunApp, composed: list[dict]
) -> None:
    at = run_app(page="app_pages/results.py", params={"state": "Haryana"})
    assert errors(at) == []
    first = len(composed)
    assert first >= 1
    specs = chart_specs(at)
    at.run()  # nothing changed
    assert errors(at) == []
    assert len(composed) == first
    assert chart_specs(at) == specs  # the kept specs drawn again, with their data
    # Streamlit moves a spec's data out into the element's datasets: the kept spec gives
    # its data again at every draw (a copy is handed over, never the kept one).
    assert all(len(chart.proto.datasets) for chart in at.get("vega_lite_chart"))
    at.selectbox(key="kpi").set_value("defect_rate").run()
    assert errors(at) == []
    assert composed[-1] == {"kpi": "defect_rate"}
    assert len(composed) == first + 1


def test_the_sidebars_choices_are_built_once_per_data_version(
    run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from score_dash.ui import context

    calls: list[int] = []
    build = context.build_options

    def counting(frames, convention="calendar"):
        calls.append(1)
        return build(frames, convention)

    monkeypatch.setattr(context, "build_options", counting)
    context.options_of.clear()  # another test of this process may have built them
    at = run_app(page="app_pages/results.py", params={"state": "Haryana"})
    assert errors(at) == []
    assert len(calls) == 1  # the sidebar and the view read the same choices
    at.run()
    at.selectbox(key="kpi").set_value("defect_rate").run()
    assert errors(at) == []
    assert len(calls) == 1  # two reruns built nothing
