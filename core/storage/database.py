"""The one way adstudio's stores reach a relational database: SQLite embedded, PostgreSQL deployed.

Every store names its tables and its migrations (:mod:`core.storage.migrations`), and asks
:func:`engine_for` for an engine. With no database URL set, a store keeps its own SQLite
file in the data dir, as it always has; with ``ADSTUDIO_DATABASE_URL=postgresql://…`` every
store shares that one PostgreSQL database (table names never clash between stores).

SQL is written once, with named parameters (``:thread``), and runs on both.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

BUSY_TIMEOUT = 30
"""Seconds an SQLite connection waits for another writer's lock before giving up."""
POSTGRES_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+psycopg"})
_WRITE = "adstudio_write"
"""Execution option of a connection that will write (SQLite then takes the lock at BEGIN)."""


_SQLITE_BUSY = ("database is locked", "database is busy", "unable to open database file",
                "disk i/o error")
"""What SQLite says when its file cannot be used right now (another writer, a full disk)."""
_PG_NOT_NOW = ("08", "28", "40", "53", "57", "58", "55P03", "55006")
"""SQLSTATEs (classes, or whole codes) of a PostgreSQL that cannot serve right now: no or a
lost connection, refused login, rolled back by a deadlock or conflict, out of resources,
shut down or cancelled, I/O trouble, a lock or an object in use. psycopg files others under
OperationalError too (a program limit exceeded, an object in the wrong state) that fail
again on every try: bugs, not a reason to retry."""


class DatabaseUrlError(ValueError):
    """A database URL adstudio cannot use (the message says which forms work)."""


def normalised(url: str) -> str:
    """``url`` with the driver adstudio ships: ``postgresql://`` becomes ``postgresql+psycopg://``.

    Raises:
        DatabaseUrlError: When the URL is not SQLite or PostgreSQL, or cannot be read.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError(f"Cannot read the database URL: {exc}") from None
    except ValueError:  # a port that is not a number; the URL (and its password) is not shown
        raise DatabaseUrlError("Cannot read the database URL: its port is not a number") from None
    if "@" in (parsed.host or ""):  # the rest of the password would be shown as a host
        raise DatabaseUrlError("Cannot read the database URL: write an '@' in the password "
                               "as %40 (percent-encoded).")
    if parsed.drivername in POSTGRES_SCHEMES:
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        return url
    raise DatabaseUrlError(
        f"Unsupported database {parsed.drivername!r}: use postgresql://user:password@host/db, "
        "or leave ADSTUDIO_DATABASE_URL unset for SQLite files in the data dir."
    )


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file."""
    return f"sqlite:///{path}"


def store_url(database_url: str | None, sqlite_file: Path) -> str:
    """Where one store lives: the deployment's database if one is set, else its own SQLite file."""
    return normalised(database_url) if database_url else sqlite_url(sqlite_file)


def is_sqlite(engine: Engine) -> bool:
    """Whether ``engine`` is an SQLite file (else PostgreSQL)."""
    return engine.dialect.name == "sqlite"


POOL_SIZE = 5
"""Connections a process keeps open to a PostgreSQL database (more, up to
:data:`POOL_OVERFLOW` beyond it, while busy)."""
POOL_OVERFLOW = 10
RECYCLE_SECONDS = 1800
"""A pooled PostgreSQL connection older than this is replaced before use. Connections are
not pinged before each use (that doubled a request's round trips: a run's first event
took 12.6 ms instead of 5.3); a connection the server dropped fails one statement, and
SQLAlchemy then replaces the whole pool."""

_shared: dict[str, Engine] = {}
_shared_lock = threading.Lock()


def make_engine(url: str) -> Engine:
    """An engine (and its connection pool) for ``url``.

    SQLite files get WAL (readers go on while one connection writes), ``synchronous=NORMAL``
    (a process crash loses nothing; a power cut may lose the last commits, never the file's
    consistency), a 30 s busy timeout, and transactions that take the write lock at BEGIN
    when opened by :func:`writing` (so two writers queue instead of failing to upgrade).
    The folder of a new SQLite file is created; each call makes a new engine.

    A PostgreSQL URL gets the process's one engine for it, made on first use: every store
    on that database shares one pool (:data:`POOL_SIZE` connections, a few more while
    busy), so a replica opens a handful of connections, not a pool per store. Disposing
    it only closes its idle connections; the next use opens new ones.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        with _shared_lock:
            engine = _shared.get(url)
            if engine is None:
                engine = _shared[url] = create_engine(
                    url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
                    pool_recycle=RECYCLE_SECONDS)
            return engine
    if parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT, "check_same_thread": False}
    )
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connected(dbapi_connection: Any, _record: Any) -> None:
    """Leave transactions to :func:`_sqlite_begin`, and set WAL on each new connection."""
    dbapi_connection.isolation_level = None  # the driver issues no BEGIN of its own
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """BEGIN IMMEDIATE for a writer (it queues on the busy timeout), a plain BEGIN for a reader."""
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction: committed on success, rolled back on an error."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{_WRITE: True})
        with connection.begin():
            yield connection


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection in a read-only transaction (a consistent snapshot), closed afterwards."""
    with engine.connect() as connection, connection.begin():
        yield connection


def unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` (or the error it came from) says the database cannot be used right now.

    PostgreSQL that refuses or drops connections, a connection pool with none free, or an
    SQLite file another writer keeps locked: worth trying again soon, unlike an error in
    the SQL itself. The API answers these with 503 and ``Retry-After``.
    """
    seen: set[int] = set()
    error: BaseException | None = exc
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if _unavailable(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def _unavailable(error: BaseException) -> bool:
    """Whether this one error says the database cannot be used right now."""
    import psycopg  # only on an error; PostgreSQL's driver is not needed to use SQLite

    if isinstance(error, PoolTimeout):
        return True
    if isinstance(error, psycopg.OperationalError):
        return _postgres_not_now(error)  # (psycopg_pool's PoolTimeout is one, with no code)
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        if isinstance(error.orig, psycopg.OperationalError):
            return _postgres_not_now(error.orig)
        return _sqlite_busy(error.orig)
    return _sqlite_busy(error)


def _postgres_not_now(error: Exception) -> bool:
    """Whether a psycopg OperationalError says PostgreSQL cannot serve right now.

    One without a SQLSTATE comes from the driver itself: no connection to the server.
    """
    code = getattr(error, "sqlstate", None)
    return code is None or str(code).startswith(_PG_NOT_NOW)


def _sqlite_busy(error: BaseException | None) -> bool:
    """Whether SQLite said its file cannot be used right now."""
    return isinstance(error, sqlite3.OperationalError) and str(error).lower().startswith(
        _SQLITE_BUSY)
