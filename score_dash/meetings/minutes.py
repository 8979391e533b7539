"""What the review meetings decided, and notes that explain figures: the programme's record.

- A **decision** ("extend Module 5 to the Tiruppur garment cluster") or an **action point**
  ("the employers' federation recruits 20 more enterprises in Pune by 2018-06-30") belongs
  to the review of a half-year (published or not yet) and may carry the share link of the
  view that was on screen, the page and an indicator. An action has an owner, a due date and
  a status (open, in progress, done, dropped). Each change of status is a row of its own,
  with who, when and a comment: the history is only ever added to, and an action's status
  is its latest change.
- A **note on a figure** explains an indicator or KPI in a half-year, optionally in one
  state, cluster or enterprise ("2015-H1: the Chennai floods closed 12 enterprises for six
  weeks"). It is drawn on the trend charts of that indicator and listed with the figures.

Who may write: `access.can_record` (staff, admins and the meeting's secretary) for decisions
and actions, `access.can_annotate` (staff and admins) for notes.

Free text reaches viewers only when staff release it. Every decision, action and note carries
a "shown to viewers" mark (`released_at`, `released_by`), not set when it is written: staff
and admins set it with `release` (and take it back with `release(..., shown=False)`), each
showing and withdrawal kept as a row of `models.RecordRelease` with who and when. Releasing
an action also shows the comments of its status changes so far; a later comment waits for the
next release. `release` checks the role itself, whatever drew the button. The meeting's
secretary writes in the meeting, in front of the group that reads the record: what the
secretary records starts shown (`add_item(..., release=True)` from the app), except a text in
which `name_warning` finds a word of an enterprise's name or code, which waits for staff.
That check is only a warning to the writer (a name can be written in ways no list of names
catches); the safeguard is the mark. What a viewer reads goes through `for_viewer`: only what
is shown, and never a note on one enterprise or on a cluster of fewer than `SCORE_MIN_CELL`
enterprises, shown or not.

These rows are not data versions: recording a decision does not change a figure, so it
neither bumps the data version nor appears in a published review's frozen frames. They are
read afresh on every run (three small tables) so that every process sees them at once.

The same three sheets are written to the Decisions & actions page's Excel and the export of
all data, and read back by `score_dash.ingest.records.import_workbook` (export, then import
into another database, gives the same sheets again).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from score_dash.access import policy
from score_dash.access.policy import Role
from score_dash.core.dictionary import INDICATORS_BY_CODE, KPIS
from score_dash.core.formats import fmt_moment
from score_dash.core.i18n import N_, t
from score_dash.store import db
from score_dash.store import models as m

KINDS = ("decision", "action")
STATUSES = ("open", "in progress", "done", "dropped")
OPEN = ("open", "in progress")  # an action not yet done or dropped
TEXT_LIMIT = 500
COMMENT_LIMIT = 300
OWNER_LIMIT = 120
NOTE_LIMIT = 300
STAFF_ONLY_TEXT = "(not yet shown to viewers: for project staff only)"
# The column of the loaded frames that says whether a record is shown to viewers ("yes" or
# ""). Not one of the sheets' COLUMNS: the import format leaves it out, so an imported record
# starts not shown, whatever the workbook says.
SHOWN = "Shown to viewers"
RELEASES = ("item", "note")
# Words of enterprises' names that many names and notes share: no warning for them.
COMMON_WORDS = frozenset(
    {
        "about",
        "after",
        "also",
        "apparels",
        "aqua",
        "auto",
        "before",
        "castings",
        "clothing",
        "company",
        "components",
        "electricals",
        "engineering",
        "enterprises",
        "exports",
        "fabricators",
        "fabs",
        "fictional",
        "foods",
        "footwear",
        "forge",
        "forgings",
        "from",
        "garments",
        "goods",
        "have",
        "india",
        "indian",
        "industries",
        "knit",
        "leather",
        "leathers",
        "limited",
        "machine",
        "marine",
        "metal",
        "more",
        "motor",
        "parts",
        "precision",
        "private",
        "products",
        "seafoods",
        "steel",
        "tannery",
        "that",
        "their",
        "them",
        "there",
        "they",
        "this",
        "tools",
        "were",
        "when",
        "which",
        "will",
        "with",
        "works",
    }
)

ITEMS = "Decisions and actions"
CHANGES = "Action history"
NOTES = "Notes on figures"
SHEETS = (ITEMS, CHANGES, NOTES)

ITEM_COLUMNS = (
    "ID",
    "Review",
    "Kind",
    "Text",
    "Owner",
    "Due",
    "Page",
    "Link",
    "Indicator",
    "Recorded at",
    "Recorded by",
)
CHANGE_COLUMNS = ("ID", "Status", "Comment", "Changed at", "Changed by")
NOTE_COLUMNS = (
    "ID",
    "Indicator",
    "Half-year",
    "State",
    "Cluster",
    "Enterprise",
    "Text",
    "Recorded at",
    "Recorded by",
)
COLUMNS = {ITEMS: ITEM_COLUMNS, CHANGES: CHANGE_COLUMNS, NOTES: NOTE_COLUMNS}
TIME_COLUMNS = ("Recorded at", "Changed at")
DATE_COLUMNS = ("Due",)


class RecordError(ValueError):
    """A record that cannot be written; the message says why (and where, for a file)."""


@dataclass(frozen=True)
class Records:
    """The three tables, as frames with the columns above (ID as int), and `SHOWN` as read
    by staff (`for_viewer` leaves it out: everything a viewer gets is shown)."""

    items: pd.DataFrame
    changes: pd.DataFrame
    notes: pd.DataFrame

    @staticmethod
    def empty() -> Records:
        """No record, with the columns `load` gives (the sheets' and `SHOWN`)."""
        return Records(*(pd.DataFrame(columns=[*COLUMNS[s], SHOWN]) for s in SHEETS))

    def frame(self, sheet: str) -> pd.DataFrame:
        return {ITEMS: self.items, CHANGES: self.changes, NOTES: self.notes}[sheet]


def indicator_names() -> dict[str, str]:
    """Every code a note or item may name: the dictionary's indicators and the KPIs."""
    names = {code: indicator.name for code, indicator in INDICATORS_BY_CODE.items()}
    names.update({code: f"KPI: {name}" for code, name, *_ in KPIS})
    return names


def now() -> datetime:
    """A record's time stamp: UTC, to the second (what Excel keeps exactly)."""
    return db.utc_now().replace(microsecond=0)


def _clean(text: str, limit: int, what: str, required: bool = True) -> str:
    """The text with its spaces collapsed (RecordError when empty, if required, or too long)."""
    value = " ".join(str(text or "").split())
    if value or required:
        _refuse(_text_problems(what, value, limit, what))
    return value


# The rules of a record, written once: what is recorded here and what an import brings in
# (score_dash/ingest/records.py, which names the sheet and row) are held to the same ones.
# Each problem is (column, message).
Problem = tuple[str, str]


def _text_problems(column: str, text: str, limit: int, what: str) -> list[Problem]:
    value = " ".join(str(text or "").split())
    if not value:
        return [(column, t("the {what} is empty.").format(what=t(what)))]
    if len(value) > limit:
        problem = t("the {what} is {length} characters long; at most {limit}.")
        return [(column, problem.format(what=t(what), length=len(value), limit=limit))]
    return []


def _indicator_problems(indicator: str) -> list[Problem]:
    if indicator and indicator not in indicator_names():
        return [
            (
                "Indicator",
                t("no indicator or KPI has the code {code}.").format(code=repr(indicator)),
            )
        ]
    return []


def _period_problems(column: str, period: str, periods: Collection[str]) -> list[Problem]:
    if period in periods:
        return []
    return [(column, t("the half-year {period} is not in the data.").format(period=repr(period)))]


def item_problems(
    kind: str, period: str, text: str, indicator: str, periods: Collection[str]
) -> list[Problem]:
    """What is wrong with a decision or action (`periods`: the half-years in the data)."""
    problems: list[Problem] = []
    if kind not in KINDS:
        problem = t("the kind must be one of {kinds}, not {kind}.")
        problems.append(("Kind", problem.format(kinds=", ".join(KINDS), kind=repr(kind))))
    problems += _period_problems("Review", period, periods)
    problems += _text_problems("Text", text, TEXT_LIMIT, N_("text"))
    return problems + _indicator_problems(indicator)


def status_problems(status: str) -> list[Problem]:
    if status in STATUSES:
        return []
    problem = t("the status must be one of {statuses}, not {status}.")
    return [("Status", problem.format(statuses=", ".join(STATUSES), status=repr(status)))]


def note_problems(
    indicator: str, period: str, text: str, periods: Collection[str]
) -> list[Problem]:
    """What is wrong with a note on a figure (`periods`: the half-years in the data)."""
    if not indicator:
        return [("Indicator", t("a note needs the indicator or KPI it explains."))]
    return (
        _indicator_problems(indicator)
        + _period_problems("Half-year", period, periods)
        + _text_problems("Text", text, NOTE_LIMIT, N_("note"))
    )


def _refuse(problems: list[Problem]) -> None:
    """Raise the first problem, as a sentence."""
    if problems:
        message = problems[0][1]
        raise RecordError(message[0].upper() + message[1:])


def period_codes(session: Session) -> set[str]:
    return set(session.scalars(select(m.Period.code)))


# --- writing -------------------------------------------------------------------------------


def add_item(
    engine: Engine,
    *,
    period: str,
    kind: str,
    text: str,
    user: str,
    owner: str = "",
    due: date | None = None,
    page: str = "",
    link: str = "",
    indicator: str = "",
    release: bool = False,
) -> int:
    """Record a decision or an action (an action starts 'open'); its ID. It is not shown to
    viewers until released (`release=True`: at once, by `user`; the caller decides who may:
    the app gives it to the meeting's secretary)."""
    owner = _clean(owner, OWNER_LIMIT, N_("owner"), required=False)
    if kind == "decision" and (owner or due):
        raise RecordError("A decision has no owner or due date: record an action for that.")
    at = now()
    with Session(engine) as session, session.begin():
        _refuse(item_problems(kind, period, text, indicator, period_codes(session)))
        text = _clean(text, TEXT_LIMIT, N_("text"))
        item = m.ReviewItem(
            kind=kind,
            period_code=period,
            text=text,
            owner=owner,
            due_date=due,
            page=page[:32],
            link=link[:2000],
            indicator=indicator,
            recorded_at=at,
            recorded_by=user[:80],
        )
        session.add(item)
        session.flush()
        if kind == "action":
            session.add(
                m.ReviewItemChange(
                    item_id=item.id, status="open", comment="", changed_at=at, changed_by=user[:80]
                )
            )
        if release:
            _mark(session, "item", item.id, user, at, shown=True)
        return item.id


# The order of the status history, everywhere it is read: by time, then by ID (two changes
# in the same second: the one written first). `set_status` writes the changes of an action
# one at a time and never stamps one before the last, so this is the order they committed in.
HISTORY_ORDER = (m.ReviewItemChange.changed_at, m.ReviewItemChange.id)


def set_status(
    engine: Engine,
    item_id: int,
    status: str,
    comment: str,
    user: str,
    release: bool = False,
    *,
    seen: int | None = None,
    expected_status: str | None = None,
) -> None:
    """Add a change of status to an action's history (never overwrites the earlier ones).
    Its comment reaches viewers when the action is next released (`release=True`: with the
    change, if the action is shown: the secretary's, in the meeting).

    Two changes of the same action at once are serialised (`_lock_item`: the later one
    waits for the earlier to commit), and the history's order is the order they committed
    in: a change is stamped no earlier than the one before it (`HISTORY_ORDER`). A writer
    that says what it saw is refused, with nothing written, when the action changed since:
    `seen`, how many changes of the action's history the form showed (`history_lengths`;
    the history only grows, so any change in between is caught, even one changed back), or
    `expected_status`, the status it showed (the command line's `--expected-status`). The
    refusal is a `ChangedMeanwhile` that names who changed it, to what and when."""
    _refuse(status_problems(status))
    comment = _clean(comment, COMMENT_LIMIT, N_("comment"), required=False)
    with Session(engine) as session, session.begin():
        item = _lock_item(session, item_id)
        if item is None:
            raise RecordError(f"There is no decision or action with ID {item_id}.")
        if item.kind != "action":
            raise RecordError(f"ID {item_id} is a decision: only an action has a status.")
        history = list(
            session.scalars(
                select(m.ReviewItemChange)
                .where(m.ReviewItemChange.item_id == item_id)
                .order_by(*HISTORY_ORDER)
            )
        )
        latest = history[-1] if history else None
        at = now()
        stale = (seen is not None and seen != len(history)) or (
            expected_status is not None
            and expected_status != (latest.status if latest is not None else "")
        )
        if stale and latest is not None:
            raise ChangedMeanwhile(
                item_id,
                status,
                latest.status,
                latest.changed_by,
                latest.changed_at,
                today=at.date(),
            )
        if latest is not None and latest.changed_at > at:
            at = latest.changed_at  # a clock behind the last writer's: still after it
        shown = release and item.released_at is not None
        session.add(
            m.ReviewItemChange(
                item_id=item_id,
                status=status,
                comment=comment,
                changed_at=at,
                changed_by=user[:80],
                released_at=at if shown else None,
                released_by=user[:80] if shown else None,
            )
        )


def _lock_item(session: Session, item_id: int) -> m.ReviewItem | None:
    """The decision or action, locked for the rest of the transaction: a second writer of
    the same action waits here until the first commits, then reads its change. PostgreSQL
    locks the row (`SELECT ... FOR UPDATE`); SQLite has no row locks, so the transaction
    takes the database's write lock at once (`BEGIN IMMEDIATE`, waiting up to the engine's
    busy timeout), before it reads anything."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sql_text("BEGIN IMMEDIATE"))
    return session.scalars(
        select(m.ReviewItem).where(m.ReviewItem.id == item_id).with_for_update()
    ).first()


class ChangedMeanwhile(RecordError):
    """A change of status refused because the action changed after the writer saw it;
    nothing was written. Carries the change that came in between."""

    def __init__(
        self,
        item_id: int,
        wanted: str,
        status: str,
        by: str,
        at: datetime,
        *,
        today: date | None = None,
    ) -> None:
        self.item_id, self.wanted, self.status, self.by, self.at = item_id, wanted, status, by, at
        when = f"{at:%H:%M}" if today == at.date() else fmt_moment(at)
        super().__init__(
            f"Action {item_id} was changed meanwhile by {by} to '{status}' at {when} UTC: "
            f"your change to '{wanted}' was not saved; check and save again."
        )


def history_lengths(records: Records) -> dict[int, int]:
    """Each action's number of status changes (ID -> count), as `records` hold them: what a
    status form saw, for `set_status(..., seen=...)`."""
    counts = records.changes.groupby("ID", sort=False).size()
    return {int(ident): int(n) for ident, n in counts.items()}


def add_note(
    engine: Engine,
    *,
    indicator: str,
    period: str,
    text: str,
    user: str,
    state: str = "",
    cluster: str = "",
    enterprise: str = "",
    release: bool = False,
) -> int:
    """Attach a note to a figure: an indicator or KPI in a half-year, optionally in one
    state, cluster or enterprise; its ID. Not shown to viewers until released (`release`:
    at once, by `user`; a note on an enterprise never is)."""
    with Session(engine) as session, session.begin():
        _refuse(note_problems(indicator, period, text, period_codes(session)))
        text = _clean(text, NOTE_LIMIT, N_("note"))
        if state and session.scalars(select(m.State).where(m.State.name == state)).first() is None:
            raise RecordError(f"No state is called {state!r}.")
        if (
            cluster
            and session.scalars(select(m.Cluster).where(m.Cluster.name == cluster)).first() is None
        ):
            raise RecordError(f"No cluster is called {cluster!r}.")
        if (
            enterprise
            and session.scalars(select(m.Enterprise).where(m.Enterprise.code == enterprise)).first()
            is None
        ):
            raise RecordError(f"No enterprise has the code {enterprise!r}.")
        note = m.FigureNote(
            indicator=indicator,
            period_code=period,
            state=state,
            cluster=cluster,
            enterprise=enterprise,
            text=text,
            recorded_at=now(),
            recorded_by=user[:80],
        )
        session.add(note)
        session.flush()
        if release:
            _mark(session, "note", note.id, user, note.recorded_at, shown=True)
        return note.id


def release(
    engine: Engine, record: str, ident: int, user: str, role: Role, *, shown: bool = True
) -> bool:
    """Show a decision or action (`record` "item") or a note ("note") to viewers, or take it
    back (`shown=False`); whether anything changed. Releasing an action also shows the
    comments of its status changes so far. Only staff and admins release (RecordError for
    any other role: the check is here, not in whatever drew the button); each change is kept
    in the release history with `user` and the time."""
    if not policy.can_annotate(role):
        raise RecordError("Only project staff show a record to viewers or take it back.")
    if record not in RELEASES:
        raise RecordError(f"A release is of an item or a note, not {record!r}.")
    with Session(engine) as session, session.begin():
        row = _record_row(session, record, ident)
        if shown and isinstance(row, m.FigureNote) and row.enterprise:
            raise RecordError(
                f"Note {ident} is on one enterprise: it is for project staff only, never shown "
                "to viewers."
            )
        return _mark(session, record, ident, user, now(), shown=shown)


def _record_row(session: Session, record: str, ident: int) -> m.ReviewItem | m.FigureNote:
    """The decision or action (`record` "item") or the note with ID `ident`."""
    row = session.get(m.ReviewItem, ident) if record == "item" else session.get(m.FigureNote, ident)
    if row is None:
        what = "decision or action" if record == "item" else "note"
        raise RecordError(f"There is no {what} with ID {ident}.")
    return row


def _mark(
    session: Session, record: str, ident: int, user: str, at: datetime, *, shown: bool
) -> bool:
    """Set or clear the mark of a record (and of an action's changes), with a history row
    when anything changed."""
    row = _record_row(session, record, ident)
    changed = (row.released_at is not None) != shown
    if changed:
        row.released_at, row.released_by = (at, user[:80]) if shown else (None, None)
    if record == "item":
        for change in session.scalars(
            select(m.ReviewItemChange).where(m.ReviewItemChange.item_id == ident)
        ):
            if (change.released_at is not None) != shown:
                changed = True
                change.released_at, change.released_by = (at, user[:80]) if shown else (None, None)
    if changed:
        session.add(
            m.RecordRelease(
                record=record, record_id=ident, shown=shown, changed_at=at, changed_by=user[:80]
            )
        )
    return changed


def release_history(engine: Engine) -> pd.DataFrame:
    """Every showing and withdrawal, oldest first: Record ("item" or "note"), ID, Shown
    ("yes" or ""), Changed at, Changed by."""
    with Session(engine) as session:
        rows = [
            (r.record, r.record_id, "yes" if r.shown else "", r.changed_at, r.changed_by)
            for r in session.scalars(select(m.RecordRelease).order_by(m.RecordRelease.id))
        ]
    frame = pd.DataFrame(rows, columns=["Record", "ID", "Shown", "Changed at", "Changed by"])
    frame["ID"] = frame["ID"].astype("int64")
    frame["Changed at"] = pd.to_datetime(frame["Changed at"]).astype("datetime64[s]")
    return frame


# --- reading -------------------------------------------------------------------------------


def load(engine: Engine) -> Records:
    """The three tables as frames (read afresh: they are small)."""
    with Session(engine) as session:
        items = [
            (
                r.id,
                r.period_code,
                r.kind,
                r.text,
                r.owner or "",
                r.due_date,
                r.page or "",
                r.link or "",
                r.indicator or "",
                r.recorded_at,
                r.recorded_by,
                _yes(r.released_at),
            )
            for r in session.scalars(select(m.ReviewItem).order_by(m.ReviewItem.id))
        ]
        changes = [
            (r.item_id, r.status, r.comment or "", r.changed_at, r.changed_by, _yes(r.released_at))
            for r in session.scalars(select(m.ReviewItemChange).order_by(*HISTORY_ORDER))
        ]
        notes = [
            (
                r.id,
                r.indicator,
                r.period_code,
                r.state or "",
                r.cluster or "",
                r.enterprise or "",
                r.text,
                r.recorded_at,
                r.recorded_by,
                _yes(r.released_at),
            )
            for r in session.scalars(select(m.FigureNote).order_by(m.FigureNote.id))
        ]
    return Records(
        typed(pd.DataFrame(items, columns=[*ITEM_COLUMNS, SHOWN])),
        typed(pd.DataFrame(changes, columns=[*CHANGE_COLUMNS, SHOWN])),
        typed(pd.DataFrame(notes, columns=[*NOTE_COLUMNS, SHOWN])),
    )


def records_version(engine: Engine) -> str:
    """A value that changes whenever the meetings' records do, read in one cheap query: each
    table's row count and highest ID. Records are only ever added to: a status change is a
    new row, and so is each showing or withdrawal (`RecordRelease`); the one deletion
    (`db.remove_demo`) bumps the data version, which a reader keys on too."""
    tables = (m.ReviewItem, m.ReviewItemChange, m.FigureNote, m.RecordRelease)
    columns = [
        select(aggregate).select_from(table).scalar_subquery()
        for table in tables
        for aggregate in (func.count(), func.max(table.id))
    ]
    with engine.connect() as connection:
        row = connection.execute(select(*columns)).one()
    return ".".join(str(value or 0) for value in row)


def _yes(released_at: datetime | None) -> str:
    return "" if released_at is None else "yes"


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame["ID"] = frame["ID"].astype("int64")
    for column in frame.columns:
        if column in TIME_COLUMNS or column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
        elif column != "ID":
            frame[column] = frame[column].fillna("").astype(str)
    return frame


def status_of(records: Records, at: datetime | None = None) -> pd.Series:
    """Each action's status: ID -> its latest change, or its latest change up to `at` (a
    published review's moment). An action recorded after `at` (during that review's own
    meeting, after the review was published) has the status it was recorded with. Decisions
    have none."""
    changes = records.changes
    actions = records.items.loc[records.items["Kind"] == "action", "ID"]
    latest = changes.groupby("ID", sort=False)["Status"].last()
    if at is not None:
        first = changes.groupby("ID", sort=False)["Status"].first()
        upto = changes[changes["Changed at"] <= pd.Timestamp(at)]
        latest = upto.groupby("ID", sort=False)["Status"].last().reindex(first.index)
        latest = latest.fillna(first)
    return latest.reindex(actions).fillna("")


def is_overdue(due: object, status: str, as_of: date) -> bool:
    """The overdue rule: an action still open or in progress whose due date is before
    `as_of` (the review meeting's date). Done or dropped is never overdue; no due date never
    is."""
    if status not in OPEN or due is None or pd.isna(due):
        return False
    return pd.Timestamp(due).date() < as_of


def owners(records: Records) -> list[str]:
    """Owners named before, for suggestions (most used first)."""
    named = records.items.loc[records.items["Owner"] != "", "Owner"]
    return named.value_counts(sort=True).index.tolist()


def previous_review(periods: Sequence[str], period: str) -> str | None:
    """The half-year reviewed before `period` (the list in order), or None."""
    earlier = [p for p in periods if p < period] if period in periods else []
    return earlier[-1] if earlier else None


def items_table(
    records: Records, *, as_of: date | None, at: datetime | None = None
) -> pd.DataFrame:
    """Decisions and actions as the page and the Excel show them: with each action's status
    (as of `at`, default now) and whether it is overdue at `as_of`."""
    items = records.items.copy()
    shown = [SHOWN] if SHOWN in items.columns else []
    status = status_of(records, at)
    items["Status"] = [status.get(item, "") for item in items["ID"]]
    items["Overdue"] = [
        "yes" if as_of is not None and is_overdue(due, s, as_of) else ""
        for due, s in zip(items["Due"], items["Status"], strict=True)
    ]
    return items[
        [
            "ID",
            "Review",
            "Kind",
            "Text",
            "Owner",
            "Due",
            "Status",
            "Overdue",
            "Page",
            "Indicator",
            "Link",
            "Recorded at",
            "Recorded by",
            *shown,
        ]
    ]


def tally(table: pd.DataFrame) -> dict[str, int]:
    """Of the actions in an `items_table`: how many are done, open (open or in progress),
    dropped and overdue."""
    actions = table[table["Kind"] == "action"]
    return {
        "actions": len(actions),
        "done": int((actions["Status"] == "done").sum()),
        "open": int(actions["Status"].isin(OPEN).sum()),
        "dropped": int((actions["Status"] == "dropped").sum()),
        "overdue": int((actions["Overdue"] == "yes").sum()),
        "decisions": int((table["Kind"] == "decision").sum()),
    }


# --- notes on figures ------------------------------------------------------------------------


def notes_for(
    notes: pd.DataFrame,
    indicators: Iterable[str],
    periods: Iterable[str] | None = None,
    *,
    states: Sequence[str] = (),
    clusters: Sequence[str] = (),
) -> pd.DataFrame:
    """The notes that concern a chart: on one of its indicators, in one of its half-years,
    and about the place it shows. A note without a place concerns every view; a note on a
    state concerns a view of all states or of that state; a note on a cluster a view of all
    clusters or of that cluster (or of its state, given as `states`)."""
    wanted = set(indicators)
    keep = notes["Indicator"].isin(wanted)
    if periods is not None:
        keep &= notes["Half-year"].isin(set(periods))
    if states:
        keep &= (notes["State"] == "") | notes["State"].isin(set(states))
    if clusters:
        keep &= (notes["Cluster"] == "") | notes["Cluster"].isin(set(clusters))
    return notes[keep]


def clusters_of(enterprises: pd.DataFrame) -> dict[str, str]:
    """Every enterprise's cluster (`notes_in_view`'s `enterprise_clusters`)."""
    return dict(zip(enterprises["enterprise"], enterprises["cluster"], strict=True))


def notes_in_view(
    notes: pd.DataFrame,
    indicators: Iterable[str],
    periods: Iterable[str] | None = None,
    *,
    states: Sequence[str] = (),
    clusters: Sequence[str] = (),
    cluster_states: Mapping[str, str] | None = None,
    enterprise_clusters: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """`notes_for` a view filtered to some states and clusters (names, as notes store them):
    the notes without a place, and those on its states, on its clusters and on their
    enterprises. A note on a cluster or an enterprise is matched with the state it lies in
    (`cluster_states`: cluster -> state name; `enterprise_clusters`: enterprise -> cluster),
    so a view of Tamil Nadu finds a note on Chennai and a view of Maharashtra does not; a
    view of clusters finds the notes on their states. The rows come back as stored."""
    cluster_states = cluster_states or {}
    enterprise_clusters = enterprise_clusters or {}
    cluster = notes["Cluster"].where(
        notes["Cluster"] != "", notes["Enterprise"].map(lambda e: enterprise_clusters.get(e, ""))
    )
    state = notes["State"].where(
        notes["State"] != "", cluster.map(lambda c: cluster_states.get(c, ""))
    )
    placed = notes.assign(Cluster=cluster.fillna(""), State=state.fillna(""))
    if clusters:
        states = (*states, *(cluster_states[c] for c in clusters if c in cluster_states))
    kept = notes_for(placed, indicators, periods, states=states, clusters=clusters)
    return notes.loc[kept.index]


def place_of(note: pd.Series) -> str:
    """Where a note applies, the narrowest place first ("E012, Chennai"), or "" for all."""
    return ", ".join(str(note[c]) for c in ("Enterprise", "Cluster", "State") if note[c])


def notes_table(
    notes: pd.DataFrame, labels: Mapping[str, str], names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Notes as a chart and the table under it show them, in half-year order: Half-year (its
    label), Indicator (its name, with `names` only), Place, Note, Recorded by."""
    ordered = notes.sort_values(["Half-year", "ID"], kind="stable")
    table = pd.DataFrame(
        {
            "Half-year": [labels.get(p, p) for p in ordered["Half-year"]],
            "Indicator": [(names or {}).get(c, c) for c in ordered["Indicator"]],
            "Place": [place_of(row) for _, row in ordered.iterrows()],
            "Note": ordered["Text"].astype(str),
            "Recorded by": ordered["Recorded by"].astype(str),
        }
    ).reset_index(drop=True)
    return table if names is not None else table.drop(columns=["Indicator"])


# --- what a viewer reads --------------------------------------------------------------------


def name_words(enterprises: pd.DataFrame) -> frozenset[str]:
    """What `name_warning` looks for, in lower case: every enterprise's code, and every word
    of four letters or more of its name that is not a common word (`COMMON_WORDS`) or the
    name of a cluster ("Bharat" of "Bharat Components Pvt Ltd"). Built once per data
    version by the app (50,000 names take a moment)."""
    places = {w.lower() for c in enterprises["cluster"] for w in re.findall(r"\w+", str(c))}
    words = {str(code).lower() for code in enterprises["enterprise"] if str(code).strip()}
    for name in enterprises["name"]:
        words.update(
            w
            for w in re.findall(r"\w+", str(name).lower())
            if len(w) >= 4 and w.isalpha() and w not in COMMON_WORDS and w not in places
        )
    return frozenset(words)


def name_warning(text: str, words: Collection[str]) -> str:
    """A warning for the writer when `text` holds a word of `name_words` ("" when none): the
    words found, never the enterprise they belong to (the writer may be a secretary, who does
    not see names). A warning only: the safeguard is that nothing is shown before release."""
    found = list(dict.fromkeys(w for w in re.findall(r"\w+", text) if w.lower() in words))
    if not found:
        return ""
    quoted = ", ".join(f"'{w}'" for w in found)
    return (
        f"The text may name an enterprise ({quoted} is part of an enterprise's name or code). "
        "Viewers see it only once project staff show it to them: check it first."
    )


def for_viewer(records: Records, enterprises: pd.DataFrame, min_cell: int) -> Records:
    """The records as a viewer reads them: only what staff have shown (`SHOWN`), whatever
    its text says.

    - A note not shown is left out, as is a note on one enterprise or on a cluster of fewer
      than `min_cell` enterprises, shown or not: a note stands beside a figure, and a line
      saying "not shown" on a chart only invites the question.
    - A decision or action not shown keeps its row, its kind, status, due date and review,
      but its text is `STAFF_ONLY_TEXT` and its owner and link are emptied: in the meeting
      the advisory group's counts (actions open, overdue, done) are then the same as the
      chair's, and "action 7: not yet shown" is a question for staff to answer on the spot,
      where a missing row would make the lists disagree without saying why.
    - A status change keeps its status (a fixed choice, not free text); its comment is
      emptied unless it was shown.

    `enterprises`: the enterprises and their clusters (for the size of a cluster). The
    `SHOWN` column itself is not passed on: everything a viewer gets is shown."""
    sizes = enterprises["cluster"].value_counts()
    items = records.items
    item_shown = _shown(items)
    items = items.assign(
        Text=items["Text"].where(item_shown, STAFF_ONLY_TEXT),
        Owner=items["Owner"].where(item_shown, ""),
        Link=items["Link"].where(item_shown, ""),
    )
    changes = records.changes
    keep = _shown(changes) & changes["ID"].isin(set(records.items.loc[item_shown, "ID"]))
    changes = changes.assign(Comment=changes["Comment"].where(keep, ""))
    notes = records.notes
    small = notes["Cluster"].map(lambda c: bool(c) and int(sizes.get(c, 0)) < min_cell)
    small = small.astype(bool)  # no notes: an empty map is not boolean
    notes = notes[_shown(notes) & (notes["Enterprise"] == "") & ~small]
    return Records(
        *(frame.drop(columns=[SHOWN], errors="ignore") for frame in (items, changes, notes))
    )


def _shown(frame: pd.DataFrame) -> pd.Series:
    """Which rows staff have shown to viewers (none, for a frame without the mark)."""
    if SHOWN not in frame.columns:
        return pd.Series(False, index=frame.index)
    return (frame[SHOWN] == "yes").astype(bool)


def count(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            ITEMS: session.scalar(select(func.count()).select_from(m.ReviewItem)) or 0,
            CHANGES: session.scalar(select(func.count()).select_from(m.ReviewItemChange)) or 0,
            NOTES: session.scalar(select(func.count()).select_from(m.FigureNote)) or 0,
        }
