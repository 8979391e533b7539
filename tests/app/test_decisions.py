"""What the meeting decided, in the app: staff record from any page in meeting mode and the
view's link goes with it; a viewer reads but cannot write; the secretary records but adds no
notes; the next review's Overview counts the last review's actions.

Expected counts are worked out by hand from the rows each test records."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from pypdf import PdfReader

from score_dash import cli
from score_dash.access.policy import Identity, Role
from score_dash.config import get_config
from score_dash.meetings import minutes, reviews
from score_dash.store import db
from score_dash.ui import decisions
from score_dash.ui.context import View
from tests.app.conftest import RunApp, errors, last_download, table, visible
from tests.conftest import pg_url
from tests.excel import read_sheet
from tests.pack_pages import only_pages


@pytest.fixture
def engine(tmp_path, demo_db_url, monkeypatch):
    """A writable copy of the demo (half-years up to 2017-H2; the meeting of the 2017-H2
    review on 2018-02-14, from the periods table)."""
    path = tmp_path / "decisions.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()
    return db.make_engine(url)


def record_here(at, text: str, kind: str = "decision", owner: str = "", due=None) -> None:
    """Fill and send the toolbar's "Record a decision" form."""
    at.button_group(key="record_here_kind").set_value(kind)
    at.text_area(key="record_here_text").input(text)
    if owner:
        at.selectbox(key="record_here_owner").set_value(owner)
    if due:
        at.date_input(key="record_here_due").set_value(due)
    submit = [b for b in at.button if b.label == "Record" and "record_here" in b.proto.form_id]
    submit[0].click().run()


def test_staff_record_from_a_page_in_meeting_mode_with_the_views_link(
    run_app: RunApp, engine
) -> None:
    # An owner named before is offered again (suggestions from earlier entries).
    minutes.add_item(
        engine,
        period="2017-H1",
        kind="action",
        text="Sign up two associations",
        user="s",
        owner="Employers' federation",
    )
    at = run_app("app_pages/results.py", params={"meeting": "true", "state": "Haryana"})
    at.selectbox(key="kpi").set_value("defect_rate").run()
    assert errors(at) == []
    assert at.toggle(key="meeting").value is True
    record_here(
        at,
        "The employers' federation recruits 20 more enterprises in Pune",
        kind="action",
        owner="Employers' federation",
        due=date(2018, 6, 30),
    )
    assert errors(at) == []
    assert at.toggle(key="meeting").value is True  # still in meeting mode
    assert any(
        "Recorded action 2 for the review of 2017-H2" in visible(s.value) for s in at.success
    )
    items = minutes.load(engine).items
    assert len(items) == 2
    row = items.iloc[1]
    assert (row["Review"], row["Kind"], row["Owner"], row["Page"]) == (
        "2017-H2",
        "action",
        "Employers' federation",
        "results",
    )
    assert str(row["Due"].date()) == "2018-06-30"
    assert row["Recorded by"] == "local user"
    link = row["Link"]
    assert "/results?" in link or link.split("?")[0].endswith("results")
    for part in ("meeting=true", "state=Haryana", "kpi=Defect+rate"):
        assert part in link, link


def test_a_viewer_reads_the_record_but_cannot_write(run_app: RunApp, engine, signed_in) -> None:
    minutes.add_item(
        engine,
        period="2017-H2",
        kind="action",
        text="Train 10 labour inspectors in Haryana",
        user="minutes@labour.example",
        owner="Labour department",
        due=date(2018, 1, 31),
        link="http://127.0.0.1:8501/results?state=Haryana",
        release=True,  # the secretary's, in the meeting
    )
    at = run_app("app_pages/decisions.py", user="viewer")
    assert errors(at) == []
    items = table(at, "decisions_items").value
    assert items["Text"].tolist() == ["Train 10 labour inspectors in Haryana"]
    assert items["Status"].tolist() == ["open"]
    # Due 2018-01-31, before the 2017-H2 review's meeting (2018-02-14): overdue.
    assert items["Overdue"].tolist() == ["yes"]
    assert items["Link"].tolist() == ["http://127.0.0.1:8501/results?state=Haryana"]
    keys = {w.key for w in at.text_area} | {w.key for w in at.selectbox}
    assert not {"record_here_text", "record_page_text", "status_item", "note_text"} & keys
    assert not any(p.proto.popover.label == "Record a decision" for p in at.get("popover"))
    # The rule holds on the server too, whatever drew (or did not draw) the form.
    viewer = View(
        filters=None,
        options=None,
        periods=None,
        frames={},
        all_frames={},
        config=get_config(),
        is_demo=True,
        data_as_of="",
        data_version="1",
        identity=Identity(Role.VIEWER, "member@employers.example"),
    )
    with pytest.raises(decisions.NotAllowed):
        decisions.record_item(viewer, kind="decision", item_text="x")
    with pytest.raises(decisions.NotAllowed):
        decisions.change_status(viewer, 1, "done", "")
    with pytest.raises(decisions.NotAllowed):
        decisions.release_record(viewer, "item", 1, shown=False)
    assert minutes.status_of(minutes.load(engine)).to_dict() == {1: "open"}
    assert minutes.load(engine).items[minutes.SHOWN].tolist() == ["yes"]


def test_the_secretary_records_and_changes_a_status_but_adds_no_note(
    run_app: RunApp, engine, signed_in
) -> None:
    ident = minutes.add_item(
        engine,
        period="2017-H2",
        kind="action",
        text="Publish two case studies",
        user="officer@score-india.example",
        owner="ILO",
    )
    at = run_app("app_pages/decisions.py", user="secretary")
    assert errors(at) == []
    assert any(p.proto.popover.label == "Record a decision" for p in at.get("popover"))
    assert "note_text" not in {w.key for w in at.text_area}
    at.selectbox(key="status_item").set_value(ident)
    at.radio(key="status_new").set_value("done")
    at.text_input(key="status_comment").input("Both on the ILO site")
    next(b for b in at.button if b.label == "Change the status").click().run()
    assert errors(at) == []
    changes = minutes.load(engine).changes
    assert changes[["Status", "Comment", "Changed by"]].values.tolist() == [
        ["open", "", "officer@score-india.example"],
        ["done", "Both on the ILO site", "minutes@labour.example"],
    ]
    assert table(at, "decisions_items").value["Status"].tolist() == ["done"]


def test_the_next_reviews_overview_counts_the_last_reviews_actions(run_app: RunApp, engine) -> None:
    # Recorded at the review of 2017-H1; the 2017-H2 review meets on 2018-02-14.
    for text in ("Extend Module 5 to the Tiruppur garment cluster", "Hold a review in Pune"):
        minutes.add_item(engine, period="2017-H1", kind="decision", text=text, user="s")
    due = {"Recruit 20 in Pune": date(2017, 12, 31), "Train 10 inspectors": date(2018, 1, 31)}
    ids = {
        text: minutes.add_item(
            engine, period="2017-H1", kind="action", text=text, user="s", owner="ILO", due=day
        )
        for text, day in (*due.items(), ("Publish case studies", date(2018, 3, 31)))
    }
    minutes.set_status(engine, ids["Recruit 20 in Pune"], "done", "", "s")
    at = run_app(params={"period": "2017-H2"})
    assert errors(at) == []
    assert any(visible(h.value) == "Actions from the last review (2017-H1)" for h in at.header)
    cards = {m.label: m.value for m in at.metric}
    # Done: Recruit. Open: Train (due 2018-01-31, overdue at 2018-02-14) and Publish.
    assert (cards["Done"], cards["Open"], cards["Overdue"], cards["Decisions"]) == (
        "1",
        "2",
        "1",
        "2",
    )
    assert any(
        "Review of 2017-H1: 3 actions: 1 done, 2 open (1 overdue); 2 decisions." in visible(c.value)
        for c in at.caption
    )
    sheet = read_sheet(last_download(at, "overview"), "Actions from the last review")
    assert sheet["Text"].tolist() == [
        "Extend Module 5 to the Tiruppur garment cluster",
        "Hold a review in Pune",
        "Recruit 20 in Pune",
        "Train 10 inspectors",
        "Publish case studies",
    ]
    assert sheet["Status"].fillna("").tolist() == ["", "", "done", "open", "open"]


def test_the_decisions_page_filters_and_its_excel(run_app: RunApp, engine) -> None:
    minutes.add_item(engine, period="2017-H2", kind="decision", text="Go on", user="s")
    minutes.add_item(
        engine, period="2017-H2", kind="action", text="Report back", user="s", owner="ILO"
    )
    at = run_app("app_pages/decisions.py", params={"status": "Open"})
    assert errors(at) == []
    assert table(at, "decisions_items").value["Text"].tolist() == ["Report back"]
    sheet = read_sheet(last_download(at, "decisions"), minutes.ITEMS)
    assert sheet["Text"].tolist() == ["Report back"]
    bad = run_app("app_pages/decisions.py", params={"status": "<b>finished</b>"})
    assert errors(bad) == []
    assert any("Ignored in the link: status" in visible(i.value) for i in bad.info)


def test_a_full_cycle_from_one_review_to_the_next(
    run_app: RunApp, engine, signed_in, tmp_path, monkeypatch
) -> None:
    """Publish the review of 2017-H1; during its meeting (meeting mode, the review as
    presented) staff record two decisions and three actions; one action is closed later; the
    review of 2017-H2 is published: its Overview shows 1 done and 2 open with their owners,
    its pack lists them, and a viewer sees it all and can change nothing."""
    # Owners named at an earlier review are offered again (a new one is typed in the browser:
    # tests/e2e/test_decisions.py; AppTest can only choose an offered option).
    for owner in ("Employers' federation", "Labour department", "ILO"):
        minutes.add_item(
            engine,
            period="2016-H2",
            kind="action",
            text="Earlier",
            user="s",
            owner=owner,
            release=True,
        )
    reviews.publish(engine, "2017-H1", date(2017, 8, 14), "officer@score-india.example")
    at = run_app(params={"review": "2017-H1", "meeting": "true"}, user="staff")
    assert errors(at) == []
    for text in ("Extend Module 5 to the Tiruppur garment cluster", "Hold a review in Pune"):
        record_here(at, text)
    actions_recorded = (
        ("Recruit 20 more enterprises in Pune", "Employers' federation", date(2017, 12, 31)),
        ("Train 10 labour inspectors", "Labour department", date(2018, 1, 31)),
        ("Publish two case studies", "ILO", date(2018, 3, 31)),
    )
    for text, owner, due in actions_recorded:
        record_here(at, text, kind="action", owner=owner, due=due)
        assert errors(at) == []
    assert at.toggle(key="meeting").value is True
    items = minutes.load(engine).items.iloc[3:]
    assert items["Review"].tolist() == ["2017-H1"] * 5
    assert items["Owner"].tolist() == ["", "", "Employers' federation", "Labour department", "ILO"]
    assert all("review=2017-H1" in link for link in items["Link"])

    later = run_app("app_pages/decisions.py", user="staff")
    later.selectbox(key="status_item").set_value(6)  # Recruit 20 more enterprises in Pune
    later.radio(key="status_new").set_value("done")
    next(b for b in later.button if b.label == "Change the status").click().run()
    assert errors(later) == []
    # Staff show the meeting's record to viewers, one record at a time.
    for ident in range(4, 9):
        later.selectbox(key="release_record").set_value(f"item:{ident}").run()
        later.button(key="release_show").click().run()
        assert errors(later) == []
    reviews.publish(engine, "2017-H2", date(2018, 2, 14), "officer@score-india.example")

    for user in ("staff", "viewer"):
        overview = run_app(params={"review": "2017-H2"}, user=user)
        assert errors(overview) == []
        cards = {m.label: m.value for m in overview.metric}
        assert (cards["Done"], cards["Open"], cards["Overdue"]) == ("1", "2", "1")
        listed = "\n".join(visible(m.value) for m in overview.markdown)
        for text, owner, _ in actions_recorded:
            assert text in listed and owner in listed
    viewer = run_app("app_pages/decisions.py", user="viewer")
    assert errors(viewer) == []
    assert len(table(viewer, "decisions_items").value) == 8
    assert not any(p.proto.popover.label == "Record a decision" for p in viewer.get("popover"))
    assert "status_item" not in {w.key for w in viewer.selectbox}

    pack = tmp_path / "pack.pdf"
    only_pages(monkeypatch, "overview", "decisions")  # the last review's actions, the record
    assert cli.main(["pack", "--review", "2017-H2", "--out", str(pack), "--role", "viewer",
                     "--url", str(engine.url)]) == 0  # fmt: skip
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pack).pages)
    assert "Actions from the last review" in text
    assert "3 actions: 1 done, 2 open (1 overdue); 2 decisions" in text
    for phrase in ("Recruit 20 more enterprises in Pune", "Labour department", "Tiruppur"):
        assert phrase in text


def test_recording_on_the_decisions_page_names_the_indicator(run_app: RunApp, engine) -> None:
    at = run_app("app_pages/decisions.py")
    assert errors(at) == []
    at.button_group(key="record_page_kind").set_value("decision")
    at.text_area(key="record_page_text").input("Report productivity by sector from 2018-H1")
    at.selectbox(key="record_page_indicator").set_value("productivity")
    next(b for b in at.button if b.label == "Record" and b.proto.form_id == "record_page").click()
    at.run()
    assert errors(at) == []
    row = minutes.load(engine).items.iloc[0]
    assert (row["Review"], row["Indicator"], row["Page"], row["Link"]) == (
        "2017-H2",
        "productivity",
        "decisions",
        "",
    )


FIRM_ACTION = "Ask Bharat Components why 30 contract workers left"  # E00004: Bharat Components


def test_staff_show_a_record_to_viewers_and_the_history_keeps_who_and_when(
    run_app: RunApp, engine, signed_in
) -> None:
    ident = minutes.add_item(
        engine, period="2017-H2", kind="action", text=FIRM_ACTION, owner="ILO", user="officer"
    )
    viewer = run_app("app_pages/decisions.py", user="viewer")
    assert errors(viewer) == []
    assert table(viewer, "decisions_items").value["Text"].tolist() == [minutes.STAFF_ONLY_TEXT]
    assert table(viewer, "decisions_items").value["Owner"].tolist() == [""]
    assert "release_record" not in {w.key for w in viewer.selectbox}
    secretary = run_app("app_pages/decisions.py", user="secretary")
    assert "release_record" not in {w.key for w in secretary.selectbox}

    at = run_app("app_pages/decisions.py", user="staff")
    assert errors(at) == []
    at.selectbox(key="release_record").set_value(f"item:{ident}").run()
    # The text names part of a firm: staff are warned before they show it.
    assert any("'Bharat'" in visible(w.value) for w in at.warning)
    before = db.utc_now().replace(microsecond=0)
    at.button(key="release_show").click().run()
    assert errors(at) == []
    assert any(f"Action {ident}: shown to viewers." in visible(s.value) for s in at.success)
    history = minutes.release_history(engine)
    assert history[["Record", "ID", "Shown", "Changed by"]].values.tolist() == [
        ["item", ident, "yes", "officer@score-india.example"]
    ]
    assert before <= history.loc[0, "Changed at"] <= db.utc_now()
    shown = run_app("app_pages/decisions.py", user="viewer")
    assert table(shown, "decisions_items").value["Text"].tolist() == [FIRM_ACTION]
    assert table(shown, "decisions_items").value["Owner"].tolist() == ["ILO"]


def test_the_secretarys_record_is_shown_at_once_unless_it_may_name_a_firm(
    run_app: RunApp, engine, signed_in
) -> None:
    at = run_app("app_pages/decisions.py", user="secretary")
    assert errors(at) == []
    record_here(at, "Hold the next review in Pune")
    record_here(at, FIRM_ACTION)
    assert errors(at) == []
    assert any("'Bharat'" in visible(s.value) for s in at.success)
    items = minutes.load(engine).items
    assert items[["Text", minutes.SHOWN]].values.tolist() == [
        ["Hold the next review in Pune", "yes"],
        [FIRM_ACTION, ""],
    ]


def test_the_page_the_pack_and_the_command_line_judge_overdue_at_the_meeting(
    run_app: RunApp, engine, tmp_path, capsys, monkeypatch
) -> None:
    # The 2017-H2 review meets on 2018-02-14 (the periods table). "Sign the MoU" is due
    # 2018-03-31: not overdue at that meeting, although it is by today's date; "Send the
    # report" is due 2018-01-31: overdue there. The three outputs judge at the meeting.
    for text, due in (("Sign the MoU", date(2018, 3, 31)), ("Send the report", date(2018, 1, 31))):
        minutes.add_item(
            engine, period="2017-H2", kind="action", text=text, user="s", owner="ILO", due=due
        )
    expected = {"Sign the MoU": "", "Send the report": "yes"}

    at = run_app("app_pages/decisions.py")
    assert errors(at) == []
    page = table(at, "decisions_items").value.set_index("Text")["Overdue"]
    assert {text: page[text] for text in expected} == expected

    assert cli.main(["actions", "list", "--review", "2017-H2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = {text: "overdue" in next(line for line in lines if text in line) for text in expected}
    assert listed == {text: bool(flag) for text, flag in expected.items()}

    pack = tmp_path / "pack.pdf"
    only_pages(monkeypatch, "decisions")  # the pack's record of the review is what is read
    assert cli.main(["pack", "--period", "2017-H2", "--out", str(pack)]) == 0
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pack).pages)
    assert "2 open (1 overdue)" in text


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.skipif(
                    pg_url() is None,
                    reason="SCORE_TEST_PG_URL not set: PostgreSQL tests skipped "
                    "(.ci/run starts a server and sets it)",
                ),
                # It drops and loads the test server's schema: never beside another test
                # that uses that server (tests/conftest.py SERIAL).
                pytest.mark.serial,
            ],
        ),
    ]
)
def shared(request, engine, monkeypatch):
    """The app's database, shared by the sessions of a test: the demo copy (`engine`), or
    the demo loaded into the test PostgreSQL server."""
    if request.param == "sqlite":
        yield engine
        return
    url = pg_url()
    pg = db.make_engine(url)
    db.drop_schema(pg)
    db.load_demo(pg)
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()
    yield pg
    db.drop_schema(pg)
    pg.dispose()


def change_status(at, ident: int, status: str, comment: str = "") -> None:
    """Fill and send the Decisions & actions page's "Change an action's status" form."""
    at.selectbox(key="status_item").set_value(ident)
    at.radio(key="status_new").set_value(status)
    at.text_input(key="status_comment").input(comment)
    next(b for b in at.button if b.label == "Change the status").click().run()


def test_of_two_sessions_the_form_drawn_before_the_others_change_says_so(
    run_app: RunApp, shared, signed_in
) -> None:
    """Staff and the secretary both have the page open; staff close the action; the
    secretary, from the form drawn before, drops it: refused, with who changed it to what,
    and the form now shows 'done'; sent again from the form as it now is, it is saved."""
    ident = minutes.add_item(
        shared,
        period="2017-H2",
        kind="action",
        text="Publish two case studies",
        user="officer@score-india.example",
        release=True,
    )
    staff = run_app("app_pages/decisions.py", user="staff")
    secretary = run_app("app_pages/decisions.py", user="secretary")
    assert errors(staff) == errors(secretary) == []
    change_status(staff, ident, "done", "Both on the ILO site")
    assert errors(staff) == []
    change_status(secretary, ident, "dropped", "No budget")
    shown = [visible(e.value) for e in secretary.error]
    assert len(shown) == 1, shown
    assert shown[0].startswith(
        f"Action {ident} was changed meanwhile by officer@score-india.example to 'done' at "
    )
    assert shown[0].endswith("UTC: your change to 'dropped' was not saved; check and save again.")
    assert not secretary.success  # no confirmation of a change that was not made
    form = secretary.selectbox(key="status_item")
    assert form.format_func(ident) == f"{ident}: Publish two case studies (done)"
    changes = minutes.load(shared).changes
    assert changes[["Status", "Comment", "Changed by"]].values.tolist() == [
        ["open", "", "officer@score-india.example"],
        ["done", "Both on the ILO site", "officer@score-india.example"],
    ]
    assert table(secretary, "decisions_items").value["Status"].tolist() == ["done"]

    change_status(secretary, ident, "dropped", "No budget")
    assert errors(secretary) == []
    changes = minutes.load(shared).changes
    assert changes[["Status", "Changed by"]].values.tolist() == [
        ["open", "officer@score-india.example"],
        ["done", "officer@score-india.example"],
        ["dropped", "minutes@labour.example"],
    ]
    assert table(secretary, "decisions_items").value["Status"].tolist() == ["dropped"]
