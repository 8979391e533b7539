"""Coverage's map (issue 27): in meeting mode its first view is zoomed to the programme's
states; its layers and the hand-over to deck.gl are a fragment, whose rerun leaves the
page's report, tables and grid alone."""

from __future__ import annotations

import json
import math
from functools import partial

import pytest
import sqlalchemy
from streamlit.testing.v1 import local_script_runner

from score_dash import ui
from score_dash.charts import print_map
from score_dash.core import geo
from score_dash.metrics import coverage
from score_dash.store import db
from score_dash.ui import content, meeting, specs
from tests.app.conftest import RunApp, errors

PAGE = "app_pages/coverage.py"


def _clusters_of_the_demo(url: str) -> dict[str, tuple[float, float]]:
    """Every cluster with an enterprise that joined by the end of 2017-H2 (the demo's
    review half-year), with its place, straight from the database."""
    query = sqlalchemy.text(
        "SELECT DISTINCT c.name, c.longitude, c.latitude FROM clusters c "
        "JOIN enterprises e ON e.cluster_id = c.id WHERE e.joined_date <= '2017-12-31'"
    )
    with db.make_engine(url).connect() as connection:
        return {name: (lon, lat) for name, lon, lat in connection.execute(query)}


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _visible(spec: dict, lon: float, lat: float) -> tuple[float, float]:
    """Where Vega-Lite draws (lon, lat) with the chart's own Mercator (d3's formula)."""
    projection = spec["projection"]
    tx, ty = projection["translate"]
    k = projection["scale"]
    return tx + k * math.radians(lon), ty - k * _mercator_y(lat)


def _vector_map(at) -> dict:
    [spec] = [
        json.loads(c.proto.spec)
        for c in at.get("vega_lite_chart")
        if "Circle area" in c.proto.spec and "geoshape" in c.proto.spec
    ]
    return spec


def test_the_meetings_first_view_holds_every_cluster_and_is_not_all_of_india(
    run_app: RunApp, demo_db_url: str
) -> None:
    clusters = _clusters_of_the_demo(demo_db_url)
    assert len(clusters) == 9  # the demo's nine clusters, all started by 2017-H2
    at = run_app(page=PAGE, params={"meeting": "true"})
    assert errors(at) == []
    spec = _vector_map(at)
    width, height = spec["width"], spec["height"]
    # Every cluster's circle, whole (the largest radius: the legend's largest symbol area).
    radius = math.sqrt(max(spec["layer"][1]["encoding"]["size"]["scale"]["range"]) / math.pi)
    for name, (lon, lat) in clusters.items():
        x, y = _visible(spec, lon, lat)
        assert radius <= x <= width - radius, name
        assert radius <= y <= height - radius, name
    # Zoomed in: India's southern tip and its northernmost point are off the map.
    shapes = geo.load_state_shapes()["features"]
    lats = [
        point[1]
        for feature in shapes
        for polygon in (
            feature["geometry"]["coordinates"]
            if feature["geometry"]["type"] == "MultiPolygon"
            else [feature["geometry"]["coordinates"]]
        )
        for point in polygon[0]
    ]
    _, top = _visible(spec, 77.0, max(lats))
    assert top < 0  # Ladakh's north lies above the map's top edge
    # The map takes the projector's height under the meeting bar, its legends beside it.
    assert height == meeting.MAP_SIZE_PX[1]
    assert meeting.MAP_SIZE_PX[0] - 300 < width < meeting.MAP_SIZE_PX[0]

    at.toggle(key="explore_map").set_value(True).run()  # the deck.gl map, same region
    assert errors(at) == []
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    view = deck["initialViewState"]
    world = 512 * 2 ** view["zoom"]  # deck.gl's world in px at that zoom
    centre_x = world * (view["longitude"] + 180) / 360
    centre_y = world * (math.pi - _mercator_y(view["latitude"])) / (2 * math.pi)
    map_width, map_height = meeting.MAP_SIZE_PX
    for name, (lon, lat) in clusters.items():
        x = world * (lon + 180) / 360 - centre_x + map_width / 2
        y = world * (math.pi - _mercator_y(lat)) / (2 * math.pi) - centre_y + map_height / 2
        assert 0 < x < map_width and 0 < y < map_height, name
    assert view["zoom"] > 4  # India as a whole is drawn at zoom 3.45


@pytest.fixture
def page_work(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Calls of the page's own work: its header, its report and its tables."""
    calls = {"header": 0, "report": 0, "tables": 0}

    def counting(name, fn, *args, **kwargs):
        calls[name] += 1
        return fn(*args, **kwargs)

    monkeypatch.setattr(
        coverage, "build_report", partial(counting, "report", coverage.build_report)
    )
    monkeypatch.setattr(content, "render_page", partial(counting, "tables", content.render_page))
    monkeypatch.setattr(ui, "render_header", partial(counting, "header", ui.render_header))
    return calls


def _fragment_rerun(monkeypatch: pytest.MonkeyPatch, at) -> None:
    """The next run of `at` reruns the page's one fragment only, as the browser asks when a
    widget inside it changes (AppTest itself always reruns the whole app)."""
    [fragment_id] = list(at._fragment_storage._fragments)
    monkeypatch.setattr(
        local_script_runner,
        "RerunData",
        partial(local_script_runner.RerunData, fragment_id_queue=[fragment_id]),
    )


def test_a_map_layer_reruns_the_map_alone(
    run_app: RunApp, page_work: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_app(page=PAGE, params={"state": "Tamil Nadu"})
    assert errors(at) == []
    start = dict(page_work)
    at.run()  # a whole rerun draws the page again (the counters see it)
    assert page_work["tables"] == start["tables"] + 1
    assert page_work["header"] == start["header"] + 1
    before = dict(page_work)

    _fragment_rerun(monkeypatch, at)
    at.toggle(key="explore_map").set_value(True).run()
    assert errors(at) == []
    assert page_work == before  # no header, no report, no table
    assert len(at.get("deck_gl_json_chart")) == 1  # the fragment handed over to deck.gl
    assert at.get("vega_lite_chart") == [] or all(
        "geoshape" not in c.proto.spec for c in at.get("vega_lite_chart")
    )


def test_the_maps_first_view_is_built_once_per_view_and_measure(
    run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    build = print_map.build_print_map

    def counting(clusters, measure, **kwargs):
        built.append(measure)
        return build(clusters, measure, **kwargs)

    monkeypatch.setattr(print_map, "build_print_map", counting)
    specs._kept.clear()  # another test of this process may have kept the same view's
    at = run_app(page=PAGE, params={"state": "Haryana"})
    assert errors(at) == []
    assert built == ["Enterprises"]
    at.run()
    at.run()
    assert built == ["Enterprises"]  # two reruns drew the kept spec
    # The kept spec still gives its data at every draw (Streamlit takes it out of a spec).
    assert _vector_map(at)["layer"]
    assert all(len(chart.proto.datasets) for chart in at.get("vega_lite_chart"))
    at.radio(key="measure").set_value("workers").run()
    assert errors(at) == []
    assert built == ["Enterprises", "Workers"]
