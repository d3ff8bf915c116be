"""Where conversations are checkpointed: SQLite in the data dir, or the deployment's PostgreSQL.

With ``ADSTUDIO_DATABASE_URL`` set, LangGraph's own Postgres checkpointer keeps every thread
in that database, so any API replica continues a thread another one started; otherwise
LangGraph's SQLite checkpointer keeps them in ``threads.sqlite`` under the data dir.
"""

from __future__ import annotations

import zlib
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.base import SerializerProtocol
from langgraph.checkpoint.sqlite import SqliteSaver
from sqlalchemy.engine import make_url

from core.settings import Settings
from core.storage.database import normalised
from core.storage.sqlite import shared_connection

POOL_SIZE = 10
"""Most connections one process's Postgres checkpointer opens at once."""
_SETUP_LOCK = zlib.crc32(b"adstudio-checkpoints")
"""The advisory lock two processes take around the checkpointer's own migrations."""


def sqlite_checkpointer(settings: Settings, serde: SerializerProtocol) -> SqliteSaver:
    """LangGraph's SQLite checkpointer on ``threads.sqlite`` in the data dir (set up)."""
    saver = SqliteSaver(shared_connection(settings.checkpoint_path), serde=serde)
    saver.setup()
    return saver


def postgres_checkpointer(url: str, serde: SerializerProtocol) -> BaseCheckpointSaver[Any]:
    """LangGraph's Postgres checkpointer on a connection pool of ``url`` (set up once).

    Two processes starting together run its migrations one after the other (an advisory
    lock), since ``CREATE TABLE IF NOT EXISTS`` may collide when run at the same time.
    """
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg import Connection
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool

    conninfo = libpq_url(url)
    pool: ConnectionPool[Any] = ConnectionPool(
        conninfo, max_size=POOL_SIZE, open=True,
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
        check=ConnectionPool.check_connection,  # after a server restart: no dead connection
    )
    saver = PostgresSaver(pool, serde=serde)
    with Connection.connect(conninfo, autocommit=True) as lock:
        lock.execute("SELECT pg_advisory_lock(%s)", (_SETUP_LOCK,))
        try:
            saver.setup()
        finally:
            lock.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK,))
    return saver


def libpq_url(url: str) -> str:
    """``url`` as libpq reads it (``postgresql://``, without SQLAlchemy's ``+psycopg``)."""
    return make_url(normalised(url)).set(drivername="postgresql").render_as_string(
        hide_password=False
    )


def checkpointer_for(settings: Settings, serde: SerializerProtocol) -> BaseCheckpointSaver[Any]:
    """The deployment's checkpointer: PostgreSQL when the database URL names one, else SQLite.

    An ``sqlite://`` database URL (one file for every store) keeps the conversations in
    SQLite in the data dir, as with no URL.
    """
    url = settings.storage.url()
    if url and make_url(normalised(url)).get_backend_name() == "postgresql":
        return postgres_checkpointer(url, serde)
    return sqlite_checkpointer(settings, serde)
