"""What an upload would change: the database's rows by natural key, compared with the file's.

A row whose natural key is not in the database is added. A row whose key is there and whose
values differ in any column the sheet has is changed; columns the sheet lacks keep their
database values. Nothing is ever deleted. The plan is made twice: once to preview the counts,
and again under the import lock, against the database as it is then.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, inspect, select
from sqlalchemy.orm import Session

from score_dash.core.dictionary import TABLES_BY_NAME, Table
from score_dash.ingest.parse import ParsedUpload, SheetData, natural_key
from score_dash.store import db

Key = tuple[str, ...]
Row = dict[str, Any]  # column of the dictionary -> value


@dataclass
class Existing:
    """Rows of one table in the database, by natural key."""

    rows: dict[Key, Row]  # natural-key row
    pks: dict[Key, dict[str, Any]]  # primary-key attributes of the row


@dataclass
class Plan:
    """The rows to insert, and the rows to update with their primary keys, per table."""

    new: dict[str, list[Row]] = field(default_factory=dict)
    changed: dict[str, list[tuple[dict[str, Any], Row]]] = field(default_factory=dict)
    before: dict[str, list[Row]] = field(default_factory=dict)  # changed rows, as they were

    def count_new(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self.new.items()}

    def count_changed(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self.changed.items()}


def read_existing(session: Session, parsed: ParsedUpload) -> dict[str, Existing]:
    """The database's rows of every table the upload has a sheet for."""
    return {table: _read_table(session, table) for table in parsed.sheets}


def _read_table(session: Session, table: str) -> Existing:
    model, mapping = db.FRAME_MAP[table]
    # Foreign keys are ids in the database and codes in the file: translate them back.
    codes = {
        column: {ident: code for code, ident in db.key_ids(session, ref).items()}
        for column, ref in mapping.items()
        if isinstance(ref, db.Ref)
    }
    pk_names = [c.name for c in inspect(model).primary_key]
    spec = TABLES_BY_NAME[table]
    existing = Existing({}, {})
    for row in session.execute(select(model.__table__)).mappings():
        record = _natural_row(row, mapping, codes)
        key = natural_key(spec, record)
        if key is not None:
            existing.rows[key] = record
            existing.pks[key] = {name: row[name] for name in pk_names}
    return existing


def _natural_row(
    row: RowMapping,
    mapping: Mapping[str, str | db.Ref],
    codes: Mapping[str, Mapping[int, str]],
) -> Row:
    """A database row by the dictionary's column names, references as codes."""
    record: Row = {}
    for column, target in mapping.items():
        if isinstance(target, db.Ref):
            ident = row[target.fk]
            record[column] = None if ident is None else codes[column].get(ident)
        else:
            record[column] = row[target]
    return record


def plan_changes(parsed: ParsedUpload, existing: Mapping[str, Existing]) -> Plan:
    """The rows each sheet adds and changes, compared with the database's rows."""
    plan = Plan()
    for name, sheet in parsed.sheets.items():
        plan.new[name], plan.changed[name], plan.before[name] = _plan_sheet(
            TABLES_BY_NAME[name], sheet, existing[name]
        )
    return plan


def _plan_sheet(
    table: Table, sheet: SheetData, old: Existing
) -> tuple[list[Row], list[tuple[dict[str, Any], Row]], list[Row]]:
    new_rows: list[Row] = []
    changed_rows: list[tuple[dict[str, Any], Row]] = []
    before_rows: list[Row] = []
    for record in sheet.records:
        key = natural_key(table, record)
        if key is None:
            continue  # refused by the cell checks already
        if key not in old.rows:
            new_rows.append({c: record.get(c) for c in table.column_names})
            continue
        current = old.rows[key]
        if any(not same_value(record.get(c), current.get(c)) for c in sheet.columns):
            merged = dict(current)
            merged.update({c: record.get(c) for c in sheet.columns})
            changed_rows.append((old.pks[key], merged))
            before_rows.append(dict(current))
    return new_rows, changed_rows, before_rows


def same_value(a: Any, b: Any) -> bool:
    """Whether a file's value equals the database's, as the database would store it."""
    if a is None or b is None:
        return a is None and b is None
    # A date column may come back from the driver as a date-time (SQLite has no date type).
    if isinstance(a, datetime):
        a = a.date()
    if isinstance(b, datetime):
        b = b.date()
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        # A float read back may differ in its last bits from the one written.
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return a == b
