"""Charts of the Results page: KPI trend with its band, change from baseline, groups, grid.

Every builder draws a table of `score_dash.metrics.results` as it is; numbers are written on
the marks, and half-years or groups from fewer than five enterprises are drawn hollow and
labelled "small group".
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from score_dash.charts.common import (
    NOT_SHOWN,
    PALETTE,
    is_small_group,
    label_words,
    missing,
    note_layer,
    note_marks,
    with_marker,
)
from score_dash.core.formats import fmt_count
from score_dash.core.i18n import N_, t

WIDTH = 760
MAX_TICKS = 2000  # above this many enterprises the change chart becomes a histogram
MAX_BINS = 40  # about this many bars in that histogram
# "no change" in the grey of 3.4:1 (charts.common.NOT_REPORTED_COLOUR; #999999 was 2.8:1)
RESULT_COLOURS: dict[str, str] = {
    N_("improved"): "#009E73",
    N_("no change"): "#8C8C8C",
    N_("worse"): "#D55E00",
}
REPORTING: tuple[str, str] = (N_("5 or more"), N_("fewer than 5 (small group)"))


def build_trend_chart(
    trend: pd.DataFrame, unit: str, notes: pd.DataFrame | None = None
) -> alt.VConcatChart:
    """Median line with the interquartile band, and below it the enterprises reporting.

    `notes` (`records.notes_table` of the KPI, half-years of the trend): a marker at each
    half-year with a note, the notes in its tooltip."""
    data = pd.DataFrame(
        {
            "Period": trend["Period"],
            "Median": trend["Median"],
            "Low": trend["Lower quartile"],
            "High": trend["Upper quartile"],
            "N": trend["Enterprises reporting"].astype(float),
            "Reporting": [
                REPORTING[1] if note == "small group" else REPORTING[0] for note in trend["Note"]
            ],
        }
    )
    order = list(data["Period"])
    x = alt.X("Period:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45))
    base = alt.Chart(data).encode(x=x)
    tooltip = [
        "Period:N",
        alt.Tooltip("Median:Q", format=",.2f"),
        alt.Tooltip("Low:Q", title=t("Lower quartile"), format=",.2f"),
        alt.Tooltip("High:Q", title=t("Upper quartile"), format=",.2f"),
        alt.Tooltip("N:Q", title=t("Enterprises reporting"), format=","),
    ]
    band = base.mark_area(opacity=0.25, color=PALETTE[0]).encode(
        y=alt.Y("Low:Q", title=unit, scale=alt.Scale(zero=False)), y2="High:Q"
    )
    line = base.mark_line(color=PALETTE[0], strokeWidth=2.5).encode(y="Median:Q")
    points = base.mark_point(size=70, strokeWidth=2, color=PALETTE[0]).encode(
        y="Median:Q",
        fill=alt.Fill(
            "Reporting:N",
            scale=alt.Scale(domain=list(REPORTING), range=[PALETTE[0], "white"]),
            legend=alt.Legend(
                title=t("Enterprises reporting"), orient="top", labelExpr=label_words(REPORTING)
            ),
        ),
        tooltip=tooltip,
    )
    layers = band + line + points
    marks = note_marks(notes, "Period", data)
    if not marks.empty:
        layers += note_layer(marks, x, "Period")
    top = layers.properties(
        width=WIDTH,
        height=260,
        title=t("Median (line) and interquartile range (band: middle half of enterprises)"),
    )
    counts = base.mark_bar(color="#B0BEC5").encode(
        y=alt.Y("N:Q", title=t("Reporting")), tooltip=tooltip
    )
    labels = base.mark_text(dy=-5, fontSize=10, color="#263238").encode(
        y="N:Q", text=alt.Text("N:Q", format=",")
    )
    bottom = (counts + labels).properties(width=WIDTH, height=90, title=t("Enterprises reporting"))
    return alt.vconcat(top, bottom).resolve_scale(x="shared")


def nice_step(raw: float) -> float:
    """The smallest round width (1, 2 or 5 times a power of ten) at least `raw`."""
    if not raw > 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(f * power for f in (1, 2, 5, 10) if f * power >= raw * (1 - 1e-9))


def binned_changes(data: pd.DataFrame) -> pd.DataFrame:
    """The histogram's bars, counted here so that the browser gets a few dozen rows, not
    one per enterprise: enterprises per bin of change (at most about MAX_BINS bins of a
    round width, each from its From up to, not including, its To) and result."""
    values = data["Change"].astype(float)
    low, high = float(values.min()), float(values.max())
    step = nice_step((high - low) / MAX_BINS)
    start = math.floor(low / step + 1e-9) * step
    # The small tolerance keeps a value on a bin's edge (3.9 with steps of 0.1) in the bin
    # it starts, whatever the float division gives.
    index = np.floor((values - start) / step + 1e-9).astype(int)
    bars = (
        pd.DataFrame({"bin": index.to_numpy(), "Result": data["Result"].to_numpy()})
        .groupby(["bin", "Result"], sort=True)
        .size()
        .rename("Enterprises")
        .reset_index()
    )
    bars["From"] = (start + bars["bin"] * step).round(10)
    bars["To"] = (bars["From"] + step).round(10)
    return bars[["From", "To", "Result", "Enterprises"]]


def build_change_chart(changes: pd.DataFrame, unit: str) -> alt.LayerChart:
    """Strip plot: one tick per enterprise at its change from baseline, by result.

    Above MAX_TICKS enterprises the ticks would be too many for the browser to draw (and to
    read): the same rows are then counted into a histogram (`binned_changes`), stacked by
    result.
    """
    have = changes[changes["Result"].isin(list(RESULT_COLOURS))]
    data = pd.DataFrame(
        {"Enterprise": have["Enterprise"], "Change": have["Change"], "Result": have["Result"]}
    )
    colour = alt.Color(
        "Result:N",
        scale=alt.Scale(domain=list(RESULT_COLOURS), range=list(RESULT_COLOURS.values())),
        legend=alt.Legend(orient="top", title=None, labelExpr=label_words(list(RESULT_COLOURS))),
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0.0]}))
        .mark_rule(color="#263238", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    if len(data) > MAX_TICKS:
        bars = (
            alt.Chart(binned_changes(data))
            .mark_bar()
            .encode(
                x=alt.X(
                    "From:Q",
                    bin="binned",
                    title=t("Change from baseline ({unit})").format(unit=unit),
                ),
                x2="To:Q",
                y=alt.Y("Enterprises:Q", title=t("Enterprises"), stack=True),
                color=colour,
                tooltip=[
                    "Result:N",
                    alt.Tooltip("From:Q", format=",.4~g"),
                    alt.Tooltip("To:Q", format=",.4~g"),
                    alt.Tooltip("Enterprises:Q", format=","),
                ],
            )
        )
        return (bars + zero).properties(height=200)
    ticks = (
        alt.Chart(data)
        .mark_tick(thickness=2, size=26, opacity=0.7)
        .encode(
            x=alt.X("Change:Q", title=t("Change from baseline ({unit})").format(unit=unit)),
            y=alt.Y(
                "Result:N",
                sort=list(RESULT_COLOURS),
                title=None,
                axis=alt.Axis(labelExpr=label_words(list(RESULT_COLOURS))),
            ),
            color=alt.Color(
                "Result:N",
                scale=alt.Scale(domain=list(RESULT_COLOURS), range=list(RESULT_COLOURS.values())),
                legend=None,
            ),
            tooltip=["Enterprise:N", alt.Tooltip("Change:Q", format=",.2f"), "Result:N"],
        )
    )
    return (ticks + zero).properties(height=140)


def build_groups_chart(table: pd.DataFrame, label: str) -> alt.LayerChart:
    """Share improved per cluster or sector, labelled with the share and the count."""
    data = pd.DataFrame(
        {
            "Group": with_marker(table[label], table["Note"]),
            "Share": table["Share improved (%)"],
            "Label": [
                t(NOT_SHOWN)
                if missing(n)
                else (
                    t("{share}% of {count}").format(share=f"{s:.0f}", count=fmt_count(n))
                    if not missing(s)
                    else ""
                )
                for s, n in zip(table["Share improved (%)"], table["Enterprises"], strict=True)
            ],
        }
    )
    base = alt.Chart(data).encode(
        y=alt.Y("Group:N", sort=list(data["Group"]), title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X(
            "Share:Q",
            title=t("Enterprises improved (%)"),
            scale=alt.Scale(domain=[0, 115]),
            axis=alt.Axis(values=[0, 25, 50, 75, 100]),
        ),
    )
    return (
        base.mark_bar(color=PALETTE[2])
        + base.mark_text(align="left", dx=3, fontSize=11, color="#263238").encode(text="Label:N")
    ).properties(height=alt.Step(24))


def build_all_kpis_chart(grid: pd.DataFrame) -> alt.LayerChart:
    """Share of enterprises improved for every KPI, in the grid's order, with the median
    change (%) written beside each bar."""
    data = pd.DataFrame(
        {
            "KPI": with_marker(grid["KPI"], grid["Note"]),
            "Share": grid["Share improved (%)"],
            "Label": [
                _share_label(s, c, note)
                for s, c, note in zip(
                    grid["Share improved (%)"], grid["Median change (%)"], grid["Note"], strict=True
                )
            ],
        }
    )
    base = alt.Chart(data).encode(
        y=alt.Y("KPI:N", sort=list(data["KPI"]), title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X(
            "Share:Q",
            title=t("Enterprises improved (%)"),
            scale=alt.Scale(domain=[0, 190]),
            axis=alt.Axis(values=[0, 25, 50, 75, 100]),
        ),
    )
    return (
        base.mark_bar(color=PALETTE[0])
        + base.mark_text(align="left", dx=3, fontSize=11, color="#263238").encode(text="Label:N")
    ).properties(height=alt.Step(26))


def _share_label(share: float, change: float, note: object) -> str:
    if missing(share):
        return t(NOT_SHOWN) if isinstance(note, str) and note and not is_small_group(note) else ""
    if missing(change):
        return t("{share}% improved").format(share=f"{share:.0f}")
    return t("{share}% improved · median change {change}%").format(
        share=f"{share:.0f}", change=f"{change:+.1f}"
    )
