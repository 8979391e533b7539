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
    PageSpec("app_pages/overview.py", "Overview", ":material/dashboard:", "overview", "Review"),
    PageSpec("app_pages/coverage.py", "Coverage", ":material/map:", "coverage", "Review"),
    PageSpec("app_pages/modules.py", "Modules", ":material/school:", "modules", "Review"),
    PageSpec("app_pages/results.py", "Results", ":material/trending_up:", "results", "Review"),
    PageSpec("app_pages/gender.py", "Gender & jobs", ":material/groups:", "gender", "Review"),
    PageSpec(
        "app_pages/partners.py", "Partners & outreach", ":material/handshake:", "partners", "Review"
    ),
    PageSpec("app_pages/data.py", "Data", ":material/database:", "data", "Data"),
    PageSpec(
        "app_pages/definitions.py", "Definitions", ":material/menu_book:", "definitions", "Data"
    ),
)


def available_pages() -> list[PageSpec]:
    """The registered pages whose file exists (pages land one issue at a time)."""
    return [spec for spec in PAGES if (ROOT / spec.file).is_file()]


def build_navigation() -> st.navigation:  # type: ignore[valid-type]
    sections: dict[str, list[st.Page]] = {}  # type: ignore[name-defined]
    for index, spec in enumerate(available_pages()):
        page = st.Page(
            str(ROOT / spec.file),
            title=spec.title,
            icon=spec.icon,
            url_path=spec.url_path,
            default=index == 0,
        )
        sections.setdefault(spec.section, []).append(page)
    return st.navigation(sections)
