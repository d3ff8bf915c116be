"""Thread ownership: which tenant owns which thread (the checkpointer knows no owners)."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import text

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
                text("INSERT INTO threads (id, tenant, title, created) "
                     "VALUES (:id, :tenant, :title, :created)"),
                {"id": record.id, "tenant": tenant, "title": title,
                 "created": record.created.isoformat()},
            )
        return record

    def get(self, thread_id: str, tenant: str) -> ThreadRecord | None:
        """The tenant's thread, or None (unknown, or another tenant's)."""
        with self._db.read() as db:
            row = db.execute(
                text("SELECT * FROM threads WHERE id = :id AND tenant = :tenant"),
                {"id": thread_id, "tenant": tenant},
            ).mappings().fetchone()
        return ThreadRecord.model_validate(dict(row)) if row else None

    def list(self, tenant: str, limit: int, offset: int) -> tuple[list[ThreadRecord], int]:
        """A page of the tenant's threads, newest first, and how many there are."""
        with self._db.read() as db:
            rows = db.execute(
                text("SELECT * FROM threads WHERE tenant = :tenant ORDER BY created DESC, id "
                     "LIMIT :limit OFFSET :offset"),
                {"tenant": tenant, "limit": limit, "offset": offset},
            ).mappings().fetchall()
            total = db.execute(
                text("SELECT COUNT(*) FROM threads WHERE tenant = :tenant"), {"tenant": tenant}
            ).scalar_one()
        return [ThreadRecord.model_validate(dict(r)) for r in rows], int(total)

    def delete(self, thread_id: str, tenant: str) -> bool:
        """Forget the tenant's thread, its runs and events; False when it was not there."""
        with self._db.connect() as db:
            result = db.execute(
                text("DELETE FROM threads WHERE id = :id AND tenant = :tenant"),
                {"id": thread_id, "tenant": tenant},
            )
            if result.rowcount != 1:
                return False
            db.execute(text("DELETE FROM runs WHERE thread = :id"), {"id": thread_id})
            db.execute(text("DELETE FROM events WHERE thread = :id"), {"id": thread_id})
        return True
