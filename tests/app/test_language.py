"""Hindi beside English (issue 26): `?lang=hi`, the sidebar's choice, the share link, and every
page's text from the catalog (score_dash/locale/hi/LC_MESSAGES/score_dash.po)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

import pytest
from babel.messages.pofile import read_po
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from score_dash.core import i18n
from score_dash.pages.registry import PAGES
from tests.app.conftest import errors, published_copy, table, visible

DEVANAGARI = re.compile("[\u0900-\u097f]")


def page_texts(at: AppTest) -> list[str]:
    """Every text a person reads on the page and in the sidebar, one line each: titles,
    headings, captions, Markdown, notices, card labels, values and help, widget labels,
    placeholders, help and options, buttons and links."""
    texts: list[str] = []
    for kind in ("title", "header", "caption", "markdown", "info", "warning", "error"):
        texts += [visible(element.value) for element in at.get(kind)]
    for metric in at.metric:
        texts += [visible(metric.label), metric.value, visible(metric.proto.help or "")]
    for kind in (
        "selectbox",
        "multiselect",
        "select_slider",
        "radio",
        "checkbox",
        "text_input",
        "text_area",
        "date_input",
        "toggle",
        "button",
        "button_group",
        "download_button",
        "page_link",
        "expander",
    ):
        for element in at.get(kind):
            for field in ("label", "placeholder", "help"):
                value = getattr(element.proto, field, None)
                if isinstance(value, str) and value:
                    texts.append(visible(value))
            for option in getattr(element.proto, "options", []):  # a button group's has content
                texts.append(visible(option if isinstance(option, str) else option.content))
    for chart in at.get("vega_lite_chart"):
        texts += chart_titles(json.loads(chart.proto.spec))
    for frame in at.dataframe:  # the tables' column headers
        texts += [str(column) for column in frame.value.columns]
    lines = []
    for text in texts:
        for line in text.splitlines():
            line = re.sub(r"^- |\*\*", "", line).strip()
            if line:
                lines.append(line)
    return lines


def chart_titles(spec: object) -> list[str]:
    """The titles and subtitles a chart's spec writes: of the chart, its axes and legends,
    and the names its tooltips show (a field's title, else the field's own name)."""
    names = [str(field.get("title") or field["field"]) for field in tooltips(spec)]
    return [title for title in _titles(spec) + names if title.strip()]


def entries(
    spec: object, skip: tuple[str, ...] = ("datasets", "data")
) -> Iterator[tuple[str, Any]]:
    """Every (key, value) of a chart's spec at any depth, those under `skip` (its data) left
    out."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key not in skip:
                yield key, value
                yield from entries(value, skip)
    elif isinstance(spec, list):
        for item in spec:
            yield from entries(item, skip)


def _titles(spec: object) -> list[str]:
    found: list[str] = []
    for key, value in entries(spec, ("datasets", "data", "tooltip")):
        if key in ("title", "subtitle") and isinstance(value, str):
            found.append(value)
        elif key == "title" and isinstance(value, dict):  # {"text": ..., "subtitle": ...}
            found.append(str(value.get("text") or ""))  # its subtitle is an entry of its own
    return found


def tooltips(spec: object) -> list[dict]:
    """Every field a chart's tooltips show, as the spec defines it (its data left out)."""
    found: list[dict] = []
    for key, value in entries(spec):
        if key == "tooltip":
            fields = value if isinstance(value, list) else [value]
            found += [f for f in fields if isinstance(f, dict) and "field" in f]
    return found


def drawn(spec: object) -> list[dict]:
    """Every field a chart writes out as it is: a text mark's text, and a nominal or ordinal
    axis's or facet's labels where no label expression shows them otherwise."""
    found: list[dict] = []
    for key, value in entries(spec):
        if key != "encoding" or not isinstance(value, dict):
            continue
        for channel, field in value.items():
            if not isinstance(field, dict) or "field" not in field:
                continue
            guide = field.get("axis") or {}  # a header's labelExpr is not drawn (Streamlit 1.67)
            if channel == "text" or (
                channel in ("x", "y", "row", "column", "facet")
                and field.get("type") in ("nominal", "ordinal")
                and not (isinstance(guide, dict) and "labelExpr" in guide)
            ):
                found.append(field)
    return found


def drawn_fields(spec: object) -> list[str]:
    """The names of the fields `drawn` finds."""
    return [str(field["field"]) for field in drawn(spec)]


def tooltip_fields(spec: object) -> list[str]:
    """The fields a chart's tooltips show as they are (not aggregated, binned or a time unit)."""
    return [
        str(field["field"])
        for field in tooltips(spec)
        if not {"aggregate", "bin", "timeUnit"} & set(field)
    ]


def tooltip_words(
    at: AppTest, pairs: dict[str, str], fields_of: Callable[[object], list[str]] | None = None
) -> list[tuple[str, str]]:
    """(field, value) for each value a tooltip would show (`fields_of`: the fields read in a
    chart's spec, `tooltip_fields` by default) that is one of the catalog's English texts with
    a Hindi one (or a step between two), read in the charts' data as the page sent them."""
    found = []
    for chart in at.get("vega_lite_chart"):
        fields = set((fields_of or tooltip_fields)(json.loads(chart.proto.spec)))
        arrows = [dataset.data.data for dataset in chart.proto.datasets]
        frames = [convert_arrow_bytes_to_pandas_df(data) for data in arrows]
        if chart.proto.data.data:
            frames.append(convert_arrow_bytes_to_pandas_df(chart.proto.data.data))
        for frame in frames:
            for field in fields & set(frame.columns):
                found += [
                    (field, value)
                    for value in frame[field].drop_duplicates().tolist()
                    if isinstance(value, str)
                    # a word, or a step between two ("Visit 1 → Visit 2")
                    and any(pairs.get(part) for part in value.split(" → "))
                ]
    return found


def english_messages() -> list[str]:
    """The catalog's English texts (its msgids), read with Babel."""
    return list(catalog_pairs())


def catalog_pairs() -> dict[str, str]:
    """The catalog's English texts and their Hindi, read with Babel."""
    with i18n.catalog_path("hi").open("rb") as po:
        return {message.id: message.string for message in read_po(po) if message.id}


@cache
def as_pattern(message: str) -> re.Pattern[str]:
    """A message as a whole line, each `{field}` standing for a value (compiled once: the
    checks match every line of a page against every message, and re's own cache of 512
    patterns was compiling them again, 80 % of this file's time)."""
    parts = re.split(r"\{[a-z]*\}", message)
    return re.compile("[^.;:()]+".join(map(re.escape, parts)))


def test_the_overview_in_hindi_has_no_english_the_catalog_translates(run_app):
    at = run_app(params={"lang": "hi"})
    assert errors(at) == []
    lines = page_texts(at)
    # Written here from the catalog's Hindi by hand, not read from it.
    assert visible(at.title[0].value) == "अवलोकन, 2017-H2"
    headers = [visible(h.value) for h in at.header]
    assert headers[:2] == ["लॉगफ़्रेम लक्ष्यों की तुलना में", "पिछली समीक्षा की कार्रवाइयाँ (2017-H1)"]
    assert {"प्रमुख आँकड़े", "लॉगफ़्रेम स्थिति तालिका"} <= set(headers)
    labels = [visible(m.label) for m in at.metric]
    for label in (
        "✓ सही दिशा में",
        "प्रशिक्षित उद्यम",
        "प्रशिक्षित उद्यमों में श्रमिक",
        "उद्यम",
        "क्लस्टर",
        "राज्य",
        "पूर्णता दर",
    ):
        assert label in labels
    assert "10 में से 5" in [m.value for m in at.metric]  # on track: 5 of 10 (test_overview)
    assert "समीक्षा अवधि" in lines and "समीक्षाधीन छमाही" in lines
    assert at.download_button(key="download_overview").proto.label == "Excel डाउनलोड करें"
    assert any(line.startswith("उदाहरण हेतु डेमो डेटा") for line in lines)
    # No line is a message the catalog translates. Lines still in English (the sentences the
    # report writes, from score_dash/metrics) hold more than one message's shape and are not
    # caught: a whole line is compared.
    messages = english_messages()
    assert len(messages) > 90
    english = [
        (line, message)
        for line in lines
        for message in messages
        if as_pattern(message).fullmatch(line)
    ]
    assert english == []


def test_the_english_page_has_the_messages_the_hindi_page_replaces(run_app):
    """The other side: in English the same lines are the catalog's messages (the test above
    would pass on a page that showed nothing)."""
    at = run_app()
    lines = page_texts(at)
    found = {m for m in english_messages() for line in lines if as_pattern(m).fullmatch(line)}
    for message in (
        "Headline figures",
        "Enterprises trained",
        "Review period",
        "Download Excel",
        "Overview, {period}",
        "Women {women} · men {men}",
        "State",
        "All states",
    ):
        assert message in found
    assert len(found) > 50


def test_the_sidebar_switches_language_and_the_share_link_keeps_it(run_app):
    at = run_app(params={"state": "Haryana"})
    assert visible(at.title[0].value).startswith("Overview")
    at.radio(key="lang").set_value("hi").run()
    assert errors(at) == []
    assert visible(at.title[0].value).startswith("अवलोकन")
    assert at.multiselect(key="state").value == ["IN-HR"]  # the filters stay
    assert at.multiselect(key="state").proto.label == "राज्य"
    links = [c.value for c in at.code if "http" in c.value]
    assert links == ["http://127.0.0.1:8501/?state=Haryana&lang=hi"]
    at.radio(key="lang").set_value("en").run()
    assert visible(at.title[0].value).startswith("Overview")
    assert [c.value for c in at.code if "http" in c.value] == [
        "http://127.0.0.1:8501/?state=Haryana"
    ]


def test_a_link_in_hindi_opens_in_hindi_on_another_page(run_app):
    at = run_app(page="app_pages/coverage.py", params={"lang": "hi"})
    assert errors(at) == []
    assert at.radio(key="lang").value == "hi"
    assert "lang=hi" in next(c.value for c in at.code if "http" in c.value)
    assert at.download_button(key="download_coverage").proto.label == "Excel डाउनलोड करें"


def test_an_unknown_language_is_dropped_with_a_notice(run_app):
    at = run_app(params={"lang": "fr<b>"})
    assert errors(at) == []
    notices = [visible(i.value) for i in at.info if "Ignored in the link" in visible(i.value)]
    assert notices == [
        "Ignored in the link: language 'fr<b>' (not a language of the dashboard: en or hi)."
    ]
    assert visible(at.title[0].value).startswith("Overview")
    assert at.radio(key="lang").value == "en"


def test_meeting_mode_in_hindi_names_the_next_page_in_hindi(run_app):
    at = run_app(params={"lang": "hi", "meeting": "true"})
    assert errors(at) == []
    assert at.button(key="meeting_next").label == "अगला: व्याप्ति"
    assert at.button(key="meeting_exit").label == "बैठक मोड से बाहर"
    assert any("उदाहरण हेतु डेमो डेटा" in visible(c.value) for c in at.caption)


def test_a_published_reviews_banner_and_share_links_in_hindi(
    run_app, tmp_path, demo_db_url, monkeypatch
):
    published_copy(tmp_path, demo_db_url, monkeypatch, "2017-H2")  # meeting on 14 Feb 2018
    at = run_app(params={"review": "2017-H2", "lang": "hi"})
    assert errors(at) == []
    banner = [visible(i.value) for i in at.info if "समीक्षा में प्रस्तुत" in visible(i.value)]
    assert len(banner) == 1
    assert banner[0].startswith("जैसा 2017-H2 की समीक्षा में प्रस्तुत किया गया (")
    assert "बैठक 14 फ़रवरी 2018 को।" in banner[0]  # the month in Hindi, the format kept
    assert "[वर्तमान आँकड़े दिखाएँ](" in banner[0]
    links = [c.value for c in at.code if "http" in c.value]
    assert all("lang=hi" in link for link in links) and len(links) == 2
    assert "यही दृश्य वर्तमान आँकड़ों के साथ (बाद के आयात सहित):" in [visible(c.value) for c in at.caption]


# Every page but the Overview (above), by its script; the Data page is staff's (local mode).
OTHER_PAGES = [page.name for page in PAGES if page.name != "overview"]


def shows(message: str) -> bool:
    """Whether a message is text of its own, not only fields and punctuation ("{what}: {name}
    {figure}." would match almost any line)."""
    return len(re.findall(r"[^\W\d_]", re.sub(r"\{[a-z]*\}", "", message))) >= 4


def best_match(line: str, messages: Iterable[str]) -> str | None:
    """The message a line shows: of those it matches, the one with the most text of its own
    ("Filed under the review of {}." also matches "Filed under the review of 2017-H2, with
    the link of this view.", whose own message is longer); None for none or only fields."""
    found = [m for m in messages if shows(m) and as_pattern(m).fullmatch(line)]
    return max(found, key=lambda m: len(re.sub(r"\{[a-z]*\}", "", m)), default=None)


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_every_page_in_hindi_shows_the_catalogs_hindi_for_the_english_it_shows(run_app, page):
    """The page in English shows a number of the catalog's messages; in Hindi, each of them is
    shown in the catalog's Hindi and no line is left in the catalog's English. The expected
    texts are the catalog's, not the code's."""
    script = f"app_pages/{page}.py"
    english = run_app(page=script)
    hindi = run_app(page=script, params={"lang": "hi"})
    assert errors(english) == [] and errors(hindi) == []
    pairs = catalog_pairs()
    english_lines, hindi_lines = page_texts(english), page_texts(hindi)
    shown = {message for line in english_lines if (message := best_match(line, pairs))}
    # Each page shows its own title, headings or labels from the catalog, and more than the
    # sidebar and toolbar every page shares (about 20 messages).
    assert len(shown) > 25, sorted(shown)
    missing = [
        (message, pairs[message])
        for message in sorted(shown)
        if not any(as_pattern(pairs[message]).fullmatch(line) for line in hindi_lines)
    ]
    assert missing == [], "\n".join(map(str, missing))
    left_in_english = [  # a message with an English word ("%" is not one)
        (line, message)
        for line in hindi_lines
        for message in pairs
        if re.search("[A-Za-z]", message) and as_pattern(message).fullmatch(line)
    ]
    assert left_in_english == []
    # Nor does a chart's tooltip show one of the catalog's words in English (a funnel's
    # "Visit 3"): the tooltip reads the field's copy in Hindi (tests/e2e/test_language.py
    # hovers one), and the English page's tooltips do show such words.
    assert tooltip_words(hindi, pairs) == []
    if page in ("modules", "results", "partners"):
        assert tooltip_words(english, pairs)
    # Nor does a chart write one on its bars or axes (Results' grid of every KPI named them in
    # English); the English page's charts do write such words.
    assert tooltip_words(hindi, pairs, drawn_fields) == []
    if page == "results":
        assert tooltip_words(english, pairs, drawn_fields)
    # The title and every heading the page writes are in Devanagari (data values such as a
    # half-year, 2017-H2, may stand beside it).
    headings = [visible(e.value) for e in (*hindi.title, *hindi.header)]
    assert headings and all(DEVANAGARI.search(h) for h in headings), headings


def test_the_overviews_report_sentences_are_written_in_hindi(run_app):
    """The sentences the report writes (the logframe summary, "What changed", the last
    review's note) and the tables' headers are in the catalog's Hindi. Expected texts are
    copied from the catalog by hand; figures from test_overview (5 of 10 on track)."""
    at = run_app(params={"lang": "hi"})
    assert errors(at) == []
    lines = page_texts(at)
    summary = [line for line in lines if line.startswith("2017-H2: लक्ष्य वाले")]
    assert len(summary) == 1, lines
    assert summary[0].startswith("2017-H2: लक्ष्य वाले 10 संकेतकों में से 5 सही दिशा में हैं")
    assert summary[0].endswith("।")
    assert "indicators with a target" not in " ".join(lines)
    # "What changed" lines: each ends with the Hindi full stop and holds no English verb.
    pairs = catalog_pairs()
    changed = [
        message
        for message in pairs
        if re.match(r"\{name\} (rose|fell|slipped|improved)|New data gap|No status", message)
    ]
    assert len(changed) >= 10
    english_verbs = [line for line in lines if re.search(r" (rose|fell|slipped|improved) ", line)]
    assert english_verbs == []
    hindi_changes = [
        line for line in lines for message in changed if as_pattern(pairs[message]).fullmatch(line)
    ]
    assert hindi_changes, lines
    # The table headers of the logframe status table.
    headers = list(table(at, "overview_status").value.columns)
    assert "संकेतक" in headers and "स्थिति" in headers and "Indicator" not in headers


def test_the_definitions_page_in_hindi_names_and_defines_the_indicators_in_hindi(run_app):
    at = run_app(page="app_pages/definitions.py", params={"lang": "hi"})
    assert errors(at) == []
    pairs = catalog_pairs()
    indicators = table(at, "definitions_indicators").value
    # Headers and cells from the catalog's Hindi (hand-checked entries of the .po).
    assert list(indicators.columns[:3]) == ["संकेतक", "कोड", "परिभाषा"]
    names = list(indicators["संकेतक"])
    assert "प्रशिक्षित उद्यम" in names  # "Enterprises trained"
    assert pairs["KPI: {name}"].format(name=pairs["Productivity"]) in names
    row = indicators[indicators["कोड"] == "enterprises_trained"].iloc[0]
    definition = "Enterprises that attended at least one classroom workshop by the end of the "
    assert row["परिभाषा"] == pairs[definition + "review period."]
    # Every name and definition is in Devanagari; Latin letters only in acronyms (KPI, ILO).
    assert all(DEVANAGARI.search(str(text)) for text in (*names, *indicators["परिभाषा"]))
    assert {w for n in names for w in re.findall("[A-Za-z]+", n)} <= {"KPI", "ILO", "SCORE"}
    # The confidentiality rules and what is withheld, in Hindi.
    lines = page_texts(at)
    assert any(line.startswith("गोपनीयता: दर्शक जो कुछ भी") for line in lines), lines
    assert not any(line.startswith("Confidentiality") for line in lines)


def test_the_definitions_search_finds_an_indicator_by_its_hindi_or_english_words(run_app):
    hindi = run_app(page="app_pages/definitions.py", params={"lang": "hi", "q": "उत्पादकता"})
    english = run_app(page="app_pages/definitions.py", params={"lang": "hi", "q": "productivity"})
    for at in (hindi, english):
        codes = set(table(at, "definitions_indicators").value["कोड"])
        assert "productivity" in codes


def test_a_tables_words_are_shown_in_hindi_and_its_names_and_numbers_as_recorded(run_app):
    """The Modules funnel table in Hindi: its stages (the app's own words) in the catalog's
    Hindi, written here by hand; the modules' names (data) and the counts as in English."""
    english = run_app(page="app_pages/modules.py")
    hindi = run_app(page="app_pages/modules.py", params={"lang": "hi"})
    assert errors(english) == [] and errors(hindi) == []
    before = next(f.value for f in english.dataframe if "Stage" in f.value.columns)
    after = next(f.value for f in hindi.dataframe if "अवस्था" in f.value.columns)
    stages = ["नामांकित", "आधार-रेखा पूरी", "कक्षा", "दौरा 1", "दौरा 2", "दौरा 3", "पूरे हुए"]
    assert list(before["Stage"].head(7)) == [
        "Enrolled",
        "Baseline done",
        "Classroom",
        "Visit 1",
        "Visit 2",
        "Visit 3",
        "Completed",
    ]
    assert list(after["अवस्था"].head(7)) == stages
    assert list(after["मॉड्यूल"]) == list(before["Module"])
    assert list(after["उद्यम"]) == list(before["Enterprises"])
    # The days between stages: each step's two stages in Hindi.
    steps = next(f.value for f in english.dataframe if "Median days" in f.value.columns)["Step"]
    shown = next(f.value for f in hindi.dataframe if "माध्यिका दिन" in f.value.columns)["चरण"]
    assert list(steps.head(2)) == ["Enrolled → Baseline done", "Baseline done → Classroom"]
    assert list(shown.head(2)) == ["नामांकित → आधार-रेखा पूरी", "आधार-रेखा पूरी → कक्षा"]


def test_the_data_columns_and_the_sheets_are_described_in_hindi(run_app):
    """The dictionary's descriptions of the tables and their columns, from the catalog; the
    columns' and sheets' names stay as the template writes them."""
    pairs = catalog_pairs()
    at = run_app(page="app_pages/definitions.py", params={"lang": "hi"})
    assert errors(at) == []
    columns = table(at, "definitions_columns").value
    described = columns[pairs["Description"]]
    code = "Half-year code: YYYY-H1 or YYYY-H2 (the year in which the twelve-month cycle starts)."
    assert pairs[code] in set(described)
    assert all(DEVANAGARI.search(str(text)) for text in described if text != "—")
    assert "period" in set(columns[pairs["Column"]])  # a column's name, as in the template
    data = run_app(page="app_pages/data.py", params={"lang": "hi"})
    assert errors(data) == []
    order = table(data, "sheet_order").value
    assert order[pairs["Sheet"]].iloc[0] == "Periods"  # the template's sheet, as it is named
    holds = pairs["Half-year reporting periods and review meeting dates."]
    assert order[pairs["What it holds"]].iloc[0] == holds


def test_a_pages_own_choice_in_a_link_opens_in_either_language(run_app):
    """A page's choice bound to the link shows its options in the page's language; a link made
    in English opens in Hindi and one made in Hindi opens in English, without a notice."""
    pairs = catalog_pairs()
    coverage = run_app(page="app_pages/coverage.py", params={"lang": "hi", "measure": "Workers"})
    assert errors(coverage) == [] and link_notice(coverage) == []
    assert coverage.radio(key="measure").value == "workers"
    measures = ["Enterprises", "Workers", "Women workers", "Modules completed"]
    assert list(coverage.radio(key="measure").options) == [pairs[m] for m in measures]
    decisions = run_app(page="app_pages/decisions.py", params={"lang": "hi", "status": "Done"})
    assert errors(decisions) == [] and link_notice(decisions) == []
    assert decisions.selectbox(key="status").value == "done"
    statuses = ["All", "Open", "In progress", "Done", "Dropped", "Overdue"]
    assert list(decisions.selectbox(key="status").options) == [pairs[s] for s in statuses]
    assert decisions.selectbox(key="owner").options[0] == pairs["All"]
    results = run_app(page="app_pages/results.py", params={"lang": "hi", "kpi": "Defect rate"})
    assert errors(results) == [] and link_notice(results) == []
    assert results.selectbox(key="kpi").value == "defect_rate"
    assert pairs["Defect rate"] in results.selectbox(key="kpi").options
    # A link made in Hindi, opened in English.
    english = run_app(page="app_pages/coverage.py", params={"measure": pairs["Women workers"]})
    assert errors(english) == [] and link_notice(english) == []
    assert english.radio(key="measure").value == "women_workers"
    assert list(english.radio(key="measure").options) == measures
    english = run_app(page="app_pages/results.py", params={"kpi": pairs["Defect rate"]})
    assert errors(english) == [] and link_notice(english) == []
    assert english.selectbox(key="kpi").value == "defect_rate"


def test_switching_the_language_keeps_a_pages_own_choice(run_app):
    """The browser still holds the other language's label when the reader switches: the
    choice stays, and so does what the page says about it."""
    pairs = catalog_pairs()
    at = run_app(page="app_pages/results.py", params={"kpi": "Defect rate"})
    at.selectbox(key="kpi").set_value("absenteeism").run()
    switch(at, "hi")
    assert errors(at) == [] and link_notice(at) == []
    assert at.selectbox(key="kpi").value == "absenteeism"
    assert pairs["Absenteeism"] in at.selectbox(key="kpi").options
    line = pairs["Absenteeism"] + " · "  # the page's line about the KPI, in Hindi
    assert any(visible(m.value).strip("*").startswith(line) for m in at.markdown)
    switch(at, "en")
    assert errors(at) == [] and link_notice(at) == []
    assert at.selectbox(key="kpi").value == "absenteeism"
    assert any(visible(m.value).strip("*").startswith("Absenteeism · ") for m in at.markdown)
    coverage = run_app(page="app_pages/coverage.py", params={"lang": "hi"})
    i18n.in_language("hi", coverage.radio(key="measure").set_value("completions").run)
    assert coverage.radio(key="measure").value == "completions"
    switch(coverage, "en")
    assert errors(coverage) == [] and link_notice(coverage) == []
    assert coverage.radio(key="measure").value == "completions"


def switch(at: AppTest, language: str) -> None:
    """The reader switches the language: the browser sends the other widgets' labels as they
    were shown (AppTest writes a widget's label with its format_func on the test's thread,
    so the thread is put in the page's language while it does)."""
    i18n.in_language(at.radio(key="lang").value, at.radio(key="lang").set_value(language).run)


def test_a_label_no_language_knows_is_dropped_with_a_notice_in_the_pages_language(run_app):
    pairs = catalog_pairs()
    at = run_app(page="app_pages/coverage.py", params={"lang": "hi", "measure": "Happiness"})
    assert errors(at) == []
    assert at.radio(key="measure").value == "enterprises"
    said = pairs["{what} {value} is not known; showing {fallback}."].format(
        what=pairs["measure"], value="'Happiness'", fallback=pairs["Enterprises"]
    )
    assert link_notice(at) == [pairs["Ignored in the link: "] + said]


def link_notice(at: AppTest) -> list[str]:
    """The page's notices of a value the link asked for and did not get."""
    ignored = catalog_pairs()["Ignored in the link: "].strip()
    return [
        visible(i.value)
        for i in at.info
        if visible(i.value).startswith(("Ignored in the link", ignored))
    ]
