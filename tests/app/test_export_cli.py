"""The command-line export writes the same workbook as each page's Download Excel button."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from score_dash.cli import build_page_export
from score_dash.pages.registry import PAGES, PAGES_BY_NAME
from score_dash.store import db, loading
from tests.app.conftest import errors, last_download


def sheets(data: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return {
        name: list(wb[name].iter_rows(values_only=True))
        for name in wb.sheetnames
        if name != "About"
    }


@pytest.mark.parametrize("page", [page.name for page in PAGES])
def test_cli_export_equals_the_page_download(page, run_app, demo_db_url):
    at = run_app(page=PAGES_BY_NAME[page].file, params={"state": "Tamil Nadu", "period": "2016-H2"})
    assert errors(at) == []
    downloaded = sheets(last_download(at, page))
    engine = db.make_engine(demo_db_url)
    exported = sheets(
        build_page_export(
            loading.load_frames(engine),
            page,
            {"state": ["Tamil Nadu"], "period": ["2016-H2"]},
            {},
            db.get_meta(engine),
        )
    )
    assert downloaded.keys() == exported.keys()
    assert downloaded, f"{page} downloads no table"
    for name in downloaded:
        assert downloaded[name] == exported[name], f"{page}: sheet {name} differs"
