"""The database, cached frames and the current view, for every page.

The engine is a cached resource; frames are cached per data version (a value in the
`meta` table that every import bumps), so that every Streamlit process sharing one
database reloads after an import. The filtered frames are cached per filter state, so
every page computes from the same rows.

Frames are cached as shared resources, not copied per run: with 50,000 enterprises a copy
per session and run costs seconds and gigabytes. They are read-only by convention, which
tests/unit/test_read_only.py checks for every page's computations. The view of a run is
kept for that run only (thread-local: Streamlit runs each script run in one thread), so
that no session holds on to frames after its run. Every cache has a bound (`max_entries`),
so that a process serving many people for months keeps its memory within limits
(tests/unit/test_architecture.py holds this for every cache in the UI layer); the filtered
frames, whose size varies most, are also bounded by the memory they take.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from score_dash.access import disclosure, policy, versions
from score_dash.access.policy import Identity, Role
from score_dash.config import Config, get_config
from score_dash.core import i18n
from score_dash.core.filters import (
    Filters,
    Notice,
    Options,
    ResolvedPeriods,
    apply_filters,
    build_options,
    to_query_string,
)
from score_dash.core.periods import Convention
from score_dash.core.reports import PageReport
from score_dash.meetings import actions, minutes, reviews, since_review
from score_dash.pages import assembly, registry
from score_dash.store import db, disk_cache, loading, schema
from score_dash.ui.identity import current_identity
from score_dash.ui.sized_cache import SizedCache

Frames = dict[str, pd.DataFrame]
Assembled = assembly.Assembled
_RUN = threading.local()  # the view of the script run in this thread
_LAST_VERSION: dict[str, str] = {}  # db url -> the data version last read (for an outage)
LOG = logging.getLogger("score_dash")

UNREACHABLE = (
    "The data store cannot be reached, so the dashboard has no figures to show. "
    "Please try again in a few minutes. Staff: check that the database server is running "
    "and that the dashboard's database setting points to it; the server log says what "
    "failed."
)
STALE = (
    "The data store cannot be reached at the moment: the figures below are those loaded "
    "before, and may be out of date until it is back."
)


@dataclass(frozen=True)
class View:
    """What a page needs: the filters, their options, periods and the filtered frames."""

    filters: Filters
    options: Options
    periods: ResolvedPeriods | None  # None while the database holds no half-year
    frames: Frames  # filtered
    all_frames: Frames  # unfiltered (for options and totals)
    config: Config
    is_demo: bool
    data_as_of: str
    data_version: str
    identity: Identity  # who is looking (score_dash/ui/identity.py)
    review: reviews.Review | None = None  # the published review whose data are shown
    published: tuple[reviews.Review, ...] = ()  # every published review, latest meeting first
    stale: bool = False  # the database could not be reached: cached data shown
    # What the meetings decided and the notes on figures, read for this run and cut down
    # for the role (score_dash/meetings/minutes.py).
    records: minutes.Records = field(default_factory=minutes.Records.empty)
    # A viewer's view: the viewers' publication for it (score_dash/access/disclosure.py), and what
    # was dropped from the filters because viewers may not use it (None, (): staff).
    protection: policy.Protection | None = None
    notices: tuple[Notice, ...] = ()
    # A viewer held at a published review's data (`assembly.Source.version_for`), or None.
    held_back: reviews.Review | None = None
    # What the view was selected as (`assembly.select`): what a page's report is assembled
    # from (`page_report`). None: a view made by hand (a test's).
    selection: assembly.Selection | None = None
    # The version of the meetings' records read (`read_records`): "" for a view made by hand,
    # or when they could not be read.
    records_key: str = ""

    @property
    def role(self) -> Role:
        return self.identity.role

    @property
    def latest_review(self) -> reviews.Review | None:
        return self.published[0] if self.published else None

    def meeting_date(self, period: str) -> date | None:
        """The review meeting's date of a half-year (its published review's, else the
        periods table's), which decides what is overdue at that review."""
        published = {review.period: review.meeting_date for review in self.published}
        return actions.meeting_date(self.all_frames, period, published)

    @property
    def review_period(self) -> str:
        """The half-year of the review on screen: the published review's, or the half-year
        under review (its pack, and the review a decision recorded now belongs to)."""
        assert self.periods is not None
        return self.review.period if self.review else self.periods.review


def detached(view: View) -> View:
    """The view without its filtered frames, for what a session keeps after its run (a
    download built on click, a callback): Streamlit keeps a session two minutes after its
    browser left, and the filtered frames are the cache's to keep or drop
    (tests/app/test_memory.py). Its unfiltered frames are the shared, cached ones."""
    selection = replace(view.selection, frames={}) if view.selection is not None else None
    return replace(view, frames={}, selection=selection)


@st.cache_resource(show_spinner=False, max_entries=2, on_release=Engine.dispose)
def get_engine(url: str) -> Engine:
    """One engine (and connection pool) per database URL; a process normally has one, and
    an engine dropped from the cache closes its idle connections."""
    return db.make_engine(url)


def engine() -> Engine:
    return get_engine(get_config().db_url)


def ensure_database() -> None:
    """Create the schema, and on first start fill it with the demo data (with a spinner).

    A database that cannot be reached is a state: the page says so in plain words (never
    the connection string or a traceback, which go to the server log) and stops, unless
    data were loaded before, in which case `current_data_version` carries on with them.
    """
    config = get_config()
    if st.session_state.get("_db_checked") == config.db_url:
        return
    try:
        eng = engine()
        db.create_schema(eng)  # a new database's; one behind the code is refused
        if db.is_empty(eng) and config.auto_demo:
            with st.spinner(
                "First start: creating the database with the illustrative demo data..."
            ):
                try:
                    if db.is_empty(eng):  # another session may have filled it meanwhile
                        db.load_demo(eng, convention=config.period_convention)
                except IntegrityError:
                    pass  # a session that started at the same moment loaded it first
    except schema.SchemaOutOfDate as exc:
        # The upgrade is an explicit step (README, "Deploying for many users"), never a page's.
        LOG.error("%s", exc)
        st.error(str(exc), icon=":material/database:")
        st.stop()
    except SQLAlchemyError:
        LOG.exception("The database cannot be reached at start")
        if config.db_url not in _LAST_VERSION:
            st.error(UNREACHABLE, icon=":material/cloud_off:")
            st.stop()
        return
    st.session_state["_db_checked"] = config.db_url


def current_data_version() -> str:
    """The data version in the database; while it cannot be reached, the last one read
    (the run is then marked stale, and the page says so)."""
    url = get_config().db_url
    try:
        version = db.data_version(engine())
    except SQLAlchemyError:
        LOG.warning("The database cannot be reached; showing cached data", exc_info=True)
        if url not in _LAST_VERSION:
            st.error(UNREACHABLE, icon=":material/cloud_off:")
            st.stop()
        _RUN.stale = True
        return _LAST_VERSION[url]
    _RUN.stale = False
    _LAST_VERSION[url] = version
    return version


@st.cache_resource(show_spinner=False, max_entries=2)
def load_frames(url: str, version: str) -> Frames:
    """Every table as a frame at data version `version` (from its snapshot on disk when
    there is one: score_dash/store/disk_cache.py)."""
    return disk_cache.load_frames(get_engine(url), url, version, get_config().cache_dir)


@st.cache_resource(show_spinner=False, max_entries=4)
def load_frames_at(url: str, version: str, current: str) -> Frames:
    """The frames of an earlier data version (a published review's), rebuilt from the
    current ones (score_dash/store/versions.py)."""
    return loading.load_frames_at(get_engine(url), int(version), load_frames(url, current))


def frames_of(url: str, version: str, current: str) -> Frames:
    """The frames of data version `version` (`current`: the database's version now)."""
    if version == current:
        return load_frames(url, current)
    return load_frames_at(url, version, current)


def own_bytes(frames: Frames, source: Frames) -> int:
    """The memory `frames` take beyond `source`'s: a table kept whole is `source`'s own
    frame, not a copy, and a categorical column's categories are its source column's (rows
    taken keep them), so only its codes count; strings counted in full."""
    return sum(_own_bytes(frame) for name, frame in frames.items() if frame is not source.get(name))


def _own_bytes(frame: pd.DataFrame) -> int:
    total = int(frame.index.memory_usage(deep=True))
    for _, column in frame.items():
        if isinstance(column.dtype, pd.CategoricalDtype):
            total += int(column.cat.codes.nbytes)
        else:
            total += int(column.memory_usage(deep=True, index=False))
    return total


# The filtered frames of recent filter states, shared by the process's sessions and bounded
# by the memory they take (SCORE_FILTER_CACHE_MB) as well as by their number: one state's
# frames take a few kilobytes at demo scale and over 100 MB at 50,000 enterprises
# (score_dash/ui/sized_cache.py).
_FILTERED: SizedCache[Frames] = SizedCache(max_entries=16)


@st.cache_resource(show_spinner=False, max_entries=4)
def estimated_frames_of(url: str, version: str, current: str) -> Frames:
    """The frames as viewers read them: the sex of workers not reported estimated into
    women and men (`disclosure.estimate_sex`), once per data version and process."""
    return assembly.Source.estimated(AppSource(url, current), int(version))


def load_filtered(
    url: str, version: str, current: str, key: str, filters: Filters, viewer: bool = False
) -> Frames:
    """The filtered frames (`viewer`: of `estimated_frames_of`); `key` (the filters' query
    string) is the cache key."""
    source = (estimated_frames_of if viewer else frames_of)(url, version, current)
    return _FILTERED.get(
        (url, version, current, key, viewer),
        lambda: apply_filters(source, filters),
        size_of=lambda frames: own_bytes(frames, source),
        budget=get_config().filter_cache_mb * 2**20,
    )


@st.cache_data(show_spinner=False, ttl=60, max_entries=4)
def published_reviews(url: str, version: str) -> list[reviews.Review]:
    """The published reviews (a minute at most old: another process may publish one)."""
    del version
    return reviews.list_reviews(get_engine(url))


@st.cache_data(show_spinner=False, max_entries=4)
def changes_since_review(
    url: str, review_period: str, start: int, until: int, current: str, staff: bool
) -> pd.DataFrame:
    """What changed in the figures of the review of `review_period` between data versions
    `start` and `until` (`assembly.Source.changes`: imports named by their files for
    `staff` only; a viewer's from the frames viewers read), once per process."""
    return assembly.Source.changes(AppSource(url, current), review_period, start, until, staff)


@st.cache_data(show_spinner=False, max_entries=4)
def load_meta(url: str, version: str) -> dict[str, str]:
    del version
    return db.get_meta(get_engine(url))


def clear_caches() -> None:
    """After an import: drop every cached frame (other processes see the new version)."""
    load_frames.clear()
    load_frames_at.clear()
    options_of.clear()
    estimated_frames_of.clear()
    _FILTERED.clear()
    published_reviews.clear()
    changes_since_review.clear()
    enterprises_apart.clear()
    group_members.clear()
    viewer_editions.clear()
    load_meta.clear()
    publication_of.clear()
    enterprise_words.clear()
    enterprise_clusters.clear()
    _cached_report.clear()
    _kept_assembly.clear()
    _records_at.clear()
    _viewer_records.clear()


def load_current_frames() -> Frames:
    """Every table at the current data version (cached); stops with a plain message when the
    database cannot be reached and nothing is cached."""
    config = get_config()
    try:
        return load_frames(config.db_url, current_data_version())
    except SQLAlchemyError:
        LOG.exception("The database cannot be reached while loading the data")
        st.error(UNREACHABLE, icon=":material/cloud_off:")
        st.stop()
        raise  # st.stop() does not return; this keeps type checkers informed


@st.cache_resource(show_spinner=False, max_entries=64)
def enterprises_apart(
    url: str, earlier: int, later: int, current: str
) -> dict[tuple[str, str], frozenset[str]]:
    """Per table and half-year, the enterprises whose rows differ between two data versions
    (`current`: the database's version now, from which both are rebuilt)."""
    return since_review.compute_changed_parts(
        frames_of(url, str(earlier), current), frames_of(url, str(later), current)
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def group_members(url: str, version: int, current: str) -> dict[disclosure.Group, frozenset[str]]:
    """Each group of a data version's publication -> its enterprises."""
    return disclosure.group_members(frames_of(url, str(version), current)["enterprises"])


@st.cache_resource(show_spinner=False, max_entries=4)
def viewer_editions(url: str, current: str, published: tuple[int, ...]) -> dict[int, int]:
    """Each data version a viewer can reach (the published reviews' `published`, and the
    current one) -> the version a viewer reads for it (`assembly.Source.editions`), once
    per process."""
    del published  # the cache key: the source reads the published reviews itself
    return assembly.Source.editions(AppSource(url, current))


@st.cache_resource(show_spinner=False, max_entries=4)
def publication_of(url: str, version: str, current: str) -> disclosure.Publication:
    """The viewers' publication of a data version (`assembly.Source.publication`), built
    once per version and process."""
    return assembly.Source.publication(AppSource(url, current), int(version))


@st.cache_resource(show_spinner=False, max_entries=4)
def options_of(url: str, version: str, current: str, convention: Convention) -> Options:
    """The sidebar's choices of a data version, built once per version and process (not on
    every rerun): every state, cluster, sector, half-year... of its frames."""
    return build_options(frames_of(url, version, current), convention)


class AppSource(assembly.Source):
    """The database's data for a run (`assembly.Source`), from the process's caches: each
    data version's frames, viewers' edition, options, publication and changes are built
    once per process, not per run (`current`: the database's data version now)."""

    def __init__(self, url: str, current: str) -> None:
        self.url, self.key = url, current
        self.records_key = ""  # the version of the meetings' records read (`build_view`)
        super().__init__(
            load_frames(url, current),
            get_config().assembly,
            get_engine(url),
            meta=load_meta(url, current),
            current=int(current),
            published=published_reviews(url, current),
        )

    def frames(self, version: int) -> Frames:
        return frames_of(self.url, str(version), self.key)

    def estimated(self, version: int) -> Frames:
        return estimated_frames_of(self.url, str(version), self.key)

    def options(self, version: int) -> Options:
        return options_of(self.url, str(version), self.key, self.settings.convention)

    def publication(self, version: int) -> disclosure.Publication:
        return publication_of(self.url, str(version), self.key)

    def filtered(self, version: int, filters: Filters, estimated: bool) -> Frames:
        key = to_query_string(filters, self.options(version))
        return load_filtered(self.url, str(version), self.key, key, filters, viewer=estimated)

    def clusters(self, version: int) -> dict[str, str]:
        enterprises = self.frames(version)["enterprises"]
        return enterprise_clusters(self.url, str(version), enterprises)

    def editions(self) -> dict[int, int]:
        versions = tuple(sorted({review.data_version for review in self.published}))
        return viewer_editions(self.url, self.key, versions)

    def changes(self, period: str, start: int, until: int, staff: bool) -> pd.DataFrame:
        return changes_since_review(self.url, period, start, until, self.key, staff)

    def records_for(
        self, role: Role, records: minutes.Records | None, version: int
    ) -> minutes.Records:
        if not self.records_key or policy.can_see_enterprises(role):
            return super().records_for(role, records, version)
        # `records` are those read at `records_key` (`build_view`): a viewer's cut of them
        # is kept per records' version and data version.
        return viewer_records(
            self.url, str(version), self.key, self.records_key, self.settings.min_cell
        )

    def _differing(self, earlier: int, later: int) -> dict[tuple[str, str], frozenset[str]]:
        return enterprises_apart(self.url, earlier, later, self.key)

    def _group_members(self, version: int) -> dict[disclosure.Group, frozenset[str]]:
        return group_members(self.url, version, self.key)


def app_source() -> AppSource:
    """The database's data for this run (stops with a plain message when the database
    cannot be reached and nothing is cached)."""
    config = get_config()
    load_current_frames()
    return AppSource(config.db_url, _LAST_VERSION[config.db_url])


def publish_warning(review: reviews.Review) -> str | None:
    """What staff are told when viewers will read a just-published review with an earlier
    review's figures (its data differ from that one's by too few enterprises), else None."""
    _, held = app_source().version_for(Role.VIEWER, review)
    if held is None:
        return None
    return versions.publish_warning(review.title, held.title, get_config().min_cell)


def publication(view: View) -> disclosure.Publication:
    """The viewers' publication of the view's data version (for any role: the Definitions
    page says what it withholds)."""
    current = _LAST_VERSION.get(view.config.db_url) or current_data_version()
    return publication_of(view.config.db_url, view.data_version, current)


def review_options(review: reviews.Review | None, source: AppSource | None = None) -> Options:
    """The choices of the data a view starts from: the version this run's user reads of a
    published `review` (None: the current data); `source`: this run's (`app_source`)."""
    source = source or app_source()
    version, _ = source.version_for(current_identity().role, review)
    return source.options(version)


def build_view(
    filters: Filters, review: reviews.Review | None = None, source: AppSource | None = None
) -> View:
    """The view of this run: the filters over the current data, or over the data as they
    were at a published review (its data version; its half-year unless another is chosen),
    as this run's user reads them (`assembly.select`).

    A viewer's filters are cut to what the viewers' publication offers (one state, cluster
    or sector; no filter that cuts across them; no withheld group), here on the server
    whatever the widgets or the URL said; what was dropped is in `View.notices`. `source`:
    this run's (`app_source`), read again when not given."""
    config = get_config()
    source = source or app_source()
    identity = current_identity()
    records = read_records()
    source.records_key = getattr(_RUN, "records_key", "")
    selection = assembly.select(source, filters, identity.role, review=review, records=records)
    view = View(
        filters=replace(selection.filters, period=filters.period),  # not the review's period
        options=selection.options,
        periods=selection.periods,
        frames=selection.frames,
        all_frames=selection.all_frames,
        config=config,
        is_demo=selection.demo,
        data_as_of=selection.data_as_of,
        data_version=str(selection.version),
        stale=bool(getattr(_RUN, "stale", False)),
        identity=identity,
        review=review,
        published=source.published,
        held_back=selection.held,
        records=selection.records,
        protection=selection.protection,
        notices=selection.notices,
        selection=selection,
        records_key=getattr(_RUN, "records_key", ""),
    )
    _RUN.view, _RUN.source = view, source
    return view


def read_records() -> minutes.Records:
    """Decisions, actions and notes as they are now (another process or session may have
    just recorded one); `assembly.select` cuts them down for the role. Every run asks the
    database for their version (`minutes.records_version`: one cheap query) and reads the
    three tables only when it changed; `_RUN.records_key` is the version read ("" when the
    records could not be read)."""
    url = get_config().db_url
    _RUN.records_key = ""
    try:
        version = minutes.records_version(engine())
        key = f"{_LAST_VERSION.get(url, '')}:{version}"
        records = records_at(url, key)
    except SQLAlchemyError:
        LOG.warning("The meetings' records cannot be read", exc_info=True)
        return minutes.Records.empty()
    _RUN.records_key = key
    return records


def viewer_records(
    url: str, version: str, current: str, records_key: str, min_cell: int
) -> minutes.Records:
    """The meetings' records at `records_key` as a viewer reads them with data version
    `version`'s enterprises (`assembly.records_for`: only what staff have shown)."""
    return _run_copy(_viewer_records(url, version, current, records_key, min_cell))


@st.cache_resource(show_spinner=False, max_entries=8)
def _viewer_records(
    url: str, version: str, current: str, records_key: str, min_cell: int
) -> minutes.Records:
    enterprises = frames_of(url, version, current)["enterprises"]
    return assembly.records_for(Role.VIEWER, _records_at(url, records_key), enterprises, min_cell)


def records_at(url: str, key: str) -> minutes.Records:
    """The meetings' records at `key` (the data version and `minutes.records_version`)."""
    return _run_copy(_records_at(url, key))


@st.cache_resource(show_spinner=False, max_entries=4)
def _records_at(url: str, key: str) -> minutes.Records:
    del key
    return minutes.load(get_engine(url))


def _run_copy(records: minutes.Records) -> minutes.Records:
    """The kept records for one run: shallow copies, which pandas copies on a write
    (copy-on-write), so a run cannot change the kept ones. A pickled copy per run
    (`st.cache_data`) was a tenth of Partners' cached rerun (unpickling three small
    frames)."""
    kept = (records.items, records.changes, records.notes)
    return minutes.Records(*(frame.copy(deep=False) for frame in kept))


@st.cache_resource(show_spinner=False, max_entries=4)
def enterprise_words(url: str, version: str, _enterprises: pd.DataFrame) -> frozenset[str]:
    """The words of enterprises' names and codes that warn a writer (records.name_words),
    built once per database and data version: at 50,000 enterprises not for every run."""
    del url, version
    return minutes.name_words(_enterprises)


def view_notes(
    view: View, indicators: Iterable[str], periods: Iterable[str] | None = None
) -> pd.DataFrame:
    """The notes on figures (as this run's user may read them) on `indicators` in `periods`
    that concern the view's place (`pages.notes_of_view`)."""
    enterprises = view.all_frames["enterprises"]
    return registry.notes_of_view(
        view.records.notes,
        indicators,
        periods,
        view.filters,
        view.options,
        enterprise_clusters(view.config.db_url, view.data_version, enterprises),
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def enterprise_clusters(url: str, version: str, _enterprises: pd.DataFrame) -> dict[str, str]:
    """Every enterprise's cluster, built once per database and data version (at 50,000
    enterprises, a tenth of a second that every page with notes would spend on every run)."""
    del url, version
    return minutes.clusters_of(_enterprises)


def page_report(view: View, **choices: str) -> assembly.Assembled:
    """The current page's report for the view with the page's own `choices`
    (`assembly.assemble`: as the role may see it, with the tables its Excel adds). The
    page's figures are computed once per view and choices, and the report as the role may
    see it (cut by the protection, with the notes on figures) once per view, role, choices
    and version of the meetings' records (`kept`), which every run reads (a note is
    recorded without a new data version); the assembly's checks run on every run."""
    assert view.selection is not None, "a page's report needs the view's selection"
    url = view.config.db_url
    source = getattr(_RUN, "source", None)  # the source the run's view was selected from
    if source is None or getattr(_RUN, "view", None) is not view:
        source = AppSource(url, _LAST_VERSION.get(url) or current_data_version())
    page = current_page()
    build, keep = cached_build(view), kept(view, source, choices)
    return assembly.assemble(source, page, view.selection, choices, build=build, keep=keep)


def kept(view: View, source: AppSource, choices: dict[str, str]) -> assembly.Keep:
    """`assemble`'s work (the report cut for the role, with its extras and notes), kept per
    view (`view_key`: staff's and viewers' apart), role, page, choices, language, records'
    version, moments and published reviews; done afresh where the meetings' records could
    not be read and for a page built from them (Decisions & actions)."""
    page = current_page()
    if not view.records_key or page.accepts("records"):
        return lambda moments, work: work()
    published = tuple((r.period, r.data_version, str(r.published_at)) for r in source.published)

    def keep(moments: tuple[date, Any], work: Callable[[], Assembled]) -> Assembled:
        key = "|".join(
            (
                view_key(view),
                str(view.role),
                page.name,
                repr(sorted(choices.items())),
                i18n.current(),
                view.records_key,
                repr(moments),
                repr(published),
                str(source.current),
                repr(source.settings),
                repr(view.review),
            )
        )
        return _kept_assembly(key, work)

    return keep


@st.cache_data(show_spinner=False, max_entries=32)
def _kept_assembly(key: str, _work: Callable[[], Assembled]) -> Assembled:
    """A page's assembled report (`assembly.assemble`'s work); `key` is the cache key."""
    del key
    return _work()


def cached_build(view: View) -> assembly.Build:
    """`registry.build_report`, its result kept per view, page, choices and language; a
    page built from the meetings' records (Decisions & actions) is built on every run."""

    def build(
        name: str, frames: Frames, periods: ResolvedPeriods, options: Options, **arguments: Any
    ) -> PageReport:
        if registry.page(name).accepts("records"):
            return registry.build_report(name, frames, periods, options, **arguments)
        kept = {k: v for k, v in arguments.items() if k not in ("records", "as_of", "at")}
        # A report's sentences are written in the run's language: one kept per language.
        key = "|".join((view_key(view), name, repr(sorted(kept.items())), i18n.current()))
        return _cached_report(
            key, name, _frames=frames, _periods=periods, _options=options, _arguments=kept
        )

    return build


@st.cache_data(show_spinner=False, max_entries=64)
def _cached_report(
    key: str,
    name: str,
    _frames: Frames,
    _periods: ResolvedPeriods,
    _options: Options,
    _arguments: dict[str, Any],
) -> PageReport:
    """A page's report (`registry.build_report`); `key` is the cache key."""
    del key
    return registry.build_report(name, _frames, _periods, _options, **_arguments)


def current_view() -> View:
    """The view built by the sidebar in app.py for this run.

    A page whose data are not in the database yet (a new, empty installation, or one part
    way through its first imports) gets a plain notice of what is missing and a link to the
    Data page instead of its content: the page's script stops here.
    """
    view = getattr(_RUN, "view", None)
    if view is None:
        raise RuntimeError("The sidebar has not run: start the app with `streamlit run app.py`")
    page = current_page()
    if page.staff_only and not policy.can_see_enterprises(view.role):
        # Not in a viewer's navigation; refused here too, whatever route led to the script.
        st.title(page.title)
        st.warning("This page is for project staff only.", icon=":material/lock:")
        st.stop()
    missing = registry.missing_tables(page, view.all_frames)
    if missing:
        render_missing_data(page, missing, view.role)
        st.stop()
    if view.periods is not None and page.needs and not policy.can_see_enterprises(view.role):
        enterprises = policy.selection_enterprises(view.frames, view.periods.end)
        if policy.selection_too_small(enterprises, view.role, view.config.min_cell):
            st.title(page.title)
            st.info(policy.selection_note(view.config.min_cell), icon=":material/lock:")
            st.stop()
    return view


def current_page() -> registry.Page:
    """The page of this run (the default page when the URL names none)."""
    path = getattr(st.session_state.get("_current_page"), "url_path", "")
    return registry.PAGES_BY_NAME.get(path, registry.PAGES[0])


def render_missing_data(page: registry.Page, missing: list[str], role: Role) -> None:
    st.title(page.title)
    names = ", ".join(registry.TABLE_TITLES[name].lower() for name in missing)
    if not policy.can_import(role):
        st.info(
            f"This page needs data that are not in the database yet: {names}. The project "
            "team is bringing them in.",
            icon=":material/database:",
        )
        return
    st.info(
        f"This page needs data that are not in the database yet: {names}. "
        "Staff bring them in on the Data page: download the template, fill its sheets in "
        "the order given there, upload it and check the preview before importing.",
        icon=":material/database:",
    )
    st.page_link(
        registry.PAGES_BY_NAME["data"].file, label="Go to the Data page", icon=":material/upload:"
    )


def view_key(view: View) -> str:
    """What a view's figures depend on: the database, its data version, the filters and the
    half-years they resolve to, and whose frames they are (a viewer's have the sex of
    unreported workers estimated: a report computed for staff must never reach a viewer,
    whose "sex not reported" would then be workers less women less men)."""
    periods = view.periods
    resolved = (periods.review, periods.compare or "", ",".join(periods.trend)) if periods else ()
    return "|".join(
        (
            view.config.db_url,
            view.data_version,
            to_query_string(view.filters, view.options),
            *resolved,
            "viewer" if view.protection is not None else "staff",
        )
    )
