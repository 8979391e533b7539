"""Which data version a viewer reads for each version they can reach.

A viewer can reach several data versions: every published review (`?review=`, its pack, the
"Changed since the review" table) and the current data. Two of them whose data differ by
the data of 1 to `min_cell` - 1 enterprises give those firms' own figures by subtraction (a
late report of one firm imported between two meetings). So each version a viewer can reach
has a *viewer edition*: the version whose figures a viewer is given for it.

The rule walks the versions in order (published reviews' versions, then the current one):
a version is *visible* (its own edition) when it differs from every earlier visible version
by 0 or by at least `min_cell` enterprises; otherwise its edition is the latest earlier
visible version. A viewer therefore only ever reads visible versions, and any two of them
differ by 0 or by at least `min_cell` enterprises. Versions held back are compared with
nothing: a viewer never reads them.

A version's edition depends on earlier versions only, so a published review's never
changes; the current data's changes with every import.

Worked through (min_cell 3; `apart(a, b)`: enterprises whose data differ):

- 1, 2, 3 with apart(1, 2) = 1 and apart(1, 3) = 5: 1 visible; 2 is one firm from 1, held at
  1; 3 is compared with 1 only (2 is not visible), visible. Editions 1, 1, 3.
- 1, 2, 3 with apart(1, 2) = 3, apart(1, 3) = 4 and apart(2, 3) = 1: 2 is visible (three
  firms from 1), so 3, one firm from 2, is held at 2 although it is four firms from 1
  (viewers have 2's figures, and 3's less 2's would be that firm's). Editions 1, 2, 2. (An
  enterprise whose data differ between 1 and 3 differs between 1 and 2 or between 2 and 3,
  so apart(1, 2) is at least 4 - 1 = 3 here: 2 cannot have been held back.)

Not covered here: `apart` counts the enterprises whose data differ anywhere; two visible
versions three firms apart in different clusters still differ by one firm within a cluster,
which a viewer's selection of that cluster at both versions would give.

Pure: no Streamlit, no database; `apart` comes in as a callable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Apart = Callable[[int, int], int]  # (earlier, later) -> how many enterprises' data differ


def viewer_editions(versions: Iterable[int], apart: Apart, min_cell: int) -> dict[int, int]:
    """Each version -> the version a viewer reads for it (its viewer edition), by the rule
    in the module's docstring. `versions`: every version a viewer can reach, in any order,
    repeats allowed (two reviews of one version)."""
    visible: list[int] = []
    editions: dict[int, int] = {}
    for version in sorted(set(versions)):
        if all(not 0 < apart(earlier, version) < min_cell for earlier in visible):
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
