"""A page's declared content (score_dash/pages/content.py) drawn for print: its charts by
the screen's Altair builders, offline to SVG at print size (vl-convert, the vendored fonts,
Devanagari shaped to outlines: score_dash/pack/shaping.py), its cards, lines and tables cut
to their first rows, as the pack's blocks (score_dash/pack/model.py)."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert

from score_dash.core.formats import DASH, cell_text, clean
from score_dash.core.i18n import N_, t, words
from score_dash.core.reports import PageReport
from score_dash.pack.model import Block, Card, Cards, Chart, Heading, Lines, Row, Stack, Table
from score_dash.pack.shaping import shape_devanagari
from score_dash.pages import content
from score_dash.pages.content import CONTENT_WIDTH_PT, TOP_ROWS

PACK_DIR = Path(__file__).resolve().parents[2] / "data" / "pack"
FONTS = PACK_DIR / "fonts"
FONT = "DejaVu Sans"  # the vendored family, for the text and the charts
# Devanagari (the pack in Hindi): running text falls back to it in Typst; the charts' Hindi
# text is drawn as outlines with it (score_dash/pack/shaping.py).
DEVANAGARI_FONT = "Noto Sans Devanagari"

CELL_LIMIT = 90  # characters of a table cell
PX_TO_PT = 0.75  # chart pixels at 96 per inch
UNBROKEN_ROWS = 20  # a table of at most this many rows is kept on one page
CHART_MAX_HEIGHT_PT = 300.0  # a chart leaves room on its page for its heading and table
CHART_WIDTH_PX = 860  # charts whose width follows the screen's column get this width
# Columns that mean something on screen only (links between pages, map positions, codes).
SCREEN_ONLY_COLUMNS = frozenset({"Detail page", "Latitude", "Longitude", "Code"})


# --- charts: the screen's Altair charts, drawn offline -----------------------------------------

_FONTS_LOCK = threading.Lock()
_fonts_registered = False
_SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


def _register_fonts() -> None:
    global _fonts_registered
    with _FONTS_LOCK:
        if not _fonts_registered:
            vl_convert.register_font_directory(str(FONTS))
            _fonts_registered = True


def render_svg(chart: alt.TopLevelMixin | dict[str, Any], width_px: int = CHART_WIDTH_PX) -> str:
    """An Altair chart (or its spec) as SVG, with the vendored font and no network; its
    Devanagari text (a chart in Hindi) drawn as shaped outlines, its Latin text left as text.

    A chart whose width follows the screen's column (`"container"`, or none given) gets
    `width_px`, which stands in for the column.
    """
    _register_fonts()
    # The screen draws the same spec; validation costs ~1 s.
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    if spec.get("width") == "container":
        spec = {**spec, "width": width_px}
    config = {"font": FONT, "view": {"continuousWidth": width_px}}
    return shape_devanagari(vl_convert.vegalite_to_svg(spec, config=config, allowed_base_urls=[]))


def _resized(spec: Any, size: str, factor: float) -> Any:
    """`spec` with every fixed view `size` ("width" or "height": a panel of small multiples,
    a concatenated chart) times `factor`: the chart gets smaller, its text keeps its size."""
    if isinstance(spec, list):
        return [_resized(item, size, factor) for item in spec]
    if not isinstance(spec, dict):
        return spec
    return {
        key: max(int(value * factor), 40)
        if key == size and isinstance(value, int | float) and not isinstance(value, bool)
        else value
        if key in ("data", "datasets", "encoding", "mark", "config", "params")
        else _resized(value, size, factor)
        for key, value in spec.items()
    }


def print_chart(
    chart: alt.TopLevelMixin, caption: str = "", *, share: float = 1.0, resize: bool = True
) -> Chart:
    """A chart at print size: drawn for `share` of the page's width at 96 px per inch and
    printed at 0.75 pt per pixel, so its 10 px labels print at 7.5 pt. A chart of fixed
    sizes drawn wider than its share, or taller than CHART_MAX_HEIGHT_PT, is drawn again
    smaller (not shrunk, which would shrink its text under 7 pt)."""
    room_pt = CONTENT_WIDTH_PT * share
    width_px = max(int(room_pt / PX_TO_PT), 120)
    spec = chart.to_dict(validate=False)
    if ("mark" in spec or "layer" in spec) and not isinstance(spec.get("width"), int | float):
        spec["width"] = width_px  # the screen's column width, as a number to narrow
    svg = render_svg(spec, width_px)
    for size, room in (("width", room_pt), ("height", CHART_MAX_HEIGHT_PT)) if resize else ():
        for _ in range(3):
            drawn = _svg_size(svg, width_px)[size]
            if drawn * PX_TO_PT <= room * 1.01:
                break
            spec = _resized(spec, size, room / PX_TO_PT / drawn)
            svg = render_svg(spec, width_px)
    width = _svg_size(svg, width_px)["width"]
    return Chart("", svg, round(width * min(PX_TO_PT, room_pt / width), 1), caption)


def _svg_size(svg: str, width: float) -> dict[str, float]:
    size = _SVG_SIZE.search(svg)
    if size is None:
        return {"width": width, "height": 0.0}
    return {"width": float(size.group(1)), "height": float(size.group(2))}


# --- a page's content (score_dash/pages/content.py), drawn for print -------------------------


def draw(blocks: Sequence[content.Block], report: PageReport, share: float = 1.0) -> list[Block]:
    """A page's declared content as the pack prints it (`share`: of the page's width)."""
    drawn: list[Block] = []
    for block in content.shown(blocks, "print"):
        match block:
            case content.Heading(text=text):
                drawn.append(Heading(text))
            case content.Cards(cards=cards, columns=columns):
                drawn.append(Cards(tuple(_card(card) for card in cards), columns))
            case content.Lines(lines=lines, style=style):
                drawn.append(
                    Lines(lines, style if style in ("plain", "strong", "bullets") else "notice")
                )
            case content.Figure():
                caption = " ".join(text for text in (block.alt, block.caption) if text)
                drawn.append(
                    print_chart(
                        block.built(),
                        caption,
                        share=share * block.print_share,
                        resize=not block.drawn_to_size,
                    )
                )
            case content.Table():
                drawn.append(
                    table_block(
                        report,
                        block.sheet,
                        heading=block.heading,
                        rows=block.rows,
                        latest=block.latest,
                        drop=block.drop,
                        note=block.note,
                    )
                )
            case content.Row(items=items, widths=widths):
                items = tuple(content.shown(items, "print"))
                shares = widths if widths and len(widths) == len(items) else (1.0,) * len(items)
                parts = [
                    draw([item], report, share * part / sum(shares))
                    for item, part in zip(items, shares, strict=True)
                ]
                parts = [p for p in parts if p]
                if len(parts) == 1:
                    drawn += parts[0]
                elif parts:
                    drawn.append(
                        Row(
                            tuple(p[0] if len(p) == 1 else Stack(tuple(p)) for p in parts),
                            widths=tuple(shares),
                        )
                    )
            case content.Stack(items=items):
                drawn.append(Stack(tuple(draw(items, report, share))))
            case content.Tabs(items=items) | content.Folded(items=items):
                drawn += draw(items, report, share)
    return drawn


def _card(card: content.Card) -> Card:
    """A card as printed: its change and its figures are lines under it."""
    change = (f"{card.delta} {card.delta_note}".strip(),) if card.delta else ()
    figures = tuple(f"{figure} {what}" for figure, what in card.figures)
    return Card(card.label, card.value, (*figures, *change, *card.notes), card.colour)


# --- tables ---------------------------------------------------------------------------------


def table_block(
    report: PageReport,
    title: str,
    *,
    heading: str | None = None,
    rows: int = TOP_ROWS,
    latest: bool = False,
    drop: Sequence[str] = (),
    note: str = "",
) -> Table:
    """A report's table as the pack prints it: at most `rows` rows (the first ones, or the
    latest of a half-yearly table), screen-only columns left out, and a line saying where
    the rest is. A table withheld from the role says why instead."""
    sheet = report.sheet(title)
    shown_title = t(title) if heading is None else heading
    if sheet.withheld:
        return Table(shown_title, withheld=sheet.withheld)
    frame = sheet.frame
    columns = [c for c in frame.columns if c not in SCREEN_ONLY_COLUMNS and c not in drop]
    cut = frame.iloc[-rows:] if latest else frame.iloc[:rows]
    notes = [text for text in (sheet.note, note) if text]
    more = len(frame) - len(cut)
    if more:
        notes.append(t(MORE_ROWS[latest, more == 1]).format(count=more))
    left_out = [t(c) for c in frame.columns if c in drop]
    if left_out:
        notes.append(
            t("Not shown here: {columns} (in the Excel download).").format(
                columns=", ".join(left_out)
            )
        )
    if NOTE_COLUMN in columns and len(columns) > 2:  # a row's note: a mark, its text below
        cut, marks = _marked_notes(cut)
        notes += [f"[{mark}] {text}" for text, mark in marks.items()]
    return Table(
        shown_title,
        columns=tuple(clean(t(c), CELL_LIMIT) for c in columns),
        rows=tuple(
            tuple(
                _cell(value, "(%)" in str(column))
                for column, value in zip(columns, row, strict=True)
            )
            for row in cut[columns].itertuples(index=False, name=None)
        ),
        align=tuple("right" if _numeric(frame[c]) else "left" for c in columns),
        notes=tuple(notes),
        breakable=len(cut) > UNBROKEN_ROWS,
    )


NOTE_COLUMN = "Note"
# The line under a cut table, by (latest rows kept, one row left out).
MORE_ROWS = {
    (False, False): N_("… {count} more rows in the Excel download."),
    (False, True): N_("… {count} more row in the Excel download."),
    (True, False): N_("… {count} earlier rows in the Excel download."),
    (True, True): N_("… {count} earlier row in the Excel download."),
}


def _marked_notes(rows: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rows with each note replaced by its number ("[1]"), and the numbers by text: a
    narrow column of notes would wrap each row to several lines."""
    marks: dict[str, int] = {}
    cells = []
    for value in rows[NOTE_COLUMN]:
        text = "" if pd.isna(value) else str(value).strip()
        if text:
            cells.append(f"[{marks.setdefault(text, len(marks) + 1)}]")
        else:
            cells.append("")
    return rows.assign(**{NOTE_COLUMN: cells}), marks


def _numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _cell(value: object, percent: bool) -> str:
    try:
        missing = bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array is not a missing value
        missing = False
    if missing:
        return DASH
    return clean(cell_text(words([value])[0], percent), CELL_LIMIT)
