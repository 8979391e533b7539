"""One cell as its dictionary type, or the reason it is refused."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from score_dash.dictionary import Column
from score_dash.ingest.layout import is_blank
from score_dash.ingest.report import shown


def convert_cell(column: Column, raw: Any) -> tuple[Any, str | None]:
    """A cell as the dictionary type, or an error message."""
    if is_blank(raw):
        return None, ("A value is required." if column.required else None)
    kind = column.type
    if isinstance(raw, str):
        raw = raw.strip()
    if kind == "text":
        if isinstance(raw, bool):
            return None, f"{raw} is not text."
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, datetime | date):
            return None, "A date is not allowed here; type the text."
        value: Any = str(raw)
        if column.allowed:
            for allowed in column.allowed:
                if allowed.lower() == value.lower():
                    return allowed, None
            return None, f'"{value}" is not allowed here; use one of: {", ".join(column.allowed)}.'
        return value, None
    if kind == "bool":
        if isinstance(raw, bool):
            return raw, None
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw), None
        if isinstance(raw, str) and raw.lower() in ("true", "yes", "y", "1"):
            return True, None
        if isinstance(raw, str) and raw.lower() in ("false", "no", "n", "0"):
            return False, None
        return None, f'"{raw}" is not yes or no; use TRUE or FALSE.'
    if kind == "date":
        if isinstance(raw, datetime):
            return raw.date(), None
        if isinstance(raw, date):
            return raw, None
        if isinstance(raw, str):
            try:
                return datetime.fromisoformat(raw).date(), None
            except ValueError:
                pass
        return None, f'"{raw}" is not a date; use an Excel date or YYYY-MM-DD.'
    # numbers
    if isinstance(raw, bool | datetime | date):
        number = None
    elif isinstance(raw, int | float):
        number = float(raw)
    else:
        try:
            number = float(str(raw).replace(",", ""))
        except ValueError:
            number = None
    if number is None or math.isnan(number) or math.isinf(number):
        return None, f'"{raw}" is not a {"whole number" if kind == "int" else "number"}.'
    if kind == "int":
        if not number.is_integer():
            return None, f'"{raw}" is not a whole number.'
        value = int(number)
    else:
        value = number
    if column.minimum is not None and value < column.minimum:
        return None, f"{shown(value)} is below the smallest allowed value, {shown(column.minimum)}."
    if column.maximum is not None and value > column.maximum:
        return None, f"{shown(value)} is above the largest allowed value, {shown(column.maximum)}."
    return value, None
