"""Building blocks shared by the metrics modules."""

import altair as alt
import pandas as pd

from score_dash.charts.common import screen_spec
from score_dash.core.i18n import in_language
from score_dash.metrics.common import lookup, pct, small_group_note


def test_lookup_equals_map_including_missing_keys():
    keys = pd.Series(["a", "b", "zz", "a", None], index=[10, 11, 12, 13, 14], dtype="str")
    mapping = pd.Series({"a": 1.5, "b": 2.0})
    expected = keys.map(mapping)
    result = lookup(keys, mapping)
    pd.testing.assert_series_equal(result, expected, check_names=False)


def test_pct_is_nan_for_an_empty_whole_and_rounds():
    assert pct(1, 3) == 33.3
    assert pct(0, 0) != pct(0, 0)  # NaN


def test_small_group_note_marks_fewer_than_the_threshold():
    assert small_group_note(4, 5) == "small group"
    assert small_group_note(5, 5) == ""


def test_a_charts_screen_spec_puts_the_page_colours_under_its_own_config():
    """`screen_spec` (the spec the page draws) and `on_screen` (a chart) give the same: the
    label and title colours for the page, what the chart sets itself kept."""
    import altair as alt
    import pandas as pd

    from score_dash.charts.common import on_screen, screen_spec

    chart = (
        alt.Chart(pd.DataFrame({"x": [1, 2]}))
        .mark_bar()
        .encode(x="x:Q")
        .configure_axis(labelColor="#123456", labelFontSize=9)
    )
    spec = screen_spec(chart)
    assert spec["config"]["axis"] == {
        "labelColor": "#123456",  # the chart's own
        "labelFontSize": 9,
        "titleColor": "#4B5563",
    }
    assert spec["config"]["legend"] == {"labelColor": "#4B5563", "titleColor": "#4B5563"}
    assert spec["config"]["title"] == {"color": "#1F2933", "subtitleColor": "#4B5563"}
    assert on_screen(chart).to_dict(validate=False) == spec


def test_altair_reads_a_spec_back_as_it_does_without_the_shared_class_table(monkeypatch):
    """score_dash/charts shares Altair's table of schema classes between `from_dict` calls:
    a spec read back is the same chart, its parts of the classes Altair's own table gives."""
    import altair as alt
    import pandas as pd
    from altair.utils import schemapi

    import score_dash.charts as charts

    chart = (
        alt.Chart(pd.DataFrame({"x": [1, 2], "c": ["a", "b"]}))
        .mark_bar()
        .encode(x=alt.X("x:Q", title="X"), color=alt.Color("c:N", legend=alt.Legend(title=None)))
    )
    spec = chart.to_dict()

    def parts(read: alt.Chart) -> list[str]:
        return [type(read.encoding.x).__name__, type(read.encoding.color.legend).__name__]

    shared = [alt.Chart.from_dict(spec) for _ in range(2)]
    monkeypatch.setattr(schemapi._FromDict, "__init__", charts._build_table)  # Altair's own
    own = alt.Chart.from_dict(spec)
    assert [read.to_dict() for read in shared] == [spec, spec] == [own.to_dict(), spec]
    assert parts(shared[0]) == parts(shared[1]) == parts(own)


def test_a_chart_copied_with_the_fast_path_is_altairs_copy(monkeypatch):
    """score_dash/charts copies schema objects with `Undefined` values taken first: layered,
    concatenated and re-titled charts come out as with Altair's own copy, and a copy shares
    no part with its original."""
    import altair as alt
    import pandas as pd
    from altair.utils import schemapi

    import score_dash.charts as charts

    assert schemapi._deep_copy is charts._fast_deep_copy

    def build() -> alt.VConcatChart:
        data = pd.DataFrame({"x": ["a", "b"], "y": [1.0, 2.0], "z": [0.5, 3.0]})
        base = alt.Chart(data).encode(x=alt.X("x:N", sort=["b", "a"], title=None))
        band = base.mark_area(opacity=0.25).encode(y="y:Q", y2="z:Q")
        line = base.mark_line().encode(y="y:Q", tooltip=["x:N", alt.Tooltip("y:Q", format=",")])
        top = (band + line).properties(width=300, title="Trend")
        bottom = base.mark_bar().encode(y=alt.Y("z:Q", title="Reporting"))
        return alt.vconcat(top, bottom).resolve_scale(x="shared")

    fast = build()
    monkeypatch.setattr(schemapi, "_deep_copy", charts._altair_deep_copy)
    own = build()
    assert fast.to_dict() == own.to_dict()
    monkeypatch.setattr(schemapi, "_deep_copy", charts._fast_deep_copy)
    copy = fast.copy(deep=True)
    copy.vconcat[0].title = "Changed"
    copy.vconcat[1].encoding.y.title = "Changed"
    assert fast.to_dict() == own.to_dict()


def test_a_tooltips_own_words_are_shown_in_hindi_and_the_data_keep_the_english():
    """`screen_spec` in Hindi: a tooltip field whose values are the app's words ("Visit 1",
    "Completed") shows a copy of them in Hindi, made by the mark's last transform, under the
    field's Hindi name; a name ("Pune") and an aggregated field are left; the data keep the
    English. The Hindi is the catalog's, written out here."""
    data = pd.DataFrame(
        {"Stage": ["Visit 1", "Completed"], "Cluster": ["Pune", "Pune"], "Enterprises": [5, 3]}
    )
    base = alt.Chart(data).transform_filter("datum.Enterprises > 0")
    bars = base.mark_bar().encode(
        x="Enterprises:Q",
        y="Stage:N",
        tooltip=["Stage:N", "Cluster:N", alt.Tooltip("Stage:N", aggregate="count")],
    )
    labels = base.mark_text().encode(x="Enterprises:Q", y="Stage:N", text="Enterprises:Q")
    chart = alt.layer(bars, labels)
    spec = in_language("hi", screen_spec, chart)
    bar_spec, label_spec = spec["layer"]
    copy = "Stage · hi"
    assert bar_spec["transform"][0] == {"filter": "datum.Enterprises > 0"}
    assert bar_spec["transform"][-1] == {
        "calculate": 'datum["Stage"] === "Visit 1" ? "दौरा 1" : '
        'datum["Stage"] === "Completed" ? "पूरे हुए" : datum["Stage"]',
        "as": copy,
    }
    tooltip = bar_spec["encoding"]["tooltip"]
    assert tooltip[0] == {"field": copy, "type": "nominal", "title": "अवस्था"}
    assert tooltip[1]["field"] == "Cluster"  # a name: as recorded
    assert tooltip[2]["field"] == "Stage" and tooltip[2]["aggregate"] == "count"
    assert bar_spec["encoding"]["y"]["field"] == "Stage"  # the scale reads the English
    assert "transform" not in label_spec or label_spec["transform"] == [
        {"filter": "datum.Enterprises > 0"}
    ]
    rows = next(iter(spec["datasets"].values()))
    assert [row["Stage"] for row in rows] == ["Visit 1", "Completed"]
    english = screen_spec(chart)
    assert english["layer"][0]["encoding"]["tooltip"][0] == {"field": "Stage", "type": "nominal"}
