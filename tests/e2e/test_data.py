"""Real browser: upload a bad and a good workbook through the file chooser on the Data page.

The server has its own database (the import writes to it), not the session's shared one.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, screenshot, start_server, wait_settled
from tests.unit.bad_files import good_file, workforce_file, workforce_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def data_server(tmp_path_factory: pytest.TempPathFactory, records_db_url: str) -> Iterator[Server]:
    """A server on a database of records (the demo's rows; the demo itself refuses imports)."""
    folder = tmp_path_factory.mktemp("data-server")
    shutil.copy(records_db_url.removeprefix("sqlite:///"), folder / "records.db")
    url = f"sqlite:///{folder / 'records.db'}"
    server = start_server(folder, db_url=url)
    yield server
    server.stop()


def upload(page: Page, name: str, data: bytes, key: str = "upload") -> None:
    page.locator(f'.st-key-{key} input[type="file"]').set_input_files(
        {"name": name, "mimeType": XLSX, "buffer": data}
    )


def test_bad_then_good_workbook_through_the_file_chooser(data_server: Server, page: Page):
    page.goto(f"{data_server.url}/data")
    wait_settled(page)
    expect(page.get_by_role("heading", name="Data quality")).to_be_visible()

    upload(page, "bad.xlsx", workforce_file(workforce_row(total=-3), workforce_row(role="boss")))
    expect(page.get_by_text("2 errors must be corrected")).to_be_visible(timeout=60_000)
    wait_settled(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator(".st-key-download_annotated")).to_be_visible()
    expect(page.locator(".st-key-confirm_import")).to_have_count(0)
    screenshot(page, "data-bad-upload")

    data = good_file()
    upload(page, "good.xlsx", data)
    expect(page.get_by_text("Ready to import: 7 rows to add, 1 rows to change.")).to_be_visible(
        timeout=60_000
    )
    wait_settled(page)
    page.locator(".st-key-confirm_import button").click()
    expect(page.get_by_text("Imported good.xlsx: 7 rows added, 1 rows changed.")).to_be_visible(
        timeout=60_000
    )
    wait_settled(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    # The upload box is empty again (a new widget), so the success is not followed by a
    # confusing re-check of the same file ...
    expect(page.get_by_text("Nothing to change")).to_have_count(0)
    screenshot(page, "data-good-upload")
    # ... and uploading the same file again says that it changes nothing.
    upload(page, "good.xlsx", data, key="upload-1")
    expect(page.get_by_text("Nothing to change")).to_be_visible(timeout=60_000)
