"""Every page's computations leave the frames they are given untouched.

The app shares one set of cached frames between all sessions and runs (score_dash/ui/
context.py): a computation that changed them would change every page for everybody.
"""

from __future__ import annotations

import pandas as pd
import pytest

from score_dash import ingest
from score_dash.core.filters import Filters, apply_filters, build_options, resolve_periods
from score_dash.metrics import coverage, logframe, overview
from score_dash.pages.registry import PAGES, build_report

VIEWS = {
    "all": Filters(),
    "filtered": Filters(states=("IN-TN",), modules=("M2",), period="2015-H2"),
}


def snapshot(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {name: frame.copy(deep=True) for name, frame in frames.items()}


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_page_computation_modifies_its_frames(loaded_frames, view):
    filters = VIEWS[view]
    options = build_options(loaded_frames)
    periods = resolve_periods(filters, options, loaded_frames["periods"])
    frames = apply_filters(loaded_frames, filters)
    before, before_all = snapshot(frames), snapshot(loaded_frames)
    scope = logframe.scope_of(filters)
    for page in PAGES:
        build_report(page.name, frames, periods, options, scope=scope, small_n=5)
    overview.compute_briefing(frames, periods, scope=scope)
    report = coverage.build_report(frames, periods, options, small_n=5)
    clusters = report.table(coverage.CLUSTER_TABLE)
    coverage.compute_map_clusters(clusters, coverage.DEFAULT_MEASURE)
    coverage.compute_map_enterprises(frames, periods)
    ingest.build_template(loaded_frames)  # the Data page's downloads use the shared frames
    ingest.export_all(loaded_frames)
    for name in frames:
        pd.testing.assert_frame_equal(frames[name], before[name], obj=name)
        assert list(frames[name].columns) == list(before[name].columns), name
    for name in loaded_frames:
        pd.testing.assert_frame_equal(loaded_frames[name], before_all[name], obj=name)
