"""The corpus of bad uploads: each gives its exact message and location, and never a write."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from score_dash import ingest
from score_dash.store import db
from tests.unit.bad_files import CASES, Case, implausible_kpi_file


@pytest.fixture(scope="module")
def corpus_db(records_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the demo database file."""
    path = tmp_path_factory.mktemp("corpus") / "score.db"
    shutil.copy(records_db_url.removeprefix("sqlite:///"), path)
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_corpus_has_at_least_25_distinct_cases() -> None:
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file_is_reported_exactly_and_writes_nothing(case: Case, corpus_db: Path) -> None:
    engine = db.make_engine(f"sqlite:///{corpus_db}")
    before = _sha(corpus_db)
    _parsed, report = ingest.check_file(case.build(), case.file_name, engine, case.max_mb)
    found = [(p.severity, p.sheet, p.row, p.column, p.message) for p in report.problems]
    assert case.expected in found, "\n".join(map(str, found))
    assert not report.ok
    assert _sha(corpus_db) == before
    engine.dispose()
    assert _sha(corpus_db) == before


def test_file_level_rejection_has_no_parsed_upload(corpus_db: Path) -> None:
    engine = db.make_engine(f"sqlite:///{corpus_db}")
    parsed, report = ingest.check_file(b"a,b\n", "x.xlsx", engine, 20)
    assert parsed is None
    assert len(report.problems) == 1


def test_implausible_kpi_value_is_a_warning_that_must_be_accepted(corpus_db: Path) -> None:
    engine = db.make_engine(f"sqlite:///{corpus_db}")
    before = _sha(corpus_db)
    _parsed, report = ingest.check_file(implausible_kpi_file(), "kpi.xlsx", engine, 20)
    assert report.ok
    assert [(p.severity, p.sheet, p.row, p.column, p.message) for p in report.problems] == [
        (
            "warning",
            "kpi_observations",
            2,
            "value",
            "95 is outside the plausible range 0 to 60 for defect_rate: check it, or accept "
            "the warning to import it as it is.",
        )
    ]
    assert report.changed == {"kpi_observations": 1}
    assert _sha(corpus_db) == before
