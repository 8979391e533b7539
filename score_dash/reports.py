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


Audience = Literal["all", "staff"]


@dataclass(frozen=True)
class Sheet:
    """One table of a page, and what `score_dash.access` needs to cut it down for viewers.

    - `audience="staff"`: each row is one enterprise (its code, name or own figures); a
      viewer gets the table withheld (`withheld` says why).
    - `enterprises`: the column holding how many enterprises are behind each row; a row
      from fewer than the minimum is suppressed for viewers (its `labels` columns, which
      name the row, stay).
    - `complement`: the rows add up to a total shown elsewhere (True: the whole table; a
      column name: within each of its values, e.g. clusters within a state), so more rows
      are suppressed until no suppressed figure can be recomputed from the total.
    - `sheet_enterprises`: how many enterprises are behind every figure of the table (a
      table of figures about one group, such as a KPI's summary).
    """

    title: str
    frame: pd.DataFrame
    chart: ChartSpec | None = None
    note: str = ""
    audience: Audience = "all"
    enterprises: str | None = None
    labels: tuple[str, ...] = ()
    complement: bool | str = False
    sheet_enterprises: int | None = None
    withheld: str = ""


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
        return self.sheet(title).frame

    def sheet(self, title: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise KeyError(f"{self.page} has no table {title!r}")
