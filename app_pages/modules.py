"""Modules: how far enterprises get through each training module (completion funnels).

What the page shows is declared once, in score_dash/pages/modules.py (the pack prints the
same)."""

from score_dash import ui
from score_dash.core.i18n import t
from score_dash.pages import modules as page
from score_dash.ui import content

view = ui.current_view()
as_at = view.periods.labels[view.periods.review]
ui.render_header(
    view,
    t("Modules"),
    t("How far do enterprises get through each module? State as at the end of {period}.").format(
        period=as_at
    ),
)
assembled = ui.page_report(view)
content.render_page(view, page.compose, assembled.shown)
report = assembled.report
ui.render_toolbar(view, report)
