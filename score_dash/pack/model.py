"""What a pack is made of: what it says about itself (`PackMeta`, its links) and the
blocks of its sections (headings, cards, lines, charts as SVG, tables, rows and stacks), as
score_dash/pack/draw.py makes them and the Typst template data/pack/pack.typ sets them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from score_dash.core.filters import Filters, Options, ResolvedPeriods, to_query_string
from score_dash.core.formats import fmt_date
from score_dash.core.i18n import N_, t


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
        return t("Data version {version}, as of {date}").format(
            version=self.data_version, date=fmt_date(self.data_date)
        )

    @property
    def figures_text(self) -> str:
        """Whether the figures can still change, in words (the cover), and whether they
        are an earlier review's (`held_back`)."""
        if self.published is None:
            told = t("The current data: a later import may change these figures.")
        else:
            told = t(
                "As presented at the review of {period}, published on {date}: later imports "
                "do not change them."
            ).format(period=self.period_label, date=fmt_date(self.published))
        return f"{told} {self.held_back}" if self.held_back else told


DEFAULT_TITLE = N_("Review meeting pack")


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
