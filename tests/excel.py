"""Reading the workbooks the app writes, independently of the product's code (openpyxl only).

Tests compare what a page shows with what its Excel download holds; reading the file with
openpyxl here, rather than with anything in `score_dash`, keeps one side of that comparison
independent of the code under test.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook


def read_sheet(data: bytes, title: str) -> pd.DataFrame:
    """A table sheet of a workbook as a frame: header row, then the rows below it.

    A sheet may start with a note line and an empty row before its header.
    """
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = list(workbook[title].iter_rows(values_only=True))
    start = 0
    if len(rows) > 2 and rows[1] and all(value is None for value in rows[1]):
        start = 2
    header = [str(name) for name in rows[start]]
    return pd.DataFrame(rows[start + 1 :], columns=header)


def sheet_titles(data: bytes) -> list[str]:
    return load_workbook(io.BytesIO(data), read_only=True).sheetnames
