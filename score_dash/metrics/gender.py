"""Who works in the enterprises and who takes part, by sex; jobs since baseline.

Workforce figures come from the half-yearly workforce reports. A report row whose female or
male count is missing counts in the headcount but not in any women's share; rows where
female + male differs from the total are counted and shown, never corrected.

Jobs since baseline compare, per enterprise, the headcount of its baseline half-year (its
first workforce report) with that of the review half-year. Only enterprises reporting both
count; the tables say how many did, so nothing is averaged over missing reports.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pandas as pd

from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.i18n import N_, t
from score_dash.core.reports import (
    BASELINE,
    ESTIMATED,
    UNREPORTED,
    ChartSpec,
    Follows,
    PageReport,
    Sheet,
)
from score_dash.metrics.common import (
    DEFAULT_SMALL_N,
    cluster_sectors,
    codes,
    fewest_behind,
    pct,
    upto,
    women_share,
)
from score_dash.metrics.indicators import (
    PARTNER_STAFF_TRAINING,
    activities_of,
    trainers_certified_by,
)

Frames = dict[str, pd.DataFrame]


EMPLOYMENT_TABLE = "Employment by sex"
SHARE_TREND_TABLE = "Women's share trend"
LEVELS_TABLE = "Women's share by level"
JOBS_SECTOR_TABLE = "Jobs since baseline by sector"
JOBS_CLUSTER_TABLE = "Jobs since baseline by cluster"
PARITY_TABLE = "Parity notices"
COMPLETENESS_TABLE = "Sex disaggregation completeness"

PARITY_LEVELS: tuple[str, ...] = ("Classroom participants", "Improvement-team members")
# compute_parity_notices' sentence per level, written in the run's language.
PARITY = {
    "Classroom participants": N_(
        "Women are {share} of classroom participants but {workforce} of the workforce."
    ),
    "Improvement-team members": N_(
        "Women are {share} of improvement-team members but {workforce} of the workforce."
    ),
}
SHARE = "Women's share (%)"
ALL = "All"

INDICATOR_CODES: tuple[str, ...] = (
    "workers",
    "women_workers",
    "women_share_workforce",
    "women_share_managers",
    "women_share_participants",
    "women_share_team",
    "women_share_trainers",
    "women_share_partner_staff",
    "net_jobs",
    "workforce_without_sex",
    "workforce_sex_mismatch",
)

GROUPS: dict[tuple[str, str], str] = {
    ("worker", "permanent"): N_("Workers, permanent"),
    ("worker", "contract"): N_("Workers, contract"),
    ("manager", "permanent"): N_("Managers, permanent"),
    ("manager", "contract"): N_("Managers, contract"),
}


def _sexed(frame: pd.DataFrame, female: str = "female", male: str = "male") -> pd.Series:
    return frame[female].notna() & frame[male].notna()


GROUP_COLUMNS = ("period", "role", "employment")


def _by_group(workforce: pd.DataFrame, column: str, how: str) -> dict[tuple, int]:
    """`how` ("sum" or "nunique") of `column` per (half-year, role, employment) of the rows,
    as ints; a group without rows is missing, as are rows missing a group column.

    Counted on the columns' codes (what `groupby(...).agg(how)` gives, without its pass to
    group the rows, which at 50,000 enterprises takes a tenth of a second or more; the
    Gender report asks for seven)."""
    coded = [codes(workforce[name]) for name in GROUP_COLUMNS]
    sizes = [max(len(values), 1) for _, values in coded]
    keep = np.logical_and.reduce([found >= 0 for found, _ in coded])
    key = np.ravel_multi_index([found[keep] for found, _ in coded], sizes)
    slots = int(np.prod(sizes))
    rows = np.bincount(key, minlength=slots)
    if how == "sum":
        values = workforce[column].to_numpy(dtype="float64", na_value=0.0)[keep]
        result = np.bincount(key, weights=values, minlength=slots).round()
    elif how == "nunique":
        found, values = codes(workforce[column])
        found = found[keep]
        known = found >= 0
        seen = np.zeros((slots, max(len(values), 1)), dtype=bool)
        seen[key[known], found[known]] = True
        result = seen.sum(axis=1)
    else:
        raise ValueError(f"unknown aggregation {how!r}")
    return {
        tuple(coded[i][1][j] for i, j in enumerate(np.unravel_index(slot, sizes))): int(
            result[slot]
        )
        for slot in np.flatnonzero(rows)
    }


def compute_employment_by_sex(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Headcount by half-year and group (role x employment), by sex.

    One row per half-year of `periods.trend` and group, with Women, Men (from rows with sex
    reported), Sex not reported (the total of rows without it), Total, the women's share and
    the number of enterprises reporting.
    """
    workforce = frames["workforce"]
    workforce = workforce[workforce["period"].isin(periods.trend)]
    sexed = _sexed(workforce)
    women = _by_group(workforce[sexed], "female", "sum")
    men = _by_group(workforce[sexed], "male", "sum")
    unsexed = _by_group(workforce[~sexed], "total", "sum")
    total = _by_group(workforce, "total", "sum")
    reporting = _by_group(workforce, "enterprise", "nunique")
    rows = []
    for period in periods.trend:
        for (role, employment), group in GROUPS.items():
            key = (period, role, employment)
            w, m = women.get(key, 0), men.get(key, 0)
            rows.append(
                {
                    "Half-year": periods.labels.get(period, period),
                    "Group": group,
                    "Women": w,
                    "Men": m,
                    "Sex not reported": unsexed.get(key, 0),
                    "Total": total.get(key, 0),
                    SHARE: pct(w, w + m),
                    "Enterprises reporting": reporting.get(key, 0),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "Half-year",
            "Group",
            "Women",
            "Men",
            "Sex not reported",
            "Total",
            SHARE,
            "Enterprises reporting",
        ],
    )


def compute_employment_enterprises(frames: Frames, periods: ResolvedPeriods) -> tuple[int, ...]:
    """For each row of `compute_employment_by_sex`, how many enterprises are behind its
    figures: the fewer of those giving women and men and those giving a headcount without
    them (as `common.workforce_enterprises`, per group)."""
    workforce = frames["workforce"]
    workforce = workforce[workforce["period"].isin(periods.trend)]
    sexed = _sexed(workforce)
    with_sex = _by_group(workforce[sexed], "enterprise", "nunique")
    without = _by_group(workforce[~sexed], "enterprise", "nunique")
    return tuple(
        fewest_behind(with_sex.get(key, 0), without.get(key, 0))
        for key in ((period, *group) for period in periods.trend for group in GROUPS)
    )


def compute_reporting_enterprises(frames: Frames, periods: ResolvedPeriods) -> tuple[int, ...]:
    """Per half-year of the trend range, the enterprises that reported their workforce."""
    workforce = frames["workforce"]
    return tuple(
        int(workforce.loc[workforce["period"] == period, "enterprise"].nunique())
        for period in periods.trend
    )


def compute_share_trend_enterprises(
    frames: Frames, periods: ResolvedPeriods, role: str
) -> tuple[int, ...]:
    """Per half-year of the trend range, the enterprises giving women and men for `role`
    ("worker" or "manager"): those behind its share in `compute_share_trend`."""
    workforce = frames["workforce"]
    rows = workforce[(workforce["role"] == role) & _sexed(workforce)]
    return tuple(
        int(rows.loc[rows["period"] == period, "enterprise"].nunique()) for period in periods.trend
    )


def compute_share_trend(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Women's share of the workforce, of workers and of managers per half-year."""
    workforce = frames["workforce"]
    workforce = workforce[workforce["period"].isin(periods.trend) & _sexed(workforce)]
    rows = []
    for period in periods.trend:
        rows_p = workforce[workforce["period"] == period]
        workers = rows_p[rows_p["role"] == "worker"]
        managers = rows_p[rows_p["role"] == "manager"]
        rows.append(
            {
                "Half-year": periods.labels.get(period, period),
                "Workforce (%)": women_share(rows_p["female"], rows_p["male"]),
                "Workers (%)": women_share(workers["female"], workers["male"]),
                "Managers (%)": women_share(managers["female"], managers["male"]),
                "Enterprises reporting": int(rows_p["enterprise"].nunique()),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Half-year",
            "Workforce (%)",
            "Workers (%)",
            "Managers (%)",
            "Enterprises reporting",
        ],
    )


def compute_levels(
    frames: Frames, periods: ResolvedPeriods, small_n: int = DEFAULT_SMALL_N
) -> pd.DataFrame:
    """Women's share at each level, from the workforce to partner staff trained.

    Workforce and managers: the review half-year's reports with sex given. Classroom
    participants: participation in enrolments whose classroom was held by the end of the
    period. Improvement-team members: teams of enterprises that joined by then. Certified
    trainers: certified or expert level reached by then. Partner staff trained: participants
    of 'partner staff training' activities held by then. `Base` says what is counted.
    """
    end = periods.end
    workforce = frames["workforce"]
    workforce = workforce[(workforce["period"] == periods.review) & _sexed(workforce)]
    managers = workforce[workforce["role"] == "manager"]
    classroom = upto(frames["enrolments"], "classroom_date", end)[["enterprise", "module"]]
    attended = frames["participation"].merge(classroom, on=["enterprise", "module"])
    attended = attended[_sexed(attended)]
    joined = set(upto(frames["enterprises"], "joined_date", end)["enterprise"])
    team = frames["team_members"]
    team = team[team["enterprise"].isin(joined) & _sexed(team)]
    certified = trainers_certified_by(frames["trainers"], end)
    staff = activities_of(frames, PARTNER_STAFF_TRAINING, end)
    staff = staff[_sexed(staff, "participants_female", "participants_male")]
    rows = [
        (
            N_("Workforce"),
            workforce["female"].sum(),
            workforce["male"].sum(),
            workforce["enterprise"].nunique(),
            N_("people employed, review half-year"),
        ),
        (
            N_("Managers"),
            managers["female"].sum(),
            managers["male"].sum(),
            managers["enterprise"].nunique(),
            N_("managers employed, review half-year"),
        ),
        (
            N_("Classroom participants"),
            attended["female"].sum(),
            attended["male"].sum(),
            attended["enterprise"].nunique(),
            N_("participants in classroom workshops, cumulative"),
        ),
        (
            N_("Improvement-team members"),
            team["female"].sum(),
            team["male"].sum(),
            team["enterprise"].nunique(),
            N_("members of Enterprise Improvement Teams"),
        ),
        (
            N_("Certified trainers"),
            (certified["sex"] == "female").sum(),
            (certified["sex"] == "male").sum(),
            math.nan,
            N_("certified and expert trainers"),
        ),
        (
            N_("Partner staff trained"),
            staff["participants_female"].sum(),
            staff["participants_male"].sum(),
            math.nan,
            N_("participants of partner staff trainings, cumulative"),
        ),
    ]
    table = pd.DataFrame(
        [
            {
                "Level": level,
                SHARE: pct(women, women + men),
                "Women": int(women),
                "Men": int(men),
                "Enterprises": enterprises,
                "Counted": counted,
            }
            for level, women, men, enterprises, counted in rows
        ]
    )
    table["Enterprises"] = table["Enterprises"].astype("Int64")
    table["Small group"] = table["Enterprises"].fillna(small_n).lt(small_n).astype(bool)
    return table


def compute_parity_notices(levels: pd.DataFrame) -> pd.DataFrame:
    """Levels where women's share falls below their share of the workforce.

    Compares classroom participants and improvement-team members with the workforce; a
    level without a share (nobody counted) gets no notice.
    """
    by_level = levels.set_index("Level")[SHARE]
    workforce = by_level.get("Workforce", math.nan)
    rows = []
    for level in PARITY_LEVELS:
        share = by_level.get(level, math.nan)
        if math.isnan(workforce) or math.isnan(share) or share >= workforce:
            continue
        rows.append(
            {
                "Level": level,
                SHARE: share,
                "Workforce women's share (%)": workforce,
                "Gap (points)": round(workforce - share, 1),
                "Notice": t(PARITY[level]).format(
                    share=f"{share:.1f} %", workforce=f"{workforce:.1f} %"
                ),
            }
        )
    return pd.DataFrame(
        rows, columns=["Level", SHARE, "Workforce women's share (%)", "Gap (points)", "Notice"]
    )


def compute_parity_enterprises(parity: pd.DataFrame, levels: pd.DataFrame) -> tuple[int, ...]:
    """For each notice, how many enterprises are behind it: the fewer of its level's and
    the workforce's (it compares the two shares)."""
    counts = levels.set_index("Level")["Enterprises"].fillna(0).astype("int64")
    workforce = int(counts.get("Workforce", 0))
    return tuple(
        min((n for n in (int(counts.get(level, 0)), workforce) if n), default=0)
        for level in parity["Level"]
    )


def compute_enterprise_headcounts(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Per enterprise: baseline half-year, and total/women/men at baseline and review.

    Baseline is the enterprise's first workforce report up to the review half-year. Women and
    men are missing (NaN) for a half-year when any of its rows lacks the sex split.
    Enterprises whose first report is the review half-year have no change to show.
    """
    workforce = frames["workforce"]
    workforce = workforce[workforce["period"] <= periods.review]
    if workforce.empty:
        return pd.DataFrame(
            columns=[
                "enterprise",
                "baseline_period",
                "total_base",
                "total_now",
                "female_base",
                "female_now",
                "male_base",
                "male_now",
            ]
        )
    per = (
        workforce.assign(sexed=_sexed(workforce))
        .groupby(["enterprise", "period"])
        .agg(
            total=("total", "sum"),
            female=("female", "sum"),
            male=("male", "sum"),
            sexed=("sexed", "all"),
        )
    )
    per["female"] = per["female"].astype("float").where(per["sexed"])
    per["male"] = per["male"].astype("float").where(per["sexed"])
    per = per.reset_index()
    first = per.groupby("enterprise")["period"].min().rename("baseline_period")
    base = per.merge(
        first, left_on=["enterprise", "period"], right_on=["enterprise", "baseline_period"]
    )
    now = per[per["period"] == periods.review]
    out = base[["enterprise", "baseline_period", "total", "female", "male"]].merge(
        now[["enterprise", "total", "female", "male"]],
        on="enterprise",
        how="left",
        suffixes=("_base", "_now"),
    )
    out = out[out["baseline_period"] < periods.review]
    return out.reset_index(drop=True)


def compute_jobs_since_baseline(
    frames: Frames,
    periods: ResolvedPeriods,
    by: str,
    small_n: int = DEFAULT_SMALL_N,
    headcounts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Net change in headcount by sex from each enterprise's baseline to the review half-year.

    `by` is "sector" or "cluster". Per group: enterprises in the selection (joined by the
    end of the period), enterprises reporting both a baseline and a review headcount, the
    totals over those, and the same by sex over enterprises with the sex split in both. A
    last row gives all groups together. `headcounts`: `compute_enterprise_headcounts` of the
    same frames and periods, when the caller has it already.
    """
    label = {"sector": "Sector", "cluster": "Cluster"}[by]
    enterprises = upto(frames["enterprises"], "joined_date", periods.end)[["enterprise", by]]
    if headcounts is None:
        headcounts = compute_enterprise_headcounts(frames, periods)
    heads = headcounts.merge(enterprises, on="enterprise")
    both = heads[heads["total_now"].notna()]
    sexed = both[both[["female_base", "female_now", "male_base", "male_now"]].notna().all(axis=1)]

    def row(name: str, ents: pd.DataFrame, b: pd.DataFrame, s: pd.DataFrame) -> dict:
        return {
            label: name,
            "Enterprises": int(ents["enterprise"].nunique()),
            "Reporting baseline and review": len(b),
            "Workers at baseline": int(b["total_base"].sum()),
            "Workers in review half-year": int(b["total_now"].sum()),
            "Net change": int(b["total_now"].sum() - b["total_base"].sum()),
            "Reporting sex in both": len(s),
            "Net change, women": int(s["female_now"].sum() - s["female_base"].sum()),
            "Net change, men": int(s["male_now"].sum() - s["male_base"].sum()),
            "Small group": bool(len(b) < small_n),
        }

    rows = [
        row(str(group), ents, both[both[by] == group], sexed[sexed[by] == group])
        for group, ents in enterprises.groupby(by, sort=True)
    ]
    rows.append(row(ALL, enterprises, both, sexed))
    columns = [
        label,
        "Enterprises",
        "Reporting baseline and review",
        "Workers at baseline",
        "Workers in review half-year",
        "Net change",
        "Reporting sex in both",
        "Net change, women",
        "Net change, men",
        "Small group",
    ]
    return pd.DataFrame(rows, columns=columns)


def compute_completeness(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Per half-year: workforce records without sex, and records where female + male ≠ total."""
    workforce = frames["workforce"]
    rows = []
    for period in periods.trend:
        records = workforce[workforce["period"] == period]
        sexed = _sexed(records)
        if ESTIMATED in records:  # a viewer's: estimated, the sex was still not reported
            sexed = sexed & ~records[ESTIMATED].astype(bool)
        mismatch = sexed & (
            records["female"].fillna(0) + records["male"].fillna(0) != records["total"]
        )
        rows.append(
            {
                "Half-year": periods.labels.get(period, period),
                "Records": len(records),
                "Records without sex": int((~sexed).sum()),
                "Share without sex (%)": pct(int((~sexed).sum()), len(records)),
                "Workers in records without sex": int(records.loc[~sexed, "total"].sum()),
                "Enterprises without sex": int(records.loc[~sexed, "enterprise"].nunique()),
                "Records where female + male ≠ total": int(mismatch.sum()),
                "Enterprises with a mismatch": int(records.loc[mismatch, "enterprise"].nunique()),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Half-year",
            "Records",
            "Records without sex",
            "Share without sex (%)",
            "Workers in records without sex",
            "Enterprises without sex",
            "Records where female + male ≠ total",
            "Enterprises with a mismatch",
        ],
    )


BASELINE_COLUMNS = (
    "Workers at baseline",
    "Workers in review half-year",
    "Net change",
    "Net change, women",
    "Net change, men",
)


def build_report(
    frames: Frames, periods: ResolvedPeriods, options: Options, *, small_n: int
) -> PageReport:
    """The Gender & jobs page's tables."""
    del options
    employment = compute_employment_by_sex(frames, periods)
    trend = compute_share_trend(frames, periods)
    levels = compute_levels(frames, periods, small_n)
    parity = compute_parity_notices(levels)
    review = periods.labels.get(periods.review, periods.review)
    headcounts = compute_enterprise_headcounts(frames, periods)  # for both tables of jobs
    by_cluster = compute_jobs_since_baseline(frames, periods, "cluster", small_n, headcounts)
    sector_of = by_cluster["Cluster"].map(cluster_sectors(frames["enterprises"]))
    by_cluster.insert(1, "Sector", sector_of.where(by_cluster["Cluster"] != ALL, ALL))
    jobs_sheet = partial(
        Sheet,
        # A group's enterprises; its headcounts from those reporting both half-years, and
        # its changes by sex from those giving the sex in both.
        enterprises="Enterprises",
        column_enterprises=(
            *(
                (column, "Reporting baseline and review")
                for column in ("Workers at baseline", "Workers in review half-year", "Net change")
            ),
            ("Net change, women", "Reporting sex in both"),
            ("Net change, men", "Reporting sex in both"),
        ),
        note=t(
            "Baseline: each enterprise's first workforce report; compared with {period}."
        ).format(period=review),
        # For viewers, withheld where the enterprises behind them would give a few firms'
        # figures by subtraction (another half-year's, or all that report: disclosure.py).
        layers=((BASELINE, BASELINE_COLUMNS),),
    )
    employment_counts = compute_employment_enterprises(frames, periods)
    # For viewers (score_dash.access.policy): figures from fewer than the minimum of enterprises
    # are suppressed (a notice with its level); groups add up to their half-year, sectors
    # and clusters to the selection, clusters to their sector.
    sheets = (
        Sheet(
            LEVELS_TABLE,
            levels,
            chart=ChartSpec("bar", "Level", (SHARE,), f"Women's share by level, {review}", "%"),
            note=t(
                "Review half-year {period}; trainees, teams, trainers and partner staff "
                "cumulative to its end."
            ).format(period=review),
            enterprises="Enterprises",
            labels=("Level", "Counted"),
        ),
        Sheet(PARITY_TABLE, parity, enterprises=compute_parity_enterprises(parity, levels)),
        Sheet(
            EMPLOYMENT_TABLE,
            employment,
            enterprises="Enterprises reporting",
            labels=("Half-year", "Group"),
            period_column="Half-year",
            complement="Half-year",
            column_enterprises=tuple(
                (column, employment_counts)
                for column in ("Women", "Men", "Sex not reported", "Total", SHARE)
            ),
            layers=((UNREPORTED, ("Sex not reported",)),),
        ),
        Sheet(
            SHARE_TREND_TABLE,
            trend,
            chart=ChartSpec(
                "line",
                "Half-year",
                ("Workforce (%)", "Workers (%)", "Managers (%)"),
                "Women's share of the workforce",
                "%",
            ),
            enterprises="Enterprises reporting",
            labels=("Half-year",),
            period_column="Half-year",
            column_enterprises=(
                ("Workers (%)", compute_share_trend_enterprises(frames, periods, "worker")),
                ("Managers (%)", compute_share_trend_enterprises(frames, periods, "manager")),
            ),
        ),
        jobs_sheet(
            JOBS_SECTOR_TABLE,
            compute_jobs_since_baseline(frames, periods, "sector", small_n, headcounts),
            labels=("Sector",),
            complement=True,
            groups=(("Sector", "sector"),),
        ),
        jobs_sheet(
            JOBS_CLUSTER_TABLE,
            by_cluster,
            labels=("Cluster", "Sector"),
            complement="Sector",
            groups=(("Cluster", "cluster"),),
            follows=Follows(JOBS_SECTOR_TABLE, "Sector"),
        ),
        Sheet(
            COMPLETENESS_TABLE,
            compute_completeness(frames, periods),
            labels=("Half-year",),
            period_column="Half-year",
            enterprises=compute_reporting_enterprises(frames, periods),
            column_enterprises=(("Workers in records without sex", "Enterprises without sex"),),
            layers=((UNREPORTED, ("Workers in records without sex",)),),
        ),
    )
    return PageReport(
        "gender",
        "Gender & jobs: who works there, and who takes part",
        sheets,
        indicators=INDICATOR_CODES,
        subtitle=t("Who works there, and who takes part"),
    )
