"""Data: template, validated all-or-nothing upload, import history and data-quality checks.

For project staff only: the page is not in a viewer's navigation, and `ui.current_view()`
refuses it to a viewer whatever route led here. Imports record the signed-in user.
"""

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from score_dash import ingest, ui
from score_dash.charts.common import screen_spec
from score_dash.charts.data import QUALITY_SERIES, build_quality_chart
from score_dash.core import dictionary
from score_dash.core.formats import day_pattern
from score_dash.core.i18n import current as current_language
from score_dash.core.i18n import in_language, t
from score_dash.meetings import reviews
from score_dash.metrics import data
from score_dash.pages.content import over_time
from score_dash.store import db, loading

CHECK_KEY = "_data_check"  # (file id, data version, parsed, report) of the last upload
DONE_KEY = "_data_import_done"  # summary of the last import, shown after the rerun
ROUND_KEY = "_data_upload_round"  # bumped after an import, so the upload box starts empty
PUBLISHED_KEY = "_data_review_published"  # the confirmation, shown after the rerun
PUBLISHED_REVIEW_KEY = "_data_review_published_review"  # its review, for the warning
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


view = ui.current_view()
ui.render_header(
    view, t("Data"), t("Can we trust the data, and how do we bring in the new half-year?")
)

st.header(t("Bring new data"))
first_import = view.periods is None
with st.expander(t("The first import, step by step"), expanded=first_import):
    st.markdown(
        t(
            "1. **Download the template** (below): one sheet per table, with the allowed "
            "values as drop-downs and a note on every column."
        )
        + "\n"
        + t(
            "2. **Fill the sheets in this order**, so that every code a row refers to exists "
            "first (a sheet may stay empty until its data are ready):"
        )
    )
    ui.render_table(dictionary.sheet_order_frame(), key="sheet_order")
    st.markdown(
        t("3. **Upload** the filled workbook: every row is checked, and nothing is written yet.")
        + "\n"
        + t(
            "4. **Check the preview** (rows to add and to change per table), then **import**. "
            "Each import is recorded in the history below."
        )
    )
left, right = st.columns(2)
left.download_button(
    t("Download template"),
    data=partial(ingest.build_template, view.all_frames),
    file_name="score-template.xlsx",
    mime=XLSX,
    on_click="ignore",
    icon=":material/table_view:",
    key="download_template",
    width="stretch",
)
right.download_button(
    t("Download all data"),
    data=partial(ingest.export_all, view.all_frames, demo=view.is_demo),
    file_name="score-all-data.xlsx",
    mime=XLSX,
    on_click="ignore",
    icon=":material/database:",
    key="download_all",
    width="stretch",
)
if view.is_demo:
    with st.expander(t("Going live: remove the demo data"), icon=":material/science:"):
        st.markdown(
            t(
                "This database holds the illustrative demo data. The programme's own records "
                "cannot be imported into it (they would be mixed with fictional ones). Remove "
                "the demo to start from an empty database, then import the filled template. "
                "The import history is kept."
            )
        )
        sure = st.checkbox(t("I understand that every row of the demo data is deleted"), key="sure")
        if st.button(t("Remove the demo data"), disabled=not sure, key="remove_demo"):
            db.remove_demo(ui.engine(), view.identity.label)
            ui.clear_caches()
            st.session_state[DONE_KEY] = t("The demo data were removed: the database is empty.")
            st.rerun()
if done := st.session_state.pop(DONE_KEY, None):
    st.success(ui.escape(done, limit=None), icon=":material/check_circle:")
# A new key after each import empties the box: "upload", then "upload-1", ...
upload_round = st.session_state.get(ROUND_KEY, 0)
upload_key = f"upload-{upload_round}" if upload_round else "upload"
upload = st.file_uploader(
    t("Upload a filled template (.xlsx) or one table as .csv, at most {size} MB").format(
        size=view.config.upload_max_mb
    ),
    key=upload_key,
    max_upload_size=view.config.upload_max_mb,
    help=t(
        "A .csv holds one table: name it after the table (workforce.csv) or start it with "
        "the line 'table: workforce'. Nothing is written before you confirm."
    ),
)
too_large = upload is not None and ingest.size_refusal(upload.size, view.config.upload_max_mb)
if too_large:  # refused by its size alone, before its bytes are read or hashed
    st.error(ui.escape(too_large, limit=None))
elif upload is not None:
    content = upload.getvalue()
    cached = st.session_state.get(CHECK_KEY)
    if not cached or cached[:2] != (upload.file_id, view.data_version):
        with st.spinner(t("Checking every row...")):
            parsed, report = ingest.check_file(
                content, upload.name, ui.engine(), view.config.upload_max_mb
            )
        if not report.ok:  # a rejected attempt is recorded once per file
            ingest.apply_import(ui.engine(), parsed, report, view.identity.label, False)
        cached = (upload.file_id, view.data_version, parsed, report)
        st.session_state[CHECK_KEY] = cached
    parsed, report = cached[2], cached[3]
    show = st.error if not report.ok else st.warning if report.warnings else st.info
    show(ui.escape(report.summary(), limit=None))
    if report.problems:
        ui.render_table(report.to_frame(), key="upload_problems")
        st.download_button(
            t("Download the workbook with the problems marked"),
            # In the page's language: the click's thread starts in English.
            data=partial(
                in_language,
                current_language(),
                ingest.annotate_workbook,
                content,
                report,
                view.config.upload_max_mb,
            ),
            file_name=f"checked-{upload.name.rsplit('.', 1)[0]}.xlsx",
            mime=XLSX,
            on_click="ignore",
            icon=":material/rule:",
            key="download_annotated",
        )
    if report.ok and not report.unchanged:
        ui.render_table(report.preview_frame(), key="upload_preview")
        accepted = True
        if report.warnings:
            accepted = st.checkbox(
                t("Import anyway: I have checked the {count} warnings").format(
                    count=len(report.warnings)
                ),
                key="accept_warnings",
            )
        if st.button(
            t("Import these rows"),
            type="primary",
            disabled=not accepted,
            icon=":material/upload:",
            key="confirm_import",
        ):
            result = ingest.apply_import(ui.engine(), parsed, report, view.identity.label, accepted)
            if result.outcome == "imported":
                ui.clear_caches()
                st.session_state[DONE_KEY] = result.summary()
                st.session_state.pop(CHECK_KEY, None)
                st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
                st.rerun()
            st.error(ui.escape(result.summary(), limit=None))

st.header(t("Data quality"))
if view.periods is None or view.all_frames["enterprises"].empty:
    st.caption(t("The quality checks appear once half-years and enterprises are imported."))
    st.header(t("Import history"))
    ui.render_table(loading.import_history(ui.engine()), key="import_history")
    ui.render_toolbar(view, data.build_empty_report())
    st.stop()
report = ui.page_report(view).report
st.caption(
    t(
        "KPI reports are expected each half-year after an enterprise's baseline until it "
        "drops out; late means received more than {days} days after the half-year ended. "
        "Outliers are values outside the KPI's plausible range."
    ).format(days=data.LATE_DAYS)
)
trend = report.table("Quality by half-year")
st.vega_lite_chart(
    spec=screen_spec(build_quality_chart(trend)),
    key="quality_chart",
    alt=" ".join(over_time(trend, "Half-year", column, column) for column in QUALITY_SERIES),
)
ui.render_table(trend, key="quality_by_period")
st.markdown(ui.md("**" + t("By partner, {}") + "**", view.periods.labels.get(view.periods.review)))
ui.render_table(report.table("Quality by partner"), key="quality_by_partner")
with st.expander(t("Rows behind the checks")):
    ui.render_table(report.table("Rows behind the checks"), key="quality_rows")

st.header(t("Reviews"))
st.caption(
    t(
        "Publishing a review fixes the data as they are now for its meeting: the review's "
        "link (?review=) and its PDF pack keep showing these figures whatever is imported "
        "later. A published review cannot be changed; the next meeting gets a review of its "
        "own."
    )
)
published = view.published
done = {review.period for review in published}
open_periods = [code for code in view.options.period_codes if code not in done]
if PUBLISHED_KEY in st.session_state:
    st.success(ui.escape(st.session_state.pop(PUBLISHED_KEY), limit=None), icon=":material/check:")
    held = ui.publish_warning(st.session_state.pop(PUBLISHED_REVIEW_KEY))
    if held:  # viewers read an earlier review's figures for it (access/versions.py)
        st.warning(ui.escape(held, limit=None), icon=":material/visibility_off:")
if open_periods:
    with st.form("publish_review", border=True):
        left, right = st.columns(2)
        period = left.selectbox(
            t("Half-year reviewed"),
            open_periods,
            index=len(open_periods) - 1,
            format_func=view.options.periods.__getitem__,  # not a lambda: see ui.detached
        )
        meeting_date = right.date_input(t("Meeting date"), value=date.today(), format=day_pattern())
        if st.form_submit_button(t("Publish the review"), icon=":material/gavel:"):
            try:
                review = reviews.publish(ui.engine(), period, meeting_date, view.identity.label)
            except reviews.ReviewError as exc:
                st.error(ui.escape(str(exc), limit=None))
            else:
                ui.clear_caches()
                st.session_state[PUBLISHED_KEY] = t(
                    "Published: {title} (data version {version})."
                ).format(title=review.title, version=review.data_version)
                st.session_state[PUBLISHED_REVIEW_KEY] = review
                st.rerun()
if published:
    ui.render_table(
        pd.DataFrame(
            {
                "Review of": [review.period for review in published],
                "Meeting on": [ui.fmt_day(review.meeting_date) for review in published],
                "Data version": [review.data_version for review in published],
                "Data of": [ui.fmt_stamp(review.data_as_of) for review in published],
                "Published by": [review.published_by for review in published],
                "Link": [f"?review={review.period}" for review in published],
            }
        ),
        key="published_reviews",
    )

st.header(t("Import history"))
ui.render_table(loading.import_history(ui.engine()), key="import_history")
ui.render_toolbar(view, report)
