"""Failures are states with plain words: an unreachable database, one that goes away after
the start, and an unexpected error on a page (short message and reference; the traceback
goes to the log)."""

from __future__ import annotations

import logging
import re
import socket
from dataclasses import replace

import pytest
from sqlalchemy.exc import OperationalError

from score_dash import cli
from score_dash.config import get_config
from score_dash.pages import registry
from score_dash.store import db
from score_dash.ui import context
from tests.app.conftest import RunApp, errors


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def unreachable_url(monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"postgresql+psycopg://score:s3cret@127.0.0.1:{closed_port()}/score"
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()
    yield url
    get_config.cache_clear()


def test_an_unreachable_database_is_a_plain_message(unreachable_url: str, run_app: RunApp):
    at = run_app()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "The data store cannot be reached" in shown
    assert "s3cret" not in shown and "127.0.0.1" not in shown and "psycopg" not in shown
    assert not at.metric  # no figure without data


def test_the_command_line_says_it_in_one_line(unreachable_url: str, capsys):
    assert cli.main(["summary"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be reached" in err and "Traceback" not in err


def test_a_database_gone_after_the_start_leaves_the_figures_marked_as_possibly_old(
    run_app: RunApp, monkeypatch: pytest.MonkeyPatch
):
    first = run_app(params={"period": "2016-H2"})
    figures = {m.label: m.value for m in first.metric}

    def gone(engine):
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(db, "data_version", gone)
    again = run_app(params={"period": "2016-H2"})
    assert errors(again) == []
    assert {m.label: m.value for m in again.metric} == figures
    assert any("may be out of date" in w.value for w in again.warning)


def test_an_unexpected_error_shows_a_reference_and_logs_the_traceback(
    run_app: RunApp, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug in a metric")

    # The page's report builder as the registry names it (the one assembly calls it there).
    page = registry.PAGES_BY_NAME["coverage"]
    monkeypatch.setitem(registry.PAGES_BY_NAME, "coverage", replace(page, build_report=broken))
    # A report kept from an earlier test of this process would be shown without building it
    # (the run of the whole tier failed so, in one order of the files).
    context.clear_caches()
    with caplog.at_level(logging.ERROR, logger="score_dash"):
        at = run_app(page="app_pages/coverage.py", params={"state": "Kerala"})
    assert not at.exception  # no traceback on the page
    message = " ".join(e.value for e in at.error)
    reference = re.search(r"\*\*([0-9A-F]{8})\*\*", message)
    assert reference and "ZeroDivisionError" not in message
    logged = [r for r in caplog.records if reference.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info[0] is ZeroDivisionError
