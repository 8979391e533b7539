"""Fixtures of the ingest tests."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from score_dash.store import db


@pytest.fixture(scope="module")
def engine(records_db_url: str) -> Engine:
    """The shared database of records (the demo's rows), for checks that write nothing."""
    return db.make_engine(records_db_url)
