"""Logframe indicators against their targets: actuals, status, pace, and what changed.

Status rule (documented on the Overview, in the Excel "About" sheet and on the
Definitions page, indicator `logframe_status`), for indicators where higher is better:

- On track: actual >= the target for the half-year under review;
- At risk: actual >= 85 % of that target;
- Off track: below 85 % of the target;
- No target: no target for that half-year; No data: no actual could be computed;
- Not assessed: the view is filtered to a selection, and targets are programme-wide.

Pace (indicator `pace_needed`): (end-of-programme target - actual) / half-years left
after the review period up to the end-of-programme period; 0 when the end target is
already reached; unknown when no half-year is left.

The "what changed" text is built by fixed rules from the tables (no language model):
status changes, the largest movements since the previous half-year, and new data gaps.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from score_dash.core.filters import Filters, ResolvedPeriods
from score_dash.core.formats import fmt_number
from score_dash.core.i18n import N_, t
from score_dash.core.periods import parse_period, period_range
from score_dash.core.reports import PAGE_TITLES
from score_dash.metrics import indicators

Frames = dict[str, pd.DataFrame]
Actuals = Callable[[Frames, indicators.Ends], Sequence[float] | np.ndarray]

AT_RISK_SHARE = 0.85
ON_TRACK = "✓ On track"
AT_RISK = "! At risk"
OFF_TRACK = "✗ Off track"
NO_TARGET = "– No target"
NO_DATA = "– No data"
NOT_ASSESSED = "– Not assessed"
ASSESSED = (ON_TRACK, AT_RISK, OFF_TRACK)
STATUS_RANK = {ON_TRACK: 0, AT_RISK: 1, OFF_TRACK: 2}
GAP_DROP_POINTS = 5.0
TOP_MOVEMENTS = 3

# How a status is given, with its share as a field for the catalog (a "%" in a message would
# be read as a printf placeholder).
STATUS_RULE = N_(
    "Status: ✓ On track when the actual reaches the target for the half-year; ! At risk "
    "when it reaches at least {share} of the target; ✗ Off track below that. "
    "Needed per half-year = (end-of-programme target - actual) / half-years left."
)


def status_rule() -> str:
    """How a logframe indicator's status is given, in the run's language."""
    return t(STATUS_RULE).format(share=f"{AT_RISK_SHARE:.0%}")


SELECTION_NOTE = N_(
    "Targets are set for the whole programme, so no status is given while filters select "
    "only part of it: clear the state, cluster, sector, module, partner, size and "
    "women-owned filters to see the status."
)

# One function per logframe indicator: (frames, last days of half-years) -> the actual at each
# (the progress chart's trend asks for a dozen at once: one pass over the rows, not one each).
ACTUALS: dict[str, Actuals] = {
    "enterprises_trained": indicators.enterprises_trained_over,
    "module_completions": indicators.module_completions_over,
    "trainers_certified": indicators.trainers_certified_over,
    "associations_mou": indicators.associations_mou_over,
    "enterprises_via_associations": indicators.enterprises_via_associations_over,
    "promotion_events": lambda f, ends: indicators.activities_over(
        f, indicators.PROMOTION_EVENT, ends
    ),
    "institutions_embedding": indicators.institutions_embedding_over,
    "cost_share_non_ilo": indicators.cost_share_non_ilo_over,
    "inspectors_trained": indicators.inspectors_trained_over,
    "media_items": lambda f, ends: indicators.activities_over(f, indicators.MEDIA_ITEM, ends),
}
DETAIL_PAGE: dict[int, str] = {0: "modules", 1: "partners", 2: "partners", 3: "partners"}

# Indicators whose actual is computed from enterprises' own figures (not a count of
# enterprises, partners or activities): how many enterprises are behind it, at each of the
# last days given. For viewers, an actual from too few is suppressed
# (score_dash.access.policy).
ACTUAL_ENTERPRISES: dict[str, Actuals] = {
    "cost_share_non_ilo": lambda f, ends: [
        f["enrolments"]["enterprise"][started].nunique()
        for started in indicators.in_half_years(f["enrolments"]["enrolled_date"], ends)
    ],
}
# The status table's columns that follow from the actual of the half-year under review.
ACTUAL_COLUMNS = ("Actual", "Achieved (%)", "Status", "Gap to end target", "Needed per half-year")


def compute_actuals(frames: Frames, code: str, ends: indicators.Ends) -> list[float]:
    """The actual value of a logframe indicator at the end of each half-year whose last day
    is in `ends` (NaN if not computable)."""
    function = ACTUALS.get(code)
    return [float(v) for v in function(frames, ends)] if function else [math.nan] * len(ends)


def compute_actual(frames: Frames, code: str, end: pd.Timestamp) -> float:
    """The actual value of a logframe indicator at the end of the half-year whose last day
    is `end` (NaN if not computable)."""
    return compute_actuals(frames, code, [end])[0]


def compute_actual_enterprises_over(frames: Frames, code: str, ends: indicators.Ends) -> list[int]:
    """How many enterprises are behind an indicator's actual at each of `ends` (0: not
    enterprises' figures)."""
    function = ACTUAL_ENTERPRISES.get(code)
    return [int(v) for v in function(frames, ends)] if function else [0] * len(ends)


def compute_actual_enterprises(frames: Frames, code: str, end: pd.Timestamp) -> int:
    """How many enterprises are behind an indicator's actual at `end` (0: not enterprises'
    figures)."""
    return compute_actual_enterprises_over(frames, code, [end])[0]


def status_enterprises(
    frames: Frames, periods: ResolvedPeriods, status: pd.DataFrame
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The `column_enterprises` of a status table (`status`: rows of compute_logframe_table):
    the actual and what follows from it, and the previous status, each from its half-year."""
    now = tuple(compute_actual_enterprises(frames, code, periods.end) for code in status["code"])
    compare = periods.compare
    before = tuple(
        compute_actual_enterprises(frames, code, periods.end_of(compare)) if compare else 0
        for code in status["code"]
    )
    return status_column_enterprises(now, before)


def status_column_enterprises(
    now: tuple[int, ...], before: tuple[int, ...]
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """A status table's `column_enterprises` from the enterprises behind each row's actual
    now and in the comparison half-year."""
    return (*((column, now) for column in ACTUAL_COLUMNS), ("Previous status", before))


def compute_status(actual: float, target: float, better: str = "higher") -> str:
    """On track / At risk / Off track by the documented rule (see module docstring)."""
    if target is None or pd.isna(target):
        return NO_TARGET
    if actual is None or pd.isna(actual):
        return NO_DATA
    if better == "lower":
        if actual <= target:
            return ON_TRACK
        return AT_RISK if actual * AT_RISK_SHARE <= target else OFF_TRACK
    if actual >= target:
        return ON_TRACK
    return AT_RISK if actual >= AT_RISK_SHARE * target else OFF_TRACK


def compute_achieved_pct(actual: float, target: float) -> float:
    """actual / target as a percentage (NaN without a positive target or an actual)."""
    if pd.isna(actual) or pd.isna(target) or target <= 0:
        return math.nan
    return round(100.0 * actual / target, 1)


def remaining_half_years(review: str, end_period: str) -> int:
    """Half-years after `review` up to and including `end_period` (0 when none is left)."""
    if not isinstance(end_period, str) or not end_period:
        return 0
    first = parse_period(review).next()
    return len(period_range(first, parse_period(end_period)))


def compute_pace(actual: float, end_target: float, remaining: int) -> float:
    """Increase needed per remaining half-year to reach the end-of-programme target."""
    if pd.isna(actual) or pd.isna(end_target):
        return math.nan
    gap = float(end_target) - float(actual)
    if gap <= 0:
        return 0.0
    if remaining <= 0:
        return math.nan
    return round(gap / remaining, 1)


Targets = dict[tuple[str, str], float]


def targets_of(targets: pd.DataFrame) -> Targets:
    """The targets table as (indicator, half-year) -> value (the first row of each), read
    once per table rather than filtered once per figure."""
    first = targets.drop_duplicates(["indicator", "period"], keep="first")
    return {
        (str(code), str(period)): float(value)
        for code, period, value in zip(
            first["indicator"].tolist(),
            first["period"].tolist(),
            first["value"].tolist(),
            strict=True,
        )
    }


def target_for(targets: Targets, code: str, period: str | None) -> float:
    if period is None:
        return math.nan
    return targets.get((code, period), math.nan)


def scope_of(filters: Filters) -> str:
    """'selection' when filters restrict enterprises or partners, else 'programme'."""
    restricted = (
        filters.states
        or filters.clusters
        or filters.sectors
        or filters.modules
        or filters.partners
        or filters.size_bands
        or filters.women_owned
    )
    return "selection" if restricted else "programme"


def indicators_with_targets(
    frames: Frames, objectives: tuple[int, ...] | None = None
) -> pd.DataFrame:
    """The indicators that have targets (of `objectives`: all when None), in the order of
    every logframe table: by objective, then indicator code."""
    indicators = frames["indicators"]
    chosen = indicators[indicators["indicator"].isin(set(frames["targets"]["indicator"]))]
    if objectives is not None:
        chosen = chosen[chosen["objective"].isin(objectives)]
    return chosen.sort_values(["objective", "indicator"], kind="stable")


def compute_logframe_table(
    frames: Frames, periods: ResolvedPeriods, scope: str = "programme"
) -> pd.DataFrame:
    """Every indicator with targets: baseline, target, actual, status, pace.

    Stable columns: code, Objective, Indicator, Unit, Baseline, Target, Actual,
    Achieved (%), Status, Previous actual, Previous status, End target, End period,
    Half-years left, Needed per half-year, Detail page.
    """
    targets = targets_of(frames["targets"])
    review, compare = periods.review, periods.compare
    rows = []
    for item in indicators_with_targets(frames).itertuples(index=False):
        code = item.indicator
        target = target_for(targets, code, review)
        actual = compute_actual(frames, code, periods.end)
        previous_target = target_for(targets, code, compare)
        previous = compute_actual(frames, code, periods.end_of(compare)) if compare else math.nan
        status = compute_status(actual, target)
        previous_status = compute_status(previous, previous_target) if compare else NO_DATA
        left = remaining_half_years(review, item.end_period)
        achieved = compute_achieved_pct(actual, target)
        gap = max(float(item.end_target) - actual, 0.0) if not pd.isna(actual) else math.nan
        pace = compute_pace(actual, item.end_target, left)
        if scope == "selection":
            # Targets are programme-wide: a selection is not measured against them.
            status = previous_status = NOT_ASSESSED
            achieved = gap = pace = math.nan
        objective = int(item.objective)
        rows.append(
            {
                "code": code,
                "Objective": objective,
                "Indicator": item.name,
                "Unit": item.unit,
                "Baseline": float(item.baseline),
                "Target": target,
                "Actual": actual,
                "Achieved (%)": achieved,
                "Status": status,
                "Previous actual": previous,
                "Previous status": previous_status,
                "End target": float(item.end_target),
                "End period": item.end_period,
                "Half-years left": left,
                "Gap to end target": gap,
                "Needed per half-year": pace,
                "Detail page": PAGE_TITLES[DETAIL_PAGE.get(objective, "partners")],
            }
        )
    columns = [
        "code",
        "Objective",
        "Indicator",
        "Unit",
        "Baseline",
        "Target",
        "Actual",
        "Achieved (%)",
        "Status",
        "Previous actual",
        "Previous status",
        "End target",
        "End period",
        "Half-years left",
        "Gap to end target",
        "Needed per half-year",
        "Detail page",
    ]
    return pd.DataFrame(rows, columns=columns)


OBJECTIVE_NAMES: dict[int, str] = {
    0: N_("Enterprise results"),
    1: N_("1 Associations"),
    2: N_("2 Service providers"),
    3: N_("3 Dissemination"),
}


STATUS_COUNT_ORDER = (*ASSESSED, NO_TARGET, NO_DATA, NOT_ASSESSED)


def compute_status_counts(status: pd.DataFrame) -> pd.DataFrame:
    """How many indicators have each status, out of every indicator in the status table.

    Columns: Status, Indicators, Of indicators with targets. On track, at risk and off
    track always have a row (0 included) unless the view is a selection (not assessed);
    the other statuses have a row only when some indicator has them, so the rows account
    for every indicator.
    """
    counts = status["Status"].value_counts()
    selection = bool(counts.get(NOT_ASSESSED, 0))
    rows = [
        {
            "Status": name,
            "Indicators": int(counts.get(name, 0)),
            "Of indicators with targets": len(status),
        }
        for name in STATUS_COUNT_ORDER
        if counts.get(name, 0) or (name in ASSESSED and not selection)
    ]
    return pd.DataFrame(rows, columns=["Status", "Indicators", "Of indicators with targets"])


def status_display(table: pd.DataFrame) -> pd.DataFrame:
    """The status table as the screen and Excel show it (objectives named)."""
    shown = table.drop(columns=["code", "Previous actual"]).rename(
        columns={"Target": "Target this half-year"}
    )
    shown["Objective"] = [OBJECTIVE_NAMES.get(int(o), str(o)) for o in shown["Objective"]]
    return shown.reset_index(drop=True)


def compute_progress(
    frames: Frames, periods: ResolvedPeriods, objectives: tuple[int, ...] = (0, 1, 2, 3)
) -> pd.DataFrame:
    """Actual and target per half-year of the trend range, long form (for trend charts)."""
    targets = targets_of(frames["targets"])
    ends = [periods.end_of(code) for code in periods.trend]
    rows = []
    for item in indicators_with_targets(frames, objectives).itertuples(index=False):
        actuals = compute_actuals(frames, item.indicator, ends)
        for code, actual in zip(periods.trend, actuals, strict=True):
            rows.append(
                {
                    "Indicator": item.name,
                    "Half-year": periods.labels[code],
                    "Actual": actual,
                    "Target": target_for(targets, item.indicator, code),
                    "Unit": item.unit,
                }
            )
    return pd.DataFrame(rows, columns=["Indicator", "Half-year", "Actual", "Target", "Unit"])


def progress_indicators(indicators: pd.DataFrame, progress: pd.DataFrame) -> dict[str, str]:
    """Code -> name of the indicators a `compute_progress` table holds (it names them)."""
    shown = set(progress["Indicator"])
    return {
        code: name
        for code, name in zip(indicators["indicator"], indicators["name"], strict=True)
        if name in shown
    }


def progress_enterprises(
    frames: Frames, periods: ResolvedPeriods, objectives: tuple[int, ...] = (0, 1, 2, 3)
) -> tuple[int, ...]:
    """For each row of `compute_progress`, how many enterprises are behind its actual."""
    ends = [periods.end_of(code) for code in periods.trend]
    return tuple(
        count
        for item in indicators_with_targets(frames, objectives).itertuples(index=False)
        for count in compute_actual_enterprises_over(frames, item.indicator, ends)
    )


# --- words -------------------------------------------------------------------------------


# A status inside a sentence ("slipped from at risk to off track"), in the run's language.
STATUS_WORDS = {ON_TRACK: N_("on track"), AT_RISK: N_("at risk"), OFF_TRACK: N_("off track")}
# A reporting measure inside a sentence ("New data gap: … fell from 80.0 % to 70.0 %").
GAP_WORDS = {
    "Trained enterprises reporting KPIs (%)": N_("trained enterprises reporting KPIs"),
    "Trained enterprises reporting their workforce (%)": N_(
        "trained enterprises reporting their workforce"
    ),
}


def _words(status: str) -> str:
    if status in STATUS_WORDS:
        return t(STATUS_WORDS[status])
    return status.split(" ", 1)[1].lower() if " " in status else status.lower()


def _number(value: float, unit: str) -> str:
    if pd.isna(value):
        return "—"
    if unit == "%":
        return f"{value:.1f} %"
    return fmt_number(value)


def compute_status_summary(status: pd.DataFrame, review_label: str) -> str:
    """One sentence, in the run's language: how many indicators are on track, and which
    are not."""
    assessed = status[status["Status"].isin(ASSESSED)]
    if (status["Status"] == NOT_ASSESSED).any():
        return f"{review_label}: " + t(SELECTION_NOTE)
    if assessed.empty:
        return t("{review}: no indicator has both a target and an actual value.").format(
            review=review_label
        )
    on = assessed[assessed["Status"] == ON_TRACK]
    others = []
    for label, part in (
        (AT_RISK, N_("{count} at risk ({names})")),
        (OFF_TRACK, N_("{count} off track ({names})")),
    ):
        names = [t(name) for name in assessed.loc[assessed["Status"] == label, "Indicator"]]
        if names:
            others.append(t(part).format(count=len(names), names=", ".join(names)))
    if not others:
        return t("{review}: {on} of {count} indicators with a target are on track.").format(
            review=review_label, on=len(on), count=len(assessed)
        )
    return t("{review}: {on} of {count} indicators with a target are on track; {others}.").format(
        review=review_label, on=len(on), count=len(assessed), others="; ".join(others)
    )


def compute_what_changed(
    figures: pd.DataFrame, status: pd.DataFrame, gaps: pd.DataFrame, labels: dict[str, str]
) -> list[str]:
    """Short, rule-based sentences on what changed since the previous half-year.

    Rules, in this order: (1) without a previous half-year, say so and stop; (2) each
    indicator whose status changed, worsened first; (3) the TOP_MOVEMENTS largest
    relative movements among the headline figures and logframe actuals (percentages
    compare by points / 100); (4) each reporting share that fell by GAP_DROP_POINTS
    points or more, and each indicator with a value before but none now (new data gaps).
    """
    return [line for line, _ in _what_changed(figures, status, gaps, labels)]


def compute_what_changed_sources(
    figures: pd.DataFrame, status: pd.DataFrame, gaps: pd.DataFrame, labels: dict[str, str]
) -> list[str]:
    """For each sentence of `compute_what_changed`, the figure it reports: a figure's or
    indicator's code, "gap:" and a reporting measure, or "" (no figure)."""
    return [source for _, source in _what_changed(figures, status, gaps, labels)]


def _what_changed(
    figures: pd.DataFrame, status: pd.DataFrame, gaps: pd.DataFrame, labels: dict[str, str]
) -> list[tuple[str, str]]:
    review, previous = labels.get("review", ""), labels.get("previous", "")
    if not previous:
        return [
            (
                t(
                    "{review} is the first half-year in the data: there is no previous "
                    "half-year to compare with."
                ).format(review=review),
                "",
            )
        ]
    lines: list[tuple[str, str]] = []
    changed = status[
        status["Status"].isin(ASSESSED)
        & status["Previous status"].isin(ASSESSED)
        & (status["Status"] != status["Previous status"])
    ].copy()
    if not changed.empty:
        changed["worse"] = [
            STATUS_RANK[n] - STATUS_RANK[p]
            for n, p in zip(changed["Status"], changed["Previous status"], strict=True)
        ]
        changed = changed.sort_values(["worse", "Indicator"], ascending=[False, True])
        for code, name, now, before, worse in zip(
            changed["code"],
            changed["Indicator"],
            changed["Status"],
            changed["Previous status"],
            changed["worse"],
            strict=True,
        ):
            line = (
                t("{name} slipped from {before} to {now}.")
                if worse > 0
                else t("{name} improved from {before} to {now}.")
            )
            lines.append((line.format(name=t(name), before=_words(before), now=_words(now)), code))
    lines.extend(_movements(figures, status, previous))
    for row in gaps.itertuples(index=False):
        change = row[gaps.columns.get_loc("Change since previous")]
        if not pd.isna(change) and change <= -GAP_DROP_POINTS:
            measure = GAP_WORDS.get(row.Measure)
            lines.append(
                (
                    t("New data gap: {measure} fell from {before} % to {now} %.").format(
                        measure=t(measure) if measure else row.Measure[:-4].lower(),
                        before=f"{row.Previous:.1f}",
                        now=f"{row.Value:.1f}",
                    ),
                    f"gap:{row.Measure}",
                )
            )
    lost = status[status["Actual"].isna() & status["Previous actual"].notna()]
    for name in lost["Indicator"]:
        lines.append(
            (
                t("New data gap: no value for {name} in {review}.").format(
                    name=t(name), review=review
                ),
                "",
            )
        )
    if not lines:
        lines.append(
            (
                t("No status changed and nothing moved since {previous}.").format(
                    previous=previous
                ),
                "",
            )
        )
    return lines


def _movements(figures: pd.DataFrame, status: pd.DataFrame, previous: str) -> list[tuple[str, str]]:
    candidates = []
    main = figures[
        ~figures["code"].str.startswith(
            ("women_workers", "men_workers", "women_trainers", "men_trainers")
        )
    ]
    for row in main.itertuples(index=False):
        candidates.append((row.code, row.Figure, row.Unit, row.Value, row.Previous))
    for row in status[~status["code"].isin(set(figures["code"]))].itertuples(index=False):
        candidates.append(
            (
                row.code,
                row.Indicator,
                row.Unit,
                row.Actual,
                row[status.columns.get_loc("Previous actual")],
            )
        )
    scored = []
    for order, (code, name, unit, now, before) in enumerate(candidates):
        if pd.isna(now) or pd.isna(before) or now == before:
            continue
        if unit == "%":
            size = abs(now - before) / 100.0
        elif before == 0:
            size = 1.0
        else:
            size = abs(now - before) / abs(before)
        scored.append((-size, order, code, name, unit, now, before))
    lines = []
    for _, _, code, name, unit, now, before in sorted(scored)[:TOP_MOVEMENTS]:
        rose = now > before
        if unit == "%":
            line = (
                t("{name} rose by {points} points to {now} (from {before} in {previous}).")
                if rose
                else t("{name} fell by {points} points to {now} (from {before} in {previous}).")
            ).format(
                name=t(name),
                points=f"{abs(now - before):.1f}",
                now=_number(now, unit),
                before=_number(before, unit),
                previous=previous,
            )
        elif before == 0:
            line = (
                t("{name} rose from none in {previous} to {now}.")
                if rose
                else t("{name} fell from none in {previous} to {now}.")
            ).format(name=t(name), previous=previous, now=_number(now, unit))
        else:
            line = (
                t("{name} rose by {change} ({relative} %) to {now}.")
                if rose
                else t("{name} fell by {change} ({relative} %) to {now}.")
            ).format(
                name=t(name),
                change=_number(abs(now - before), unit),
                relative=f"{100 * (now - before) / before:+.0f}",
                now=_number(now, unit),
            )
        lines.append((line, code))
    return lines
