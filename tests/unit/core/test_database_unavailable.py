"""Which database errors mean "not now, try again" (503) rather than a bug (500) (issue 25)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from core.storage.database import sqlite_url, unavailable


def test_a_locked_sqlite_file_is_unavailable_a_missing_table_is_a_bug(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")  # another process writes and holds the lock
    # (the stores wait 30 s for a lock; this engine gives up after 50 ms)
    engine = create_engine(sqlite_url(path), connect_args={"timeout": 0.05})
    with pytest.raises(OperationalError) as locked, engine.begin() as db:
        db.execute(text("INSERT INTO t VALUES (1)"))
    assert unavailable(locked.value)
    holder.execute("ROLLBACK")
    with pytest.raises(OperationalError) as missing, engine.begin() as db:
        db.execute(text("INSERT INTO nowhere VALUES (1)"))
    assert not unavailable(missing.value)  # the SQL is wrong: trying again will not help
    engine.dispose()
    holder.close()


def test_postgres_refusing_connections_and_a_full_pool_are_unavailable() -> None:
    refused = OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused"))
    assert unavailable(refused)
    assert unavailable(psycopg.OperationalError("terminating connection due to administrator"))
    assert unavailable(PoolTimeout("QueuePool limit of size 5 overflow 10 reached"))
    wrong = ProgrammingError("SELECT nope", {}, psycopg.errors.UndefinedColumn("no column"))
    assert not unavailable(wrong) and not unavailable(ValueError("database is locked"))


def test_an_error_raised_while_handling_an_unavailable_database_is_unavailable() -> None:
    try:
        try:
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        except psycopg.OperationalError as exc:
            raise RuntimeError("could not load the thread") from exc
    except RuntimeError as wrapped:
        assert unavailable(wrapped)
