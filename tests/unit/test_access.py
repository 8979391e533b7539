"""Roles and what a viewer gets: role resolution, local mode, and suppression of small cells,
complementary suppression included (score_dash.access)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from score_dash.access import (
    Role,
    is_loopback,
    is_proxied,
    local_identity,
    matches,
    parse_entries,
    restrict,
    role_of,
    selection_too_small,
    suppression_mask,
)
from score_dash.reports import PageReport, Sheet

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


@settings(max_examples=300)
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
