"""Definitions: what every number means, and where the data come from."""

import streamlit as st

from score_dash import ui
from score_dash.access import disclosure
from score_dash.core.i18n import t

view = ui.current_view()
ui.render_header(view, t("Definitions"), t("What does this number mean?"))

query = st.text_input(
    t("Search definitions"),
    key="q",
    bind="query-params",
    placeholder=t("e.g. women, completion, defect"),
)
report = ui.page_report(view, q=query).report

st.header(t("Indicators ({count})").format(count=len(report.table("Indicators"))))
ui.render_table(report.table("Indicators"), key="definitions_indicators")
st.header(t("Data columns ({count})").format(count=len(report.table("Columns"))))
ui.render_table(report.table("Columns"), key="definitions_columns")
st.header(t("What viewers are shown"))
st.markdown(
    ui.escape(disclosure.rules_text(view.config.min_cell, view.config.dominance_p), limit=None)
)
if view.periods is not None:
    review = view.periods.review
    label = view.options.periods[review]
    st.caption(ui.escape(disclosure.withheld_text(ui.publication(view), review, label), limit=None))
st.header(t("Data provenance and licences"))
ui.render_table(report.table("Provenance"), key="definitions_provenance")
ui.render_toolbar(view, report, {"q": [query]} if query else None)
