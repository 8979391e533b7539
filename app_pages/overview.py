"""Overview: where the programme stands in the review half-year."""

import streamlit as st

from score_dash import metrics, ui
from score_dash.metrics import overview

view = ui.current_view()
ui.render_header(view, "Overview", "Where are we this half-year?")

report = overview.build_report(view.frames, view.periods, view.options)
table = metrics.compute_headline_table(view.frames, view.periods).set_index("code")
review_col = view.periods.labels[view.periods.review]
compare_label = view.periods.labels.get(view.periods.compare or "", "")

codes = metrics.HEADLINE_CODES
for row in (codes[i:i + 4] for i in range(0, len(codes), 4)):
    for column, code in zip(st.columns(4), row, strict=False):
        figure = table.loc[code]
        change = figure["Change"]
        column.metric(
            figure["Figure"],
            ui.fmt_number(figure[review_col], figure["Unit"]),
            delta=None if change != change else ui.fmt_number(change, figure["Unit"]),
            delta_description=f"since {compare_label}" if compare_label else None,
            help=ui.definition_help(code),
            border=True,
        )

st.subheader("Headline figures")
st.dataframe(report.table("Headline figures"), hide_index=True, key="overview_table")
ui.render_toolbar(view, report)
