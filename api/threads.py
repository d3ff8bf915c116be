"""Thread ownership: which tenant owns which thread (the checkpointer knows no owners)."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel

from api.db import Database


class ThreadRecord(BaseModel):
    """A thread as the API knows it."""

    id: str
    tenant: str
    title: str
    created: datetime


class ThreadIndex:
    """Thread id → tenant, title and creation time.

    Args:
        db: The API database.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, thread_id: str, tenant: str, title: str) -> ThreadRecord:
        """Record a new thread of ``tenant``."""
        record = ThreadRecord(id=thread_id, tenant=tenant, title=title,
                              created=datetime.now(UTC))
        with self._db.connect() as db:
            db.execute(
                "INSERT INTO threads (id, tenant, title, created) VALUES (?, ?, ?, ?)",
                (record.id, tenant, title, record.created.isoformat()),
            )
        return record

    def get(self, thread_id: str, tenant: str) -> ThreadRecord | None:
        """The tenant's thread, or None (unknown, or another tenant's)."""
        with self._db.connect() as db:
            row = db.execute(
                "SELECT * FROM threads WHERE id = ? AND tenant = ?", (thread_id, tenant)
            ).fetchone()
        return ThreadRecord.model_validate(dict(row)) if row else None

    def list(self, tenant: str, limit: int, offset: int) -> tuple[list[ThreadRecord], int]:
        """A page of the tenant's threads, newest first, and how many there are."""
        with self._db.connect() as db:
            rows = db.execute(
                "SELECT * FROM threads WHERE tenant = ? ORDER BY created DESC, id "
                "LIMIT ? OFFSET ?", (tenant, limit, offset),
            ).fetchall()
            total = db.execute(
                "SELECT COUNT(*) FROM threads WHERE tenant = ?", (tenant,)
            ).fetchone()[0]
        return [ThreadRecord.model_validate(dict(r)) for r in rows], int(total)

    def delete(self, thread_id: str, tenant: str) -> bool:
        """Forget the tenant's thread, its runs and events; False when it was not there."""
        with self._db.connect() as db:
            cursor = db.execute(
                "DELETE FROM threads WHERE id = ? AND tenant = ?", (thread_id, tenant)
            )
            if cursor.rowcount != 1:
                return False
            db.execute("DELETE FROM runs WHERE thread = ?", (thread_id,))
            db.execute("DELETE FROM events WHERE thread = ?", (thread_id,))
        return True
