"""Excel workbooks: About sheet, formats, tables, native charts, and no formula injection.

A workbook is written in one of two modes (score_dash/core/excel.py): the normal one, and
XlsxWriter's constant_memory mode when a table is long. Tests taking the `mode` fixture run
in both: the constant_memory one forced on a short table by lowering LONG_ROWS.
"""

import io
import math
import re
import zipfile
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import score_dash.core.excel
from score_dash.core.dictionary import DEMO_NOTE
from score_dash.core.excel import About, build_workbook, safe_text
from score_dash.core.formats import DEFAULT_CONVENTIONS, Conventions, use
from score_dash.core.reports import ChartSpec, Sheet
from tests.excel import read_sheet
from tests.hostile import HOSTILE


def about(**changes) -> About:
    values = dict(
        title="Test page",
        page="test",
        generated_at=datetime(2026, 1, 2, 3, 4, 5),
        data_as_of="2026-01-01T00:00:00",
        filters=["Review period: 2015-H2", "States: Haryana"],
        share_link="http://127.0.0.1:8501/test?state=Haryana",
        indicators=["enterprises", "completion_rate"],
        demo=True,
    )
    values.update(changes)
    return About(**values)


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Cluster": ["Faridabad", "Chennai"],
            "Enterprises": pd.array([40, 30], dtype="Int64"),
            "Women's share (%)": [8.25, 12.5],
            "Fee income (INR)": [125000.0, 98000.5],
            "Median days": [31.5, None],
        }
    )


@pytest.fixture(autouse=True)
def _international_conventions():
    """These tests check the writer's rules (types, which columns get which kind of format)
    with the international formats written below; the Indian grouping's formats are
    tests/unit/test_formats.py's."""
    use(Conventions("international", "iso"))
    yield
    use(DEFAULT_CONVENTIONS)


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


@pytest.fixture(params=["normal", "constant_memory"])
def mode(request, monkeypatch) -> str:
    if request.param == "constant_memory":
        monkeypatch.setattr(score_dash.core.excel, "LONG_ROWS", 0)
    return request.param


def test_about_sheet_comes_first_with_filters_link_definitions_and_demo_line(table):
    wb = workbook(build_workbook(about(), [Sheet("By cluster", table)]))
    assert wb.sheetnames == ["About", "By cluster"]
    text = "\n".join(str(c.value) for row in wb["About"].iter_rows() for c in row if c.value)
    for expected in (
        "Test page",
        "States: Haryana",
        "http://127.0.0.1:8501/test?state=Haryana",
        "Completion rate",
        "completed / (completed + dropped)",
        DEMO_NOTE,
        "2026-01-01T00:00:00",
    ):
        assert expected in text
    assert DEMO_NOTE not in "\n".join(
        str(c.value)
        for row in workbook(build_workbook(about(demo=False), []))["About"].iter_rows()
        for c in row
        if c.value
    )


def test_table_sheet_has_formats_frozen_header_and_an_excel_table(table):
    ws = workbook(build_workbook(about(), [Sheet("By cluster", table)]))["By cluster"]
    assert [c.value for c in ws[1]] == list(table.columns)
    assert ws.freeze_panes == "A2"
    assert ws["B2"].number_format == "#,##0"
    assert ws["C2"].number_format == "0.0"
    assert ws["D2"].number_format == '#,##0 "INR"'
    assert ws["E3"].value is None
    assert list(ws.tables) and ws.tables[next(iter(ws.tables))].ref == "A1:E3"
    assert ws.column_dimensions["A"].width >= len("Faridabad")


def test_values_read_back_equal_the_frame(table):
    data = build_workbook(about(), [Sheet("By cluster", table)])
    back = read_sheet(data, "By cluster")
    pd.testing.assert_frame_equal(
        back.astype(object).where(back.notna(), None),
        table.astype(object).where(table.notna(), None),
        check_dtype=False,
    )


@pytest.mark.parametrize("kind", ["column", "bar", "line"])
def test_native_chart_sits_beside_its_table(table, mode, kind):
    chart = ChartSpec(kind, "Cluster", ("Enterprises",), "Enterprises by cluster")
    ws = workbook(build_workbook(about(), [Sheet("By cluster", table, chart=chart)]))["By cluster"]
    assert len(ws._charts) == 1
    assert ws._charts[0].anchor._from.col == len(table.columns) + 1  # one empty column after


@pytest.mark.parametrize(
    "text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x")']
)
def test_text_that_could_start_a_formula_is_written_as_text(text):
    assert not safe_text(text)
    frame = pd.DataFrame({"Name": [text], "Value": [1]})
    data = build_workbook(about(), [Sheet("Data", frame)])
    cell = workbook(data)["Data"]["A2"]
    assert cell.data_type == "s"
    # XML stores a carriage return as a line feed; the text is otherwise unchanged.
    assert cell.value.replace("\r", "\n") == text.replace("\r", "\n")
    assert cell.quotePrefix
    raw = load_workbook(io.BytesIO(data), data_only=False)["Data"]["A2"]
    assert raw.data_type == "s"


def test_ordinary_text_is_untouched():
    assert safe_text("Faridabad") and safe_text("50-99") and safe_text("")


def test_sheet_titles_are_made_valid_and_unique(table):
    wb = workbook(
        build_workbook(
            about(), [Sheet("A/B: long title " * 3, table), Sheet("A/B: long title " * 3, table)]
        )
    )
    assert len(wb.sheetnames) == 3
    assert all(len(t) <= 31 and "/" not in t and ":" not in t for t in wb.sheetnames)
    assert len(set(wb.sheetnames)) == 3


# One column per way a value can reach a workbook; the expected cells below are written by
# hand, not derived from the frame.
EVERY_KIND = pd.DataFrame(
    {
        "Enterprise": ["E001", "0123", "=1+1"],  # pandas' string dtype
        "Sector": pd.Categorical(["Auto parts", "Textiles", "Auto parts"]),
        "Workers": [12, 0, 19659],  # int64
        "Trainers": pd.array([3, None, 7], dtype="Int64"),
        "States": [6.0, 9.0, math.nan],  # a count held as floats
        "2017-H2": [6.0, 19659.0, 69.2],  # counts and a rate in one column
        "Completion (%)": [69.2, 50.0, math.nan],
        "Fee income (INR)": [125000.0, 98000.5, 0.0],
        "Certified": [True, False, True],
        "Reported": pd.to_datetime(["2016-01-15", None, "2017-06-30"]),
        "Mixed": ["<b>A & B</b>", date(2017, 6, 30), 2.5],
    }
)
# Excel keeps no types, only numbers: a whole number comes back as an int (50.0 too), which
# is what a count must be; a count is never written as 6.0.
EVERY_KIND_CELLS = [
    ("E001", "Auto parts", 12, 3, 6, 6, 69.2, 125000, True, datetime(2016, 1, 15), "<b>A & B</b>"),
    ("0123", "Textiles", 0, None, 9, 19659, 50, 98000.5, False, None, datetime(2017, 6, 30)),
    ("=1+1", "Auto parts", 19659, 7, None, 69.2, None, 0, True, datetime(2017, 6, 30), 2.5),
]
COUNT, RATE, INR, DAY, GENERAL = "#,##0", "0.0", '#,##0 "INR"', "yyyy-mm-dd", "General"
EVERY_KIND_FORMATS = [  # None: an empty cell
    (GENERAL, GENERAL, COUNT, COUNT, COUNT, COUNT, RATE, INR, GENERAL, DAY, GENERAL),
    (GENERAL, GENERAL, COUNT, None, COUNT, COUNT, RATE, INR, GENERAL, None, DAY),
    (GENERAL, GENERAL, COUNT, COUNT, None, "#,##0.0#", None, INR, GENERAL, DAY, GENERAL),
]


def test_every_cell_reads_back_as_worked_out_by_hand(mode):
    """The one writer, read back with openpyxl: every value, its type (a count is an int,
    not a float), its number format, and text kept as text."""
    data = build_workbook(about(), [Sheet("Every kind", EVERY_KIND)])
    ws = workbook(data)["Every kind"]
    assert [c.value for c in ws[1]] == list(EVERY_KIND.columns)
    assert ws.max_row == 1 + len(EVERY_KIND_CELLS)
    for row, (values, formats) in enumerate(
        zip(EVERY_KIND_CELLS, EVERY_KIND_FORMATS, strict=True), start=2
    ):
        for column, (value, number_format) in enumerate(zip(values, formats, strict=True), 1):
            cell = ws.cell(row=row, column=column)
            where = (mode, cell.coordinate)
            assert cell.value == value, where
            assert type(cell.value) is type(value), where
            if value is not None:
                assert cell.number_format == number_format, where
            assert cell.data_type != "f", where
            assert cell.quotePrefix == (value == "=1+1"), where


def test_a_count_column_comes_back_as_integers_without_decimals(mode):
    """'Programme at a glance': States 6 and 19,659 workers, not 6.0 and 19,659.0; the
    completion rate in the same column keeps its decimal."""
    glance = pd.DataFrame(
        {
            "Figure": ["States", "Workers in participating enterprises", "Completion rate"],
            "Unit": ["states", "people", "%"],
            "2017-H2": [6.0, 19659.0, 69.2],
            "Change": [0.0, 884.0, 0.3],
        }
    )
    ws = workbook(build_workbook(about(), [Sheet("Programme at a glance", glance)]))[
        "Programme at a glance"
    ]
    rows = [[(c.value, type(c.value), c.number_format) for c in row[2:]] for row in ws.iter_rows(2)]
    assert rows == [
        [(6, int, COUNT), (0, int, COUNT)],
        [(19659, int, COUNT), (884, int, COUNT)],
        [(69.2, float, "#,##0.0#"), (0.3, float, "#,##0.0#")],
    ]


HOSTILE_TEXT = {  # text -> whether it must carry Excel's quote prefix
    "=1+1": True,
    "@SUM(A1)": True,
    "+1": True,
    "-1": True,
    "http://x": False,
    "0123": False,
}


def test_hostile_text_is_inert_text(mode):
    frame = pd.DataFrame({"Name": list(HOSTILE_TEXT)})
    data = build_workbook(about(filters=list(HOSTILE_TEXT)), [Sheet("Data", frame)])
    book = load_workbook(io.BytesIO(data))
    cells = [row[0] for row in book["Data"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == list(HOSTILE_TEXT)  # "0123" not a number, "+1" not 1
    assert [c.data_type for c in cells] == ["s"] * len(HOSTILE_TEXT)
    assert [c.quotePrefix for c in cells] == list(HOSTILE_TEXT.values())
    for ws in book.worksheets:
        assert ws._hyperlinks == [], ws.title  # "http://x" is not a link
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), ws.title
    about_text = [c.value for row in book["About"].iter_rows() for c in row]
    assert set(HOSTILE_TEXT) <= set(about_text)


def test_a_long_workbook_has_an_autofilter_where_a_short_one_has_an_excel_table(table, mode):
    """constant_memory mode cannot write an Excel table (see score_dash/core/excel.py)."""
    ws = workbook(build_workbook(about(), [Sheet("By cluster", table, note="A note.")]))[
        "By cluster"
    ]
    assert ws.freeze_panes == "A4"  # the note, an empty row, the header
    if mode == "normal":
        assert [t.ref for t in ws.tables.values()] == ["A3:E5"]
        assert [t.displayName for t in ws.tables.values()] == ["By_cluster"]
    else:
        assert list(ws.tables) == []
        assert ws.auto_filter.ref == "A3:E5"


def test_a_table_of_20000_rows_is_written_and_read_back_whole():
    n = 20_000
    assert n > score_dash.core.excel.LONG_ROWS  # written in constant_memory mode
    frame = pd.DataFrame(
        {
            "Enterprise": [f"E{i:05d}" for i in range(n)],
            "Workers": [i * 3 for i in range(n)],
            "Score (%)": [(i % 1000) / 10 for i in range(n)],
            "Days": [math.nan if i % 10 == 0 else float(i % 7) for i in range(n)],
            "Name": ["=cmd" if i % 1000 == 0 else f"Unit {i}" for i in range(n)],
        }
    )
    data = build_workbook(about(), [Sheet("Per enterprise", frame, note="One row each.")])
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(book["Per enterprise"].iter_rows(values_only=True))
    assert rows[:3] == [("One row each.", None, None, None, None), (None,) * 5, tuple(frame)]
    assert len(rows) == 3 + n
    for i, row in enumerate(rows[3:]):
        expected = (
            f"E{i:05d}",
            i * 3,
            (i % 1000) / 10,
            None if i % 10 == 0 else i % 7,
            "=cmd" if i % 1000 == 0 else f"Unit {i}",
        )
        assert row == expected, i
        assert type(row[1]) is int and (row[3] is None or type(row[3]) is int), i


def _sheet_xml(data: bytes, sheet: int) -> str:
    """The sheet's XML without its cells' style numbers (a workbook numbers its formats in
    the order it first writes them: see `_looks`)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return re.sub(r' s="\d+"', "", archive.read(f"xl/worksheets/sheet{sheet}.xml").decode())


def _looks(data: bytes, title: str) -> list[tuple[object, ...]]:
    """Each cell's value and look, as openpyxl reads them."""
    return [
        (
            c.coordinate,
            c.value,
            c.data_type,
            c.number_format,
            c.quotePrefix,
            repr(c.font),
            repr(c.fill),
        )
        for row in load_workbook(io.BytesIO(data))[title].iter_rows()
        for c in row
    ]


def test_a_long_tables_rows_as_xml_are_xlsxwriters_own_byte_for_byte(monkeypatch):
    """A long table's rows are written as XML (`_RowXml`, issue 27) instead of through
    XlsxWriter's calls: the sheet must be the one XlsxWriter writes itself, for every kind
    of value (EVERY_KIND), text that needs escaping or a quote prefix, whitespace to keep,
    control characters, "_x0041_" (Excel's escape), an empty string, an over-long text,
    booleans, infinities, dates, date-times with time zones, numpy scalars and empty rows."""
    monkeypatch.setattr(score_dash.core.excel, "LONG_ROWS", 0)
    texts = [
        *HOSTILE,
        "a & b < c > d",
        " leading",
        "trailing ",
        "line\r\nbreak\rcr",
        "bell\x07 and tab\t",
        "_x0041_ stays",
        "",
        "\ufffe",
        "देवनागरी",
        "W" * 40_000,
    ]
    n = len(texts)
    odd = pd.DataFrame(
        {
            "Text": texts,
            "Flag": [i % 3 == 0 for i in range(n)],
            "Any": [
                [math.inf, -math.inf, True, np.int64(7), np.float64(2.5), None][i % 6]
                for i in range(n)
            ],
            "When": [pd.Timestamp("2017-07-01 10:30", tz="Asia/Kolkata")] * n,
            "Day": [date(2018, 2, 14)] * n,
            "Missing": [None] * n,
        }
    )
    sheets = [Sheet("Every kind", EVERY_KIND), Sheet("Odd", odd, note="Note.")]
    rows_as_xml = build_workbook(about(), sheets)
    monkeypatch.setattr(score_dash.core.excel, "ROWS_AS_XML", False)
    through_calls = build_workbook(about(), sheets)
    for sheet in (2, 3):
        mine, theirs = _sheet_xml(rows_as_xml, sheet), _sheet_xml(through_calls, sheet)
        assert "<sheetData><row" in theirs and mine == theirs
    for title in ("Every kind", "Odd"):
        assert _looks(rows_as_xml, title) == _looks(through_calls, title)
