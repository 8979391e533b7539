"""Gender & jobs: who works in the enterprises, and who takes part, by sex."""

import streamlit as st

from score_dash import ui
from score_dash.charts import gender as gender_charts
from score_dash.meetings import minutes
from score_dash.metrics import gender

view = ui.current_view()
review = view.periods.labels[view.periods.review]
ui.render_header(
    view, "Gender & jobs", f"Who works there, and who takes part? Women and men, {review}."
)
report = ui.cached_compute(gender.build_report, view, view.options, small_n=view.config.small_n)

st.subheader(ui.md("Women's share at each level, {}", review))
levels = report.table(gender.LEVELS_TABLE)
chart_col, table_col = st.columns([3, 2])
with chart_col:
    st.altair_chart(gender_charts.build_levels_chart(levels), key="gender_levels_chart")
with table_col:
    ui.render_table(levels, key="gender_levels")
    st.caption(
        "Workforce and managers: reports for the review half-year with the sex given. "
        "Trainees, teams, trainers and partner staff: cumulative to its end."
    )
parity = report.table(gender.PARITY_TABLE)
for notice in parity["Notice"].dropna():  # a notice from too few enterprises is emptied
    st.warning(ui.escape(notice, limit=None), icon=":material/balance:")
if parity.empty:
    st.success(
        "Women's share among classroom participants and improvement-team members is at "
        "least their share of the workforce.",
        icon=":material/balance:",
    )

st.subheader("Employment by sex")
employment = report.table(gender.EMPLOYMENT_TABLE)
trend = report.table(gender.SHARE_TREND_TABLE)
st.altair_chart(gender_charts.build_employment_chart(employment), key="gender_employment")
with st.expander("Employment by sex: table", expanded=False):
    ui.render_table(employment, key="gender_employment_table")
notes = minutes.notes_table(
    ui.view_notes(view, gender_charts.SHARE_TREND_INDICATORS, view.periods.trend),
    view.periods.labels,
)
trend_col, trend_table_col = st.columns([3, 2])
with trend_col:
    st.altair_chart(gender_charts.build_share_trend_chart(trend, notes), key="gender_trend")
    ui.render_notes(notes, key="gender_trend_notes")
with trend_table_col:
    ui.render_table(trend, key="gender_trend_table")

st.subheader(ui.md("Jobs since baseline, to {}", review))
st.caption(
    "Net change in headcount from each enterprise's first workforce report (its baseline) "
    "to the review half-year. Only enterprises reporting both count; the columns say how "
    "many did. Nothing is estimated for missing reports."
)
by_sector, by_cluster = st.tabs(["By sector", "By cluster"])
for tab, title, by, key in (
    (by_sector, gender.JOBS_SECTOR_TABLE, "Sector", "gender_jobs_sector"),
    (by_cluster, gender.JOBS_CLUSTER_TABLE, "Cluster", "gender_jobs_cluster"),
):
    with tab:
        jobs = report.table(title)
        st.altair_chart(gender_charts.build_jobs_chart(jobs, by), key=f"{key}_chart")
        ui.render_table(jobs, key=key)

st.subheader("Sex disaggregation completeness")
completeness = report.table(gender.COMPLETENESS_TABLE)
if len(completeness):
    latest = completeness.iloc[-1]
    cols = st.columns(3)
    cols[0].metric(
        ui.md("Records without sex, {}", latest["Half-year"]),
        ui.fmt_number(latest["Share without sex (%)"], "%"),
        border=True,
    )
    cols[1].metric(
        "Workers in those records",
        ui.fmt_number(latest["Workers in records without sex"]),
        border=True,
    )
    cols[2].metric(
        "Records where female + male ≠ total",
        ui.fmt_number(latest["Records where female + male ≠ total"]),
        border=True,
    )
ui.render_table(completeness, key="gender_completeness")
report = ui.with_notes(view, report)
ui.render_toolbar(view, report)
