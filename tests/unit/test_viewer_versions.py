"""The viewer editions of hand-made sequences of data versions (score_dash/access/versions.py).

Each sequence gives, by hand, how many enterprises' data differ between two versions; the
expected editions are worked out in each test's comment from the rule: walk the versions in
order; a version is visible when it differs from every earlier visible one by 0 or by at
least `min_cell` (3) enterprises, else a viewer reads the latest earlier visible one.
"""

from __future__ import annotations

import pytest

from score_dash.access.versions import (
    held_back_text,
    publish_warning,
    viewer_editions,
)

MIN_CELL = 3


def apart_from(table: dict[tuple[int, int], int]):
    """`apart(a, b)` from a hand-made table of pairs (either order); a pair not in it is an
    error, so a test shows every comparison the rule makes."""
    asked: list[tuple[int, int]] = []

    def apart(a: int, b: int) -> int:
        asked.append((a, b))
        return table[(a, b)] if (a, b) in table else table[(b, a)]

    apart.asked = asked  # type: ignore[attr-defined]
    return apart


def test_one_late_report_between_two_versions_is_held_back_until_five_firms_differ() -> None:
    # 2 is one firm from 1: held at 1. 3 is compared with 1 only (2 is not visible): five
    # firms, visible. 2 against 3 (say 4) is never asked: a viewer never reads 2.
    apart = apart_from({(1, 2): 1, (1, 3): 5})
    assert viewer_editions([1, 2, 3], apart, MIN_CELL) == {1: 1, 2: 1, 3: 3}
    assert apart.asked == [(1, 2), (1, 3)]


def test_a_version_four_firms_from_one_but_one_from_a_visible_other_is_held_at_that_other() -> None:
    # 2 is three firms from 1: visible. 3 is four from 1 but one from 2, whose figures
    # viewers have: held at 2 (3 less 2 would be that firm's figures).
    apart = apart_from({(1, 2): 3, (1, 3): 4, (2, 3): 1})
    editions = viewer_editions([3, 1, 2], apart, MIN_CELL)  # any order in
    assert editions == {1: 1, 2: 2, 3: 2}
    assert sorted(v for v, shown in editions.items() if v == shown) == [1, 2]


def test_two_firms_apart_is_too_few_and_three_is_enough() -> None:
    # 2 is two from 1: held at 1. 3 is three from 1 (the threshold): visible.
    apart = apart_from({(1, 2): 2, (1, 3): 3})
    assert viewer_editions([1, 2, 3], apart, MIN_CELL) == {1: 1, 2: 1, 3: 3}


def test_the_same_data_under_two_versions_are_both_visible() -> None:
    # 2 changed nothing an enterprise holds (0 apart): visible; 3 is 1 from 2 and 1 from 1,
    # held at the latest visible one, 2.
    apart = apart_from({(1, 2): 0, (1, 3): 1, (2, 3): 1})
    assert viewer_editions([1, 2, 3], apart, MIN_CELL) == {1: 1, 2: 2, 3: 2}


def test_a_held_version_stays_held_whatever_comes_after_it() -> None:
    # 1 visible; 2 (1 from 1) held at 1; 3 (2 from 1) held at 1; 4 (6 from 1) visible;
    # 5 (1 from 4, 7 from 1) held at 4. Two reviews at one version count once.
    apart = apart_from({(1, 2): 1, (1, 3): 2, (1, 4): 6, (1, 5): 7, (4, 5): 1})
    editions = viewer_editions([1, 2, 2, 3, 4, 5], apart, MIN_CELL)
    assert editions == {1: 1, 2: 1, 3: 1, 4: 4, 5: 4}
    assert sorted(v for v, shown in editions.items() if v == shown) == [1, 4]


def test_a_single_version_is_its_own_edition_and_none_gives_none() -> None:
    assert viewer_editions([7], apart_from({}), MIN_CELL) == {7: 7}
    assert viewer_editions([], apart_from({}), MIN_CELL) == {}


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
