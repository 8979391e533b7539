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
from datetime import date, datetime

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from score_dash.access import disclosure, policy, versions
from score_dash.access.policy import Identity, Role
from score_dash.config import Config, get_config
from score_dash.core.filters import (
    Filters,
    Notice,
    Options,
    ResolvedPeriods,
    apply_filters,
    build_options,
    resolve_periods,
    to_query_string,
)
from score_dash.core.periods import Convention
from score_dash.core.reports import PageReport
from score_dash.meetings import actions, minutes, reviews, since_review
from score_dash.pages import registry
from score_dash.store import db, disk_cache, loading, schema
from score_dash.ui.identity import current_identity
from score_dash.ui.sized_cache import SizedCache

Frames = dict[str, pd.DataFrame]
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
    # A viewer held at a published review's data (`source_version`), or None.
    held_back: reviews.Review | None = None

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

    @property
    def records_moment(self) -> datetime | None:
        """Statuses as they stood when the review shown was published (None: as now)."""
        return self.review.published_at if self.review else None


def detached(view: View) -> View:
    """The view without its filtered frames, for what a session keeps after its run (a
    download built on click, a callback): Streamlit keeps a session two minutes after its
    browser left, and the filtered frames are the cache's to keep or drop
    (tests/app/test_memory.py). Its unfiltered frames are the shared, cached ones."""
    return replace(view, frames={})


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
    return disclosure.estimate_sex(frames_of(url, version, current), get_config().min_cell)


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
    url: str, review_period: str, review_version: int, until: int, current: str, file_names: bool
) -> pd.DataFrame:
    """What changed since a published review (metrics/review_changes.py): its figures at
    data version `review_version`, then at every version an import made since, up to version
    `until`, to name the imports (by their files with `file_names`: staff only). A viewer's
    are between the viewer editions of the review and of the current data
    (`viewer_editions`), from the frames viewers read (`estimated_frames_of`), as the
    figures on their pages are."""
    frames = frames_of if file_names else estimated_frames_of
    return since_review.changes_since(
        review_period,
        review_version,
        until,
        lambda version: frames(url, str(version), current),
        loading.import_labels(get_engine(url), review_version, file_names),
        get_config().period_convention,
    )


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
    _cached_compute.clear()


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


def review_frames(review: reviews.Review | None) -> Frames:
    """The frames a view starts from: the review's data version, or the current data (for
    a viewer, as `source_version` says)."""
    config = get_config()
    load_current_frames()
    current = _LAST_VERSION[config.db_url]
    version, _ = source_version(review)
    return frames_of(config.db_url, version, current)


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
    current one) -> the version a viewer reads for it (score_dash/access/versions.py)."""
    return versions.viewer_editions(
        [*published, int(current)],
        lambda earlier, later: enterprises_apart(url, earlier, later, current),
        lambda version: group_members(url, version, current),
        get_config().min_cell,
    )


def editions_now() -> dict[int, int]:
    """`viewer_editions` of the database as it is now."""
    config = get_config()
    current = _LAST_VERSION.get(config.db_url) or current_data_version()
    published = published_reviews(config.db_url, current)
    return viewer_editions(
        config.db_url, current, tuple(sorted({r.data_version for r in published}))
    )


def review_at(version: int, published: Iterable[reviews.Review]) -> reviews.Review:
    """The published review of a data version (the latest meeting of those sharing it)."""
    return max((r for r in published if r.data_version == version), key=lambda r: r.meeting_date)


def publish_warning(review: reviews.Review) -> str | None:
    """What staff are told when viewers will read a just-published review with an earlier
    review's figures (its data differ from that one's by too few enterprises), else None."""
    config = get_config()
    current = _LAST_VERSION.get(config.db_url) or current_data_version()
    shown = editions_now().get(review.data_version, review.data_version)
    if shown == review.data_version:
        return None
    held = review_at(shown, published_reviews(config.db_url, current))
    return versions.publish_warning(review.title, held.title, config.min_cell)


def source_version(review: reviews.Review | None) -> tuple[str, reviews.Review | None]:
    """The data version a view reads, and the review whose data a viewer is held at (None:
    not held back). Staff read a published review's version, or the current data; a viewer
    reads the viewer edition of either (`viewer_editions`): held at an earlier review's
    data while they differ from it by the data of too few enterprises."""
    config = get_config()
    current = _LAST_VERSION.get(config.db_url) or current_data_version()
    if policy.can_see_enterprises(current_identity().role):
        return (str(review.data_version) if review is not None else current), None
    wanted = review.data_version if review is not None else int(current)
    shown = editions_now()[wanted]
    if shown == wanted:
        return str(wanted), None
    return str(shown), review_at(shown, published_reviews(config.db_url, current))


@st.cache_resource(show_spinner=False, max_entries=4)
def publication_of(url: str, version: str, current: str) -> disclosure.Publication:
    """The viewers' publication of a data version, built once per version and process."""
    config = get_config()
    return disclosure.build_publication(
        frames_of(url, version, current), config.min_cell, config.dominance_p
    )


def publication(view: View) -> disclosure.Publication:
    """The viewers' publication of the view's data version (for any role: the Definitions
    page says what it withholds)."""
    current = _LAST_VERSION.get(view.config.db_url) or current_data_version()
    return publication_of(view.config.db_url, view.data_version, current)


@st.cache_resource(show_spinner=False, max_entries=4)
def options_of(url: str, version: str, current: str, convention: Convention) -> Options:
    """The sidebar's choices of a data version, built once per version and process (not on
    every rerun): every state, cluster, sector, half-year... of its frames."""
    return build_options(frames_of(url, version, current), convention)


def review_options(review: reviews.Review | None) -> Options:
    """The choices of the data a view starts from (`review_frames`)."""
    config = get_config()
    load_current_frames()
    current = _LAST_VERSION[config.db_url]
    version, _ = source_version(review)
    return options_of(config.db_url, version, current, config.period_convention)


def build_view(filters: Filters, review: reviews.Review | None = None) -> View:
    """The view of this run: the filters over the current data, or over the data as they
    were at a published review (its data version; its half-year unless another is chosen).

    A viewer's filters are cut to what the viewers' publication offers (one state, cluster
    or sector; no filter that cuts across them; no withheld group), here on the server
    whatever the widgets or the URL said; what was dropped is in `View.notices`."""
    config = get_config()
    current = _LAST_VERSION.get(config.db_url) or current_data_version()
    frames = review_frames(review)
    version, held = source_version(review)
    frozen = held or review  # the published review whose data the view reads, if any
    options = options_of(config.db_url, version, current, config.period_convention)
    if review is not None and filters.period is None and review.period in options.periods:
        computed = replace(filters, period=review.period)
    else:
        computed = filters
    identity = current_identity()
    protection = None
    dropped: list[Notice] = []
    if not policy.can_see_enterprises(identity.role) and options.period_codes:
        publication = publication_of(config.db_url, version, current)
        computed, dropped, protection = policy.protect_view(
            publication, computed, options, frames["periods"]
        )
        filters = replace(computed, period=filters.period)  # the cut, not the review's period
    periods = (
        resolve_periods(computed, options, frames["periods"]) if options.period_codes else None
    )
    meta = load_meta(config.db_url, current)
    key = to_query_string(computed, options)
    view = View(
        filters=filters,
        options=options,
        periods=periods,
        frames=load_filtered(
            config.db_url, version, current, key, computed, viewer=protection is not None
        ),
        all_frames=frames,
        config=config,
        is_demo=meta.get("dataset") == "demo",
        data_as_of=frozen.data_as_of if frozen else meta.get("data_updated_at", "unknown"),
        data_version=version,
        stale=bool(getattr(_RUN, "stale", False)),
        identity=identity,
        review=review,
        published=tuple(published_reviews(config.db_url, current)),
        held_back=held,
        records=read_records(frames, config),
        protection=protection,
        notices=tuple(dropped),
    )
    _RUN.view = view
    return view


def read_records(frames: Frames, config: Config) -> minutes.Records:
    """Decisions, actions and notes, read afresh on every run (three small tables: another
    process or session may have just recorded one), as this run's user may read them."""
    try:
        found = minutes.load(engine())
    except SQLAlchemyError:
        LOG.warning("The meetings' records cannot be read", exc_info=True)
        return minutes.Records.empty()
    if policy.can_see_enterprises(current_identity().role):
        return found
    return minutes.for_viewer(found, frames["enterprises"], config.min_cell)


@st.cache_resource(show_spinner=False, max_entries=4)
def enterprise_words(url: str, version: str, _enterprises: pd.DataFrame) -> frozenset[str]:
    """The words of enterprises' names and codes that warn a writer (records.name_words),
    built once per database and data version: at 50,000 enterprises not for every run."""
    del url, version
    return minutes.name_words(_enterprises)


def with_last_review(view: View, report: PageReport) -> tuple[PageReport, str | None]:
    """The Overview's report with "Actions from the last review" (the decisions and actions
    recorded for the half-year before the one under review, overdue judged at this review's
    meeting date) added for the screen and the Excel, and that half-year (None: no earlier
    one)."""
    period = view.review_period
    return actions.with_last_review(
        report,
        view.records,
        view.options.period_codes,
        period,
        as_of=view.meeting_date(period) or db.today(),
        at=view.records_moment,
    )


def with_review_changes(view: View, report: PageReport) -> tuple[PageReport, str]:
    """The Overview's report with what changed since the review shown, or else the latest
    published one (a table added to the screen and the Excel, cut down for the viewer's
    role as every table is), and the review's title; unchanged when no review is published."""
    review = view.review or view.latest_review
    if review is None:
        return report, ""
    current = _LAST_VERSION.get(view.config.db_url) or current_data_version()
    staff = policy.can_see_enterprises(view.role)  # import file names: staff only
    start, until = review.data_version, int(current)
    if not staff:  # between two versions a viewer reads, never one held back
        editions = editions_now()
        start, until = editions[start], editions[until]
    changes = changes_since_review(view.config.db_url, review.period, start, until, current, staff)
    sheet = since_review.build_sheet(changes, review.title)
    extended = replace(report, sheets=(*report.sheets, sheet))
    return policy.restrict(extended, view.role, view.config.min_cell, view.protection), review.title


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


def with_notes(view: View, report: PageReport, **choices: str) -> PageReport:
    """The report with the "Notes on figures" sheet its page's Excel has (`pages.noted`:
    which indicators and half-years; `choices`: the page's own). Notes are not in the
    cached report: they are recorded without a new data version, so they are added on
    every run."""
    scope = registry.noted(report, view.frames, view.periods, choices) if view.periods else None
    if scope is None:
        return report
    return registry.with_notes_sheet(report, view_notes(view, *scope))


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
    if view.periods is not None and page.needs:
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


@st.cache_data(show_spinner=False, max_entries=64)
def _cached_compute(
    view_key: str, function: str, args: tuple, kwargs: dict, _fn: Callable, _view: View
) -> object:
    """The result of `_fn`; the other arguments are the cache key."""
    del view_key, function
    return _fn(_view.frames, _view.periods, *args, **kwargs)


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


def cached_compute(fn: Callable, view: View, *args: object, **kwargs: object) -> object:
    """`fn(view.frames, view.periods, *args, **kwargs)`, computed once per data version,
    filter state and arguments (a rerun that changes none of them reuses the result).

    A page report comes back as the view's role may see it (`access.restrict`): this is
    where every report reaches a page.
    """
    result = _cached_compute(
        view_key(view), f"{fn.__module__}.{fn.__qualname__}", args, kwargs, _fn=fn, _view=view
    )
    if isinstance(result, PageReport):
        return policy.restrict(result, view.role, view.config.min_cell, view.protection)
    return result
