"""Data versions: every import makes one, and each earlier one is rebuilt exactly from what
later imports added and changed (score_dash.store.versions, queries.load_frames_at)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from score_dash import ingest
from score_dash.core.dictionary import TABLES_BY_NAME
from score_dash.store import db, loading, versions
from score_dash.store import models as m
from tests.unit.bad_files import good_file, workforce_file, workforce_row


def sorted_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {
        name: frame.sort_values(list(TABLES_BY_NAME[name].key))[sorted(frame.columns)].reset_index(
            drop=True
        )
        for name, frame in frames.items()
    }


def assert_same_frames(left, right) -> None:
    left, right = sorted_frames(left), sorted_frames(right)
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_dtype=False, obj=name)


def import_file(engine, data: bytes) -> ingest.ImportReport:
    parsed, report = ingest.check_file(data, "f.xlsx", engine, 20)
    result = ingest.apply_import(engine, parsed, report, "tester", accept_warnings=True)
    assert result.ok, result.to_text()
    return result


@pytest.fixture
def engine(tmp_path, records_db_url):
    """The demo's rows as records at data version 1 (a copy of the session's database)."""
    shutil.copy(records_db_url.removeprefix("sqlite:///"), tmp_path / "v.db")
    return db.make_engine(f"sqlite:///{tmp_path / 'v.db'}")


def test_each_earlier_version_is_rebuilt_exactly(engine):
    first = loading.load_frames(engine)
    result = import_file(engine, good_file())  # adds 2018-H1 rows and changes one row
    assert result.data_version == 2 and db.data_version(engine) == "2"
    second = loading.load_frames(engine)
    changed = workforce_file(workforce_row(total=999, female=400, male=599))
    assert import_file(engine, changed).data_version == 3
    assert not loading.load_frames(engine)["workforce"].equals(second["workforce"])
    assert_same_frames(loading.load_frames_at(engine, 2), second)
    assert_same_frames(loading.load_frames_at(engine, 1), first)
    assert_same_frames(loading.load_frames_at(engine, 3), loading.load_frames(engine))


def test_a_failed_import_makes_no_version(engine):
    bad = workforce_file(workforce_row(total=-1))
    parsed, report = ingest.check_file(bad, "bad.xlsx", engine, 20)
    ingest.apply_import(engine, parsed, report, "tester", accept_warnings=False)
    assert db.data_version(engine) == "1"
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(m.DataChange)) == 0


def test_a_version_that_cannot_be_rebuilt_says_so(engine):
    with pytest.raises(versions.VersionUnavailable):
        loading.load_frames_at(engine, 0)  # before the demo was loaded


def test_changes_are_kept_small_and_in_the_import_history(engine):
    import_file(engine, good_file())
    with Session(engine) as session:
        payload = session.get(m.DataChange, 2).payload
        batch = session.scalars(
            select(m.ImportBatch).where(m.ImportBatch.outcome == "imported")
        ).one()
    added, before = versions.decode(payload)
    assert set(added) == {"periods", "workforce", "enterprises"} or set(added) >= {"workforce"}
    assert len(payload) < 50_000 and batch.data_version == 2
    assert all(len(frame) for frame in before.values())
