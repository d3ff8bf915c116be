"""Rate limits every API process on one database counts together (PostgreSQL replicas).

:class:`SharedRateLimiter` is :class:`api.limits.RateLimiter`'s sliding window with its hits
in the API database (``rate_hits``), on the database's clock, so ``runs per minute per key`` holds
however many replicas a load balancer spreads the requests over. A check and its count are
one transaction, serialised per key (an advisory lock on PostgreSQL, the write lock on
SQLite), so concurrent requests on two replicas cannot both take the last place.
"""

from __future__ import annotations

import math
import time
import uuid
import zlib
from collections.abc import Callable

from sqlalchemy import Connection, text

from api.db import Database
from core.storage.database import is_sqlite

PRUNE_EVERY = 100
"""Every this many checks, hits of every key that left the window are deleted."""


class SharedRateLimiter:
    """At most ``limit`` hits per ``window`` seconds per key, across processes.

    Args:
        db: The API database (shared by the replicas).
        name: Which limit this is (``runs``, ``uploads``): its hits are kept apart.
        limit: Hits allowed per window.
        window: Window length in seconds.
        clock: Wall-clock seconds (tests pass a fake one); default: PostgreSQL's clock, so
            replicas whose clocks disagree count one window (this host's on SQLite).
    """

    def __init__(
        self, db: Database, name: str, limit: int, window: float = 60.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._db, self.name = db, name
        self.limit, self.window, self._clock = limit, window, clock
        self._checks = 0

    def hit(self, key: str) -> int | None:
        """Count one hit for ``key``; None when allowed, else the seconds to wait (>= 1)."""
        return self._check(key, count=True)

    def wait(self, key: str) -> int | None:
        """The seconds to wait before ``key`` may hit again (None: now), counting nothing."""
        return self._check(key, count=False)

    def record(self, key: str) -> None:
        """Count a hit for ``key`` that was let through already."""
        with self._db.connect() as db:
            self._insert(db, key, self._now(db))

    def give_back(self, key: str) -> None:
        """Take back the newest hit of ``key`` (the request it counted was refused)."""
        with self._db.connect() as db:
            self._lock(db, key)
            db.execute(
                text("DELETE FROM rate_hits WHERE hit = (SELECT hit FROM rate_hits "
                     "WHERE limiter = :limiter AND key = :key ORDER BY at DESC LIMIT 1)"),
                {"limiter": self.name, "key": key},
            )

    def _check(self, key: str, count: bool) -> int | None:
        with self._db.connect() as db:
            self._lock(db, key)
            now = self._now(db)
            params = {"limiter": self.name, "key": key, "cutoff": now - self.window}
            self._checks += 1
            if self._checks % PRUNE_EVERY == 0:  # keys that stopped coming keep no rows
                db.execute(text("DELETE FROM rate_hits WHERE limiter = :limiter "
                                "AND at <= :cutoff"), params)
            db.execute(text("DELETE FROM rate_hits WHERE limiter = :limiter AND key = :key "
                            "AND at <= :cutoff"), params)
            row = db.execute(text("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_hits "
                                  "WHERE limiter = :limiter AND key = :key"), params).one()
            if row.n >= self.limit:
                return max(1, math.ceil(row.oldest + self.window - now))
            if count:
                self._insert(db, key, now)
        return None

    def _now(self, db: Connection) -> float:
        """Seconds on the shared clock: the database's on PostgreSQL, else this host's."""
        if self._clock is not None:
            return self._clock()
        if is_sqlite(self._db.engine):
            return time.time()
        return float(db.execute(text("SELECT EXTRACT(EPOCH FROM clock_timestamp())")).scalar_one())

    def _lock(self, db: Connection, key: str) -> None:
        """Serialise this key's checks across processes (SQLite's write lock already does)."""
        if not is_sqlite(self._db.engine):
            lock = zlib.crc32(f"rate:{self.name}:{key}".encode())
            db.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})

    def _insert(self, db: Connection, key: str, at: float) -> None:
        db.execute(text("INSERT INTO rate_hits (hit, limiter, key, at) "
                        "VALUES (:hit, :limiter, :key, :at)"),
                   {"hit": uuid.uuid4().hex, "limiter": self.name, "key": key, "at": at})
