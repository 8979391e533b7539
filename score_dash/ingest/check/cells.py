"""One cell as its dictionary type, or the reason it is refused.

`convert_cell` hands each cell to the converter of its column's type (`to_text`, `to_bool`,
`to_date`, `to_number`). A converter reads what people type generously (" 12 ", 12.0,
"Manager", "yes", "2016-01-01") and what a spreadsheet program saves for the value it shows
(LibreOffice Calc: `=FALSE()` for FALSE, a date as its serial number, 3.0 for 3), and refuses
only what cannot mean a value of that type; the named rules then refuse values the column
does not allow. Each returns the value and `None`, or `None` and the message the user reads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from openpyxl.utils.datetime import from_excel

from score_dash.core.dictionary import Column, ColumnType
from score_dash.core.i18n import N_, t
from score_dash.ingest.layout import bool_formula, is_blank
from score_dash.ingest.report import shown

Converted = tuple[Any, str | None]  # (value, None) or (None, why the cell is refused)
TRUE_WORDS = ("true", "yes", "y", "1")
FALSE_WORDS = ("false", "no", "n", "0")
# A number in a date column is read as an Excel serial date (days since 1899-12-30) when it
# is a date from 1950 to 2099: a spreadsheet that lost the date format shows such a number.
# Outside that span a number is more likely a typing slip (a year, a count) than a date.
SERIAL_DATES = (18_264, 73_051)  # 1950-01-01, 2100-01-01
# Refusals given in more than one place (translated where they are returned).
NOT_A_DATE = N_('"{value}" is not a date; use an Excel date or YYYY-MM-DD.')
NOT_WHOLE = N_('"{value}" is not a whole number.')
NOT_A_NUMBER = N_('"{value}" is not a number.')


def convert_cell(column: Column, raw: Any) -> Converted:
    """A cell as the dictionary type, or an error message."""
    if is_blank(raw):
        return None, rule_required(column)
    if isinstance(raw, str):
        raw = raw.strip()
    return CONVERTERS[column.type](column, raw)


def rule_required(column: Column) -> str | None:
    """Refuses an empty cell in a required column."""
    return t("A value is required.") if column.required else None


def rule_allowed_value(column: Column, text: str) -> Converted:
    """Refuses a code outside the column's list; any case is accepted and written as listed."""
    for allowed in column.allowed:
        if allowed.lower() == text.lower():
            return allowed, None
    return None, t('"{value}" is not allowed here; use one of: {allowed}.').format(
        value=text, allowed=", ".join(column.allowed)
    )


def rule_within_range(column: Column, number: float) -> str | None:
    """Refuses a number below the column's minimum or above its maximum."""
    if column.minimum is not None and number < column.minimum:
        return t("{value} is below the smallest allowed value, {minimum}.").format(
            value=shown(number), minimum=shown(column.minimum)
        )
    if column.maximum is not None and number > column.maximum:
        return t("{value} is above the largest allowed value, {maximum}.").format(
            value=shown(number), maximum=shown(column.maximum)
        )
    return None


# Characters that reverse or isolate the direction of text (U+202A-U+202E, U+2066-U+2069):
# in a name they make it read as something else ("exe.gnp" shows as "png.exe"). Joiners
# (U+200C, U+200D) are left alone: Hindi and other Indian scripts need them.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def rule_no_direction_controls(text: str) -> str | None:
    """Refuses text holding characters that reverse its reading direction."""
    if DIRECTION_CONTROLS.search(text):
        return t(
            "The text holds an invisible character that reverses its direction "
            "(right-to-left override): retype it without."
        )
    return None


def to_text(column: Column, raw: Any) -> Converted:
    """Text; a whole number typed in a text column (a code like 2016) loses its ".0"."""
    if isinstance(raw, bool):
        return None, t("{value} is not text.").format(value=raw)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime | date):
        return None, t("A date is not allowed here; type the text.")
    if (refusal := rule_no_direction_controls(str(raw))) is not None:
        return None, refusal
    if column.allowed:
        return rule_allowed_value(column, str(raw))
    return str(raw), None


def to_bool(_column: Column, raw: Any) -> Converted:
    """Yes or no: TRUE/FALSE, 1/0, the formulas =TRUE() and =FALSE(), or the words in
    TRUE_WORDS and FALSE_WORDS."""
    if isinstance(raw, bool):
        return raw, None
    if (constant := bool_formula(raw)) is not None:
        return constant, None
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw), None
    if isinstance(raw, str) and raw.lower() in TRUE_WORDS:
        return True, None
    if isinstance(raw, str) and raw.lower() in FALSE_WORDS:
        return False, None
    return None, t('"{value}" is not yes or no; use TRUE or FALSE.').format(value=raw)


def to_date(_column: Column, raw: Any) -> Converted:
    """An Excel date (a date-time loses its time), its serial number (see SERIAL_DATES) or
    ISO text such as 2016-01-31."""
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if SERIAL_DATES[0] <= raw < SERIAL_DATES[1]:
            return from_excel(raw).date(), None
        return None, t(NOT_A_DATE).format(value=shown(raw))
    if isinstance(raw, str):
        try:
            return datetime.fromisoformat(raw).date(), None
        except ValueError:
            pass
    return None, t(NOT_A_DATE).format(value=raw)


def to_number(column: Column, raw: Any) -> Converted:
    """A number ("1,000" too), whole for an int column, within the column's range."""
    number = _number(raw)
    whole = column.type == "int"
    if number is None or math.isnan(number) or math.isinf(number):
        return None, t(NOT_WHOLE if whole else NOT_A_NUMBER).format(value=raw)
    if whole and not number.is_integer():
        return None, t(NOT_WHOLE).format(value=raw)
    value: float = int(number) if whole else number
    error = rule_within_range(column, value)
    return (None, error) if error else (value, None)


def _number(raw: Any) -> float | None:
    # A bool is an int to Python and a date is no number, though Excel stores both as one.
    if isinstance(raw, bool | datetime | date):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    try:
        return float(str(raw).replace(",", ""))
    except ValueError:
        return None


CONVERTERS: dict[ColumnType, Callable[[Column, Any], Converted]] = {
    "text": to_text,
    "bool": to_bool,
    "date": to_date,
    "int": to_number,
    "float": to_number,
}
