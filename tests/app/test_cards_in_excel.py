"""Every card a page shows (`st.metric`) is in that page's Excel download, in the same number.

A card's figure is searched for in the workbook the page serves, read with openpyxl
(tests/excel.py): in a row that names the card (a cell holding its label) or in a column
whose header is its label. Cards show rounded, formatted numbers ("1,234", "42.9 %",
"5 of 10"); a cell matches when it rounds to the number shown. A card's change ("+434",
"+1.6 points") must sit in the same row as its value.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from score_dash.pages.registry import PAGES
from tests.app.conftest import RunApp, errors, last_download, visible
from tests.excel import plain, read_tables

VIEWS: dict[str, dict[str, str]] = {
    "default": {},
    "tamil-nadu-2015-H2": {"state": "Tamil Nadu", "period": "2015-H2"},
}
# Cards whose label is a short form of the workbook's name for the figure (written here, so
# that a new card with a label found nowhere in the workbook fails).
ALIASES: dict[str, str] = {
    "Enrolments": "Module enrolments",
    "Beyond Module 1": "Share taking more than Module 1",
    "Records without sex": "Share without sex (%)",
    "Workers in those records": "Workers in records without sex",
}
# Pages that show cards in the default view (a guard: the test must not pass on no cards).
PAGES_WITH_CARDS = {"overview", "modules", "results", "gender", "decisions"}
NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
HALF_YEAR = re.compile(r", (\d{4}-H[12])$")


def numbers_in(text: str) -> list[tuple[float, int]]:
    """The numbers a card shows, each with its count of decimals ('5 of 10', '42.9 %')."""
    found = []
    for match in NUMBER.findall(text):
        digits = match.replace(",", "")
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        found.append((float(digits), decimals))
    return found


def shows(cell: object, number: float, decimals: int) -> bool:
    """The cell rounds to the number as the card shows it."""
    value = plain(cell)
    if not isinstance(value, float):
        return False
    return abs(value - number) <= 0.5 * 10**-decimals + 1e-9


def names_of(label: str) -> tuple[set[str], str | None]:
    """What the workbook may call a card, and the half-year the label names, if any."""
    period = HALF_YEAR.search(label)
    bare = HALF_YEAR.sub("", label)
    return {label, ALIASES.get(bare, bare)}, period.group(1) if period else None


def find_card(tables: dict[str, pd.DataFrame], label: str, value: str, delta: str) -> list[str]:
    """Where the card's figures are in the workbook ('sheet, row n'), empty if nowhere."""
    names, period = names_of(label)
    wanted = numbers_in(value)
    change = numbers_in(delta)
    assert wanted, f"card {label!r} shows no number: {value!r}"
    places = []
    for title, table in tables.items():
        columns = [str(c) for c in table.columns]
        for index, row in enumerate(table.itertuples(index=False, name=None)):
            texts = {str(v).strip() for v in row if isinstance(v, str)}
            if period and period not in texts:
                continue
            if names & texts:
                cells = list(row)
            else:  # the column is named after the card
                cells = [v for c, v in zip(columns, row, strict=True) if c in names]
                if not cells:
                    continue
            if all(any(shows(c, n, d) for c in cells) for n, d in wanted) and all(
                any(shows(c, n, d) for c in row) for n, d in change
            ):
                places.append(f"{title}, row {index + 1}")
    return places


def cards(at: AppTest) -> list[tuple[str, str, str]]:
    return [(visible(m.label), m.value, m.delta or "") for m in at.metric]


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("page", [page.name for page in PAGES])
def test_every_card_is_in_the_page_excel(rendered: RunApp, page: str, view: str) -> None:
    at = rendered(f"app_pages/{page}.py", VIEWS[view])
    assert errors(at) == []
    shown = cards(at)
    if view == "default":
        assert bool(shown) == (page in PAGES_WITH_CARDS), shown
    tables = read_tables(last_download(at, page))
    missing = [card for card in shown if not find_card(tables, *card)]
    assert missing == [], f"{page} cards not in its Excel: {missing}; sheets: {list(tables)}"


def test_the_overview_status_cards_are_a_table_of_its_excel(run_app: RunApp) -> None:
    """The status counts ('5 of 10 on track') are in the workbook, and add up."""
    at = run_app()
    counts = read_tables(last_download(at, "overview"))["Status counts"]
    status = read_tables(last_download(at, "overview"))["Logframe status"]
    assert counts["Of indicators with targets"].tolist() == [len(status)] * len(counts)
    assert counts["Indicators"].sum() == len(status)
    for label, value, _ in cards(at)[:3]:
        row = counts[counts["Status"] == label].iloc[0]
        assert value == f"{row['Indicators']} of {row['Of indicators with targets']}"
        assert row["Indicators"] == (status["Status"] == label).sum()


def test_a_card_missing_from_the_workbook_is_found_missing() -> None:
    """The search has teeth: a number that is in no row named after the card fails."""
    table = pd.DataFrame({"Figure": ["Completed", "Dropped"], "Value": [461.0, 205.0]})
    assert find_card({"Summary": table}, "Completed", "461", "") == ["Summary, row 1"]
    assert find_card({"Summary": table}, "Completed", "205", "") == []
    assert find_card({"Summary": table}, "In progress", "9", "") == []
    assert find_card({"Summary": table}, "Completed", "461", "+12") == []
    assert find_card({"Summary": table}, "Completion rate", "69.2 %", "") == []
    shares = pd.DataFrame({"Figure": ["Rate"], "Value": [13.95]})
    assert find_card({"S": shares}, "Rate", "13.9", "") == ["S, row 1"]  # shown rounded
    assert find_card({"S": shares}, "Rate", "13.8", "") == []
