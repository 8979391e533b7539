"""Excel workbooks of what a page shows (XlsxWriter, as bytes), and the one rule for a value
entering any workbook the app writes (`write_cell`, for the openpyxl workbooks of `ingest`).

A page's workbook has an "About" sheet first (title, page, when, data as of, the filters in
words, the share link, the definition of every indicator on the page, and an "illustrative
demo data" line when the demo is loaded), then one sheet per table with readable headers,
number formats, a frozen header row, an autofilter, fitted column widths, an Excel table,
and where a chart is central a native Excel chart beside its table.

In the run's language (`score_dash.core.i18n`, e.g. `export --lang hi`): the sheet names,
the About sheet's labels and text, the column headers, the charts' titles and the
indicators' definitions go through `t` (the catalog's text where it has one); the cells keep
their values as recorded, and the number formats are chosen from the English headers.

Number formats follow the column headers that `metrics` writes: "(%)" columns hold
percentages 0-100, "(INR)" columns rupees; other number columns are counts or amounts.
Digits are grouped and dates shown as `formats.excel_formats` says (Indian grouping by
default); every cell keeps its number or date.
Integers are written as integers: every integer column (NumPy's and pandas' nullable
`Int64` alike) and, in a float column that is neither "(%)" nor "(INR)", every whole value
("States 6", "19,659"; a value with a fraction keeps up to two decimals). Missing values
(NaN, NA, NaT, None) leave the cell empty.

Text is never a formula or a link: the workbook is written with XlsxWriter's
`strings_to_formulas`, `strings_to_urls` and `strings_to_numbers` off, every text through
`write_string` ("0123" stays text), and a text that begins with `=`, `+`, `-`, `@`, tab or
carriage return (`INJECTION_PREFIXES`) carries Excel's quote prefix (CSV/Excel injection).
Characters XML cannot hold (control characters other than tab, line feed and carriage
return) are dropped; a carriage return is stored as a line feed; an infinite number is
written as the text "inf" (XlsxWriter would need a formula for an error value).

Long tables: a workbook with a table of more than `LONG_ROWS` rows is written in XlsxWriter's
`constant_memory` mode: each row goes to a temporary file as soon as the next row starts,
so memory stays flat however long the table (the rows are written in order, which is all
this module does). That mode is per workbook, and two features need the cells held in
memory: an Excel table (`add_table` writes its header cells itself and is refused in
`constant_memory` mode) and a chart's cached values (left empty; Excel and LibreOffice draw
the chart from the cells). So in such a workbook every table sheet has an autofilter on its
header row instead of an Excel table, and its charts carry no cached values; everything
else (formats, frozen header, widths, the About sheet, charts) is the same. A workbook whose
tables are all short is written in the normal mode, in memory, with Excel tables.

Such a workbook's rows are written as XML (`_RowXml`): the text XlsxWriter's constant_memory
mode writes for them, byte for byte (a test compares the two), without XlsxWriter's calls,
which cost 7 µs a cell. Results' workbook at 50,000 enterprises (545,000 cells) took 3.8 s
to write through them and takes 1.1 s (0.35 s of it compressing the file).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet as OpenpyxlSheet
from xlsxwriter.format import Format
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from score_dash.core.dictionary import DEMO_NOTE, INDICATORS_BY_CODE
from score_dash.core.formats import excel_formats
from score_dash.core.i18n import N_, t
from score_dash.core.reports import ChartSpec, Sheet

INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BLUE = "#0072B2"
HEADER_FILL = PatternFill("solid", fgColor=BLUE.removeprefix("#"))  # openpyxl's, for ingest
HEADER_FONT = Font(bold=True, color="FFFFFF")
MAX_SHEET_TITLE = 31
LONG_ROWS = 10_000  # a table longer than this is written in constant_memory mode
CHUNK_ROWS = 1_000  # rows turned into Python values at a time
ROWS_AS_XML = True  # a long table's rows as XML (`_RowXml`); False: XlsxWriter's calls
STRING_MAX = 32_767  # Excel's longest text, in UTF-16 units (XlsxWriter's xls_strmax)
DATE_FORMAT = "yyyy-mm-dd"  # the data files' (ingest): they are read back, not shown
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LARGEST_EXACT = 2**53  # the largest whole number a float holds exactly


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
        return _cell_value(value.item())  # numpy scalar (a NaN or NaT one too)
    return value


def write_cell(ws: OpenpyxlSheet, row: int, column: int, value: object) -> Cell:
    """The one way a value enters an openpyxl workbook the app writes (the template, the
    export of all data, the validation report): as inert data, by the rule `build_workbook`
    follows for the pages' workbooks.

    Text is stored as text even when it starts like a formula (openpyxl would store "=..."
    as one): a plain string with Excel's quote prefix. Missing values leave the cell empty;
    a date (not a date-time) is shown as yyyy-mm-dd.
    """
    value = _cell_value(value)
    if not isinstance(value, str | bool | int | float | date | datetime | None):
        value = str(value)
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell), f"{cell.coordinate} is inside a merged range"
    cell.value = value
    if isinstance(value, str) and not safe_text(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if isinstance(value, date) and not isinstance(value, datetime):
        cell.number_format = DATE_FORMAT
    return cell


def number_format(header: str, dtype: object) -> str | None:
    """Excel number format for a column, from its header and type; digits grouped and dates
    written as the process's conventions say (`formats.excel_formats`: Indian grouping is a
    format with conditions, the cell keeps its number)."""
    text = header.lower()
    looks = excel_formats()
    if "(%)" in text:
        return "0.0"
    if "(inr)" in text:
        return looks["inr"]
    if pd.api.types.is_bool_dtype(dtype):
        return None
    if pd.api.types.is_integer_dtype(dtype):
        return looks["count"]
    if pd.api.types.is_float_dtype(dtype):
        return looks["decimals"]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return looks["date"]
    return None


def sheet_title(title: str, used: set[str]) -> str:
    """A valid sheet name not in `used` (lower case; the name is added to it)."""
    clean = re.sub(r"[\[\]:*?/\\]", " ", title).strip(" '")[:MAX_SHEET_TITLE].strip(" '")
    clean = clean or "Sheet"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = clean[: MAX_SHEET_TITLE - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _table_name(title: str, used: set[str]) -> str:
    """A valid Excel table name: letters, digits and "_", starting with a letter, and not
    readable as a cell reference ("T1", "R1C1")."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", title) or "Table"
    if not base[0].isalpha() or re.fullmatch(r"[A-Za-z]{1,3}\d+|[RrCc]|[RrCc]\d+[RrCc]\d+", base):
        base = "T_" + base
    candidate, n = base[:200], 2
    while candidate.lower() in used:
        candidate = f"{base[:195]}_{n}"
        n += 1
    used.add(candidate.lower())
    return candidate


# --- The pages' workbooks (XlsxWriter) -------------------------------------------------------


@dataclass(frozen=True)
class _Look:
    """How the cells of one column (or one line of the About sheet) look, as the format of
    each kind of value `_write` may meet there; made once, then used for every cell."""

    plain: Format | None  # a boolean; an empty cell (written only when it has a style)
    number: Format | None
    whole: Format | None  # a whole float, written as an integer; None: floats stay floats
    date: Format | None
    moment: Format | None  # a date-time
    text: Format | None
    quoted: Format  # text that starts like a formula: Excel's quote prefix


class _Styles:
    """The workbook's cell formats, one per combination of properties (XlsxWriter keeps
    every format it is given, so each is made once)."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._formats: dict[tuple[tuple[str, object], ...], Format] = {}
        self._looks: dict[tuple[object, ...], _Look] = {}

    def format(self, **properties: object) -> Format | None:
        given = {k: v for k, v in properties.items() if v not in (None, False)}
        if not given:
            return None
        key = tuple(sorted(given.items()))
        if key not in self._formats:
            self._formats[key] = self._workbook.add_format(given)
        return self._formats[key]

    def look(
        self,
        style: Mapping[str, object] | None = None,
        number: str | None = None,
        whole: str | None = None,
    ) -> _Look:
        """`style`: font, fill and alignment; `number`: the number format of a number, date
        or date-time (else their own); `whole`: the format of a whole float."""
        style = style or {}
        key = (tuple(sorted(style.items())), number, whole)
        if key not in self._looks:
            quoted = self.format(**style, quote_prefix=True)
            assert quoted is not None
            self._looks[key] = _Look(
                plain=self.format(**style),
                number=self.format(**style, num_format=number),
                whole=self.format(**style, num_format=whole) if whole else None,
                date=self.format(**style, num_format=number or excel_formats()["date"]),
                moment=self.format(
                    **style, num_format=number or f"{excel_formats()['date']} hh:mm:ss"
                ),
                text=self.format(**style),
                quoted=quoted,
            )
        return self._looks[key]


HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": BLUE}
DASHBOARD = N_("SCORE India review dashboard")
ABOUT = N_("About")
# The About sheet's labels, in the order written.
TITLE, PAGE, GENERATED_AT = N_("Title"), N_("Page"), N_("Generated at")
DATA_AS_OF, SHARE_LINK, PRESENTED_AT = N_("Data as of"), N_("Share link"), N_("As presented at")
DATA_VERSION, DATA, FILTERS, NOTE = N_("Data version"), N_("Data"), N_("Filters"), N_("Note")
DEFINITIONS = N_("Definitions")
DEFINITION_HEADERS = (
    N_("Indicator"),
    N_("Definition"),
    N_("Formula"),
    N_("Unit"),
    N_("Better"),
    N_("Source"),
)


# What a value is written as (see the module's docstring), the one rule of both writers:
# XlsxWriter's calls (`_write`) and the rows' XML of a long table (`_RowXml`).
_Cell = tuple[str, object, Format | None]  # kind ("text", "number", ...), value, format


def _cell(value: object, look: _Look) -> _Cell | None:
    """The kind, value and format a value is written as; None: the cell is left out."""
    if type(value) not in (str, int, float):
        value = _cell_value(value)  # NA, NaT, numpy scalars, Timestamps, time zones
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None if look.plain is None else ("blank", None, look.plain)
    if isinstance(value, bool):
        return ("boolean", value, look.plain)
    if isinstance(value, float) and math.isinf(value):
        return _text(str(value), look)
    if isinstance(value, float) and look.whole and value.is_integer():
        if abs(value) < _LARGEST_EXACT:
            return ("number", int(value), look.whole)
        return ("number", value, look.number)
    if isinstance(value, int | float):
        return ("number", value, look.number)
    if isinstance(value, datetime):
        return ("date", value, look.moment)
    if isinstance(value, date):
        return ("date", value, look.date)
    return _text(value if isinstance(value, str) else str(value), look)


def _text(text: str, look: _Look) -> _Cell:
    quoted = not safe_text(text)
    # A carriage return as XML would read it (a line feed); XlsxWriter would store it as
    # "_x000D_", which Excel reads back but openpyxl does not.
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return ("text", text, look.quoted if quoted else look.text)


def _write(ws: Worksheet, row: int, column: int, value: object, look: _Look) -> None:
    """Write one value as inert data, through XlsxWriter."""
    cell = _cell(value, look)
    if cell is None:
        return
    kind, value, cell_format = cell
    if kind == "text":
        ws.write_string(row, column, str(value), cell_format)
    elif kind == "number":
        ws.write_number(row, column, value, cell_format)
    elif kind == "date":
        ws.write_datetime(row, column, value, cell_format)
    elif kind == "boolean":
        ws.write_boolean(row, column, value, cell_format)
    else:
        ws.write_blank(row, column, None, cell_format)


class _RowXml:
    """A long table's rows written as the XML XlsxWriter's constant_memory mode writes for
    them, straight to the worksheet's file of rows: the same cells as `_write` would make,
    byte for byte (a test compares the two), at a fifth of the cost (see the module's
    docstring).

    It relies on XlsxWriter's private parts so that its text is theirs: a format's style
    number, the date conversion, the control-character escape, the whitespace and length
    rules, and the worksheet's row flush, file of rows, extent and last row.
    `requirements.txt` pins the XlsxWriter they come from, and the byte-for-byte test fails
    on one that writes its rows otherwise.
    """

    def __init__(self, ws: Worksheet, n_columns: int) -> None:
        self._ws = ws
        self._letters = [xl_col_to_name(column) for column in range(n_columns)]
        self._styles: dict[int, str] = {}  # id(format) -> ' s="n"'
        self._texts: list[dict[str, str]] = [{} for _ in range(n_columns)]  # per column

    def _style(self, cell_format: Format | None) -> str:
        if cell_format is None:
            return ""
        key = id(cell_format)
        if key not in self._styles:
            self._styles[key] = f' s="{cell_format._get_xf_index()}"'
        return self._styles[key]

    def _tail(self, cell: _Cell) -> str:
        """The cell's XML after its reference."""
        kind, value, cell_format = cell
        style = self._style(cell_format)
        if kind == "text":
            text = str(value)
            if len(text) > STRING_MAX // 2 and _utf16_len(text) > STRING_MAX:
                text = _utf16_truncate(text, STRING_MAX)
            text = Worksheet._escape_control_characters(text)
            space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            return f'{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'
        if kind == "number":
            return f"{style}><v>{value:.16G}</v></c>"
        if kind == "date":
            return f"{style}><v>{self._ws._convert_date_time(value):.16G}</v></c>"
        if kind == "boolean":
            return f'{style} t="b"><v>{int(bool(value))}</v></c>'
        return f"{style}/>"

    def write(self, frame: pd.DataFrame, looks: Sequence[_Look], first_row: int) -> None:
        """The frame's rows from `first_row` (0-based) on; the rows before it are done."""
        ws = self._ws
        ws._write_single_row(first_row)  # the rows before it go to the file first
        out = ws.fh
        last = first_row - 1
        columns = list(zip(self._letters, looks, self._texts, strict=True))
        for r, row in enumerate(_rows(frame), start=first_row):
            reference = str(r + 1)
            parts = []
            for (letter, look, texts), value in zip(columns, row, strict=True):
                if type(value) is str:
                    # A text column repeats its values (sectors, states, outcomes).
                    tail = texts.get(value)
                    if tail is None:
                        tail = texts[value] = self._tail(_text(value, look))
                else:
                    cell = _cell(value, look)
                    if cell is None:
                        continue
                    tail = self._tail(cell)
                parts.append(f'<c r="{letter}{reference}"{tail}')
            if parts:
                out.write(f'<row r="{reference}">{"".join(parts)}</row>')
                last = r
        if last >= first_row:
            ws._check_dimensions(last, 0)  # the sheet's extent
        ws.previous_row = max(last, first_row)


def _write_about(ws: Worksheet, styles: _Styles, about: About) -> None:
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 100)
    rows: list[tuple[str, object]] = [
        (TITLE, about.title),
        (PAGE, about.page),
        (GENERATED_AT, about.generated_at.replace(microsecond=0, tzinfo=None)),
        (DATA_AS_OF, about.data_as_of),
        (SHARE_LINK, about.share_link),
    ]
    if about.review:
        rows.insert(3, (PRESENTED_AT, about.review))
    if about.data_version:
        rows.insert(-1, (DATA_VERSION, about.data_version))
    if about.demo:
        rows.insert(1, (DATA, t(DEMO_NOTE)))
    bold, plain = styles.look({"bold": True}), styles.look()
    _write(ws, 0, 0, t(DASHBOARD), styles.look({"bold": True, "font_size": 14}))
    r = 2
    for key, value in rows:
        _write(ws, r, 0, t(key), bold)
        if key == GENERATED_AT:
            _write(ws, r, 1, value, styles.look(number=f"{excel_formats()['date']} hh:mm"))
        elif key == DATA:
            _write(ws, r, 1, value, styles.look({"bold": True, "font_color": "#B00020"}))
        else:
            _write(ws, r, 1, value, plain)
        r += 1
    r += 1
    _write(ws, r, 0, t(FILTERS), bold)
    for line in about.filters:
        _write(ws, r, 1, line, plain)
        r += 1
    for note in about.notes:
        r += 1
        _write(ws, r, 0, t(NOTE), bold)
        _write(ws, r, 1, note, styles.look({"text_wrap": True}))
    if not about.indicators:
        return
    r += 2
    _write(ws, r, 0, t(DEFINITIONS), styles.look({"bold": True, "font_size": 12}))
    r += 1
    for column, header in enumerate(DEFINITION_HEADERS):
        _write(ws, r, column, t(header), styles.look(HEADER))
    for column, width in ((2, 50), (3, 14), (4, 10), (5, 40)):
        ws.set_column(column, column, width)
    for code in about.indicators:
        indicator = INDICATORS_BY_CODE.get(code)
        if indicator is None:
            continue
        r += 1
        values = (
            t(indicator.name),
            t(indicator.definition),
            indicator.formula,  # column names and operators: the same in every language
            t(indicator.unit),
            t(indicator.better),
            t(indicator.source),
        )
        for column, value in enumerate(values):
            _write(ws, r, column, value, styles.look({"text_wrap": True, "valign": "top"}))


def _column_look(styles: _Styles, header: str, dtype: object) -> _Look:
    """A table column's number format; a float column of counts or amounts (neither "(%)"
    nor "(INR)") writes its whole values as integers."""
    number = number_format(header, dtype)
    looks = excel_formats()
    return styles.look(number=number, whole=looks["count"] if number == looks["decimals"] else None)


def _rows(frame: pd.DataFrame) -> Iterable[tuple[object, ...]]:
    """The frame's rows as Python values (ints, floats, strings, Timestamps, NA), in order,
    a chunk at a time: a long table is never held twice."""
    for start in range(0, len(frame), CHUNK_ROWS):
        chunk = frame.iloc[start : start + CHUNK_ROWS]
        yield from zip(*(chunk.iloc[:, i].tolist() for i in range(chunk.shape[1])), strict=True)


def _width(header: str, values: pd.Series) -> int:
    lengths = [len(header)] + [len(str(v)) for v in values.iloc[:200]]
    return min(max(lengths) + 3, 60)


def _write_table(
    workbook: Workbook,
    ws: Worksheet,
    styles: _Styles,
    sheet: Sheet,
    table_names: set[str],
    tables: bool,
) -> None:
    frame = sheet.frame.reset_index(drop=True)
    headers = [str(c) for c in frame.columns]  # as declared: they choose the number formats
    shown = [t(header) for header in headers]  # as written, in the run's language
    header_row = 0
    if sheet.note:
        _write(ws, 0, 0, sheet.note, styles.look({"italic": True}))
        header_row = 2
    last_row = header_row + max(len(frame), 1)
    last_column = max(len(headers), 1) - 1
    for column, header in enumerate(shown):
        ws.set_column(column, column, _width(header, frame.iloc[:, column]))
    ws.freeze_panes(header_row + 1, 0)
    unique = len({h.lower() for h in shown}) == len(shown)
    if headers and unique and tables:
        # The table writes its header cells (the cells written below replace them).
        ws.add_table(
            header_row,
            0,
            last_row,
            last_column,
            {
                "name": _table_name(ws.get_name(), table_names),
                "style": "Table Style Medium 2",
                "columns": [{"header": h} for h in shown],
            },
        )  # an Excel table carries its own autofilter
    else:
        ws.autofilter(header_row, 0, last_row, last_column)
    header_look = styles.look({**HEADER, "text_wrap": True, "valign": "top"})
    for column, header in enumerate(shown):
        _write(ws, header_row, column, header, header_look)
    looks = [_column_look(styles, h, frame.iloc[:, i].dtype) for i, h in enumerate(headers)]
    if not tables and ROWS_AS_XML:  # constant_memory mode: the rows' XML, written at once
        _RowXml(ws, len(headers)).write(frame, looks, header_row + 1)
    else:
        for r, row in enumerate(_rows(frame), start=header_row + 1):
            for column, (value, look) in enumerate(zip(row, looks, strict=True)):
                _write(ws, r, column, value, look)
    if sheet.chart and len(frame):
        _add_chart(workbook, ws, sheet.chart, headers, header_row, len(frame))


def _add_chart(
    workbook: Workbook,
    ws: Worksheet,
    spec: ChartSpec,
    headers: list[str],
    header_row: int,
    n_rows: int,
) -> None:
    options: dict[str, str] = {"type": spec.kind}
    if spec.stacked and spec.kind != "line":
        options["subtype"] = "stacked"
    chart = workbook.add_chart(options)
    name = ws.get_name()
    category = headers.index(spec.category)
    first, last = header_row + 1, header_row + n_rows
    for series in spec.series:
        column = headers.index(series)
        chart.add_series(
            {
                "name": [name, header_row, column],
                "categories": [name, first, category, last, category],
                "values": [name, first, column, last, column],
                **({"overlap": 100} if spec.stacked and spec.kind != "line" else {}),
            }
        )
    chart.set_title({"name": t(spec.title)})
    # A bar chart lies on its side: its value axis is the horizontal one.
    value_axis = chart.set_x_axis if spec.kind == "bar" else chart.set_y_axis
    if spec.y_title:
        value_axis({"name": t(spec.y_title)})
    chart.set_size({"width": 680, "height": 340})  # 18 x 9 cm
    ws.insert_chart(header_row, len(headers) + 1, chart)


def build_workbook(about: About, sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file of a page, as bytes."""
    long = any(len(sheet.frame) > LONG_ROWS for sheet in sheets)
    buffer = io.BytesIO()
    workbook = Workbook(
        buffer,
        {
            "constant_memory": long,
            "in_memory": not long,  # constant_memory needs its temporary files
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    styles = _Styles(workbook)
    titles: set[str] = set()
    _write_about(workbook.add_worksheet(sheet_title(t(ABOUT), titles)), styles, about)
    table_names: set[str] = set()
    for sheet in sheets:
        ws = workbook.add_worksheet(sheet_title(t(sheet.title), titles))
        _write_table(workbook, ws, styles, sheet, table_names, tables=not long)
    workbook.close()
    return buffer.getvalue()
