"""What changed since a review: the headline and logframe figures of the review's half-year
as the meeting saw them (the data version the review was published on) against the same
figures now, and which import changed each.

Pure functions of frames: the page rebuilds the frames of each data version since the
review (score_dash/store/versions.py) and passes the figures of each here, in import order.

Confidentiality: a change made by one firm's late report is that firm's own figures (+61
workers is its workforce). So each changed figure also carries how many enterprises its
change comes from (`compute_changed_enterprises`, `attribute_changes`), and the table
declares, per row, the fewer of those and of the enterprises behind the figure: a viewer
(score_dash.access.restrict) gets a change from fewer than the minimum withheld. Who made
an import is named by its file for staff only (the file name often carries a firm's code):
the caller passes the labels for the role (score_dash.queries.import_labels).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from score_dash.core.filters import Filters, ResolvedPeriods, build_options, resolve_periods
from score_dash.core.i18n import t
from score_dash.core.periods import Convention
from score_dash.core.reports import Sheet
from score_dash.metrics import overview

Frames = dict[str, pd.DataFrame]

TITLE = "Changed since the review"
COLUMNS = ("Table", "Figure", "Unit", "At the review", "Now", "Changed by")
HEADLINE = "Headline figures"
LOGFRAME = "Logframe"


@dataclass(frozen=True)
class Version:
    """The figures at one data version, and the import that made it ("" for the review's)."""

    label: str
    figures: pd.DataFrame  # compute_figures


def compute_figures(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """The review half-year's headline figures and logframe actuals, the whole programme.

    Indexed by (Table, code); columns Figure, Unit, Value, Enterprises (how many enterprises
    the figure is built from, 0 for counts over the whole programme)."""
    briefing = overview.compute_briefing(frames, periods)
    counts = briefing.enterprises["Value"] if "Value" in briefing.enterprises else pd.Series()
    headline = briefing.figures[["code", "Figure", "Unit", "Value"]].assign(Table=HEADLINE)
    status = briefing.status.rename(columns={"Indicator": "Figure", "Actual": "Value"})
    logframe = status[["code", "Figure", "Unit", "Value"]].assign(Table=LOGFRAME)
    table = pd.concat([headline, logframe], ignore_index=True)
    table["Enterprises"] = table["code"].map(counts).fillna(0).astype("int64")
    return table.set_index(["Table", "code"])[["Figure", "Unit", "Value", "Enterprises"]]


def _same(a: float, b: float) -> bool:
    a_missing, b_missing = pd.isna(a), pd.isna(b)
    if a_missing or b_missing:
        return bool(a_missing and b_missing)
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def compute_changes(
    review: pd.DataFrame,
    later: Sequence[Version],
    changed_by: Mapping[tuple[str, str], int] | None = None,
) -> pd.DataFrame:
    """The figures whose value now differs from the review's, with the imports (in order)
    whose version changed them. Columns COLUMNS plus Enterprises: the fewest of the
    enterprises behind the figure then and now and those its change comes from
    (`changed_by`, by the figures' index: `attribute_changes`), 0 where none count."""
    if not later:
        return pd.DataFrame(columns=[*COLUMNS, "Enterprises"])
    now = later[-1].figures
    rows = []
    for key in dict.fromkeys([*review.index, *now.index]):
        before = review["Value"].get(key, float("nan"))
        after = now["Value"].get(key, float("nan"))
        if _same(before, after):
            continue
        by, previous = [], before
        for version in later:
            value = version.figures["Value"].get(key, float("nan"))
            if not _same(previous, value):
                by.append(version.label)
            previous = value
        source = now if key in now.index else review
        counts = [
            int(table.at[key, "Enterprises"]) for table in (review, now) if key in table.index
        ]
        if changed_by is not None and key in changed_by:
            counts.append(int(changed_by[key]))
        positive = [n for n in counts if n > 0]
        rows.append(
            {
                "Table": key[0],
                "Figure": source.at[key, "Figure"],
                "Unit": source.at[key, "Unit"],
                "At the review": before,
                "Now": after,
                "Changed by": "; ".join(by),
                "Enterprises": min(positive) if positive else 0,
            }
        )
    return pd.DataFrame(rows, columns=[*COLUMNS, "Enterprises"])


def compute_changed_enterprises(before: Frames, after: Frames) -> dict[str, frozenset[str]]:
    """Per table, the enterprises whose rows differ between two data versions (a row added,
    changed or gone); empty for a table whose rows are not an enterprise's (clusters,
    periods, trainers), and tables that did not change are left out."""
    out: dict[str, frozenset[str]] = {}
    for name in sorted(set(before) & set(after)):
        old, new = before[name], after[name]
        columns = [c for c in old.columns if c in new.columns]
        if old[columns].equals(new[columns]):
            continue
        rows_old, rows_new = _row_hashes(old, columns), _row_hashes(new, columns)
        if rows_old == rows_new:
            continue
        if "enterprise" not in columns:
            out[name] = frozenset()
            continue
        out[name] = frozenset(str(e) for e, _ in rows_old ^ rows_new if pd.notna(e))
    return out


def _row_hashes(frame: pd.DataFrame, columns: list[str]) -> set[tuple[object, int]]:
    """Each row as (its enterprise, a hash of its values): a categorical hashes by its
    values, so two versions' rows compare whatever their categories."""
    hashes = pd.util.hash_pandas_object(frame[columns], index=False).to_numpy()
    owners = (
        frame["enterprise"].astype(object).to_numpy()
        if "enterprise" in columns
        else [None] * len(frame)
    )
    return set(zip(owners, hashes.tolist(), strict=True))


def compute_changed_parts(before: Frames, after: Frames) -> dict[tuple[str, str], frozenset[str]]:
    """Per table and half-year ("" for a table whose rows have no half-year), the
    enterprises whose rows of that half-year differ between two data versions; parts that
    did not change and tables whose rows are not an enterprise's are left out. A figure of
    a half-year differs by the enterprises of its tables' parts of that half-year (and of
    the tables without one): score_dash/access/versions.py checks each part."""
    out: dict[tuple[str, str], frozenset[str]] = {}
    for name, firms in compute_changed_enterprises(before, after).items():
        old, new = before[name], after[name]
        if not firms or "period" not in old.columns or "period" not in new.columns:
            if firms:
                out[(name, "")] = firms
            continue
        columns = [c for c in old.columns if c in new.columns]
        by_period: dict[str, set[str]] = {}
        for firm, period, _ in _period_rows(old, columns) ^ _period_rows(new, columns):
            if pd.notna(firm):
                by_period.setdefault(str(period), set()).add(str(firm))
        out.update({(name, period): frozenset(f) for period, f in by_period.items()})
    return out


def _period_rows(frame: pd.DataFrame, columns: list[str]) -> set[tuple[object, object, int]]:
    """Each row as (its enterprise, its half-year, a hash of its values)."""
    hashes = pd.util.hash_pandas_object(frame[columns], index=False).to_numpy()
    owners = frame["enterprise"].astype(object).to_numpy()
    periods = frame["period"].astype(object).to_numpy()
    return set(zip(owners, periods, hashes.tolist(), strict=True))


def attribute_changes(
    before: Frames,
    after: Frames,
    figures_of: Callable[[Frames], pd.DataFrame],
) -> dict[tuple[str, str], int]:
    """How many enterprises each figure's change between two versions comes from.

    Each changed table is put, alone, into the earlier version's frames: a figure that moves
    with it counts the enterprises whose rows of that table changed (those of every table
    it moves with, together). A figure that changed but moves with no table alone (the
    tables' changes only move it together) counts the enterprises of every changed table.
    Counting a table's enterprises whole over-counts those whose changed rows do not touch
    the figure (another half-year's, say); it never counts fewer than made the change."""
    changed = compute_changed_enterprises(before, after)
    base = figures_of(before)["Value"]
    now = figures_of(after)["Value"]
    moved = [k for k in dict.fromkeys([*base.index, *now.index]) if not _value_same(base, now, k)]
    if not moved:
        return {}
    behind: dict[tuple[str, str], set[str]] = {key: set() for key in moved}
    found: set[tuple[str, str]] = set()
    for table, enterprises in changed.items():
        values = figures_of(_aligned({**before, table: after[table]}))["Value"]
        for key in moved:
            if not _value_same(base, values, key):
                behind[key] |= enterprises
                found.add(key)
    everyone = set().union(*changed.values()) if changed else set()
    return {key: len(behind[key] if key in found else everyone) for key in moved}


def _value_same(a: pd.Series, b: pd.Series, key: tuple[str, str]) -> bool:
    return _same(a.get(key, float("nan")), b.get(key, float("nan")))


def _aligned(frames: Frames) -> Frames:
    """Frames of two versions put together, with each categorical column's categories made
    the same in every table (the union, sorted as text sorts), so that they join as one."""
    kinds: dict[str, pd.CategoricalDtype] = {}
    for frame in frames.values():
        for column in frame.columns:
            dtype = frame[column].dtype
            if isinstance(dtype, pd.CategoricalDtype):
                known = kinds.get(column)
                values = set(dtype.categories) | (set(known.categories) if known else set())
                kinds[column] = pd.CategoricalDtype(sorted(values), ordered=dtype.ordered)
    out: Frames = {}
    for name, frame in frames.items():
        columns = {
            column: frame[column].astype(kinds[column])
            for column in frame.columns
            if column in kinds and frame[column].dtype != kinds[column]
        }
        out[name] = frame.assign(**columns) if columns else frame
    return out


def changes_since(
    review_period: str,
    review_version: int,
    current: int,
    frames_at: Callable[[int], Frames],
    imports: Sequence[tuple[int, str]],
    convention: Convention,
) -> pd.DataFrame:
    """What changed since the review of `review_period` published at data version
    `review_version`: its figures then, against those after each import since (`imports`:
    data version and label, in order; `queries.import_labels`) up to version `current`.
    `frames_at(version)`: every table at that data version. Each changed figure counts the
    enterprises its change comes from (`attribute_changes`). The page and the command line
    both call this, with the imports' labels for the role (file names for staff only)."""
    if review_version >= current:
        return compute_changes(pd.DataFrame(), [])

    def figures_of(frames: Frames) -> pd.DataFrame:
        options = build_options(frames, convention)
        periods = resolve_periods(Filters(period=review_period), options, frames["periods"])
        return compute_figures(frames, periods)

    def figures(version: int) -> pd.DataFrame:
        return figures_of(frames_at(version))

    later = [Version(label, figures(version)) for version, label in imports if version <= current]
    changed_by = attribute_changes(frames_at(review_version), frames_at(current), figures_of)
    return compute_changes(figures(review_version), later, changed_by)


def build_sheet(changes: pd.DataFrame, review_title: str) -> Sheet:
    """The table as a report sheet (screen and Excel); for a viewer, a figure from fewer
    enterprises than the minimum, or whose change comes from fewer (`Enterprises`), is
    suppressed, as on its own page."""
    note = t(
        "{review}: the figures of its half-year as the meeting saw them, and now. "
        "Each is changed by the imports named, in order. A change counts the enterprises "
        "whose data it changed: for viewers, one made by too few of them is not shown "
        "(it would be those firms' own figures)."
    ).format(review=review_title)
    return Sheet(
        TITLE,
        changes[list(COLUMNS)].reset_index(drop=True),
        note=note,
        enterprises=tuple(int(n) for n in changes["Enterprises"]),
        labels=("Table", "Figure", "Unit"),
    )
