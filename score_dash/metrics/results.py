"""Enterprise results: KPI trends, change from baseline and share of enterprises improved.

Rules (also in the indicator definitions, `score_dash.dictionary.INDICATORS`):

- Implausible values: a value outside the KPI's plausible range (kpi_definitions
  plausible_min..plausible_max, bounds included) is excluded from every median, change and
  share, and listed in the "Implausible values" table; it is never dropped silently.
- Baseline: the enterprise's value flagged `is_baseline` (the earliest if several).
  Latest: its most recent non-baseline value in a later half-year, up to the review period.
  Enterprises without a plausible baseline or without a later value have no change.
- Improved is direction-aware: a rise when higher is better, a fall when lower is better
  (fewer defects is better); an unchanged value is not an improvement.
- Change (%) is relative to the baseline; undefined (left out) when the baseline is 0.
- Trend: per half-year, the median and interquartile range (25th-75th percentile) of the
  plausible values reported for that half-year, with the number of enterprises reporting.
- A figure from fewer than `small_n` (5) enterprises is marked "small group".
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.i18n import N_, t
from score_dash.core.reports import ChartSpec, Follows, PageReport, Sheet
from score_dash.metrics.common import cluster_sectors, codes, lookup, pct, small_group_note
from score_dash.metrics.definitions import kpi_term

Frames = dict[str, pd.DataFrame]

DEFAULT_KPI = "productivity"
RESULTS = ("improved", "no change", "worse")
INDICATOR_CODES: tuple[str, ...] = (
    "share_improved",
    "kpi_median_trend",
    "kpi_change",
    "kpi_median_change_pct",
    "kpi_implausible",
    "small_group",
)

TITLE_SUMMARY = "Summary"
TITLE_TREND = "Trend"
TITLE_CHANGE = "Change per enterprise"
# A KPI's name, unit and direction, as the notes under its tables write them.
BETTER_NOTE = {
    "higher": N_("{kpi} ({unit}; higher is better)"),
    "lower": N_("{kpi} ({unit}; lower is better)"),
}
TITLE_CLUSTER = "By cluster"
TITLE_SECTOR = "By sector"
TITLE_ALL = "All KPIs"
TITLE_IMPLAUSIBLE = "Implausible values"
# The page's cards (the printed pack shows the same): summary rows, "%" for percentages.
CARDS: tuple[tuple[str, str], ...] = (
    (N_("Enterprises with baseline and later value"), ""),
    (N_("Share improved (%)"), "%"),
    (N_("Median change"), ""),
    (N_("Median change (%)"), "%"),
    (N_("Implausible values excluded"), ""),
)


def kpi_choices(definitions: pd.DataFrame) -> dict[str, str]:
    """KPI code -> name, in the order of the definitions table."""
    return dict(zip(definitions["kpi"], definitions["name"], strict=True))


def flag_implausible(observations: pd.DataFrame, definitions: pd.DataFrame) -> pd.DataFrame:
    """Observations with an `implausible` column (outside plausible_min..plausible_max)."""
    bounds = definitions.set_index("kpi")[["plausible_min", "plausible_max"]]
    low = lookup(observations["kpi"], bounds["plausible_min"])
    high = lookup(observations["kpi"], bounds["plausible_max"])
    value = observations["value"]
    outside = value.notna() & ((low.notna() & (value < low)) | (high.notna() & (value > high)))
    return observations.assign(implausible=outside.astype(bool))


def compute_trend(
    observations: pd.DataFrame, periods: ResolvedPeriods, small_n: int = 5
) -> pd.DataFrame:
    """Median and interquartile range per half-year of the trend range (plausible values).

    `observations` are one KPI's flagged rows. A half-year with no report has a row with 0
    enterprises and no median, so gaps show.
    """
    usable = observations[~observations["implausible"] & observations["value"].notna()]
    rows = []
    for code in periods.trend:
        values = usable.loc[usable["period"] == code]
        n = int(values["enterprise"].nunique())
        series = values["value"].astype(float)
        rows.append(
            {
                "Period": periods.labels.get(code, code),
                "Enterprises reporting": n,
                "Median": round(float(series.median()), 2) if n else math.nan,
                "Lower quartile": round(float(series.quantile(0.25)), 2) if n else math.nan,
                "Upper quartile": round(float(series.quantile(0.75)), 2) if n else math.nan,
                "Note": small_group_note(n, small_n) if n else "no reports",
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "Period",
            "Enterprises reporting",
            "Median",
            "Lower quartile",
            "Upper quartile",
            "Note",
        ],
    )
    table["Enterprises reporting"] = table["Enterprises reporting"].astype("Int64")
    return table


def compute_changes(observations: pd.DataFrame, better: str, review: str) -> pd.DataFrame:
    """Per enterprise: baseline, latest value up to `review`, change and result.

    `observations` are one KPI's flagged rows. Enterprises without a usable baseline or
    later value get a row with a reason in `Result` and no change.
    """
    columns = [
        "Enterprise",
        "Baseline period",
        "Baseline",
        "Latest period",
        "Latest",
        "Change",
        "Change (%)",
        "Result",
    ]
    upto = observations[observations["period"] <= review]
    usable = upto[~upto["implausible"] & upto["value"].notna()]
    base = (
        usable[usable["is_baseline"]]
        .sort_values(["enterprise", "period"])
        .drop_duplicates("enterprise", keep="first")
        .set_index("enterprise")[["period", "value"]]
    )
    later = usable[~usable["is_baseline"]]
    later = later[later["period"] > lookup(later["enterprise"], base["period"])]
    last = (
        later.sort_values(["enterprise", "period"])
        .drop_duplicates("enterprise", keep="last")
        .set_index("enterprise")[["period", "value"]]
    )
    table = pd.DataFrame({"Enterprise": upto["enterprise"].drop_duplicates().sort_values()})
    table = table.reset_index(drop=True)
    table["Baseline period"] = lookup(table["Enterprise"], base["period"])
    table["Baseline"] = lookup(table["Enterprise"], base["value"]).astype(float)
    table["Latest period"] = lookup(table["Enterprise"], last["period"])
    table["Latest"] = lookup(table["Enterprise"], last["value"]).astype(float)
    table["Change"] = (table["Latest"] - table["Baseline"]).round(6)
    relative = 100.0 * table["Change"] / table["Baseline"].abs()
    table["Change (%)"] = relative.where(table["Baseline"] != 0).round(1)
    gain = (table["Change"] if better == "higher" else -table["Change"]).to_numpy()
    flagged_base = upto.loc[upto["is_baseline"] & upto["implausible"], "enterprise"].unique()
    no_base = table["Baseline"].isna().to_numpy()
    # The first that applies, in this order (one column built at once: setting a text
    # column piece by piece costs a pass over it each time).
    result = np.select(
        [
            no_base & table["Enterprise"].isin(flagged_base).to_numpy(),
            no_base,
            table["Latest"].isna().to_numpy(),
            gain < 0,
            gain > 0,
        ],
        ["baseline implausible", "no baseline", "no later report", "worse", "improved"],
        default="no change",
    )
    table["Result"] = pd.Series(result, index=table.index, dtype="str")
    return table[columns]


def _run_starts(keys: np.ndarray) -> np.ndarray:
    """True where a run of equal keys starts."""
    starts = np.ones(len(keys), bool)
    starts[1:] = keys[1:] != keys[:-1]
    return starts


def _changes_with_a_result(
    observations: pd.DataFrame, rows: np.ndarray, better: dict[str, str]
) -> pd.DataFrame:
    """Every KPI's enterprises with a change (a usable baseline and a later value), as
    `compute_changes` gives them one KPI at a time (`with_change` of it), in one pass over
    all KPIs: kpi, Enterprise, Change, Change (%), Result. `rows`: the observations up to
    the review (a mask: the columns are read as arrays, not copied as a frame, which at
    50,000 enterprises is 2.9 million rows); `better`: each KPI's better direction."""
    keep = (
        rows
        & ~observations["implausible"].to_numpy(bool)
        & observations["value"].notna().to_numpy()
    )
    # One integer per (enterprise, KPI) and per period (in time order): the rows sorted by
    # them (as they are stored), then each pair's first baseline and its last later value
    # read off the sorted rows. Merging on the text keys took most of the time.
    kpi_code, kpis = codes(observations["kpi"])
    firm_code, firms = codes(observations["enterprise"])
    period_code, periods = codes(observations["period"], in_order=True)
    kpi_code, firm_code, period_code = kpi_code[keep], firm_code[keep], period_code[keep]
    n_kpis = max(len(kpis), 1)
    # In 32 bits while they fit (50,000 enterprises x 12 KPIs x 14 half-years do): a
    # filter state's 2.9 million rows make a dozen such arrays at once.
    wide = np.int32 if len(firms) * n_kpis * max(len(periods), 1) < 2**31 else np.int64
    pair = firm_code.astype(wide) * n_kpis + kpi_code
    key = pair * max(len(periods), 1) + period_code
    in_order = bool((key[1:] >= key[:-1]).all())
    order = slice(None) if in_order else np.argsort(key, kind="stable")
    del key
    pair, period_code = pair[order], period_code[order]
    kpi_code, firm_code = kpi_code[order], firm_code[order]
    value = observations["value"].to_numpy(float)[keep][order]
    baseline = observations["is_baseline"].to_numpy(bool)[keep][order]
    run = np.cumsum(_run_starts(pair), dtype=wide) - 1  # each row's pair, numbered in order
    # Each pair's first baseline (rows in time order within a pair) ...
    at = np.flatnonzero(baseline)
    at = at[_run_starts(pair[at])]
    base_row = np.full(run[-1] + 1 if len(run) else 0, -1, dtype=wide)
    base_row[run[at]] = at
    # ... and its last value after the baseline's period.
    first = base_row[run]
    after = ~baseline & (first >= 0) & (period_code > period_code[first])
    later = np.flatnonzero(after)
    later = later[_run_starts(pair[later][::-1])[::-1]]  # each pair's last
    base = first[later]
    change = (value[later] - value[base]).round(6)
    start = value[base]
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(start != 0, 100.0 * change / np.abs(start), np.nan).round(1)
    kpi = kpi_code[later]
    higher = pd.Series(kpis).map(better).eq("higher").to_numpy()[kpi]
    gain = np.where(higher, change, -change)
    result = np.select([gain < 0, gain > 0], [0, 1], default=2)
    return pd.DataFrame(
        {
            "kpi": pd.Categorical.from_codes(kpi, categories=kpis),
            "Enterprise": pd.Categorical.from_codes(firm_code[later], categories=firms),
            "Change": change,
            "Change (%)": relative,
            "Result": pd.Categorical.from_codes(
                result, categories=["worse", "improved", "no change"]
            ),
        }
    )


def with_change(changes: pd.DataFrame) -> pd.DataFrame:
    """The enterprises that have a change (baseline and a later value)."""
    return changes[changes["Result"].isin(RESULTS)]


def summarise(changes: pd.DataFrame) -> dict[str, float]:
    """Share improved, median change and counts over enterprises with a change."""
    have = with_change(changes)
    n = len(have)
    improved = int((have["Result"] == "improved").sum())
    return {
        "enterprises": float(n),
        "improved": float(improved),
        "share_improved": pct(improved, n),
        "median_change": round(float(have["Change"].median()), 2) if n else math.nan,
        "median_change_pct": (
            round(float(have["Change (%)"].median()), 1)
            if have["Change (%)"].notna().any()
            else math.nan
        ),
    }


SUMMARY_COLUMNS = ("Share improved (%)", "Median change", "Median change (%)")


def _summary_fields(s: dict[str, float], small_n: int) -> dict[str, object]:
    """The columns every per-group and per-KPI row shares, from `summarise`."""
    return {
        "Share improved (%)": s["share_improved"],
        "Median change": s["median_change"],
        "Median change (%)": s["median_change_pct"],
        "Note": small_group_note(int(s["enterprises"]), small_n),
    }


def _summary_table(rows: list[dict], columns: list[str], counts: tuple[str, ...]) -> pd.DataFrame:
    """Rows as a frame with nullable integer counts and float summary columns."""
    table = pd.DataFrame(rows, columns=columns)
    for column in counts:
        table[column] = table[column].astype("Int64")
    for column in SUMMARY_COLUMNS:
        table[column] = pd.to_numeric(table[column]).astype(float)
    return table


def compute_groups(
    changes: pd.DataFrame, group_of: pd.Series, label: str, small_n: int = 5
) -> pd.DataFrame:
    """Share improved and median change per group (`group_of`: enterprise -> group)."""
    have = with_change(changes)
    have = have.assign(_group=have["Enterprise"].map(group_of).fillna("(unknown)"))
    rows = []
    for group, part in have.groupby("_group", sort=True):
        s = summarise(part)
        rows.append(
            {
                label: group,
                "Enterprises": int(s["enterprises"]),
                "Improved": int(s["improved"]),
                **_summary_fields(s, small_n),
            }
        )
    columns = [label, "Enterprises", "Improved", *SUMMARY_COLUMNS, "Note"]
    return _summary_table(rows, columns, ("Enterprises", "Improved"))


def summarise_kpis(
    observations: pd.DataFrame, definitions: pd.DataFrame, review: str
) -> dict[str, dict[str, float]]:
    """`summarise` of each KPI of `definitions` up to `review` (`observations`: flagged rows,
    of any KPIs), from every KPI's changes in one pass over the rows, not once per KPI (as
    `compute_changes` is): a KPI without rows has an empty summary."""
    upto = (observations["period"] <= review).to_numpy(bool)
    changed = _changes_with_a_result(
        observations, upto, dict(zip(definitions["kpi"], definitions["better"], strict=True))
    )
    of_kpis = dict(iter(changed.groupby("kpi", observed=True, sort=False)))
    return {str(kpi): summarise(of_kpis.get(kpi, changed.iloc[:0])) for kpi in definitions["kpi"]}


def compute_all_kpis(
    observations: pd.DataFrame, definitions: pd.DataFrame, review: str, small_n: int = 5
) -> pd.DataFrame:
    """One row per KPI: share improved, median change, enterprises behind them.

    Sorted by the size of the median change (%), biggest movement first; KPIs without one
    come last.
    """
    summaries = summarise_kpis(observations, definitions, review)
    excluded = (observations["period"] <= review).to_numpy(bool) & observations[
        "implausible"
    ].to_numpy(bool)
    implausible = observations.loc[excluded, "kpi"].value_counts()
    rows = []
    for definition in definitions.itertuples(index=False):
        s = summaries[definition.kpi]
        rows.append(
            {
                "KPI": definition.name,
                "Unit": definition.unit,
                "Better": definition.better,
                "Enterprises": int(s["enterprises"]),
                **_summary_fields(s, small_n),
                "Implausible values excluded": int(implausible.get(definition.kpi, 0)),
            }
        )
    columns = [
        "KPI",
        "Unit",
        "Better",
        "Enterprises",
        *SUMMARY_COLUMNS,
        "Implausible values excluded",
        "Note",
    ]
    table = _summary_table(rows, columns, ("Enterprises", "Implausible values excluded"))
    order = table["Median change (%)"].abs().fillna(-1.0)
    table = table.assign(_order=order).sort_values(
        ["_order", "KPI"], ascending=[False, True], kind="stable"
    )
    return table.drop(columns="_order").reset_index(drop=True)


def compute_implausible(
    observations: pd.DataFrame, definitions: pd.DataFrame, periods: ResolvedPeriods
) -> pd.DataFrame:
    """Every implausible value up to the review period, with the range it falls outside."""
    flagged = observations[observations["implausible"] & (observations["period"] <= periods.review)]
    info = definitions.set_index("kpi")
    table = pd.DataFrame(
        {
            "Enterprise": flagged["enterprise"],
            "KPI": flagged["kpi"].map(info["name"]),
            "Period": flagged["period"].map(lambda c: periods.labels.get(c, c)),
            "Value": flagged["value"].astype(float),
            "Plausible range": flagged["kpi"].map(
                lambda k: f"{info.loc[k, 'plausible_min']:g} to {info.loc[k, 'plausible_max']:g}"
            ),
            "Baseline value": flagged["is_baseline"].map({True: "yes", False: "no"}),
            "Effect": flagged["is_baseline"].map(
                {
                    True: "excluded; the enterprise has no change for this KPI",
                    False: "excluded from medians and changes",
                }
            ),
        },
        columns=[
            "Enterprise",
            "KPI",
            "Period",
            "Value",
            "Plausible range",
            "Baseline value",
            "Effect",
        ],
    )
    return table.sort_values(["KPI", "Enterprise", "Period"], kind="stable").reset_index(drop=True)


def compute_summary(changes: pd.DataFrame, implausible: int) -> pd.DataFrame:
    """The chosen KPI's headline figures, as (Figure, Value) rows."""
    s = summarise(changes)
    counts = changes["Result"].value_counts()
    rows = [
        ("Enterprises with baseline and later value", s["enterprises"]),
        ("Improved", s["improved"]),
        ("Share improved (%)", s["share_improved"]),
        ("Median change", s["median_change"]),
        ("Median change (%)", s["median_change_pct"]),
        ("No baseline", float(counts.get("no baseline", 0))),
        ("Baseline implausible", float(counts.get("baseline implausible", 0))),
        ("No later report", float(counts.get("no later report", 0))),
        ("Implausible values excluded", float(implausible)),
    ]
    return pd.DataFrame(rows, columns=["Figure", "Value"])


def resolve_kpi(definitions: pd.DataFrame, kpi: str | None) -> str:
    """A valid KPI code from a code or a name; the default (productivity) otherwise."""
    choices = kpi_choices(definitions)
    if kpi in choices:
        return str(kpi)
    by_name = {name: code for code, name in choices.items()}
    if kpi in by_name:
        return by_name[str(kpi)]
    return DEFAULT_KPI if DEFAULT_KPI in choices else next(iter(choices), DEFAULT_KPI)


def build_report(
    frames: Frames,
    periods: ResolvedPeriods,
    options: Options,
    *,
    kpi: str | None = None,
    small_n: int,
) -> PageReport:
    """The Results page's tables for one KPI (`kpi`: code or name) and the all-KPI grid."""
    del options
    definitions = frames["kpi_definitions"]
    code = resolve_kpi(definitions, kpi)
    info = definitions.set_index("kpi").loc[code]
    kpi_name = str(info["name"])  # translated through a name: "name" is no text of its own
    observations = flag_implausible(frames["kpi_observations"], definitions)
    of_kpi = observations[observations["kpi"] == code]
    changes = compute_changes(of_kpi, str(info["better"]), periods.review)
    enterprises = frames["enterprises"].set_index("enterprise")
    implausible = compute_implausible(observations, definitions, periods)
    n_implausible = int((implausible["KPI"] == info["name"]).sum())
    changes_shown = changes.assign(
        **{
            "Baseline period": changes["Baseline period"].map(
                lambda c: periods.labels.get(c, c) if isinstance(c, str) else c
            ),
            "Latest period": changes["Latest period"].map(
                lambda c: periods.labels.get(c, c) if isinstance(c, str) else c
            ),
        }
    )
    changes_shown.insert(1, "Cluster", changes["Enterprise"].map(enterprises["cluster"]))
    changes_shown.insert(2, "Sector", changes["Enterprise"].map(enterprises["sector"]))
    name = t(BETTER_NOTE.get(str(info["better"]), "{kpi} ({unit}; {better} is better)")).format(
        kpi=kpi_term(str(info["name"])), unit=kpi_term(str(info["unit"])), better=info["better"]
    )
    by_cluster = compute_groups(changes, enterprises["cluster"], "Cluster", small_n)
    sector_of = by_cluster["Cluster"].map(cluster_sectors(frames["enterprises"]))
    by_cluster.insert(1, "Sector", sector_of.fillna("(unknown)"))
    # For viewers (score_dash.access.policy): figures from fewer than the minimum of enterprises
    # are suppressed; clusters and sectors add up to the summary, clusters to their sector;
    # the tables of single enterprises are for staff.
    sheets = (
        Sheet(
            TITLE_SUMMARY,
            compute_summary(changes, n_implausible),
            note=name,
            labels=("Figure",),
            sheet_enterprises=len(with_change(changes)),
        ),
        Sheet(
            TITLE_TREND,
            compute_trend(of_kpi, periods, small_n),
            note=name,
            enterprises="Enterprises reporting",
            labels=("Period",),
            period_column="Period",
            chart=ChartSpec(
                "line",
                "Period",
                ("Lower quartile", "Median", "Upper quartile"),
                f"{info['name']}: median and interquartile range",
                str(info["unit"]),
            ),
        ),
        Sheet(TITLE_CHANGE, changes_shown, note=name, audience="staff"),
        Sheet(
            TITLE_CLUSTER,
            by_cluster,
            note=name,
            chart=ChartSpec(
                "bar", "Cluster", ("Share improved (%)",), "Share of enterprises improved", "%"
            ),
            enterprises="Enterprises",
            labels=("Cluster", "Sector"),
            complement="Sector",
            groups=(("Cluster", "cluster"),),
            follows=Follows(TITLE_SECTOR, "Sector"),
        ),
        Sheet(
            TITLE_SECTOR,
            compute_groups(changes, enterprises["sector"], "Sector", small_n),
            note=name,
            enterprises="Enterprises",
            labels=("Sector",),
            complement=True,
            groups=(("Sector", "sector"),),
        ),
        Sheet(
            TITLE_ALL,
            compute_all_kpis(observations, definitions, periods.review, small_n),
            chart=ChartSpec(
                "bar", "KPI", ("Share improved (%)",), "Share of enterprises improved, by KPI", "%"
            ),
            enterprises="Enterprises",
            labels=("KPI", "Unit", "Better"),
        ),
        Sheet(TITLE_IMPLAUSIBLE, implausible, audience="staff"),
    )
    return PageReport(
        "results",
        f"Results: {info['name']} as at {periods.labels.get(periods.review, periods.review)}",
        sheets,
        indicators=INDICATOR_CODES,
        subtitle=t("{kpi} as at {period}").format(
            kpi=t(kpi_name), period=periods.labels.get(periods.review, periods.review)
        ),
    )
