"""The log of import attempts (`import_batches`): who imported which file, and what happened."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from score_dash.core.formats import fmt_moment
from score_dash.core.i18n import t
from score_dash.ingest.report import ImportReport
from score_dash.store import db
from score_dash.store import models as m


def previous_import(session: Session, digest: str) -> str:
    """When and by whom the same file (by SHA-256) was last imported, or ""."""
    batch = session.scalars(
        select(m.ImportBatch)
        .where(m.ImportBatch.sha256 == digest, m.ImportBatch.outcome == "imported")
        .order_by(m.ImportBatch.created_at.desc())
        .limit(1)
    ).first()
    if batch is None:
        return ""
    return t("{moment} UTC by {user}").format(
        moment=fmt_moment(batch.created_at), user=batch.user_name
    )


def record_attempt(session: Session, report: ImportReport, user: str) -> None:
    """Add the attempt to the session, to be committed with the import (or alone)."""
    session.add(
        m.ImportBatch(
            created_at=db.utc_now(),
            user_name=user[:80] or "unknown",
            file_name=report.file_name[-255:],
            sha256=report.sha256,
            rows_added=json.dumps({t: n for t, n in report.added.items() if n}),
            rows_changed=json.dumps({t: n for t, n in report.changed.items() if n}),
            outcome=report.outcome,
            message=report.message,
            data_version=report.data_version,
        )
    )


def reject(engine: Engine, report: ImportReport, user: str, message: str) -> ImportReport:
    """Record a refused attempt; returns a copy of the report with outcome 'rejected'."""
    result = replace(report, outcome="rejected", message=message, added={}, changed={})
    with Session(engine) as session, session.begin():
        record_attempt(session, result, user)
    return result


def import_count(engine: Engine) -> int:
    """Rows in the audit log (tests and the command line)."""
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(m.ImportBatch)) or 0
