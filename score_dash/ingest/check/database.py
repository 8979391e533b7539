"""Rules against the database: what the file refers to or depends on must be there or in it.

Each rule receives a `Context` (the session, the file's sheets and the database's rows of
those tables) and yields a `Problem` for each thing it refuses. `check_against_database`
runs `DATABASE_RULES` and plans the changes from one reading of the tables, both for the
preview and again under the import lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from score_dash.core.dictionary import MODULES, TABLES_BY_NAME, Column
from score_dash.core.i18n import N_, t
from score_dash.ingest.parse import ParsedUpload, SheetData, natural_key
from score_dash.ingest.plan import Existing, Plan, plan_changes, read_existing
from score_dash.ingest.report import Problem, shown
from score_dash.store import db
from score_dash.store import models as m


@dataclass
class Context:
    """What the database rules look at: the file's sheets and the database, in one session."""

    session: Session
    sheets: Mapping[str, SheetData]  # by table name
    existing: Mapping[str, Existing]  # the database's rows of the tables the file has
    demo_file: bool = False  # the workbook was exported from a database with the demo
    _keys: dict[str, set[str]] = field(default_factory=dict)

    def keys_of(self, table: str) -> set[str]:
        """The codes of a table (first key column) in this file or in the database."""
        if table not in self._keys:
            key = TABLES_BY_NAME[table].key[0]
            records = self.sheets[table].records if table in self.sheets else []
            in_file = {str(r[key]) for r in records if r.get(key) is not None}
            self._keys[table] = in_file | _database_keys(self.session, table)
        return self._keys[table]


DatabaseRule = Callable[[Context], Iterator[Problem]]


def check_against_database(session: Session, parsed: ParsedUpload) -> tuple[list[Problem], Plan]:
    """The problems the database rules find, and the rows the upload would add and change."""
    existing = read_existing(session, parsed)
    context = Context(session, parsed.sheets, existing, parsed.demo)
    problems = [problem for rule in DATABASE_RULES for problem in rule(context)]
    return problems, plan_changes(parsed, existing)


def rule_references_exist(context: Context) -> Iterator[Problem]:
    """Refuses a code (cluster, enterprise, trainer, period ...) missing from file and database.

    The row would point at nothing; a code may be new in this same file's sheet of its table.
    """
    for sheet in context.sheets.values():
        for column in TABLES_BY_NAME[sheet.table].columns:
            if column.references and column.name in sheet.columns:
                yield from _unknown_references(context, sheet, column)


def _unknown_references(context: Context, sheet: SheetData, column: Column) -> Iterator[Problem]:
    valid = context.keys_of(column.references or "")
    for record, number in zip(sheet.records, sheet.rows, strict=True):
        value = record.get(column.name)
        if value is not None and str(value) not in valid:
            yield Problem(
                sheet.sheet,
                number,
                column.name,
                value,
                t(
                    'Unknown {column} "{value}": it exists neither in this file\'s {sheet} '
                    "sheet nor in the database."
                ).format(column=column.name, value=value, sheet=column.references),
            )


def rule_module_order(context: Context) -> Iterator[Problem]:
    """Refuses an enrolment in another module without, or before, the enterprise's Module 1.

    Module 1 (the first mandatory module by sequence) is mandatory and comes first; its
    enrolment may be in this file or in the database.
    """
    sheet = context.sheets.get("enrolments")
    if sheet is None:
        return
    first = _first_module(context)
    first_dates = _first_module_dates(context, sheet, first)
    for record, number in zip(sheet.records, sheet.rows, strict=True):
        enterprise, module = record.get("enterprise"), record.get("module")
        if enterprise is None or module is None or module == first:
            continue
        if str(enterprise) not in first_dates:
            yield Problem(
                sheet.sheet,
                number,
                "module",
                module,
                t(
                    "Enterprise {enterprise} has no {first} enrolment (in this file or the "
                    "database): {first} is mandatory and comes first."
                ).format(enterprise=enterprise, first=first),
            )
            continue
        first_date, enrolled = first_dates[str(enterprise)], record.get("enrolled_date")
        if first_date is not None and enrolled is not None and enrolled < first_date:
            yield Problem(
                sheet.sheet,
                number,
                "enrolled_date",
                shown(enrolled),
                t(
                    "{module} enrolled on {date}, before the enterprise's {first} "
                    "({firstdate}): {first} comes first."
                ).format(
                    module=module, date=shown(enrolled), first=first, firstdate=shown(first_date)
                ),
            )


def _first_module(context: Context) -> str:
    """The mandatory module with the lowest sequence, the file's modules sheet winning."""
    query = select(m.Module.code, m.Module.sequence, m.Module.mandatory)
    modules: dict[str, tuple[int | None, bool | None]] = {
        str(code): (seq, flag) for code, seq, flag in context.session.execute(query)
    }
    for record in context.sheets["modules"].records if "modules" in context.sheets else []:
        if record.get("module") is not None:
            modules[str(record["module"])] = (record.get("sequence"), record.get("mandatory"))
    mandatory = sorted((seq or 0, code) for code, (seq, flag) in modules.items() if flag)
    return mandatory[0][1] if mandatory else MODULES[0][0]


def _first_module_dates(context: Context, sheet: SheetData, first: str) -> dict[str, date | None]:
    """Each enterprise's enrolment date in the first module, the file's rows winning."""
    dates: dict[str, date | None] = {
        key[0]: row.get("enrolled_date")
        for key, row in context.existing["enrolments"].rows.items()
        if key[1] == first
    }
    for record in sheet.records:
        if record.get("module") == first and record.get("enterprise") is not None:
            dates[str(record["enterprise"])] = record.get("enrolled_date")
    return dates


def rule_plausible_kpi(context: Context) -> Iterator[Problem]:
    """Warns of a KPI value outside its KPI's plausible range (a typo, or the wrong unit).

    A warning, not an error: the user checks the value and may accept it as it is.
    """
    sheet = context.sheets.get("kpi_observations")
    if sheet is None:
        return
    ranges = _plausible_ranges(context)
    for record, number in zip(sheet.records, sheet.rows, strict=True):
        value, kpi = record.get("value"), record.get("kpi")
        low, high = ranges.get(str(kpi), (None, None))
        if value is None or low is None or high is None or low <= value <= high:
            continue
        yield Problem(
            sheet.sheet,
            number,
            "value",
            value,
            t(
                "{value} is outside the plausible range {low} to {high} for {kpi}: check it, "
                "or accept the warning to import it as it is."
            ).format(value=shown(value), low=shown(low), high=shown(high), kpi=kpi),
            "warning",
        )


def _plausible_ranges(context: Context) -> dict[str, tuple[Any, Any]]:
    """Each KPI's plausible (minimum, maximum), the file's kpi_definitions sheet winning."""
    definition = m.KpiDefinition
    query = select(definition.code, definition.plausible_min, definition.plausible_max)
    ranges: dict[str, tuple[Any, Any]] = {
        str(code): (low, high) for code, low, high in context.session.execute(query)
    }
    sheet = context.sheets.get("kpi_definitions")
    for record in sheet.records if sheet is not None else []:
        if record.get("kpi") is not None:
            ranges[str(record["kpi"])] = (record.get("plausible_min"), record.get("plausible_max"))
    return ranges


def _database_keys(session: Session, table: str) -> set[str]:
    model, mapping = db.FRAME_MAP[table]
    target = mapping[TABLES_BY_NAME[table].key[0]]
    if isinstance(target, db.Ref):  # never the case for a referenced table's key
        return set()
    return {str(v) for v in session.scalars(select(getattr(model, target)))}


# Run in this order; a row's problems from several rules are listed in the same order.
DEMO_INTO_REAL = N_(
    "This file holds the illustrative demo data: it cannot be imported into a database with "
    "the programme's real records."
)
REAL_INTO_DEMO = N_(
    "This database holds the illustrative demo data, and real records must not be mixed with "
    "it. Start an empty database first (staff: 'Remove the demo data' on the Data page, or "
    "python -m score_dash init-db --force), then import this file."
)


def rule_demo_and_real_data_do_not_mix(context: Context) -> Iterator[Problem]:
    """Refuses real records into a database holding the demo, and the demo's rows into a
    database with real records: the demo label could then be wrong on some figures.

    An empty database takes either; it then holds what was imported (see `write`).
    """
    if db.holds_no_data(context.session):
        return
    demo_database = db.dataset_of(context.session) == "demo"
    if demo_database and not context.demo_file:
        yield Problem("", None, "", None, t(REAL_INTO_DEMO))
    elif context.demo_file and not demo_database:
        yield Problem("", None, "", None, t(DEMO_INTO_REAL))


def rule_unique_against_database(context: Context) -> Iterator[Problem]:
    """Refuses a value in a column the database keeps unique (a state's name) that another
    row of the database already has under a different key: the database would refuse it."""
    for table, sheet in context.sheets.items():
        spec = TABLES_BY_NAME[table]
        rows = context.existing[table].rows
        for column in db.unique_columns(table):
            if column not in sheet.columns:
                continue
            in_file = {natural_key(spec, record) for record in sheet.records}
            # A database row that this file also holds takes the file's value instead.
            owners = {
                _folded(row.get(column)): key
                for key, row in rows.items()
                if row.get(column) is not None and key not in in_file
            }
            for record, number in zip(sheet.records, sheet.rows, strict=True):
                value, key = record.get(column), natural_key(spec, record)
                owner = owners.get(_folded(value)) if value is not None else None
                if owner is not None and key is not None and owner != key:
                    holder = ", ".join(f"{k} {v}" for k, v in zip(spec.key, owner, strict=True))
                    message = t(
                        "{column} must be unique: the database has it for {holder}."
                    ).format(column=column, holder=holder)
                    yield Problem(sheet.sheet, number, column, shown(value), message)


def _folded(value: Any) -> str:
    return value.casefold() if isinstance(value, str) else str(value)


DATABASE_RULES: tuple[DatabaseRule, ...] = (
    rule_demo_and_real_data_do_not_mix,
    rule_unique_against_database,
    rule_references_exist,
    rule_module_order,
    rule_plausible_kpi,
)
