"""Every page copes with a viewer's report: figures emptied for fewer than three enterprises
(NaN or NA), tables withheld, notices suppressed, map circles left out. The viewer signs in
(sign-in configured), so the app cuts every report down as it does in production.
"""

from __future__ import annotations

import pytest

from score_dash.pages.registry import PAGES
from tests.app.conftest import RunApp, errors

VIEWS = {
    "early": {"period": "2012-H1"},  # few enterprises yet: many small rows and steps
    "one cluster, one size": {"cluster": "Visakhapatnam", "size": "100-199"},
    "early in a state": {"state": "Haryana", "period": "2011-H2"},
}
REVIEW = [spec for spec in PAGES if spec.section == "Review"]


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("spec", REVIEW, ids=[spec.name for spec in REVIEW])
def test_a_page_renders_a_viewers_report(run_app: RunApp, signed_in, spec, view) -> None:
    at = run_app(page=spec.file, params=VIEWS[view], user="viewer")
    assert errors(at) == [], (spec.name, view)
    shown = [m.value for m in at.metric]
    assert not any(value in ("nan", "<NA>", "None") for value in shown), shown
