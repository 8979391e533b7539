"""Fees are a magnitude like workers: a viewer never reads a half-year's fee income that
one enterprise dominates (the p % rule) or that fewer than 3 enterprises paid, for any
group, while the group's other figures stay.

On a copy of the demo database, one enterprise's fee for a module it started in 2016-H2 is
raised to 100 crore (SQL here): it dominates the programme's fees of that half-year, so the
viewer's Partners workbook withholds that fee income with its reason and shows the modules
started (counted with SQL), and the fee income of the half-year before; staff read the
fee income, equal to the SQL sum.
"""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text

from score_dash import cli
from score_dash.access.policy import Role
from score_dash.store import db, loading
from tests.excel import read_tables
from tests.sources import frames_source

PERIOD = "2016-H2"
STARTED = (
    "SELECT COUNT(*), SUM(fee_paid_inr), MIN(id) FROM enrolments "
    "WHERE enrolled_date BETWEEN '2016-07-01' AND '2016-12-31'"
)


@pytest.fixture
def dominated_url(demo_db_url: str, tmp_path) -> str:
    path = tmp_path / "fees.db"
    shutil.copy(demo_db_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    with db.make_engine(url).begin() as connection:
        first = connection.execute(text(STARTED)).one()[2]
        connection.execute(
            text("UPDATE enrolments SET fee_paid_inr = 1000000000 WHERE id = :id"), {"id": first}
        )
    return url


def _cost_table(frames, role: Role):
    book = cli.build_page_export(
        frames_source(frames), "partners", {"period": [PERIOD]}, {}, role=role
    )
    return read_tables(book)["Cost recovery"].set_index("Half-year")


def test_fees_one_enterprise_dominates_are_withheld_from_a_viewer(dominated_url: str):
    with db.make_engine(dominated_url).connect() as connection:
        started, paid, _ = connection.execute(text(STARTED)).one()
    frames = loading.load_frames(db.make_engine(dominated_url))
    viewer = _cost_table(frames, Role.VIEWER)
    row = viewer.loc[PERIOD]
    assert row["Fee income (INR)"] != row["Fee income (INR)"]  # empty: withheld
    assert "one enterprise dominates the fees" in row["Note"]
    assert row["Modules started"] == started  # the half-year's other figures are shown
    assert viewer.loc["2016-H1", "Fee income (INR)"] > 0  # another half-year's fees are
    assert _cost_table(frames, Role.STAFF).loc[PERIOD, "Fee income (INR)"] == float(paid)
