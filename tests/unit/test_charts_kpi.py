"""The change-from-baseline chart: one tick per enterprise, a histogram for very many."""

import numpy as np
import pandas as pd

from score_dash.charts.kpi import MAX_TICKS, build_change_chart


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


def test_very_many_enterprises_are_drawn_as_a_histogram():
    chart = build_change_chart(changes(MAX_TICKS + 1), "%")
    assert marks(chart)[0] == "bar"
    encoding = chart.to_dict()["layer"][0]["encoding"]
    assert encoding["x"]["bin"] == {"maxbins": 40}
    assert encoding["y"]["aggregate"] == "count"
