"""Sign-in and roles on every page (AppTest; `at.user` simulates the signed-in user).

Viewers see every review page's aggregates, never an enterprise's code or name, and not the
Data page; staff and admins see everything; a visitor who is not signed in sees only the
sign-in page (or looks as a viewer when SCORE_ALLOW_ANONYMOUS is set); without sign-in, the
local user is staff on loopback and a viewer anywhere else.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from score_dash.access import policy
from score_dash.config import get_config
from score_dash.pages.registry import PAGES
from score_dash.store import db
from score_dash.ui import identity
from tests.app.conftest import RunApp, errors, last_download, visible
from tests.excel import read_tables

REVIEW = [page for page in PAGES if not page.staff_only]


@pytest.fixture(scope="module")
def secrets(demo_db_url: str) -> set[str]:
    """Every enterprise code and name in the database (what a viewer must never get)."""
    with db.make_engine(demo_db_url).connect() as connection:
        rows = connection.execute(text("SELECT code, name FROM enterprises")).all()
    return {value for row in rows for value in row}


def shown_strings(at) -> set[str]:
    """Every string on the page: table cells and headers, texts, labels."""
    found: set[str] = set()
    for element in at.dataframe:
        frame = element.value
        found |= {str(c) for c in frame.columns}
        found |= {str(v) for v in frame.astype(str).to_numpy().ravel()}
    for kind in ("markdown", "caption", "info", "warning", "title", "header"):
        found |= {visible(e.value) for e in getattr(at, kind)}
    found |= {visible(m.label) for m in at.metric}
    return found


def leaks(strings: set[str], secrets: set[str]) -> set[str]:
    return {s for s in secrets if any(s in shown for shown in strings)}


def test_the_leak_check_finds_an_enterprise(run_app: RunApp, secrets: set[str]):
    """Staff see enterprises on Results (the change per enterprise): the check sees them."""
    at = run_app(page="app_pages/results.py")
    assert leaks(shown_strings(at), secrets)


@pytest.mark.usefixtures("signed_in")
@pytest.mark.parametrize("spec", REVIEW, ids=[p.name for p in REVIEW])
def test_a_viewer_sees_no_enterprise_on_any_page_or_in_its_excel(
    spec, run_app: RunApp, secrets: set[str]
):
    at = run_app(page=spec.file, user="viewer")
    assert errors(at) == []
    assert "Signed in: A Member (viewer)" in [visible(c.value) for c in at.sidebar.caption]
    assert leaks(shown_strings(at), secrets) == set()
    tables = read_tables(last_download(at, spec.name))
    cells = {str(v) for frame in tables.values() for v in frame.to_numpy().ravel()}
    assert leaks(cells, secrets) == set()
    if spec.name == "coverage":
        assert not [t for t in at.toggle if t.key == "show_enterprises"]  # no enterprise layer


@pytest.mark.usefixtures("signed_in")
def test_a_viewer_gets_no_meeting_pack_button(run_app: RunApp):
    viewer = run_app(user="viewer")
    assert [b.proto.label for b in viewer.get("download_button")] == ["Download Excel"]
    staff = run_app(user="staff")
    assert "Meeting pack (PDF)" in [b.proto.label for b in staff.get("download_button")]


@pytest.mark.usefixtures("signed_in")
def test_a_viewer_has_no_data_page_in_the_navigation(run_app: RunApp):
    at = run_app(user="viewer")
    with pytest.raises(ValueError, match="Could not find a navigation page") as refused:
        at.switch_page("app_pages/data.py")
    assert "overview.py" in str(refused.value)  # the pages it does have


@pytest.mark.usefixtures("signed_in")
@pytest.mark.parametrize("user", ["staff", "admin"])
def test_staff_and_admins_see_enterprises_and_the_data_page(
    user, run_app: RunApp, secrets: set[str]
):
    at = run_app(page="app_pages/results.py", user=user)
    assert errors(at) == []
    assert leaks(shown_strings(at), secrets)  # the change per enterprise is there
    data = run_app(page="app_pages/data.py", user=user)
    assert errors(data) == [] and data.get("file_uploader")


@pytest.mark.usefixtures("signed_in")
def test_results_withholds_the_enterprise_tables_from_a_viewer_with_a_reason(run_app: RunApp):
    at = run_app(page="app_pages/results.py", user="viewer")
    reasons = [visible(i.value) for i in at.info if policy.WITHHELD in visible(i.value)]
    assert len(reasons) == 2  # change per enterprise, implausible values


@pytest.mark.usefixtures("signed_in")
def test_a_visitor_sees_only_the_sign_in_page(run_app: RunApp, monkeypatch):
    monkeypatch.setattr(identity, "provider_reachable", lambda: True)
    at = run_app(user="visitor")
    assert [visible(t.value) for t in at.title] == ["SCORE India review dashboard"]
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric and not at.dataframe and not at.sidebar.multiselect


@pytest.mark.usefixtures("signed_in")
def test_a_sign_in_provider_that_is_down_is_said_plainly(run_app: RunApp, monkeypatch):
    monkeypatch.setattr(identity, "provider_reachable", lambda: False)
    at = run_app(user="visitor")
    assert any("cannot be reached" in e.value for e in at.error)
    assert not at.button


@pytest.mark.usefixtures("signed_in")
def test_anonymous_visitors_may_look_as_viewers_when_allowed(run_app: RunApp, monkeypatch):
    monkeypatch.setenv("SCORE_ALLOW_ANONYMOUS", "1")
    get_config.cache_clear()
    at = run_app(page="app_pages/results.py", user="visitor")
    assert errors(at) == [] and at.metric
    assert any(policy.WITHHELD in visible(i.value) for i in at.info)


def test_without_sign_in_everyone_is_a_viewer_off_loopback(run_app: RunApp, monkeypatch):
    monkeypatch.setattr(identity, "server_address", lambda: "0.0.0.0")
    at = run_app(page="app_pages/results.py")
    assert any("Sign-in is not set up" in visible(i.value) for i in at.info)
    assert any(policy.WITHHELD in visible(i.value) for i in at.info)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/data.py")


def test_without_sign_in_a_visitor_through_a_reverse_proxy_is_a_viewer(
    run_app: RunApp, monkeypatch
):
    """nginx in front of processes on loopback (deploy/nginx.conf) adds X-Forwarded-For."""
    monkeypatch.setattr(identity, "request_header_names", lambda: ["Host", "X-Forwarded-For"])
    at = run_app(page="app_pages/results.py")
    assert any("Sign-in is not set up" in visible(i.value) for i in at.info)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/data.py")


def test_the_local_user_on_loopback_is_staff(run_app: RunApp):
    at = run_app(page="app_pages/data.py")
    assert errors(at) == [] and at.get("file_uploader")
    assert "Local mode: you are project staff on this computer." in [
        c.value for c in at.sidebar.caption
    ]


def small_selection(url: str) -> tuple[str, str, int]:
    """A state and half-year in which 1 or 2 of its enterprises had joined (SQL)."""
    query = text(
        "SELECT s.name, p.code, COUNT(e.id) FROM states s JOIN clusters c ON c.state_code = "
        "s.code JOIN enterprises e ON e.cluster_id = c.id JOIN periods p ON e.joined_date "
        "<= p.end_date GROUP BY s.name, p.code HAVING COUNT(e.id) BETWEEN 1 AND 2 "
        "ORDER BY p.code, s.name"
    )
    with db.make_engine(url).connect() as connection:
        return tuple(connection.execute(query).first())


@pytest.mark.usefixtures("signed_in")
def test_a_selection_of_too_few_enterprises_is_dropped_for_a_viewer_with_its_reason(
    run_app: RunApp, demo_db_url: str
):
    # The viewers' publication withholds the state at that half-year (threshold rule): the
    # selection is dropped with a notice naming the rule, and the page shows the programme.
    state, period, _count = small_selection(demo_db_url)
    params = {"state": state, "period": period}
    # One page per distinct path of the pages of enterprise figures: Overview and Coverage
    # write captions of their own (the last review's actions, the map); Modules, Results and
    # Gender are one header and one `content.render_page` of their report (Results here).
    pages = {spec.name: spec for spec in REVIEW[:5]}
    assert set(pages) == {"overview", "coverage", "modules", "results", "gender"}
    for spec in (pages["overview"], pages["coverage"], pages["results"]):
        viewer = run_app(page=spec.file, params=params, user="viewer")
        said = " ".join(visible(i.value) for i in viewer.info)
        assert "withheld for viewers: fewer than 3 enterprises" in said, spec.name
        assert state not in " ".join(visible(c.value) for c in viewer.caption), spec.name
    assert run_app(params=params, user="staff").metric
