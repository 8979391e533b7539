"""The value types every page's report is made of: `PageReport`, `Sheet`, `ChartSpec`.

A metrics module's `build_report(frames, periods, options, ...)` returns a `PageReport`;
the page renders its tables, `score_dash.core.excel` writes them as a workbook, and the command
line exports the same report. This module sits at the bottom of the package: it imports
nothing of `score_dash`, so everything above can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

ChartKind = Literal["line", "bar", "column"]

# The pages' titles by name (the name is the URL path and the command line's --page). The
# navigation (score_dash.pages.registry) and the reports' "Detail page" columns both use these.
PAGE_TITLES: dict[str, str] = {
    "overview": "Overview",
    "coverage": "Coverage",
    "modules": "Modules",
    "results": "Results",
    "gender": "Gender & jobs",
    "partners": "Partners & outreach",
    "decisions": "Decisions & actions",
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

# A layer of figures the viewers' publication may withhold on their own (`Sheet.layers`):
# the figures since each enterprise's baseline (score_dash/access/disclosure.py says when).
BASELINE = "baseline"
# The workers whose sex an enterprise did not report: never shown to viewers, whose women and
# men include an estimate of them (score_dash/access/disclosure.py, `estimate_sex`).
UNREPORTED = "unreported"
# The fees enterprises paid for the modules they started in a half-year: withheld where one
# enterprise dominates them, or fewer than the minimum paid (disclosure.py).
FEES = "fees"
ESTIMATED = "sex_estimated"  # the viewers' workforce column marking records so estimated

# How many enterprises are behind figures: the name of a column holding one number per row,
# one number for every row, or one number per row that the table does not show.
Count = str | int | tuple[int, ...]


@dataclass(frozen=True)
class Follows:
    """A table whose figures repeat, or add up to, figures of another table of the report.

    Wherever the other table's figure is suppressed for viewers, so is this one's: otherwise
    it could be read here, or summed back from the rows that break it down.

    - Rows: each row belongs to the other table's row with the same value in `key` (a
      cluster to its state, a tile to its state), and each of its figures follows the
      figure of the same column there.
    - Pivot (`pivot` set): this table's columns stand for values of the other table's
      `pivot` column (`columns`: this table's column -> that value), and each cell follows
      the `value` figure of the other table's row with the same `key` and that `pivot`
      value (the funnel comparison's stage x module cells, from the funnel's rows).
    """

    sheet: str
    key: str
    pivot: str = ""
    value: str = ""
    columns: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Sheet:
    """One table of a page, and what `score_dash.access.policy` needs to cut it down for viewers.

    - `audience="staff"`: each row is one enterprise (its code, name or own figures); a
      viewer gets the table withheld (`withheld` says why).
    - `enterprises`: how many enterprises are behind each row (a `Count`); a row from
      fewer than the minimum is suppressed for viewers (its `labels` columns, which name
      the row, stay).
    - `column_enterprises`: (column, `Count`) for figures that come from other enterprises
      than the rest of their row (workers from those that reported them, a module's column);
      such a cell from fewer than the minimum is emptied.
    - `complement`: the rows add up to a total shown elsewhere (True: the whole table; a
      column name: within each of its values, e.g. clusters within a state), so more rows
      are suppressed until no suppressed figure can be recomputed from the total.
    - `steps`: a column naming groups of rows that are a funnel's successive steps (each
      step's enterprises are among the previous step's, and a row shows what was lost since
      it): once a step is suppressed, every later step of its group is too.
    - `follows`: the figures repeat or add up to another table's (`Follows`).
    - `sheet_enterprises`: how many enterprises are behind every figure of the table (a
      table of figures about one group, such as a KPI's summary).
    - `groups`: (column, kind) for a table whose rows break the selection down by "state"
      (the column holds state codes), "cluster" or "sector": a row whose group the
      viewers' publication withholds is withheld (score_dash/access/disclosure.py).
    - `period_column`: the column naming each row's half-year (its label): a row of a
      half-year at which the publication withholds the selection is withheld.
    - `layers`: (layer, columns) for figures the publication may withhold on their own
      (score_dash.disclosure.BASELINE: the figures since baseline), per row's group.
    """

    title: str
    frame: pd.DataFrame
    chart: ChartSpec | None = None
    note: str = ""
    audience: Audience = "all"
    enterprises: Count | None = None
    labels: tuple[str, ...] = ()
    complement: bool | str = False
    sheet_enterprises: int | None = None
    withheld: str = ""
    column_enterprises: tuple[tuple[str, Count], ...] = ()
    steps: str | None = None
    follows: Follows | None = None
    groups: tuple[tuple[str, str], ...] = ()
    period_column: str = ""
    layers: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class PageReport:
    """Everything a page shows as tables: the screen renders these, Excel writes them.

    Built by a pure `build_report(frames, periods, options, ...)` function per page (listed
    in `score_dash.pages.registry`), so the page, the download button and the command line export
    all use the same frames.
    """

    page: str
    title: str
    sheets: tuple[Sheet, ...]
    indicators: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    subtitle: str = ""  # what it shows, in the run's language (the pack's section subtitle)

    def table(self, title: str) -> pd.DataFrame:
        return self.sheet(title).frame

    def sheet(self, title: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise KeyError(f"{self.page} has no table {title!r}")
