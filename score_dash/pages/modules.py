"""Modules: how far enterprises get through each training module (completion funnels)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd

from score_dash.charts import modules as charts
from score_dash.core.formats import fmt_number
from score_dash.core.i18n import N_, t
from score_dash.core.reports import PageReport
from score_dash.metrics import modules
from score_dash.pages.content import (
    AnyChart,
    Block,
    Card,
    Cards,
    Context,
    Figure,
    Folded,
    Heading,
    Lines,
    Row,
    Stack,
    Table,
    Tabs,
    Where,
    definition,
    over_time,
    ranked,
    small_multiples,
)

BREAKDOWNS = (  # table, its chart's label, key, the tab and the heading
    (modules.TITLE_CLUSTER, "Cluster", "cluster", N_("Cluster"), N_("By cluster")),
    (modules.TITLE_PARTNER, "Partner", "partner", N_("Partner"), N_("By partner")),
    (modules.TITLE_TRAINER, "Trainer · partner", "trainer", N_("Trainer"), N_("By trainer")),
)
# The text alternative of each breakdown's chart, by key.
RATE_BY = {
    "cluster": N_("Completion rate by cluster"),
    "partner": N_("Completion rate by partner"),
    "trainer": N_("Completion rate by trainer"),
}


def compose(report: PageReport, ctx: Context) -> list[Block]:
    summary = report.table(modules.TITLE_SUMMARY).set_index("Figure")
    small = t("Small group: fewer than {count} enterprises behind the figure.").format(
        count=ctx.small_n
    )
    funnel = report.table(modules.TITLE_FUNNEL)
    blocks: list[Block] = [
        Cards(
            tuple(
                Card(
                    t(short),
                    fmt_number(summary.loc[figure, "Value"], summary.loc[figure, "Unit"]),
                    help=definition(code),
                )
                for figure, (short, code) in modules.CARDS.items()
            ),
            columns=6,
        ),
        Folded(
            t("Summary table"),
            (Table(modules.TITLE_SUMMARY, key="modules_summary"),),
            where="screen",
        ),
        Heading(t("Funnel per module")),
        Lines(
            (
                t(
                    "Enrolments made by the end of {period}; a stage reached later counts as "
                    "not reached yet. A stage counts as reached when its date or a later "
                    "stage's date is set. Bars: % of enrolled reaching each stage; labels: "
                    "enterprises (%)."
                ).format(period=ctx.review)
                + f" {small}",
            )
        ),
    ]
    if funnel.empty:
        blocks.append(
            Lines((t("No enrolments in this selection by the end of the review period."),), "info")
        )
    else:
        blocks.append(
            Figure(
                small_multiples(
                    lambda columns: charts.build_funnel_chart(funnel, columns),
                    funnel["Module"].nunique(),
                ),
                key="modules_funnel_chart",
                alt=ranked(
                    funnel[funnel["Stage"] == funnel["Stage"].iloc[-1]],
                    "Module",
                    "Of enrolled (%)",
                    t("Share of enrolments completed, by module"),
                    "%",
                ),
            )
        )
    blocks += [
        Table(modules.TITLE_FUNNEL, key="modules_funnel", where="screen"),
        Table(
            modules.TITLE_COMPARE,
            key="modules_compare",
            heading=t("Modules side by side (% of enrolled reaching each stage)"),
            expander=t("Modules side by side (% of enrolled reaching each stage)"),
        ),
        Heading(t("Cohorts: by half-year of enrolment")),
        Lines(
            (
                t(
                    "Status as at the end of {period}: completed, dropped (withdrawal date "
                    "set) or in progress (neither), so a recent cohort still being coached is "
                    "not read as drop-out."
                ).format(period=ctx.review),
            )
        ),
        _with_chart(
            report,
            modules.TITLE_COHORTS,
            charts.build_cohort_chart,
            "modules_cohorts",
            alt=over_time(
                report.table(modules.TITLE_COHORTS),
                "Cohort (enrolled in)",
                "Completed (%)",
                t("Share of a cohort's enrolments completed"),
                "%",
            ),
        ),
        Heading(t("By cluster, partner and trainer")),
        Lines(
            (
                t(
                    "Completion rate = completed / (completed + dropped); enrolments in "
                    "progress are left out of it. Partner: the institution of the enrolment's "
                    "trainer."
                ),
            )
        ),
        Tabs(  # the trainers' table is long: on screen and in the Excel download only
            tuple(t(tab) for *_, tab, _ in BREAKDOWNS),
            tuple(
                _with_chart(
                    report,
                    title,
                    partial(charts.build_breakdown_chart, label=label),
                    f"modules_{key}",
                    heading=t(heading),
                    beside=title == modules.TITLE_CLUSTER,  # partners' names are long
                    alt=ranked(
                        report.table(title),
                        report.table(title).columns[0],
                        "Completion rate (%)",
                        t(RATE_BY[key]),
                        "%",
                    ),
                    where="screen" if title == modules.TITLE_TRAINER else "both",
                )
                for title, label, key, _, heading in BREAKDOWNS
            ),
        ),
        Heading(t("Median days between stages")),
        Lines(
            (t("Over enrolments with both dates by the end of the review period; * small group."),)
        ),
        _with_chart(
            report,
            modules.TITLE_DAYS,
            charts.build_stage_days_chart,
            "modules_days",
            beside=False,
            alt=ranked(
                report.table(modules.TITLE_DAYS),
                ("Module", "Step"),
                "Median days",
                t("Median days between stages"),
            ),
        ),
        Heading(t("Modules per enterprise")),
        Lines((t("How many modules each enterprise has enrolled in (within the filters)."),)),
        _with_chart(
            report,
            modules.TITLE_MODULES_PER,
            charts.build_modules_per_enterprise_chart,
            "modules_per",
            alt=ranked(
                report.table(modules.TITLE_MODULES_PER),
                "Modules taken",
                "Enterprises",
                t("Enterprises by the number of modules they took"),
            ),
        ),
        Heading(t("Classroom participants by role and sex")),
        Lines((t("Managers and workers who attended the classroom workshop, by module."),)),
        _with_chart(
            report,
            modules.TITLE_PARTICIPANTS,
            charts.build_participants_chart,
            "modules_participants",
            beside=False,
            alt=ranked(
                report.table(modules.TITLE_PARTICIPANTS),
                ("Module", "Role"),
                "Women's share (%)",
                t("Women's share of classroom participants"),
                "%",
            ),
        ),
    ]
    return blocks


def _with_chart(
    report: PageReport,
    title: str,
    build: Callable[[pd.DataFrame], AnyChart],
    key: str,
    *,
    heading: str = "",
    beside: bool = True,
    where: Where = "both",
    alt: str = "",
) -> Block:
    """A table and its chart (none for an empty or withheld table): side by side, or the
    chart above the table."""
    sheet = report.sheet(title)
    latest = title == modules.TITLE_COHORTS
    table = Table(title, key=key, heading=heading, latest=latest, where=where)
    if sheet.frame.empty or sheet.withheld:
        return table
    chart = Figure(build(sheet.frame), key=f"{key}_chart", alt=alt)
    if beside:
        return Row((chart, table), widths=(2, 3), where=where)
    return Stack((chart, table), where=where)
