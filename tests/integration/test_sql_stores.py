"""The API's stores behave the same on an SQLite file and on a real PostgreSQL (issue 25).

Every test here runs twice (``database_url``): the same code, the same expectations.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from agent.events import DoneEvent, TextEvent
from api.auth import SCHEMA as KEYS_SCHEMA
from api.auth import KeyStore
from api.db import SCHEMA as API_SCHEMA
from api.db import Database
from api.runs import Beat, EventLog, RunClosed, RunConflict, RunStartedEvent, process_owner
from api.shared_limits import PRUNE_EVERY, SharedRateLimiter
from api.threads import ThreadIndex
from core.storage.database import make_engine
from core.storage.migrations import current, upgrade
from tests.concurrency import together


def test_keys_are_created_found_listed_and_revoked(database_url: str) -> None:
    store = KeyStore(database_url)
    first, key = store.create("acme")
    _second, other = store.create("globex")
    assert store.tenant_for(key) == "acme" and store.tenant_for(other) == "globex"
    assert store.tenant_for(key + "x") is None
    assert [r.tenant for r in store.list()] == ["acme", "globex"]
    assert [r.tenant for r in store.list("globex")] == ["globex"]
    assert store.revoke(first.id) and not store.revoke(first.id)
    assert store.tenant_for(key) is None
    with store.engine.connect() as db:  # only the hash is kept
        rows = repr(db.execute(text("SELECT * FROM api_keys")).fetchall())
    assert key not in rows and other not in rows


def test_threads_are_owned_paged_and_deleted_with_their_runs(database_url: str) -> None:
    db = Database(database_url)
    threads, log = ThreadIndex(db), EventLog(db)
    for n in range(3):
        threads.create(f"t{n}", "acme", f"Brief {n}")
    threads.create("other", "globex", "Theirs")
    page, total = threads.list("acme", limit=2, offset=0)
    assert total == 3 and [t.id for t in page] == ["t2", "t1"]  # newest first
    assert threads.get("t0", "acme") is not None and threads.get("t0", "globex") is None
    run, _started = log.open_run("t0", "acme", "message")
    log.append("t0", run.id, TextEvent(text="hello"))
    assert threads.delete("t0", "acme") and not threads.delete("t0", "acme")
    assert log.for_thread("t0") == [] and log.thread_events("t0") == []
    assert not threads.delete("other", "acme") and threads.get("other", "globex") is not None


def test_a_runs_events_are_numbered_per_thread_and_replayed_after_an_id(database_url: str) -> None:
    log = EventLog(Database(database_url))
    run, started = log.open_run("t1", "acme", "message")
    assert started.seq == 1 and started.data["type"] == "run_started"
    seqs = [log.append("t1", run.id, TextEvent(text=f"part {n}")) for n in range(3)]
    assert seqs == [2, 3, 4]
    other, _ = log.open_run("t2", "acme", "message")  # another thread counts from 1
    assert log.append("t2", other.id, TextEvent(text="x")) == 2
    assert [e.seq for e in log.events(run.id, after=2)] == [3, 4]  # Last-Event-ID: 2
    assert [e.data.get("text") for e in log.thread_events("t1", after=3)] == ["part 2"]
    log.finish(run.id, "done")
    info = log.get(run.id, "t1")
    assert info is not None and info.status == "done" and info.finished is not None
    assert log.get(run.id, "t2") is None  # a run is found only in its own thread


def test_runs_left_running_are_closed_as_failed_with_a_message(database_url: str) -> None:
    log = EventLog(Database(database_url))
    run, _ = log.open_run("t1", "acme", "message")
    finished, _ = log.open_run("t2", "acme", "message")
    log.finish(finished.id, "done")
    assert log.recover() == 1
    info = log.get(run.id, "t1")
    assert info is not None and info.status == "failed"
    types = [e.data["type"] for e in log.events(run.id)]
    assert types == ["run_started", "error", "done"]


def test_concurrent_appends_to_different_threads_all_land(database_url: str) -> None:
    log = EventLog(Database(database_url))
    runs = {f"t{n}": log.open_run(f"t{n}", "acme", "message")[0] for n in range(4)}
    names = list(runs)

    def write(i: int) -> None:
        for n in range(15):
            log.append(names[i], runs[names[i]].id, TextEvent(text=str(n)))

    assert together(write, len(names)) == []
    for thread, run in runs.items():
        assert [e.seq for e in log.events(run.id)] == list(range(1, 17)), thread


def test_stores_share_one_database_and_migrate_independently(database_url: str) -> None:
    db, keys = Database(database_url), KeyStore(database_url)
    engine = make_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    assert {"threads", "runs", "events", "api_keys"} <= tables
    assert current(engine, API_SCHEMA) == API_SCHEMA.head()
    assert current(engine, KEYS_SCHEMA) == KEYS_SCHEMA.head()
    assert upgrade(engine, API_SCHEMA) == API_SCHEMA.head()  # again: nothing to do
    db.close(), keys.engine.dispose(), engine.dispose()


def test_two_processes_starting_together_migrate_once(postgres_url: str) -> None:
    engines = [make_engine(postgres_url) for _ in range(4)]
    assert together(lambda n: upgrade(engines[n], API_SCHEMA), 4) == []
    with engines[0].connect() as db:
        versions = db.execute(text(f"SELECT * FROM {API_SCHEMA.version_table}")).fetchall()
    assert versions == [(API_SCHEMA.head(),)]


OLD_API_SCHEMA = """
CREATE TABLE threads (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, title TEXT NOT NULL,
                      created TEXT NOT NULL);
CREATE TABLE runs (id TEXT PRIMARY KEY, thread TEXT NOT NULL, tenant TEXT NOT NULL,
                   kind TEXT NOT NULL, status TEXT NOT NULL, created TEXT NOT NULL, finished TEXT);
CREATE TABLE events (thread TEXT NOT NULL, seq INTEGER NOT NULL, run TEXT NOT NULL,
                     type TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (thread, seq));
INSERT INTO threads VALUES ('t-old', 'acme', 'Summer bottle', '2026-11-01T10:00:00+00:00');
INSERT INTO runs VALUES ('run_old', 't-old', 'acme', 'message', 'done',
                         '2026-11-01T10:00:01+00:00', '2026-11-01T10:00:09+00:00');
INSERT INTO events VALUES ('t-old', 1, 'run_old', 'run_started',
  '{"type": "run_started", "run_id": "run_old", "thread_id": "t-old", "kind": "message"}');
"""


def test_a_data_dir_from_before_migrations_is_read_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "api.sqlite"  # as an earlier adstudio left it: no version table
    with sqlite3.connect(path) as old:
        old.executescript(OLD_API_SCHEMA)
    db = Database(path)
    record = ThreadIndex(db).get("t-old", "acme")
    assert record is not None and record.title == "Summer bottle"
    log = EventLog(db)
    assert [r.id for r in log.for_thread("t-old")] == ["run_old"]
    _run, started = log.open_run("t-old", "acme", "message")
    assert started.seq == 2  # numbering goes on
    assert current(db.engine, API_SCHEMA) == API_SCHEMA.head()


def test_an_unsupported_database_url_is_refused_with_the_forms_that_work() -> None:
    from core.storage.database import DatabaseUrlError, normalised

    with pytest.raises(DatabaseUrlError, match="postgresql://"):
        normalised("mysql://root@localhost/ads")
    with pytest.raises(DatabaseUrlError, match="Cannot read"):
        normalised("not a url")
    assert normalised("postgresql://u:p@h/db").startswith("postgresql+psycopg://u:p@h/db")
    assert RunStartedEvent  # the event type the log writes first (imported for its module)


def test_a_starting_process_closes_only_runs_no_live_process_works_on(
    database_url: str,
) -> None:
    db = Database(database_url)
    log = EventLog(db)
    dead_pid = _ended_pid()
    here = socket.gethostname()
    dead, _ = log.open_run("t1", "acme", "message", owner=f"{here}:{dead_pid}:a1")
    elsewhere, _ = log.open_run("t2", "acme", "message", owner="other-host:41:b2")
    silent, _ = log.open_run("t3", "acme", "message", owner="other-host:42:c3")
    old = (datetime.now(UTC) - timedelta(seconds=120)).isoformat()
    with db.connect() as c:
        c.execute(text("UPDATE runs SET heartbeat = :old WHERE id = :id"),
                  {"old": old, "id": silent.id})
    assert log.recover() == 2  # the dead pid's run and the silent one
    assert [log.status(r.id) for r in (dead, elsewhere, silent)] == [
        "failed", "running", "failed"]
    assert log.running_elsewhere("t2", "me:1:x") and not log.running_elsewhere("t1", "me:1:x")
    assert log.in_progress(elsewhere.id) and not log.in_progress(dead.id)


def test_a_cancel_asked_anywhere_reaches_the_owner_at_its_next_beat(database_url: str) -> None:
    log = EventLog(Database(database_url))
    run, _ = log.open_run("t1", "acme", "message", owner="host-a:1:a")
    other, _ = log.open_run("t2", "acme", "message", owner="host-a:1:a")
    assert log.beat("host-a:1:a").cancel == []
    assert log.request_cancel("t1") == run.id and log.request_cancel("nothing") is None
    assert log.beat("host-a:1:a").cancel == [(run.id, "t1")]
    assert log.beat("host-b:2:b").cancel == []
    log.finish(run.id, "cancelled")
    assert log.beat("host-a:1:a").cancel == [] and log.status(other.id) == "running"


def _ended_pid() -> int:
    """The pid of a child process that has exited (and been reaped)."""
    child = subprocess.Popen(["true"])  # noqa: S603
    child.wait()
    return child.pid


class _Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_shared_rate_limit_counts_every_process_hits_together(database_url: str) -> None:
    clock = _Clock()
    one = SharedRateLimiter(Database(database_url), "runs", 3, clock=clock)
    two = SharedRateLimiter(Database(database_url), "runs", 3, clock=clock)  # another replica
    uploads = SharedRateLimiter(Database(database_url), "uploads", 3, clock=clock)
    assert one.hit("acme") is None and two.hit("acme") is None
    clock.now += 10
    assert one.wait("acme") is None and two.hit("acme") is None
    assert one.hit("acme") == 50 and two.wait("acme") == 50  # the oldest leaves in 50 s
    assert one.hit("globex") is None and uploads.hit("acme") is None  # other keys, limits
    two.give_back("acme")  # the last request was refused after all
    assert one.hit("acme") is None
    clock.now += 50
    assert two.hit("acme") is None  # the first two left the window


def test_concurrent_hits_on_two_processes_never_pass_the_limit(database_url: str) -> None:
    limiters = [SharedRateLimiter(Database(database_url), "runs", 5) for _ in range(2)]
    passed: list[bool] = []
    lock = threading.Lock()

    def burst(n: int) -> None:
        for _ in range(6):
            allowed = limiters[n // 2].hit("acme") is None
            with lock:
                passed.append(allowed)

    assert together(burst, 4) == []
    assert len(passed) == 24 and passed.count(True) == 5


def test_runs_at_work_in_other_live_processes_are_counted_by_tenant(database_url: str) -> None:
    log = EventLog(Database(database_url))
    mine, _ = log.open_run("t1", "acme", "message", owner="host-a:1:a")
    theirs, _ = log.open_run("t2", "acme", "message", owner="host-b:2:b")
    waiting, _ = log.open_run("t3", "acme", "message", owner="host-b:2:b")
    other, _ = log.open_run("t4", "globex", "message", owner="host-b:2:b")
    assert log.working_elsewhere("host-a:1:a") == {}  # none has begun its work
    for run in (mine, theirs, other):
        log.mark_started(run.id)
    assert log.working_elsewhere("host-a:1:a") == {"acme": 1, "globex": 1}  # not t3: waits
    assert log.working_elsewhere("host-b:2:b") == {"acme": 1}
    log.finish(theirs.id, "done")
    assert log.working_elsewhere("host-a:1:a") == {"globex": 1}
    assert log.status(waiting.id) == "running"


def test_stores_on_one_postgresql_share_one_pool_per_process(postgres_url: str) -> None:
    db, keys = Database(postgres_url), KeyStore(postgres_url)
    assert db.engine is keys.engine is make_engine(postgres_url)
    log = EventLog(db)
    for n in range(20):  # many stores' calls, one after another: one connection is enough
        log.open_run(f"t{n}", "acme", "message")
        keys.create("acme")
    with db.engine.connect() as c:
        ours = c.execute(text("SELECT COUNT(*) FROM pg_stat_activity "
                              "WHERE datname = current_database()")).scalar_one()
    assert ours <= 2


def test_sqlite_files_get_an_engine_each(tmp_path: Path) -> None:
    assert make_engine(f"sqlite:///{tmp_path / 'a.sqlite'}") is not make_engine(
        f"sqlite:///{tmp_path / 'a.sqlite'}")


def test_two_processes_appending_to_one_thread_number_every_event(database_url: str) -> None:
    # two replicas (each its own Database and pool) write events of one thread at once: every
    # event lands, numbered 1..n without a gap or a clash, as one process would number them
    writers = [EventLog(Database(database_url)) for _ in range(2)]
    run, _ = writers[0].open_run("t-shared", "acme", "message")
    barrier = threading.Barrier(4)

    def write(i: int) -> None:
        barrier.wait()
        for n in range(15):
            writers[i % 2].append("t-shared", run.id, TextEvent(text=str(n)))

    assert together(write, 4) == []
    assert [e.seq for e in writers[1].events(run.id)] == list(range(1, 62))


def test_a_database_url_with_a_mistyped_port_is_refused_clearly() -> None:
    from core.storage.database import DatabaseUrlError, normalised

    with pytest.raises(DatabaseUrlError, match="Cannot read") as caught:
        normalised("postgresql://ads:s3cret@db:54x2/adstudio")
    assert "s3cret" not in str(caught.value)


def test_two_processes_starting_a_run_of_one_thread_at_once_open_only_one(
    database_url: str,
) -> None:
    # two replicas take a message for one thread at the same moment: both looked and saw no
    # run going on, but the thread gets one run; the other is refused as a conflict
    logs = [EventLog(Database(database_url)) for _ in range(4)]
    barrier = threading.Barrier(len(logs))
    opened: list[str] = []
    refused: list[BaseException] = []

    def start(n: int) -> None:
        owner = f"host-{n}:{n + 1}:tok{n}"
        assert not logs[n].running_elsewhere("t-race", owner)
        barrier.wait()
        try:
            opened.append(logs[n].open_run("t-race", "acme", "message", owner=owner)[0].id)
        except RunConflict as exc:
            refused.append(exc)

    assert together(start, len(logs)) == []
    assert len(opened) == 1 and len(refused) == len(logs) - 1
    assert [r.id for r in logs[0].for_thread("t-race")] == opened


def test_a_restarted_process_with_its_old_pid_closes_the_runs_its_old_self_left(
    database_url: str,
) -> None:
    # a container restarted after a crash has the same host name, and the server the same pid
    # (1); the runs the crashed server left, their heartbeat still fresh, belong to no live
    # process and are closed as failed by the new one, while a live manager's run is kept
    log = EventLog(Database(database_url))
    here = socket.gethostname()
    crashed, _ = log.open_run("t1", "acme", "message", owner=f"{here}:{os.getpid()}:0ld0ld0l")
    alive = process_owner()  # a run manager of this process, going on
    live, _ = log.open_run("t2", "acme", "message", owner=alive)
    assert log.recover() == 1
    assert [log.status(crashed.id), log.status(live.id)] == ["failed", "running"]
    assert [e.data["type"] for e in log.events(crashed.id)] == ["run_started", "error", "done"]


class _ClockAhead(datetime):
    """This host's clock, a minute ahead of the other replicas' (NTP off, a VM resumed)."""

    @classmethod
    def now(cls, tz: Any = None) -> _ClockAhead:  # type: ignore[override]
        return cls.fromtimestamp(datetime.now(tz).timestamp() + 60, tz)


def test_a_replica_whose_clock_runs_ahead_leaves_the_others_live_runs_alone(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # replicas on PostgreSQL run on several hosts: their clocks may differ. A run another
    # replica beats for is live, whatever this host's clock says
    log = EventLog(Database(postgres_url))
    run, _ = log.open_run("t1", "acme", "message", owner="other-host:7:a7")
    log.mark_started(run.id)
    assert log.beat("other-host:7:a7").cancel == []
    monkeypatch.setattr("api.runs.datetime", _ClockAhead)
    assert log.recover() == 0 and log.status(run.id) == "running"
    assert log.in_progress(run.id) and log.running_elsewhere("t1", "here:1:b1")
    assert log.working_elsewhere("here:1:b1") == {"acme": 1}


def test_replicas_starting_together_close_each_left_run_once(database_url: str) -> None:
    # compose starts both API replicas at once: each closes the runs a dead server left,
    # and each such run gets one error and one done, not one per replica
    logs = [EventLog(Database(database_url)) for _ in range(3)]
    left = [logs[0].open_run(f"t{n}", "acme", "message")[0] for n in range(10)]  # no owner
    barrier = threading.Barrier(len(logs))
    closed: list[int] = []

    def start(n: int) -> None:
        barrier.wait()
        closed.append(logs[n].recover())

    assert together(start, len(logs)) == []
    assert sum(closed) == len(left)
    for run in left:
        assert [e.data["type"] for e in logs[0].events(run.id)] == ["run_started", "error", "done"]
        assert logs[0].status(run.id) == "failed"


def test_hits_of_keys_that_stopped_coming_are_pruned_and_the_default_clock_counts(
    database_url: str,
) -> None:
    clock = _Clock()
    db = Database(database_url)
    limiter = SharedRateLimiter(db, "runs", 1000, clock=clock)
    assert limiter.hit("gone") is None
    clock.now += 61
    for _ in range(PRUNE_EVERY):
        limiter.hit("busy")
    with db.read() as c:
        keys = {r[0] for r in c.execute(text("SELECT DISTINCT key FROM rate_hits"))}
    assert keys == {"busy"}
    shared = SharedRateLimiter(db, "uploads", 1)  # the database's clock (this host's on SQLite)
    assert shared.hit("acme") is None and 1 <= (shared.hit("acme") or 0) <= 60


def test_stores_built_at_once_in_threads_of_one_process_all_migrate(tmp_path: Path) -> None:
    # Alembic's context is one per process: concurrent trials of an eval run once failed
    # "run.setup" when their stores migrated at the same moment
    def build(n: int) -> None:
        Database(tmp_path / f"api{n}.sqlite")
        KeyStore(tmp_path / f"keys{n}.sqlite")

    assert together(build, 8) == []


def _types(log: EventLog, run: str) -> list[str]:
    return [e.data["type"] for e in log.events(run)]


def test_a_run_another_replica_closed_takes_no_late_event_nor_end(database_url: str) -> None:
    # replica A could not beat through a database outage longer than the heartbeat timeout,
    # and replica B closed A's run as left behind. When the database answers A again, its
    # writes of that run are refused: nothing after the done the clients saw, and the
    # failed status does not flip to done; A's heartbeat tells it the run is lost
    db = Database(database_url)
    a, b = EventLog(db), EventLog(Database(database_url))
    run, _ = a.open_run("t1", "acme", "message", owner="host-a:1:a")
    other, _ = a.open_run("t2", "acme", "message", owner="host-a:1:a")
    a.append("t1", run.id, TextEvent(text="before the outage"))
    with db.connect() as conn:
        conn.execute(text("UPDATE runs SET heartbeat = '2000-01-01T00:00:00+00:00' "
                          "WHERE id = :id"), {"id": run.id})
    assert b.recover() == 1 and b.status(other.id) == "running"
    with pytest.raises(RunClosed):
        a.append("t1", run.id, TextEvent(text="after the outage"))
    late = a.append_all([("t1", run.id, TextEvent(text="late")),
                         ("t2", other.id, TextEvent(text="on time"))])
    assert late[0] is None and late[1] is not None  # the open run's event is stored all the same
    assert a.beat("host-a:1:a", {run.id, other.id}) == Beat(cancel=[], closed=[run.id])
    assert not a.finish(run.id, "done") and a.status(run.id) == "failed"
    assert _types(a, run.id) == ["run_started", "text", "error", "done"]
    assert a.finish(other.id, "done") and a.status(other.id) == "done"


def test_nothing_is_stored_after_a_runs_done(database_url: str) -> None:
    # a run whose process stopped between its done and its end is closed without a second
    # error and done, with the status its done tells
    log = EventLog(Database(database_url))
    run, _ = log.open_run("t1", "acme", "message")  # no owner: left behind at once
    log.append("t1", run.id, DoneEvent(thread_id="t1", waiting=True))
    with pytest.raises(RunClosed):
        log.append("t1", run.id, TextEvent(text="after the done"))
    assert log.recover() == 1 and log.status(run.id) == "waiting"
    assert _types(log, run.id) == ["run_started", "done"]


def test_a_run_cancelled_before_its_done_is_closed_as_cancelled(database_url: str) -> None:
    # a cancel asked before the run's done makes it `cancelled` when a replica closes it as
    # left after that done; one asked after the done changes nothing (the run was over)
    log = EventLog(Database(database_url))
    cancelled, _ = log.open_run("t1", "acme", "message")  # no owner: left behind at once
    late, _ = log.open_run("t2", "acme", "message")
    assert log.request_cancel("t1") == cancelled.id
    log.append("t1", cancelled.id, DoneEvent(thread_id="t1"))
    log.append("t2", late.id, DoneEvent(thread_id="t2"))
    log.request_cancel("t2")
    assert log.recover() == 2
    assert (log.status(cancelled.id), log.status(late.id)) == ("cancelled", "done")
    assert _types(log, cancelled.id) == ["run_started", "done"]


def test_a_runs_end_and_its_closing_as_left_race_and_one_wins(database_url: str) -> None:
    # the owner stores the end of its runs while another replica closes them as left: each
    # run ends once, either as its owner says (no closing events) or failed with them
    db = Database(database_url)
    owner, closer = EventLog(db), EventLog(Database(database_url))
    runs = [owner.open_run(f"t{n}", "acme", "message", owner="host-a:1:a")[0] for n in range(12)]
    with db.connect() as conn:
        conn.execute(text("UPDATE runs SET heartbeat = '2000-01-01T00:00:00+00:00'"))
    barrier = threading.Barrier(2)
    ended: list[bool] = []
    closed: list[int] = []

    def work(n: int) -> None:
        barrier.wait()
        if n == 0:
            ended.extend(owner.finish(run.id, "done") for run in runs)
        else:
            closed.append(closer.recover())

    assert together(work, 2) == []
    assert sum(ended) + sum(closed) == len(runs)
    for run, won in zip(runs, ended, strict=True):
        if won:
            assert owner.status(run.id) == "done" and _types(owner, run.id) == ["run_started"]
        else:
            assert owner.status(run.id) == "failed"
            assert _types(owner, run.id) == ["run_started", "error", "done"]
