"""Hindi beside English (issue 26): `?lang=hi`, the sidebar's choice, the share link, and the
Overview's text from the catalog (score_dash/locale/hi/LC_MESSAGES/score_dash.po)."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from score_dash.core import i18n
from tests.app.conftest import errors, published_copy, visible


def page_texts(at: AppTest) -> list[str]:
    """Every text a person reads on the page and in the sidebar, one line each: titles,
    headings, captions, Markdown, notices, card labels, values and help, widget labels,
    placeholders and help, buttons and links."""
    texts: list[str] = []
    for kind in ("title", "header", "caption", "markdown", "info", "warning", "error"):
        texts += [visible(element.value) for element in at.get(kind)]
    for metric in at.metric:
        texts += [visible(metric.label), metric.value, visible(metric.proto.help or "")]
    for kind in (
        "selectbox",
        "multiselect",
        "select_slider",
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
    lines = []
    for text in texts:
        for line in text.splitlines():
            line = re.sub(r"^- |\*\*", "", line).strip()
            if line:
                lines.append(line)
    return lines


def english_messages() -> list[str]:
    """The catalog's English texts (its msgids), read with Babel."""
    with i18n.catalog_path("hi").open("rb") as po:
        return [message.id for message in read_po(po) if message.id]


def as_pattern(message: str) -> re.Pattern[str]:
    """A message as a whole line, each `{field}` standing for a value."""
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
    assert "बैठक 14 Feb 2018 को।" in banner[0]  # dates keep their format (issue 26, later)
    assert "[वर्तमान आँकड़े दिखाएँ](" in banner[0]
    links = [c.value for c in at.code if "http" in c.value]
    assert all("lang=hi" in link for link in links) and len(links) == 2
    assert "यही दृश्य वर्तमान आँकड़ों के साथ (बाद के आयात सहित):" in [visible(c.value) for c in at.caption]
