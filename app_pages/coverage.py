"""Coverage: where the programme works (map, state tile grid, tables by state and cluster).

The map and the grid are the screen's own (interactive); the rest is declared once, in
score_dash/pages/coverage.py (the pack prints it, with a map for paper)."""

from functools import partial

import streamlit as st

from score_dash import ui
from score_dash.access import policy
from score_dash.charts import coverage as coverage_charts
from score_dash.core import geo, i18n
from score_dash.core.i18n import N_, t
from score_dash.metrics import coverage
from score_dash.pages import coverage as page
from score_dash.pages.content import ranked
from score_dash.ui import content, coverage_map, language, meeting, sidebar, specs
from score_dash.ui.context import view_key

view = ui.current_view()
# In a meeting the map is what the room looks at: its place is right under the meeting bar,
# above the page's title and controls (filled once the report is there).
meeting_map = st.container() if meeting.is_on() else None
ui.render_header(
    view,
    t("Coverage"),
    t("Where do we work? Enterprises, workers and training by state and cluster, {period}.").format(
        period=view.periods.labels[view.periods.review]
    ),
)

measure = ui.link_choice(
    st.radio,
    t("Measure"),
    list(coverage.MEASURES),
    coverage_map.measure_shown,
    key="measure",
    what=N_("measure"),
    fallback=coverage.measure_label(coverage.DEFAULT_MEASURE),
    horizontal=True,
    help=t("Sizes the map's circles and shades the state grid."),
)
label = coverage.measure_label(measure)  # the tables' column
assembled = ui.page_report(view, measure=measure)
report = assembled.shown
states, clusters = report.table(coverage.STATE_TABLE), report.table(coverage.CLUSTER_TABLE)


# What the page's own charts depend on: each is built once for it (ui.specs).
charts_key = "|".join((view_key(view), str(view.role), measure, i18n.current()))
if meeting_map is not None:  # the projector: the map fills the screen, controls fold below
    map_col, legend_col = meeting_map, meeting_map
    side_col = st.expander(t("Narrow the filters, map layers"), icon=":material/tune:")
else:
    map_col, side_col = st.columns([3, 1])
    legend_col = side_col
with side_col:
    st.markdown("**" + t("Narrow the filters") + "**")
    places = [f"State: {s}" for s in states["State"]] + [
        f"Cluster: {c}" for c in clusters["Cluster"]
    ]
    st.selectbox(
        t("State or cluster"),
        places,
        key=language.relabel("narrow_choice"),
        format_func=coverage_map.place_label,  # not a lambda: it would keep this page's run
        index=None,
        placeholder=t("Choose a state or cluster"),
    )
    st.button(
        t("Show only this place"),
        icon=":material/filter_alt:",
        key="narrow_apply",
        on_click=sidebar.narrow_to_place,
        args=("narrow_choice", view.options),
        width="stretch",
        disabled=not st.session_state.get("narrow_choice"),
    )
    if view.filters.states or view.filters.clusters:
        st.button(
            t("Show all of India"),
            icon=":material/public:",
            key="narrow_clear",
            on_click=sidebar.show_all_places,
            width="stretch",
        )
map_text = (
    ranked(
        clusters,
        "Cluster",
        label,
        t("Map of the clusters; circle area: {measure}").format(measure=t(label).lower()),
    )
    + " "
    + t("The tables by state and by cluster below have every figure.")
)


# The enterprise layer's points come from the view's frames, which the map's fragment must
# not keep: computed here, in the page's run, while the layer is on.
staff = policy.can_see_enterprises(view.role)
enterprises = (
    coverage.compute_map_enterprises(view.frames, view.periods)
    if staff and st.session_state.get("show_enterprises")
    else None
)
with map_col:
    coverage_map.render_map(
        (map_col, side_col, legend_col),
        clusters,
        measure,
        map_text,
        programme=frozenset(states["Code"]),
        staff=staff,
        enterprises=enterprises,
        projector=meeting_map is not None,
        charts_key=charts_key,
    )
    st.caption("  \n".join(ui.escape(t(line), limit=None) for line in geo.ATTRIBUTION))

grid_col, _ = st.columns([2, 3])
with grid_col:
    grid = partial(coverage_charts.build_tile_grid_chart, report.table(coverage.GRID_TABLE), label)
    st.vega_lite_chart(
        spec=specs.kept_spec(f"coverage_grid|{charts_key}", grid),
        key="coverage_grid",
        on_select=partial(
            sidebar.narrow_to_picked_state, "coverage_grid", coverage_charts.PICK, view.options
        ),
        selection_mode=coverage_charts.PICK,
        alt=ranked(
            states,
            "State",
            label,
            t("States with programme clusters, shaded by {measure}").format(
                measure=t(label).lower()
            ),
        )
        + " "
        + t("Click a state's square to show only that state."),
    )
    st.caption(t("Click a state's square to show only that state."))
content.render_page(view, page.compose, report, measure=measure)
ui.render_toolbar(
    view, assembled.report, {"measure": [label]} if measure != coverage.DEFAULT_MEASURE else None
)
