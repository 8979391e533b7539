"""The Coverage map for print (score_dash/charts/print_map.py), drawn to SVG by the pack's
own renderer and read back: outlines, one circle per cluster with a figure, areas in
proportion, labels, fonts, size; and, from the viewer's side, nothing of a withheld figure."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from score_dash.access import policy
from score_dash.access.policy import Role
from score_dash.charts import print_map
from score_dash.core import filters, geo
from score_dash.metrics import coverage
from score_dash.pack.draw import render_svg

WIDTH_PT, HEIGHT_PT = 460.0, 420.0
STATES = 36

CIRCLE = re.compile(r'aria-roledescription="circle"[^>]*\sd="M([\d.]+),0A')
WITHHELD_MARKER = re.compile(r'aria-roledescription="point"[^>]*\sd="([^"]+)"')
TEXT = re.compile(r"<text[^>]*>(.*?)</text>")
ARIA_LABELS = re.compile(r'aria-label="([^"]*)"')


def hand_table() -> pd.DataFrame:
    """Three clusters as the Coverage report's cluster table has them (its map columns)."""
    return pd.DataFrame(
        {
            "Cluster": ["Faridabad", "Tiruppur", "Rajkot"],
            "City": ["Faridabad", "Tiruppur", "Rajkot"],
            "State": ["Haryana", "Tamil Nadu", "Gujarat"],
            "Sector": ["Auto components", "Garments", "Engineering"],
            "Enterprises": [40, 10, 5],
            "Workers": [4000, 1000, 250],
            "Latitude": [28.411, 11.115, 22.292],
            "Longitude": [77.313, 77.355, 70.793],
        }
    )


def draw(table: pd.DataFrame, measure: str, states: set[str] | None = None) -> str:
    chart = print_map.build_print_map(
        table,
        measure,
        programme_states=states if states is not None else {"IN-HR", "IN-TN", "IN-GJ"},
        width_pt=WIDTH_PT,
        height_pt=HEIGHT_PT,
    )
    return render_svg(chart)


def texts(svg: str) -> list[str]:
    """The SVG's texts, the lines of one (tspans) joined by a space."""
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in TEXT.findall(svg)]


def readable(svg: str) -> str:
    """Every text a reader or a screen reader gets from the SVG."""
    return "\n".join(texts(svg) + ARIA_LABELS.findall(svg))


def test_map_draws_the_outlines_and_a_circle_per_cluster_with_its_label() -> None:
    svg = draw(hand_table(), "Workers")
    assert len(CIRCLE.findall(svg)) == 3
    assert svg.count("<path") >= STATES + 3
    shown = texts(svg)
    for label in ("Faridabad 4,000", "Tiruppur 1,000", "Rajkot 250"):
        assert label in shown
    assert "Circle area: workers" in shown


def test_circle_areas_are_in_proportion_to_the_measure() -> None:
    radii = sorted(float(r) for r in CIRCLE.findall(draw(hand_table(), "Workers")))
    # 250 : 1,000 : 4,000 workers -> areas 1 : 4 : 16 -> radii 1 : 2 : 4 (the legend's
    # symbols are legend-symbol paths, not circles with an aria description)
    assert radii[1] / radii[0] == pytest.approx(2, rel=0.01)
    assert radii[2] / radii[0] == pytest.approx(4, rel=0.01)


def test_map_is_small_offline_and_no_text_is_under_ten_pixels() -> None:
    svg = draw(hand_table(), "Enterprises")
    assert len(svg.encode()) < 100_000  # 65-75 KB with the simplified outlines
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg)]
    assert sizes and min(sizes) >= print_map.MIN_FONT_PX  # 7.5 pt at 0.75 pt a pixel
    # nothing to fetch and no web font: the only addresses are the two XML namespaces
    assert set(re.findall(r"https?://[^\"]*", svg)) == {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }
    assert not re.findall(r'href="[^#]', svg) and "@font-face" not in svg
    size = re.search(r'<svg[^>]*\swidth="([\d.]+)" height="([\d.]+)"', svg)
    assert size is not None
    width, height = float(size.group(1)), float(size.group(2))
    assert width <= WIDTH_PT * print_map.PX_PER_PT and height <= HEIGHT_PT * print_map.PX_PER_PT


def test_outlines_are_every_state_with_clockwise_exterior_rings() -> None:
    """d3-geo fills a counter-clockwise exterior ring as the whole globe (a grey square)."""
    outlines = print_map._print_outlines()
    codes = {code for code, _ in outlines}
    assert codes == set(geo.load_states()["code"])
    for code, geometry in outlines:
        polygons = getattr(shape(geometry), "geoms", [shape(geometry)])
        for polygon in polygons:
            assert not shapely.is_ccw(polygon.exterior), code
            assert all(shapely.is_ccw(hole) for hole in polygon.interiors), code


def test_programme_states_are_filled_apart_from_the_others() -> None:
    chart = print_map.build_print_map(
        hand_table(), "Workers", programme_states={"IN-HR"}, width_pt=WIDTH_PT, height_pt=HEIGHT_PT
    )
    fills = [
        f["properties"]["fill"] for f in chart.to_dict(validate=False)["layer"][0]["data"]["values"]
    ]
    assert fills.count(print_map.PROGRAMME_FILL) == 1
    assert fills.count(print_map.STATE_FILL) == STATES - 1


def test_labels_of_clusters_close_together_do_not_overlap() -> None:
    """Delhi, Gurugram and Faridabad are a few pixels apart on the national map."""
    points = [(100.0, 100.0, 20.0), (98.0, 99.0, 18.0), (101.0, 102.0, 17.0), (300.0, 300.0, 5.0)]
    texts = ["Faridabad 40", "Gurugram 30", "Delhi Okhla 28", "Pune 3"]
    sides = print_map.place_labels(points, texts, 500, 500)
    boxes = []
    for (x, y, r), text, (side, dy) in zip(points, texts, sides, strict=True):
        start = x + side * (r + print_map.GAP_PX)
        length = print_map.CHAR_PX * len(text)
        left, right = (start, start + length) if side > 0 else (start - length, start)
        boxes.append((left, y + dy - print_map.LINE_PX / 2, right, y + dy + print_map.LINE_PX / 2))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert print_map._overlap(a, b) == 0
    assert sides[3] == (1, 0)  # a label with room stays beside its circle


def test_a_figure_withheld_for_viewers_is_nowhere_on_the_map(
    demo_frames: dict[str, pd.DataFrame],
) -> None:
    """From the viewer's side: the report a viewer gets (workers of some clusters withheld),
    drawn; the staff's figures of those clusters appear in no text, and their markers are
    one fixed size whatever the figure behind them."""
    options = filters.build_options(demo_frames)
    periods = filters.resolve_periods(filters.Filters(), options, demo_frames["periods"])
    report = coverage.build_report(demo_frames, periods, options, measure="workers", small_n=5)
    staff = report.table(coverage.CLUSTER_TABLE).set_index("Cluster")
    viewer = policy.restrict(report, Role.VIEWER, 3).table(coverage.CLUSTER_TABLE)
    hidden = viewer.loc[viewer["Workers"].isna(), "Cluster"].tolist()
    assert len(hidden) >= 2  # the demo withholds the workforce of small reporting groups
    hidden_workers = [int(staff.at[name, "Workers"]) for name in hidden]
    assert len(set(hidden_workers)) == len(hidden_workers)  # different figures behind them

    svg = draw(viewer, "Workers", set(report.table(coverage.STATE_TABLE)["Code"]))

    text = readable(svg)
    for workers in hidden_workers:
        assert f"{workers:,}" not in text and str(workers) not in text
    assert len(CIRCLE.findall(svg)) == len(viewer) - len(hidden)
    markers = WITHHELD_MARKER.findall(svg)
    assert len(markers) == len(hidden) and len(set(markers)) == 1
    side = math.sqrt(print_map.WITHHELD_SIZE) / 2  # Vega's diamond of that size: half-diagonal
    assert markers[0].startswith(f"M-{side:.3f},0")
    lines = texts(svg)
    for name in hidden:
        assert f"{name} —" in lines
    assert "Figure not shown (—)" in lines
    shown = viewer.loc[viewer["Workers"].notna()]
    for name, workers in zip(shown["Cluster"], shown["Workers"], strict=True):
        assert f"{name} {int(workers):,}" in lines


def test_a_cluster_without_coordinates_is_left_out_and_an_empty_table_draws_india() -> None:
    table = hand_table()
    table.loc[2, ["Latitude", "Longitude"]] = math.nan
    svg = draw(table, "Workers")
    assert len(CIRCLE.findall(svg)) == 2 and "Rajkot" not in readable(svg)
    empty = draw(hand_table().iloc[0:0], "Workers", set())
    assert not CIRCLE.findall(empty) and empty.count("<path") >= STATES


def test_a_missing_column_is_named() -> None:
    with pytest.raises(ValueError, match="Workers"):
        draw(hand_table().drop(columns="Workers"), "Workers")
