"""Overview: are we on track this half-year, and where not? (the chair's briefing).

What the page shows is declared once, in score_dash/pages/overview.py (the pack prints the
same); the last review's actions and what changed since a published review are drawn here,
in the content's slots."""

import streamlit as st

from score_dash import ui
from score_dash.core.i18n import t
from score_dash.meetings import actions, minutes, since_review
from score_dash.pages import overview as page
from score_dash.ui import content, decisions, meeting

view = ui.current_view()
review = view.periods.labels[view.periods.review]
ui.render_header(
    view,
    t("Overview, {period}").format(period=review),
    t("Are we on track this half-year, and where not?"),
)

# The page's own figures (`shown`), and for the Excel and the slots below the last review's
# actions and what changed since the review (`report`).
assembled = ui.page_report(view)
report, previous, review_title = assembled.report, assembled.previous, assembled.since
labels_of = view.options.periods


def last_review() -> None:
    """What the last review decided, and whether it was done."""
    if previous is None:
        return
    st.header(ui.md(t("Actions from the last review ({})"), labels_of.get(previous, previous)))
    last = report.sheet(actions.LAST_REVIEW)
    counts = minutes.tally(last.frame)
    if last.frame.empty:
        st.caption(ui.escape(last.note, limit=None))
    else:
        cards = (
            (t("Done"), counts["done"]),
            (t("Open"), counts["open"]),
            (t("Overdue"), counts["overdue"]),
            (t("Decisions"), counts["decisions"]),
        )
        for index, (column, (label, value)) in enumerate(
            zip(st.columns(len(cards)), cards, strict=True)
        ):
            column.metric(
                ui.escape(label),
                ui.fmt_number(value),
                border=True,
                help=t("Of the {count} actions recorded at that review").format(
                    count=counts["actions"]
                )
                if index < len(cards) - 1
                else t("Decisions recorded at that review"),
            )
        decisions.render_item_list(last.frame)
        st.caption(ui.escape(last.note, limit=None))
    meeting.render_page_link(view, "decisions", t("Every decision and action: Decisions & actions"))


def changes_since_review() -> None:
    """What changed since the review (the one shown, or else the latest published)."""
    if not review_title:
        return
    st.header(t("What changed since the review"))
    since = report.sheet(since_review.TITLE)
    if since.frame.empty and not since.withheld:
        st.caption(
            ui.md(
                t("{}: no headline or logframe figure of its half-year has changed since."),
                review_title,
            )
        )
    else:
        st.caption(ui.escape(since.note, limit=None))
        ui.render_sheet(report, since_review.TITLE, key="overview_review_changes")


content.render_page(
    view,
    page.compose,
    assembled.shown,
    {page.LAST_REVIEW: last_review, page.SINCE_REVIEW: changes_since_review},
)
ui.render_toolbar(view, report)
ui.render_pack_download(view)  # staff only
