"""The frames of a data version kept on disk (score_dash/store/disk_cache.py): read back equal to
the database's, used instead of it, written only for a version the database was at all
along, dropped when they cannot be read, one folder per version with the old ones pruned."""

from __future__ import annotations

import logging
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from score_dash import cli
from score_dash.config import DATA_DIR, cache_dir
from score_dash.store import db, disk_cache, loading


@pytest.fixture
def url(demo_db_url: str, tmp_path: Path) -> str:
    """A copy of the demo database this test may change."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


def rename_first_enterprise(url: str, name: str) -> str:
    """Change an enterprise's name behind the app's back (no new data version)."""
    engine = db.make_engine(url)
    with engine.begin() as connection:
        code = connection.execute(
            text("SELECT code FROM enterprises ORDER BY code LIMIT 1")
        ).scalar_one()
        connection.execute(
            text("UPDATE enterprises SET name = :n WHERE code = :c"), {"n": name, "c": code}
        )
    return code


def name_of(frames: dict[str, pd.DataFrame], code: str) -> str:
    enterprises = frames["enterprises"]
    return enterprises.loc[enterprises["enterprise"] == code, "name"].item()


def bump(url: str) -> str:
    engine = db.make_engine(url)
    with Session(engine) as session, session.begin():
        db.bump_data_version(session)
    return db.data_version(engine)


def test_a_snapshot_reads_back_the_frames_of_the_database(url: str, tmp_path: Path) -> None:
    engine = db.make_engine(url)
    version = db.data_version(engine)
    root = tmp_path / "snapshots"
    first = disk_cache.load_frames(engine, url, version, root)  # from the database, then written
    folder = disk_cache.folder_of(root, url, version)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{name}.arrow" for name in loading.TABLE_ORDER
    )
    again = disk_cache.read(root, url, version)
    assert again is not None
    expected = loading.load_frames(engine)
    for name in loading.TABLE_ORDER:
        pd.testing.assert_frame_equal(first[name], expected[name])
        pd.testing.assert_frame_equal(again[name], expected[name])
    # Owner only: the files hold enterprise data.
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700


def test_a_shared_folder_given_by_the_setting_is_left_as_it_is(url: str, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    engine = db.make_engine(url)
    version = db.data_version(engine)
    disk_cache.load_frames(engine, url, version, shared)
    folder = disk_cache.folder_of(shared, url, version)
    assert folder.is_dir()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700


def test_the_snapshot_is_read_instead_of_the_database(url: str, tmp_path: Path) -> None:
    engine = db.make_engine(url)
    version = db.data_version(engine)
    root = tmp_path / "snapshots"
    before = disk_cache.load_frames(engine, url, version, root)
    code = rename_first_enterprise(url, "Renamed without a new version")
    # Same version: the snapshot's frames, not the changed table.
    assert name_of(disk_cache.load_frames(engine, url, version, root), code) == name_of(
        before, code
    )
    # Without snapshots the database is read.
    assert name_of(disk_cache.load_frames(engine, url, version, None), code) == (
        "Renamed without a new version"
    )
    # A new version is read from the database and gets its own snapshot.
    newer = bump(url)
    assert name_of(disk_cache.load_frames(engine, url, newer, root), code) == (
        "Renamed without a new version"
    )
    assert disk_cache.folder_of(root, url, newer).is_dir()


def test_no_snapshot_of_a_version_the_database_has_left(url: str, tmp_path: Path) -> None:
    """Asked for version N while an import has made N+1: the frames read are N+1's rows,
    which must not be kept under N."""
    engine = db.make_engine(url)
    version = db.data_version(engine)
    bump(url)
    root = tmp_path / "snapshots"
    disk_cache.load_frames(engine, url, version, root)
    assert not disk_cache.folder_of(root, url, version).exists()


def test_a_snapshot_that_cannot_be_read_is_ignored(
    url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = db.make_engine(url)
    version = db.data_version(engine)
    root = tmp_path / "snapshots"
    disk_cache.load_frames(engine, url, version, root)
    broken = disk_cache.folder_of(root, url, version) / "kpi_observations.arrow"
    broken.write_bytes(broken.read_bytes()[:100])  # cut short
    with caplog.at_level(logging.WARNING, logger="score_dash.store.disk_cache"):
        frames = disk_cache.load_frames(engine, url, version, root)
    assert "cannot be read" in caplog.text
    expected = loading.load_frames(engine)
    pd.testing.assert_frame_equal(frames["kpi_observations"], expected["kpi_observations"])


def test_older_snapshots_are_pruned(url: str, tmp_path: Path) -> None:
    engine = db.make_engine(url)
    root = tmp_path / "snapshots"
    versions = []
    for _ in range(4):
        versions.append(bump(url))
        disk_cache.load_frames(engine, url, versions[-1], root)
    kept = sorted(p.name for p in (root / disk_cache.database_key(url)).iterdir())
    assert kept == [disk_cache.folder_of(root, url, v).name for v in versions[-2:]]


def test_where_snapshots_go() -> None:
    assert cache_dir("", "sqlite:////srv/score/score.db") == Path("/srv/score/score.db.frames")
    assert cache_dir("", "postgresql+psycopg://u:secret@db/score") == DATA_DIR / "cache"
    assert cache_dir("/var/cache/score", "sqlite:////srv/score/score.db") == Path(
        "/var/cache/score"
    )
    assert cache_dir("off", "sqlite:////srv/score/score.db") is None
    assert cache_dir("", "sqlite://") is None
    # The password is not part of a folder's name, nor does it decide it.
    assert disk_cache.database_key("postgresql+psycopg://u:one@db/score") == (
        disk_cache.database_key("postgresql+psycopg://u:two@db/score")
    )


def test_the_command_line_import_writes_the_new_versions_snapshot(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("SCORE_CACHE_DIR", str(tmp_path / "snapshots"))
    cli.get_config.cache_clear()
    try:
        exported = tmp_path / "all.xlsx"
        assert cli.main(["export", "--all", "--out", str(exported), "--url", url]) == 0
        empty = f"sqlite:///{tmp_path / 'empty.db'}"
        db.create_schema(db.make_engine(empty))
        assert cli.main(["import", str(exported), "--url", empty, "--accept-warnings"]) == 0
    finally:
        cli.get_config.cache_clear()
    version = db.data_version(db.make_engine(empty))
    folder = disk_cache.folder_of(tmp_path / "snapshots", empty, version)
    assert folder.is_dir()
    assert str(folder) in capsys.readouterr().out
    frames = disk_cache.read(tmp_path / "snapshots", empty, version)
    assert frames is not None
    expected = loading.load_frames(db.make_engine(empty))
    for name in loading.TABLE_ORDER:
        pd.testing.assert_frame_equal(frames[name], expected[name])


def test_codes_held_as_categoricals_read_sort_and_group_as_their_text(demo_db_url: str) -> None:
    """The per-enterprise tables' codes are categoricals (queries.with_derived); the rows,
    their order by code and the counts by code are those of the database's text."""
    frames = loading.load_frames(db.make_engine(demo_db_url))
    observations = frames["kpi_observations"]
    assert isinstance(observations["enterprise"].dtype, pd.CategoricalDtype)
    assert isinstance(observations["kpi"].dtype, pd.CategoricalDtype)
    assert observations["period"].dtype.ordered
    engine = db.make_engine(demo_db_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT e.code, o.kpi_code, p.code FROM kpi_observations o"
                " JOIN enterprises e ON e.id = o.enterprise_id"
                " JOIN periods p ON p.id = o.period_id"
                " ORDER BY e.code, o.kpi_code, p.code"
            )
        ).all()
        counts = dict(
            connection.execute(
                text(
                    "SELECT e.code, count(*) FROM workforce w"
                    " JOIN enterprises e ON e.id = w.enterprise_id GROUP BY e.code"
                )
            ).all()
        )
    ordered = observations.sort_values(["enterprise", "kpi", "period"])
    assert list(zip(ordered["enterprise"], ordered["kpi"], ordered["period"], strict=True)) == [
        tuple(row) for row in rows
    ]
    by_enterprise = frames["workforce"].groupby("enterprise").size()
    assert by_enterprise[by_enterprise > 0].to_dict() == counts
    # One set of categories for every table: they join on the codes.
    assert frames["workforce"]["enterprise"].dtype == observations["enterprise"].dtype
    assert frames["enterprises"]["enterprise"].dtype == observations["enterprise"].dtype
    assert frames["workforce"]["period"].dtype == observations["period"].dtype
    # Half-years compare in time order, as their text does.
    first, last = sorted(frames["periods"]["period"])[0], sorted(frames["periods"]["period"])[-1]
    assert (observations["period"] >= first).all() and (observations["period"] <= last).all()
    later = observations["period"] > "2016-H1"
    assert later.sum() == sum(1 for row in rows if row[2] > "2016-H1")
