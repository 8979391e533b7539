"""A rerun draws what was composed (issue 27's mechanism): a Review page's content and its
charts' specs are built once per view, role, choices, meeting mode and records; a rerun
that changes none of them composes nothing, a changed choice composes again."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from streamlit import dataframe_util

from score_dash.meetings import minutes
from score_dash.pages import results as results_page
from score_dash.store import db
from score_dash.ui import content as ui_content
from score_dash.ui import context
from score_dash.ui import page as ui_page
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


def test_a_rerun_sends_the_kept_charts_rows_without_converting_them_again(
    run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept chart's rows are converted to what Streamlit sends (Arrow IPC) when the page is
    composed; a rerun hands over those bytes (Streamlit converts only rows that are not
    bytes yet), and the browser gets the same rows."""
    rows_converted: list[int] = []
    convert = dataframe_util.convert_anything_to_arrow_bytes

    def counting(data, *args, **kwargs):
        if isinstance(data, list):  # a Vega-Lite spec's inline rows (the tables: frames)
            rows_converted.append(len(data))
        return convert(data, *args, **kwargs)

    monkeypatch.setattr(dataframe_util, "convert_anything_to_arrow_bytes", counting)
    ui_content._composed.clear()  # another test of this process may have composed the page
    at = run_app(page="app_pages/results.py", params={"state": "Haryana", "kpi": "defect_rate"})
    assert errors(at) == []
    assert rows_converted  # composed: converted once
    sent = [[d.data.data for d in chart.proto.datasets] for chart in at.get("vega_lite_chart")]
    assert all(sent)
    rows_converted.clear()
    at.run()
    assert errors(at) == []
    assert rows_converted == []
    again = [[d.data.data for d in chart.proto.datasets] for chart in at.get("vega_lite_chart")]
    assert again == sent


def test_a_run_reads_the_kept_records_and_cannot_change_them(tmp_path, demo_db_url: str) -> None:
    """The meetings' records a run reads share their data with the kept ones (no copy or
    unpickling per run), and a run's change to them stays in its own frames."""
    path = tmp_path / "records.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    minutes.add_item(db.make_engine(url), period="2017-H1", kind="decision", text="A", user="s")
    first = context.records_at(url, "test-key")
    second = context.records_at(url, "test-key")
    assert first.items["Text"].tolist() == ["A"]
    assert first.items is not second.items
    column = first.items.columns[0]
    assert np.shares_memory(first.items[column].to_numpy(), second.items[column].to_numpy())
    before = second.items.copy()
    first.items[column] = None  # a run writing to its frame: a column replaced,
    first.items.loc[first.items.index[0], "Text"] = "changed"  # a cell written,
    first.items["added"] = 1  # a column added
    pd.testing.assert_frame_equal(second.items, before)
    pd.testing.assert_frame_equal(context.records_at(url, "test-key").items, before)


def test_a_rerun_draws_the_kept_tables_without_preparing_them_again(
    run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's tables are prepared for the screen (language, missing values, grouped
    digits) when the page is composed; a rerun draws those, the same cells again."""
    prepared: list[int] = []
    display = ui_page.display_frame

    def counting(frame):
        prepared.append(len(frame))
        return display(frame)

    monkeypatch.setattr(ui_page, "display_frame", counting)
    ui_content._composed.clear()  # another test of this process may have composed the page
    at = run_app(page="app_pages/partners.py")
    assert errors(at) == []
    drawn = [frame.value for frame in at.dataframe]
    assert len(drawn) >= 5
    assert len(prepared) >= len(drawn)  # each table shown was prepared when composed
    prepared.clear()
    at.run()
    assert errors(at) == []
    assert prepared == []
    again = [frame.value for frame in at.dataframe]
    assert len(again) == len(drawn)
    for before, after in zip(drawn, again, strict=True):
        pd.testing.assert_frame_equal(before, after)
