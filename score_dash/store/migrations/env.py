"""Alembic's environment for the dashboard's revisions, configured by score_dash/store/schema.py
(no alembic.ini): it runs on the connection that module hands it, compares with the models'
metadata, and alters SQLite's tables in batch mode (a copy of the table, since SQLite alters
little in place)."""

from __future__ import annotations

from alembic import context

from score_dash.store import models

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "The migrations run through score_dash.store.schema (python -m score_dash db upgrade), "
        "not the alembic command"
    )
context.configure(
    connection=connection,
    target_metadata=models.Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
