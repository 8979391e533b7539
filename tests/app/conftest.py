"""AppTest fixtures: the app runs in-process against a demo database made for the session.

`run_app(page=None, params=None)` returns an AppTest that has rendered the page (a file
under app_pages/, or the default page) with the given query parameters.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from score_dash.config import get_config
from score_dash.meetings import reviews
from score_dash.store import db
from score_dash.ui import identity
from tests.conftest import mark_as_records

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120

RunApp = Callable[..., AppTest]


@pytest.fixture(autouse=True)
def _app_database(demo_db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo database, in local mode on loopback (the single local user is staff), as
    `make run` serves it; whatever secrets file the machine may have is not consulted."""
    monkeypatch.setenv("SCORE_DB_URL", demo_db_url)
    monkeypatch.setattr(identity, "sign_in_configured", lambda: False)
    monkeypatch.setattr(identity, "server_address", lambda: "127.0.0.1")
    get_config.cache_clear()
    yield
    get_config.cache_clear()


# Who is signed in, for AppTest's `at.user` (sign-in configured; SCORE_STAFF, SCORE_ADMINS and
# SCORE_SECRETARIES as in `signed_in`).
USERS: dict[str, dict[str, object]] = {
    "viewer": {"is_logged_in": True, "email": "member@employers.example", "name": "A Member"},
    "staff": {"is_logged_in": True, "email": "officer@score-india.example", "name": "M&E"},
    "admin": {"is_logged_in": True, "email": "lead@ilo.example", "name": "Lead"},
    "secretary": {"is_logged_in": True, "email": "minutes@labour.example", "name": "Secretary"},
    "visitor": {"is_logged_in": False},
}


@pytest.fixture
def signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sign-in configured, with staff @score-india.example, admin lead@ilo.example and the
    meeting's secretary minutes@labour.example."""
    monkeypatch.setattr(identity, "sign_in_configured", lambda: True)
    monkeypatch.setenv("SCORE_STAFF", "@score-india.example")
    monkeypatch.setenv("SCORE_ADMINS", "lead@ilo.example")
    monkeypatch.setenv("SCORE_SECRETARIES", "minutes@labour.example")
    get_config.cache_clear()


@pytest.fixture
def run_app() -> RunApp:
    def run(
        page: str | None = None,
        params: Mapping[str, str | Sequence[str]] | None = None,
        user: str | None = None,
    ) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        if user is not None:
            at.user = USERS[user]
        for key, value in (params or {}).items():
            at.query_params[key] = value if isinstance(value, str) else list(value)
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return run


def published_copy(tmp_path: Path, demo_db_url: str, monkeypatch: pytest.MonkeyPatch, period: str):
    """A copy of the demo as records, the app's database, with the review of `period`
    published (meeting on 2018-02-14); its engine."""
    path = tmp_path / "published.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    engine = db.make_engine(url)
    mark_as_records(engine)
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()
    reviews.publish(engine, period, date(2018, 2, 14), "tester")
    return engine


def visible(markdown: str) -> str:
    """What Markdown shows of text the app escaped: backslash escapes resolved, code quotes
    as plain quotes (tests compare what a person reads)."""
    shown = re.sub(r"`+ ?(.*?) ?`+", r"'\1'", re.sub(r"\\(.)", r"\1", markdown))
    return shown.replace("\u2060", "")  # word joiners that keep addresses from linking


def screen_values(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as shown, read back as values: the screen writes a column with missing values
    as text ("—", "1,234", "2015-03-31"); the test compares figures."""
    values = frame.copy()
    for column in values.columns:
        cells = values[column]
        if not (pd.api.types.is_string_dtype(cells) and (cells == "—").any()):
            continue
        values[column] = [_value_of(cell) for cell in cells]
    return values


def _value_of(cell: object) -> object:
    text = str(cell)
    if text == "—":
        return None
    if re.fullmatch(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?", text):
        number = float(text.replace(",", ""))
        return int(number) if number.is_integer() and "." not in text else number
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return pd.Timestamp(text).date()
    return cell


def errors(at: AppTest) -> list[str]:
    """Exception and error elements of a run, as text (a page must have none)."""
    return [e.value for e in at.exception] + [e.value for e in at.error]


def last_download(at: AppTest, page: str) -> bytes:
    """The workbook bytes the page's Download Excel button serves in this run (built when
    clicked: the button holds a builder, which this calls as a click would)."""
    builders = at.session_state["_download_builders"]
    assert page in builders, f"no Excel download on {page}"
    buttons = [b for b in at.get("download_button") if b.proto.label == "Download Excel"]
    assert buttons and buttons[-1].proto.deferred_file_id, "the Excel is built when clicked"
    return builders[page]()


def ignored_notice(at: AppTest) -> str:
    """The text of the page's 'Ignored in the link: ...' notices ('' when there is none)."""
    shown = [visible(i.value) for i in at.info]
    return " ".join(text for text in shown if text.startswith("Ignored in the link"))


def assert_same_figures(at: AppTest, reference: AppTest) -> None:
    """The page shows the same cards and the same tables as the reference run."""
    assert [(m.label, m.value, m.delta) for m in at.metric] == [
        (m.label, m.value, m.delta) for m in reference.metric
    ]
    assert len(at.dataframe) == len(reference.dataframe)
    for index, (shown, expected) in enumerate(zip(at.dataframe, reference.dataframe, strict=True)):
        pd.testing.assert_frame_equal(shown.value, expected.value, obj=f"table {index}")
