"""Engine, schema, and the mapping between natural-key frames and database rows.

Frames (one per importable table of the data dictionary) carry natural keys: an enrolment
names its enterprise by code, not by database id. `FRAME_MAP` says, for each table, which
model holds it and how each frame column maps to a model column, directly or through a
reference to another table's natural key. It is made from the data dictionary by the
naming rule of `stored_as`, not written out. Reading (`loading.load_frames`) and writing
(`insert_frames`, the importer) both follow it, so the two never disagree.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, create_engine, delete, event, func, insert, inspect, select
from sqlalchemy import Table as SqlTable
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session

from score_dash.core.dictionary import TABLES, TABLES_BY_NAME, Column, Table
from score_dash.store import demo, schema
from score_dash.store import models as m


class DatabaseError(RuntimeError):
    """The database cannot be reached or used; the message says what to do."""


@dataclass(frozen=True)
class Ref:
    """A frame column holding another table's natural key, stored as a foreign key id."""

    fk: str  # attribute on this model, e.g. "enterprise_id"
    model: type[m.Base]  # referenced model
    key: str  # natural-key attribute on the referenced model, e.g. "code"


ColumnMap = dict[str, str | Ref]

# The model of each table, by table name: a dictionary table's model has its name.
MODELS: dict[str, type[m.Base]] = {
    mapper.class_.__tablename__: mapper.class_ for mapper in m.Base.registry.mappers
}
# The model column holding a table's own one-column natural key: `code`, except these.
NATURAL_KEY_COLUMNS: dict[str, str] = {"clusters": "name"}


def natural_key_column(table: str) -> str:
    """The model column holding the natural key of a table with a one-column key."""
    return NATURAL_KEY_COLUMNS.get(table, "code")


def table_of(model: type[m.Base]) -> SqlTable:
    """The table a model is mapped to, for Core statements (`delete`, bulk `insert`) that
    skip the ORM's per-object work. SQLAlchemy types `__table__` as any FROM clause (a
    model may be mapped to a join or a select); every model here is mapped to one table."""
    table = model.__table__
    if not isinstance(table, SqlTable):
        raise TypeError(f"{model.__name__} is not mapped to a single table")
    return table


def stored_as(table: Table, column: Column) -> str | Ref:
    """Where the model of `table` keeps a frame column, by rule (not checked here):

    - a column naming another table's row is `<column>_<key>` when that table's natural key
      is its primary key (a state's `code`: `state_code`), else a `Ref` to `<column>_id`
      (an enterprise's `cluster`: `cluster_id`, resolved through the cluster's name);
    - a table's own one-column key is its natural key column (`code`; a cluster's `name`);
    - any other column has the frame column's name.
    """
    if column.references:
        referenced = MODELS[column.references]
        key = natural_key_column(column.references)
        if referenced.__table__.columns[key].primary_key:
            return f"{column.name}_{key}"
        return Ref(f"{column.name}_id", referenced, key)
    if table.key == (column.name,):
        return natural_key_column(table.name)
    return column.name


def frame_columns(table: Table) -> ColumnMap:
    """Frame column -> model column (or reference), for every column of a dictionary table,
    in the dictionary's order. Raises KeyError naming the table and column when the model
    has no column where the rule puts it."""
    model = MODELS[table.name]
    mapping: ColumnMap = {}
    for column in table.columns:
        target = stored_as(table, column)
        stored = target.fk if isinstance(target, Ref) else target
        if stored not in model.__table__.columns:
            raise KeyError(f"{table.name}.{column.name}: {model.__name__} has no column {stored!r}")
        mapping[column.name] = target
    return mapping


# Made from the data dictionary: every importable table, its model and its columns.
FRAME_MAP: dict[str, tuple[type[m.Base], ColumnMap]] = {
    table.name: (MODELS[table.name], frame_columns(table)) for table in TABLES
}

# Tables in an order that satisfies every foreign key when inserting.
TABLE_ORDER: tuple[str, ...] = tuple(t.name for t in TABLES)


def _model_column(table: str, frame_column: str) -> Any | None:
    """The database column that stores a frame column (None for a foreign key)."""
    model, mapping = FRAME_MAP[table]
    target = mapping.get(frame_column)
    if not isinstance(target, str):
        return None
    return model.__table__.columns[target]


def unique_columns(table: str) -> tuple[str, ...]:
    """Frame columns, besides the natural key, whose values the database keeps unique (a
    state's name, a module's sequence): the upload checks them first, with their place."""
    key = set(TABLES_BY_NAME[table].key)
    return tuple(
        name
        for name in FRAME_MAP[table][1]
        if name not in key and (column := _model_column(table, name)) is not None and column.unique
    )


def text_widths(table: str) -> dict[str, int]:
    """Frame column -> the most characters the database column holds."""
    widths = {}
    for name in FRAME_MAP[table][1]:
        column = _model_column(table, name)
        length = getattr(getattr(column, "type", None), "length", None)
        if length:
            widths[name] = int(length)
    return widths


def make_engine(url: str) -> Engine:
    """An engine for a SQLAlchemy URL, with a one-line message for common mistakes."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"SCORE_DB_URL is not a database URL: {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        driver = parsed.get_driver_name()
        if driver in ("psycopg2", "") and parsed.drivername == "postgresql":
            # Plain postgresql:// means psycopg2 to SQLAlchemy; we ship psycopg 3.
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            engine = create_engine(parsed, pool_pre_ping=True)
        except (NoSuchModuleError, ModuleNotFoundError, ImportError) as exc:
            raise DatabaseError(
                f"Cannot use {parsed.drivername}: install its driver "
                f"(pip install 'psycopg[binary]') ({exc})"
            ) from None
        return engine
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(parsed)
    except (NoSuchModuleError, ModuleNotFoundError, ImportError) as exc:
        raise DatabaseError(f"Cannot use {parsed.drivername}: {exc}") from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


def create_schema(engine: Engine) -> None:
    """Create the schema at the code's revision (score_dash/store/schema.py): every table that
    does not exist yet, and on a new database the revision record. A database made by an
    earlier version of the dashboard is refused (`schema.SchemaOutOfDate`) until `python -m
    score_dash db upgrade` has brought it up to date."""
    schema.create(engine)


def drop_schema(engine: Engine) -> None:
    schema.drop(engine)


def is_empty(engine: Engine) -> bool:
    """True when the schema is missing or holds no enterprise and no period."""
    if not inspect(engine).has_table("periods"):
        return True
    with Session(engine) as session:
        periods = session.scalar(select(func.count()).select_from(m.Period))
        enterprises = session.scalar(select(func.count()).select_from(m.Enterprise))
    return not periods and not enterprises


def holds_no_data(session: Session) -> bool:
    """True when no importable table has a row (a new database, or one just emptied)."""
    return all(
        not session.scalar(select(func.count()).select_from(FRAME_MAP[name][0]))
        for name in TABLE_ORDER
    )


def dataset_of(session: Session) -> str:
    """What the database holds: "demo" (illustrative), "imported" (records brought in by an
    import) or "" (nothing yet, or a database from before this was recorded)."""
    row = session.get(m.Meta, "dataset")
    return row.value if row else ""


def remove_demo(engine: Engine, user: str) -> None:
    """Delete the demo data: every row of every importable table (the import history stays,
    with an entry saying so), so that real records are imported into an empty database."""
    with Session(engine) as session, session.begin():
        for name in reversed(TABLE_ORDER):  # referencing tables first
            session.execute(delete(table_of(FRAME_MAP[name][0])))
        session.execute(delete(table_of(m.Meta)).where(m.Meta.key.like("demo%")))
        session.execute(delete(table_of(m.Meta)).where(m.Meta.key == "dataset"))
        # Earlier versions cannot be rebuilt any more, so no review can show them.
        session.execute(delete(table_of(m.DataChange)))
        session.execute(delete(table_of(m.Review)))
        # What the meetings decided about the demo's figures goes with them.
        session.execute(delete(table_of(m.ReviewItemChange)))
        session.execute(delete(table_of(m.ReviewItem)))
        session.execute(delete(table_of(m.FigureNote)))
        session.execute(delete(table_of(m.RecordRelease)))
        bump_data_version(session)
        session.add(
            m.ImportBatch(
                created_at=utc_now(),
                user_name=user[:80],
                file_name="demo dataset removed",
                sha256="",
                rows_added="{}",
                rows_changed="{}",
                outcome="demo",
                message="Demo data removed: every table emptied for the programme's records.",
            )
        )


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per importable table (and the audit table)."""
    counts: dict[str, int] = {}
    with Session(engine) as session:
        for name in TABLE_ORDER:
            model = FRAME_MAP[name][0]
            counts[name] = session.scalar(select(func.count()).select_from(model)) or 0
        counts["import_batches"] = (
            session.scalar(select(func.count()).select_from(m.ImportBatch)) or 0
        )
    return counts


def get_meta(engine: Engine) -> dict[str, str]:
    if not inspect(engine).has_table("meta"):
        return {}
    with Session(engine) as session:
        return {row.key: row.value for row in session.scalars(select(m.Meta))}


def set_meta(session: Session, values: Mapping[str, str]) -> None:
    for key, value in values.items():
        session.merge(m.Meta(key=key, value=value))


def bump_data_version(session: Session) -> int:
    """Record that the data changed, so that every process reloads its cached frames; the
    new version's number."""
    current = session.get(m.Meta, "data_version")
    number = int(current.value) + 1 if current else 1
    session.merge(m.Meta(key="data_version", value=str(number)))
    session.merge(m.Meta(key="data_updated_at", value=utc_now().isoformat(timespec="seconds")))
    return number


def data_version(engine: Engine) -> str:
    """A value that changes whenever the data changes (cheap: one primary-key read)."""
    with Session(engine) as session:
        row = session.get(m.Meta, "data_version")
    return row.value if row else "0"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def python_value(value: Any) -> Any:
    """A frame cell as a value the database driver accepts (None for missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def key_ids(session: Session, ref: Ref) -> dict[str, int]:
    """Natural key -> id for a referenced table."""
    model = ref.model
    id_column = inspect(model).primary_key[0]
    rows = session.execute(select(getattr(model, ref.key), id_column))
    return {str(key): ident for key, ident in rows}


def frame_records(session: Session, table: str, frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a natural-key frame as model-column dictionaries (references resolved).

    Raises KeyError naming the table and value when a reference is unknown.
    """
    _model, mapping = FRAME_MAP[table]
    ids = {
        col: key_ids(session, target) for col, target in mapping.items() if isinstance(target, Ref)
    }
    records = []
    for row in frame[list(mapping)].itertuples(index=False, name=None):
        record: dict[str, Any] = {}
        for (column, target), value in zip(mapping.items(), row, strict=True):
            value = python_value(value)
            if isinstance(target, Ref):
                if value is None:
                    record[target.fk] = None
                    continue
                try:
                    record[target.fk] = ids[column][str(value)]
                except KeyError:
                    raise KeyError(f"{table}.{column}: unknown {value!r}") from None
            else:
                record[target] = value
        records.append(record)
    return records


def insert_frames(session: Session, frames: Mapping[str, pd.DataFrame]) -> dict[str, int]:
    """Insert every frame, in foreign-key order, in the caller's transaction."""
    added: dict[str, int] = {}
    for name in TABLE_ORDER:
        if name not in frames or frames[name].empty:
            continue
        model = FRAME_MAP[name][0]
        records = frame_records(session, name, frames[name])
        for chunk in _chunks(records, 5000):
            session.execute(insert(table_of(model)), chunk)
        session.flush()
        added[name] = len(records)
    return added


def _chunks(items: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_demo(
    engine: Engine, seed: int | None = None, scale: float = 1.0, convention: str = "calendar"
) -> dict[str, int]:
    """Create the schema and fill an empty database with the demo dataset."""
    frames = demo.build_demo(seed=seed or demo.DEFAULT_SEED, scale=scale, convention=convention)  # type: ignore[arg-type]
    create_schema(engine)
    with Session(engine) as session, session.begin():
        added = insert_frames(session, frames)
        set_meta(
            session,
            {
                "dataset": "demo",
                "demo_seed": str(seed or demo.DEFAULT_SEED),
                "demo_scale": str(scale),
                "period_convention": convention,
            },
        )
        version = bump_data_version(session)
        session.add(
            m.ImportBatch(
                created_at=utc_now(),
                user_name="system",
                file_name="demo dataset",
                sha256="",
                rows_added=json.dumps(added),
                rows_changed="{}",
                outcome="demo",
                message=f"Demo dataset, seed {seed or demo.DEFAULT_SEED}, scale {scale}",
                data_version=version,
            )
        )
    return added


def column_types() -> dict[str, dict[str, str]]:
    """Dictionary type of each frame column, per table (for reading frames back)."""
    return {t.name: {c.name: c.type for c in t.columns} for t in TABLES}


def today() -> date:
    return utc_now().date()
