"""A prepared process sets aside what its imports made from the garbage collector's walks
(issue 27: Streamlit's full collection after every run walked them all), before it loads
any data or rehearses a visit, so that no data version's frames or session is set aside."""

from __future__ import annotations

from pathlib import Path

import pytest

from score_dash.ui import startup

APP = Path(__file__).resolve().parents[2] / "app.py"


def test_the_imports_are_set_aside_once_before_any_data_is_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps: list[str] = []
    monkeypatch.setattr(startup, "import_modules", lambda: steps.append("import") or [])
    monkeypatch.setattr(startup.gc, "freeze", lambda: steps.append("freeze"))
    monkeypatch.setattr(startup, "load_current_frames", lambda: steps.append("load") or "7")
    monkeypatch.setattr(startup, "rehearse", lambda script: steps.append("rehearse") or [])
    said = startup.prepare(APP)
    assert steps == ["import", "freeze", "load", "rehearse"]
    assert "data version 7" in said
