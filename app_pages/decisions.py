"""Decisions & actions: what did the review meetings decide, and was it done?"""

from score_dash import ui

view = ui.current_view()
ui.render_header(view, "Decisions & actions", "What did the meetings decide, and was it done?")
