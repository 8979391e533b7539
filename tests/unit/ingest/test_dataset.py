"""The demo and the programme's real records are never mixed, and the demo label follows
what a database holds: a database takes the demo's export or real records when it is empty,
and afterwards only more of the same kind."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy.orm import Session

from score_dash import ingest
from score_dash.ingest.check.database import DEMO_INTO_REAL, REAL_INTO_DEMO
from score_dash.store import db, loading
from tests.unit.bad_files import good_file


def database(tmp_path, name: str, copy_of: str | None = None):
    """A new database, empty or a copy of the database at `copy_of` (the session's demo
    database, made with `db.load_demo`: a copy instead of making it again)."""
    path = tmp_path / name
    if copy_of is not None:
        shutil.copy(copy_of.removeprefix("sqlite:///"), path)
    engine = db.make_engine(f"sqlite:///{path}")
    db.create_schema(engine)
    return engine


def dataset(engine) -> str:
    with Session(engine) as session:
        return db.dataset_of(session)


def import_file(engine, data: bytes, name: str = "upload.xlsx") -> ingest.ImportReport:
    parsed, report = ingest.check_file(data, name, engine, 20)
    return ingest.apply_import(engine, parsed, report, "tester", accept_warnings=True)


@pytest.fixture(scope="module")
def demo_export(loaded_frames) -> bytes:
    return ingest.export_all(loaded_frames, demo=True)


def test_real_records_are_refused_by_a_database_holding_the_demo(tmp_path, demo_db_url):
    engine = database(tmp_path, "demo.db", copy_of=demo_db_url)
    before = db.row_counts(engine)
    result = import_file(engine, good_file())
    assert not result.ok and result.errors[0].message == REAL_INTO_DEMO
    assert db.row_counts(engine)["workforce"] == before["workforce"] and dataset(engine) == "demo"


def test_the_demo_is_refused_by_a_database_with_real_records(tmp_path, demo_export, records_db_url):
    engine = database(tmp_path, "empty.db")
    assert import_file(engine, demo_export).ok  # an empty database takes the demo's export ...
    assert dataset(engine) == "demo"  # ... and is then labelled as the demo
    records = database(tmp_path, "records.db", copy_of=records_db_url)  # the demo's rows
    assert dataset(records) == "imported"
    result = import_file(records, demo_export)
    assert not result.ok and result.errors[0].message == DEMO_INTO_REAL


def test_removing_the_demo_empties_the_database_for_real_records(
    tmp_path, demo_db_url, loaded_frames
):
    engine = database(tmp_path, "demo.db", copy_of=demo_db_url)
    db.remove_demo(engine, "staff@example.org")
    counts = db.row_counts(engine)
    assert sum(v for k, v in counts.items() if k != "import_batches") == 0
    assert dataset(engine) == "" and not db.get_meta(engine).get("demo_seed")
    history = loading.load_import_batches(engine)
    assert "demo dataset removed" in set(history.iloc[:, 2].astype(str)) | set(
        history.astype(str).stack()
    )
    first = import_file(engine, ingest.export_all(loaded_frames))
    assert first.ok and dataset(engine) == "imported"  # a file without the demo mark: records
