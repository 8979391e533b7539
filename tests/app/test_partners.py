"""The Partners & outreach page in AppTest: objectives 1-3 against targets, and Excel."""

from __future__ import annotations

import json

from score_dash.metrics import logframe
from tests.app.conftest import (
    RunApp,
    assert_same_figures,
    errors,
    ignored_notice,
    last_download,
    screen_values,
    table,
)
from tests.excel import assert_same_table, read_sheet

PAGE = "app_pages/partners.py"
TITLES = (
    "Objectives against targets",
    "Progress against targets",
    "Associations",
    "By state",
    "Service providers",
    "Trainers by level",
    "Trainers by module",
    "Cost recovery",
    "Dissemination",
)


def test_default_view_shows_each_objective_against_targets(run_app: RunApp) -> None:
    at = run_app(page=PAGE)
    assert errors(at) == []
    status = screen_values(table(at, "partners_status_table").value)
    assert set(status["Objective"]) == {"1 Associations", "2 Service providers", "3 Dissemination"}
    assert set(status["Status"]) <= set(logframe.ASSESSED)
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(charts) == 6
    dissemination = screen_values(table(at, "partners_dissemination").value)
    assert len(dissemination) == 14  # every half-year of the trend range


def test_excel_sheets_equal_the_tables_on_screen(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"period": "2015-H2"})
    assert errors(at) == []
    data = last_download(at, "partners")
    assert len(at.dataframe) == len(TITLES)
    for frame, title in zip(at.dataframe, TITLES, strict=True):
        assert_same_table(frame.value, read_sheet(data, title), title)


def test_filtered_view_is_not_assessed_and_has_no_status_chart(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"state": "Haryana", "range": ["2014-H1", "2015-H2"]})
    assert errors(at) == []
    status = screen_values(table(at, "partners_status_table").value)
    assert set(status["Status"]) == {logframe.NOT_ASSESSED}
    assert len(screen_values(table(at, "partners_dissemination").value)) == 4  # 2014-H1 .. 2015-H2
    assert any("whole programme" in i.value for i in at.info)


def test_bad_parameter_is_dropped_with_a_notice(run_app: RunApp, rendered: RunApp) -> None:
    at = run_app(page=PAGE, params={"partner": "No such partner"})
    assert errors(at) == []
    assert "partner 'No such partner'" in ignored_notice(at)
    assert at.multiselect(key="partner").value == []
    status = screen_values(table(at, "partners_status_table").value)
    assert set(status["Status"]) <= set(logframe.ASSESSED)
    assert_same_figures(at, rendered(page=PAGE))
