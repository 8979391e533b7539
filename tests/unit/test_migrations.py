"""Schema migrations (score_dash/store/schema.py): a database made by the first release
(tests/fixtures/first_release.sql) upgrades to head with every row kept, into the schema
`init-db` creates; the command line and the app refuse a database behind the code; `db
current` says where a database stands; the models and the revisions agree. On SQLite always,
on PostgreSQL when SCORE_TEST_PG_URL is set (.ci/run starts a server and sets it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Column, Engine, MetaData, String, Table, inspect, text

from score_dash import cli
from score_dash.store import db, schema
from score_dash.store import models as m
from tests.conftest import pg_url

pytestmark = pytest.mark.db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "first_release.sql"
HEAD = "0004_shown_to_viewers"
REVISIONS = ("0001_first_release", "0002_data_versions", "0003_decisions", HEAD)
UPGRADE = "python -m score_dash db upgrade"

# The fixture's rows, counted in tests/fixtures/first_release.sql.
ROWS = {
    "import_batches": 2,
    "kpi_definitions": 1,
    "meta": 6,
    "modules": 5,
    "periods": 9,
    "states": 3,
    "clusters": 1,
    "indicators": 2,
    "partners": 6,
    "activities": 2,
    "enterprises": 3,
    "targets": 3,
    "trainers": 5,
    "enrolments": 4,
    "kpi_observations": 4,
    "participation": 3,
    "team_members": 3,
    "trainer_modules": 2,
    "workforce": 4,
}
# What the first release's tables became: the columns each revision added, empty.
ADDED = {"import_batches": ("data_version",)}
# Tables the later revisions created: empty after the upgrade.
CREATED = (
    "data_changes",
    "reviews",
    "review_items",
    "review_item_changes",
    "figure_notes",
    "record_releases",
)

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
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'score.db'}"
        return
    engine = db.make_engine(pg_url())
    db.drop_schema(engine)
    yield pg_url()
    db.drop_schema(engine)
    engine.dispose()


def first_release_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(FIXTURE.read_text(encoding="utf-8"))
    connection.close()


def make_first_release(url: str, tmp_path: Path) -> Engine:
    """The fixture database at `url`. On PostgreSQL: the first revision's tables (what the
    first release's create_all made there), no revision record, and the fixture's rows copied
    from SQLite."""
    if url.startswith("sqlite"):
        first_release_sqlite(Path(url.removeprefix("sqlite:///")))
        return db.make_engine(url)
    source_path = tmp_path / "first_release.db"
    first_release_sqlite(source_path)
    source = db.make_engine(f"sqlite:///{source_path}")
    engine = db.make_engine(url)
    with engine.begin() as connection:
        command.upgrade(schema._config(connection), REVISIONS[0])
        connection.execute(text(f"DROP TABLE {schema.VERSION_TABLE}"))
    old, new = MetaData(), MetaData()
    old.reflect(source)
    new.reflect(engine)
    with source.connect() as reading, engine.begin() as writing:
        for table in old.sorted_tables:
            rows = [dict(row._mapping) for row in reading.execute(table.select())]
            if rows:
                writing.execute(new.tables[table.name].insert(), rows)
    source.dispose()
    return engine


def table_rows(engine: Engine, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    order = ", ".join(columns)
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(text(f"SELECT {order} FROM {table} ORDER BY {order}"))
        ]


def describe(engine: Engine) -> dict[str, Any]:
    """Tables, columns (type, nullability), primary keys, foreign keys, unique constraints,
    indexes and check constraints, as SQLAlchemy's inspector reads them."""
    inspector = inspect(engine)
    found: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        found[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
            ],
            "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
            "foreign keys": sorted(
                (tuple(k["constrained_columns"]), k["referred_table"], tuple(k["referred_columns"]))
                for k in inspector.get_foreign_keys(table)
            ),
            "uniques": sorted(
                (u["name"], tuple(u["column_names"]))
                for u in inspector.get_unique_constraints(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
            "checks": sorted(
                (c["name"], " ".join(c["sqltext"].split()))
                for c in inspector.get_check_constraints(table)
            ),
        }
    return found


def test_the_revisions_are_the_schemas_of_the_releases_in_order():
    assert schema.revisions() == REVISIONS
    assert schema.head() == HEAD


def test_the_first_release_s_database_upgrades_to_head_with_every_row_kept(url, tmp_path):
    engine = make_first_release(url, tmp_path)
    inspector = inspect(engine)
    columns = {table: [c["name"] for c in inspector.get_columns(table)] for table in ROWS}
    before = {table: table_rows(engine, table, columns[table]) for table in ROWS}
    assert {table: len(rows) for table, rows in before.items()} == ROWS
    assert schema.status(engine).recognised == REVISIONS[0]

    was, now = schema.upgrade(engine)

    assert (was.revision, was.recognised, now.revision) == (None, REVISIONS[0], HEAD)
    for table, rows in before.items():
        assert table_rows(engine, table, columns[table]) == rows, table
        for column in ADDED.get(table, ()):
            with engine.connect() as connection:
                filled = connection.execute(
                    text(f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL")
                ).scalar_one()
            assert filled == 0, (table, column)
    with engine.connect() as connection:
        for table in CREATED:
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            (HEAD,)
        ]
    # The app reads the upgraded database as it reads one of its own.
    assert schema.check_current(engine).current
    assert db.row_counts(engine)["enterprises"] == ROWS["enterprises"]
    engine.dispose()


def test_an_upgraded_database_has_the_schema_init_db_creates(url, tmp_path):
    engine = make_first_release(url, tmp_path)
    schema.upgrade(engine)
    upgraded = describe(engine)
    db.drop_schema(engine)
    assert cli.main(["init-db", "--url", url]) == 0
    created = describe(engine)
    assert upgraded == created
    assert set(created) == {*m.Base.metadata.tables, schema.VERSION_TABLE}
    db.drop_schema(engine)
    schema.upgrade(engine)  # from nothing: every revision in turn
    assert describe(engine) == created
    engine.dispose()


def test_the_models_need_no_revision_that_is_not_written(url):
    engine = db.make_engine(url)
    schema.upgrade(engine)
    assert schema.pending_changes(engine) == []
    # A model changed without a revision is found.
    changed = MetaData()
    for table in m.Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["reviews"].append_column(Column("chair", String(80)))
    Table("minutes", changed, Column("id", String(8), primary_key=True))
    found = schema.pending_changes(engine, changed)
    assert sorted(op[0] for op in found) == ["add_column", "add_table"]
    engine.dispose()


def test_the_command_line_refuses_a_database_behind_the_code_in_one_line(url, tmp_path, capsys):
    engine = make_first_release(url, tmp_path)
    for argv in (["summary"], ["review", "list"], ["actions", "list"], ["notes", "list"]):
        assert cli.main([*argv, "--url", url]) == 2, argv
        out, err = capsys.readouterr()
        assert out == ""
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert err.startswith("error: The database's schema is older than this version")
        assert f"`{UPGRADE}`" in err
    # Nothing was written: the database is as the first release left it.
    assert schema.status(engine).recognised == REVISIONS[0]
    assert not inspect(engine).has_table("reviews")
    with pytest.raises(schema.SchemaOutOfDate, match="db upgrade"):
        db.create_schema(engine)

    assert cli.main(["db", "upgrade", "--url", url]) == 0
    assert capsys.readouterr().out == (
        f"Upgraded from made before migrations, recognised as {REVISIONS[0]} to {HEAD} (head).\n"
    )
    assert cli.main(["review", "list", "--url", url]) == 0
    assert capsys.readouterr().out == "No review is published yet.\n"
    engine.dispose()


def test_a_database_stamped_with_an_earlier_revision_is_refused_then_upgraded(url, capsys):
    engine = db.make_engine(url)
    with engine.begin() as connection:
        command.upgrade(schema._config(connection), REVISIONS[1])
    assert cli.main(["db", "current", "--url", url]) == 0
    assert capsys.readouterr().out == (f"{REVISIONS[1]} (behind head {HEAD}: run `{UPGRADE}`)\n")
    assert cli.main(["summary", "--url", url]) == 2
    assert f"({REVISIONS[1]}; needs {HEAD}): upgrade it with `{UPGRADE}`." in (
        capsys.readouterr().err
    )
    assert cli.main(["db", "upgrade", "--url", url]) == 0
    assert capsys.readouterr().out == f"Upgraded from {REVISIONS[1]} to {HEAD} (head).\n"
    assert cli.main(["db", "upgrade", "--url", url]) == 0
    assert capsys.readouterr().out == f"Already at head: {HEAD}; nothing to do.\n"
    engine.dispose()


def test_db_current_says_where_a_database_stands(url, tmp_path, capsys):
    def current() -> str:
        assert cli.main(["db", "current", "--url", url]) == 0
        return capsys.readouterr().out

    assert current() == f"no schema yet (head: {HEAD}; `{UPGRADE}` or init-db creates it)\n"
    make_first_release(url, tmp_path).dispose()
    assert current() == (
        f"made before migrations, recognised as {REVISIONS[0]} "
        f"(head: {HEAD}; `{UPGRADE}` stamps and upgrades it)\n"
    )
    assert cli.main(["db", "upgrade", "--url", url]) == 0
    capsys.readouterr()
    assert current() == f"{HEAD} (head)\n"


def test_init_db_creates_the_head_revision(url, capsys):
    assert cli.main(["init-db", "--url", url]) == 0
    capsys.readouterr()
    assert cli.main(["db", "current", "--url", url]) == 0
    assert capsys.readouterr().out == f"{HEAD} (head)\n"


def test_a_database_newer_than_the_code_is_refused_and_not_touched(url, capsys):
    engine = db.make_engine(url)
    db.create_schema(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_later'"))
    for argv in (["summary"], ["db", "upgrade"]):
        assert cli.main([*argv, "--url", url]) == 2
        err = capsys.readouterr().err
        assert "newer than this version of the dashboard knows" in err, err
        assert err.count("\n") == 1
    engine.dispose()


def test_tables_of_no_release_are_not_guessed_at(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE periods (id INTEGER PRIMARY KEY, code TEXT)"))
    with pytest.raises(schema.SchemaOutOfDate, match="those of no release"):
        schema.upgrade(engine)
