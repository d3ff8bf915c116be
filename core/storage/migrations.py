"""Schema migrations of adstudio's stores, with Alembic, on SQLite and PostgreSQL alike.

Each store declares a :class:`Schema`: its name and the folder of its migration scripts
(Alembic revisions, oldest first through ``down_revision``). :func:`upgrade` brings the
store's database to the newest revision. Each store keeps its revision in its own version
table (``alembic_version_<name>``), so stores that share one PostgreSQL database migrate
independently, and so do stores in their own SQLite files.

A store's first revision creates its tables only where they are missing: a data dir made
before migrations existed is adopted as it is, then upgraded like any other.
Two processes starting together do not race: on PostgreSQL a transaction-scoped advisory
lock per store serialises them; on SQLite the write transaction itself does.
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from core.storage.database import is_sqlite, reading, writing

_ALEMBIC = threading.Lock()
"""Alembic's ``context`` and ``op`` are process-wide proxies: one migration at a time per
process (two threads building stores at once clashed on them)."""
ENV_DIR = Path(__file__).parent / "alembic_env"
"""Alembic's environment shared by every store (``env.py``)."""


@dataclass(frozen=True)
class Schema:
    """One store's tables and migrations.

    Attributes:
        name: The store's name (letters, digits, ``_``); its version table is
            ``alembic_version_<name>``.
        versions: The folder of its Alembic revision scripts.
    """

    name: str
    versions: Path

    @property
    def version_table(self) -> str:
        """The table that keeps this store's revision."""
        return f"alembic_version_{self.name}"

    def config(self) -> Config:
        """An Alembic configuration for this store (no ini file)."""
        config = Config()
        config.set_main_option("script_location", str(ENV_DIR))
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", str(self.versions))
        config.attributes["version_table"] = self.version_table
        return config

    def head(self) -> str:
        """The newest revision of this store's scripts."""
        head = ScriptDirectory.from_config(self.config()).get_current_head()
        if head is None:
            raise RuntimeError(f"store {self.name!r} has no migration in {self.versions}")
        return head


def upgrade(engine: Engine, schema: Schema) -> str:
    """Bring ``schema``'s tables in ``engine``'s database to the newest revision; return it.

    Safe to call on every start: a database already at the head is left as it is.
    """
    head = schema.head()
    if current(engine, schema) == head:
        return head
    config = schema.config()
    with _ALEMBIC, writing(engine) as connection:
        if not is_sqlite(engine):
            key = zlib.crc32(schema.version_table.encode())
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return head


def current(engine: Engine, schema: Schema) -> str | None:
    """The revision ``schema``'s tables are at (None: never migrated)."""
    with reading(engine) as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": schema.version_table}
        )
        return context.get_current_revision()
