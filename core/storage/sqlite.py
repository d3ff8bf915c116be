"""The one way adstudio opens its SQLite files (stores and the conversation checkpointer)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT = 30
"""Seconds a connection waits for another writer's lock before giving up."""


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A short connection in a transaction (committed on success, closed afterwards).

    Rows come back as :class:`sqlite3.Row` (by name or by index). A connection per call is
    safe across threads; a 30 s busy timeout rides out other writers (WAL mode is set by
    each store when it creates its file).
    """
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
    db.row_factory = sqlite3.Row
    try:
        with db:
            yield db
    finally:
        db.close()


def create(path: Path, schema: str) -> None:
    """Make a store's file ready: its folder, WAL mode and its ``IF NOT EXISTS`` schema.

    WAL lets readers go on while one connection writes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(schema)


def shared_connection(path: Path) -> sqlite3.Connection:
    """A long-lived connection that several threads share, for a library that locks it.

    For LangGraph's ``SqliteSaver``, which serializes every use of its connection with a
    lock, commits itself and reads rows as plain tuples (so no row factory is set here).
    The folder is created, WAL mode set and the busy timeout is the one :func:`connect`
    uses. The caller owns the connection (it lives as long as the process).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    return db
