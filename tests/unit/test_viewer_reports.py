"""What a viewer gets of every page: no enterprise named, no figure from fewer than three.

Every page's report is built on the demo (as the app loads it) in the default view and in
filtered ones, then cut down by `access.restrict` for a viewer. The checks read the staff
report's own rows and counts, and, for the selections that isolate one or two firms, what
changes when those firms' records are taken away.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import pytest

from score_dash.access.policy import Role, restrict, selection_too_small
from score_dash.core.filters import Filters, apply_filters, build_options, resolve_periods
from score_dash.core.reports import PageReport, Sheet
from score_dash.metrics import coverage, logframe
from score_dash.pages.registry import PAGES, build_report

MIN_CELL = 3
VIEWS = {
    "default": Filters(),
    "one state": Filters(states=("IN-AP",)),
    "one cluster": Filters(clusters=("Tiruppur",)),
    "one size band": Filters(size_bands=("200-300",)),
    "early": Filters(period="2011-H2"),
    "early in a state": Filters(states=("IN-TN",), period="2012-H2"),
    "women-owned in a cluster": Filters(clusters=("Gurugram",), women_owned=True),
    "one module early": Filters(modules=("M3",), period="2013-H1"),
}
# The tables of a firm's own records; everything else (partners, trainers, activities) is
# about the programme's partners.
ENTERPRISE_TABLES = (
    "enterprises",
    "enrolments",
    "participation",
    "team_members",
    "workforce",
    "kpi_observations",
)
# Counts of enterprises and enrolments over the whole selection, and rates of such counts:
# a viewer sees them only when the selection holds enough enterprises
# (access.selection_too_small), so no table rule hides them. (table, first column's value)
SELECTION_FIGURES = {
    "Headline figures": {"Enterprises trained", "Modules completed"},
    "Programme at a glance": {
        "Enterprises",
        "Clusters",
        "States",
        "Module enrolments",
        "Completion rate",
    },
    "Reporting coverage": {
        "Trained enterprises reporting KPIs (%)",
        "Trained enterprises reporting their workforce (%)",
    },
}
SELECTION_INDICATORS = {
    "Enterprises trained",
    "Modules completed",
    "Enterprises recruited by associations",
}


@pytest.fixture(scope="module")
def reports(loaded_frames):
    """Staff reports of every page, by view (built once per view)."""
    options = build_options(loaded_frames)

    @cache
    def of(view: str) -> dict[str, PageReport]:
        filters = VIEWS[view]
        return build_all(apply_filters(loaded_frames, filters), filters, options, loaded_frames)

    return of


def build_all(frames, filters: Filters, options, all_frames) -> dict[str, PageReport]:
    periods = resolve_periods(filters, options, all_frames["periods"])
    scope = logframe.scope_of(filters)
    return {
        page.name: build_report(page.name, frames, periods, options, scope=scope, small_n=5)
        for page in PAGES
    }


def empty(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def counts_of(frame: pd.DataFrame, count) -> pd.Series:
    if isinstance(count, str):
        return pd.to_numeric(frame[count], errors="coerce")
    if isinstance(count, tuple):
        return pd.Series(count, index=frame.index, dtype=float)
    return pd.Series(float(count), index=frame.index)


def small(counts: pd.Series) -> pd.Series:
    return ((counts > 0) & (counts < MIN_CELL)).fillna(False)


def figures(sheet: Sheet) -> list[str]:
    return [c for c in sheet.frame.columns if c not in sheet.labels and c != "Note"]


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_cell_a_viewer_gets_names_an_enterprise(loaded_frames, reports, view):
    enterprises = loaded_frames["enterprises"]
    names = sorted(set(enterprises["enterprise"]) | set(enterprises["name"]), key=len)
    named = re.compile("|".join(re.escape(name) for name in reversed(names)))
    for page, report in reports(view).items():
        shown = restrict(report, Role.VIEWER, MIN_CELL)
        texts = [*shown.notes]
        for sheet in shown.sheets:
            texts += [sheet.title, sheet.note, *map(str, sheet.frame.columns)]
            texts += [v for v in sheet.frame.to_numpy().ravel() if isinstance(v, str)]
        found = {match.group() for text in texts for match in named.finditer(text)}
        assert not found, (page, sorted(found)[:3])


@pytest.mark.parametrize("view", list(VIEWS))
def test_rows_and_figures_from_fewer_than_three_enterprises_are_empty(reports, view):
    """Every row from 1 or 2 enterprises, every figure whose own count is 1 or 2, and every
    table about 1 or 2 enterprises is empty for a viewer; the labels naming rows stay."""
    checked = 0
    for page, report in reports(view).items():
        shown = restrict(report, Role.VIEWER, MIN_CELL)
        for sheet in report.sheets:
            if sheet.audience == "staff":
                assert shown.sheet(sheet.title).frame.empty, (page, sheet.title)
                continue
            frame, after = sheet.frame, shown.sheet(sheet.title).frame
            hidden = pd.DataFrame(False, index=frame.index, columns=figures(sheet))
            if sheet.sheet_enterprises is not None and 0 < sheet.sheet_enterprises < MIN_CELL:
                hidden.loc[:, :] = True
            if sheet.enterprises is not None and len(frame):
                rows = small(counts_of(frame, sheet.enterprises))
                hidden.loc[rows, :] = True
            for column, count in sheet.column_enterprises:
                if len(frame):
                    hidden[column] |= small(counts_of(frame, count))
            for column in hidden.columns:
                for row in hidden.index[hidden[column]]:
                    checked += 1
                    assert empty(after.at[row, column]), (page, sheet.title, row, column)
            for label in sheet.labels:
                pd.testing.assert_series_equal(frame[label], after[label], obj=label)
    if view.startswith("early"):
        assert checked > 0  # the view has small groups to hide


# Columns that say how many enterprises a row is about: a row of 1 or 2 is empty for a
# viewer whatever its table's rules say.
COUNT_COLUMNS = ("Enterprises", "Enterprises reporting")


@pytest.mark.parametrize("view", list(VIEWS))
def test_a_row_counting_one_or_two_enterprises_is_empty(reports, view):
    for page, report in reports(view).items():
        shown = restrict(report, Role.VIEWER, MIN_CELL)
        for sheet in report.sheets:
            frame, after = sheet.frame, shown.sheet(sheet.title).frame
            if shown.sheet(sheet.title).withheld:  # no rows at all (trainers' rows: staff)
                assert after.empty, (page, sheet.title)
                continue
            for column in (c for c in COUNT_COLUMNS if c in frame and c not in sheet.labels):
                rows = small(pd.to_numeric(frame[column], errors="coerce"))
                for row in frame.index[rows]:
                    values = after.loc[row, figures(sheet)]
                    assert all(empty(v) for v in values), (page, sheet.title, row)


# Tables with no figure about enterprises, so no rule: what they are about instead.
NOT_ABOUT_ENTERPRISES = {
    ("partners", "Service providers"): "partner institutions and their trainers",
    ("partners", "Trainers by level"): "trainers",
    ("partners", "Trainers by module"): "trainers",
    ("partners", "Dissemination"): "activities of partners",
    ("data", "Quality by half-year"): "reports received (the Data page is for staff)",
    ("data", "Quality by partner"): "reports received (the Data page is for staff)",
    ("definitions", "Indicators"): "the data dictionary",
    ("definitions", "Columns"): "the data dictionary",
    ("definitions", "Provenance"): "the data dictionary",
    # What the meetings decided: text from people, cut for viewers by records.for_viewer
    # (tests/unit/test_records.py) before any report is built.
    ("decisions", "Counts"): "the meetings' decisions and actions",
    ("decisions", "Decisions and actions"): "the meetings' decisions and actions",
    ("decisions", "Action history"): "changes of an action's status",
    ("decisions", "Notes on figures"): "notes written by staff",
}


def test_every_table_says_which_enterprises_are_behind_its_figures(reports):
    """A new table (or one that lost its metadata) fails here until it says how a viewer's
    copy is cut down, or is listed as about something else than enterprises."""
    undeclared = []
    for page, report in reports("default").items():
        for sheet in report.sheets:
            declared = (
                sheet.audience == "staff"
                or sheet.enterprises is not None
                or sheet.column_enterprises
                or sheet.sheet_enterprises is not None
                or sheet.follows is not None
            )
            if not declared and (page, sheet.title) not in NOT_ABOUT_ENTERPRISES:
                undeclared.append((page, sheet.title))
    assert undeclared == []


@pytest.mark.parametrize("view", list(VIEWS))
def test_staff_and_admins_get_every_report_unchanged(reports, view):
    for report in reports(view).values():
        assert restrict(report, Role.STAFF, MIN_CELL) is report
        assert restrict(report, Role.ADMIN, MIN_CELL) is report


def test_a_cluster_of_fewer_than_three_enterprises_is_hidden_with_its_state(loaded_frames, reports):
    """Counted here from the enterprise records: in 2011-H2 Haryana's Gurugram has one
    enterprise; its figures, Faridabad's (the state total would give it) and no circle on
    the map."""
    joined = loaded_frames["enterprises"]
    joined = joined[joined["joined_date"] <= pd.Timestamp("2011-12-31")]
    per_cluster = joined.groupby("cluster")["enterprise"].nunique()
    assert per_cluster.to_dict() == {"Faridabad": 8, "Gurugram": 1}
    shown = restrict(reports("early")["coverage"], Role.VIEWER, MIN_CELL)
    clusters = shown.table(coverage.CLUSTER_TABLE).set_index("Cluster")
    assert clusters["Workers"].isna().all() and clusters["Enterprises"].isna().all()
    assert clusters.loc["Gurugram", "Note"] == "fewer than 3 enterprises"
    assert coverage.compute_map_clusters(clusters.reset_index()).empty
    states = shown.table(coverage.STATE_TABLE)
    assert states["Enterprises"].tolist() == [9]  # one state: its total is the selection's


def test_hidden_counts_are_the_enterprises_behind_the_figures(loaded_frames, reports):
    """Counts behind figures that the tables do not show, counted here from the records:
    the workforce of a cluster (the fewer of those giving women and men and those not),
    and the satisfaction of a half-year (enterprises scoring a module completed in it)."""
    filters = VIEWS["early in a state"]
    frames = apply_filters(loaded_frames, filters)
    report = reports("early in a state")
    cluster_of = frames["enterprises"].set_index("enterprise")["cluster"]
    rows = frames["workforce"][frames["workforce"]["period"] == "2012-H2"]
    rows = rows.assign(
        cluster=rows["enterprise"].map(cluster_of),
        sexed=rows["female"].notna() & rows["male"].notna(),
    )
    clusters = report["coverage"].sheet(coverage.CLUSTER_TABLE)
    hidden = dict(clusters.column_enterprises)["Workers"]
    for cluster, count in zip(clusters.frame["Cluster"], hidden, strict=True):
        of = rows[rows["cluster"] == cluster]
        parts = (
            of.loc[of["sexed"], "enterprise"].nunique(),
            of.loc[~of["sexed"], "enterprise"].nunique(),
        )
        assert count == min(n for n in parts if n), cluster

    cost = report["partners"].sheet("Cost recovery")
    enrolments = frames["enrolments"]
    days = ("2012-07-01", "2012-12-31")
    started = enrolments[enrolments["enrolled_date"].between(*days)]
    scored = enrolments[
        enrolments["completed_date"].between(*days) & enrolments["satisfaction_pct"].notna()
    ]
    position = list(cost.frame["Half-year"]).index("2012-H2")
    assert cost.frame["Enterprises"].iloc[position] == started["enterprise"].nunique()
    satisfied = dict(cost.column_enterprises)["Satisfaction (%)"]
    assert satisfied[position] == scored["enterprise"].nunique()


def isolating_selections(frames) -> dict[str, Filters]:
    """Filters that select one firm, and two, found in the demo: a cluster x size band x
    women-owned combination, and a cluster x size band."""
    ent = frames["enterprises"]
    women = ent[ent["women_owned"]].groupby(["cluster", "size_band"]).size()
    both = ent.groupby(["cluster", "size_band"]).size()
    cluster, size = women[women == 1].index[0]
    two_cluster, two_size = both[both == 2].index[0]
    return {
        "one firm": Filters(clusters=(cluster,), size_bands=(size,), women_owned=True),
        "two firms": Filters(clusters=(two_cluster,), size_bands=(two_size,)),
    }


def same(value: object, other: object) -> bool:
    if empty(value) or empty(other):
        return empty(value) and empty(other)
    return bool(value == other)


# Tables of sentences (with the code of the figure each is about): a row is its sentence.
SENTENCES = ("What changed",)


def cells(report: PageReport) -> dict[tuple, object]:
    """Every figure of a report by (table, row, column); a row is named by its labels (or
    its place), a sentence by itself."""
    out = {}
    for sheet in report.sheets:
        frame = sheet.frame.reset_index(drop=True)
        keys = [label for label in sheet.labels if label in frame]
        for i in range(len(frame)):
            row = tuple(str(frame.at[i, k]) for k in keys) if keys else i
            sentence = frame.iat[i, 0]
            for column in figures(sheet):
                value = frame.at[i, column]
                if (sheet.title in SENTENCES or len(frame.columns) == 1) and isinstance(
                    sentence, str
                ):
                    out[(sheet.title, sentence, column)] = value  # a list of sentences
                else:
                    out[(sheet.title, row, column)] = value
    return out


def selection_figure(report: PageReport, key: tuple) -> bool:
    """Whether a figure is a count (or rate of counts) over the whole selection."""
    title, row, column = key
    frame = report.sheet(title).frame
    if title in SELECTION_FIGURES and isinstance(row, int):
        return frame.iloc[row, 0] in SELECTION_FIGURES[title]
    if title in ("Logframe status", "Objectives against targets", "Progress against targets"):
        return column == "Actual" and frame.iloc[row]["Indicator"] in SELECTION_INDICATORS
    if title == "What changed":
        names = set().union(*SELECTION_FIGURES.values(), SELECTION_INDICATORS)
        # a reporting share's gap line names the measure in lower case, without " (%)"
        gaps = {f"new data gap: {m[:-4].lower()} " for m in SELECTION_FIGURES["Reporting coverage"]}
        return any(str(row).startswith(name) for name in names) or any(
            str(row).lower().startswith(gap) for gap in gaps
        )
    return False


@pytest.mark.parametrize("selection", ["one firm", "two firms"])
def test_a_selection_isolating_firms_is_blocked_and_shows_none_of_their_figures(
    loaded_frames, selection
):
    """The selection rule blocks the page; and even without it, no table shows a figure
    that changes when the selected firms' own records are taken away, but the counts over
    the whole selection that the rule is there for."""
    filters = isolating_selections(loaded_frames)[selection]
    options = build_options(loaded_frames)
    frames = apply_filters(loaded_frames, filters)
    firms = set(frames["enterprises"]["enterprise"])
    assert len(firms) == {"one firm": 1, "two firms": 2}[selection]
    assert selection_too_small(len(firms), Role.VIEWER, MIN_CELL)
    without = dict(frames)
    for name in ENTERPRISE_TABLES:
        without[name] = frames[name][~frames[name]["enterprise"].isin(firms)]
    with_firms = build_all(frames, filters, options, loaded_frames)
    without_firms = build_all(without, filters, options, loaded_frames)
    shown_anyway = []
    for page, report in with_firms.items():
        if page == "data":  # the Data page is for staff; its rows behind are withheld
            continue
        before, after = cells(report), cells(without_firms[page])
        viewer = cells(restrict(report, Role.VIEWER, MIN_CELL))
        for key, value in before.items():
            if same(value, after.get(key)):
                continue  # not from the firms' records
            if key in viewer and not empty(viewer[key]) and not selection_figure(report, key):
                shown_anyway.append((page, *key, value))
    assert shown_anyway == []
