"""The Streamlit layer: the only package (with app.py and app_pages/) that imports streamlit.

Pages use: `view = ui.current_view()`, `ui.render_header(...)`, pure computations from
`score_dash.metrics`, charts from `score_dash.charts`, then `ui.render_toolbar(view, report)`.
"""

from score_dash.core.formats import fmt_date, fmt_day, fmt_number, fmt_stamp
from score_dash.ui.context import (
    View,
    cached_compute,
    changes_since_review,
    clear_caches,
    current_view,
    engine,
    ensure_database,
    publication,
    publish_warning,
    view_notes,
    with_last_review,
    with_notes,
    with_review_changes,
)
from score_dash.ui.identity import current_identity, render_account, require_identity
from score_dash.ui.nav import PAGES, build_navigation
from score_dash.ui.page import (
    build_page_workbook,
    grid_columns,
    render_header,
    render_notes,
    render_pack_download,
    render_param_notice,
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
    "cached_compute",
    "changes_since_review",
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
    "md",
    "publication",
    "publish_warning",
    "quote",
    "render_account",
    "render_header",
    "render_notes",
    "render_pack_download",
    "render_param_notice",
    "render_sheet",
    "render_sidebar",
    "render_table",
    "render_toolbar",
    "require_identity",
    "share_link",
    "view_notes",
    "with_last_review",
    "with_notes",
    "with_review_changes",
]
