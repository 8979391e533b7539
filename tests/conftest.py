"""Fixtures shared by every tier: one deterministic demo dataset, in memory and in SQLite."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.orm import Session

import score_dash.store.loading
from score_dash.store import db, demo

ROOT = Path(__file__).resolve().parent.parent
# `make test` runs the suite on two processes (pytest-xdist), then these, marked `serial`, on
# one, one after another: the browser tests (each starts servers and Chromium; beside a busy
# process they would wait on each other) and every test that uses the PostgreSQL server of
# .ci/run (they create and drop the schema of one shared database). xdist's `loadgroup`
# would do it in one run, but with pytest 9 it silently groups nothing (it renames a node
# attribute that pytest 9 no longer reads).
SERIAL = (
    "tests/e2e/",
    "tests/unit/test_db.py",
    "tests/unit/test_migrations.py",
    "tests/unit/test_concurrent_actions.py",  # drops and makes the test server's schema
    "tests/unit/ingest/test_write.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    del config
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(ROOT).as_posix()
        if where.startswith(SERIAL):
            item.add_marker(pytest.mark.serial)


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
