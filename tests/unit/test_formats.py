"""How numbers, rupees and dates read as text (score_dash/core/formats.py), against cases
written out by hand: Indian grouping puts a comma after the last three digits, then after
every two (12,34,567); international after every three (1,234,567)."""

from __future__ import annotations

import io
import subprocess
from datetime import date, datetime
from pathlib import Path
from shutil import which

import pandas as pd
import pytest
from openpyxl import load_workbook

from score_dash.config import ConfigError, get_config, load_config
from score_dash.core import formats
from score_dash.core.excel import About, build_workbook
from score_dash.core.formats import (
    Conventions,
    cell_text,
    fmt_date,
    fmt_day,
    fmt_number,
    fmt_rupees,
    fmt_stamp,
    grouped,
)
from score_dash.core.reports import Sheet

GROUPED = [  # value, decimals, Indian, international
    (100000, 0, "1,00,000", "100,000"),
    (1234567, 0, "12,34,567", "1,234,567"),
    (99999, 0, "99,999", "99,999"),
    (0, 0, "0", "0"),
    (-1234567, 0, "-12,34,567", "-1,234,567"),
    (1234567.5, 1, "12,34,567.5", "1,234,567.5"),
    (999, 0, "999", "999"),
    (1000, 0, "1,000", "1,000"),
    (10000000, 0, "1,00,00,000", "10,000,000"),
    (123456789012, 0, "1,23,45,67,89,012", "123,456,789,012"),
    (-0.04, 1, "0.0", "0.0"),  # rounds to zero: no "-0.0"
]


@pytest.fixture(autouse=True)
def _default_conventions():
    """Each test starts from the default (Indian, day-month) and leaves it so."""
    formats.use(formats.DEFAULT_CONVENTIONS)
    yield
    formats.use(formats.DEFAULT_CONVENTIONS)
    get_config.cache_clear()


@pytest.mark.parametrize(("value", "decimals", "indian", "international"), GROUPED)
def test_grouping_by_hand(value, decimals, indian, international):
    assert grouped(value, decimals, "indian") == indian
    assert grouped(value, decimals, "international") == international


def test_the_process_choice_is_the_default_argument():
    assert grouped(1234567) == "12,34,567"  # the default: a deployment in India
    formats.use(Conventions(grouping="international"))
    assert grouped(1234567) == "1,234,567"
    assert fmt_number(1234567.0) == "1,234,567"
    assert cell_text(1234567, percent=False) == "1,234,567"


def test_cards_and_cells_group_the_indian_way():
    assert fmt_number(100000.0) == "1,00,000"
    assert fmt_number(1234567.25) == "12,34,567.2"  # one decimal on a card (half to even)
    assert fmt_number(49999) == "49,999"  # under a lakh, as before
    assert fmt_number(42.94, "%") == "42.9 %"
    assert fmt_number(None) == formats.DASH
    assert cell_text(1234567, percent=False) == "12,34,567"
    assert cell_text(1234567.125, percent=False) == "12,34,567.125"
    assert cell_text(12.34, percent=True) == "12.3"
    assert formats.delta_text(150000.0, "") == "+1,50,000"
    assert formats.delta_text(-150000.0, "") == "-1,50,000"


@pytest.mark.parametrize(
    ("amount", "indian", "international"),
    [
        (25100, "₹ 25,100", "₹ 25,100"),
        (99999, "₹ 99,999", "₹ 99,999"),
        (100000, "₹ 1 lakh", "₹ 100,000"),
        (340000, "₹ 3.4 lakh", "₹ 340,000"),
        (9995000, "₹ 1 crore", "₹ 9,995,000"),  # 99.95 lakh rounds to 100.0: a crore
        (12000000, "₹ 1.2 crore", "₹ 12 million"),
        (125000000000, "₹ 12,500 crore", "₹ 125,000 million"),
        (-340000, "-₹ 3.4 lakh", "-₹ 340,000"),
        (98000.7, "₹ 98,001", "₹ 98,001"),  # whole rupees from ₹ 100
        (12.5, "₹ 12.50", "₹ 12.50"),
    ],
)
def test_rupees_by_hand(amount, indian, international):
    assert fmt_rupees(amount, "indian") == indian
    assert fmt_rupees(amount, "international") == international


def test_a_figure_in_rupee_units_reads_as_rupees():
    # Cost savings are reported in INR thousand: 25.1 thousand is ₹ 25,100; 340 is 3.4 lakh
    assert fmt_number(25.1, "INR thousand per half-year") == "₹ 25,100"
    assert fmt_number(340.0, "INR thousand per half-year") == "₹ 3.4 lakh"
    assert fmt_number(340000.0, "INR") == "₹ 3.4 lakh"


def test_dates_in_text_and_tables():
    day = date(2018, 2, 14)
    assert fmt_date(day) == "14 Feb 2018"
    assert fmt_day(day) == "14-02-2018"
    assert fmt_date(date(2017, 7, 1)) == "1 Jul 2017"
    assert cell_text(pd.Timestamp("2018-02-14"), percent=False) == "14-02-2018"
    assert fmt_stamp("2018-03-01T10:15:00") == "1 Mar 2018 10:15"
    assert fmt_stamp("2018-03-01") == "1 Mar 2018"
    assert fmt_stamp("not a date") == "not a date"
    assert fmt_date(day, "iso") == fmt_day(day, "iso") == "2018-02-14"
    formats.use(Conventions(dates="iso"))
    assert fmt_date(day) == "2018-02-14"
    assert formats.fmt_moment(datetime(2018, 2, 14, 9, 5)) == "2018-02-14 09:05"


def test_chart_locale_groups_as_the_text_does():
    assert formats.chart_locale("indian")["grouping"][:3] == [3, 2, 2]
    assert formats.chart_locale("international")["grouping"] == [3]


def test_settings_choose_the_conventions(monkeypatch, tmp_path):
    none = tmp_path / "none.toml"
    monkeypatch.delenv("SCORE_NUMBER_GROUPING", raising=False)
    monkeypatch.delenv("SCORE_DATE_FORMAT", raising=False)
    assert load_config(none).conventions == Conventions("indian", "day-month")
    monkeypatch.setenv("SCORE_NUMBER_GROUPING", "International")
    monkeypatch.setenv("SCORE_DATE_FORMAT", "iso")
    assert load_config(none).conventions == Conventions("international", "iso")
    monkeypatch.setenv("SCORE_NUMBER_GROUPING", "lakh")
    with pytest.raises(ConfigError, match="SCORE_NUMBER_GROUPING must be one of indian"):
        load_config(none)


def test_reading_the_settings_sets_the_process_choice(monkeypatch):
    monkeypatch.setenv("SCORE_NUMBER_GROUPING", "international")
    get_config.cache_clear()
    get_config()
    assert grouped(1234567) == "1,234,567"


# --- Excel: the cell keeps its number; only its display format changes --------------------

INDIAN_COUNT = "[<0]#,##0;[>=100000]##\\,##\\,##0;#,##0"  # hand-written
INDIAN_INR = '[<0]#,##0 "INR";[>=100000]##\\,##\\,##0 "INR";#,##0 "INR"'
TABLE = pd.DataFrame(
    {
        "Cluster": ["Faridabad", "Chennai", "Pune"],
        "Workers": [1234567, 100000, 99999],
        "Fee income (INR)": [125000.0, 98000.5, 12345678.0],
        "Reported": pd.to_datetime(["2018-02-14", "2017-07-01", "2016-12-31"]),
        "Change": [-1234567, -99999, 5],
    }
)


def _workbook(conventions: Conventions) -> bytes:
    formats.use(conventions)
    about = About(
        title="Test",
        page="test",
        generated_at=datetime(2026, 1, 2, 3, 4),
        data_as_of="2026-01-01T00:00:00",
        filters=[],
        share_link="",
        indicators=[],
    )
    return build_workbook(about, [Sheet("Figures", TABLE)])


def test_excel_keeps_numbers_and_groups_them_by_format():
    ws = load_workbook(io.BytesIO(_workbook(formats.DEFAULT_CONVENTIONS)))["Figures"]
    assert [ws[f"B{r}"].value for r in (2, 3, 4)] == [1234567, 100000, 99999]
    assert {ws[f"B{r}"].number_format for r in (2, 3, 4)} == {INDIAN_COUNT}
    assert ws["C2"].number_format == INDIAN_INR and ws["C2"].value == 125000
    assert ws["D2"].value == datetime(2018, 2, 14) and ws["D2"].number_format == "dd-mm-yyyy"
    ws = load_workbook(io.BytesIO(_workbook(Conventions("international", "iso"))))["Figures"]
    assert ws["B2"].value == 1234567 and ws["B2"].number_format == "#,##0"
    assert ws["C2"].number_format == '#,##0 "INR"'
    assert ws["D2"].number_format == "yyyy-mm-dd"


@pytest.mark.skipif(which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_indian_grouping(tmp_path: Path):
    """What a person sees in a spreadsheet program: LibreOffice renders the conditional
    format (its CSV export writes cells as shown), negative numbers with their sign."""
    book = tmp_path / "figures.xlsx"
    book.write_bytes(_workbook(formats.DEFAULT_CONVENTIONS))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2",
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shown = (tmp_path / "figures-Figures.csv").read_text(encoding="utf-8")
    assert '"12,34,567"' in shown and '"1,00,000"' in shown and '"99,999"' in shown
    assert '"123,45,678 INR"' in shown  # from a crore: 123 lakh
    assert '"-1,234,567"' in shown and '"-99,999"' in shown  # negative: signed, in threes
    assert "14-02-2018" in shown


@pytest.mark.parametrize(("style", "pattern"), [("day-month", "DD-MM-YYYY"), ("iso", "YYYY-MM-DD")])
def test_the_date_widgets_pattern_writes_a_date_as_tables_do(style, pattern):
    """The screen's date widgets and table columns take `day_pattern` (moment.js tokens):
    it writes 14 Feb 2018 as `fmt_day` does."""
    assert formats.day_pattern(style) == pattern
    as_strftime = pattern.replace("DD", "%d").replace("MM", "%m").replace("YYYY", "%Y")
    day = date(2018, 2, 14)
    assert day.strftime(as_strftime) == formats.fmt_day(day, style)
