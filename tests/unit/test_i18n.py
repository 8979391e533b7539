"""The translation machinery and the Hindi catalog (score_dash/core/i18n.py, issue 26)."""

from __future__ import annotations

import re
import threading
from datetime import date

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from score_dash.core import formats, i18n
from score_dash.core.dictionary import DEMO_NOTE
from score_dash.core.reports import PAGE_TITLES
from score_dash.meetings import actions, minutes
from score_dash.metrics import coverage, logframe, overview
from score_dash.pages import overview as overview_page
from score_dash.pages import registry, terms
from score_dash.ui.context import STALE
from score_dash.ui.identity import LOCAL_VIEWER_BANNER

DEVANAGARI = re.compile("[\u0900-\u097f]")
FIELD = re.compile(r"\{[a-z]*\}")


def catalog():
    with i18n.catalog_path("hi").open("rb") as po:
        return read_po(po, locale="hi")


def test_every_message_has_a_hindi_translation_with_the_same_fields():
    messages = [m for m in catalog() if m.id]
    assert len(messages) > 90
    for message in messages:
        assert message.string, message.id
        assert "fuzzy" not in message.flags, message.id  # a fuzzy entry is not compiled
        assert DEVANAGARI.search(message.string), message.id
        assert sorted(FIELD.findall(message.string)) == sorted(FIELD.findall(message.id))


def test_the_catalog_says_its_translations_are_drafts_for_the_ministry():
    header = catalog().header_comment
    assert "DRAFT" in header and "Hindi section" in header
    assert "Ministry of Labour and Employment" in header


def test_the_catalog_holds_every_marked_text_of_the_code():
    """What `make messages` would extract is in the catalog (none forgotten, none stale)."""
    root = i18n.LOCALE_DIR.parents[1]
    keywords = {"t": None, "N_": None}
    found = set()
    for folder in ("score_dash", "app_pages"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            root / folder, keywords=keywords
        ):
            found.add(message)
    app = (root / "app.py").read_text()
    found |= set(re.findall(r'\bt\("([^"]+)"\)', app))
    assert found == {m.id for m in catalog() if m.id}


def test_t_translates_in_hindi_and_falls_back_to_english():
    before = i18n.current()
    try:
        assert i18n.use("hi") == "hi"
        assert i18n.t("Headline figures") == "प्रमुख आँकड़े"
        assert i18n.t("Women {women} · men {men}").format(women=3, men=4) == "महिलाएँ 3 · पुरुष 4"
        assert i18n.t("Not in the catalog") == "Not in the catalog"
        assert i18n.use("fr") == "en"
        assert i18n.t("Headline figures") == "Headline figures"
    finally:
        i18n.use(before)


def test_a_step_between_two_stages_reads_each_stage_in_hindi():
    """`word`: a catalog word, a step between two stages (the stage-days grid's axis, its
    table and tooltip), a name as recorded; the Hindi written out from the catalog here."""
    assert i18n.in_language("hi", i18n.word, "Visit 2") == "दौरा 2"
    assert i18n.in_language("hi", i18n.word, "Classroom → Visit 2") == "कक्षा → दौरा 2"
    assert i18n.in_language("hi", i18n.word, "Faridabad") == "Faridabad"
    assert i18n.in_language("hi", i18n.words, ["Visit 2 → Pune", 7, ""]) == ["दौरा 2 → Pune", 7, ""]
    assert i18n.word("Classroom → Visit 2") == "Classroom → Visit 2"  # English: as it is


def test_the_language_is_the_runs_own():
    """Another thread (another session's run, a download built on click) starts in English."""
    seen = []
    i18n.use("hi")
    try:
        thread = threading.Thread(target=lambda: seen.append(i18n.t("Headline figures")))
        thread.start()
        thread.join()
    finally:
        i18n.use("en")
    assert seen == ["Headline figures"]


def test_the_terms_are_the_texts_declared_where_they_come_from():
    """terms.py lists texts declared elsewhere; each is still the text shown."""
    assert set(terms.PAGE_TITLES) == set(PAGE_TITLES.values())
    assert set(terms.SECTIONS) == {page.section for page in registry.PAGES}
    figures = {overview.figure_name(code) for code, _, _ in overview_page.HEADLINE}
    figures |= {overview.figure_name(code) for code in overview.GLANCE_CODES}
    kpis = set(overview.KPI_SHORT_NAMES.values())
    assert set(terms.OVERVIEW) == {*logframe.ASSESSED, *figures, *kpis}
    assert set(terms.NOTICES) == {DEMO_NOTE, LOCAL_VIEWER_BANNER, STALE}
    assert set(terms.RECORDS) == {k.capitalize() for k in (*minutes.KINDS, *minutes.STATUSES)}
    measures = {coverage.measure_label(measure) for measure in coverage.MEASURES}
    assert set(terms.COVERAGE) == {*measures, "State", "Cluster"}


def test_the_decisions_cards_are_the_terms():
    """The Decisions page's cards (figure and note) are translated from terms.DECISIONS."""
    report = actions.build_report({}, None, None, as_of=date(2018, 2, 14))  # type: ignore[arg-type]
    counts = report.table(actions.COUNTS)
    assert set(terms.DECISIONS) == {*counts["Figure"], *counts["Note"]}


def test_the_status_rule_in_english_names_the_at_risk_share():
    assert logframe.status_rule() == (
        "Status: ✓ On track when the actual reaches the target for the half-year; ! At risk "
        "when it reaches at least 85% of the target; ✗ Off track below that. "
        "Needed per half-year = (end-of-programme target - actual) / half-years left."
    )


def test_a_date_in_running_text_has_its_month_in_the_runs_language():
    before = i18n.current()
    try:
        i18n.use("hi")
        # Written here by hand: the months' full Hindi names, as government Hindi writes them.
        assert formats.fmt_date(date(2018, 2, 14), "day-month") == "14 फ़रवरी 2018"
        assert formats.fmt_date(date(2017, 12, 1), "day-month") == "1 दिसंबर 2017"
        assert formats.fmt_stamp("2018-03-01T10:15:00", "day-month") == "1 मार्च 2018 10:15"
        assert formats.fmt_date(date(2018, 2, 14), "iso") == "2018-02-14"
        assert formats.fmt_day(date(2018, 2, 14), "day-month") == "14-02-2018"
        i18n.use("en")
        assert formats.fmt_date(date(2018, 2, 14), "day-month") == "14 Feb 2018"
    finally:
        i18n.use(before)
