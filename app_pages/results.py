"""Results: did the trained enterprises improve their key performance indicators?"""

import streamlit as st

from score_dash import ui
from score_dash.charts import results as charts
from score_dash.meetings import minutes
from score_dash.metrics import results

view = ui.current_view()
as_at = view.periods.labels[view.periods.review]
ui.render_header(
    view, "Results", f"Did the enterprises improve? Change from baseline up to {as_at}."
)

definitions = view.frames["kpi_definitions"].set_index("kpi")
names = results.kpi_choices(view.frames["kpi_definitions"])
codes = list(names)
default = codes.index(results.DEFAULT_KPI) if results.DEFAULT_KPI in names else 0
ui.render_param_notice("kpi", list(names.values()), "KPI", names[codes[default]])
choice = st.selectbox(
    "KPI", codes, index=default, format_func=names.get, key="kpi", bind="query-params"
)
unit, better = definitions.loc[choice, "unit"], definitions.loc[choice, "better"]
st.caption(
    ui.md(
        "**{}** · unit: {} · **{} is better** · plausible range {} to {}",
        names[choice],
        unit,
        better,
        f"{definitions.loc[choice, 'plausible_min']:g}",
        f"{definitions.loc[choice, 'plausible_max']:g}",
    )
)
report = ui.cached_compute(
    results.build_report, view, view.options, kpi=choice, small_n=view.config.small_n
)

summary = report.table(results.TITLE_SUMMARY).set_index("Figure")["Value"]
shown = results.CARDS
for column, (figure, figure_unit) in zip(ui.grid_columns(len(shown)), shown, strict=True):
    column.metric(
        figure,
        ui.fmt_number(summary[figure], figure_unit),
        border=True,
        help=ui.definition_help("share_improved" if "improved" in figure else "kpi_change"),
    )
with st.expander("Summary table"):
    ui.render_table(report.table(results.TITLE_SUMMARY), key="results_summary")

rules = (
    f"Values outside the plausible range are excluded from every figure and listed "
    f"at the bottom of the page. 'small group': fewer than {view.config.small_n} "
    "enterprises behind the figure."
)
st.subheader("Half-yearly trend")
st.caption(
    "Median of the values reported for each half-year, the band holding the middle "
    f"half of enterprises (25th-75th percentile), and how many reported. {rules}"
)
trend = report.table(results.TITLE_TREND)
notes = minutes.notes_table(ui.view_notes(view, [choice], view.periods.trend), view.periods.labels)
st.altair_chart(charts.build_trend_chart(trend, unit, notes), key="results_trend_chart")
ui.render_notes(notes, key="results_trend_notes")
ui.render_table(trend, key="results_trend")

st.subheader("Change from baseline")
st.caption(
    ui.md(
        "Per enterprise: latest value up to {} minus its baseline. Improved means {} ({} is "
        "better); no change is not an improvement. Change (%) is left out when the baseline "
        "is 0.",
        as_at,
        "a rise" if better == "higher" else "a fall",
        better,
    )
)
changes = report.sheet(results.TITLE_CHANGE)
if not changes.withheld:  # one point per enterprise: for staff
    st.altair_chart(charts.build_change_chart(changes.frame, unit), key="results_change_chart")
ui.render_sheet(report, results.TITLE_CHANGE, key="results_changes")

left, right = st.columns(2)
for column, title, label in (
    (left, results.TITLE_CLUSTER, "Cluster"),
    (right, results.TITLE_SECTOR, "Sector"),
):
    table = report.table(title)
    with column:
        st.subheader(f"By {label.lower()}")
        if not table.empty:
            st.altair_chart(
                charts.build_groups_chart(table, label), key=f"results_{label.lower()}_chart"
            )
        ui.render_table(table, key=f"results_{label.lower()}")

st.subheader("All KPIs")
st.caption(
    "Share improved and median change (%) for every KPI, biggest median movement "
    "first. Relative changes of counts that start small (suggestions, meetings) are "
    "large by nature."
)
grid = report.table(results.TITLE_ALL)
st.altair_chart(charts.build_all_kpis_chart(grid), key="results_all_chart")
ui.render_table(grid, key="results_all")

st.subheader("Implausible values (excluded, listed)")
st.caption(
    "Rule: a value outside the KPI's plausible range (KPI definitions) is excluded "
    "from medians, changes and shares. An implausible baseline leaves the enterprise "
    "without a change for that KPI."
)
ui.render_sheet(report, results.TITLE_IMPLAUSIBLE, key="results_implausible")

report = ui.with_notes(view, report, kpi=choice)
ui.render_toolbar(view, report, {"kpi": [names[choice]]} if choice != codes[default] else None)
