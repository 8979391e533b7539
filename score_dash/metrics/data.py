"""Data-quality checks of the stored data, per half-year and per partner (the Data page).

Rules, written once here:

- Expected KPI report: an enterprise with a KPI baseline (any `is_baseline` row) is
  expected to report in every later half-year, until it drops out. It has dropped out when
  every one of its enrolments has a `dropped_date`; it is then expected only in the
  half-years that ended on or before its last drop-out date. A report is received when the
  enterprise has at least one KPI value for the half-year.
- Late report: the report's first `reported_date` is more than `LATE_DAYS` (60) days after
  the half-year's last day. A report without a date is not counted as late.
- Outlier: a KPI value outside its definition's plausible range (the same rule flags it as
  a warning on import).
- Disaggregation gaps: workforce rows where women or men are not given ("missing sex"),
  and rows where both are given but do not add up to the total.
- Partner: the institution of the trainer of the enterprise's Module 1 enrolment (the
  trainers collect the reports); otherwise of its first enrolment with a trainer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.formats import fmt_date
from score_dash.core.i18n import t
from score_dash.core.reports import ChartSpec, PageReport, Sheet
from score_dash.metrics.common import DEFAULT_SMALL_N, lookup, pct, small_group_note

Frames = dict[str, pd.DataFrame]

LATE_DAYS = 60
NO_PARTNER = "No trainer recorded"
INDICATORS = ("report_completeness", "late_reports", "kpi_outliers", "disaggregation_gaps")


def compute_expected_reports(frames: Frames, period_codes: Sequence[str]) -> pd.DataFrame:
    """One row per enterprise and half-year in which a KPI report is expected.

    Columns: enterprise, period, received (bool), reported_date (first), late (bool).
    """
    columns = ["enterprise", "period", "received", "reported_date", "late"]
    observations = frames["kpi_observations"]
    periods = frames["periods"][["period", "end_date"]].sort_values("period")
    baselines = (
        observations[observations["is_baseline"].astype(bool)].groupby("enterprise")["period"].min()
    )
    if baselines.empty:  # typed, so that boolean masks on it stay masks
        return pd.DataFrame(
            {
                "enterprise": pd.Series(dtype="str"),
                "period": pd.Series(dtype="str"),
                "received": pd.Series(dtype=bool),
                "reported_date": pd.Series(dtype="datetime64[ns]"),
                "late": pd.Series(dtype=bool),
            }
        )
    enrolments = frames["enrolments"]
    by_enterprise = enrolments.assign(dropped=enrolments["dropped_date"].notna()).groupby(
        "enterprise"
    )
    status = pd.DataFrame(
        {
            "all_dropped": by_enterprise["dropped"].all(),
            "last_dropped": by_enterprise["dropped_date"].max(),
        }
    )
    dropped_on = status.loc[status["all_dropped"], "last_dropped"]
    wanted = periods[periods["period"].isin(list(period_codes))]
    pairs = baselines.rename("baseline").reset_index().merge(wanted, how="cross")
    pairs = pairs[pairs["period"] > pairs["baseline"]]
    drop = lookup(pairs["enterprise"], dropped_on)
    pairs = pairs[drop.isna() | (pairs["end_date"] <= drop)]
    received = (
        observations.groupby(["enterprise", "period"])["reported_date"]
        .min()
        .rename("reported_date")
        .reset_index()
    )
    received["received"] = True
    out = pairs.merge(received, on=["enterprise", "period"], how="left")
    out["received"] = out["received"].fillna(False).astype(bool)
    deadline = out["end_date"] + pd.Timedelta(days=LATE_DAYS)
    out["late"] = (out["reported_date"].notna() & (out["reported_date"] > deadline)).astype(bool)
    return out[columns].reset_index(drop=True)


def compute_outliers(frames: Frames) -> pd.DataFrame:
    """KPI values outside their plausible range: enterprise, kpi, period, value, range."""
    bounds = frames["kpi_definitions"].set_index("kpi")
    observations = frames["kpi_observations"]
    low = lookup(observations["kpi"], bounds["plausible_min"]).astype(float)
    high = lookup(observations["kpi"], bounds["plausible_max"]).astype(float)
    outside = (observations["value"] < low) | (observations["value"] > high)
    found = observations.loc[outside, ["enterprise", "kpi", "period", "value"]]
    return found.assign(plausible_min=low[outside], plausible_max=high[outside]).reset_index(
        drop=True
    )


def compute_workforce_gaps(frames: Frames) -> pd.DataFrame:
    """Workforce rows with their gap flags: missing_sex and not_adding_up (bools)."""
    workforce = frames["workforce"]
    out = workforce[["enterprise", "period", "role", "employment", "total", "female", "male"]]
    missing = (out["female"].isna() | out["male"].isna()).astype(bool)
    both = ~missing
    adds = out["female"].fillna(0) + out["male"].fillna(0)
    not_adding = (both & (adds != out["total"])).astype(bool)
    return out.assign(missing_sex=missing.to_numpy(), not_adding_up=not_adding.to_numpy())


def compute_enterprise_partner(frames: Frames) -> pd.Series:
    """Partner code of each enterprise (its Module 1 trainer's institution), by enterprise."""
    enrolments = frames["enrolments"].dropna(subset=["trainer"])
    if enrolments.empty:
        return pd.Series(dtype="str")
    ordered = enrolments.assign(first=(enrolments["module"] != "M1").astype(int)).sort_values(
        ["enterprise", "first", "enrolled_date"]
    )
    trainer = ordered.groupby("enterprise")["trainer"].first()
    partners = frames["trainers"].set_index("trainer")["partner"]
    return trainer.map(partners).dropna()


class Checks(NamedTuple):
    """The rows every check counts, computed once for a report's tables: the expected
    reports of some half-years, and the outliers and workforce gaps of all of them."""

    expected: pd.DataFrame
    outliers: pd.DataFrame
    gaps: pd.DataFrame

    def of_period(self, period: str) -> Checks:
        """The same checks for one half-year (each row belongs to exactly one)."""
        return Checks(*(frame[frame["period"] == period] for frame in self))


def compute_checks(frames: Frames, period_codes: Sequence[str]) -> Checks:
    return Checks(
        compute_expected_reports(frames, period_codes),
        compute_outliers(frames),
        compute_workforce_gaps(frames),
    )


def compute_quality_by_period(
    frames: Frames, period_codes: Sequence[str], checks: Checks | None = None
) -> pd.DataFrame:
    """Every check, one row per half-year (`checks` must cover those half-years)."""
    expected, outliers, gaps = checks or compute_checks(frames, period_codes)
    rows = []
    for code in period_codes:
        exp = expected[expected["period"] == code]
        gap = gaps[gaps["period"] == code]
        received = int(exp["received"].sum())
        late = int(exp["late"].sum())
        rows.append(
            {
                "Half-year": code,
                "Reports expected": len(exp),
                "Reports received": received,
                "Completeness (%)": pct(received, len(exp)),
                "Late reports": late,
                "Late (%)": pct(late, received),
                "KPI values outside plausible range": int((outliers["period"] == code).sum()),
                "Workforce rows": len(gap),
                "Rows missing sex": int(gap["missing_sex"].sum()),
                "Rows not adding up": int(gap["not_adding_up"].sum()),
            }
        )
    return pd.DataFrame(rows, columns=_PERIOD_COLUMNS)


_PERIOD_COLUMNS = [
    "Half-year",
    "Reports expected",
    "Reports received",
    "Completeness (%)",
    "Late reports",
    "Late (%)",
    "KPI values outside plausible range",
    "Workforce rows",
    "Rows missing sex",
    "Rows not adding up",
]

_PARTNER_COLUMNS = [
    "Partner",
    "Reports expected",
    "Reports received",
    "Completeness (%)",
    "Late reports",
    "KPI values outside plausible range",
    "Rows missing sex",
    "Note",
]


def compute_quality_by_partner(
    frames: Frames,
    period: str,
    partner_names: dict[str, str],
    small_n: int = DEFAULT_SMALL_N,
    checks: Checks | None = None,
) -> pd.DataFrame:
    """The checks of one half-year, per partner (small groups marked)."""
    partner_of = compute_enterprise_partner(frames)
    expected, outliers, gaps = (checks or compute_checks(frames, [period])).of_period(period)

    def label(enterprises: pd.Series) -> pd.Series:
        codes = enterprises.map(partner_of)
        return codes.map(lambda c: partner_names.get(c, c) if isinstance(c, str) else NO_PARTNER)

    expected = expected.assign(partner=label(expected["enterprise"]))
    outlier_counts = label(outliers["enterprise"]).value_counts()
    gap_counts = label(gaps.loc[gaps["missing_sex"], "enterprise"]).value_counts()
    rows = []
    names = sorted(set(expected["partner"]) | set(outlier_counts.index) | set(gap_counts.index))
    for name in names:
        exp = expected[expected["partner"] == name]
        received = int(exp["received"].sum())
        rows.append(
            {
                "Partner": name,
                "Reports expected": len(exp),
                "Reports received": received,
                "Completeness (%)": pct(received, len(exp)),
                "Late reports": int(exp["late"].sum()),
                "KPI values outside plausible range": int(outlier_counts.get(name, 0)),
                "Rows missing sex": int(gap_counts.get(name, 0)),
                "Note": small_group_note(exp["enterprise"].nunique(), small_n),
            }
        )
    frame = pd.DataFrame(rows, columns=_PARTNER_COLUMNS)
    return frame.sort_values(["Completeness (%)", "Partner"], na_position="last").reset_index(
        drop=True
    )


def compute_rows_behind(frames: Frames, period: str, checks: Checks | None = None) -> pd.DataFrame:
    """The rows behind each check of one half-year (for staff)."""
    expected, outliers, gaps = (checks or compute_checks(frames, [period])).of_period(period)
    missing = expected[~expected["received"]]
    late = expected[expected["late"]]
    end = pd.Timestamp(frames["periods"].set_index("period")["end_date"].get(period, pd.NaT))
    parts = [
        pd.DataFrame(
            {
                "Check": "Report missing",
                "Enterprise": missing["enterprise"],
                "Detail": "no KPI value for the half-year",
            }
        ),
        pd.DataFrame(
            {
                "Check": "Report late",
                "Enterprise": late["enterprise"],
                "Detail": [
                    f"reported {fmt_date(d)}, {(d - end).days} days after the half-year"
                    for d in late["reported_date"]
                ],
            }
        ),
        pd.DataFrame(
            {
                "Check": "Outside plausible range",
                "Enterprise": outliers["enterprise"],
                "Detail": [
                    f"{k} = {v:g} (plausible {lo:g} to {hi:g})"
                    for k, v, lo, hi in outliers[
                        ["kpi", "value", "plausible_min", "plausible_max"]
                    ].itertuples(index=False, name=None)
                ],
            }
        ),
        pd.DataFrame(
            {
                "Check": "Sex not given",
                "Enterprise": gaps.loc[gaps["missing_sex"], "enterprise"],
                "Detail": [
                    f"{r} {e}: total {total}"
                    for r, e, total in gaps.loc[
                        gaps["missing_sex"], ["role", "employment", "total"]
                    ].itertuples(index=False, name=None)
                ],
            }
        ),
        pd.DataFrame(
            {
                "Check": "Women and men do not add up",
                "Enterprise": gaps.loc[gaps["not_adding_up"], "enterprise"],
                "Detail": [
                    f"{r} {e}: {f} + {m} != total {total}"
                    for r, e, total, f, m in gaps.loc[
                        gaps["not_adding_up"], ["role", "employment", "total", "female", "male"]
                    ].itertuples(index=False, name=None)
                ],
            }
        ),
    ]
    out = (
        pd.concat([p for p in parts if len(p)], ignore_index=True)
        if any(len(p) for p in parts)
        else pd.DataFrame(columns=["Check", "Enterprise", "Detail"])
    )
    out.insert(2, "Half-year", period)
    return out.sort_values(["Check", "Enterprise"], kind="stable").reset_index(drop=True)


def build_empty_report() -> PageReport:
    """The Data page's report while no half-year or enterprise is in the database."""
    return PageReport("data", "Data quality", (), indicators=INDICATORS)


def build_report(
    frames: Frames, periods: ResolvedPeriods, options: Options, *, small_n: int
) -> PageReport:
    """The Data page's quality tables: trend per half-year, partners and rows behind them."""
    checks = compute_checks(frames, list(dict.fromkeys([*periods.trend, periods.review])))
    by_period = compute_quality_by_period(frames, periods.trend, checks)
    by_period["Half-year"] = by_period["Half-year"].map(lambda c: periods.labels.get(c, c))
    label = periods.labels.get(periods.review, periods.review)
    return PageReport(
        "data",
        "Data quality",
        (
            Sheet(
                "Quality by half-year",
                by_period,
                chart=ChartSpec(
                    "line",
                    "Half-year",
                    ("Completeness (%)", "Late (%)"),
                    "KPI reports: completeness and lateness",
                    "%",
                ),
            ),
            Sheet(
                "Quality by partner",
                compute_quality_by_partner(
                    frames, periods.review, options.partners, small_n, checks
                ),
                note=t(
                    "Half-year {period}. Partner: institution of the enterprise's trainer."
                ).format(period=label),
            ),
            # The Data page is for staff; this table names enterprises, so it is withheld
            # from a viewer wherever it ends up (score_dash.access.policy).
            Sheet(
                "Rows behind the checks",
                compute_rows_behind(frames, periods.review, checks),
                audience="staff",
            ),
        ),
        indicators=INDICATORS,
        notes=(
            t(
                "A report is late when it reached the programme more than {days} days "
                "after the half-year ended."
            ).format(days=LATE_DAYS),
        ),
    )
