"""Backups that restore: a consistent copy of the whole database taken while the app runs,
and its restore into an empty database.

Everything the database holds is copied: the data tables, the data versions and what each
changed, the imports and their undo records, the published reviews, the decisions and
actions with their status history, the notes and the release marks. The tables are those of
the models' metadata, iterated, so a table added later is never forgotten, and Alembic's
revision. A backup restores at the code's schema revision only: one made before an upgrade
is upgraded first, as a copy (`db upgrade --url sqlite:///COPY`).

Two formats, told apart by their first bytes:

- **A SQLite file** (the portable format). On SQLite it is made with SQLite's online
  backup API, which copies every page under one read lock: writers wait for it, none is
  half-seen. On PostgreSQL (with `logical=True`, or when `pg_dump` is not installed) every
  table is read in one REPEATABLE READ, read-only transaction, a single snapshot, and
  written to a new SQLite file with the models' schema. Either way the file carries a
  `backup_manifest` table: when and from which engine it was made, the data version, the
  Alembic revision if any, and the rows of every table, checked after a restore. It
  restores into SQLite or PostgreSQL, whichever engine made it.
- **A `pg_dump` archive** (custom format) of a PostgreSQL database, restored with
  `pg_restore` into PostgreSQL only.

A restore refuses a database that holds any row in any of the models' tables. On
PostgreSQL the identity sequences are set past the restored ids, so that new rows do not
collide with them.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Select,
    Table,
    create_engine,
    func,
    insert,
    inspect,
    select,
    text,
)

from score_dash.store import models as m
from score_dash.store import schema
from score_dash.store.db import make_engine

MANIFEST = "backup_manifest"
ALEMBIC = schema.VERSION_TABLE
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
CHUNK = 5000


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why, in one line."""


@dataclass(frozen=True)
class Outcome:
    """What a backup wrote or a restore read: the file, its format, its size, the rows of
    each table (empty for a `pg_dump` backup, which counts nothing) and the time taken."""

    path: Path
    format: str  # "sqlite" or "pg_dump"
    size: int
    rows: dict[str, int]
    seconds: float


def tables() -> list[Table]:
    """Every table of the models, referenced tables before those that reference them."""
    return list(m.Base.metadata.sorted_tables)


# Backup ---------------------------------------------------------------------------------


def backup(engine: Engine, out: Path, logical: bool = False) -> Outcome:
    """Write a consistent copy of the database behind `engine` to `out` (replaced once the
    copy is complete: a backup cut short never overwrites the last good one)."""
    started = time.perf_counter()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    backend = engine.url.get_backend_name()
    try:
        if backend == "sqlite":
            _sqlite_online_copy(engine, partial)
            kind = "sqlite"
        elif backend == "postgresql" and not logical and find_pg_tool("pg_dump"):
            _pg_dump(engine, partial)
            kind = "pg_dump"
        else:
            _logical_copy(engine, partial)
            kind = "sqlite"
        rows = _write_manifest(partial, backend) if kind == "sqlite" else {}
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return Outcome(out, kind, out.stat().st_size, rows, time.perf_counter() - started)


def _sqlite_online_copy(engine: Engine, target: Path) -> None:
    with engine.connect() as connection:
        source = connection.connection.dbapi_connection
        if not isinstance(source, sqlite3.Connection):
            raise BackupError(f"{engine.url.drivername}: the online backup needs sqlite3")
        copy = sqlite3.connect(target)
        try:
            # pages=-1: every page in one step, under one read lock (a writer waits for it;
            # copying in steps would restart whenever another connection writes).
            source.backup(copy, pages=-1)
        finally:
            copy.close()


def _logical_copy(engine: Engine, target: Path) -> None:
    """Every table read in one snapshot and written to a new SQLite file (made with the
    code's schema: a database behind it is upgraded first, or dumped with pg_dump)."""
    found = schema.status(engine)
    if not (found.empty or found.current):
        raise BackupError(
            f"A logical copy needs the database at schema {found.head}: upgrade it "
            f"({schema.UPGRADE_COMMAND}) or back it up with pg_dump."
        )
    copy = make_engine(f"sqlite:///{target}")
    try:
        m.Base.metadata.create_all(copy)
        with engine.connect() as source:
            if engine.url.get_backend_name() == "postgresql":
                source = source.execution_options(isolation_level="REPEATABLE READ")
                source.execute(text("SET TRANSACTION READ ONLY"))
            with copy.begin() as writer:
                _copy_tables(source, writer)
                if revision := _alembic_revision(source):
                    _stamp(writer, revision)
    finally:
        copy.dispose()


def _write_manifest(path: Path, backend: str) -> dict[str, int]:
    """Count the copy's rows and record them, with what the copy is, in the copy itself."""
    copy = make_engine(f"sqlite:///{path}")
    try:
        with copy.begin() as connection:
            rows = {
                table.name: connection.scalar(select(func.count()).select_from(table)) or 0
                for table in tables()
                if inspect(connection).has_table(table.name)
            }
            meta = {
                key: value
                for key, value in connection.execute(
                    select(m.Meta.key, m.Meta.value).where(
                        m.Meta.key.in_(("data_version", "data_updated_at", "dataset"))
                    )
                )
            }
            facts = {
                "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "made_from": backend,
                "data_version": meta.get("data_version", "0"),
                "data_updated_at": meta.get("data_updated_at", ""),
                "dataset": meta.get("dataset", ""),
                "alembic_revision": _alembic_revision(connection) or "",
                "rows": json.dumps(rows, sort_keys=True),
            }
            connection.execute(
                text(f'CREATE TABLE "{MANIFEST}" (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
            )
            connection.execute(
                text(f'INSERT INTO "{MANIFEST}" (key, value) VALUES (:key, :value)'),
                [{"key": key, "value": value} for key, value in facts.items()],
            )
    finally:
        copy.dispose()
    return rows


def read_manifest(path: Path) -> dict[str, str]:
    """The facts a SQLite backup file records about itself ({} when it has none)."""
    with _open_file(path) as source:
        if not inspect(source).has_table(MANIFEST):
            return {}
        return dict(list(source.execute(text(f'SELECT key, value FROM "{MANIFEST}"'))))


# Restore --------------------------------------------------------------------------------


def file_format(path: Path) -> str:
    """ "sqlite" or "pg_dump", by the file's first bytes; BackupError for anything else."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"Cannot read the backup {path}: {exc.strerror}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "pg_dump"
    raise BackupError(f"{path} is not a backup of this dashboard (neither SQLite nor pg_dump)")


def restore(path: Path, engine: Engine) -> Outcome:
    """Restore the backup at `path` into the empty database behind `engine`."""
    started = time.perf_counter()
    path = Path(path)
    kind = file_format(path)
    refuse_non_empty(engine)
    backend = engine.url.get_backend_name()
    if kind == "pg_dump":
        if backend != "postgresql":
            raise BackupError("A pg_dump archive restores into PostgreSQL only.")
        _pg_restore(engine, path)
        rows = row_counts(engine)
    else:
        expected = read_manifest(path).get("rows")
        with _open_file(path) as source:
            _check_revision(source)
            _check_file_tables(source)
            try:
                schema.create(engine)  # the tables, at the code's revision
            except schema.SchemaOutOfDate as exc:
                raise BackupError(str(exc)) from None
            with engine.begin() as target:
                _copy_tables(source, target)
        rows = row_counts(engine)
        if expected is not None and json.loads(expected) != {
            name: count for name, count in rows.items() if name in json.loads(expected)
        }:
            raise BackupError(
                f"The restored rows differ from the backup's manifest: {rows} != {expected}"
            )
    reset_sequences(engine)
    return Outcome(path, kind, path.stat().st_size, rows, time.perf_counter() - started)


def refuse_non_empty(engine: Engine) -> None:
    """BackupError, in one line, when any table of the models holds a row."""
    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        for table in tables():
            if table.name not in present:
                continue
            if connection.scalar(select(func.count()).select_from(table)):
                raise BackupError(
                    f"The database {engine.url.render_as_string(hide_password=True)} is not "
                    f"empty (table {table.name} holds rows): restore only into an empty one."
                )


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows of every table of the models that the database has."""
    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        return {
            table.name: connection.scalar(select(func.count()).select_from(table)) or 0
            for table in tables()
            if table.name in present
        }


def reset_sequences(engine: Engine) -> None:
    """On PostgreSQL, set each table's id sequence past its largest id (rows copied with
    their ids leave the sequence at 1: the next insert would collide)."""
    if engine.url.get_backend_name() != "postgresql":
        return  # SQLite gives a new row the largest rowid + 1
    with engine.begin() as connection:
        for table in tables():
            for column in table.primary_key.columns:
                if not isinstance(column.type, Integer) or column.autoincrement is False:
                    continue
                connection.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence(:table, :column), "
                        f'COALESCE(MAX("{column.name}"), 1), MAX("{column.name}") IS NOT NULL) '
                        f'FROM "{table.name}"'
                    ).bindparams(table=table.name, column=column.name)
                )


def _open_file(path: Path) -> _ReadOnly:
    return _ReadOnly(path)


class _ReadOnly:
    """A read-only connection to a SQLite file (a restore never writes to its backup)."""

    def __init__(self, path: Path) -> None:
        where = f"file:{Path(path).resolve()}?mode=ro"
        self.engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(where, uri=True))
        self.connection: Connection | None = None

    def __enter__(self) -> Connection:
        self.connection = self.engine.connect()
        return self.connection

    def __exit__(self, *_exc: object) -> None:
        if self.connection is not None:
            self.connection.close()
        self.engine.dispose()


def _check_file_tables(source: Connection) -> None:
    """Refuse a file holding a table or column this version does not know (a backup made by
    a newer version): its rows would be lost without a word."""
    inspector = inspect(source)
    known = {table.name: table for table in tables()}
    for name in inspector.get_table_names():
        if name in (MANIFEST, ALEMBIC):
            continue
        if name not in known:
            raise BackupError(
                f"The backup holds a table this version does not know ({name}): restore it "
                "with the version that made it, or a later one."
            )
        extra = {c["name"] for c in inspector.get_columns(name)} - set(known[name].columns.keys())
        if extra:
            raise BackupError(
                f"The backup's table {name} has columns this version does not know "
                f"({', '.join(sorted(extra))}): restore it with a later version."
            )


def _copy_tables(source: Connection, target: Connection) -> None:
    """Every row of every table the source has, ids kept, in foreign-key order."""
    present = set(inspect(source).get_table_names())
    for table in tables():
        if table.name not in present:
            continue
        columns = {c["name"] for c in inspect(source).get_columns(table.name)}
        selected = [column for column in table.columns if column.name in columns]
        for chunk in _chunks(source, select(*selected)):
            target.execute(insert(table), chunk)


def _chunks(source: Connection, statement: Select) -> Iterator[list[dict[str, object]]]:
    result = source.execute(statement.execution_options(yield_per=CHUNK))
    for partition in result.mappings().partitions(CHUNK):
        yield [dict(row) for row in partition]


def _stamp(connection: Connection, revision: str) -> None:
    connection.execute(text(f"CREATE TABLE {ALEMBIC} (version_num VARCHAR(32) PRIMARY KEY)"))
    connection.execute(text(f"INSERT INTO {ALEMBIC} (version_num) VALUES (:v)"), {"v": revision})


def _alembic_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table(ALEMBIC):
        return None
    return connection.scalar(text(f"SELECT version_num FROM {ALEMBIC}"))


def _check_revision(source: Connection) -> None:
    """Refuse a backup whose schema is not the code's: its rows fit another schema. A
    backup made before an upgrade is upgraded first, as a copy."""
    try:
        found = schema.status(source.engine)
    except schema.SchemaOutOfDate as exc:
        raise BackupError(str(exc)) from None
    revision = found.revision or found.recognised
    if revision != found.head:
        raise BackupError(
            f"The backup's schema is {revision}, this version's {found.head}: upgrade a copy "
            f"of it (cp FILE COPY; {schema.UPGRADE_COMMAND} --url sqlite:///COPY), then "
            "restore the copy."
        )


# PostgreSQL's own tools -------------------------------------------------------------------


def find_pg_tool(name: str) -> str | None:
    """`pg_dump` or `pg_restore`: on the PATH, else the newest of Debian's server packages."""
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    return str(installed[-1]) if installed else None


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """The libpq URL of the engine's database (no password: that goes in the environment,
    where `ps` does not show it) and the environment to run a tool in."""
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(tool: str, arguments: list[str], env: dict[str, str]) -> None:
    found = find_pg_tool(tool)
    if found is None:
        raise BackupError(f"{tool} is not installed (install PostgreSQL's client tools)")
    done = subprocess.run([found, *arguments], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{tool} failed: {last}")


def _pg_dump(engine: Engine, target: Path) -> None:
    url, env = _libpq(engine)
    # A dump reads one snapshot: consistent while the app writes.
    _run(
        "pg_dump",
        ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}", url],
        env,
    )


def _pg_restore(engine: Engine, path: Path) -> None:
    url, env = _libpq(engine)
    # The database holds no row (checked): --clean drops the empty tables that init-db
    # may have made, so the archive's own definitions are used.
    _run(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url}",
            str(path),
        ],
        env,
    )
