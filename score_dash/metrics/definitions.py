"""The Definitions page's report: every indicator, every data column, provenance.

The indicators' names, definitions, units and directions are written in the run's language
(the catalog's words; formulas and sources as written); the search finds a row by its words
in English or in the run's language."""

from __future__ import annotations

import pandas as pd

from score_dash.core.dictionary import (
    INDICATORS_BY_CODE,
    KPIS,
    column_frame,
    indicator_frame,
    provenance_frame,
    search,
)
from score_dash.core.filters import Options, ResolvedPeriods
from score_dash.core.i18n import N_, t
from score_dash.core.reports import PageReport, Sheet

Frames = dict[str, pd.DataFrame]

# The enterprise KPIs' names and units (core.dictionary.KPIS), for the catalog;
# tests/unit/test_definitions_language.py holds them equal to the dictionary's.
KPI_NAMES = (
    N_("Productivity"),
    N_("Defect rate"),
    N_("Cost savings"),
    N_("Accidents"),
    N_("Days lost to accidents"),
    N_("Energy per unit"),
    N_("Waste produced"),
    N_("Absenteeism"),
    N_("Labour turnover"),
    N_("Suggestions made"),
    N_("Suggestions implemented"),
    N_("Improvement-team meetings"),
)
KPI_UNITS = (
    N_("index (baseline = 100)"),
    N_("% of output"),
    N_("INR thousand per half-year"),
    N_("per half-year"),
    N_("days per half-year"),
    N_("kWh per unit"),
    N_("tonnes per half-year"),
    N_("% of scheduled days"),
    N_("% per half-year"),
)
KPI_TERMS = frozenset((*KPI_NAMES, *KPI_UNITS))
KPI_DEFINITION = N_(
    "Enterprise KPI reported each half-year by trainers; values outside {low}-{high} are "
    "implausible and excluded from medians."
)
KPI_NO_SOURCE = N_("No published figure; the plausible range is the dashboard's own.")
REPORTED = N_("reported value")


def kpi_term(text: str) -> str:
    """A KPI's name or unit in the run's language where it is one the dictionary declares
    (listed above); a KPI the programme added to its data keeps its words as recorded."""
    return t(text) if text in KPI_TERMS else text


def indicator_name(code: str) -> str:
    """An indicator's name in the run's language: the dictionary's, or "KPI: name" for a KPI
    (an unknown code as written)."""
    kpi = next((name for kpi, name, *_ in KPIS if kpi == code), None)
    if kpi is not None:
        return t("KPI: {name}").format(name=kpi_term(kpi))
    indicator = INDICATORS_BY_CODE.get(code)
    return t(indicator.name) if indicator is not None else code


def indicator_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The indicator table (`dictionary.indicator_frame`) in the run's language: names,
    definitions, units and directions from the catalog; codes, formulas and published
    sources as written."""
    bounds = {code: (low, high) for code, _, _, _, low, high in KPIS}
    # Row by row as plain dicts, made a frame once (writing rows into a frame one at a time
    # cost 1 ms a row, most of a filter change on this page).
    rows = frame.to_dict("records")
    for row in rows:
        code = row["Code"]
        if code in INDICATORS_BY_CODE:
            indicator = INDICATORS_BY_CODE[code]
            row["Indicator"] = indicator_name(code)
            row["Definition"] = t(indicator.definition)
        elif code in bounds:
            low, high = bounds[code]
            row["Indicator"] = indicator_name(code)
            row["Definition"] = t(KPI_DEFINITION).format(low=f"{low:g}", high=f"{high:g}")
            if row["Formula"] == REPORTED:
                row["Formula"] = t(REPORTED)
            if row["Source"] == KPI_NO_SOURCE:
                row["Source"] = t(KPI_NO_SOURCE)
            row["Unit"] = kpi_term(str(row["Unit"]))
        if code in INDICATORS_BY_CODE and row["Unit"]:
            row["Unit"] = t(str(row["Unit"]))
        row["Better"] = t(str(row["Better"])) if row["Better"] else row["Better"]
    return pd.DataFrame(rows, columns=frame.columns, index=frame.index).astype(frame.dtypes)


def build_report(
    frames: Frames, periods: ResolvedPeriods, options: Options, *, q: str = ""
) -> PageReport:
    """The Definitions page's tables, narrowed to the rows that match the search text `q`
    (in English or in the run's language)."""
    del frames, periods, options
    english = indicator_frame()
    shown = indicator_rows(english)
    found = search(english, q).index.union(search(shown, q).index)
    return PageReport(
        "definitions",
        "Definitions",
        (
            Sheet("Indicators", shown[shown.index.isin(found)]),
            Sheet("Columns", search(column_frame(), q)),
            Sheet("Provenance", provenance_frame()),
        ),
    )
