"""Partners & outreach: the three immediate objectives, against their targets."""

from __future__ import annotations

from collections.abc import Callable

from score_dash.charts import overview as overview_charts
from score_dash.charts import partners as charts
from score_dash.core.i18n import t
from score_dash.core.reports import PageReport
from score_dash.metrics import logframe
from score_dash.pages.content import (
    AnyChart,
    Block,
    Context,
    Figure,
    Folded,
    Heading,
    Lines,
    Row,
    Stack,
    Table,
    over_time,
    ranked,
    small_multiples,
)

SCREEN_ONLY_COLUMNS = ("Baseline", "End period", "Half-years left")


def compose(report: PageReport, ctx: Context) -> list[Block]:
    status = report.table("Objectives against targets")
    blocks: list[Block] = [Heading(t("Against the targets"))]
    if ctx.scope == "selection":
        blocks.append(Lines((t(logframe.SELECTION_NOTE),), "info"))
    elif not status.empty:
        blocks.append(
            Figure(
                overview_charts.build_status_chart(status, ctx.review),
                key="partners_status",
                alt=ranked(
                    status,
                    "Indicator",
                    "Achieved (%)",
                    t("Share of the half-year's target achieved"),
                    "%",
                ),
                caption=logframe.status_rule(),
                print_share=0.8,
            )
        )
    blocks.append(
        Table("Objectives against targets", key="partners_status_table", drop=SCREEN_ONLY_COLUMNS)
    )
    progress = report.table("Progress against targets")
    drawn = logframe.progress_indicators(ctx.frames["indicators"], progress)
    notes = ctx.notes(list(drawn), drawn)
    progress_items: list[Block] = []
    if not progress.empty:
        progress_items.append(
            Figure(
                small_multiples(
                    lambda columns: charts.build_progress_chart(progress, columns, notes),
                    progress["Indicator"].nunique(),
                ),
                key="partners_progress",
                alt=t(
                    "Actual against target per half-year for {count} indicators, one panel "
                    "each; the table has the figures."
                ).format(count=progress["Indicator"].nunique()),
                notes=notes,
            )
        )
    progress_items.append(
        Table("Progress against targets", key="partners_progress_table", where="screen")
    )
    levels, by_module = report.table("Trainers by level"), report.table("Trainers by module")
    blocks += [
        Folded(
            t("Actual against target per half-year"),
            tuple(progress_items),
            expanded=ctx.scope == "programme",
        ),
        Heading(t("1. Associations market SCORE")),
        Table("Associations", key="partners_associations"),
        Table("By state", key="partners_by_state", heading=t("By state")),
        Lines(
            (
                t(
                    "Cumulative to the end of {period}; people reached counts every activity."
                ).format(period=ctx.review),
            )
        ),
        Heading(t("2. Service providers deliver on a fee-paying basis")),
        Table("Service providers", key="partners_providers"),
        Row(
            (
                Stack(
                    (
                        Figure(
                            charts.build_sex_bar_chart(levels, "Level", t("Trainers by level")),
                            key="partners_levels_chart",
                            alt=ranked(levels, "Level", "Total", t("Trainers by level")),
                        ),
                        Table("Trainers by level", key="partners_levels", where="screen"),
                    )
                ),
                Stack(
                    (
                        Figure(
                            charts.build_sex_bar_chart(
                                by_module, "Module", t("Certified trainers by module")
                            ),
                            key="partners_modules_chart",
                            alt=ranked(
                                by_module, "Module", "Total", t("Certified trainers by module")
                            ),
                        ),
                        Table("Trainers by module", key="partners_modules", where="screen"),
                    )
                ),
            )
        ),
        Lines((t("A trainer counts at the level reached by the end of the review period."),)),
        Heading(t("Cost recovery")),
        _beside(
            report,
            "Cost recovery",
            charts.build_cost_share_chart,
            "partners_cost",
            (
                "Share of cost not paid by the ILO (%)",
                t("Share of training cost not paid by the ILO"),
                "%",
            ),
        ),
        Lines(
            (
                t(
                    "Per half-year of the trend range: modules started in it (cost share, "
                    "fees) and modules completed in it (satisfaction, where a survey score "
                    "was recorded)."
                ),
            )
        ),
        Heading(t("3. Good practice reaches labour inspectors and the media")),
        _beside(
            report,
            "Dissemination",
            charts.build_dissemination_chart,
            "partners_dissemination",
            ("People reached", t("People reached per half-year"), ""),
        ),
    ]
    return blocks


def _beside(
    report: PageReport,
    title: str,
    build: Callable[..., AnyChart],
    key: str,
    trend: tuple[str, str, str],
) -> Block:
    """A half-yearly table's chart beside the table (its latest rows in print)."""
    table = report.table(title)
    value, what, unit = trend  # the figure the chart's text alternative follows
    alt = over_time(table, "Half-year", value, what, unit)
    chart = (Figure(build(table), key=f"{key}_chart", alt=alt),) if not table.empty else ()
    return Row((*chart, Table(title, key=key, latest=True)), widths=(2, 3) if chart else ())
