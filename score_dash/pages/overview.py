"""Overview: are we on track this half-year, and where not? (the chair's briefing).

The last review's actions and what changed since a published review need the session
(forms, the review shown) and stay in the page's script (`Slot`s); the pack prints the
meetings' record on its Decisions & actions page."""

from __future__ import annotations

from score_dash.charts import overview as charts
from score_dash.charts.common import STATUS_COLOURS
from score_dash.core.formats import delta_text, fmt_number
from score_dash.core.i18n import t
from score_dash.core.reports import PageReport
from score_dash.metrics import logframe, overview
from score_dash.pages.content import (
    Block,
    Card,
    Cards,
    Context,
    Figure,
    Folded,
    Heading,
    Lines,
    Link,
    Row,
    Slot,
    Stack,
    Table,
    definition,
    ranked,
)

LAST_REVIEW = "last_review"  # the script's slot: the last review's actions
SINCE_REVIEW = "since_review"  # the script's slot: what changed since a published review
HEADLINE = (  # code, the split by sex shown under it, the page behind it
    ("enterprises_trained", None, "coverage"),
    (
        "workers_trained_enterprises",
        ("women_workers_trained_enterprises", "men_workers_trained_enterprises"),
        "gender",
    ),
    ("module_completions", None, "modules"),
    ("trainers_certified", ("women_trainers_certified", "men_trainers_certified"), "partners"),
    ("women_share_participants", None, "gender"),
)


def compose(report: PageReport, ctx: Context) -> list[Block]:
    labels = overview.period_labels(ctx.periods)
    previous, earlier = labels["previous"], labels["year_earlier"]
    status = report.table("Logframe status")
    blocks: list[Block] = [Heading(t("Against the logframe targets"))]
    if ctx.scope == "selection":
        blocks.append(Lines((t(logframe.SELECTION_NOTE),), "info"))
    else:
        counts = report.table(overview.STATUS_COUNTS).set_index("Status")
        if all(name in counts.index for name in logframe.ASSESSED):
            blocks.append(
                Cards(
                    tuple(
                        Card(
                            t(name),
                            t("{count} of {total}").format(
                                count=fmt_number(counts.loc[name, "Indicators"]),
                                total=fmt_number(counts.loc[name, "Of indicators with targets"]),
                            ),
                            colour=STATUS_COLOURS[name.split(" ", 1)[1].capitalize()],
                            help=logframe.status_rule(),
                        )
                        for name in logframe.ASSESSED
                    )
                )
            )
        blocks.append(Lines((report.sheet("What changed").note,), "strong"))
    notes = ctx.notes_in(overview.noted_indicators(report), [ctx.periods.review])
    changed = Stack(
        (
            Lines(
                (
                    t("What changed since {period}").format(period=previous)
                    if previous
                    else t("What changed since the last review"),
                ),
                "strong",
            ),
            Lines(
                tuple(overview.changes_with_notes(report.table("What changed"), notes)), "bullets"
            ),
            Link("partners", t("Objectives 1-3 in detail: Partners & outreach")),
        )
    )
    if ctx.scope == "programme" and not status.empty:
        chart = Figure(
            charts.build_status_chart(status, ctx.review, font_size=18 if ctx.meeting else 13),
            key="overview_status_chart",
            alt=ranked(
                status, "Indicator", "Achieved (%)", "Share of the half-year's target achieved", "%"
            ),
            caption=logframe.status_rule(),
        )
        blocks.append(Row((chart, changed), widths=(3, 2)))
    else:
        blocks.append(changed)
    blocks.append(Slot(LAST_REVIEW))
    figures = overview.headline_figures(report)

    def card(code: str, split: tuple[str, str] | None, page: str) -> Card:
        unit = figures.loc[code, "Unit"]
        notes = []
        if split:
            women, men = (fmt_number(figures.loc[c, "Value"]) for c in split)
            notes.append(t("Women {women} · men {men}").format(women=women, men=men))
        change = delta_text(figures.loc[code, "Change since previous"], unit) or ""
        if previous and not change:
            notes.append(t("No figure for {period}").format(period=previous))
        if earlier:
            over_year = delta_text(figures.loc[code, "Change over the year"], unit)
            notes.append(
                t("Since {period} (a year earlier): {change}").format(
                    period=earlier, change=over_year or t("no figure then")
                )
            )
        return Card(
            t(str(figures.loc[code, "Figure"])),
            fmt_number(figures.loc[code, "Value"], unit),
            tuple(notes),
            help=definition(code),
            delta=change if previous else "",
            delta_note=t("since {period}").format(period=previous) if previous else "",
            link=page,
        )

    kpi_figures = []
    for kpi in overview.KEY_KPIS:
        code = f"share_improved_{kpi}"
        change = delta_text(figures.loc[code, "Change since previous"], "%")
        what = t(overview.KPI_SHORT_NAMES[kpi]) + (f" ({change})" if change else "")
        kpi_figures.append((fmt_number(figures.loc[code, "Value"], "%"), what))
    kpis = Card(
        t("Enterprises improving on key KPIs (latest vs baseline)"),
        "",
        (t("Changes in points since {period}.").format(period=previous),) if previous else (),
        help=definition("share_improved_productivity"),
        link="results",
        figures=tuple(kpi_figures),
    )
    glance = report.table("Programme at a glance")
    blocks += [
        Heading(t("Headline figures")),
        Cards((*(card(*spec) for spec in HEADLINE), kpis), columns=3),
        Lines((t("The programme at a glance, {period}").format(period=ctx.review),), "strong"),
        Cards(
            tuple(
                Card(t(str(row["Figure"])), fmt_number(row[ctx.review], row["Unit"]))
                for _, row in glance.iterrows()
            ),
            columns=6,
        ),
        Slot(SINCE_REVIEW),
        Heading(t("Logframe status table")),
        Table(
            "Logframe status",
            key="overview_status",
            drop=("Baseline", "End period", "Half-years left"),
        ),
        Table(
            "Reporting coverage",
            key="overview_gaps_printed",
            heading=t("Reporting coverage"),
            where="print",
        ),
        Folded(
            t("Headline figures, what changed, reporting coverage, at a glance: tables"),
            (
                Table("Headline figures", key="overview_figures"),
                Table("What changed", key="overview_changes"),
                Table("Reporting coverage", key="overview_gaps"),
                Table("Programme at a glance", key="overview_glance"),
            ),
            where="screen",
        ),
    ]
    return blocks
