"""The meeting pack's charts drawn once in a test process: tests that build several packs of
the same data (editions, a review before and after an import, a database before and after a
restore) share most of their charts, and vl-convert's drawing is most of a pack's time.
tests/conftest.py applies it to every test of the session.

A chart is known by its whole spec and width: a chart that changed in any way is drawn anew.
tests/unit/test_pack.py::test_the_same_review_gives_the_same_pdf draws every chart again
(`DRAW`) and compares the PDFs byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from score_dash.pack import draw

DRAW = draw.render_svg  # the pack's own drawing
_DRAWN: dict[str, str] = {}


def render_once(chart, width_px: int = draw.CHART_WIDTH_PX) -> str:
    """`draw.render_svg`, once for each spec and width in the process."""
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    key = json.dumps([spec, width_px], sort_keys=True, default=str)
    if key not in _DRAWN:
        _DRAWN[key] = DRAW(spec, width_px)
    return _DRAWN[key]


@contextmanager
def charts_drawn_once() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(draw, "render_svg", render_once)
        yield
