"""A page's own charts (those outside its composed content, such as Coverage's map and tile
grid) kept as Vega-Lite specs: built, coloured for the screen and converted once per key,
then drawn again on a rerun without Altair building or validating them (Coverage's vector
map cost 0.3-0.8 s of server CPU on every run: its label placement and its conversion)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from score_dash.pages import content as c
from score_dash.ui.content import chart_spec, sent_once
from score_dash.ui.page import screen_settings


# Few entries: a map's spec holds its outlines (about 70 kB); a session's recent views fit.
@st.cache_resource(show_spinner=False, max_entries=32)
def _kept(key: str, _build: Callable[[], c.AnyChart]) -> dict[str, Any]:
    del key
    return sent_once(chart_spec(c.Figure(_build, key="")))


def kept_spec(key: str, build: Callable[[], c.AnyChart]) -> dict[str, Any]:
    """The screen spec of the chart `build()` draws, built once per `key` (which must name
    everything the chart depends on but `screen_settings`, which is added here); a copy,
    since Streamlit takes the datasets out of the spec it is given."""
    return {**_kept(f"{key}|{screen_settings()}", build)}
