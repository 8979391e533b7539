"""Fixtures of the ingest tests."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from score_dash import db


@pytest.fixture(scope="module")
def engine(demo_db_url: str) -> Engine:
    """The shared demo database, for checks that write nothing."""
    return db.make_engine(demo_db_url)
