"""AppTest of the Modules page: default and filtered views, bad parameters, Excel == screen."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import text

from score_dash.metrics import modules
from score_dash.store import db
from tests.app.conftest import (
    RunApp,
    errors,
    last_download,
    screen_values,
    table,
    table_keys,
)
from tests.excel import assert_same_table, read_sheet

PAGE = "app_pages/modules.py"
SHOWN = (modules.TITLE_FUNNEL, modules.TITLE_COHORTS, modules.TITLE_CLUSTER, modules.TITLE_DAYS)


def test_default_view_shows_funnels_and_every_table(run_app: RunApp) -> None:
    at = run_app(page=PAGE)
    assert errors(at) == []
    assert at.title[0].value == "Modules"
    assert len(at.get("vega_lite_chart")) == 8
    assert len(at.dataframe) == 10  # one per report table
    funnel_table = screen_values(table(at, "modules_funnel").value)
    assert funnel_table["Module"].nunique() == 5
    assert list(funnel_table["Stage"].iloc[:7]) == [
        "Enrolled",
        "Baseline done",
        "Classroom",
        "Visit 1",
        "Visit 2",
        "Visit 3",
        "Completed",
    ]
    assert [m.label for m in at.metric][:4] == ["Enrolments", "Completed", "In progress", "Dropped"]


def test_module_filter_narrows_the_funnel_and_the_excel_matches_the_screen(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"module": "M2 Quality Management", "period": "2015-H2"})
    assert errors(at) == []
    workbook = last_download(at, "modules")
    names = load_workbook(io.BytesIO(workbook)).sheetnames
    assert names[0] == "About"
    for key, title in (
        ("modules_funnel", modules.TITLE_FUNNEL),
        ("modules_cohorts", modules.TITLE_COHORTS),
    ):
        assert_same_table(table(at, key).value, read_sheet(workbook, title), title)
    screen_funnel = screen_values(table(at, "modules_funnel").value)
    assert set(screen_funnel["Module"]) == {"M2 Quality Management"}
    cohorts = screen_values(table(at, "modules_cohorts").value)
    assert cohorts["In progress"].sum() > 0  # 2015-H2: a cohort still being coached
    assert screen_values(table(at, "modules_compare").value).columns.tolist() == [
        "Stage",
        "M2 Quality Management (%)",
    ]


def test_every_rendered_table_equals_its_excel_sheet(run_app: RunApp) -> None:
    at = run_app(page=PAGE, params={"state": "Tamil Nadu"})
    assert errors(at) == []
    workbook = last_download(at, "modules")
    tables = {  # key on the screen: sheet of the Excel
        "modules_summary": modules.TITLE_SUMMARY,
        "modules_funnel": modules.TITLE_FUNNEL,
        "modules_compare": modules.TITLE_COMPARE,
        "modules_cohorts": modules.TITLE_COHORTS,
        "modules_cluster": modules.TITLE_CLUSTER,
        "modules_partner": modules.TITLE_PARTNER,
        "modules_trainer": modules.TITLE_TRAINER,
        "modules_days": modules.TITLE_DAYS,
        "modules_per": modules.TITLE_MODULES_PER,
        "modules_participants": modules.TITLE_PARTICIPANTS,
    }
    assert table_keys(at) == list(tables)  # every table on the page, in this order
    for key, title in tables.items():
        assert_same_table(table(at, key).value, read_sheet(workbook, title), title)
    clusters = set(screen_values(table(at, "modules_cluster").value)["Cluster"])
    assert clusters and clusters <= {"Chennai", "Coimbatore", "Tiruppur"}


def test_excel_has_a_native_chart_beside_the_funnel(run_app: RunApp) -> None:
    at = run_app(page=PAGE)
    book = load_workbook(io.BytesIO(last_download(at, "modules")))
    assert len(book[modules.TITLE_COMPARE]._charts) == 1
    assert len(book[modules.TITLE_COHORTS]._charts) == 1
    assert any(
        "a stage reached later counts as not reached yet" in str(v)
        for row in book["About"].iter_rows()
        for v in (c.value for c in row)
    )


def test_trainers_rows_are_for_staff_and_a_viewer_is_told_so(
    run_app: RunApp, signed_in, demo_db_url
) -> None:
    # Every trainer who led an enrolment, counted in SQL (the default view: the whole
    # programme, the latest half-year, whose end is after every enrolment of the demo).
    with db.make_engine(demo_db_url).connect() as connection:
        trainers = set(
            connection.execute(
                text(
                    "SELECT DISTINCT t.code FROM enrolments n "
                    "JOIN trainers t ON t.id = n.trainer_id"
                )
            ).scalars()
        )
    assert len(trainers) > 3

    staff = run_app(page=PAGE, user="staff")
    assert errors(staff) == []
    table = next(d.value for d in staff.dataframe if "Trainer · partner" in d.value.columns)
    shown = {name.split(" · ")[0] for name in table["Trainer · partner"]}
    assert trainers <= shown
    excel = read_sheet(last_download(staff, "modules"), modules.TITLE_TRAINER)
    assert trainers <= {str(name).split(" · ")[0] for name in excel["Trainer · partner"]}

    viewer = run_app(page=PAGE, user="viewer")
    assert errors(viewer) == []
    assert not any("Trainer · partner" in d.value.columns for d in viewer.dataframe)
    assert any("for project staff only" in i.value for i in viewer.info)
    workbook = last_download(viewer, "modules")
    for code in trainers:
        assert code not in cells_of(workbook), code


def cells_of(workbook: bytes) -> str:
    """Every cell of a workbook as one text."""
    book = load_workbook(io.BytesIO(workbook))
    return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)
