"""Write a checked upload in one transaction, or nothing, under the import lock."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from score_dash import db
from score_dash.dictionary import TABLES_BY_NAME
from score_dash.ingest.audit import record_attempt, reject
from score_dash.ingest.check.database import check_against_database
from score_dash.ingest.check.rows import validate_rows
from score_dash.ingest.parse import ParsedUpload
from score_dash.ingest.plan import Plan
from score_dash.ingest.report import ImportReport, Problem, sort_problems

LOCK_KEY = 7_310_001  # pg_advisory_xact_lock key of the importer


def _lock(connection: Any) -> None:
    """Serialise imports: one writer at a time, for the whole transaction."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    elif dialect == "sqlite":
        # pysqlite has not begun a transaction yet (nothing executed): take the write lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def apply_import(
    engine: Engine,
    parsed: ParsedUpload | None,
    report: ImportReport,
    user: str,
    accept_warnings: bool,
) -> ImportReport:
    """Write a checked upload in one transaction, or nothing; record the attempt.

    The checks are run again under the import lock, against the database as it is then,
    so the preview the user confirmed cannot be overtaken by another import.
    """
    if parsed is None or not report.ok:
        first = report.errors[0].message if report.errors else "the file could not be read."
        return reject(engine, report, user, f"{len(report.errors)} errors; first: {first}")
    if report.warnings and not accept_warnings:
        return reject(engine, report, user, f"{len(report.warnings)} warnings not accepted.")
    result = ImportReport(
        parsed.file_name,
        parsed.sha256,
        examples_ignored=parsed.examples_ignored,
        previous_import=report.previous_import,
    )
    problems: list[Problem] = []
    problems += validate_rows(parsed, db.today())
    try:
        with engine.connect() as connection:
            _lock(connection)
            session = Session(bind=connection)
            found, plan = check_against_database(session, parsed)
            result.problems = sort_problems(problems + found)
            result.added, result.changed = plan.count_new(), plan.count_changed()
            if result.errors or (result.warnings and not accept_warnings):
                session.close()
                connection.rollback()
                return reject(
                    engine, result, user, "The database changed since the check: check again."
                )
            if result.unchanged:
                result.outcome = "unchanged"
                result.message = "Every row is already in the database."
            else:
                _write(session, plan)
                db.bump_data_version(session)
                result.outcome = "imported"
                result.message = (
                    f"{sum(result.added.values())} added, {sum(result.changed.values())} changed"
                    + (f"; {len(result.warnings)} warnings accepted" if result.warnings else "")
                )
            record_attempt(session, result, user)
            session.flush()
            session.close()
            connection.commit()
    except SQLAlchemyError as exc:
        detail = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0][:300]
        result.problems.append(
            Problem("", None, "", None, f"The database refused the data: {detail}")
        )
        return reject(engine, result, user, f"The database refused the data: {detail}")
    return result


def _write(session: Session, plan: Plan) -> None:
    for name in db.TABLE_ORDER:
        rows = plan.new.get(name)
        if rows:
            columns = TABLES_BY_NAME[name].column_names
            db.insert_frames(session, {name: pd.DataFrame(rows, columns=columns, dtype=object)})
    for name in db.TABLE_ORDER:
        changes = plan.changed.get(name)
        if not changes:
            continue
        model = db.FRAME_MAP[name][0]
        columns = TABLES_BY_NAME[name].column_names
        frame = pd.DataFrame([row for _, row in changes], columns=columns, dtype=object)
        records = db.frame_records(session, name, frame)
        for record, (pk, _) in zip(records, changes, strict=True):
            record.update(pk)
        session.execute(update(model), records)
        session.flush()
