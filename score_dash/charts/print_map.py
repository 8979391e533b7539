"""The Coverage map for print: India's state outlines with a circle per cluster, as an Altair
chart that the meeting pack draws to SVG offline (`score_dash.pack.draw.render_svg`).

The screen's map is a pydeck deck (`score_dash.charts.maps`), which a PDF cannot hold. This
chart draws the same things from the same inputs with no basemap, no tiles and no web font:
the state outlines (simplified once per process for print, so the SVG stays small), the
clusters sized by a measure (area proportional) and coloured by sector (`maps.sector_colours`),
a label per cluster, and legends. Text is never smaller than `MIN_FONT_PX` (10 px, 7.5 pt at
the pack's 0.75 pt per px).

The projection is Mercator with its scale and translation computed here (not fitted by
Vega), so the labels can be placed in pixels: each label goes beside its circle where it
overlaps no other label, circle or the edge, or as near as it can.

A cluster whose figure is withheld for viewers (empty in the report `access.policy.restrict`
gives them) is drawn as a small grey diamond of fixed size, labelled with its name and a dash:
its place and name are in the viewer's table too, its figure is nowhere in the chart, and it
takes no part in the size scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import altair as alt
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient

from score_dash.charts import maps
from score_dash.core import geo
from score_dash.core.formats import DASH, fmt_number
from score_dash.core.i18n import N_, t

PX_PER_PT: Final[float] = 4 / 3  # the pack prints a chart pixel as 0.75 pt
MIN_FONT_PX: Final[int] = 10  # 7.5 pt on paper: above the 7 pt floor of the printed pack
LABEL_FONT_PX: Final[int] = 11
LEGEND_FONT_PX: Final[int] = 11
LEGEND_OFFSET_PX: Final[float] = 26  # from the map to the legends' text column, with padding
PADDING_PX: Final[float] = 4.0
MAX_RADIUS_SHARE: Final[float] = 0.045  # the largest circle's radius, of the map's width
WITHHELD_SIZE: Final[float] = 40.0  # area (px²) of a withheld cluster's diamond: fixed
WITHHELD_COLOUR: Final[str] = "#8a949e"
WITHHELD_LABEL: Final[str] = N_("Figure not shown ({dash})")


def withheld_label() -> str:
    """The legend's entry for a cluster whose figure a viewer may not see, in the run's
    language."""
    return t(WITHHELD_LABEL).format(dash=DASH)


PROGRAMME_FILL: Final[str] = "#d6e4f0"
STATE_FILL: Final[str] = "#f2f4f6"
STATE_LINE: Final[str] = "#8c969f"
TEXT_COLOUR: Final[str] = "#1f2933"

# India's 29 degrees drawn on about 470 pixels: 0.06 degrees a pixel. Simplified at 0.05
# degrees and rounded to 0.01, the outlines stay within a pixel of the bundled ones and the
# SVG holds about 65 KB of them (100 KB at 0.03 degrees, 58 KB at 0.06).
PRINT_TOLERANCE_DEGREES: Final[float] = 0.05
PRINT_DECIMALS: Final[int] = 2


# --------------------------------------------------------------------------- outlines


def _clockwise(geometry: shapely.Geometry) -> Polygon | MultiPolygon:
    """Exterior rings clockwise, holes counter-clockwise (d3-geo fills a counter-clockwise
    exterior as the whole globe; rounding may have turned a small ring)."""
    if isinstance(geometry, Polygon):
        return orient(geometry, sign=-1.0)
    if isinstance(geometry, MultiPolygon):
        return MultiPolygon([orient(part, sign=-1.0) for part in geometry.geoms])
    raise ValueError(f"a state's outline is not a polygon: {type(geometry).__name__}")


@lru_cache(maxsize=1)
def _print_outlines() -> tuple[tuple[str, dict[str, Any]], ...]:
    """(code, GeoJSON geometry) per state/UT, simplified for print, computed once."""
    outlines = []
    for feature in geo.load_state_shapes()["features"]:
        simple = shape(feature["geometry"]).simplify(
            PRINT_TOLERANCE_DEGREES, preserve_topology=True
        )
        rounded = shapely.transform(simple, lambda xy: xy.round(PRINT_DECIMALS))
        if not rounded.is_valid:  # rounding pinched a ring: keep the unrounded outline
            rounded = simple
        outlines.append((feature["properties"]["code"], mapping(_clockwise(rounded))))
    return tuple(outlines)


@lru_cache(maxsize=1)
def _india_bounds() -> tuple[float, float, float, float]:
    """(west, south, east, north) of all the outlines, in degrees."""
    union = shapely.union_all([shape(g) for _, g in _print_outlines()])
    west, south, east, north = union.bounds
    return west, south, east, north


# --------------------------------------------------------------------------- projection


@dataclass(frozen=True)
class _Mercator:
    """d3's Mercator: x = tx + k·λ, y = ty − k·ln(tan(π/4 + φ/2)) (radians)."""

    scale: float
    tx: float
    ty: float

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return self.tx + self.scale * math.radians(lon), self.ty - self.scale * _merc_y(lat)

    def invert(self, x: float, y: float) -> tuple[float, float]:
        lon = math.degrees((x - self.tx) / self.scale)
        lat = math.degrees(2 * math.atan(math.exp((self.ty - y) / self.scale)) - math.pi / 2)
        return lon, lat


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _fit(
    width: float, height: float, region: maps.Bounds | None = None
) -> tuple[_Mercator, float, float]:
    """The projection that fits India in `width` × `height` px, and the map's own size; with
    a `region`, the projection that fits the region in the middle of the whole `width` ×
    `height` (the outlines around it fill the rest)."""
    west, south, east, north = region or _india_bounds()
    span_x = math.radians(east - west)
    span_y = _merc_y(north) - _merc_y(south)
    k = min((width - 2 * PADDING_PX) / span_x, (height - 2 * PADDING_PX) / span_y)
    if region is not None:
        tx = width / 2 - k * math.radians((west + east) / 2)
        ty = height / 2 + k * (_merc_y(north) + _merc_y(south)) / 2
        return _Mercator(k, tx, ty), width, height
    map_width, map_height = k * span_x + 2 * PADDING_PX, k * span_y + 2 * PADDING_PX
    tx = PADDING_PX - k * math.radians(west)
    ty = PADDING_PX + k * _merc_y(north)
    return _Mercator(k, tx, ty), map_width, map_height


# --------------------------------------------------------------------------- labels

LINE_PX: Final[float] = LABEL_FONT_PX + 3
CHAR_PX: Final[float] = 0.62 * LABEL_FONT_PX  # DejaVu Sans, on average: an estimate
BOLD_CHAR_PX: Final[float] = 0.7 * LEGEND_FONT_PX
LEADER_FROM_PX: Final[float] = 1.5 * LINE_PX  # a label further off gets a line to its circle
GAP_PX: Final[float] = 3.0
# (side, lines down) tried in this order: beside the circle first, then a line or more off.
CANDIDATES: Final[tuple[tuple[int, int], ...]] = (
    (1, 0),
    (-1, 0),
    (1, -1),
    (1, 1),
    (-1, -1),
    (-1, 1),
    (1, -2),
    (1, 2),
    (-1, -2),
    (-1, 2),
    (1, -3),
    (1, 3),
)

Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def place_labels(
    points: list[tuple[float, float, float]],
    texts: list[str],
    width: float,
    height: float,
) -> list[tuple[int, float]]:
    """For each circle (x, y, radius in px) and its label, the side (1 right, −1 left) and
    the vertical offset (px) of the label: the first of `CANDIDATES` that overlaps nothing,
    else the one that overlaps least. Larger circles choose first."""
    circles = [(x - r, y - r, x + r, y + r) for x, y, r in points]
    placed: list[Box] = []
    chosen: list[tuple[int, float]] = [(1, 0.0)] * len(points)
    for i in sorted(range(len(points)), key=lambda i: -points[i][2]):
        x, y, r = points[i]
        length = CHAR_PX * len(texts[i])
        best: tuple[float, int, float] | None = None
        for rank, (side, lines) in enumerate(CANDIDATES):
            dy = lines * LINE_PX
            start = x + side * (r + GAP_PX)
            left, right = (start, start + length) if side > 0 else (start - length, start)
            box = (left, y + dy - LINE_PX / 2, right, y + dy + LINE_PX / 2)
            cost = 10 * sum(_overlap(box, other) for other in placed)
            cost += sum(_overlap(box, c) for j, c in enumerate(circles) if j != i)
            outside = max(0.0, -box[0]) + max(0.0, box[2] - width)
            outside += max(0.0, -box[1]) + max(0.0, box[3] - height)
            cost += 100 * outside * LINE_PX + rank  # nearer candidates win a tie
            if best is None or cost < best[0]:
                best = (cost, side, dy)
            if cost == rank:
                break
        assert best is not None
        _, side, dy = best
        start = x + side * (r + GAP_PX)
        left, right = (start, start + length) if side > 0 else (start - length, start)
        placed.append((left, y + dy - LINE_PX / 2, right, y + dy + LINE_PX / 2))
        chosen[i] = (side, dy)
    return chosen


# --------------------------------------------------------------------------- the chart


def _legend_values(largest: float) -> list[int]:
    """Up to three round values for the size legend, the largest at most `largest`."""
    if largest < 1:
        return []
    values = []
    for share in (1.0, 0.5, 0.2):
        value = largest * share
        if value < 1:
            continue
        magnitude = 10 ** math.floor(math.log10(value))
        values.append(int(math.floor(value / magnitude) * magnitude))
    return sorted(set(values), reverse=True)


def _legend_width(sectors: list[str], title: list[str], values: list[int], radius: float) -> float:
    """The legends' column in px, from its longest line (estimated, generously)."""
    entries = [20 + CHAR_PX * len(text) for text in [*sectors, withheld_label()]]
    entries += [2 * radius + 8 + CHAR_PX * len(fmt_number(v)) for v in values]
    titles = [BOLD_CHAR_PX * len(line) for line in [*title, t("Sector")]]
    return LEGEND_OFFSET_PX + max(entries + titles)


def build_print_map(
    clusters: pd.DataFrame,
    measure: str,
    *,
    programme_states: set[str],
    width_pt: float,
    height_pt: float,
    region: maps.Bounds | None = None,
) -> alt.LayerChart:
    """The Coverage map for the printed pack, at most `width_pt` × `height_pt` on paper.

    `clusters` is the Coverage report's cluster table as the role may see it:
    ``policy.restrict(coverage.build_report(...), role, min_cell).table(coverage.CLUSTER_TABLE)``.
    Columns read: ``Cluster`` (name), ``Sector``, ``Latitude``, ``Longitude``, ``Enterprises``
    and `measure`, the measure's column (``coverage.measure_label(code)``, e.g.
    ``"Enterprises"``, ``"Workers"``). `programme_states`: ISO codes of the states with the
    programme, e.g. ``set(report.table(coverage.STATE_TABLE)["Code"])``.

    Draw it with the pack's renderer, at 0.75 pt per pixel:
    ``print_chart(build_print_map(...), caption, share=width_pt / CONTENT_WIDTH_PT)`` (the chart is
    ``width_pt``/0.75 px wide or less, and fits itself).

    A cluster without coordinates is left out. A cluster whose `measure` or ``Enterprises``
    is empty (withheld for viewers) gets a fixed small grey diamond and "name —": no figure,
    no size, and no part in the size scale or its legend.

    With a `region` (west, south, east, north in degrees: `maps.programme_bounds`) the map is
    zoomed to it and takes the whole `width_pt` × `height_pt` (the meeting's screen map);
    outlines beyond the map's edge are cut off.
    """
    missing = {"Cluster", "Sector", "Latitude", "Longitude", "Enterprises", measure}
    missing -= set(clusters.columns)
    if missing:
        raise ValueError(f"the cluster table lacks {', '.join(sorted(missing))}")
    placed = clusters[clusters["Latitude"].notna() & clusters["Longitude"].notna()]
    known = placed[measure].notna() & placed["Enterprises"].notna()
    shown, withheld = placed[known], placed[~known]
    values = shown[measure].astype("float")
    largest = float(values.max()) if len(values) else 0.0
    present = maps.legend_items(list(shown["Sector"].astype(str)))
    size_title = [t("Circle area:"), t(measure).lower()]
    legend_values = _legend_values(largest)

    width_px, height_px = width_pt * PX_PER_PT, height_pt * PX_PER_PT
    legend_width = _legend_width(
        [s for s, _ in present], size_title, legend_values, MAX_RADIUS_SHARE * width_px
    )
    projection, map_width, map_height = _fit(width_px - legend_width, height_px, region)
    # A wide screen map (`region`) sizes its circles by its shorter side, not its width.
    max_radius = MAX_RADIUS_SHARE * (map_width if region is None else min(map_width, map_height))
    max_area = math.pi * max_radius**2

    points: list[tuple[float, float, float]] = []
    texts: list[str] = []
    for lon, lat, value in zip(shown["Longitude"], shown["Latitude"], values, strict=True):
        x, y = projection.project(float(lon), float(lat))
        share = max(value, 0.0) / largest if largest > 0 else 0.0
        points.append((x, y, max_radius * math.sqrt(share)))
    texts = [f"{n} {fmt_number(v)}" for n, v in zip(shown["Cluster"], values, strict=True)]
    withheld_radius = math.sqrt(WITHHELD_SIZE / math.pi)
    for lon, lat in zip(withheld["Longitude"], withheld["Latitude"], strict=True):
        x, y = projection.project(float(lon), float(lat))
        points.append((x, y, withheld_radius))
    texts += [f"{name} {DASH}" for name in withheld["Cluster"]]
    sides = place_labels(points, texts, map_width, map_height)

    label_rows, leader_rows = [], []
    for (x, y, r), text, (side, dy) in zip(points, texts, sides, strict=True):
        lon, lat = projection.invert(x + side * (r + GAP_PX), y + dy)
        label_rows.append({"text": text, "lon": lon, "lat": lat, "side": side})
        if abs(dy) > LEADER_FROM_PX:  # from the circle's edge towards the label
            edge = r / math.sqrt(2)
            lon0, lat0 = projection.invert(x + side * edge, y + math.copysign(edge, dy))
            leader_rows.append({"lon": lon0, "lat": lat0, "lon2": lon, "lat2": lat})
    labels = pd.DataFrame(label_rows, columns=["text", "lon", "lat", "side"])
    leaders = pd.DataFrame(leader_rows, columns=["lon", "lat", "lon2", "lat2"])

    outlines = [
        {
            "type": "Feature",
            "geometry": geometry,
            "properties": {"fill": PROGRAMME_FILL if code in programme_states else STATE_FILL},
        }
        for code, geometry in _print_outlines()
    ]
    states = (
        alt.Chart(alt.Data(values=outlines))
        .mark_geoshape(stroke=STATE_LINE, strokeWidth=0.5, aria=False, clip=region is not None)
        .encode(color=alt.Color("properties.fill:N", scale=None))
    )

    circle_frame = pd.DataFrame(
        {
            "Cluster": shown["Cluster"].astype(str),
            "Sector": shown["Sector"].astype(str),
            "Value": values,
            "lon": shown["Longitude"].astype("float"),
            "lat": shown["Latitude"].astype("float"),
        }
    ).sort_values("Value", ascending=False)  # small circles drawn on top of large ones
    circles = (
        alt.Chart(circle_frame)
        .mark_circle(opacity=1, stroke="white", strokeWidth=0.8)  # opaque: 3:1 kept
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size(
                "Value:Q",
                scale=alt.Scale(type="linear", domain=[0, max(largest, 1.0)], range=[0, max_area]),
                legend=alt.Legend(
                    title=size_title,
                    values=legend_values,
                    format=",d",
                    symbolFillColor=WITHHELD_COLOUR,
                    symbolStrokeWidth=0,
                    orient="right",
                ),
            ),
            color=alt.Color(
                "Sector:N",
                scale=alt.Scale(domain=[s for s, _ in present], range=[c for _, c in present]),
                legend=alt.Legend(
                    title=t("Sector"), orient="right", symbolSize=80, symbolStrokeWidth=0
                ),
            ),
        )
    )
    layers: list[alt.Chart] = [states, circles]
    if len(withheld):
        withheld_frame = pd.DataFrame(
            {
                "Shown": withheld_label(),
                "lon": withheld["Longitude"].astype("float"),
                "lat": withheld["Latitude"].astype("float"),
            }
        )
        layers.append(
            alt.Chart(withheld_frame)
            .mark_point(size=WITHHELD_SIZE, filled=True, opacity=1, color=WITHHELD_COLOUR)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                shape=alt.Shape(
                    "Shown:N",
                    scale=alt.Scale(domain=[withheld_label()], range=["diamond"]),
                    legend=alt.Legend(title=None, orient="right", symbolFillColor=WITHHELD_COLOUR),
                ),
            )
        )
    if len(leaders):
        layers.append(
            alt.Chart(leaders)
            .mark_rule(color=TEXT_COLOUR, strokeWidth=0.6, aria=False)
            .encode(longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q")
        )
    for side, align in ((1, "left"), (-1, "right")):
        frame = labels[labels["side"] == side]
        if frame.empty:
            continue
        base = alt.Chart(frame).encode(longitude="lon:Q", latitude="lat:Q", text="text:N")
        style: dict[str, Any] = {
            "align": align,
            "baseline": "middle",
            "fontSize": LABEL_FONT_PX,
            "aria": False,
        }
        layers.append(  # a white halo first, so that labels read over outlines and circles
            base.mark_text(
                **style,
                color="white",
                stroke="white",
                strokeWidth=3,
                strokeOpacity=0.85,
                strokeJoin="round",
            )
        )
        layers.append(base.mark_text(**style, color=TEXT_COLOUR))

    return (
        alt.layer(*layers)
        .project(
            type="mercator",
            scale=projection.scale,
            translate=[projection.tx, projection.ty],
        )
        .properties(width=round(map_width), height=round(map_height))
        .configure_view(stroke=None)
        .configure_legend(labelFontSize=LEGEND_FONT_PX, titleFontSize=LEGEND_FONT_PX)
    )
