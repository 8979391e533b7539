"""Charts of the Overview: logframe indicators against the target for the half-year."""

from __future__ import annotations

import altair as alt
import pandas as pd

from score_dash.charts.common import NOT_SHOWN, STATUS_COLOURS
from score_dash.core.i18n import t, words

# Status label (with its symbol, as metrics.logframe writes it) -> colour.
_STATUS_SCALE = {
    "✓ On track": STATUS_COLOURS["On track"],
    "! At risk": STATUS_COLOURS["At risk"],
    "✗ Off track": STATUS_COLOURS["Off track"],
    "– No target": STATUS_COLOURS["No target"],
    "– No data": STATUS_COLOURS["No target"],
    "– Not assessed": STATUS_COLOURS["No target"],
}
AXIS_CAP = 150.0


def build_status_chart(
    status: pd.DataFrame, review_label: str, font_size: int = 13
) -> alt.LayerChart:
    """One bar per indicator: % of the half-year's target achieved, coloured by status.

    `status` is the displayed logframe table (Indicator, Achieved (%), Status). The text at
    the end of each bar repeats the status in words and the percentage, so colour is never
    the only signal; dashed rules mark 100 % (the target) and 85 % (the at-risk line).
    Bars are drawn up to AXIS_CAP % (the label gives the real value).
    """
    data = status[["Indicator", "Achieved (%)", "Status"]].copy()
    # The indicators and statuses in the run's language (the colour scale keeps the English).
    data["Indicator"] = words(data["Indicator"])
    data["Bar"] = data["Achieved (%)"].clip(upper=AXIS_CAP)
    data["Label"] = [
        t(NOT_SHOWN) if s is None or pd.isna(s) else (f"{t(s)}  {a:.0f} %" if pd.notna(a) else t(s))
        for s, a in zip(data["Status"], data["Achieved (%)"], strict=True)
    ]
    order = list(data["Indicator"])
    y = alt.Y(
        "Indicator:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=320, labelFontSize=font_size),
    )
    x = alt.X(
        "Bar:Q",
        title=t("% of the {period} target achieved").format(period=review_label),
        scale=alt.Scale(domain=[0, AXIS_CAP + 45]),
        axis=alt.Axis(
            values=[0, 25, 50, 85, 100, 150], labelFontSize=font_size, titleFontSize=font_size
        ),
    )
    base = alt.Chart(data).encode(
        y=y,
        tooltip=[
            alt.Tooltip("Indicator:N", title=t("Indicator")),
            alt.Tooltip("Label:N", title=t("Status")),
            alt.Tooltip("Achieved (%):Q", title=t("Achieved (%)"), format=".1f"),
        ],
    )
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=x,
        color=alt.Color(
            "Status:N",
            scale=alt.Scale(domain=list(_STATUS_SCALE), range=list(_STATUS_SCALE.values())),
            legend=None,
        ),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=font_size, color="#222").encode(
        x="Bar:Q", text="Label:N"
    )
    rules = (
        alt.Chart(pd.DataFrame({"x": [85.0, 100.0], "What": ["85 %", "target"]}))
        .mark_rule(strokeDash=[4, 3], color="#444")
        .encode(x="x:Q")
    )
    # A step per indicator (not a total height), so every label keeps its own row.
    return (bars + rules + labels).properties(
        height=alt.Step(int(font_size * 2.3)), width="container"
    )
