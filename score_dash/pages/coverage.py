"""Coverage: where the programme works. The map and the state tile grid on screen are
interactive (layers, a click narrows the filters) and stay in the page's script; the pack
prints the map for paper (charts/print_map.py) and both show the tables."""

from __future__ import annotations

from functools import partial

from score_dash.charts.print_map import build_print_map
from score_dash.core.i18n import t
from score_dash.core.reports import PageReport
from score_dash.metrics import coverage
from score_dash.pages.content import (
    CONTENT_WIDTH_PT,
    Block,
    Context,
    Figure,
    Heading,
    Lines,
    Table,
    ranked,
)

MAP_WIDTH_PT = 600.0
MAP_HEIGHT_PT = 430.0


def compose(
    report: PageReport, ctx: Context, *, measure: str = coverage.DEFAULT_MEASURE
) -> list[Block]:
    label = coverage.measure_label(measure)  # the tables' column
    shown = t(label)
    states = report.table(coverage.STATE_TABLE)
    clusters = report.table(coverage.CLUSTER_TABLE)
    blocks: list[Block] = []
    if not clusters.empty:
        blocks.append(
            Figure(
                partial(  # built only for print: the screen has its own map
                    build_print_map,
                    clusters,
                    label,
                    programme_states=set(states["Code"]),
                    width_pt=MAP_WIDTH_PT,
                    height_pt=MAP_HEIGHT_PT,
                ),
                key="coverage_print_map",
                alt=ranked(
                    clusters, "Cluster", label, t("{measure} per cluster").format(measure=shown)
                ),
                caption=t(
                    "Circle area: {measure} of each cluster, {period}; colour: its sector. "
                    "Shaded: states with programme clusters. A grey diamond: a cluster whose "
                    "figure is not shown. The interactive map is on the dashboard."
                ).format(measure=shown.lower(), period=ctx.review),
                print_share=MAP_WIDTH_PT / CONTENT_WIDTH_PT,
                drawn_to_size=True,
                where="print",
            )
        )
    blocks += [
        Heading(t("By state")),
        Table(coverage.STATE_TABLE, key="coverage_states"),
        Heading(t("By cluster")),
        Table(coverage.CLUSTER_TABLE, key="coverage_clusters", rows=20),
        Lines(
            (
                t(
                    "Workers: headcount reported for {period}. Enterprises, enrolments, "
                    "completions, trainers and partners: cumulative to the end of that "
                    "half-year. Small group: fewer than {count} enterprises."
                ).format(period=ctx.review, count=ctx.small_n),
            )
        ),
        Table(
            coverage.GRID_TABLE,
            key="coverage_grid_table",
            expander=t("Tile grid as a table"),
            where="screen",
        ),
    ]
    return blocks
