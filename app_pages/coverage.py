"""Coverage: where the programme works (map, state tile grid, tables by state and cluster).

The map and the grid are the screen's own (interactive); the rest is declared once, in
score_dash/pages/coverage.py (the pack prints it, with a map for paper)."""

from functools import partial

import streamlit as st

from score_dash import ui
from score_dash.access import policy
from score_dash.charts import coverage as coverage_charts
from score_dash.charts import maps
from score_dash.charts.common import on_screen
from score_dash.charts.print_map import build_print_map
from score_dash.core import geo
from score_dash.metrics import coverage
from score_dash.pages import coverage as page
from score_dash.pages.content import ranked
from score_dash.ui import content, meeting, sidebar

view = ui.current_view()
ui.render_header(
    view,
    "Coverage",
    "Where do we work? Enterprises, workers and training "
    f"by state and cluster, {view.periods.labels[view.periods.review]}.",
)

ui.render_param_notice(
    "measure",
    [coverage.measure_label(m) for m in coverage.MEASURES],
    "measure",
    coverage.measure_label(next(iter(coverage.MEASURES))),
)
measure = st.radio(
    "Measure",
    list(coverage.MEASURES),
    format_func=coverage.measure_label,
    key="measure",
    bind="query-params",
    horizontal=True,
    help="Sizes the map's circles and shades the state grid.",
)
label = coverage.measure_label(measure)
report = ui.cached_compute(
    coverage.build_report, view, view.options, measure=measure, small_n=view.config.small_n
)
states, clusters = report.table(coverage.STATE_TABLE), report.table(coverage.CLUSTER_TABLE)


if meeting.is_on():  # the projector: the map uses the width, the controls fold below it
    map_col = st.container()
    side_col = st.expander("Narrow the filters, map layers", icon=":material/tune:")
    legend_col = map_col
else:
    map_col, side_col = st.columns([3, 1])
    legend_col = side_col
with side_col:
    st.markdown("**Narrow the filters**")
    places = [f"State: {s}" for s in states["State"]] + [
        f"Cluster: {c}" for c in clusters["Cluster"]
    ]
    st.selectbox(
        "State or cluster",
        places,
        key="narrow_choice",
        index=None,
        placeholder="Choose a state or cluster",
    )
    st.button(
        "Show only this place",
        icon=":material/filter_alt:",
        key="narrow_apply",
        on_click=sidebar.narrow_to_place,
        args=("narrow_choice", view.options),
        width="stretch",
        disabled=not st.session_state.get("narrow_choice"),
    )
    if view.filters.states or view.filters.clusters:
        st.button(
            "Show all of India",
            icon=":material/public:",
            key="narrow_clear",
            on_click=sidebar.show_all_places,
            width="stretch",
        )
    st.markdown("**Map layers**")
    # Every enterprise as a point with its name is for staff: for a viewer the layer is
    # neither offered nor built, whatever the session holds.
    staff = policy.can_see_enterprises(view.role)
    show_enterprises = staff and st.toggle(
        "Enterprises (staff only)",
        key="show_enterprises",
        help="Every enterprise as a point, with its name: confidential, for project staff.",
    )
    basemap = st.toggle(
        "Street basemap", key="basemap", help="Needs internet: map tiles from CARTO."
    )
    # The first view is drawn as vector graphics (no WebGL: a meeting room's laptop without
    # a graphics card draws it at once); the interactive map takes over when asked for.
    explore = (
        st.toggle(
            "Zoom and pan",
            key="explore_map",
            help="The interactive map (WebGL): zoom, pan, hover for figures.",
        )
        or show_enterprises
        or basemap
    )
map_text = (
    ranked(clusters, "Cluster", label, f"Map of the clusters; circle area: {label.lower()}")
    + " The tables by state and by cluster below have every figure."
)
with map_col:
    if clusters.empty:
        st.info("No enterprise in the selection had joined by the end of the review period.")
    if explore:
        deck = maps.build_coverage_deck(
            coverage.compute_map_clusters(clusters, measure),
            coverage.compute_map_enterprises(view.frames, view.periods)
            if show_enterprises
            else None,
            programme_states=set(states["Code"]),
            basemap=basemap,
        )
        st.pydeck_chart(
            deck,
            key="coverage_map",
            height=680 if meeting.is_on() else 520,
            alt=map_text,
        )
    else:
        wide = meeting.is_on()  # the projector: a larger map (680 px tall)
        # The chart takes its column's width and sets its legends at the right edge: a
        # column about the map's width keeps them beside it.
        column = st.columns([3, 2])[0] if wide else st.container()
        column.altair_chart(
            on_screen(
                build_print_map(
                    clusters,
                    label,
                    programme_states=set(states["Code"]),
                    width_pt=720 if wide else 600,
                    height_pt=510 if wide else 390,
                )
            ),
            key="coverage_vector_map",
            alt=map_text,
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
            alt=f"Legend of the map: a colour per sector, circle area for {label.lower()}.",
        )
with map_col:
    st.caption("  \n".join(ui.escape(line, limit=None) for line in geo.ATTRIBUTION))

grid_col, _ = st.columns([2, 3])
with grid_col:
    st.altair_chart(
        on_screen(coverage_charts.build_tile_grid_chart(report.table(coverage.GRID_TABLE), label)),
        key="coverage_grid",
        on_select=partial(
            sidebar.narrow_to_picked_state, "coverage_grid", coverage_charts.PICK, view.options
        ),
        selection_mode=coverage_charts.PICK,
        alt=ranked(
            states, "State", label, f"States with programme clusters, shaded by {label.lower()}"
        )
        + " Click a state's square to show only that state.",
    )
    st.caption("Click a state's square to show only that state.")
content.render_page(view, page.compose, report, measure=measure)
ui.render_toolbar(
    view, report, {"measure": [label]} if measure != coverage.DEFAULT_MEASURE else None
)
