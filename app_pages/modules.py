"""Modules: how far enterprises get through each training module (completion funnels)."""

import streamlit as st

from score_dash import ui
from score_dash.charts import modules as charts
from score_dash.metrics import modules

view = ui.current_view()
as_at = view.periods.labels[view.periods.review]
ui.render_header(
    view,
    "Modules",
    f"How far do enterprises get through each module? State as at the end of {as_at}.",
)
report = ui.cached_compute(modules.build_report, view, view.options, small_n=view.config.small_n)
summary = report.table(modules.TITLE_SUMMARY).set_index("Figure")
shown = modules.CARDS  # summary row -> (short label, indicator code for the tooltip)
for column, (figure, (short, code)) in zip(ui.grid_columns(len(shown)), shown.items(), strict=True):
    column.metric(
        short,
        ui.fmt_number(summary.loc[figure, "Value"], summary.loc[figure, "Unit"]),
        help=ui.definition_help(code),
        border=True,
    )
with st.expander("Summary table"):
    ui.render_table(report.table(modules.TITLE_SUMMARY), key="modules_summary")

small = f"'small group': fewer than {view.config.small_n} enterprises behind the figure."
funnel_table = report.table(modules.TITLE_FUNNEL)
st.subheader("Funnel per module")
st.caption(
    ui.md("Enrolments made by the end of {}; ", as_at)
    + "a stage reached later counts as not reached yet. A stage counts as reached when its "
    "date or a later stage's date is set. Bars: % of enrolled reaching each stage; labels: "
    f"enterprises (%). {small}"
)
if funnel_table.empty:
    st.info("No enrolments in this selection by the end of the review period.")
else:
    st.altair_chart(charts.build_funnel_chart(funnel_table), key="modules_funnel_chart")
ui.render_table(funnel_table, key="modules_funnel")
with st.expander("Modules side by side (% of enrolled reaching each stage)"):
    ui.render_table(report.table(modules.TITLE_COMPARE), key="modules_compare")

st.subheader("Cohorts: by half-year of enrolment")
st.caption(
    ui.md("Status as at the end of {}: ", as_at)
    + "completed, dropped (withdrawal date set) or in progress (neither), so a recent cohort "
    "still being coached is not read as drop-out."
)
cohorts = report.table(modules.TITLE_COHORTS)
if not cohorts.empty:
    st.altair_chart(charts.build_cohort_chart(cohorts), key="modules_cohort_chart")
ui.render_table(cohorts, key="modules_cohorts")

st.subheader("By cluster, partner and trainer")
st.caption(
    "Completion rate = completed / (completed + dropped); enrolments in progress are "
    "left out of it. Partner: the institution of the enrolment's trainer."
)
tabs = st.tabs(["Cluster", "Partner", "Trainer"])
for tab, title, label in zip(
    tabs,
    (modules.TITLE_CLUSTER, modules.TITLE_PARTNER, modules.TITLE_TRAINER),
    ("Cluster", "Partner", "Trainer · partner"),
    strict=True,
):
    table = report.table(title)
    with tab:  # a table withheld from the role (trainers' rows: staff only) says why
        if not table.empty:
            st.altair_chart(
                charts.build_breakdown_chart(table, label), key=f"modules_{label[:7].lower()}_chart"
            )
        ui.render_sheet(report, title, key=f"modules_{label[:7].lower()}")

st.subheader("Median days between stages")
st.caption("Over enrolments with both dates by the end of the review period; * small group.")
days = report.table(modules.TITLE_DAYS)
if not days.empty:
    st.altair_chart(charts.build_stage_days_chart(days), key="modules_days_chart")
ui.render_table(days, key="modules_days")

st.subheader("Modules per enterprise")
st.caption("How many modules each enterprise has enrolled in (within the filters).")
left, right = st.columns([2, 3])
per = report.table(modules.TITLE_MODULES_PER)
left.altair_chart(charts.build_modules_per_enterprise_chart(per), key="modules_per_chart")
with right:
    ui.render_table(per, key="modules_per")

st.subheader("Classroom participants by role and sex")
st.caption("Managers and workers who attended the classroom workshop, by module.")
participants = report.table(modules.TITLE_PARTICIPANTS)
if not participants.empty:
    st.altair_chart(charts.build_participants_chart(participants), key="modules_participants_chart")
ui.render_table(participants, key="modules_participants")

ui.render_toolbar(view, report)
