"""Gender & jobs: who works in the enterprises, and who takes part, by sex.

What the page shows is declared once, in score_dash/pages/gender.py (the pack prints the
same)."""

from score_dash import ui
from score_dash.core.i18n import t
from score_dash.pages import gender as page
from score_dash.ui import content

view = ui.current_view()
review = view.periods.labels[view.periods.review]
ui.render_header(
    view,
    t("Gender & jobs"),
    t("Who works there, and who takes part? Women and men, {period}.").format(period=review),
)
assembled = ui.page_report(view)
content.render_page(view, page.compose, assembled.shown)
report = assembled.report
ui.render_toolbar(view, report)
