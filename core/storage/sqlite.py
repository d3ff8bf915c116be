"""The one way adstudio's SQLite stores open their files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A short connection in a transaction (committed on success, closed afterwards).

    Rows come back as :class:`sqlite3.Row` (by name or by index). A connection per call is
    safe across threads; a 30 s busy timeout rides out other writers (WAL mode is set by
    each store when it creates its file).
    """
    db = sqlite3.connect(path, timeout=30)
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
