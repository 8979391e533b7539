"""Results: did the trained enterprises improve their key performance indicators?

What the page shows is declared once, in score_dash/pages/results.py (the pack prints the
same); the KPI choice is the screen's own."""

import streamlit as st

from score_dash import ui
from score_dash.metrics import results
from score_dash.pages import results as page
from score_dash.ui import content

view = ui.current_view()
as_at = view.periods.labels[view.periods.review]
ui.render_header(
    view, "Results", f"Did the enterprises improve? Change from baseline up to {as_at}."
)

names = results.kpi_choices(view.frames["kpi_definitions"])
codes = list(names)
default = codes.index(results.DEFAULT_KPI) if results.DEFAULT_KPI in names else 0
ui.render_param_notice("kpi", list(names.values()), "KPI", names[codes[default]])
choice = st.selectbox(
    "KPI", codes, index=default, format_func=names.get, key="kpi", bind="query-params"
)
report = ui.cached_compute(
    results.build_report, view, view.options, kpi=choice, small_n=view.config.small_n
)
content.render_page(view, page.compose, report, kpi=choice)

report = ui.with_notes(view, report, kpi=choice)
ui.render_toolbar(view, report, {"kpi": [names[choice]]} if choice != codes[default] else None)
