"""What changed since a review does not give a firm away: one firm's late report, imported
after the review was published under a file name carrying its code, shows a viewer neither
its change (+N workers is that firm's own workforce) nor the file name, on the Overview, in
its Excel and from `export --role viewer`; staff see both; and a change that at least the
minimum of enterprises (3) made is shown to the viewer.

The expected figures are the workforce rows read with SQL written here and the values
imported, counted by hand: the change of the workers is the sum of the new totals less the
old ones (the Overview's workers are the half-year's reported totals, summed).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from score_dash import cli, ingest
from score_dash.access.policy import Role
from score_dash.meetings import reviews
from tests.app.conftest import (
    RunApp,
    errors,
    last_download,
    published_copy,
    screen_values,
    visible,
)
from tests.excel import read_tables
from tests.sources import review_frames
from tests.unit.bad_files import workforce_file, workforce_row

PERIOD = "2017-H2"
TITLE = "Changed since the review"
WORKERS = "Workers in trained enterprises"
WOMEN = "Women in trained enterprises"

ROWS = text(
    "SELECT e.code, w.total FROM workforce w JOIN enterprises e ON e.id = w.enterprise_id "
    "JOIN periods p ON p.id = w.period_id WHERE p.code = :period AND w.role = 'worker' "
    "AND w.employment = 'permanent' ORDER BY e.code"
)


def permanent_workers(engine: Engine) -> dict[str, int]:
    """Each enterprise's permanent workers reported for the half-year (SQL)."""
    with engine.connect() as connection:
        return {code: int(total) for code, total in connection.execute(ROWS, {"period": PERIOD})}


def import_rows(engine: Engine, name: str, totals: dict[str, int]) -> None:
    """Import workforce rows (permanent workers of the half-year) as the file `name`."""
    rows = [
        workforce_row(enterprise=code, total=total, female=total // 4, male=total - total // 4)
        for code, total in totals.items()
    ]
    parsed, report = ingest.check_file(workforce_file(*rows), name, engine, 20)
    assert ingest.apply_import(engine, parsed, report, "tester", accept_warnings=True).ok


@pytest.fixture
def published(tmp_path, demo_db_url, monkeypatch, signed_in) -> Engine:
    """The demo as records, signed in as in `signed_in`, the review of 2017-H2 published."""
    return published_copy(tmp_path, demo_db_url, monkeypatch, PERIOD)


@pytest.fixture
def late_report(published: Engine) -> tuple[str, str, int]:
    """One firm's late report: its permanent workers 61 more, in `late_report_<code>.xlsx`."""
    before = permanent_workers(published)
    code = next(iter(before))
    name = f"late_report_{code}.xlsx"
    import_rows(published, name, {code: before[code] + 61})
    return code, name, 61


def cells(frames: dict[str, pd.DataFrame] | list[pd.DataFrame]) -> str:
    """Every cell and header of some tables as one text (to look for a name in)."""
    tables = frames.values() if isinstance(frames, dict) else frames
    return "\n".join(t.astype(str).to_csv() + " ".join(map(str, t.columns)) for t in tables)


def changed_table(at) -> pd.DataFrame:
    table = next(d.value for d in at.dataframe if "Changed by" in d.value.columns)
    return screen_values(table).set_index("Figure")


def test_a_viewer_gets_neither_one_firms_change_nor_its_file_name(
    run_app: RunApp, late_report, tmp_path
) -> None:
    code, name, _ = late_report
    at = run_app(params={"period": PERIOD}, user="viewer")
    assert errors(at) == []
    # One firm is too few: viewers read the review's data as the current ones
    # (access/versions.py), so for them nothing has changed since the review.
    assert not any("Changed by" in d.value.columns for d in at.dataframe)
    assert any("has changed since" in visible(c.value) for c in at.caption)
    shown = cells([d.value for d in at.dataframe]) + "\n".join(m.value for m in at.markdown)
    assert name not in shown and code not in shown
    excel = read_tables(last_download(at, "overview"))
    assert WORKERS not in _changed_figures(excel)
    assert name not in cells(excel) and code not in cells(excel)

    out = tmp_path / "overview.xlsx"
    argv = ["export", "--page", "overview", "--period", PERIOD, "--role", "viewer"]
    assert cli.main([*argv, "--out", str(out)]) == 0
    exported = read_tables(out.read_bytes())
    assert WORKERS not in _changed_figures(exported)
    assert name not in cells(exported) and code not in cells(exported)


def _changed_figures(book: dict[str, pd.DataFrame]) -> list[str]:
    """The figures of a workbook's "Changed since the review" sheet (none when it has none)."""
    return book[TITLE]["Figure"].astype(str).tolist() if TITLE in book else []


def test_staff_see_the_change_and_the_file_name(run_app: RunApp, late_report, tmp_path) -> None:
    _, name, added = late_report
    at = run_app(params={"period": PERIOD}, user="staff")
    assert errors(at) == []
    row = changed_table(at).loc[WORKERS]
    assert row["Now"] - row["At the review"] == added
    assert name in row["Changed by"]
    out = tmp_path / "overview.xlsx"
    argv = ["export", "--page", "overview", "--period", PERIOD, "--out", str(out)]
    assert cli.main(argv) == 0
    exported = read_tables(out.read_bytes())[TITLE].set_index("Figure").loc[WORKERS]
    assert exported["Now"] - exported["At the review"] == added
    assert name in exported["Changed by"]


def test_a_change_three_enterprises_made_is_shown_to_a_viewer_without_the_file_name(
    run_app: RunApp, published, tmp_path
) -> None:
    before = permanent_workers(published)
    codes = list(before)[:3]
    new = {code: before[code] + 10 * (i + 1) for i, code in enumerate(codes)}
    name = f"corrections_{'_'.join(codes)}.xlsx"
    import_rows(published, name, new)
    # 10 + 20 + 30 more permanent workers, from three enterprises.
    at = run_app(params={"period": PERIOD}, user="viewer")
    assert errors(at) == []
    row = changed_table(at).loc[WORKERS]
    assert row["Now"] - row["At the review"] == 60
    with published.connect() as connection:
        when, version = connection.execute(
            text("SELECT created_at, data_version FROM import_batches WHERE file_name = :f"),
            {"f": name},
        ).one()
    day = datetime.fromisoformat(str(when))  # running text writes it 1 Mar 2018
    assert row["Changed by"] == f"Import of {day.day} {day:%b} {day.year}, version {version}"
    assert name not in cells([d.value for d in at.dataframe])
    out = tmp_path / "overview.xlsx"
    argv = ["export", "--page", "overview", "--period", PERIOD, "--role", "viewer"]
    assert cli.main([*argv, "--out", str(out)]) == 0
    exported = read_tables(out.read_bytes())[TITLE].set_index("Figure").loc[WORKERS]
    assert exported["Now"] - exported["At the review"] == 60
    assert exported["Changed by"] == row["Changed by"]
    # The viewer's changes are figures of the frames viewers read (the sex of unreported
    # workers estimated): the women employed now are those of the viewer's own headline
    # figures, not staff's (some workers' sex is not reported at 2017-H2, so they differ).
    tables = read_tables(out.read_bytes())
    women_now = tables[TITLE].set_index("Figure").loc[WOMEN, "Now"]
    headline = tables["Headline figures"].set_index("Figure")
    assert women_now == headline.loc[WOMEN, PERIOD]
    staff_out = tmp_path / "overview-staff.xlsx"
    assert (
        cli.main(["export", "--page", "overview", "--period", PERIOD, "--out", str(staff_out)]) == 0
    )
    staff_now = read_tables(staff_out.read_bytes())[TITLE].set_index("Figure").loc[WOMEN, "Now"]
    assert women_now > staff_now


def _gender_workbook(tmp_path, *role: str) -> dict[str, pd.DataFrame]:
    """The Gender & jobs workbook of the review half-year from the command line, as `role`
    (none: staff), without its About sheet (which names the moment it was made)."""
    out = tmp_path / "gender.xlsx"
    argv = ["export", "--page", "gender", "--period", PERIOD, *role, "--out", str(out)]
    assert cli.main(argv) == 0
    return {title: f for title, f in read_tables(out.read_bytes()).items() if title != "About"}


def test_a_viewer_reads_the_reviews_figures_until_the_imports_since_concern_enough_firms(
    published: Engine, tmp_path, run_app: RunApp
) -> None:
    # Set beside the review's figures, a later version would give the firms it changed.
    at_review = _gender_workbook(tmp_path, "--role", "viewer")
    staff_before = _gender_workbook(tmp_path)
    before = permanent_workers(published)
    first, second, third = list(before)[:3]
    import_rows(published, f"late_report_{first}.xlsx", {first: before[first] + 61})

    held = _gender_workbook(tmp_path, "--role", "viewer")
    assert held.keys() == at_review.keys()
    for title, frame in at_review.items():
        pd.testing.assert_frame_equal(held[title], frame, obj=title)
    staff_now = _gender_workbook(tmp_path)
    assert not staff_now["Employment by sex"].equals(staff_before["Employment by sex"])
    at = run_app(page="app_pages/gender.py", params={"period": PERIOD}, user="viewer")
    assert errors(at) == []
    assert any("fewer than 3 enterprises" in i.value for i in at.info)

    # Two more firms: the imports since the review now concern three, and viewers read them.
    import_rows(published, "more.xlsx", {second: before[second] + 5, third: before[third] + 5})
    employment = _gender_workbook(tmp_path, "--role", "viewer")["Employment by sex"]
    row = employment.set_index(["Half-year", "Group"]).loc[(PERIOD, "Workers, permanent")]
    assert row["Total"] == sum(permanent_workers(published).values())
    assert sum(permanent_workers(published).values()) == sum(before.values()) + 61 + 5 + 5


# --- every version a viewer can reach (issue 23): published reviews and the current data ---

LATER_REVIEW = "2017-H1"  # review B, published after the late report (meeting 2018-08-14)
THIRD_REVIEW = "2016-H2"  # review C, published after three more firms' reports


def _viewer_gender(
    run_app: RunApp, review: str | None, user: str = "viewer"
) -> tuple[dict[str, pd.DataFrame], str]:
    """As a viewer (or `user`): the Gender & jobs page of the half-year PERIOD, as at
    `review` (None: the current data), its workbook without the About sheet (which names
    the review and the moment), and everything the page wrote as text."""
    params = {"period": PERIOD, **({"review": review} if review else {})}
    at = run_app(page="app_pages/gender.py", params=params, user=user)
    assert errors(at) == []
    book = {t: f for t, f in read_tables(last_download(at, "gender")).items() if t != "About"}
    texts = [visible(e.value) for e in (*at.markdown, *at.info)]
    shown = "\n".join([cells([d.value for d in at.dataframe]), *texts])
    return book, shown


def _frames_permanent(frames: dict[str, pd.DataFrame]) -> int:
    """The permanent workers of the half-year PERIOD in a version's frames."""
    rows = frames["workforce"]
    chosen = (
        (rows["period"].astype(str) == PERIOD)
        & (rows["role"].astype(str) == "worker")
        & (rows["employment"].astype(str) == "permanent")
    )
    return int(rows.loc[chosen, "total"].sum())


def _permanent_total(book: dict[str, pd.DataFrame]) -> int:
    employment = book["Employment by sex"].set_index(["Half-year", "Group"])
    return int(employment.loc[(PERIOD, "Workers, permanent"), "Total"])


def test_a_viewer_who_opens_every_review_and_the_current_data_gets_no_firm_by_subtraction(
    published: Engine, run_app: RunApp, tmp_path, capsys
) -> None:
    before = permanent_workers(published)  # review A (2017-H2) was published on these
    first, second, third, fourth = list(before)[:4]
    late = f"late_report_{first}.xlsx"
    import_rows(published, late, {first: before[first] + 61})
    publish = ["review", "publish", "--period", LATER_REVIEW, "--meeting-date", "2018-08-14"]
    assert cli.main(publish) == 0
    # Staff are warned: viewers read review B with review A's figures.
    review_a, review_b = reviews.find(published, PERIOD), reviews.find(published, LATER_REVIEW)
    assert review_a is not None and review_b is not None
    warning = (
        f"Warning: Viewers will see the {review_b.title} with the figures of the {review_a.title}"
    )
    assert warning in capsys.readouterr().err
    # Staff read review B as published: one firm's 61 workers more than review A (SQL).
    staff_b, _ = _viewer_gender(run_app, LATER_REVIEW, "staff")
    assert _permanent_total(staff_b) == sum(before.values()) + 61

    reached = {
        "?review=A": _viewer_gender(run_app, PERIOD),
        "?review=B": _viewer_gender(run_app, LATER_REVIEW),
        "current": _viewer_gender(run_app, None),
    }
    reached["export --role viewer"] = (_gender_workbook(tmp_path, "--role", "viewer"), "")
    for what, (book, shown) in reached.items():
        assert late not in shown and late not in cells(book), what
        assert _permanent_total(book) == sum(before.values()), what  # review A's, by SQL
    reference = reached["?review=A"][0]
    for what, (book, _) in reached.items():
        assert book.keys() == reference.keys(), what
        for title, frame in reference.items():
            pd.testing.assert_frame_equal(book[title], frame, obj=f"{what}: {title}")
    assert f"with the figures as at the {review_a.title}" in reached["?review=B"][1]
    # The viewer's pack of review B (pack --review 2017-H1 --role viewer) is built on
    # review A's data.
    frames_b, held = review_frames(published, review_b, Role.VIEWER)
    assert held is not None and held.period == PERIOD
    assert _frames_permanent(frames_b) == sum(before.values())

    # Three more firms' reports: the current data are four firms from review A's, and
    # review C, published on them, shows viewers its own figures.
    import_rows(
        published, "more.xlsx", {code: before[code] + 5 for code in (second, third, fourth)}
    )
    publish = ["review", "publish", "--period", THIRD_REVIEW, "--meeting-date", "2019-02-14"]
    assert cli.main(publish) == 0
    assert "Warning" not in capsys.readouterr().err
    now = permanent_workers(published)
    assert sum(now.values()) == sum(before.values()) + 61 + 3 * 5
    book_c, shown_c = _viewer_gender(run_app, THIRD_REVIEW)
    assert _permanent_total(book_c) == sum(now.values())
    assert late not in shown_c and late not in cells(book_c)
    # Review B stays at review A's figures for viewers: its data are still one firm from A's.
    book_b, _ = _viewer_gender(run_app, LATER_REVIEW)
    assert _permanent_total(book_b) == sum(before.values())
    review_c = reviews.find(published, THIRD_REVIEW)
    assert review_c is not None
    frames_c, held = review_frames(published, review_c, Role.VIEWER)
    assert held is None and _frames_permanent(frames_c) == sum(now.values())
    # What changed since review A, as a viewer: four firms' 61 + 3 x 5 = 76 workers, the
    # imports named without their files.
    at = run_app(params={"period": PERIOD, "review": PERIOD}, user="viewer")
    assert errors(at) == []
    row = changed_table(at).loc[WORKERS]
    assert row["Now"] - row["At the review"] == 61 + 3 * 5
    assert late not in row["Changed by"] and "more.xlsx" not in row["Changed by"]
