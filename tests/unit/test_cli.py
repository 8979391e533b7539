"""`python -m score_dash`: init-db, summary, export, template, import, with exit codes."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from score_dash.cli import main
from score_dash.config import get_config
from score_dash.meetings import since_review
from score_dash.store import db, loading

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()
    yield url
    get_config.cache_clear()


def test_init_db_with_demo_then_refuses_to_overwrite_without_force(url, capsys):
    assert main(["init-db", "--demo"]) == 0
    assert "Demo data loaded" in capsys.readouterr().out
    assert main(["init-db", "--demo"]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["init-db", "--force"]) == 0
    assert db.is_empty(db.make_engine(url))


def test_summary_prints_counts_and_headline_figures(url, capsys):
    main(["init-db", "--demo"])
    capsys.readouterr()
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "enterprises" in out and "240" in out
    assert "Headline figures, 2017-H2" in out


def test_export_page_writes_the_same_workbook_as_the_page(url, tmp_path, capsys):
    main(["init-db", "--demo"])
    out = tmp_path / "overview.xlsx"
    assert (
        main(
            [
                "export",
                "--page",
                "overview",
                "--out",
                str(out),
                "--state",
                "Haryana",
                "--period",
                "2015-H2",
            ]
        )
        == 0
    )
    wb = load_workbook(io.BytesIO(out.read_bytes()))
    assert wb.sheetnames[0] == "About"
    about = " ".join(str(c.value) for row in wb["About"].iter_rows() for c in row if c.value)
    assert "States: Haryana" in about and "Review period: 2015-H2" in about
    assert "?period=2015-H2&state=Haryana" in about
    assert len(wb.sheetnames) > 1


def test_export_with_an_invalid_filter_or_page_is_a_usage_error(url, tmp_path, capsys):
    main(["init-db", "--demo"])
    out = tmp_path / "x.xlsx"
    assert main(["export", "--page", "overview", "--out", str(out), "--state", "Atlantis"]) == 2
    assert "state 'Atlantis'" in capsys.readouterr().err
    assert main(["export", "--page", "nowhere", "--out", str(out)]) == 2
    assert not out.exists()


def test_export_all_then_import_into_an_empty_database(url, tmp_path, monkeypatch, capsys):
    main(["init-db", "--demo"])
    everything = tmp_path / "all.xlsx"
    assert main(["export", "--all", "--out", str(everything)]) == 0
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    assert main(["import", str(everything), "--url", target, "--dry-run"]) == 0
    assert db.is_empty(db.make_engine(target))
    assert main(["import", str(everything), "--url", target, "--accept-warnings"]) == 0
    counts = db.row_counts(db.make_engine(target))
    assert counts["enterprises"] == 240
    assert counts == {**db.row_counts(db.make_engine(url)), "import_batches": 1}


def test_import_of_a_bad_file_exits_non_zero_and_writes_nothing(url, tmp_path, capsys):
    main(["init-db", "--demo"])
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "table: workforce\nenterprise,period,role,employment,total,female,male\n"
        "E99999,2017-H2,worker,permanent,10,20,0\n"
    )
    before = db.row_counts(db.make_engine(url))
    assert main(["import", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "E99999" in out
    after = db.row_counts(db.make_engine(url))
    assert {k: v for k, v in after.items() if k != "import_batches"} == {
        k: v for k, v in before.items() if k != "import_batches"
    }


def test_template_is_an_xlsx_with_one_sheet_per_table(url, tmp_path):
    out = tmp_path / "template.xlsx"
    assert main(["template", "--out", str(out)]) == 0
    assert "enterprises" in [s.lower() for s in load_workbook(out).sheetnames]


def test_module_entry_point_runs(url):
    result = subprocess.run(
        [sys.executable, "-m", "score_dash", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "init-db" in result.stdout


def test_export_as_a_viewer_writes_aggregates_only(url, tmp_path, capsys):
    main(["init-db", "--demo"])
    staff, viewer = tmp_path / "staff.xlsx", tmp_path / "viewer.xlsx"
    assert main(["export", "--page", "results", "--out", str(staff)]) == 0
    assert main(["export", "--page", "results", "--role", "viewer", "--out", str(viewer)]) == 0
    codes = set(loading.load_frames(db.make_engine(url))["enterprises"]["enterprise"])

    def cells(path) -> set[str]:
        workbook = load_workbook(path, read_only=True)
        return {
            str(v)
            for ws in workbook.worksheets
            for row in ws.iter_rows(values_only=True)
            for v in row
        }

    assert codes & cells(staff) and not codes & cells(viewer)
    assert main(["export", "--all", "--role", "viewer", "--out", str(tmp_path / "a.xlsx")]) == 1
    assert "project staff only" in capsys.readouterr().err
    assert main(["export", "--page", "data", "--role", "viewer", "--out", str(viewer)]) == 1


def test_export_of_the_overview_after_a_review_has_what_changed_since_it(url, tmp_path):
    # `export --page overview` with a published review adds the Overview's table of what
    # changed since it (it failed once: a parameter named like the module it called).
    main(["init-db", "--demo"])
    assert main(["review", "publish", "--period", "2017-H2", "--meeting-date", "2018-02-14"]) == 0
    out = tmp_path / "overview.xlsx"
    assert main(["export", "--page", "overview", "--out", str(out)]) == 0
    titles = load_workbook(io.BytesIO(out.read_bytes())).sheetnames
    assert since_review.TITLE in titles
