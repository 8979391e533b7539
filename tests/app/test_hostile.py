"""No input speaks in the dashboard's voice: hostile names brought in by an import, and
hostile values in every URL parameter, reach the screen as their characters on every page.

Streamlit renders Markdown in titles, captions, notices, metric labels and help texts; the
element values AppTest gives are that Markdown source. Outside inline code (how notices
quote a rejected value), no hostile value may appear unescaped: escaped, `[x](https://...)`
is no link, `<script>` no tag, `:red[...]` no directive.
"""

from __future__ import annotations

import re

import pytest

from score_dash import ingest
from score_dash.config import get_config
from score_dash.pages.registry import PAGES
from score_dash.store import db
from tests.app.conftest import RunApp, errors, visible
from tests.hostile import EVIL, HOSTILE, LONG, hostile_frames

TEXT_ELEMENTS = ("markdown", "caption", "info", "warning", "error", "success", "title", "header")


@pytest.fixture(scope="module")
def hostile_db_url(loaded_frames, tmp_path_factory) -> str:
    """A database whose every name field was filled with hostile values through an import."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'hostile.db'}"
    engine = db.make_engine(url)
    db.create_schema(engine)
    upload = ingest.export_all(hostile_frames(loaded_frames))
    parsed, report = ingest.check_file(upload, "hostile.xlsx", engine, 50)
    result = ingest.apply_import(engine, parsed, report, "tester", accept_warnings=True)
    assert result.ok, result.to_text()
    return url


def hostile_params() -> dict[str, list[str] | str]:
    keys = ("state", "cluster", "sector", "module", "partner", "size", "kpi", "measure", "q")
    params: dict[str, list[str] | str] = {k: HOSTILE[i % len(HOSTILE)] for i, k in enumerate(keys)}
    params.update(period=HOSTILE[0], compare=HOSTILE[1], women_owned=HOSTILE[2])
    params["range"] = [HOSTILE[3], HOSTILE[4]]
    params["state"] = [HOSTILE[5], LONG]
    return params


def markdown_sources(at) -> list[str]:
    sources = [e.value for kind in TEXT_ELEMENTS for e in getattr(at, kind)]
    for metric in at.metric:
        sources += [metric.label, metric.proto.help or ""]
    return sources


def outside_code(source: str) -> str:
    """The Markdown source without its inline code spans (inert by construction)."""
    return re.sub(r"(`+).*?\1", "", source)


def raw_hostile_in(source: str) -> list[str]:
    """Hostile values that appear as they are (not escaped) outside inline code, and any
    Markdown link to the hostile host."""
    text = outside_code(source)
    found = [value for value in (*HOSTILE, LONG[:100]) if value in text]
    if re.search(r"(?<!\\)\]\((?:https?:)?//" + re.escape(EVIL), text):
        found.append("a link to " + EVIL)
    return found


def test_the_checker_finds_raw_markdown():
    assert raw_hostile_in(f"see [x](https://{EVIL}/a)")
    assert not raw_hostile_in(r"see \[x\]\(https\:\/\/evil\.example\/a\)")
    assert not raw_hostile_in("quoted `[x](https://evil.example/a)` in code")


@pytest.mark.parametrize("page", [page.name for page in PAGES])
def test_hostile_names_and_url_values_reach_the_screen_as_text(
    page, hostile_db_url, run_app: RunApp, monkeypatch
):
    monkeypatch.setenv("SCORE_DB_URL", hostile_db_url)
    get_config.cache_clear()
    at = run_app(page=f"app_pages/{page}.py", params=hostile_params())
    assert errors(at) == [], page
    problems = {source[:80]: raw_hostile_in(source) for source in markdown_sources(at)}
    assert {k: v for k, v in problems.items() if v} == {}, page
    notice = " ".join(visible(i.value) for i in at.info if "Ignored in the link" in i.value)
    assert "Ignored in the link" in notice and "a value over 80 characters" in notice, page
    assert len(notice) < 3_000  # the 10,000-character value is not repeated
    get_config.cache_clear()
