"""The app on the hand-made database: cards and Excel downloads show the hand-counted figures.

The app runs in AppTest against tests/handmade.py loaded into SQLite. The expected values
are the same literals as in tests/unit/test_handmade_figures.py (whose comments show the
counting), here as the screen formats them ("1,069", "44.8 %") and as the downloaded
workbook holds them, read with openpyxl directly.
"""

from __future__ import annotations

import io
import math

import pytest
from openpyxl import load_workbook

from score_dash.config import get_config
from tests.app.conftest import RunApp, errors, last_download, visible

ON, RISK, OFF = "✓ On track", "! At risk", "✗ Off track"


@pytest.fixture(autouse=True)
def _handmade_database(handmade_db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs after the tier's autouse fixture that points the app at the demo database.
    monkeypatch.setenv("SCORE_DB_URL", handmade_db_url)
    get_config.cache_clear()
    yield
    get_config.cache_clear()


def cards(at) -> dict[str, str]:
    """Metric cards: label -> value as shown."""
    return {visible(m.label): m.value for m in at.metric}


def deltas(at) -> dict[str, str]:
    return {visible(m.label): m.proto.delta for m in at.metric}


def rows(workbook: bytes, title: str, first_header: str) -> list[dict[str, object]]:
    """A table sheet of the workbook as one dict per row (the header row starts with
    `first_header`; a note may stand above it)."""
    sheet = load_workbook(io.BytesIO(workbook), data_only=True)[title]
    cells = list(sheet.iter_rows(values_only=True))
    start = next(i for i, line in enumerate(cells) if line and line[0] == first_header)
    header = cells[start]
    return [dict(zip(header, line, strict=True)) for line in cells[start + 1 :]]


def by(table: list[dict[str, object]], column: str, key: object) -> dict[str, object]:
    found = [line for line in table if line[column] == key]
    assert len(found) == 1, f"{len(found)} rows with {column} = {key!r}"
    return found[0]


def assert_cells(line: dict[str, object], expected: dict[str, object]) -> None:
    wrong = {}
    for column, value in expected.items():
        cell = line[column]
        if isinstance(value, float) and math.isnan(value):
            ok = cell is None
        elif isinstance(value, str) or cell is None:
            ok = cell == value
        else:
            ok = cell == pytest.approx(value, abs=1e-9)
        if not ok:
            wrong[column] = (cell, value)
    assert not wrong, f"(in the workbook, expected) {wrong}"


def screen_table(at, *first_columns: str) -> list[dict[str, object]]:
    """The on-screen table whose columns start with `first_columns`, one dict per row (for
    pages without metric cards)."""
    lead = list(first_columns)
    found = [d.value for d in at.dataframe if list(d.value.columns)[: len(lead)] == lead]
    assert len(found) == 1, f"{len(found)} tables start with {lead}"
    return found[0].to_dict("records")


def open_page(run_app: RunApp, page: str | None = None, params: dict | None = None):
    at = run_app(page=page, params=params)
    assert errors(at) == []
    assert not any("Illustrative demo data" in w.value for w in at.warning)  # not the demo
    return at


# --- Overview ------------------------------------------------------------------------------


def test_overview_cards(run_app: RunApp) -> None:
    at = open_page(run_app)  # the Overview is the default page; review 2017-H2
    assert visible(at.title[0].value) == "Overview, 2017-H2"
    shown = cards(at)
    assert {k: shown[k] for k in (ON, RISK, OFF)} == {
        ON: "4 of 10",  # completions, MoU, cost share, institutions
        RISK: "2 of 10",  # via associations, inspectors
        OFF: "3 of 10",  # trained, promotion events, trainers (media: no target)
    }
    assert {
        k: shown[k]
        for k in (
            "Enterprises trained",
            "Workers in trained enterprises",
            "Modules completed",
            "Certified trainers",
            "Women's share of classroom participants",
        )
    } == {
        "Enterprises trained": "10",
        "Workers in trained enterprises": "1,069",
        "Modules completed": "10",
        "Certified trainers": "5",
        "Women's share of classroom participants": "44.8 %",
    }
    changes = deltas(at)
    assert changes["Enterprises trained"] == "+1"  # 10 - 9
    assert changes["Workers in trained enterprises"] == "+325"  # 1,069 - 744
    assert changes["Modules completed"] == "+3"  # 10 - 7
    assert changes["Certified trainers"] == "+1"  # 5 - 4
    assert changes["Women's share of classroom participants"] == "-2.0 points"  # 44.8 - 46.8
    captions = [visible(c.value) for c in at.caption]
    assert "Women 381 · men 519" in captions
    assert "Women 3 · men 2" in captions
    text = "\n".join(visible(m.value) for m in at.markdown)
    assert "**71.4 %** raised productivity (+4.7 points)" in text
    assert "**57.1 %** reduced defects (+7.1 points)" in text
    assert "**50.0 %** reduced accidents (-50.0 points)" in text
    assert (
        "**2017-H2: 4 of 9 indicators with a target are on track; 2 at risk (Enterprises "
        "recruited by associations, Labour inspectors trained); 3 off track (Enterprises "
        "trained, Promotion events, Certified trainers).**"
    ) in text
    assert {
        k: shown[k]
        for k in (
            "Enterprises",
            "Clusters",
            "States",
            "Workers in participating enterprises",
            "Module enrolments",
            "Completion rate",
        )
    } == {
        "Enterprises": "11",
        "Clusters": "3",
        "States": "2",
        "Workers in participating enterprises": "1,304",
        "Module enrolments": "18",
        "Completion rate": "71.4 %",
    }


def test_overview_excel(run_app: RunApp) -> None:
    workbook = last_download(open_page(run_app), "overview")
    status = rows(workbook, "Logframe status", "Objective")
    # indicator: (target, actual, status, needed per half-year)
    expected = {
        "Enterprises trained": (12, 10, OFF, math.nan),
        "Modules completed": (10, 10, ON, 0.0),
        "Associations with an MoU": (3, 3, ON, 0.0),
        "Enterprises recruited by associations": (9, 8, RISK, math.nan),
        "Promotion events": (4, 2, OFF, math.nan),
        "Share of training cost not paid by the ILO": (40, 45.0, ON, 0.0),
        "Institutions embedding SCORE": (3, 3, ON, 0.0),
        "Certified trainers": (6, 5, OFF, math.nan),
        "Labour inspectors trained": (50, 45, RISK, math.nan),
        "Media items": (math.nan, 3, "– No target", math.nan),
    }
    assert [line["Indicator"] for line in status] == list(expected)
    for indicator, (target, actual, verdict, needed) in expected.items():
        assert_cells(
            by(status, "Indicator", indicator),
            {
                "Target this half-year": target,
                "Actual": actual,
                "Status": verdict,
                "Needed per half-year": needed,
            },
        )
    figures = rows(workbook, "Headline figures", "Figure")
    # figure: (2017-H2, 2017-H1, change)
    expected_figures = {
        "Enterprises trained": (10, 9, 1),
        "Workers in trained enterprises": (1069, 744, 325),
        "Women in trained enterprises": (381, 183, 198),
        "Men in trained enterprises": (519, 399, 120),
        "Modules completed": (10, 7, 3),
        "Enterprises improving productivity": (71.4, 66.7, 4.7),
        "Enterprises reducing defects": (57.1, 50.0, 7.1),
        "Enterprises reducing accidents": (50.0, 100.0, -50.0),
        "Certified trainers": (5, 4, 1),
        "Women certified trainers": (3, 2, 1),
        "Men certified trainers": (2, 2, 0),
        "Women's share of classroom participants": (44.8, 46.8, -2.0),
    }
    for figure, (now, before, change) in expected_figures.items():
        assert_cells(
            by(figures, "Figure", figure),
            {"2017-H2": now, "2017-H1 (previous)": before, "Change since previous": change},
        )
    glance = rows(workbook, "Programme at a glance", "Figure")
    assert {line["Figure"]: line["2017-H2"] for line in glance} == {
        "Enterprises": 11,
        "Clusters": 3,
        "States": 2,
        "Workers in participating enterprises": 1304,
        "Module enrolments": 18,
        "Completion rate": 71.4,
    }


def test_overview_for_one_state(run_app: RunApp) -> None:
    at = open_page(run_app, params={"state": "Haryana"})
    shown = cards(at)
    assert ON not in shown  # a selection is not measured against programme targets
    assert {
        k: shown[k]
        for k in (
            "Enterprises trained",
            "Workers in trained enterprises",
            "Modules completed",
            "Certified trainers",
            "Women's share of classroom participants",
            "Enterprises",
            "Workers in participating enterprises",
            "Completion rate",
        )
    } == {
        "Enterprises trained": "4",  # E01-E04
        "Workers in trained enterprises": "288",  # 72 + 136 + 80
        "Modules completed": "5",
        "Certified trainers": "3",  # T01, T02, T04
        "Women's share of classroom participants": "33.3 %",  # 9 / 27
        "Enterprises": "5",
        "Workers in participating enterprises": "523",
        "Completion rate": "71.4 %",  # 5 / 7
    }
    assert "Women 61 · men 227" in [visible(c.value) for c in at.caption]
    status = rows(last_download(at, "overview"), "Logframe status", "Objective")
    assert {line["Status"] for line in status} == {"– Not assessed"}


# --- Coverage ------------------------------------------------------------------------------


def test_coverage_tables_and_excel(run_app: RunApp) -> None:
    at = open_page(run_app, "app_pages/coverage.py")
    # no cards on this page: the figures are in its tables
    shown = screen_table(at, "Code", "State", "Clusters")
    assert [(line["State"], line["Enterprises"], line["Workers"]) for line in shown] == [
        ("Tamil Nadu", 6, 781),
        ("Haryana", 5, 523),
    ]
    workbook = last_download(at, "coverage")
    states = rows(workbook, "By state", "Code")
    assert [line["State"] for line in states] == ["Tamil Nadu", "Haryana"]
    columns = (
        "Enterprises",
        "Workers",
        "Women workers",
        "Men workers",
        "Workers, sex not reported",
        "Module enrolments",
        "Modules completed",
        "Trainers",
        "Partners",
        "Women's share of workers (%)",
    )
    assert_cells(
        by(states, "State", "Tamil Nadu"),
        dict(zip(columns, (6, 781, 320, 292, 167, 9, 5, 3, 6, 52.3), strict=True)),
    )
    assert_cells(
        by(states, "State", "Haryana"),
        dict(zip(columns, (5, 523, 83, 440, 0, 9, 5, 3, 3, 15.9), strict=True)),
    )
    clusters = rows(workbook, "By cluster", "Cluster")
    expected = {
        "Faridabad": (5, 523, 83, 440, 0, 9, 5, 3, 3, 15.9),
        "Chennai": (3, 309, 38, 104, 167, 5, 3, 2, 4, 26.8),
        "Tiruppur": (3, 472, 282, 188, 0, 4, 2, 1, 2, 60.0),
    }
    assert [line["Cluster"] for line in clusters] == list(expected)
    for cluster, values in expected.items():
        assert_cells(by(clusters, "Cluster", cluster), dict(zip(columns, values, strict=True)))


# --- Modules -------------------------------------------------------------------------------


def test_modules_cards_and_excel(run_app: RunApp) -> None:
    at = open_page(run_app, "app_pages/modules.py")
    assert cards(at) == {
        "Enrolments": "18",
        "Completed": "10",
        "In progress": "4",  # E05 M1, E08 M1, E01 M5, E09 M2
        "Dropped": "4",  # E02 M1, E10 M1, E03 M2, E07 M5
        "Completion rate": "71.4 %",  # 10 / 14
        "Beyond Module 1": "54.5 %",  # 6 of 11 enterprises
    }
    workbook = last_download(at, "modules")
    summary = {line["Figure"]: line["Value"] for line in rows(workbook, "Summary", "Figure")}
    assert summary["Module enrolments"] == 18
    assert summary["Completion rate"] == pytest.approx(71.4)
    assert summary["Enterprises taking more than Module 1"] == 6
    funnel = [
        line
        for line in rows(workbook, "Funnel by module", "Module")
        if line["Module"] == "M1 Workplace Cooperation"
    ]
    assert [line["Enterprises"] for line in funnel] == [11, 11, 10, 9, 8, 8, 7]
    assert [line["Of enrolled (%)"] for line in funnel] == pytest.approx(
        [100.0, 100.0, 90.9, 81.8, 72.7, 72.7, 63.6]
    )


def test_modules_for_one_cluster(run_app: RunApp) -> None:
    at = open_page(run_app, "app_pages/modules.py", {"cluster": "Tiruppur"})
    assert cards(at) == {
        "Enrolments": "4",  # E09 M1 M2, E10 M1, E11 M1
        "Completed": "2",
        "In progress": "1",
        "Dropped": "1",
        "Completion rate": "66.7 %",  # 2 / 3
        "Beyond Module 1": "33.3 %",  # E09 of 3
    }


# --- Results -------------------------------------------------------------------------------


def test_results_cards_and_excel(run_app: RunApp) -> None:
    at = open_page(run_app, "app_pages/results.py")  # productivity by default
    assert cards(at) == {
        "Enterprises with baseline and later value": "7",
        "Share improved (%)": "71.4 %",
        "Median change": "10",
        "Median change (%)": "10.0 %",
        "Implausible values excluded": "1",
    }
    workbook = last_download(at, "results")
    summary = {line["Figure"]: line["Value"] for line in rows(workbook, "Summary", "Figure")}
    assert summary["Improved"] == 5
    assert summary["No baseline"] == 1
    assert summary["No later report"] == 3
    implausible = rows(workbook, "Implausible values", "Enterprise")
    assert [(line["Enterprise"], line["KPI"], line["Value"]) for line in implausible] == [
        ("E10", "Defect rate", 75.0),
        ("E06", "Productivity", 1250.0),
    ]
    changes = rows(workbook, "Change per enterprise", "Enterprise")
    assert_cells(by(changes, "Enterprise", "E06"), {"Latest": 112.0, "Change": 12.0})


def test_results_defect_rate(run_app: RunApp) -> None:
    at = open_page(run_app, "app_pages/results.py", {"kpi": "Defect rate"})
    assert cards(at) == {
        "Enterprises with baseline and later value": "7",
        "Share improved (%)": "57.1 %",
        "Median change": "-1",
        "Median change (%)": "-25.0 %",
        "Implausible values excluded": "1",
    }


# --- Gender & jobs -------------------------------------------------------------------------


def test_gender_cards_and_excel(run_app: RunApp) -> None:
    at = open_page(run_app, "app_pages/gender.py")
    assert cards(at) == {
        "Records without sex, 2017-H2": "10.5 %",  # E07's 2 of 19 rows
        "Workers in those records": "167",  # 155 + 12
        "Records where female + male ≠ total": "1",  # E09 100 + 68 != 170
    }
    workbook = last_download(at, "gender")
    levels = rows(workbook, "Women's share by level", "Level")
    assert {line["Level"]: line["Women's share (%)"] for line in levels} == pytest.approx(
        {
            "Workforce": 35.5,
            "Managers": 28.2,
            "Classroom participants": 44.8,
            "Improvement-team members": 45.7,
            "Certified trainers": 60.0,
            "Partner staff trained": 29.6,
        }
    )
    jobs = rows(workbook, "Jobs since baseline by sector", "Sector")
    assert_cells(
        by(jobs, "Sector", "All"),
        {
            "Enterprises": 11,
            "Reporting baseline and review": 8,
            "Workers at baseline": 967,
            "Workers in review half-year": 1069,
            "Net change": 102,
            "Reporting sex in both": 7,
            "Net change, women": 56,
            "Net change, men": 29,
        },
    )


# --- Partners & outreach -------------------------------------------------------------------


def test_partners_tables_and_excel(run_app: RunApp) -> None:
    at = open_page(run_app, "app_pages/partners.py")
    # no cards on this page: the figures are in its tables
    shown = screen_table(at, "Association")
    assert [line["Enterprises recruited"] for line in shown] == [4, 2, 2, 0]
    workbook = last_download(at, "partners")
    status = rows(workbook, "Objectives against targets", "Objective")
    assert {line["Indicator"]: (line["Actual"], line["Status"]) for line in status} == {
        "Associations with an MoU": (3, ON),
        "Enterprises recruited by associations": (8, RISK),
        "Promotion events": (2, OFF),
        "Share of training cost not paid by the ILO": (45.0, ON),
        "Institutions embedding SCORE": (3, ON),
        "Certified trainers": (5, OFF),
        "Labour inspectors trained": (45, RISK),
        "Media items": (3, "– No target"),
    }
    associations = rows(workbook, "Associations", "Association")
    assert [(line["Enterprises recruited"], line["Promotion events"]) for line in associations] == [
        (4, 1),  # Faridabad: E01 E02 E04 E05; A01
        (2, 1),  # Chennai: E06 E08; A04
        (2, 0),  # Tiruppur: E09 E10 (E12 joined 2018); A11 is 2018
        (0, 0),  # employers' federation
    ]
    levels = rows(workbook, "Trainers by level", "Level")
    assert [(line["Level"], line["Women"], line["Men"]) for line in levels] == [
        ("Candidate", 1, 1),
        ("Certified", 2, 1),
        ("Expert", 1, 1),
    ]
    cost = rows(workbook, "Cost recovery", "Half-year")
    assert [line["Share of cost not paid by the ILO (%)"] for line in cost] == pytest.approx(
        [22.0, 27.5, 39.0, 45.0]
    )
    assert [line["Fee income (INR)"] for line in cost] == [97000, 86000, 111000, 26000]


# --- Data ----------------------------------------------------------------------------------


def test_data_quality_tables_and_excel(run_app: RunApp) -> None:
    at = open_page(run_app, "app_pages/data.py")
    # no cards on this page: the figures are in its tables
    shown = screen_table(at, "Half-year")
    assert [line["Reports received"] for line in shown] == [0, 4, 5, 7]
    assert [line["Late reports"] for line in shown] == [0, 1, 1, 2]
    workbook = last_download(at, "data")
    quality = rows(workbook, "Quality by half-year", "Half-year")
    assert [
        (
            line["Half-year"],
            line["Reports expected"],
            line["Reports received"],
            line["Completeness (%)"],
            line["Late reports"],
            line["Late (%)"],
        )
        for line in quality
    ] == [
        ("2016-H1", 0, 0, None, 0, None),
        ("2016-H2", 4, 4, 100.0, 1, 25.0),
        ("2017-H1", 6, 5, 83.3, 1, 20.0),
        ("2017-H2", 8, 7, 87.5, 2, 28.6),
    ]
    partners = rows(workbook, "Quality by partner", "Partner")
    assert [
        (line["Reports expected"], line["Reports received"], line["Late reports"])
        for line in partners
    ] == [(3, 2, 0), (2, 2, 1), (3, 3, 1)]  # P-TI1, P-EMP, P-GT1
