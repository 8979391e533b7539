"""Charts of the Modules page: funnels, cohorts, breakdowns, stage durations, participants.

Every builder draws a table of `score_dash.metrics.modules` as it is (columns renamed to
plain field names for Vega-Lite only); labels carry the numbers so colour is never the
only cue, and groups marked "small group" say so in their axis label.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from score_dash.charts.common import (
    PALETTE,
    SEX_COLOURS,
    is_small_group,
    label_words,
    marked,
    missing,
    with_marker,
)
from score_dash.core import i18n
from score_dash.core.formats import fmt_count
from score_dash.core.i18n import N_, t

STATUS_COLOURS: dict[str, str] = {
    N_("Completed"): "#009E73",
    N_("In progress"): "#56B4E9",
    N_("Dropped"): "#D55E00",
}
STATUS_ORDER = list(STATUS_COLOURS)


def _marked_by(labels: pd.Series, notes: pd.Series) -> list[str]:
    """Each label, marked "small group" where any row of its group is (a module's funnel)."""
    small = set(labels[[is_small_group(note) for note in notes]])
    return [
        marked(str(label), N_("small group")) if label in small else str(label) for label in labels
    ]


def build_funnel_chart(funnel: pd.DataFrame, columns: int = 3) -> alt.FacetChart:
    """Small multiples: one horizontal funnel per module, bars = % of enrolled reaching
    each stage, labelled with the count and the percentage (shared 0-100 % scale)."""
    data = pd.DataFrame(
        {
            "Module": _marked_by(funnel["Module"], funnel["Note"]),
            "Step": funnel["Step"],
            "Stage": funnel["Stage"],
            "Enterprises": funnel["Enterprises"].astype(float),
            "Pct": funnel["Of enrolled (%)"],
            "Lost": funnel["Lost since previous step"].astype(float),
            "Label": [
                "—" if missing(n) or missing(p) else f"{fmt_count(n)} ({p:.0f}%)"
                for n, p in zip(funnel["Enterprises"], funnel["Of enrolled (%)"], strict=True)
            ],
        }
    )
    stages = list(dict.fromkeys(data.sort_values("Step")["Stage"]))
    y = alt.Y("Stage:N", sort=stages, title=None, axis=alt.Axis(labelExpr=label_words(stages)))
    base = alt.Chart(data).encode(
        y=y,
        tooltip=[
            alt.Tooltip("Module:N"),
            alt.Tooltip("Stage:N"),
            alt.Tooltip("Enterprises:Q", format=","),
            alt.Tooltip("Pct:Q", title=t("% of enrolled"), format=".1f"),
            alt.Tooltip("Lost:Q", title=t("Lost since previous step"), format=","),
        ],
    )
    bars = base.mark_bar(color=PALETTE[0]).encode(
        x=alt.X(
            "Pct:Q",
            title=t("% of enrolled"),
            scale=alt.Scale(domain=[0, 135]),
            axis=alt.Axis(values=[0, 25, 50, 75, 100]),
        )
    )
    text = base.mark_text(align="left", dx=3, fontSize=11, color="#263238").encode(
        x="Pct:Q", text="Label:N"
    )
    return (
        alt.layer(bars, text, data=data)
        .properties(width=230, height=170)
        .facet(
            facet=alt.Facet(
                "Module:N", title=None, header=alt.Header(labelFontSize=12, labelFontWeight="bold")
            ),
            columns=columns,
        )
    )


def _status_bars(table: pd.DataFrame, label: str, title: str) -> alt.Chart:
    data = pd.DataFrame(
        {
            "Group": with_marker(table[label], table["Note"]),
            **{s: table[s].astype(float) for s in STATUS_ORDER},
        }
    )
    order = list(data["Group"])
    long = data.melt("Group", STATUS_ORDER, var_name="Status", value_name="Enrolments")
    long["Order"] = long["Status"].map({s: i for i, s in enumerate(STATUS_ORDER)})
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("Group:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("Enrolments:Q", title=t("Enrolments"), stack="zero"),
            color=alt.Color(
                "Status:N",
                scale=alt.Scale(domain=STATUS_ORDER, range=list(STATUS_COLOURS.values())),
                legend=alt.Legend(orient="top", title=None, labelExpr=label_words(STATUS_ORDER)),
            ),
            order=alt.Order("Order:Q"),
            tooltip=["Group:N", "Status:N", alt.Tooltip("Enrolments:Q", format=",")],
        )
        .properties(height=alt.Step(22), description=title)
    )


def build_cohort_chart(cohorts: pd.DataFrame) -> alt.Chart:
    """Enrolments per enrolment half-year: completed, in progress and dropped, stacked."""
    return _status_bars(
        cohorts, "Cohort (enrolled in)", "Enrolments by half-year of enrolment and status"
    )


def build_breakdown_chart(table: pd.DataFrame, label: str) -> alt.Chart:
    """Enrolments per cluster, partner or trainer: completed, in progress, dropped."""
    return _status_bars(table, label, f"Enrolments by {label.split(' ')[0].lower()} and status")


def build_stage_days_chart(days: pd.DataFrame) -> alt.LayerChart:
    """A grid of modules × steps, each cell labelled with the median days."""
    data = pd.DataFrame(
        {
            "Module": days["Module"],
            "Step": days["Step"],
            "Days": days["Median days"],
            "Enterprises": days["Enterprises"].astype(float),
            "Label": [
                "—" if pd.isna(d) else (f"{d:.0f}*" if n else f"{d:.0f}")
                for d, n in zip(days["Median days"], days["Note"], strict=True)
            ],
        }
    )
    steps = list(dict.fromkeys(data["Step"]))
    base = alt.Chart(data).encode(
        x=alt.X(
            "Step:N",
            sort=steps,
            title=None,
            axis=alt.Axis(labelAngle=0, labelLimit=160, labelExpr=label_words(steps)),
        ),
        y=alt.Y("Module:N", title=None),
        tooltip=[
            "Module:N",
            "Step:N",
            alt.Tooltip("Days:Q", title=t("Median days")),
            alt.Tooltip("Enterprises:Q", format=","),
        ],
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("Days:Q", title=t("Median days"), scale=alt.Scale(scheme="blues"))
    )
    text = base.mark_text(fontSize=12).encode(
        text="Label:N",
        color=alt.condition("datum.Days > 30", alt.value("white"), alt.value("#263238")),
    )
    return (cells + text).properties(height=alt.Step(34))


def build_modules_per_enterprise_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Enterprises by number of modules taken, labelled with count and share."""
    data = pd.DataFrame(
        {
            "Modules": table["Modules taken"].astype(int),
            "Enterprises": table["Enterprises"].astype(float),
            "Label": [
                "—"
                if missing(n)
                else (f"{fmt_count(n)} ({p:.0f}%)" if not missing(p) else fmt_count(n))
                for n, p in zip(
                    table["Enterprises"], table["Share of enterprises (%)"], strict=True
                )
            ],
        }
    )
    base = alt.Chart(data).encode(
        x=alt.X("Modules:O", title=t("Modules taken"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("Enterprises:Q", title=t("Enterprises")),
    )
    return (
        base.mark_bar(color=PALETTE[0])
        + base.mark_text(dy=-6, fontSize=11, color="#263238").encode(text="Label:N")
    ).properties(height=220)


def build_participants_chart(participants: pd.DataFrame) -> alt.Chart:
    """Classroom participants per module, one row per role, women and men stacked."""
    data = participants[["Module", "Role", "Women", "Men"]].melt(
        ["Module", "Role"], ["Women", "Men"], var_name="Sex", value_name="People"
    )
    data["People"] = data["People"].astype(float)
    roles = [i18n.word(str(role)) for role in sorted(set(data["Role"]))]  # as sorted before
    data["Role"] = [i18n.word(str(role)) for role in data["Role"]]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("Module:N", title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("People:Q", title=t("Participants")),
            color=alt.Color(
                "Sex:N",
                scale=alt.Scale(domain=list(SEX_COLOURS), range=list(SEX_COLOURS.values())),
                legend=alt.Legend(
                    orient="top", title=None, labelExpr=label_words(["Women", "Men"])
                ),
            ),
            # The roles in the run's language in the data: a row header's labelExpr is not
            # applied by the Vega-Lite Streamlit 1.67 draws with (seen in the browser).
            row=alt.Row(
                "Role:N",
                title=None,
                sort=roles,
                header=alt.Header(labelFontWeight="bold"),
            ),
            tooltip=["Module:N", "Role:N", "Sex:N", alt.Tooltip("People:Q", format=",")],
        )
        .properties(width=560, height=alt.Step(22))
    )
