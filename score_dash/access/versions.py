"""Which data version a viewer reads for each version they can reach.

A viewer can reach several data versions: every published review (`?review=`, its pack, the
"Changed since the review" table) and the current data, and at each of them selects one
group of the publication (score_dash/access/disclosure.py: the programme, a state, a
cluster, a sector, a sector within a state or a cluster). Two versions whose data differ,
within one group, by the data of 1 to `min_cell` - 1 enterprises give those firms' own
figures by subtraction (a late report of one firm imported between two meetings: the
programme, its state, its cluster and its sector each differ by that firm). Three firms'
late reports in three different clusters are three firms apart in the programme but one
firm apart in each of those clusters. So each version a viewer can reach has a *viewer
edition*: the version whose figures a viewer is given for it.

Two versions are *close* when some group's enterprises include 1 to `min_cell` - 1 of the
enterprises whose data differ between them (`close`). A group's enterprises are its members
at either version (the later version's enterprises frame, which holds a firm new in it, and
the earlier one's, which holds a firm gone from it; a firm that moved cluster differs and
belongs to both clusters).

And a viewer reads a group at a half-year, one table's figures at a time: one firm's late
workforce report for 2017-H2 and two firms' corrections of 2016-H1 (or of their KPIs) are
three firms apart, but the cluster's workforce of 2017-H2 differs by the one firm. So the
differing enterprises come in *parts* (per table and half-year: since_review's
`compute_changed_parts`) and each part is checked in every group. That covers every figure
built from several parts too (several half-years, tables or the whole data): within a group,
a union of parts that each hold 0 or at least `min_cell` of its enterprises holds 0 or at
least `min_cell`.

The rule walks the versions in order (published reviews' versions, then the current one):
a version is *visible* (its own edition) when it is close to no earlier visible version;
otherwise its edition is the latest earlier visible version. A viewer therefore only ever
reads visible versions, and any two of them differ, within every group, by 0 or by at least
`min_cell` enterprises. Versions held back are compared with nothing: a viewer never reads
them.

A version's edition depends on earlier versions only, so a published review's never
changes; the current data's changes with every import.

Worked through (min_cell 3; `differing(a, b)`: the enterprises whose data differ; one group,
the programme, unless said):

- 1, 2, 3 with 1 firm differing between 1 and 2 and 5 between 1 and 3: 1 visible; 2 is one
  firm from 1, held at 1; 3 is compared with 1 only (2 is not visible), visible. Editions
  1, 1, 3.
- 1, 2, 3 with 3 firms between 1 and 2, 4 between 1 and 3 and 1 between 2 and 3: 2 is
  visible, so 3, one firm from 2, is held at 2 although it is four firms from 1 (viewers
  have 2's figures, and 3's less 2's would be that firm's). Editions 1, 2, 2.
- 1, 2 with firms a, b, c differing, each in its own cluster: three firms in the programme
  but one in each cluster: 2 is held at 1. With a, b, c in one cluster (and one sector),
  2 is visible; with a's workforce of 2017-H2 and b's and c's of 2016-H1, held.

Not covered here: a table without a half-year (enrolments, with their dates) is one part,
so its figures by date (modules completed by a half-year's end) may differ by fewer firms
than the part holds. And the rule holds back a version even where the group is withheld
from viewers at one of the two (nothing to subtract), so it holds back more than it must.

Pure: no Streamlit, no database; the differing enterprises and each version's groups come
in as callables.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

G = TypeVar("G", bound=Hashable)  # a group of the publication (disclosure.Group)
P = TypeVar("P", bound=Hashable)  # a part of the data: (table, half-year)


def close(
    differing: Mapping[P, frozenset[str]],
    earlier: Mapping[G, frozenset[str]],
    later: Mapping[G, frozenset[str]],
    min_cell: int,
) -> bool:
    """Whether some group's enterprises (its members at the `earlier` or the `later`
    version) include 1 to `min_cell` - 1 of one part's `differing` enterprises: the two
    versions' figures of that group and part, side by side, would give those firms' own."""
    parts = [firms for firms in differing.values() if firms]
    if not parts:
        return False
    for group in earlier.keys() | later.keys():
        members = earlier.get(group, frozenset()) | later.get(group, frozenset())
        if any(0 < len(firms & members) < min_cell for firms in parts):
            return True
    return False


def viewer_editions(
    versions: Iterable[int],
    differing: Callable[[int, int], Mapping[P, frozenset[str]]],
    members: Callable[[int], Mapping[G, frozenset[str]]],
    min_cell: int,
) -> dict[int, int]:
    """Each version -> the version a viewer reads for it (its viewer edition), by the rule
    in the module's docstring. `versions`: every version a viewer can reach, in any order,
    repeats allowed (two reviews of one version); `differing(earlier, later)`: each part
    -> its enterprises whose data differ (parts that did not change may be left out);
    `members(version)`: each group of that version's publication -> its enterprises."""
    visible: list[int] = []
    editions: dict[int, int] = {}
    for version in sorted(set(versions)):
        if not any(
            close(differing(earlier, version), members(earlier), members(version), min_cell)
            for earlier in visible
        ):
            visible.append(version)
            editions[version] = version
        else:
            editions[version] = visible[-1]
    return editions


def held_back_text(held_title: str, min_cell: int, review_title: str | None = None) -> str:
    """What a viewer is told when a version is held back: the current data (`review_title`
    None), or a published review's data; `held_title`: the review whose figures they see."""
    if review_title is None:
        return (
            f"Viewers see the figures as at the {held_title}: the imports since then concern "
            f"fewer than {min_cell} enterprises, whose own figures they would show. They appear "
            "here once later imports concern enough enterprises."
        )
    return (
        f"Viewers see the {review_title} with the figures as at the {held_title}: its data "
        f"differ from those by the data of fewer than {min_cell} enterprises, whose own figures "
        "they would show."
    )


def publish_warning(review_title: str, held_title: str, min_cell: int) -> str:
    """What staff are told when the review they publish is held back for viewers. A
    review's edition never changes afterwards (only earlier versions decide it): the data
    imported since reach viewers as the current data once they concern enough enterprises."""
    return (
        f"Viewers will see the {review_title} with the figures of the {held_title}: its data "
        f"differ from that review's by the data of fewer than {min_cell} enterprises, whose own "
        "figures a viewer could work out by putting the two side by side. Viewers see the data "
        f"imported since once they concern at least {min_cell} enterprises; staff see this "
        "review as published."
    )
