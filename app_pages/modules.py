"""Modules: how far enterprises get through each training module (completion funnels).

What the page shows is declared once, in score_dash/pages/modules.py (the pack prints the
same)."""

from score_dash import ui
from score_dash.metrics import modules
from score_dash.pages import modules as page
from score_dash.ui import content

view = ui.current_view()
as_at = view.periods.labels[view.periods.review]
ui.render_header(
    view,
    "Modules",
    f"How far do enterprises get through each module? State as at the end of {as_at}.",
)
report = ui.cached_compute(modules.build_report, view, view.options, small_n=view.config.small_n)
content.render_page(view, page.compose, report)
ui.render_toolbar(view, report)
