"""A figure withheld for viewers is drawn as a marked gap with a legend entry (issue 23):
never a missing bar that reads as zero. Hand-made tables, one half-year withheld."""

from __future__ import annotations

import math

import pandas as pd

from score_dash.charts import gender as charts
from score_dash.charts.common import WITHHELD_LABEL

NOTE = "fewer than 3 enterprises"


def _layers(spec: dict) -> list[dict]:
    found = []
    if "layer" in spec:
        for layer in spec["layer"]:
            found += _layers(layer)
    elif "spec" in spec:
        found += _layers(spec["spec"])
    else:
        found.append(spec)
    return found


def test_the_employment_chart_marks_the_withheld_half_year_and_says_so_in_its_legend():
    employment = pd.DataFrame(
        {
            "Half-year": ["2017-H1", "2017-H2", "2017-H2"],
            "Group": ["Workers, permanent"] * 3,
            "Women": [10.0, math.nan, 5.0],
            "Men": [20.0, math.nan, 6.0],
            "Sex not reported": [0.0, math.nan, 0.0],
            "Total": [30.0, math.nan, 11.0],
            "Note": ["", NOTE, "small group"],
        }
    )
    spec = charts.build_employment_chart(employment).to_dict()
    marks = [layer for layer in _layers(spec) if layer.get("mark", {}).get("shape") == "cross"]
    assert len(marks) == 1
    legend = marks[0]["encoding"]["shape"]["scale"]["domain"]
    assert legend == [WITHHELD_LABEL]
    # The layer keeps the withheld row only: empty Total, a Note, and not a small group.
    rule = " ".join(str(t.get("filter", "")) for t in marks[0]["transform"])
    assert "!isValid(datum['Total'])" in rule and "small group" in rule


def test_the_share_trend_marks_only_the_withheld_half_year():
    trend = pd.DataFrame(
        {
            "Half-year": ["2016-H2", "2017-H1", "2017-H2"],
            "Workforce (%)": [20.0, math.nan, 22.0],
            "Workers (%)": [21.0, math.nan, 23.0],
            "Managers (%)": [5.0, math.nan, 6.0],
            "Enterprises reporting": [10, 2, 12],
            "Note": ["", NOTE, ""],
        }
    )
    spec = charts.build_share_trend_chart(trend).to_dict()
    datasets = spec["datasets"]
    marked = [
        layer
        for layer in _layers(spec)
        if isinstance(layer.get("mark"), dict) and layer["mark"].get("shape") == "cross"
    ]
    assert len(marked) == 1
    rows = datasets[marked[0]["data"]["name"]]
    assert [row["Half-year"] for row in rows] == ["2017-H1"]


def test_a_chart_without_withheld_figures_has_no_marker():
    trend = pd.DataFrame(
        {
            "Half-year": ["2017-H2"],
            "Workforce (%)": [22.0],
            "Workers (%)": [23.0],
            "Managers (%)": [6.0],
            "Enterprises reporting": [12],
            "Note": [""],
        }
    )
    spec = charts.build_share_trend_chart(trend).to_dict()
    assert WITHHELD_LABEL not in str(spec)


def test_the_jobs_chart_marks_the_group_whose_figures_are_withheld():
    jobs = pd.DataFrame(
        {
            "Cluster": ["Chennai", "Faridabad", "All"],
            "Net change, women": [math.nan, 4.0, math.nan],
            "Net change, men": [math.nan, 6.0, math.nan],
            "Reporting sex in both": [29, 30, 59],
            "Note": [NOTE, "", NOTE],
        }
    )
    spec = charts.build_jobs_chart(jobs, "Cluster").to_dict()
    marked = [
        layer
        for layer in _layers(spec)
        if isinstance(layer.get("mark"), dict) and layer["mark"].get("shape") == "cross"
    ]
    assert len(marked) == 1
    rows = spec["datasets"][marked[0]["data"]["name"]]
    assert [row["Cluster"] for row in rows] == ["Chennai"]  # not the All row
