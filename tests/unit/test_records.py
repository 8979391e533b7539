"""Decisions, action points and notes (score_dash/meetings/minutes.py): the status history is only
added to, the overdue rule, the tallies, what a viewer reads, and the three sheets written
and read back. Expected values are worked out by hand from the rows each test writes."""

from __future__ import annotations

import io
import shutil
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from score_dash import cli
from score_dash.access.policy import Role, can_annotate, can_record, role_of
from score_dash.core import i18n
from score_dash.ingest import records as record_sheets
from score_dash.meetings import actions, minutes
from score_dash.store import db, loading, schema
from score_dash.store import models as m


@pytest.fixture
def engine(tmp_path, demo_db_url):
    """A writable copy of the demo database (half-years 2014-H1 to 2017-H2)."""
    path = tmp_path / "records.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    return db.make_engine(f"sqlite:///{path}")


def test_an_actions_status_changes_are_kept_as_history(engine) -> None:
    ident = minutes.add_item(
        engine,
        period="2017-H1",
        kind="action",
        text="Recruit 20 more enterprises in Pune",
        user="secretary@labour.example",
        owner="Employers' federation",
        due=date(2017, 12, 31),
    )
    minutes.set_status(engine, ident, "in progress", "10 signed", "officer@score.example")
    minutes.set_status(engine, ident, "done", "20 signed", "officer@score.example")
    with Session(engine) as session:
        rows = session.execute(
            select(m.ReviewItemChange.status, m.ReviewItemChange.comment).order_by(
                m.ReviewItemChange.id
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("open", ""),
        ("in progress", "10 signed"),
        ("done", "20 signed"),
    ]
    assert minutes.status_of(minutes.load(engine)).to_dict() == {ident: "done"}


def test_a_status_as_it_stood_at_a_moment() -> None:
    # handmade(): action 3 open on 2017-08-14, done on 2017-12-01.
    assert minutes.status_of(handmade(), at=datetime(2017, 11, 30))[3] == "open"
    assert minutes.status_of(handmade(), at=datetime(2017, 12, 1))[3] == "done"
    assert minutes.status_of(handmade())[4] == "in progress"


def test_a_decision_has_no_status_and_bad_entries_are_refused(engine) -> None:
    ident = minutes.add_item(
        engine, period="2017-H1", kind="decision", text="Extend Module 5 to Tiruppur", user="u"
    )
    with pytest.raises(minutes.RecordError, match="only an action has a status"):
        minutes.set_status(engine, ident, "done", "", "u")
    with pytest.raises(minutes.RecordError, match="not in the data"):
        minutes.add_item(engine, period="2031-H1", kind="action", text="x", user="u")
    with pytest.raises(minutes.RecordError, match="empty"):
        minutes.add_item(engine, period="2017-H1", kind="action", text="   ", user="u")
    with pytest.raises(minutes.RecordError, match="no owner or due date"):
        minutes.add_item(engine, period="2017-H1", kind="decision", text="x", user="u", owner="ILO")
    with pytest.raises(minutes.RecordError, match="status must be one of"):
        minutes.set_status(engine, ident, "finished", "", "u")
    with pytest.raises(minutes.RecordError, match="No indicator or KPI"):
        minutes.add_note(engine, indicator="nonsense", period="2017-H1", text="x", user="u")
    assert minutes.count(engine) == {
        minutes.ITEMS: 1,
        minutes.CHANGES: 0,
        minutes.NOTES: 0,
    }


@pytest.mark.parametrize(
    ("due", "status", "as_of", "expected"),
    [
        (date(2018, 1, 30), "open", date(2018, 2, 14), True),
        (date(2018, 1, 30), "in progress", date(2018, 2, 14), True),
        (date(2018, 1, 30), "done", date(2018, 2, 14), False),
        (date(2018, 1, 30), "dropped", date(2018, 2, 14), False),
        (date(2018, 2, 14), "open", date(2018, 2, 14), False),  # due on the day: not yet
        (None, "open", date(2018, 2, 14), False),
    ],
)
def test_the_overdue_rule(due, status, as_of, expected) -> None:
    assert minutes.is_overdue(due, status, as_of) is expected


def handmade() -> minutes.Records:
    """Two decisions and three actions of 2017-H1; action 3 done, 4 in progress, 5 open."""
    t = datetime(2017, 8, 14, 10, 0, 0)
    items = pd.DataFrame(
        [
            (1, "2017-H1", "decision", "Extend Module 5 to Tiruppur", "", None),
            (2, "2017-H1", "decision", "Hold the next review in Chennai", "", None),
            (3, "2017-H1", "action", "Recruit 20 in Pune", "Employers' federation", "2017-12-31"),
            (4, "2017-H1", "action", "Train 10 inspectors", "Labour department", "2018-01-31"),
            (5, "2017-H1", "action", "Publish two case studies", "ILO", "2018-03-31"),
        ],
        columns=["ID", "Review", "Kind", "Text", "Owner", "Due"],
    ).assign(Page="", Link="", Indicator="", **{"Recorded at": t, "Recorded by": "sec"})
    items["Due"] = pd.to_datetime(items["Due"])
    changes = pd.DataFrame(
        [
            (3, "open", "", t, "sec"),
            (4, "open", "", t, "sec"),
            (5, "open", "", t, "sec"),
            (3, "done", "20 signed", datetime(2017, 12, 1), "officer"),
            (4, "in progress", "", datetime(2017, 12, 2), "officer"),
        ],
        columns=list(minutes.CHANGE_COLUMNS),
    )
    return minutes.Records(items, changes, pd.DataFrame(columns=list(minutes.NOTE_COLUMNS)))


def test_the_next_reviews_tally_judges_overdue_at_its_meeting_date() -> None:
    # At the meeting of 2018-02-14: 3 done; 4 in progress, due 2018-01-31: overdue;
    # 5 open, due 2018-03-31: not yet.
    sheet = actions.last_review_sheet(handmade(), "2017-H1", as_of=date(2018, 2, 14))
    table = sheet.frame
    assert dict(zip(table["ID"], table["Status"], strict=True)) == {
        1: "",
        2: "",
        3: "done",
        4: "in progress",
        5: "open",
    }
    assert table.loc[table["Overdue"] == "yes", "ID"].tolist() == [4]
    assert minutes.tally(table) == {
        "actions": 3,
        "done": 1,
        "open": 2,
        "dropped": 0,
        "overdue": 1,
        "decisions": 2,
    }
    assert sheet.note == "Review of 2017-H1: 3 actions: 1 done, 2 open (1 overdue); 2 decisions."
    # As they stood on 2017-11-30 (a review published then): nothing done yet.
    earlier = actions.last_review_sheet(
        handmade(), "2017-H1", as_of=date(2018, 2, 14), at=datetime(2017, 11, 30)
    )
    assert minutes.tally(earlier.frame)["done"] == 0
    assert actions.last_review_sheet(handmade(), "2016-H2", as_of=None).frame.empty


def test_the_decisions_page_filters_by_review_status_and_owner() -> None:
    def ids(**choices: str) -> list[int]:
        report = actions.build_report(
            {}, None, None, records=handmade(), as_of=date(2018, 2, 14), **choices
        )
        return report.table(minutes.ITEMS)["ID"].tolist()

    assert ids() == [1, 2, 3, 4, 5]
    assert ids(status="overdue") == [4]
    assert ids(status="open") == [5]
    assert ids(owner="ILO") == [5]
    assert ids(decided="2016-H2") == []


# E00004 of the demo is "Bharat Components Pvt Ltd (fictional)", in Faridabad (checked below).
FIRM_NOTE = "Bharat Components took on 30 contract workers"


def shown_to_viewer(engine) -> minutes.Records:
    frames = loading.load_frames(engine)
    return minutes.for_viewer(minutes.load(engine), frames["enterprises"], 3)


def test_a_note_reaches_viewers_only_once_staff_show_it(engine) -> None:
    enterprises = loading.load_frames(engine)["enterprises"].set_index("enterprise")
    assert enterprises.loc["E00004", "name"] == "Bharat Components Pvt Ltd (fictional)"
    ident = minutes.add_note(
        engine, indicator="productivity", period="2017-H1", text=FIRM_NOTE, user="officer"
    )
    assert minutes.load(engine).notes["Text"].tolist() == [FIRM_NOTE]  # staff read it
    assert shown_to_viewer(engine).notes.empty  # a viewer does not, until it is shown
    for role in (Role.VIEWER, Role.SECRETARY):
        with pytest.raises(minutes.RecordError, match="Only project staff"):
            minutes.release(engine, "note", ident, "minutes@labour.example", role)
    assert shown_to_viewer(engine).notes.empty

    assert minutes.release(engine, "note", ident, "officer@score.example", Role.STAFF)
    seen = shown_to_viewer(engine).notes
    assert seen["Text"].tolist() == [FIRM_NOTE]
    assert minutes.SHOWN not in seen.columns
    assert not minutes.release(engine, "note", ident, "officer@score.example", Role.STAFF)

    assert minutes.release(engine, "note", ident, "admin@score.example", Role.ADMIN, shown=False)
    assert shown_to_viewer(engine).notes.empty
    history = minutes.release_history(engine)
    assert history[["Record", "ID", "Shown", "Changed by"]].values.tolist() == [
        ["note", ident, "yes", "officer@score.example"],
        ["note", ident, "", "admin@score.example"],
    ]
    assert history["Changed at"].notna().all()


def test_a_decision_not_shown_keeps_its_row_but_no_text_owner_link_or_comment(engine) -> None:
    decision = minutes.add_item(
        engine, period="2017-H1", kind="decision", text=FIRM_NOTE, user="officer"
    )
    action = minutes.add_item(
        engine,
        period="2017-H1",
        kind="action",
        text="Visit the plant",
        owner="Uday Auto Parts owner",
        due=date(2017, 12, 31),
        link="https://dash.example/results?cluster=Faridabad",
        user="officer",
    )
    minutes.set_status(engine, action, "in progress", "Bharat agreed", "officer")
    items = shown_to_viewer(engine).items
    assert items["ID"].tolist() == [decision, action]
    assert items["Text"].tolist() == [minutes.STAFF_ONLY_TEXT] * 2
    assert items["Owner"].tolist() == ["", ""]
    assert items["Link"].tolist() == ["", ""]
    changes = shown_to_viewer(engine).changes
    assert changes[["Status", "Comment"]].values.tolist() == [["open", ""], ["in progress", ""]]

    minutes.release(engine, "item", action, "officer", Role.STAFF)
    seen = shown_to_viewer(engine)
    assert seen.items["Text"].tolist() == [minutes.STAFF_ONLY_TEXT, "Visit the plant"]
    assert seen.items["Owner"].tolist() == ["", "Uday Auto Parts owner"]
    assert seen.changes["Comment"].tolist() == ["", "Bharat agreed"]
    # A comment written after the release waits for the next one; a secretary's does not.
    minutes.set_status(engine, action, "done", "Signed with Bharat", "officer")
    minutes.set_status(engine, action, "done", "Closed in the meeting", "minutes", release=True)
    assert shown_to_viewer(engine).changes["Comment"].tolist()[2:] == ["", "Closed in the meeting"]
    minutes.release(engine, "item", action, "officer", Role.STAFF)
    assert shown_to_viewer(engine).changes["Comment"].tolist()[2] == "Signed with Bharat"


def test_notes_on_an_enterprise_or_a_small_cluster_stay_with_staff_even_when_shown(
    demo_frames,
) -> None:
    enterprises = demo_frames["enterprises"]
    sizes = enterprises["cluster"].value_counts()
    t = datetime(2017, 8, 14)
    rows = [
        (1, "productivity", "2015-H1", "Tamil Nadu", "", "", "Floods in Chennai", t, "s", "yes"),
        (2, "productivity", "2015-H1", "", "", "E00001", "Fire at the plant", t, "s", "yes"),
        (3, "defect_rate", "2016-H1", "", "", "", "New process", t, "s", ""),
        (4, "waste", "2016-H1", "", "Bengaluru", "", "Strike", t, "s", "yes"),
    ]
    notes = pd.DataFrame(rows, columns=[*minutes.NOTE_COLUMNS, minutes.SHOWN])
    # Bengaluru has 18 enterprises in the demo: below a threshold of 20, above one of 3.
    assert sizes["Bengaluru"] == 18
    base = handmade()
    cut = minutes.for_viewer(minutes.Records(base.items, base.changes, notes), enterprises, 20)
    assert cut.notes["ID"].tolist() == [1]
    cut = minutes.for_viewer(minutes.Records(base.items, base.changes, notes), enterprises, 3)
    assert cut.notes["ID"].tolist() == [1, 4]
    # Records without the mark at all (read by an older caller) show a viewer no text.
    assert cut.items["Text"].tolist() == [minutes.STAFF_ONLY_TEXT] * 5


def test_a_note_on_one_enterprise_cannot_be_shown(engine) -> None:
    ident = minutes.add_note(
        engine,
        indicator="productivity",
        period="2017-H1",
        text="Reported in lakh",
        enterprise="E00001",
        user="officer",
    )
    with pytest.raises(minutes.RecordError, match="one enterprise"):
        minutes.release(engine, "note", ident, "officer", Role.STAFF)


def test_the_writer_is_warned_of_a_word_of_an_enterprises_name() -> None:
    enterprises = pd.DataFrame(
        {
            "enterprise": ["E00004", "E00009"],
            "name": ["Bharat Components Pvt Ltd (fictional)", "Sunrise Garments & Co."],
            "cluster": ["Faridabad", "Tiruppur"],
        }
    )
    words = minutes.name_words(enterprises)
    assert words == {"e00004", "e00009", "bharat", "sunrise"}
    warning = minutes.name_warning(FIRM_NOTE, words)
    assert "'Bharat'" in warning and "Components" not in warning
    assert "'e00009'" in minutes.name_warning("Call e00009 today", words)
    assert minutes.name_warning("Components and garments in Faridabad", words) == ""
    assert minutes.name_warning("Floods in Tiruppur", words) == ""


def test_an_older_database_gains_the_mark_and_shows_nothing_written_before(engine) -> None:
    ident = minutes.add_note(
        engine, indicator="productivity", period="2017-H1", text="Floods", user="officer"
    )
    # As the release before the mark left it (revision 0003_decisions), made before migrations.
    with engine.begin() as connection:
        for table in ("figure_notes", "review_items", "review_item_changes"):
            for column in ("released_at", "released_by"):
                connection.exec_driver_sql(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
        connection.exec_driver_sql("DROP TABLE record_releases")
        connection.exec_driver_sql("DROP TABLE alembic_version")
    was, _ = schema.upgrade(engine)  # python -m score_dash db upgrade
    assert was.recognised == "0003_decisions"
    assert minutes.load(engine).notes[minutes.SHOWN].tolist() == [""]
    assert shown_to_viewer(engine).notes.empty
    minutes.release(engine, "note", ident, "officer", Role.STAFF)
    assert shown_to_viewer(engine).notes["Text"].tolist() == ["Floods"]


def test_roles_who_may_record() -> None:
    assert role_of("minutes@labour.example", (), (), ("minutes@labour.example",)) == (
        Role.SECRETARY
    )
    assert role_of("minutes@labour.example", ("@labour.example",), (), ("@labour.example",)) == (
        Role.STAFF
    )
    assert [can_record(r) for r in Role] == [False, True, True, True]
    assert [can_annotate(r) for r in Role] == [False, False, True, True]


def fill(engine) -> None:
    one = minutes.add_item(
        engine, period="2017-H1", kind="decision", text='=HYPERLINK("x")', user="sec"
    )
    two = minutes.add_item(
        engine,
        period="2017-H1",
        kind="action",
        text="Recruit 20 more enterprises in Pune",
        user="sec",
        owner="Employers' federation",
        due=date(2017, 12, 31),
        link="http://127.0.0.1:8501/results?kpi=Defect+rate&meeting=true",
        page="results",
        indicator="defect_rate",
    )
    minutes.set_status(engine, two, "done", "20 signed", "officer")
    minutes.add_note(
        engine,
        indicator="productivity",
        period="2015-H1",
        text="Chennai floods closed 12 enterprises for six weeks",
        user="officer",
        state="Tamil Nadu",
    )
    del one


def sheets_of(data: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(data))
    return {
        name: [tuple(c.value for c in row) for row in workbook[name].iter_rows()]
        for name in minutes.SHEETS
    }


def test_the_three_sheets_round_trip_into_another_database(engine, tmp_path, demo_db_url):
    fill(engine)
    exported = record_sheets.export_workbook(minutes.load(engine))
    written = sheets_of(exported)
    assert written[minutes.ITEMS][1][3] == '=HYPERLINK("x")'  # text, not a formula
    assert len(written[minutes.CHANGES]) == 3  # header, open, done

    other_path = tmp_path / "other.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), other_path)
    other = db.make_engine(f"sqlite:///{other_path}")
    result = record_sheets.import_workbook(other, exported)
    assert result.ok, result.problems
    assert result.added == {minutes.ITEMS: 2, minutes.CHANGES: 2, minutes.NOTES: 1}
    assert sheets_of(record_sheets.export_workbook(minutes.load(other))) == written
    again = record_sheets.import_workbook(other, exported)
    assert again.added == {minutes.ITEMS: 0, minutes.CHANGES: 0, minutes.NOTES: 0}
    # New records get IDs after the imported ones.
    assert minutes.add_item(other, period="2017-H2", kind="decision", text="x", user="u") == 3


def test_an_import_that_would_overwrite_a_record_changes_nothing(engine) -> None:
    fill(engine)
    loaded = minutes.load(engine)
    items = loaded.items.copy()
    items.loc[1, "Owner"] = "Someone else"
    items.loc[2] = items.loc[1].to_dict() | {"ID": 9, "Review": "2031-H1", "Kind": "action"}
    changed = record_sheets.export_workbook(minutes.Records(items, loaded.changes, loaded.notes))
    result = record_sheets.import_workbook(engine, changed)
    assert result.problems == [
        "Sheet 'Decisions and actions', row 4, column 'Review': the half-year '2031-H1' "
        "is not in the data."
    ]
    items = items.drop(index=2)
    result = record_sheets.import_workbook(
        engine, record_sheets.export_workbook(minutes.Records(items, loaded.changes, loaded.notes))
    )
    assert result.problems == [
        "Sheet 'Decisions and actions', row 3, column 'Owner': ID 2 is in the database with "
        "a different value; a record is never overwritten."
    ]
    assert minutes.load(engine).items["Owner"].tolist() == ["", "Employers' federation"]
    # In Hindi, from the catalog: the cell's place and the problem both (sheet, column and
    # value as recorded).
    hindi = i18n.in_language(
        "hi",
        record_sheets.import_workbook,
        engine,
        record_sheets.export_workbook(
            minutes.Records(
                items.assign(Text=["", *items["Text"][1:]]), loaded.changes, loaded.notes
            )
        ),
    )
    assert hindi.problems == ["शीट 'Decisions and actions', पंक्ति 2, स्तंभ 'Text': पाठ खाली है।"]


def test_the_command_line_adds_lists_and_closes_actions(engine, capsys) -> None:
    url = str(engine.url)
    assert (
        cli.main(
            [
                "actions",
                "add",
                "--review",
                "2017-H2",
                "--text",
                "Recruit 20 more enterprises in Pune",
                "--owner",
                "Employers' federation",
                "--due",
                "2018-01-30",
                "--url",
                url,
            ]
        )
        == 0
    )
    assert cli.main(["actions", "add", "--review", "2017-H2", "--kind", "decision",
                     "--text", "Extend Module 5 to Tiruppur", "--url", url]) == 0  # fmt: skip
    assert cli.main(["actions", "set", "1", "--status", "in progress", "--url", url]) == 0
    capsys.readouterr()
    assert cli.main(["actions", "list", "--open", "--url", url]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 1
    assert "(in progress, overdue) [Employers' federation] due 30 Jan 2018" in listed[0]
    assert cli.main(["actions", "set", "2", "--status", "done", "--url", url]) == 1
    assert "only an action has a status" in capsys.readouterr().err
    assert cli.main(["actions", "add", "--review", "2017-H2", "--text", "x", "--due",
                     "31/01/2018", "--url", url]) == 2  # fmt: skip
