"""Rules against the database, and the rows an upload would add and change."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from score_dash import db
from score_dash import models as m
from score_dash.dictionary import MODULES, TABLES_BY_NAME
from score_dash.ingest.parse import ParsedUpload, SheetData, natural_key
from score_dash.ingest.report import Problem, shown


@dataclass
class _Existing:
    """Rows of one table in the database, by natural key."""

    rows: dict[tuple[str, ...], dict[str, Any]]  # natural-key row
    pks: dict[tuple[str, ...], dict[str, Any]]  # primary-key attributes of the row


def _read_existing(session: Session, table: str) -> _Existing:
    model, mapping = db.FRAME_MAP[table]
    names = {
        col: {v: k for k, v in db.key_ids(session, ref).items()}
        for col, ref in mapping.items()
        if isinstance(ref, db.Ref)
    }
    pk_names = [c.key for c in inspect(model).primary_key]
    spec = TABLES_BY_NAME[table]
    rows: dict[tuple[str, ...], dict[str, Any]] = {}
    pks: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in session.execute(select(model.__table__)).mappings():
        record: dict[str, Any] = {}
        for column, target in mapping.items():
            if isinstance(target, db.Ref):
                ident = row[target.fk]
                record[column] = None if ident is None else names[column].get(ident)
            else:
                record[column] = row[target]
        key = natural_key(spec, record)
        if key is None:
            continue
        rows[key] = record
        pks[key] = {name: row[name] for name in pk_names}
    return _Existing(rows, pks)


def _db_keys(session: Session, table: str) -> set[str]:
    model, mapping = db.FRAME_MAP[table]
    target = mapping[TABLES_BY_NAME[table].key[0]]
    if isinstance(target, db.Ref):  # never the case for a referenced table's key
        return set()
    return {str(v) for v in session.scalars(select(getattr(model, target)))}


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, datetime):
        a = a.date()
    if isinstance(b, datetime):
        b = b.date()
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return a == b


@dataclass
class Plan:
    new: dict[str, list[dict[str, Any]]]
    changed: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]  # (pk, full row)


def check_against_database(session: Session, parsed: ParsedUpload, problems: list[Problem]) -> Plan:
    """References, Module 1 first, KPI plausibility, and the rows to add and change."""
    sheets = parsed.sheets
    existing = {name: _read_existing(session, name) for name in sheets}
    key_cache: dict[str, set[str]] = {}

    def keys_of(table: str) -> set[str]:
        if table not in key_cache:
            in_file = {
                str(r[TABLES_BY_NAME[table].key[0]])
                for r in (sheets[table].records if table in sheets else [])
                if r.get(TABLES_BY_NAME[table].key[0]) is not None
            }
            key_cache[table] = in_file | _db_keys(session, table)
        return key_cache[table]

    for name, sheet in sheets.items():
        table = TABLES_BY_NAME[name]
        for column in table.columns:
            if not column.references or column.name not in sheet.columns:
                continue
            valid = keys_of(column.references)
            for record, number in zip(sheet.records, sheet.rows, strict=True):
                value = record.get(column.name)
                if value is not None and str(value) not in valid:
                    problems.append(
                        Problem(
                            sheet.sheet,
                            number,
                            column.name,
                            value,
                            f'Unknown {column.name} "{value}": it exists neither in this '
                            f"file's {column.references} sheet nor in the database.",
                        )
                    )
    if "enrolments" in sheets:
        _check_module_order(session, sheets, existing["enrolments"], problems)
    if "kpi_observations" in sheets:
        _check_plausible(session, sheets, problems)

    plan = Plan({}, {})
    for name, sheet in sheets.items():
        table = TABLES_BY_NAME[name]
        old = existing[name]
        new_rows: list[dict[str, Any]] = []
        changed_rows: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for record in sheet.records:
            key = natural_key(table, record)
            if key is None:
                continue
            if key not in old.rows:
                new_rows.append({c: record.get(c) for c in table.column_names})
                continue
            current = old.rows[key]
            if any(not _same(record.get(c), current.get(c)) for c in sheet.columns):
                merged = dict(current)
                merged.update({c: record.get(c) for c in sheet.columns})
                changed_rows.append((old.pks[key], merged))
        plan.new[name] = new_rows
        plan.changed[name] = changed_rows
    return plan


def _check_module_order(
    session: Session,
    sheets: Mapping[str, SheetData],
    existing: _Existing,
    problems: list[Problem],
) -> None:
    """Module 1 (the mandatory, first module) is enrolled before any other module."""
    modules = {
        str(r[0]): (r[1], r[2])
        for r in session.execute(select(m.Module.code, m.Module.sequence, m.Module.mandatory))
    }
    if "modules" in sheets:
        for record in sheets["modules"].records:
            if record.get("module") is not None:
                modules[str(record["module"])] = (record.get("sequence"), record.get("mandatory"))
    mandatory = sorted((seq or 0, code) for code, (seq, flag) in modules.items() if flag)
    first = mandatory[0][1] if mandatory else MODULES[0][0]
    first_dates: dict[str, date | None] = {
        key[0]: row.get("enrolled_date") for key, row in existing.rows.items() if key[1] == first
    }
    sheet = sheets["enrolments"]
    for record in sheet.records:
        if record.get("module") == first and record.get("enterprise") is not None:
            first_dates[str(record["enterprise"])] = record.get("enrolled_date")
    for record, number in zip(sheet.records, sheet.rows, strict=True):
        enterprise, module = record.get("enterprise"), record.get("module")
        if enterprise is None or module is None or module == first:
            continue
        if str(enterprise) not in first_dates:
            problems.append(
                Problem(
                    sheet.sheet,
                    number,
                    "module",
                    module,
                    f"Enterprise {enterprise} has no {first} enrolment (in this file or the "
                    f"database): {first} is mandatory and comes first.",
                )
            )
            continue
        first_date, enrolled = first_dates[str(enterprise)], record.get("enrolled_date")
        if first_date is not None and enrolled is not None and enrolled < first_date:
            problems.append(
                Problem(
                    sheet.sheet,
                    number,
                    "enrolled_date",
                    shown(enrolled),
                    f"{module} enrolled on {shown(enrolled)}, before the enterprise's {first} "
                    f"({shown(first_date)}): {first} comes first.",
                )
            )


def _check_plausible(
    session: Session, sheets: Mapping[str, SheetData], problems: list[Problem]
) -> None:
    """KPI values outside the KPI's plausible range are warnings the user may accept."""
    ranges = {
        str(code): (low, high)
        for code, low, high in session.execute(
            select(
                m.KpiDefinition.code, m.KpiDefinition.plausible_min, m.KpiDefinition.plausible_max
            )
        )
    }
    if "kpi_definitions" in sheets:
        for record in sheets["kpi_definitions"].records:
            if record.get("kpi") is not None:
                ranges[str(record["kpi"])] = (
                    record.get("plausible_min"),
                    record.get("plausible_max"),
                )
    sheet = sheets["kpi_observations"]
    for record, number in zip(sheet.records, sheet.rows, strict=True):
        value, kpi = record.get("value"), record.get("kpi")
        low, high = ranges.get(str(kpi), (None, None))
        if value is None or low is None or high is None:
            continue
        if not low <= value <= high:
            problems.append(
                Problem(
                    sheet.sheet,
                    number,
                    "value",
                    value,
                    f"{shown(value)} is outside the plausible range {shown(low)} to {shown(high)} "
                    f"for {kpi}: check it, or accept the warning to import it as it is.",
                    "warning",
                )
            )
