"""The API's database: thread ownership, runs and their events.

Embedded, it is ``api.sqlite`` in the data dir; with ``ADSTUDIO_DATABASE_URL`` set, its tables
live in that PostgreSQL database, shared by every replica of the API. Its schema is
migrated with Alembic (``api/migrations/api``) when it is opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, text

from api.migrations import MIGRATIONS
from core.settings import Settings
from core.storage.database import make_engine, reading, sqlite_url, store_url, writing
from core.storage.migrations import Schema, upgrade

SCHEMA = Schema("api", MIGRATIONS / "api")
"""The tables of threads, runs and events, and their migrations."""


class Database:
    """The API's tables on SQLite or PostgreSQL; each call takes a pooled connection.

    Every event of every run is written here, so a write must be cheap: the pool keeps a
    connection open (on SQLite, closing the last connection of a WAL file checkpoints it
    and syncs the disk, some 15 ms a write).

    Args:
        where: An SQLite file, or a database URL (``sqlite:///…``, ``postgresql://…``).
            The schema is created or upgraded on opening.
    """

    def __init__(self, where: Path | str) -> None:
        self.url = sqlite_url(where) if isinstance(where, Path) else where
        self.engine = make_engine(self.url)
        upgrade(self.engine, SCHEMA)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection in a write transaction (committed on success), returned afterwards."""
        with writing(self.engine) as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection in a read transaction (one consistent view), returned afterwards."""
        with reading(self.engine) as connection:
            yield connection

    def ping(self) -> None:
        """Raise when the database cannot be read (for readiness)."""
        with self.read() as db:
            db.execute(text("SELECT 1 FROM threads LIMIT 1")).fetchall()

    def close(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()


def api_database_url(settings: Settings) -> str:
    """Where the API database lives: the deployment's PostgreSQL, or ``api.sqlite``."""
    return store_url(settings.storage.url(), settings.data_dir / "api.sqlite")


def api_database(settings: Settings) -> Database:
    """The deployment's API database (opened, and migrated to the newest revision)."""
    return Database(api_database_url(settings))


def sql_stores(settings: Settings) -> list[tuple[Schema, str]]:
    """Every store on the storage layer, with its URL (for ``adstudio db``)."""
    from api.auth import SCHEMA as KEYS
    from api.auth import key_store_url
    from core.storage.assets import SCHEMA as ASSETS
    from core.storage.assets import asset_index_url
    from core.storage.brandkit import SCHEMA as BRAND_KITS
    from core.storage.brandkit import brand_kits_url
    from core.storage.jobs import SCHEMA as VIDEO_JOBS
    from core.storage.jobs import video_jobs_url
    from evals.reviews.store import SCHEMA as REVIEWS
    from evals.reviews.store import review_store_url
    from policy.audit import SCHEMA as AUDIT
    from policy.audit import audit_log_url
    from tools.cost import SCHEMA as COST
    from tools.cost import ledger_url
    from ui.conversations import SCHEMA as CONVERSATIONS
    from ui.conversations import conversations_url

    return [
        (SCHEMA, api_database_url(settings)),
        (KEYS, key_store_url(settings)),
        (ASSETS, asset_index_url(settings)),
        (BRAND_KITS, brand_kits_url(settings)),
        (VIDEO_JOBS, video_jobs_url(settings)),
        (COST, ledger_url(settings)),
        (AUDIT, audit_log_url(settings)),
        (REVIEWS, review_store_url(settings.data_dir, settings.storage.url())),
        (CONVERSATIONS, conversations_url(settings)),
    ]
