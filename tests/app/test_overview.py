"""The Overview briefing in AppTest: status verdict, figures, what changed, Excel."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa

from score_dash.metrics import logframe
from tests.app.conftest import RunApp, errors, last_download, visible
from tests.excel import read_sheet

PAGE = "app_pages/overview.py"


def _metrics(at) -> dict[str, str]:
    return {visible(m.label): m.value for m in at.metric}


def _assert_same(shown: pd.DataFrame, sheet: pd.DataFrame) -> None:
    assert list(sheet.columns) == list(shown.columns)
    assert len(sheet) == len(shown)
    for column in shown.columns:
        left = shown[column].reset_index(drop=True)
        right = sheet[column]
        if pd.api.types.is_numeric_dtype(left):
            pd.testing.assert_series_equal(
                left.astype(float), right.astype(float), check_names=False, rtol=1e-9
            )
        else:
            assert left.astype(str).tolist() == right.astype(str).tolist(), column


def test_default_view_answers_are_we_on_track(run_app: RunApp) -> None:
    at = run_app()  # the Overview is the default page
    assert errors(at) == []
    assert visible(at.title[0].value) == "Overview, 2017-H2"
    metrics = _metrics(at)
    status = at.dataframe[0].value
    counts = status["Status"].value_counts()
    for label in logframe.ASSESSED:
        assert metrics[label] == f"{counts.get(label, 0)} of {len(status)}"
    assert len(status) == 10  # every indicator with targets
    assert {"Target this half-year", "Actual", "Status", "Needed per half-year"} <= set(status)
    assert metrics["Enterprises trained"] == "223"
    summary = [
        visible(m.value) for m in at.markdown if "indicators with a target" in visible(m.value)
    ]
    assert summary and "off track (Media items)" in summary[0]
    assert any("What changed since 2017-H1" in visible(m.value) for m in at.markdown)
    chart = at.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    assert any(
        layer["mark"]["type"] == "text" and layer["encoding"]["text"]["field"] == "Label"
        for layer in spec["layer"]
    )
    data = pa.ipc.open_stream(chart.datasets[0].data.data).read_all().to_pandas()
    # Words and symbols beside the colours: the label repeats the status.
    assert all(
        label.startswith(status)
        for label, status in zip(data["Label"], data["Status"], strict=True)
    )
    assert set(data["Status"]) == set(status["Status"])


def test_excel_matches_the_screen(run_app: RunApp) -> None:
    at = run_app(params={"period": "2015-H2"})
    assert errors(at) == []
    data = last_download(at, "overview")
    for index, title in (
        (0, "Logframe status"),
        (1, "Headline figures"),
        (3, "Reporting coverage"),
        (4, "Programme at a glance"),
    ):
        _assert_same(at.dataframe[index].value, read_sheet(data, title))
    figures = at.dataframe[1].value
    assert "2014-H2 (a year earlier)" in figures.columns
    changes = read_sheet(data, "What changed")
    assert changes.iloc[:, 0].tolist() == at.dataframe[2].value.iloc[:, 0].tolist()


def test_filtered_view_gives_no_status_against_programme_targets(run_app: RunApp) -> None:
    at = run_app(params={"state": "Haryana"})
    assert errors(at) == []
    status = at.dataframe[0].value
    assert set(status["Status"]) == {logframe.NOT_ASSESSED}
    assert any("Targets are set for the whole programme" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")  # no chart against national targets
    assert _metrics(at)["Enterprises trained"] != "223"


def test_first_period_says_there_is_nothing_to_compare(run_app: RunApp) -> None:
    at = run_app(params={"period": "2011-H1"})
    assert errors(at) == []
    assert any("first half-year in the data" in visible(m.value) for m in at.markdown)
    figures = at.dataframe[1].value
    assert figures["Change since previous"].isna().all()


def test_bad_parameter_is_dropped_with_a_notice(run_app: RunApp) -> None:
    at = run_app(params={"period": "2099-H1", "state": "Atlantis"})
    assert errors(at) == []
    notice = " ".join(visible(i.value) for i in at.info)
    assert "2099-H1" in notice and "Atlantis" in notice
    assert visible(at.title[0].value) == "Overview, 2017-H2"
