"""The value types every page's report is made of: `PageReport`, `Sheet`, `ChartSpec`.

A metrics module's `build_report(frames, periods, options, ...)` returns a `PageReport`;
the page renders its tables, `score_dash.export` writes them as a workbook, and the command
line exports the same report. This module sits at the bottom of the package: it imports
nothing of `score_dash`, so everything above can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

ChartKind = Literal["line", "bar", "column"]

# The pages' titles by name (the name is the URL path and the command line's --page). The
# navigation (score_dash.pages) and the reports' "Detail page" columns both use these.
PAGE_TITLES: dict[str, str] = {
    "overview": "Overview",
    "coverage": "Coverage",
    "modules": "Modules",
    "results": "Results",
    "gender": "Gender & jobs",
    "partners": "Partners & outreach",
    "data": "Data",
    "definitions": "Definitions",
}


@dataclass(frozen=True)
class ChartSpec:
    """A native Excel chart drawn from a sheet's own columns."""

    kind: ChartKind
    category: str  # column for the categories (x axis)
    series: tuple[str, ...]  # columns to plot
    title: str
    y_title: str = ""
    stacked: bool = False


@dataclass(frozen=True)
class Sheet:
    """One table of a page."""

    title: str
    frame: pd.DataFrame
    chart: ChartSpec | None = None
    note: str = ""


@dataclass(frozen=True)
class PageReport:
    """Everything a page shows as tables: the screen renders these, Excel writes them.

    Built by a pure `build_report(frames, periods, options, ...)` function per page (listed
    in `score_dash.pages`), so the page, the download button and the command line export
    all use the same frames.
    """

    page: str
    title: str
    sheets: tuple[Sheet, ...]
    indicators: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def table(self, title: str) -> pd.DataFrame:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet.frame
        raise KeyError(f"{self.page} has no table {title!r}")
