"""Results: did the trained enterprises improve their key performance indicators? One KPI
at a time (the screen's choice; the pack prints the default KPI)."""

from __future__ import annotations

from score_dash.charts import results as charts
from score_dash.core.formats import fmt_number
from score_dash.core.i18n import N_, t
from score_dash.core.reports import PageReport
from score_dash.metrics import results
from score_dash.metrics.definitions import kpi_term
from score_dash.pages.content import (
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
    definition,
    over_time,
    ranked,
)


def compose(report: PageReport, ctx: Context, *, kpi: str | None = None) -> list[Block]:
    """The page for `kpi` (None: the default KPI); `report` was built for the same KPI."""
    definitions = ctx.frames["kpi_definitions"].set_index("kpi")
    code = results.resolve_kpi(ctx.frames["kpi_definitions"], kpi)
    unit, better = definitions.loc[code, "unit"], definitions.loc[code, "better"]
    low, high = definitions.loc[code, "plausible_min"], definitions.loc[code, "plausible_max"]
    summary = report.table(results.TITLE_SUMMARY).set_index("Figure")["Value"]
    blocks: list[Block] = [
        Lines(
            (
                t("{kpi} · unit: {unit} · {better} · plausible range {low} to {high}").format(
                    kpi=kpi_term(definitions.loc[code, "name"]),
                    unit=kpi_term(unit),
                    better=t(BETTER[better]) if better in BETTER else better,
                    low=f"{low:g}",
                    high=f"{high:g}",
                ),
            ),
            "strong",
        ),
        Cards(
            tuple(
                Card(
                    t(figure),
                    # The median change is in the KPI's unit: rupees read as ₹ (cost savings)
                    fmt_number(summary[figure], unit if figure == "Median change" else figure_unit),
                    help=definition("share_improved" if "improved" in figure else "kpi_change"),
                )
                for figure, figure_unit in results.CARDS
            ),
            columns=5,
        ),
        Folded(
            t("Summary table"),
            (Table(results.TITLE_SUMMARY, key="results_summary"),),
            where="screen",
        ),
        Heading(t("Half-yearly trend")),
    ]
    rules = t(
        "Values outside the plausible range are excluded from every figure and listed on the "
        "dashboard. Small group: fewer than {count} enterprises behind the figure (hollow)."
    ).format(count=ctx.small_n)
    trend = report.table(results.TITLE_TREND)
    blocks += [
        Figure(
            charts.build_trend_chart(trend, kpi_term(unit), ctx.notes([code])),
            key="results_trend_chart",
            alt=over_time(
                trend,
                "Period",
                "Median",
                t("Median {kpi}").format(kpi=kpi_term(definitions.loc[code, "name"])),
                unit,
            )
            + (
                " "
                + t("{count} enterprises reported in {period}.").format(
                    count=fmt_number(trend["Enterprises reporting"].iloc[-1]),
                    period=trend["Period"].iloc[-1],
                )
                if len(trend)
                else ""
            ),
            caption=t(
                "Median of the values reported for each half-year, the band holding the "
                "middle half of enterprises (25th-75th percentile), and how many reported."
            )
            + f" {rules}",
            notes=ctx.notes([code]),
        ),
        Table(results.TITLE_TREND, key="results_trend", latest=True, rows=6),
        Heading(t("Change from baseline")),
        Lines(
            (
                (
                    t(
                        "Per enterprise: latest value up to {period} minus its baseline. "
                        "Improved means a rise (higher is better); no change is not an "
                        "improvement. Change (%) is left out when the baseline is 0."
                    )
                    if better == "higher"
                    else t(
                        "Per enterprise: latest value up to {period} minus its baseline. "
                        "Improved means a fall (lower is better); no change is not an "
                        "improvement. Change (%) is left out when the baseline is 0."
                    )
                ).format(period=ctx.review),
            )
        ),
    ]
    changes = report.sheet(results.TITLE_CHANGE)
    if not changes.withheld:  # one point per enterprise: for staff
        blocks.append(
            Figure(
                charts.build_change_chart(changes.frame, kpi_term(unit)),
                key="results_change_chart",
                alt=t(
                    "Change from baseline of each of {count} enterprises; the table below "
                    "lists them."
                ).format(count=len(changes.frame)),
                where="screen",
            )
        )
    blocks += [
        Table(results.TITLE_CHANGE, key="results_changes", where="screen"),
        Lines(
            (
                t(
                    "Each enterprise's change and the implausible values (excluded from every "
                    "figure) are on the dashboard and in the Excel download."
                ),
            ),
            where="print",
        ),
        Row(tuple(_by(report, title, label) for title, label in GROUPS)),
        Heading(t("All KPIs")),
        Lines(
            (
                t(
                    "Share improved and median change (%) for every KPI, biggest median "
                    "movement first. Relative changes of counts that start small (suggestions, "
                    "meetings) are large by nature."
                ),
            )
        ),
    ]
    grid = report.table(results.TITLE_ALL)
    if not grid.empty:
        blocks.append(
            Figure(
                charts.build_all_kpis_chart(grid),
                key="results_all_chart",
                alt=ranked(
                    grid,
                    "KPI",
                    "Share improved (%)",
                    t("Share of enterprises improved per KPI"),
                    "%",
                ),
            )
        )
    blocks += [
        Table(results.TITLE_ALL, key="results_all", drop=("Unit", "Better")),
        Heading(t("Implausible values (excluded, listed)"), where="screen"),
        Lines(
            (
                t(
                    "Rule: a value outside the KPI's plausible range (KPI definitions) is "
                    "excluded from medians, changes and shares. An implausible baseline leaves "
                    "the enterprise without a change for that KPI."
                ),
            ),
            where="screen",
        ),
        Table(results.TITLE_IMPLAUSIBLE, key="results_implausible", where="screen"),
    ]
    return blocks


GROUPS = ((results.TITLE_CLUSTER, "Cluster"), (results.TITLE_SECTOR, "Sector"))
# Each group's heading and its chart's text alternative, by the group's label.
GROUP_TEXTS = {
    "Cluster": (N_("By cluster"), N_("Share of enterprises improved by cluster")),
    "Sector": (N_("By sector"), N_("Share of enterprises improved by sector")),
}
# A KPI's direction (kpi_definitions.better), as its line says it.
BETTER = {"higher": N_("higher is better"), "lower": N_("lower is better")}


def _by(report: PageReport, title: str, label: str) -> Stack:
    table = report.table(title)
    key = f"results_{label.lower()}"
    chart = (
        (
            Figure(
                charts.build_groups_chart(table, label),
                key=f"{key}_chart",
                alt=ranked(
                    table,
                    label,
                    "Share improved (%)",
                    t(GROUP_TEXTS[label][1]),
                    "%",
                ),
            ),
        )
        if not table.empty
        else ()
    )
    return Stack((Heading(t(GROUP_TEXTS[label][0])), *chart, Table(title, key=key)))
