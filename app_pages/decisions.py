"""Decisions & actions: what did the meetings decide, and was it done?

The last step of meeting mode. Everyone reads; staff and the meeting's secretary record
decisions and actions and change an action's status; staff add notes to figures, show each
record to viewers ("Show to viewers": until then a viewer reads no text of it) and import the
record from an exported workbook (score_dash/meetings/minutes.py). Overdue is judged at the meeting
date of the review on screen.
"""

import streamlit as st

from score_dash import ui
from score_dash.access import policy
from score_dash.core.i18n import N_, t
from score_dash.meetings import actions, minutes
from score_dash.metrics.definitions import indicator_name
from score_dash.store import db
from score_dash.ui import decisions
from score_dash.ui.page import ALL, all_or_as_recorded, status_word

view = ui.current_view()
period = view.review_period
labels = view.options.periods
review_label = labels.get(period, period)
ui.render_header(
    view,
    t("Decisions & actions"),
    t(
        "What did the review meetings decide, and was it done? (as at the review of {period})"
    ).format(period=review_label),
)
meeting_date = view.meeting_date(period)
as_of = meeting_date or db.today()
may_record = policy.can_record(view.role)

# The page's own choices, bound to the URL (`ui.link_choice`).
reviews_with_items = sorted(set(view.records.items["Review"]), reverse=True)
review_options = [ALL, *reviews_with_items]
owner_options = [ALL, *sorted(set(view.records.items["Owner"]) - {""})]
status_options = [ALL, *actions.STATUS_FILTERS]
picked: dict[str, str] = {}
for column, (key, label, options, shown, what, fallback) in zip(
    st.columns(3),
    (
        (
            "decided",
            t("Review"),
            review_options,
            all_or_as_recorded,
            N_("review"),
            N_("all reviews"),
        ),
        ("status", t("Status"), status_options, status_word, N_("status"), N_("every status")),
        ("owner", t("Owner"), owner_options, all_or_as_recorded, N_("owner"), N_("every owner")),
    ),
    strict=True,
):
    with column:
        picked[key] = ui.link_choice(
            st.selectbox, label, options, shown, key=key, what=what, fallback=fallback
        )
choices = {key: "" if value == ALL else value for key, value in picked.items()}
report = ui.page_report(view, **choices).report
table = report.table(minutes.ITEMS)
cards = report.table(actions.COUNTS)
for column, row in zip(ui.grid_columns(len(cards)), cards.to_dict("records"), strict=True):
    figure, note = row["Figure"], row["Note"]  # texts of pages.terms.DECISIONS
    column.metric(t(figure), ui.fmt_number(row["Value"]), border=True, help=t(note))
st.caption(
    ui.md(
        t(
            "Overdue: still open or in progress after its due date, judged at the meeting of "
            "the review of {} ({})."
        ),
        review_label,
        ui.fmt_date(meeting_date) if meeting_date else t("date not set: today"),
    )
    + (
        " "
        + ui.md(t("Statuses as they stood when that review was published ({})."), view.review.title)
        if view.review
        else ""
    )
)

st.header(t("Decisions and action points"))
if table.empty:
    st.info(
        t("Nothing recorded matches.")
        if any(choices.values())
        else t("No decision or action has been recorded yet.")
        + " "
        + (
            t(
                "Record them during the meeting with 'Record a decision' at the top of any "
                "page, or below."
            )
            if may_record
            else t("The meeting's secretary records them during the review.")
        ),
        icon=":material/inbox:",
    )
else:
    decisions.render_item_list(table)
    with st.expander(t("As a table (sort, search)")):
        ui.render_table(
            table.drop(columns=["Page"]),
            key="decisions_items",
            column_config={
                "Link": st.column_config.LinkColumn("Link", display_text="Open the view"),
                "Text": st.column_config.TextColumn("Text", width="large"),
            },
        )
with st.expander(t("History of each action's status")):
    ui.render_table(report.table(minutes.CHANGES), key="decisions_history")

if may_record:
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        st.markdown(
            ui.md("**" + t("Record a decision or action for the review of {}") + "**", review_label)
        )
        decisions.item_form(view, "record_page", "", "decisions", with_indicator=True)
    with right, st.container(border=True):
        st.markdown("**" + t("Change an action's status") + "**")
        decisions.render_status_form(view, as_of)

st.header(t("Notes on figures"))
st.caption(
    t(
        "Notes explain a figure of a half-year (floods, a strike, a partner that stopped "
        "reporting); they are drawn on the trend charts they concern."
    )
)
notes = report.table(minutes.NOTES)
if notes.empty:
    st.caption(t("No note yet."))
else:
    ui.render_table(notes, key="decisions_notes")
if policy.can_annotate(view.role):
    with st.expander(t("Add a note to a figure"), icon=":material/sticky_note_2:"):
        with st.form("note_form", clear_on_submit=True, border=False):
            indicator = st.selectbox(
                t("Indicator or KPI"),
                list(minutes.indicator_names()),
                format_func=indicator_name,
                key="note_indicator",
            )
            note_period = st.selectbox(
                t("Half-year"),
                view.options.period_codes,
                index=view.options.period_codes.index(period),
                format_func=labels.get,
                key="note_period",
            )
            place_left, place_right = st.columns(2)
            state = place_left.selectbox(
                t("State (optional)"),
                sorted(view.all_frames["states"]["name"]),
                index=None,
                key="note_state",
            )
            cluster = place_right.selectbox(
                t("Cluster (optional)"),
                sorted(view.all_frames["clusters"]["cluster"]),
                index=None,
                key="note_cluster",
            )
            note_text = st.text_area(t("Note"), max_chars=minutes.NOTE_LIMIT, key="note_text")
            added = st.form_submit_button(t("Add the note"), icon=":material/add_comment:")
        if added:
            try:
                ident = decisions.add_note(
                    view,
                    indicator=indicator,
                    period=note_period,
                    text=note_text,
                    state=state or "",
                    cluster=cluster or "",
                )
            except (minutes.RecordError, decisions.NotAllowed) as exc:
                st.error(ui.escape(str(exc), limit=None))
            else:
                st.session_state[decisions.RECORDED_KEY] = t("Note {ident} added.").format(
                    ident=ident
                )
                st.rerun()

if policy.can_annotate(view.role):
    with st.container(border=True):
        decisions.render_release_control(view)

if policy.can_annotate(view.role):
    with st.expander(t("Import decisions, actions and notes"), icon=":material/upload_file:"):
        st.caption(
            t(
                "From a workbook exported by this dashboard (this page's Excel, or the export "
                "of all data): records already here are left as they are, new ones are added. "
                "A record that differs from the one with the same ID is refused, naming the "
                "sheet, row and column, and nothing is imported."
            )
        )
        upload = st.file_uploader(
            t("Workbook (.xlsx)"),
            type=["xlsx"],
            key="records_upload",
            max_upload_size=view.config.upload_max_mb,
        )
        if upload is not None and st.button(t("Import"), key="records_import"):
            result = decisions.import_records(view, upload.getvalue())
            if result.ok:
                st.session_state[decisions.RECORDED_KEY] = ", ".join(
                    t("{sheet}: {count} added").format(sheet=sheet, count=n)
                    for sheet, n in result.added.items()
                )
                st.rerun()
            problems = "\n".join(ui.md("- {}", problem, limit=None) for problem in result.problems)
            st.error(t("Nothing was imported:") + "\n\n" + problems)

shown_values = {**picked, "status": picked["status"].capitalize()}
page_params = {key: [value] for key, value in shown_values.items() if value != ALL}
ui.render_toolbar(view, report, page_params)
