"""Recording what the meeting decides, from any page and in meeting mode.

Every page's toolbar has "Record a decision" for those who may record (staff, admins and
the meeting's secretary: `access.can_record`): a short form that files a decision or an
action point under the review on screen, with the share link of the view and the page it
was decided on. The Decisions & actions page (app_pages/decisions.py) lists them and changes
an action's status. Every write checks the role here, on the server, whatever drew the form.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote as quote_url

import pandas as pd
import streamlit as st

from score_dash import access, records
from score_dash.ingest import records as record_sheets
from score_dash.ui import text
from score_dash.ui.context import View, engine

RECORDED_KEY = "_recorded"  # the last confirmation, shown once on the next run


class NotAllowed(PermissionError):
    """The user's role may not write this."""


def record_item(
    view: View,
    *,
    kind: str,
    item_text: str,
    owner: str = "",
    due: date | None = None,
    link: str = "",
    page: str = "",
    indicator: str = "",
) -> int:
    """File a decision or action for the review on screen (NotAllowed for a viewer)."""
    if not access.can_record(view.role):
        raise NotAllowed("Only project staff and the meeting's secretary record decisions.")
    return records.add_item(
        engine(),
        period=view.review_period,
        kind=kind,
        text=item_text,
        user=view.identity.label,
        owner=owner or "",
        due=due,
        page=page,
        link=link,
        indicator=indicator,
    )


def change_status(view: View, item_id: int, status: str, comment: str) -> None:
    if not access.can_record(view.role):
        raise NotAllowed("Only project staff and the meeting's secretary change a status.")
    records.set_status(engine(), item_id, status, comment, view.identity.label)


def add_note(view: View, **fields: str) -> int:
    if not access.can_annotate(view.role):
        raise NotAllowed("Only project staff add notes to figures.")
    return records.add_note(engine(), user=view.identity.label, **fields)


def import_records(view: View, data: bytes) -> record_sheets.ImportResult:
    if not access.can_annotate(view.role):
        raise NotAllowed("Only project staff import the record.")
    return record_sheets.import_workbook(engine(), data)


def safe_link(link: str) -> str:
    """A recorded link as a Markdown link target: only http(s) addresses, percent-encoded
    so that nothing in it can end the link or start another ("" for anything else)."""
    if not link.lower().startswith(("http://", "https://")):
        return ""
    return quote_url(link, safe=text.URL_SAFE)


def item_line(row: dict) -> str:
    """One decision or action as a line the chair reads out: kind and number, status
    (overdue), owner, due date, text, and the link to the view it was decided on."""
    head = text.md("**{} {}**", str(row["Kind"]).capitalize(), row["ID"])
    facts = [text.escape(row["Status"])] if row.get("Status") else []
    if row.get("Overdue") == "yes":
        facts.append("**overdue**")
    if row.get("Owner"):
        facts.append(text.escape(row["Owner"]))
    if row.get("Due") is not None and not pd.isna(row["Due"]):
        facts.append(f"due {pd.Timestamp(row['Due']):%Y-%m-%d}")
    line = " · ".join([head, *facts]) + " — " + text.escape(row["Text"], limit=None)
    target = safe_link(str(row.get("Link") or ""))
    if target:
        line += f" ([open the view]({target}))"
    return line


def render_item_list(table: pd.DataFrame) -> None:
    """The decisions and actions as a list (the table is in the Excel and an expander)."""
    st.markdown("\n".join("- " + item_line(row) for row in table.to_dict("records")))


def render_confirmation() -> None:
    """The confirmation of what was just recorded (kept across the rerun that follows)."""
    message = st.session_state.pop(RECORDED_KEY, None)
    if message:
        st.success(text.escape(message, limit=None), icon=":material/task_alt:")


def item_form(
    view: View, form_key: str, link: str, page: str, with_indicator: bool = False
) -> None:
    """The fields of a decision or action and the button that files it (`with_indicator`:
    also the indicator it concerns; the toolbar's form stays short for the projector)."""
    period = view.review_period
    label = view.options.periods.get(period, period)
    with st.form(form_key, clear_on_submit=True, border=False):
        st.caption(
            text.md("Filed under the review of {}", label)
            + (", with the link of this view." if link else ".")
        )
        kind = st.segmented_control(
            "Kind",
            records.KINDS,
            default="decision",
            format_func=str.capitalize,
            key=f"{form_key}_kind",
        )
        item_text = st.text_area(
            "Text", max_chars=records.TEXT_LIMIT, key=f"{form_key}_text", height=90
        )
        owner = st.selectbox(
            "Owner (actions): a person or organisation",
            records.owners(view.records),
            index=None,
            accept_new_options=True,
            placeholder="Choose or type a new one",
            key=f"{form_key}_owner",
        )
        due = st.date_input("Due date (actions)", value=None, key=f"{form_key}_due")
        indicator = None
        if with_indicator:
            names = records.indicator_names()
            indicator = st.selectbox(
                "Indicator it concerns (optional)",
                list(names),
                index=None,
                format_func=names.get,
                key=f"{form_key}_indicator",
            )
        submitted = st.form_submit_button("Record", type="primary", icon=":material/add_task:")
    if not submitted:
        return
    kind = kind or "decision"
    try:
        ident = record_item(
            view,
            kind=kind,
            item_text=item_text,
            owner=(owner or "") if kind == "action" else "",
            due=due if kind == "action" else None,
            link=link,
            page=page,
            indicator=indicator or "",
        )
    except (records.RecordError, NotAllowed) as exc:
        st.error(text.escape(str(exc), limit=None))
        return
    st.session_state[RECORDED_KEY] = f"Recorded {kind} {ident} for the review of {label}."
    st.rerun()


def render_record_control(view: View, slot: object, link: str, page: str) -> None:
    """ "Record a decision" in the toolbar, for those who may record."""
    if view.periods is None or not access.can_record(view.role):
        return
    box = slot.popover(  # type: ignore[attr-defined]
        "Record a decision", icon=":material/edit_note:", width="stretch"
    )
    with box:
        item_form(view, "record_here", link, page)
