"""The Coverage page in AppTest: map, tile grid, tables, narrowing control and Excel."""

from __future__ import annotations

import json

import sqlalchemy

from score_dash.core import filters
from score_dash.metrics import coverage
from score_dash.store import db, loading
from tests.app.conftest import (
    RunApp,
    errors,
    last_download,
    table,
    table_keys,
)
from tests.excel import assert_same_table, read_sheet

PAGE = "app_pages/coverage.py"


def vector_map(at) -> dict:
    """The first view's map, drawn as vector graphics (charts/print_map.py)."""
    [spec] = [
        json.loads(c.proto.spec)
        for c in at.get("vega_lite_chart")
        if "Circle area" in c.proto.spec and "geoshape" in c.proto.spec
    ]
    return spec


def test_default_view_draws_offline_map_grid_and_tables(run_app: RunApp) -> None:
    at = run_app(page=PAGE)
    assert errors(at) == []
    # The first view needs no WebGL: the vector map (its circles and labels: test_print_map).
    assert at.get("deck_gl_json_chart") == []
    assert vector_map(at)["layer"]
    at.toggle(key="explore_map").set_value(True).run()  # zoom and pan: the deck.gl map
    assert errors(at) == []
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert deck["mapStyle"] == "__MAP_STYLE__"
    assert "mapProvider" not in deck
    assert "http" not in at.get("deck_gl_json_chart")[0].proto.json
    layer_types = [layer["@@type"] for layer in deck["layers"]]
    # Outlines, cluster circles and their labels; the enterprises are hidden by default.
    assert layer_types == ["GeoJsonLayer", "ScatterplotLayer", "TextLayer"]
    labels = [row["label"] for row in deck["layers"][2]["data"]]
    assert sorted(labels) == sorted(
        f"{c['name']} {c['enterprises']}" for c in deck["layers"][1]["data"]
    )
    assert len(deck["layers"][0]["data"]["features"]) == 36
    clusters = deck["layers"][1]["data"]
    assert len(clusters) == 9
    assert set(clusters[0]) == {
        "name",
        "sector",
        "enterprises",
        "workers",
        "women_share",
        "completed",
        "lon",
        "lat",
        "radius",
        "colour",
    }
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        assert "http" not in json.dumps(spec).replace(spec.get("$schema", ""), "")
    states = table(at, "coverage_states").value
    assert states["Enterprises"].sum() == 240
    assert sum(c["enterprises"] for c in clusters) == 240
    assert any("GeoNames" in c.value for c in at.caption)


def test_excel_has_the_tables_the_page_shows(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"state": "Tamil Nadu"})
    assert errors(at) == []
    data = last_download(at, "coverage")
    tables = {  # key on the screen: sheet of the Excel
        "coverage_states": coverage.STATE_TABLE,
        "coverage_clusters": coverage.CLUSTER_TABLE,
        "coverage_grid_table": coverage.GRID_TABLE,
    }
    assert table_keys(at) == list(tables)
    for key, title in tables.items():
        assert_same_table(table(at, key).value, read_sheet(data, title), title)
    assert table(at, "coverage_states").value["State"].tolist() == ["Tamil Nadu"]
    clusters = set(table(at, "coverage_clusters").value["Cluster"])
    assert clusters == {"Chennai", "Coimbatore", "Tiruppur"}


def test_measure_from_the_url_sizes_the_grid(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"measure": "Women workers"})
    assert errors(at) == []
    assert at.radio(key="measure").value == "women_workers"
    specs = " ".join(chart.proto.spec for chart in at.get("vega_lite_chart"))
    assert "Women workers by state" in specs
    grid = read_sheet(last_download(at, "coverage"), coverage.GRID_TABLE)
    assert "Women workers" in grid.columns
    assert grid["Women workers"].sum() == table(at, "coverage_states").value["Women workers"].sum()


def test_narrow_control_sets_the_sidebar_filters(run_app: RunApp) -> None:
    at = run_app(page=PAGE)
    at.selectbox(key="narrow_choice").select("Cluster: Pune").run()
    at.button(key="narrow_apply").click().run()
    assert errors(at) == []
    assert at.multiselect(key="state").value == ["IN-MH"]
    assert at.multiselect(key="cluster").value == ["Pune"]
    assert table(at, "coverage_clusters").value["Cluster"].tolist() == ["Pune"]
    at.button(key="narrow_clear").click().run()
    assert at.multiselect(key="state").value == []
    assert len(table(at, "coverage_clusters").value) == 9


def test_staff_toggle_adds_enterprise_points(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"cluster": "Pune"})
    at.toggle(key="show_enterprises").set_value(True).run()
    assert errors(at) == []
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    ids = [layer["id"] for layer in deck["layers"]]
    assert ids == ["states", "clusters", "enterprises", "cluster-labels"]
    points = deck["layers"][2]["data"]
    assert len(points) == 26
    assert all(isinstance(v, (str, int, float, list)) for p in points for v in p.values())


def test_empty_selection_draws_an_empty_map_without_error(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"sector": "Garments", "state": "Haryana"})
    assert errors(at) == []
    assert vector_map(at)["layer"]
    at.toggle(key="explore_map").set_value(True).run()
    assert errors(at) == []
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert deck["layers"][1]["data"] == []
    assert any("No enterprise" in i.value for i in at.info)


def test_the_first_half_year_before_any_completion_has_its_coverage(demo_db_url: str) -> None:
    # Loaded from the database (categorical codes), 2011-H1 has enrolments but no module
    # completed yet: the two counts once failed to align (pandas 3).
    engine = db.make_engine(demo_db_url)
    frames = loading.load_frames(engine)
    options = filters.build_options(frames)
    periods = filters.resolve_periods(filters.Filters(period="2011-H1"), options, frames["periods"])
    states = coverage.build_report(frames, periods, options, small_n=5).table(coverage.STATE_TABLE)
    with engine.connect() as connection:
        joined, completed = connection.execute(
            sqlalchemy.text(
                "SELECT (SELECT COUNT(*) FROM enterprises WHERE joined_date <= '2011-06-30'),"
                " (SELECT COUNT(*) FROM enrolments WHERE completed_date <= '2011-06-30')"
            )
        ).one()
    assert states["Enterprises"].sum() == joined
    assert states["Modules completed"].sum() == completed == 0
