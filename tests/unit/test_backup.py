"""Backups that restore (score_dash/store/backup.py, `backup` and `restore` on the command
line): the restore drill. A database with two imports, a published review, decisions, an
action with a status history, a note and release marks is backed up and restored into an
empty database; every table is then compared row for row by SQL written here (the tables
are listed by the database, not by the code under test), and the review's pack and the
Overview's workbook are the same before and after.

SQLite always; PostgreSQL (pg_dump's archive, the logical copy, and a SQLite database
restored into PostgreSQL) when SCORE_TEST_PG_URL names a server.
"""

from __future__ import annotations

import io
import json
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import MetaData, Table, create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from score_dash import cli
from score_dash.store import backup, db
from score_dash.store import models as m
from tests.conftest import mark_as_records, pg_url
from tests.pack_pages import only_pages
from tests.unit.bad_files import good_file, workforce_file, workforce_row

pytestmark = pytest.mark.db

PERIOD = "2017-H2"
NO_PG = pytest.mark.skipif(pg_url() is None, reason="SCORE_TEST_PG_URL is not set")


@pytest.fixture(scope="module")
def pg_database() -> Iterator[Callable[[], str]]:
    """Makes empty PostgreSQL databases on the test server; drops them after the module."""
    made: list[str] = []
    server = make_url(pg_url() or "sqlite://")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")

    def new() -> str:
        name = f"score_backup_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return server.set(database=name).render_as_string(hide_password=False)

    yield new
    for name in made:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def database(engine_kind: str, tmp_path: Path, name: str, pg_database) -> str:
    if engine_kind == "sqlite":
        return f"sqlite:///{tmp_path / name}"
    return pg_database()


def run(*argv: str) -> None:
    assert cli.main(list(argv)) == 0, argv


def make_records(url: str, demo_db_url: str, tmp_path: Path) -> None:
    """The demo as real records, then what a year of meetings leaves in a database."""
    if url.startswith("sqlite"):
        shutil.copy(demo_db_url.removeprefix("sqlite:///"), url.removeprefix("sqlite:///"))
    else:
        db.load_demo(db.make_engine(url))
    engine = db.make_engine(url)
    mark_as_records(engine)
    first = tmp_path / "first.xlsx"
    first.write_bytes(good_file())  # adds 2018-H1 rows, changes one: data version 2
    run("import", str(first), "--accept-warnings", "--url", url)
    run("review", "publish", "--period", PERIOD, "--meeting-date", "2018-02-14", "--url", url)
    second = tmp_path / "second.xlsx"
    second.write_bytes(workforce_file(workforce_row(total=999, female=400, male=599)))
    run("import", str(second), "--accept-warnings", "--url", url)  # data version 3
    run("actions", "add", "--review", PERIOD, "--kind", "decision", "--text",
        "Extend Module 5 to Tiruppur", "--release", "--url", url)  # fmt: skip
    run("actions", "add", "--review", PERIOD, "--text", "Recruit 20 more enterprises",
        "--owner", "Employers' federation", "--due", "2018-06-30", "--url", url)  # fmt: skip
    run("actions", "set", "2", "--status", "in progress", "--comment", "Started", "--url", url)
    run("actions", "set", "2", "--status", "done", "--comment", "20 joined", "--url", url)
    run("actions", "release", "2", "--url", url)
    note = "One enterprise's workforce corrected after the meeting"
    run("notes", "add", "--indicator", "workers", "--period", PERIOD, "--text", note,
        "--release", "--url", url)  # fmt: skip
    run("notes", "release", "1", "--withdraw", "--url", url)


def table_rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table the database has, sorted by primary key."""
    engine = create_engine(db.make_engine(url).url)
    try:
        names = sorted(inspect(engine).get_table_names())
        reflected = MetaData()
        rows = {}
        with engine.connect() as connection:
            for name in names:
                table = Table(name, reflected, autoload_with=connection)
                columns = [c.name for c in table.columns]
                key = [columns.index(c.name) for c in table.primary_key.columns]
                result = connection.execute(select(table)).all()
                rows[name] = sorted(
                    (tuple(row) for row in result),
                    key=lambda row, key=key: tuple(row[i] for i in key),
                )
    finally:
        engine.dispose()
    return rows


def pack_text(url: str, out: Path) -> list[str]:
    run("pack", "--review", PERIOD, "--out", str(out), "--url", url)
    return [page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages]


def overview_cells(url: str, out: Path) -> dict[str, list[tuple]]:
    run("export", "--page", "overview", "--period", PERIOD, "--out", str(out), "--url", url)
    book = openpyxl.load_workbook(out, read_only=True)
    return {  # every cell but the moment the workbook was written
        sheet.title: [
            row for row in sheet.iter_rows(values_only=True) if row[:1] != ("Generated at",)
        ]
        for sheet in book.worksheets
    }


@dataclass
class Source:
    """A database made by `make_records`, its rows, and (once asked for) its review's pack
    and Overview workbook."""

    url: str
    rows: dict[str, list[tuple]]
    pack: list[str] | None = None
    cells: dict[str, list[tuple]] | None = None


@pytest.fixture(scope="module")
def sources(
    tmp_path_factory: pytest.TempPathFactory, demo_db_url: str, pg_database
) -> Callable[[str], Source]:
    """The source database of each kind, made once and shared by the drills that back it up
    (SQLite: into SQLite and into PostgreSQL; PostgreSQL: with pg_dump and logically). A drill
    only reads its source: each checks that the rows are still those made."""
    made: dict[str, Source] = {}

    def source(kind: str) -> Source:
        if kind not in made:
            folder = tmp_path_factory.mktemp(f"source-{kind}")
            url = database(kind, folder, "source.db", pg_database)
            make_records(url, demo_db_url, folder)
            made[kind] = Source(url, table_rows(url))
        return made[kind]

    return source


# A pack (of the pages the meetings write to) is compared where the restored rows are
# read by another engine or written by another tool (the rows' equality covers the rest). The
# source's pack and workbook are made once for its rows (a shared source's rows are checked
# to be the same before each drill).
DRILLS = [
    pytest.param("sqlite", "sqlite", False, True, id="sqlite"),
    pytest.param("postgresql", "postgresql", False, True, id="postgresql-pg_dump", marks=NO_PG),
    pytest.param("postgresql", "postgresql", True, False, id="postgresql-logical", marks=NO_PG),
    pytest.param("sqlite", "postgresql", False, True, id="sqlite-into-postgresql", marks=NO_PG),
]


@pytest.mark.parametrize(("source_kind", "target_kind", "logical", "outputs"), DRILLS)
def test_restore_drill_gives_back_every_row_the_review_and_its_pack(
    source_kind, target_kind, logical, outputs, tmp_path, sources, pg_database, capsys, monkeypatch
):
    # The pack's cover, Overview and the meetings' record (Decisions & actions) are what a
    # restore must give back; the other pages' charts only cost time (tests/pack_pages.py).
    only_pages(monkeypatch, "overview", "decisions")
    made = sources(source_kind)
    source = made.url
    before = table_rows(source)
    assert before == made.rows  # no drill before this one wrote to the source
    if outputs and made.pack is None:
        made.pack = pack_text(source, tmp_path / "before.pdf")
        made.cells = overview_cells(source, tmp_path / "before.xlsx")

    archive = tmp_path / "backups" / "score.backup"
    run("backup", "--out", str(archive), "--url", source, *(["--logical"] if logical else []))
    expected_format = "pg_dump" if source_kind == "postgresql" and not logical else "sqlite"
    assert backup.file_format(archive) == expected_format
    target = database(target_kind, tmp_path, "restored.db", pg_database)
    run("restore", str(archive), "--url", target)
    print(capsys.readouterr().out)

    after = table_rows(target)
    after.pop(backup.MANIFEST, None)  # the SQLite backup is the restored file's source only
    assert sorted(after) == sorted(before)
    for name in before:
        assert after[name] == before[name], name
    # Everything the meetings wrote is there, and the history of the data versions.
    assert len(before["data_changes"]) == 2 and len(before["reviews"]) == 1
    assert len(before["review_item_changes"]) == 3  # open, in progress, done
    assert len(before["record_releases"]) == 4  # decision, action, note shown; note withdrawn
    if outputs:
        assert pack_text(target, tmp_path / "after.pdf") == made.pack
        assert overview_cells(target, tmp_path / "after.xlsx") == made.cells

    # New rows take new ids (PostgreSQL's sequences were moved past the restored ones).
    run("actions", "add", "--review", PERIOD, "--text", "After the restore", "--url", target)
    with Session(db.make_engine(target)) as session:
        ids = session.scalars(select(m.ReviewItem.id).order_by(m.ReviewItem.id)).all()
    assert ids == [1, 2, 3]


def test_restore_refuses_a_database_that_holds_rows(tmp_path, demo_db_url, capsys):
    archive = tmp_path / "demo.backup"
    run("backup", "--out", str(archive), "--url", demo_db_url)
    target = tmp_path / "busy.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), target)
    before = table_rows(f"sqlite:///{target}")
    capsys.readouterr()
    assert cli.main(["restore", str(archive), "--url", f"sqlite:///{target}"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "is not empty" in error
    assert table_rows(f"sqlite:///{target}") == before


def test_a_file_that_is_no_backup_is_refused(tmp_path, capsys):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup")
    assert cli.main(["restore", str(bogus), "--url", f"sqlite:///{tmp_path / 'x.db'}"]) == 1
    assert "is not a backup" in capsys.readouterr().err


CONSISTENCY = [
    pytest.param("sqlite", False, id="sqlite"),
    pytest.param("postgresql", False, id="postgresql-pg_dump", marks=NO_PG),
    pytest.param("postgresql", True, id="postgresql-logical", marks=NO_PG),
]


@pytest.mark.parametrize(("kind", "logical"), CONSISTENCY)
def test_a_backup_taken_while_another_connection_writes_is_consistent(
    kind, logical, tmp_path, pg_database
):
    """A writer adds a note and its release mark in one transaction, pausing between the
    two; every backup taken meanwhile holds as many marks as notes."""
    url = database(kind, tmp_path, "busy.db", pg_database)
    engine = db.make_engine(url)
    db.create_schema(engine)
    stop = threading.Event()
    written: list[int] = []
    failed: list[BaseException] = []

    def write() -> None:
        try:
            write_pairs()
        except BaseException as exc:  # the test fails with it, instead of waiting forever
            failed.append(exc)
            stop.set()

    def write_pairs() -> None:
        while not stop.is_set():
            with Session(engine) as session, session.begin():
                note = m.FigureNote(
                    indicator="workers", period_code=PERIOD, text="x",
                    recorded_at=datetime(2018, 1, 1), recorded_by="writer",
                )  # fmt: skip
                session.add(note)
                session.flush()
                number = note.id
                stop.wait(0.002)
                session.add(
                    m.RecordRelease(
                        record="note", record_id=number, shown=True,
                        changed_at=datetime(2018, 1, 1), changed_by="writer",
                    )
                )  # fmt: skip
            written.append(number)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        counts = []
        for attempt in range(5):
            while len(written) < 5 * (attempt + 1) and not stop.is_set():
                stop.wait(0.01)
            archive = tmp_path / f"b{attempt}.backup"
            backup.backup(engine, archive, logical=logical)
            restored = database("sqlite" if not archive_is_dump(archive) else kind, tmp_path,
                                f"r{attempt}.db", pg_database)  # fmt: skip
            backup.restore(archive, db.make_engine(restored))
            rows = backup.row_counts(db.make_engine(restored))
            counts.append((rows["figure_notes"], rows["record_releases"]))
    finally:
        stop.set()
        writer.join()
    assert not failed, failed
    assert all(notes == marks and notes > 0 for notes, marks in counts), counts


def archive_is_dump(path: Path) -> bool:
    return backup.file_format(path) == "pg_dump"


def test_the_backup_says_what_it_holds(tmp_path, demo_db_url):
    """The manifest counts the rows of every table the database lists (the demo: data
    version 1)."""
    archive = tmp_path / "demo.backup"
    backup.backup(db.make_engine(demo_db_url), archive)
    manifest = backup.read_manifest(archive)
    assert manifest["made_from"] == "sqlite" and manifest["data_version"] == "1"
    rows = json.loads(manifest["rows"])
    engine = db.make_engine(demo_db_url)
    with engine.connect() as connection:
        listed = set(inspect(connection).get_table_names()) - {backup.ALEMBIC}
        assert set(rows) == listed
        for name in listed:
            assert rows[name] == connection.scalar(text(f'SELECT COUNT(*) FROM "{name}"')), name
