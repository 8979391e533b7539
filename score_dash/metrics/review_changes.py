"""What changed since a review: the headline and logframe figures of the review's half-year
as the meeting saw them (the data version the review was published on) against the same
figures now, and which import changed each.

Pure functions of frames: the page rebuilds the frames of each data version since the
review (score_dash/versions.py) and passes the figures of each here, in import order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from score_dash.filters import Filters, ResolvedPeriods, build_options, resolve_periods
from score_dash.metrics import overview
from score_dash.reports import Sheet

Frames = dict[str, pd.DataFrame]

TITLE = "Changed since the review"
COLUMNS = ("Table", "Figure", "Unit", "At the review", "Now", "Changed by")
HEADLINE = "Headline figures"
LOGFRAME = "Logframe"


@dataclass(frozen=True)
class Version:
    """The figures at one data version, and the import that made it ("" for the review's)."""

    label: str
    figures: pd.DataFrame  # compute_figures


def compute_figures(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """The review half-year's headline figures and logframe actuals, the whole programme.

    Indexed by (Table, code); columns Figure, Unit, Value, Enterprises (how many enterprises
    the figure is built from, 0 for counts over the whole programme)."""
    briefing = overview.compute_briefing(frames, periods)
    counts = briefing.enterprises["Value"] if "Value" in briefing.enterprises else pd.Series()
    headline = briefing.figures[["code", "Figure", "Unit", "Value"]].assign(Table=HEADLINE)
    status = briefing.status.rename(columns={"Indicator": "Figure", "Actual": "Value"})
    logframe = status[["code", "Figure", "Unit", "Value"]].assign(Table=LOGFRAME)
    table = pd.concat([headline, logframe], ignore_index=True)
    table["Enterprises"] = table["code"].map(counts).fillna(0).astype("int64")
    return table.set_index(["Table", "code"])[["Figure", "Unit", "Value", "Enterprises"]]


def _same(a: object, b: object) -> bool:
    a_missing, b_missing = pd.isna(a), pd.isna(b)
    if a_missing or b_missing:
        return bool(a_missing and b_missing)
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def compute_changes(review: pd.DataFrame, later: Sequence[Version]) -> pd.DataFrame:
    """The figures whose value now differs from the review's, with the imports (in order)
    whose version changed them. Columns COLUMNS plus Enterprises (the fewer behind the
    figure then and now, 0 where none count)."""
    if not later:
        return pd.DataFrame(columns=[*COLUMNS, "Enterprises"])
    now = later[-1].figures
    rows = []
    for key in dict.fromkeys([*review.index, *now.index]):
        before = review["Value"].get(key, float("nan"))
        after = now["Value"].get(key, float("nan"))
        if _same(before, after):
            continue
        by, previous = [], before
        for version in later:
            value = version.figures["Value"].get(key, float("nan"))
            if not _same(previous, value):
                by.append(version.label)
            previous = value
        source = now if key in now.index else review
        counts = [
            int(table.at[key, "Enterprises"]) for table in (review, now) if key in table.index
        ]
        positive = [n for n in counts if n > 0]
        rows.append(
            {
                "Table": key[0],
                "Figure": source.at[key, "Figure"],
                "Unit": source.at[key, "Unit"],
                "At the review": before,
                "Now": after,
                "Changed by": "; ".join(by),
                "Enterprises": min(positive) if positive else 0,
            }
        )
    return pd.DataFrame(rows, columns=[*COLUMNS, "Enterprises"])


def changes_since(
    review_period: str,
    review_version: int,
    current: int,
    frames_at: Callable[[int], Frames],
    imports: Sequence[tuple[int, str]],
    convention: str,
) -> pd.DataFrame:
    """What changed since the review of `review_period` published at data version
    `review_version`: its figures then, against those after each import since (`imports`:
    data version and label, in order; `queries.import_labels`) up to version `current`.
    `frames_at(version)`: every table at that data version. The page and the command line
    both call this."""
    if review_version >= current:
        return compute_changes(pd.DataFrame(), [])

    def figures(version: int) -> pd.DataFrame:
        frames = frames_at(version)
        options = build_options(frames, convention)
        periods = resolve_periods(Filters(period=review_period), options, frames["periods"])
        return compute_figures(frames, periods)

    later = [Version(label, figures(version)) for version, label in imports if version <= current]
    return compute_changes(figures(review_version), later)


def build_sheet(changes: pd.DataFrame, review_title: str) -> Sheet:
    """The table as a report sheet (screen and Excel); a figure from fewer enterprises than
    the minimum is suppressed for a viewer, as on its own page."""
    note = (
        f"{review_title}: the figures of its half-year as the meeting saw them, and now. "
        "Each is changed by the imports named, in order."
    )
    return Sheet(
        TITLE,
        changes[list(COLUMNS)].reset_index(drop=True),
        note=note,
        enterprises=tuple(int(n) for n in changes["Enterprises"]),
        labels=("Table", "Figure", "Unit"),
    )
