"""Two staff changing the same action at once (score_dash/meetings/minutes.py `set_status`):
the changes are written one at a time, in a defined order, and a change from a form (or a
command) that saw an older state is refused with who changed it to what and when, never
written on top unseen. On SQLite always, on PostgreSQL when SCORE_TEST_PG_URL is set.

Each writer has its own engine (as two app processes would) and starts at a barrier; each
waits a moment between reading the history and writing (`held`), so that without the lock
both would read the same history and both would write (checked by removing the lock: the
tests of two writers at once then fail on both engines)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from score_dash import cli
from score_dash.meetings import minutes
from score_dash.store import db
from score_dash.store import models as m
from tests.conftest import pg_url

pytestmark = pytest.mark.db

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            pg_url() is None,
            reason="SCORE_TEST_PG_URL not set: PostgreSQL tests skipped "
            "(.ci/run starts a server and sets it)",
        ),
    ),
]
HOLD = 0.4  # seconds the first writer keeps the lock


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path) -> Iterator[str]:
    """An empty schema with one half-year (2017-H2) and action 1, 'open' (by the secretary)."""
    address = f"sqlite:///{tmp_path / 'actions.db'}" if request.param == "sqlite" else pg_url()
    assert address is not None
    engine = db.make_engine(address)
    db.drop_schema(engine)
    db.create_schema(engine)
    with Session(engine) as session, session.begin():
        session.add(
            m.Period(code="2017-H2", start_date=date(2017, 7, 1), end_date=date(2017, 12, 31))
        )
    ident = minutes.add_item(
        engine, period="2017-H2", kind="action", text="Recruit 20 in Pune", user="secretary"
    )
    assert ident == 1
    yield address
    db.drop_schema(engine)
    engine.dispose()


@pytest.fixture
def held(url, monkeypatch) -> list[str]:
    """Which writer went on after reading the action's history, in order. Each stops `HOLD`
    seconds between reading the history and writing its change (`set_status` takes the
    change's time stamp there), so that the other certainly reads the history before the
    first has written: only the lock keeps the second from reading the same history."""
    order: list[str] = []
    stamp = minutes.now

    def slow_now() -> datetime:
        order.append(threading.current_thread().name)
        time.sleep(HOLD)
        return stamp()

    monkeypatch.setattr(minutes, "now", slow_now)
    return order


def at_once(url: str, writers: dict[str, Callable[[Engine], None]]) -> dict[str, object]:
    """Run each writer in its own thread with its own engine, all released by one barrier;
    what each ended with (None, or the exception it raised), and how long all took."""
    barrier = threading.Barrier(len(writers))
    outcome: dict[str, object] = {}

    def run(name: str, write: Callable[[Engine], None]) -> None:
        engine = db.make_engine(url)
        try:
            barrier.wait(timeout=10)
            write(engine)
            outcome[name] = None
        except Exception as exc:  # the test looks at what was raised
            outcome[name] = exc
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run, args=item, name=item[0]) for item in writers.items()]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    outcome["seconds"] = time.monotonic() - started
    return outcome


def history(url: str) -> list[tuple[str, str, str]]:
    """Action 1's history as every reader gets it (`minutes.load`): status, comment, by."""
    changes = minutes.load(db.make_engine(url)).changes
    return [
        (row["Status"], row["Comment"], row["Changed by"])
        for row in changes[changes["ID"] == 1].to_dict("records")
    ]


def test_two_changes_at_once_both_land_in_the_order_they_took_the_lock(url, held) -> None:
    outcome = at_once(
        url,
        {
            "chair": lambda e: minutes.set_status(e, 1, "in progress", "chair's", "chair"),
            "secretary": lambda e: minutes.set_status(e, 1, "done", "secretary's", "secretary"),
        },
    )
    assert (outcome["chair"], outcome["secretary"]) == (None, None)
    assert sorted(held) == ["chair", "secretary"]
    # One waited for the other: together they took at least twice the time one waits.
    assert outcome["seconds"] >= 2 * HOLD
    first, second = held
    expected = {"chair": ("in progress", "chair's"), "secretary": ("done", "secretary's")}
    assert history(url) == [
        ("open", "", "secretary"),
        (*expected[first], first),
        (*expected[second], second),
    ]
    # The status is the later one's, for every reader.
    status = minutes.status_of(minutes.load(db.make_engine(url))).to_dict()
    assert status == {1: expected[second][0]}


def test_of_two_forms_that_saw_the_same_history_the_later_is_refused(url, held) -> None:
    # Both forms were drawn when the history held one change ('open').
    outcome = at_once(
        url,
        {
            "chair": lambda e: minutes.set_status(e, 1, "dropped", "", "chair", seen=1),
            "secretary": lambda e: minutes.set_status(e, 1, "done", "", "secretary", seen=1),
        },
    )
    first, second = held
    wanted = {"chair": "dropped", "secretary": "done"}
    assert outcome[first] is None
    refused = outcome[second]
    assert isinstance(refused, minutes.ChangedMeanwhile), refused
    assert (refused.item_id, refused.status, refused.by, refused.wanted) == (
        1,
        wanted[first],
        first,
        wanted[second],
    )
    assert f"changed meanwhile by {first} to '{wanted[first]}' at " in str(refused)
    assert f"your change to '{wanted[second]}' was not saved" in str(refused)
    # Nothing of the refused change was written.
    assert history(url) == [("open", "", "secretary"), (wanted[first], "", first)]


def test_a_refused_writer_that_saw_the_change_saves_again(url) -> None:
    engine = db.make_engine(url)
    minutes.set_status(engine, 1, "done", "", "chair", seen=1)
    with pytest.raises(minutes.ChangedMeanwhile):
        minutes.set_status(engine, 1, "dropped", "", "secretary", seen=1)
    # Drawn again, the form shows two changes.
    assert minutes.history_lengths(minutes.load(engine)) == {1: 2}
    minutes.set_status(engine, 1, "dropped", "after all", "secretary", seen=2)
    assert history(url) == [
        ("open", "", "secretary"),
        ("done", "", "chair"),
        ("dropped", "after all", "secretary"),
    ]


def test_a_change_and_back_is_still_a_change_meanwhile(url) -> None:
    # The status is 'open' again, as the form showed it, but two changes came in between.
    engine = db.make_engine(url)
    minutes.set_status(engine, 1, "done", "", "chair")
    minutes.set_status(engine, 1, "open", "reopened", "chair")
    with pytest.raises(minutes.ChangedMeanwhile, match="by chair to 'open'"):
        minutes.set_status(engine, 1, "dropped", "", "secretary", seen=1)
    assert len(history(url)) == 3


def test_a_change_after_one_stamped_later_by_a_fast_clock_still_comes_last(url) -> None:
    # Another process's clock ran a minute ahead when it wrote 'in progress'.
    engine = db.make_engine(url)
    ahead = minutes.now() + timedelta(minutes=1)
    with Session(engine) as session, session.begin():
        session.add(
            m.ReviewItemChange(
                item_id=1, status="in progress", comment="", changed_at=ahead, changed_by="fast"
            )
        )
    minutes.set_status(engine, 1, "done", "", "slow")
    assert [s for s, _, _ in history(url)] == ["open", "in progress", "done"]
    assert minutes.status_of(minutes.load(engine)).to_dict() == {1: "done"}
    with Session(engine) as session:
        stamps = session.scalars(
            select(m.ReviewItemChange.changed_at).order_by(m.ReviewItemChange.id)
        ).all()
    assert stamps[2] == ahead  # no earlier than the one before it


def test_the_command_line_checks_the_status_it_is_given(url, capsys) -> None:
    assert cli.main(["actions", "set", "1", "--status", "done", "--user", "chair",
                     "--url", url]) == 0  # fmt: skip
    # Expecting 'open', it is 'done' now: refused, nothing written.
    assert cli.main(["actions", "set", "1", "--status", "dropped", "--expected-status", "open",
                     "--user", "secretary", "--url", url]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "changed meanwhile by chair to 'done' at " in err
    assert "your change to 'dropped' was not saved" in err
    assert [s for s, _, _ in history(url)] == ["open", "done"]
    # Expecting what it is, or without the flag (as before), it is written.
    assert cli.main(["actions", "set", "1", "--status", "dropped", "--expected-status", "done",
                     "--user", "secretary", "--url", url]) == 0  # fmt: skip
    assert cli.main(["actions", "set", "1", "--status", "open", "--url", url]) == 0
    assert [s for s, _, _ in history(url)] == ["open", "done", "dropped", "open"]


def test_the_message_gives_the_time_and_the_date_when_not_today() -> None:
    at = datetime(2018, 2, 14, 10, 42, 5)
    today = minutes.ChangedMeanwhile(7, "dropped", "done", "chair", at, today=date(2018, 2, 14))
    assert str(today) == (
        "Action 7 was changed meanwhile by chair to 'done' at 10:42 UTC: your change to "
        "'dropped' was not saved; check and save again."
    )
    earlier = minutes.ChangedMeanwhile(7, "dropped", "done", "chair", at, today=date(2018, 2, 15))
    assert "at 14 Feb 2018 10:42 UTC:" in str(earlier)
    assert isinstance(earlier, minutes.RecordError)  # caught wherever a record is refused
