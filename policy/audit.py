"""The audit log: every policy decision on text, images and uploads, in SQLite or PostgreSQL.

One entry per check: when, whose (tenant, thread, asset), what stage and kind of subject,
the SHA-256 of what was checked (never the text itself: the log must not become a copy of
the advertisers' conversations), the policy version and engine that decided, the decision
and its findings. The UI's asset details and the HTTP API read it per thread or per asset,
always within one tenant.

Embedded, it is ``audit.sqlite`` in the data dir; with ``ADSTUDIO_DATABASE_URL`` set, its
table lives in that PostgreSQL database, shared by every replica (migrated with Alembic,
``policy/migrations/audit``, when it is opened).

Writing is best effort: an entry that cannot be written is logged as a warning and the
turn goes on (:meth:`AuditLog.record` never raises).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError

from core.findings import Finding
from core.settings import Settings
from core.storage.database import make_engine, reading, sqlite_url, store_url, writing
from core.storage.migrations import Schema, upgrade
from policy.migrations import MIGRATIONS

log = logging.getLogger(__name__)

Stage = Literal["input", "output"]
Subject = Literal["text", "image", "upload"]
Decision = Literal["pass", "warn", "rewrite", "block"]
LOCAL_ENGINE = "local"
GUARDRAIL_ENGINE = "bedrock-guardrail"

SCHEMA = Schema("audit", MIGRATIONS / "audit")
"""The audit table and its migrations."""


class AuditEntry(BaseModel):
    """One policy decision.

    Attributes:
        id: Row id, set once stored.
        at: When the check ran (UTC).
        tenant: Whose content it was.
        thread: The conversation, if the check ran in one.
        asset_id: The image or upload checked, if stored (None for text and refused images).
        stage: ``input`` (the user's message or upload) or ``output`` (model text, an ad).
        subject: ``text``, ``image`` (a generated ad) or ``upload`` (a product photo).
        digest: SHA-256 (hex) of the checked text (UTF-8) or image bytes.
        policy_version: Version of the policy that decided (the guardrail's id:version
            for Bedrock).
        engine: ``local`` (adstudio's policies) or ``bedrock-guardrail``.
        decision: ``block``, ``rewrite``, ``warn`` or ``pass``: the most serious finding.
        findings: What was found (empty on a pass).
    """

    id: int | None = None
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    tenant: str = "default"
    thread: str | None = None
    asset_id: str | None = None
    stage: Stage
    subject: Subject
    digest: str
    policy_version: str
    engine: str = LOCAL_ENGINE
    decision: Decision
    findings: list[Finding] = Field(default_factory=list)


def digest(content: str | bytes) -> str:
    """SHA-256 (hex) of text (as UTF-8) or bytes."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


def decision_of(findings: Sequence[Finding]) -> Decision:
    """The decision findings amount to: the most serious severity, or ``pass``."""
    severities = {f.severity for f in findings}
    for severity in ("block", "rewrite", "warn"):
        if severity in severities:
            return severity
    return "pass"


def entry(
    findings: Sequence[Finding],
    *,
    content: str | bytes,
    stage: Stage,
    subject: Subject,
    policy_version: str,
    tenant: str = "default",
    thread: str | None = None,
    asset_id: str | None = None,
    engine: str = LOCAL_ENGINE,
) -> AuditEntry:
    """An entry for one check of ``content`` (only its digest is kept)."""
    return AuditEntry(
        tenant=tenant,
        thread=thread,
        asset_id=asset_id,
        stage=stage,
        subject=subject,
        digest=digest(content),
        policy_version=policy_version,
        engine=engine,
        decision=decision_of(findings),
        findings=list(findings),
    )


class AuditLog:
    """Policy decisions on SQLite or PostgreSQL (a pooled connection per call).

    Args:
        where: An SQLite file, or a database URL (``sqlite:///…``, ``postgresql://…``).
            The table is created or upgraded on opening.
    """

    def __init__(self, where: Path | str) -> None:
        self.url = sqlite_url(where) if isinstance(where, Path) else where
        self.engine = make_engine(self.url)
        upgrade(self.engine, SCHEMA)

    def _connect(self) -> AbstractContextManager[Connection]:
        """A connection in a write transaction (committed on success)."""
        return writing(self.engine)

    def record(self, item: AuditEntry) -> bool:
        """Store one entry; a failure is logged, never raised (a turn must not crash on it).

        Returns:
            Whether the entry was written.
        """
        row = item.model_dump(mode="json", exclude={"id"})
        row["findings"] = json.dumps(row["findings"])
        try:
            with self._connect() as db:
                db.execute(
                    text("INSERT INTO audit (at, tenant, thread, asset_id, stage, subject, "
                         "digest, policy_version, engine, decision, findings) VALUES (:at, "
                         ":tenant, :thread, :asset_id, :stage, :subject, :digest, "
                         ":policy_version, :engine, :decision, :findings)"),
                    row,
                )
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            log.warning("audit entry not written (%s %s): %s", item.stage, item.subject, exc)
            return False
        return True

    def for_thread(self, thread_id: str, tenant: str) -> list[AuditEntry]:
        """A thread's entries, oldest first (only the tenant's)."""
        return self._select("tenant = :tenant AND thread = :key",
                            {"tenant": tenant, "key": thread_id})

    def for_asset(self, asset_id: str, tenant: str) -> list[AuditEntry]:
        """An asset's entries, oldest first (only the tenant's)."""
        return self._select("tenant = :tenant AND asset_id = :key",
                            {"tenant": tenant, "key": asset_id})

    def _select(self, where: str, params: dict[str, str]) -> list[AuditEntry]:
        with reading(self.engine) as db:
            rows = db.execute(
                text(f"SELECT * FROM audit WHERE {where} ORDER BY id"), params
            ).mappings().fetchall()
        return [_entry(dict(row)) for row in rows]


def _entry(row: dict[str, Any]) -> AuditEntry:
    row["findings"] = json.loads(str(row["findings"]))
    return AuditEntry.model_validate(row)


def record_to(audit: AuditLog | None, item: AuditEntry) -> None:
    """Record ``item`` when there is an audit log (never raises: see :meth:`AuditLog.record`)."""
    if audit is not None:
        audit.record(item)


def audit_log_url(settings: Settings) -> str:
    """Where a deployment's audit log lives: its PostgreSQL, or ``audit.sqlite`` in the data dir."""
    return store_url(settings.storage.url(), settings.data_dir / "audit.sqlite")


def audit_log(settings: Settings) -> AuditLog:
    """The deployment's audit log (opened, and migrated to the newest revision)."""
    return AuditLog(audit_log_url(settings))
