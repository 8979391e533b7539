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

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from score_dash import cli, ingest
from tests.app.conftest import RunApp, errors, last_download, published_copy, screen_values
from tests.excel import read_tables
from tests.unit.bad_files import workforce_file, workforce_row

PERIOD = "2017-H2"
TITLE = "Changed since the review"
WORKERS = "Workers in trained enterprises"

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
    table = changed_table(at)
    row = table.loc[WORKERS]
    assert pd.isna(row["At the review"]) and pd.isna(row["Now"]) and pd.isna(row["Changed by"])
    assert "fewer than 3 enterprises" in row["Note"]
    shown = cells([d.value for d in at.dataframe]) + "\n".join(m.value for m in at.markdown)
    assert name not in shown and code not in shown
    excel = read_tables(last_download(at, "overview"))
    assert TITLE in excel
    assert pd.isna(excel[TITLE].set_index("Figure").loc[WORKERS, "Now"])
    assert name not in cells(excel) and code not in cells(excel)

    out = tmp_path / "overview.xlsx"
    argv = ["export", "--page", "overview", "--period", PERIOD, "--role", "viewer"]
    assert cli.main([*argv, "--out", str(out)]) == 0
    exported = read_tables(out.read_bytes())
    assert pd.isna(exported[TITLE].set_index("Figure").loc[WORKERS, "Now"])
    assert name not in cells(exported) and code not in cells(exported)
    # Every change comes from the one firm: no import is named at all.
    assert exported[TITLE]["Changed by"].isna().all()


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
    assert row["Changed by"] == f"Import of {str(when)[:10]}, version {version}"
    assert name not in cells([d.value for d in at.dataframe])
    out = tmp_path / "overview.xlsx"
    argv = ["export", "--page", "overview", "--period", PERIOD, "--role", "viewer"]
    assert cli.main([*argv, "--out", str(out)]) == 0
    exported = read_tables(out.read_bytes())[TITLE].set_index("Figure").loc[WORKERS]
    assert exported["Now"] - exported["At the review"] == 60
    assert exported["Changed by"] == row["Changed by"]


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
