"""Sign-in in a real browser, through a real OpenID Connect provider on loopback.

`oidc-provider-mock` runs in this process; the app reads an `[auth]` section from a
temporary secrets file. A visitor sees only the sign-in page; a viewer who signs in tours
every page of their navigation and never gets an enterprise's code or name, on the screen
or in a page's Excel, nor the Data page by its URL; a member of SCORE_STAFF gets the Data
page and enterprises; signing out leaves the app's cookies gone and the sign-in page back.
"""

from __future__ import annotations

import io
import re
import secrets
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import oidc_provider_mock
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy import text

from score_dash.pages.registry import PAGES
from score_dash.store import db
from tests.e2e.conftest import Server, screenshot, settle_after, start_server, wait_settled

VIEWER = "viewer@example.org"
STAFF = "staff@score-india.org"
TITLE = "SCORE India review dashboard"
NO_EXCEPTION = '[data-testid="stException"]'
MAIN = '[data-testid="stMain"]'
SIDEBAR_FILTERS = ".st-key-period, .st-key-reset_filters"
APP_COOKIE = "_streamlit_user"


@dataclass
class SignInApp:
    server: Server
    provider: str  # the provider's address
    enterprises: frozenset[str]  # every enterprise code and name in the server's database


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory: pytest.TempPathFactory, demo_db_url: str) -> Iterator[SignInApp]:
    """The provider, then the app with sign-in configured, SCORE_STAFF naming one address,
    and its own copy of the demo database. 127.0.0.1 everywhere: hosts must match exactly."""
    folder = tmp_path_factory.mktemp("sign-in")
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), folder / "score.db")
    url = f"sqlite:///{folder / 'score.db'}"
    engine = db.make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT code, name FROM enterprises")).all()
    engine.dispose()
    enterprises = frozenset(value for row in rows for value in row)
    with oidc_provider_mock.run_server_in_thread(port=0) as provider:
        provider_url = f"http://127.0.0.1:{provider.server_port}"
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "score-dashboard"\n'
            'client_secret = "anything-for-the-mock"\n'
            f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n'
        )
        server = start_server(
            folder,
            db_url=url,
            env={"STREAMLIT_SECRETS_FILES": str(secrets_file), "SCORE_STAFF": STAFF},
        )
        try:
            yield SignInApp(server, provider_url, enterprises)
        finally:
            server.stop()


def sign_in(page: Page, app: SignInApp, email: str) -> None:
    """From the sign-in page, through the provider's form, back into the app."""
    page.goto(f"{app.server.url}/")
    wait_settled(page)
    expect_sign_in_page(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{app.provider}/**")
    page.locator('input[name="sub"]').fill(email)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{app.server.url}/**")
    wait_settled(page)
    expect(page.get_by_text(re.compile(r"^Signed in: "))).to_be_visible()


def signed_in(email: str, role: str) -> re.Pattern[str]:
    """The sidebar's caption. The app writes a word joiner after "@" so that Markdown makes
    no mail link of the address."""
    return re.compile("Signed in: " + re.escape(email).replace("@", "@\u2060?") + rf" \({role}\)")


def expect_sign_in_page(page: Page) -> None:
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    expect(page.locator(SIDEBAR_FILTERS)).to_have_count(0)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    expect(page.get_by_text("Signed in:")).to_have_count(0)


def download_excel(page: Page) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Excel").click()
    return Path(info.value.path()).read_bytes()


def workbook_strings(data: bytes) -> dict[str, set[str]]:
    """Every non-empty cell of each sheet, as text, by sheet title."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return {
        sheet.title: {
            str(value) for row in sheet.iter_rows(values_only=True) for value in row if value
        }
        for sheet in workbook.worksheets
    }


def shown_text(page: Page) -> str:
    """The page's text and the cells of its tables, with every expander opened and every tab
    shown in turn.

    A table is drawn on a canvas; its accessible grid holds the cells of the rows drawn (the
    first screenful of each table: the Excel holds every row). The grid is filled a moment
    after the script has finished, and only while the table is shown.
    """
    main = page.locator(MAIN)
    closed = main.locator("details:not([open]) > summary")
    for _ in range(closed.count()):
        closed.first.click()
    expect(closed).to_have_count(0)
    texts = [visible_text(page)]
    tabs = main.get_by_role("tab")
    for index in range(tabs.count()):
        tabs.nth(index).click()
        expect(tabs.nth(index)).to_have_attribute("aria-selected", "true")
        texts.append(visible_text(page))
    return "\n".join(texts).replace("\u2060", "")  # the app's word joiners (after "@", "www")


def visible_text(page: Page) -> str:
    main = page.locator(MAIN)
    tables = main.locator('[data-testid="stDataFrame"]').filter(visible=True)
    expect(tables.locator('[role="grid"]')).to_have_count(tables.count())
    cells = tables.locator('[role="gridcell"]').all_inner_texts()
    return main.inner_text() + "\n" + "\n".join(cells)


def leaks(texts: Iterable[str], enterprises: frozenset[str]) -> set[str]:
    """The enterprise codes and names found in any of the texts."""
    texts = list(texts)
    return {secret for secret in enterprises if any(secret in shown for shown in texts)}


def enterprises_on_page(page: Page, enterprises: frozenset[str]) -> dict[str, int]:
    """Where the page shows enterprises ("screen", "Excel: <sheet>"), with how many."""
    places = {"screen": leaks([shown_text(page)], enterprises)}
    for title, strings in workbook_strings(download_excel(page)).items():
        places[f"Excel: {title}"] = leaks(strings, enterprises)
    return {place: len(found) for place, found in places.items() if found}


def test_a_visitor_sees_only_the_sign_in_page(signin_app: SignInApp, page: Page):
    for path in ("/", "/data"):
        page.goto(f"{signin_app.server.url}{path}")
        wait_settled(page)
        expect_sign_in_page(page)
        expect(page.locator(NO_EXCEPTION)).to_have_count(0)
    assert leaks([shown_text(page)], signin_app.enterprises) == set()
    screenshot(page, "sign-in-page", full=False)


def test_a_viewer_tours_every_page_without_an_enterprise(signin_app: SignInApp, page: Page):
    sign_in(page, signin_app, VIEWER)
    expect(page.get_by_text(signed_in(VIEWER, "viewer"))).to_be_visible()
    nav = page.locator('[data-testid="stSidebarNav"]')
    tour = [spec for spec in PAGES if not spec.staff_only]
    # A link's text starts with its icon's name (a ligature): match the end.
    expect(nav.get_by_role("link")).to_have_text(
        [re.compile(re.escape(spec.title) + "$") for spec in tour]
    )
    found: dict[str, dict[str, int]] = {}
    for index, spec in enumerate(tour):
        if index > 0:  # signing in lands on the first page
            settle_after(page, nav.get_by_role("link", name=spec.title, exact=True).click)
        expect(page.locator("h1").first).to_contain_text(spec.title.split(" ")[0])
        expect(page.locator(NO_EXCEPTION)).to_have_count(0)
        expect(page.get_by_text(signed_in(VIEWER, "viewer"))).to_be_visible()
        if places := enterprises_on_page(page, signin_app.enterprises):
            found[spec.name] = places
        if spec.name == "results":
            screenshot(page, "sign-in-viewer-results")
        if spec.name == "coverage":
            expect(page.get_by_text("Enterprises (staff only)")).to_have_count(0)

    # The Data page by its URL: the default page instead, with Streamlit's notice.
    page.goto(f"{signin_app.server.url}/data")
    wait_settled(page)
    expect(page.get_by_role("dialog")).to_contain_text("Page not found")
    expect(page.locator("h1").first).to_contain_text("Overview")
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    expect(page.get_by_role("button", name="Download all data")).to_have_count(0)
    expect(page.get_by_text(signed_in(VIEWER, "viewer"))).to_be_visible()
    assert found == {}  # page -> {place: how many enterprise codes and names}


def test_staff_get_the_data_page_and_enterprises(signin_app: SignInApp, page: Page):
    sign_in(page, signin_app, STAFF)
    expect(page.get_by_text(signed_in(STAFF, "staff"))).to_be_visible()
    nav = page.locator('[data-testid="stSidebarNav"]')
    settle_after(page, nav.get_by_role("link", name="Data", exact=True).click)
    expect(page.locator("h1").first).to_have_text("Data")
    expect(page.locator('[data-testid="stFileUploader"]')).to_be_visible()
    expect(page.get_by_role("button", name="Download all data")).to_be_visible()
    screenshot(page, "sign-in-staff-data", full=False)

    page.goto(f"{signin_app.server.url}/results")
    wait_settled(page)
    expect(page.locator(NO_EXCEPTION)).to_have_count(0)
    places = enterprises_on_page(page, signin_app.enterprises)
    assert places.get("screen") and any(place.startswith("Excel") for place in places), places


def test_signing_out_brings_the_sign_in_page_back(signin_app: SignInApp, page: Page):
    sign_in(page, signin_app, VIEWER)
    assert [c for c in page.context.cookies() if c["name"].startswith(APP_COOKIE)]
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{signin_app.server.url}/**")
    wait_settled(page)
    expect_sign_in_page(page)
    assert [c["name"] for c in page.context.cookies() if c["name"].startswith(APP_COOKIE)] == []
    page.goto(f"{signin_app.server.url}/results")
    wait_settled(page)
    expect_sign_in_page(page)
