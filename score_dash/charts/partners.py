"""Charts of the Partners & outreach page (objectives 1-3). They draw metric tables only."""

from __future__ import annotations

import altair as alt
import pandas as pd

from score_dash.charts.common import PALETTE, SEX_COLOURS, label_words, note_layer, note_marks
from score_dash.core.i18n import t, words


def build_progress_chart(
    progress: pd.DataFrame, columns: int = 3, notes: pd.DataFrame | None = None
) -> alt.FacetChart:
    """Actual (solid, dots) against target (dashed) per half-year, one panel per indicator.

    `progress` is `logframe.compute_progress`: Indicator, Half-year, Actual, Target, Unit.
    The line style, not only the colour, tells actual from target. `notes`
    (`records.notes_table` with indicator names): a marker in the indicator's panel at each
    half-year with a note, the notes in its tooltip.
    """
    long = progress.melt(
        id_vars=["Indicator", "Half-year", "Unit"],
        value_vars=["Actual", "Target"],
        var_name="Series",
        value_name="Value",
    ).dropna(subset=["Value"])
    marks = note_marks(notes, "Half-year", progress, by=("Indicator",))
    if not marks.empty:  # a facet's layers share its data: the notes are rows of their own
        long = pd.concat([long, marks.assign(Series="Note")], ignore_index=True)
    # The panels named in the run's language (a facet's header takes no label expression).
    long["Indicator"] = words(long["Indicator"])
    x = alt.X("Half-year:O", title=None, axis=alt.Axis(labelAngle=-45))
    base = alt.Chart(long).encode(
        x=x,
        y=alt.Y("Value:Q", title=None),
        color=alt.Color(
            "Series:N",
            scale=alt.Scale(domain=["Actual", "Target"], range=[PALETTE[0], "#555555"]),
            legend=alt.Legend(
                orient="top", title=None, labelExpr=label_words(["Actual", "Target"])
            ),
        ),
        strokeDash=alt.StrokeDash(
            "Series:N",
            scale=alt.Scale(domain=["Actual", "Target"], range=[[1, 0], [5, 4]]),
            legend=None,
        ),
        tooltip=["Indicator", "Half-year", "Series", alt.Tooltip("Value:Q", format=",.1f"), "Unit"],
    )
    layered = base.mark_line() + base.mark_point(filled=True, size=30).transform_filter(
        alt.datum.Series == "Actual"
    )
    if not marks.empty:
        layered = base.mark_line().transform_filter(alt.datum.Series != "Note") + base.mark_point(
            filled=True, size=30
        ).transform_filter(alt.datum.Series == "Actual")
        layered += note_layer(None, x, "Half-year").transform_filter(alt.datum.Series == "Note")
    # Four panels to a row fit the page's width at 1366-1440 px only if narrower.
    return (
        layered.properties(width=175 if columns >= 4 else 230, height=140)
        .facet(
            facet=alt.Facet("Indicator:N", title=None),
            columns=columns,
        )
        .resolve_scale(y="independent")
    )


def build_sex_bar_chart(table: pd.DataFrame, category: str, title: str) -> alt.LayerChart:
    """Women and men per category (Level, Module), stacked, with the total written."""
    long = table.melt(
        id_vars=[category], value_vars=["Women", "Men"], var_name="Sex", value_name="Trainers"
    )
    order = list(table[category])
    y = alt.Y(f"{category}:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("Trainers:Q", title=t("Trainers"), stack="zero"),
            color=alt.Color(
                "Sex:N",
                scale=alt.Scale(domain=list(SEX_COLOURS), range=list(SEX_COLOURS.values())),
                legend=alt.Legend(
                    orient="top", title=None, labelExpr=label_words(["Women", "Men"])
                ),
            ),
            order=alt.Order("Sex:N", sort="descending"),
            tooltip=[category, "Sex", "Trainers"],
        )
    )
    totals = (
        alt.Chart(table)
        .mark_text(align="left", dx=4)
        .encode(y=y, x="Total:Q", text=alt.Text("Total:Q", format=","))
    )
    return (bars + totals).properties(title=title, height=alt.Step(30))


def build_cost_share_chart(cost: pd.DataFrame) -> alt.LayerChart:
    """Share of training cost not paid by the ILO per half-year, values written."""
    column = "Share of cost not paid by the ILO (%)"
    base = alt.Chart(cost.dropna(subset=[column])).encode(
        x=alt.X("Half-year:O", title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y(
            f"{column}:Q",
            title=t("% of cost not paid by the ILO"),
            scale=alt.Scale(domain=[0, 100]),
        ),
        tooltip=["Half-year", alt.Tooltip(f"{column}:Q", format=".1f"), "Modules started"],
    )
    line = base.mark_line(point=True, color=PALETTE[0])
    labels = base.mark_text(dy=-10, fontSize=11).encode(text=alt.Text(f"{column}:Q", format=".0f"))
    return (line + labels).properties(height=260)


def build_dissemination_chart(dissemination: pd.DataFrame) -> alt.Chart:
    """Media items, case studies and labour-inspector trainings per half-year (stacked)."""
    kinds = ["Media items", "Case studies", "Labour-inspector trainings"]
    long = dissemination.melt(
        id_vars=["Half-year"], value_vars=kinds, var_name="Activity", value_name="Count"
    )
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("Half-year:O", title=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("Count:Q", title=t("Activities"), stack="zero"),
            color=alt.Color(
                "Activity:N",
                scale=alt.Scale(domain=kinds, range=list(PALETTE[:3])),
                legend=alt.Legend(orient="top", title=None, labelExpr=label_words(kinds)),
            ),
            tooltip=["Half-year", "Activity", "Count"],
        )
        .properties(height=260)
    )
