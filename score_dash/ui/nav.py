"""The navigation: `st.navigation` built from the one list of pages (`score_dash.pages`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from score_dash.access.policy import Role
from score_dash.core.i18n import t
from score_dash.pages.registry import PAGES, pages_for

ROOT = Path(__file__).resolve().parents[2]


def build_navigation(role: Role) -> st.Page:
    """The pages the role may open, in their sections, in review order; the first is the
    default page. A page left out is not served at all: its URL opens the default page."""
    sections: dict[str, list[st.Page]] = {}
    for index, spec in enumerate(pages_for(role)):
        page = st.Page(
            str(ROOT / spec.file),
            title=t(spec.title),  # the URL path stays the English name in every language
            icon=spec.icon,
            # The default page is served at the root; it reserves its url_path without
            # serving it, so its name goes to the hidden page below that opens it.
            url_path=spec.name if index else f"{spec.name}-default",
            default=index == 0,
        )
        sections.setdefault(t(spec.section), []).append(page)
        if index == 0:
            # The default page is served at the root; its name opens it too (a link to
            # /overview from a note or an old bookmark): see follow_alias.
            alias = st.Page(
                _open_default, title=t(spec.title), url_path=spec.name, visibility="hidden"
            )
            sections[t(spec.section)].append(alias)
    return st.navigation(sections)


def _open_default() -> None:
    """The alias page's own run (follow_alias opens the default page before it runs)."""
    st.switch_page(str(ROOT / PAGES[0].file), query_params={})


def follow_alias(selected: object) -> None:
    """When the selected page is the default page's alias (/overview), open the default page
    with the link's parameters. Call before any widget is drawn: a parameter bound to a
    widget cannot be set by hand once the widget exists."""
    if getattr(selected, "_page", None) is not _open_default:
        return
    # In a session whose filters are drawn (the browser's Back to /overview), a parameter
    # bound to a widget cannot be set by hand: the widget, in the session's state, keeps it
    # and writes it back to the URL itself.
    params = {
        key: st.query_params.get_all(key) for key in st.query_params if key not in st.session_state
    }
    st.switch_page(str(ROOT / PAGES[0].file), query_params=params)
