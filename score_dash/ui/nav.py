"""The navigation: `st.navigation` built from the one list of pages (`score_dash.pages`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from score_dash.pages import PAGES, Page

ROOT = Path(__file__).resolve().parents[2]


def build_navigation() -> st.navigation:  # type: ignore[valid-type]
    """Every page, in its section, in review order; the first is the default page."""
    sections: dict[str, list[st.Page]] = {}  # type: ignore[name-defined]
    for index, spec in enumerate(PAGES):
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
