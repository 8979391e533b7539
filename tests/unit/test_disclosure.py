"""The viewers' publication on a hand-made programme, each withheld group worked out by hand.

Two states: A with clusters A1 (e1-e5) and A2 (e6, e7), all of sector X; B with one cluster
B1 (e8-e12) of sector Y, where e8 employs 1,000 workers and the others 20 each. Every firm
joined in 2010; every other firm employs 20.

By hand, at 2017-H2 (threshold 3, p = 10):
- threshold: A2 and "X in A2" hold 2 firms;
- dominance: B, B1, Y, "Y in B" and "Y in B1" are the same five firms; all but the two
  largest employ 3 x 20 = 60 < 10 % of 1,000 = 100;
- complement: the programme = A + B, and B is withheld alone: A (7 firms, the only other
  state) goes too; the programme = X + Y: X goes with Y; A is withheld and is exactly
  "X in A" (its only sector): "X in A" goes too;
- shown: the programme (12), A1 and "X in A1" (the same 5 firms).
"""

from __future__ import annotations

import pandas as pd
import pytest

from score_dash.access import disclosure
from score_dash.access.disclosure import COMPLEMENT, DOMINANCE, PROGRAMME, THRESHOLD, group_of
from score_dash.core.filters import Filters, build_options

PERIOD = "2017-H2"


@pytest.fixture
def frames() -> dict[str, pd.DataFrame]:
    clusters = {"A1": "IN-AA", "A2": "IN-AA", "B1": "IN-BB"}
    members = {"A1": range(1, 6), "A2": range(6, 8), "B1": range(8, 13)}
    rows = [
        (f"e{i}", cluster, clusters[cluster], "X" if cluster != "B1" else "Y")
        for cluster, ids in members.items()
        for i in ids
    ]
    enterprises = pd.DataFrame(rows, columns=["enterprise", "cluster", "state", "sector"])
    enterprises["joined_date"] = pd.Timestamp("2010-01-01")
    workforce = pd.DataFrame(
        {
            "enterprise": enterprises["enterprise"],
            "period": PERIOD,
            "total": [1000 if e == "e8" else 20 for e in enterprises["enterprise"]],
        }
    ).assign(female=5.0, male=lambda f: f["total"] - 5.0)
    return {
        "enterprises": enterprises,
        "workforce": workforce,
        "clusters": pd.DataFrame(
            {"cluster": list(clusters), "state": list(clusters.values()), "sector": ["X", "X", "Y"]}
        ),
        "states": pd.DataFrame({"state": ["IN-AA", "IN-BB"], "name": ["Aland", "Bland"]}),
        "periods": pd.DataFrame(
            {
                "period": [PERIOD],
                "start_date": [pd.Timestamp("2017-07-01")],
                "end_date": [pd.Timestamp("2017-12-31")],
                "review_date": [pd.Timestamp("2018-02-14")],
            }
        ),
    }


def test_the_groups_withheld_and_their_rules_are_those_worked_out_by_hand(frames):
    publication = disclosure.build_publication(frames, min_cell=3, p_percent=10)
    rules = {group: found.rule for (group, _), found in publication.withheld.items()}
    assert rules == {
        group_of(cluster="A2"): THRESHOLD,
        group_of(cluster="A2", sector="X"): THRESHOLD,
        group_of(state="IN-BB"): DOMINANCE,
        group_of(cluster="B1"): DOMINANCE,
        group_of(sector="Y"): DOMINANCE,
        group_of(state="IN-BB", sector="Y"): DOMINANCE,
        group_of(cluster="B1", sector="Y"): DOMINANCE,
        group_of(state="IN-AA"): COMPLEMENT,
        group_of(sector="X"): COMPLEMENT,
        group_of(state="IN-AA", sector="X"): COMPLEMENT,
    }
    shown = set(publication.groups) - set(rules)
    assert shown == {PROGRAMME, group_of(cluster="A1"), group_of(cluster="A1", sector="X")}
    assert publication.count(PERIOD) == {
        THRESHOLD: 2,
        DOMINANCE: 5,
        COMPLEMENT: 3,
        disclosure.DIFFERENCE: 0,
        disclosure.BASELINE: 0,  # whole groups: the figures since baseline are a layer
        disclosure.FEE_THRESHOLD: 0,  # as are the fees
        disclosure.FEE_DOMINANCE: 0,
    }
    assert publication.withheld_reason(group_of(state="IN-AA"), PERIOD) == (
        "withheld so that Bland cannot be worked out from a total"
    )


def test_two_groups_that_differ_by_one_firm_are_not_both_shown(frames):
    # A sector Z of e1 alone inside A1: A1 and "X in A1" (e2-e5) now differ by one firm.
    enterprises = frames["enterprises"].copy()
    enterprises.loc[enterprises["enterprise"] == "e1", "sector"] = "Z"
    publication = disclosure.build_publication(
        {**frames, "enterprises": enterprises}, min_cell=3, p_percent=10
    )
    a1 = publication.withheld_reason(group_of(cluster="A1"), PERIOD)
    a1_x = publication.withheld_reason(group_of(cluster="A1", sector="X"), PERIOD)
    assert (a1 is None) != (a1_x is None)


@pytest.mark.parametrize(
    ("workers", "dominated"),
    [
        ([100, 5, 4], True),  # 4 < 10 % of 100
        ([100, 50, 10], False),  # 10 is not less than 10
        ([100, 90], False),  # two firms: the threshold rule's, not this one's
        ([0, 0, 0, 100, 1, 1], True),  # firms without workers do not count
    ],
)
def test_the_p_percent_rule(workers, dominated):
    import numpy as np

    assert disclosure.dominated(np.array(workers, dtype=float), 10) is dominated


def test_a_viewer_gets_one_group_without_the_staff_filters(frames):
    publication = disclosure.build_publication(frames, min_cell=3, p_percent=10)
    options = build_options(frames_for_options(frames))
    filters = Filters(states=("IN-AA", "IN-BB"), size_bands=("30-49",), women_owned=True)
    kept, notices = disclosure.viewer_filters(filters, options, publication, PERIOD)
    # Aland is kept (the first state) and then dropped: the publication withholds it.
    assert kept == Filters()
    said = [str(n) for n in notices]
    assert said == [
        "size band filter (for project staff only)",
        "women-owned filter (for project staff only)",
        "state 'Bland' (viewers see one state at a time)",
        "Aland (withheld for viewers: withheld so that Bland cannot be worked out from a total)",
    ]
    kept, notices = disclosure.viewer_filters(
        Filters(clusters=("A1",)), options, publication, PERIOD
    )
    assert kept == Filters(clusters=("A1",)) and notices == []


def frames_for_options(frames):
    """The frames build_options reads, from the hand-made ones (no module, partner, size)."""
    empty = pd.DataFrame({"name": pd.Series(dtype=str)})
    return {
        **frames,
        "modules": pd.DataFrame({"module": pd.Series(dtype=str), "name": pd.Series(dtype=str)}),
        "partners": pd.DataFrame({"partner": pd.Series(dtype=str), **empty}),
        "enterprises": frames["enterprises"].assign(size_band="30-49"),
    }


def test_a_breakdown_row_is_the_selection_narrowed_and_nothing_where_they_exclude():
    cluster_states = {"A1": "IN-AA", "B1": "IN-BB"}
    rows = disclosure.row_groups(
        group_of(state="IN-AA"), "cluster", ["A1", "B1", "All", None], cluster_states, "All"
    )
    assert rows == [group_of(cluster="A1"), None, group_of(state="IN-AA"), None]
    assert disclosure.intersect(group_of(sector="X"), "sector", "Y", cluster_states) is None


def test_the_figures_since_baseline_of_a_half_year_one_firm_apart_are_withheld(frames):
    # Three half-years: everyone's first report in 2016-H2, everyone reports in 2017-H1, e1
    # stops in 2017-H2. Going back from the latest: at 2017-H2 the firms with a baseline are
    # e2-e12 (shown); at 2017-H1 they are e1-e12, one apart, so the groups holding e1 whose
    # figures are shown (the programme, A1, "X in A1") have their figures since baseline
    # withheld at 2017-H1. Groups withheld whole are not in the layer.
    periods = pd.DataFrame(
        {
            "period": ["2016-H2", "2017-H1", PERIOD],
            "start_date": pd.to_datetime(["2016-07-01", "2017-01-01", "2017-07-01"]),
            "end_date": pd.to_datetime(["2016-12-31", "2017-06-30", "2017-12-31"]),
            "review_date": pd.to_datetime(["2017-02-14", "2017-08-14", "2018-02-14"]),
        }
    )
    firms = list(frames["enterprises"]["enterprise"])
    rows = [(e, p) for p in ("2016-H2", "2017-H1") for e in firms]
    rows += [(e, PERIOD) for e in firms if e != "e1"]
    workforce = pd.DataFrame(rows, columns=["enterprise", "period"]).assign(
        total=lambda f: [1000 if e == "e8" else 20 for e in f["enterprise"]],
        female=5.0,
        male=lambda f: f["total"] - 5.0,
    )
    publication = disclosure.build_publication(
        {**frames, "periods": periods, "workforce": workforce}, min_cell=3, p_percent=10
    )
    layer = publication.layers[disclosure.BASELINE]
    assert {(g, p) for g, p in layer} == {
        (PROGRAMME, "2017-H1"),
        (group_of(cluster="A1"), "2017-H1"),
        (group_of(cluster="A1", sector="X"), "2017-H1"),
    }
    assert publication.layer_reason(disclosure.BASELINE, group_of(cluster="A1"), PERIOD) is None
    # A group withheld whole has its figures since baseline withheld with it.
    assert publication.layer_reason(disclosure.BASELINE, group_of(cluster="A2"), PERIOD)


def test_a_group_with_fewer_than_three_firms_reporting_their_workforce_is_withheld(frames):
    # A1 holds 5 firms, but only e1 and e2 report in 2017-H2: its workers would be theirs
    # (the state less A2 and the programme less B give them as well).
    workforce = frames["workforce"]
    workforce = workforce[~workforce["enterprise"].isin(["e3", "e4", "e5"])]
    publication = disclosure.build_publication(
        {**frames, "workforce": workforce}, min_cell=3, p_percent=10
    )
    assert publication.withheld[(group_of(cluster="A1"), PERIOD)].rule == THRESHOLD
    assert publication.withheld[(group_of(cluster="A1", sector="X"), PERIOD)].rule == THRESHOLD
    # Every group is now withheld but the programme: A1, A2 and B are, and A = A1 + A2.
    shown = {g for g in publication.groups if (g, PERIOD) not in publication.withheld}
    assert shown == {PROGRAMME}


# --- the sex of workers not reported, estimated for viewers ---------------------------------

# Cluster A1 (sector X): e1-e3 give the sex, e4 does not. Cluster A2: e6 gives it, e7 not.
# Workers (role worker, employment permanent), 2017-H2:
#   e1 40 = 10 women + 30 men; e2 60 = 20 + 40; e3 100 = 30 + 70; e4 50 without sex;
#   e6 30 = 30 + 0; e7 10 without sex; B1's e8-e12 give 5 women each of 20 (e8: of 1,000).
# By hand:
# - e4: A1 and "X in A1" hold 3 firms giving the sex: 60 women of 200 = 30 %; 50 x 0.3 = 15.
# - e7: A2 holds one (e6): too few; its state A holds e1-e3 and e6: 90 of 230; 10 x 90/230
#   = 3.91 -> 4 women, 6 men.
SEXES = {
    "e1": (40, 10, 30),
    "e2": (60, 20, 40),
    "e3": (100, 30, 70),
    "e4": (50, None, None),
    "e5": None,  # no report
    "e6": (30, 30, 0),
    "e7": (10, None, None),
}


@pytest.fixture
def unsexed(frames) -> dict[str, pd.DataFrame]:
    rows = []
    for enterprise in frames["enterprises"]["enterprise"]:
        figures = SEXES.get(enterprise, (1000, 5, 995) if enterprise == "e8" else (20, 5, 15))
        if figures is not None:
            rows.append((enterprise, PERIOD, "worker", "permanent", *figures))
    workforce = pd.DataFrame(
        rows, columns=["enterprise", "period", "role", "employment", "total", "female", "male"]
    ).astype({"female": "Int64", "male": "Int64"})
    return {**frames, "workforce": workforce}


def test_the_sex_of_unreported_workers_is_estimated_from_three_firms_at_least(unsexed):
    estimated = disclosure.estimate_sex(unsexed, min_cell=3)["workforce"].set_index("enterprise")
    assert estimated.loc["e4", ["female", "male"]].tolist() == [15, 35]
    assert estimated.loc["e7", ["female", "male"]].tolist() == [4, 6]
    assert estimated.loc["e1", ["female", "male"]].tolist() == [10, 30]  # as reported
    assert estimated["sex_estimated"].to_dict() == {e: e in ("e4", "e7") for e in estimated.index}
    # Women + men = workers everywhere: no "sex not reported" is left to give a firm away.
    assert (estimated["female"] + estimated["male"] == estimated["total"]).all()
    # The frames given are not changed.
    assert unsexed["workforce"]["female"].isna().sum() == 2


def test_the_unreported_layer_is_withheld_from_viewers_for_every_group(unsexed):
    publication = disclosure.build_publication(unsexed, min_cell=3, p_percent=10)
    for group in (PROGRAMME, group_of(cluster="A1"), group_of(state="IN-AA")):
        assert publication.layer_reason(disclosure.UNREPORTED, group, PERIOD) == (
            disclosure.ESTIMATED_TEXT
        )


def test_fees_one_firm_dominates_are_withheld_for_its_groups_only(frames):
    # Modules started in 2017-H2: e1 pays 100,000 INR, e2-e5 (A1) 1,000 each and e8-e12 (B1)
    # 5,000 each. By hand (p = 10): A1 and "X in A1" (e1-e5): all but the two largest pay
    # 3,000 < 10,000: dominated. The programme: all but e1 and one 5,000 pay 4 x 5,000 +
    # 4 x 1,000 = 24,000: not. B1's groups are not (and are withheld whole anyway). A, X and
    # "X in A" are withheld whole, so nothing more is needed: the programme's fees less
    # what is shown (nothing else) leave A1's and B's together.
    fees = {"e1": 100_000.0, **{f"e{i}": 1_000.0 for i in range(2, 6)}}
    fees.update({f"e{i}": 5_000.0 for i in range(8, 13)})
    enrolments = pd.DataFrame(
        {
            "enterprise": list(fees),
            "module": "M1",
            "enrolled_date": pd.Timestamp("2017-09-01"),
            "fee_paid_inr": list(fees.values()),
        }
    )
    publication = disclosure.build_publication(
        {**frames, "enrolments": enrolments}, min_cell=3, p_percent=10
    )
    layer = publication.layers[disclosure.FEES]
    assert {group: found.rule for (group, _), found in layer.items()} == {
        group_of(cluster="A1"): disclosure.FEE_DOMINANCE,
        group_of(cluster="A1", sector="X"): disclosure.FEE_DOMINANCE,
    }
    assert publication.layer_reason(disclosure.FEES, group_of(cluster="A1"), PERIOD) == (
        "one enterprise dominates the fees (p % rule, p = 10)"
    )
    assert publication.layer_reason(disclosure.FEES, PROGRAMME, PERIOD) is None
    # A1's other figures are shown.
    assert publication.withheld_reason(group_of(cluster="A1"), PERIOD) is None
