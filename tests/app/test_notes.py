"""AppTest: notes on figures reach the Results trend chart, the table under it, the
Overview's "what changed" lines and the pages' Excel; a viewer reads only the notes for
everyone; a note's text is shown as the characters it holds."""

from __future__ import annotations

import shutil

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from score_dash import cli
from score_dash.config import get_config
from score_dash.meetings import minutes
from score_dash.store import db
from tests.app.conftest import RunApp, errors, last_download, screen_values, visible
from tests.excel import read_sheet

RESULTS = "app_pages/results.py"
FLOODS = "Chennai floods closed 12 enterprises for six weeks"
FIRM = "One firm moved its line to a new site"
RAINS = "Late monsoon: fewer orders"
HOSTILE = "<script>alert(1)</script> **two** trainers left"


@pytest.fixture
def noted(tmp_path, demo_db_url, monkeypatch) -> dict[str, int]:
    """A copy of the demo database with four notes: on productivity in Tamil Nadu
    (2015-H1), on one enterprise (2015-H1, staff only), without a place (2016-H1), and on
    modules completed in 2017-H2 (the review half-year) with Markup in its text. All but the
    one on an enterprise (which never is) are shown to viewers."""
    path = tmp_path / "noted.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    engine = db.make_engine(url)
    ids = {
        "floods": minutes.add_note(
            engine,
            indicator="productivity",
            period="2015-H1",
            text=FLOODS,
            user="officer",
            state="Tamil Nadu",
            release=True,
        ),
        "firm": minutes.add_note(
            engine,
            indicator="productivity",
            period="2015-H1",
            text=FIRM,
            user="officer",
            enterprise="E00001",
        ),
        "rains": minutes.add_note(
            engine,
            indicator="productivity",
            period="2016-H1",
            text=RAINS,
            user="officer",
            release=True,
        ),
        "hostile": minutes.add_note(
            engine,
            indicator="module_completions",
            period="2017-H2",
            text=HOSTILE,
            user="officer",
            release=True,
        ),
    }
    engine.dispose()
    monkeypatch.setenv("SCORE_DB_URL", url)
    get_config.cache_clear()
    return ids


def notes_under_the_trend(at) -> list[dict[str, object]]:
    """The "Notes on this chart" table (the one with a Note column)."""
    tables = [screen_values(d.value) for d in at.dataframe if "Note" in d.value.columns]
    tables = [t for t in tables if "Recorded by" in t.columns]
    assert len(tables) == 1
    return tables[0].to_dict("records")


def trend_notes(at) -> list[str]:
    """The tooltips of the trend chart's note markers: the Notes of its datasets."""
    chart = at.get("vega_lite_chart")[0].proto
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.datasets]
    notes = [text for frame in frames if "Notes" in frame for text in frame["Notes"]]
    assert ("triangle-down" in chart.spec) == bool(notes)  # the marker draws them
    return notes


def test_staff_see_the_notes_on_the_kpi_trend_table_and_excel(run_app: RunApp, noted) -> None:
    at = run_app(page=RESULTS, params={"kpi": "Productivity"})
    assert errors(at) == []
    assert any(c.value == "Notes on this chart" for c in at.caption)
    assert notes_under_the_trend(at) == [
        {"Half-year": "2015-H1", "Place": "Tamil Nadu", "Note": FLOODS, "Recorded by": "officer"},
        {"Half-year": "2015-H1", "Place": "E00001", "Note": FIRM, "Recorded by": "officer"},
        {"Half-year": "2016-H1", "Place": "", "Note": RAINS, "Recorded by": "officer"},
    ]
    assert trend_notes(at) == [
        f"Note (Tamil Nadu): {FLOODS} | Note (E00001): {FIRM}",
        f"Note: {RAINS}",
    ]
    sheet = read_sheet(last_download(at, "results"), minutes.NOTES)
    assert list(sheet["ID"]) == [noted["floods"], noted["firm"], noted["rains"]]
    assert list(sheet["Text"]) == [FLOODS, FIRM, RAINS]
    assert list(sheet["Indicator"]) == ["productivity"] * 3
    assert HOSTILE not in set(sheet["Text"])  # a note on another indicator


def test_a_view_of_another_state_shows_only_the_notes_without_a_place(
    run_app: RunApp, noted
) -> None:
    at = run_app(page=RESULTS, params={"kpi": "Productivity", "state": "Maharashtra"})
    assert errors(at) == []
    assert [row["Note"] for row in notes_under_the_trend(at)] == [RAINS]


def test_a_viewer_sees_the_state_note_but_not_the_enterprise_note(
    run_app: RunApp, signed_in, noted
) -> None:
    at = run_app(page=RESULTS, params={"kpi": "Productivity"}, user="viewer")
    assert errors(at) == []
    assert [row["Note"] for row in notes_under_the_trend(at)] == [FLOODS, RAINS]
    assert trend_notes(at) == [f"Note (Tamil Nadu): {FLOODS}", f"Note: {RAINS}"]


def test_the_overview_line_carries_the_note_escaped_and_the_excel_lists_it(
    run_app: RunApp, noted
) -> None:
    at = run_app()
    assert errors(at) == []
    bullets = [m.value for m in at.markdown if "Modules completed rose by" in m.value]
    assert len(bullets) == 1
    assert "<script>" not in bullets[0] and "**two**" not in bullets[0]  # escaped
    assert f"Modules completed rose by 41 (+10 %) to 461. (note: {HOSTILE})" in visible(bullets[0])
    sheet = read_sheet(last_download(at, "overview"), minutes.NOTES)
    assert list(sheet["ID"]) == [noted["hostile"]]
    assert list(sheet["Text"]) == [HOSTILE]


@pytest.mark.parametrize(
    ("page", "arguments", "role", "expected"),
    [
        ("results", ["--choice", "kpi=Productivity"], "staff", ["floods", "firm", "rains"]),
        ("results", ["--choice", "kpi=Productivity"], "viewer", ["floods", "rains"]),
        ("results", ["--choice", "kpi=Productivity", "--state", "Maharashtra"], "staff", ["rains"]),
        ("results", [], "staff", ["floods", "firm", "rains"]),  # the default KPI: productivity
        ("overview", [], "staff", ["hostile"]),
        ("gender", [], "staff", []),
    ],
)
def test_the_command_lines_export_lists_the_notes_the_page_lists(
    tmp_path, noted, page, arguments, role, expected
) -> None:
    out = tmp_path / f"{page}.xlsx"
    argv = ["export", "--page", page, "--out", str(out), "--role", role, *arguments]
    assert cli.main(argv) == 0
    names = load_workbook(out, read_only=True).sheetnames
    if not expected:
        assert minutes.NOTES not in names
        return
    sheet = read_sheet(out.read_bytes(), minutes.NOTES)
    assert list(sheet["ID"]) == [noted[name] for name in expected]


# E00004 of the demo is "Bharat Components Pvt Ltd (fictional)": the note names part of it.
PARTIAL_NAME = "Bharat Components took on 30 contract workers"


def test_a_note_naming_part_of_a_firm_reaches_the_viewers_excel_only_once_shown(
    tmp_path, noted, capsys
) -> None:
    assert cli.main(["notes", "add", "--indicator", "productivity", "--period", "2016-H1",
                     "--text", PARTIAL_NAME]) == 0  # fmt: skip
    added = capsys.readouterr()
    assert "not shown to viewers" in added.out
    assert "'Bharat'" in added.err  # the writer is warned; the warning is not the safeguard
    ident = max(noted.values()) + 1

    def viewers_notes() -> list[str]:
        out = tmp_path / "viewer.xlsx"
        argv = ["export", "--page", "results", "--out", str(out), "--role", "viewer"]
        assert cli.main([*argv, "--choice", "kpi=Productivity"]) == 0
        return list(read_sheet(out.read_bytes(), minutes.NOTES)["Text"])

    assert viewers_notes() == [FLOODS, RAINS]
    capsys.readouterr()
    assert cli.main(["notes", "list", "--role", "viewer"]) == 0
    assert "Bharat" not in capsys.readouterr().out

    assert cli.main(["notes", "release", str(ident), "--user", "officer@score.example"]) == 0
    assert f"Note {ident}: shown to viewers." in capsys.readouterr().out
    assert viewers_notes() == [FLOODS, RAINS, PARTIAL_NAME]

    assert cli.main(["notes", "release", str(ident), "--withdraw"]) == 0
    assert viewers_notes() == [FLOODS, RAINS]
    history = minutes.release_history(db.make_engine(get_config().db_url))
    assert history[["ID", "Shown", "Changed by"]].values.tolist()[-2:] == [
        [ident, "yes", "officer@score.example"],
        [ident, "", "command line"],
    ]
