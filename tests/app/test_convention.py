"""The Indian fiscal-year convention: labels follow it everywhere, links use them."""

from __future__ import annotations

import pytest

from score_dash.config import get_config
from score_dash.store import db
from tests.app.conftest import errors


@pytest.fixture(scope="module")
def fiscal_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('fiscal') / 'fiscal.db'}"
    db.load_demo(db.make_engine(url), convention="fiscal")
    return url


@pytest.fixture
def fiscal_app(fiscal_db_url, monkeypatch, run_app):
    monkeypatch.setenv("SCORE_DB_URL", fiscal_db_url)
    monkeypatch.setenv("SCORE_PERIOD_CONVENTION", "fiscal")
    get_config.cache_clear()
    return run_app


def test_period_labels_follow_the_fiscal_convention(fiscal_app):
    at = fiscal_app()
    assert errors(at) == []
    period = at.selectbox(key="period")
    assert period.value == "2017-H2"
    assert "FY2017-18 H2" in period.options  # the sidebar shows fiscal labels
    assert "2017-H2" not in period.options


def test_a_fiscal_link_selects_the_period_and_the_share_link_keeps_the_label(fiscal_app):
    at = fiscal_app(params={"period": "FY2015-16 H1"})
    assert errors(at) == []
    assert at.selectbox(key="period").value == "2015-H1"
    links = [c.value for c in at.code if "http" in c.value]
    assert links and "period=FY2015-16+H1" in links[0]
