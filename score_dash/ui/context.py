"""The database, cached frames and the current view, for every page.

The engine is a cached resource; frames are cached per data version (a value in the
`meta` table that every import bumps), so that every Streamlit process sharing one
database reloads after an import. The filtered frames are cached per filter state, so
every page computes from the same rows.

Frames are cached as shared resources, not copied per run: with 50,000 enterprises a copy
per session and run costs seconds and gigabytes. They are read-only by convention, which
tests/unit/test_read_only.py checks for every page's computations. The view of a run is
kept for that run only (thread-local: Streamlit runs each script run in one thread), so
that no session holds on to frames after its run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from score_dash import db, queries
from score_dash.config import Config, get_config
from score_dash.filters import (
    Filters,
    Options,
    ResolvedPeriods,
    apply_filters,
    build_options,
    resolve_periods,
    to_query_string,
)

Frames = dict[str, pd.DataFrame]
_RUN = threading.local()  # the view of the script run in this thread


@dataclass(frozen=True)
class View:
    """What a page needs: the filters, their options, periods and the filtered frames."""

    filters: Filters
    options: Options
    periods: ResolvedPeriods
    frames: Frames  # filtered
    all_frames: Frames  # unfiltered (for options and totals)
    config: Config
    is_demo: bool
    data_as_of: str
    data_version: str


@st.cache_resource(show_spinner=False)
def get_engine(url: str) -> Engine:
    return db.make_engine(url)


def engine() -> Engine:
    return get_engine(get_config().db_url)


def ensure_database() -> None:
    """Create the schema, and on first start fill it with the demo data (with a spinner)."""
    config = get_config()
    eng = engine()
    if st.session_state.get("_db_checked") == config.db_url:
        return
    if db.is_empty(eng):
        db.create_schema(eng)
        if config.auto_demo:
            with st.spinner(
                "First start: creating the database with the illustrative demo data..."
            ):
                try:
                    if db.is_empty(eng):  # another session may have filled it meanwhile
                        db.load_demo(eng, convention=config.period_convention)
                except IntegrityError:
                    pass  # a session that started at the same moment loaded it first
    st.session_state["_db_checked"] = config.db_url


def current_data_version() -> str:
    return db.data_version(engine())


@st.cache_resource(show_spinner=False, max_entries=2)
def load_frames(url: str, version: str) -> Frames:
    """Every table as a frame; `version` is part of the cache key."""
    del version
    return queries.load_frames(get_engine(url))


@st.cache_resource(show_spinner=False, max_entries=16)
def load_filtered(url: str, version: str, key: str, _filters: Filters) -> Frames:
    """The filtered frames; `key` (the filters' query string) is the cache key."""
    del key
    return apply_filters(load_frames(url, version), _filters)


@st.cache_data(show_spinner=False, max_entries=4)
def load_meta(url: str, version: str) -> dict[str, str]:
    del version
    return db.get_meta(get_engine(url))


def clear_caches() -> None:
    """After an import: drop every cached frame (other processes see the new version)."""
    load_frames.clear()
    load_filtered.clear()
    load_meta.clear()
    _cached_compute.clear()


def build_view(filters: Filters) -> View:
    config = get_config()
    version = current_data_version()
    frames = load_frames(config.db_url, version)
    options = build_options(frames, config.period_convention)
    periods = resolve_periods(filters, options, frames["periods"])
    meta = load_meta(config.db_url, version)
    view = View(
        filters=filters,
        options=options,
        periods=periods,
        frames=load_filtered(config.db_url, version, to_query_string(filters, options), filters),
        all_frames=frames,
        config=config,
        is_demo=meta.get("dataset") == "demo",
        data_as_of=meta.get("data_updated_at", "unknown"),
        data_version=version,
    )
    _RUN.view = view
    return view


def current_view() -> View:
    """The view built by the sidebar in app.py for this run."""
    view = getattr(_RUN, "view", None)
    if view is None:
        raise RuntimeError("The sidebar has not run: start the app with `streamlit run app.py`")
    return view


@st.cache_data(show_spinner=False, max_entries=64)
def _cached_compute(
    view_key: str, function: str, args: tuple, kwargs: dict, _fn: Callable, _view: View
) -> object:
    """The result of `_fn`; the other arguments are the cache key."""
    del view_key, function
    return _fn(_view.frames, _view.periods, *args, **kwargs)


def cached_compute(fn: Callable, view: View, *args: object, **kwargs: object) -> object:
    """`fn(view.frames, view.periods, *args, **kwargs)`, computed once per data version,
    filter state and arguments (a rerun that changes none of them reuses the result)."""
    view_key = "|".join(
        (view.config.db_url, view.data_version, to_query_string(view.filters, view.options))
    )
    return _cached_compute(
        view_key, f"{fn.__module__}.{fn.__qualname__}", args, kwargs, _fn=fn, _view=view
    )
