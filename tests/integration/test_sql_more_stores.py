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

from api.db import sql_stores
from core.findings import Finding
from core.settings import Settings
from core.storage.database import make_engine
from core.storage.migrations import current
from evals.reviews.models import ReviewError, ReviewItem, ReviewNotFoundError
from evals.reviews.reviewers import ReviewerTakenError, new_token
from evals.reviews.runs import read_run
from evals.reviews.store import SCHEMA as REVIEWS_SCHEMA
from evals.reviews.store import ReviewStore, review_store
from policy.audit import SCHEMA as AUDIT_SCHEMA
from policy.audit import AuditEntry, AuditLog, audit_log, digest, entry
from tests.review_fixtures import write_run
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


# -- the review store -----------------------------------------------------------------------


def _imported(store: ReviewStore, root: Path, tenant: str = "default") -> list[ReviewItem]:
    run_dir = write_run(root, "run-1", {"bottle-summer": 2, "mug-winter": 1})
    store.import_run(read_run(run_dir, tenant))
    return store.items(tenant, "run-1")


def test_a_run_is_imported_once_its_items_kept_in_order_within_its_tenant(
    database_url: str, tmp_path: Path,
) -> None:
    store = ReviewStore(database_url)
    run_dir = write_run(tmp_path / "evals", "run-1", {"bottle-summer": 2, "mug-winter": 1})
    first = store.import_run(read_run(run_dir, "acme"))
    again = store.import_run(read_run(run_dir, "acme"))  # idempotent
    assert (first.items, first.added, again.items, again.added) == (3, 3, 3, 0)
    items = store.items("acme", "run-1")
    assert [(i.scenario, i.position) for i in items] == [
        ("bottle-summer", 0), ("bottle-summer", 1), ("mug-winter", 2)]
    assert [r.run_id for r in store.runs("acme")] == ["run-1"] and store.runs("globex") == []
    assert store.run("acme", "run-1").path == run_dir
    assert store.item(None, items[0].id) == items[0]  # any tenant's: for signed URLs
    assert store.file(items[0]) == (run_dir / items[0].path).resolve()
    with pytest.raises(ReviewNotFoundError):
        store.item("globex", items[0].id)
    with pytest.raises(ReviewNotFoundError):
        store.run("globex", "run-1")
    assert store.items("acme", "run-2") == []


def test_ratings_preferences_and_marks_replace_earlier_ones(
    database_url: str, tmp_path: Path,
) -> None:
    store = ReviewStore(database_url)
    a, b, c = _imported(store, tmp_path / "evals")
    store.rate("default", a.id, "bob", "brief_fit", 2)
    store.rate("default", a.id, "bob", "brief_fit", 4, "better")  # replaces
    store.rate("default", a.id, "Cleo", "brief_fit", 5)
    store.rate("default", b.id, "Cleo", "brief_fit", 1)
    ratings = store.ratings("default", "run-1")  # item order, then names by code point
    assert [(r.item_id, r.reviewer, r.score) for r in ratings] == [
        (a.id, "Cleo", 5), (a.id, "bob", 4), (b.id, "Cleo", 1)]
    assert store.comment("default", a.id, "bob", " fine ") == 1
    assert [r.comment for r in store.ratings("default", "run-1", "bob")] == ["fine"]
    store.prefer("default", b.id, a.id, "bob", "A")  # kept as (a, b): the choice flips
    store.prefer("default", a.id, b.id, "bob", "tie")  # replaces it
    (preference,) = store.preferences("default", "run-1")
    assert (preference.item_a, preference.item_b, preference.choice) == (
        min(a.id, b.id), max(a.id, b.id), "tie")
    store.mark("default", c.id, "bob", "skip")
    store.mark("default", c.id, "bob", "flag", "cut off")  # replaces
    assert [(m.mark, m.note) for m in store.marks("default", "run-1")] == [("flag", "cut off")]
    assert store.progress("default", "run-1", "bob") == (1, 3)  # flagged counts as done
    assert store.unmark("default", c.id, "bob") and not store.unmark("default", c.id, "bob")
    assert store.reviewers("default", "run-1") == ["Cleo", "bob"]
    with pytest.raises(ReviewError):
        store.rate("default", a.id, "bob", "brief_fit", 6)


def test_a_reviewer_name_belongs_to_the_first_browser_using_it(database_url: str) -> None:
    store = ReviewStore(database_url)
    ana, other = new_token(), new_token()
    assert store.claim("default", "Ana", ana) == "Ana"
    assert store.claim("default", " ana ", ana) == "Ana"  # the same browser, as first claimed
    with pytest.raises(ReviewerTakenError):
        store.claim("default", "ANA", other)
    assert store.claim("acme", "ana", other) == "ana"  # another tenant's reviewers apart


def test_deployments_on_one_database_share_one_review_store(
    database_url: str, tmp_path: Path,
) -> None:
    one = review_store(tmp_path / "a", database_url)
    (item, *_rest) = _imported(one, tmp_path / "evals")
    one.rate("default", item.id, "bob", "brief_fit", 3)
    two = review_store(tmp_path / "b", database_url)
    assert [r.score for r in two.ratings("default", "run-1")] == [3]
    assert not (tmp_path / "a" / "reviews.sqlite").exists()
    assert current(two.engine, REVIEWS_SCHEMA) == REVIEWS_SCHEMA.head()


OLD_REVIEWS = """
CREATE TABLE review_runs (tenant TEXT NOT NULL, run_id TEXT NOT NULL, path TEXT NOT NULL,
    manifest TEXT NOT NULL, imported TEXT NOT NULL, PRIMARY KEY (tenant, run_id));
CREATE TABLE review_items (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, run_id TEXT NOT NULL,
    scenario TEXT NOT NULL, trial INTEGER NOT NULL, asset_id TEXT NOT NULL, path TEXT NOT NULL,
    kind TEXT NOT NULL, format TEXT, width INTEGER, height INTEGER, position INTEGER NOT NULL,
    UNIQUE (tenant, run_id, scenario, trial, asset_id));
CREATE TABLE review_ratings (item_id TEXT NOT NULL REFERENCES review_items (id),
    reviewer TEXT NOT NULL, criterion TEXT NOT NULL, tenant TEXT NOT NULL, run_id TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5), comment TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (item_id, reviewer, criterion));
CREATE TABLE review_preferences (item_a TEXT NOT NULL REFERENCES review_items (id),
    item_b TEXT NOT NULL REFERENCES review_items (id), reviewer TEXT NOT NULL,
    criterion TEXT NOT NULL, tenant TEXT NOT NULL, run_id TEXT NOT NULL,
    choice TEXT NOT NULL CHECK (choice IN ('A', 'B', 'tie')), at TEXT NOT NULL,
    PRIMARY KEY (item_a, item_b, reviewer, criterion));
"""


def test_an_old_review_store_is_read_after_the_upgrade(tmp_path: Path) -> None:
    """A reviews.sqlite from before skips, flags and reviewer identities (no such tables)."""
    run = read_run(write_run(tmp_path / "evals", "run-1", {"bottle-summer": 1}), "default")
    path = tmp_path / "reviews.sqlite"  # as an earlier adstudio left it: no version table
    with sqlite3.connect(path) as old:
        old.executescript(OLD_REVIEWS)
        old.execute("INSERT INTO review_runs VALUES (?, ?, ?, ?, ?)",
                    ("default", "run-1", str(run.path),
                     run.model_dump_json(exclude={"path", "tenant"}), T0.isoformat()))
        old.execute("INSERT INTO review_items VALUES ('item-old', 'default', 'run-1', "
                    "'bottle-summer', 0, 'img_old', 'old.png', 'image', 'png', 96, 96, 0)")
        old.execute("INSERT INTO review_ratings VALUES ('item-old', 'ana', 'brief_fit', "
                    "'default', 'run-1', 4, 'nice', ?)", (T0.isoformat(),))
    store = ReviewStore(path)
    assert store.run("default", "run-1").run_id == "run-1"
    assert [i.id for i in store.items("default", "run-1")] == ["item-old"]
    assert [(r.reviewer, r.score, r.comment) for r in store.ratings("default", "run-1")] == [
        ("ana", 4, "nice")]
    store.mark("default", "item-old", "ana", "flag")  # the tables added by the upgrade
    assert store.claim("default", "ana", new_token()) == "ana"
    assert current(store.engine, REVIEWS_SCHEMA) == REVIEWS_SCHEMA.head()


# -- adstudio db ----------------------------------------------------------------------------


def test_adstudio_db_upgrades_the_ledger_the_audit_log_and_the_reviews_too(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    stores = {schema.name: url for schema, url in sql_stores(Settings(data_dir=data))}
    assert stores["cost"] == f"sqlite:///{(data / 'costs.sqlite').resolve()}"
    assert stores["audit"] == f"sqlite:///{data / 'audit.sqlite'}"
    assert stores["reviews"] == f"sqlite:///{data / 'reviews.sqlite'}"
    shared = Settings(data_dir=data, database_url="postgresql://u:p@db/ads")
    urls = {url for _schema, url in sql_stores(shared)}
    assert urls == {"postgresql+psycopg://u:p@db/ads"}  # every store in the one database
