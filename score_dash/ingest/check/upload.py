"""Check a whole upload: read it, apply every rule, count what it would change."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from score_dash.ingest.audit import previous_import
from score_dash.ingest.check.database import check_against_database
from score_dash.ingest.check.rows import validate_rows
from score_dash.ingest.parse import ParsedUpload, parse_upload
from score_dash.ingest.read import FileRejected, refuse_size
from score_dash.ingest.report import ImportReport, Problem, sort_problems
from score_dash.store import db


def check_file(
    data: bytes, file_name: str, engine: Engine, max_mb: int
) -> tuple[ParsedUpload | None, ImportReport]:
    """Parse and validate an upload and count what it would change; writes nothing.

    A file over the limit is refused before it is hashed or opened.
    """
    try:
        refuse_size(len(data), max_mb)
    except FileRejected as exc:
        return None, ImportReport(file_name, "", [Problem("", None, "", None, str(exc))])
    digest = hashlib.sha256(data).hexdigest()
    try:
        parsed, problems = parse_upload(data, file_name, max_mb)
    except FileRejected as exc:
        return None, ImportReport(file_name, digest, [Problem("", None, "", None, str(exc))])
    problems += validate_rows(parsed, db.today())
    report = ImportReport(file_name, digest, examples_ignored=parsed.examples_ignored)
    with Session(engine) as session:
        found, plan = check_against_database(session, parsed)
        report.previous_import = previous_import(session, digest)
    report.problems = sort_problems(problems + found)
    report.added, report.changed = plan.count_new(), plan.count_changed()
    return parsed, report
