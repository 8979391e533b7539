"""Every page copes with a viewer's report: figures emptied for fewer than three enterprises
(NaN or NA), tables withheld, notices suppressed, map circles left out.

Until the app restricts reports by the signed-in role, the test does what it will do: each
report a page computes goes through `access.restrict` for a viewer.
"""

from __future__ import annotations

import pytest

from score_dash import access, ui
from score_dash.metrics import overview
from score_dash.pages import PAGES
from tests.app.conftest import RunApp, errors

VIEWS = {
    "early": {"period": "2012-H1"},  # few enterprises yet: many small rows and steps
    "one cluster, one size": {"cluster": "Visakhapatnam", "size": "100-199"},
    "early in a state": {"state": "Haryana", "period": "2011-H2"},
}
REVIEW = [spec for spec in PAGES if spec.section == "Review"]


@pytest.fixture
def as_viewer(monkeypatch: pytest.MonkeyPatch) -> None:
    compute, briefing_report = ui.cached_compute, overview.build_briefing_report

    def restricted(report):
        return access.restrict(report, access.Role.VIEWER, 3)

    def cached_compute(fn, view, *args, **kwargs):
        result = compute(fn, view, *args, **kwargs)
        return restricted(result) if isinstance(result, access.PageReport) else result

    monkeypatch.setattr(ui, "cached_compute", cached_compute)
    monkeypatch.setattr(
        overview, "build_briefing_report", lambda briefing: restricted(briefing_report(briefing))
    )


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("spec", REVIEW, ids=[spec.name for spec in REVIEW])
def test_a_page_renders_a_viewers_report(run_app: RunApp, as_viewer, spec, view) -> None:
    at = run_app(page=spec.file, params=VIEWS[view])
    assert errors(at) == [], (spec.name, view)
    shown = [m.value for m in at.metric]
    assert not any(value in ("nan", "<NA>", "None") for value in shown), shown
