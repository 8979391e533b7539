"""Partners & outreach: the three immediate objectives, against their targets.

What the page shows is declared once, in score_dash/pages/partners.py (the pack prints the
same)."""

from score_dash import ui
from score_dash.core.i18n import t
from score_dash.metrics import logframe
from score_dash.pages import partners as page
from score_dash.ui import content

view = ui.current_view()
review = view.periods.labels[view.periods.review]
ui.render_header(
    view,
    t("Partners & outreach"),
    t(
        "Do associations, service providers and dissemination deliver? Objectives 1-3, {period}."
    ).format(period=review),
)
scope = logframe.scope_of(view.filters)
assembled = ui.page_report(view)
content.render_page(view, page.compose, assembled.shown)
report = assembled.report
ui.render_toolbar(view, report)
