"""The Decisions & actions page's report, and the Overview's "Actions from the last review".

What the meetings decided comes from `score_dash.meetings.minutes` (not from the data frames): the
page's builder takes the records as read for this run, already cut down for a viewer
(`records.for_viewer`). Overdue is judged at a review meeting's date (`as_of`); an action's
status is its latest change, or its latest change up to `at` when a published review is shown
as presented (the statuses as they stood when it was published).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

import pandas as pd

from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.formats import fmt_date
from score_dash.core.i18n import t
from score_dash.core.reports import PageReport, Sheet
from score_dash.meetings import minutes as rec

Frames = dict[str, pd.DataFrame]

TITLE = "Decisions & actions"
COUNTS = "Counts"
LAST_REVIEW = "Actions from the last review"
STATUS_FILTERS = ("open", "in progress", "done", "dropped", "overdue")


def meeting_date(frames: Frames, period: str, published: dict[str, date]) -> date | None:
    """The date of the review meeting of a half-year: the published review's, else the
    periods table's review date, else None (not known yet).

    The one overdue rule: what is overdue at a review is judged at this date (today only
    where it is not known), by the Decisions & actions page, the pack and `actions list`."""
    if period in published:
        return published[period]
    periods = frames["periods"]
    dates = periods.loc[periods["period"] == period, "review_date"].dropna()
    return pd.Timestamp(dates.iloc[0]).date() if len(dates) else None


def filter_items(
    table: pd.DataFrame,
    *,
    review: str | None = None,
    status: str | None = None,
    owner: str | None = None,
) -> pd.DataFrame:
    """The rows of an `items_table` for the page's filters: a review's half-year, a status
    (or "overdue"), an owner."""
    keep = pd.Series(True, index=table.index)
    if review:
        keep &= table["Review"] == review
    if status == "overdue":
        keep &= table["Overdue"] == "yes"
    elif status:
        keep &= table["Status"] == status
    if owner:
        keep &= table["Owner"] == owner
    return table[keep]


def summary_text(counts: dict[str, int]) -> str:
    """ "3 actions: 1 done, 2 open (1 overdue), 1 dropped; 2 decisions", in the run's
    language."""
    actions, decisions = counts["actions"], counts["decisions"]
    parts = [
        t("{count} done").format(count=counts["done"]),
        (t("{count} open ({overdue} overdue)") if counts["overdue"] else t("{count} open")).format(
            count=counts["open"], overdue=counts["overdue"]
        ),
    ]
    if counts["dropped"]:
        parts.append(t("{count} dropped").format(count=counts["dropped"]))
    action_count = t("{count} action") if actions == 1 else t("{count} actions")
    decision_count = t("{count} decision") if decisions == 1 else t("{count} decisions")
    return (
        f"{action_count.format(count=actions)}: {', '.join(parts)}; "
        f"{decision_count.format(count=decisions)}"
    )


def build_report(
    frames: Frames,
    periods: ResolvedPeriods,
    options: Options,
    *,
    records: rec.Records | None = None,
    as_of: date | None = None,
    at: datetime | None = None,
    decided: str = "",
    status: str = "",
    owner: str = "",
) -> PageReport:
    """Every decision and action (with status, overdue at `as_of`), the history of each
    action's status, and the notes on figures; narrowed by the page's choices."""
    del frames, periods, options
    records = records if records is not None else rec.Records.empty()
    table = rec.items_table(records, as_of=as_of, at=at)
    shown = filter_items(table, review=decided or None, status=status or None, owner=owner or None)
    history = records.changes
    if at is not None:
        history = history[history["Changed at"] <= pd.Timestamp(at)]
    history = history[history["ID"].isin(shown["ID"])]
    counts = rec.tally(shown)
    figures = pd.DataFrame(
        [
            ("Actions open", counts["open"], "open or in progress"),
            ("Overdue", counts["overdue"], "still open after the due date, at the meeting"),
            ("Done", counts["done"], "of the actions listed"),
            ("Decisions", counts["decisions"], "recorded"),
        ],
        columns=["Figure", "Value", "Note"],
    )
    return PageReport(
        "decisions",
        TITLE,
        (
            Sheet(COUNTS, figures),
            Sheet(rec.ITEMS, shown.reset_index(drop=True), note=summary_text(rec.tally(shown))),
            Sheet(rec.CHANGES, history.reset_index(drop=True)),
            Sheet(rec.NOTES, records.notes.reset_index(drop=True)),
        ),
        notes=(
            t(
                "Overdue: an action still open or in progress whose due date is before the "
                "review meeting's date ({date})."
            ).format(date=fmt_date(as_of))
            if as_of
            else t(
                "Overdue: an action still open or in progress whose due date is before the "
                "review meeting's date (not known yet: none is overdue)."
            ),
        ),
    )


def with_last_review(
    report: PageReport,
    records: rec.Records,
    period_codes: Sequence[str],
    period: str,
    *,
    as_of: date | None,
    at: datetime | None = None,
) -> tuple[PageReport, str | None]:
    """The Overview's report with "Actions from the last review" added (the decisions and
    actions of the half-year before `period`, overdue judged at `as_of`, this review's
    meeting date), and that half-year (None: there is no earlier one)."""
    previous = rec.previous_review(period_codes, period)
    sheet = last_review_sheet(records, previous, as_of=as_of, at=at)
    return replace(report, sheets=(*report.sheets, sheet)), previous


def last_review_sheet(
    records: rec.Records,
    previous: str | None,
    *,
    as_of: date | None,
    at: datetime | None = None,
) -> Sheet:
    """The decisions and actions of the review before this one (`previous`, a half-year),
    with each action's status and whether it is overdue at this review's meeting date; the
    note counts them."""
    table = rec.items_table(records, as_of=as_of, at=at)
    table = table[table["Review"] == previous] if previous else table.iloc[0:0]
    counts = rec.tally(table)
    note = (
        t("Review of {period}: {summary}.").format(period=previous, summary=summary_text(counts))
        if previous and len(table)
        else t("Nothing was recorded at the review of {review}.").format(review=previous)
        if previous
        else t("There is no earlier review.")
    )
    return Sheet(LAST_REVIEW, table.reset_index(drop=True), note=note)
