"""Meeting mode for the projector, and links between the review pages.

`?meeting=true` (or the "Meeting mode" toggle in the sidebar, bound to that parameter)
gives larger type, a collapsed sidebar on load, the filters as one line at the top and
Previous/Next buttons that step through the review pages in order (score_dash/ui/nav.py),
keeping the filters: they are bound widgets, so their URL parameters survive the switch.
The share link carries `meeting=true` while the mode is on (`ui.page.share_link`).
"""

from __future__ import annotations

import streamlit as st

from score_dash.core.filters import describe
from score_dash.core.i18n import N_, t
from score_dash.pages.registry import PAGES, PAGES_BY_NAME, REVIEW, Page
from score_dash.ui.context import View
from score_dash.ui.text import md

KEY = "meeting"
DEMO_LINE = N_("Illustrative demo data, not programme records.")
TRUE_VALUES = ("true", "1", "yes")

# The Coverage map on a 1920 × 1080 projector (px): the main column's width, and the screen's
# height under the meeting bar (measured in Chromium with the meeting's larger type).
MAP_SIZE_PX = (1700, 850)

# Larger type for a projector: Streamlit sizes text in rem, so the root size scales it.
MEETING_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stMetricValue"] { font-size: 2.4rem; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
[data-testid="stCaptionContainer"] { font-size: 0.95rem; }
/* Room for the verdict above the fold: a smaller title, less space above it (the
   padding must stay taller than Streamlit's fixed header, or it covers the buttons). */
h1 { font-size: 2.1rem !important; }
.stMainBlockContainer { padding-top: 4.2rem; }
/* Coverage's map is drawn for 1920 x 1080 (MAP_SIZE_PX): a smaller screen shows all of it,
   scaled down to the column's width and the screen under the bar (11rem at 1366 x 768). */
.st-key-coverage_map_area [data-testid="stVegaLiteChart"],
.st-key-coverage_map_area [data-testid="stVegaLiteChart"] * { max-width: 100%; }
.st-key-coverage_map_area [data-testid="stVegaLiteChart"] :is(svg, canvas) {
  width: auto !important; height: auto !important; max-height: calc(100vh - 11rem);
}
</style>
"""


def requested() -> bool:
    """Whether the URL asks for meeting mode (read before the widgets exist)."""
    return st.query_params.get(KEY, "").strip().lower() in TRUE_VALUES


def initial_sidebar_state() -> str:
    """For st.set_page_config: collapsed in meeting mode, expanded otherwise.

    The session's toggle counts too: Previous/Next switch pages without the URL parameter
    at the moment the entry script starts, and Streamlit re-applies a changed value.
    """
    return "collapsed" if requested() or is_on() else "expanded"


def is_on() -> bool:
    return bool(st.session_state.get(KEY, False))


def review_pages() -> list[Page]:
    """The pages meeting mode steps through: the review section, in review order."""
    return [spec for spec in PAGES if spec.section == REVIEW]


def neighbours(url_path: str) -> tuple[Page | None, Page | None]:
    """The review pages before and after the page at `url_path`."""
    pages = review_pages()
    paths = [spec.name for spec in pages]
    if url_path not in paths:
        return None, (pages[0] if pages else None)
    index = paths.index(url_path)
    before = pages[index - 1] if index > 0 else None
    after = pages[index + 1] if index + 1 < len(pages) else None
    return before, after


def filters_line(view: View) -> str:
    """The filters as one readable line (defaults such as 'States: all' left out)."""
    return " · ".join(describe(view.filters, view.options, view.periods, brief=True))


def _leave() -> None:
    st.session_state[KEY] = False


def _current_url_path() -> str:
    page = st.session_state.get("_current_page")
    return getattr(page, "url_path", "") or (review_pages()[0].name if review_pages() else "")


def render_toggle() -> bool:
    """The Meeting mode toggle (in the sidebar), bound to `?meeting=true`."""
    with st.sidebar:
        return st.toggle(
            t("Meeting mode (projector)"),
            key=KEY,
            bind="query-params",
            help=t(
                "Larger type, filters in one line at the top, and "
                "Previous/Next buttons through the review pages."
            ),
        )


def render_bar(view: View) -> None:
    """In meeting mode: larger type, the filters line and Previous/Next (call before the
    page runs, so the bar sits at the top of every page)."""
    if not is_on():
        return
    st.html(MEETING_CSS)
    before, after = neighbours(_current_url_path())
    left, middle, right, leave = st.columns([3, 5, 3, 2.2], vertical_alignment="center")
    if before is not None and left.button(
        t("Previous: {page}").format(page=t(before.title)),
        key="meeting_prev",
        icon=":material/arrow_back:",
        width="stretch",
    ):
        st.switch_page(before.file, query_params={})  # None would clear bound params: error
    middle.markdown(md("**{}**", filters_line(view), limit=None))
    if view.is_demo:  # the illustrative-data label, as one line of the bar
        middle.caption(":material/science: " + t(DEMO_LINE))
    if after is not None and right.button(
        t("Next: {page}").format(page=t(after.title)),
        key="meeting_next",
        icon=":material/arrow_forward:",
        width="stretch",
    ):
        st.switch_page(after.file, query_params={})
    leave.button(
        t("Exit meeting"),
        key="meeting_exit",
        on_click=_leave,
        icon=":material/close:",
        width="stretch",
    )


def render_page_link(view: View, page: str, label: str = "") -> None:
    """A link to a review page (by name) that keeps the filters and meeting mode.

    No `query_params`: the filters and `meeting` are bound widgets, whose parameters
    survive the page switch; passing them too would repeat each one in the URL
    (measured in the browser: `state=Haryana&state=Haryana`).
    """
    del view
    spec = PAGES_BY_NAME[page]
    st.page_link(spec.file, label=label or t(spec.title), icon=":material/arrow_forward:")
