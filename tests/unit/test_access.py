"""Roles and what a viewer gets: role resolution, local mode, and suppression of small cells,
complementary suppression included (score_dash.access.policy)."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from score_dash.access.policy import (
    Role,
    is_loopback,
    is_proxied,
    local_identity,
    matches,
    parse_entries,
    restrict,
    restrict_sheet,
    role_of,
    selection_too_small,
    suppression_mask,
)
from score_dash.core.reports import Follows, PageReport, Sheet

STAFF = parse_entries("m.e.officer@ilo.org, @score-india.org ")
ADMINS = parse_entries("Admin@ILO.org")


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("admin@ilo.org", Role.ADMIN),
        ("ADMIN@ilo.ORG", Role.ADMIN),  # case does not matter
        ("m.e.officer@ilo.org", Role.STAFF),
        ("anyone@score-india.org", Role.STAFF),  # a whole domain
        ("anyone@sub.score-india.org", Role.VIEWER),  # not its subdomains
        ("someone@ilo.org", Role.VIEWER),  # the domain of one staff address is not staff
        ("score-india.org@evil.example", Role.VIEWER),
        ("", Role.VIEWER),
    ],
)
def test_roles_come_from_addresses_and_domains(email, role):
    assert role_of(email, STAFF, ADMINS) == role


def test_entries_are_trimmed_lower_case_and_empty_ones_dropped():
    assert parse_entries(" A@x.org,, @Y.org ,") == ("a@x.org", "@y.org")
    assert not matches("nobody", ("@y.org",))


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.1.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("", False),
        (None, False),
        ("10.0.0.5", False),
        ("score.ilo.org", False),
    ],
)
def test_local_mode_is_staff_on_loopback_only(address, loopback):
    assert is_loopback(address) is loopback
    assert local_identity(address).role == (Role.STAFF if loopback else Role.VIEWER)


@pytest.mark.parametrize(
    ("headers", "proxied"),
    [
        (["Host", "Origin", "Cookie"], False),
        ([], False),
        (["Host", "X-Forwarded-For"], True),
        (["host", "x-real-ip"], True),
        (["Forwarded"], True),
    ],
)
def test_a_request_through_a_reverse_proxy_is_never_the_local_user(headers, proxied):
    """Behind nginx the server listens on loopback: a proxied visitor is still a viewer."""
    assert is_proxied(headers) is proxied
    role = local_identity("127.0.0.1", is_proxied(headers)).role
    assert role == (Role.VIEWER if proxied else Role.STAFF)


def test_a_selection_of_fewer_than_the_minimum_shows_a_viewer_nothing():
    assert selection_too_small(2, Role.VIEWER, 3)
    assert not selection_too_small(3, Role.VIEWER, 3)
    assert not selection_too_small(1, Role.STAFF, 3)


def report_of(*sheets: Sheet) -> PageReport:
    return PageReport("test", "Test", sheets)


def test_staff_get_the_report_unchanged_and_viewers_lose_enterprise_rows():
    rows = Sheet(
        "Change per enterprise",
        pd.DataFrame({"Enterprise": ["E1", "E2"], "Change": [1.0, 2.0]}),
        audience="staff",
    )
    report = report_of(rows)
    assert restrict(report, Role.STAFF, 3) is report
    shown = restrict(report, Role.VIEWER, 3).sheet("Change per enterprise")
    assert shown.frame.empty and list(shown.frame.columns) == ["Enterprise", "Change"]
    assert shown.withheld


def clusters() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Cluster": ["A", "B", "C", "D", "E"],
            "State": ["X", "X", "X", "Y", "Y"],
            "Enterprises": [2, 10, 4, 20, 30],
            "Workers": [100, 900, 300, 2000, 2500],
            "Women (%)": [40.0, 30.0, 20.0, 10.0, 50.0],
        }
    )


def test_a_small_row_and_the_next_smallest_of_its_group_are_suppressed():
    sheet = Sheet(
        "By cluster",
        clusters(),
        enterprises="Enterprises",
        labels=("Cluster", "State"),
        complement="State",
    )
    shown = restrict(report_of(sheet), Role.VIEWER, 3).table("By cluster").set_index("Cluster")
    # A has 2 enterprises; C (4) goes with it, so the state's total gives only A + C.
    assert shown.loc[["A", "C"], "Workers"].isna().all()
    assert shown.loc[["B", "D", "E"], "Workers"].tolist() == [900, 2000, 2500]
    assert shown.loc["A", "Note"] == "fewer than 3 enterprises"
    assert shown.loc["A", "State"] == "X"  # the labels stay
    assert shown["Workers"].dtype == "Int64"  # counts stay whole numbers


@st.composite
def groups(draw):
    """A table of rows in groups: enterprises (0-12) and a figure per row."""
    n = draw(st.integers(min_value=1, max_value=12))
    return pd.DataFrame(
        {
            "Group": draw(st.lists(st.sampled_from("PQR"), min_size=n, max_size=n)),
            "Enterprises": draw(st.lists(st.integers(0, 12), min_size=n, max_size=n)),
            "Figure": draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n)),
        }
    )


@settings(max_examples=300, deadline=None)
@given(groups(), st.integers(min_value=2, max_value=5))
def test_no_suppressed_figure_can_be_recomputed_from_a_group_total(frame, min_cell):
    """Knowing each group's total (shown elsewhere) and the figures left, a viewer learns at
    most the sum over the suppressed rows: it always covers at least `min_cell` enterprises,
    and no row from fewer than `min_cell` enterprises is shown."""
    mask = suppression_mask(frame, "Enterprises", "Group", min_cell)
    small = (frame["Enterprises"] > 0) & (frame["Enterprises"] < min_cell)
    assert not (small & ~mask).any()  # every small row is suppressed
    for _, rows in frame[mask].groupby("Group"):
        group = frame[frame["Group"] == rows["Group"].iloc[0]]
        with_enterprises = group[group["Enterprises"] > 0]
        if len(rows) == len(with_enterprises):
            # Every row of the group is held back: its total (elsewhere) is then the only
            # thing to learn, and it comes from all of them.
            continue
        assert rows["Enterprises"].sum() >= min_cell
        assert len(rows) >= 2  # one suppressed row would be the total minus the others


def test_a_table_about_too_few_enterprises_is_suppressed_whole():
    summary = Sheet(
        "Summary",
        pd.DataFrame({"Figure": ["Enterprises", "Share improved (%)"], "Value": [2.0, 50.0]}),
        labels=("Figure",),
        sheet_enterprises=2,
    )
    shown = restrict(report_of(summary), Role.VIEWER, 3).table("Summary")
    assert shown["Figure"].tolist() == ["Enterprises", "Share improved (%)"]
    assert all(math.isnan(v) for v in shown["Value"])


# --- figures from other enterprises than their row, funnels, tables that follow others -----


def rates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Half-year": ["2016-H1", "2016-H2", "2017-H1"],
            "Enterprises": [10, 12, 2],
            "Fee income (INR)": [50_000.0, 60_000.0, 9_000.0],
            "Responding": [5, 2, 1],
            "Satisfaction (%)": [80.0, 95.0, 70.0],
        }
    )


def test_a_column_from_other_enterprises_is_emptied_where_they_are_too_few():
    sheet = Sheet(
        "Cost recovery",
        rates(),
        enterprises="Enterprises",
        labels=("Half-year",),
        column_enterprises=(("Satisfaction (%)", "Responding"),),
    )
    shown = restrict(report_of(sheet), Role.VIEWER, 3).table("Cost recovery")
    assert shown["Fee income (INR)"].tolist()[:2] == [50_000.0, 60_000.0]
    assert math.isnan(shown["Fee income (INR)"].iloc[2])  # the row's own rule
    assert shown["Satisfaction (%)"].iloc[0] == 80.0
    assert math.isnan(shown["Satisfaction (%)"].iloc[1])  # 2 responding of 12
    assert shown["Note"].tolist() == [
        "",
        "Satisfaction (%): fewer than 3 enterprises",
        "fewer than 3 enterprises",
    ]


def test_column_counts_may_be_one_number_or_one_per_row_not_shown():
    frame = pd.DataFrame({"Stage": ["Enrolled", "Completed"], "M1 (%)": [100.0, 40.0]})
    frame["M5 (%)"] = [100.0, 50.0]
    sheet = Sheet(
        "Comparison",
        frame,
        labels=("Stage",),
        column_enterprises=(("M1 (%)", (40, 16)), ("M5 (%)", 2)),
    )
    shown = restrict(report_of(sheet), Role.VIEWER, 3).table("Comparison")
    assert shown["M1 (%)"].tolist() == [100.0, 40.0]
    assert shown["M5 (%)"].isna().all()
    with pytest.raises(ValueError, match="1 counts for 2 rows"):
        restrict(report_of(replace(sheet, column_enterprises=(("M1 (%)", (40,)),))), Role.VIEWER, 3)
    with pytest.raises(KeyError, match="M9"):
        restrict(report_of(replace(sheet, column_enterprises=(("M9 (%)", 2),))), Role.VIEWER, 3)


def funnel() -> pd.DataFrame:
    """Two modules' funnels: M2's third step has 2 enterprises, and its last none."""
    return pd.DataFrame(
        {
            "Module": ["M1"] * 4 + ["M2"] * 4,
            "Stage": ["Enrolled", "Classroom", "Visit", "Completed"] * 2,
            "Enterprises": [40, 30, 20, 10, 9, 5, 2, 0],
            "Lost since previous step": [0, 10, 10, 10, 0, 4, 3, 2],
        }
    )


def test_a_suppressed_step_takes_the_later_steps_of_its_funnel_with_it():
    # M2's last step has no enterprise, but its loss (2) is the suppressed step's count.
    sheet = Sheet(
        "Funnel",
        funnel(),
        enterprises="Enterprises",
        labels=("Module", "Stage"),
        steps="Module",
    )
    shown = restrict(report_of(sheet), Role.VIEWER, 3).table("Funnel")
    hidden = shown["Enterprises"].isna().tolist()
    assert hidden == [False] * 4 + [False, False, True, True]


def test_a_funnel_step_adding_up_across_modules_is_protected_with_its_later_steps():
    sheet = Sheet(
        "Funnel",
        funnel(),
        enterprises="Enterprises",
        labels=("Module", "Stage"),
        steps="Module",
        complement="Stage",  # each stage's rows add up to a total shown elsewhere
    )
    shown = restrict(report_of(sheet), Role.VIEWER, 3).table("Funnel")
    # M2's visit (2) needs a second row of its stage: M1's visit, and then M1's completion.
    assert shown["Enterprises"].isna().tolist() == [False, False, True, True] * 2


def states_and_clusters() -> tuple[Sheet, Sheet]:
    states = Sheet(
        "By state",
        pd.DataFrame(
            {"State": ["X", "Y", "Z"], "Enterprises": [2, 5, 30], "Workers": [90, 400, 2500]}
        ),
        enterprises="Enterprises",
        labels=("State",),
        complement=True,
    )
    clusters = Sheet(
        "By cluster",
        pd.DataFrame(
            {
                "Cluster": ["x1", "y1", "z1", "z2"],
                "State": ["X", "Y", "Z", "Z"],
                "Enterprises": [2, 5, 10, 20],
                "Workers": [90, 400, 900, 1600],
            }
        ),
        enterprises="Enterprises",
        labels=("Cluster", "State"),
        complement="State",
        follows=Follows("By state", "State"),
    )
    return states, clusters


def test_rows_that_add_up_to_a_suppressed_row_of_another_table_are_suppressed():
    states, clusters = states_and_clusters()
    # Y is held back to protect X; its only cluster would give Y (and then X) away.
    report = restrict(report_of(clusters, states), Role.VIEWER, 3)  # order does not matter
    assert report.table("By state")["Workers"].isna().tolist() == [True, True, False]
    assert report.table("By cluster")["Workers"].isna().tolist() == [True, True, False, False]


def test_a_pivot_follows_the_rows_it_shows():
    funnel_sheet = Sheet(
        "Funnel",
        funnel().assign(**{"Of enrolled (%)": [100.0, 75.0, 50.0, 25.0, 100.0, 55.6, 22.2, 0.0]}),
        enterprises="Enterprises",
        labels=("Module", "Stage"),
        steps="Module",
    )
    wide = pd.DataFrame(
        {
            "Stage": ["Enrolled", "Classroom", "Visit", "Completed"],
            "M1 (%)": [100.0, 75.0, 50.0, 25.0],
            "M2 (%)": [100.0, 55.6, 22.2, 0.0],
        }
    )
    comparison = Sheet(
        "Comparison",
        wide,
        labels=("Stage",),
        follows=Follows(
            "Funnel",
            "Stage",
            pivot="Module",
            value="Of enrolled (%)",
            columns=(("M1 (%)", "M1"), ("M2 (%)", "M2")),
        ),
    )
    shown = restrict(report_of(funnel_sheet, comparison), Role.VIEWER, 3).table("Comparison")
    assert shown["M1 (%)"].tolist() == [100.0, 75.0, 50.0, 25.0]
    assert shown["M2 (%)"].isna().tolist() == [False, False, True, True]
    assert shown["Note"].iloc[3] == "M2 (%): fewer than 3 enterprises"


def test_a_table_following_a_missing_one_is_refused():
    _, clusters = states_and_clusters()
    with pytest.raises(ValueError, match="follow missing tables"):
        restrict(report_of(clusters), Role.VIEWER, 3)
    with pytest.raises(ValueError, match="restrict the report"):
        restrict_sheet(clusters, 3)


@st.composite
def funnels(draw):
    """Funnels of 1-4 modules with 2-5 steps each, narrowing step by step."""
    modules = draw(st.integers(min_value=1, max_value=4))
    steps = draw(st.integers(min_value=2, max_value=5))
    rows = []
    for module in range(modules):
        reached = draw(st.integers(0, 12))
        for step in range(steps):
            rows.append({"Module": f"M{module}", "Step": step, "Enterprises": reached})
            reached = draw(st.integers(0, reached))
    return pd.DataFrame(rows)


@settings(max_examples=300, deadline=None)
@given(funnels(), st.integers(min_value=2, max_value=5))
def test_no_step_of_a_funnel_can_be_recomputed(frame, min_cell):
    """A suppressed step's later steps are suppressed (their losses would give its count
    away), and each stage's suppressed rows hold at least `min_cell` enterprises from two
    or more modules unless the whole stage is held back."""
    mask = suppression_mask(frame, "Enterprises", "Step", min_cell, steps="Module")
    small = (frame["Enterprises"] > 0) & (frame["Enterprises"] < min_cell)
    assert not (small & ~mask).any()
    for _, rows in mask.groupby(frame["Module"]):
        flags = rows.tolist()
        assert flags == sorted(flags)  # once suppressed, suppressed to the end
    for _, rows in frame[mask].groupby("Step"):
        stage = frame[frame["Step"] == rows["Step"].iloc[0]]
        counted = rows[rows["Enterprises"] > 0]
        if counted.empty or len(counted) == (stage["Enterprises"] > 0).sum():
            continue
        assert counted["Enterprises"].sum() >= min_cell
        assert len(counted) >= 2


@st.composite
def nested(draw):
    """States and their clusters: each state's enterprises are its clusters'."""
    clusters = []
    for state in "PQRS"[: draw(st.integers(min_value=1, max_value=4))]:
        for index in range(draw(st.integers(min_value=1, max_value=3))):
            clusters.append({"Cluster": f"{state}{index}", "State": state})
    frame = pd.DataFrame(clusters)
    size = len(frame)
    frame["Enterprises"] = draw(st.lists(st.integers(0, 9), min_size=size, max_size=size))
    frame["Workers"] = frame["Enterprises"] * 50
    return frame


@settings(max_examples=100, deadline=None)
@given(nested(), st.integers(min_value=2, max_value=5))
def test_nothing_suppressed_can_be_summed_back_from_states_and_clusters(clusters, min_cell):
    """With the programme's total, the states' and the clusters' figures a viewer sees, each
    figure held back is known only within a sum over two or more rows of at least
    `min_cell` enterprises (or a whole group the total alone covers)."""
    states = clusters.groupby("State", as_index=False)[["Enterprises", "Workers"]].sum()
    report = report_of(
        Sheet("By state", states, enterprises="Enterprises", labels=("State",), complement=True),
        Sheet(
            "By cluster",
            clusters,
            enterprises="Enterprises",
            labels=("Cluster", "State"),
            complement="State",
            follows=Follows("By state", "State"),
        ),
    )
    shown = restrict(report, Role.VIEWER, min_cell)
    state_hidden = shown.table("By state").set_index("State")["Workers"].isna()
    cluster_hidden = shown.table("By cluster")["Workers"].isna()

    def protected(rows: pd.DataFrame, hidden: pd.Series) -> bool:
        counted = rows[hidden & (rows["Enterprises"] > 0)]
        everyone = rows[rows["Enterprises"] > 0]
        return (
            counted.empty
            or len(counted) == len(everyone)
            or (counted["Enterprises"].sum() >= min_cell and len(counted) >= 2)
        )

    assert protected(states, state_hidden.to_numpy())
    for state, rows in clusters.groupby("State"):
        hidden = cluster_hidden[rows.index]
        if state_hidden[state]:
            assert hidden.all()  # the state's total is not to be summed back
        else:
            assert protected(rows, hidden)


def test_a_note_gives_each_withheld_figure_its_own_reason():
    """A row whose fee income the publication withholds (a layer) and whose satisfaction
    comes from too few enterprises says both, each for its figures; a row withheld whole by
    the publication gives that one reason."""
    from score_dash.access.policy import _suppress

    frame = pd.DataFrame(
        {"Half-year": ["2016-H1", "2016-H2"], "Fees": [10.0, 20.0], "Satisfaction": [80.0, 90.0]}
    )
    mask = pd.DataFrame({"Fees": [True, True], "Satisfaction": [True, True]}, index=frame.index)
    out = _suppress(
        frame,
        mask,
        3,
        reasons=[None, "fewer than 3 enterprises"],
        layered={"Fees": ["one enterprise dominates the fees", "one enterprise dominates"]},
    )
    assert out["Note"].tolist() == [
        "Fees: one enterprise dominates the fees; Satisfaction: fewer than 3 enterprises",
        "fewer than 3 enterprises",
    ]
