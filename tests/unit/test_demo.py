"""The demo dataset: deterministic, internally consistent, realistic in magnitude."""

import itertools

import pandas as pd
import pytest

from score_dash.core.dictionary import MODULES, STAGE_DATES, TABLES
from score_dash.store import demo


def test_same_seed_gives_identical_tables(demo_frames):
    again = demo.build_demo()
    for name, frame in demo_frames.items():
        assert frame.to_csv(index=False) == again[name].to_csv(index=False), name


def test_another_seed_gives_other_data(demo_frames):
    other = demo.build_demo(seed=7)
    assert other["enterprises"].to_csv() != demo_frames["enterprises"].to_csv()


def test_every_table_has_the_dictionary_columns(demo_frames):
    for table in TABLES:
        assert list(demo_frames[table.name].columns) == table.column_names


def test_size_and_geography(demo_frames):
    enterprises = demo_frames["enterprises"]
    assert 220 <= len(enterprises) <= 260
    assert enterprises["enterprise"].is_unique
    clusters = demo_frames["clusters"]
    assert len(clusters) >= 9
    assert clusters["state"].nunique() >= 6
    assert set(enterprises["cluster"]) <= set(clusters["cluster"])


@pytest.fixture(scope="module", params=["demo", "scaled"])
def any_demo(request, demo_frames):
    """The demo, and a larger one with another seed (rare draws show up at scale)."""
    return demo_frames if request.param == "demo" else demo.build_demo(seed=11, scale=30)


def test_counts_are_never_negative_and_women_never_exceed_totals(any_demo):
    workforce = any_demo["workforce"]
    assert (workforce[["total", "female", "male"]].fillna(0) >= 0).all().all()
    both = workforce.dropna(subset=["female", "male"])
    assert (both["female"] <= both["total"]).all()
    assert (both["male"] <= both["total"]).all()
    assert (workforce["total"] >= 0).all()
    for name in ("participation", "team_members"):
        frame = any_demo[name]
        assert (frame[["female", "male"]] >= 0).all().all()


def test_workforce_size_is_skewed_with_median_near_seventy(demo_frames):
    workforce = demo_frames["workforce"]
    first = workforce.groupby("enterprise")["period"].transform("min")
    sizes = workforce[workforce["period"] == first].groupby("enterprise")["total"].sum()
    assert 55 <= sizes.median() <= 85
    assert sizes.min() >= 25 and sizes.max() <= 330
    assert sizes.mean() > sizes.median()  # right-skewed


def test_womens_share_of_workers_follows_the_sector(demo_frames):
    workforce = demo_frames["workforce"].dropna(subset=["female", "male"])
    workers = workforce[workforce["role"] == "worker"].merge(
        demo_frames["enterprises"][["enterprise", "sector"]], on="enterprise"
    )
    by_sector = workers.groupby("sector")[["female", "total"]].sum()
    share = by_sector["female"] / by_sector["total"]
    assert 0.04 <= share["Auto components"] <= 0.16
    assert 0.25 <= share["Leather"] <= 0.45
    assert 0.45 <= share["Garments"] <= 0.72
    assert 0.55 <= share["Seafood processing"] <= 0.78


def test_stage_dates_are_ordered_and_module_one_comes_first(demo_frames):
    enrolments = demo_frames["enrolments"]
    dates = enrolments[list(STAGE_DATES)]
    for earlier, later in itertools.pairwise(STAGE_DATES):
        both = dates[earlier].notna() & dates[later].notna()
        assert (dates.loc[both, earlier] <= dates.loc[both, later]).all()
        # a stage is never reached without the one before it
        assert not (dates[earlier].isna() & dates[later].notna()).any()
    assert not (enrolments["completed_date"].notna() & enrolments["dropped_date"].notna()).any()
    m1 = enrolments[enrolments["module"] == "M1"].set_index("enterprise")
    assert set(m1.index) == set(demo_frames["enterprises"]["enterprise"])
    later = enrolments[enrolments["module"] != "M1"]
    first = m1.loc[later["enterprise"], "classroom_date"].to_numpy()
    assert (later["enrolled_date"].to_numpy() > first).all()


def test_module_uptake_and_completion_are_realistic(demo_frames):
    enrolments = demo_frames["enrolments"]
    n = len(demo_frames["enterprises"])
    uptake = enrolments.groupby("module")["enterprise"].nunique() / n
    assert uptake["M1"] == 1.0
    assert 0.4 <= uptake["M2"] <= 0.65
    assert 0.25 <= uptake["M3"] <= 0.45
    m1 = enrolments[enrolments["module"] == "M1"]
    finished = m1["completed_date"].notna().sum() + m1["dropped_date"].notna().sum()
    assert 0.6 <= m1["completed_date"].notna().sum() / finished <= 0.85
    assert set(enrolments["module"]) == {m for m, _ in MODULES}


def test_trainers_and_participants(demo_frames):
    trainers = demo_frames["trainers"]
    assert 40 <= len(trainers) <= 50
    assert 0.15 <= (trainers["sex"] == "female").mean() <= 0.35
    assert set(trainers["level"]) == {"candidate", "certified", "expert"}
    participation = demo_frames["participation"]
    per_enrolment = (
        participation.groupby(["enterprise", "module", "role"])[["female", "male"]]
        .sum()
        .sum(axis=1)
    )
    assert 1.5 <= per_enrolment.mean() <= 2.5


def test_kpis_improve_mostly_with_gaps_and_outliers(demo_frames):
    obs = demo_frames["kpi_observations"]
    defs = demo_frames["kpi_definitions"].set_index("kpi")
    assert obs.groupby(["enterprise", "kpi"])["is_baseline"].sum().eq(1).all()
    waste = obs[obs["kpi"] == "waste"]
    base = waste[waste["is_baseline"]].set_index("enterprise")["value"]
    last = waste.sort_values("period").groupby("enterprise")["value"].last()
    plausible = last <= defs.loc["waste", "plausible_max"]
    change = (last[plausible] / base[last[plausible].index] - 1).median()
    assert -0.5 <= change <= -0.2
    outliers = obs.merge(defs, left_on="kpi", right_index=True)
    outliers = outliers[
        (outliers["value"] > outliers["plausible_max"])
        | (outliers["value"] < outliers["plausible_min"])
    ]
    assert 5 <= len(outliers) <= 200


def test_activities_every_half_year_and_targets_for_each_indicator(demo_frames):
    activities = demo_frames["activities"]
    periods = demo_frames["periods"]
    for row in periods.itertuples():
        inside = activities["activity_date"].between(row.start_date, row.end_date)
        assert inside.any(), row.period
    targets = demo_frames["targets"]
    assert set(targets["indicator"]) == set(demo_frames["indicators"]["indicator"])


def test_scale_multiplies_enterprises_deterministically():
    small = demo.build_demo(scale=0.5)
    big = demo.build_demo(scale=2)
    assert abs(len(big["enterprises"]) - 4 * len(small["enterprises"])) <= 12
    again = demo.build_demo(scale=2)
    pd.testing.assert_frame_equal(big["enrolments"], again["enrolments"])
