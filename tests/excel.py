"""Reading the workbooks the app writes, independently of the product's code (openpyxl only).

Tests compare what a page shows with what its Excel download holds; reading the file with
openpyxl here, rather than with anything in `score_dash`, keeps one side of that comparison
independent of the code under test.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import re

import numpy as np
import pandas as pd
from openpyxl import load_workbook


def read_sheet(data: bytes, title: str) -> pd.DataFrame:
    """A table sheet of a workbook as a frame: header row, then the rows below it.

    A sheet may start with a note line and an empty row before its header.
    """
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return _frame(list(workbook[title].iter_rows(values_only=True)))


def read_tables(data: bytes) -> dict[str, pd.DataFrame]:
    """Every table sheet of a workbook (all but the "About" sheet), by title."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return {
        title: _frame(list(workbook[title].iter_rows(values_only=True)))
        for title in workbook.sheetnames
        if title != "About"
    }


def _frame(rows: list[tuple]) -> pd.DataFrame:
    start = 0
    if len(rows) > 2 and rows[1] and all(value is None for value in rows[1]):
        start = 2
    header = [str(name) for name in rows[start]]
    return pd.DataFrame(rows[start + 1 :], columns=header)


def sheet_titles(data: bytes) -> list[str]:
    return load_workbook(io.BytesIO(data), read_only=True).sheetnames


SHOWN_NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


SHOWN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHOWN_DAY_FIRST = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")  # SCORE_DATE_FORMAT=day-month


class Shown(float):
    """A number the screen showed as text (a column with missing values, see
    score_dash.ui.page.display_frame): rounded for display."""


def plain(value: object) -> object:
    """A cell as both sides can hold it: None for an empty cell ('', NaN, NA, and the
    screen's "—"), numbers as floats, a midnight datetime as its date; Excel keeps no dtypes,
    the screen shows missing values as a dash."""
    if value is None or value is pd.NA or value is pd.NaT or value in ("", "—"):
        return None
    if isinstance(value, str) and SHOWN_NUMBER.match(value):
        return Shown(value.replace(",", ""))
    if isinstance(value, str) and SHOWN_DATE.match(value):
        return dt.date.fromisoformat(value)
    if isinstance(value, str) and (found := SHOWN_DAY_FIRST.match(value)):
        day, month, year = (int(part) for part in found.groups())
        return dt.date(year, month, day)
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Number):
        number = float(value)  # type: ignore[arg-type]
        return None if math.isnan(number) else number
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def assert_same_table(screen: pd.DataFrame, excel: pd.DataFrame, title: str = "") -> None:
    """Every column and every cell of a table on screen equals its Excel sheet."""
    assert list(excel.columns) == list(screen.columns), title
    assert len(excel) == len(screen), title
    for column in screen.columns:
        shown = [plain(v) for v in screen[column].reset_index(drop=True).astype(object)]
        saved = [plain(v) for v in excel[column].astype(object)]
        for row, (a, b) in enumerate(zip(shown, saved, strict=True)):
            if isinstance(a, float) and isinstance(b, float):
                # Text shown on screen is rounded: one decimal for "(%)", else four.
                tolerance = (
                    (0.05 if "(%)" in str(column) else 5e-5)
                    if Shown in (type(a), type(b))
                    else 1e-9
                )
                assert math.isclose(a, b, rel_tol=1e-9, abs_tol=tolerance), (
                    title,
                    column,
                    row,
                    a,
                    b,
                )
            else:
                assert a == b, (title, column, row, a, b)
