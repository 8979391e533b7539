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
