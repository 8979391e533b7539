"""A page's report for a view and a role, assembled in one place: the screen, the Excel
download, `python -m score_dash export` and the meeting pack all call `select` and then
`assemble`, so a figure is withheld from a viewer everywhere or nowhere.

- `Source`: one database's data as readers read them: each data version's frames, the
  viewers' publication of a version (score_dash/access/disclosure.py), which version a
  viewer reads for another (their edition: score_dash/access/versions.py), and what changed
  since a published review. This class works each out once for a command; the app's
  subclass keeps them in the process's caches (score_dash/ui/context.py).
- `select`: a role's view: for a viewer, the filters cut to what the publication offers,
  the frames with the sex of unreported workers estimated and the meetings' records cut to
  what staff have shown; then the frames filtered and the half-years resolved.
- `assemble`: a page's report for a selection: its builder's figures, on the Overview the
  last review's actions and what changed since the review, all cut by `policy.restrict`
  with the view's protection, and the notes on figures of the view's place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Engine

from score_dash.access import disclosure, policy
from score_dash.access import versions as editions_rule
from score_dash.access.policy import Role
from score_dash.access.versions import held_back_text
from score_dash.core import excel
from score_dash.core.filters import (
    Filters,
    Notice,
    Options,
    ResolvedPeriods,
    apply_filters,
    build_options,
    describe,
    resolve_periods,
)
from score_dash.core.periods import Convention
from score_dash.core.reports import PageReport
from score_dash.meetings import actions, minutes, reviews, since_review
from score_dash.metrics import logframe
from score_dash.pages import registry
from score_dash.store import db, loading

Frames = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Settings:
    """The deployment's settings the assembly reads (score_dash/config.py holds them)."""

    min_cell: int
    dominance_p: int
    small_n: int
    convention: Convention = "calendar"


class Refused(Exception):
    """A page or a selection the role may not have; the message says why."""


class Source:
    """One database's data as the assembly reads them (`frames`: the current version's;
    `engine`: None for frames alone, with no earlier version and no published review).
    Each method works out its answer once per instance."""

    def __init__(
        self,
        frames: Frames,
        settings: Settings,
        engine: Engine | None = None,
        *,
        meta: Mapping[str, str] | None = None,
        options: Options | None = None,
        current: int | None = None,
        published: Sequence[reviews.Review] | None = None,
    ) -> None:
        """`meta`, `current` (the data version of `frames`) and `published` (the published
        reviews, the latest meeting first): read from the database unless given."""
        self.settings = settings
        self.engine = engine
        if meta is None:
            meta = db.get_meta(engine) if engine is not None else {}
        self.meta = dict(meta)
        if current is None:
            version = db.data_version(engine) if engine else self.meta.get("data_version")
            current = int(version or 0)
        self.current = current
        if published is None:
            published = reviews.list_reviews(engine) if engine is not None else ()
        self.published: tuple[reviews.Review, ...] = tuple(published)
        self._frames = {self.current: frames}
        self._options = {self.current: options} if options is not None else {}
        self._estimated: dict[int, Frames] = {}
        self._publications: dict[int, disclosure.Publication] = {}
        self._members: dict[int, dict[disclosure.Group, frozenset[str]]] = {}
        self._clusters: dict[int, dict[str, str]] = {}
        self._editions: dict[int, int] | None = None

    # What a subclass may keep elsewhere (the app: in the process's caches).

    def frames(self, version: int) -> Frames:
        """Every table at data version `version` (an earlier one rebuilt from the current)."""
        if version not in self._frames:
            if self.engine is None:
                raise ValueError(f"data version {version} needs the database")
            current = self._frames[self.current]
            self._frames[version] = loading.load_frames_at(self.engine, version, current)
        return self._frames[version]

    def estimated(self, version: int) -> Frames:
        """A version's frames as viewers read them: the sex of unreported workers estimated
        (`disclosure.estimate_sex`)."""
        if version not in self._estimated:
            self._estimated[version] = disclosure.estimate_sex(
                self.frames(version), self.settings.min_cell
            )
        return self._estimated[version]

    def options(self, version: int) -> Options:
        if version not in self._options:
            self._options[version] = build_options(self.frames(version), self.settings.convention)
        return self._options[version]

    def publication(self, version: int) -> disclosure.Publication:
        """The viewers' publication of a version."""
        if version not in self._publications:
            self._publications[version] = disclosure.build_publication(
                self.frames(version), self.settings.min_cell, self.settings.dominance_p
            )
        return self._publications[version]

    def filtered(self, version: int, filters: Filters, estimated: bool) -> Frames:
        """A version's frames (`estimated`: as viewers read them) cut to `filters`."""
        return apply_filters(
            self.estimated(version) if estimated else self.frames(version), filters
        )

    def clusters(self, version: int) -> dict[str, str]:
        """Each enterprise of a version -> its cluster (where its notes on figures belong)."""
        if version not in self._clusters:
            self._clusters[version] = minutes.clusters_of(self.frames(version)["enterprises"])
        return self._clusters[version]

    def editions(self) -> dict[int, int]:
        """Each version a viewer can reach (the published reviews' and the current one)
        -> the version a viewer reads for it."""
        if self._editions is None:
            self._editions = editions_rule.viewer_editions(
                [*(r.data_version for r in self.published), self.current],
                self._differing,
                self._group_members,
                self.settings.min_cell,
            )
        return self._editions

    def changes(self, period: str, start: int, until: int, staff: bool) -> pd.DataFrame:
        """What changed in the figures of the review of `period` between data versions
        `start` and `until`, import by import (named by their files for `staff` only),
        from the frames the role reads."""
        labels = loading.import_labels(self.engine, start, staff) if self.engine else []
        return since_review.changes_since(
            period,
            start,
            until,
            self.frames if staff else self.estimated,
            labels,
            self.settings.convention,
        )

    def records_for(
        self, role: Role, records: minutes.Records | None, version: int
    ) -> minutes.Records:
        """The meetings' `records` as `role` may read them with a version's data
        (`records_for`)."""
        enterprises = self.frames(version)["enterprises"]
        return records_for(role, records, enterprises, self.settings.min_cell)

    def _differing(self, earlier: int, later: int) -> dict[tuple[str, str], frozenset[str]]:
        return since_review.compute_changed_parts(self.frames(earlier), self.frames(later))

    def _group_members(self, version: int) -> dict[disclosure.Group, frozenset[str]]:
        if version not in self._members:
            self._members[version] = disclosure.group_members(self.frames(version)["enterprises"])
        return self._members[version]

    # Worked out from the above, the same for every source.

    def review_at(self, version: int) -> reviews.Review:
        """The published review of a data version (the latest meeting of those sharing it)."""
        return max(
            (r for r in self.published if r.data_version == version), key=lambda r: r.meeting_date
        )

    def version_for(
        self, role: Role, review: reviews.Review | None = None
    ) -> tuple[int, reviews.Review | None]:
        """The data version `role` reads for a published `review` (None: the current data),
        and the review whose data a viewer is held at instead (None: not held back). Staff
        read the version itself; a viewer its viewer edition."""
        wanted = review.data_version if review is not None else self.current
        if policy.can_see_enterprises(role):
            return wanted, None
        shown = self.editions()[wanted]
        return (shown, None) if shown == wanted else (shown, self.review_at(shown))

    def meeting_dates(self) -> dict[str, date]:
        """Each published review's half-year -> its meeting date."""
        return {review.period: review.meeting_date for review in self.published}

    def review_changes(self, review: reviews.Review, role: Role) -> pd.DataFrame:
        """What changed since a published review, as `role` may read it: a viewer's between
        the viewer editions of the review and of the current data, never one held back."""
        staff = policy.can_see_enterprises(role)
        start, until = review.data_version, self.current
        if not staff:
            editions = self.editions()
            start, until = editions[start], editions[until]
        return self.changes(review.period, start, until, staff)


@dataclass(frozen=True)
class Selection:
    """A role's view of one data version: what `select` gives `assemble`."""

    role: Role
    filters: Filters  # as cut for the role
    options: Options
    periods: ResolvedPeriods | None  # None while the data hold no half-year
    frames: Frames  # filtered; a viewer's with the sex of unreported workers estimated
    all_frames: Frames  # the version's, unfiltered, as stored (for options and totals)
    records: minutes.Records  # the meetings' records as the role may read them
    settings: Settings
    version: int = 0
    review: reviews.Review | None = None  # the published review whose data are read
    held: reviews.Review | None = None  # for a viewer held back: the review whose data
    protection: policy.Protection | None = None  # a viewer's: what the publication says
    notices: tuple[Notice, ...] = ()  # what was dropped from the filters for the role
    published: Mapping[str, date] = field(default_factory=dict)  # half-year -> meeting
    data_as_of: str = "unknown"  # when the data read were last changed
    demo: bool = False  # the illustrative demo data

    @property
    def staff(self) -> bool:
        return policy.can_see_enterprises(self.role)

    @property
    def too_small(self) -> bool:
        """Fewer than `min_cell` enterprises: a viewer gets no figure of the selection."""
        if self.periods is None or self.staff:  # staff see any selection: nothing to count
            return False
        enterprises = policy.selection_enterprises(self.frames, self.periods.end)
        return policy.selection_too_small(enterprises, self.role, self.settings.min_cell)

    @property
    def review_period(self) -> str:
        """The half-year of the review read: the published review's, or the one chosen."""
        assert self.periods is not None
        return self.review.period if self.review else self.periods.review

    def meeting_date(self, period: str) -> date | None:
        """A half-year's review meeting date (its published review's, else the periods
        table's), which decides what is overdue at that review."""
        return actions.meeting_date(self.all_frames, period, dict(self.published))

    def overdue_day(self) -> date:
        """The day that decides what is overdue: the meeting date of the review read, else
        today (also with no half-year yet)."""
        period = self.review_period if self.periods is not None else None
        return (self.meeting_date(period) if period else None) or db.today()


def select(
    source: Source,
    filters: Filters,
    role: Role,
    *,
    review: reviews.Review | None = None,
    records: minutes.Records | None = None,
) -> Selection:
    """`role`'s view of the current data or of a published `review` through `filters`
    (the review's half-year unless `filters` choose one). For a viewer: their edition of
    the version, the filters cut to what the viewers' publication offers (what was dropped
    is in `notices`), the frames as viewers read them and `records` as shown to them."""
    version, held = source.version_for(role, review)
    options = source.options(version)
    frames = source.frames(version)
    if review is not None and filters.period is None and review.period in options.periods:
        filters = replace(filters, period=review.period)
    protection: policy.Protection | None = None
    notices: tuple[Notice, ...] = ()
    if not policy.can_see_enterprises(role) and options.period_codes:
        filters, dropped, protection = policy.protect_view(
            source.publication(version), filters, options, frames["periods"]
        )
        notices = tuple(dropped)
    periods = resolve_periods(filters, options, frames["periods"]) if options.period_codes else None
    records = source.records_for(role, records, version)
    edition = held or review  # the published review whose data are read, if any
    return Selection(
        role=role,
        filters=filters,
        options=options,
        periods=periods,
        frames=source.filtered(version, filters, estimated=protection is not None),
        all_frames=frames,
        records=records,
        settings=source.settings,
        version=version,
        review=review,
        held=held,
        protection=protection,
        notices=notices,
        published=source.meeting_dates(),
        data_as_of=edition.data_as_of if edition else source.meta.get("data_updated_at", "unknown"),
        demo=source.meta.get("dataset") == "demo",
    )


def records_for(
    role: Role, records: minutes.Records | None, enterprises: pd.DataFrame, min_cell: int
) -> minutes.Records:
    """The meetings' records as `role` may read them (`minutes.for_viewer` for a viewer:
    only what staff have shown); `enterprises`: for the size of a cluster."""
    records = records if records is not None else minutes.Records.empty()
    if policy.can_see_enterprises(role):
        return records
    return minutes.for_viewer(records, enterprises, min_cell)


@dataclass(frozen=True)
class Assembled:
    """A page's report for a selection, as its role may see it."""

    report: PageReport  # everything: the page's figures and the tables its Excel adds
    shown: PageReport  # the page's own figures (what its content is composed from)
    previous: str | None = None  # the Overview: the half-year of the last review
    since: str = ""  # the Overview: the title of the review whose changes are shown


# A page's builder, called as `registry.build_report` is (the app passes a cached one).
Build = Callable[..., PageReport]
# What works out a page's report once its selection has passed the checks: `assemble` hands
# it the work, with the moments it resolved (`as_of`, `at`) that the work depends on, and
# takes its answer (the app's keeps that answer per view, role and page).
Keep = Callable[[tuple[date, datetime | None], Callable[[], "Assembled"]], "Assembled"]


def _at_once(moments: tuple[date, datetime | None], work: Callable[[], Assembled]) -> Assembled:
    del moments
    return work()


def assemble(
    source: Source,
    page: registry.Page,
    selection: Selection,
    choices: Mapping[str, str] | None = None,
    *,
    as_of: date | None = None,
    at: datetime | None = None,
    extras: bool = True,
    build: Build = registry.build_report,
    keep: Keep = _at_once,
) -> Assembled:
    """The report of `page` for `selection` with the page's own `choices`, as the role may
    see it (Refused: a staff-only page for a viewer, or a selection too small for one).

    `as_of`: the day that decides what is overdue (default: the meeting date of the review
    read, else today); `at`: the moment statuses are shown at (default: when the review read
    was published, else now). `extras`: the tables the screen and the Excel add to the
    page's figures (the Overview's last review and what changed since the review; the notes
    on figures of the view's place); the pack prints its own notes. The protection is
    applied here, to every table together, and nowhere else.

    `keep`: given `(as_of, at)` and the work that follows the checks (build, add, restrict,
    add the notes), returns its answer; the app's keeps the answer per everything it depends
    on (the view, the role, the page and its choices, the language, the records' version,
    `as_of` and `at`), so the checks run on every call and the protection's result is the
    one worked out for that role and view."""
    choices = dict(choices or {})
    if page.staff_only and not selection.staff:
        raise Refused(f"The {page.title} page is for project staff only.")
    if page.needs and selection.too_small:
        raise Refused(policy.selection_note(selection.settings.min_cell))
    if selection.periods is None and page.needs:
        raise Refused("The database holds no half-year yet.")
    if as_of is None:
        as_of = selection.overdue_day()
    if at is None and selection.review is not None:
        at = selection.review.published_at
    return keep(
        (as_of, at), lambda: _assembled(source, page, selection, choices, as_of, at, extras, build)
    )


def _assembled(
    source: Source,
    page: registry.Page,
    selection: Selection,
    choices: dict[str, str],
    as_of: date,
    at: datetime | None,
    extras: bool,
    build: Build,
) -> Assembled:
    """`assemble`'s work once its checks have passed (`selection.periods` None: a page that
    needs no data, in a database without a half-year yet: its figures alone)."""
    periods = selection.periods
    report = build(
        page.name,
        selection.frames,
        periods,
        selection.options,
        scope=logframe.scope_of(selection.filters),
        small_n=selection.settings.small_n,
        records=selection.records,
        as_of=as_of,
        at=at,
        **choices,
    )
    own = len(report.sheets)
    previous, since = None, ""
    extras = extras and periods is not None
    if extras and page.name == "overview":
        period = selection.review_period
        report, previous = actions.with_last_review(
            report, selection.records, selection.options.period_codes, period, as_of=as_of, at=at
        )
        shown_review = selection.review or (source.published[0] if source.published else None)
        if shown_review is not None:
            changes = source.review_changes(shown_review, selection.role)
            sheet = since_review.build_sheet(changes, shown_review.title)
            report, since = replace(report, sheets=(*report.sheets, sheet)), shown_review.title
    report = policy.restrict(
        report, selection.role, selection.settings.min_cell, selection.protection
    )
    shown = replace(report, sheets=report.sheets[:own])
    if extras and periods is not None:
        scope = registry.noted(report, selection.frames, periods, choices)
        if scope is not None:
            notes = registry.notes_of_view(
                selection.records.notes,
                *scope,
                selection.filters,
                selection.options,
                source.clusters(selection.version),
            )
            report = registry.with_notes_sheet(report, notes)
    return Assembled(report, shown, previous, since)


def workbook(report: PageReport, selection: Selection, link: str) -> bytes:
    """A page's Excel download: its assembled report's tables and an About sheet saying what they
    are (the view, its data version and date, the rules that withheld figures; for a viewer
    held back, why); `link`: the view's share link."""
    held, settings = selection.held, selection.settings
    held_back = (held_back_text(held.title, settings.min_cell),) if held else ()
    about = excel.About(
        title=report.title,
        page=report.page,
        generated_at=datetime.now(UTC).replace(tzinfo=None),
        data_as_of=selection.data_as_of,
        filters=describe(selection.filters, selection.options, selection.periods),
        share_link=link,
        indicators=report.indicators,
        demo=selection.demo,
        notes=policy.with_rule(
            (*report.notes, *held_back), settings.min_cell, settings.dominance_p
        ),
        data_version=str(selection.version),
        review=selection.review.title if selection.review else "",
    )
    return excel.build_workbook(about, report.sheets)
