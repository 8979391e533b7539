"""A process made ready before its server starts (score_dash/serve.py, score_dash/ui/startup.py):
the current frames already in the shared cache, the first visit rehearsed, and nothing that
can stop a start. The browser tests start every server this way (tests/e2e/conftest.py)."""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest
from streamlit.web import bootstrap, cli

from score_dash.config import get_config
from score_dash.store import db, schema
from score_dash.ui import context, startup

APP = Path(__file__).resolve().parents[2] / "app.py"
FIRST_RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "first_release.sql"
READY = re.compile(r"ready for the first visit in \d+\.\d s \(data version (\d+)\)")


def use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()


def test_a_prepared_process_holds_the_current_frames_before_anyone_visits(
    demo_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "score.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    use_database(monkeypatch, url)
    with db.make_engine(url).connect() as connection:
        version = connection.execute(
            text("SELECT value FROM meta WHERE key = 'data_version'")
        ).scalar_one()
        enterprises = connection.execute(text("SELECT count(*) FROM enterprises")).scalar_one()

    said = startup.prepare(APP)

    assert READY.fullmatch(said), said
    assert READY.fullmatch(said)[1] == version
    # The database and its snapshots gone, the frames come from the cache alone: a miss
    # would query an empty new file and fail.
    context.get_engine(url).dispose()
    path.unlink()
    shutil.rmtree(tmp_path / "score.db.frames")
    frames = context.load_frames(url, version)
    assert len(frames["enterprises"]) == enterprises


def test_the_rehearsal_runs_the_default_page_and_reports_what_went_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_db_url: str
):
    use_database(monkeypatch, demo_db_url)
    assert startup.rehearse(APP) == []
    broken = tmp_path / "broken.py"
    broken.write_text("import streamlit as st\n\nst.title('x')\nraise ValueError('no luck')\n")
    # One error, in the words the page showed (redacted by .streamlit/config.toml: the
    # traceback is in the server log).
    assert len(startup.rehearse(broken)) == 1


def test_an_empty_database_is_left_for_the_first_visit_to_fill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    use_database(monkeypatch, url)
    said = startup.prepare(APP)
    assert re.fullmatch(
        r"ready for the first visit in \d+\.\d s \(no data in the database yet\)", said
    )
    # No demo data loaded at start: the first visit creates them with its notice (make run).
    assert db.is_empty(db.make_engine(url))


def test_a_database_that_cannot_be_reached_does_not_stop_the_start(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    use_database(monkeypatch, "postgresql+psycopg://nobody@127.0.0.1:9/score")  # nothing on 9
    with caplog.at_level(logging.WARNING, logger="score_dash"):
        said = startup.prepare(APP)
    assert said == "not ready ahead of the first visit (see the warning above)"
    assert "Not ready ahead of the first visit" in caplog.text


def test_the_command_line_s_options_hold_for_the_rehearsal_and_go_on_to_streamlit(
    monkeypatch: pytest.MonkeyPatch,
):
    seen: dict[str, object] = {}

    def prepare(script: Path | None) -> str:
        seen["script"] = script
        seen["port"] = st_config.get_option("server.port")
        seen["watcher"] = st_config.get_option("server.fileWatcherType")
        return "ready"

    def streamlit_cli(prog_name: str) -> None:
        seen["argv"] = list(startup.sys.argv)

    monkeypatch.setattr(startup, "prepare", prepare)
    monkeypatch.setattr(cli, "main", streamlit_cli)
    try:
        startup.serve(
            ["run", "app.py", "--server.port", "8765", "--server.fileWatcherType", "none"]
        )
    finally:
        bootstrap.load_config_options(flag_options={})  # the other tests' defaults
    assert seen == {
        "script": Path("app.py"),
        "port": 8765,
        "watcher": "none",
        "argv": [
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            "8765",
            "--server.fileWatcherType",
            "none",
        ],
    }


def first_release_database(tmp_path: Path) -> str:
    """A database made by the first release (tests/fixtures/first_release.sql): behind the code."""
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    connection.executescript(FIRST_RELEASE.read_text(encoding="utf-8"))
    connection.close()
    return f"sqlite:///{path}"


def test_a_database_behind_the_code_stops_the_start_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    use_database(monkeypatch, first_release_database(tmp_path))
    started: list[str] = []
    monkeypatch.setattr(startup, "prepare", lambda script: started.append("prepare") or "")
    monkeypatch.setattr(cli, "main", lambda prog_name: started.append("streamlit"))
    with pytest.raises(SystemExit) as stopped:
        startup.serve(["run", "app.py"])
    assert stopped.value.code == 2
    assert started == []
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("SCORE dashboard: not started: The database's schema is older")
    assert "`python -m score_dash db upgrade`" in err


def test_the_page_on_a_database_behind_the_code_says_how_to_upgrade_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    url = first_release_database(tmp_path)
    use_database(monkeypatch, url)
    run = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not run.exception
    with pytest.raises(schema.SchemaOutOfDate) as refused:
        schema.check_current(db.make_engine(url))
    assert [error.value for error in run.error] == [str(refused.value)]
    assert "python -m score_dash db upgrade" in run.error[0].value
    # Nothing was created or loaded: the database is as the first release left it.
    assert not inspect(db.make_engine(url)).has_table("reviews")
