"""The Streamlit layer: the only package (with app.py and app_pages/) that imports streamlit.

Pages use: `view = ui.current_view()`, `ui.render_header(...)`, the page's report as the
role may see it from `ui.page_report(view, **choices)` (score_dash/pages/assembly.py, the
one assembly the Excel, the command line and the pack also use), its content drawn by
`score_dash.ui.content`, then `ui.render_toolbar(view, report)`.
"""

from score_dash.core.formats import fmt_date, fmt_day, fmt_number, fmt_stamp
from score_dash.ui.context import (
    View,
    clear_caches,
    current_view,
    engine,
    ensure_database,
    page_report,
    publication,
    publish_warning,
    view_notes,
)
from score_dash.ui.identity import current_identity, render_account, require_identity
from score_dash.ui.nav import PAGES, build_navigation
from score_dash.ui.page import (
    build_page_workbook,
    grid_columns,
    link_choice,
    render_header,
    render_notes,
    render_pack_download,
    render_sheet,
    render_table,
    render_toolbar,
    share_link,
)
from score_dash.ui.sidebar import render_sidebar
from score_dash.ui.text import escape, md, quote

__all__ = [
    "PAGES",
    "View",
    "build_navigation",
    "build_page_workbook",
    "clear_caches",
    "current_identity",
    "current_view",
    "engine",
    "ensure_database",
    "escape",
    "fmt_date",
    "fmt_day",
    "fmt_number",
    "fmt_stamp",
    "grid_columns",
    "link_choice",
    "md",
    "page_report",
    "publication",
    "publish_warning",
    "quote",
    "render_account",
    "render_header",
    "render_notes",
    "render_pack_download",
    "render_sheet",
    "render_sidebar",
    "render_table",
    "render_toolbar",
    "require_identity",
    "share_link",
    "view_notes",
]
