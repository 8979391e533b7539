"""The meeting's PDF pack (score_dash/pack/), read back with pypdf.

Expected figures come from each page's report, built here, and are written as the screen
writes them by the formatting below (not the pack's own), then found in the PDF's text on
the pages of their section (the PDF's outline says where each section starts). The packs
built here carry the meetings' records written below (`recorded`), with the lines they must
print written by hand.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import time
from datetime import date, datetime

import altair as alt
import pandas as pd
import pytest
from pypdf import PdfReader

from score_dash.access import policy
from score_dash.access.policy import Role
from score_dash.cli import main
from score_dash.config import get_config
from score_dash.core import formats
from score_dash.core.dictionary import DEMO_NOTE, INDICATORS_BY_CODE
from score_dash.core.filters import Filters, build_options, resolve_periods
from score_dash.core.reports import PageReport, Sheet
from score_dash.meetings import minutes
from score_dash.metrics import gender, logframe, modules, overview, results
from score_dash.pack import compose, draw, model, render
from score_dash.pages import assembly, content, registry
from score_dash.pages import coverage as coverage_page
from score_dash.store import db, loading
from tests.drawn_once import DRAW, charts_drawn_once
from tests.hostile import EVIL, HOSTILE
from tests.pack_pages import only_pages
from tests.unit.bad_files import workforce_file, workforce_row

PERIOD = "2017-H2"
LINK = f"http://score.example/?period={PERIOD}"
META = model.PackMeta(
    title="Review meeting pack",
    period_label=PERIOD,
    data_version="7",
    data_date=date(2026, 12, 2),
    share_link=LINK,
    meeting_date=date(2018, 2, 14),
    demo=True,
)
MIN_CELL, SMALL_N = 3, 5
REVIEW_TITLES = [spec.title for spec in registry.PAGES if spec.section == registry.REVIEW]


def shown(value: float, unit: str = "") -> str:
    """A card's figure as the screen shows it (written here, independently of the pack)."""
    if value != value:
        return "—"
    if unit == "%":
        return f"{value:.1f} %"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def words(text: str) -> str:
    return " ".join(text.split())


class Pdf:
    """A PDF's text, whole and by section (from its outline), and its link targets."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reader = PdfReader(io.BytesIO(data))
        self.pages = [page.extract_text() or "" for page in self.reader.pages]
        self.text = words("\n".join(self.pages))
        starts = {
            item.title: self.reader.get_destination_page_number(item)
            for item in self.reader.outline
            if not isinstance(item, list)
        }
        order = sorted(starts.items(), key=lambda item: item[1])
        self.sections = {
            title: words(
                "\n".join(
                    self.pages[start : order[i + 1][1] if i + 1 < len(order) else len(self.pages)]
                )
            )
            for i, (title, start) in enumerate(order)
        }
        self.links = [
            annotation.get_object()["/A"]["/URI"]
            for page in self.reader.pages
            for annotation in page.get("/Annots", [])
            if "/A" in annotation.get_object()
        ]


@pytest.fixture(scope="module", autouse=True)
def _charts_drawn_once():
    """Each chart drawn once in the module (tests/drawn_once.py)."""
    with charts_drawn_once():
        yield


@pytest.fixture(scope="module")
def inputs(loaded_frames):
    options = build_options(loaded_frames)
    periods = resolve_periods(Filters(period=PERIOD), options, loaded_frames["periods"])
    return loaded_frames, periods, options


LAST = "2017-H1"  # the review before PERIOD's
ENTERPRISE = "Uday Auto Parts Industries (fictional)"  # E00001 of the demo
TYPST_TEXT = "*Not bold* #set page(fill: red) $x^2$ <label>"
DECISIONS = ("Extend Module 5 to the Tiruppur garment cluster", TYPST_TEXT)
# text, owner, due, status at PERIOD's meeting (14 February 2018), overdue then
ACTIONS = (
    ("Recruit 20 more enterprises in Pune", "Employers' federation", "2017-12-31", "done", ""),
    ("Send the cluster reports on time", "Regional coordinator", "2018-06-30", "open", ""),
    (
        f"Visit {ENTERPRISE} about its late reports",
        "Programme officer",
        "2017-10-01",
        "open",
        "yes",
    ),
)
DECIDED_NOW = "Publish the 2017 results to the partners"
KPI_NOTE = "Floods closed 12 Chennai enterprises for six weeks"
ENTERPRISE_NOTE = "Reported its output in lakh, not in thousand"
# Notes that name part of a firm (E00004 "Bharat Components Pvt Ltd", E00003 "Nirmal
# Components Ltd"): the first shown to viewers by staff, the second not.
SHOWN_NOTE = "Bharat Components took on 30 contract workers"
HELD_NOTE = "Nirmal Components lost 12 contract workers"


@pytest.fixture(scope="module")
def recorded(demo_db_url, tmp_path_factory, inputs) -> minutes.Records:
    """The review of LAST: two decisions and three actions (one done since); the review of
    PERIOD: one decision; four notes on PERIOD's productivity (the Results page's KPI), one of
    them on an enterprise. The secretary's records are shown to viewers but the action that
    names an enterprise; of the notes, KPI_NOTE and SHOWN_NOTE are. Written to a private
    copy of the demo database."""
    assert ENTERPRISE in set(inputs[0]["enterprises"]["name"])
    path = tmp_path_factory.mktemp("pack-records") / "records.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    engine = db.make_engine(f"sqlite:///{path}")
    for text in DECISIONS:
        minutes.add_item(
            engine, period=LAST, kind="decision", text=text, user="secretary", release=True
        )
    for text, owner, due, status, _ in ACTIONS:
        ident = minutes.add_item(
            engine,
            period=LAST,
            kind="action",
            text=text,
            owner=owner,
            due=date.fromisoformat(due),
            user="secretary",
            release=ENTERPRISE not in text,
        )
        if status != "open":
            minutes.set_status(engine, ident, status, "", "secretary")
    minutes.add_item(
        engine, period=PERIOD, kind="decision", text=DECIDED_NOW, user="secretary", release=True
    )
    minutes.add_note(
        engine, indicator="productivity", period=PERIOD, text=KPI_NOTE, user="staff", release=True
    )
    minutes.add_note(
        engine,
        indicator="productivity",
        period=PERIOD,
        text=ENTERPRISE_NOTE,
        enterprise="E00001",
        user="staff",
    )
    for text in (SHOWN_NOTE, HELD_NOTE):
        ident = minutes.add_note(
            engine, indicator="productivity", period=PERIOD, text=text, user="staff"
        )
        if text == SHOWN_NOTE:
            minutes.release(engine, "note", ident, "officer", Role.STAFF)
    return minutes.load(engine)


def build(
    inputs, role: Role, meta: model.PackMeta = META, recorded: minutes.Records | None = None
) -> bytes:
    frames, periods, options = inputs
    return render.build_pack(
        frames,
        periods,
        options,
        meta=meta,
        role=role,
        min_cell=MIN_CELL,
        small_n=SMALL_N,
        records=recorded,
    )


@pytest.fixture(scope="module")
def staff_pack(inputs, recorded) -> Pdf:
    started = time.perf_counter()
    data = build(inputs, Role.STAFF, recorded=recorded)
    # Information only (the machine's load decides it): the demo's build time.
    print(f"\nmeeting pack of the demo built in {time.perf_counter() - started:.1f} s")
    return Pdf(data)


@pytest.fixture(scope="module")
def viewer_pack(inputs, recorded) -> Pdf:
    return Pdf(build(inputs, Role.VIEWER, recorded=recorded))


def report_of(inputs, name: str, role: Role = Role.STAFF) -> PageReport:
    frames, periods, options = inputs
    report = registry.build_report(
        name, frames, periods, options, scope="programme", small_n=SMALL_N
    )
    return policy.restrict(report, role, MIN_CELL)


def test_the_pack_holds_every_review_page_in_meeting_order_then_the_definitions(staff_pack):
    titles = [item.title for item in staff_pack.reader.outline if not isinstance(item, list)]
    assert titles == [*REVIEW_TITLES, "Definitions"]
    # Each Review page has its layout: declared once for screen and pack, or the pack's own.
    laid_out = [p.title for p in registry.PAGES if p.compose or p.name in compose.COMPOSERS]
    assert laid_out == REVIEW_TITLES
    for title in REVIEW_TITLES:
        assert title in staff_pack.sections[title]
    assert len(staff_pack.pages) > len(REVIEW_TITLES)


def test_the_cover_says_what_the_pack_is_and_every_footer_the_vintage(staff_pack):
    cover = words(staff_pack.pages[0])
    assert "Review meeting pack" in cover
    assert f"Half-year under review: {PERIOD}" in cover
    assert "Review meeting: 14 Feb 2018" in cover
    assert "Data version 7, as of 2 Dec 2026" in cover
    assert LINK in cover
    assert words(DEMO_NOTE) in cover
    assert LINK in staff_pack.links  # a real link, not only its text
    total = len(staff_pack.pages)
    for number, text in enumerate(staff_pack.pages, start=1):
        assert "Data version 7, as of 2 Dec 2026" in text
        assert f"Page {number} of {total}" in text


def overview_lines(report: PageReport, period: str = PERIOD) -> list[str]:
    """The Overview's verdict and headline figures as the page shows them, from its report."""
    counts = report.table(overview.STATUS_COUNTS).set_index("Status")
    lines = [
        f"{status} {counts.loc[status, 'Indicators']} of "
        f"{counts.loc[status, 'Of indicators with targets']}"
        for status in logframe.ASSESSED
    ]
    figures = report.table("Headline figures").set_index("Figure")
    for name in (
        "Enterprises trained",
        "Workers in trained enterprises",
        "Modules completed",
        "Certified trainers",
    ):
        lines.append(f"{name} {shown(figures.loc[name, period])}")
    women = figures.loc["Women in trained enterprises", period]
    men = figures.loc["Men in trained enterprises", period]
    lines.append(f"Women {shown(women)} · men {shown(men)}")
    for kpi_code, words_ in overview.KPI_SHORT_NAMES.items():
        name = overview.figure_name(f"share_improved_{kpi_code}")
        lines.append(f"{shown(figures.loc[name, period], '%')} {words_}")  # the KPI card
    glance = report.table("Programme at a glance")
    lines += [f"{row['Figure']} {shown(row[period], row['Unit'])}" for _, row in glance.iterrows()]
    return lines


def test_the_overview_figures_are_the_reports(inputs, staff_pack):
    report = report_of(inputs, "overview")
    text = staff_pack.sections["Overview"]
    for line in overview_lines(report):
        assert line in text
    assert words(report.sheet("What changed").note) in text
    for line in report.table("What changed").iloc[:, 0]:
        assert words(line) in text


def test_the_other_pages_cards_are_their_reports(inputs, staff_pack):
    summary = report_of(inputs, "modules").table(modules.TITLE_SUMMARY).set_index("Figure")
    text = staff_pack.sections["Modules"]
    for row, (label, _code) in modules.CARDS.items():
        assert f"{label} {shown(summary.loc[row, 'Value'], summary.loc[row, 'Unit'])}" in text

    values = report_of(inputs, "results").table(results.TITLE_SUMMARY).set_index("Figure")["Value"]
    text = staff_pack.sections["Results"]
    for figure, unit in results.CARDS:
        assert f"{figure} {shown(values[figure], unit)}" in text

    latest = report_of(inputs, "gender").table(gender.COMPLETENESS_TABLE).iloc[-1]
    text = staff_pack.sections["Gender & jobs"]
    assert f"{shown(latest['Share without sex (%)'], '%')}" in text
    assert f"Workers in those records {shown(latest['Workers in records without sex'])}" in text


def test_long_tables_are_cut_with_a_pointer_to_the_excel(inputs, staff_pack):
    cohorts = report_of(inputs, "modules").table(modules.TITLE_COHORTS)
    assert len(cohorts) > content.TOP_ROWS
    earlier = len(cohorts) - content.TOP_ROWS
    assert f"… {earlier} earlier rows in the Excel download." in staff_pack.sections["Modules"]
    assert str(cohorts.iloc[-1]["Cohort (enrolled in)"]) in staff_pack.sections["Modules"]


def test_the_definitions_of_the_indicators_shown_close_the_pack(inputs, staff_pack):
    text = staff_pack.sections["Definitions"]
    for name in ("overview", "modules", "partners"):
        for code in report_of(inputs, name).indicators:
            indicator = INDICATORS_BY_CODE.get(code)
            if indicator is not None:
                assert words(indicator.name) in text


def test_the_same_review_gives_the_same_pdf(inputs, recorded, staff_pack, monkeypatch):
    monkeypatch.setattr(draw, "render_svg", DRAW)  # every chart drawn again
    again = Pdf(build(inputs, Role.STAFF, recorded=recorded))
    assert again.pages == staff_pack.pages
    assert again.data == staff_pack.data  # byte for byte: fixed fonts and date


def test_a_viewers_pack_names_no_enterprise(inputs, viewer_pack):
    enterprises = inputs[0]["enterprises"]
    text = viewer_pack.text
    assert not re.search(r"\bE\d{5}\b", text)
    for code, name in zip(enterprises["enterprise"], enterprises["name"], strict=True):
        assert code not in text
        assert words(name) not in text
    assert "For circulation" in text
    assert words(policy.rule_text(MIN_CELL)) in text  # restrict ran on every page
    assert all(title in text for title in REVIEW_TITLES)


def test_the_pack_carries_what_the_last_review_decided_and_how_its_actions_stand(staff_pack):
    text = staff_pack.sections["Decisions & actions"]
    last, _, now = text.partition("Decided at this review")
    assert "Actions from the last review" in last
    assert "Review of 2017-H1: 3 actions: 1 done, 2 open (1 overdue); 2 decisions." in last
    for action, owner, due, status, overdue in ACTIONS:
        day = "-".join(reversed(due.split("-")))  # a table's date: 31-12-2017
        assert words(f"{action} {owner} {day} {status} {overdue}") in last
    for decision in DECISIONS:
        assert words(decision) in last  # Typst markup in a record is printed as typed
    assert DECIDED_NOW not in last
    assert "Review of 2017-H2: 1 decision, no action." in now
    assert DECIDED_NOW in now
    assert "Overdue: an action still open or in progress whose due date is before the " in now
    assert "Statuses as recorded when this pack was made." in text
    assert "Notes on figures" not in text  # they are with their pages' figures


def test_a_note_on_a_figure_is_printed_with_its_pages_figures(staff_pack, viewer_pack):
    for pdf in (staff_pack, viewer_pack):
        assert f"2017-H2 KPI: Productivity All {KPI_NOTE}" in pdf.sections["Results"]
        others = [t for title, t in pdf.sections.items() if title != "Results"]
        assert not any(KPI_NOTE in t for t in others)
    assert f"KPI: Productivity E00001 {ENTERPRISE_NOTE}" in staff_pack.sections["Results"]
    assert ENTERPRISE_NOTE not in viewer_pack.text  # a note on one enterprise is for staff


def test_a_viewers_pack_prints_a_note_only_once_staff_have_shown_it(staff_pack, viewer_pack):
    for note in (SHOWN_NOTE, HELD_NOTE):
        assert note in staff_pack.sections["Results"]
    assert SHOWN_NOTE in viewer_pack.sections["Results"]
    assert "Nirmal" not in viewer_pack.text and "12 contract workers" not in viewer_pack.text


def test_a_viewers_pack_hides_an_action_staff_have_not_shown(staff_pack, viewer_pack):
    text = viewer_pack.sections["Decisions & actions"]
    assert "(not yet shown to viewers: for project staff only)" in text
    assert "Uday Auto Parts" not in viewer_pack.text
    assert "Uday Auto Parts" in staff_pack.sections["Decisions & actions"]
    assert "Send the cluster reports on time Regional coordinator" in text
    assert "Review of 2017-H1: 3 actions: 1 done, 2 open (1 overdue); 2 decisions." in text


def test_a_table_withheld_from_the_role_says_so_and_shows_no_row():
    rows = pd.DataFrame({"Enterprise": ["E00001", "E00002"], "Change": [1.0, 2.0]})
    report = PageReport("results", "Results", (Sheet("Per firm", rows, audience="staff"),))
    table = draw.table_block(policy.restrict(report, Role.VIEWER, MIN_CELL), "Per firm")
    assert table.withheld == policy.WITHHELD and table.rows == ()
    staff = draw.table_block(policy.restrict(report, Role.STAFF, MIN_CELL), "Per firm")
    assert staff.rows == (("E00001", "1"), ("E00002", "2"))


def test_a_long_table_keeps_its_first_rows_or_its_latest():
    frame = pd.DataFrame({"Half-year": [f"20{10 + i}-H1" for i in range(15)], "N": range(15)})
    report = PageReport("x", "X", (Sheet("T", frame),))
    first = draw.table_block(report, "T", rows=4)
    assert [row[0] for row in first.rows] == ["2010-H1", "2011-H1", "2012-H1", "2013-H1"]
    assert "… 11 more rows in the Excel download." in first.notes
    latest = draw.table_block(report, "T", rows=2, latest=True)
    assert [row[0] for row in latest.rows] == ["2023-H1", "2024-H1"]
    assert "… 13 earlier rows in the Excel download." in latest.notes
    assert latest.align == ("left", "right")


def test_text_from_the_data_is_printed_as_text_never_as_typst(tmp_path):
    typst_markup = "#set page(fill: red) *bold* _it_ $x^2$ <label> @ref = Heading"
    names = (*HOSTILE, typst_markup, '"); #panic("x") //')
    table = model.Table(
        "Names",
        columns=("Name",),
        rows=tuple((formats.clean(name),) for name in names),
        align=("left",),
    )
    section = model.Section("x", "Hostile names", typst_markup, (table,), notes=(typst_markup,))
    data = render.render_pdf(
        render.pack_document([section], META, Role.STAFF, MIN_CELL), META.data_date
    )
    pdf = Pdf(data)
    assert words(typst_markup) in pdf.text
    assert "#panic" in pdf.text
    assert [link for link in pdf.links if EVIL in link] == []
    assert pdf.links == [LINK]


def test_a_page_whose_data_are_not_in_yet_says_so_in_the_pack(inputs):
    frames, periods, options = inputs
    partial = {**frames, "kpi_observations": frames["kpi_observations"].iloc[0:0]}
    source = assembly.Source(partial, assembly.Settings(MIN_CELL, 10, SMALL_N), options=options)
    selection = assembly.select(source, Filters(period=periods.review), Role.STAFF)
    ctx = content.Context(partial, periods, options, SMALL_N)
    section = compose.compose_section(registry.page("results"), source, selection, ctx)
    assert section.title == "Results"
    [notice] = section.blocks
    assert isinstance(notice, model.Lines)
    assert notice.lines[0].endswith("not in the database yet: kpi reports.")


def test_every_review_page_has_one_layout_in_the_pack():
    """Declared once for screen and pack (`Page.compose`), or else the pack's own, never
    both."""
    for page in compose.review_pages():
        assert (page.compose is not None) != (page.name in compose.COMPOSERS), page.name


@pytest.fixture
def demo_database(demo_db_url, monkeypatch):
    monkeypatch.setenv("SCORE_DB_URL", demo_db_url)
    get_config.cache_clear()
    yield demo_db_url
    get_config.cache_clear()


def test_the_command_line_writes_the_pack_of_a_half_year(demo_database, tmp_path, monkeypatch):
    only_pages(monkeypatch, "overview")  # the cover and its link are what is checked
    out = tmp_path / "pack.pdf"
    assert main(["pack", "--period", "2016-H2", "--out", str(out), "--role", "viewer"]) == 0
    pdf = Pdf(out.read_bytes())
    cover = words(pdf.pages[0])
    assert "Half-year under review: 2016-H2" in cover
    assert "Review meeting: 14 Feb 2017" in cover  # the half-year's review date
    assert re.search(r"Data version \d+, as of \d{1,2} [A-Z][a-z]+ \d{4}", cover)
    assert "http://127.0.0.1:8501/?period=2016-H2" in pdf.links
    assert "For circulation" in cover
    assert main(["pack", "--period", "1999-H1", "--out", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture
def records_database(records_db_url, tmp_path, monkeypatch):
    """A private copy of the demo's rows as real records (imports are refused by the demo)."""
    path = tmp_path / "records.db"
    shutil.copy(records_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()
    yield url
    get_config.cache_clear()


def pack_of(path, *options: str) -> Pdf:
    assert main(["pack", "--out", str(path), *options]) == 0
    return Pdf(path.read_bytes())


def overview_now(url: str) -> tuple[PageReport, pd.DataFrame]:
    """The Overview's report of PERIOD on the database's current data, and its workforce."""
    frames = loading.load_frames(db.make_engine(url))
    options = build_options(frames)
    periods = resolve_periods(Filters(period=PERIOD), options, frames["periods"])
    report = registry.build_report(
        "overview", frames, periods, options, scope="programme", small_n=get_config().small_n
    )
    return report, frames["workforce"]


def test_a_reviews_pack_keeps_its_figures_after_a_later_import(
    records_database, tmp_path, monkeypatch
):
    before, workforce = overview_now(records_database)
    engine = db.make_engine(records_database)
    action = minutes.add_item(
        engine,
        period=LAST,
        kind="action",
        text="Train 5 more trainers in Pune",
        owner="Lead trainer",
        due=date(2018, 1, 31),
        user="secretary",
    )
    assert main(["review", "publish", "--period", PERIOD, "--meeting-date", "2018-03-01"]) == 0
    # The review's pack: the pages that print the workforce the import corrects, and the
    # meetings' record (the whole pack is checked above; its other charts only cost time).
    only_pages(monkeypatch, "overview", "coverage", "gender", "decisions")
    first = pack_of(tmp_path / "first.pdf", "--review", PERIOD)
    # Done after the review was published (a later moment than the publication's).
    monkeypatch.setattr(minutes, "now", lambda: datetime(2099, 1, 1))
    minutes.set_status(engine, action, "done", "", "secretary")

    # A later import corrects one enterprise's 2017-H2 workforce: the live figures change.
    row = workforce[
        (workforce["enterprise"] == "E00001")
        & (workforce["period"] == PERIOD)
        & (workforce["role"] == "worker")
        & (workforce["employment"] == "permanent")
    ]
    total, female, male = (int(row[column].iloc[0]) for column in ("total", "female", "male"))
    correction = tmp_path / "correction.xlsx"
    correction.write_bytes(
        workforce_file(workforce_row(total=total + 100, female=female + 50, male=male + 50))
    )
    assert main(["import", str(correction), "--accept-warnings"]) == 0
    after, _ = overview_now(records_database)
    workers = "Workers in trained enterprises"
    headline = before.table("Headline figures").set_index("Figure")
    now = after.table("Headline figures").set_index("Figure")
    assert now.loc[workers, PERIOD] == headline.loc[workers, PERIOD] + 100
    changed = set(overview_lines(after)) - set(overview_lines(before))
    assert changed

    again = pack_of(tmp_path / "again.pdf", "--review", PERIOD)
    # The live pack is read for its cover, link, Overview and Decisions & actions.
    with monkeypatch.context() as patch:
        only_pages(patch, "overview", "decisions")
        live = pack_of(tmp_path / "live.pdf", "--period", PERIOD)
    # The review's pack: the status as it stood when it was published, overdue at its meeting.
    review_record = again.sections["Decisions & actions"]
    assert "Review of 2017-H1: 1 action: 0 done, 1 open (1 overdue); 0 decisions." in review_record
    assert "Train 5 more trainers in Pune Lead trainer 31-01-2018 open yes" in review_record
    assert "Statuses as they stood when the review was published" in review_record
    live_record = live.sections["Decisions & actions"]
    assert "Review of 2017-H1: 1 action: 1 done, 0 open; 0 decisions." in live_record
    assert "Train 5 more trainers in Pune Lead trainer 31-01-2018 done" in live_record
    for line in overview_lines(before):
        assert line in again.sections["Overview"]
    for line in changed:
        assert line not in again.sections["Overview"]
        assert line in live.sections["Overview"]
    assert again.pages == first.pages  # the same review, the same text

    cover, live_cover = words(again.pages[0]), words(live.pages[0])
    assert "Review meeting: 1 Mar 2018" in cover  # the review's, not the data's review date
    assert "Data version 1, as of" in cover and "Data version 2, as of" in live_cover
    assert f"As presented at the review of {PERIOD}, published on" in cover
    assert "a later import may change these figures" in live_cover
    assert again.links == [f"http://127.0.0.1:8501/?review={PERIOD}"]
    assert live.links == [f"http://127.0.0.1:8501/?period={PERIOD}"]
    assert words(DEMO_NOTE) not in cover  # the programme's records, not the demo
    printed = [title for title in REVIEW_TITLES if title in again.sections]
    assert len(printed) == 4  # Overview, Coverage, Gender & jobs, Decisions & actions
    for title in printed:
        assert title in again.sections[title]


def test_the_command_line_refuses_a_review_that_is_not_published(records_database, tmp_path):
    out = tmp_path / "pack.pdf"
    assert main(["pack", "--review", PERIOD, "--out", str(out)]) == 2
    assert main(["review", "publish", "--period", PERIOD, "--meeting-date", "2018-03-01"]) == 0
    assert main(["pack", "--review", PERIOD, "--period", PERIOD, "--out", str(out)]) == 2
    assert not out.exists()


def test_small_multiples_fill_their_rows_or_give_each_panel_its_axis():
    frame = pd.DataFrame({"Panel": list("abcdefgh"), "Value": range(8)})

    def build(columns: int) -> alt.FacetChart:
        chart = alt.Chart(frame).mark_point().encode(x="Value:Q")
        return chart.facet(facet="Panel:N", columns=columns)

    assert content.small_multiples(build, 8).to_dict()["columns"] == 4
    assert content.small_multiples(build, 6).to_dict()["columns"] == 3
    five = content.small_multiples(build, 5).to_dict()
    assert five["columns"] == 3 and five["resolve"]["axis"]["x"] == "independent"


def text_sizes(pdf: Pdf) -> dict[float, str]:
    """Every size of text on the PDF's pages, in points (the template's text and the charts',
    which Typst keeps as text), with one text of that size."""
    found: dict[float, str] = {}

    def visit(text, cm, tm, font, size) -> None:
        del font
        if text.strip():
            found.setdefault(round(size * math.hypot(*tm[2:4]) * math.hypot(*cm[2:4]), 2), text)

    for page in pdf.reader.pages:
        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("edition", ["staff_pack", "viewer_pack"])
def test_no_text_in_the_pack_is_under_7_points(request, edition):
    """Charts are drawn at print size (0.75 pt per pixel, narrower rather than shrunk):
    the smallest text of the demo's pack, chart labels included, is 7 pt or more."""
    sizes = text_sizes(request.getfixturevalue(edition))
    assert len(sizes) > 5  # the reader sees the sizes: headings, cards, tables, charts
    assert min(sizes) >= 7, {size: text for size, text in sorted(sizes.items())[:5]}
    assert max(sizes) >= 16  # a card's figure


def test_the_size_reader_sees_small_text():
    """The check above can fail: a chart shrunk to a quarter of its width prints its 10 px
    labels at under 3 pt, and the reader finds them."""
    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": ["a", "b"]})).mark_bar().encode(x="x", y="y")
    small = model.Chart("", draw.render_svg(chart, 400), 75.0)
    section = model.Section("results", "Results", "", (small,))
    pdf = Pdf(
        render.render_pdf(render.pack_document([section], META, Role.STAFF, 3), META.data_date)
    )
    assert min(text_sizes(pdf)) < 3


def test_the_coverage_map_is_printed_whole(inputs):
    """The map sets its own size (its projection fits India to it): printed as drawn, never
    cut to the height cap of other charts (which lost the south, Chennai to Coimbatore)."""
    frames, periods, options = inputs
    report = report_of(inputs, "coverage")
    page = registry.PAGES_BY_NAME["coverage"]
    ctx = content.Context(frames, periods, options, small_n=SMALL_N)
    [chart] = [
        b for b in draw.draw(page.compose(report, ctx), report) if isinstance(b, model.Chart)
    ]
    height = float(re.search(r'<svg[^>]*?\sheight="([\d.]+)"', chart.svg).group(1))
    # As tall as it was built (the map, its legends and margins), not cut to the cap.
    assert height * draw.PX_TO_PT > coverage_page.MAP_HEIGHT_PT * 0.9
    for cluster in report.table("By cluster")["Cluster"]:
        assert f">{cluster} " in chart.svg or f">{cluster}<" in chart.svg, cluster
