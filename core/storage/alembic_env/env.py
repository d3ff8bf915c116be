"""Alembic's environment for every adstudio store (run by :func:`core.storage.migrations.upgrade`).

It migrates on the connection the caller gives (``config.attributes["connection"]``), in the
caller's transaction, and keeps each store's revision in that store's own version table
(``config.attributes["version_table"]``), so several stores can share one database.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    version_table=context.config.attributes["version_table"],
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
