"""Excel workbooks of what a page shows (openpyxl, in memory).

A workbook has an "About" sheet first (title, page, when, data as of, the filters in words,
the share link, the definition of every indicator on the page, and an "illustrative demo
data" line when the demo is loaded), then one sheet per table with readable headers,
number formats, a frozen header row, an autofilter, fitted column widths, an Excel table,
and where a chart is central a native Excel chart beside its table.

Number formats follow the column headers that `metrics` writes: "(%)" columns hold
percentages 0-100, "(INR)" columns rupees; other integer columns are counts.

Text is never written as a formula: a cell whose text begins with `=`, `+`, `-`, `@`, tab
or carriage return is stored as a string with Excel's quote prefix (CSV/Excel injection).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from score_dash.core.dictionary import DEMO_NOTE, INDICATORS_BY_CODE
from score_dash.core.reports import ChartSpec, Sheet

INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="0072B2")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MAX_SHEET_TITLE = 31


@dataclass(frozen=True)
class About:
    """What the first sheet says about the workbook."""

    title: str
    page: str
    generated_at: datetime
    data_as_of: str
    filters: Sequence[str]
    share_link: str
    indicators: Sequence[str] = ()
    demo: bool = False
    notes: Sequence[str] = field(default_factory=tuple)
    data_version: str = ""  # the data version shown ("" when not known)
    review: str = ""  # "Review of 2017-H2, meeting on 2018-02-14" when a review's data


def safe_text(value: str) -> bool:
    """True when text can be written as is (it cannot start a formula)."""
    return not value.startswith(INJECTION_PREFIXES)


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if hasattr(value, "item") and not isinstance(value, str | bytes | date):
        return value.item()  # numpy scalar
    return value


def write_cell(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """The one way a value enters a workbook the app writes (page exports, the template,
    the export of all data, the validation report): as inert data.

    Text is stored as text even when it starts like a formula (openpyxl would store "=..."
    as one): a plain string with Excel's quote prefix. Missing values leave the cell empty;
    a date (not a date-time) is shown as yyyy-mm-dd.
    """
    value = _cell_value(value)
    if not isinstance(value, str | bool | int | float | date | datetime | None):
        value = str(value)
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and not safe_text(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if isinstance(value, date) and not isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd"
    return cell


def number_format(header: str, dtype: object) -> str | None:
    """Excel number format for a column, from its header and type."""
    text = header.lower()
    if "(%)" in text:
        return "0.0"
    if "(inr)" in text:
        return '#,##0 "INR"'
    if pd.api.types.is_bool_dtype(dtype):
        return None
    if pd.api.types.is_integer_dtype(dtype):
        return "#,##0"
    if pd.api.types.is_float_dtype(dtype):
        return "#,##0.0#"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "yyyy-mm-dd"
    return None


def sheet_title(title: str, used: set[str]) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:MAX_SHEET_TITLE] or "Sheet"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = clean[: MAX_SHEET_TITLE - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _table_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "_", title) or "Table"
    if not base[0].isalpha():
        base = "T_" + base
    candidate, n = base[:200], 2
    while candidate.lower() in used:
        candidate = f"{base[:195]}_{n}"
        n += 1
    used.add(candidate.lower())
    return candidate


def _write_about(ws: Worksheet, about: About) -> None:
    ws.title = "About"
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100
    rows: list[tuple[str, object]] = [
        ("Title", about.title),
        ("Page", about.page),
        ("Generated at", about.generated_at.replace(microsecond=0, tzinfo=None)),
        ("Data as of", about.data_as_of),
        ("Share link", about.share_link),
    ]
    if about.review:
        rows.insert(3, ("As presented at", about.review))
    if about.data_version:
        rows.insert(-1, ("Data version", about.data_version))
    if about.demo:
        rows.insert(1, ("Data", DEMO_NOTE))
    ws.cell(row=1, column=1, value="SCORE India review dashboard").font = Font(bold=True, size=14)
    r = 3
    for key, value in rows:
        ws.cell(row=r, column=1, value=key).font = Font(bold=True)
        write_cell(ws, r, 2, value)
        if key == "Generated at":
            ws.cell(row=r, column=2).number_format = "yyyy-mm-dd hh:mm"
        if key == "Data" and about.demo:
            ws.cell(row=r, column=2).font = Font(bold=True, color="B00020")
        r += 1
    r += 1
    ws.cell(row=r, column=1, value="Filters").font = Font(bold=True)
    for line in about.filters:
        write_cell(ws, r, 2, line)
        r += 1
    for note in about.notes:
        r += 1
        ws.cell(row=r, column=1, value="Note").font = Font(bold=True)
        write_cell(ws, r, 2, note)
        ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True)
    if about.indicators:
        r += 2
        ws.cell(row=r, column=1, value="Definitions").font = Font(bold=True, size=12)
        r += 1
        for header, column in (
            ("Indicator", 1),
            ("Definition", 2),
            ("Formula", 3),
            ("Unit", 4),
            ("Better", 5),
            ("Source", 6),
        ):
            cell = ws.cell(row=r, column=column, value=header)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
        for column, width in (("C", 50), ("D", 14), ("E", 10), ("F", 40)):
            ws.column_dimensions[column].width = width
        for code in about.indicators:
            indicator = INDICATORS_BY_CODE.get(code)
            if indicator is None:
                continue
            r += 1
            for column, value in enumerate(
                (
                    indicator.name,
                    indicator.definition,
                    indicator.formula,
                    indicator.unit,
                    indicator.better,
                    indicator.source,
                ),
                start=1,
            ):
                write_cell(ws, r, column, value)
                ws.cell(row=r, column=column).alignment = Alignment(wrap_text=True, vertical="top")


def _write_table(ws: Worksheet, sheet: Sheet, table_names: set[str]) -> None:
    frame = sheet.frame.reset_index(drop=True)
    headers = [str(c) for c in frame.columns]
    start_row = 1
    if sheet.note:
        write_cell(ws, 1, 1, sheet.note)
        ws.cell(row=1, column=1).font = Font(italic=True)
        start_row = 3
    for column, header in enumerate(headers, start=1):
        cell = ws.cell(row=start_row, column=column)
        write_cell(ws, start_row, column, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    formats = [
        number_format(h, frame[c].dtype) for h, c in zip(headers, frame.columns, strict=True)
    ]
    body = frame if len(frame) <= BULK_ROWS else pd.DataFrame([PROBES] * len(headers)).T
    for r, row in enumerate(body.itertuples(index=False, name=None), start=start_row + 1):
        for column, value in enumerate(row, start=1):
            write_cell(ws, r, column, value)
            fmt = formats[column - 1]
            if fmt:
                ws.cell(row=r, column=column).number_format = fmt
    for column, header in enumerate(headers, start=1):
        values = [len(header)] + [len(str(v)) for v in frame.iloc[:200, column - 1]]
        ws.column_dimensions[get_column_letter(column)].width = min(max(values) + 3, 60)
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    last_row = start_row + max(len(frame), 1)
    ref = f"A{start_row}:{get_column_letter(max(len(headers), 1))}{last_row}"
    if headers and len(set(headers)) == len(headers):
        table = Table(displayName=_table_name(ws.title, table_names), ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        # The columns named here, as openpyxl would name them when saving, but without its
        # reading of the whole range (a cell object for each of 400,000 cells at 50,000
        # enterprises, to read the header row).
        table._initialise_columns()
        for column, header in zip(table.tableColumns, headers, strict=True):
            column.name = header
        ws.add_table(table)  # an Excel table carries its own autofilter
    else:
        ws.auto_filter.ref = ref
    if sheet.chart and len(frame):
        _add_chart(ws, sheet.chart, headers, start_row, len(frame))


def _add_chart(
    ws: Worksheet, spec: ChartSpec, headers: list[str], header_row: int, n_rows: int
) -> None:
    chart = LineChart() if spec.kind == "line" else BarChart()
    if isinstance(chart, BarChart):
        chart.type = "bar" if spec.kind == "bar" else "col"
        if spec.stacked:
            chart.grouping = "stacked"
            chart.overlap = 100
    chart.title = spec.title
    chart.y_axis.title = spec.y_title
    chart.height = 9
    chart.width = 18
    category_col = headers.index(spec.category) + 1
    for name in spec.series:
        column = headers.index(name) + 1
        data = Reference(ws, min_col=column, min_row=header_row, max_row=header_row + n_rows)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(
        Reference(ws, min_col=category_col, min_row=header_row + 1, max_row=header_row + n_rows)
    )
    anchor_col = get_column_letter(len(headers) + 2)
    ws.add_chart(chart, f"{anchor_col}{header_row}")


def build_workbook(about: About, sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file of a page, as bytes."""
    wb = Workbook()
    _write_about(wb.active, about)
    titles: set[str] = {"about"}
    table_names: set[str] = set()
    bulk: dict[str, tuple[pd.DataFrame, int]] = {}
    for index, sheet in enumerate(sheets, start=2):
        ws = wb.create_sheet(sheet_title(sheet.title, titles))
        _write_table(ws, sheet, table_names)
        if len(sheet.frame) > BULK_ROWS:
            bulk[f"xl/worksheets/sheet{index}.xml"] = (sheet.frame, 3 if sheet.note else 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _with_bulk_rows(buffer.getvalue(), bulk) if bulk else buffer.getvalue()


# --- Long tables ---------------------------------------------------------------------------
# openpyxl spends about 40 µs on a cell: a table of one row per enterprise at 50,000
# enterprises (400,000 cells) took 20 s. A table longer than BULK_ROWS is written as the
# sheet's XML directly. The cells are the same as openpyxl's: openpyxl writes a "probe" row
# for every kind of value (PROBES) in every column, with the column's formats, so the
# styles are its own; the probe rows are then replaced by the table's rows, each cell with
# the style of its column and kind, and numbers written as openpyxl writes them (%.16g).
# Text is an inline string (never a formula), escaped.

BULK_ROWS = 5_000
PROBES = (None, 0, True, date(2000, 1, 1), datetime(2000, 1, 1), "a", "=a")
KINDS = ("empty", "number", "bool", "date", "datetime", "text", "quoted")
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?')
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_EPOCH = datetime(1899, 12, 30)


def _kind(value: object) -> tuple[str, object]:
    """What `write_cell` would store: the kind of cell and its value."""
    value = _cell_value(value)
    if value is None:
        return "empty", None
    if isinstance(value, bool):
        return "bool", value
    if isinstance(value, int | float):
        return "number", value
    if isinstance(value, datetime):
        return "datetime", value
    if isinstance(value, date):
        return "date", value
    text = value if isinstance(value, str) else str(value)
    return ("text" if safe_text(text) else "quoted"), text


def _xml_cell(ref: str, style: str | None, kind: str, value: object) -> str:
    s = f' s="{style}"' if style else ""
    if kind == "empty":
        return f'<c r="{ref}"{s}/>' if style else ""
    if kind == "bool":
        return f'<c r="{ref}"{s} t="b"><v>{int(bool(value))}</v></c>'
    if kind == "number":
        return f'<c r="{ref}"{s} t="n"><v>{value:.16g}</v></c>'
    if kind in ("date", "datetime"):
        moment = value if isinstance(value, datetime) else datetime(*value.timetuple()[:3])  # type: ignore[union-attr]
        serial = (moment - _EXCEL_EPOCH).total_seconds() / 86400
        return f'<c r="{ref}"{s} t="n"><v>{serial:.16g}</v></c>'
    text = _ILLEGAL.sub("", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _column_cells(
    series: pd.Series, letter: str, numbers: list[str], styles: dict[tuple[str, str], str | None]
) -> list[str]:
    """One column's cells as XML, row by row: what `_xml_cell` writes for each value, made
    a whole column at a time where the column holds only numbers, dates or text."""

    def attrs(kind: str) -> str:
        style = styles.get((letter, kind))
        return f' s="{style}"' if style else ""

    empty = attrs("empty")
    blank = [f'<c r="{letter}{r}"{empty}/>' if empty else "" for r in numbers]
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) and not series.isna().any():
        a = attrs("bool")
        flags = series.astype(bool).to_numpy()
        return [
            f'<c r="{letter}{r}"{a} t="b"><v>{int(v)}</v></c>'
            for r, v in zip(numbers, flags, strict=True)
        ]
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        a = attrs("number")
        values = series.to_numpy(dtype=float, na_value=math.nan)
        text = np.char.mod("%.16g", values)
        return [
            b if math.isnan(v) else f'<c r="{letter}{r}"{a} t="n"><v>{t}</v></c>'
            for r, v, t, b in zip(numbers, values, text, blank, strict=True)
        ]
    if pd.api.types.is_datetime64_any_dtype(dtype) and getattr(dtype, "tz", None) is None:
        a = attrs("datetime")
        days = (series - pd.Timestamp(_EXCEL_EPOCH)) / pd.Timedelta(days=1)
        values = days.to_numpy(dtype=float, na_value=math.nan)
        text = np.char.mod("%.16g", values)
        return [
            b if math.isnan(v) else f'<c r="{letter}{r}"{a} t="n"><v>{t}</v></c>'
            for r, v, t, b in zip(numbers, values, text, blank, strict=True)
        ]
    values_of = series.dtype.categories if isinstance(dtype, pd.CategoricalDtype) else series
    if pd.api.types.infer_dtype(values_of, skipna=True) in ("string", "empty"):
        missing = series.isna().to_numpy()
        raw = series.astype(object).where(~missing, "").astype(str)
        quoted = raw.str.startswith(INJECTION_PREFIXES).to_numpy()
        clean = (
            raw.str.replace(_ILLEGAL.pattern, "", regex=True)  # a string: Arrow's own regex
            .str.replace("&", "&amp;", regex=False)
            .str.replace("<", "&lt;", regex=False)
            .str.replace(">", "&gt;", regex=False)
        )
        spaced = (clean != clean.str.strip()).to_numpy()
        plain, prefixed = attrs("text"), attrs("quoted")
        return [
            b
            if m
            else f'<c r="{letter}{r}"{prefixed if q else plain} t="inlineStr"><is>'
            f"<t{SPACE if sp else ''}>{t}</t></is></c>"
            for r, t, m, q, sp, b in zip(
                # a list first: iterating an Arrow-backed column is ten times slower
                numbers,
                clean.tolist(),
                missing,
                quoted,
                spaced,
                blank,
                strict=True,
            )
        ]
    cells = []  # mixed values: one at a time
    for r, value in zip(numbers, series, strict=True):
        kind, stored = _kind(value)
        cells.append(_xml_cell(f"{letter}{r}", styles.get((letter, kind)), kind, stored))
    return cells


SPACE = ' xml:space="preserve"'


def _bulk_xml(sheet_xml: bytes, frame: pd.DataFrame, header_row: int) -> bytes:
    """The sheet's XML with its probe rows replaced by the frame's rows."""
    first = header_row + 1
    start = sheet_xml.index(f'<row r="{first}"'.encode())
    end = sheet_xml.index(b"</sheetData>")
    styles: dict[tuple[str, str], str | None] = {}
    for letter, row, style in _CELL.findall(sheet_xml[start:end]):
        styles[(letter.decode(), KINDS[int(row) - first])] = style.decode() or None
    letters = [get_column_letter(c) for c in range(1, frame.shape[1] + 1)]
    numbers = [str(r) for r in range(first, first + len(frame))]
    columns = [
        _column_cells(frame.iloc[:, i], letter, numbers, styles) for i, letter in enumerate(letters)
    ]
    rows = [
        f'<row r="{r}">{"".join(cells)}</row>'
        for r, cells in zip(numbers, zip(*columns, strict=True), strict=True)
    ]
    last = first + len(frame) - 1
    head = re.sub(
        rb'<dimension ref="[^"]*"',
        f'<dimension ref="A1:{letters[-1]}{last}"'.encode(),
        sheet_xml[:start],
        count=1,
    )
    return head + "".join(rows).encode() + sheet_xml[end:]


def _with_bulk_rows(data: bytes, bulk: dict[str, tuple[pd.DataFrame, int]]) -> bytes:
    """The saved workbook with the long tables' rows written in (see BULK_ROWS)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    if missing := set(bulk) - set(source.namelist()):
        raise RuntimeError(f"the workbook has no {sorted(missing)}")  # openpyxl's naming changed
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename in bulk:
                content = _bulk_xml(content, *bulk[item.filename])
            target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()
