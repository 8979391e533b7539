"""The Overview briefing in AppTest: status verdict, figures, what changed, Excel."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pyarrow as pa
import pytest

from score_dash.config import get_config
from score_dash.meetings import reviews
from score_dash.metrics import logframe
from score_dash.store import db
from tests.app.conftest import (
    RunApp,
    assert_same_figures,
    errors,
    ignored_notice,
    last_download,
    screen_values,
    table,
    visible,
)
from tests.app.sql import Truth
from tests.excel import assert_same_table, read_sheet

PAGE = "app_pages/overview.py"


def _metrics(at) -> dict[str, str]:
    return {visible(m.label): m.value for m in at.metric}


def test_default_view_answers_are_we_on_track(run_app: RunApp) -> None:
    at = run_app()  # the Overview is the default page
    assert errors(at) == []
    assert visible(at.title[0].value) == "Overview, 2017-H2"
    metrics = _metrics(at)
    status = screen_values(table(at, "overview_status").value)
    counts = status["Status"].value_counts()
    for label in logframe.ASSESSED:
        assert metrics[label] == f"{counts.get(label, 0)} of {len(status)}"
    assert len(status) == 10  # every indicator with targets
    assert {"Target this half-year", "Actual", "Status", "Needed per half-year"} <= set(status)
    assert metrics["Enterprises trained"] == "223"
    shown = [visible(m.value) for m in at.markdown]
    summary = [text for text in shown if "indicators with a target" in text]
    assert summary and "off track (Media items)" in summary[0]
    assert any("What changed since 2017-H1" in text for text in shown)
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
    titles = (
        "Logframe status",
        "Headline figures",
        "What changed",
        "Reporting coverage",
        "Programme at a glance",
    )  # the page's tables, in order
    assert len(at.dataframe) == len(titles)
    for frame, title in zip(at.dataframe, titles, strict=True):
        assert_same_table(frame.value, read_sheet(data, title), title)
    assert "2014-H2 (a year earlier)" in screen_values(table(at, "overview_figures").value).columns


def test_filtered_view_gives_no_status_against_programme_targets(run_app: RunApp) -> None:
    at = run_app(params={"state": "Haryana"})
    assert errors(at) == []
    status = screen_values(table(at, "overview_status").value)
    assert set(status["Status"]) == {logframe.NOT_ASSESSED}
    assert any("Targets are set for the whole programme" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")  # no chart against national targets
    assert _metrics(at)["Enterprises trained"] != "223"


def test_first_period_says_there_is_nothing_to_compare(run_app: RunApp) -> None:
    at = run_app(params={"period": "2011-H1"})
    assert errors(at) == []
    assert any("first half-year in the data" in visible(m.value) for m in at.markdown)
    figures = screen_values(table(at, "overview_figures").value)
    assert figures["Change since previous"].isna().all()


def test_bad_parameter_is_dropped_with_a_notice(
    run_app: RunApp, rendered: RunApp, demo_db_url: str
) -> None:
    at = run_app(params={"period": "2099-H1", "state": "Atlantis"})
    assert errors(at) == []
    notice = ignored_notice(at)
    assert "review period '2099-H1'" in notice and "state 'Atlantis'" in notice
    assert at.selectbox(key="period").value == "2017-H2"
    assert at.multiselect(key="state").value == []
    assert visible(at.title[0].value) == "Overview, 2017-H2"
    truth = Truth(demo_db_url, "2017-H2")
    shown = _metrics(at)
    assert shown["Enterprises"] == f"{truth.places()['enterprises']:,}"
    assert shown["Modules completed"] == f"{truth.enrolments()['completed']:,}"
    assert shown["Enterprises trained"] == f"{int(truth.enterprises_trained()):,}"
    assert_same_figures(at, rendered("app_pages/overview.py"))


def test_staff_get_the_meeting_pack_button_on_the_overview_only(run_app: RunApp) -> None:
    at = run_app()  # local mode on loopback: staff
    packs = [b for b in at.get("download_button") if b.proto.label == "Meeting pack (PDF)"]
    assert len(packs) == 1
    assert "2017-H2" in packs[0].proto.help and "whole programme" in packs[0].proto.help
    assert packs[0].proto.deferred_file_id  # built when clicked, not on every run
    coverage = run_app(page="app_pages/coverage.py")
    assert [b.proto.label for b in coverage.get("download_button")] == ["Download Excel"]


@pytest.fixture
def reviewed_db(records_db_url, tmp_path, monkeypatch) -> str:
    """A private database with the review of 2017-H1 published (on data version 1)."""
    path = tmp_path / "reviewed.db"
    shutil.copy(records_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    reviews.publish(db.make_engine(url), "2017-H1", date(2017, 8, 30), "tester")
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()
    return url


def test_opened_as_at_a_review_the_meeting_pack_is_that_reviews(
    run_app: RunApp, reviewed_db: str
) -> None:
    at = run_app(params={"review": "2017-H1"})
    assert errors(at) == []
    [pack] = [b for b in at.get("download_button") if b.proto.label == "Meeting pack (PDF)"]
    assert "the review of 2017-H1" in pack.proto.help and "data version 1" in pack.proto.help
    assert "current data" not in pack.proto.help
    live = run_app()
    [pack] = [b for b in live.get("download_button") if b.proto.label == "Meeting pack (PDF)"]
    assert "2017-H2, whole programme, on the current data" in pack.proto.help
