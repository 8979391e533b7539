"""The meetings' record as workbook sheets, and read back: decisions and actions, the history
of each action's status, and notes on figures (score_dash/meetings/minutes.py).

`write_sheets` adds the three sheets to the export of all data (in the import format: a
header row, one row per record, text inert); `import_workbook` reads them back from such a
workbook or from the Decisions & actions page's Excel, all or nothing: a record already in
the database must be the same record (the record is never overwritten), a new ID is added
with that ID. Export, then import into another database, gives the same sheets again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import from_excel
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from score_dash.core.excel import write_cell  # the one way a value enters a workbook
from score_dash.core.i18n import t
from score_dash.meetings.minutes import (
    CHANGES,
    COLUMNS,
    DATE_COLUMNS,
    ITEMS,
    NOTES,
    SHEETS,
    TIME_COLUMNS,
    Records,
    item_problems,
    load,
    note_problems,
    period_codes,
    status_problems,
    typed,
)
from score_dash.store import models as m


def write_sheets(workbook: Workbook, records: Records) -> None:
    """Append the three sheets to a workbook (the export of all data, in the import
    format: the header row, then one row per record, text inert)."""
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet)
        frame = records.frame(sheet)
        for column, name in enumerate(COLUMNS[sheet], start=1):
            write_cell(ws, 1, column, name)
        for row, values in enumerate(frame[list(COLUMNS[sheet])].itertuples(index=False), start=2):
            for column, value in enumerate(values, start=1):
                if COLUMNS[sheet][column - 1] in DATE_COLUMNS and not pd.isna(value):
                    value = pd.Timestamp(value).date()  # a due date: no time of day
                cell = write_cell(ws, row, column, None if value == "" else value)
                if COLUMNS[sheet][column - 1] in TIME_COLUMNS:
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
        ws.freeze_panes = "A2"


def export_workbook(records: Records) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # a new workbook's empty sheet
    write_sheets(workbook, records)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def holds_records(data: bytes) -> bool:
    """Whether a workbook has any of the three sheets."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:
        return False
    try:
        return any(sheet in workbook.sheetnames for sheet in SHEETS)
    finally:
        workbook.close()


def read_workbook(data: bytes) -> tuple[Records, list[str]]:
    """The three sheets of a workbook (any it lacks are empty), and the problems found, each
    naming the sheet, row and column. Nothing is written."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # not a workbook at all
        message = t("The file cannot be read as an Excel workbook ({error}).").format(error=exc)
        return Records.empty(), [message]
    problems: list[str] = []
    frames: dict[str, pd.DataFrame] = {}
    for sheet in SHEETS:
        if sheet not in workbook.sheetnames:
            frames[sheet] = pd.DataFrame(columns=list(COLUMNS[sheet]))
            continue
        rows = list(workbook[sheet].iter_rows(values_only=True))
        header = [str(v).strip() if v is not None else "" for v in (rows[0] if rows else ())]
        missing = [c for c in COLUMNS[sheet] if c not in header]
        if missing:
            problems.append(
                t("Sheet '{sheet}', row 1: missing columns {columns}.").format(
                    sheet=sheet, columns=", ".join(missing)
                )
            )
            frames[sheet] = pd.DataFrame(columns=list(COLUMNS[sheet]))
            continue
        index = {name: header.index(name) for name in COLUMNS[sheet]}
        records = []
        for number, row in enumerate(rows[1:], start=2):
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            record = {}
            for name, position in index.items():
                value = row[position] if position < len(row) else None
                record[name] = _read_value(sheet, number, name, value, problems)
            records.append(record)
        frames[sheet] = pd.DataFrame(records, columns=list(COLUMNS[sheet]))
    workbook.close()
    if problems:
        return Records.empty(), problems
    return Records(*(typed(frames[s]) for s in SHEETS)), []


def at_cell(sheet: str, row: int, column: str, problem: str) -> str:
    """A problem of one cell, naming its sheet, row (2 = first data row) and column."""
    return t("Sheet '{sheet}', row {row}, column '{column}': {problem}").format(
        sheet=sheet, row=row, column=column, problem=problem
    )


def _read_value(sheet: str, row: int, column: str, value: object, problems: list[str]) -> object:
    if column == "ID":
        if isinstance(value, int | float) and float(value).is_integer() and value > 0:
            return int(value)
        problem = t("the ID must be a whole number above 0, not {value}.")
        problems.append(at_cell(sheet, row, column, problem.format(value=repr(value))))
        return 0
    if column in TIME_COLUMNS or column in DATE_COLUMNS:
        if value is None or value == "":
            if column in DATE_COLUMNS:
                return None
            problems.append(at_cell(sheet, row, column, t("a date and time is needed.")))
            return None
        try:
            if isinstance(value, int | float) and not isinstance(value, bool):
                # A spreadsheet that lost the date format shows the serial number (days
                # since 1899-12-30); pd.Timestamp would read it as nanoseconds since 1970.
                return from_excel(value)
            return pd.Timestamp(value).to_pydatetime()
        except (ValueError, TypeError, OverflowError):
            problem = t("{value} is not a date.").format(value=repr(str(value)[:40]))
            problems.append(at_cell(sheet, row, column, problem))
            return None
    return "" if value is None else str(value)


def _check_rows(records: Records, engine: Engine) -> list[str]:
    """The rules of each row (those of score_dash/meetings/minutes.py, which records them one at a
    time), naming the sheet, row (2 = first data row) and column."""
    with Session(engine) as session:
        known = period_codes(session)
    problems: list[str] = []

    def add(sheet: str, number: int, found: list[tuple[str, str]]) -> None:
        problems.extend(at_cell(sheet, number, column, problem) for column, problem in found)

    item_ids = set(records.items["ID"])
    for number, row in enumerate(records.items.to_dict("records"), start=2):
        found = item_problems(row["Kind"], row["Review"], row["Text"], row["Indicator"], known)
        add(ITEMS, number, found)
    for number, row in enumerate(records.changes.to_dict("records"), start=2):
        found = status_problems(row["Status"])
        if row["ID"] not in item_ids:
            found.insert(
                0, ("ID", t("no action {id} in '{sheet}'.").format(id=row["ID"], sheet=ITEMS))
            )
        add(CHANGES, number, found)
    for number, row in enumerate(records.notes.to_dict("records"), start=2):
        add(NOTES, number, note_problems(row["Indicator"], row["Half-year"], row["Text"], known))
    for sheet, frame in ((ITEMS, records.items), (NOTES, records.notes)):
        if frame["ID"].duplicated().any():
            problems.append(
                t("Sheet '{sheet}', column '{column}': the same ID on two rows.").format(
                    sheet=sheet, column="ID"
                )
            )
    return problems


@dataclass(frozen=True)
class ImportResult:
    added: dict[str, int]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def import_workbook(engine: Engine, data: bytes) -> ImportResult:
    """Bring the three sheets of a workbook into the database, all or nothing.

    A record whose ID is already there must be the same record (the record is never
    overwritten: a difference is refused, naming the row); a new ID is added with that ID;
    a status change is matched by its action, time and status. Importing the same file
    twice adds nothing."""
    records, problems = read_workbook(data)
    if problems:
        return ImportResult({}, problems)
    problems = _check_rows(records, engine)
    if problems:
        return ImportResult({}, problems)
    current = load(engine)
    added = {sheet: 0 for sheet in SHEETS}
    with Session(engine) as session, session.begin():
        for sheet, model in ((ITEMS, m.ReviewItem), (NOTES, m.FigureNote)):
            existing = current.frame(sheet).set_index("ID")
            for number, row in enumerate(records.frame(sheet).to_dict("records"), start=2):
                if row["ID"] in existing.index:
                    before = existing.loc[row["ID"]].to_dict()
                    differ = [c for c in COLUMNS[sheet][1:] if not _same(before[c], row[c])]
                    if differ:
                        problem = t(
                            "ID {id} is in the database with a different value; a record is "
                            "never overwritten."
                        ).format(id=row["ID"])
                        problems.append(at_cell(sheet, number, differ[0], problem))
                    continue
                session.add(model(id=row["ID"], **_model_values(sheet, row)))
                added[sheet] += 1
        session.flush()
        seen = {
            (r["ID"], pd.Timestamp(r["Changed at"]), r["Status"])
            for r in current.changes.to_dict("records")
        }
        for row in records.changes.to_dict("records"):
            key = (row["ID"], pd.Timestamp(row["Changed at"]), row["Status"])
            if key in seen:
                continue
            seen.add(key)
            session.add(
                m.ReviewItemChange(
                    item_id=row["ID"],
                    status=row["Status"],
                    comment=row["Comment"],
                    changed_at=pd.Timestamp(row["Changed at"]).to_pydatetime(),
                    changed_by=row["Changed by"][:80],
                )
            )
            added[CHANGES] += 1
        if problems:
            session.rollback()
            return ImportResult({}, problems)
    _advance_sequences(engine)
    return ImportResult(added, [])


def _same(a: object, b: object) -> bool:
    if (a is None or a == "" or pd.isna(a)) and (b is None or b == "" or pd.isna(b)):
        return True
    if isinstance(a, datetime | pd.Timestamp | date) or isinstance(b, datetime | pd.Timestamp):
        try:
            return pd.Timestamp(a) == pd.Timestamp(b)
        except (ValueError, TypeError):
            return False
    return str(a) == str(b)


def _model_values(sheet: str, row: dict) -> dict:
    def day(value: object) -> date | None:
        return None if value is None or pd.isna(value) else pd.Timestamp(value).date()

    def moment(value: object) -> datetime:
        return pd.Timestamp(value).to_pydatetime()

    if sheet == ITEMS:
        return {
            "kind": row["Kind"],
            "period_code": row["Review"],
            "text": row["Text"],
            "owner": row["Owner"],
            "due_date": day(row["Due"]),
            "page": row["Page"][:32],
            "link": row["Link"],
            "indicator": row["Indicator"],
            "recorded_at": moment(row["Recorded at"]),
            "recorded_by": row["Recorded by"][:80],
        }
    return {
        "indicator": row["Indicator"],
        "period_code": row["Half-year"],
        "state": row["State"],
        "cluster": row["Cluster"],
        "enterprise": row["Enterprise"],
        "text": row["Text"],
        "recorded_at": moment(row["Recorded at"]),
        "recorded_by": row["Recorded by"][:80],
    }


def _advance_sequences(engine: Engine) -> None:
    """After rows were added with their own IDs, PostgreSQL's sequences must move past them
    (SQLite takes the largest ID + 1 by itself)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for table in ("review_items", "figure_notes", "review_item_changes"):
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
