"""Shared page furniture: header with demo label and notices, share link, Excel download.

A page calls `render_header(...)` first and `render_download(...)` last; the download
button is drawn in the header's toolbar (a placeholder filled at the end), so the one-click
Excel sits at the top of every page next to "Share this view".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import streamlit as st

from score_dash import export
from score_dash.dictionary import DEMO_NOTE, INDICATORS_BY_CODE
from score_dash.filters import describe, to_query_string
from score_dash.ui.context import View
from score_dash.ui.sidebar import notices

TOOLBAR_KEY = "_download_slot"
EXTRA_PARAMS_KEY = "_extra_share_params"
DOWNLOADS_KEY = "_downloads"


def page_url_path() -> str:
    """The current page's URL path ('' for the default page)."""
    page = st.session_state.get("_current_page")
    return getattr(page, "url_path", "") if page is not None else ""


def share_link(view: View) -> str:
    """The full URL of this page with every filter, as the browser would open it."""
    base = st.context.url
    if not base:
        root = view.config.base_url or "http://127.0.0.1:8501"
        path = page_url_path()
        base = f"{root}/{path}" if path else f"{root}/"
    extra = st.session_state.get(EXTRA_PARAMS_KEY, {})
    query = to_query_string(view.filters, view.options, extra)
    return f"{base}?{query}" if query else base


def render_header(view: View, title: str, question: str) -> None:
    """Title, the question the page answers, demo label, notices, share and download."""
    st.title(title)
    st.caption(question)
    if view.is_demo:
        st.warning(DEMO_NOTE, icon=":material/science:")
    for_notice = notices()
    if for_notice:
        st.info("Ignored in the link: " + "; ".join(for_notice) + ".",
                icon=":material/link_off:")
    share_col, download_col, _ = st.columns([1, 1, 3], vertical_alignment="center")
    with share_col, st.popover("Share this view", icon=":material/share:",
                               width="stretch"):
        link = share_link(view)
        st.caption("Copy this link (button at the right of the box) and send it: it opens "
                   "this page with the same period and filters.")
        st.code(link, language=None, wrap_lines=True)
        st.markdown(f"[Open this link]({link})")
    st.session_state[TOOLBAR_KEY] = download_col.empty()


def render_download(view: View, page: str, title: str, sheets: Sequence[export.Sheet],
                    indicators: Sequence[str] = (), notes: Sequence[str] = ()) -> bytes:
    """The one-click Excel of the page (downloaded without a rerun).

    The bytes are kept per page, data version and filter state, so reruns that change
    nothing on the page do not rebuild the workbook.
    """
    cache: dict[tuple[str, ...], bytes] = st.session_state.setdefault(DOWNLOADS_KEY, {})
    key = (page, view.data_version, share_link(view))
    data = cache.get(key)
    if data is None:
        data = build_page_workbook(view, page, title, sheets, indicators, notes)
        cache.clear()  # keep one workbook per session: they can be large
        cache[key] = data
    slot = st.session_state.get(TOOLBAR_KEY) or st.container()
    slot.download_button(
        "Download Excel", data=data, file_name=f"score-{page}-{view.periods.review}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:", on_click="ignore", key=f"download_{page}",
        width="stretch")
    return data


def build_page_workbook(view: View, page: str, title: str, sheets: Sequence[export.Sheet],
                        indicators: Sequence[str] = (), notes: Sequence[str] = ()) -> bytes:
    about = export.About(
        title=title,
        page=page,
        generated_at=datetime.now(UTC).replace(tzinfo=None),
        data_as_of=view.data_as_of,
        filters=describe(view.filters, view.options, view.periods),
        share_link=share_link(view),
        indicators=list(indicators),
        demo=view.is_demo,
        notes=list(notes),
    )
    return export.build_workbook(about, sheets)


def definition_help(code: str) -> str:
    """Tooltip text for a figure: its definition (the Definitions page has all of them)."""
    indicator = INDICATORS_BY_CODE.get(code)
    if indicator is None:
        return ""
    return f"{indicator.definition} Formula: {indicator.formula}."


def fmt_number(value: float, unit: str = "") -> str:
    """A figure as the screen shows it: thousands separators, '—' when unknown."""
    if value is None or value != value:  # NaN
        return "—"
    if unit == "%":
        return f"{value:.1f} %"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"
