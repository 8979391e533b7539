"""The view state: one immutable `Filters` value, its URL form, validation and application.

Query parameters (short names; values are the labels the sidebar shows, because that is
what Streamlit writes for a bound widget; multi-valued ones are repeated):

    period=2015-H2            review half-year (default: the latest with data);
                              FY2015-16 H1 under the fiscal convention
    compare=2015-H1           comparison half-year (default: the one before `period`)
    range=2012-H1&range=2016-H2   first and last half-year of trend charts (default: all)
    state=Haryana&state=Tamil+Nadu   states
    cluster=Faridabad         clusters
    sector=Garments           sectors
    module=M1+Workplace+Cooperation  modules
    partner=...               partner institutions, by name
    size=50-99                size bands (workers)
    women_owned=true          women-owned enterprises only

Defaults never appear in the URL.

No Streamlit here: `score_dash.ui` binds these names to widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

import pandas as pd

from score_dash.core.i18n import N_, t
from score_dash.core.periods import Convention, PeriodError, label, parse_period

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


@dataclass(frozen=True)
class Options:
    """The values each filter may take, read from the data, with their labels.

    Each mapping goes from the value a filter holds (a code) to the label the sidebar shows.
    Streamlit writes a bound widget's label into the URL, so labels are also the URL form:
    `state=Haryana`, `module=M1 Workplace Cooperation`, `period=FY2014-15 H1` under the
    fiscal convention.
    """

    periods: dict[str, str]  # chronological code -> label
    states: dict[str, str]  # code -> name, only states with clusters
    clusters: dict[str, str]  # cluster -> cluster (label is the name)
    cluster_states: dict[str, str]  # cluster -> state code
    sectors: dict[str, str]
    modules: dict[str, str]  # code -> "M1 Workplace Cooperation"
    partners: dict[str, str]  # code -> name
    size_bands: dict[str, str]

    @property
    def period_codes(self) -> tuple[str, ...]:
        return tuple(self.periods)

    def clusters_in(self, states: Sequence[str]) -> list[str]:
        return [c for c, s in self.cluster_states.items() if not states or s in states]

    def labels_of(self, name: str) -> dict[str, str]:
        """Code -> label for a filter field ('period', 'compare', 'range' or a list field)."""
        if name in ("period", "compare", "range"):
            return self.periods
        return getattr(self, name)


@dataclass(frozen=True)
class ResolvedPeriods:
    """The periods a view refers to, with their last days."""

    review: str
    compare: str | None
    year_earlier: str | None
    trend: tuple[str, ...]
    start: pd.Timestamp
    end: pd.Timestamp
    labels: dict[str, str] = field(default_factory=dict)
    ends: dict[str, pd.Timestamp] = field(default_factory=dict)

    def end_of(self, code: str) -> pd.Timestamp:
        return self.ends[code]


def build_options(frames: Frames, convention: Convention = "calendar") -> Options:
    """Valid filter values and their labels, from the loaded frames."""
    clusters = frames["clusters"]
    states = frames["states"].set_index("state")["name"]
    with_clusters = set(clusters["state"])
    used_states = [s for s in states.index if s in with_clusters]
    size_order = {"30-49": 0, "50-99": 1, "100-199": 2, "200-300": 3}
    enterprises = frames["enterprises"]  # unique() in pandas: a set of 50,000 cells was slow
    sizes = sorted(enterprises["size_band"].unique(), key=lambda b: size_order.get(b, 9))
    modules = frames["modules"]
    return Options(
        periods={c: label(c, convention) for c in sorted(frames["periods"]["period"])},
        states={s: str(states[s]) for s in used_states},
        clusters={c: c for c in clusters["cluster"]},
        cluster_states=dict(zip(clusters["cluster"], clusters["state"], strict=True)),
        sectors={s: s for s in sorted(enterprises["sector"].unique())},
        modules={m: f"{m} {n}" for m, n in zip(modules["module"], modules["name"], strict=True)},
        partners=dict(zip(frames["partners"]["partner"], frames["partners"]["name"], strict=True)),
        size_bands={b: b for b in sizes},
    )


def to_params(filters: Filters, options: Options) -> dict[str, list[str]]:
    """The query parameters of a view (labels, as the widgets write them); defaults left out."""
    params: dict[str, list[str]] = {}
    if filters.period:
        params["period"] = [options.periods[filters.period]]
    if filters.compare:
        params["compare"] = [options.periods[filters.compare]]
    if filters.range:
        params["range"] = [options.periods[c] for c in filters.range]
    for name in LIST_FIELDS:
        values = getattr(filters, name)
        if values:
            labels = options.labels_of(name)
            params[PARAMS[name]] = [labels[v] for v in values]
    if filters.women_owned:
        params["women_owned"] = ["true"]
    return params


def to_query_string(
    filters: Filters, options: Options, extra: Mapping[str, Sequence[str]] | None = None
) -> str:
    """`period=2015-H2&state=Haryana` (URL-encoded), for share links."""
    params = to_params(filters, options)
    for key, values in (extra or {}).items():
        params[key] = list(values)
    return urlencode([(k, v) for k, vs in params.items() for v in vs])


@dataclass(frozen=True)
class Notice:
    """A URL value that was dropped: which parameter, the value as given, and why.

    The value is kept apart from the words so that the screen can show it as inert quoted
    text (score_dash.ui.text.quote); `str()` gives the plain sentence for the command line.
    """

    what: str
    value: str | None = None
    why: str = ""
    quoted: bool = True

    def __str__(self) -> str:
        value = (
            "" if self.value is None else (f" '{self.value}'" if self.quoted else f" {self.value}")
        )
        return f"{self.what}{value}" + (f" ({self.why})" if self.why else "")


def parse_params(
    params: Mapping[str, Sequence[str]], options: Options
) -> tuple[Filters, list[Notice]]:
    """Filters from query parameters (labels), dropping what is invalid.

    Returns the filters and one short notice per dropped value, naming it. Parameter names
    that are not filters are left alone (another feature may use them).
    """
    notices: list[Notice] = []
    values: dict[str, object] = {}

    def valid(name: str, raw: Sequence[str], labels: Mapping[str, str]) -> list[str]:
        by_label = {lab: code for code, lab in labels.items()}
        kept: list[str] = []
        for value in list(raw)[:MAX_VALUES]:
            if len(value) > MAX_VALUE_LENGTH:
                notices.append(
                    Notice(PARAM_LABELS[name], None, f"a value over {MAX_VALUE_LENGTH} characters")
                )
            elif value not in by_label:
                notices.append(Notice(PARAM_LABELS[name], value, "not in the data"))
            elif by_label[value] not in kept:
                kept.append(by_label[value])
        if len(raw) > MAX_VALUES:
            notices.append(Notice(f"{PARAM_LABELS[name]} values beyond the first {MAX_VALUES}"))
        return kept

    for name in ("period", "compare"):
        raw = list(params.get(name, []))
        if not raw:
            continue
        kept = valid(name, raw[:1], options.periods)
        if len(raw) > 1:
            notices.append(Notice(f"{PARAM_LABELS[name]} values after the first"))
        if kept:
            values[name] = kept[0]
    raw_range = list(params.get("range", []))
    if raw_range:
        # Not de-duplicated: a range may start and end in the same half-year.
        kept = [code for value in raw_range for code in valid("range", [value], options.periods)]
        if len(kept) != len(raw_range):
            pass  # each bad value already has its notice
        elif len(kept) != 2:
            notices.append(Notice("trend range", None, "needs exactly two half-years"))
        elif kept[0] > kept[1]:
            # Read in order, as Streamlit's slider reads it from the URL: the page, the
            # address bar and the notice then agree.
            first, last = sorted(kept)
            why = f"reversed: read as {options.periods[first]} to {options.periods[last]}"
            notices.append(
                Notice("trend range", f"{raw_range[0]} to {raw_range[1]}", why, quoted=False)
            )
            values["range"] = (first, last)
        else:
            values["range"] = (kept[0], kept[1])
    for name in ("states", "sectors", "modules", "partners", "size_bands"):
        raw = list(params.get(PARAMS[name], []))
        if raw:
            values[name] = tuple(valid(PARAMS[name], raw, options.labels_of(name)))
    raw_clusters = list(params.get("cluster", []))
    if raw_clusters:
        in_states = options.clusters_in(values.get("states", ()))  # type: ignore[arg-type]
        kept_clusters = []
        for value in valid("cluster", raw_clusters, options.clusters):
            if value in in_states:
                kept_clusters.append(value)
            else:
                notices.append(Notice("cluster", value, "not in the selected states"))
        values["clusters"] = tuple(kept_clusters)
    raw_women = list(params.get("women_owned", []))
    if raw_women:
        flag = raw_women[0].strip().lower()
        if flag in ("true", "1", "yes"):
            values["women_owned"] = True
        elif flag not in ("false", "0", "no"):
            notices.append(
                Notice("women-owned", raw_women[0][:MAX_VALUE_LENGTH], "not true or false")
            )
    return Filters(**values), notices  # type: ignore[arg-type]


def resolve_periods(filters: Filters, options: Options, periods: pd.DataFrame) -> ResolvedPeriods:
    """The review, comparison and trend periods a view refers to."""
    codes = list(options.period_codes)
    if not codes:
        raise ValueError("the database has no periods")
    review = filters.period or latest_period(codes)
    index = codes.index(review)
    compare = filters.compare or (codes[index - 1] if index > 0 else None)
    try:
        earlier: str | None = parse_period(review).year_earlier().code
    except PeriodError:
        earlier = None
    if earlier not in codes:
        earlier = None
    first, last = filters.range or (codes[0], codes[-1])
    table = periods.set_index("period")
    return ResolvedPeriods(
        review=review,
        compare=compare,
        year_earlier=earlier,
        trend=tuple(c for c in codes if first <= c <= last),
        start=pd.Timestamp(table.loc[review, "start_date"]),
        end=pd.Timestamp(table.loc[review, "end_date"]),
        labels=dict(options.periods),
        ends={c: pd.Timestamp(table.loc[c, "end_date"]) for c in codes},
    )


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
    every_enterprise = bool(mask.all())
    enterprises = ent if every_enterprise else ent[mask]
    codes = _distinct(enterprises["enterprise"])
    out = dict(frames)
    out["enterprises"] = enterprises
    for name in ("enrolments", "participation", "team_members", "workforce", "kpi_observations"):
        frame = frames[name]
        # With every enterprise kept, their rows are the frame itself, not a copy (millions
        # of rows at scale; the default view's frames are the cached ones).
        keep = None if every_enterprise else frame["enterprise"].isin(codes)
        if filters.modules and "module" in frame:
            modules = frame["module"].isin(filters.modules)
            keep = modules if keep is None else keep & modules
        out[name] = frame if keep is None or bool(keep.all()) else frame[keep]
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
        trainer_mask &= trainers["trainer"].isin(_distinct(out["enrolments"]["trainer"]))
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
        clusters["cluster"].isin(_distinct(enterprises["cluster"]))
        | ~clusters["cluster"].isin(_distinct(ent["cluster"])) & _cluster_mask(clusters, filters)
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


def _distinct(values: pd.Series) -> list:
    """The distinct values of a column, missing ones left out: for `isin`. (A set built
    from an Arrow-backed column reads it element by element, half the time of a filter
    at 50,000 enterprises.)"""
    return values.dropna().unique().tolist()


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


# Each filter's line as `describe` writes it (marked for the catalog; `t` translates).
_LINES = {
    "states": N_("States: {values}"),
    "clusters": N_("Clusters: {values}"),
    "sectors": N_("Sectors: {values}"),
    "modules": N_("Modules: {values}"),
    "partners": N_("Partners: {values}"),
    "size_bands": N_("Size bands (workers): {values}"),
}


def describe(
    filters: Filters, options: Options, periods: ResolvedPeriods | None, brief: bool = False
) -> list[str]:
    """The filters in words, one line each, in the run's language (the About sheet, the
    pack's cover and meeting mode). `brief`: without the trend range and the filters left
    at "all" (meeting mode's one line). Names from the data are written as recorded."""
    if periods is None:
        return [t("Review period: none yet (no half-year in the data)")]
    lines = [t("Review period: {period}").format(period=periods.labels[periods.review])]
    if periods.compare:
        lines.append(t("Compared with: {period}").format(period=periods.labels[periods.compare]))
    if periods.trend and not brief:
        lines.append(
            t("Trend range: {first} to {last}").format(
                first=periods.labels[periods.trend[0]], last=periods.labels[periods.trend[-1]]
            )
        )
    shown: dict[str, Callable[[str], str]] = {
        "states": lambda v: options.states.get(v, v),
        "modules": lambda v: options.modules.get(v, v),
        "partners": lambda v: options.partners.get(v, v),
    }
    for name, line in _LINES.items():
        values = getattr(filters, name)
        if not values and brief:
            continue
        show = shown.get(name, str)
        chosen = ", ".join(show(v) for v in values) if values else t("all")
        lines.append(t(line).format(values=chosen))
    if filters.women_owned:
        lines.append(t("Women-owned enterprises only"))
    return lines


def without(filters: Filters, *names: str) -> Filters:
    """A copy with some fields back at their defaults."""
    defaults = Filters()
    return replace(filters, **{n: getattr(defaults, n) for n in names})
