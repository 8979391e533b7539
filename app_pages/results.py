"""Results: did the trained enterprises improve their key performance indicators?

What the page shows is declared once, in score_dash/pages/results.py (the pack prints the
same); the KPI choice is the screen's own."""

from functools import partial

import streamlit as st

from score_dash import ui
from score_dash.core.i18n import N_, t
from score_dash.metrics import results
from score_dash.pages import results as page
from score_dash.ui import content
from score_dash.ui.page import kpi_shown

view = ui.current_view()
as_at = view.periods.labels[view.periods.review]
ui.render_header(
    view,
    t("Results"),
    t("Did the enterprises improve? Change from baseline up to {period}.").format(period=as_at),
)

names = results.kpi_choices(view.frames["kpi_definitions"])
codes = list(names)
default = codes.index(results.DEFAULT_KPI) if results.DEFAULT_KPI in names else 0
choice = ui.link_choice(
    st.selectbox,
    t("KPI"),
    codes,
    partial(kpi_shown, names),
    key="kpi",
    what=N_("KPI"),
    fallback=names[codes[default]],
    index=default,
)
assembled = ui.page_report(view, kpi=choice)
content.render_page(view, page.compose, assembled.shown, kpi=choice)

report = assembled.report
ui.render_toolbar(view, report, {"kpi": [names[choice]]} if choice != codes[default] else None)
