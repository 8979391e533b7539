"""AppTest fixtures: the app runs in-process against a demo database made for the session.

`run_app(page=None, params=None)` returns an AppTest that has rendered the page (a file
under app_pages/, or the default page) with the given query parameters: one run of that
page, as a link to it opens it (not a run of the default page first).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe

from score_dash.config import get_config
from score_dash.meetings import reviews
from score_dash.pages.registry import PAGES
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


# Where each keyed table of a run was drawn: Streamlit 1.67 sends a display table's key to
# the browser only as a CSS class, so AppTest's `Dataframe.key` is None. The app's tables are
# recorded as they are drawn, in the session's own state (so the record lives and dies with
# its AppTest): the run's cursors (new for every run) and the delta path of each key;
# `table(at, key)` finds the element at that path.
TABLES_DRAWN = "_test_tables_drawn"


@pytest.fixture(autouse=True)
def _record_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    draw = streamlit.dataframe

    def recording(*args: object, key: str | None = None, **kwargs: object):
        element = draw(*args, key=key, **kwargs)
        ctx = get_script_run_ctx()
        if ctx is not None and key is not None:
            state = ctx.session_state  # Streamlit's wrapper of it: no `.get`
            run = state[TABLES_DRAWN] if TABLES_DRAWN in state else None  # noqa: SIM401
            if run is None or run[0] is not ctx.cursors:  # a new run: forget the last one's
                run = (ctx.cursors, {})
                ctx.session_state[TABLES_DRAWN] = run
            run[1][key] = tuple(element._cursor.delta_path)
        return element

    monkeypatch.setattr(streamlit, "dataframe", recording)


def _drawn(at: AppTest) -> dict[str, tuple[int, ...]]:
    return at.session_state[TABLES_DRAWN][1] if TABLES_DRAWN in at.session_state else {}


def table_keys(at: AppTest) -> list[str]:
    """The keys of the tables the last run drew, in the order they were drawn."""
    return list(_drawn(at))


def table(at: AppTest, key: str) -> Dataframe:
    """The table the page drew with `ui.render_table(..., key=key)` in its last run."""
    drawn = _drawn(at)
    assert key in drawn, f"no table '{key}' in the last run; tables: {list(drawn)}"
    # Every table is drawn with a key: a run that drew none leaves the last run's record.
    assert len(at.dataframe) == len(drawn), "the tables recorded are not the last run's"
    node = at._tree
    for index in drawn[key]:
        node = node.children[index]
    assert isinstance(node, Dataframe), f"'{key}' is not a table in the last run"
    return node


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
        if page is not None and page != PAGES[0].file:
            # Before the first run the page is found by its file's name, its URL path (the
            # default page's is its alias, hence not switched to: the first run is its own).
            at.switch_page(page)
        at.run()
        return at

    return run


# Runs that tests only read (cards, tables, downloads), shared by the tests of a process: a
# page with the same parameters, user and settings (every SCORE_ variable, the sign-in) runs
# once. The demo database is read-only; a test that changes data uses a copy.
_RENDERED: dict[tuple, AppTest] = {}


@pytest.fixture
def rendered(run_app: RunApp) -> RunApp:
    """`run_app` for a run the test only reads: never click, set or run it again."""

    def get(
        page: str | None = None,
        params: Mapping[str, str | Sequence[str]] | None = None,
        user: str | None = None,
    ) -> AppTest:
        settings = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("SCORE_")))
        asked = tuple(
            sorted((k, v if isinstance(v, str) else tuple(v)) for k, v in (params or {}).items())
        )
        key = (page, asked, user, settings, identity.sign_in_configured())
        if key not in _RENDERED:
            _RENDERED[key] = run_app(page, params, user)
        return _RENDERED[key]

    return get


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
