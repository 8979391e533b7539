"""A published review keeps the meeting's figures: `?review=` shows the data version it was
published on whatever is imported later, with a banner and a way back to the current figures;
the Overview lists what changed since, naming the import; the Excel says which version it
shows; staff publish reviews on the Data page.

The expected figures are what the Overview showed on the day of the review (a run before the
import), not anything computed by the review code.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from score_dash import cli, ingest
from score_dash.meetings import reviews
from score_dash.store import db
from tests.app.conftest import (
    RunApp,
    errors,
    last_download,
    published_copy,
    screen_values,
    visible,
)
from tests.excel import read_sheet, read_tables
from tests.unit.bad_files import workforce_file, workforce_row

PERIOD = "2017-H2"


def cards(at) -> list[tuple[str, str, str | None]]:
    return [(m.label, m.value, m.delta) for m in at.metric]


@pytest.fixture
def reviewed(tmp_path, demo_db_url, monkeypatch, run_app: RunApp):
    """The demo as records; the review of 2017-H2 published; what the Overview showed then;
    then an import that changes one enterprise's 2017-H2 workforce (25 -> 999 workers)."""
    engine = published_copy(tmp_path, demo_db_url, monkeypatch, PERIOD)
    before = run_app(params={"period": PERIOD})
    assert errors(before) == []
    data = workforce_file(workforce_row(total=999, female=400, male=599))
    parsed, report = ingest.check_file(data, "correction.xlsx", engine, 20)
    assert ingest.apply_import(engine, parsed, report, "tester", accept_warnings=True).ok
    return engine, cards(before)


def test_the_review_link_shows_the_meetings_figures_and_the_live_link_the_new_ones(
    run_app: RunApp, reviewed
) -> None:
    _, then = reviewed
    at = run_app(params={"review": PERIOD})
    assert errors(at) == []
    assert cards(at) == then
    banner = [visible(i.value) for i in at.info if "As presented at" in i.value]
    assert len(banner) == 1
    assert f"As presented at the review of {PERIOD} (data of" in banner[0]
    assert "meeting on 14 Feb 2018" in banner[0]
    assert "Show the current figures" in banner[0] and "review=" not in banner[0]

    live = run_app(params={"period": PERIOD})
    assert errors(live) == []
    assert cards(live) != then
    assert not any("As presented at" in i.value for i in live.info)


def test_what_changed_since_the_review_names_the_figure_its_values_and_the_import(
    run_app: RunApp, reviewed
) -> None:
    _, then = reviewed
    live = run_app(params={"period": PERIOD})
    now = cards(live)
    moved = {
        label: (old, new)
        for (label, old, _), (_, new, _) in zip(then, now, strict=True)
        if old != new
    }
    assert moved, "the import changed no card"
    table = screen_values(
        next(d.value for d in live.dataframe if "Changed by" in d.value.columns)
    ).set_index("Figure")
    # The headline card the import moved (the glance cards below are not in the table).
    assert "Workers in trained enterprises" in moved
    for label, (old, new) in moved.items():
        if visible(label) not in table.index:
            continue
        row = table.loc[visible(label)]
        assert row["At the review"] == float(old.replace(",", "").rstrip(" %"))
        assert row["Now"] == float(new.replace(",", "").rstrip(" %"))
        assert "correction.xlsx" in row["Changed by"]
    excel = read_sheet(last_download(live, "overview"), "Changed since the review")
    assert set(excel["Figure"]) == set(table.index)


def test_the_command_line_export_of_the_overview_has_what_changed_since_the_review(
    run_app: RunApp, reviewed, tmp_path
) -> None:
    _, then = reviewed
    live = run_app(params={"period": PERIOD})
    downloaded = read_tables(last_download(live, "overview"))
    out = tmp_path / "overview.xlsx"
    argv = ["export", "--page", "overview", "--period", PERIOD, "--out", str(out)]
    assert cli.main(argv) == 0
    exported = read_tables(out.read_bytes())
    assert exported.keys() == downloaded.keys()
    for title, table in downloaded.items():
        pd.testing.assert_frame_equal(exported[title], table, obj=title)
    # The card the import moved, as the Overview showed it on the day of the review.
    changed = exported["Changed since the review"].set_index("Figure")
    old = next(value for label, value, _ in then if label == "Workers in trained enterprises")
    row = changed.loc["Workers in trained enterprises"]
    assert row["At the review"] == float(old.replace(",", ""))
    assert "correction.xlsx" in row["Changed by"]


def test_the_excel_of_a_review_says_which_version_and_review_it_shows(
    run_app: RunApp, reviewed
) -> None:
    at = run_app(params={"review": PERIOD})
    about = read_sheet(last_download(at, "overview"), "About")
    fields = dict(zip(about.iloc[:, 0], about.iloc[:, 1], strict=False))
    assert fields["As presented at"] == f"Review of {PERIOD}, meeting on 14 Feb 2018"
    assert str(fields["Data version"]) == "1"
    assert f"review={PERIOD}" in fields["Share link"]
    live = run_app(params={"period": PERIOD})
    about = read_sheet(last_download(live, "overview"), "About")
    fields = dict(zip(about.iloc[:, 0], about.iloc[:, 1], strict=False))
    assert str(fields["Data version"]) == "2" and "As presented at" not in fields


def test_share_this_view_offers_the_live_link_and_the_latest_reviews(
    run_app: RunApp, reviewed
) -> None:
    live = run_app()  # the latest half-year, 2017-H2, which the review was about
    links = [c.value for c in live.code]
    assert any("review=" not in link for link in links)
    assert any(f"review={PERIOD}" in link for link in links)
    at = run_app(params={"review": PERIOD})
    links = [c.value for c in at.code]
    assert any(f"review={PERIOD}" in link for link in links)
    assert any("review=" not in link and f"period={PERIOD}" in link for link in links)


def test_an_unknown_review_is_dropped_with_a_notice(run_app: RunApp, reviewed) -> None:
    at = run_app(params={"review": "1999-H1"})
    assert errors(at) == []
    notices = " ".join(visible(i.value) for i in at.info)
    assert "1999-H1" in notices and "no published review" in notices
    assert not any("As presented at" in i.value for i in at.info)


def test_staff_publish_a_review_on_the_data_page_once(run_app: RunApp, reviewed) -> None:
    engine, _ = reviewed
    at = run_app(page="app_pages/data.py")
    assert errors(at) == []
    form_period = next(s for s in at.selectbox if s.label == "Half-year reviewed")
    assert PERIOD not in form_period.options  # already published: not offered again
    form_period.select("2017-H1")
    next(d for d in at.date_input if d.label == "Meeting date").set_value(date(2017, 9, 1))
    next(b for b in at.button if b.label == "Publish the review").click()
    at.run()
    assert errors(at) == []
    assert any("Published: Review of 2017-H1" in visible(s.value) for s in at.success)
    published = {r.period: r for r in reviews.list_reviews(engine)}
    assert published["2017-H1"].meeting_date == date(2017, 9, 1)
    assert published["2017-H1"].published_by  # the local user
    assert published["2017-H1"].data_version == int(db.data_version(engine))
