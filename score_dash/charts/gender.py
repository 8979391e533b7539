"""Charts of the Gender & jobs page. They draw the tables of `metrics.gender` as they are."""

from __future__ import annotations

import altair as alt
import pandas as pd

from score_dash.charts.common import (
    NOT_REPORTED_COLOUR,
    NOT_SHOWN,
    PALETTE,
    SEX_COLOURS,
    label_words,
    missing,
    note_layer,
    note_marks,
    withheld_layer,
    withheld_rows,
)
from score_dash.core.i18n import N_, t, words
from score_dash.metrics.gender import GROUPS

SHARE = "Women's share (%)"
SEX_SCALE = alt.Scale(
    domain=["Women", "Men", "Sex not reported"],
    range=[SEX_COLOURS["Women"], SEX_COLOURS["Men"], NOT_REPORTED_COLOUR],
)


def build_levels_chart(levels: pd.DataFrame) -> alt.LayerChart:
    """Women's share at each level as labelled bars; the workforce bar, the reference for
    the other levels, is drawn in grey."""
    order = list(levels["Level"])
    # Vega reads an apostrophe in a field name as a quote: plot the share as "Share".
    data = levels.rename(columns={SHARE: "Share"})
    notes = data["Note"] if "Note" in data else pd.Series("", index=data.index)
    data["Label"] = [
        f"{v:.1f} %" if not missing(v) else (t(NOT_SHOWN) if note else t("none counted"))
        for v, note in zip(data["Share"], notes, strict=True)
    ]
    y = alt.Y(
        "Level:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=220, labelFontSize=13, labelExpr=label_words(order)),
    )
    x = alt.X("Share:Q", title=t("Women's share (%)"), scale=alt.Scale(domain=[0, 100]))
    tooltip: list[str | alt.Tooltip] = [
        "Level:N",
        "Women:Q",
        "Men:Q",
        alt.Tooltip("Share:Q", title=t("Women's share (%)"), format=".1f"),
    ]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    bars = base.mark_bar().encode(
        color=alt.condition(
            "datum.Level == 'Workforce'", alt.value("#757575"), alt.value(SEX_COLOURS["Women"])
        )
    )
    text = base.mark_text(align="left", dx=5, fontSize=13, fontWeight="bold").encode(text="Label:N")
    return (bars + text).properties(
        height=alt.Step(40),
        title=alt.Title(
            t("Women's share at each level"), subtitle=t("Grey: the workforce, for comparison")
        ),
    )


def build_employment_chart(employment: pd.DataFrame) -> alt.FacetChart:
    """Headcount by sex per half-year, one panel per group (workers/managers x contract); a
    half-year withheld for a viewer is a marked gap."""
    x = alt.X("Half-year:O", title=None, axis=alt.Axis(labelAngle=-45))
    # A viewer's "sex not reported" is withheld throughout (estimated into women and men).
    sexes = [s for s in SEX_SCALE.domain if s in employment and employment[s].notna().any()]
    sexes = sexes or ["Women", "Men"]
    colours = dict(zip(SEX_SCALE.domain, SEX_SCALE.range, strict=True))
    scale = alt.Scale(domain=sexes, range=[colours[s] for s in sexes])
    bars = (
        alt.Chart()
        .transform_fold(sexes, as_=["Sex", "People"])
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("People:Q", title=t("People employed"), stack="zero"),
            color=alt.Color(
                "Sex:N",
                scale=scale,
                legend=alt.Legend(orient="top", title=t("Sex"), labelExpr=label_words(sexes)),
            ),
            order=alt.Order("Sex:N", sort="descending"),
            tooltip=["Half-year:O", "Group:N", "Sex:N", alt.Tooltip("People:Q", format=",")],
        )
    )
    layers = [bars]
    if not withheld_rows(employment, "Total").empty:  # a faceted layer shares the bars' data
        layers.append(withheld_layer(None, x, "Total"))
    return (
        # The panels named in the run's language (a facet's header takes no label expression).
        alt.layer(*layers, data=employment.assign(Group=words(employment["Group"])))
        .properties(width=380, height=150)
        .facet(
            facet=alt.Facet(
                "Group:N",
                title=None,
                sort=[t(group) for group in GROUPS.values()],
            ),
            columns=2,
        )
        .resolve_scale(y="independent")
        .properties(title=t("Employment by sex"))
    )


# The indicators the share trend draws (workers have no indicator of their own).
SHARE_TREND_INDICATORS: tuple[str, ...] = ("women_share_workforce", "women_share_managers")


def build_share_trend_chart(
    trend: pd.DataFrame, notes: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Women's share of the workforce, of workers and of managers over the half-years;
    `notes` (`records.notes_table` of SHARE_TREND_INDICATORS): a marker at each half-year
    with a note, the notes in its tooltip."""
    series = ("Workforce (%)", "Workers (%)", "Managers (%)")
    base = alt.Chart(trend).transform_fold(list(series), as_=["Of", "Share"])
    colour = alt.Color(
        "Of:N",
        title=None,
        scale=alt.Scale(domain=list(series), range=[SEX_COLOURS["Women"], PALETTE[1], PALETTE[0]]),
        legend=alt.Legend(
            orient="top",
            labelExpr=label_words(
                dict(zip(series, (N_("Workforce"), N_("Workers"), N_("Managers")), strict=True))
            ),
        ),
    )
    x = alt.X("Half-year:O", title=None, axis=alt.Axis(labelAngle=-45))
    y = alt.Y("Share:Q", title=t("Women's share (%)"))
    lines = base.mark_line(point=True).encode(
        x=x,
        y=y,
        color=colour,
        tooltip=["Half-year:O", "Of:N", alt.Tooltip("Share:Q", format=".1f")],
    )
    last = trend.iloc[[-1]] if len(trend) else trend
    labels = (
        alt.Chart(last)
        .transform_fold(list(series), as_=["Of", "Share"])
        .mark_text(align="left", dx=6, fontSize=11)
        .encode(x=x, y=y, color=colour, text=alt.Text("Share:Q", format=".1f"))
    )
    layers = lines + labels
    withheld = withheld_rows(trend, "Workforce (%)")
    if not withheld.empty:
        layers += withheld_layer(withheld, x)
    marks = note_marks(notes, "Half-year", trend)
    if not marks.empty:
        layers += note_layer(marks, x, "Half-year")
    return layers.properties(height=260, title=t("Women's share over time"))


def build_jobs_chart(jobs: pd.DataFrame, by: str) -> alt.Chart | alt.LayerChart:
    """Net change in women's and men's jobs since baseline per group (without the 'All' row);
    a group whose figures are withheld for viewers is marked at zero."""
    data = jobs[jobs[by] != "All"].rename(
        columns={"Net change, women": "Women", "Net change, men": "Men"}
    )
    y = alt.Y(f"{by}:N", title=None, axis=alt.Axis(labelLimit=200))
    bars = (
        alt.Chart(data)
        .transform_fold(["Women", "Men"], as_=["Sex", "Net change"])
        .mark_bar()
        .encode(
            y=y,
            yOffset=alt.YOffset("Sex:N", sort=["Women", "Men"]),
            x=alt.X(
                "Net change:Q", title=t("Net change in jobs (people)"), axis=alt.Axis(tickCount=8)
            ),
            color=alt.Color(
                "Sex:N",
                scale=alt.Scale(domain=["Women", "Men"], range=list(SEX_COLOURS.values())),
                legend=alt.Legend(orient="top", labelExpr=label_words(["Women", "Men"])),
            ),
            tooltip=[
                f"{by}:N",
                "Sex:N",
                alt.Tooltip("Net change:Q", format="+,"),
                alt.Tooltip("Reporting sex in both:Q", title=t("Enterprises reporting")),
            ],
        )
    )
    withheld = withheld_rows(data, "Women")
    chart = bars + withheld_layer(withheld, None, y=y) if not withheld.empty else bars
    return chart.properties(
        height=alt.Step(14),
        title=(
            t("Net change in jobs by sex since baseline, by sector")
            if by == "Sector"
            else t("Net change in jobs by sex since baseline, by cluster")
        ),
    )
