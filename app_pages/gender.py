"""Gender & jobs: who works in the enterprises, and who takes part, by sex.

What the page shows is declared once, in score_dash/pages/gender.py (the pack prints the
same)."""

from score_dash import ui
from score_dash.metrics import gender
from score_dash.pages import gender as page
from score_dash.ui import content

view = ui.current_view()
review = view.periods.labels[view.periods.review]
ui.render_header(
    view, "Gender & jobs", f"Who works there, and who takes part? Women and men, {review}."
)
report = ui.cached_compute(gender.build_report, view, view.options, small_n=view.config.small_n)
content.render_page(view, page.compose, report)
report = ui.with_notes(view, report)
ui.render_toolbar(view, report)
