"""Every figure the dashboard shows, computed here and only here (pure pandas).

Functions take the filtered frames (`filters.apply_filters`) and the resolved periods and
return plain values or DataFrames whose column headers are what the screen and the Excel
file show ("(%)" columns hold 0-100 percentages). One submodule per page family; this
package re-exports the public functions.
"""

from score_dash.metrics.common import (
    pct,
    women_share,
)
from score_dash.metrics.overview import (
    HEADLINE_CODES,
    compute_headline,
    compute_headline_table,
)

__all__ = [
    "HEADLINE_CODES",
    "compute_headline",
    "compute_headline_table",
    "pct",
    "women_share",
]
