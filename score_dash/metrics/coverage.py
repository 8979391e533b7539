"""Where the programme works: totals by state and by cluster, map points and the tile grid.

Cumulative figures (enterprises, enrolments, completions, trainers) count everything up to
the end of the review half-year; workforce figures are those reported for the review
half-year itself, as on the Overview page. Every figure here comes from the filtered frames
the page receives, so the map, the tile grid, the tables and the Excel agree.
"""

from __future__ import annotations

import pandas as pd

from score_dash.core import geo
from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.i18n import t
from score_dash.core.reports import UNREPORTED, ChartSpec, Follows, PageReport, Sheet
from score_dash.metrics.common import DEFAULT_SMALL_N, pct, upto, workforce_enterprises

Frames = dict[str, pd.DataFrame]


# Measure code -> (label, column of the state and cluster tables).
MEASURES: dict[str, tuple[str, str]] = {
    "enterprises": ("Enterprises", "Enterprises"),
    "workers": ("Workers", "Workers"),
    "women_workers": ("Women workers", "Women workers"),
    "completions": ("Modules completed", "Modules completed"),
}
DEFAULT_MEASURE = "enterprises"

STATE_TABLE = "By state"
CLUSTER_TABLE = "By cluster"
GRID_TABLE = "State tile grid"

INDICATOR_CODES: tuple[str, ...] = (
    "enterprises",
    "clusters",
    "workers",
    "women_workers",
    "women_share_workforce",
    "module_enrolments",
    "module_completions",
    "trainers_active",
    "partners_in_area",
)

COUNT_COLUMNS: tuple[str, ...] = (
    "Enterprises",
    "Workers",
    "Women workers",
    "Men workers",
    "Workers, sex not reported",
    "Module enrolments",
    "Modules completed",
    "Trainers",
    "Partners",
)


def measure_label(measure: str) -> str:
    """The label of a measure code (ValueError for an unknown one)."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; measures: {', '.join(MEASURES)}")
    return MEASURES[measure][0]


def compute_enterprise_facts(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """One row per enterprise that joined by the end of the review period.

    Columns: enterprise, name, cluster, sector, state, latitude, longitude, workers, women,
    men, workers_unsexed (headcount in rows without both female and male), enrolments,
    completed. Workforce figures are those of the review half-year (0 when not reported).
    """
    ent = upto(frames["enterprises"], "joined_date", periods.end)
    if "state" not in ent:  # raw demo frames: the state comes with the cluster
        ent = ent.merge(frames["clusters"][["cluster", "state"]], on="cluster", how="left")
    ent = ent[["enterprise", "name", "cluster", "sector", "state", "latitude", "longitude"]]
    workforce = frames["workforce"]
    workforce = workforce[workforce["period"] == periods.review]
    sexed = workforce["female"].notna() & workforce["male"].notna()
    per = (
        pd.DataFrame(
            {
                "enterprise": workforce["enterprise"],
                "workers": workforce["total"].astype("float"),
                "women": workforce["female"].where(sexed, 0).astype("float"),
                "men": workforce["male"].where(sexed, 0).astype("float"),
                "workers_unsexed": workforce["total"].where(~sexed, 0).astype("float"),
            }
        )
        .groupby("enterprise", as_index=False)
        .sum()
    )
    enrolments = frames["enrolments"]
    enrolled = upto(enrolments, "enrolled_date", periods.end)
    completed = upto(enrolments, "completed_date", periods.end)
    out = ent.merge(per, on="enterprise", how="left")
    # Counted by code as text: two categorical counts, one of them empty (no completion yet
    # in an early half-year), do not align in pandas 3 (their codes' widths differ).
    code = out["enterprise"].astype(str)
    out["enrolments"] = code.map(enrolled["enterprise"].astype(str).value_counts())
    out["completed"] = code.map(completed["enterprise"].astype(str).value_counts())
    for column in ("workers", "women", "men", "workers_unsexed", "enrolments", "completed"):
        out[column] = out[column].fillna(0).astype("int64")
    return out.reset_index(drop=True)


def _trainers_by(
    frames: Frames, periods: ResolvedPeriods, facts: pd.DataFrame, key: str
) -> pd.Series:
    """Distinct trainers who led an enrolment (made by the end) of the group's enterprises."""
    enrolled = upto(frames["enrolments"], "enrolled_date", periods.end)
    enrolled = enrolled[enrolled["trainer"].notna()]
    enrolled = enrolled.merge(facts[["enterprise", key]], on="enterprise", how="inner")
    return enrolled.groupby(key)["trainer"].nunique()


def _partners_by(
    frames: Frames, periods: ResolvedPeriods, facts: pd.DataFrame, key: str
) -> pd.Series:
    """Distinct partners linked to the group's enterprises by the end of the period.

    A partner is linked when it recruited (association), sponsored (lead buyer) or
    trained (through its trainers) one of the enterprises.
    """
    ent = frames["enterprises"][["enterprise", "association", "lead_buyer"]]
    ent = ent.merge(facts[["enterprise", key]], on="enterprise", how="inner")
    links = [
        ent[[key, "association"]].rename(columns={"association": "partner"}),
        ent[[key, "lead_buyer"]].rename(columns={"lead_buyer": "partner"}),
    ]
    enrolled = upto(frames["enrolments"], "enrolled_date", periods.end)
    trained = enrolled.merge(frames["trainers"][["trainer", "partner"]], on="trainer")
    trained = trained.merge(facts[["enterprise", key]], on="enterprise", how="inner")
    links.append(trained[[key, "partner"]])
    linked = pd.concat(links, ignore_index=True).dropna()
    return linked.groupby(key)["partner"].nunique()


def _aggregate(facts: pd.DataFrame, key: str) -> pd.DataFrame:
    grouped = facts.groupby(key).agg(
        Enterprises=("enterprise", "nunique"),
        Workers=("workers", "sum"),
        women=("women", "sum"),
        men=("men", "sum"),
        unsexed=("workers_unsexed", "sum"),
        enrolments=("enrolments", "sum"),
        completed=("completed", "sum"),
    )
    return grouped.rename(
        columns={
            "women": "Women workers",
            "men": "Men workers",
            "unsexed": "Workers, sex not reported",
            "enrolments": "Module enrolments",
            "completed": "Modules completed",
        }
    )


def _finish(table: pd.DataFrame, small_n: int) -> pd.DataFrame:
    table["Women's share of workers (%)"] = [
        pct(w, w + m) for w, m in zip(table["Women workers"], table["Men workers"], strict=True)
    ]
    for column in COUNT_COLUMNS:
        table[column] = table[column].fillna(0).astype("int64")
    table["Small group"] = table["Enterprises"] < small_n
    return table.reset_index(drop=True)


def compute_workforce_enterprises(
    frames: Frames, periods: ResolvedPeriods, key: str, facts: pd.DataFrame | None = None
) -> pd.Series:
    """Per group (`key`: "state" or "cluster"), how many enterprises are behind its workforce
    figures for the review half-year (`common.workforce_enterprises`). `facts`: the
    `compute_enterprise_facts` of the same frames and periods, when already computed."""
    if facts is None:
        facts = compute_enterprise_facts(frames, periods)
    facts = facts[["enterprise", key]]
    workforce = frames["workforce"]
    workforce = workforce[workforce["period"] == periods.review].merge(facts, on="enterprise")
    return pd.Series(
        {group: workforce_enterprises(rows) for group, rows in workforce.groupby(key)},
        dtype="int64",
    )


def compute_state_table(
    frames: Frames,
    periods: ResolvedPeriods,
    small_n: int = DEFAULT_SMALL_N,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Totals per state with enterprises (largest first); `facts` as in
    `compute_workforce_enterprises`."""
    if facts is None:
        facts = compute_enterprise_facts(frames, periods)
    table = _aggregate(facts, "state")
    table["Trainers"] = _trainers_by(frames, periods, facts, "state")
    table["Partners"] = _partners_by(frames, periods, facts, "state")
    names = frames["states"].set_index("state")["name"]
    table = table.rename_axis("Code").reset_index()
    table.insert(1, "State", [str(names.get(c, c)) for c in table["Code"]])
    table.insert(
        2,
        "Clusters",
        [int(facts.loc[facts["state"] == c, "cluster"].nunique()) for c in table["Code"]],
    )
    table = table[["Code", "State", "Clusters", *COUNT_COLUMNS]]
    table = table.sort_values(["Enterprises", "State"], ascending=[False, True])
    return _finish(table, small_n)


def compute_cluster_table(
    frames: Frames,
    periods: ResolvedPeriods,
    small_n: int = DEFAULT_SMALL_N,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Totals per cluster with enterprises, with the cluster's place (for the map); `facts`
    as in `compute_workforce_enterprises`."""
    if facts is None:
        facts = compute_enterprise_facts(frames, periods)
    table = _aggregate(facts, "cluster")
    table["Trainers"] = _trainers_by(frames, periods, facts, "cluster")
    table["Partners"] = _partners_by(frames, periods, facts, "cluster")
    clusters = frames["clusters"].set_index("cluster")
    names = frames["states"].set_index("state")["name"]
    table = table.rename_axis("Cluster").reset_index()
    info = clusters.loc[table["Cluster"]]
    table.insert(1, "City", info["city"].to_numpy())
    table.insert(2, "State", [str(names.get(s, s)) for s in info["state"]])
    table.insert(3, "Sector", info["sector"].to_numpy())
    table["Latitude"] = info["latitude"].astype("float").to_numpy()
    table["Longitude"] = info["longitude"].astype("float").to_numpy()
    table = table[["Cluster", "City", "State", "Sector", *COUNT_COLUMNS, "Latitude", "Longitude"]]
    table = table.sort_values(["Enterprises", "Cluster"], ascending=[False, True])
    return _finish(table, small_n)


def compute_tile_grid(state_table: pd.DataFrame, measure: str = DEFAULT_MEASURE) -> pd.DataFrame:
    """Every one of the 36 states/UTs on the tile grid with the measure's value (0 if none).

    Columns: Code, Abbreviation (code without "IN-"), State, Row, Column, the measure's
    label, and Programme (whether the programme has enterprises there).
    """
    label = measure_label(measure)
    column = MEASURES[measure][1]
    states = geo.load_states()
    values = state_table.set_index("Code")[column] if len(state_table) else pd.Series(dtype="int64")
    grid = pd.DataFrame(
        {
            "Code": states["code"],
            "Abbreviation": states["code"].str.removeprefix("IN-"),
            "State": states["name"],
            "Row": states["tile_row"].astype("int64"),
            "Column": states["tile_col"].astype("int64"),
        }
    )
    grid[label] = [int(values.get(code, 0)) for code in grid["Code"]]
    grid["Programme"] = grid["Code"].isin(set(state_table["Code"]))
    return grid.reset_index(drop=True)


def compute_map_clusters(
    cluster_table: pd.DataFrame, measure: str = DEFAULT_MEASURE
) -> pd.DataFrame:
    """The cluster circles for the map: only the columns the deck needs, as plain values.

    `size` is the measure's value; `women_share` is text so the tooltip reads well. A
    cluster whose enterprises or measure a viewer may not see (emptied by
    `score_dash.access.policy`) gets no circle; a figure emptied otherwise reads "not shown".
    """
    column = MEASURES[measure][1]
    table = cluster_table[cluster_table["Enterprises"].notna() & cluster_table[column].notna()]
    return pd.DataFrame(
        {
            "name": table["Cluster"].astype(str),
            "sector": table["Sector"].astype(str),
            "enterprises": table["Enterprises"].astype("int64"),
            "workers": [_count_text(v) for v in table["Workers"]],
            "women_share": [_share_text(v) for v in table["Women's share of workers (%)"]],
            "completed": [_count_text(v) for v in table["Modules completed"]],
            "size": table[column].astype("float"),
            "lon": table["Longitude"].astype("float"),
            "lat": table["Latitude"].astype("float"),
        }
    ).reset_index(drop=True)


def compute_map_enterprises(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Enterprise points for staff (names are confidential): the deck's columns only."""
    facts = compute_enterprise_facts(frames, periods)
    facts = facts[facts["latitude"].notna() & facts["longitude"].notna()]
    return pd.DataFrame(
        {
            "name": facts["name"].astype(str) + " (" + facts["enterprise"].astype(str) + ")",
            "sector": facts["sector"].astype(str),
            "enterprises": 1,
            "workers": facts["workers"].astype("int64"),
            "women_share": [
                _share_text(pct(w, w + m))
                for w, m in zip(facts["women"], facts["men"], strict=True)
            ],
            "completed": facts["completed"].astype("int64"),
            "lon": facts["longitude"].astype("float"),
            "lat": facts["latitude"].astype("float"),
        }
    ).reset_index(drop=True)


WORKFORCE_COLUMNS: tuple[str, ...] = (
    "Workers",
    "Women workers",
    "Men workers",
    "Workers, sex not reported",
    "Women's share of workers (%)",
)


def _workforce_rule(keys: pd.Series, counts: pd.Series) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The workforce columns' `column_enterprises`: the enterprises behind each row's."""
    per_row = tuple(int(counts.get(key, 0)) for key in keys)
    return tuple((column, per_row) for column in WORKFORCE_COLUMNS)


def _share_text(value: float) -> str:
    return "not reported" if value is None or pd.isna(value) else f"{value:.1f} %"


def _count_text(value: float | None) -> str | int:
    """A count for the tooltip; "not shown" where a viewer may not see it."""
    return "not shown" if value is None or pd.isna(value) else int(value)


def build_report(
    frames: Frames,
    periods: ResolvedPeriods,
    options: Options,
    *,
    measure: str = DEFAULT_MEASURE,
    small_n: int,
) -> PageReport:
    """The Coverage page's tables (`measure`: a MEASURES code; the default otherwise)."""
    del options
    if measure not in MEASURES:
        measure = DEFAULT_MEASURE
    label = measure_label(measure)
    facts = compute_enterprise_facts(frames, periods)  # once for every table below
    states = compute_state_table(frames, periods, small_n, facts)
    clusters = compute_cluster_table(frames, periods, small_n, facts)
    grid = compute_tile_grid(states, measure)
    chart = ChartSpec("bar", "State", (label,), f"{label} by state", label)
    # For viewers (score_dash.access.policy): a row from fewer than the minimum of enterprises, and
    # workforce figures from fewer reporting, are suppressed; states add up to the
    # programme, clusters to their state, and the tile grid repeats the state table.
    state_workforce = compute_workforce_enterprises(frames, periods, "state", facts)
    cluster_workforce = compute_workforce_enterprises(frames, periods, "cluster", facts)
    small_note = t("Small group: fewer than {count} enterprises.").format(count=small_n)
    sheets = (
        Sheet(
            STATE_TABLE,
            states,
            chart=chart if len(states) else None,
            note=small_note,
            enterprises="Enterprises",
            labels=("Code", "State"),
            complement=True,
            groups=(("Code", "state"),),
            column_enterprises=_workforce_rule(states["Code"], state_workforce),
            layers=((UNREPORTED, ("Workers, sex not reported",)),),
        ),
        Sheet(
            CLUSTER_TABLE,
            clusters,
            note=small_note,
            enterprises="Enterprises",
            labels=("Cluster", "City", "State", "Sector", "Latitude", "Longitude"),
            complement="State",
            groups=(("Cluster", "cluster"),),
            column_enterprises=_workforce_rule(clusters["Cluster"], cluster_workforce),
            layers=((UNREPORTED, ("Workers, sex not reported",)),),
            follows=Follows(STATE_TABLE, "State"),
        ),
        Sheet(
            GRID_TABLE,
            grid,
            labels=tuple(c for c in grid.columns if c != label),
            follows=Follows(STATE_TABLE, "Code"),
        ),
    )
    notes = tuple(t("Geography: {source}").format(source=t(line)) for line in geo.ATTRIBUTION)
    return PageReport(
        "coverage",
        f"Coverage: where the programme works ({label.lower()})",
        sheets,
        indicators=INDICATOR_CODES,
        notes=notes,
        subtitle=t("Where the programme works ({measure})").format(measure=t(label).lower()),
    )
