"""Shared page furniture: header with demo label and notices, share link, Excel download.

A page calls `render_header(...)` first and `render_download(...)` last; the download
button is drawn in the header's toolbar (a placeholder filled at the end), so the one-click
Excel sits at the top of every page next to "Share this view".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote as quote_url

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.lib import pandas_styler_utils
from streamlit.runtime.state.session_state_proxy import get_session_state

from score_dash.access import policy, versions
from score_dash.core.dictionary import DEMO_NOTE
from score_dash.core.filters import Filters, Notice, resolve_periods, to_query_string
from score_dash.core.formats import (
    cell_text,
    conventions,
    day_pattern,
    fmt_count,
    fmt_date,
    fmt_stamp,
)
from score_dash.core.i18n import DEFAULT, LANGUAGES, in_language, t, word, words
from score_dash.core.i18n import current as page_language
from score_dash.core.reports import PageReport
from score_dash.meetings import minutes
from score_dash.meetings.reviews import Review
from score_dash.metrics.definitions import kpi_term
from score_dash.pack import model, render
from score_dash.pages import assembly
from score_dash.ui import decisions, language, meeting, text
from score_dash.ui.context import STALE, View, detached
from score_dash.ui.identity import LOCAL_VIEWER_BANNER
from score_dash.ui.sidebar import notices

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    # What `st.column_config.TextColumn(...)` and its kin return (not exported by streamlit).
    from streamlit.elements.lib.column_types import ColumnConfig

TOOLBAR_KEY = "_download_slot"
EXTRA_PARAMS_KEY = "_extra_share_params"
DOWNLOADS_KEY = "_downloads"
BUILDERS_KEY = "_download_builders"  # page -> the workbook its Download Excel would serve
DEFINITIONS_FILE = "app_pages/definitions.py"
DEFINITIONS_PATH = "definitions"


def page_url_path() -> str:
    """The current page's URL path ('' for the default page)."""
    page = st.session_state.get("_current_page")
    return getattr(page, "url_path", "") if page is not None else ""


def share_link(view: View, review: str | None = "") -> str:
    """The full URL of this page with every filter, as the browser would open it.

    `review`: "" keeps the view's review (if it shows one), None gives the live figures,
    a half-year code gives the figures as presented at that review."""
    base = st.context.url
    if not base:
        root = view.config.base_url or "http://127.0.0.1:8501"
        path = page_url_path()
        base = f"{root}/{path}" if path else f"{root}/"
    base = base.split("?", 1)[0]
    extra = dict(st.session_state.get(EXTRA_PARAMS_KEY, {}))
    if meeting.is_on():
        extra["meeting"] = ["true"]
    extra.update(language.share_params())  # ?lang=hi, like the filters
    filters = view.filters
    shown = view.review.period if view.review else None
    period = shown if review == "" else review
    if period:
        extra["review"] = [period]
    elif shown and filters.period is None and view.periods:
        # The live figures of the half-year the review showed, not the latest.
        filters = replace(filters, period=view.periods.review)
    query = to_query_string(filters, view.options, extra)
    return f"{base}?{query}" if query else base


def review_banner(review: Review) -> str:
    """The line every page shows when it shows a published review's data."""
    return t(
        "As presented at the review of {period} (data of {data}), meeting on {meeting}. "
        "Later imports are not shown."
    ).format(
        period=text.escape(review.period),
        data=text.escape(fmt_stamp(review.data_as_of)),
        meeting=fmt_date(review.meeting_date),
    )


# A card's label wraps onto a second line rather than ending in "…" (Streamlit cuts it to
# one line); the full wording is what the chair reads out, and so is a button's ("Share this
# v…" at 1366 px): it wraps. Captions (a page's question, the notes under charts) in a grey
# that reads: Streamlit's (its text colour at 60 % opacity) is 4.0:1 on white and 3.7:1 on
# the sidebar, under WCAG AA's 4.5:1; #5B6269 is 6.2:1 and 5.6:1. A chosen option of a
# segmented control or pills is written in the primary colour on its tint (#0072B2 on
# #DAE7F0, 4.1:1): #00609A is 5.3:1. A page link (the sidebar's pages, "What do these numbers
# mean?") shows the keyboard's focus by an outline in the primary colour: Streamlit marks it
# only by the tint it gives a link under the mouse (#F3F5F7 on white, 1.1:1).
PAGE_CSS = """
<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important;
}
button [data-testid="stMarkdownContainer"], button [data-testid="stMarkdownContainer"] *,
[data-testid="stPageLink"] a * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stCaptionContainer"] { color: #5B6269 !important; opacity: 1 !important; }
button[data-variant="segmented_control"][data-selected="true"],
button[data-variant="pills"][data-selected="true"] { color: #00609A !important; }
[data-testid="stSidebarNav"] a:focus-visible, [data-testid="stPageLink"] a:focus-visible {
  outline: 2px solid #0072B2 !important; outline-offset: 1px;
}
</style>
"""


def render_header(view: View, title: str, question: str) -> None:
    """Title, the question the page answers, demo label, notices, share and download."""
    st.html(PAGE_CSS)
    st.title(text.escape(title, limit=None))
    st.caption(text.escape(question, limit=None))
    if view.stale:
        st.warning(t(STALE), icon=":material/cloud_off:")
    if view.identity.how == "local" and not policy.can_see_enterprises(view.role):
        st.info(t(LOCAL_VIEWER_BANNER), icon=":material/lock_open:")
    if view.held_back is not None:
        shown = view.review.title if view.review is not None else None
        held = versions.held_back_text(view.held_back.title, view.config.min_cell, shown)
        st.info(text.escape(held, limit=None), icon=":material/history:")
    if view.review is not None:
        current = quote_url(share_link(view, review=None), safe=text.URL_SAFE)
        st.info(
            review_banner(view.review) + " [" + t("Show the current figures") + f"]({current})",
            icon=":material/history:",
        )
    decisions.render_confirmation()
    projector = meeting.is_on()  # the demo label is one line of the meeting bar
    if view.is_demo and not projector:
        st.warning(t(DEMO_NOTE), icon=":material/science:")
    for_notice = [*language.notices(), *notices(), *view.notices]
    if for_notice:
        st.info(
            t("Ignored in the link: ") + "; ".join(map(notice_text, for_notice)) + ".",
            icon=":material/link_off:",
        )
    if projector:  # on the projector the staff controls fold into one menu
        menu_col, record_col, _ = st.columns([1, 1, 3])
        menu: DeltaGenerator = menu_col.popover(
            t("Share, Excel, definitions"), icon=":material/more_horiz:", width="stretch"
        )
        share_col, download_col, extra_col, help_col = (menu, menu, menu, menu)
    else:
        share_col, download_col, extra_col, record_col, help_col = st.columns(
            [1, 1, 1, 1.25, 1.5], vertical_alignment="center"
        )
    # Filled by render_toolbar at the end of the page, once the page's own widgets
    # (a KPI selector, a search box) have values that the share link must carry; the third
    # slot holds a page's own download (the Overview's meeting pack), the fourth "Record a
    # decision" (score_dash/ui/decisions.py), which files the view's link with it.
    st.session_state[TOOLBAR_KEY] = (
        share_col.empty(),
        download_col.empty(),
        extra_col.empty(),
        record_col.empty(),
    )
    if page_url_path() != DEFINITIONS_PATH:
        # The filters are bound widgets: they go along without query_params here.
        help_col.page_link(
            DEFINITIONS_FILE, label=t("What do these numbers mean?"), icon=":material/menu_book:"
        )


def notice_text(notice: Notice) -> str:
    """A dropped URL value in words, the value itself quoted as inert code text."""
    if notice.value is None:
        value = ""
    elif notice.quoted:
        value = " " + text.quote(notice.value)
    else:
        value = " " + text.escape(notice.value, text.NOTICE_LIMIT)
    return (
        text.escape(notice.what) + value + (f" ({text.escape(notice.why)})" if notice.why else "")
    )


def render_share(view: View, slot: DeltaGenerator | None = None) -> str:
    """The "Share this view" control: the link as text, with a copy button."""
    link = share_link(view)
    container = slot if slot is not None else st.container()
    if meeting.is_on():  # already in the meeting menu (no popover in one)
        box = container.container()
    else:
        box = container.popover(t("Share this view"), icon=":material/share:", width="stretch")
    with box:
        st.caption(
            t(
                "Copy this link (button at the right of the box) and send it: it opens "
                "this page with the same period and filters."
            )
        )
        st.code(link, language=None, wrap_lines=True)
        # Percent-encode anything a Markdown link target could end on (parentheses, spaces).
        opener = t("Open this link")
        st.markdown(f"[{opener}]({quote_url(link, safe=text.URL_SAFE)})")
        other = view.latest_review if view.review is None else None
        if view.review is not None:
            live = share_link(view, review=None)
            st.caption(t("The same view with the current figures (later imports included):"))
            st.code(live, language=None, wrap_lines=True)
        elif other is not None:
            frozen = share_link(view, review=other.period)
            st.caption(
                text.escape(
                    t("The same view as presented at the latest review ({review}):").format(
                        review=other.title
                    )
                )
            )
            st.code(frozen, language=None, wrap_lines=True)
    return link


def _notes_key(report: PageReport) -> str:
    """The notes in a page's report: they change without a new data version, so the kept
    workbook is rebuilt when they do."""
    notes = [sheet.frame for sheet in report.sheets if sheet.title == minutes.NOTES]
    if not notes:
        return ""
    return str(int(pd.util.hash_pandas_object(notes[0], index=False).sum()))


def render_toolbar(
    view: View, report: PageReport, page_params: dict[str, list[str]] | None = None
) -> None:
    """Share link and one-click Excel of the page's report, in the header's toolbar.

    `page_params` are the page's own URL parameters (e.g. `{"kpi": ["Defect rate"]}`,
    label values as the bound widget writes them, defaults left out), so that the link
    reproduces them too. The Excel is downloaded without a rerun.

    The workbook is built when the button is clicked, not on every run: building it on each
    page switch was most of a switch's server time at scale (the benchmark: 13.6 of 14.6 s
    for Results at 50,000 enterprises). The bytes are kept per page, data version, view and
    role, so a second click on the same view does not rebuild them.
    """
    st.session_state[EXTRA_PARAMS_KEY] = dict(page_params or {})
    cache: dict[tuple[str, ...], bytes] = st.session_state.setdefault(DOWNLOADS_KEY, {})
    link = share_link(view)
    key = (report.page, view.data_version, link, str(view.role), _notes_key(report))
    kept = detached(view)  # the session keeps `build`: not the filtered frames with it

    shown_in = page_language()  # the language of this page (in_language)

    def build() -> bytes:  # runs on click, outside the script run: everything is captured
        data = cache.get(key)
        if data is None:
            # In the page's language: the click's thread starts in English (in_language).
            data = in_language(shown_in, build_page_workbook, kept, report, link)
            cache.clear()  # keep one workbook per session: they can be large
            cache[key] = data
        return data

    st.session_state[BUILDERS_KEY] = {report.page: build}
    share_slot, download_slot, _, record_slot = st.session_state.get(TOOLBAR_KEY) or (
        None,
        st.container(),
        None,
        st.container(),
    )
    render_share(view, share_slot)
    decisions.render_record_control(view, record_slot, link, report.page)
    download_slot.download_button(
        t("Download Excel"),
        data=build,
        file_name=f"score-{report.page}-{view.periods.review if view.periods else 'no-data'}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
        key=f"download_{report.page}",
        width="stretch",
    )


def build_page_workbook(view: View, report: PageReport, link: str | None = None) -> bytes:
    """The page's Excel (`assembly.workbook`) of its report as `ui.page_report` assembled
    it; `link`: the view's share link (given when built outside the script run)."""
    assert view.selection is not None, "a page's Excel needs the view's selection"
    return assembly.workbook(report, view.selection, link if link is not None else share_link(view))


def render_pack_download(view: View) -> None:
    """The meeting's PDF pack (every Review page of the whole programme for the review
    half-year), in the toolbar, for staff only; built when clicked, as the user may see it.
    Opened as at a published review (`?review=`), the pack is that review's: its data
    version, half-year and meeting date."""
    if view.periods is None or not policy.can_see_enterprises(view.role):
        return
    slot = (st.session_state.get(TOOLBAR_KEY) or (None, None, None, None))[2] or st.container()
    period, link = view.review_period, pack_link(view)  # st.context is read here, not below
    label = view.options.periods.get(period, period)
    what = (
        t(
            "the review of {period} as presented at its meeting (data version "
            "{version}, whatever was imported since)"
        ).format(period=label, version=view.review.data_version)
        if view.review
        else t("{period}, whole programme, on the current data").format(period=label)
    )
    slot.download_button(
        t("Meeting pack (PDF)"),
        # In the page's language: the click's thread starts in English (in_language).
        data=partial(in_language, page_language(), build_meeting_pack, detached(view), link),
        file_name=f"score-meeting-pack-{period}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        key="download_pack",
        width="stretch",
        help=t(
            "Every review page for {what}, as a PDF for the meeting (filters other than "
            "the half-year are not applied). Takes a few seconds."
        ).format(what=what),
    )


def pack_link(view: View) -> str:
    """The pack's share link: the Overview as at the published review (`?review=`), or of
    the review half-year on the current data, whole programme. The button sits on the
    Overview, the root page, so this page's address is the base."""
    assert view.periods is not None
    base = (st.context.url or view.config.base_url or "http://127.0.0.1:8501").split("?", 1)[0]
    if view.review:
        return model.review_link(base, view.review.period, view.options)
    return model.overview_link(base, view.periods, view.options)


def build_meeting_pack(view: View, link: str) -> bytes:
    """The pack's PDF (runs on the download's own thread: no Streamlit call in here).
    The view's unfiltered frames are the review's data version when it shows a review; the
    view's records (already cut down for the role) give the Decisions & actions section."""
    periods = resolve_periods(
        Filters(period=view.review_period), view.options, view.all_frames["periods"]
    )
    review = view.review
    meta = model.PackMeta(
        title=model.DEFAULT_TITLE,
        period_label=periods.labels[periods.review],
        data_version=view.data_version,
        data_date=model.date_of(view.data_as_of),
        share_link=link,
        meeting_date=view.meeting_date(periods.review),  # a published review's, if any
        demo=view.is_demo,
        published=review.published_at if review else None,
    )
    return render.build_pack(
        view.all_frames,
        periods,
        view.options,
        meta=meta,
        role=view.role,
        min_cell=view.config.min_cell,
        small_n=view.config.small_n,
        records=view.records,
        dominance_p=view.config.dominance_p,
    )


ALL = "All"  # the first option of a choice that narrows a list, in English in the link


def all_or_as_recorded(option: str) -> str:
    """A choice's label: "All" in the run's language, a value of the data as recorded."""
    return t(ALL) if option == ALL else option


def kpi_shown(names: Mapping[str, str], code: str) -> str:
    """The KPI choice's label: the KPI's name (`names`: code -> name) in the run's language."""
    return kpi_term(names.get(code, code))


def status_word(option: str) -> str:
    """A status choice's label ("All", "In progress") in the run's language."""
    return word(option.capitalize())


def link_choice(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[str],
    shown: Callable[[str], str],
    *,
    key: str,
    what: str,
    fallback: str,
    **more: Any,
) -> str:
    """A page's own choice bound to the link: `widget` (`st.radio`, `st.selectbox`) with
    `label` and `options`, each shown by `shown` in the run's language, bound to `key` in the
    URL (`more`: the widget's other arguments); its value. `what` and `fallback` name the
    choice and its default in the notice of a label no language knows.

    Streamlit writes the label the widget shows to the URL and reads a link's label back, in
    the language of the run that reads it. So that a link made in English opens in Hindi, and
    the other way round, a label of another language of the dashboard is taken for its option
    and replaced by the page's own. A label no language knows is dropped with a notice
    (Streamlit drops it without telling anyone). A switch of language keeps the option
    (`language.relabel`).
    """
    language.relabel(key)
    here = page_language()
    labels = {lang: {in_language(lang, shown, o): o for o in options} for lang in LANGUAGES}
    in_link = st.query_params.get_all(key)
    asked = in_link[-1] if in_link else None
    known = [lang[asked] for lang in labels.values() if asked in lang]
    if asked is not None and asked not in labels[here]:
        if known:  # a label of another language: the page's own, in the address bar too
            _relabel_link(key, in_language(here, shown, known[0]))
        else:
            st.info(
                t("Ignored in the link: ")
                + t("{what} {value} is not known; showing {fallback}.").format(
                    what=text.escape(t(what)),
                    value=text.quote(asked),
                    fallback=text.escape(t(fallback)),
                ),
                icon=":material/link_off:",
            )
    return str(widget(label, options, format_func=shown, key=key, bind="query-params", **more))


def _relabel_link(key: str, label: str) -> None:
    """The link's `key` reads `label` instead, before its widget is created: the widget is
    seeded with it, and the address bar shows it. Streamlit 1.67's own query parameters
    (`QueryParams`): a bound parameter cannot be set through `st.query_params`, and a label
    the widget does not show is dropped from the URL (tests/app/test_language.py)."""
    with get_session_state().query_params() as params:
        if params.get_initial_value(key) is not None:
            params._initial_query_params[key] = [label]
        params.set_corrected_value(key, label, "string_value")


def grid_columns(count: int, per_row: int = 4) -> list:
    """`count` columns for metric cards, in balanced rows of at most `per_row` (3 in meeting
    mode): from 1280 pixels wide up, no card cuts its figure (checked in the browser)."""
    if meeting.is_on():
        per_row = min(per_row, 3)
    rows = -(-count // per_row) if count else 0
    width = -(-count // rows) if rows else 0
    columns: list = []
    while len(columns) < count:
        columns.extend(st.columns(min(width, count - len(columns))))
    return columns


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as the screen shows it: a missing value is "—", as on the cards.

    Streamlit draws a missing cell as "None". A column that holds a missing value is shown
    as text instead: numbers with grouped digits and at most four decimals (one for a "(%)"
    column), dates as 14-02-2018 (`fmt_day`). Columns without missing values keep their type,
    so they sort as numbers (`grouped_digits` and `date_columns` set how they read). The
    Excel download keeps the numbers and leaves such cells empty.

    A categorical column keeps only the categories its rows use: the browser is sent every
    category, and the first rows of a table over 50,000 enterprises carried all 50,000
    names (840 kB for 1,000 rows of the Results page's changes).
    """
    shown = frame.copy(deep=False)
    # Column by column only where there is something to change: taking a column out of a
    # frame costs pandas more than the checks (the types and the missing values are read
    # for all columns at once); a cached rerun redraws every table of the page.
    translate = page_language() != DEFAULT
    missing_in = frame.isna().any()
    for column, dtype in frame.dtypes.items():
        categorical = isinstance(dtype, pd.CategoricalDtype)
        text = translate and not pd.api.types.is_numeric_dtype(dtype)
        if not (categorical or text or missing_in[column]):
            continue
        values = shown[column]
        if categorical:
            values = shown[column] = values.cat.remove_unused_categories()
        if text:
            values = shown[column] = pd.Series(words(values), index=values.index)
        if values.isna().any():
            shown[column] = _column_texts(values, column)
    return shown


def _column_texts(values: pd.Series, column: object) -> list[str]:
    """A column's cells as the screen writes them (`cell_text`: grouped digits, one decimal
    in a "(%)" column, "—" for a missing value)."""
    percent = "(%)" in str(column)
    return [cell_text(value, percent) for value in values.tolist()]


SCREEN_ROWS = 1000  # a longer table shows its first rows; the Excel has every row


def screen_settings() -> str:
    """What a kept chart or table drawn on screen depends on besides its view: how the
    deployment writes numbers and dates, and how many rows a table shows."""
    return f"{conventions()!r}|{SCREEN_ROWS}"


class ScreenTable(NamedTuple):
    """A table as `render_table` hands it to Streamlit: made once (`screen_table`), it can be
    drawn again on every rerun without preparing it again (`ui.content` keeps a page's)."""

    rows: int  # the table's own rows: a longer one than SCREEN_ROWS shows its first ones
    data: pd.DataFrame | Styler  # `display_frame` with its digits grouped (`grouped_digits`)
    config: dict[str, ColumnConfig] | None


def screen_table(
    frame: pd.DataFrame, column_config: Mapping[str, ColumnConfig] | None = None
) -> ScreenTable:
    """`frame` as the screen shows it (`render_table`), in the run's language."""
    rows = len(frame)
    if rows > SCREEN_ROWS:
        frame = frame.head(SCREEN_ROWS)
    headers = screen_headers(frame.columns)
    shown = display_frame(frame).rename(columns=headers)
    config = {headers.get(name, name): value for name, value in (column_config or {}).items()}
    config = {**date_columns(shown), **config}
    return ScreenTable(rows, grouped_digits(shown), config or None)


def draw_table(table: ScreenTable, key: str) -> None:
    """A table made by `screen_table`, on the screen."""
    if table.rows > SCREEN_ROWS:
        st.caption(
            t("The first {shown} of {rows} rows; Download Excel has them all.").format(
                shown=fmt_count(SCREEN_ROWS), rows=fmt_count(table.rows)
            )
        )
    st.dataframe(table.data, hide_index=True, key=key, column_config=table.config)


def render_table(
    frame: pd.DataFrame, key: str, column_config: Mapping[str, ColumnConfig] | None = None
) -> None:
    """A table on the screen (missing values as "—"; see `display_frame`). A table of more
    than SCREEN_ROWS rows (one per enterprise, at scale) shows its first rows and says so:
    sending tens of thousands of rows to the browser is what made pages slow at 50,000
    enterprises, and nobody reads them on screen."""
    draw_table(screen_table(frame, column_config), key)


GROUPED_FROM = 1000  # a number below it reads the same with its digits grouped or not


def grouped_digits(frame: pd.DataFrame) -> pd.DataFrame | Styler:
    """The table with its numbers written as this deployment groups digits (12,34,567 or
    1,234,567, `cell_text`): the grid itself writes 1234567 whatever the setting, and its
    "localized" format follows the reader's browser, not the deployment.

    The numbers stay numbers, so a column still sorts by value; only their display text is
    set, through a pandas Styler that Streamlit reads (`_texts_only`). A table with no number
    of a thousand or more is returned as it is: it has nothing to group (nor is a table with
    two columns of one name, which the screen's headers avoid: `screen_headers`)."""
    numeric = [
        column
        for column, dtype in frame.dtypes.items()
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
    ]
    if not frame.columns.is_unique or not any(
        np.abs(frame[column].to_numpy()).max(initial=0) >= GROUPED_FROM for column in numeric
    ):
        return frame
    shown = frame.reset_index(drop=True)
    texts: dict[int, object] = {}  # each column's texts (Streamlit's own: `astype(str)`)
    for at, (column, dtype) in enumerate(shown.dtypes.items()):
        values = shown.iloc[:, at]
        if column in numeric:
            texts[at] = _column_texts(values, column)
        else:
            texts[at] = values if isinstance(dtype, pd.StringDtype) else values.astype(str)
    return _texts_only(shown.style, pd.DataFrame(texts).set_axis(shown.columns, axis=1))


# What a Styler's `_translate` hands Streamlit in place of its cells: the table's texts.
_TEXTS = "score_dash_texts"


def _texts_only(styler: Styler, texts: pd.DataFrame) -> Styler:
    """A Styler that gives Streamlit the table's texts as a frame, made by `grouped_digits`.

    Streamlit 1.67 reads a Styler through two of its methods, `_compute` (apply the styles)
    and `_translate` (every cell's text, classes and CSS), then writes the texts into a copy
    of the table cell by cell (`pandas_styler_utils._use_display_values`). That cost 10-20 ms
    a table on every rerun (55 ms of Gender's 130 ms cached rerun, with four such tables).
    This Styler has no styles to apply and hands over the texts at once; `_use_texts` below
    passes them on. A test reads the texts the page sends (tests/app/test_number_grouping)."""
    styler._compute = lambda: styler
    styler._translate = lambda *args, **kwargs: {_TEXTS: texts}
    return styler


_streamlits_texts = pandas_styler_utils._use_display_values


def _use_texts(df: pd.DataFrame, styles: Mapping[str, Any]) -> pd.DataFrame:
    """Streamlit's `_use_display_values`, given the texts of a `_texts_only` Styler."""
    texts = styles.get(_TEXTS)
    return texts if isinstance(texts, pd.DataFrame) else _streamlits_texts(df, styles)


pandas_styler_utils._use_display_values = _use_texts


def date_columns(frame: pd.DataFrame) -> dict[str, ColumnConfig]:
    """How the table's columns of dates read: 14-02-2018 (2018-02-14 with the "iso" date
    setting), as `fmt_day` writes them in text; a column of date-times adds the time. The
    grid's own format is the ISO one."""
    day = day_pattern()
    config: dict[str, ColumnConfig] = {}
    for column, dtype in frame.dtypes.items():
        if pd.api.types.is_datetime64_any_dtype(dtype):
            config[column] = st.column_config.DatetimeColumn(format=f"{day} HH:mm")
        elif dtype == np.dtype(object):
            known = frame[column].dropna()
            if len(known) and all(type(value) is date for value in known.head(50)):
                config[column] = st.column_config.DateColumn(format=day)
    return config


def screen_headers(columns: Iterable[object]) -> dict[str, str]:
    """A table's headers as the screen writes them: each one the catalog has, in the run's
    language (the frame, the Excel's reading of it and the code keep the English). A header
    that is data (a half-year, a module's name) is not in the catalog and stays as it is; two
    headers that would read the same keep their English, so no column is lost."""
    names = [column for column in columns if isinstance(column, str)]
    shown = {name: t(name) for name in names}
    counts = Counter(shown.values())
    return {name: word for name, word in shown.items() if counts[word] == 1 and word != name}


def render_notes(notes: pd.DataFrame, key: str) -> None:
    """The notes drawn on the chart above (`records.notes_table`), as a small table; nothing
    when there are none."""
    if notes.empty:
        return
    st.caption(t("Notes on this chart"))
    render_table(notes, key=key)


def render_sheet(
    report: PageReport, title: str, key: str, prepared: ScreenTable | None = None
) -> bool:
    """A report's table on the screen, or why it is withheld (one row per enterprise, for
    a viewer); whether it was shown. `prepared`: the table as `screen_table` made it from
    this sheet, kept from an earlier run."""
    sheet = report.sheet(title)
    if sheet.withheld:
        st.info(text.escape(sheet.withheld, limit=None), icon=":material/lock:")
        return False
    draw_table(prepared or screen_table(sheet.frame), key=key)
    return True
