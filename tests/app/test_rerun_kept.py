"""A rerun with nothing changed repeats none of the common path's expensive work (issue 27's
mechanisms): the meetings' records are read again only once they changed, and a page's
report as the role may see it (the builder's figures, cut by `policy.restrict`, with the
notes) is assembled once per view and role; staff never get a viewer's, nor the reverse."""

from __future__ import annotations

import shutil

import pytest

from score_dash.access import policy
from score_dash.config import get_config
from score_dash.meetings import minutes
from score_dash.store import db
from tests.app.conftest import RunApp, errors, screen_values

RESULTS = "app_pages/results.py"
RAINS = "Late monsoon: fewer orders"
# The Results page's tables that have one row per enterprise or trainer: withheld from a
# viewer with this notice, shown to staff.
STAFF_ONLY = "One row per enterprise or per trainer\\: for project staff only\\."


@pytest.fixture
def copy_url(tmp_path, demo_db_url, monkeypatch) -> str:
    """A copy of the demo database, the app's, so that the process's caches (keyed by the
    database) hold nothing of it yet."""
    path = tmp_path / "kept.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()
    return url


def counted(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    """Every call of `module.name` from now on, by its second argument (or None)."""
    calls: list[object] = []
    original = getattr(module, name)

    def counting(*args, **kwargs):
        calls.append(args[1] if len(args) > 1 else None)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def notes_on_the_page(at) -> list[str]:
    return [
        note
        for table in at.dataframe
        if {"Note", "Recorded by"} <= set(table.value.columns)
        for note in screen_values(table.value)["Note"]
    ]


def test_the_meetings_records_are_read_again_only_once_they_changed(
    run_app: RunApp, copy_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = counted(monkeypatch, minutes, "load")
    at = run_app(page=RESULTS, params={"kpi": "Productivity"})
    assert errors(at) == []
    assert len(loads) == 1
    assert notes_on_the_page(at) == []
    at.run()
    at.run()
    assert errors(at) == []
    assert len(loads) == 1  # two reruns read nothing
    # Another session (or process) records a note: the next run reads the records again
    # and the page shows it.
    engine = db.make_engine(copy_url)
    minutes.add_note(engine, indicator="productivity", period="2016-H1", text=RAINS, user="officer")
    at.run()
    assert errors(at) == []
    assert len(loads) == 2
    assert notes_on_the_page(at) == [RAINS]
    # Showing it to viewers changes no row count of the note itself: its release is a row.
    before = minutes.records_version(engine)
    (note_id,) = minutes.load(engine).notes["ID"]
    assert minutes.release(engine, "note", int(note_id), "officer", policy.Role.STAFF)
    assert minutes.records_version(engine) != before
    engine.dispose()


def test_a_viewers_page_is_cut_once_per_view_and_staff_get_their_own(
    run_app: RunApp, copy_url: str, signed_in, monkeypatch: pytest.MonkeyPatch
) -> None:
    restricted = counted(monkeypatch, policy, "restrict")
    cut = counted(monkeypatch, minutes, "for_viewer")
    viewer = run_app(page=RESULTS, params={"kpi": "Productivity"}, user="viewer")
    assert errors(viewer) == []
    assert restricted == [policy.Role.VIEWER]
    assert len(cut) == 1
    withheld = [info.value for info in viewer.info if info.value == STAFF_ONLY]
    assert len(withheld) == 2
    viewer.run()
    viewer.run()
    assert errors(viewer) == []
    assert restricted == [policy.Role.VIEWER]  # the protection's result kept for the view
    assert len(cut) == 1  # and the viewer's cut of the records
    assert [info.value for info in viewer.info if info.value == STAFF_ONLY] == withheld
    # The same link opened by staff: their own report, with the tables a viewer's lacks.
    staff = run_app(page=RESULTS, params={"kpi": "Productivity"}, user="staff")
    assert errors(staff) == []
    assert restricted == [policy.Role.VIEWER, policy.Role.STAFF]
    assert [info.value for info in staff.info if info.value == STAFF_ONLY] == []
    # ...and a viewer after staff still gets the viewer's, not staff's.
    again = run_app(page=RESULTS, params={"kpi": "Productivity"}, user="viewer")
    assert errors(again) == []
    assert [info.value for info in again.info if info.value == STAFF_ONLY] == withheld
