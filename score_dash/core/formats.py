"""How a figure or a table cell reads as text, on the screen and in the printed pack.

The screen (`score_dash.ui`) and the PDF pack (`score_dash.pack`) write numbers the same
way: thousands separators, percentages with one decimal and a "%" sign, "—" for a value that is
not known. Text from data is cleaned of characters that change how it reads without being
seen. Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime

import pandas as pd

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


def fmt_number(value: float | None, unit: str = "") -> str:
    """A figure as a card shows it: thousands separators, '—' when unknown."""
    if value is None or pd.isna(value):  # NaN, or a figure emptied for a viewer (NA)
        return DASH
    if unit == "%":
        return f"{value:.1f} %"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def delta_text(value: float | None, unit: str) -> str | None:
    """A change as the Overview's cards show it: signed, percentages in points."""
    if value is None or value != value:
        return None
    if unit == "%":
        return f"{value:+.1f} points"
    return ("+" if value > 0 else "") + fmt_number(value, unit)


def cell_text(value: object, percent: bool) -> str:
    """A table cell as text: numbers with thousands separators and at most four decimals
    (one in a "(%)" column), dates as yyyy-mm-dd, yes/no for booleans."""
    if value is None or value is pd.NA or value is pd.NaT:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "item") and not isinstance(value, str | bytes | date):
        value = value.item()  # numpy scalar
        if isinstance(value, bool):
            return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return DASH
        if percent:
            return f"{value:.1f}"
        if value.is_integer():
            return f"{int(value):,}"
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    if isinstance(value, pd.Timestamp | datetime | date):
        return f"{value:%Y-%m-%d}"
    return str(value)
