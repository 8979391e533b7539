"""How a figure, an amount or a date reads as text, on the screen, in the printed pack, on the
command line and as an Excel cell's display format.

The screen (`score_dash.ui`), the PDF pack (`score_dash.pack`), the command line and the
Excel writer write numbers the same way: digits grouped (Indian 12,34,567 or international
1,234,567), percentages with one decimal and a "%" sign, rupees with "₹" (large amounts in
lakh and crore), dates as 14 Feb 2018 in running text and 14-02-2018 in tables, "—" for a
value that is not known. Text from data is cleaned of characters that change how it reads
without being seen. Nothing here imports Streamlit.

The conventions are one choice for the process (`use`), made by `score_dash.config` when it
reads the settings (SCORE_NUMBER_GROUPING, SCORE_DATE_FORMAT): numbers become text in every
layer (metrics' sentences, pages, charts, the pack, the command line), and threading the
choice through each of them would add an argument to dozens of calls that all must agree.
It is a deployment's convention, like a locale, fixed for the life of the process; each
function also takes it as an argument, which the tests use.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, get_args

import pandas as pd

from score_dash.core.i18n import N_, t

DASH = "—"  # how a missing value is shown everywhere
TEXT_LIMIT = 200  # characters of a name shown in running text

# Right-to-left/left-to-right overrides and isolates, zero-width and other invisible format
# characters: they change how text reads without being seen.
# Joiners (U+200C, U+200D) stay: Indian scripts need them to shape words.
_INVISIBLE = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACE = re.compile(r"\s+")


def clean(value: object, limit: int | None = TEXT_LIMIT) -> str:
    """The value as one line of visible text: invisible characters removed, whitespace
    collapsed, cut to `limit` characters with an ellipsis. Missing values become a dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    text = _INVISIBLE.sub("", str(value))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\t\n\r")
    text = _SPACE.sub(" ", text).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


Grouping = Literal["indian", "international"]
DateStyle = Literal["day-month", "iso"]
GROUPINGS: tuple[str, ...] = get_args(Grouping)
DATE_STYLES: tuple[str, ...] = get_args(DateStyle)


@dataclass(frozen=True)
class Conventions:
    """How this deployment writes numbers and dates (the settings SCORE_NUMBER_GROUPING and
    SCORE_DATE_FORMAT)."""

    grouping: Grouping = "indian"
    dates: DateStyle = "day-month"


DEFAULT_CONVENTIONS = Conventions()
_CONVENTIONS = [DEFAULT_CONVENTIONS]  # the process's choice: `use` replaces it


def use(conventions: Conventions) -> None:
    """Make `conventions` this process's way of writing numbers and dates (config does it
    when it reads the settings)."""
    _CONVENTIONS[0] = conventions


def conventions() -> Conventions:
    """This process's conventions (Indian grouping and day-month dates unless `use` said
    otherwise)."""
    return _CONVENTIONS[0]


def _group(digits: str, grouping: Grouping) -> str:
    """A run of digits with commas: Indian groups the last three digits, then pairs
    (12,34,567); international groups threes (1,234,567)."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    size = 2 if grouping == "indian" else 3
    groups: list[str] = []
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    return ",".join((*groups, tail))


def grouped(
    value: float, decimals: int = 0, grouping: Grouping | None = None, trim: bool = False
) -> str:
    """A number with its digits grouped and `decimals` decimals (`trim`: trailing zeros of
    the decimals dropped). Python's `f"{value:,}"` groups only in threes."""
    fixed = f"{abs(value):.{decimals}f}"
    whole, _, fraction = fixed.partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    text = _group(whole, grouping or conventions().grouping) + (f".{fraction}" if fraction else "")
    negative = value < 0 and any(ch not in "0.," for ch in text)  # no "-0.0"
    return ("-" if negative else "") + text


def fmt_count(value: int | float) -> str:
    """A whole number for people: "12,34,567" (or "1,234,567")."""
    return grouped(round(value))


def fmt_number(value: float | None, unit: str = "", grouping: Grouping | None = None) -> str:
    """A figure as a card shows it: digits grouped, one decimal unless whole, percentages
    with " %", rupees (a unit starting "INR") as `fmt_rupees` writes them; '—' when
    unknown."""
    if value is None or pd.isna(value):  # NaN, or a figure emptied for a viewer (NA)
        return DASH
    if unit == "%":
        return f"{value:.1f} %"
    if unit.startswith("INR"):
        return fmt_rupees(float(value) * rupees_per(unit), grouping)
    if float(value).is_integer():
        return grouped(int(value), 0, grouping)
    return grouped(float(value), 1, grouping)


RUPEE = "₹"
_RUPEE_UNITS = {"thousand": 1_000, "lakh": 100_000, "crore": 10_000_000}
LAKH, CRORE = 100_000, 10_000_000


def rupees_per(unit: str) -> int:
    """Rupees in one of `unit` ("INR": 1, "INR thousand per half-year": 1,000)."""
    words = unit.split()
    return _RUPEE_UNITS.get(words[1], 1) if len(words) > 1 else 1


def fmt_rupees(amount: float | None, grouping: Grouping | None = None) -> str:
    """An amount in rupees as running text and cards write it: "₹ 25,100" (whole rupees from
    ₹ 100, paise below: "₹ 12.50"); from one lakh in lakh or crore with one decimal
    ("₹ 3.4 lakh", "₹ 1.2 crore"). With international grouping: "₹ 340,000", from ten
    million "₹ 12.3 million"."""
    if amount is None or pd.isna(amount):
        return DASH
    grouping = grouping or conventions().grouping
    sign = "-" if amount < 0 else ""
    size = abs(float(amount))
    if grouping == "indian" and size >= LAKH:
        lakh = round(size / LAKH, 1)
        if lakh < 100:
            return f"{sign}{RUPEE} {grouped(lakh, 1, grouping, trim=True)} lakh"
        return f"{sign}{RUPEE} {grouped(size / CRORE, 1, grouping, trim=True)} crore"
    if grouping == "international" and size >= 10_000_000:
        return f"{sign}{RUPEE} {grouped(size / 1e6, 1, grouping, trim=True)} million"
    paise = size < 100 and not size.is_integer()  # whole rupees from ₹ 100
    return f"{sign}{RUPEE} {grouped(size, 2 if paise else 0, grouping)}"


def chart_locale(grouping: Grouping | None = None) -> dict[str, object]:
    """The number locale of a Vega-Lite chart (its `config.locale.number`), so that a chart's
    own formats (",", ",.1f" in tooltips and labels) group digits as `grouped` does: d3's
    group sizes from the right, the last one repeated as far as a number reaches."""
    sizes = [3, 2, 2, 2, 2, 2, 2, 2] if (grouping or conventions().grouping) == "indian" else [3]
    return {"decimal": ".", "thousands": ",", "grouping": sizes, "currency": [f"{RUPEE} ", ""]}


def delta_text(value: float | None, unit: str) -> str | None:
    """A change as the Overview's cards show it: signed, percentages in points."""
    if value is None or value != value:
        return None
    if unit == "%":
        return t("{change} points").format(change=f"{value:+.1f}")  # percentage points
    return ("+" if value > 0 else "") + fmt_number(value, unit)


# The months as a date in running text names them (in Hindi their full names: फ़रवरी).
_MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def fmt_date(value: date, style: DateStyle | None = None) -> str:
    """A date in running text: "14 Feb 2018" (in Hindi "14 फ़रवरी 2018"; "2018-02-14" with
    the "iso" style)."""
    if (style or conventions().dates) == "iso":
        return f"{value:%Y-%m-%d}"
    return f"{value.day} {t(_MONTHS[value.month - 1])} {value.year:04d}"


def fmt_day(value: date, style: DateStyle | None = None) -> str:
    """A date in a dense table: "14-02-2018" ("2018-02-14" with the "iso" style)."""
    if (style or conventions().dates) == "iso":
        return f"{value:%Y-%m-%d}"
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def day_pattern(style: DateStyle | None = None) -> str:
    """How `fmt_day` writes a date, as the screen's date widgets and table columns take it
    (moment.js tokens): "DD-MM-YYYY" ("YYYY-MM-DD" with the "iso" style)."""
    return "YYYY-MM-DD" if (style or conventions().dates) == "iso" else "DD-MM-YYYY"


def fmt_moment(value: datetime, style: DateStyle | None = None) -> str:
    """A date and time in running text: "14 Feb 2018 09:30"."""
    return f"{fmt_date(value, style)} {value:%H:%M}"


def fmt_stamp(text: str, style: DateStyle | None = None) -> str:
    """A stored ISO date-time ("2018-03-01T10:15:00") in running text ("1 Mar 2018 10:15");
    a text that is not one is returned as it is."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if len(text) <= 10:  # a date only
        return fmt_date(moment.date(), style)
    return fmt_moment(moment, style)


def excel_formats(given: Conventions | None = None) -> dict[str, str]:
    """The Excel display formats of whole numbers ("count"), amounts with decimals
    ("decimals", at most two shown), rupees ("inr") and dates ("date") under `given` (else
    the process's conventions). Excel has no Indian grouping of its own: a format with
    conditions does it (`_indian_format`). A cell keeps its number; only how it is shown
    changes."""
    chosen = given or conventions()
    if chosen.grouping == "indian":
        count = _indian_format("")
        decimals = _indian_format(".0#")
        inr = _indian_format("", ' "INR"')
    else:
        count, decimals, inr = "#,##0", "#,##0.0#", '#,##0 "INR"'
    day = "yyyy-mm-dd" if chosen.dates == "iso" else "dd-mm-yyyy"
    return {"count": count, "decimals": decimals, "inr": inr, "date": day}


def _indian_format(fraction: str, suffix: str = "") -> str:
    """Excel's Indian grouping as a format with conditions (Excel allows two): negative
    numbers, then a lakh and more (12,34,567), then the rest. The usual three-section form
    ([>=10000000] crore; [>=100000] lakh; the rest) loses the minus sign of a negative
    number in LibreOffice (the last section of a conditional format shows no sign; a
    section with a condition does), and the commas of a longer pattern show even where its
    digits are missing (",,123"). So negative numbers are grouped in threes (-1,234,567,
    the same as Indian below a lakh) and from a crore the leading digits stay together
    (123,45,678 is 123 lakh). Checked by rendering in LibreOffice (tests/unit/test_formats)."""
    return (
        f"[<0]#,##0{fraction}{suffix};"
        f"[>=100000]##\\,##\\,##0{fraction}{suffix};"
        f"#,##0{fraction}{suffix}"
    )


def cell_text(value: object, percent: bool) -> str:
    """A table cell as text: numbers with grouped digits and at most four decimals (one in a
    "(%)" column), dates as 14-02-2018 (`fmt_day`), yes/no for booleans."""
    if value is None or value is pd.NA or value is pd.NaT:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "item") and not isinstance(value, str | bytes | date):
        value = value.item()  # numpy scalar
        if isinstance(value, bool):
            return "yes" if value else "no"
    if isinstance(value, int):
        return grouped(value)
    if isinstance(value, float):
        if math.isnan(value):
            return DASH
        if percent:
            return f"{value:.1f}"
        if value.is_integer():
            return grouped(int(value))
        return grouped(value, 4, trim=True)
    if isinstance(value, pd.Timestamp | datetime | date):
        return fmt_day(value)
    return str(value)
