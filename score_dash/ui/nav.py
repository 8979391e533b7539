"""The navigation: `st.navigation` built from the one list of pages (`score_dash.pages`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from score_dash.access import Role
from score_dash.pages import PAGES, Page, pages_for

ROOT = Path(__file__).resolve().parents[2]


def build_navigation(role: Role) -> st.navigation:  # type: ignore[valid-type]
    """The pages the role may open, in their sections, in review order; the first is the
    default page. A page left out is not served at all: its URL opens the default page."""
    sections: dict[str, list[st.Page]] = {}  # type: ignore[name-defined]
    for index, spec in enumerate(pages_for(role)):
        page = st.Page(
            str(ROOT / spec.file),
            title=spec.title,
            icon=spec.icon,
            url_path=spec.name,
            default=index == 0,
        )
        sections.setdefault(spec.section, []).append(page)
    return st.navigation(sections)


__all__ = ["PAGES", "Page", "build_navigation"]
