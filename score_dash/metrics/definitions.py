"""The Definitions page's report: every indicator, every data column, provenance."""

from __future__ import annotations

import pandas as pd

from score_dash.core.dictionary import column_frame, indicator_frame, provenance_frame, search
from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.reports import PageReport, Sheet

Frames = dict[str, pd.DataFrame]


def build_report(
    frames: Frames, periods: ResolvedPeriods, options: Options, *, q: str = ""
) -> PageReport:
    """The Definitions page's tables, narrowed to the rows that match the search text `q`."""
    del frames, periods, options
    return PageReport(
        "definitions",
        "Definitions",
        (
            Sheet("Indicators", search(indicator_frame(), q)),
            Sheet("Columns", search(column_frame(), q)),
            Sheet("Provenance", provenance_frame()),
        ),
    )
