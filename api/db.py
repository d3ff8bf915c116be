"""The API's SQLite file (``api.sqlite`` in the data dir): thread ownership, runs, events."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.storage.sqlite import connect, create

_SCHEMA = """
CREATE TABLE IF NOT EXISTS threads (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    title TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS threads_tenant_created ON threads (tenant, created);
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    thread TEXT NOT NULL,
    tenant TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    created TEXT NOT NULL,
    finished TEXT
);
CREATE INDEX IF NOT EXISTS runs_thread ON runs (thread, created);
CREATE TABLE IF NOT EXISTS events (
    thread TEXT NOT NULL,
    seq INTEGER NOT NULL,
    run TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (thread, seq)
);
CREATE INDEX IF NOT EXISTS events_run ON events (run, seq);
"""


class Database:
    """One SQLite file; every call opens a short connection (safe across threads).

    Every event of every run is written here, so a write must be cheap: one connection
    stays open for the life of the object (closing the last connection of a WAL file
    checkpoints it and syncs the disk, some 15 ms a write), and writes use
    ``synchronous=NORMAL``, the usual WAL setting: a crash of the process loses nothing,
    a power cut may lose the last events (never the file's consistency).

    Args:
        path: The file (created with its schema when missing).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        create(self.path, _SCHEMA)
        self._keeper = sqlite3.connect(path, check_same_thread=False)  # holds the WAL open
        self._keeper.execute("SELECT 1 FROM threads LIMIT 1").fetchall()  # (once it read)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in a transaction (committed on success), closed afterwards."""
        with connect(self.path) as db:
            db.execute("PRAGMA synchronous=NORMAL")
            yield db

    def ping(self) -> None:
        """Raise when the file cannot be read (for readiness)."""
        with self.connect() as db:
            db.execute("SELECT 1 FROM threads LIMIT 1").fetchall()
