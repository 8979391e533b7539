"""Partners & outreach: the three immediate objectives, against their targets.

What the page shows is declared once, in score_dash/pages/partners.py (the pack prints the
same)."""

from score_dash import ui
from score_dash.metrics import logframe, partners
from score_dash.pages import partners as page
from score_dash.ui import content

view = ui.current_view()
review = view.periods.labels[view.periods.review]
ui.render_header(
    view,
    "Partners & outreach",
    f"Do associations, service providers and dissemination deliver? Objectives 1-3, {review}.",
)
scope = logframe.scope_of(view.filters)
report = ui.cached_compute(partners.build_report, view, view.options, scope=scope)
content.render_page(view, page.compose, report)
report = ui.with_notes(view, report)
ui.render_toolbar(view, report)
