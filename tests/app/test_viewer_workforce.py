"""What a viewer's edition keeps: the workforce of every state and cluster of 10 or more
enterprises, with women and men, although in 5 of the demo's 9 clusters one or two firms
did not report the sex of their workers at the review half-year (2017-H2).

Before the sex of those workers was estimated for viewers, their "sex not reported" (one
or two firms' headcount) took the cluster's workers, women and men with it, and the states
that hold a single cluster followed. Now the viewer's women and men include the estimate,
women + men = workers, and "sex not reported" is withheld for every group.

Expected figures: SQL written here over the demo database; the hand count of the demo's
clusters and states (9 clusters of 15 to 38 enterprises, 6 states).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from score_dash import cli
from score_dash.access.policy import Role
from score_dash.store import db, loading
from tests.excel import read_tables
from tests.sources import frames_source

PERIOD = "2017-H2"
# By hand from the demo: every cluster and every state holds 10 enterprises or more.
CLUSTERS, STATES = 9, 6

BY_PLACE = text(
    "SELECT {key}, SUM(w.total), SUM(CASE WHEN w.female IS NOT NULL AND w.male IS NOT NULL "
    "THEN w.female END), SUM(CASE WHEN w.female IS NULL OR w.male IS NULL THEN w.total END), "
    "SUM(CASE WHEN w.female IS NOT NULL AND w.male IS NOT NULL THEN w.female + w.male END) "
    "FROM workforce w JOIN enterprises e ON e.id = w.enterprise_id "
    "JOIN clusters c ON c.id = e.cluster_id JOIN states s ON s.code = c.state_code "
    "JOIN periods p ON p.id = w.period_id WHERE p.code = :p GROUP BY {key}"
)


def _sql(url: str, key: str) -> dict[str, tuple[int, int, int, int]]:
    """Per cluster or state name: workers, women reported, workers without sex, and women +
    men reported (a few records' women and men do not add up to their workers) (SQL)."""
    with db.make_engine(url).connect() as connection:
        rows = connection.execute(text(BY_PLACE.text.format(key=key)), {"p": PERIOD})
        return {name: (int(t), int(w or 0), int(u or 0), int(s or 0)) for name, t, w, u, s in rows}


@pytest.fixture(scope="module")
def viewer_coverage(demo_db_url: str):
    frames = loading.load_frames(db.make_engine(demo_db_url))
    book = cli.build_page_export(
        frames_source(frames), "coverage", {"period": [PERIOD]}, {}, role=Role.VIEWER
    )
    return read_tables(book)


@pytest.mark.parametrize(
    ("sheet", "column", "key", "expected"),
    [("By cluster", "Cluster", "c.name", CLUSTERS), ("By state", "State", "s.name", STATES)],
)
def test_a_viewer_sees_the_workers_women_and_men_of_every_place_of_ten_firms_or_more(
    viewer_coverage, demo_db_url: str, sheet: str, column: str, key: str, expected: int
):
    truth = _sql(demo_db_url, key)
    table = viewer_coverage[sheet].set_index(column)
    table = table[table.index.isin(list(truth))]
    shown = table.dropna(subset=["Workers", "Women workers", "Men workers"])
    assert len(shown) == expected, table[["Workers", "Women workers", "Men workers", "Note"]]
    unreported = 0
    for place, row in shown.iterrows():
        workers, women_reported, without_sex, sexed = truth[place]
        assert row["Workers"] == workers, place
        # Every worker without sex is now a woman or a man (the records reported with sex
        # are as reported, even where their women and men miss a few of their workers).
        assert row["Women workers"] + row["Men workers"] == sexed + without_sex, place
        # The estimate shares out the workers without sex: never fewer women than reported,
        # never more than reported plus all of them.
        assert women_reported <= row["Women workers"] <= women_reported + without_sex, place
        unreported += without_sex > 0
    # The demo's places with workers whose sex was not reported are among them (the case).
    assert unreported >= 5 if sheet == "By cluster" else unreported >= 4
    # "Sex not reported" is withheld for every place, with its reason.
    assert table["Workers, sex not reported"].isna().all()
    assert table["Note"].str.contains("estimated into women and men").all()


def test_the_viewers_pack_prints_the_workforce_of_every_cluster(demo_db_url: str, monkeypatch):
    """The pack's Coverage table by cluster, as printed for a viewer: each of the 9
    clusters' line holds its workers (SQL), then its women and men, adding up to every
    worker with sex reported or estimated (SQL), then "—" for "sex not reported"."""
    from datetime import date

    from score_dash.core.filters import Filters, build_options, resolve_periods
    from score_dash.pack import model, render
    from tests.pack_pages import only_pages
    from tests.unit.test_pack import Pdf

    only_pages(monkeypatch, "coverage")  # its table by cluster is what is read
    frames = loading.load_frames(db.make_engine(demo_db_url))
    options = build_options(frames)
    periods = resolve_periods(Filters(period=PERIOD), options, frames["periods"])
    meta = model.PackMeta(
        title="Review",
        period_label=PERIOD,
        data_version="1",
        data_date=date(2018, 1, 31),
        share_link="http://127.0.0.1:8501/",
        meeting_date=None,
        demo=True,
        published=None,
    )
    pdf = Pdf(
        render.build_pack(
            frames, periods, options, meta=meta, role=Role.VIEWER, min_cell=3, small_n=10
        )
    )
    text = " ".join(" ".join(pdf.pages).split())  # a long name may wrap in its cell
    truth = _sql(demo_db_url, "c.name")
    states = frames["states"].set_index("state")["name"]
    state_of = frames["clusters"].set_index("cluster")["state"].map(states)
    printed = 0
    for cluster, (workers, _, without_sex, sexed) in truth.items():
        # The table by cluster: name, city, state, sector, enterprises, workers, women, men,
        # not reported (the jobs table names no state).
        pattern = (
            rf"{re.escape(cluster)} [^—]{{0,60}}?{re.escape(state_of[cluster])} [^—]{{0,40}}? "
            rf"{workers:,} ([\d,]+) ([\d,]+) (\S+)"
        )
        found = re.findall(pattern, text)
        assert len(found) == 1, (cluster, workers)
        women, men, unreported = found[0]
        assert int(women.replace(",", "")) + int(men.replace(",", "")) == sexed + without_sex
        assert unreported == "—", cluster
        printed += 1
    assert printed == CLUSTERS


def test_a_report_computed_for_staff_never_reaches_a_viewer_of_the_same_view(
    run_app, signed_in, demo_db_url: str
):
    """Staff open Gender & jobs for Bengaluru, then a viewer opens the same view in the same
    server process: the viewer's employment by sex is computed from the viewer's frames
    (women + men = every worker, the sex of its unreported workers estimated), not the
    staff's report kept for the view, whose workers less women less men would be one firm's
    headcount (SQL here: Bengaluru has workers without sex at 2017-H2)."""
    from tests.app.conftest import errors, last_download

    truth = _sql(demo_db_url, "c.name")["Bengaluru"]
    assert truth[2] > 0  # workers without sex, from one or two firms
    params = {"cluster": "Bengaluru", "period": PERIOD}
    staff = run_app(page="app_pages/gender.py", params=params, user="staff")
    assert errors(staff) == []
    viewer = run_app(page="app_pages/gender.py", params=params, user="viewer")
    assert errors(viewer) == []
    table = read_tables(last_download(viewer, "gender"))["Employment by sex"]
    rows = table[table["Half-year"].astype(str) == PERIOD]
    assert rows["Women"].sum() + rows["Men"].sum() == truth[3] + truth[2]
    assert rows["Sex not reported"].isna().all()
