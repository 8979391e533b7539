"""The confidentiality promise tested from the attacker's side, not the rule's.

An outsider with a viewer's access asks for every selection a viewer might try (every state,
cluster and sector, sectors within states, and the cross-cutting filters: size bands,
women-owned, several states at once) through the viewer's own entry point (`export --role
viewer`'s workbook builder), keeps whatever is given, and then looks for two selections whose
enterprises differ by one or two firms: any figure that differs between them would be those
firms' figures. Which enterprises a selection holds is counted here from the enterprises
table, with no help from the code under test.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from sqlalchemy import text

from score_dash import cli
from score_dash.access.policy import Role
from score_dash.pages import assembly
from score_dash.store import db, loading
from tests.excel import read_tables
from tests.sources import frames_source

PAGES = ("coverage", "gender")  # the workforce figures (workers, women, men, jobs)
# (dataset, half-year): the review half-year and an early one with small groups, on the demo
# and on the hand-made programme (tests/handmade.py: clusters of 5, 3 and 4 firms).
CASES = (
    ("demo", "2017-H2"),
    ("demo", "2012-H1"),
    ("handmade", "2017-H2"),
    # (In 2016 the hand-made programme's states and clusters have fewer than 3 firms
    # reporting their workforce: viewers get the programme only, nothing to attack.)
    ("handmade", "2017-H1"),
)
# What a viewer obtains at the least (the programme, states, clusters, sectors, sectors
# within states): the test attacks something.
AT_LEAST = {"demo": 20, "handmade": 5}
EQUATIONS = {
    # The programme, its 6 states and 9 clusters; 4 states hold one cluster each (the same
    # firms): 12 sets. (Before the sex of unreported workers was estimated for viewers, 5
    # clusters, and so 2 states, were withheld with their "sex not reported": 7.)
    ("demo", "2017-H2"): 12,
    ("demo", "2012-H1"): 1,
    # Tiruppur has 3 firms but 2 report: withheld, and Chennai with it (Tamil Nadu's other
    # cluster); shown: Haryana = Faridabad (5 firms) and Tamil Nadu (6): 2 sets, both times.
    ("handmade", "2017-H2"): 2,
    ("handmade", "2017-H1"): 2,
}


def _attempts(enterprises: pd.DataFrame, states: dict[str, str]) -> list[dict[str, list[str]]]:
    """The selections an attacker tries (URL parameters, labels as the sidebar writes them)."""
    tries: list[dict[str, list[str]]] = [{}]
    names = sorted(states.values())
    tries += [{"state": [name]} for name in names]
    tries += [{"cluster": [c]} for c in sorted(enterprises["cluster"].unique())]
    tries += [{"sector": [s]} for s in sorted(enterprises["sector"].unique())]
    pairs = enterprises[["state", "sector"]].drop_duplicates().itertuples(index=False)
    tries += [{"state": [states[st]], "sector": [se]} for st, se in pairs]
    tries += [{"state": list(pair)} for pair in itertools.combinations(names[:3], 2)]
    bands = sorted(enterprises["size_band"].unique())
    for name in names[:3]:  # every band but one, within a state: the demo's first leak
        for left_out in bands:
            tries.append({"state": [name], "size": [b for b in bands if b != left_out]})
    tries.append({"women_owned": ["true"]})
    return tries


def _population(
    enterprises: pd.DataFrame, params: dict[str, list[str]], states: dict[str, str], end
) -> frozenset[str]:
    """The enterprises of a selection that had joined by `end`, counted here."""
    codes = {name: code for code, name in states.items()}
    keep = enterprises["joined_date"] <= end
    if "state" in params:
        keep &= enterprises["state"].isin([codes[n] for n in params["state"]])
    if "cluster" in params:
        keep &= enterprises["cluster"].isin(params["cluster"])
    if "sector" in params:
        keep &= enterprises["sector"].isin(params["sector"])
    if "size" in params:
        keep &= enterprises["size_band"].isin(params["size"])
    if "women_owned" in params:
        keep &= enterprises["women_owned"]
    return frozenset(enterprises.loc[keep, "enterprise"].astype(str))


def _figures(tables: dict[str, pd.DataFrame]) -> dict[tuple, object]:
    """Every figure a workbook gives: (sheet, its row's labels, column) -> value."""
    out: dict[tuple, object] = {}
    for title, frame in tables.items():
        if title == "About" or frame.empty:
            continue
        labels = [c for c in frame.columns if frame[c].dtype == object or c in ("Code",)]
        for _, row in frame.iterrows():
            key = tuple(str(row[c]) for c in labels)
            for column in frame.columns:
                value = row[column]
                if column in labels or column == "Note" or value is None or value != value:
                    continue
                if value in ("", "—"):
                    continue
                out[(title, key, column)] = value
    return out


@pytest.fixture(scope="module")
def demo_frames(demo_db_url: str) -> dict[str, pd.DataFrame]:
    return loading.load_frames(db.make_engine(demo_db_url))


@pytest.fixture(scope="module")
def datasets(demo_frames, demo_db_url: str, handmade_frames, handmade_db_url: str):
    """Each dataset's frames and database URL, by name."""
    return {"demo": (demo_frames, demo_db_url), "handmade": (handmade_frames, handmade_db_url)}


# Each dataset's data as the command line reads them, by frames: one publication for every
# export of a dataset, as the app keeps one for every request of a data version.
_SOURCES: dict[int, assembly.Source] = {}


def _source(frames) -> assembly.Source:
    if id(frames) not in _SOURCES:
        _SOURCES[id(frames)] = frames_source(frames)
    return _SOURCES[id(frames)]


# What the viewer's export gave for each selection tried, by (frames, page, half-year): the
# subtraction attack and the linear system read the same Coverage workbooks, built once in a
# process (building and reading them back is most of these tests' time).
_OBTAINED: dict[tuple[int, str, str], list[tuple[frozenset[str], dict[str, pd.DataFrame]]]] = {}


def _obtained(frames, page: str, period: str) -> list[tuple[frozenset[str], dict]]:
    """(the selection's enterprises, the workbook's tables) for every selection not refused."""
    key = (id(frames), page, period)
    if key in _OBTAINED:
        return _OBTAINED[key]
    enterprises = frames["enterprises"].assign(
        state=lambda f: f["state"].astype(str), cluster=lambda f: f["cluster"].astype(str)
    )
    states = dict(zip(frames["states"]["state"], frames["states"]["name"], strict=True))
    end = frames["periods"].set_index("period").loc[period, "end_date"]
    got = []
    source = _source(frames)  # one publication for every attempt, as in the app
    for params in _attempts(enterprises, states):
        try:
            book = cli.build_page_export(
                source, page, {**params, "period": [period]}, {}, role=Role.VIEWER
            )
        except cli.CliError:
            continue  # refused: nothing obtained
        got.append((_population(enterprises, params, states, end), read_tables(book)))
    _OBTAINED[key] = got
    return got


def _obtainable(frames, page: str, period: str) -> list[tuple[frozenset[str], dict]]:
    return [
        (population, _figures(tables)) for population, tables in _obtained(frames, page, period)
    ]


@pytest.mark.parametrize(("dataset", "period"), CASES)
@pytest.mark.parametrize("page", PAGES)
def test_no_two_views_a_viewer_can_obtain_give_one_or_two_firms_by_subtraction(
    datasets, dataset: str, page: str, period: str
):
    got = _obtainable(datasets[dataset][0], page, period)
    assert len(got) >= AT_LEAST[dataset]
    leaks = []
    for (a, fa), (b, fb) in itertools.combinations(got, 2):
        if not 0 < len(a ^ b) < 3:
            continue
        differing = [k for k in fa.keys() & fb.keys() if fa[k] != fb[k]]
        if differing:
            leaks.append((sorted(a ^ b), differing[:3]))
    assert not leaks, leaks[:3]


def test_the_cross_cutting_filters_are_refused_to_a_viewer_and_given_to_staff(demo_frames):
    params = {"state": ["Haryana"], "size": ["30-49", "50-99", "100-199"]}
    with pytest.raises(cli.CliError, match="size band filter"):
        cli.build_page_export(_source(demo_frames), "gender", params, {}, role=Role.VIEWER)
    assert cli.build_page_export(_source(demo_frames), "gender", params, {}, role=Role.STAFF)


# --- (b) the linear system of everything published ------------------------------------------


def _equations(frames, period: str) -> tuple[list[frozenset[str]], list[float]]:
    """Every workers figure a viewer obtains from Coverage's tables by state and by cluster,
    over every selection tried: (the enterprises it may sum over, its value). The attacker
    does not know which firms reported, so a row sums over every firm of its group that had
    joined (a firm without a report adds 0)."""
    enterprises = frames["enterprises"].assign(
        state=lambda f: f["state"].astype(str), cluster=lambda f: f["cluster"].astype(str)
    )
    states = dict(zip(frames["states"]["state"], frames["states"]["name"], strict=True))
    names = {name: code for code, name in states.items()}
    seen: dict[frozenset[str], float] = {}
    for selection, tables in _obtained(frames, "coverage", period):
        for title, column, key in (
            ("By state", "State", "state"),
            ("By cluster", "Cluster", "cluster"),
        ):
            for _, row in tables[title].iterrows():
                value = row["Workers"]
                if value is None or value != value or value == "—":
                    continue
                place = names.get(row[column], row[column]) if key == "state" else row[column]
                members = frozenset(enterprises.loc[enterprises[key] == place, "enterprise"])
                seen[selection & members] = float(value)
    groups = [g for g in seen if g]
    return groups, [seen[g] for g in groups]


def _workers_now(url: str, period: str) -> dict[str, float]:
    """Each enterprise's workers (every role) reported for the half-year, by SQL."""
    sql = text(
        "SELECT e.code, SUM(w.total) FROM workforce w JOIN enterprises e ON e.id = "
        "w.enterprise_id JOIN periods p ON p.id = w.period_id WHERE p.code = :p GROUP BY e.code"
    )
    with db.make_engine(url).connect() as connection:
        return {code: float(n) for code, n in connection.execute(sql, {"p": period})}


@pytest.mark.parametrize(("dataset", "period"), CASES)
def test_no_firms_workers_can_be_estimated_closely_from_everything_published(
    datasets, dataset: str, period: str
):
    frames, url = datasets[dataset]
    groups, values = _equations(frames, period)
    # What is published: on the demo at 2017-H2, 12 groups' workers; at 2012-H1, one cluster's;
    # on the hand-made programme Haryana's (= Faridabad's) and Tamil Nadu's.
    assert len(groups) == EQUATIONS[(dataset, period)]
    firms = sorted(set().union(*groups))
    column = {firm: i for i, firm in enumerate(firms)}
    a = np.zeros((len(groups), len(firms)))
    for row, group in enumerate(groups):
        a[row, [column[f] for f in group]] = 1
    truth = _workers_now(url, period)
    # The published figures are consistent with the data (the system has a solution).
    real = np.array([truth.get(f, 0.0) for f in firms])
    assert np.allclose(a @ real, values)
    # The largest firm of each published group: the most exposed.
    targets = {max(group, key=lambda f: truth.get(f, 0.0)) for group in groups}
    p = 10 / 100  # SCORE_DOMINANCE_P's default
    for firm in sorted(targets):
        goal = np.zeros(len(firms))
        goal[column[firm]] = 1
        low = linprog(goal, A_eq=a, b_eq=values, bounds=(0, None), method="highs")
        high = linprog(-goal, A_eq=a, b_eq=values, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status == 0, firm
        width = -high.fun - low.fun
        assert width > p * truth.get(firm, 0.0), (firm, low.fun, -high.fun, truth.get(firm))


# --- (c) the same variable over two half-years ----------------------------------------------


def _baseline_sets(frames, cluster: str) -> dict[str, tuple[frozenset, frozenset]]:
    """Per half-year, a cluster's firms reporting their workforce (R) and those of them with
    an earlier first report (B: behind "Workers at baseline"), counted here from the rows."""
    workforce = frames["workforce"].assign(
        enterprise=lambda f: f["enterprise"].astype(str), period=lambda f: f["period"].astype(str)
    )
    members = set(
        frames["enterprises"].loc[frames["enterprises"]["cluster"] == cluster, "enterprise"]
    )
    rows = workforce[workforce["enterprise"].isin({str(m) for m in members})]
    first = rows.groupby("enterprise")["period"].min()
    out = {}
    for period, group in rows.groupby("period"):
        reporting = frozenset(group["enterprise"])
        out[period] = (reporting, frozenset(e for e in reporting if first[e] < period))
    return out


def test_a_clusters_figures_since_baseline_give_no_firm_between_half_years_or_pages(demo_frames):
    # The case: Chennai's workers at baseline fell from 2,245 (2017-H1) to 2,053
    # (2017-H2), the baseline of the one firm that stopped reporting. A viewer reads every
    # half-year's table by cluster; for each pair of half-years whose firms with a baseline
    # differ by 1 or 2, at most one of the two figures may be shown; and where all that report
    # (Coverage's workers) differ from those with a baseline by 1 or 2, the two pages may not
    # both show their workers.
    periods = list(demo_frames["periods"]["period"].astype(str))
    shown: dict[tuple[str, str], float] = {}
    covered: dict[tuple[str, str], float] = {}
    for period in periods:
        params = {"period": [period]}
        gender = read_tables(
            cli.build_page_export(_source(demo_frames), "gender", params, {}, role=Role.VIEWER)
        )
        for _, row in gender["Jobs since baseline by cluster"].iterrows():
            for column in ("Workers at baseline", "Workers in review half-year"):
                if pd.notna(row[column]) and row["Cluster"] != "All":
                    shown[(row["Cluster"], period, column)] = row[column]
        coverage = read_tables(
            cli.build_page_export(_source(demo_frames), "coverage", params, {}, role=Role.VIEWER)
        )
        for _, row in coverage["By cluster"].iterrows():
            if pd.notna(row["Workers"]):
                covered[(row["Cluster"], period)] = row["Workers"]
    assert len(shown) >= 60  # the clusters' figures in the half-years they are shown
    leaks = []
    for cluster in demo_frames["clusters"]["cluster"].astype(str):
        sets = _baseline_sets(demo_frames, cluster)
        for a, b in itertools.combinations(sorted(sets), 2):
            apart = len(sets[a][1] ^ sets[b][1])
            both = all((cluster, p, "Workers at baseline") in shown for p in (a, b))
            if 0 < apart < 3 and both:
                leaks.append((cluster, a, b, apart))
        for period, (reporting, base) in sets.items():
            first_reports = len(reporting - base)
            now = (cluster, period, "Workers in review half-year")
            if 0 < first_reports < 3 and base and now in shown and (cluster, period) in covered:
                leaks.append((cluster, period, "coverage", first_reports))
    assert not leaks, leaks[:5]
