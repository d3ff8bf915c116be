"""``adstudio db upgrade|status``: the tables of the stores on SQL (SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from cli.options import DataDirOption, cli_settings

if TYPE_CHECKING:
    from core.settings import Settings
    from core.storage.migrations import Schema

db_app = typer.Typer(
    name="db",
    help="The stores' tables: SQLite files in the data dir, or the PostgreSQL database of "
    "ADSTUDIO_DATABASE_URL (write an '@' or '/' in its password as %40 or %2F). "
    "`adstudio serve` upgrades them on start too.",
    no_args_is_help=True, add_completion=False,
)
console = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


def _settings(data_dir: Path | None) -> Settings:
    """The deployment settings, with the command's ``--data-dir`` applied."""
    return cli_settings(None, data_dir)


def _stores(settings: Settings) -> list[tuple[Schema, str]]:
    from api.db import sql_stores

    return sql_stores(settings)


def _where(url: str) -> str:
    """A store's URL as it may be printed (no password)."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _missing_file(url: str) -> Path | None:
    """The SQLite file of ``url`` when it does not exist yet (None: it does, or PostgreSQL)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


@db_app.command("upgrade")
def upgrade(data_dir: DataDirOption = None) -> None:
    """Create the stores' tables, or bring them to the newest revision (safe to run again)."""
    from psycopg import Error as PostgresError
    from sqlalchemy.exc import SQLAlchemyError

    from core.storage.database import DatabaseUrlError, make_engine
    from core.storage.migrations import current
    from core.storage.migrations import upgrade as migrate

    settings = _settings(data_dir)
    try:
        for schema, url in _stores(settings):
            engine = make_engine(url)
            before = current(engine, schema)
            head = migrate(engine, schema)
            engine.dispose()
            change = "already at" if before == head else f"{before or 'new'} →"
            out.print(f"{schema.name}: {change} {head} ({_where(url)})")
        out.print(f"conversations: set up ({_conversations(settings)})")
    except (SQLAlchemyError, PostgresError, DatabaseUrlError) as exc:
        console.print(f"[red]error:[/red] the database could not be upgraded: "
                      f"{str(exc).splitlines()[0]}")
        raise typer.Exit(1) from None


def _conversations(settings: Settings) -> str:
    """Set up the conversations' checkpointer tables (LangGraph's own migrations); where."""
    from agent.checkpoints import checkpointer_for
    from agent.runtime import SERIALIZER

    saver = checkpointer_for(settings, SERIALIZER)
    close = getattr(getattr(saver, "conn", None), "close", None)
    if callable(close):
        close()  # the pool (PostgreSQL) or the SQLite connection
    url = settings.storage.url()
    return _where(url) if url else str(settings.checkpoint_path)


@db_app.command("status")
def status(data_dir: DataDirOption = None) -> None:
    """Show each store's location and revision; exit 1 when one needs `adstudio db upgrade`.

    It only reads: an SQLite store never used yet is said to be so, not created (each store
    makes its own file, at the newest revision, the first time it is used).
    """
    from sqlalchemy.exc import SQLAlchemyError

    from core.storage.database import DatabaseUrlError, make_engine
    from core.storage.migrations import current

    settings = _settings(data_dir)
    behind = False
    try:
        for schema, url in _stores(settings):
            missing = _missing_file(url)
            if missing is not None:  # looked at, never created: a status writes nothing
                out.print(f"{schema.name}: not created yet (made on first use; {missing})")
                continue
            engine = make_engine(url)
            revision, head = current(engine, schema), schema.head()
            engine.dispose()
            behind = behind or revision != head
            note = "up to date" if revision == head else f"needs upgrade to {head}"
            out.print(f"{schema.name}: {revision or 'no tables yet'} ({note}; {_where(url)})")
    except (SQLAlchemyError, DatabaseUrlError) as exc:
        console.print(f"[red]error:[/red] the database could not be read: "
                      f"{str(exc).splitlines()[0]}")
        raise typer.Exit(1) from None
    if behind:
        raise typer.Exit(1)
