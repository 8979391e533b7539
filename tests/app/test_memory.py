"""A session keeps nothing of its filtered data once its run is over.

Streamlit keeps a session for two minutes after its browser left (in case it comes back),
with its widgets' callbacks and download builders. Were one of them to hold the run's view,
every session of the last two minutes would hold its own filter state's frames, however
small the cache of filtered frames is kept: the benchmark's soak at 50,000 enterprises
reached 1.6 GB so. Here every page runs with a filter; the cache then lets go of the
filtered frames, and no one else may still hold them.
"""

import gc
import weakref

import pytest

from score_dash.config import get_config
from score_dash.pages.registry import PAGES
from score_dash.ui import context


@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_a_session_does_not_hold_its_filtered_frames(run_app, spec):
    context._FILTERED.clear()
    at = run_app(page=spec.file, params={"sector": "Garments"})
    assert not at.exception
    url = get_config().db_url
    source = context.load_frames(url, context._LAST_VERSION[url])
    held = [
        (key, weakref.ref(frame))
        for frames in context._FILTERED.values()
        for key, frame in frames.items()
        if frame is not source.get(key)
    ]
    assert [key for key, _ in held if key == "enterprises"] == ["enterprises"]  # filtered
    context._FILTERED.clear()
    gc.collect()
    assert [key for key, ref in held if ref() is not None] == []
    assert at.session_state is not None  # the session is still there
