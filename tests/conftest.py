"""Fixtures shared by every tier: one deterministic demo dataset, in memory and in SQLite."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings
from sqlalchemy.orm import Session

import score_dash.store.loading
from score_dash.store import db, demo

# Property tests check what a function returns, never how fast: no deadline (hypothesis's
# default of 200 ms per example failed a text test once on a loaded CI machine).
settings.register_profile("score", deadline=None)
settings.load_profile("score")

ROOT = Path(__file__).resolve().parent.parent
# Tests that drop and make the schema of the one PostgreSQL database of .ci/run: never two at
# once. A path is all of a file's tests; `path[param]` those of its tests with that parameter.
# They are marked `serial` (`pytest -m serial` lists them) and, under xdist, run on one
# worker one after another (`OneServerAtATime` below). tests/unit/test_backup.py and
# tests/e2e/test_multiprocess.py make databases or schemas of their own and need neither.
SERIAL = (
    "tests/unit/test_db.py",
    "tests/unit/test_migrations.py",
    "tests/unit/test_concurrent_actions.py",
    "tests/unit/ingest/test_write.py",
    "tests/app/test_decisions.py[postgresql]",
)
SHARED_SERVER = "the test PostgreSQL server"
# The longest units of work, started first so that neither worker is left with one at the end:
# seconds, as a whole run measured them (7 Dec 2026, 19:25 UTC, quiet 2-core machine; the
# hostile-data walk of test_going_live since cut by 24 s); the order is what counts. The
# times of the last run, when pytest's cache has them, come first; other files count a second
# a test, ten for a browser test.
LONG = {
    "tests/e2e/test_accessibility.py": 136,
    "tests/unit/test_pack.py": 73,
    "tests/e2e/test_going_live.py": 64,
    "tests/e2e/test_overview_meeting.py": 52,
    "tests/e2e/test_sign_in.py": 50,
    "tests/e2e/test_shell.py": 49,
    SHARED_SERVER: 45,  # with PostgreSQL, in .ci/run; 19 s without
    "tests/app/test_language.py": 40,
    "tests/app/test_partial_data.py": 37,
    "tests/app/test_disclosure_attack.py": 36,
    "tests/app/test_review_confidentiality.py": 36,
    "tests/unit/test_cli.py": 33,
    "tests/e2e/test_meeting_mode.py": 32,
    "tests/e2e/test_coverage_gender.py": 32,
    "tests/e2e/test_keyboard.py": 30,
    "tests/app/test_version_groups.py": 30,
    "tests/unit/ingest/test_spreadsheet_roundtrip.py": 26,
    "tests/e2e/test_language.py": 23,
    "tests/e2e/test_decisions.py": 20,
}
TIMES_KEY = "score_dash/seconds_by_file"


def uses_the_shared_server(nodeid: str) -> bool:
    """Whether the test (its node id) drops and makes the shared PostgreSQL schema."""
    path, _, rest = nodeid.partition("::")
    params = rest[rest.index("[") + 1 : -1].split("-") if rest.endswith("]") else []
    for entry in SERIAL:
        file, _, param = entry.rstrip("]").partition("[")
        if path == file and (not param or param in params):
            return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    del config
    for item in items:
        if uses_the_shared_server(item.nodeid):
            item.add_marker(pytest.mark.serial)
        elif item.get_closest_marker("serial") is not None:
            raise pytest.UsageError(
                f"{item.nodeid} is marked serial but tests/conftest.py SERIAL does not list it: "
                "under xdist it would run beside the others"
            )


def scope_of(nodeid: str) -> str:
    """The unit of work of a test under xdist: its file, or the shared server's group."""
    return SHARED_SERVER if uses_the_shared_server(nodeid) else nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Under `-n`, with `--dist load` (the default) or `loadfile`: each file's tests on one
    worker (its module fixtures, such as the packs of tests/unit/test_pack.py, built once),
    the tests of the shared PostgreSQL server on one worker one after another, and the
    longest files first."""
    if config.getvalue("dist") not in ("load", "loadfile"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    cache = getattr(config, "cache", None)
    last = cache.get(TIMES_KEY, {}) if cache is not None else {}

    class OneServerAtATime(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

        def _assign_work_unit(self, node) -> None:
            def seconds(scope: str) -> float:
                per_test = 10 if scope.startswith("tests/e2e/") else 1
                return last.get(scope) or LONG.get(scope) or per_test * len(self.workqueue[scope])

            longest = max(self.workqueue, key=seconds)
            self.workqueue.move_to_end(longest, last=False)
            super()._assign_work_unit(node)

    return OneServerAtATime(config, log)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add up each file's time (on xdist's controller too), for the next run's order."""
    TIMES[scope_of(report.nodeid)] = TIMES.get(scope_of(report.nodeid), 0.0) + report.duration


TIMES: dict[str, float] = {}


def pytest_sessionfinish(session: pytest.Session) -> None:
    cache = getattr(session.config, "cache", None)
    if cache is None or not TIMES or hasattr(session.config, "workerinput"):
        return
    cache.set(TIMES_KEY, {**cache.get(TIMES_KEY, {}), **{k: round(v) for k, v in TIMES.items()}})


@pytest.fixture(scope="session", autouse=True)
def _pack_charts_drawn_once():
    """Each chart of a meeting pack drawn once in a test process (tests/drawn_once.py): the
    packs built by different modules (the demo's review for staff and for viewers, a
    database before and after a change) share most of their charts."""
    from tests.drawn_once import charts_drawn_once

    with charts_drawn_once():
        yield


@pytest.fixture(autouse=True)
def _language_reset():
    """Each test starts and ends in the default language: a test that writes a Hindi pack
    or workbook (`i18n.use`, as `--lang hi` does) must not leave the next test of its
    process in Hindi."""
    from score_dash.core import i18n

    i18n.use(i18n.DEFAULT)
    yield
    i18n.use(i18n.DEFAULT)


@pytest.fixture(scope="session")
def demo_frames() -> dict[str, pd.DataFrame]:
    """The demo dataset as natural-key frames (the same rows as the demo database)."""
    return demo.build_demo()


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database file filled with the demo dataset, shared read-only by tests."""
    path = tmp_path_factory.mktemp("db") / "demo.db"
    url = f"sqlite:///{path}"
    db.load_demo(db.make_engine(url))
    return url


@pytest.fixture(scope="session")
def records_db_url(demo_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo's rows as a database of real records (not marked as the demo): what imports
    of the programme's own files are checked against. The demo database refuses them."""
    path = tmp_path_factory.mktemp("records") / "records.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    mark_as_records(db.make_engine(url))
    return url


def mark_as_records(engine) -> None:
    """Say that a database holds imported records (as after a first real import)."""
    with Session(engine) as session, session.begin():
        db.set_meta(session, {"dataset": "imported"})


@pytest.fixture(scope="session")
def loaded_frames(demo_db_url: str) -> dict[str, pd.DataFrame]:
    """The demo database read back with `queries.load_frames` (what the app sees)."""

    return score_dash.store.loading.load_frames(db.make_engine(demo_db_url))


def pg_url() -> str | None:
    return os.environ.get("SCORE_TEST_PG_URL") or None


@pytest.fixture(scope="session")
def handmade_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database file holding the hand-made dataset (tests/handmade.py), not the demo."""
    from sqlalchemy.orm import Session

    from tests.handmade import build_handmade

    path = tmp_path_factory.mktemp("handmade") / "handmade.db"
    url = f"sqlite:///{path}"
    engine = db.make_engine(url)
    db.create_schema(engine)
    with Session(engine) as session, session.begin():
        db.insert_frames(session, build_handmade())
        db.set_meta(session, {"dataset": "handmade", "period_convention": "calendar"})
        db.bump_data_version(session)
    return url


@pytest.fixture(scope="session")
def handmade_frames(handmade_db_url: str) -> dict[str, pd.DataFrame]:
    """The hand-made database read back with `queries.load_frames` (what the app sees)."""

    return score_dash.store.loading.load_frames(db.make_engine(handmade_db_url))
