"""The coverage deck: offline by default, small, with only the columns it draws."""

from __future__ import annotations

import json

import pandas as pd

from score_dash import maps
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
    assert [layer["id"] for layer in deck["layers"]] == ["states", "clusters"]
    assert len(deck["layers"][0]["data"]["features"]) == 36


def test_street_basemap_is_opt_in() -> None:
    deck = json.loads(maps.build_coverage_deck(_clusters(), basemap=True).to_json())
    assert deck["mapProvider"] == "carto"


def test_layers_carry_only_what_they_draw_and_show() -> None:
    deck = json.loads(maps.build_coverage_deck(_clusters(), _enterprises(), {"IN-HR"}).to_json())
    clusters, enterprises = deck["layers"][1]["data"], deck["layers"][2]["data"]
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
