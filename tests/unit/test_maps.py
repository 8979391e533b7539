"""The coverage deck: offline by default, small, with only the columns it draws."""

from __future__ import annotations

import json

import pandas as pd

import score_dash.core.geo
from score_dash.charts import maps
from score_dash.charts.coverage import build_legend_chart


def _clusters() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Faridabad", "Tiruppur"],
            "sector": ["Auto components", "Garments"],
            "enterprises": [40, 10],
            "workers": [4000, 1000],
            "women_share": ["9.4 %", "60.1 %"],
            "completed": [76, 20],
            "size": [40.0, 10.0],
            "lon": [77.3, 77.34],
            "lat": [28.4, 11.1],
        }
    )


def _enterprises() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["One (E1)"],
            "sector": ["Garments"],
            "enterprises": [1],
            "workers": [50],
            "women_share": ["50.0 %"],
            "completed": [2],
            "lon": [77.3],
            "lat": [11.1],
        }
    )


def test_default_deck_has_no_basemap_and_no_url() -> None:
    text = maps.build_coverage_deck(_clusters()).to_json()
    deck = json.loads(text)
    assert deck["mapStyle"] == "__MAP_STYLE__"
    assert "mapProvider" not in deck
    assert "http" not in text
    assert "\n" not in text  # compact: the outlines are the bulk of it
    assert [layer["id"] for layer in deck["layers"]] == ["states", "clusters", "cluster-labels"]
    assert len(deck["layers"][0]["data"]["features"]) == 36


def test_street_basemap_is_opt_in() -> None:
    deck = json.loads(maps.build_coverage_deck(_clusters(), basemap=True).to_json())
    assert deck["mapProvider"] == "carto"


def test_layers_carry_only_what_they_draw_and_show() -> None:
    deck = json.loads(maps.build_coverage_deck(_clusters(), _enterprises(), {"IN-HR"}).to_json())
    layers = {layer["id"]: layer["data"] for layer in deck["layers"][1:]}
    clusters, enterprises = layers["clusters"], layers["enterprises"]
    assert set(layers["cluster-labels"][0]) == {"name", "lon", "lat", "label", "offset"}
    tooltip_fields = {"name", "sector", "enterprises", "workers", "women_share", "completed"}
    assert set(clusters[0]) == tooltip_fields | {"lon", "lat", "radius", "colour"}
    assert set(enterprises[0]) == tooltip_fields | {"lon", "lat", "colour"}
    for field in tooltip_fields:
        assert "{" + field + "}" in maps.TOOLTIP_TEXT
    tooltip = maps.build_coverage_deck(_clusters())._tooltip  # Streamlit sends it beside the JSON
    assert tooltip["text"] == maps.TOOLTIP_TEXT and "html" not in tooltip
    fills = {
        f["properties"]["code"]: f["properties"]["fill"]
        for f in deck["layers"][0]["data"]["features"]
    }
    assert fills["IN-HR"] == maps.PROGRAMME_FILL and fills["IN-TN"] == maps.STATE_FILL


def test_circle_area_is_proportional_to_the_measure() -> None:
    deck = json.loads(maps.build_coverage_deck(_clusters()).to_json())
    big, small = (row["radius"] for row in deck["layers"][1]["data"])
    assert big == maps.MAX_RADIUS_M
    assert round((big / small) ** 2, 6) == 4.0  # 40 vs 10 enterprises


def test_sector_colours_are_stable_and_legend_lists_present_sectors() -> None:
    assert maps.sector_colours(["Garments"]) == {"Garments": maps.sector_colours()["Garments"]}
    assert maps.sector_colours(["Unknown"]) == {"Unknown": maps.OTHER_COLOUR}
    items = maps.legend_items(["Garments", "Auto components", "Garments"])
    assert [s for s, _ in items] == ["Auto components", "Garments"]
    spec = build_legend_chart(items, "Workers").to_dict()
    assert spec["title"]["text"] == "Circle area: workers"
    assert [row["Sector"] for row in spec["datasets"][next(iter(spec["datasets"]))]] == [
        "Auto components",
        "Garments",
    ]


def test_view_zooms_in_on_close_places_and_shows_india_otherwise() -> None:
    far = json.loads(maps.build_coverage_deck(_clusters()).to_json())["initialViewState"]
    assert far["zoom"] == maps.INDIA_VIEW["zoom"]
    near = json.loads(maps.build_coverage_deck(_clusters().iloc[:1]).to_json())
    assert near["initialViewState"]["zoom"] > far["zoom"]
    empty = json.loads(maps.build_coverage_deck(_clusters().iloc[:0]).to_json())
    assert empty["layers"][1]["data"] == []


def test_labels_of_clusters_close_together_are_stacked_north_to_south():
    # Delhi Okhla, Gurugram and Faridabad within half a degree; Chennai and Bengaluru on one
    # latitude, 2.7 degrees apart (Bengaluru's label would run into Chennai's); Pune alone.
    lon = pd.Series([77.27, 77.03, 77.31, 80.27, 77.59, 73.86])
    lat = pd.Series([28.53, 28.46, 28.41, 13.08, 12.97, 18.52])
    # 17 px apart: three around the middle at -17, 0, 17; two at -8.5 and 8.5, rounded.
    assert maps.LABEL_SPACING_PX == 17
    assert maps.label_offsets(lon, lat) == [-17, 0, 17, -8, 8, 0]


def test_the_labels_layer_writes_each_clusters_name_and_figure():
    circles = pd.DataFrame(
        {"name": ["Pune", "Chennai"], "lon": [73.86, 80.27], "lat": [18.52, 13.08]}
    )
    layer = maps.build_labels_layer(circles, pd.Series([26.0, 1234.5]))
    assert [row["label"] for row in json.loads(layer.to_json())["data"]] == [
        "Pune 26",
        "Chennai 1,234.5",
    ]
    assert layer.type == "TextLayer"


def test_outlines_are_drawn_at_screen_precision_and_cover_the_states() -> None:
    """The map draws simplified outlines (fewer bytes on every run of the Coverage page);
    each still covers its state: compared with the full outline geo uses for its checks."""
    import shapely
    from shapely.geometry import shape

    full = {
        f["properties"]["code"]: shape(f["geometry"])
        for f in score_dash.core.geo.load_state_shapes()["features"]
    }
    deck = json.loads(maps.build_coverage_deck(_clusters()).to_json())
    drawn = {
        f["properties"]["code"]: shape(f["geometry"]) for f in deck["layers"][0]["data"]["features"]
    }
    assert drawn.keys() == full.keys()
    vertices = sum(len(shapely.get_coordinates(g)) for g in drawn.values())
    assert vertices < 0.6 * sum(len(shapely.get_coordinates(g)) for g in full.values())
    for code, outline in drawn.items():
        assert outline.is_valid, code
        # The drawn outline differs from the full one by a thin band along its border
        # (at most 0.02 degrees wide): compared with the state's own area, small.
        difference = outline.symmetric_difference(full[code]).area
        assert difference <= max(0.05 * full[code].area, 0.02 * full[code].length), code
    coordinates = shapely.get_coordinates(list(drawn.values()))
    assert (abs(coordinates * 1000 - (coordinates * 1000).round()) < 1e-6).all()
    assert len(json.dumps(deck["layers"][0], separators=(",", ":"))) < 160_000
