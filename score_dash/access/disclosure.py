"""What a viewer may be shown: the protected publication of one data version.

Enterprises report their headcount, wages, defects and accidents on a promise: no one outside
the project learns one firm's figures. Cutting each table on its own does not keep it, because
a viewer can combine what they see: two selections whose enterprises differ by one firm give
that firm's figures by subtraction. So viewers do not query the data freely; they read a
publication with a fixed set of groups, protected once per data version:

- **Groups.** The programme, each state, each cluster, each sector, and each sector within a
  state or a cluster: the only selections a viewer can make (`viewer_filters`), and the only
  rows a viewer's tables break a selection down into. Filters that cut across them (module,
  partner, size band, women-owned, several states at once) are for project staff.
- **Half-years.** A group's enterprises at a half-year are those that had joined by its end;
  each group is protected in each half-year.
- **Primary suppression.** A group of fewer than `min_cell` enterprises, or of fewer reporting
  their workforce in the half-year (threshold rule), and a
  group whose workers are dominated by its largest enterprise (the p % rule: the workers of
  all but the two largest enterprises are less than p % of the largest, so the second-largest
  could estimate the largest within p %), are withheld.
- **Secondary suppression.** A group that adds up with others to a shown total (clusters to
  their state, states and sectors to the programme, sectors within a state to the state) is
  not left as the only withheld part, nor with withheld parts of fewer than `min_cell`
  enterprises together: the smallest other part is withheld with it, or else the total. And
  no two shown groups may differ by fewer than `min_cell` enterprises (their difference would
  be a small group): the smaller of the two is withheld.

**The sex of workers not reported.** Where an enterprise reports its headcount without women
and men, "sex not reported" is that enterprise's own headcount: with a group's workers,
women and men shown it is their difference. So viewers never see it: their women and men
include an estimate of those workers (`estimate_sex`: the women's share of at least
`min_cell` enterprises of the same cluster and sector, or else cluster, state or programme,
in the same half-year and group of workers), women + men = workers, and the figures "sex not
reported" are withheld (the UNREPORTED layer). Staff see the figures as reported.

A withheld group at a half-year is withheld everywhere: as a viewer's selection, as a row of
any table broken down by place or sector, and as a half-year's row of a trend
(`score_dash.access.restrict` reads `Publication.withheld_reason`). `report_withheld` lists
every withheld group with its rule, for staff before a meeting (`python -m score_dash
disclosure`).

Pure: no Streamlit, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from score_dash.core.filters import Filters, Notice, Options
from score_dash.core.i18n import N_, t
from score_dash.core.reports import BASELINE, ESTIMATED, FEES, UNREPORTED  # (Sheet.layers)

Frames = dict[str, pd.DataFrame]

# A group is a set of constraints: ("state", code), ("cluster", name), ("sector", name). The
# programme is the empty set; a cluster's constraint implies its state's, which is left out.
Group = frozenset[tuple[str, str]]
PROGRAMME: Group = frozenset()

THRESHOLD = "threshold"
DOMINANCE = "dominance"
FEE_THRESHOLD = "fee threshold"
FEE_DOMINANCE = "fee dominance"
COMPLEMENT = "complement"
DIFFERENCE = "difference"
RULE_NAMES = {  # as the code and the CLI name them; `withheld_text` writes them with `t`
    THRESHOLD: N_("threshold rule"),
    DOMINANCE: N_("p % dominance rule"),
    BASELINE: N_("baseline rule"),
    FEE_THRESHOLD: N_("threshold rule"),  # a layer's: "(fees only)" in `report_withheld`
    FEE_DOMINANCE: N_("p % dominance rule"),
    COMPLEMENT: N_("secondary: complement"),
    DIFFERENCE: N_("secondary: difference"),
}
STAFF_FILTERS = ("modules", "partners", "size_bands", "women_owned")


def group_of(
    state: str | None = None, cluster: str | None = None, sector: str | None = None
) -> Group:
    """The group of a place and a sector (None: any)."""
    parts = []
    if cluster:
        parts.append(("cluster", cluster))
    elif state:
        parts.append(("state", state))
    if sector:
        parts.append(("sector", sector))
    return frozenset(parts)


def group_label(group: Group, states: Mapping[str, str] | None = None) -> str:
    """A group in words: "Tamil Nadu", "Chennai", "Garments in Tamil Nadu", "the programme"
    (`states`: state code -> name)."""
    parts = dict(group)
    place = parts.get("cluster") or (
        (states or {}).get(parts["state"], parts["state"]) if "state" in parts else ""
    )
    sector = parts.get("sector", "")
    if place and sector:
        return f"{sector} in {place}"
    return place or sector or "the programme"


def intersect(
    group: Group, kind: str, value: str, cluster_states: Mapping[str, str]
) -> Group | None:
    """A group narrowed to one state, cluster or sector (a row of a breakdown table); None
    where the two exclude each other (another cluster, a cluster of another state)."""
    parts = dict(group)
    if kind == "cluster":
        if parts.get("cluster", value) != value:
            return None
        if parts.get("state", cluster_states.get(value)) != cluster_states.get(value):
            return None
        parts.pop("state", None)
    elif parts.get(kind, value) != value:
        return None
    parts[kind] = value
    return frozenset(parts.items())


@dataclass(frozen=True)
class Withheld:
    """One group withheld for viewers at one half-year, and why."""

    group: Group
    period: str
    rule: str  # THRESHOLD, DOMINANCE, COMPLEMENT or DIFFERENCE
    enterprises: int
    protects: Group | None = None  # for a secondary suppression: the group it protects


@dataclass(frozen=True)
class Publication:
    """The groups a viewer may see at each half-year of one data version."""

    min_cell: int
    p_percent: float
    periods: tuple[str, ...] = ()
    groups: tuple[Group, ...] = ()
    withheld: Mapping[tuple[Group, str], Withheld] = field(default_factory=dict)
    states: Mapping[str, str] = field(default_factory=dict)  # code -> name, for the reasons
    # Figures of a kind withheld where the group's other figures are shown: layer ->
    # (group, half-year) -> why (BASELINE: the columns since baseline, `Sheet.layers`).
    layers: Mapping[str, Mapping[tuple[Group, str], Withheld]] = field(default_factory=dict)

    def withheld_reason(self, group: Group, period: str) -> str | None:
        """Why `group` is withheld at `period` (None: shown). A group the publication does
        not know (no enterprise) is not withheld: it has no figure."""
        found = self.withheld.get((group, period))
        if found is None:
            return None
        return reason_text(found, self.min_cell, self.p_percent, self.states)

    def layer_reason(self, layer: str, group: Group, period: str) -> str | None:
        """Why a layer's figures of `group` at `period` are withheld (None: shown; a group
        withheld whole has them withheld too; UNREPORTED's always are)."""
        if layer == UNREPORTED:
            return ESTIMATED_TEXT
        found = self.layers.get(layer, {}).get((group, period))
        if found is None:
            return self.withheld_reason(group, period)
        return reason_text(found, self.min_cell, self.p_percent, self.states)

    def count(self, period: str | None = None) -> dict[str, int]:
        """How many groups are withheld, by rule (at one half-year, or over all)."""
        counts = dict.fromkeys(RULE_NAMES, 0)
        for (_, at), found in self.withheld.items():
            if period is None or at == period:
                counts[found.rule] += 1
        return counts


def reason_text(
    found: Withheld, min_cell: int, p_percent: float, states: Mapping[str, str] | None = None
) -> str:
    """Why a figure is withheld, in a few words (the Note column, the screen's caption)."""
    if found.rule == THRESHOLD:
        return t("fewer than {count} enterprises").format(count=min_cell)
    if found.rule == DOMINANCE:
        return t("one enterprise dominates its workers (p % rule, p = {p})").format(
            p=f"{p_percent:g}"
        )
    if found.rule == FEE_THRESHOLD:
        return t("fewer than {count} enterprises paid fees in the half-year").format(count=min_cell)
    if found.rule == FEE_DOMINANCE:
        return t("one enterprise dominates the fees (p % rule, p = {p})").format(p=f"{p_percent:g}")
    if found.rule == BASELINE:
        return t(
            "the enterprises behind it differ by fewer than {count} from another "
            "half-year's or from all that report"
        ).format(count=min_cell)
    other = (
        group_label(found.protects, states) if found.protects is not None else t("another group")
    )
    if found.rule == COMPLEMENT:
        return t("withheld so that {other} cannot be worked out from a total").format(other=other)
    return t(
        "it differs from {other} by fewer than {count} enterprises, whose figures the "
        "difference would give"
    ).format(other=other, count=min_cell)


def withheld_text(publication: Publication, period: str, label: str) -> str:
    """How much the publication withholds at a half-year, by rule (About sheet, Definitions
    page): "Withheld for viewers at 2012-H1: 10 of 39 groups (threshold rule 5, ...)"."""
    counts = publication.count(period)
    total = sum(counts.values())
    since = sum(1 for (_, at) in publication.layers.get(BASELINE, {}) if at == period)
    fees = sum(1 for (_, at) in publication.layers.get(FEES, {}) if at == period)
    groups = len(publication.groups)
    if not total and not since and not fees:
        return t("Withheld for viewers at {period}: none of the {groups} groups.").format(
            period=label, groups=groups
        )
    parts = [
        t("Withheld for viewers at {period}: {count} of the {groups} groups").format(
            period=label, count=total, groups=groups
        )
    ]
    rules = ", ".join(f"{t(RULE_NAMES[rule])} {n}" for rule, n in counts.items() if n)
    if rules:
        parts[0] += f" ({rules})"
    if since:
        parts.append(t("the figures since baseline of {count} more").format(count=since))
    if fees:
        parts.append(t("the fees of {count} more").format(count=fees))
    parts.append(
        t("staff list them with: {command}.").format(
            command=f"python -m score_dash disclosure --period {period}"
        )
    )
    return "; ".join(parts)


ESTIMATED_TEXT = (
    "for viewers, the sex of workers an enterprise did not report is estimated into women and men"
)


def rules_text(min_cell: int, p_percent: float) -> str:
    """The promise and its rules in words (Definitions page, every viewer's file)."""
    return t(
        "Confidentiality: from everything a viewer can obtain together (every page, filter, "
        "half-year, Excel file, meeting pack and review), no figure of fewer than "
        "{count} enterprises can be worked out, and no single enterprise's workers or fees "
        "can be estimated closely. Viewers choose among fixed groups (the programme, a state, a "
        "cluster, a sector, a sector within a state or cluster); module, partner, size band "
        "and women-owned filters are for project staff. A group is withheld at a half-year "
        "when it holds fewer than {count} enterprises, or fewer reporting their workforce "
        "(threshold rule), or when the workers "
        "of all but its two largest enterprises are less than {p} % of the largest's "
        "(p % dominance rule); a group's fee income of a half-year is withheld when fewer than "
        "{count} enterprises paid it or one dominates it by the same rule; further groups "
        "(or their fees) are withheld where a withheld one could be "
        "worked out from a total or by subtracting two groups (secondary suppression). Within "
        "a table, a figure from fewer than {count} enterprises is withheld, with as many "
        "others as needed so that it cannot be worked out from its total. Where an enterprise "
        "reported its workers without their sex, viewers' women and men include an estimate "
        "of them (the women's share of at least {count} enterprises of the same cluster and "
        "sector, or else cluster, state or programme, in the same half-year), so women + men "
        "= workers and the number not reported, one enterprise's headcount, is not shown. "
        "A withheld figure "
        "shows as '—' with its reason. Tables with one row per enterprise or per trainer are "
        "for project staff only."
    ).format(count=min_cell, p=f"{p_percent:g}")


# --- building the publication ---------------------------------------------------------------


def _universe(enterprises: pd.DataFrame) -> list[tuple[Group, np.ndarray]]:
    """Every group with at least one enterprise, and its members (a boolean mask)."""
    state = enterprises["state"].astype(object).fillna("").to_numpy()
    cluster = enterprises["cluster"].astype(object).fillna("").to_numpy()
    sector = enterprises["sector"].astype(object).fillna("").to_numpy()
    everyone = np.ones(len(enterprises), dtype=bool)
    found: dict[Group, np.ndarray] = {PROGRAMME: everyone}
    for kind, values in (("state", state), ("cluster", cluster), ("sector", sector)):
        for value in sorted(set(values) - {""}):
            found[frozenset({(kind, value)})] = values == value
    for kind, values in (("state", state), ("cluster", cluster)):
        pairs = sorted({(p, s) for p, s in zip(values, sector, strict=True) if p and s})
        for place, sec in pairs:
            found[frozenset({(kind, place), ("sector", sec)})] = (values == place) & (sector == sec)
    return list(found.items())


def _partitions(
    groups: list[Group], cluster_states: Mapping[str, str]
) -> list[tuple[Group, list[Group]]]:
    """Totals and the groups that add up to them."""
    by_kind: dict[str, list[Group]] = {}
    for group in groups:
        by_kind.setdefault("+".join(sorted(kind for kind, _ in group)), []).append(group)
    states = by_kind.get("state", [])
    clusters = by_kind.get("cluster", [])
    sectors = by_kind.get("sector", [])
    state_sectors = by_kind.get("sector+state", [])
    cluster_sectors = by_kind.get("cluster+sector", [])
    out: list[tuple[Group, list[Group]]] = [(PROGRAMME, states), (PROGRAMME, sectors)]
    for state in states:
        code = dict(state)["state"]
        out.append((state, [c for c in clusters if cluster_states.get(dict(c)["cluster"]) == code]))
        out.append((state, [g for g in state_sectors if dict(g)["state"] == code]))
    for sector in sectors:
        name = dict(sector)["sector"]
        out.append((sector, [g for g in state_sectors if dict(g)["sector"] == name]))
    for cluster in clusters:
        name = dict(cluster)["cluster"]
        out.append((cluster, [g for g in cluster_sectors if dict(g)["cluster"] == name]))
    for group in state_sectors:
        parts = dict(group)
        out.append(
            (
                group,
                [
                    g
                    for g in cluster_sectors
                    if dict(g)["sector"] == parts["sector"]
                    and cluster_states.get(dict(g)["cluster"]) == parts["state"]
                ],
            )
        )
    return [(total, parts) for total, parts in out if parts]


def _baseline_sets(
    workforce: pd.DataFrame, codes: np.ndarray, periods: list[str]
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per half-year, as masks over `codes`: the enterprises reporting their workforce (R),
    those of them with an earlier first report (B: behind the figures since baseline, as
    metrics/gender.compute_jobs_since_baseline counts them), and those of B giving the sex
    in both (S)."""
    order = {period: i for i, period in enumerate(periods)}
    position = {code: i for i, code in enumerate(codes)}
    rows = workforce.assign(
        at=workforce["period"].astype(str).map(order),
        who=workforce["enterprise"].astype(str).map(position),
        sexed=workforce["female"].notna() & workforce["male"].notna(),
    ).dropna(subset=["at", "who"])
    per = rows.groupby(["who", "at"])["sexed"].all().reset_index()
    first = per.groupby("who")["at"].min()
    sexed_first = per.merge(first.rename("at").reset_index()).set_index("who")["sexed"]
    out = {}
    for period, i in order.items():
        now = per[per["at"] == i].set_index("who")
        reporting = np.zeros(len(codes), dtype=bool)
        reporting[now.index.astype(int)] = True
        base = reporting.copy()
        earlier = first.reindex(now.index).to_numpy() < i
        base[now.index.astype(int)] = earlier
        sexed = np.zeros(len(codes), dtype=bool)
        both = now["sexed"].to_numpy() & sexed_first.reindex(now.index).fillna(False).to_numpy()
        sexed[now.index.astype(int)] = earlier & both
        out[period] = (reporting, base, sexed)
    return out


def _baseline_primary(
    members: np.ndarray,
    sets: tuple[np.ndarray, np.ndarray, np.ndarray],
    history: list[list[tuple[np.ndarray, np.ndarray, np.ndarray]]],
    min_cell: int,
) -> dict[int, tuple[str, Group | None]]:
    """The groups whose figures since baseline this half-year would give a few firms' by
    subtraction: their enterprises with a baseline (B, or S giving the sex) differ by 1 to
    `min_cell` - 1 from those of a half-year whose figures are shown (`history`), or from all
    that report (R, whose workers Coverage shows)."""
    reporting, base, sexed = sets
    out: dict[int, tuple[str, Group | None]] = {}
    for i, mask in enumerate(members):
        b, s, r = base & mask, sexed & mask, reporting & mask
        if 0 < int((r & ~b).sum()) < min_cell and b.any():
            out[i] = (BASELINE, None)
            continue
        for _, earlier_b, earlier_s in history[i]:
            for now_set, then in ((b, earlier_b & mask), (s, earlier_s & mask)):
                apart = int((now_set ^ then).sum())
                if 0 < apart < min_cell:
                    out[i] = (BASELINE, None)
            if i in out:
                break
    return out


def dominated(workers: np.ndarray, p_percent: float) -> bool:
    """The p % rule: the workers of all but the two largest enterprises are less than p % of
    the largest's, so the second-largest could estimate the largest within p %. Applied to
    groups with at least three enterprises reporting (fewer are the threshold rule's)."""
    values = np.sort(workers[workers > 0])[::-1]
    if len(values) < 3:
        return False
    return float(values[2:].sum()) < p_percent / 100.0 * float(values[0])


def build_publication(frames: Frames, min_cell: int, p_percent: float) -> Publication:
    """The protected publication of `frames` (every table, unfiltered)."""
    enterprises = frames["enterprises"].reset_index(drop=True)
    periods = frames["periods"].sort_values("end_date")
    universe = _universe(enterprises)
    groups = [group for group, _ in universe]
    cluster_states = dict(
        zip(
            frames["clusters"]["cluster"].astype(str),
            frames["clusters"]["state"].astype(str),
            strict=True,
        )
    )
    partitions = _partitions(groups, cluster_states)
    members = np.array([mask for _, mask in universe], dtype=bool).reshape(len(universe), -1)
    workforce = frames["workforce"]
    codes = enterprises["enterprise"].astype(str).to_numpy()
    position = {code: i for i, code in enumerate(codes)}
    joined = pd.to_datetime(enterprises["joined_date"]).to_numpy()
    withheld: dict[tuple[Group, str], Withheld] = {}
    baseline: dict[tuple[Group, str], Withheld] = {}
    baseline_sets = _baseline_sets(workforce, codes, periods["period"].astype(str).tolist())
    history: list[list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = [[] for _ in groups]
    kept: dict[str, tuple[np.ndarray, np.ndarray, dict]] = {}
    states = dict(
        zip(
            frames["states"]["state"].astype(str), frames["states"]["name"].astype(str), strict=True
        )
    )
    fee_layer: dict[tuple[Group, str], Withheld] = {}
    for period, start, end in zip(
        periods["period"].astype(str), periods["start_date"], periods["end_date"], strict=True
    ):
        present = ~pd.isna(joined) & (joined <= np.datetime64(pd.Timestamp(end)))
        at = members & present[None, :]
        sizes = at.sum(axis=1)
        rows = workforce[workforce["period"].astype(str) == period]
        workers = np.zeros(len(codes))
        reporting = np.zeros(len(codes), dtype=bool)
        if not rows.empty:
            totals = rows.groupby(rows["enterprise"].astype(str), observed=True)["total"].sum()
            for code, value in totals.items():
                if code in position:
                    workers[position[code]] = float(value)
                    reporting[position[code]] = True
        primary = _primary(at, sizes, workers, min_cell, p_percent, reporting)
        found = _protect(groups, at, sizes, partitions, min_cell, primary)
        for index, (rule, protects) in found.items():
            withheld[(groups[index], period)] = Withheld(
                groups[index], period, rule, int(sizes[index]), protects
            )
        kept[period] = (at, sizes, found)
        fees = _fees(frames.get("enrolments"), position, start, end)
        fee_primary = {
            i: v
            for i, v in _magnitude_primary(at, fees, min_cell, p_percent).items()
            if i not in found
        }
        if fee_primary:  # with the groups protecting them, among the enterprises paying
            payers = at & (fees > 0)[None, :]
            protected = _protect(
                groups, payers, payers.sum(axis=1), partitions, min_cell, {**found, **fee_primary}
            )
            for index, (rule, protects) in protected.items():
                if index not in found:
                    fee_layer[(groups[index], period)] = Withheld(
                        groups[index], period, rule, int(payers[index].sum()), protects
                    )
    # The figures since baseline, from the latest half-year back (the one a meeting reviews
    # keeps them where it can): a group's are withheld where they would give a few firms' by
    # subtraction, with the groups that protect them (a withheld group's go with it).
    for period in reversed(list(kept)):
        at, sizes, found = kept[period]
        layer = _baseline_primary(members, baseline_sets[period], history, min_cell)
        layer = {i: v for i, v in layer.items() if i not in found}
        for index, (rule, protects) in _protect(
            groups, at, sizes, partitions, min_cell, {**found, **layer}
        ).items():
            if index not in found:
                baseline[(groups[index], period)] = Withheld(
                    groups[index], period, rule, int(sizes[index]), protects
                )
        for i in range(len(groups)):
            if i not in found and (groups[i], period) not in baseline:
                history[i].append(baseline_sets[period])
    return Publication(
        min_cell,
        p_percent,
        tuple(periods["period"].astype(str)),
        tuple(groups),
        withheld,
        states,
        {BASELINE: baseline, FEES: fee_layer},
    )


def _fees(
    enrolments: pd.DataFrame | None, position: Mapping[str, int], start: object, end: object
) -> np.ndarray:
    """Each enterprise's fees for the modules it started (enrolled) in start..end, both
    included, as the Partners page's cost recovery counts them: a vector over `position`."""
    fees = np.zeros(len(position))
    if enrolments is None or enrolments.empty or "fee_paid_inr" not in enrolments:
        return fees
    when = pd.to_datetime(enrolments["enrolled_date"])
    rows = enrolments[when.notna() & (when >= start) & (when <= end)]
    paid = rows.groupby(rows["enterprise"].astype(str), observed=True)["fee_paid_inr"].sum()
    for code, value in paid.items():
        if code in position and value == value:
            fees[position[code]] = float(value)
    return fees


def _magnitude_primary(
    at: np.ndarray, values: np.ndarray, min_cell: int, p_percent: float
) -> dict[int, tuple[str, Group | None]]:
    """The groups whose sum of `values` (fees) comes from 1 to `min_cell` - 1 enterprises,
    or is dominated by one (the p % rule)."""
    out: dict[int, tuple[str, Group | None]] = {}
    for i in range(len(at)):
        paying = int((values[at[i]] > 0).sum())
        if 0 < paying < min_cell:
            out[i] = (FEE_THRESHOLD, None)
        elif paying >= min_cell and dominated(values[at[i]], p_percent):
            out[i] = (FEE_DOMINANCE, None)
    return out


def _primary(
    at: np.ndarray,
    sizes: np.ndarray,
    workers: np.ndarray,
    min_cell: int,
    p_percent: float,
    reporting: np.ndarray,
) -> dict[int, tuple[str, Group | None]]:
    """The groups of one half-year that the threshold and p % rules withhold: fewer than
    `min_cell` enterprises, or fewer reporting their workforce (`reporting`, a mask over the
    enterprises: its figures are theirs, whatever the group's size)."""
    out: dict[int, tuple[str, Group | None]] = {}
    reported = (at & reporting[None, :]).sum(axis=1)
    for i in range(len(sizes)):
        if 0 < sizes[i] < min_cell or 0 < reported[i] < min_cell:
            out[i] = (THRESHOLD, None)
        elif sizes[i] >= min_cell and dominated(workers[at[i]], p_percent):
            out[i] = (DOMINANCE, None)
    return out


def _protect(
    groups: list[Group],
    at: np.ndarray,
    sizes: np.ndarray,
    partitions: list[tuple[Group, list[Group]]],
    min_cell: int,
    primary: dict[int, tuple[str, Group | None]],
) -> dict[int, tuple[str, Group | None]]:
    """`primary` and the secondary suppressions that protect it, in one half-year:
    index -> (rule, the group protected)."""
    index = {group: i for i, group in enumerate(groups)}
    out = dict(primary)
    overlap = at.astype(np.float32) @ at.T.astype(np.float32)
    changed = True
    while changed:
        changed = False
        for total, parts in partitions:
            t = index[total]
            if t in out:
                # A withheld total whose parts are all shown is their sum: withhold a part.
                shown_parts = sorted(
                    (index[g] for g in parts if sizes[index[g]] > 0),
                    key=lambda i: (sizes[i], sorted(groups[i])),
                )
                if shown_parts and all(i not in out for i in shown_parts):
                    out[shown_parts[0]] = (COMPLEMENT, total)
                    changed = True
                continue
            held = [index[g] for g in parts if index[g] in out and sizes[index[g]] > 0]
            if not held:
                continue
            together = sum(int(sizes[i]) for i in held)
            while len(held) == 1 or together < min_cell:
                others = sorted(
                    (index[g] for g in parts if index[g] not in out and sizes[index[g]] > 0),
                    key=lambda i: (sizes[i], sorted(groups[i])),
                )
                if not others:
                    out[t] = (COMPLEMENT, groups[held[0]])
                    changed = True
                    break
                out[others[0]] = (COMPLEMENT, groups[held[0]])
                held.append(others[0])
                together += int(sizes[others[0]])
                changed = True
        shown = [i for i in range(len(groups)) if i not in out and sizes[i] > 0]
        for a_pos, a in enumerate(shown):
            for b in shown[a_pos + 1 :]:
                if a in out or b in out:
                    continue
                apart = int(sizes[a] + sizes[b] - 2 * overlap[a, b])
                if 0 < apart < min_cell:
                    smaller = (
                        a if (sizes[a], sorted(groups[a])) < (sizes[b], sorted(groups[b])) else b
                    )
                    other = b if smaller == a else a
                    out[smaller] = (DIFFERENCE, groups[other])
                    changed = True
    return out


# --- the sex of workers not reported, for viewers ----------------------------------------

# Where the women's share that estimates a record's women comes from, most alike first
# (with the record's half-year, role and employment); () is the programme.
SEX_CELLS: tuple[tuple[str, ...], ...] = (("cluster", "sector"), ("cluster",), ("state",), ())


def estimate_sex(frames: Frames, min_cell: int) -> Frames:
    """`frames` with the women and men of every workforce record that lacks them estimated,
    as viewers read them; the records are marked in the column ESTIMATED.

    A record's women are its workers times the women's share of the records with sex of
    the same half-year, role and employment in the most alike cell of SEX_CELLS that holds
    at least `min_cell` enterprises giving the sex (so that the share is no few firms'
    own), rounded half up; its men are the rest. Without such a cell in its half-year, the
    share over every half-year of the programme; without any, half. Pure: the frames are
    not changed."""
    workforce = frames["workforce"]
    missing = (workforce["female"].isna() | workforce["male"].isna()).to_numpy()
    if not missing.any():
        return frames
    places = frames["enterprises"].set_index(frames["enterprises"]["enterprise"].astype(str))
    state = frames["clusters"].set_index(frames["clusters"]["cluster"].astype(str))["state"]
    code = workforce["enterprise"].astype(str)
    rows = pd.DataFrame(
        {
            "cluster": code.map(places["cluster"]).astype(object).fillna("").astype(str),
            "sector": code.map(places["sector"]).astype(object).fillna("").astype(str),
            "enterprise": code.to_numpy(),
            "period": workforce["period"].astype(str).to_numpy(),
            "role": workforce["role"].astype(str).to_numpy(),
            "employment": workforce["employment"].astype(str).to_numpy(),
            "female": workforce["female"].to_numpy(dtype="float64", na_value=np.nan),
            "male": workforce["male"].to_numpy(dtype="float64", na_value=np.nan),
        }
    )
    rows["state"] = rows["cluster"].map(state).astype(object).fillna("").astype(str)
    sexed = ~missing
    share = np.full(len(rows), np.nan)
    for cell in (*((*c, "period") for c in SEX_CELLS), ()):
        keys = [*cell, "role", "employment"]
        known = (
            rows[sexed]
            .groupby(keys, observed=True)
            .agg(women=("female", "sum"), men=("male", "sum"), firms=("enterprise", "nunique"))
        )
        known = known[(known["firms"] >= min_cell) & (known["women"] + known["men"] > 0)]
        ratio = (known["women"] / (known["women"] + known["men"])).rename("ratio")
        found = rows[keys].merge(ratio, left_on=keys, right_index=True, how="left")["ratio"]
        share = np.where(np.isnan(share), found.to_numpy(dtype="float64"), share)
    share = np.where(np.isnan(share), 0.5, share)
    total = workforce["total"].to_numpy(dtype="float64", na_value=0.0)
    women = np.floor(total * share + 0.5)
    out = workforce.copy()
    out[ESTIMATED] = missing
    for column, values in (("female", women), ("male", total - women)):
        estimated = np.where(missing, values, out[column].to_numpy(dtype="float64", na_value=0.0))
        out[column] = pd.array(estimated.round().astype("int64"), dtype=workforce[column].dtype)
    return {**frames, "workforce": out}


# --- a viewer's selection -------------------------------------------------------------------


def selection_group(filters: Filters) -> Group | None:
    """The group a selection is, or None when it is not one group (several states, or a
    filter that cuts across the groups)."""
    if any(getattr(filters, name) for name in STAFF_FILTERS):
        return None
    if len(filters.states) > 1 or len(filters.clusters) > 1 or len(filters.sectors) > 1:
        return None
    return group_of(
        filters.states[0] if filters.states else None,
        filters.clusters[0] if filters.clusters else None,
        filters.sectors[0] if filters.sectors else None,
    )


def viewer_filters(
    filters: Filters, options: Options, publication: Publication, period: str | None
) -> tuple[Filters, list[Notice]]:
    """The filters as a viewer may use them, and a notice for each value dropped: filters
    that cut across the publication's groups are for staff; a viewer chooses one state, one
    cluster and one sector at most; a group withheld at the review half-year `period` is
    dropped with its reason."""
    notices: list[Notice] = []
    kept = filters
    for name, what in (
        ("modules", "module"),
        ("partners", "partner"),
        ("size_bands", "size band"),
        ("women_owned", "women-owned"),
    ):
        if getattr(kept, name):
            notices.append(Notice(f"{what} filter", None, "for project staff only"))
            cleared: dict[str, Any] = {name: False if name == "women_owned" else ()}
            kept = replace(kept, **cleared)
    for name, what, labels in (
        ("states", "state", options.states),
        ("clusters", "cluster", options.clusters),
        ("sectors", "sector", options.sectors),
    ):
        values = getattr(kept, name)
        if len(values) > 1:
            dropped = ", ".join(labels.get(v, v) for v in values[1:])
            notices.append(Notice(what, dropped, f"viewers see one {what} at a time"))
            kept = replace(kept, **{name: values[:1]})
    group = selection_group(kept)
    if group is None or period is None or group == PROGRAMME:
        return kept, notices
    reason = publication.withheld_reason(group, period)
    if reason is not None:
        notices.append(
            Notice(
                group_label(group, options.states),
                None,
                f"withheld for viewers: {reason}",
                quoted=False,
            )
        )
        kept = replace(kept, states=(), clusters=(), sectors=())
    return kept, notices


# --- for staff before a meeting -------------------------------------------------------------


def report_withheld(publication: Publication, period: str | None) -> pd.DataFrame:
    """Every withheld group (at `period`, or at every half-year), with its rule and what a
    secondary suppression protects."""
    rows = [
        {
            "Half-year": found.period,
            "Group": group_label(found.group, publication.states),
            "Enterprises": found.enterprises,
            "Rule": RULE_NAMES[found.rule] + ("" if layer is None else LAYER_ONLY[layer]),
            "Protects": group_label(found.protects, publication.states)
            if found.protects is not None
            else "",
            "Reason": reason_text(
                found, publication.min_cell, publication.p_percent, publication.states
            ),
        }
        for layer, found in (
            *((None, f) for f in publication.withheld.values()),
            *((name, f) for name, layer in publication.layers.items() for f in layer.values()),
        )
        if period is None or found.period == period
    ]
    columns = ["Half-year", "Group", "Enterprises", "Rule", "Protects", "Reason"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["Half-year", "Rule", "Group"], kind="stable").reset_index(drop=True)


# What a layer's withholding leaves out of a group's figures (`report_withheld`).
LAYER_ONLY = {BASELINE: " (figures since baseline only)", FEES: " (fees only)"}


def row_groups(
    selection: Group,
    kind: str,
    values: Iterable[object],
    cluster_states: Mapping[str, str],
    all_label: str,
) -> list[Group | None]:
    """The group of each row of a table broken down by `kind` within `selection` (None for
    a row that is not a group, such as an unlabelled one); the total row is the selection."""
    out: list[Group | None] = []
    for value in values:
        text = "" if value is None or value != value else str(value)
        if not text:
            out.append(None)
        elif text == all_label:
            out.append(selection)
        else:
            out.append(intersect(selection, kind, text, cluster_states))
    return out


def group_members(enterprises: pd.DataFrame) -> dict[Group, frozenset[str]]:
    """Every group of the publication with at least one enterprise (as `build_publication`
    makes them), and its enterprises' codes whatever the half-year: what two data versions
    are compared on (score_dash/access/versions.py)."""
    codes = enterprises["enterprise"].astype(str).to_numpy()
    return {group: frozenset(codes[mask].tolist()) for group, mask in _universe(enterprises)}
