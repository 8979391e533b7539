"""SCORE India review dashboard: entry script (runs on every rerun, for every page)."""

import streamlit as st

from score_dash import ui
from score_dash.core.i18n import t
from score_dash.ui import language, meeting
from score_dash.ui.errors import errors_for_people
from score_dash.ui.nav import follow_alias

st.set_page_config(
    page_title="SCORE India review",
    page_icon="📊",
    layout="wide",
    # Collapsed for ?meeting=true (projector); only the first load of a session uses it.
    initial_sidebar_state=meeting.initial_sidebar_state(),
)


def main() -> None:
    """One run. Its names are local, so that nothing of the run (its view holds the filtered
    data) stays in `__main__` once it is over (tests/app/test_memory.py)."""
    with errors_for_people():
        language.apply()  # the run's language, before any text is written
        identity = ui.require_identity()  # the sign-in page, for a visitor who must sign in
        ui.ensure_database()
        page = ui.build_navigation(identity.role)
        follow_alias(page)  # /overview opens the default page, before any widget binds
        st.session_state["_current_page"] = page
        # One document title per page (a screen reader's first words, the browser's tab).
        st.set_page_config(page_title=t("{page} · SCORE India review").format(page=page.title))
        ui.render_account(identity)
        language.render_choice()
        view = ui.render_sidebar()
        meeting.render_toggle()
        meeting.render_bar(view)
        page.run()


main()
