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


def test_postgres_errors_that_come_back_on_every_try_are_bugs_not_unavailable() -> None:
    # psycopg files these under OperationalError, but the same statement fails again at
    # once: a 503 "try again in a few seconds" would send clients into a loop
    for bug in (psycopg.errors.ProgramLimitExceeded("index row size 9000 exceeds maximum"),
                psycopg.errors.StatementTooComplex("stack depth limit exceeded"),
                psycopg.errors.TooManyColumns("tables can have at most 1600 columns"),
                psycopg.errors.ObjectNotInPrerequisiteState("sequence not yet defined")):
        assert not unavailable(bug), bug
        assert not unavailable(OperationalError("INSERT", {}, bug)), bug
    for passing in (psycopg.errors.AdminShutdown("terminating connection"),
                    psycopg.errors.CannotConnectNow("the database system is starting up"),
                    psycopg.errors.TooManyConnections("too many clients already"),
                    psycopg.errors.DeadlockDetected("deadlock detected"),
                    psycopg.errors.LockNotAvailable("could not obtain lock"),
                    psycopg.errors.QueryCanceled("canceling statement due to statement timeout")):
        assert unavailable(passing), passing
        assert unavailable(OperationalError("INSERT", {}, passing)), passing
