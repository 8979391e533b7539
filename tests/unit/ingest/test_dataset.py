"""The demo and the programme's real records are never mixed, and the demo label follows
what a database holds: a database takes the demo's export or real records when it is empty,
and afterwards only more of the same kind."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from score_dash import ingest
from score_dash.ingest.check.database import DEMO_INTO_REAL, REAL_INTO_DEMO
from score_dash.store import db, loading
from tests.unit.bad_files import good_file


def database(tmp_path, name: str, demo: bool = False):
    engine = db.make_engine(f"sqlite:///{tmp_path / name}")
    db.create_schema(engine)
    if demo:
        db.load_demo(engine)
    return engine


def dataset(engine) -> str:
    with Session(engine) as session:
        return db.dataset_of(session)


def import_file(engine, data: bytes, name: str = "upload.xlsx") -> ingest.ImportReport:
    parsed, report = ingest.check_file(data, name, engine, 20)
    return ingest.apply_import(engine, parsed, report, "tester", accept_warnings=True)


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> bytes:
    engine = database(tmp_path_factory.mktemp("demo"), "demo.db", demo=True)
    return ingest.export_all(loading.load_frames(engine), demo=True)


def test_real_records_are_refused_by_a_database_holding_the_demo(tmp_path):
    engine = database(tmp_path, "demo.db", demo=True)
    before = db.row_counts(engine)
    result = import_file(engine, good_file())
    assert not result.ok and result.errors[0].message == REAL_INTO_DEMO
    assert db.row_counts(engine)["workforce"] == before["workforce"] and dataset(engine) == "demo"


def test_the_demo_is_refused_by_a_database_with_real_records(tmp_path, demo_export):
    engine = database(tmp_path, "empty.db")
    assert import_file(engine, demo_export).ok  # an empty database takes the demo's export ...
    assert dataset(engine) == "demo"  # ... and is then labelled as the demo
    records = database(tmp_path, "records.db")
    import_file(records, demo_export)
    with Session(records) as session, session.begin():
        db.set_meta(session, {"dataset": "imported"})
    result = import_file(records, demo_export)
    assert not result.ok and result.errors[0].message == DEMO_INTO_REAL


def test_removing_the_demo_empties_the_database_for_real_records(tmp_path, demo_export):
    engine = database(tmp_path, "demo.db", demo=True)
    db.remove_demo(engine, "staff@example.org")
    counts = db.row_counts(engine)
    assert sum(v for k, v in counts.items() if k != "import_batches") == 0
    assert dataset(engine) == "" and not db.get_meta(engine).get("demo_seed")
    history = loading.load_import_batches(engine)
    assert "demo dataset removed" in set(history.iloc[:, 2].astype(str)) | set(
        history.astype(str).stack()
    )
    first = import_file(
        engine, ingest.export_all(loading.load_frames(database(tmp_path, "x.db", demo=True)))
    )
    assert first.ok and dataset(engine) == "imported"  # a file without the demo mark: records
