"""Imports against a real database: SQLite always, PostgreSQL when SCORE_TEST_PG_URL is set.

On PostgreSQL each test gets its own schema (search_path in the URL), or for the demo's rows
its own database (a copy of the module's one load), dropped afterwards.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from score_dash import ingest
from score_dash.core.dictionary import TABLES_BY_NAME
from score_dash.store import db, loading
from score_dash.store import models as m
from tests.conftest import mark_as_records, pg_url
from tests.unit.bad_files import (
    ENTERPRISE,
    GOOD_ADDED,
    GOOD_CHANGED,
    good_file,
    implausible_kpi_file,
    new_enterprise_row,
    workforce_file,
    workforce_row,
    xlsx,
)

pytestmark = pytest.mark.db
BACKENDS = ["sqlite"] + (["postgresql"] if pg_url() else [])


@pytest.fixture(params=BACKENDS)
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty schema of the backend."""
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'score.db'}")
        db.create_schema(engine)
        yield engine
        engine.dispose()
        return
    url = make_url(pg_url()).set(drivername="postgresql+psycopg")
    schema = f"ingest_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = db.make_engine(
        url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    )
    db.create_schema(engine)
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def _pg_admin() -> Engine:
    """The test server's database, in autocommit (CREATE and DROP DATABASE need it)."""
    url = make_url(pg_url()).set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT")


def _pg_database_url(name: str) -> str:
    url = make_url(pg_url()).set(drivername="postgresql+psycopg", database=name)
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The demo's rows as records, loaded once per backend for the module's tests (each
    test gets its own copy): a SQLite file's URL, a PostgreSQL database's name."""
    made: dict[str, str] = {}
    yield made
    if "postgresql" in made:
        admin = _pg_admin()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {made['postgresql']}"))
        admin.dispose()


def _template(backend: str, made: dict[str, str], folder: Path) -> str:
    if backend not in made:
        if backend == "sqlite":
            made[backend] = url = f"sqlite:///{folder / 'template.db'}"
        else:
            made[backend] = f"ingest_demo_{uuid.uuid4().hex[:10]}"
            admin = _pg_admin()
            with admin.connect() as connection:
                connection.execute(text(f"CREATE DATABASE {made[backend]}"))
            admin.dispose()
            url = _pg_database_url(made[backend])
        engine = db.make_engine(url)
        db.load_demo(engine)
        mark_as_records(engine)
        engine.dispose()  # a PostgreSQL template must have no connection when copied
    return made[backend]


@pytest.fixture(params=BACKENDS)
def demo_engine(
    request: pytest.FixtureRequest,
    demo_templates: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
) -> Iterator[Engine]:
    """The demo's rows as the programme's records (the demo itself refuses real imports):
    a copy of the module's one load of them on the backend (a file; a database made from
    it as template)."""
    template = _template(request.param, demo_templates, tmp_path_factory.mktemp("demo"))
    if request.param == "sqlite":
        path = tmp_path / "score.db"
        shutil.copy(template.removeprefix("sqlite:///"), path)
        engine = db.make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    name = f"ingest_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    engine = db.make_engine(_pg_database_url(name))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE {name}"))
    admin.dispose()


def _import(
    engine: Engine, data: bytes, name: str = "f.xlsx", accept: bool = False, user: str = "tester"
) -> ingest.ImportReport:
    parsed, report = ingest.check_file(data, name, engine, 50)
    return ingest.apply_import(engine, parsed, report, user, accept)


def _batches(engine: Engine) -> list[m.ImportBatch]:
    with Session(engine) as session:
        return list(session.scalars(select(m.ImportBatch).order_by(m.ImportBatch.id)))


def test_export_then_import_into_empty_database_reproduces_it(
    empty_engine: Engine, loaded_frames: dict[str, pd.DataFrame]
) -> None:
    data = ingest.export_all(loaded_frames)
    result = _import(empty_engine, data, "all.xlsx", accept=True)
    assert result.outcome == "imported", result.to_text()[:2000]
    again = loading.load_frames(empty_engine)
    for name, frame in loaded_frames.items():
        # load_frames orders by the first column only; PostgreSQL breaks ties its own way.
        key = list(TABLES_BY_NAME[name].key)
        pd.testing.assert_frame_equal(
            again[name].sort_values(key).reset_index(drop=True),
            frame.sort_values(key).reset_index(drop=True),
            obj=name,
        )


def test_good_file_adds_and_updates_rows_and_is_audited(demo_engine: Engine) -> None:
    before = db.row_counts(demo_engine)
    version = db.data_version(demo_engine)
    result = _import(demo_engine, good_file(), "half-year.xlsx", user="anna")
    assert result.outcome == "imported", result.to_text()
    assert {t: n for t, n in result.added.items() if n} == GOOD_ADDED
    assert {t: n for t, n in result.changed.items() if n} == GOOD_CHANGED
    after = db.row_counts(demo_engine)
    for table, count in before.items():
        expected = count + GOOD_ADDED.get(table, 0) + (table == "import_batches")
        assert after[table] == expected, table
    workforce = loading.load_frames(demo_engine)["workforce"]
    row = workforce[
        (workforce["enterprise"] == "E00001")
        & (workforce["period"] == "2017-H2")
        & (workforce["role"] == "worker")
        & (workforce["employment"] == "permanent")
    ].iloc[0]
    assert (row["total"], row["female"], row["male"]) == (26, 5, 21)
    assert int(db.data_version(demo_engine)) == int(version) + 1
    batch = _batches(demo_engine)[-1]
    assert (batch.user_name, batch.file_name, batch.outcome) == (
        "anna",
        "half-year.xlsx",
        "imported",
    )
    assert batch.sha256 == result.sha256 and len(batch.sha256) == 64
    assert '"workforce": 2' in batch.rows_added and '"workforce": 1' in batch.rows_changed


def test_reuploading_the_same_file_changes_nothing_and_says_so(demo_engine: Engine) -> None:
    # The very same bytes: openpyxl stamps each new workbook with its creation time.
    data = good_file()
    assert _import(demo_engine, data).outcome == "imported"
    version = db.data_version(demo_engine)
    counts = db.row_counts(demo_engine)
    parsed, report = ingest.check_file(data, "f.xlsx", demo_engine, 50)
    assert report.unchanged and report.previous_import.endswith("by tester")
    assert "already holds every row" in report.summary()
    result = ingest.apply_import(demo_engine, parsed, report, "tester", False)
    assert result.outcome == "unchanged"
    assert db.data_version(demo_engine) == version
    assert db.row_counts(demo_engine)["import_batches"] == counts["import_batches"] + 1
    assert _batches(demo_engine)[-1].outcome == "unchanged"


def test_rejected_upload_writes_only_its_audit_record(demo_engine: Engine) -> None:
    counts = db.row_counts(demo_engine)
    version = db.data_version(demo_engine)
    result = _import(demo_engine, workforce_file(workforce_row(total=-3)), "bad.xlsx")
    assert result.outcome == "rejected"
    assert db.data_version(demo_engine) == version
    after = db.row_counts(demo_engine)
    assert after == {**counts, "import_batches": counts["import_batches"] + 1}
    batch = _batches(demo_engine)[-1]
    assert (batch.outcome, batch.file_name) == ("rejected", "bad.xlsx")
    assert "below the smallest allowed value" in batch.message


def test_warnings_must_be_accepted_before_writing(demo_engine: Engine) -> None:
    refused = _import(demo_engine, implausible_kpi_file(), accept=False)
    assert refused.outcome == "rejected" and refused.message == "1 warnings not accepted."
    accepted = _import(demo_engine, implausible_kpi_file(), accept=True)
    assert accepted.outcome == "imported" and accepted.changed == {"kpi_observations": 1}


def _hold_import_lock(connection: Connection) -> None:
    """Take the importer's lock the way any writer would, in an open transaction."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ingest.LOCK_KEY})
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def test_an_import_waits_for_the_lock_and_then_sees_what_the_holder_wrote(
    demo_engine: Engine,
) -> None:
    """A second connection holds the import lock and adds E90001; an import of E90001 waits.

    The import was checked before E90001 existed, so it plans an insert. Had it read the
    database while the lock was held, it would keep that plan and fail on the unique key once
    the holder commits. Serialised, it reads after the commit and updates the row instead.
    """

    def e90001(name: str) -> list[object]:
        return [*new_enterprise_row()[:1], name, *new_enterprise_row()[2:]]

    data = xlsx({"enterprises": [ENTERPRISE, e90001("Import Forge")]})
    parsed, report = ingest.check_file(data, "import.xlsx", demo_engine, 50)
    assert report.added == {"enterprises": 1}
    results: list[ingest.ImportReport] = []
    importer = threading.Thread(
        target=lambda: results.append(
            ingest.apply_import(demo_engine, parsed, report, "importer", False)
        )
    )
    read = threading.Event()

    def watch(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if threading.current_thread() is importer and "enterprises" in statement:
            read.set()

    holder_engine = db.make_engine(demo_engine.url.render_as_string(hide_password=False))
    event.listen(demo_engine, "before_cursor_execute", watch)
    try:
        with holder_engine.connect() as holder:
            _hold_import_lock(holder)
            with Session(bind=holder) as session:
                frame = pd.DataFrame([e90001("Holder Forge")], columns=ENTERPRISE).reindex(
                    columns=TABLES_BY_NAME["enterprises"].column_names
                )
                db.insert_frames(session, {"enterprises": frame})
            importer.start()
            # Nothing may happen while the lock is held. The window only has to be long
            # enough for an import without the lock to reach its first read (milliseconds);
            # with the lock, the outcome does not depend on it.
            read_while_held = read.wait(timeout=3)
            holder.commit()
        importer.join(timeout=60)
    finally:
        event.remove(demo_engine, "before_cursor_execute", watch)
        holder_engine.dispose()
    assert not read_while_held, "the import read the database while another held the lock"
    assert not importer.is_alive(), "the import did not proceed once the lock was released"
    (result,) = results
    assert result.outcome == "imported", result.to_text()
    assert (result.added, result.changed) == ({"enterprises": 0}, {"enterprises": 1})
    names = loading.load_frames(demo_engine)["enterprises"].set_index("enterprise")["name"]
    assert names["E90001"] == "Import Forge"
