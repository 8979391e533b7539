"""The pages, in review order, and their sections (one registry for app.py and tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class PageSpec:
    file: str  # relative to the repository root
    title: str
    icon: str
    url_path: str
    section: str


# Review order: the order meeting mode steps through.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/overview.py", "Overview", ":material/dashboard:", "overview",
             "Review"),
    PageSpec("app_pages/definitions.py", "Definitions", ":material/menu_book:", "definitions",
             "Reference"),
)


def build_navigation() -> st.navigation:  # type: ignore[valid-type]
    sections: dict[str, list[st.Page]] = {}  # type: ignore[name-defined]
    for index, spec in enumerate(PAGES):
        page = st.Page(str(ROOT / spec.file), title=spec.title, icon=spec.icon,
                       url_path=spec.url_path, default=index == 0)
        sections.setdefault(spec.section, []).append(page)
    return st.navigation(sections)
