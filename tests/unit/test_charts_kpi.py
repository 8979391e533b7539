"""The change-from-baseline chart: one tick per enterprise, a histogram for very many."""

import numpy as np
import pandas as pd

from score_dash.charts.results import MAX_TICKS, binned_changes, build_change_chart


def changes(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    values = rng.normal(0, 1, n)
    return pd.DataFrame(
        {
            "Enterprise": [f"E{i:05d}" for i in range(n)],
            "Change": values,
            "Result": np.where(values > 0, "improved", "worse"),
        }
    )


def marks(chart) -> list[str]:
    spec = chart.to_dict()
    return [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in spec["layer"]
    ]


def test_few_enterprises_are_drawn_one_tick_each():
    assert marks(build_change_chart(changes(50), "%"))[0] == "tick"


def test_very_many_enterprises_are_drawn_as_a_histogram_counted_before_it_is_sent():
    data = changes(MAX_TICKS + 1)
    chart = build_change_chart(data, "%")
    assert marks(chart)[0] == "bar"
    spec = chart.to_dict()
    encoding = spec["layer"][0]["encoding"]
    assert encoding["x"]["bin"] == "binned"
    assert encoding["x2"]["field"] == "To"
    sent = spec["datasets"][spec["layer"][0]["data"]["name"]]
    # A few dozen bars, not a row per enterprise, and every enterprise counted once.
    assert len(sent) <= 2 * 45
    assert sum(row["Enterprises"] for row in sent) == MAX_TICKS + 1
    improved = sum(row["Enterprises"] for row in sent if row["Result"] == "improved")
    assert improved == int((data["Change"] > 0).sum())


def test_the_histograms_bins_are_round_and_hold_their_lower_edge():
    # Changes from -0.2 to 3.9: a span of 4.1, 40 bins of at least 0.1025: bins of 0.2
    # from -0.2. 3.9 is in [3.8, 4.0), 0.2 in [0.2, 0.4), -0.2 in [-0.2, 0.0).
    data = pd.DataFrame(
        {
            "Change": [-0.2, 0.0, 0.1, 0.2, 0.2, 3.9],
            "Result": ["worse", "no change", "improved", "improved", "improved", "improved"],
        }
    )
    bars = binned_changes(data)
    assert bars.to_dict("records") == [
        {"From": -0.2, "To": 0.0, "Result": "worse", "Enterprises": 1},
        {"From": 0.0, "To": 0.2, "Result": "improved", "Enterprises": 1},
        {"From": 0.0, "To": 0.2, "Result": "no change", "Enterprises": 1},
        {"From": 0.2, "To": 0.4, "Result": "improved", "Enterprises": 2},
        {"From": 3.8, "To": 4.0, "Result": "improved", "Enterprises": 1},
    ]
    # One value only: one bar of width 1.
    single = binned_changes(pd.DataFrame({"Change": [2.5], "Result": ["improved"]}))
    assert single.to_dict("records") == [
        {"From": 2.0, "To": 3.0, "Result": "improved", "Enterprises": 1}
    ]
