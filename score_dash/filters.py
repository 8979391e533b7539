"""The view state: one immutable `Filters` value, its URL form, validation and application.

Query parameters (short and readable, multi-valued ones repeated):

    period=2015-H2            review half-year (default: the latest with data)
    compare=2015-H1           comparison half-year (default: the one before `period`)
    range=2012-H1&range=2016-H2   first and last half-year of trend charts (default: all)
    state=IN-HR&state=IN-TN   states (ISO 3166-2:IN)
    cluster=Faridabad         clusters
    sector=Garments           sectors
    module=M1                 modules
    partner=P-IA01            partner institutions
    size=50-99                size bands
    women_owned=true          women-owned enterprises only

No Streamlit here: `score_dash.ui` binds these names to widgets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

import pandas as pd

from score_dash.periods import Convention, PeriodError, label, parse_period

Frames = dict[str, pd.DataFrame]

MAX_VALUE_LENGTH = 80
MAX_VALUES = 50

# Filter field -> URL parameter name.
PARAMS: dict[str, str] = {
    "period": "period",
    "compare": "compare",
    "range": "range",
    "states": "state",
    "clusters": "cluster",
    "sectors": "sector",
    "modules": "module",
    "partners": "partner",
    "size_bands": "size",
    "women_owned": "women_owned",
}
LIST_FIELDS = ("states", "clusters", "sectors", "modules", "partners", "size_bands")
PARAM_LABELS = {
    "period": "review period",
    "compare": "comparison period",
    "range": "trend range",
    "state": "state",
    "cluster": "cluster",
    "sector": "sector",
    "module": "module",
    "partner": "partner",
    "size": "size band",
    "women_owned": "women-owned",
}


@dataclass(frozen=True)
class Filters:
    """Everything that selects what a page shows. Empty tuples mean 'all'."""

    period: str | None = None
    compare: str | None = None
    range: tuple[str, str] | None = None
    states: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    size_bands: tuple[str, ...] = ()
    women_owned: bool = False

    @property
    def is_default(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class Options:
    """The values each filter may take, read from the data."""

    periods: tuple[str, ...]  # chronological
    states: dict[str, str]  # code -> name, only states with clusters
    clusters: dict[str, str]  # cluster -> state code
    sectors: tuple[str, ...]
    modules: dict[str, str]  # code -> name
    partners: dict[str, str]  # code -> name
    size_bands: tuple[str, ...]

    def clusters_in(self, states: Sequence[str]) -> list[str]:
        return [c for c, s in self.clusters.items() if not states or s in states]


@dataclass(frozen=True)
class ResolvedPeriods:
    """The periods a view refers to, with their first and last days."""

    review: str
    compare: str | None
    year_earlier: str | None
    trend: tuple[str, ...]
    start: pd.Timestamp
    end: pd.Timestamp
    labels: dict[str, str] = field(default_factory=dict)

    def end_of(self, code: str) -> pd.Timestamp:
        return self._ends[code]

    @property
    def _ends(self) -> dict[str, pd.Timestamp]:
        return object.__getattribute__(self, "ends")


def build_options(frames: Frames) -> Options:
    """Valid filter values, from the loaded frames."""
    clusters = frames["clusters"]
    states = frames["states"].set_index("state")["name"]
    used_states = [s for s in states.index if s in set(clusters["state"])]
    size_order = {"30-49": 0, "50-99": 1, "100-199": 2, "200-300": 3}
    sizes = sorted(set(frames["enterprises"]["size_band"]), key=lambda b: size_order.get(b, 9))
    return Options(
        periods=tuple(sorted(frames["periods"]["period"])),
        states={s: str(states[s]) for s in used_states},
        clusters=dict(zip(clusters["cluster"], clusters["state"], strict=True)),
        sectors=tuple(sorted(set(frames["enterprises"]["sector"]))),
        modules=dict(zip(frames["modules"]["module"], frames["modules"]["name"], strict=True)),
        partners=dict(zip(frames["partners"]["partner"], frames["partners"]["name"], strict=True)),
        size_bands=tuple(sizes),
    )


def to_params(filters: Filters) -> dict[str, list[str]]:
    """The query parameters of a view; defaults are left out."""
    params: dict[str, list[str]] = {}
    if filters.period:
        params["period"] = [filters.period]
    if filters.compare:
        params["compare"] = [filters.compare]
    if filters.range:
        params["range"] = list(filters.range)
    for name in LIST_FIELDS:
        values = getattr(filters, name)
        if values:
            params[PARAMS[name]] = list(values)
    if filters.women_owned:
        params["women_owned"] = ["true"]
    return params


def to_query_string(filters: Filters, extra: Mapping[str, Sequence[str]] | None = None) -> str:
    """`period=2015-H2&state=IN-HR` (URL-encoded), for share links."""
    from urllib.parse import urlencode

    params = to_params(filters)
    for key, values in (extra or {}).items():
        params[key] = list(values)
    return urlencode([(k, v) for k, vs in params.items() for v in vs])


def parse_params(
    params: Mapping[str, Sequence[str]], options: Options
) -> tuple[Filters, list[str]]:
    """Filters from query parameters, dropping what is invalid.

    Returns the filters and one short notice per dropped parameter value, naming it.
    Unknown parameter names are not ours (another feature may use them) and are ignored
    without a notice.
    """
    notices: list[str] = []
    values: dict[str, object] = {}

    def valid(name: str, raw: Sequence[str], allowed: Sequence[str]) -> list[str]:
        kept: list[str] = []
        for value in list(raw)[:MAX_VALUES]:
            if len(value) > MAX_VALUE_LENGTH:
                notices.append(
                    f"{PARAM_LABELS[name]}: a value over {MAX_VALUE_LENGTH} characters was ignored"
                )
            elif value not in allowed:
                notices.append(f"{PARAM_LABELS[name]} '{value}' is not in the data and was ignored")
            elif value not in kept:
                kept.append(value)
        if len(raw) > MAX_VALUES:
            notices.append(f"{PARAM_LABELS[name]}: only the first {MAX_VALUES} values were used")
        return kept

    for name in ("period", "compare"):
        raw = list(params.get(name, []))
        if not raw:
            continue
        kept = valid(name, raw[:1], options.periods)
        if len(raw) > 1:
            notices.append(f"{PARAM_LABELS[name]}: only one value is allowed; '{raw[0]}' was used")
        if kept:
            values[name] = kept[0]
    raw_range = list(params.get("range", []))
    if raw_range:
        kept = valid("range", raw_range, options.periods)
        if len(raw_range) != 2 or len(kept) != 2:
            if len(kept) == len(raw_range):
                notices.append(
                    "trend range needs exactly two half-years (first and last) and was ignored"
                )
        elif kept[0] > kept[1]:
            notices.append(f"trend range {kept[0]} to {kept[1]} is reversed and was ignored")
        else:
            values["range"] = (kept[0], kept[1])
    allowed_lists: dict[str, Sequence[str]] = {
        "states": list(options.states),
        "sectors": options.sectors,
        "modules": list(options.modules),
        "partners": list(options.partners),
        "size_bands": options.size_bands,
    }
    for name, allowed in allowed_lists.items():
        raw = list(params.get(PARAMS[name], []))
        if raw:
            values[name] = tuple(valid(PARAMS[name], raw, allowed))
    raw_clusters = list(params.get("cluster", []))
    if raw_clusters:
        in_states = options.clusters_in(values.get("states", ()))  # type: ignore[arg-type]
        kept_clusters = []
        for value in valid("cluster", raw_clusters, list(options.clusters)):
            if value in in_states:
                kept_clusters.append(value)
            else:
                notices.append(f"cluster '{value}' is not in the selected states and was ignored")
        values["clusters"] = tuple(kept_clusters)
    raw_women = list(params.get("women_owned", []))
    if raw_women:
        flag = raw_women[0].strip().lower()
        if flag in ("true", "1", "yes"):
            values["women_owned"] = True
        elif flag not in ("false", "0", "no"):
            notices.append(
                f"women-owned '{raw_women[0][:MAX_VALUE_LENGTH]}' is not true or "
                "false and was ignored"
            )
    return Filters(**values), notices  # type: ignore[arg-type]


def resolve_periods(
    filters: Filters, options: Options, periods: pd.DataFrame, convention: Convention
) -> ResolvedPeriods:
    """The review, comparison and trend periods a view refers to."""
    codes = list(options.periods)
    if not codes:
        raise ValueError("the database has no periods")
    review = filters.period or latest_period(codes)
    index = codes.index(review)
    compare = filters.compare or (codes[index - 1] if index > 0 else None)
    try:
        earlier = parse_period(review).year_earlier().code
    except PeriodError:
        earlier = None
    if earlier not in codes:
        earlier = None
    first, last = filters.range or (codes[0], codes[-1])
    trend = tuple(c for c in codes if first <= c <= last)
    table = periods.set_index("period")
    resolved = ResolvedPeriods(
        review=review,
        compare=compare,
        year_earlier=earlier,
        trend=trend,
        start=pd.Timestamp(table.loc[review, "start_date"]),
        end=pd.Timestamp(table.loc[review, "end_date"]),
        labels={c: label(c, convention) for c in codes},
    )
    object.__setattr__(resolved, "ends", {c: pd.Timestamp(table.loc[c, "end_date"]) for c in codes})
    return resolved


def latest_period(codes: Sequence[str]) -> str:
    """The default review period: the most recent half-year in the data."""
    return sorted(codes)[-1]


def apply_filters(frames: Frames, filters: Filters) -> Frames:
    """The frames restricted to the filtered enterprises, modules, partners and states.

    Periods are not applied here: each metric takes the resolved periods it needs, so that
    cumulative and half-yearly figures come from the same rows.
    """
    ent = frames["enterprises"]
    mask = pd.Series(True, index=ent.index)
    if filters.states:
        mask &= ent["state"].isin(filters.states)
    if filters.clusters:
        mask &= ent["cluster"].isin(filters.clusters)
    if filters.sectors:
        mask &= ent["sector"].isin(filters.sectors)
    if filters.size_bands:
        mask &= ent["size_band"].isin(filters.size_bands)
    if filters.women_owned:
        mask &= ent["women_owned"]
    enrolments = frames["enrolments"]
    trainers = frames["trainers"]
    if filters.partners:
        partner_trainers = set(trainers.loc[trainers["partner"].isin(filters.partners), "trainer"])
        trained_by = set(enrolments.loc[enrolments["trainer"].isin(partner_trainers), "enterprise"])
        mask &= (
            ent["association"].isin(filters.partners)
            | ent["lead_buyer"].isin(filters.partners)
            | ent["enterprise"].isin(trained_by)
        )
    enterprises = ent[mask]
    codes = set(enterprises["enterprise"])
    out = dict(frames)
    out["enterprises"] = enterprises
    for name in ("enrolments", "participation", "team_members", "workforce", "kpi_observations"):
        frame = frames[name]
        keep = frame["enterprise"].isin(codes)
        if filters.modules and "module" in frame:
            keep &= frame["module"].isin(filters.modules)
        out[name] = frame[keep]
    enterprise_filtered = bool(
        filters.states
        or filters.clusters
        or filters.sectors
        or filters.size_bands
        or filters.women_owned
    )
    trainer_mask = pd.Series(True, index=trainers.index)
    if filters.partners:
        trainer_mask &= trainers["partner"].isin(filters.partners)
    if enterprise_filtered:
        trainer_mask &= trainers["trainer"].isin(set(out["enrolments"]["trainer"].dropna()))
    if filters.modules:
        certified = frames["trainer_modules"]
        trainer_mask &= trainers["trainer"].isin(
            set(certified.loc[certified["module"].isin(filters.modules), "trainer"])
        )
    out["trainers"] = trainers[trainer_mask]
    out["trainer_modules"] = frames["trainer_modules"][
        frames["trainer_modules"]["trainer"].isin(set(out["trainers"]["trainer"]))
    ]
    clusters = frames["clusters"]
    out["clusters"] = clusters[
        clusters["cluster"].isin(set(enterprises["cluster"]))
        | ~clusters["cluster"].isin(set(ent["cluster"])) & _cluster_mask(clusters, filters)
    ]
    states = _selected_states(frames, filters)
    partners = frames["partners"]
    partner_mask = pd.Series(True, index=partners.index)
    if filters.partners:
        partner_mask &= partners["partner"].isin(filters.partners)
    if states is not None:
        linked = (
            set(enterprises["association"].dropna())
            | set(enterprises["lead_buyer"].dropna())
            | set(out["trainers"]["partner"])
        )
        partner_mask &= partners["state"].isin(states) | partners["partner"].isin(linked)
    out["partners"] = partners[partner_mask]
    activities = frames["activities"]
    activity_mask = pd.Series(True, index=activities.index)
    if states is not None:
        activity_mask &= activities["state"].isin(states)
    if filters.partners:
        activity_mask &= activities["partner"].isin(filters.partners)
    out["activities"] = activities[activity_mask]
    return out


def _cluster_mask(clusters: pd.DataFrame, filters: Filters) -> pd.Series:
    mask = pd.Series(True, index=clusters.index)
    if filters.states:
        mask &= clusters["state"].isin(filters.states)
    if filters.clusters:
        mask &= clusters["cluster"].isin(filters.clusters)
    if filters.sectors:
        mask &= clusters["sector"].isin(filters.sectors)
    return mask


def _selected_states(frames: Frames, filters: Filters) -> set[str] | None:
    """States a geographic filter selects, or None when no geographic filter is set."""
    if not (filters.states or filters.clusters):
        return None
    states = set(filters.states)
    if filters.clusters:
        clusters = frames["clusters"]
        states |= set(clusters.loc[clusters["cluster"].isin(filters.clusters), "state"])
        if filters.states:
            states &= set(filters.states)
    return states


def describe(filters: Filters, options: Options, periods: ResolvedPeriods) -> list[str]:
    """The filters in words, one line each (for the About sheet and meeting mode)."""
    lines = [f"Review period: {periods.labels[periods.review]}"]
    if periods.compare:
        lines.append(f"Compared with: {periods.labels[periods.compare]}")
    if periods.trend:
        lines.append(
            f"Trend range: {periods.labels[periods.trend[0]]} to "
            f"{periods.labels[periods.trend[-1]]}"
        )
    names = {
        "states": ("States", lambda v: options.states.get(v, v)),
        "clusters": ("Clusters", str),
        "sectors": ("Sectors", str),
        "modules": ("Modules", lambda v: f"{v} {options.modules.get(v, '')}".strip()),
        "partners": ("Partners", lambda v: options.partners.get(v, v)),
        "size_bands": ("Size bands (workers)", str),
    }
    for name, (title, show) in names.items():
        values = getattr(filters, name)
        lines.append(f"{title}: {', '.join(show(v) for v in values) if values else 'all'}")
    if filters.women_owned:
        lines.append("Women-owned enterprises only")
    return lines


def without(filters: Filters, *names: str) -> Filters:
    """A copy with some fields back at their defaults."""
    defaults = Filters()
    return replace(filters, **{n: getattr(defaults, n) for n in names})


FIELD_NAMES = tuple(f.name for f in fields(Filters))
