"""pydeck decks over the bundled state outlines, drawn with no basemap by default.

`pdk.Deck(map_provider=None)` with `map_style` left at its default draws the layers on a
plain background and makes no network request (checked with pydeck 0.9.3 offline): the
map is complete offline. A street basemap (CARTO tiles, needs internet) is an option.

Layers get only the columns they draw or show in the tooltip, with plain values (no
dates), because every column of a layer's frame is shipped to the browser.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

import pandas as pd
import pydeck as pdk
import shapely
from pydeck.bindings.json_tools import default_serialize
from shapely.geometry import mapping, shape

from score_dash.charts.common import PALETTE
from score_dash.core import geo
from score_dash.core.dictionary import SECTORS
from score_dash.core.formats import fmt_number

OTHER_COLOUR = "#8C8C8C"  # 3.4:1 on white (#999999 was 2.8:1)
STATE_FILL = [236, 239, 241, 255]
STATE_LINE = [120, 130, 140, 255]
PROGRAMME_FILL = [214, 228, 240, 255]
MAX_RADIUS_M = 60_000.0
MIN_RADIUS_M = 12_000.0
ENTERPRISE_RADIUS_M = 2_500.0
INDIA_VIEW = {"latitude": 22.8, "longitude": 81.0, "zoom": 3.45}

# A text tooltip, not HTML: deck.gl shows it as text, so a name from an upload cannot become
# markup on the map.
TOOLTIP_TEXT = (
    "{name}\nSector: {sector}\nEnterprises: {enterprises}\n"
    "Workers: {workers}\nWomen's share: {women_share}\nModules completed: {completed}"
)


class CompactDeck(pdk.Deck):
    """A Deck serialised without indentation: the state outlines ship as ~0.3 MB, not 1.8 MB.

    (pydeck indents its JSON by two spaces; Streamlit sends `to_json()` as is.)
    """

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def sector_colours(sectors: list[str] | None = None) -> dict[str, str]:
    """Sector -> hex colour, stable across filters (the dictionary's sector order)."""
    known = {sector: PALETTE[i % len(PALETTE)] for i, sector in enumerate(SECTORS)}
    if sectors is None:
        return known
    return {sector: known.get(sector, OTHER_COLOUR) for sector in sectors}


def _rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    value = hex_colour.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def legend_items(sectors: list[str]) -> list[tuple[str, str]]:
    """(sector, hex colour) for the sectors on the map, in the dictionary's order."""
    order = {sector: i for i, sector in enumerate(SECTORS)}
    present = sorted(set(sectors), key=lambda s: (order.get(s, len(order)), s))
    colours = sector_colours(present)
    return [(sector, colours[sector]) for sector in present]


def _radii(values: pd.Series) -> list[float]:
    """Circle radii in metres, area proportional to the value (a zero gets the minimum)."""
    largest = float(values.max()) if len(values) else 0.0
    if not largest or math.isnan(largest):
        return [MIN_RADIUS_M] * len(values)
    return [
        max(MIN_RADIUS_M, MAX_RADIUS_M * math.sqrt(max(float(v), 0.0) / largest)) for v in values
    ]


def _view_state(points: pd.DataFrame) -> pdk.ViewState:
    """India as a whole, or the selected places when they are close together."""
    if points.empty:
        return pdk.ViewState(**INDIA_VIEW)
    lat_span = float(points["lat"].max() - points["lat"].min())
    lon_span = float(points["lon"].max() - points["lon"].min())
    span = max(lat_span, lon_span)
    if span > 8:
        return pdk.ViewState(**INDIA_VIEW)
    zoom = 5.8 if span < 1 else 5.2 if span < 4 else 4.4
    return pdk.ViewState(
        latitude=float(points["lat"].mean()), longitude=float(points["lon"].mean()), zoom=zoom
    )


# --------------------------------------------------------------------------- meeting view

Bounds = tuple[float, float, float, float]  # west, south, east, north, in degrees
# Around the programme's region: a cluster's circle and its label at the edge stay inside.
REGION_MARGIN_DEGREES = 0.6


def programme_bounds(programme_states: set[str], lon: pd.Series, lat: pd.Series) -> Bounds | None:
    """The region a meeting's map is zoomed to: the outlines of the states where the programme
    works and every cluster (`lon`, `lat` in degrees), with a margin; None when there is
    neither (the map then shows India)."""
    boxes = [
        shape(feature["geometry"]).bounds
        for feature in _drawn_shapes()["features"]
        if feature["properties"]["code"] in programme_states
    ]
    placed = lon.notna() & lat.notna()
    boxes += [
        (float(x), float(y), float(x), float(y))
        for x, y in zip(lon[placed], lat[placed], strict=True)
    ]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes) - REGION_MARGIN_DEGREES,
        min(b[1] for b in boxes) - REGION_MARGIN_DEGREES,
        max(b[2] for b in boxes) + REGION_MARGIN_DEGREES,
        max(b[3] for b in boxes) + REGION_MARGIN_DEGREES,
    )


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


DECK_TILE_PX = 512  # deck.gl's world is 512 px wide at zoom 0


def fitted_view(bounds: Bounds, width_px: float, height_px: float) -> pdk.ViewState:
    """The deck.gl view that shows all of `bounds` in a map of `width_px` × `height_px`."""
    west, south, east, north = bounds
    across = max(east - west, 1e-6) / 360 * DECK_TILE_PX
    down = max(_mercator_y(north) - _mercator_y(south), 1e-6) / (2 * math.pi) * DECK_TILE_PX
    zoom = math.log2(min(width_px / across, height_px / down))
    middle = (_mercator_y(north) + _mercator_y(south)) / 2
    latitude = math.degrees(2 * math.atan(math.exp(middle)) - math.pi / 2)
    return pdk.ViewState(
        latitude=round(latitude, 4), longitude=round((west + east) / 2, 4), zoom=round(zoom, 3)
    )


# The outlines are drawn simplified to about a pixel of the widest map (India's 30 degrees
# on 1,400 pixels: 0.02 degrees), with coordinates to 0.001 degrees: half the vertices and
# half the bytes sent on every run of the Coverage page. The point-in-state check
# (score_dash.core.geo) keeps the full outlines.
DRAWN_TOLERANCE_DEGREES = 0.02
DRAWN_DECIMALS = 3


@lru_cache(maxsize=1)
def _drawn_shapes() -> dict[str, Any]:
    shapes = geo.load_state_shapes()
    for feature in shapes["features"]:
        outline = shape(feature["geometry"]).simplify(
            DRAWN_TOLERANCE_DEGREES, preserve_topology=True
        )
        drawn = shapely.transform(outline, lambda xy: xy.round(DRAWN_DECIMALS))
        feature["geometry"] = mapping(drawn)
    return shapes


def build_states_layer(programme_states: set[str] | None = None) -> pdk.Layer:
    """The 36 state/UT outlines; states where the programme works are tinted."""
    shapes = _drawn_shapes()
    programme_states = programme_states or set()
    features = []
    for feature in shapes["features"]:
        code = feature["properties"]["code"]
        fill = PROGRAMME_FILL if code in programme_states else STATE_FILL
        features.append({**feature, "properties": {**feature["properties"], "fill": fill}})
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        id="states",
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=STATE_LINE,
        line_width_min_pixels=0.8,
        pickable=False,
    )


LABEL_SPACING_PX = 17  # between the lines of labels stacked for clusters close together
NEAR_DEGREES = 1.2  # closer in latitude than this, labels overlap at the national zoom
LABEL_DEGREES = 9.0  # how far east a label reaches at the national zoom


def label_offsets(lon: pd.Series, lat: pd.Series, near: float = NEAR_DEGREES) -> list[int]:
    """Vertical pixel offsets that keep the labels of clusters close together readable at
    the national zoom: clusters less than `near` degrees apart in latitude, and close enough
    in longitude for one's label to reach the other, form a group whose labels are stacked
    one line apart, north to south, around the group's middle."""
    order = sorted(range(len(lon)), key=lambda i: -float(lat.iloc[i]))
    groups: list[list[int]] = []
    for i in order:
        for group in groups:
            if any(
                abs(float(lat.iloc[i] - lat.iloc[j])) < near
                and abs(float(lon.iloc[i] - lon.iloc[j])) < LABEL_DEGREES
                for j in group
            ):
                group.append(i)
                break
        else:
            groups.append([i])
    offsets = [0] * len(lon)
    for group in groups:
        for rank, i in enumerate(group):
            offsets[i] = round((rank - (len(group) - 1) / 2) * LABEL_SPACING_PX)
    return offsets


def build_labels_layer(circles: pd.DataFrame, values: pd.Series) -> pdk.Layer:
    """Each cluster's name and figure beside its circle (text drawn by the map, never
    markup), stacked where clusters overlap (Delhi, Gurugram and Faridabad)."""
    frame = circles[["name", "lon", "lat"]].reset_index(drop=True).copy()
    figures = values.reset_index(drop=True)
    frame["label"] = [
        f"{name} {fmt_number(v)}" for name, v in zip(frame["name"], figures, strict=True)
    ]
    frame["offset"] = [[14, dy] for dy in label_offsets(frame["lon"], frame["lat"])]
    return pdk.Layer(
        "TextLayer",
        frame,
        id="cluster-labels",
        get_position=["lon", "lat"],
        get_text="label",
        get_pixel_offset="offset",
        get_size=13,
        get_color=[31, 41, 51, 255],
        get_text_anchor="'start'",
        get_alignment_baseline="'center'",
        outline_width=2,
        outline_color=[255, 255, 255, 230],
        font_settings={"sdf": True},
        pickable=False,
    )


def build_coverage_deck(
    clusters: pd.DataFrame,
    enterprises: pd.DataFrame | None = None,
    programme_states: set[str] | None = None,
    basemap: bool = False,
    labels: bool = True,
    fit: tuple[Bounds, float, float] | None = None,
) -> pdk.Deck:
    """The Coverage map.

    `clusters` has the columns of `metrics.coverage.compute_map_clusters` (name, sector,
    enterprises, workers, women_share, completed, size, lon, lat); `enterprises`, when given
    (staff only), those of `compute_map_enterprises`. With `basemap` the deck asks CARTO
    for street tiles (needs internet); without, it makes no request at all. `fit` (bounds,
    width and height of the map in px) zooms the first view to those bounds (the meeting's
    map, `programme_bounds`); without, India or the selected places.
    """
    colours = sector_colours(sorted(set(clusters["sector"])))
    circles = clusters[
        ["name", "sector", "enterprises", "workers", "women_share", "completed", "lon", "lat"]
    ].copy()
    circles["radius"] = _radii(clusters["size"])
    # Opaque, so each sector's colour keeps its 3:1 on the map (WCAG 1.4.11; a see-through
    # circle took the blue, orange and green under it); small circles drawn over large ones.
    circles["colour"] = [_rgba(colours[s]) for s in circles["sector"]]
    circles = circles.sort_values("radius", ascending=False, kind="stable")
    layers: list[pdk.Layer] = [build_states_layer(programme_states)]
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            circles,
            id="clusters",
            get_position=["lon", "lat"],
            get_radius="radius",
            get_fill_color="colour",
            get_line_color=[40, 40, 40, 255],
            stroked=True,
            line_width_min_pixels=1,
            radius_min_pixels=5,
            pickable=True,
            auto_highlight=True,
        )
    )
    if enterprises is not None and not enterprises.empty:
        points = enterprises[
            ["name", "sector", "enterprises", "workers", "women_share", "completed", "lon", "lat"]
        ].copy()
        ent_colours = sector_colours(sorted(set(points["sector"])))
        points["colour"] = [_rgba(ent_colours[s], 255) for s in points["sector"]]
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                points,
                id="enterprises",
                get_position=["lon", "lat"],
                get_radius=ENTERPRISE_RADIUS_M,
                get_fill_color="colour",
                get_line_color=[255, 255, 255, 255],
                stroked=True,
                line_width_min_pixels=0.5,
                radius_min_pixels=2.5,
                pickable=True,
            )
        )
    if labels and not circles.empty:  # on top of every circle and point
        layers.append(build_labels_layer(circles, clusters["size"]))
    tooltip: dict[str, Any] = {
        "text": TOOLTIP_TEXT,
        "style": {"backgroundColor": "#1f2933", "color": "white", "fontSize": "13px"},
    }
    view = fitted_view(*fit) if fit is not None else _view_state(clusters)
    if basemap:
        return CompactDeck(
            layers=layers,
            initial_view_state=view,
            tooltip=tooltip,
            map_provider="carto",
            map_style="light",
        )
    return CompactDeck(layers=layers, initial_view_state=view, tooltip=tooltip, map_provider=None)
