"""Tables on screen show a missing value as "—" (score_dash.ui.page.display_frame)."""

from __future__ import annotations

import math

import pandas as pd

from score_dash.ui.page import display_frame


def test_columns_with_missing_values_are_shown_as_text_with_a_dash():
    frame = pd.DataFrame(
        {
            "Name": pd.Series(["a", None], dtype="str"),
            "Count": pd.Series([1234, None], dtype="Int64"),
            "Share (%)": [42.25, math.nan],
            "Median": [1234.56789, math.nan],
            "Date": pd.to_datetime(["2015-03-31", None]),
            "Complete": [1.5, 2.0],
        }
    )
    shown = display_frame(frame)
    assert shown["Name"].tolist() == ["a", "—"]
    assert shown["Count"].tolist() == ["1,234", "—"]
    assert shown["Share (%)"].tolist() == ["42.2", "—"]  # one decimal, as the cards
    assert shown["Median"].tolist() == ["1,234.5679", "—"]
    assert shown["Date"].tolist() == ["31-03-2015", "—"]  # a table's date: day first
    # A column without missing values keeps its type (it sorts as numbers).
    assert shown["Complete"].dtype == float and shown["Complete"].tolist() == [1.5, 2.0]
    assert frame["Count"].isna().sum() == 1  # the frame itself is left as it was


def test_a_categorical_column_sends_only_the_categories_its_rows_use():
    # The first rows of a long table: two of five enterprises, one period missing.
    names = ["E1", "E2", "E3", "E4", "E5"]
    frame = pd.DataFrame(
        {
            "Enterprise": pd.Categorical(["E4", "E2"], categories=names),
            "Period": pd.Categorical(["2015-H1", None], categories=["2014-H2", "2015-H1"]),
        }
    )
    shown = display_frame(frame)
    assert list(shown["Enterprise"].cat.categories) == ["E2", "E4"]
    assert shown["Enterprise"].tolist() == ["E4", "E2"]
    assert shown["Period"].tolist() == ["2015-H1", "—"]
    assert list(frame["Enterprise"].cat.categories) == names  # the frame is left as it was
