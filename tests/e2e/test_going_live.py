"""Going live in a real browser: a freshly started, empty instance (SCORE_AUTO_DEMO=0) gets
its first data through the Data page's file chooser alone, and then every page shows them,
without any demo label; and hostile names and links never make the browser leave loopback.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from score_dash import ingest
from score_dash.pages.registry import PAGES
from score_dash.store import db
from tests.e2e.conftest import screenshot, settle_after, start_server, wait_settled
from tests.handmade import build_handmade
from tests.hostile import EVIL, HOSTILE, hostile_frames

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_EXCEPTION = '[data-testid="stException"]'
# The pages with a parameter of their own in the link (the KPI, the measure, the search).
OWN_PARAMETER = {"results", "coverage", "definitions"}
MISSING = "needs data that are not in the database yet"


def upload(page: Page, name: str, data: bytes) -> None:
    page.locator('.st-key-upload input[type="file"]').set_input_files(
        {"name": name, "mimeType": XLSX, "buffer": data}
    )


def test_an_empty_instance_goes_live_through_the_data_page(tmp_path: Path, page: Page):
    server = start_server(tmp_path, env={"SCORE_AUTO_DEMO": "0"})
    try:
        page.goto(f"{server.url}/")
        wait_settled(page)
        expect(page.get_by_text(MISSING)).to_be_visible()
        expect(page.get_by_text("No half-year is in the data yet")).to_be_visible()
        page.get_by_role("link", name="Go to the Data page").click()
        wait_settled(page)
        expect(page.get_by_text("Fill the sheets in this order")).to_be_visible()
        screenshot(page, "going-live-empty-data-page")

        upload(page, "programme.xlsx", ingest.export_all(build_handmade()))
        expect(page.get_by_text(re.compile(r"Ready to import: \d+ rows to add"))).to_be_visible(
            timeout=60_000
        )
        wait_settled(page)
        # The hand-made data hold values outside a KPI's plausible range: warnings to accept.
        page.locator(".st-key-accept_warnings label").click()
        wait_settled(page)
        page.locator(".st-key-confirm_import button").click()
        expect(page.get_by_text(re.compile(r"Imported programme\.xlsx"))).to_be_visible(
            timeout=60_000
        )
        wait_settled(page)
        for spec in PAGES:  # a new visitor's session, then every page from its navigation
            if spec is PAGES[0]:
                page.goto(f"{server.url}/{spec.name}")
                wait_settled(page)
            else:
                link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{spec.name}"]')
                settle_after(page, link.click)
            expect(page.locator(NO_EXCEPTION)).to_have_count(0)
            expect(page.get_by_text(MISSING)).to_have_count(0)
            expect(page.get_by_text(re.compile("illustrative", re.I))).to_have_count(0)
            expect(page.locator("h1").first).to_contain_text(spec.title.split(" ")[0])
            screenshot(page, f"going-live-{spec.name}", full=False)
        link = page.locator(f'[data-testid="stSidebarNav"] a[href="{server.url}/"]')
        settle_after(page, link.click)
        card = page.locator('[data-testid="stMetric"]').filter(has_text="Enterprises trained")
        expect(card.first).to_contain_text("10")  # the hand-made data's figure, not the demo's
    finally:
        server.stop()


def test_hostile_names_and_links_never_leave_loopback(tmp_path: Path, page: Page, loaded_frames):
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    engine = db.make_engine(url)
    db.create_schema(engine)
    parsed, report = ingest.check_file(
        ingest.export_all(hostile_frames(loaded_frames)), "hostile.xlsx", engine, 50
    )
    assert ingest.apply_import(engine, parsed, report, "tester", accept_warnings=True).ok
    server = start_server(tmp_path, db_url=url)
    outside: list[str] = []
    dialogs: list[str] = []

    def guard(route) -> None:
        if re.match(
            r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/", route.request.url
        ) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    params = "&".join(
        f"{key}={value}"
        for key, value in zip(
            ("state", "cluster", "kpi", "measure", "q", "period", "partner", "sector"),
            (v.replace("&", "%26").replace("#", "%23") for v in HOSTILE),
            strict=False,
        )
    )
    try:
        for spec in PAGES:
            if spec is PAGES[0] or spec.name in OWN_PARAMETER:  # a fresh session reads it
                page.goto(f"{server.url}/{spec.name}?{params}")
                wait_settled(page)
            else:  # from the navigation, in the session the last link opened
                link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{spec.name}"]')
                settle_after(page, link.click)
                expect(page).to_have_url(re.compile(f"/{spec.name}($|\\?)"))
            expect(page.locator(NO_EXCEPTION)).to_have_count(0)
            links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            images = page.eval_on_selector_all("img[src]", "els => els.map(e => e.src)")
            off = [
                ref
                for ref in links + images
                if not re.match(r"^(https?://(127\.0\.0\.1|localhost)(:\d+)?/|data:|blob:|#)", ref)
            ]
            assert off == [], (spec.name, off)
            # Our own links may carry the hostile values in their query (the share link):
            # what matters is where a link goes.
            assert not [ref for ref in links if EVIL in urlsplit(ref).netloc], spec.name
            screenshot(page, f"hostile-{spec.name}", full=False)
        assert outside == [] and dialogs == []
    finally:
        server.stop()
