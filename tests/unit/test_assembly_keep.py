"""`assembly.assemble`'s `keep` (issue 27): the app keeps the work that follows the checks,
so the checks run on every call whatever is kept; and a too-small selection is counted only
for a viewer (staff see any selection)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from score_dash.access import policy
from score_dash.access.policy import Role
from score_dash.core.filters import Filters
from score_dash.pages import assembly, registry
from tests.sources import frames_source

RESULTS = registry.PAGES_BY_NAME["results"]
DATA = registry.PAGES_BY_NAME["data"]  # staff only


def one_cluster(frames: dict[str, pd.DataFrame]) -> Filters:
    """The cluster with the fewest enterprises of the demo (worked out from the frames)."""
    cluster = frames["enterprises"]["cluster"].value_counts().idxmin()
    return Filters(clusters=(str(cluster),))


def test_keep_is_handed_the_work_and_its_answer_is_the_report(loaded_frames) -> None:
    source = frames_source(loaded_frames)
    selection = assembly.select(source, Filters(), Role.STAFF)
    handed: list[tuple] = []

    def keep(moments, work):
        handed.append(moments)
        return work()

    kept = assembly.assemble(source, RESULTS, selection, keep=keep)
    plain = assembly.assemble(source, RESULTS, selection)
    assert len(handed) == 1
    as_of, at = handed[0]
    assert isinstance(as_of, date)
    assert at is None  # the current data: statuses as they are now
    assert [s.title for s in kept.report.sheets] == [s.title for s in plain.report.sheets]


def test_the_checks_run_before_anything_kept_is_used(loaded_frames) -> None:
    source = frames_source(loaded_frames)
    selection = assembly.select(source, Filters(), Role.VIEWER)
    staff = assembly.assemble(source, DATA, assembly.select(source, Filters(), Role.STAFF))

    def stale(moments, work):  # a keep that would answer with staff's report
        return staff

    with pytest.raises(assembly.Refused):
        assembly.assemble(source, DATA, selection, keep=stale)


def test_a_small_selection_is_counted_for_a_viewer_only(loaded_frames, monkeypatch) -> None:
    source = frames_source(loaded_frames)
    filters = one_cluster(loaded_frames)
    counted: list[int] = []
    count = policy.selection_enterprises
    monkeypatch.setattr(policy, "selection_enterprises", lambda *a: counted.append(1) or count(*a))
    staff = assembly.select(source, filters, Role.STAFF)
    assert not staff.too_small
    assert counted == []
    viewer = assembly.select(source, filters, Role.VIEWER)
    viewer.too_small  # noqa: B018 (the property is what is tested)
    assert counted == [1]
