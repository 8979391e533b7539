"""The pack's sections: each Review page's report as the one assembly gives it to the
role (score_dash/pages/assembly.py), drawn from the page's declared content, or for
Decisions & actions the meetings' record as the pack lays it out; the notes on the figures;
then the definitions of the indicators shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

import pandas as pd

from score_dash.core.dictionary import INDICATORS_BY_CODE
from score_dash.core.formats import DASH, clean, fmt_date, fmt_day
from score_dash.core.i18n import N_, t
from score_dash.core.reports import PageReport
from score_dash.meetings import actions
from score_dash.meetings import minutes as rec
from score_dash.metrics import results
from score_dash.metrics.definitions import indicator_name
from score_dash.pack.draw import draw, table_block
from score_dash.pack.model import Block, Chart, Heading, Lines, Row, Section, Stack, Table
from score_dash.pages import assembly, registry
from score_dash.pages.content import Context

# --- one composer per Review page: what the page shows, in its order ---------------------------


def compose_tables(report: PageReport, ctx: Context) -> list[Block]:
    """A page without its own layout: every table, cut to its first rows."""
    del ctx
    return [table_block(report, sheet.title) for sheet in report.sheets]


# --- the meetings' record: decisions, actions and notes on figures -----------------------------

RECORD_COLUMNS = (
    N_("ID"),
    N_("Kind"),
    N_("Text"),
    N_("Owner"),
    N_("Due"),
    N_("Status"),
    N_("Overdue"),
)
RECORD_WIDTHS = (4, 7, 50, 16, 8, 8, 7)
NOTE_TABLE_COLUMNS = (N_("Half-year"), N_("Indicator"), N_("Place"), N_("Note"))
NOTE_WIDTHS = (8, 22, 14, 56)
DECIDED_HERE = N_("Decided at this review")
# Texts of the meetings' record declared in score_dash/meetings (actions.LAST_REVIEW,
# minutes.NOTES, the kinds of item), translated where the pack prints them.
RECORD_TERMS = (
    N_("Actions from the last review"),
    N_("Notes on figures"),
    N_("Action"),
    N_("Decision"),
    N_("yes"),
    N_("All"),
)


def record_table(items: pd.DataFrame) -> Table:
    """Rows of a `records.items_table` as the pack prints them: actions first, then
    decisions, each in the order recorded; every row (a review records a few)."""
    ordered = items.assign(_decision=items["Kind"] != "action").sort_values(
        ["_decision", "ID"], kind="stable"
    )
    rows = tuple(
        (
            str(row["ID"]),
            t(str(row["Kind"]).capitalize()),
            clean(row["Text"], None),
            clean(row["Owner"]) or DASH if row["Kind"] == "action" else DASH,
            DASH if pd.isna(row["Due"]) else fmt_day(pd.Timestamp(row["Due"])),
            clean(row["Status"]) or DASH,
            t("yes") if row["Overdue"] == "yes" else "",
        )
        for row in ordered.to_dict("records")
    )
    return Table(
        "",
        columns=tuple(t(column) for column in RECORD_COLUMNS),
        rows=rows,
        align=("right", *("left",) * (len(RECORD_COLUMNS) - 1)),
        widths=RECORD_WIDTHS,
        breakable=True,
    )


def compose_decisions(report: PageReport, ctx: Context) -> list[Block]:
    """The meetings' record for this review: what the review before it decided, with each
    action's owner, due date, status and whether it is overdue at this meeting; then what
    this review decided. Statuses as they stood when the review was published (`ctx.at`),
    else as they are now."""
    previous = rec.previous_review(ctx.options.period_codes, ctx.periods.review)
    last = actions.last_review_sheet(ctx.records, previous, as_of=ctx.as_of, at=ctx.at)
    if ctx.at is not None:
        moment = t("Statuses as they stood when the review was published ({date}).").format(
            date=fmt_date(ctx.at)
        )
    else:
        moment = t("Statuses as recorded when this pack was made.")
    blocks: list[Block] = [
        Lines((moment,)),
        Heading(t(actions.LAST_REVIEW)),
        Lines((last.note,), "strong"),
    ]
    if len(last.frame):
        blocks.append(record_table(last.frame))
    decided = actions.filter_items(report.table(rec.ITEMS), review=ctx.periods.review)
    blocks.append(Heading(t(DECIDED_HERE)))
    if len(decided):
        counts = rec.tally(decided)
        summary = (
            actions.summary_text(counts)
            if counts["actions"]
            else f"{counts['decisions']} decision{'s' if counts['decisions'] != 1 else ''}, "
            "no action"
        )
        line = t("Review of {period}: {summary}.").format(period=ctx.review, summary=summary)
        blocks += [Lines((line,), "strong"), record_table(decided)]
    else:
        blocks.append(
            Lines(
                (
                    t("Nothing is recorded for the review of {period} yet.").format(
                        period=ctx.review
                    ),
                )
            )
        )
    return blocks


def note_indicators(page_name: str, indicators: Sequence[str], ctx: Context) -> set[str]:
    """The codes whose notes concern a page: its report's indicators, and on the Results
    page the KPI it shows."""
    codes = set(indicators)
    if page_name == "results":
        codes.add(results.resolve_kpi(ctx.frames["kpi_definitions"], None))
    return codes


def notes_table(notes: pd.DataFrame, ctx: Context) -> Table:
    """Notes on figures (rows of `records.Records.notes`), by half-year, in the order
    recorded."""
    ordered = notes.sort_values(["Half-year", "ID"], kind="stable")
    rows = tuple(
        (
            ctx.options.periods.get(row["Half-year"], row["Half-year"]),
            clean(indicator_name(row["Indicator"])),
            clean(", ".join(p for p in (row["State"], row["Cluster"], row["Enterprise"]) if p))
            or t("All"),
            clean(row["Text"], None),
        )
        for row in ordered.to_dict("records")
    )
    return Table(
        "",
        columns=tuple(t(column) for column in NOTE_TABLE_COLUMNS),
        rows=rows,
        align=("left",) * len(NOTE_TABLE_COLUMNS),
        widths=NOTE_WIDTHS,
        breakable=True,
    )


def figure_notes(page_name: str, indicators: Sequence[str], ctx: Context) -> list[Block]:
    """The notes on a page's figures in the pack's trend half-years (none: nothing)."""
    notes = rec.notes_for(
        ctx.records.notes, note_indicators(page_name, indicators, ctx), ctx.periods.trend
    )
    if notes.empty:
        return []
    return [Heading(t(rec.NOTES)), notes_table(notes, ctx)]


Composer = Callable[[PageReport, Context], list[Block]]
COMPOSERS: dict[str, Composer] = {
    "decisions": compose_decisions,
}


# --- the pack ---------------------------------------------------------------------------------


def review_pages() -> tuple[registry.Page, ...]:
    """The pages the pack holds: the Review section, in meeting order."""
    return tuple(page for page in registry.PAGES if page.section == registry.REVIEW)


def compose_section(
    page: registry.Page, source: assembly.Source, selection: assembly.Selection, ctx: Context
) -> Section:
    """One Review page as the selection's role may see it: the report `assembly.assemble`
    gives it, as on screen and in the Excel."""
    missing = registry.missing_tables(page, selection.all_frames)
    if missing:
        names = ", ".join(registry.TABLE_TITLES[name].lower() for name in missing)
        note = f"This page needs data that are not in the database yet: {names}."
        return Section(page.name, page.title, "", (Lines((note,), "notice"),))
    report = assembly.assemble(
        source, page, selection, as_of=ctx.as_of, at=ctx.at, extras=False
    ).shown
    if page.compose is not None:
        blocks = draw(page.compose(report, ctx), report)
    else:
        blocks = COMPOSERS.get(page.name, compose_tables)(report, ctx)
    blocks += figure_notes(page.name, report.indicators, ctx)
    shown = set(_captions(blocks))  # a note already printed under a chart is not repeated
    return Section(
        page.name,
        page.title,
        _subtitle(report, page.title),
        tuple(blocks),
        notes=tuple(note for note in report.notes if note not in shown),
        indicators=report.indicators,
    )


def _captions(blocks: Sequence[Block]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Chart) and block.caption:
            found.append(block.caption)
        elif isinstance(block, Row | Stack):
            found += _captions(block.items)
    return found


def _subtitle(report: PageReport, title: str) -> str:
    """The report's own subtitle, in the run's language; else from its title: "Modules:
    completion funnels as at 2017-H2" -> "Completion funnels as at 2017-H2"."""
    if report.subtitle:
        return report.subtitle
    if report.title == title:  # nothing more to say than the title
        return ""
    text = report.title.removeprefix(f"{title}: ")
    return text[:1].upper() + text[1:]


DEFINITION_COLUMNS = (N_("Indicator"), N_("Definition"), N_("Formula"), N_("Unit"), N_("Shown on"))


def definitions_section(sections: Sequence[Section]) -> Section:
    """Every indicator shown, once, in the order the pages first show it (in the run's
    language: the words the catalog has, the rest as declared)."""
    shown_on: dict[str, list[str]] = {}
    for section in sections:
        for code in section.indicators:
            if code in INDICATORS_BY_CODE:
                pages_of = shown_on.setdefault(code, [])
                if section.title not in pages_of:
                    pages_of.append(section.title)
    rows = []
    for code, titles in shown_on.items():
        indicator = INDICATORS_BY_CODE[code]
        rows.append(
            (
                t(indicator.name),
                t(indicator.definition),
                indicator.formula,  # column names and operators: the same in every language
                t(indicator.unit),
                ", ".join(t(title) for title in titles),
            )
        )
    table = Table(
        "",
        columns=tuple(t(column) for column in DEFINITION_COLUMNS),
        rows=tuple(tuple(clean(cell, None) for cell in row) for row in rows),
        align=("left",) * 5,
        widths=(14, 40, 30, 10, 16),
        breakable=True,
    )
    return Section("definitions", "Definitions", t("What the figures mean"), (table,))


def compose_pack(
    source: assembly.Source,
    selection: assembly.Selection,
    *,
    as_of: date | None = None,
    at: datetime | None = None,
) -> list[Section]:
    """The pack's sections: every Review page of `selection` (the whole programme at its
    review half-year; the last page, Decisions & actions, from its records), then the
    definitions. Overdue is judged at `as_of` (None: as every page's report judges it,
    `Selection.overdue_day`), statuses are those at `at`."""
    assert selection.periods is not None, "a pack needs a half-year"
    as_of = as_of or selection.overdue_day()  # one day for the whole pack
    ctx = Context(
        selection.frames,
        selection.periods,
        selection.options,
        selection.settings.small_n,
        records=selection.records,
        as_of=as_of,
        at=at,
        protection=selection.protection,
    )
    sections = [compose_section(page, source, selection, ctx) for page in review_pages()]
    return [*sections, definitions_section(sections)]
