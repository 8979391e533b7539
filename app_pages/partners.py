"""Partners & outreach: the three immediate objectives, against their targets."""

import streamlit as st

from score_dash import ui
from score_dash.charts import overview as overview_charts
from score_dash.charts import partners as outreach_charts
from score_dash.meetings import minutes
from score_dash.metrics import logframe, partners

view = ui.current_view()
review = view.periods.labels[view.periods.review]
ui.render_header(
    view,
    "Partners & outreach",
    f"Do associations, service providers and dissemination deliver? Objectives 1-3, {review}.",
)
scope = logframe.scope_of(view.filters)
report = ui.cached_compute(partners.build_report, view, view.options, scope=scope)

st.subheader("Against the targets")
status = report.table("Objectives against targets")
if scope == "selection":
    st.info(logframe.SELECTION_NOTE, icon=":material/filter_alt:")
else:
    st.altair_chart(overview_charts.build_status_chart(status, review), key="partners_status")
    st.caption(logframe.STATUS_RULE_TEXT)
ui.render_table(status, key="partners_status_table")
progress = report.table("Progress against targets")
drawn = logframe.progress_indicators(view.frames["indicators"], progress)
notes = minutes.notes_table(
    ui.view_notes(view, drawn, view.periods.trend), view.periods.labels, drawn
)
with st.expander("Actual against target per half-year", expanded=scope == "programme"):
    st.altair_chart(
        outreach_charts.build_progress_chart(progress, notes=notes), key="partners_progress"
    )
    ui.render_notes(notes, key="partners_progress_notes")
    ui.render_table(progress, key="partners_progress_table")

st.subheader("1. Associations market SCORE")
ui.render_table(report.table("Associations"), key="partners_associations")
ui.render_table(report.table("By state"), key="partners_by_state")
st.caption(ui.md("Cumulative to the end of {}; people reached counts every activity.", review))

st.subheader("2. Service providers deliver on a fee-paying basis")
ui.render_table(report.table("Service providers"), key="partners_providers")
levels, modules = report.table("Trainers by level"), report.table("Trainers by module")
left, right = st.columns(2)
with left:
    st.altair_chart(
        outreach_charts.build_sex_bar_chart(levels, "Level", "Trainers by level"),
        key="partners_levels_chart",
    )
    ui.render_table(levels, key="partners_levels")
with right:
    st.altair_chart(
        outreach_charts.build_sex_bar_chart(modules, "Module", "Certified trainers by module"),
        key="partners_modules_chart",
    )
    ui.render_table(modules, key="partners_modules")
st.caption("A trainer counts at the level reached by the end of the review period.")
cost = report.table("Cost recovery")
st.altair_chart(outreach_charts.build_cost_share_chart(cost), key="partners_cost_chart")
ui.render_table(cost, key="partners_cost")
st.caption(
    "Per half-year of the trend range: modules started in it (cost share, fees) and "
    "modules completed in it (satisfaction, where a survey score was recorded)."
)

st.subheader("3. Good practice reaches labour inspectors and the media")
dissemination = report.table("Dissemination")
st.altair_chart(
    outreach_charts.build_dissemination_chart(dissemination), key="partners_dissemination_chart"
)
ui.render_table(dissemination, key="partners_dissemination")
report = ui.with_notes(view, report)
ui.render_toolbar(view, report)
