"""The Coverage map's sector colours: each at least 3:1 against every background of the map
(WCAG 2.1 1.4.11, non-text contrast), and every two still told apart by readers with each
kind of colour blindness.

The contrast ratio is computed here by WCAG 2.1's own formula (relative luminance of sRGB,
https://www.w3.org/TR/WCAG21/#dfn-relative-luminance), not taken from the app; it is checked
first against ratios published elsewhere. The backgrounds are the map's: the page's white
(the deck draws no basemap), the tint of states outside the programme and of programme
states, on screen (charts/maps.py) and in the pack's print map (charts/print_map.py).
"""

from __future__ import annotations

import itertools
import math

import pytest

from score_dash.charts import maps, print_map
from score_dash.core.dictionary import SECTORS


def channels(colour: str | list[int]) -> tuple[float, float, float]:
    """sRGB channels in 0..1 from '#RRGGBB' or [r, g, b, (alpha)] in 0..255."""
    if isinstance(colour, str):
        value = colour.lstrip("#")
        rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    else:
        rgb = list(colour[:3])
    r, g, b = (c / 255 for c in rgb)
    return r, g, b


def linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str | list[int]) -> float:
    r, g, b = (linear(c) for c in channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str | list[int], b: str | list[int]) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("foreground", "background", "published"),
    [
        ("#000000", "#FFFFFF", 21.0),  # the scale's ends
        ("#767676", "#FFFFFF", 4.54),  # the lightest grey at 4.5:1, as WebAIM quotes it
        ("#949494", "#FFFFFF", 3.03),  # the lightest grey at 3:1
        ("#FFFFFF", "#FFFFFF", 1.0),
    ],
)
def test_the_formula_gives_the_published_ratios(
    foreground: str, background: str, published: float
) -> None:
    assert contrast(foreground, background) == pytest.approx(published, abs=0.01)


BACKGROUNDS: dict[str, str | list[int]] = {
    "page": "#FFFFFF",
    "screen map, state": maps.STATE_FILL,
    "screen map, programme state": maps.PROGRAMME_FILL,
    "print map, state": print_map.STATE_FILL,
    "print map, programme state": print_map.PROGRAMME_FILL,
}


def test_every_sector_colour_is_3_to_1_on_every_background_of_the_map() -> None:
    colours = maps.sector_colours()
    assert set(colours) == set(SECTORS)
    weak = [
        f"{sector} {colour} on {where}: {contrast(colour, background):.2f}:1"
        for sector, colour in colours.items()
        for where, background in BACKGROUNDS.items()
        if contrast(colour, background) < 3
    ]
    assert not weak, "\n".join(weak)


def test_the_old_yellow_and_sky_blue_would_fail() -> None:
    """The check can fail: Okabe-Ito's yellow and sky blue, the sector colours before."""
    assert contrast("#F0E442", maps.PROGRAMME_FILL) < 3
    assert contrast("#56B4E9", maps.PROGRAMME_FILL) < 3
    assert contrast("#56B4E9", "#FFFFFF") == pytest.approx(2.31, abs=0.01)


# Colour-blind vision simulated with Machado, Oliveira and Fernandes (2009), severity 1.0,
# on linear RGB; colours compared in CIELAB (D65), distance CIE76.
DEFICIENCIES = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
SRGB_TO_XYZ = (
    (0.4124, 0.3576, 0.1805),
    (0.2126, 0.7152, 0.0722),
    (0.0193, 0.1192, 0.9505),
)
WHITE_D65 = (0.95047, 1.0, 1.08883)
APART = 10.0  # CIE76 distance: clearly different swatches side by side, not merely noticeable


def times(
    matrix: tuple[tuple[float, float, float], ...], vector: tuple[float, float, float]
) -> tuple[float, float, float]:
    a, b, c = (sum(m * v for m, v in zip(row, vector, strict=True)) for row in matrix)
    return a, b, c


def lab(rgb_linear: tuple[float, float, float]) -> tuple[float, float, float]:
    def f(t: float) -> float:
        return math.cbrt(t) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    x, y, z = (f(v / n) for v, n in zip(times(SRGB_TO_XYZ, rgb_linear), WHITE_D65, strict=True))
    return 116 * y - 16, 500 * (x - y), 200 * (y - z)


def seen(colour: str, deficiency: str | None) -> tuple[float, float, float]:
    r, g, b = (linear(c) for c in channels(colour))
    if deficiency is not None:
        r, g, b = (min(1.0, max(0.0, v)) for v in times(DEFICIENCIES[deficiency], (r, g, b)))
    return lab((r, g, b))


def closest_pairs(colours: dict[str, str]) -> list[str]:
    close = []
    for deficiency in (None, *DEFICIENCIES):
        for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2):
            distance = math.dist(seen(ca, deficiency), seen(cb, deficiency))
            if distance < APART:
                close.append(f"{a} {ca} and {b} {cb}, {deficiency or 'normal'}: {distance:.1f}")
    return close


def test_every_two_sectors_stay_apart_for_colour_blind_readers() -> None:
    colours = {**maps.sector_colours(), "other": maps.OTHER_COLOUR}
    assert not closest_pairs(colours), "\n".join(closest_pairs(colours))


def test_a_darker_vermillion_would_be_taken_for_the_orange() -> None:
    """The distinction check can fail: vermillion darkened to 3:1 on the programme tint
    (#C24E00) beside the palette's orange, for a protanope."""
    assert closest_pairs({"orange": "#A85A00", "vermillion": "#C24E00"})
