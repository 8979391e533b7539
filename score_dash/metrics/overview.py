"""The Overview briefing: headline figures, their changes, and the page's report.

Each figure is computed by one `compute_*` function here (or in `outreach` for the
objectives 1-3 indicators), so the Overview, the detail pages and the logframe status
table agree. The logframe status rules and the "what changed" text are in
`score_dash.metrics.logframe`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from score_dash.access.policy import selection_enterprises
from score_dash.core.dictionary import INDICATORS_BY_CODE
from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.i18n import N_, t
from score_dash.core.reports import PAGE_TITLES, ChartSpec, PageReport, Sheet
from score_dash.metrics import logframe
from score_dash.metrics import results as kpi_metrics
from score_dash.metrics.common import pct, upto, women_share, workforce_enterprises
from score_dash.metrics.indicators import (
    compute_enterprises_trained,
    compute_module_completions,
    compute_trainers_certified,
    trained_enterprises,
)

Frames = dict[str, pd.DataFrame]

HEADLINE_CODES: tuple[str, ...] = (
    "enterprises",
    "enterprises_trained",
    "clusters",
    "states",
    "workers",
    "women_workers",
    "women_share_workforce",
    "module_enrolments",
    "module_completions",
    "completion_rate",
    "trainers_certified",
    "women_share_trainers",
    "women_share_participants",
)

# Context for a newcomer: how big the programme is (the figures of compute_headline).
GLANCE_CODES: tuple[str, ...] = (
    "enterprises",
    "workers",
    "clusters",
    "states",
    "module_enrolments",
    "completion_rate",
)

# The report's table of how many indicators are on track, at risk, off track (the cards).
STATUS_COUNTS = "Status counts"

# The key KPIs behind "share of enterprises improving" on the Overview.
KEY_KPIS: tuple[str, ...] = ("productivity", "defect_rate", "accidents")
KPI_SHORT_NAMES: dict[str, str] = {
    "productivity": "raised productivity",
    "defect_rate": "reduced defects",
    "accidents": "reduced accidents",
}

# The briefing's figures, in the order the chair reads them, with the page behind each.
BRIEFING_CODES: tuple[str, ...] = (
    "enterprises_trained",
    "workers_trained_enterprises",
    "women_workers_trained_enterprises",
    "men_workers_trained_enterprises",
    "module_completions",
    "share_improved_productivity",
    "share_improved_defect_rate",
    "share_improved_accidents",
    "trainers_certified",
    "women_trainers_certified",
    "men_trainers_certified",
    "women_share_participants",
)
DETAIL_PAGE: dict[str, str] = {
    "enterprises_trained": "coverage",
    "workers_trained_enterprises": "gender",
    "women_workers_trained_enterprises": "gender",
    "men_workers_trained_enterprises": "gender",
    "module_completions": "modules",
    "share_improved_productivity": "results",
    "share_improved_defect_rate": "results",
    "share_improved_accidents": "results",
    "trainers_certified": "partners",
    "women_trainers_certified": "partners",
    "men_trainers_certified": "partners",
    "women_share_participants": "gender",
}


# --- one function per figure -------------------------------------------------------------


@dataclass
class SharesMemo:
    """The shares improved of one briefing, which its figures and the counts of enterprises
    behind them both need, for three half-years: the key KPIs' rows flagged once, and each
    half-year's shares of all of them, computed in one pass (`results.summarise_kpis`)."""

    flagged: pd.DataFrame | None = None
    by_period: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)


def compute_trained_workforce(frames: Frames, period: str, end: pd.Timestamp) -> dict[str, float]:
    """Headcount reported for `period` by enterprises trained by `end`: total, women, men.

    Women and men are sums over the rows that report them (they may not add up to the
    total when some enterprises do not disaggregate by sex).
    """
    trained = trained_enterprises(frames, end)
    workforce = frames["workforce"]
    rows = workforce[(workforce["period"] == period) & workforce["enterprise"].isin(trained)]
    return {
        "total": float(rows["total"].sum()),
        "women": float(rows["female"].sum()),
        "men": float(rows["male"].sum()),
    }


def compute_women_share_participants(frames: Frames, end: pd.Timestamp) -> float:
    """Women's share (%) of classroom participants of workshops held by `end`."""
    classroom = upto(frames["enrolments"], "classroom_date", end)
    attended = frames["participation"].merge(
        classroom[["enterprise", "module"]], on=["enterprise", "module"], how="inner"
    )
    return women_share(attended["female"], attended["male"])


def compute_share_improved(
    frames: Frames, kpi: str, period: str, memo: SharesMemo | None = None
) -> dict[str, float]:
    """Share (%) of enterprises whose latest value of a KPI is better than their baseline.

    The Results page's rule, computed by `score_dash.metrics.results` (one place): among
    enterprises with a plausible baseline and a later plausible report up to `period`, the
    share whose latest value is better, direction-aware. Returns the share and the number
    of enterprises behind it. `memo`: a briefing's `SharesMemo` (a KPI not in KEY_KPIS is
    computed on its own).
    """
    definitions = frames["kpi_definitions"]
    if not definitions["kpi"].eq(kpi).any():
        return {"share": math.nan, "enterprises": 0.0}
    kpis = KEY_KPIS if kpi in KEY_KPIS else (kpi,)
    if memo is None or kpis != KEY_KPIS:
        memo = SharesMemo()
    if memo.flagged is None:
        obs = frames["kpi_observations"]
        # Only the columns the rule reads: a copy of millions of rows costs per column.
        rows = obs.loc[
            obs["kpi"].isin(kpis), ["enterprise", "kpi", "period", "value", "is_baseline"]
        ]
        memo.flagged = kpi_metrics.flag_implausible(rows, definitions)
    if period not in memo.by_period:
        memo.by_period[period] = kpi_metrics.summarise_kpis(
            memo.flagged, definitions[definitions["kpi"].isin(kpis)], period
        )
    summary = memo.by_period[period][kpi]
    return {"share": summary["share_improved"], "enterprises": summary["enterprises"]}


def compute_kpi_reporting_share(frames: Frames, period: str, end: pd.Timestamp) -> float:
    """Share (%) of enterprises trained by `end` that reported any KPI for `period`."""
    trained = trained_enterprises(frames, end)
    if trained.empty:
        return math.nan
    obs = frames["kpi_observations"]
    reporting = trained.intersection(obs.loc[obs["period"] == period, "enterprise"].unique())
    return pct(len(reporting), len(trained))


def compute_workforce_reporting_share(frames: Frames, period: str, end: pd.Timestamp) -> float:
    """Share (%) of enterprises trained by `end` that reported their workforce for `period`."""
    trained = trained_enterprises(frames, end)
    if trained.empty:
        return math.nan
    workforce = frames["workforce"]
    in_period = workforce.loc[workforce["period"] == period, "enterprise"].unique()
    return pct(len(trained.intersection(in_period)), len(trained))


def compute_headline(frames: Frames, period: str, end: pd.Timestamp) -> dict[str, float]:
    """Headline figures at the end of one half-year (cumulative where it makes sense).

    Workforce figures are those reported for that half-year itself.
    """
    enterprises = upto(frames["enterprises"], "joined_date", end)
    enrolments = frames["enrolments"]
    completed = upto(enrolments, "completed_date", end)
    dropped = upto(enrolments, "dropped_date", end)
    workforce = frames["workforce"]
    workforce = workforce[workforce["period"] == period]
    trainers = compute_trainers_certified(frames, end)
    return {
        "enterprises": float(enterprises["enterprise"].nunique()),
        "enterprises_trained": compute_enterprises_trained(frames, end),
        "clusters": float(enterprises["cluster"].nunique()),
        "states": float(enterprises["state"].nunique()),
        "workers": float(workforce["total"].sum()),
        "women_workers": float(workforce["female"].sum()),
        "women_share_workforce": women_share(workforce["female"], workforce["male"]),
        "module_enrolments": float(len(upto(enrolments, "enrolled_date", end))),
        "module_completions": compute_module_completions(frames, end),
        "completion_rate": pct(len(completed), len(completed) + len(dropped)),
        "trainers_certified": trainers["total"],
        "women_share_trainers": pct(trainers["women"], trainers["total"]),
        "women_share_participants": compute_women_share_participants(frames, end),
    }


def compute_headline_table(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Headline figures for the review period and the comparison period, with the change."""
    now = compute_headline(frames, periods.review, periods.end)
    rows = []
    before = None
    if periods.compare:
        before = compute_headline(frames, periods.compare, periods.end_of(periods.compare))
    for code in HEADLINE_CODES:
        indicator = INDICATORS_BY_CODE[code]
        value = now[code]
        previous = before[code] if before else math.nan
        rows.append(
            {
                "code": code,
                "Figure": indicator.name,
                "Unit": indicator.unit,
                periods.labels[periods.review]: value,
                "Comparison": previous,
                "Change": value - previous if not math.isnan(previous) else math.nan,
            }
        )
    table = pd.DataFrame(rows)
    if periods.compare:
        table = table.rename(columns={"Comparison": periods.labels[periods.compare]})
    return table


# --- the briefing ------------------------------------------------------------------------


def compute_briefing_figures(
    frames: Frames, period: str, end: pd.Timestamp, memo: SharesMemo | None = None
) -> dict[str, float]:
    """Every briefing figure (BRIEFING_CODES) at the end of one half-year."""
    workforce = compute_trained_workforce(frames, period, end)
    trainers = compute_trainers_certified(frames, end)
    figures = {
        "enterprises_trained": compute_enterprises_trained(frames, end),
        "workers_trained_enterprises": workforce["total"],
        "women_workers_trained_enterprises": workforce["women"],
        "men_workers_trained_enterprises": workforce["men"],
        "module_completions": compute_module_completions(frames, end),
        "trainers_certified": trainers["total"],
        "women_trainers_certified": trainers["women"],
        "men_trainers_certified": trainers["men"],
        "women_share_participants": compute_women_share_participants(frames, end),
    }
    for kpi in KEY_KPIS:
        figures[f"share_improved_{kpi}"] = compute_share_improved(frames, kpi, period, memo)[
            "share"
        ]
    return figures


def compute_delta(now: float, before: float | None) -> float:
    """now - before, NaN when either is unknown (e.g. the first period has no previous)."""
    if before is None or now is None or pd.isna(before) or pd.isna(now):
        return math.nan
    return float(now) - float(before)


def figure_name(code: str) -> str:
    indicator = INDICATORS_BY_CODE.get(code)
    return indicator.name if indicator else code.replace("_", " ").capitalize()


def figure_unit(code: str) -> str:
    indicator = INDICATORS_BY_CODE.get(code)
    return indicator.unit if indicator else ""


def compute_briefing_table(
    frames: Frames, periods: ResolvedPeriods, memo: SharesMemo | None = None
) -> pd.DataFrame:
    """Briefing figures now, a half-year before, a year before, and the changes.

    Stable columns: code, Figure, Unit, Value, Previous, Change since previous,
    Year earlier, Change over the year, Detail page. Previous/Year earlier are NaN when
    that half-year is not in the data (the first period, or the first year).
    """
    now = compute_briefing_figures(frames, periods.review, periods.end, memo)
    before = (
        compute_briefing_figures(frames, periods.compare, periods.end_of(periods.compare), memo)
        if periods.compare
        else None
    )
    year = (
        compute_briefing_figures(
            frames, periods.year_earlier, periods.end_of(periods.year_earlier), memo
        )
        if periods.year_earlier
        else None
    )
    rows = []
    for code in BRIEFING_CODES:
        previous = before[code] if before else math.nan
        earlier = year[code] if year else math.nan
        rows.append(
            {
                "code": code,
                "Figure": figure_name(code),
                "Unit": figure_unit(code),
                "Value": now[code],
                "Previous": previous,
                "Change since previous": compute_delta(now[code], previous),
                "Year earlier": earlier,
                "Change over the year": compute_delta(now[code], earlier),
                "Detail page": PAGE_TITLES[DETAIL_PAGE[code]],
            }
        )
    return pd.DataFrame(rows)


def compute_glance(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """The programme at a glance (GLANCE_CODES rows of compute_headline_table)."""
    table = compute_headline_table(frames, periods)
    return table[table["code"].isin(GLANCE_CODES)].reset_index(drop=True)


GAP_MEASURES = (
    (N_("Trained enterprises reporting KPIs (%)"), compute_kpi_reporting_share),
    (N_("Trained enterprises reporting their workforce (%)"), compute_workforce_reporting_share),
)


def compute_data_gaps(frames: Frames, periods: ResolvedPeriods) -> pd.DataFrame:
    """Reporting coverage now and a half-year before (a drop is a new data gap)."""
    rows = []
    for measure, function in GAP_MEASURES:
        now = function(frames, periods.review, periods.end)
        before = (
            function(frames, periods.compare, periods.end_of(periods.compare))
            if periods.compare
            else math.nan
        )
        rows.append(
            {
                "Measure": measure,
                "Value": now,
                "Previous": before,
                "Change since previous": compute_delta(now, before),
            }
        )
    return pd.DataFrame(rows)


def compute_figure_enterprises(
    frames: Frames, period: str, end: pd.Timestamp, memo: SharesMemo | None = None
) -> dict[str, int]:
    """How many enterprises are behind each figure of the page that is built from what
    enterprises report (headcounts, KPI values, participants by sex, cost shares), at the end
    of one half-year, by code. Counts of enterprises and enrolments, and rates of such counts
    (completion rate, reporting shares), are about the whole selection, which a viewer sees
    only when it holds enough enterprises (`access.selection_too_small`): none listed (0)."""
    trained = trained_enterprises(frames, end)
    workforce = frames["workforce"]
    in_period = workforce[workforce["period"] == period]
    trained_workforce = workforce_enterprises(in_period[in_period["enterprise"].isin(trained)])
    classroom = upto(frames["enrolments"], "classroom_date", end)
    attended = frames["participation"].merge(
        classroom[["enterprise", "module"]], on=["enterprise", "module"], how="inner"
    )
    attended = attended[attended["female"].notna() & attended["male"].notna()]
    counts = {
        "workers_trained_enterprises": trained_workforce,
        "women_workers_trained_enterprises": trained_workforce,
        "men_workers_trained_enterprises": trained_workforce,
        "women_share_participants": int(attended["enterprise"].nunique()),
        "workers": workforce_enterprises(in_period),
        "women_workers": workforce_enterprises(in_period),
        "women_share_workforce": workforce_enterprises(in_period),
    }
    for kpi in KEY_KPIS:
        improved = compute_share_improved(frames, kpi, period, memo)
        counts[f"share_improved_{kpi}"] = int(improved["enterprises"])
    for code in logframe.ACTUAL_ENTERPRISES:
        counts[code] = logframe.compute_actual_enterprises(frames, code, end)
    return counts


def compute_enterprises_table(
    frames: Frames, periods: ResolvedPeriods, memo: SharesMemo | None = None
) -> pd.DataFrame:
    """`compute_figure_enterprises` for the review half-year (Value), the one before
    (Previous) and a year earlier (Year earlier), by code; 0 for a half-year not in the
    data."""
    columns = {
        "Value": (periods.review, periods.end),
        "Previous": (periods.compare, periods.end_of(periods.compare) if periods.compare else None),
        "Year earlier": (
            periods.year_earlier,
            periods.end_of(periods.year_earlier) if periods.year_earlier else None,
        ),
    }
    counts = {
        name: compute_figure_enterprises(frames, period, end, memo) if period else {}
        for name, (period, end) in columns.items()
    }
    return pd.DataFrame(counts).fillna(0).astype("int64")


@dataclass(frozen=True)
class Briefing:
    """Everything the Overview shows, computed once."""

    figures: pd.DataFrame  # compute_briefing_table
    status: pd.DataFrame  # logframe.compute_logframe_table
    gaps: pd.DataFrame  # compute_data_gaps
    changes: tuple[str, ...]  # logframe.compute_what_changed
    summary: str  # logframe.compute_status_summary
    labels: dict[str, str]  # "review", "previous", "year_earlier" -> period label or ""
    scope: str  # "programme" or "selection"
    glance: pd.DataFrame  # compute_glance
    enterprises: pd.DataFrame  # compute_enterprises_table
    change_sources: tuple[str, ...]  # logframe.compute_what_changed_sources
    # Enterprises of the selection that had joined by the review half-year's end: behind a
    # "what changed" line that counts no enterprises of its own (a new data gap).
    selection: int = 0


def compute_briefing(
    frames: Frames, periods: ResolvedPeriods, scope: str = "programme"
) -> Briefing:
    """The Overview's figures, logframe status, data gaps and "what changed" text.

    `scope="selection"` when filters restrict the enterprises: targets are for the whole
    programme, so no status is given for a selection.
    """
    memo = SharesMemo()
    figures = compute_briefing_table(frames, periods, memo)
    status = logframe.compute_logframe_table(frames, periods, scope=scope)
    gaps = compute_data_gaps(frames, periods)
    labels = period_labels(periods)
    changes = logframe.compute_what_changed(figures, status, gaps, labels)
    sources = logframe.compute_what_changed_sources(figures, status, gaps, labels)
    summary = logframe.compute_status_summary(status, labels["review"])
    glance = compute_glance(frames, periods)
    enterprises = compute_enterprises_table(frames, periods, memo)
    return Briefing(
        figures,
        status,
        gaps,
        tuple(changes),
        summary,
        labels,
        scope,
        glance,
        enterprises,
        tuple(sources),
        selection=selection_enterprises(frames, periods.end),
    )


def period_labels(periods: ResolvedPeriods) -> dict[str, str]:
    """ "review", "previous", "year_earlier" -> the half-year's label, "" when there is none."""
    return {
        "review": periods.labels[periods.review],
        "previous": periods.labels.get(periods.compare or "", ""),
        "year_earlier": periods.labels.get(periods.year_earlier or "", ""),
    }


HEADLINE_COLUMNS = (
    "Figure",
    "Unit",
    "Value",
    "Previous",
    "Change since previous",
    "Year earlier",
    "Change over the year",
    "Detail page",
)


def headline_figures(report: PageReport) -> pd.DataFrame:
    """The report's headline figures by code with stable column names (the cards read
    them from the report, as every figure on a page is read)."""
    table = report.table("Headline figures")
    names = dict(zip(table.columns, HEADLINE_COLUMNS, strict=False))  # a viewer's adds Note
    table = table.rename(columns=names)
    codes = {figure_name(code): code for code in BRIEFING_CODES}
    return table.assign(code=table["Figure"].map(codes)).set_index("code")


def _labelled(table: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Stable column names -> headers naming the half-years (screen and Excel)."""
    review, previous, earlier = labels["review"], labels["previous"], labels["year_earlier"]
    names = {"Value": review}
    names["Previous"] = (
        t("{period} (previous)").format(period=previous) if previous else t("Previous half-year")
    )
    names["Year earlier"] = (
        t("{period} (a year earlier)").format(period=earlier) if earlier else t("A year earlier")
    )
    return table.rename(columns=names)


def _counts(briefing: Briefing, codes: pd.Series, column: str) -> tuple[int, ...]:
    """The enterprises behind each code's figure in one half-year (0 where none are)."""
    table = briefing.enterprises
    return tuple(int(table.at[c, column]) if c in table.index else 0 for c in codes)


def _fewer(*counts: tuple[int, ...]) -> tuple[int, ...]:
    """Per row, the fewest enterprises behind figures that go together (a change and the
    two values it is the difference of); 0 ignored."""
    return tuple(min((n for n in row if n), default=0) for row in zip(*counts, strict=True))


def _period_rules(
    briefing: Briefing, codes: pd.Series, columns: dict[str, tuple[str, ...]]
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """`column_enterprises` of a table with a column per half-year (`columns`: header ->
    the half-years, of Value, Previous and Year earlier, behind it)."""
    return tuple(
        (header, _fewer(*(_counts(briefing, codes, when) for when in behind)))
        for header, behind in columns.items()
    )


# The "What changed" table's column naming the indicator each line reports ("" for none).
CHANGE_CODE = "Indicator code"


def change_code(source: str) -> str:
    """The indicator code of a "what changed" line's source ("" for a reporting measure's
    gap or a line about no figure)."""
    return "" if source.startswith("gap:") else source


def note_indicators(code: str) -> tuple[str, ...]:
    """The indicators whose notes explain a figure: its own, and for the share of
    enterprises improving on a KPI the KPI's (a note on productivity explains it too)."""
    if not code:
        return ()
    kpi = code.removeprefix("share_improved_")
    return (code, kpi) if kpi != code else (code,)


def noted_indicators(report: PageReport) -> tuple[str, ...]:
    """The indicators whose notes the Overview lists: its figures' and the key KPIs'."""
    return (*report.indicators, *KEY_KPIS)


def changes_with_notes(changes: pd.DataFrame, notes: pd.DataFrame) -> list[str]:
    """The "What changed" lines (a viewer's emptied ones left out), each followed by the
    notes on its indicator (`records` notes of the review half-year):
    "... (note: text)", "... (note on Chennai: text)"."""
    lines = []
    for line, code in zip(changes.iloc[:, 0], changes[CHANGE_CODE], strict=True):
        if pd.isna(line):
            continue
        codes = note_indicators("" if pd.isna(code) else str(code))
        about = notes[notes["Indicator"].isin(codes)] if codes else notes.iloc[0:0]
        for note in about.itertuples(index=False):
            place = next((p for p in (note.Enterprise, note.Cluster, note.State) if p), "")
            line += (
                t(" (note on {place}: {text})").format(place=place, text=note.Text)
                if place
                else t(" (note: {text})").format(text=note.Text)
            )
        lines.append(line)
    return lines


def build_briefing_report(briefing: Briefing) -> PageReport:
    """The Overview's tables, exactly as the page shows them.

    For viewers (score_dash.access.policy), each figure from fewer than the minimum of
    enterprises (workers of the trained enterprises, a share improved, a reporting share,
    ...) is suppressed with the changes, status and sentences that follow from it.
    """
    labels = briefing.labels
    figures = _labelled(briefing.figures.drop(columns=["code"]), labels)
    names = _labelled(pd.DataFrame(columns=["Value", "Previous", "Year earlier"]), labels).columns
    review, previous, earlier = names
    by_period = {
        review: ("Value",),
        previous: ("Previous",),
        "Change since previous": ("Value", "Previous"),
        earlier: ("Year earlier",),
        "Change over the year": ("Value", "Year earlier"),
    }
    gaps = _labelled(briefing.gaps, labels)
    gap_codes = "gap:" + briefing.gaps["Measure"]
    glance = briefing.glance.drop(columns=["code"])
    glance_columns = [c for c in glance.columns if c not in ("Figure", "Unit")]
    status = logframe.status_display(briefing.status)
    status_codes = briefing.status["code"]
    status_now = _counts(briefing, status_codes, "Value")
    changes = pd.DataFrame(
        {
            "What changed since the last review": list(briefing.changes),
            CHANGE_CODE: [change_code(source) for source in briefing.change_sources],
        }
    )
    sources = pd.Series(briefing.change_sources, dtype=object)
    sheets = (
        Sheet(
            "Logframe status",
            status,
            chart=ChartSpec(
                "bar",
                "Indicator",
                ("Achieved (%)",),
                f"Share of the {labels['review']} target achieved",
                "% of target",
            ),
            column_enterprises=logframe.status_column_enterprises(
                status_now, _counts(briefing, status_codes, "Previous")
            ),
        ),
        Sheet(
            STATUS_COUNTS,
            logframe.compute_status_counts(briefing.status),
            labels=("Status",),
            sheet_enterprises=min((n for n in status_now if n), default=None),
        ),
        Sheet(
            "Headline figures",
            figures,
            column_enterprises=_period_rules(briefing, briefing.figures["code"], by_period),
        ),
        Sheet(
            "What changed",
            changes,
            note=briefing.summary,
            enterprises=tuple(
                n or briefing.selection
                for n in _fewer(
                    _counts(briefing, sources, "Value"), _counts(briefing, sources, "Previous")
                )
            ),
        ),
        Sheet(
            "Reporting coverage",
            gaps,
            column_enterprises=_period_rules(
                briefing, gap_codes, {k: v for k, v in by_period.items() if k in gaps.columns}
            ),
        ),
        Sheet(
            "Programme at a glance",
            glance,
            column_enterprises=_period_rules(
                briefing,
                briefing.glance["code"],
                dict(
                    zip(
                        glance_columns,
                        (("Value",), ("Previous",), ("Value", "Previous")),
                        strict=True,
                    )
                ),
            ),
        ),
    )
    codes = tuple(
        dict.fromkeys(
            (
                *BRIEFING_CODES,
                *GLANCE_CODES,
                "logframe_status",
                "pace_needed",
                *briefing.status["code"],
                "kpi_reporting_share",
            )
        )
    )
    notes: tuple[str, ...] = (logframe.status_rule(),)
    if briefing.scope == "selection":
        notes = (*notes, logframe.SELECTION_NOTE)
    return PageReport(
        "overview",
        f"Overview: briefing for {labels['review']}",
        sheets,
        indicators=codes,
        notes=notes,
        subtitle=t("Briefing for {period}").format(period=labels["review"]),
    )


def build_report(
    frames: Frames, periods: ResolvedPeriods, options: Options, *, scope: str = "programme"
) -> PageReport:
    """The Overview page's tables (`scope="selection"` when filters restrict enterprises)."""
    del options
    return build_briefing_report(compute_briefing(frames, periods, scope=scope))
