"""The command-line export writes the same workbook as each page's Download Excel button."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from score_dash.access.policy import Role
from score_dash.cli import build_page_export
from score_dash.pages.registry import PAGES, PAGES_BY_NAME
from tests.app.conftest import errors, last_download
from tests.sources import database_source


def sheets(data: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return {
        name: list(wb[name].iter_rows(values_only=True))
        for name in wb.sheetnames
        if name != "About"
    }


@pytest.fixture(scope="module")
def demo_source(demo_db_url):
    """The demo database as the command line reads it, read once for the module's exports."""
    return database_source(demo_db_url)


@pytest.mark.parametrize("page", [page.name for page in PAGES])
def test_cli_export_equals_the_page_download(page, run_app, demo_source):
    at = run_app(page=PAGES_BY_NAME[page].file, params={"state": "Tamil Nadu", "period": "2016-H2"})
    assert errors(at) == []
    downloaded = sheets(last_download(at, page))
    exported = sheets(
        build_page_export(demo_source, page, {"state": ["Tamil Nadu"], "period": ["2016-H2"]}, {})
    )
    assert downloaded.keys() == exported.keys()
    assert downloaded, f"{page} downloads no table"
    for name in downloaded:
        assert downloaded[name] == exported[name], f"{page}: sheet {name} differs"


@pytest.mark.parametrize("page", ["overview", "gender", "partners"])
def test_a_viewers_download_equals_the_viewers_export(page, run_app, signed_in, demo_source):
    """One assembly: what a signed-in viewer downloads from the page is, cell for cell and
    withheld cell for withheld cell, what `export --role viewer` writes (the Overview with
    its last review; Gender & jobs with the sex of unreported workers estimated; Partners
    with fee income withheld by the threshold and the p % rule)."""
    params = {"state": "Tamil Nadu", "period": "2017-H2"}
    at = run_app(page=PAGES_BY_NAME[page].file, params=params, user="viewer")
    assert errors(at) == []
    downloaded = sheets(last_download(at, page))
    exported = sheets(
        build_page_export(
            demo_source,
            page,
            {key: [value] for key, value in params.items()},
            {},
            role=Role.VIEWER,
        )
    )
    assert downloaded.keys() == exported.keys()
    for name in downloaded:
        assert downloaded[name] == exported[name], f"{page}: sheet {name} differs"
    staff = sheets(build_page_export(demo_source, page, {k: [v] for k, v in params.items()}, {}))
    # A viewer's is a cut of staff's: the comparison above is not of two unprotected files.
    assert staff != exported
