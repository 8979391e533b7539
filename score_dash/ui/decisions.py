"""Recording what the meeting decides, from any page and in meeting mode.

Every page's toolbar has "Record a decision" for those who may record (staff, admins and
the meeting's secretary: `access.can_record`): a short form that files a decision or an
action point under the review on screen, with the share link of the view and the page it
was decided on. The Decisions & actions page (app_pages/decisions.py) lists them and changes
an action's status. Every write checks the role here, on the server, whatever drew the form.

Nothing written reaches viewers until project staff show it to them ("Show to viewers",
`release_record`; `records.release` checks the role again). The meeting's secretary records
in the meeting, in front of the group that reads the record, so what the secretary records
is shown at once, unless it may name an enterprise (`writing_warning`), when it waits for
staff. Staff's own records wait for their release: staff write alone, and may name firms.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote as quote_url

import pandas as pd
import streamlit as st

from score_dash.access import policy
from score_dash.access.policy import Role
from score_dash.core.formats import day_pattern, fmt_date
from score_dash.core.i18n import N_, t, word
from score_dash.ingest import records as record_sheets
from score_dash.meetings import minutes
from score_dash.metrics.definitions import indicator_name
from score_dash.ui import language, text
from score_dash.ui.context import View, engine, enterprise_words

RECORDED_KEY = "_recorded"  # the last confirmation, shown once on the next run
# What the status form showed when it was last drawn: each action's number of status
# changes (`minutes.history_lengths`), so that a change sent from a form drawn before
# someone else's is refused instead of landing on top of it unseen.
STATUS_SEEN_KEY = "_status_seen"


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
    """File a decision or action for the review on screen (NotAllowed for a viewer); shown
    to viewers at once when the secretary records it and it names no enterprise."""
    if not policy.can_record(view.role):
        raise NotAllowed("Only project staff and the meeting's secretary record decisions.")
    shown_now = view.role is Role.SECRETARY and not writing_warning(view, item_text, owner)
    return minutes.add_item(
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
        release=shown_now,
    )


def change_status(
    view: View, item_id: int, status: str, comment: str, seen: int | None = None
) -> None:
    """Change an action's status; the secretary's comment is shown with a shown action
    unless it may name an enterprise (staff's waits for their next release). `seen`: how
    many changes of its history the form showed (`minutes.ChangedMeanwhile`, nothing
    written, when there are more now)."""
    if not policy.can_record(view.role):
        raise NotAllowed("Only project staff and the meeting's secretary change a status.")
    shown_now = view.role is Role.SECRETARY and not writing_warning(view, comment)
    minutes.set_status(
        engine(), item_id, status, comment, view.identity.label, shown_now, seen=seen
    )


def add_note(
    view: View, *, indicator: str, period: str, text: str, state: str = "", cluster: str = ""
) -> int:
    """Add a note on a figure (staff); not shown to viewers until released."""
    if not policy.can_annotate(view.role):
        raise NotAllowed("Only project staff add notes to figures.")
    return minutes.add_note(
        engine(),
        indicator=indicator,
        period=period,
        text=text,
        user=view.identity.label,
        state=state,
        cluster=cluster,
    )


def release_record(view: View, record: str, ident: int, shown: bool = True) -> bool:
    """Show a decision or action ("item") or a note ("note") to viewers, or take it back;
    whether anything changed. Staff and admins only (NotAllowed; `records.release` checks
    the role as well)."""
    if not policy.can_annotate(view.role):
        raise NotAllowed("Only project staff show a record to viewers.")
    return minutes.release(engine(), record, ident, view.identity.label, view.role, shown=shown)


def writing_warning(view: View, *texts: str) -> str:
    """The warning for what is being written or shown when it may name an enterprise (a
    word of an enterprise's name or its code: `records.name_warning`), or ""."""
    enterprises = view.all_frames.get("enterprises")
    if enterprises is None or not any(texts):
        return ""
    words = enterprise_words(view.config.db_url, view.data_version, enterprises)
    return minutes.name_warning(" ".join(t for t in texts if t), words)


def import_records(view: View, data: bytes) -> record_sheets.ImportResult:
    if not policy.can_annotate(view.role):
        raise NotAllowed("Only project staff import the record.")
    return record_sheets.import_workbook(engine(), data)


def safe_link(link: str) -> str:
    """A recorded link as a Markdown link target: only http(s) addresses, percent-encoded
    so that nothing in it can end the link or start another ("" for anything else)."""
    if not link.lower().startswith(("http://", "https://")):
        return ""
    return quote_url(link, safe=text.URL_SAFE)


# An action's status as its line names it (meetings.minutes.STATUSES), for the catalog.
LINE_STATUSES = {
    "open": N_("open"),
    "in progress": N_("in progress"),
    "done": N_("done"),
    "dropped": N_("dropped"),
}


def item_line(row: dict) -> str:
    """One decision or action as a line the chair reads out: kind and number, status
    (overdue), owner, due date, text, and the link to the view it was decided on."""
    head = text.md("**{} {}**", t(str(row["Kind"]).capitalize()), row["ID"])
    status = str(row.get("Status") or "")
    word = t(LINE_STATUSES[status]) if status in LINE_STATUSES else status  # data as recorded
    facts = [text.escape(word)] if status else []
    if row.get("Overdue") == "yes":
        facts.append("**" + t("overdue") + "**")
    if row.get("Owner"):
        facts.append(text.escape(row["Owner"]))
    if row.get(minutes.SHOWN) == "":  # only staff's rows carry the mark
        facts.append("*" + t("not shown to viewers") + "*")
    if row.get("Due") is not None and not pd.isna(row["Due"]):
        facts.append(t("due {date}").format(date=fmt_date(pd.Timestamp(row["Due"]))))
    line = " · ".join([head, *facts]) + " — " + text.escape(row["Text"], limit=None)
    target = safe_link(str(row.get("Link") or ""))
    if target:
        line += f" ([{t('open the view')}]({target}))"
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
            text.md(
                t("Filed under the review of {}, with the link of this view.")
                if link
                else t("Filed under the review of {}."),
                label,
            )
        )
        kind = st.segmented_control(
            t("Kind"),
            minutes.KINDS,
            default="decision",
            format_func=lambda kind: t(kind.capitalize()),
            key=language.relabel(f"{form_key}_kind"),
        )
        item_text = st.text_area(
            t("Text"), max_chars=minutes.TEXT_LIMIT, key=f"{form_key}_text", height=90
        )
        owner = st.selectbox(
            t("Owner (actions): a person or organisation"),
            minutes.owners(view.records),
            index=None,
            accept_new_options=True,
            placeholder=t("Choose or type a new one"),
            key=f"{form_key}_owner",
        )
        due = st.date_input(
            t("Due date (actions)"), value=None, key=f"{form_key}_due", format=day_pattern()
        )
        indicator = None
        if with_indicator:
            indicator = st.selectbox(
                t("Indicator it concerns (optional)"),
                list(minutes.indicator_names()),
                index=None,
                format_func=indicator_name,
                key=f"{form_key}_indicator",
            )
        submitted = st.form_submit_button(t("Record"), type="primary", icon=":material/add_task:")
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
    except (minutes.RecordError, NotAllowed) as exc:
        st.error(text.escape(str(exc), limit=None))
        return
    message = f"Recorded {kind} {ident} for the review of {label}"
    warning = writing_warning(view, item_text, owner or "")
    if warning:
        message += ". " + warning
    elif view.role is Role.SECRETARY:
        message += ", shown to viewers."
    else:
        message += ": viewers see it once it is shown to them."
    st.session_state[RECORDED_KEY] = message
    st.rerun()


def render_status_form(view: View, as_of: date) -> None:
    """ "Change an action's status": the action (with its status as now), the new status and
    a comment. A change sent after someone else changed the same action since this form was
    drawn is not saved: the message says who changed it to what and when, and the form,
    drawn again, shows the status as it is now."""
    actions_now = minutes.items_table(view.records, as_of=as_of)
    actions_now = actions_now[actions_now["Kind"] == "action"]
    # What the form showed when it was sent is what the previous run drew; this run draws
    # it afresh (with whatever changed meanwhile) for the next.
    seen_before: dict[int, int] = st.session_state.get(STATUS_SEEN_KEY, {})
    st.session_state[STATUS_SEEN_KEY] = minutes.history_lengths(view.records)
    if actions_now.empty:
        st.caption(t("No action recorded yet."))
        return
    described: dict[int, str] = {
        int(row["ID"]): f"{row['ID']}: {row['Text'][:70]} ({word(row['Status'])})"
        for row in actions_now.to_dict("records")
    }
    with st.form("status_form", clear_on_submit=True, border=False):
        item = st.selectbox(
            t("Action"), list(described), format_func=lambda i: described[i], key="status_item"
        )
        new_status = st.radio(
            t("New status"),
            minutes.STATUSES,
            index=None,
            horizontal=True,
            format_func=lambda status: t(status.capitalize()),
            key=language.relabel("status_new"),
        )
        comment = st.text_input(t("Comment"), max_chars=minutes.COMMENT_LIMIT, key="status_comment")
        changed = st.form_submit_button(t("Change the status"), icon=":material/sync:")
    if not changed:
        return
    if item is None or new_status is None:
        st.error(t("Choose the action and its new status."))
        return
    try:
        # ChangedMeanwhile (a RecordError) when the action changed since the form was drawn.
        change_status(view, item, new_status, comment, seen_before.get(item))
    except (minutes.RecordError, NotAllowed) as exc:
        st.error(text.escape(str(exc), limit=None))
        return
    st.session_state[RECORDED_KEY] = f"Action {item}: {new_status}, kept in its history."
    st.rerun()


def render_record_control(view: View, slot: object, link: str, page: str) -> None:
    """ "Record a decision" in the toolbar, for those who may record."""
    if view.periods is None or not policy.can_record(view.role):
        return
    box = slot.popover(  # type: ignore[attr-defined]
        t("Record a decision"), icon=":material/edit_note:", width="stretch"
    )
    with box:
        item_form(view, "record_here", link, page)


def release_choices(found: minutes.Records) -> dict[str, str]:
    """Every decision, action and note as a choice of the "Show to viewers" control: key
    ("item:3", "note:2") -> a line that says whether viewers see it."""

    def state(shown: bool, waiting: bool = False) -> str:
        if not shown:
            return "not shown to viewers"
        return "shown; a later comment is not" if waiting else "shown to viewers"

    changes = found.changes
    waiting = set(changes.loc[(changes[minutes.SHOWN] == "") & (changes["Comment"] != ""), "ID"])
    choices = {
        f"item:{row['ID']}": f"{str(row['Kind']).capitalize()} {row['ID']}: "
        f"{str(row['Text'])[:60]} ({state(row[minutes.SHOWN] == 'yes', row['ID'] in waiting)})"
        for row in found.items.to_dict("records")
    }
    choices.update(
        {
            f"note:{row['ID']}": f"Note {row['ID']} ({row['Indicator']}, {row['Half-year']}): "
            f"{str(row['Text'])[:60]} ({state(row[minutes.SHOWN] == 'yes')})"
            for row in found.notes.to_dict("records")
            if not row["Enterprise"]  # a note on one enterprise is never shown
        }
    )
    return choices


def render_release_control(view: View) -> None:
    """ "Show to viewers" for staff: choose a decision, action or note, see whether it may
    name an enterprise, show it or take it back; the history of both, with who and when."""
    if not policy.can_annotate(view.role):
        return
    found = view.records
    if minutes.SHOWN not in found.items.columns:
        return  # the records could not be read
    choices = release_choices(found)
    st.markdown("**" + t("Show to viewers") + "**")
    st.caption(
        t(
            "Viewers (the advisory group, the circulated pack and its Excel) read a decision's "
            "or an action's text, its owner and its comments, and a note, only once staff show "
            "it to them. Notes on one enterprise or on a small cluster are never shown."
        )
    )
    if not choices:
        st.caption(t("Nothing recorded yet."))
        return
    choice = st.selectbox(
        t("Record"), list(choices), format_func=lambda key: choices[key], key="release_record"
    )
    record, ident = str(choice).split(":")
    frame = found.items if record == "item" else found.notes
    row = frame[frame["ID"] == int(ident)].iloc[0]
    said = [str(row["Text"])]
    if record == "item":
        said.append(str(row["Owner"]))
        comments = found.changes.loc[found.changes["ID"] == int(ident), "Comment"]
        said += [str(c) for c in comments]
    warning = writing_warning(view, *said)
    if warning:
        st.warning(text.escape(warning, limit=None), icon=":material/warning:")
    left, right = st.columns(2)
    show = left.button(t("Show to viewers"), key="release_show", icon=":material/visibility:")
    hide = right.button(t("Take back"), key="release_withdraw", icon=":material/visibility_off:")
    if show or hide:
        try:
            changed = release_record(view, record, int(ident), shown=bool(show))
        except (minutes.RecordError, NotAllowed) as exc:
            st.error(text.escape(str(exc), limit=None))
        else:
            what = choices[str(choice)].split(":")[0]
            done = "shown to viewers" if show else "taken back from viewers"
            st.session_state[RECORDED_KEY] = (
                f"{what}: {done}." if changed else f"{what} was already {done}."
            )
            st.rerun()
    with st.expander(t("History of what was shown to viewers")):
        history = minutes.release_history(engine())
        st.dataframe(history, hide_index=True, key="release_history")
