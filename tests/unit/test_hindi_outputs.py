"""The PDF pack and the Excel workbooks in Hindi (issue 26): `pack --lang hi`, `export --lang
hi`, the charts' Devanagari drawn as shaped outlines (score_dash/pack/shaping.py).

Expected words are read from the catalog file with Babel (`catalog`), not through the
code's `t`; the PDF is read back with pypdf and a small reader of its own (`pdf_text`) that
follows the fonts' ToUnicode maps and Typst's ActualText spans (pypdf's own extraction
leaves out the glyphs of a Devanagari cluster that carry no character of their own).
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from functools import cache

import altair as alt
import openpyxl
import pandas as pd
import pytest
from babel.messages.pofile import read_po
from defusedxml.ElementTree import fromstring
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

from score_dash.cli import main
from score_dash.config import get_config
from score_dash.core import excel, i18n
from score_dash.core.dictionary import INDICATORS_BY_CODE
from score_dash.core.filters import Filters, build_options, resolve_periods
from score_dash.core.reports import Sheet
from score_dash.pack import compose, draw, model, shaping, terms
from score_dash.pages import registry
from tests.pack_pages import only_pages

DEVANAGARI = re.compile("[\u0900-\u097f]")
SVG = "{http://www.w3.org/2000/svg}"


@cache
def catalog() -> dict[str, str]:
    """English -> Hindi, as the translators' file says."""
    with i18n.catalog_path("hi").open("rb") as po:
        return {m.id: m.string for m in read_po(po, locale="hi") if m.id}


def hindi(english: str) -> str:
    text = catalog()[english]
    assert DEVANAGARI.search(text), english
    return text


# --- reading a PDF's text -------------------------------------------------------------------


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    """A Type0 font's glyph codes -> text, from its ToUnicode CMap (bfchar and bfrange)."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    codes: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            codes[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, start in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            for offset in range(int(last, 16) - int(first, 16) + 1):
                codes[int(first, 16) + offset] = chr(int(start, 16) + offset)
    return codes


def pdf_text(data: bytes) -> str:
    """The text of every page, as a reader honouring ActualText gets it (words joined by
    single spaces)."""
    reader = PdfReader(io.BytesIO(data))
    out: list[str] = []
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        maps = {name: _to_unicode(font.get_object()) for name, font in fonts.items()}
        codes: dict[int, str] = {}
        spans: list[bool] = []  # open marked-content spans: ActualText or not
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BDC":
                props = operands[1]
                actual = isinstance(props, DictionaryObject) and "/ActualText" in props
                spans.append(actual)
                if actual:
                    out.append(str(props["/ActualText"]))
            elif operator == b"BMC":
                spans.append(False)
            elif operator == b"EMC":
                spans.pop()
            elif operator == b"Tf":
                codes = maps.get(operands[0], {})
            elif operator in (b"Tj", b"TJ") and not any(spans):
                strings = [operands[0]] if operator == b"Tj" else operands[0]
                for string in strings:
                    raw = getattr(string, "original_bytes", None)
                    if raw is None:
                        continue  # a TJ's kerning number
                    for i in range(0, len(raw) - 1, 2):
                        out.append(codes.get(int.from_bytes(raw[i : i + 2], "big"), ""))
            elif operator == b"ET":
                out.append(" ")
    return " ".join("".join(out).split())


def squeezed(text: str) -> str:
    """Without white space: a line's runs of one font are placed one by one, so where a
    reader sees a space between them is a guess."""
    return "".join(text.split())


def base_fonts(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    return {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


# --- the pack -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_database(demo_db_url):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCORE_DB_URL", demo_db_url)
        get_config.cache_clear()
        yield demo_db_url
    get_config.cache_clear()


@pytest.fixture(scope="module")
def hindi_pack(demo_database, tmp_path_factory) -> bytes:
    """The pack in Hindi of the Overview, Gender & jobs (charts with Devanagari in their
    legends and axes) and Decisions & actions (the pack's own headings), with its cover and
    definitions: the words read below are in these (tests/pack_pages.py)."""
    out = tmp_path_factory.mktemp("pack") / "pack-hi.pdf"
    with pytest.MonkeyPatch.context() as patch:
        only_pages(patch, "overview", "gender", "decisions")
        assert main(["pack", "--period", "2017-H2", "--out", str(out), "--lang", "hi"]) == 0
    return out.read_bytes()


def test_the_hindi_pack_embeds_noto_sans_devanagari(hindi_pack):
    fonts = base_fonts(hindi_pack)
    assert any("NotoSansDevanagari" in font for font in fonts), fonts
    assert any("DejaVuSans" in font for font in fonts)  # Latin, numbers, links stay in it


def test_the_hindi_pack_prints_its_own_words_from_the_catalog(hindi_pack):
    text = squeezed(pdf_text(hindi_pack))
    for english in (
        "Review meeting pack",  # the cover's title
        "Contents",
        "Definitions",  # a section's title
        "What the figures mean",
        "Decided at this review",  # a heading of the pack's own
        "Shown on",  # a table header written by the pack
    ):
        assert squeezed(hindi(english)) in text, english
    assert squeezed(hindi("Half-year under review: {period}").format(period="2017-H2")) in text
    # The sections' subtitles and the half-years' column headers of the reports.
    assert squeezed(hindi("Briefing for {period}").format(period="2017-H2")) in text
    assert squeezed(hindi("Who works there, and who takes part")) in text
    assert squeezed(hindi("{period} (previous)").format(period="2017-H1")) in text
    assert squeezed(hindi("Reporting coverage")) in text  # a printed table's heading
    page_of = re.escape(squeezed(hindi("Page {page} of {pages}"))).replace(r"\{pages\}", r"\d+")
    assert re.search(page_of.replace(r"\{page\}", "2"), text)  # the footer
    for english in ("Review meeting pack", "Half-year under review", "Contents", "Page 2 of"):
        assert squeezed(english) not in text


def test_the_english_pack_is_unchanged_by_the_devanagari_font(demo_database, tmp_path, monkeypatch):
    """No Devanagari is set in an English pack, so Typst embeds no Devanagari font (the
    pages of the Hindi pack above, as a viewer)."""
    only_pages(monkeypatch, "overview", "gender", "decisions")
    out = tmp_path / "pack-en.pdf"
    assert main(["pack", "--period", "2017-H2", "--out", str(out), "--role", "viewer"]) == 0
    data = out.read_bytes()
    assert not any("Devanagari" in font for font in base_fonts(data))
    text = squeezed(pdf_text(data))
    assert "Half-yearunderreview:2017-H2" in text and "Contents" in text
    assert not DEVANAGARI.search(text)


# --- charts ---------------------------------------------------------------------------------

TITLE = "प्रशिक्षित उद्यमों का हिस्सा"  # conjuncts, a vowel sign before its consonant, a bindu
LATIN_TITLE = "Share of enterprises (%)"


def hindi_chart() -> alt.Chart:
    frame = pd.DataFrame({"half": ["2017-H1", "2017-H2"], "share": [40.0, 55.0]})
    return (
        alt.Chart(frame, title=TITLE)
        .mark_bar()
        .encode(
            x=alt.X("half:N", title="छमाही"),  # Devanagari axis title
            y=alt.Y("share:Q", title=LATIN_TITLE),
        )
    )


def test_a_charts_devanagari_is_drawn_as_outlines_and_its_latin_stays_text():
    svg = draw.render_svg(hindi_chart(), 400)
    root = fromstring(svg)
    texts = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
    assert not any(DEVANAGARI.search(text) for text in texts), texts
    assert LATIN_TITLE in texts and "2017-H1" in texts and "55" in texts
    drawn = {g.get("aria-label"): g for g in root.iter(f"{SVG}g") if g.get("aria-label")}
    for said in (TITLE, "छमाही"):
        paths = drawn[said].findall(f"{SVG}path")
        assert paths and all(len(path.get("d", "")) > 100 for path in paths), said
    title = drawn[TITLE]
    assert title.get("transform")  # placed where the chart put its title
    assert title.get("fill") == "#000"


def test_a_chart_without_devanagari_is_left_as_drawn():
    chart = hindi_chart().properties(title="Trained enterprises").encode(x=alt.X("half:N"))
    spec = chart.to_dict(validate=False)
    svg = draw.render_svg(spec, 400)
    assert shaping.shape_devanagari(svg) == svg
    assert "<path" in svg and "Trained enterprises</text>" in svg


def test_devanagari_is_shaped_not_set_glyph_by_glyph():
    """HarfBuzz's clusters, not one glyph per character (what the SVG's text gave): "क्ष" is
    one conjunct glyph, fewer contours than "क" and "ष" apart; the vowel sign of "कि" is
    drawn first, before its consonant, at the left."""
    size = 20.0

    def contours(text: str) -> list[str]:
        return [part for part in shaping.outline(text, size).split("Z") if part]

    assert len(contours("क्ष")) < len(contours("क")) + len(contours("ष"))
    assert contours("कि")[0] != contours("क")[0]
    assert contours("कि")[0] == contours("ि")[0]  # the vowel sign's own first contour
    assert shaping.outline("क", size, anchor="end") != shaping.outline("क", size)


# --- the workbooks --------------------------------------------------------------------------


def about(**fields) -> excel.About:
    return excel.About(
        title="Gender & jobs",
        page="gender",
        generated_at=datetime(2026, 12, 7, 9, 30),
        data_as_of="2026-12-02",
        filters=["Review period: 2017-H2"],
        share_link="http://score.example/gender?lang=hi",
        indicators=["enterprises"],
        **fields,
    )


SHEET = Sheet(
    "Employment by sex",
    pd.DataFrame({"State": ["Haryana", "Tamil Nadu"], "Women": [1234567, 3], "Men": [10, 20]}),
)


def test_a_workbook_in_hindi_has_the_catalogs_sheet_names_labels_and_headers():
    data = i18n.in_language("hi", excel.build_workbook, about(data_version="7"), [SHEET])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [hindi("About"), hindi("Employment by sex")]
    first = book.worksheets[0]
    assert first["A1"].value == hindi("SCORE India review dashboard")
    labels = [row[0] for row in first.iter_rows(min_col=1, max_col=1, values_only=True) if row[0]]
    for english in ("Title", "Page", "Generated at", "Data as of", "Data version", "Share link"):
        assert hindi(english) in labels, english
    assert hindi("Filters") in labels and hindi("Definitions") in labels
    table = book.worksheets[1]
    assert [cell.value for cell in table[1]] == [hindi("State"), hindi("Women"), hindi("Men")]
    assert [cell.value for cell in table[2]] == ["Haryana", 1234567, 10]  # values as recorded
    assert table["B2"].number_format == excel.number_format("Women", SHEET.frame["Women"].dtype)


def test_a_workbook_in_english_is_unchanged():
    book = openpyxl.load_workbook(io.BytesIO(excel.build_workbook(about(), [SHEET])))
    assert book.sheetnames == ["About", "Employment by sex"]
    assert [cell.value for cell in book.worksheets[1][1]] == ["State", "Women", "Men"]


def test_the_command_line_exports_a_page_in_hindi(demo_database, tmp_path):
    out = tmp_path / "gender-hi.xlsx"
    assert main(["export", "--page", "gender", "--out", str(out), "--lang", "hi"]) == 0
    assert i18n.current() == "en"  # the command's language, not the process's
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert names[0] == hindi("About")
    assert hindi("Employment by sex") in names
    assert not any(re.fullmatch(r"[A-Za-z ,&'()]+", name) for name in names), names


# --- every title and header the reports write ----------------------------------------------

DATA_HEADERS = re.compile(r"\d{4}-H[12]|M\d ")  # a half-year or a module: data, not words


def test_every_sheet_title_and_header_of_the_reports_has_its_hindi(loaded_frames):
    """What the workbooks and the pack write of every page's tables, in the demo: each sheet
    title and each column header has a translation; and each one listed in
    score_dash/pack/terms.py is still written by a report."""
    options = build_options(loaded_frames)
    periods = resolve_periods(Filters(period="2017-H2"), options, loaded_frames["periods"])
    written: set[str] = set()
    for page in registry.PAGES:
        report = registry.build_report(
            page.name, loaded_frames, periods, options, scope="programme", small_n=5
        )
        for sheet in report.sheets:
            written.add(sheet.title)
            written |= {str(c) for c in sheet.frame.columns if not DATA_HEADERS.match(str(c))}
    missing = sorted(text for text in written if not catalog().get(text))
    assert not missing, missing
    assert set(terms.SHEET_TITLES) | set(terms.HEADERS) <= written


def test_every_indicators_name_definition_unit_and_direction_has_its_hindi():
    """The pack's Definitions section and the workbooks' About sheet print them."""
    indicators = INDICATORS_BY_CODE.values()
    names = {indicator.name for indicator in indicators}
    units = {indicator.unit for indicator in indicators}
    better = {indicator.better for indicator in indicators}
    definitions = {indicator.definition for indicator in indicators}
    texts = names | units | better | definitions
    missing = sorted(text for text in texts if not catalog().get(text))
    assert not missing, missing
    assert set(terms.INDICATOR_NAMES) == names and set(terms.DEFINITIONS) == definitions
    assert set(terms.UNITS) == units and set(terms.BETTER) == better


def test_the_definitions_section_names_its_indicators_in_hindi():
    section = model.Section("overview", "Overview", "", (), indicators=("enterprises_trained",))
    definitions = i18n.in_language("hi", compose.definitions_section, [section])
    (table,) = definitions.blocks
    assert table.columns[0] == hindi("Indicator") and table.columns[-1] == hindi("Shown on")
    name = INDICATORS_BY_CODE["enterprises_trained"].name
    assert table.rows[0][0] == hindi(name) and table.rows[0][-1] == hindi("Overview")
    assert table.rows[0][1] == hindi(INDICATORS_BY_CODE["enterprises_trained"].definition)
    assert definitions.subtitle == hindi("What the figures mean")


def test_a_build_in_a_language_leaves_the_threads_own_as_it_was():
    """How a download built on the click's thread gets the page's language."""
    assert i18n.current() == "en"
    assert i18n.in_language("hi", i18n.t, "Contents") == hindi("Contents")
    assert i18n.current() == "en" and i18n.t("Contents") == "Contents"


def test_every_table_and_column_description_has_its_hindi():
    """The Definitions page's data columns and the Data page's sheet order show them."""
    from score_dash.core.dictionary import TABLES

    descriptions = {table.description for table in TABLES} | {
        column.description for table in TABLES for column in table.columns if column.description
    }
    assert set(terms.DATA_DESCRIPTIONS) == descriptions
    missing = sorted(text for text in descriptions if not catalog().get(text))
    assert not missing, missing
