"""Notes on figures on the charts and in the tables: which notes concern a view (hand-made
frames), and the marker layer a chart draws for them (read from the Vega-Lite spec)."""

from __future__ import annotations

import pandas as pd
import pytest

from score_dash.charts import gender as gender_charts
from score_dash.charts import partners as outreach_charts
from score_dash.charts import results as kpi_charts
from score_dash.meetings import minutes
from score_dash.metrics import overview


def note(
    id_: int,
    indicator: str,
    period: str,
    text: str,
    state: str = "",
    cluster: str = "",
    enterprise: str = "",
) -> dict[str, object]:
    return {
        "ID": id_,
        "Indicator": indicator,
        "Half-year": period,
        "State": state,
        "Cluster": cluster,
        "Enterprise": enterprise,
        "Text": text,
        "Recorded at": pd.Timestamp("2016-01-10 09:00:00"),
        "Recorded by": "officer",
    }


NOTES = pd.DataFrame(
    [
        note(1, "productivity", "2015-H1", "Floods everywhere"),
        note(2, "productivity", "2015-H1", "Chennai floods", state="Tamil Nadu", cluster="Chennai"),
        note(3, "productivity", "2015-H2", "Pune strike", cluster="Pune"),
        note(4, "defect_rate", "2015-H1", "New machines"),
        note(5, "productivity", "2014-H2", "Haryana power cuts", state="Haryana"),
        note(6, "productivity", "2015-H1", "E07 moved", enterprise="E07"),
    ],
    columns=list(minutes.NOTE_COLUMNS),
)
CLUSTER_STATES = {"Chennai": "Tamil Nadu", "Pune": "Maharashtra", "Faridabad": "Haryana"}
ENTERPRISE_CLUSTERS = {"E07": "Faridabad"}


def ids(frame: pd.DataFrame) -> list[int]:
    return list(frame["ID"])


# --- which notes concern a view ---------------------------------------------------------------


def test_notes_for_keeps_the_indicator_and_half_years_asked_for() -> None:
    assert ids(minutes.notes_for(NOTES, ["productivity"], ["2015-H1"])) == [1, 2, 6]
    assert ids(minutes.notes_for(NOTES, ["defect_rate"], ["2015-H1", "2015-H2"])) == [4]
    assert ids(minutes.notes_for(NOTES, ["productivity"])) == [1, 2, 3, 5, 6]
    assert ids(minutes.notes_for(NOTES, ["accidents"], ["2015-H1"])) == []


def test_notes_for_a_state_keeps_notes_without_a_place_and_on_that_state() -> None:
    kept = minutes.notes_for(NOTES, ["productivity"], None, states=["Haryana"])
    # 1, 3 (a cluster note without its state) and 6 have no state; 5 is on Haryana.
    assert ids(kept) == [1, 3, 5, 6]
    kept = minutes.notes_for(NOTES, ["productivity"], None, clusters=["Chennai"])
    assert ids(kept) == [1, 2, 5, 6]


@pytest.mark.parametrize(
    ("states", "clusters", "expected"),
    [
        ((), (), [1, 2, 3, 5, 6]),  # all places: every note
        (("Tamil Nadu",), (), [1, 2]),  # its cluster Chennai's note, not Pune's or Haryana's
        (("Maharashtra",), (), [1, 3]),  # Pune lies in Maharashtra
        (("Haryana",), (), [1, 5, 6]),  # E07 is in Faridabad, Haryana
        ((), ("Chennai",), [1, 2]),  # the cluster and notes on its state (none but its own)
        ((), ("Faridabad",), [1, 5, 6]),  # the state's note and the enterprise's
        ((), ("Pune",), [1, 3]),
    ],
)
def test_notes_in_view_match_the_place_through_the_state_a_cluster_lies_in(
    states: tuple[str, ...], clusters: tuple[str, ...], expected: list[int]
) -> None:
    kept = minutes.notes_in_view(
        NOTES,
        ["productivity"],
        ["2014-H2", "2015-H1", "2015-H2"],
        states=states,
        clusters=clusters,
        cluster_states=CLUSTER_STATES,
        enterprise_clusters=ENTERPRISE_CLUSTERS,
    )
    assert ids(kept) == expected
    assert list(kept.columns) == list(minutes.NOTE_COLUMNS)
    assert kept.loc[kept["ID"] == 3, "State"].tolist() in ([], [""])  # rows as stored


def test_notes_table_orders_by_half_year_and_names_the_place() -> None:
    table = minutes.notes_table(
        NOTES[NOTES["ID"].isin([2, 5, 6])], {"2015-H1": "Jan-Jun 2015", "2014-H2": "Jul-Dec 2014"}
    )
    assert table.to_dict("records") == [
        {
            "Half-year": "Jul-Dec 2014",
            "Place": "Haryana",
            "Note": "Haryana power cuts",
            "Recorded by": "officer",
        },
        {
            "Half-year": "Jan-Jun 2015",
            "Place": "Chennai, Tamil Nadu",
            "Note": "Chennai floods",
            "Recorded by": "officer",
        },
        {
            "Half-year": "Jan-Jun 2015",
            "Place": "E07",
            "Note": "E07 moved",
            "Recorded by": "officer",
        },
    ]


# --- the markers on the charts ----------------------------------------------------------------


def chart_notes(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Half-year": p, "Place": place, "Note": text, "Recorded by": "officer"}
            for p, place, text in rows
        ],
        columns=["Half-year", "Place", "Note", "Recorded by"],
    )


def marker_rows(spec: dict) -> list[dict]:
    """The data rows of every layer drawing a triangle-down point (the note markers), from
    its own data or the nearest enclosing spec's; and each such layer as {"_layer": ...}."""
    found: list[dict] = []

    def walk(node: object, data: str | None) -> None:
        if isinstance(node, dict):
            data = node.get("data", {}).get("name", data) if "data" in node else data
            mark = node.get("mark")
            if isinstance(mark, dict) and mark.get("shape") == "triangle-down":
                found.extend(spec["datasets"][data] if data else [])
                found.append({"_layer": node})
            for value in node.values():
                walk(value, data)
        elif isinstance(node, list):
            for value in node:
                walk(value, data)

    walk(spec, None)
    return found


KPI_TREND = pd.DataFrame(
    {
        "Period": ["2014-H2", "2015-H1", "2015-H2"],
        "Median": [100.0, 96.0, 104.0],
        "Lower quartile": [90.0, 88.0, 95.0],
        "Upper quartile": [110.0, 105.0, 112.0],
        "Enterprises reporting": [12, 11, 12],
        "Note": ["", "", ""],
    }
)


def test_the_kpi_trend_marks_the_noted_half_year_with_the_note_in_its_tooltip() -> None:
    notes = chart_notes(
        ("2015-H1", "Chennai", "Floods closed 12 enterprises"), ("2015-H1", "", "Rain")
    )
    spec = kpi_charts.build_trend_chart(KPI_TREND, "index", notes).to_dict()
    rows = [r for r in marker_rows(spec) if "_layer" not in r]
    assert rows == [
        {"Period": "2015-H1", "Notes": "Note (Chennai): Floods closed 12 enterprises | Note: Rain"}
    ]
    layer = next(r["_layer"] for r in marker_rows(spec) if "_layer" in r)
    assert layer["encoding"]["x"]["field"] == "Period"
    assert {t["field"] for t in layer["encoding"]["tooltip"]} == {"Period", "Notes"}


def test_a_note_outside_the_charts_half_years_draws_no_marker() -> None:
    notes = chart_notes(("2013-H1", "", "Too early"))
    spec = kpi_charts.build_trend_chart(KPI_TREND, "index", notes).to_dict()
    assert marker_rows(spec) == []


def test_charts_without_notes_are_drawn_as_before() -> None:
    plain = kpi_charts.build_trend_chart(KPI_TREND, "index").to_dict()
    assert marker_rows(plain) == []
    empty = kpi_charts.build_trend_chart(KPI_TREND, "index", chart_notes()).to_dict()
    assert marker_rows(empty) == []


def test_the_womens_share_trend_marks_the_noted_half_year() -> None:
    trend = pd.DataFrame(
        {
            "Half-year": ["2015-H1", "2015-H2"],
            "Workforce (%)": [31.0, 32.5],
            "Workers (%)": [33.0, 34.0],
            "Managers (%)": [12.0, 12.5],
        }
    )
    assert marker_rows(gender_charts.build_share_trend_chart(trend).to_dict()) == []
    spec = gender_charts.build_share_trend_chart(
        trend, chart_notes(("2015-H2", "Tamil Nadu", "Night shifts opened to women"))
    ).to_dict()
    rows = [r for r in marker_rows(spec) if "_layer" not in r]
    assert rows == [
        {"Half-year": "2015-H2", "Notes": "Note (Tamil Nadu): Night shifts opened to women"}
    ]


def test_the_progress_chart_marks_the_note_in_its_indicators_panel_only() -> None:
    progress = pd.DataFrame(
        {
            "Indicator": ["Associations with an MoU"] * 2 + ["Media items"] * 2,
            "Half-year": ["2015-H1", "2015-H2"] * 2,
            "Actual": [2.0, 3.0, 10.0, 14.0],
            "Target": [3.0, 4.0, 12.0, 16.0],
            "Unit": ["associations"] * 2 + ["items"] * 2,
        }
    )
    assert marker_rows(outreach_charts.build_progress_chart(progress).to_dict()) == []
    notes = chart_notes(("2015-H2", "", "Two MoUs signed late"))
    notes.insert(1, "Indicator", ["Associations with an MoU"])
    spec = outreach_charts.build_progress_chart(progress, notes=notes).to_dict()
    layers = [r["_layer"] for r in marker_rows(spec) if "_layer" in r]
    assert len(layers) == 1  # one layer, inside the facet, reading the facet's data
    data = spec["datasets"][spec["data"]["name"]]
    noted = [row for row in data if row["Series"] == "Note"]
    assert noted == [
        {
            "Indicator": "Associations with an MoU",
            "Half-year": "2015-H2",
            "Unit": None,
            "Series": "Note",
            "Value": None,
            "Notes": "Note: Two MoUs signed late",
        }
    ]
    assert {row["Indicator"] for row in data} == {"Associations with an MoU", "Media items"}


# --- the Overview's "what changed" lines ------------------------------------------------------


def test_what_changed_lines_carry_the_notes_on_their_indicator() -> None:
    changes = pd.DataFrame(
        {
            "What changed since the last review": [
                "Enterprises trained slipped from on track to off track.",
                "Enterprises raising productivity fell by 10.0 points to 40.0 %.",
                None,  # emptied for a viewer
                "New data gap: no value for Media items in 2015-H1.",
            ],
            overview.CHANGE_CODE: ["enterprises_trained", "share_improved_productivity", None, ""],
        }
    )
    notes = NOTES[NOTES["ID"].isin([1, 2, 4])]  # 2015-H1, productivity x2 and defect rate
    assert overview.changes_with_notes(changes, notes) == [
        "Enterprises trained slipped from on track to off track.",
        "Enterprises raising productivity fell by 10.0 points to 40.0 %. "
        "(note: Floods everywhere) (note on Chennai: Chennai floods)",
        "New data gap: no value for Media items in 2015-H1.",
    ]
