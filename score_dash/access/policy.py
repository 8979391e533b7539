"""Who sees what: roles, and the one place where a report is cut down for a viewer.

Roles. Staff and admins are named by two settings (`SCORE_STAFF`, `SCORE_ADMINS`), each a
comma-separated list of e-mail addresses or `@domain` entries; everyone else who signs in is
a viewer. Without sign-in the app is in local mode: the single user of a server bound to a
loopback address is staff; on any other address everyone is a viewer, and so is everyone
whose request was passed on by a reverse proxy (nginx in front of processes on loopback
ports: deploy/nginx.conf).

What a viewer gets (`restrict`, applied between the reports that metrics build and everything
that shows or writes them: screen, Excel, command line):

1. No table whose rows are single enterprises (`Sheet.audience == "staff"`): withheld.
2. No figure computed from fewer than `min_cell` enterprises (`SCORE_MIN_CELL`, default 3):
   the row's figures are emptied and its note says "fewer than 3 enterprises". A figure
   from fewer enterprises than the rest of its row (the workers of those that reported, a
   module's column) is emptied on its own, and the note names its column.
3. Complementary suppression: where rows add up to a total shown elsewhere, further rows are
   suppressed (smallest first) until the suppressed rows of each group together hold at
   least `min_cell` enterprises, so that no suppressed figure can be recomputed from the
   total and the rows left. Women, men and total of one row go together. A funnel's later
   steps go with a suppressed step (each step shows what was lost since the one before),
   and a table that repeats, or breaks down, another table's figures loses those that are
   suppressed there (`Follows`: clusters of a state held back, the funnel comparison).
4. A selection (filters) holding fewer than `min_cell` enterprises shows no figures at all
   (`selection_too_small`): every figure on the page would come from them.

What the metadata of each table says, and why, is with the table's `Sheet` in
`score_dash.metrics`; the rules themselves are here and in `score_dash.reports.Sheet`.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

import pandas as pd

from score_dash.access.disclosure import (
    PROGRAMME,
    Group,
    Publication,
    row_groups,
    rules_text,
    selection_group,
    viewer_filters,
    withheld_text,
)
from score_dash.core.filters import Filters, Notice, Options, resolve_periods
from score_dash.core.i18n import N_, t
from score_dash.core.reports import Count, PageReport, Sheet


class Role(StrEnum):
    VIEWER = "viewer"
    SECRETARY = "secretary"  # a viewer who records what the meeting decides
    STAFF = "staff"
    ADMIN = "admin"


ENTERPRISE_ROLES = frozenset({Role.STAFF, Role.ADMIN})
WITHHELD = N_("One row per enterprise or per trainer: for project staff only.")


def suppressed_note(min_cell: int) -> str:
    return t("fewer than {count} enterprises").format(count=min_cell)


DEFAULT_DOMINANCE_P = 10


def rule_text(min_cell: int, p_percent: float = DEFAULT_DOMINANCE_P) -> str:
    """The promise and its rules in words (Definitions page, About sheet, the pack)."""
    return rules_text(min_cell, p_percent)


def with_rule(
    notes: tuple[str, ...], min_cell: int, p_percent: float = DEFAULT_DOMINANCE_P
) -> tuple[str, ...]:
    """A workbook's notes with the confidentiality rule, once (every About sheet says it)."""
    rule = rule_text(min_cell, p_percent)
    return notes if rule in notes else (*notes, rule)


ALL_ROWS = "All"  # the label of a breakdown's total row (the selection itself)


@dataclass(frozen=True)
class Protection:
    """What the viewers' publication (score_dash/access/disclosure.py) says about one view: the
    group the view selects, its review half-year, and how to read the tables' labels."""

    publication: Publication
    selection: Group
    period: str  # the review half-year's code
    period_codes: dict[str, str]  # a half-year's label (as tables show it) -> its code
    cluster_states: dict[str, str]


def protect_view(
    publication: Publication, filters: Filters, options: Options, periods: pd.DataFrame
) -> tuple[Filters, list[Notice], Protection]:
    """A viewer's view: the filters cut to what the publication offers
    (`disclosure.viewer_filters`: one group, not withheld at the review half-year), what was
    dropped, and the protection that `restrict` applies to the view's reports. `periods`:
    the periods table. The page, the command line and the pack all call this."""
    review = resolve_periods(filters, options, periods).review
    kept, dropped = viewer_filters(filters, options, publication, review)
    protection = Protection(
        publication,
        selection_group(kept) or PROGRAMME,
        review,
        {label: code for code, label in options.periods.items()},
        dict(options.cluster_states),
    )
    return kept, dropped, protection


def published_rows(sheet: Sheet, protection: Protection | None) -> list[str | None]:
    """Per row of `sheet`, why the publication withholds it (None: it does not)."""
    frame = sheet.frame
    reasons: list[str | None] = [None] * len(frame)
    if protection is None or frame.empty:
        return reasons
    publication = protection.publication
    for column, kind in sheet.groups:
        groups = row_groups(
            protection.selection, kind, frame[column], protection.cluster_states, ALL_ROWS
        )
        for i, group in enumerate(groups):
            if group is not None and reasons[i] is None:
                reasons[i] = publication.withheld_reason(group, protection.period)
    if sheet.period_column:
        for i, label in enumerate(frame[sheet.period_column]):
            code = protection.period_codes.get(str(label), str(label))
            if reasons[i] is None:
                reasons[i] = publication.withheld_reason(protection.selection, code)
    return reasons


def published_columns(sheet: Sheet, protection: Protection | None) -> dict[str, list[str | None]]:
    """Per column of a layer (`sheet.layers`), why the publication withholds each row's
    figure (None: it does not); rows are groups as in `published_rows`."""
    frame = sheet.frame
    if protection is None or frame.empty or not sheet.layers:
        return {}
    rows: list[Group | None] = [protection.selection] * len(frame)
    for column, kind in sheet.groups:
        found = row_groups(
            protection.selection, kind, frame[column], protection.cluster_states, ALL_ROWS
        )
        rows = [g if g is not None else r for g, r in zip(found, rows, strict=True)]
    # A row's half-year: its own in a table by half-year, else the view's.
    periods = [protection.period] * len(frame)
    if sheet.period_column:
        periods = [
            protection.period_codes.get(str(label), str(label))
            for label in frame[sheet.period_column]
        ]
    out: dict[str, list[str | None]] = {}
    for layer, columns in sheet.layers:
        reasons = [
            protection.publication.layer_reason(layer, group, period) if group is not None else None
            for group, period in zip(rows, periods, strict=True)
        ]
        for column in columns:
            out[column] = reasons
    return out


def can_see_enterprises(role: Role) -> bool:
    """Staff and admins see enterprises: names, codes, single-enterprise rows, small cells."""
    return role in ENTERPRISE_ROLES


def can_import(role: Role) -> bool:
    return role in ENTERPRISE_ROLES


def can_record(role: Role) -> bool:
    """Decisions and action points, and their status: staff, admins and the meeting's
    secretary (who otherwise sees what a viewer sees)."""
    return role in ENTERPRISE_ROLES or role is Role.SECRETARY


def can_annotate(role: Role) -> bool:
    """Notes on figures: staff and admins (a note may concern one enterprise)."""
    return role in ENTERPRISE_ROLES


# --- roles -------------------------------------------------------------------------------


def parse_entries(text: str) -> tuple[str, ...]:
    """`"a@x.org, @ilo.org"` -> `("a@x.org", "@ilo.org")`: trimmed, lower case, no empties."""
    return tuple(entry.strip().lower() for entry in text.split(",") if entry.strip())


def matches(email: str, entries: Iterable[str]) -> bool:
    """Whether an address is named by an entry: the address itself, or `@domain` for every
    address of exactly that domain (not its subdomains). Case does not matter."""
    address = email.strip().lower()
    if "@" not in address:
        return False
    domain = "@" + address.rsplit("@", 1)[1]
    return any(entry == address or (entry.startswith("@") and entry == domain) for entry in entries)


def role_of(
    email: str, staff: Iterable[str], admins: Iterable[str], secretaries: Iterable[str] = ()
) -> Role:
    """The role of a signed-in user: admin, staff, secretary, or viewer for everyone else
    (the first list that names them, in that order)."""
    if matches(email, admins):
        return Role.ADMIN
    if matches(email, staff):
        return Role.STAFF
    if matches(email, secretaries):
        return Role.SECRETARY
    return Role.VIEWER


def is_loopback(address: str | None) -> bool:
    """Whether the server listens only on this machine (127.0.0.0/8, ::1, localhost).

    No address at all means every interface: not loopback.
    """
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip()).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Identity:
    """Who is looking: their role, and how they came in."""

    role: Role
    email: str = ""
    name: str = ""
    how: str = "local"  # "signed in", "anonymous" (allowed as a viewer) or "local"

    @property
    def label(self) -> str:
        """How the import history names them."""
        return self.email or ("local user" if self.how == "local" else "anonymous viewer")


# Headers a reverse proxy adds to what it passes on (nginx, Caddy and Apache send
# X-Forwarded-For; RFC 7239 names Forwarded).
PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def is_proxied(header_names: Iterable[str]) -> bool:
    """Whether a request came through a reverse proxy, from the names of its headers."""
    return any(name.lower() in PROXY_HEADERS for name in header_names)


def local_identity(server_address: str | None, proxied: bool = False) -> Identity:
    """Local mode (no sign-in configured): staff on loopback, everyone a viewer otherwise.

    A request passed on by a reverse proxy is not from this computer, whatever address the
    server listens on: behind nginx the processes listen on loopback, and without this
    everyone reaching nginx would be staff.
    """
    role = Role.STAFF if is_loopback(server_address) and not proxied else Role.VIEWER
    return Identity(role, how="local")


# --- what a viewer gets --------------------------------------------------------------------


def selection_enterprises(frames: dict[str, pd.DataFrame], end: pd.Timestamp) -> int:
    """Enterprises of a (filtered) selection that had joined by `end`: those behind its
    figures for the half-year ending then."""
    enterprises = frames["enterprises"]
    joined = enterprises["joined_date"].notna() & (enterprises["joined_date"] <= end)
    return int(enterprises.loc[joined, "enterprise"].nunique())


def selection_note(min_cell: int) -> str:
    return t(
        "This selection holds {fewer}, so its figures are for project "
        "staff only: they would describe single firms. Widen the filters (Reset filters in "
        "the sidebar) to see the figures."
    ).format(fewer=suppressed_note(min_cell))


def selection_too_small(enterprises: int, role: Role, min_cell: int) -> bool:
    """A selection of fewer than `min_cell` enterprises shows a viewer no figures."""
    return not can_see_enterprises(role) and 0 < enterprises < min_cell


def restrict(
    report: PageReport, role: Role, min_cell: int, protection: Protection | None = None
) -> PageReport:
    """The report as `role` may see it (unchanged for staff and admins). `protection`: the
    viewers' publication for this view, which withholds rows of withheld groups."""
    if can_see_enterprises(role):
        return report
    masks: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
    shown: dict[str, Sheet] = {}
    pending = list(report.sheets)
    while pending:  # a table that follows another is cut down after it
        ready = [s for s in pending if s.follows is None or s.follows.sheet in masks]
        if not ready:
            missing = ", ".join(f"{s.title!r} -> {s.follows.sheet!r}" for s in pending if s.follows)
            raise ValueError(f"{report.page}: tables follow missing tables ({missing})")
        for sheet in ready:
            followed = masks[sheet.follows.sheet] if sheet.follows else None
            shown[sheet.title], mask = _restrict(sheet, min_cell, followed, protection)
            masks[sheet.title] = (sheet.frame, mask)
            pending.remove(sheet)
    sheets = tuple(shown[sheet.title] for sheet in report.sheets)
    if protection is None:
        return replace(report, sheets=sheets, notes=with_rule(report.notes, min_cell))
    publication, period = protection.publication, protection.period
    label = {code: label for label, code in protection.period_codes.items()}.get(period, period)
    notes = with_rule(report.notes, min_cell, publication.p_percent)
    count = withheld_text(publication, period, label)
    return replace(report, sheets=sheets, notes=notes if count in notes else (*notes, count))


def restrict_sheet(sheet: Sheet, min_cell: int) -> Sheet:
    """One table as a viewer may see it (a table that follows another needs `restrict`)."""
    if sheet.follows is not None:
        raise ValueError(f"{sheet.title!r} follows {sheet.follows.sheet!r}: restrict the report")
    return _restrict(sheet, min_cell, None)[0]


def _restrict(
    sheet: Sheet,
    min_cell: int,
    followed: tuple[pd.DataFrame, pd.DataFrame] | None,
    protection: Protection | None = None,
) -> tuple[Sheet, pd.DataFrame]:
    """The table as a viewer may see it, and which of its figures were emptied."""
    frame = sheet.frame
    if sheet.audience == "staff":
        mask = pd.DataFrame(True, index=frame.index, columns=frame.columns)
        withheld = replace(sheet, frame=frame.iloc[0:0].copy(), chart=None, withheld=t(WITHHELD))
        return withheld, mask
    reasons = published_rows(sheet, protection)
    published = pd.Series([r is not None for r in reasons], index=frame.index, dtype=bool)
    layered = published_columns(sheet, protection)
    by_column = {
        column: pd.Series([r is not None for r in why], index=frame.index, dtype=bool)
        for column, why in layered.items()
    }
    mask = suppression_cells(sheet, min_cell, followed, published, by_column)
    if not mask.to_numpy().any():
        return sheet, mask
    return replace(sheet, frame=_suppress(frame, mask, min_cell, reasons, layered)), mask


def suppression_cells(
    sheet: Sheet,
    min_cell: int,
    followed: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    published: pd.Series | None = None,
    published_by_column: dict[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """Which figures of the table a viewer may not see (True), by column; the `labels` and
    the Note are never among them. `followed`: the frame and these cells of the table that
    `sheet.follows` names; `published`: rows the viewers' publication withholds;
    `published_by_column`: figures of a column it withholds (`Sheet.layers`)."""
    frame = sheet.frame
    figures = [c for c in frame.columns if c not in sheet.labels and c != "Note"]
    mask = pd.DataFrame(False, index=frame.index, columns=figures)
    if frame.empty or not figures:
        return mask
    if sheet.sheet_enterprises is not None and 0 < sheet.sheet_enterprises < min_cell:
        mask.loc[:, :] = True
        return mask
    groups = _groups(frame, sheet.complement)
    steps = _groups(frame, sheet.steps) if sheet.steps else None
    row_counts = None if sheet.enterprises is None else _counts(frame, sheet.enterprises)
    rows = pd.Series(False, index=frame.index) if published is None else published.copy()
    if row_counts is not None:
        rows = _close(row_counts, _small(row_counts, min_cell) | rows, groups, steps, min_cell)
    follow = _follow(sheet, frame, figures, followed)
    rules = dict(sheet.column_enterprises)
    unknown = sorted(set(rules) - set(frame.columns))
    if unknown:
        raise KeyError(f"{sheet.title!r} has no column {', '.join(map(repr, unknown))}")
    for column in figures:
        initial = rows | follow[column]
        if published_by_column and column in published_by_column:
            initial = initial | published_by_column[column]
        counts = row_counts
        if column in rules:
            counts = _counts(frame, rules[column])
            initial = initial | _small(counts, min_cell)
        if counts is not None and initial.any():
            mask[column] = _close(counts, initial, groups, steps, min_cell)
        else:
            mask[column] = initial
    return mask


def suppression_mask(
    frame: pd.DataFrame,
    counts: str,
    complement: bool | str,
    min_cell: int,
    steps: str | None = None,
) -> pd.Series:
    """Rows to suppress: those from fewer than `min_cell` enterprises, and, where the rows
    add up to a total, the smallest others until each group's suppressed rows hold at
    least `min_cell` enterprises together (or every row of the group is suppressed); with
    `steps`, every later step of a suppressed step's group."""
    n = _counts(frame, counts)
    groups, funnels = _groups(frame, complement), _groups(frame, steps) if steps else None
    return _close(n, _small(n, min_cell), groups, funnels, min_cell)


def _counts(frame: pd.DataFrame, count: Count) -> pd.Series:
    """How many enterprises are behind each row (NaN where no enterprise is)."""
    if isinstance(count, str):
        return pd.to_numeric(frame[count], errors="coerce").astype(float)
    if isinstance(count, tuple):
        if len(count) != len(frame):
            raise ValueError(f"{len(count)} counts for {len(frame)} rows")
        return pd.Series(count, index=frame.index, dtype=float)
    return pd.Series(float(count), index=frame.index)


def _small(n: pd.Series, min_cell: int) -> pd.Series:
    return ((n > 0) & (n < min_cell)).fillna(False).astype(bool)


def _groups(frame: pd.DataFrame, by: bool | str | None) -> list[list[int]]:
    """Row positions per group, in table order: no groups for False, one for True."""
    if by is None or by is False:
        return []
    if by is True:
        return [list(range(len(frame)))]
    keys = frame[by].reset_index(drop=True)
    return [list(rows) for rows in keys.groupby(keys, sort=False, dropna=False).groups.values()]


def _close(
    n: pd.Series,
    initial: pd.Series,
    groups: list[list[int]],
    steps: list[list[int]] | None,
    min_cell: int,
) -> pd.Series:
    """`initial` and what must go with it: later steps of a suppressed step, and the
    complementary rows of each group, until neither adds a row."""
    counts = [float(v) if v == v else 0.0 for v in n.to_numpy(dtype=float)]
    mask = [bool(v) for v in initial.to_numpy()]

    def later_steps() -> bool:
        added = False
        for rows in steps or []:
            after = False
            for row in rows:
                if after and not mask[row]:
                    mask[row] = added = True
                after = after or mask[row]
        return added

    changed = True
    while changed:
        changed = later_steps()
        for rows in groups:
            # Later steps first, so that a group's complement counts them as held back.
            changed = later_steps() or changed
            counted = [row for row in rows if mask[row] and counts[row] > 0]
            if not counted:
                continue
            others = sorted(
                (row for row in rows if not mask[row] and counts[row] > 0),
                key=lambda row: counts[row],
            )
            held = sum(counts[row] for row in counted)
            while (held < min_cell or len(counted) == 1) and others:
                row = others.pop(0)
                mask[row] = changed = True
                counted.append(row)
                held += counts[row]
    return pd.Series(mask, index=n.index, dtype=bool)


def _follow(
    sheet: Sheet,
    frame: pd.DataFrame,
    figures: list[str],
    followed: tuple[pd.DataFrame, pd.DataFrame] | None,
) -> dict[str, pd.Series]:
    """Per figure column, the rows whose figure is suppressed in the table followed."""
    none = pd.Series(False, index=frame.index)
    follows = sheet.follows
    if follows is None or followed is None:
        return dict.fromkeys(figures, none)
    other, cells = followed
    keys = frame[follows.key]

    def hidden(column: str, rows: pd.Series) -> pd.Series:
        if column not in cells.columns:
            return none
        by_key = cells.loc[rows, column].groupby(other.loc[rows, follows.key]).any()
        return keys.isin(by_key.index[by_key.to_numpy(dtype=bool)])

    everywhere = pd.Series(True, index=other.index)
    if not follows.pivot:
        return {column: hidden(column, everywhere) for column in figures}
    values = dict(follows.columns)
    return {
        column: hidden(follows.value, other[follows.pivot] == values[column])
        if column in values
        else none
        for column in figures
    }


def _suppress(
    frame: pd.DataFrame,
    mask: pd.DataFrame,
    min_cell: int,
    reasons: list[str | None] | None = None,
    layered: dict[str, list[str | None]] | None = None,
) -> pd.DataFrame:
    """Empty the masked figures; say why in the Note column (which figures, when not all,
    each with its reason: `reasons`, per row, why the publication withholds it; `layered`,
    per column of a layer, why it withholds that figure; else too few enterprises)."""
    out = frame.copy()
    for column in mask.columns:
        hide = mask[column]
        if not hide.any():
            continue
        values = out[column]
        if pd.api.types.is_bool_dtype(values):
            out[column] = values.astype(object).where(~hide, None)
        elif pd.api.types.is_integer_dtype(values):
            out[column] = values.astype("Int64").mask(hide)
        elif pd.api.types.is_float_dtype(values):
            out[column] = values.mask(hide, math.nan)
        else:
            out[column] = values.astype(object).where(~hide, None)
    default = suppressed_note(min_cell)
    notes: list[str | None] = []
    for position, row in enumerate(mask.index):
        hidden = [column for column in mask.columns if mask.at[row, column]]
        whole = reasons[position] if reasons else None  # the whole row's, first
        why: dict[str, list[str]] = {}  # reason -> the figures it withholds, in order
        for column in hidden:
            own = layered[column][position] if layered and column in layered else None
            why.setdefault(whole or own or default, []).append(column)
        if not hidden:
            notes.append(None)
        elif len(why) == 1 and len(hidden) == len(mask.columns):
            notes.append(next(iter(why)))
        else:
            notes.append("; ".join(f"{', '.join(cols)}: {text}" for text, cols in why.items()))
    old = out["Note"].astype(object).where(out["Note"].notna(), "") if "Note" in out else None
    out["Note"] = [
        new if new is not None else (old.iloc[i] if old is not None else "")
        for i, new in enumerate(notes)
    ]
    return out
