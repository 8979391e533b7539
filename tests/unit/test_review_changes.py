"""What changed since a review, from figures worked out by hand (no frames needed)."""

from __future__ import annotations

import math

import pandas as pd

from score_dash.meetings import since_review as rc


def figures(values: dict[str, float], enterprises: dict[str, int] | None = None) -> pd.DataFrame:
    """Headline figures by code, as compute_figures indexes them."""
    rows = [
        {
            "Table": rc.HEADLINE,
            "code": code,
            "Figure": code.replace("_", " ").capitalize(),
            "Unit": "%" if code.endswith("share") else "",
            "Value": value,
            "Enterprises": (enterprises or {}).get(code, 0),
        }
        for code, value in values.items()
    ]
    return pd.DataFrame(rows).set_index(["Table", "code"])


REVIEW = figures({"workers": 1200, "women_share": 21.5, "trained": 40, "gap": float("nan")})


def test_nothing_imported_since_means_no_changes():
    assert rc.compute_changes(REVIEW, []).empty


def test_an_import_that_changes_nothing_the_meeting_saw_lists_nothing():
    same = rc.Version("Import of 2018-03-02 (same.xlsx, version 2)", REVIEW.copy())
    assert rc.compute_changes(REVIEW, [same]).empty


def test_each_changed_figure_with_its_value_then_and_now_and_the_imports_that_changed_it():
    first = rc.Version(
        "A (version 2)", figures({"workers": 1250, "women_share": 21.5, "trained": 40, "gap": 3})
    )
    second = rc.Version(
        "B (version 3)", figures({"workers": 1300, "women_share": 21.5, "trained": 41, "gap": 3})
    )
    changes = rc.compute_changes(REVIEW, [first, second]).set_index("Figure")
    # workers: 1200 -> 1250 (A) -> 1300 (B); trained: 40 -> 41 (B); gap: missing -> 3 (A);
    # the women's share did not move.
    assert sorted(changes.index) == ["Gap", "Trained", "Workers"]
    assert changes.loc["Workers", ["At the review", "Now", "Changed by"]].tolist() == [
        1200,
        1300,
        "A (version 2); B (version 3)",
    ]
    assert changes.loc["Trained", "Changed by"] == "B (version 3)"
    assert math.isnan(changes.loc["Gap", "At the review"]) and changes.loc["Gap", "Now"] == 3
    assert changes.loc["Gap", "Changed by"] == "A (version 2)"


def test_a_figure_changed_and_changed_back_is_not_listed():
    there = rc.Version("A", figures({"workers": 999, "women_share": 21.5, "trained": 40}))
    back = rc.Version(
        "B", figures({"workers": 1200, "women_share": 21.5, "trained": 40, "gap": float("nan")})
    )
    assert rc.compute_changes(REVIEW, [there, back]).empty


def test_a_viewer_gets_no_figure_built_from_fewer_than_the_minimum_of_enterprises():
    from score_dash.access.policy import restrict_sheet

    later = rc.Version(
        "A",
        figures(
            {"workers": 1300, "women_share": 30.0, "trained": 40, "gap": float("nan")},
            {"workers": 2, "women_share": 25},
        ),
    )
    review = figures(dict(REVIEW["Value"].droplevel(0)), {"workers": 5, "women_share": 25})
    sheet = rc.build_sheet(rc.compute_changes(review, [later]), "Review of 2017-H2")
    shown = restrict_sheet(sheet, 3).frame.set_index("Figure")
    # workers: 2 enterprises behind it now -> emptied; the women's share: 25 -> shown
    assert pd.isna(shown.loc["Workers", "Now"]) and pd.isna(shown.loc["Workers", "At the review"])
    assert shown.loc["Women share", "Now"] == 30.0


def workforce_frames(totals: dict[str, int], names: dict[str, str]) -> rc.Frames:
    """Two tables of a data version: each enterprise's workers (2017-H2) and its name."""
    return {
        "workforce": pd.DataFrame(
            {"enterprise": list(totals), "period": "2017-H2", "total": list(totals.values())}
        ),
        "enterprises": pd.DataFrame({"enterprise": list(names), "name": list(names.values())}),
    }


def workers(frames: rc.Frames) -> pd.DataFrame:
    """One figure, the workers of 2017-H2, as compute_figures indexes it."""
    return figures({"workers": float(frames["workforce"]["total"].sum())})


NAMES = {"E1": "Anvil", "E2": "Bolt", "E3": "Cog", "E4": "Die"}
TOTALS = {"E1": 100, "E2": 50, "E3": 70, "E4": 30}


def test_a_change_counts_the_enterprises_whose_rows_of_the_tables_it_moves_with_changed():
    # E1 reports 61 more workers; E2, E3 and E4 are renamed: the workers' change comes from
    # E1 alone (the names do not move it), so it counts 1, not 4.
    before = workforce_frames(TOTALS, NAMES)
    after = workforce_frames(
        {**TOTALS, "E1": 161}, {**NAMES, "E2": "Bolt Ltd", "E3": "Cog Ltd", "E4": "Die Ltd"}
    )
    assert rc.compute_changed_enterprises(before, after) == {
        "workforce": frozenset({"E1"}),
        "enterprises": frozenset({"E2", "E3", "E4"}),
    }
    assert rc.attribute_changes(before, after, workers) == {(rc.HEADLINE, "workers"): 1}


def test_a_change_three_enterprises_made_counts_three_and_a_new_one_counts_too():
    before = workforce_frames(TOTALS, NAMES)
    after = workforce_frames({**TOTALS, "E1": 110, "E2": 40, "E5": 12}, {**NAMES, "E5": "Emery"})
    # E1 +10, E2 -10 and E5 new (+12): three enterprises behind the change of +12.
    assert rc.attribute_changes(before, after, workers) == {(rc.HEADLINE, "workers"): 3}
    later = rc.Version("Import of 2018-03-02, version 2", workers(after))
    changes = rc.compute_changes(workers(before), [later], {(rc.HEADLINE, "workers"): 3})
    assert changes["Enterprises"].tolist() == [3]
