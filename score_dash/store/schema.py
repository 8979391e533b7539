"""The database's schema revision: Alembic's migrations (score_dash/store/migrations/),
configured here instead of by an alembic.ini.

Every schema change is a revision in `migrations/versions/`, from the first release's schema
on, so that a database of any release upgrades to the code's (`python -m score_dash db
upgrade`). A database made before Alembic carries no revision: it is recognised by its tables
and columns, which must be exactly those of one revision, and stamped with it before it is
upgraded.

The upgrade is an explicit step, never done by the app: the app and the command line refuse a
database behind the code (`check_current`), with the command that upgrades it. On PostgreSQL
the upgrade holds an advisory lock, so that two upgrades started at once (two systemd
instances) run one after the other and the second finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, create_engine, inspect, text
from sqlalchemy.pool import StaticPool

from score_dash.store import models as m

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
UPGRADE_COMMAND = "python -m score_dash db upgrade"
# Any number the same for every process: pg_advisory_xact_lock's key for the upgrade.
_LOCK_KEY = 7_325_001


class SchemaOutOfDate(RuntimeError):
    """The database's schema is not the code's; the message (one line) says what to do."""


@dataclass(frozen=True)
class Status:
    """Where a database stands: its revision (None: no schema yet, or made before Alembic and
    `recognised` as that revision), the code's `head`."""

    revision: str | None
    head: str
    recognised: str | None = None

    @property
    def empty(self) -> bool:
        return self.revision is None and self.recognised is None

    @property
    def current(self) -> bool:
        return self.revision == self.head

    def describe(self) -> str:
        """One line for `db current`."""
        if self.empty:
            return f"no schema yet (head: {self.head}; `{UPGRADE_COMMAND}` or init-db creates it)"
        if self.current:
            return f"{self.head} (head)"
        if self.revision is None:
            return (
                f"made before migrations, recognised as {self.recognised} "
                f"(head: {self.head}; `{UPGRADE_COMMAND}` stamps and upgrades it)"
            )
        if self.revision in revisions():
            return f"{self.revision} (behind head {self.head}: run `{UPGRADE_COMMAND}`)"
        return (
            f"{self.revision} (unknown to this version of the dashboard, whose head is {self.head})"
        )


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@cache
def revisions() -> tuple[str, ...]:
    """Every revision, oldest first."""
    script = ScriptDirectory(str(MIGRATIONS))
    return tuple(reversed([rev.revision for rev in script.walk_revisions()]))


def head() -> str:
    return revisions()[-1]


def _our_tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) & set(m.Base.metadata.tables)


def _recorded(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _columns(connection: Connection) -> dict[str, frozenset[str]]:
    inspector = inspect(connection)
    return {
        table: frozenset(column["name"] for column in inspector.get_columns(table))
        for table in _our_tables(connection)
    }


@cache
def _revision_columns() -> dict[str, dict[str, frozenset[str]]]:
    """The tables and columns of every revision, as upgrading an empty database makes them."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    found = {}
    with engine.begin() as connection:
        for revision in revisions():
            command.upgrade(_config(connection), revision)
            found[revision] = _columns(connection)
    engine.dispose()
    return found


def recognise(connection: Connection) -> str:
    """The revision whose tables and columns a database made before Alembic has exactly."""
    present = _columns(connection)
    for revision, columns in _revision_columns().items():
        if columns == present:
            return revision
    raise SchemaOutOfDate(
        "The database's tables are those of no release of the dashboard: it cannot be "
        "upgraded (compare it with score_dash/store/migrations/versions/)."
    )


def _status(connection: Connection) -> Status:
    recorded = _recorded(connection)
    if recorded is None and _our_tables(connection):
        return Status(None, head(), recognised=recognise(connection))
    return Status(recorded, head())


def status(engine: Engine) -> Status:
    with engine.connect() as connection:
        return _status(connection)


def _refusal(found: Status) -> str:
    if found.revision is None or found.revision in revisions():
        return (
            f"The database's schema is older than this version of the dashboard "
            f"({found.revision or f'made before migrations, as {found.recognised}'}; "
            f"needs {found.head}): upgrade it with `{UPGRADE_COMMAND}`."
        )
    return (
        f"The database's schema ({found.revision}) is newer than this version of the "
        f"dashboard knows (head {found.head}): update the dashboard."
    )


def check_current(engine: Engine) -> Status:
    """The status of a database the code may use: at head, or no schema yet (it is then
    created at head); otherwise `SchemaOutOfDate`, one line saying what to do."""
    found = status(engine)
    if not (found.empty or found.current):
        raise SchemaOutOfDate(_refusal(found))
    return found


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A transaction that, on PostgreSQL, holds the upgrade's advisory lock until it ends."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        yield connection


def upgrade(engine: Engine) -> tuple[Status, Status]:
    """Bring the database to head: a database made before Alembic is stamped with the
    revision it is recognised as first; one with no schema is created by every revision in
    turn. The status before and after."""
    with _locked(engine) as connection:
        before = _status(connection)
        if before.revision is not None and before.revision not in revisions():
            raise SchemaOutOfDate(_refusal(before))
        config = _config(connection)
        if before.recognised is not None:
            command.stamp(config, before.recognised)
        command.upgrade(config, "head")
        after = _status(connection)
    return before, after


def create(engine: Engine) -> None:
    """Create the models' tables that are missing and, on a database with no revision yet,
    record the head revision (what `init-db` and a first start make). A database behind the
    code is refused (`check_current`), never half created."""
    with _locked(engine) as connection:
        found = _status(connection)
        if not (found.empty or found.current):
            raise SchemaOutOfDate(_refusal(found))
        m.Base.metadata.create_all(connection)
        if found.empty:
            command.stamp(_config(connection), "head")


def drop(engine: Engine) -> None:
    """Drop the models' tables and the revision record."""
    with engine.begin() as connection:
        m.Base.metadata.drop_all(connection)
        connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))


def pending_changes(engine: Engine, metadata: MetaData = m.Base.metadata) -> list[object]:
    """What autogenerate would write in a new revision for this database to match
    `metadata` (the models'): empty when the models and the migrations agree."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def describe_upgrade(before: Status, after: Status) -> str:
    """One line for `db upgrade`."""
    if before.empty:
        return f"Schema created at {after.revision} (head)."
    if before.current:
        return f"Already at head: {after.revision}; nothing to do."
    was = before.revision or f"made before migrations, recognised as {before.recognised}"
    return f"Upgraded from {was} to {after.revision} (head)."
