"""SCORE India review dashboard: entry script (runs on every rerun, for every page)."""

import streamlit as st

from score_dash import ui

st.set_page_config(
    page_title="SCORE India review",
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="expanded",
)

ui.ensure_database()
page = ui.build_navigation()
st.session_state["_current_page"] = page
ui.render_sidebar()
page.run()
