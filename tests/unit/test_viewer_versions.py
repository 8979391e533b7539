"""The viewer editions of hand-made sequences of data versions (score_dash/access/versions.py).

Each sequence gives, by hand, the enterprises whose data differ between two versions and the
groups of each version; the expected editions are worked out in each test's comment from the
rule: walk the versions in order; a version is visible when, against every earlier visible
one, each group's enterprises include 0 or at least `min_cell` (3) of the differing ones,
else a viewer reads the latest earlier visible one. The first tests have one group, the
programme; the later ones a publication's groups (`disclosure.group_members`) of hand-made
enterprises in states, clusters and sectors.
"""

from __future__ import annotations

import pandas as pd
import pytest

from score_dash.access import disclosure
from score_dash.access.versions import (
    close,
    held_back_text,
    publish_warning,
    viewer_editions,
)
from score_dash.meetings import since_review

MIN_CELL = 3


def apart_from(table: dict[tuple[int, int], int]):
    """`differing(a, b)` from a hand-made table of how many firms differ between pairs
    (either order; firms named after the pair); a pair not in it is an error, so a test shows
    every comparison the rule makes."""
    asked: list[tuple[int, int]] = []

    def differing(a: int, b: int) -> dict[str, frozenset[str]]:
        asked.append((a, b))
        count = table[(a, b)] if (a, b) in table else table[(b, a)]
        return {"data": frozenset(f"firm {min(a, b)}-{max(a, b)} #{i}" for i in range(count))}

    differing.asked = asked  # type: ignore[attr-defined]
    return differing


def programme(version: int) -> dict[str, frozenset[str]]:
    """One group, the programme, holding every firm the tests above name (a firm not in
    any group is in no viewer's figures)."""
    return {"programme": EVERYONE}


EVERYONE = frozenset(
    f"firm {a}-{b} #{i}" for a in range(1, 8) for b in range(1, 8) for i in range(8)
)


def test_one_late_report_between_two_versions_is_held_back_until_five_firms_differ() -> None:
    # 2 is one firm from 1: held at 1. 3 is compared with 1 only (2 is not visible): five
    # firms, visible. 2 against 3 (say 4) is never asked: a viewer never reads 2.
    apart = apart_from({(1, 2): 1, (1, 3): 5})
    assert viewer_editions([1, 2, 3], apart, programme, MIN_CELL) == {1: 1, 2: 1, 3: 3}
    assert apart.asked == [(1, 2), (1, 3)]


def test_a_version_four_firms_from_one_but_one_from_a_visible_other_is_held_at_that_other() -> None:
    # 2 is three firms from 1: visible. 3 is four from 1 but one from 2, whose figures
    # viewers have: held at 2 (3 less 2 would be that firm's figures).
    apart = apart_from({(1, 2): 3, (1, 3): 4, (2, 3): 1})
    editions = viewer_editions([3, 1, 2], apart, programme, MIN_CELL)  # any order in
    assert editions == {1: 1, 2: 2, 3: 2}
    assert sorted(v for v, shown in editions.items() if v == shown) == [1, 2]


def test_two_firms_apart_is_too_few_and_three_is_enough() -> None:
    # 2 is two from 1: held at 1. 3 is three from 1 (the threshold): visible.
    apart = apart_from({(1, 2): 2, (1, 3): 3})
    assert viewer_editions([1, 2, 3], apart, programme, MIN_CELL) == {1: 1, 2: 1, 3: 3}


def test_the_same_data_under_two_versions_are_both_visible() -> None:
    # 2 changed nothing an enterprise holds (0 apart): visible; 3 is 1 from 2 and 1 from 1,
    # held at the latest visible one, 2.
    apart = apart_from({(1, 2): 0, (1, 3): 1, (2, 3): 1})
    assert viewer_editions([1, 2, 3], apart, programme, MIN_CELL) == {1: 1, 2: 2, 3: 2}


def test_a_held_version_stays_held_whatever_comes_after_it() -> None:
    # 1 visible; 2 (1 from 1) held at 1; 3 (2 from 1) held at 1; 4 (6 from 1) visible;
    # 5 (1 from 4, 7 from 1) held at 4. Two reviews at one version count once.
    apart = apart_from({(1, 2): 1, (1, 3): 2, (1, 4): 6, (1, 5): 7, (4, 5): 1})
    editions = viewer_editions([1, 2, 2, 3, 4, 5], apart, programme, MIN_CELL)
    assert editions == {1: 1, 2: 1, 3: 1, 4: 4, 5: 4}
    assert sorted(v for v, shown in editions.items() if v == shown) == [1, 4]


def test_a_single_version_is_its_own_edition_and_none_gives_none() -> None:
    assert viewer_editions([7], apart_from({}), programme, MIN_CELL) == {7: 7}
    assert viewer_editions([], apart_from({}), programme, MIN_CELL) == {}


# --- the groups a viewer selects: three firms apart in the programme can be one in a cluster --

# Hand-made enterprises: Tamil Nadu (TN) with the clusters Chennai (c1-c4 garments, c5, c6,
# c8 leather) and Coimbatore (k1-k4 garments); Karnataka (KA) with Bengaluru (b1-b4 garments).
PLACES = {
    **{f"c{i}": ("TN", "Chennai", "Garments") for i in (1, 2, 3, 4)},
    **{f"c{i}": ("TN", "Chennai", "Leather") for i in (5, 6, 8)},
    **{f"k{i}": ("TN", "Coimbatore", "Garments") for i in (1, 2, 3, 4)},
    **{f"b{i}": ("KA", "Bengaluru", "Garments") for i in (1, 2, 3, 4)},
}


def enterprises(places: dict[str, tuple[str, str, str]]) -> pd.DataFrame:
    rows = [(code, *where) for code, where in places.items()]
    return pd.DataFrame(rows, columns=["enterprise", "state", "cluster", "sector"])


def two_versions(
    changed: set[str],
    joined: dict[str, tuple[str, str, str]] | None = None,
    earlier_half: set[str] = frozenset(),
):
    """Version 1 (PLACES) and version 2 (PLACES and the firms `joined`), the workforce of
    2017-H2 of the firms `changed` and of those joined differing between them, and the
    workforce of 2016-H1 of the firms `earlier_half`: (differing, members)."""
    members = {
        1: disclosure.group_members(enterprises(PLACES)),
        2: disclosure.group_members(enterprises({**PLACES, **(joined or {})})),
    }
    parts = {
        ("workforce", "2017-H2"): frozenset(changed | set(joined or {})),
        ("workforce", "2016-H1"): frozenset(earlier_half),
    }
    return (lambda a, b: parts), members.__getitem__


def giving_away(changed: set[str], joined: dict[str, tuple[str, str, str]] | None = None):
    """The groups (in words) whose enterprises include 1 or 2 of the differing ones."""
    differing, members = two_versions(changed, joined)
    found = differing(1, 2)[("workforce", "2017-H2")]
    states = {"TN": "Tamil Nadu", "KA": "Karnataka"}
    return {
        disclosure.group_label(group, states)
        for group, firms in members(2).items()
        if 0 < len(found & firms) < MIN_CELL
    }


def test_three_firms_in_three_clusters_are_held_back_though_three_apart_in_the_programme() -> None:
    # c1 (Chennai), k1 (Coimbatore), b1 (Bengaluru): the programme and the garments sector
    # differ by 3 firms, but Tamil Nadu by 2 (c1, k1), Karnataka, each cluster and each
    # garments-within-a-place group by 1.
    assert giving_away({"c1", "k1", "b1"}) == {
        "Tamil Nadu",
        "Karnataka",
        "Chennai",
        "Coimbatore",
        "Bengaluru",
        "Garments in Tamil Nadu",
        "Garments in Karnataka",
        "Garments in Chennai",
        "Garments in Coimbatore",
        "Garments in Bengaluru",
    }
    differing, members = two_versions({"c1", "k1", "b1"})
    assert viewer_editions([1, 2], differing, members, MIN_CELL) == {1: 1, 2: 1}


def test_three_firms_of_one_cluster_and_sector_are_visible() -> None:
    # c1, c2, c3: every group holding one holds all three (the programme, Tamil Nadu,
    # Chennai, garments, garments in Tamil Nadu, garments in Chennai).
    assert giving_away({"c1", "c2", "c3"}) == set()
    differing, members = two_versions({"c1", "c2", "c3"})
    assert viewer_editions([1, 2], differing, members, MIN_CELL) == {1: 1, 2: 2}


def test_a_new_firm_counts_in_the_groups_it_joins() -> None:
    # c9 joins Chennai's garments while c1 and c2 (Chennai, garments) change: every group of
    # c9 holds c1, c2 and c9, three firms: visible.
    joined = {"c9": ("TN", "Chennai", "Garments")}
    assert giving_away({"c1", "c2"}, joined) == set()
    differing, members = two_versions({"c1", "c2"}, joined)
    assert viewer_editions([1, 2], differing, members, MIN_CELL) == {1: 1, 2: 2}
    # c9 joins Chennai's leather instead: Chennai, Tamil Nadu and the programme still
    # differ by three, but leather, leather in Tamil Nadu and leather in Chennai (c5, c6,
    # c8 at version 1) by c9 alone (its figures are leather's at 2 less at 1), and
    # garments, garments in Tamil Nadu and garments in Chennai by c1 and c2 only. Held.
    joined = {"c9": ("TN", "Chennai", "Leather")}
    expected = {"Leather", "Leather in Tamil Nadu", "Leather in Chennai"} | {
        "Garments",
        "Garments in Tamil Nadu",
        "Garments in Chennai",
    }
    assert giving_away({"c1", "c2"}, joined) == expected
    differing, members = two_versions({"c1", "c2"}, joined)
    assert viewer_editions([1, 2], differing, members, MIN_CELL) == {1: 1, 2: 1}


def test_a_firm_gone_or_moved_counts_in_its_groups_at_either_version() -> None:
    earlier = {"programme": frozenset("abcdefg"), "X": frozenset("abcd"), "Y": frozenset("efg")}
    moved = {"programme": frozenset("abcdefg"), "X": frozenset("abc"), "Y": frozenset("defg")}
    gone = {"programme": frozenset("abcefg"), "X": frozenset("abc"), "Y": frozenset("efg")}
    assert close({"t": frozenset("d")}, earlier, moved, MIN_CELL)  # X less d, Y with d
    assert close({"t": frozenset("d")}, earlier, gone, MIN_CELL)  # X and the programme less d
    # d moved and e, f, g changed: Y differs by 4, but X by d alone.
    assert close({"t": frozenset("defg")}, earlier, moved, MIN_CELL)
    assert not close({"t": frozenset("abcd")}, earlier, gone, MIN_CELL)  # X, programme by 4
    assert not close({"t": frozenset()}, earlier, gone, MIN_CELL)
    assert not close({}, earlier, gone, MIN_CELL)


def test_each_half_year_and_table_is_checked_on_its_own() -> None:
    # c1's workforce of 2017-H2, c2's and c3's of 2016-H1: three firms of Chennai's
    # garments apart, but its 2017-H2 workforce by c1 alone and its 2016-H1 by two. Held.
    differing, members = two_versions({"c1"}, earlier_half={"c2", "c3"})
    assert viewer_editions([1, 2], differing, members, MIN_CELL) == {1: 1, 2: 1}
    # c1, c2, c3 of 2017-H2 and c2, c3, c4 of 2016-H1: three in each. Visible.
    differing, members = two_versions({"c1", "c2", "c3"}, earlier_half={"c2", "c3", "c4"})
    assert viewer_editions([1, 2], differing, members, MIN_CELL) == {1: 1, 2: 2}
    # One firm's KPI with three firms' workforce, both of 2017-H2 (a part per table): held.
    parts = {
        ("workforce", "2017-H2"): frozenset({"c1", "c2", "c3"}),
        ("kpis", "2017-H2"): frozenset({"c4"}),
    }
    assert close(parts, members(1), members(2), MIN_CELL)


def test_the_parts_are_the_rows_of_each_table_and_half_year_that_differ() -> None:
    before = {
        "workforce": pd.DataFrame(
            {
                "enterprise": ["a", "a", "b", "c"],
                "period": ["2016-H1", "2017-H2", "2017-H2", "2017-H2"],
                "total": [10, 20, 30, 40],
            }
        ),
        "enterprises": pd.DataFrame({"enterprise": ["a", "b", "c"], "sector": ["G", "G", "L"]}),
        "clusters": pd.DataFrame({"cluster": ["X"], "state": ["TN"]}),
    }
    after = {
        # a's 2016-H1 changed, b's 2017-H2 gone, d's 2017-H2 new; a's 2017-H2 and c's kept
        "workforce": pd.DataFrame(
            {
                "enterprise": ["a", "a", "c", "d"],
                "period": ["2016-H1", "2017-H2", "2017-H2", "2017-H2"],
                "total": [11, 20, 40, 50],
            }
        ),
        "enterprises": pd.DataFrame(
            {"enterprise": ["a", "b", "c", "d"], "sector": ["G", "G", "G", "L"]}
        ),
        "clusters": pd.DataFrame({"cluster": ["X"], "state": ["KA"]}),  # no enterprise's
    }
    assert since_review.compute_changed_parts(before, after) == {
        ("workforce", "2016-H1"): frozenset({"a"}),
        ("workforce", "2017-H2"): frozenset({"b", "d"}),
        ("enterprises", ""): frozenset({"c", "d"}),
    }


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        (None, "Viewers see the figures as at the Review of A: the imports since then concern"),
        ("Review of B", "Viewers see the Review of B with the figures as at the Review of A"),
    ],
)
def test_the_notice_names_the_review_whose_figures_viewers_see(review, expected) -> None:
    assert held_back_text("Review of A", MIN_CELL, review).startswith(expected)


def test_the_publish_warning_names_both_reviews_and_the_threshold() -> None:
    warning = publish_warning("Review of B", "Review of A", MIN_CELL)
    expected = "Viewers will see the Review of B with the figures of the Review of A"
    assert warning.startswith(expected)
    assert "fewer than 3 enterprises" in warning
