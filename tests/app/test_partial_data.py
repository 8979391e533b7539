"""An empty database and every partial state a first import passes through are normal
states: every page renders, says what is missing and links to the Data page, never raises.

The ladder follows the template's sheet order (score_dash.dictionary.TABLES): each rung adds
the next group of tables of the demo dataset to a fresh database.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from score_dash.config import get_config
from score_dash.pages import registry
from score_dash.pages.registry import PAGES
from score_dash.store import db, loading
from tests.app.conftest import RunApp, errors

LADDER: dict[str, tuple[str, ...]] = {
    "empty": (),
    "periods only": ("periods",),
    "plus geography and modules": ("states", "modules", "clusters"),
    "plus partners and trainers": ("partners", "trainers", "trainer_modules"),
    "plus enterprises": ("enterprises",),
    "plus enrolments and participation": ("enrolments", "participation", "team_members"),
    "plus workforce": ("workforce",),
    "plus KPIs": ("kpi_definitions", "kpi_observations"),
    "plus activities": ("activities",),
    "plus the logframe": ("indicators", "targets"),
}
RUNGS = list(LADDER)
MISSING = "needs data that are not in the database yet"


def tables_up_to(rung: str) -> list[str]:
    names: list[str] = []
    for step in RUNGS[: RUNGS.index(rung) + 1]:
        names.extend(LADDER[step])
    return names


@pytest.fixture(scope="module")
def ladder_urls(demo_frames, tmp_path_factory) -> dict[str, str]:
    urls = {}
    for index, rung in enumerate(RUNGS):
        url = f"sqlite:///{tmp_path_factory.mktemp('ladder') / f'rung{index}.db'}"
        engine = db.make_engine(url)
        db.create_schema(engine)
        with Session(engine) as session, session.begin():
            db.insert_frames(session, {name: demo_frames[name] for name in tables_up_to(rung)})
            db.bump_data_version(session)
        urls[rung] = url
    return urls


def test_the_ladder_ends_with_every_table():
    assert sorted(tables_up_to(RUNGS[-1])) == sorted(db.TABLE_ORDER)


@pytest.mark.parametrize("rung", RUNGS)
def test_every_page_renders_on_each_partial_database(
    rung: str, ladder_urls, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
):
    """Every page whose data are there renders on every rung (their other tables may still be
    empty). A page whose data are missing stops before any page code runs
    (`ui.current_view`), on the same path for every page and rung: it runs through the app
    on the empty database, and on every rung the pages that lack data are those the app's
    check names, read from the rung's database."""
    monkeypatch.setenv("SCORE_DB_URL", ladder_urls[rung])
    monkeypatch.setenv("SCORE_AUTO_DEMO", "0")
    get_config.cache_clear()
    present = set(tables_up_to(rung))
    frames = loading.load_frames(db.make_engine(ladder_urls[rung]))
    for page in PAGES:
        lacking = [name for name in page.needs if name not in present]
        assert registry.missing_tables(page, frames) == lacking, (rung, page.name)
        if lacking and rung != "empty":
            continue
        at = run_app(page=page.file)
        assert errors(at) == [], (rung, page.name)
        notices = " ".join(info.value for info in at.info)
        if lacking:
            assert MISSING in notices, (rung, page.name)
            assert at.get("page_link"), (rung, page.name)  # the link to the Data page
        else:
            assert MISSING not in notices, (rung, page.name)
        # Only a database holding the demo says it is illustrative.
        assert not any("illustrative" in w.value.lower() for w in at.warning), (rung, page.name)
    get_config.cache_clear()


def test_the_sidebar_works_without_periods(ladder_urls, run_app: RunApp, monkeypatch):
    monkeypatch.setenv("SCORE_DB_URL", ladder_urls["empty"])
    monkeypatch.setenv("SCORE_AUTO_DEMO", "0")
    get_config.cache_clear()
    at = run_app(page="app_pages/data.py")
    assert errors(at) == []
    assert "No half-year is in the data yet" in " ".join(c.value for c in at.sidebar.caption)
    # The Data page leads through the first import: the steps are open, with the sheet order.
    order = next(df.value for df in at.dataframe if "Sheet" in df.value.columns)
    assert list(order["Sheet"][:3]) == ["Periods", "States", "Modules"]
    get_config.cache_clear()
