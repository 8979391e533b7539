"""The database models agree with the data dictionary, column by column.

`dictionary.TABLES` is the one declaration of the data's tables; the SQLAlchemy models stay
written out for the database (widths, defaults, constraints). `schema_differences` reads
both and names every table and column where they part: a column on one side only, another
type, whether it may be empty, the natural key, a reference. Frame columns are matched to
model columns by the naming rule the database layer uses (`db.stored_as`). The tests at the
end break a copy of either side on purpose and check the difference is named.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.sql.type_api import TypeEngine

from score_dash.core.dictionary import TABLES, TABLES_BY_NAME, Column, ColumnType, Table
from score_dash.store import db
from score_dash.store import models as m

# The app's own records (imports, what each changed, published reviews, what the meetings
# decided and notes on figures: score_dash/meetings/minutes.py), not imported data.
INTERNAL_TABLES = {
    "meta",
    "import_batches",
    "data_changes",
    "reviews",
    "review_items",
    "review_item_changes",
    "figure_notes",
    "record_releases",  # who showed a record to viewers, and when (records.release)
}
# The surrogate key a table may have besides its natural key (references point at it).
SURROGATE_KEY = "id"

# The dictionary's type of a column -> the SQL types that hold it (Text is a String).
SQL_TYPES: dict[ColumnType, type[TypeEngine[object]]] = {
    "text": sa.String,
    "int": sa.Integer,
    "float": sa.Float,
    "date": sa.Date,
    "bool": sa.Boolean,
}


def _type_difference(where: str, kind: ColumnType, column: sa.Column[object]) -> list[str]:
    wanted = SQL_TYPES[kind]
    # DateTime is no Date and Boolean no Integer in SQLAlchemy: a subclass test is exact.
    if isinstance(column.type, wanted):
        return []
    return [
        f"{where}: {kind} in the dictionary, {column.type!r} in {column.table.name}.{column.name}"
    ]


def _stored_name(table: Table, column: Column) -> str:
    target = db.stored_as(table, column)
    return target.fk if isinstance(target, db.Ref) else target


def _column_differences(
    table: Table, column: Column, sql: sa.Table, meta: sa.MetaData
) -> list[str]:
    where = f"{table.name}.{column.name}"
    target = db.stored_as(table, column)
    name = _stored_name(table, column)
    if name not in sql.columns:
        return [f"{where}: no column {name!r} in the model's table {sql.name}"]
    stored = sql.columns[name]
    found = []
    if isinstance(target, db.Ref):
        # Stored as the referenced row's id: the value itself is that table's natural key.
        if not isinstance(stored.type, sa.Integer):
            found.append(f"{where}: {sql.name}.{name} holds an id but is {stored.type!r}")
        referenced = meta.tables[column.references].columns[target.key]
        found += _type_difference(where, column.type, referenced)
    else:
        found += _type_difference(where, column.type, stored)
    if stored.nullable == column.required:
        said = "required" if column.required else "optional"
        may = "may be empty" if stored.nullable else "may not be empty"
        found.append(f"{where}: {said} in the dictionary, but {sql.name}.{name} {may}")
    pointed = {fk.target_fullname.split(".")[0] for fk in stored.foreign_keys}
    expected = {column.references} if column.references else set()
    if pointed != expected:
        found.append(
            f"{where}: refers to {sorted(expected) or 'no table'} in the dictionary, "
            f"{sql.name}.{name} to {sorted(pointed) or 'no table'}"
        )
    return found


def _is_unique(sql: sa.Table, names: set[str]) -> bool:
    if {c.name for c in sql.primary_key.columns} == names:
        return True
    if len(names) == 1 and sql.columns[next(iter(names))].unique:
        return True
    return any(
        isinstance(constraint, sa.UniqueConstraint)
        and {c.name for c in constraint.columns} == names
        for constraint in sql.constraints
    )


def _key_differences(table: Table, sql: sa.Table) -> list[str]:
    columns = [table.column(name) for name in table.key]
    names = {_stored_name(table, column) for column in columns}
    if not names <= set(sql.columns.keys()):
        return []  # the missing column is named already
    found = []
    if not _is_unique(sql, names):
        found.append(
            f"{table.name}: natural key ({', '.join(table.key)}) is not unique in the model "
            f"(no primary key or unique constraint on {', '.join(sorted(names))})"
        )
    primary = {c.name for c in sql.primary_key.columns}
    if primary not in ({SURROGATE_KEY}, names):
        found.append(
            f"{table.name}: the model's primary key ({', '.join(sorted(primary))}) is neither "
            f"{SURROGATE_KEY!r} nor the natural key ({', '.join(table.key)})"
        )
    return found


def schema_differences(tables: Iterable[Table], meta: sa.MetaData) -> list[str]:
    """Every difference between dictionary tables and model tables, one line each, naming the
    table and column. Empty when they agree."""
    tables = tuple(tables)
    found = []
    for table in tables:
        sql = meta.tables.get(table.name)
        if sql is None:
            found.append(f"{table.name}: no model table of that name")
            continue
        for column in table.columns:
            found += _column_differences(table, column, sql, meta)
        described = {_stored_name(table, column) for column in table.columns}
        for stored in sql.columns:
            if stored.name not in described and not (
                stored.name == SURROGATE_KEY and stored.primary_key
            ):
                found.append(f"{table.name}.{stored.name}: in the model, not in the dictionary")
        found += _key_differences(table, sql)
    named = {table.name for table in tables}
    for name in sorted(set(meta.tables) - named - INTERNAL_TABLES):
        found.append(f"{name}: a model table the dictionary does not declare")
    return found


def test_the_models_agree_with_the_dictionary():
    assert schema_differences(TABLES, m.Base.metadata) == []


def test_internal_tables_are_the_only_models_outside_the_dictionary():
    assert set(m.Base.metadata.tables) >= INTERNAL_TABLES
    assert not INTERNAL_TABLES & set(TABLES_BY_NAME)


# -- A copy of either side broken on purpose: the difference is named. --------------------


def _models_copy() -> sa.MetaData:
    meta = sa.MetaData()
    for table in m.Base.metadata.sorted_tables:
        table.to_metadata(meta)
    return meta


def _with_column(table: str, column: str, **changes: Any) -> tuple[Table, ...]:
    """The dictionary with one column changed."""

    def change(t: Table) -> Table:
        if t.name != table:
            return t
        columns = tuple(
            dataclasses.replace(c, **changes) if c.name == column else c for c in t.columns
        )
        return dataclasses.replace(t, columns=columns)

    return tuple(change(t) for t in TABLES)


def _with_table(table: str, **changes: Any) -> tuple[Table, ...]:
    return tuple(dataclasses.replace(t, **changes) if t.name == table else t for t in TABLES)


def _model_change(change: Callable[[sa.MetaData], None]) -> sa.MetaData:
    meta = _models_copy()
    change(meta)
    return meta


def _set_nullable(meta: sa.MetaData) -> None:
    meta.tables["trainers"].columns["level_date"].nullable = True


def _set_type(meta: sa.MetaData) -> None:
    meta.tables["workforce"].columns["total"].type = sa.Float()


def _add_column(meta: sa.MetaData) -> None:
    meta.tables["clusters"].append_column(sa.Column("population", sa.Integer))


def _drop_unique(meta: sa.MetaData) -> None:
    table = meta.tables["periods"]
    table.columns["code"].unique = False
    # `unique=True` made a constraint when the table was built: drop it too.
    for constraint in list(table.constraints):
        if isinstance(constraint, sa.UniqueConstraint) and set(constraint.columns.keys()) == {
            "code"
        }:
            table.constraints.remove(constraint)


def _drop_unique_constraint(meta: sa.MetaData) -> None:
    table = meta.tables["workforce"]
    key = next(c for c in table.constraints if c.name == "workforce_key")
    table.constraints.remove(key)


def _add_table(meta: sa.MetaData) -> None:
    sa.Table("visits", meta, sa.Column("id", sa.Integer, primary_key=True))


_EXTRA = Column("phone", "text", "Telephone number.")

BROKEN = [
    pytest.param(
        _with_column("enrolments", "fee_paid_inr", type="int"),
        m.Base.metadata,
        "enrolments.fee_paid_inr: int in the dictionary, Float() in enrolments.fee_paid_inr",
        id="dictionary-type",
    ),
    pytest.param(
        _with_column("enterprises", "cluster", type="int"),
        m.Base.metadata,
        "enterprises.cluster: int in the dictionary, String(length=80) in clusters.name",
        id="dictionary-type-of-a-reference",
    ),
    pytest.param(
        _with_column("kpi_observations", "reported_date", required=True),
        m.Base.metadata,
        "kpi_observations.reported_date: required in the dictionary, but "
        "kpi_observations.reported_date may be empty",
        id="dictionary-required",
    ),
    pytest.param(
        _with_column("activities", "partner", references=""),
        m.Base.metadata,
        "activities.partner: no column 'partner' in the model's table activities",
        id="dictionary-reference-dropped",
    ),
    pytest.param(
        _with_column("participation", "module", references="kpi_definitions"),
        m.Base.metadata,
        "participation.module: refers to ['kpi_definitions'] in the dictionary, "
        "participation.module_code to ['modules']",
        id="dictionary-reference-to-another-table",
    ),
    pytest.param(
        _with_column("clusters", "state", references="partners"),
        m.Base.metadata,
        "clusters.state: no column 'state_id' in the model's table clusters",
        id="dictionary-reference-changed",
    ),
    pytest.param(
        _with_table("enterprises", columns=(*TABLES_BY_NAME["enterprises"].columns, _EXTRA)),
        m.Base.metadata,
        "enterprises.phone: no column 'phone' in the model's table enterprises",
        id="dictionary-extra-column",
    ),
    pytest.param(
        _with_table("enrolments", key=("enterprise",)),
        m.Base.metadata,
        "enrolments: natural key (enterprise) is not unique in the model",
        id="dictionary-key",
    ),
    pytest.param(
        TABLES,
        _model_change(_set_nullable),
        "trainers.level_date: required in the dictionary, but trainers.level_date may be empty",
        id="model-nullable",
    ),
    pytest.param(
        TABLES,
        _model_change(_set_type),
        "workforce.total: int in the dictionary, Float() in workforce.total",
        id="model-type",
    ),
    pytest.param(
        TABLES,
        _model_change(_add_column),
        "clusters.population: in the model, not in the dictionary",
        id="model-extra-column",
    ),
    pytest.param(
        TABLES,
        _model_change(_drop_unique),
        "periods: natural key (period) is not unique in the model",
        id="model-key-not-unique",
    ),
    pytest.param(
        TABLES,
        _model_change(_drop_unique_constraint),
        "workforce: natural key (enterprise, period, role, employment) is not unique",
        id="model-composite-key-not-unique",
    ),
    pytest.param(
        TABLES,
        _model_change(_add_table),
        "visits: a model table the dictionary does not declare",
        id="model-extra-table",
    ),
]


@pytest.mark.parametrize(("tables", "meta", "expected"), BROKEN)
def test_a_difference_is_named_with_its_table_and_column(tables, meta, expected):
    found = schema_differences(tables, meta)
    assert any(line.startswith(expected) for line in found), found
    # Only the broken table is reported: the rest of the schema still agrees.
    broken = expected.split(":")[0].split(".")[0]
    assert all(line.split(":")[0].split(".")[0] == broken for line in found), found


def test_the_copy_of_the_models_agrees_before_it_is_broken():
    # So that a broken copy's difference comes from the break, not from copying.
    assert schema_differences(TABLES, _models_copy()) == []


def test_a_dropped_reference_is_named_when_the_model_still_refers():
    # The model keeps state_code -> states.code; a dictionary column `state` without
    # `references` is looked for under its own name and the model's column is unexplained.
    tables = _with_column("clusters", "state", references="")
    found = schema_differences(tables, m.Base.metadata)
    assert "clusters.state: no column 'state' in the model's table clusters" in found
    assert "clusters.state_code: in the model, not in the dictionary" in found


def test_the_frame_map_refuses_a_column_the_model_lacks():
    enterprises = _with_table(
        "enterprises", columns=(*TABLES_BY_NAME["enterprises"].columns, _EXTRA)
    )
    broken = next(t for t in enterprises if t.name == "enterprises")
    with pytest.raises(KeyError, match=r"enterprises\.phone: Enterprise has no column 'phone'"):
        db.frame_columns(broken)
