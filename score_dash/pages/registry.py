"""The dashboard's pages, in review order: one list for the navigation, the command line's
export and the tests.

Each page names its report builder by a plain import, so a page whose builder is missing or
misspelt is an ImportError at start-up and in every test, never a page that silently
disappears. `app.py`'s navigation (`score_dash.ui.nav`), `python -m score_dash export
--page NAME` and the tests that walk every page all read `PAGES`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

import pandas as pd

from score_dash.access.policy import Role, can_see_enterprises
from score_dash.core.dictionary import TABLES
from score_dash.core.filters import Filters, Options, ResolvedPeriods
from score_dash.core.reports import PAGE_TITLES, PageReport, Sheet
from score_dash.meetings import actions
from score_dash.meetings.minutes import NOTE_COLUMNS, NOTES, Records, notes_in_view
from score_dash.metrics import (
    coverage,
    data,
    definitions,
    gender,
    logframe,
    modules,
    overview,
    partners,
    results,
)
from score_dash.pages import content
from score_dash.pages import coverage as coverage_page
from score_dash.pages import gender as gender_page
from score_dash.pages import modules as modules_page
from score_dash.pages import overview as overview_page
from score_dash.pages import partners as partners_page
from score_dash.pages import results as results_page

Frames = dict[str, pd.DataFrame]
Builder = Callable[..., PageReport]

REVIEW = "Review"
DATA = "Data"


@dataclass(frozen=True)
class Page:
    """One page: its name (URL path, `--page`), where it sits, and its report builder."""

    name: str
    icon: str
    section: str
    build_report: Builder
    choices: tuple[str, ...] = ()  # the page's own URL parameters, passed to the builder
    # Tables without which the page has nothing to show: while one of them is empty the
    # page says so and links to the Data page. Every other table may be empty.
    needs: tuple[str, ...] = ()
    staff_only: bool = False  # absent from a viewer's navigation, refused by URL
    # What the page shows, declared once for the screen and the pack
    # (score_dash/pages/content.py): `compose(report, ctx, **choices)` -> blocks.
    compose: Callable[..., list[content.Block]] | None = None

    @property
    def title(self) -> str:
        return PAGE_TITLES[self.name]

    @property
    def file(self) -> str:
        """The page's script, relative to the repository root."""
        return f"app_pages/{self.name}.py"

    def accepts(self, argument: str) -> bool:
        return argument in inspect.signature(self.build_report).parameters


# Review order: the order meeting mode steps through.
PAGES: tuple[Page, ...] = (
    Page(
        "overview",
        ":material/dashboard:",
        REVIEW,
        overview.build_report,
        needs=("periods", "enterprises"),
        compose=overview_page.compose,
    ),
    Page(
        "coverage",
        ":material/map:",
        REVIEW,
        coverage.build_report,
        ("measure",),
        needs=("periods", "enterprises"),
        compose=coverage_page.compose,
    ),
    Page(
        "modules",
        ":material/school:",
        REVIEW,
        modules.build_report,
        needs=("periods", "modules", "enterprises", "enrolments"),
        compose=modules_page.compose,
    ),
    Page(
        "results",
        ":material/trending_up:",
        REVIEW,
        results.build_report,
        ("kpi",),
        needs=("periods", "enterprises", "kpi_definitions", "kpi_observations"),
        compose=results_page.compose,
    ),
    Page(
        "gender",
        ":material/groups:",
        REVIEW,
        gender.build_report,
        needs=("periods", "enterprises", "workforce"),
        compose=gender_page.compose,
    ),
    Page(
        "partners",
        ":material/handshake:",
        REVIEW,
        partners.build_report,
        needs=("periods", "partners"),
        compose=partners_page.compose,
    ),
    Page(
        "decisions",
        ":material/gavel:",
        REVIEW,
        actions.build_report,
        ("decided", "status", "owner"),
        needs=("periods",),
    ),
    Page("data", ":material/database:", DATA, data.build_report, staff_only=True),
    Page("definitions", ":material/menu_book:", DATA, definitions.build_report, ("q",)),
)
PAGES_BY_NAME: dict[str, Page] = {page.name: page for page in PAGES}
TABLE_TITLES: dict[str, str] = {table.name: table.title for table in TABLES}


def pages_for(role: Role) -> tuple[Page, ...]:
    """The pages a role may open, in order (viewers do not get the staff-only ones)."""
    return tuple(p for p in PAGES if can_see_enterprises(role) or not p.staff_only)


def missing_tables(page: Page, frames: Frames) -> list[str]:
    """The tables the page needs that hold no row yet, in the page's order."""
    return [name for name in page.needs if frames[name].empty]


def page(name: str) -> Page:
    """The page called `name` (ValueError naming the pages for an unknown one)."""
    if name not in PAGES_BY_NAME:
        raise ValueError(f"unknown page {name!r}; pages: {', '.join(PAGES_BY_NAME)}")
    return PAGES_BY_NAME[name]


def build_report(
    name: str,
    frames: Frames,
    periods: ResolvedPeriods,
    options: Options,
    *,
    scope: str,
    small_n: int,
    records: Records | None = None,
    as_of: date | None = None,
    at: datetime | None = None,
    **choices: str,
) -> PageReport:
    """The report of page `name`: its builder with the context it takes and the page's own
    choices (ValueError for a choice the page does not have)."""
    spec = page(name)
    unknown = sorted(set(choices) - set(spec.choices))
    if unknown:
        allowed = ", ".join(spec.choices) or "none"
        raise ValueError(f"page {name!r} has no choice {', '.join(unknown)}; choices: {allowed}")
    # What a builder may take from the view and the settings, not from the user: the
    # logframe's scope, the small-group size, and for the Decisions & actions page the
    # meeting's records (score_dash/meetings/minutes.py), the meeting date that decides what
    # is overdue and the moment whose statuses are shown (a published review's).
    context = {"scope": scope, "small_n": small_n, "records": records, "as_of": as_of, "at": at}
    arguments = {key: value for key, value in context.items() if spec.accepts(key)}
    return spec.build_report(frames, periods, options, **arguments, **choices)


def noted(
    report: PageReport, frames: Frames, periods: ResolvedPeriods, choices: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """What the "Notes on figures" sheet of a page's Excel covers: the indicators and the
    half-years whose notes it lists (None: the page has no such sheet). `frames`: the
    filtered frames the report was built from; `choices`: the page's own, as given to it.
    The page and `python -m score_dash export` both read it."""
    trend = tuple(periods.trend)
    if report.page == "overview":
        return overview.noted_indicators(report), (periods.review,)
    if report.page == "results":
        return (results.resolve_kpi(frames["kpi_definitions"], choices.get("kpi")),), trend
    if report.page == "gender":
        return tuple(gender.INDICATOR_CODES), trend
    if report.page == "partners":
        progress = report.table("Progress against targets")
        drawn = logframe.progress_indicators(frames["indicators"], progress)
        return (*drawn, *report.indicators), trend
    return None


def notes_of_view(
    notes: pd.DataFrame,
    indicators: Iterable[str],
    periods: Iterable[str] | None,
    filters: Filters,
    options: Options,
    enterprise_clusters: Mapping[str, str],
) -> pd.DataFrame:
    """The notes (as the reader may read them) on `indicators` in `periods` that concern
    the filtered place: the notes without a place, and those on its states and clusters
    and their enterprises (the filters hold state codes, the notes state names)."""
    return notes_in_view(
        notes,
        indicators,
        periods,
        states=[options.states.get(code, code) for code in filters.states],
        clusters=filters.clusters,
        cluster_states={c: options.states.get(s, s) for c, s in options.cluster_states.items()},
        enterprise_clusters=enterprise_clusters,
    )


def with_notes_sheet(report: PageReport, notes: pd.DataFrame) -> PageReport:
    """The report with a "Notes on figures" sheet of `notes`, unchanged when there are
    none."""
    if notes.empty:
        return report
    sheet = Sheet(NOTES, notes.reset_index(drop=True), labels=NOTE_COLUMNS)
    return replace(report, sheets=(*report.sheets, sheet))
