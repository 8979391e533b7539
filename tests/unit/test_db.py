"""Database tier: schema, demo load and read-back on SQLite always, on PostgreSQL when
SCORE_TEST_PG_URL is set (.ci/run starts a throwaway server and sets it)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from score_dash.core.dictionary import TABLES_BY_NAME
from score_dash.store import db, loading
from score_dash.store import models as m
from tests.conftest import pg_url

pytestmark = pytest.mark.db

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            pg_url() is None,
            reason="SCORE_TEST_PG_URL not set: PostgreSQL tests skipped "
            "(.ci/run starts a server and sets it)",
        ),
    ),
]


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'test.db'}" if request.param == "sqlite" else pg_url()
    eng = db.make_engine(url)
    db.drop_schema(eng)
    yield eng
    db.drop_schema(eng)
    eng.dispose()


@pytest.fixture
def loaded(engine, demo_frames):
    db.load_demo(engine)
    return engine


def test_empty_database_is_reported_empty(engine):
    assert db.is_empty(engine)
    db.create_schema(engine)
    assert db.is_empty(engine)


def test_demo_load_reads_back_identical_rows_and_is_in_the_audit_log(loaded, demo_frames):
    frames = loading.load_frames(loaded)
    counts = db.row_counts(loaded)
    for name, frame in demo_frames.items():
        assert counts[name] == len(frame), name
        key = list(TABLES_BY_NAME[name].key)
        expected = frame.sort_values(key).reset_index(drop=True)
        actual = frames[name][frame.columns].sort_values(key).reset_index(drop=True)
        # Codes are categoricals in the per-enterprise tables (queries.with_derived): the
        # same values.
        actual = actual.astype(
            {c: "str" for c in actual if isinstance(actual[c].dtype, pd.CategoricalDtype)}
        )
        pd.testing.assert_frame_equal(
            actual, expected, check_dtype=False, check_exact=False, rtol=1e-9, obj=name
        )
    assert not db.is_empty(loaded)
    meta = db.get_meta(loaded)
    assert meta["dataset"] == "demo" and meta["data_version"] == "1"
    # The load is recorded in the audit log (read on the same load: one per backend).
    batches = loading.load_import_batches(loaded)
    assert list(batches["outcome"]) == ["demo"]
    assert batches["rows_added"].iloc[0] == sum(
        v for k, v in db.row_counts(loaded).items() if k != "import_batches"
    )


def test_counts_cannot_be_negative_nor_women_exceed_the_total(loaded):
    with Session(loaded) as session, session.begin():
        enterprise_id = session.query(m.Enterprise).first().id
        period = m.Period(code="2030-H1", start_date=date(2030, 1, 1), end_date=date(2030, 6, 30))
        session.add(period)
        session.flush()
        period_id = period.id

    def add(female: int, total: int) -> None:
        with Session(loaded) as session, session.begin():
            session.add(
                m.Workforce(
                    enterprise_id=enterprise_id,
                    period_id=period_id,
                    role="worker",
                    employment="permanent",
                    total=total,
                    female=female,
                    male=0,
                )
            )

    add(5, 10)  # a valid row is accepted, so the refusals below are about the values
    with Session(loaded) as session, session.begin():
        session.execute(text("DELETE FROM workforce WHERE period_id = :p"), {"p": period_id})
    for female, total in ((-1, 10), (11, 10), (0, -3)):
        with pytest.raises(IntegrityError):
            add(female, total)


def test_natural_keys_stage_dates_and_foreign_keys_are_enforced_and_writes_change_the_version(
    loaded,
):
    """On one load: three refusals (each write fails and is rolled back, so the next sees
    the demo as loaded), then a write that changes the data version."""
    # A period's code is a natural key: no second 2011-H1.
    with pytest.raises(IntegrityError), Session(loaded) as session, session.begin():
        session.add(
            m.Period(code="2011-H1", start_date=date(2011, 1, 1), end_date=date(2011, 6, 30))
        )
    # Stage dates in order: no baseline before the enrolment.
    with Session(loaded) as session:
        enterprise = session.query(m.Enterprise).first()
        # pick a module the enterprise has not taken, so only the dates can be wrong
        taken = {
            e.module_code for e in session.query(m.Enrolment).filter_by(enterprise_id=enterprise.id)
        }
    module = next(code for code in ("M2", "M3", "M4", "M5") if code not in taken)
    with pytest.raises(IntegrityError), Session(loaded) as session, session.begin():
        session.add(
            m.Enrolment(
                enterprise_id=enterprise.id,
                module_code=module,
                enrolled_date=date(2015, 5, 1),
                baseline_date=date(2015, 4, 1),
            )
        )
    # A cluster's state must exist.
    with pytest.raises(IntegrityError), Session(loaded) as session, session.begin():
        session.add(
            m.Cluster(
                name="Nowhere",
                city="x",
                district="x",
                state_code="IN-XX",
                sector="Garments",
                latitude=20,
                longitude=80,
                phase=1,
            )
        )
    # The data version changes with every write (the refused ones above wrote nothing).
    before = db.data_version(loaded)
    assert before == "1"
    with Session(loaded) as session, session.begin():
        db.bump_data_version(session)
    assert db.data_version(loaded) != before


def test_a_postgresql_url_without_driver_name_uses_psycopg():
    engine = db.make_engine("postgresql://user@127.0.0.1:1/none")
    assert engine.dialect.driver == "psycopg"


def test_an_unknown_driver_gives_a_one_line_message():
    with pytest.raises(db.DatabaseError, match="install its driver"):
        db.make_engine("postgresql+pg8000://user@127.0.0.1/none")
    with pytest.raises(db.DatabaseError, match="not a database URL"):
        db.make_engine("not a url")
