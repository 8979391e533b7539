"""Devanagari in the pack's charts, drawn as shaped outlines.

Typst sets Hindi in running text correctly, but text inside an SVG image is laid out glyph
by glyph: the conjuncts and vowel signs of Devanagari come out mis-shaped (a dotted circle,
an i-matra after its consonant). So `shape_devanagari(svg)` replaces each `<text>` element of
a chart's SVG that holds Devanagari with the outlines of its glyphs, shaped by HarfBuzz
(`uharfbuzz`) with the pack's vendored Noto Sans Devanagari; the Latin letters of such a
text are drawn with the pack's DejaVu Sans. Every other `<text>` (Latin labels, numbers)
stays text, and an SVG without Devanagari is returned unchanged.

The outline keeps what the text element said about itself: its position (`transform`),
anchor, size, weight, colour and opacity, its accessible name (`aria-label`, and the text
itself as `aria-label` when it had none). Its width is HarfBuzz's, which can differ a little
from the width the chart measured for its layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

import uharfbuzz as hb  # type: ignore[import-untyped]  # no type information
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
TEXT = f"{{{SVG_NS}}}text"
TSPAN = f"{{{SVG_NS}}}tspan"

FONTS = Path(__file__).resolve().parents[2] / "data" / "pack" / "fonts"
# (Devanagari, other scripts) by weight.
FACES = {
    False: ("NotoSansDevanagari-Regular.ttf", "DejaVuSans.ttf"),
    True: ("NotoSansDevanagari-Bold.ttf", "DejaVuSans-Bold.ttf"),
}
DEVANAGARI = re.compile("[\u0900-\u097f\ua8e0-\ua8ff]")
JOINERS = "\u200c\u200d"  # zero-width (non-)joiner: part of a Devanagari cluster
# Attributes of the text element carried over to the outline's group.
KEPT = ("transform", "fill", "opacity", "fill-opacity", "aria-label", "role", "aria-hidden")


def has_devanagari(text: str) -> bool:
    return DEVANAGARI.search(text) is not None


@dataclass(frozen=True)
class _Face:
    font: hb.Font
    upem: int

    def has(self, char: str) -> bool:
        return bool(self.font.get_nominal_glyph(ord(char)))


@cache
def _face(name: str) -> _Face:
    face = hb.Face(hb.Blob.from_file_path(str(FONTS / name)))
    return _Face(hb.Font(face), face.upem)


class _PathPen:
    """Collects a glyph's outline as SVG path commands, scaled and placed (y down)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.x = 0.0
        self.y = 0.0
        self.scale = 1.0

    def _p(self, x: float, y: float) -> str:
        return f"{self.x + x * self.scale:.2f} {self.y - y * self.scale:.2f}"

    def moveTo(self, pt: tuple[float, float]) -> None:
        self.parts.append(f"M{self._p(*pt)}")

    def lineTo(self, pt: tuple[float, float]) -> None:
        self.parts.append(f"L{self._p(*pt)}")

    def qCurveTo(self, *pts: tuple[float, float]) -> None:
        self.parts.append(f"Q{self._p(*pts[0])} {self._p(*pts[1])}")

    def curveTo(self, *pts: tuple[float, float]) -> None:
        self.parts.append(f"C{self._p(*pts[0])} {self._p(*pts[1])} {self._p(*pts[2])}")

    def closePath(self) -> None:
        self.parts.append("Z")


def _runs(text: str, bold: bool) -> list[tuple[str, str]]:
    """`text` cut into runs of one font: Devanagari (with the spaces, digits and marks
    between its words that the Devanagari font has) and everything else."""
    devanagari, other = FACES[bold]
    noto = _face(devanagari)
    runs: list[tuple[str, str]] = []
    for char in text:
        between = not char.isalpha() and noto.has(char) and bool(runs) and runs[-1][0] == devanagari
        name = devanagari if DEVANAGARI.match(char) or char in JOINERS or between else other
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
    return runs


def outline(text: str, size: float, *, bold: bool = False, anchor: str = "start") -> str:
    """The SVG path data of `text` set at `size` px on a baseline at y = 0, starting at
    x = 0 ("start"), centred on it ("middle") or ending at it ("end")."""
    pen = _PathPen()
    glyphs: list[tuple[_Face, int, float, float, float]] = []  # face, glyph, x, y, scale
    x = 0.0
    for name, run in _runs(text, bold):
        face = _face(name)
        scale = size / face.upem
        buffer = hb.Buffer()
        buffer.add_str(run)
        buffer.guess_segment_properties()
        hb.shape(face.font, buffer, {})
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
            glyphs.append(
                (face, info.codepoint, x + pos.x_offset * scale, pos.y_offset * scale, scale)
            )
            x += pos.x_advance * scale
    shift = {"middle": -x / 2, "end": -x}.get(anchor, 0.0)
    for face, glyph, gx, gy, scale in glyphs:
        pen.x, pen.y, pen.scale = gx + shift, -gy, scale
        face.font.draw_glyph_with_pen(glyph, pen)
    return "".join(pen.parts)


def _size(element: ET.Element) -> float:
    found = re.match(r"[\d.]+", element.get("font-size", "10"))
    return float(found.group()) if found else 10.0


def _bold(element: ET.Element) -> bool:
    weight = element.get("font-weight", "normal")
    return weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)


def _lines(element: ET.Element) -> list[tuple[float, str]]:
    """A text element's lines as (baseline offset, text): its own text, then its tspans."""
    lines: list[tuple[float, str]] = []
    if element.text and element.text.strip():
        lines.append((0.0, element.text))
    offset = 0.0
    for span in element.iter(TSPAN):
        found = re.match(r"-?[\d.]+", span.get("dy", "0"))
        offset += float(found.group()) if found else 0.0
        lines.append((offset, "".join(span.itertext())))
    return lines


def _outlined(element: ET.Element) -> ET.Element:
    """A group of paths in place of a text element."""
    said = "".join(element.itertext())
    group = ET.Element(f"{{{SVG_NS}}}g", {k: element.get(k, "") for k in KEPT if element.get(k)})
    group.set("fill", element.get("fill", "#000"))
    group.set("aria-label", element.get("aria-label", said))
    size, bold = _size(element), _bold(element)
    anchor = element.get("text-anchor", "start")
    for offset, line in _lines(element):
        data = outline(line, size, bold=bold, anchor=anchor)
        if data:
            path = ET.SubElement(group, f"{{{SVG_NS}}}path", {"d": data})
            if offset:
                path.set("transform", f"translate(0,{offset:g})")
    return group


def shape_devanagari(svg: str) -> str:
    """`svg` with each `<text>` holding Devanagari replaced by its shaped outlines."""
    if not has_devanagari(svg):
        return svg
    root = fromstring(svg)
    found = [
        (parent, child)
        for parent in root.iter()
        for child in parent
        if child.tag == TEXT and has_devanagari("".join(child.itertext()))
    ]
    for parent, child in found:
        index = list(parent).index(child)
        parent.remove(child)
        parent.insert(index, _outlined(child))
    return ET.tostring(root, encoding="unicode")
