"""The cost ledger, the audit log and the review store on SQLite and on PostgreSQL (issue 25).

Every test taking ``database_url`` runs twice, on an SQLite file and on a real PostgreSQL:
the same code, the same expectations. The ``old_*`` tests open a file an earlier adstudio
left (its tables and a row, no version table) and read it after the upgrade.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from core.findings import Finding
from core.settings import Settings
from core.storage.database import make_engine
from core.storage.migrations import current
from policy.audit import SCHEMA as AUDIT_SCHEMA
from policy.audit import AuditEntry, AuditLog, audit_log, digest, entry
from tools.cost import SCHEMA as COST_SCHEMA
from tools.cost import CostLedger, CostRecord, ledger_for

SECRET = "Mail jane.doe@example.com for the prototype"
T0 = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


def _at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


# -- the cost ledger ------------------------------------------------------------------------


def test_costs_are_recorded_replaced_and_totalled_per_turn(database_url: str) -> None:
    ledger = CostLedger(database_url)
    ledger.record(CostRecord(thread="t", turn="u1", key="c1", name="generate_ad_images",
                             model="m", usd=0.123456, at=_at(1)))
    ledger.record(CostRecord(thread="t", turn="u1", key="chat:m1", kind="chat", name="claude",
                             usd=0.004, at=_at(2)))
    ledger.record(CostRecord(thread="t", turn="u1", key="c2", name="edit_image", usd=5,
                             status="declined", at=_at(3)))
    ledger.record(CostRecord(thread="t", turn="u2", key="c3", name="edit_image", usd=0.08,
                             at=_at(4)))
    ledger.record(CostRecord(thread="other", turn="u1", key="c1", name="x", usd=9, at=_at(0)))
    assert ledger.turn_total("t", "u1") == 0.127456  # the declined call costs nothing
    assert [r.key for r in ledger.records("t")] == ["c1", "chat:m1", "c2", "c3"]  # oldest first
    assert [r.key for r in ledger.records("t", "u2")] == ["c3"]
    again = CostRecord(thread="t", turn="u1", key="c1", name="generate_ad_images", model="m",
                       usd=0.0, status="error", at=_at(1))
    ledger.record(again)  # the same key again replaces it: no double counting
    assert ledger.get("t", "c1") == again
    assert len(ledger.records("t")) == 4 and ledger.turn_total("t", "u1") == 0.004
    assert ledger.get("t", "missing") is None and ledger.get("other", "c1").usd == 9  # type: ignore[union-attr]


def test_a_recorded_amount_comes_back_to_the_last_digit(database_url: str) -> None:
    """Prices are fractions of a cent: a 4-byte float (PostgreSQL's REAL) would change them."""
    ledger = CostLedger(database_url)
    ledger.record(CostRecord(thread="t", key="c", name="x", usd=0.000123456789, at=T0))
    assert ledger.get("t", "c").usd == 0.000123456789  # type: ignore[union-attr]
    assert ledger.get("t", "c").at == T0  # type: ignore[union-attr]


def test_deployments_on_one_database_share_one_ledger(database_url: str, tmp_path: Path) -> None:
    one = Settings(data_dir=tmp_path / "a", database_url=database_url)
    two = Settings(data_dir=tmp_path / "b", database_url=database_url)
    ledger_for(one).record(CostRecord(thread="t", key="c1", name="x", usd=0.5))
    assert ledger_for(two).turn_total("t", "") == 0.5
    assert not (tmp_path / "a" / "costs.sqlite").exists()  # not the data dir's own file
    engine = make_engine(database_url)
    assert "costs" in inspect(engine).get_table_names()
    assert current(engine, COST_SCHEMA) == COST_SCHEMA.head()
    engine.dispose()


OLD_COSTS = """
CREATE TABLE costs (thread TEXT NOT NULL, turn TEXT NOT NULL, key TEXT NOT NULL,
    kind TEXT NOT NULL, name TEXT NOT NULL, model TEXT NOT NULL, usd REAL NOT NULL,
    status TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (thread, key));
INSERT INTO costs VALUES ('t-old', 'u1', 'c1', 'tool', 'generate_ad_images', 'm', 0.32, 'ok',
    '2026-11-01T10:00:00+00:00');
"""


def test_an_old_cost_ledger_is_read_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "costs.sqlite"  # as an earlier adstudio left it: no version table
    with sqlite3.connect(path) as old:
        old.executescript(OLD_COSTS)
    ledger = CostLedger(path)
    record = ledger.get("t-old", "c1")
    assert record is not None and record.usd == 0.32 and record.at == T0
    ledger.record(record.model_copy(update={"usd": 0.0, "status": "error"}))  # replaced
    assert ledger.turn_total("t-old", "u1") == 0.0 and len(ledger.records("t-old")) == 1
    assert current(ledger.engine, COST_SCHEMA) == COST_SCHEMA.head()
    with ledger.engine.connect() as db:
        assert db.execute(text("SELECT COUNT(*) FROM costs")).scalar_one() == 1


# -- the audit log --------------------------------------------------------------------------


def _checked(content: str, **where: str | None) -> AuditEntry:
    found = Finding(rule_id="terms.weapons", severity="block", span=(0, 4), excerpt="ammo",
                    reason="Weapons are not advertised.")
    return entry([found],
                 content=content, stage="output", subject="text", policy_version="7", **where)


def test_audit_entries_are_numbered_and_read_per_thread_and_asset_within_a_tenant(
    database_url: str,
) -> None:
    log = AuditLog(database_url)
    assert log.record(_checked(SECRET, tenant="acme", thread="t1"))
    assert log.record(_checked("two", tenant="acme", thread="t1", asset_id="img_1"))
    assert log.record(_checked("three", tenant="globex", thread="t1", asset_id="img_1"))
    first, second = log.for_thread("t1", "acme")
    assert (first.id, second.id) == (1, 2) and first.digest == digest(SECRET)
    assert first.decision == "block" and first.findings[0].rule_id == "terms.weapons"
    assert first.at.tzinfo is not None and first.asset_id is None
    assert [e.digest for e in log.for_asset("img_1", "globex")] == [digest("three")]
    assert log.for_thread("t1", "initech") == [] and log.for_asset("img_2", "acme") == []
    with log.engine.connect() as db:  # only the digest of what was checked is kept
        stored = repr(db.execute(text("SELECT * FROM audit")).fetchall())
    assert "jane.doe" not in stored and digest(SECRET) in stored


def test_an_audit_log_on_a_database_that_is_gone_logs_and_goes_on(
    database_url: str, caplog: pytest.LogCaptureFixture,
) -> None:
    log = AuditLog(database_url)
    with log.engine.begin() as db:
        db.execute(text("DROP TABLE audit"))
    with caplog.at_level(logging.WARNING, logger="policy.audit"):
        assert log.record(_checked("x", thread="t1")) is False
    assert "audit entry not written" in caplog.text


def test_deployments_on_one_database_share_one_audit_log(
    database_url: str, tmp_path: Path,
) -> None:
    one = Settings(data_dir=tmp_path / "a", database_url=database_url)
    two = Settings(data_dir=tmp_path / "b", database_url=database_url)
    audit_log(one).record(_checked("x", tenant="acme", thread="t1"))
    assert [e.digest for e in audit_log(two).for_thread("t1", "acme")] == [digest("x")]
    assert not (tmp_path / "a" / "audit.sqlite").exists()
    engine = make_engine(database_url)
    assert current(engine, AUDIT_SCHEMA) == AUDIT_SCHEMA.head()
    engine.dispose()


OLD_AUDIT = """
CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
    tenant TEXT NOT NULL, thread TEXT, asset_id TEXT, stage TEXT NOT NULL,
    subject TEXT NOT NULL, digest TEXT NOT NULL, policy_version TEXT NOT NULL,
    engine TEXT NOT NULL, decision TEXT NOT NULL, findings TEXT NOT NULL);
CREATE INDEX audit_thread ON audit (tenant, thread);
CREATE INDEX audit_asset ON audit (tenant, asset_id);
INSERT INTO audit (at, tenant, thread, asset_id, stage, subject, digest, policy_version,
    engine, decision, findings) VALUES ('2026-11-01T10:00:00+00:00', 'acme', 't-old', NULL,
    'input', 'text', 'abc123', '6', 'local', 'warn',
    '[{"rule_id": "claims.best", "severity": "warn", "span": [0, 4], "excerpt": "best",
       "reason": "A superlative needs proof."}]');
"""


def test_an_old_audit_log_is_read_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite"  # as an earlier adstudio left it: no version table
    with sqlite3.connect(path) as old:
        old.executescript(OLD_AUDIT)
    log = AuditLog(path)
    (found,) = log.for_thread("t-old", "acme")
    assert (found.id, found.decision, found.at) == (1, "warn", T0)
    assert found.findings[0].rule_id == "claims.best"
    assert log.record(_checked("new", tenant="acme", thread="t-old"))
    assert [e.id for e in log.for_thread("t-old", "acme")] == [1, 2]  # numbering goes on
    assert current(log.engine, AUDIT_SCHEMA) == AUDIT_SCHEMA.head()
