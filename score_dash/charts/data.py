"""The Data page's chart: data quality over the half-years, from `metrics.data`'s table."""

from __future__ import annotations

import altair as alt
import pandas as pd

from score_dash.charts.common import PALETTE, label_words
from score_dash.core.i18n import N_

QUALITY_SERIES: tuple[str, ...] = (N_("Completeness (%)"), N_("Late (%)"))


def build_quality_chart(trend: pd.DataFrame) -> alt.Chart:
    """Completeness and late reports (%) per half-year, a line each."""
    return (
        alt.Chart(trend)
        .transform_fold(list(QUALITY_SERIES), as_=["Measure", "Share"])
        .mark_line(point=True)
        .encode(
            x=alt.X("Half-year:O", title=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("Share:Q", title="%", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "Measure:N",
                title=None,
                scale=alt.Scale(domain=list(QUALITY_SERIES), range=list(PALETTE[:2])),
                legend=alt.Legend(orient="top", labelExpr=label_words(QUALITY_SERIES)),
            ),
            tooltip=["Half-year:O", "Measure:N", alt.Tooltip("Share:Q", format=".1f")],
        )
        .properties(height=260)
    )
