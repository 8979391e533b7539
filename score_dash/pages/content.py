"""What a Review page shows, declared once: its blocks in order (headings, cards, captions,
charts, tables, and how far each table is cut in print).

A page's `compose(report, ctx, ...)` (score_dash/pages/<page>.py) returns these blocks; the
screen draws them with Streamlit (`score_dash.ui.content`) and the printed pack with Typst
(`score_dash.pack.draw`). What only one of them can show says so with `where`: the
screen's interactive parts (a choice, a map's layers, a form) stay in the page's script.

Charts are Altair charts built from the report's own tables, so the pack prints the chart
the screen shows. Text from data reaches a block as plain text; each renderer escapes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

import altair as alt
import pandas as pd

from score_dash.access import policy
from score_dash.core.dictionary import INDICATORS_BY_CODE
from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.formats import fmt_number
from score_dash.core.i18n import t, word
from score_dash.meetings import minutes

Where = Literal["both", "screen", "print"]
AnyChart = (
    alt.Chart
    | alt.LayerChart
    | alt.FacetChart
    | alt.VConcatChart
    | alt.HConcatChart
    | alt.ConcatChart
)
TOP_ROWS = 12  # rows of a long table in print; the rest is in the Excel download
CONTENT_WIDTH_PT = 756.0  # the printed page's width: A4 landscape less 15 mm margins


@dataclass(frozen=True)
class Heading:
    text: str
    where: Where = "both"


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    notes: tuple[str, ...] = ()
    colour: str = ""  # the value's colour in print (a status), "#rrggbb"; none: black
    help: str = ""  # the tooltip on screen (an indicator's definition, a rule)
    delta: str = ""  # the change, "+12" or "-1.5 points" (on screen an arrow; printed a line)
    delta_note: str = ""  # since when: "since 2017-H1"
    link: str = ""  # a page (by name) the screen links to from the card in meeting mode
    # A card of several figures (no `value`): (figure, what it is) on a line each.
    figures: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Cards:
    cards: tuple[Card, ...]
    columns: int = 3  # per row in print; the screen balances its rows (ui.grid_columns)
    where: Where = "both"


LineStyle = Literal["plain", "strong", "bullets", "notice", "info", "success"]


@dataclass(frozen=True)
class Lines:
    """Text: "plain" is small print (a caption), "notice" a warning, "info" and "success"
    a neutral or good message."""

    lines: tuple[str, ...]
    style: LineStyle = "plain"
    where: Where = "both"


@dataclass(frozen=True)
class Figure:
    """A chart, its caption and, on screen, the notes on figures drawn on it."""

    chart: AnyChart | Callable[[], AnyChart]  # a function: built only where it is drawn
    key: str  # the screen's widget key
    caption: str = ""
    # What the chart shows and its main fact, in words from its data (`ranked`,
    # `over_time`): a screen reader's text for it, printed under it in the pack.
    alt: str = ""
    notes: pd.DataFrame | None = field(default=None, compare=False)
    print_share: float = 1.0  # of the printed page's width
    drawn_to_size: bool = False  # the chart sets its own size (a map's projection): kept
    where: Where = "both"

    def built(self) -> AnyChart:
        return self.chart() if callable(self.chart) else self.chart


@dataclass(frozen=True)
class Table:
    """One of the report's tables (by its title): on screen in full, in print its first
    `rows` rows (the last ones when `latest`) without `drop` columns, the rest said to be
    in the Excel download. Withheld from the role: why, instead."""

    sheet: str
    key: str
    heading: str = ""
    rows: int = TOP_ROWS
    latest: bool = False
    drop: tuple[str, ...] = ()
    note: str = ""  # printed under the table (the screen has the caption blocks)
    expander: str = ""  # on screen, folded under this label
    where: Where = "both"


@dataclass(frozen=True)
class Row:
    """Blocks side by side (relative `widths`; none: equal)."""

    items: tuple[Block, ...]
    widths: tuple[float, ...] = ()
    where: Where = "both"


@dataclass(frozen=True)
class Stack:
    """Blocks one below the other, as one (a heading and its text beside a chart)."""

    items: tuple[Block, ...]
    where: Where = "both"


@dataclass(frozen=True)
class Tabs:
    """On screen one tab per block; in print every block, one after the other."""

    labels: tuple[str, ...]
    items: tuple[Block, ...]
    where: Where = "both"


@dataclass(frozen=True)
class Folded:
    """On screen folded under `label` (an expander); in print shown."""

    label: str
    items: tuple[Block, ...]
    expanded: bool = False
    where: Where = "both"


@dataclass(frozen=True)
class Link:
    """On screen, a link to another page (by name) that keeps the view (meeting mode)."""

    page: str
    label: str = ""
    where: Where = "screen"


@dataclass(frozen=True)
class Slot:
    """A place on screen where the page's script draws something of its own (a part that
    needs the session, such as the last review's actions with their forms)."""

    name: str
    where: Where = "screen"


Block = Heading | Cards | Lines | Figure | Table | Row | Stack | Tabs | Folded | Link | Slot


@dataclass(frozen=True)
class Context:
    """What a page's content needs besides its report: the frames and periods it was built
    from, the role's meeting records, and the notes on figures the view may read."""

    frames: dict[str, pd.DataFrame]
    periods: ResolvedPeriods
    options: Options
    small_n: int
    scope: str = "programme"  # the logframe's scope (metrics.logframe.scope_of)
    records: minutes.Records = field(default_factory=minutes.Records.empty)
    as_of: date | None = None  # the meeting's date: what is overdue
    at: datetime | None = None  # the moment statuses are shown at (a published review)
    protection: policy.Protection | None = None
    # The notes on figures (rows of `minutes.Records.notes`) on these indicators in the
    # trend's half-years; the screen reads those of the view's place. None: all of `records`.
    notes_on: Callable[[Sequence[str], Sequence[str] | None], pd.DataFrame] | None = field(
        default=None, compare=False
    )
    meeting: bool = False  # meeting mode: larger chart text on screen

    @property
    def review(self) -> str:
        return self.periods.labels[self.periods.review]

    def notes(
        self, indicators: Sequence[str], names: Mapping[str, str] | None = None
    ) -> pd.DataFrame:
        """The notes on figures on `indicators` in the trend's half-years, laid out for a
        chart (`minutes.notes_table`; `names`: an Indicator column with these names)."""
        return minutes.notes_table(
            self.notes_in(indicators, self.periods.trend), self.periods.labels, names
        )

    def notes_in(self, indicators: Sequence[str], periods: Sequence[str] | None) -> pd.DataFrame:
        """The notes on figures (rows of `minutes.Records.notes`) on `indicators` in
        `periods` (None: every half-year) that the view may read."""
        if self.notes_on is not None:
            return self.notes_on(indicators, periods)
        return minutes.notes_for(self.records.notes, set(indicators), periods)


def shown(blocks: Sequence[Block], where: Literal["screen", "print"]) -> list[Block]:
    """The blocks drawn `where` (a block for the other only is left out)."""
    return [block for block in blocks if block.where in ("both", where)]


def definition(code: str) -> str:
    """A figure's tooltip: its indicator's definition (in the catalog's language where the
    catalog has it) and formula ("" for no indicator)."""
    indicator = INDICATORS_BY_CODE.get(code)
    if indicator is None:
        return ""
    return t("{definition} Formula: {formula}.").format(
        definition=t(indicator.definition), formula=indicator.formula
    )


def small_multiples(build: Callable[[int], alt.FacetChart], panels: int) -> alt.FacetChart:
    """A small-multiples chart (`build(columns)`) in full rows of 4 or 3 panels where it
    can be; otherwise each panel keeps its own x axis (under a part-filled last row the
    shared axis would stand alone in an empty cell)."""
    for columns in (4, 3):
        if panels % columns == 0:
            return build(columns)
    return build(3).resolve_axis(x="independent")


def _figure(value: float, unit: str) -> str:
    return fmt_number(float(value), unit)


def ranked(
    table: pd.DataFrame, label: str | Sequence[str], value: str, what: str, unit: str = ""
) -> str:
    """A chart's text alternative from its table: how many it shows, the highest and the
    lowest (figures withheld from the role are empty, and left out)."""
    labels = [label] if isinstance(label, str) else list(label)
    rows = table[[*labels, value]].dropna(subset=[value]) if len(table) else table
    if rows.empty:
        return t("{what}: no figure to show.").format(what=what)
    top, low = rows.loc[rows[value].idxmax()], rows.loc[rows[value].idxmin()]

    def name(row: pd.Series) -> str:  # one of the app's words in the run's language
        return " · ".join(word(str(row[column])) for column in labels)

    if len(rows) == 1:
        return t("{what}: {name} {figure}.").format(
            what=what, name=name(top), figure=_figure(top[value], unit)
        )
    return t("{what}, {count} shown: highest {top} ({high}), lowest {bottom} ({low}).").format(
        what=what,
        count=len(rows),
        top=name(top),
        high=_figure(top[value], unit),
        bottom=name(low),
        low=_figure(low[value], unit),
    )


def over_time(table: pd.DataFrame, period: str, value: str, what: str, unit: str = "") -> str:
    """A trend chart's text alternative from its table: the first and the latest figure."""
    rows = table[[period, value]].dropna(subset=[value]) if len(table) else table
    if rows.empty:
        return t("{what}: no figure to show.").format(what=what)
    first, last = rows.iloc[0], rows.iloc[-1]
    if len(rows) == 1:
        return t("{what}: {figure} in {period}.").format(
            what=what, figure=_figure(last[value], unit), period=last[period]
        )
    return t("{what}: {first} in {start}, {last} in {end}.").format(
        what=what,
        first=_figure(first[value], unit),
        start=first[period],
        last=_figure(last[value], unit),
        end=last[period],
    )
