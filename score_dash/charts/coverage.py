"""Charts of the Coverage page: the state tile grid (one square per state/UT) and the
map's legend (drawn as a chart, so that sector names from the data stay text)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from score_dash.core.formats import fmt_count
from score_dash.core.i18n import t

TILE_SIZE = 46
PICK = "pick"  # name of the click selection: the page narrows the filters to the state


def build_tile_grid_chart(grid: pd.DataFrame, measure: str) -> alt.LayerChart:
    """A tile-grid map of India: each of the 36 states/UTs is a square at its grid cell,
    shaded by `measure` (a column of `grid`), labelled with its code and value.

    `grid` is `metrics.coverage.compute_tile_grid(...)`: Code, Abbreviation, State, Row,
    Column, the measure column and Programme. States without the programme stay pale grey.
    """
    data = grid.assign(
        Value=grid[measure].astype(float),
        Label=[
            ("—" if pd.isna(v) else fmt_count(v)) if p else ""
            for v, p in zip(grid[measure], grid["Programme"], strict=True)
        ],
    )
    columns = list(range(int(grid["Column"].min()), int(grid["Column"].max()) + 1))
    rows = list(range(int(grid["Row"].min()), int(grid["Row"].max()) + 1))
    n_cols, n_rows = len(columns), len(rows)
    x = alt.X("Column:O", axis=None, scale=alt.Scale(domain=columns))
    y = alt.Y("Row:O", axis=None, scale=alt.Scale(domain=rows))
    tooltip = [alt.Tooltip("State:N"), alt.Tooltip("Value:Q", title=t(measure), format=",")]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    top = data["Value"].max()
    largest = max(0 if pd.isna(top) else int(top), 1)
    pick = alt.selection_point(name=PICK, fields=["Code"], on="click", empty=False)
    tiles = (
        base.mark_rect(stroke="white", strokeWidth=2, cornerRadius=3, cursor="pointer")
        .add_params(pick)
        .encode(
            color=alt.condition(
                "datum.Value > 0",
                alt.Color(
                    "Value:Q",
                    title=t(measure),
                    scale=alt.Scale(scheme="blues", domain=[0, largest]),
                    legend=alt.Legend(orient="bottom", format=",d", tickMinStep=1),
                ),
                alt.value("#eceff1"),
            )
        )
    )
    code = base.mark_text(baseline="bottom", dy=-1, fontSize=11, fontWeight="bold").encode(
        text="Abbreviation:N",
        color=alt.condition(
            f"datum.Value > {largest * 0.55}", alt.value("white"), alt.value("#263238")
        ),
    )
    value = base.mark_text(baseline="top", dy=2, fontSize=10).encode(
        text="Label:N",
        color=alt.condition(
            f"datum.Value > {largest * 0.55}", alt.value("white"), alt.value("#263238")
        ),
    )
    return (
        (tiles + code + value)
        .properties(
            width=n_cols * TILE_SIZE,
            height=n_rows * TILE_SIZE,
            title=alt.Title(
                t("{measure} by state").format(measure=t(measure)),
                subtitle=t("One square per state or union territory"),
            ),
        )
        .configure_view(stroke=None)
    )


def build_legend_chart(items: list[tuple[str, str]], size_label: str) -> alt.LayerChart:
    """The map's legend: one coloured dot per sector (`items`: sector, hex colour), and what
    a circle's area means in the title."""
    data = pd.DataFrame(
        {"Sector": [s for s, _ in items], "Order": range(len(items))}, columns=["Sector", "Order"]
    )
    colour = alt.Color(
        "Sector:N",
        scale=alt.Scale(domain=[s for s, _ in items], range=[c for _, c in items]),
        legend=None,
    )
    y = alt.Y("Order:O", axis=None)
    dots = alt.Chart(data).mark_circle(size=110, opacity=0.9).encode(y=y, color=colour)
    names = alt.Chart(data).mark_text(align="left", dx=12, fontSize=12).encode(y=y, text="Sector:N")
    return (
        (dots + names)
        .properties(
            height=max(22 * len(items), 22),
            width=160,
            title=alt.Title(
                t("Circle area: {measure}").format(measure=t(size_label).lower()),
                fontSize=12,
                anchor="start",
            ),
        )
        .configure_view(stroke=None)
    )
