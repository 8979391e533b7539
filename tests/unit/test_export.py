"""Excel workbooks: About sheet, formats, tables, native charts, and no formula injection."""

import io
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

import score_dash.core.excel
from score_dash.core.dictionary import DEMO_NOTE
from score_dash.core.excel import About, build_workbook, safe_text
from score_dash.core.reports import ChartSpec, Sheet
from tests.excel import read_sheet


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


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


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


def test_native_chart_sits_beside_its_table(table):
    chart = ChartSpec("column", "Cluster", ("Enterprises",), "Enterprises by cluster")
    ws = workbook(build_workbook(about(), [Sheet("By cluster", table, chart=chart)]))["By cluster"]
    assert len(ws._charts) == 1


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


def every_cell(data: bytes) -> dict[tuple[str, str], tuple]:
    """Each cell of every sheet: its value, type, number format and quote prefix."""
    book = load_workbook(io.BytesIO(data))
    return {
        (ws.title, cell.coordinate): (
            cell.value,
            cell.data_type,
            cell.number_format,
            cell.quotePrefix,
            cell.font.bold,
        )
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None or cell.has_style
    }


def test_a_long_table_is_written_cell_for_cell_as_openpyxl_writes_it(monkeypatch):
    """Tables longer than BULK_ROWS are written as sheet XML directly (openpyxl's cells are
    too slow at 50,000 rows); the workbook must read back the same as openpyxl's own."""
    from datetime import date

    n = 12
    frame = pd.DataFrame(
        {
            "Enterprise": [f"E{i:03d}" for i in range(n)],
            "Sector": pd.Categorical(["Auto parts", "Textiles"] * (n // 2)),
            "Count": pd.array([i if i % 5 else None for i in range(n)], dtype="Int64"),
            "Change (%)": [i / 3 if i % 4 else float("nan") for i in range(n)],
            "Share improved (%)": [12.5 * i for i in range(n)],
            "Baseline": [0.1 * i for i in range(n)],
            "Flag": [bool(i % 2) for i in range(n)],
            "Reported": pd.to_datetime([f"2016-0{1 + i % 9}-15" for i in range(n)]).astype(
                "datetime64[s]"
            ),
            "Mixed": [
                '=HYPERLINK("http://x")',
                "<b>A & B</b>",
                "  leading and trailing  ",
                date(2017, 6, 30),
                datetime(2017, 6, 30, 12, 0),
                None,
                "+91 98",
                "@handle",
                "-5",
                3,
                2.5,
                True,
            ],
        }
    )
    sheets = [
        Sheet("Long", frame, note="One row per enterprise."),
        Sheet("Short", frame.head(3)),
    ]
    expected = build_workbook(about(), sheets)  # every cell through openpyxl
    monkeypatch.setattr(score_dash.core.excel, "BULK_ROWS", 5)
    bulk = build_workbook(about(), sheets)
    assert every_cell(bulk) == every_cell(expected)
    with io.BytesIO(bulk) as buffer:
        import zipfile

        xml = zipfile.ZipFile(buffer).read("xl/worksheets/sheet2.xml").decode()
    # Written in bulk: the hostile text is an escaped inline string, no formula anywhere.
    assert "<f>" not in xml and "&lt;b&gt;A &amp; B&lt;/b&gt;" in xml
    assert '<dimension ref="A1:I15"' in xml  # the note, a blank row, the header, 12 rows
    table = workbook(bulk)["Long"].tables.values()
    assert [t.ref for t in table] == ["A3:I15"]
