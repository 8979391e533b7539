"""The Gender & jobs page in AppTest: levels, trends, jobs, completeness and Excel."""

from __future__ import annotations

import json

import pandas as pd

from score_dash.metrics import gender
from tests.app.conftest import (
    RunApp,
    errors,
    last_download,
    screen_values,
    table,
)
from tests.excel import assert_same_table, read_sheet

# The levels of the women's-share table, top to bottom (written here, not read from the code).
LEVELS = (
    "Workforce",
    "Managers",
    "Classroom participants",
    "Improvement-team members",
    "Certified trainers",
    "Partner staff trained",
)

PAGE = "app_pages/gender.py"


def _ints(values: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in values]


def test_default_view_shows_levels_centrepiece_and_tables(run_app: RunApp) -> None:
    at = run_app(page=PAGE)
    assert errors(at) == []
    levels = screen_values(table(at, "gender_levels").value)
    assert levels["Level"].tolist() == list(LEVELS)
    assert levels["Women's share (%)"].between(0, 100).all()
    spec = at.get("vega_lite_chart")[0].proto.spec
    assert "Women's share at each level" in spec
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    for item in specs:
        assert "http" not in json.dumps(item).replace(item.get("$schema", ""), "")
    # The demo's trainees and team members are below the workforce share: notices shown.
    assert any("of the workforce" in w.value for w in at.warning)


def test_excel_sheets_equal_the_tables_on_screen(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"state": "Haryana", "period": "2015-H2"})
    assert errors(at) == []
    data = last_download(at, "gender")
    titles = [
        gender.LEVELS_TABLE,
        gender.EMPLOYMENT_TABLE,
        gender.SHARE_TREND_TABLE,
        gender.JOBS_SECTOR_TABLE,
        gender.JOBS_CLUSTER_TABLE,
        gender.COMPLETENESS_TABLE,
    ]  # the page's tables, in order
    assert len(at.dataframe) == len(titles)
    for frame, title in zip(at.dataframe, titles, strict=True):
        assert_same_table(frame.value, read_sheet(data, title), title)
    clusters = read_sheet(data, gender.JOBS_CLUSTER_TABLE)
    assert clusters["Cluster"].tolist() == ["Faridabad", "Gurugram", "All"]
    assert "2015-H2" in read_sheet(data, gender.SHARE_TREND_TABLE)["Half-year"].tolist()


def test_filter_with_no_enterprise_shows_empty_figures(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"sector": "Garments", "state": "Haryana"})
    assert errors(at) == []
    levels = screen_values(table(at, "gender_levels").value).set_index("Level")
    assert levels.loc["Workforce", "Women"] == 0
    assert levels.loc["Workforce", "Men"] == 0
