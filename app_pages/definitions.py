"""Definitions: what every number means, and where the data come from."""

import streamlit as st

from score_dash import dictionary, export, ui

view = ui.current_view()
ui.render_header(view, "Definitions", "What does this number mean?")

query = st.text_input("Search definitions", key="definitions_search",
                      placeholder="e.g. women, completion, defect")
indicators = dictionary.search(dictionary.indicator_frame(), query)
columns = dictionary.search(dictionary.column_frame(), query)
provenance = dictionary.provenance_frame()

st.subheader(f"Indicators ({len(indicators)})")
st.dataframe(indicators, hide_index=True, key="definitions_indicators")
st.subheader(f"Data columns ({len(columns)})")
st.dataframe(columns, hide_index=True, key="definitions_columns")
st.subheader("Data provenance and licences")
st.dataframe(provenance, hide_index=True, key="definitions_provenance")

ui.render_download(
    view, "definitions", "Definitions",
    [export.Sheet("Indicators", indicators), export.Sheet("Columns", columns),
     export.Sheet("Provenance", provenance)],
)
