"""The registry of page reports: page name -> the pure function that builds its tables.

Each builder has the signature
`build_report(frames, periods, options, **choices) -> export.PageReport` and lives beside
the metrics it uses. The page renders the report's tables, the Download Excel button and
`python -m score_dash export --page NAME` write the same report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pandas as pd

from score_dash.export import PageReport
from score_dash.filters import Options, ResolvedPeriods

Frames = dict[str, pd.DataFrame]
Builder = Callable[..., PageReport]

BUILDERS: dict[str, str] = {
    "overview": "score_dash.metrics.overview:build_report",
    "coverage": "score_dash.metrics.coverage:build_report",
    "modules": "score_dash.metrics.funnel:build_report",
    "results": "score_dash.metrics.kpi:build_report",
    "gender": "score_dash.metrics.gender:build_report",
    "partners": "score_dash.metrics.outreach:build_report",
    "data": "score_dash.metrics.quality:build_report",
    "definitions": "score_dash.dictionary:build_report",
}


def builder(page: str) -> Builder:
    """The report builder of a page (ValueError naming the pages for an unknown one)."""
    if page not in BUILDERS:
        raise ValueError(f"unknown page {page!r}; pages: {', '.join(BUILDERS)}")
    module_name, _, function = BUILDERS[page].partition(":")
    return getattr(importlib.import_module(module_name), function)


def available_pages() -> list[str]:
    """Pages whose builder exists in this installation."""
    pages = []
    for page in BUILDERS:
        try:
            builder(page)
        except (ImportError, AttributeError):
            continue
        pages.append(page)
    return pages


def build_report(
    page: str, frames: Frames, periods: ResolvedPeriods, options: Options, **choices: str
) -> PageReport:
    return builder(page)(frames, periods, options, **choices)
