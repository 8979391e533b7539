"""Write a checked upload in one transaction, or nothing, under the import lock.

Imports are serialised: PostgreSQL takes an advisory transaction lock (`LOCK_KEY`), SQLite
its write lock (BEGIN IMMEDIATE); either is held until the transaction ends. Under the lock
the checks run again against the database as it is then, so two imports never interleave.
New rows are inserted and changed rows updated by natural key; nothing is deleted. Every
attempt, written or refused, is recorded in `import_batches` (`audit`).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from score_dash.core.dictionary import TABLES_BY_NAME
from score_dash.core.i18n import t
from score_dash.ingest.audit import record_attempt, reject
from score_dash.ingest.check.database import check_against_database
from score_dash.ingest.check.rows import validate_rows
from score_dash.ingest.parse import ParsedUpload
from score_dash.ingest.plan import Plan
from score_dash.ingest.report import ImportReport, Problem, sort_problems
from score_dash.store import db, versions
from score_dash.store import models as m

LOCK_KEY = 7_310_001  # pg_advisory_xact_lock key of the importer


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
        first = report.errors[0].message if report.errors else t("the file could not be read.")
        message = t("{count} errors; first: {first}").format(count=len(report.errors), first=first)
        return reject(engine, report, user, message)
    if report.warnings and not accept_warnings:
        message = t("{count} warnings not accepted.").format(count=len(report.warnings))
        return reject(engine, report, user, message)
    result = ImportReport(
        parsed.file_name,
        parsed.sha256,
        examples_ignored=parsed.examples_ignored,
        previous_import=report.previous_import,
    )
    # The rules within the file do not depend on the database: no need to hold the lock.
    problems = validate_rows(parsed, db.today())
    try:
        return _import_locked(engine, parsed, problems, result, user, accept_warnings)
    except SQLAlchemyError as exc:
        # The driver's own message where there is one (a DBAPIError's `orig`).
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
        message = t("The database refused the data: {detail}").format(detail=detail)
        result.problems.append(Problem("", None, "", None, message))
        return reject(engine, result, user, message)


def _import_locked(
    engine: Engine,
    parsed: ParsedUpload,
    problems: list[Problem],
    result: ImportReport,
    user: str,
    accept_warnings: bool,
) -> ImportReport:
    """Check again and write under the lock: commit, or roll back and record the refusal."""
    with engine.connect() as connection:
        _lock(connection)
        # The lock's statement has begun the connection's transaction: the session joins it
        # and leaves it open on close, so everything commits (or rolls back) with the lock.
        session = Session(bind=connection)
        first_data = db.holds_no_data(session)
        found, plan = check_against_database(session, parsed)
        result.problems = sort_problems(problems + found)
        result.added, result.changed = plan.count_new(), plan.count_changed()
        if result.errors or (result.warnings and not accept_warnings):
            session.close()
            connection.rollback()
            message = t("The database changed since the check: check again.")
            return reject(engine, result, user, message)
        _write(session, plan, result)
        if result.outcome == "imported":
            result.data_version = record_changes(session, plan)
        if first_data and result.outcome == "imported":
            # The first rows decide what the database holds: the demo label follows them.
            db.set_meta(session, {"dataset": "demo" if parsed.demo else "imported"})
        record_attempt(session, result, user)
        session.flush()
        session.close()
        connection.commit()
    return result


def record_changes(session: Session, plan: Plan) -> int:
    """Keep what the new data version changed (score_dash.store.versions), in the import's
    transaction; the version's number."""
    meta = session.get(m.Meta, "data_version")
    assert meta is not None  # the import's write bumped it, in this transaction
    version = int(meta.value)
    added = {
        name: pd.DataFrame(rows, columns=list(TABLES_BY_NAME[name].key), dtype=object)
        for name, rows in plan.new.items()
        if rows
    }
    before = {
        name: pd.DataFrame(rows, columns=TABLES_BY_NAME[name].column_names).astype(object)
        for name, rows in plan.before.items()
        if rows
    }
    session.add(m.DataChange(version=version, payload=versions.encode(added, before)))
    return version


def _lock(connection: Connection) -> None:
    """Serialise imports: one writer at a time, for the whole transaction."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    elif dialect == "sqlite":
        # pysqlite has not begun a transaction yet (nothing executed): take the write lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _write(session: Session, plan: Plan, result: ImportReport) -> None:
    """Write the plan (nothing when every row is there already) and say what was done."""
    if result.unchanged:
        result.outcome = "unchanged"
        result.message = "Every row is already in the database."
        return
    _insert_new(session, plan)
    _update_changed(session, plan)
    db.bump_data_version(session)
    result.outcome = "imported"
    result.message = (
        f"{sum(result.added.values())} added, {sum(result.changed.values())} changed"
        + (f"; {len(result.warnings)} warnings accepted" if result.warnings else "")
    )


def _insert_new(session: Session, plan: Plan) -> None:
    for name in db.TABLE_ORDER:  # referenced tables first
        rows = plan.new.get(name)
        if rows:
            columns = TABLES_BY_NAME[name].column_names
            db.insert_frames(session, {name: pd.DataFrame(rows, columns=columns, dtype=object)})


def _update_changed(session: Session, plan: Plan) -> None:
    for name in db.TABLE_ORDER:
        changes = plan.changed.get(name)
        if not changes:
            continue
        model = db.FRAME_MAP[name][0]
        columns = TABLES_BY_NAME[name].column_names
        frame = pd.DataFrame([row for _, row in changes], columns=columns, dtype=object)
        records = db.frame_records(session, name, frame)
        for record, (pk, _) in zip(records, changes, strict=True):
            record.update(pk)  # an update by primary key: bulk UPDATE ... WHERE id = :id
        session.execute(update(model), records)
        session.flush()
