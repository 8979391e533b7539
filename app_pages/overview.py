"""Overview: where the programme stands in the review half-year."""

import streamlit as st

from score_dash import export, metrics, ui

view = ui.current_view()
ui.render_header(view, "Overview", "Where are we this half-year?")

table = metrics.compute_headline_table(view.frames, view.periods)
review_col = view.periods.labels[view.periods.review]
compare_label = view.periods.labels.get(view.periods.compare or "", "")

cards = table.set_index("code")
rows = [metrics.HEADLINE_CODES[i:i + 4] for i in range(0, len(metrics.HEADLINE_CODES), 4)]
for codes in rows:
    for column, code in zip(st.columns(4), codes, strict=False):
        figure = cards.loc[code]
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
shown = table.drop(columns=["code"])
st.dataframe(shown, hide_index=True, key="overview_table")

ui.render_download(
    view, "overview", "Overview: headline figures",
    [export.Sheet("Headline figures", shown)],
    indicators=metrics.HEADLINE_CODES,
)
