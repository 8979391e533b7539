"""The downloads of a page in Hindi (issue 26): built on the click's own thread, which starts
in English, they are written in the language of the page that offered them."""

from __future__ import annotations

import io

import openpyxl
from babel.messages.pofile import read_po

from score_dash.core import i18n


def hindi(english: str) -> str:
    with i18n.catalog_path("hi").open("rb") as po:
        return {m.id: m.string for m in read_po(po, locale="hi") if m.id}[english]


def test_the_excel_of_a_hindi_page_is_in_hindi_and_of_an_english_page_in_english(run_app):
    for params, about, sheet in (
        ({"lang": "hi"}, hindi("About"), hindi("Employment by sex")),
        ({}, "About", "Employment by sex"),
    ):
        at = run_app(page="app_pages/gender.py", params=params)
        assert i18n.current() == "en"  # this thread's: the builder is called as a click would
        data = at.session_state["_download_builders"]["gender"]()
        names = openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames
        assert names[0] == about and sheet in names, names
