"""Building blocks shared by the metrics modules."""

import pandas as pd

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
