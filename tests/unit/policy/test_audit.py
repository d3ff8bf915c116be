"""The audit log: record and query, tenants kept apart, digests only, durable on disk."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from core.findings import Finding
from policy.audit import AuditLog, decision_of, entry

SECRET = "Call me at jane.doe@example.com about the #1 bottle"


def _finding(severity: str, rule: str = "claims.superlative") -> Finding:
    return Finding(rule_id=rule, severity=severity, span=(0, 3), excerpt="#1",  # type: ignore[arg-type]
                   reason="unsubstantiated", fix="say why")


def test_entries_are_queried_by_thread_and_by_asset(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    assert log.record(entry([], content=SECRET, stage="input", subject="text",
                            policy_version="7", thread="t1"))
    assert log.record(entry([_finding("warn")], content=b"png", stage="output", subject="image",
                            policy_version="image-1", thread="t1", asset_id="img_0000000001"))
    log.record(entry([], content="other", stage="input", subject="text", policy_version="7",
                     thread="t2"))
    thread = log.for_thread("t1", "default")
    assert [(e.stage, e.subject, e.decision) for e in thread] == [
        ("input", "text", "pass"), ("output", "image", "warn")
    ]
    assert thread[1].findings == [_finding("warn")] and thread[1].asset_id == "img_0000000001"
    assert [e.digest for e in log.for_asset("img_0000000001", "default")] == [
        hashlib.sha256(b"png").hexdigest()
    ]
    assert log.for_thread("t3", "default") == [] and log.for_asset("img_x", "default") == []


def test_tenants_never_see_each_others_entries(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    for tenant in ("acme", "globex"):
        log.record(entry([], content=tenant, stage="input", subject="upload", tenant=tenant,
                         thread="shared-thread", asset_id="img_0000000002", policy_version="1"))
    assert [e.tenant for e in log.for_thread("shared-thread", "acme")] == ["acme"]
    assert [e.tenant for e in log.for_asset("img_0000000002", "globex")] == ["globex"]
    assert log.for_thread("shared-thread", "initech") == []


def test_only_the_digest_of_the_text_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite"
    AuditLog(path).record(entry([], content=SECRET, stage="input", subject="text",
                                policy_version="7", thread="t1"))
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert SECRET.encode() not in stored and b"jane.doe" not in stored
    with sqlite3.connect(path) as db:
        (digest,) = db.execute("SELECT digest FROM audit").fetchone()
    assert digest == hashlib.sha256(SECRET.encode()).hexdigest()


def test_entries_survive_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "data" / "audit.sqlite"
    AuditLog(path).record(entry([_finding("block", "terms.weapons")], content="ammo",
                                stage="output", subject="text", policy_version="7",
                                thread="t1", engine="bedrock-guardrail"))
    again = AuditLog(path).for_thread("t1", "default")
    assert [(e.decision, e.engine, e.findings[0].rule_id) for e in again] == [
        ("block", "bedrock-guardrail", "terms.weapons")
    ]
    assert again[0].id == 1 and again[0].at.tzinfo is not None


def test_a_failed_write_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(AuditLog):
        @contextmanager
        def _connect(self) -> Iterator[sqlite3.Connection]:
            raise sqlite3.OperationalError("database is locked")
            yield  # pragma: no cover

    log = Broken.__new__(Broken)
    log.path = tmp_path / "audit.sqlite"
    with caplog.at_level(logging.WARNING, logger="policy.audit"):
        written = log.record(entry([], content="hi", stage="input", subject="text",
                                   policy_version="7"))
    assert written is False
    assert "audit entry not written" in caplog.text and "database is locked" in caplog.text


def test_the_decision_is_the_most_serious_finding() -> None:
    assert decision_of([]) == "pass"
    assert decision_of([_finding("warn"), _finding("rewrite")]) == "rewrite"
    assert decision_of([_finding("warn"), _finding("block"), _finding("rewrite")]) == "block"
