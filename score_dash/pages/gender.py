"""Gender & jobs: who works in the enterprises, and who takes part, by sex."""

from __future__ import annotations

from score_dash.charts import gender as charts
from score_dash.core.formats import fmt_number
from score_dash.core.i18n import N_, t
from score_dash.core.reports import PageReport
from score_dash.metrics import gender
from score_dash.pages.content import (
    Block,
    Card,
    Cards,
    Context,
    Figure,
    Heading,
    Lines,
    Row,
    Stack,
    Table,
    Tabs,
    over_time,
    ranked,
)

JOBS = {  # the breakdown of jobs since baseline: its tab and heading, its chart's text
    "Sector": (N_("By sector"), N_("Net change in jobs since baseline by sector")),
    "Cluster": (N_("By cluster"), N_("Net change in jobs since baseline by cluster")),
}


def compose(report: PageReport, ctx: Context) -> list[Block]:
    levels = report.table(gender.LEVELS_TABLE)
    blocks: list[Block] = [
        Heading(t("Women's share at each level, {period}").format(period=ctx.review)),
        Row(
            (
                Figure(
                    charts.build_levels_chart(levels),
                    key="gender_levels_chart",
                    alt=ranked(
                        levels, "Level", gender.SHARE, t("Women's share at each level"), "%"
                    ),
                ),
                Stack(
                    (
                        Table(gender.LEVELS_TABLE, key="gender_levels"),
                        Lines(
                            (
                                t(
                                    "Workforce and managers: reports for the review half-year "
                                    "with the sex given. Trainees, teams, trainers and partner "
                                    "staff: cumulative to its end."
                                ),
                            )
                        ),
                    )
                ),
            ),
            widths=(3, 2),
        ),
    ]
    parity = report.table(gender.PARITY_TABLE)
    # The report writes each notice in the run's language; one from too few enterprises is
    # emptied.
    notices = tuple(str(notice) for notice in parity["Notice"].dropna())
    if notices:
        blocks.append(Lines(notices, "notice"))
    else:
        blocks.append(
            Lines(
                (
                    t(
                        "Women's share among classroom participants and improvement-team "
                        "members is at least their share of the workforce."
                    ),
                ),
                "success",
            )
        )
    employment = report.table(gender.EMPLOYMENT_TABLE)
    notes = ctx.notes(charts.SHARE_TREND_INDICATORS)
    trend = report.table(gender.SHARE_TREND_TABLE)
    blocks += [
        Heading(t("Employment by sex")),
        Figure(
            charts.build_employment_chart(employment),
            key="gender_employment",
            alt=over_time(
                employment.groupby("Half-year", as_index=False)["Total"].sum(min_count=1),
                "Half-year",
                "Total",
                t("Workers reported, all groups"),
            ),
        ),
        Table(
            gender.EMPLOYMENT_TABLE,
            key="gender_employment_table",
            expander=t("Employment by sex: table"),
            where="screen",
        ),
        Row(
            (
                Figure(
                    charts.build_share_trend_chart(trend, notes),
                    key="gender_trend",
                    notes=notes,
                    alt=over_time(
                        trend,
                        "Half-year",
                        "Workforce (%)",
                        t("Women's share of the workforce"),
                        "%",
                    ),
                ),
                Table(gender.SHARE_TREND_TABLE, key="gender_trend_table", latest=True),
            ),
            widths=(3, 2),
        ),
        Heading(t("Jobs since baseline, to {period}").format(period=ctx.review)),
        Lines(
            (
                t(
                    "Net change in headcount from each enterprise's first workforce report "
                    "(its baseline) to the review half-year. Only enterprises reporting both "
                    "count; the columns say how many did. Nothing is estimated for missing "
                    "reports."
                ),
            )
        ),
        Tabs(
            (t(JOBS["Sector"][0]), t(JOBS["Cluster"][0])),
            tuple(
                _jobs(report, title, by, key)
                for title, by, key in (
                    (gender.JOBS_SECTOR_TABLE, "Sector", "gender_jobs_sector"),
                    (gender.JOBS_CLUSTER_TABLE, "Cluster", "gender_jobs_cluster"),
                )
            ),
        ),
        Heading(t("Sex disaggregation completeness")),
    ]
    completeness = report.table(gender.COMPLETENESS_TABLE)
    if len(completeness):  # the review half-year's, else the trend's latest (both named)
        of_review = completeness[completeness["Half-year"] == ctx.review]
        latest = (of_review if len(of_review) else completeness).iloc[-1]
        blocks.append(
            Cards(
                (
                    Card(
                        t("Records without sex, {period}").format(period=latest["Half-year"]),
                        fmt_number(latest["Share without sex (%)"], "%"),
                    ),
                    Card(
                        t("Workers in those records"),
                        fmt_number(latest["Workers in records without sex"]),
                    ),
                    Card(
                        t("Records where female + male ≠ total"),
                        fmt_number(latest["Records where female + male ≠ total"]),
                    ),
                )
            )
        )
    blocks.append(Table(gender.COMPLETENESS_TABLE, key="gender_completeness", latest=True))
    return blocks


def _jobs(report: PageReport, title: str, by: str, key: str) -> Block:
    jobs = report.table(title)
    return Row(
        (
            Figure(
                charts.build_jobs_chart(jobs, by),
                key=f"{key}_chart",
                alt=ranked(jobs, by, "Net change", t(JOBS[by][1])),
            ),
            Table(title, key=key, heading=t(JOBS[by][0])),
        ),
        widths=(2, 3),
    )
