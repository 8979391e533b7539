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
   the row's figures are emptied and its note says "fewer than 3 enterprises".
3. Complementary suppression: where rows add up to a total shown elsewhere, further rows are
   suppressed (smallest first) until the suppressed rows of each group together hold at
   least `min_cell` enterprises, so that no suppressed figure can be recomputed from the
   total and the rows left. Women, men and total of one row go together.
4. A selection (filters) holding fewer than `min_cell` enterprises shows no figures at all
   (`selection_too_small`): every figure on the page would come from them.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

import pandas as pd

from score_dash.reports import PageReport, Sheet


class Role(StrEnum):
    VIEWER = "viewer"
    STAFF = "staff"
    ADMIN = "admin"


ENTERPRISE_ROLES = frozenset({Role.STAFF, Role.ADMIN})
WITHHELD = "One row per enterprise: for project staff only."


def suppressed_note(min_cell: int) -> str:
    return f"fewer than {min_cell} enterprises"


def rule_text(min_cell: int) -> str:
    """The suppression rule in words (Definitions page, About sheet)."""
    return (
        f"Confidentiality: for viewers, a figure computed from fewer than {min_cell} "
        f"enterprises is not shown ('{suppressed_note(min_cell)}'), and where such a figure "
        "could be recomputed from a total and the other figures, more are held back (the "
        "smallest first) until it cannot. Tables with one row per enterprise are for "
        "project staff only."
    )


def with_rule(notes: tuple[str, ...], min_cell: int) -> tuple[str, ...]:
    """A workbook's notes with the confidentiality rule, once (every About sheet says it)."""
    rule = rule_text(min_cell)
    return notes if rule in notes else (*notes, rule)


def can_see_enterprises(role: Role) -> bool:
    """Staff and admins see enterprises: names, codes, single-enterprise rows, small cells."""
    return role in ENTERPRISE_ROLES


def can_import(role: Role) -> bool:
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


def role_of(email: str, staff: Iterable[str], admins: Iterable[str]) -> Role:
    """The role of a signed-in user: admin, staff, or viewer for everyone else."""
    if matches(email, admins):
        return Role.ADMIN
    if matches(email, staff):
        return Role.STAFF
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
    return (
        f"This selection holds {suppressed_note(min_cell)}, so its figures are for project "
        "staff only: they would describe single firms. Widen the filters (Reset filters in "
        "the sidebar) to see the figures."
    )


def selection_too_small(enterprises: int, role: Role, min_cell: int) -> bool:
    """A selection of fewer than `min_cell` enterprises shows a viewer no figures."""
    return not can_see_enterprises(role) and 0 < enterprises < min_cell


def restrict(report: PageReport, role: Role, min_cell: int) -> PageReport:
    """The report as `role` may see it (unchanged for staff and admins)."""
    if can_see_enterprises(role):
        return report
    sheets = tuple(restrict_sheet(sheet, min_cell) for sheet in report.sheets)
    return replace(report, sheets=sheets, notes=(*report.notes, rule_text(min_cell)))


def restrict_sheet(sheet: Sheet, min_cell: int) -> Sheet:
    """One table as a viewer may see it."""
    if sheet.audience == "staff":
        return replace(sheet, frame=sheet.frame.iloc[0:0].copy(), chart=None, withheld=WITHHELD)
    frame = sheet.frame
    if sheet.sheet_enterprises is not None and 0 < sheet.sheet_enterprises < min_cell:
        mask = pd.Series(True, index=frame.index)
        return replace(sheet, frame=_suppress(frame, mask, sheet.labels, min_cell))
    if sheet.enterprises is None or sheet.enterprises not in frame.columns:
        return sheet
    mask = suppression_mask(frame, sheet.enterprises, sheet.complement, min_cell)
    if not mask.any():
        return sheet
    return replace(sheet, frame=_suppress(frame, mask, sheet.labels, min_cell))


def suppression_mask(
    frame: pd.DataFrame, counts: str, complement: bool | str, min_cell: int
) -> pd.Series:
    """Rows to suppress: those from fewer than `min_cell` enterprises, and, where the rows
    add up to a total, the smallest others until each group's suppressed rows hold at
    least `min_cell` enterprises together (or every row of the group is suppressed)."""
    n = pd.to_numeric(frame[counts], errors="coerce")
    mask = ((n > 0) & (n < min_cell)).fillna(False).astype(bool)
    if complement is False or not mask.any():
        return mask
    groups = [frame.index] if complement is True else frame.groupby(complement).groups.values()
    for rows in groups:
        suppressed = [row for row in rows if mask[row]]
        if not suppressed:
            continue
        others = sorted(
            (row for row in rows if not mask[row] and n[row] > 0), key=lambda row: n[row]
        )
        held = sum(n[row] for row in suppressed)
        while (held < min_cell or len(suppressed) == 1) and others:
            row = others.pop(0)
            mask[row] = True
            suppressed.append(row)
            held += n[row]
    return mask


def _suppress(
    frame: pd.DataFrame, mask: pd.Series, labels: tuple[str, ...], min_cell: int
) -> pd.DataFrame:
    """Empty every cell of the masked rows but the labels; say why in the Note column."""
    out = frame.copy()
    for column in out.columns:
        if column in labels or column == "Note":
            continue
        values = out[column]
        if pd.api.types.is_bool_dtype(values):
            out[column] = values.astype(object).where(~mask, None)
        elif pd.api.types.is_integer_dtype(values):
            out[column] = values.astype("Int64").mask(mask)
        elif pd.api.types.is_float_dtype(values):
            out[column] = values.mask(mask, math.nan)
        else:
            out[column] = values.astype(object).where(~mask, None)
    note = suppressed_note(min_cell)
    if "Note" in out.columns:
        old = out["Note"].astype(object).where(out["Note"].notna(), "")
        out["Note"] = [note if m else o for o, m in zip(old, mask, strict=True)]
    else:
        out["Note"] = [note if m else "" for m in mask]
    return out
