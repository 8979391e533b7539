"""Coverage's map and its layers as a fragment: a layer, the basemap or the hand-over to
deck.gl reruns the map alone, not the page's report, tables and tile grid.

The fragment is a function of this module, given only what it draws (the report's cluster
table, the programme's states, the enterprise layer's points): Streamlit keeps a fragment
with its arguments until the session ends, and one defined in the page's script would keep
the script's namespace, and with it the view's filtered frames (tests/app/test_memory.py).
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from score_dash.charts import coverage as coverage_charts
from score_dash.charts import maps, print_map
from score_dash.charts.common import on_screen
from score_dash.core.i18n import t
from score_dash.metrics import coverage
from score_dash.ui import meeting, specs

# The vector map beside the controls (pt); the projector's is `meeting.MAP_SIZE_PX`.
PAGE_MAP_PT = (600, 390)
PAGE_DECK_HEIGHT_PX = 520


def place_label(place: str) -> str:
    """A choice of the narrowing control, "State: name" or "Cluster: name": the kind in the
    run's language, the name as recorded. (A function of this module, not a lambda in the
    page: Streamlit keeps a widget's format_func with the session, and a lambda would keep
    the page's namespace with its view.)"""
    kind, _, name = place.partition(": ")
    return t(kind) + ": " + name


def measure_shown(measure: str) -> str:
    """The measure choice's label in the run's language (the link carries it, and
    `ui.link_choice` reads a label of either language)."""
    return t(coverage.measure_label(measure))


@st.fragment
def render_map(
    where: tuple[DeltaGenerator, DeltaGenerator, DeltaGenerator],
    clusters: pd.DataFrame,
    measure: str,
    map_text: str,
    *,
    programme: frozenset[str],
    staff: bool,
    enterprises: pd.DataFrame | None,
    projector: bool,
    charts_key: str,
) -> None:
    """The layer toggles (in the side column), the map and, for deck.gl, its legend.

    `where`: the map's, the controls' and the legend's containers; `clusters`: the
    Coverage report's cluster table as the role may see it; `enterprises`: the enterprise
    layer's points (`coverage.compute_map_enterprises`), computed by the page's run when
    the layer is on (None: off, or not for this role); `projector`: meeting mode (the map
    fills the screen, zoomed to the programme's states); `charts_key`: what the page's
    charts depend on (view, role, measure, language).
    """
    map_col, side_col, legend_col = where
    label = coverage.measure_label(measure)
    with side_col:
        st.markdown("**" + t("Map layers") + "**")
        # Every enterprise as a point with its name is for staff: for a viewer the layer is
        # neither offered nor built, whatever the session holds.
        show_enterprises = staff and st.toggle(
            t("Enterprises (staff only)"),
            key="show_enterprises",
            help=t("Every enterprise as a point, with its name: confidential, for project staff."),
        )
        basemap = st.toggle(
            t("Street basemap"), key="basemap", help=t("Needs internet: map tiles from CARTO.")
        )
        # The first view is drawn as vector graphics (no WebGL: a meeting room's laptop
        # without a graphics card draws it at once); the interactive map takes over when
        # asked for.
        explore = (
            st.toggle(
                t("Zoom and pan"),
                key="explore_map",
                help=t("The interactive map (WebGL): zoom, pan, hover for figures."),
            )
            or show_enterprises
            or basemap
        )
    if show_enterprises and enterprises is None:
        st.rerun()  # the layer's points come from the page's view: a whole run
    # The projector's map is zoomed to the programme's states, the whole width and height.
    region = (
        maps.programme_bounds(set(programme), clusters["Longitude"], clusters["Latitude"])
        if projector
        else None
    )
    width_px, height_px = meeting.MAP_SIZE_PX
    with map_col, st.container(key="coverage_map_area"):  # its key: a class for the style
        if clusters.empty:
            st.info(t("No enterprise in the selection had joined by the end of the review period."))
        if explore:
            deck = maps.build_coverage_deck(
                coverage.compute_map_clusters(clusters, measure),
                enterprises if show_enterprises else None,
                programme_states=set(programme),
                basemap=basemap,
                fit=(region, width_px, height_px) if region is not None else None,
            )
            st.pydeck_chart(
                deck,
                key="coverage_map",
                height=height_px if projector else PAGE_DECK_HEIGHT_PX,
                alt=map_text,
            )
        else:
            # The projector's map fills the screen; beside the controls the chart takes its
            # column's width and sets its legends at the right edge.
            scale = print_map.PX_PER_PT
            width_pt, height_pt = (
                (width_px / scale, height_px / scale) if projector else PAGE_MAP_PT
            )
            vector = partial(
                print_map.build_print_map,
                clusters,
                label,
                programme_states=set(programme),
                width_pt=width_pt,
                height_pt=height_pt,
                region=region,
            )
            st.vega_lite_chart(
                spec=specs.kept_spec(f"coverage_vector_map|{region}|{charts_key}", vector),
                key="coverage_vector_map",
                alt=map_text,
                # At its own size, which the meeting's style scales down to a smaller screen
                # (stretched, a narrower column would cut the map's sides off).
                width="content" if projector else "stretch",
            )
    with legend_col:  # the vector map has its legends inside
        if explore:
            st.altair_chart(
                on_screen(
                    coverage_charts.build_legend_chart(
                        maps.legend_items(list(clusters["Sector"])), label
                    )
                ),
                key="coverage_legend",
                alt=t("Legend of the map: a colour per sector, circle area for {measure}.").format(
                    measure=t(label).lower()
                ),
            )
