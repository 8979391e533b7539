"""The review meeting's PDF pack: every Review page in meeting order, A4 landscape.

`build_pack(frames, periods, options, meta=..., role=..., min_cell=..., small_n=...)`
builds each Review page's report (`pages.build_report`), cuts it down for the role
(`access.restrict`, as every report reaching a page or a workbook is) and lays it out as
the page shows it: the page's cards as figures, its main charts drawn by the same
`score_dash.charts` builders (Altair -> vl-convert SVG, offline), its main tables cut to
their first rows (the rest is in the page's Excel download) and the notes on its figures;
then the Decisions & actions of the meetings (`score_dash.meetings.minutes`: what the last review
decided and how its actions stand at this meeting, and what this review decided); then the
definitions of the indicators shown. The Typst template `data/pack/pack.typ` sets it,
with a cover (title, half-year, meeting date, data version and date, the share link, the
demo line) and the vintage and page numbers in every footer.

The pack takes plain inputs (`PackMeta` says what the document says about itself), so a
published review, the command line and the Overview's button all call it the same way.

Deterministic: only the vendored fonts in `data/pack/fonts` are used (in the charts too),
and the PDF's date is the data's date, so the same data give the same bytes. Text from the
data (and from the meetings' records, which anyone allowed to record may have typed)
reaches the template as JSON strings and is set as text, never read as markup.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import typst
import vl_convert

from score_dash.access import disclosure, policy
from score_dash.access.policy import Role
from score_dash.core.dictionary import DEMO_NOTE, INDICATORS_BY_CODE
from score_dash.core.filters import Filters, Options, ResolvedPeriods, to_query_string
from score_dash.core.formats import DASH, cell_text, clean, fmt_date, fmt_day
from score_dash.core.reports import PageReport
from score_dash.meetings import actions
from score_dash.meetings import minutes as rec
from score_dash.metrics import results
from score_dash.pages import content, registry
from score_dash.pages.content import CONTENT_WIDTH_PT, TOP_ROWS, Context

Frames = dict[str, pd.DataFrame]

PACK_DIR = Path(__file__).resolve().parents[2] / "data" / "pack"
TEMPLATE = PACK_DIR / "pack.typ"
FONTS = PACK_DIR / "fonts"
FONT = "DejaVu Sans"  # the vendored family, for the text and the charts

CELL_LIMIT = 90  # characters of a table cell
PX_TO_PT = 0.75  # chart pixels at 96 per inch
UNBROKEN_ROWS = 20  # a table of at most this many rows is kept on one page
CHART_MAX_HEIGHT_PT = 300.0  # a chart leaves room on its page for its heading and table
CHART_WIDTH_PX = 860  # charts whose width follows the screen's column get this width
# Columns that mean something on screen only (links between pages, map positions, codes).
SCREEN_ONLY_COLUMNS = frozenset({"Detail page", "Latitude", "Longitude", "Code"})


@dataclass(frozen=True)
class PackMeta:
    """What the pack says about itself: its cover, footer and PDF metadata.

    - `title`: the cover's title, e.g. "Review meeting pack".
    - `period_label`: the half-year under review as the app labels it ("2017-H2").
    - `data_version`, `data_date`: the data the figures come from (the vintage).
    - `share_link`: the dashboard's address for the same review (cover, as a link).
    - `meeting_date`: the review meeting, when known.
    - `demo`: the illustrative demo data are loaded (the cover says so).
    - `published`: when the review was published (UTC), for a pack of a published review
      (its data version is fixed, and the actions' statuses are shown as they stood then);
      None for a pack of the current data.
    - `held_back`: a viewer's pack built on an earlier review's data than asked for
      (score_dash/access/versions.py): the notice saying so, on the cover.
    """

    title: str
    period_label: str
    data_version: str
    data_date: date
    share_link: str
    meeting_date: date | None = None
    demo: bool = False
    published: datetime | None = None
    held_back: str = ""

    @property
    def vintage(self) -> str:
        """The data's vintage, as every footer shows it."""
        return f"Data version {self.data_version}, as of {fmt_date(self.data_date)}"

    @property
    def figures_text(self) -> str:
        """Whether the figures can still change, in words (the cover), and whether they
        are an earlier review's (`held_back`)."""
        if self.published is None:
            told = "The current data: a later import may change these figures."
        else:
            told = (
                f"As presented at the review of {self.period_label}, published on "
                f"{fmt_date(self.published)}: later imports do not change them."
            )
        return f"{told} {self.held_back}" if self.held_back else told


DEFAULT_TITLE = "Review meeting pack"


def date_of(text: str) -> date:
    """The date of a stored time stamp such as "2026-12-02T08:53:39" (ValueError if none)."""
    return date.fromisoformat(text.strip()[:10])


def overview_link(base_url: str, periods: ResolvedPeriods, options: Options) -> str:
    """The Overview of the review half-year on the current data (the Overview is the root
    page)."""
    query = to_query_string(Filters(period=periods.review), options)
    return f"{base_url.rstrip('/')}/?{query}"


def review_link(base_url: str, period: str, options: Options) -> str:
    """The Overview as presented at the published review of `period` (`?review=`: the
    review's data version and half-year)."""
    query = to_query_string(Filters(), options, {"review": [period]})
    return f"{base_url.rstrip('/')}/?{query}"


# --- what a section is made of ---------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    notes: tuple[str, ...] = ()
    colour: str = ""  # the value's colour (a status), "#rrggbb"; none: black


@dataclass(frozen=True)
class Heading:
    text: str
    kind: str = "heading"


@dataclass(frozen=True)
class Cards:
    cards: tuple[Card, ...]
    columns: int = 3
    kind: str = "cards"


@dataclass(frozen=True)
class Lines:
    lines: tuple[str, ...]
    style: str = "plain"  # "plain" (small print), "strong", "bullets", "notice"
    kind: str = "lines"


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str
    width: float  # points on the page
    caption: str = ""
    kind: str = "chart"


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    align: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    withheld: str = ""
    widths: tuple[float, ...] = ()  # relative column widths; none: laid out by their text
    breakable: bool = False  # a long table may continue on the next page
    kind: str = "table"


@dataclass(frozen=True)
class Row:
    """Blocks side by side (two small charts, a chart and its table)."""

    items: tuple[Block, ...]
    widths: tuple[float, ...] = ()  # relative widths; none: equal
    kind: str = "row"


@dataclass(frozen=True)
class Stack:
    """Blocks one below the other, as one (a heading and its text beside a chart)."""

    items: tuple[Block, ...]
    kind: str = "stack"


Block = Heading | Cards | Lines | Chart | Table | Row | Stack


@dataclass(frozen=True)
class Section:
    """One Review page in the pack."""

    page: str
    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()
    indicators: tuple[str, ...] = field(default=(), repr=False)


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
    """An Altair chart (or its spec) as SVG, with the vendored font and no network.

    A chart whose width follows the screen's column (`"container"`, or none given) gets
    `width_px`, which stands in for the column.
    """
    _register_fonts()
    # The screen draws the same spec; validation costs ~1 s.
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    if spec.get("width") == "container":
        spec = {**spec, "width": width_px}
    config = {"font": FONT, "view": {"continuousWidth": width_px}}
    return vl_convert.vegalite_to_svg(spec, config=config, allowed_base_urls=[])


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
    shown_title = title if heading is None else heading
    if sheet.withheld:
        return Table(shown_title, withheld=sheet.withheld)
    frame = sheet.frame
    columns = [c for c in frame.columns if c not in SCREEN_ONLY_COLUMNS and c not in drop]
    cut = frame.iloc[-rows:] if latest else frame.iloc[:rows]
    notes = [text for text in (sheet.note, note) if text]
    more = len(frame) - len(cut)
    if more:
        which = "earlier" if latest else "more"
        noun = "row" if more == 1 else "rows"
        notes.append(f"… {more} {which} {noun} in the Excel download.")
    left_out = [c for c in frame.columns if c in drop]
    if left_out:
        notes.append(f"Not shown here: {', '.join(left_out)} (in the Excel download).")
    if NOTE_COLUMN in columns and len(columns) > 2:  # a row's note: a mark, its text below
        cut, marks = _marked_notes(cut)
        notes += [f"[{mark}] {text}" for text, mark in marks.items()]
    return Table(
        shown_title,
        columns=tuple(clean(c, CELL_LIMIT) for c in columns),
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
    return DASH if missing else clean(cell_text(value, percent), CELL_LIMIT)


# --- one composer per Review page: what the page shows, in its order ---------------------------


def compose_tables(report: PageReport, ctx: Context) -> list[Block]:
    """A page without its own layout: every table, cut to its first rows."""
    del ctx
    return [table_block(report, sheet.title) for sheet in report.sheets]


# --- the meetings' record: decisions, actions and notes on figures -----------------------------

RECORD_COLUMNS = ("ID", "Kind", "Text", "Owner", "Due", "Status", "Overdue")
RECORD_WIDTHS = (4, 7, 50, 16, 8, 8, 7)
NOTE_TABLE_COLUMNS = ("Half-year", "Indicator", "Place", "Note")
NOTE_WIDTHS = (8, 22, 14, 56)
DECIDED_HERE = "Decided at this review"


def record_table(items: pd.DataFrame) -> Table:
    """Rows of a `records.items_table` as the pack prints them: actions first, then
    decisions, each in the order recorded; every row (a review records a few)."""
    ordered = items.assign(_decision=items["Kind"] != "action").sort_values(
        ["_decision", "ID"], kind="stable"
    )
    rows = tuple(
        (
            str(row["ID"]),
            str(row["Kind"]).capitalize(),
            clean(row["Text"], None),
            clean(row["Owner"]) or DASH if row["Kind"] == "action" else DASH,
            DASH if pd.isna(row["Due"]) else fmt_day(pd.Timestamp(row["Due"])),
            clean(row["Status"]) or DASH,
            "yes" if row["Overdue"] == "yes" else "",
        )
        for row in ordered.to_dict("records")
    )
    return Table(
        "",
        columns=RECORD_COLUMNS,
        rows=rows,
        align=("right", *("left",) * (len(RECORD_COLUMNS) - 1)),
        widths=RECORD_WIDTHS,
        breakable=True,
    )


def compose_decisions(report: PageReport, ctx: Context) -> list[Block]:
    """The meetings' record for this review: what the review before it decided, with each
    action's owner, due date, status and whether it is overdue at this meeting; then what
    this review decided. Statuses as they stood when the review was published (`ctx.at`),
    else as they are now."""
    previous = rec.previous_review(ctx.options.period_codes, ctx.periods.review)
    last = actions.last_review_sheet(ctx.records, previous, as_of=ctx.as_of, at=ctx.at)
    if ctx.at is not None:
        moment = f"Statuses as they stood when the review was published ({fmt_date(ctx.at)})."
    else:
        moment = "Statuses as recorded when this pack was made."
    blocks: list[Block] = [
        Lines((moment,)),
        Heading(actions.LAST_REVIEW),
        Lines((last.note,), "strong"),
    ]
    if len(last.frame):
        blocks.append(record_table(last.frame))
    decided = actions.filter_items(report.table(rec.ITEMS), review=ctx.periods.review)
    blocks.append(Heading(DECIDED_HERE))
    if len(decided):
        counts = rec.tally(decided)
        summary = (
            actions.summary_text(counts)
            if counts["actions"]
            else f"{counts['decisions']} decision{'s' if counts['decisions'] != 1 else ''}, "
            "no action"
        )
        blocks += [Lines((f"Review of {ctx.review}: {summary}.",), "strong"), record_table(decided)]
    else:
        blocks.append(Lines((f"Nothing is recorded for the review of {ctx.review} yet.",)))
    return blocks


def note_indicators(page_name: str, indicators: Sequence[str], ctx: Context) -> set[str]:
    """The codes whose notes concern a page: its report's indicators, and on the Results
    page the KPI it shows."""
    codes = set(indicators)
    if page_name == "results":
        codes.add(results.resolve_kpi(ctx.frames["kpi_definitions"], None))
    return codes


def notes_table(notes: pd.DataFrame, ctx: Context) -> Table:
    """Notes on figures (rows of `records.Records.notes`), by half-year, in the order
    recorded."""
    names = rec.indicator_names()
    ordered = notes.sort_values(["Half-year", "ID"], kind="stable")
    rows = tuple(
        (
            ctx.options.periods.get(row["Half-year"], row["Half-year"]),
            clean(names.get(row["Indicator"], row["Indicator"])),
            clean(", ".join(p for p in (row["State"], row["Cluster"], row["Enterprise"]) if p))
            or "All",
            clean(row["Text"], None),
        )
        for row in ordered.to_dict("records")
    )
    return Table(
        "",
        columns=NOTE_TABLE_COLUMNS,
        rows=rows,
        align=("left",) * len(NOTE_TABLE_COLUMNS),
        widths=NOTE_WIDTHS,
        breakable=True,
    )


def figure_notes(page_name: str, indicators: Sequence[str], ctx: Context) -> list[Block]:
    """The notes on a page's figures in the pack's trend half-years (none: nothing)."""
    notes = rec.notes_for(
        ctx.records.notes, note_indicators(page_name, indicators, ctx), ctx.periods.trend
    )
    if notes.empty:
        return []
    return [Heading(rec.NOTES), notes_table(notes, ctx)]


Composer = Callable[[PageReport, Context], list[Block]]
COMPOSERS: dict[str, Composer] = {
    "decisions": compose_decisions,
}


# --- the pack ---------------------------------------------------------------------------------


def review_pages() -> tuple[registry.Page, ...]:
    """The pages the pack holds: the Review section, in meeting order."""
    return tuple(page for page in registry.PAGES if page.section == registry.REVIEW)


def compose_section(
    page: registry.Page, frames: Frames, ctx: Context, role: Role, min_cell: int
) -> Section:
    """One Review page as the role may see it."""
    missing = registry.missing_tables(page, frames)
    if missing:
        names = ", ".join(registry.TABLE_TITLES[name].lower() for name in missing)
        note = f"This page needs data that are not in the database yet: {names}."
        return Section(page.name, page.title, "", (Lines((note,), "notice"),))
    report = registry.build_report(
        page.name,
        frames,
        ctx.periods,
        ctx.options,
        scope="programme",
        small_n=ctx.small_n,
        records=ctx.records,
        as_of=ctx.as_of,
        at=ctx.at,
    )
    report = policy.restrict(report, role, min_cell, ctx.protection)
    if page.compose is not None:
        blocks = draw(page.compose(report, ctx), report)
    else:
        blocks = COMPOSERS.get(page.name, compose_tables)(report, ctx)
    blocks += figure_notes(page.name, report.indicators, ctx)
    shown = set(_captions(blocks))  # a note already printed under a chart is not repeated
    return Section(
        page.name,
        page.title,
        _subtitle(report, page.title),
        tuple(blocks),
        notes=tuple(note for note in report.notes if note not in shown),
        indicators=report.indicators,
    )


def _captions(blocks: Sequence[Block]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Chart) and block.caption:
            found.append(block.caption)
        elif isinstance(block, Row | Stack):
            found += _captions(block.items)
    return found


def _subtitle(report: PageReport, title: str) -> str:
    """ "Modules: completion funnels as at 2017-H2" -> "Completion funnels as at 2017-H2"."""
    if report.title == title:  # nothing more to say than the title
        return ""
    text = report.title.removeprefix(f"{title}: ")
    return text[:1].upper() + text[1:]


def definitions_section(sections: Sequence[Section]) -> Section:
    """Every indicator shown, once, in the order the pages first show it."""
    shown_on: dict[str, list[str]] = {}
    for section in sections:
        for code in section.indicators:
            if code in INDICATORS_BY_CODE:
                pages_of = shown_on.setdefault(code, [])
                if section.title not in pages_of:
                    pages_of.append(section.title)
    rows = []
    for code, titles in shown_on.items():
        indicator = INDICATORS_BY_CODE[code]
        rows.append(
            (
                indicator.name,
                indicator.definition,
                indicator.formula,
                indicator.unit,
                ", ".join(titles),
            )
        )
    table = Table(
        "",
        columns=("Indicator", "Definition", "Formula", "Unit", "Shown on"),
        rows=tuple(tuple(clean(cell, None) for cell in row) for row in rows),
        align=("left",) * 5,
        widths=(14, 40, 30, 10, 16),
        breakable=True,
    )
    return Section("definitions", "Definitions", "What the figures mean", (table,))


def edition_text(role: Role, min_cell: int) -> str:
    if policy.can_see_enterprises(role):
        return (
            f"Project staff: every figure, including those from fewer than {min_cell} "
            "enterprises. Not for circulation outside the project team."
        )
    return (
        f"For circulation: figures from fewer than {min_cell} enterprises are not shown, "
        "nor any that would reveal them."
    )


def compose_pack(
    frames: Frames,
    periods: ResolvedPeriods,
    options: Options,
    *,
    role: Role,
    min_cell: int,
    small_n: int,
    records: rec.Records | None = None,
    as_of: date | None = None,
    at: datetime | None = None,
    dominance_p: int = policy.DEFAULT_DOMINANCE_P,
) -> list[Section]:
    """The pack's sections: every Review page (the last, Decisions & actions, from
    `records`, already cut down for the role), then the definitions. A viewer's pack reads
    the viewers' publication of `frames` (score_dash/access/disclosure.py) for the programme."""
    recorded = records if records is not None else rec.Records.empty()
    protection = None
    if not policy.can_see_enterprises(role):
        publication = disclosure.build_publication(frames, min_cell, dominance_p)
        programme = Filters(period=periods.review)  # the pack reviews the whole programme
        _, _, protection = policy.protect_view(publication, programme, options, frames["periods"])
        frames = disclosure.estimate_sex(frames, min_cell)
    ctx = Context(
        frames,
        periods,
        options,
        small_n,
        records=recorded,
        as_of=as_of,
        at=at,
        protection=protection,
    )
    sections = [compose_section(page, frames, ctx, role, min_cell) for page in review_pages()]
    return [*sections, definitions_section(sections)]


def pack_document(sections: Sequence[Section], meta: PackMeta, role: Role, min_cell: int) -> str:
    """The JSON the template reads."""
    cover = {
        "title": meta.title,
        "period": meta.period_label,
        "meeting": fmt_date(meta.meeting_date) if meta.meeting_date else "",
        "vintage": meta.vintage,
        "figures": meta.figures_text,
        "link": meta.share_link,
        "demo": DEMO_NOTE if meta.demo else "",
        "edition": edition_text(role, min_cell),
        "footer": f"{meta.title} · {meta.period_label}",
        "about": "Made with the SCORE India review dashboard. Each page's tables in full, "
        "with every column, are in that page's Excel download on the dashboard.",
    }
    return json.dumps(
        {"meta": cover, "sections": [asdict(section) for section in sections]},
        ensure_ascii=False,
        default=_json_default,
    )


def _json_default(value: object) -> Any:
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def render_pdf(document: str, data_date: date) -> bytes:
    """The PDF of a pack document: vendored fonts only, dated with the data's date."""
    timestamp = int(
        datetime(data_date.year, data_date.month, data_date.day, tzinfo=UTC).timestamp()
    )
    return typst.compile(
        str(TEMPLATE),
        root=str(PACK_DIR),
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        sys_inputs={"pack": document},
        timestamp=timestamp,
    )


def build_pack(
    frames: Frames,
    periods: ResolvedPeriods,
    options: Options,
    *,
    meta: PackMeta,
    role: Role,
    min_cell: int,
    small_n: int,
    records: rec.Records | None = None,
    dominance_p: int = policy.DEFAULT_DOMINANCE_P,
) -> bytes:
    """The meeting's PDF pack of the whole programme for `periods.review`, as `role` may
    see it. `frames` are the unfiltered frames (the pack reviews the whole programme);
    `records` the meetings' decisions, actions and notes (None: none), cut down here for a
    viewer's edition before anything is composed. Overdue is judged at `meta.meeting_date`;
    statuses are those at `meta.published` for a published review's pack."""
    recorded = records if records is not None else rec.Records.empty()
    if not policy.can_see_enterprises(role):
        recorded = rec.for_viewer(recorded, frames["enterprises"], min_cell)
    sections = compose_pack(
        frames,
        periods,
        options,
        role=role,
        min_cell=min_cell,
        small_n=small_n,
        records=recorded,
        as_of=meta.meeting_date,
        at=meta.published,
        dominance_p=dominance_p,
    )
    return render_pdf(pack_document(sections, meta, role, min_cell), meta.data_date)
