"""Two API processes on one PostgreSQL share keys, tenants, threads and conversations (issue 25).

Each server has its own data dir (asset files, the stores not yet on the storage layer); the
database is shared, as two replicas behind a load balancer would have it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from agent.events import DoneEvent, ProgressEvent, TextEvent
from agent.runtime import AgentRuntime
from api.auth import key_store
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.servers import ApiServer, free_port, serve_api, sse_events
from tools.services import build_services

PHOTO = encode_png(bottle_on_white()[0])


def _replica(stack: ExitStack, tmp_path: Path, name: str, database_url: str,
             **changes: Any) -> ApiServer:
    settings = Settings(data_dir=tmp_path / name, api_auth="keys", database_url=database_url,
                        **changes)
    runtime = AgentRuntime(settings, services=build_services(settings))  # Postgres checkpoints
    return stack.enter_context(serve_api(runtime, settings=settings))


@pytest.fixture
def replicas(tmp_path: Path, postgres_url: str) -> Iterator[tuple[ApiServer, ApiServer]]:
    with ExitStack() as stack:
        yield (_replica(stack, tmp_path, "a", postgres_url),
               _replica(stack, tmp_path, "b", postgres_url))


def _client(server: ApiServer, key: str) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=60, headers={"Authorization": f"Bearer {key}"})


def test_a_key_and_a_thread_made_on_one_replica_hold_on_the_other(
    replicas: tuple[ApiServer, ApiServer], tmp_path: Path, postgres_url: str
) -> None:
    a, b = replicas
    admin = Settings(data_dir=tmp_path / "admin", database_url=postgres_url)  # `adstudio keys`
    _alice, alice_key = key_store(admin).create("alice")
    _bob, bob_key = key_store(admin).create("bob")
    with _client(a, alice_key) as alice_a, _client(b, alice_key) as alice_b, \
            _client(b, bob_key) as bob_b:
        made = alice_a.post("/v1/threads", json={"title": "Summer bottle"})
        assert made.status_code == 201, made.text
        listed = alice_b.get("/v1/threads").json()
        assert [t["id"] for t in listed["items"]] == [made.json()["id"]]
        assert listed["items"][0]["title"] == "Summer bottle"
        assert bob_b.get("/v1/threads").json()["total"] == 0  # tenancy holds on B too
        assert bob_b.delete(f"/v1/threads/{made.json()['id']}").status_code == 404
        revoked = key_store(admin).revoke(_alice.id)
        assert revoked and alice_b.get("/v1/threads").status_code == 401


def _say(client: httpx.Client, thread: str, text: str) -> list[dict[str, Any]]:
    with client.stream("POST", f"/v1/threads/{thread}/messages", json={"text": text}) as response:
        assert response.status_code == 200, response.read()
        return [event for _, event in sse_events(response.iter_lines())]


def test_a_conversation_started_on_one_replica_goes_on_on_the_other(
    replicas: tuple[ApiServer, ApiServer], tmp_path: Path, postgres_url: str
) -> None:
    a, b = replicas
    admin = Settings(data_dir=tmp_path / "admin", database_url=postgres_url)
    _record, key = key_store(admin).create("alice")
    with _client(a, key) as on_a, _client(b, key) as on_b:
        thread = on_a.post("/v1/threads", json={"title": "Bottle"}).json()["id"]
        first = _say(on_a, thread, "Insulated steel water bottle, 750 ml, keeps drinks cold "
                                   "24 h. Summer hiking campaign for young adults.")
        assert first[-1]["type"] == "done"
        seen_on_b = on_b.get(f"/v1/threads/{thread}").json()
        assert "bottle" in seen_on_b["brief"]["product_name"].lower()  # A's turn, read on B
        said = [m["text"] for m in seen_on_b["messages"] if m["role"] == "user"]
        assert len(said) == 1 and "water bottle" in said[0]
        second = _say(on_b, thread, "Make the tone playful.")
        assert second[-1]["type"] == "done"
        seen_on_a = on_a.get(f"/v1/threads/{thread}").json()
        assert [m["text"] for m in seen_on_a["messages"] if m["role"] == "user"][-1] == (
            "Make the tone playful.")
        assert len(seen_on_a["runs"]) == 2  # one run on each replica, one log


class UntilStopped(AgentRuntime):
    """A runtime whose every turn works (a progress event every 50 ms) until it is stopped.

    A render's length depends on the machine's load; a cross-process cancel takes up to
    ``HEARTBEAT_SECONDS`` to arrive. This turn lasts until then (at most a minute).
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, services=build_services(settings))
        self.stops: dict[str, threading.Event] = {}

    def stream(self, thread_id: str, text: str, attachments: Any = (),
               tenant: str | None = None) -> Iterator[Any]:
        stop = self.stops[thread_id] = threading.Event()
        try:
            for n in range(1200):
                if stop.wait(0.05):
                    yield TextEvent(text="Stopped.")
                    break
                yield ProgressEvent(name="animate_image", done=n, total=1200)
            yield DoneEvent(thread_id=thread_id)
        finally:
            del self.stops[thread_id]

    def stop(self, thread_id: str) -> bool:
        event = self.stops.get(thread_id)
        if event is not None:
            event.set()
        return event is not None

    def running(self, thread_id: str) -> bool:
        return thread_id in self.stops


def test_a_run_on_one_replica_is_followed_refused_and_cancelled_from_the_other(
    tmp_path: Path, postgres_url: str
) -> None:
    settings_a = Settings(data_dir=tmp_path / "a", api_auth="keys", database_url=postgres_url)
    with ExitStack() as stack:
        a = stack.enter_context(serve_api(UntilStopped(settings_a), settings=settings_a))
        b = _replica(stack, tmp_path, "b", postgres_url)
        _record, key = key_store(settings_a).create("alice")
        on_a, on_b = stack.enter_context(_client(a, key)), stack.enter_context(_client(b, key))
        thread = on_a.post("/v1/threads", json={"title": "Live"}).json()["id"]
        started = on_a.post(f"/v1/threads/{thread}/messages", params={"mode": "background"},
                            json={"text": "animate it"})
        assert started.status_code == 202, started.text
        run = started.json()["id"]
        seen: list[tuple[int, dict[str, Any]]] = []
        asked = 0.0
        with on_b.stream("GET", f"/v1/threads/{thread}/runs/{run}/events",
                         headers={"Last-Event-ID": "1"}) as response:
            assert response.status_code == 200
            for seq, event in sse_events(response.iter_lines()):
                seen.append((seq, event))
                if event["type"] == "progress" and not asked:
                    busy = on_b.post(f"/v1/threads/{thread}/messages", json={"text": "hi"})
                    assert busy.status_code == 409  # the run on A holds the thread on B too
                    assert on_b.get(f"/v1/threads/{thread}").json()["running"] == run
                    stopped = on_b.post(f"/v1/threads/{thread}/cancel").json()
                    assert stopped == {"cancelled": True, "run_id": run}
                    asked = time.monotonic()
        took = time.monotonic() - asked
        numbers = [seq for seq, _ in seen]
        assert numbers[0] == 2 and numbers == sorted(numbers)  # after Last-Event-ID 1, in order
        kinds = [e["type"] for _, e in seen]
        assert asked and kinds[-2:] == ["text", "done"]  # A's turn saw the stop and ended
        assert seen[-2][1]["text"] == "Stopped." and took < 30  # not its minute's end
        assert on_b.get(f"/v1/threads/{thread}/runs/{run}").json()["status"] == "cancelled"


def test_runs_per_minute_per_key_hold_across_replicas(tmp_path: Path, postgres_url: str) -> None:
    with ExitStack() as stack:
        a, b = (_replica(stack, tmp_path, n, postgres_url, api_runs_per_minute=3)
                for n in ("a", "b"))
        admin = Settings(data_dir=tmp_path / "admin", database_url=postgres_url)
        _record, key = key_store(admin).create("alice")
        on_a, on_b = stack.enter_context(_client(a, key)), stack.enter_context(_client(b, key))
        threads = [on_a.post("/v1/threads", json={}).json()["id"] for _ in range(4)]
        assert _say(on_a, threads[0], "hello")[-1]["type"] == "done"
        assert _say(on_b, threads[1], "hello")[-1]["type"] == "done"
        assert _say(on_a, threads[2], "hello")[-1]["type"] == "done"
        refused = on_b.post(f"/v1/threads/{threads[3]}/messages", json={"text": "hello"})
        assert refused.status_code == 429  # the fourth run this minute, wherever it lands
        assert int(refused.headers["Retry-After"]) >= 1


def test_a_tenants_runs_at_once_are_counted_over_both_replicas(
    tmp_path: Path, postgres_url: str
) -> None:
    settings_a = Settings(data_dir=tmp_path / "a", api_auth="keys", database_url=postgres_url,
                          api_max_tenant_runs=1)
    with ExitStack() as stack:
        a = stack.enter_context(serve_api(UntilStopped(settings_a), settings=settings_a))
        b = _replica(stack, tmp_path, "b", postgres_url, api_max_tenant_runs=1)
        _record, key = key_store(settings_a).create("alice")
        on_a, on_b = stack.enter_context(_client(a, key)), stack.enter_context(_client(b, key))
        busy, free = (on_a.post("/v1/threads", json={}).json()["id"] for _ in range(2))
        run = on_a.post(f"/v1/threads/{busy}/messages", params={"mode": "background"},
                        json={"text": "animate it"}).json()["id"]
        with on_a.stream("GET", f"/v1/threads/{busy}/runs/{run}/events") as watching:
            for _, event in sse_events(watching.iter_lines()):
                if event["type"] == "progress":  # A's run is at work
                    break
        with on_b.stream("POST", f"/v1/threads/{free}/messages",
                         json={"text": "hello"}) as response:
            events = sse_events(response.iter_lines())
            _, first = next(events)
            assert first["type"] == "run_started" and first["queue_position"] == 1
            assert on_a.post(f"/v1/threads/{busy}/cancel").json()["cancelled"] is True
            rest = [event for _, event in events]
        assert rest[0] == {"type": "run_queued", "run_id": first["run_id"], "position": 0}
        assert rest[-1]["type"] == "done"  # its turn came once A's run ended


def test_a_replica_killed_mid_run_leaves_a_failed_run_the_next_one_reports(
    tmp_path: Path, postgres_url: str
) -> None:
    env = {**os.environ, "ADSTUDIO_DATABASE_URL": postgres_url, "ADSTUDIO_API_AUTH": "keys",
           "ADSTUDIO_ENGINE": "local"}
    port = free_port()
    admin = Settings(data_dir=tmp_path / "admin", database_url=postgres_url)
    _record, key = key_store(admin).create("alice")
    server = subprocess.Popen(  # replica A: a real `adstudio serve`, killed with SIGKILL
        [str(Path(sys.executable).with_name("adstudio")), "serve", "--port", str(port),
         "--data-dir", str(tmp_path / "a")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        a = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120,
                         headers={"Authorization": f"Bearer {key}"})
        _wait_ready(a, server)
        photo = a.post("/v1/assets", files={"file": ("b.png", PHOTO, "image/png")}).json()["id"]
        thread = a.post("/v1/threads", json={}).json()["id"]
        run = a.post(f"/v1/threads/{thread}/messages", params={"mode": "background"},
                     json={"text": "Insulated steel water bottle, summer hiking ads",
                           "asset_ids": [photo]}).json()["id"]
        with a.stream("GET", f"/v1/threads/{thread}/runs/{run}/events") as response:
            for _, event in sse_events(response.iter_lines()):
                if event["type"] == "tool_start":  # A is at work on the run
                    break
        server.kill()
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    with ExitStack() as stack:
        b = _replica(stack, tmp_path, "b", postgres_url)  # B starts: A's run is left behind
        on_b = stack.enter_context(_client(b, key))
        assert on_b.get(f"/v1/threads/{thread}/runs/{run}").json()["status"] == "failed"
        events = on_b.get(f"/v1/threads/{thread}/runs/{run}/events")
        kinds = [e["type"] for _, e in sse_events(events.iter_lines())]
        assert kinds[-2:] == ["error", "done"] and "tool_start" in kinds
        again = _say(on_b, thread, "hello")  # the thread is free again, on B
        assert again[-1]["type"] == "done"


def _wait_ready(client: httpx.Client, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, "adstudio serve exited"
        try:
            if client.get("/readyz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("adstudio serve did not start")


def _allow_connections(database_url: str, allowed: bool) -> None:
    """Open or close the database to new connections; closing also drops the open ones."""
    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))


def test_a_database_that_stops_answering_gives_503_and_the_replica_recovers(
    replicas: tuple[ApiServer, ApiServer], tmp_path: Path, postgres_url: str
) -> None:
    a, _b = replicas
    admin = Settings(data_dir=tmp_path / "admin", database_url=postgres_url)
    _record, key = key_store(admin).create("alice")
    with _client(a, key) as alice:
        made = alice.post("/v1/threads", json={"title": "Before"}).json()["id"]
        _allow_connections(postgres_url, False)  # the database restarts, or the network drops
        try:
            for _ in range(2):  # the pool's dropped connection, then a refused new one
                down = alice.get("/v1/threads")
                assert down.status_code == 503, down.text
                assert down.json()["error"]["code"] == "database_unavailable"
                assert int(down.headers["Retry-After"]) >= 1
        finally:
            _allow_connections(postgres_url, True)
        listed = alice.get("/v1/threads")  # back without restarting the replica
        assert listed.status_code == 200 and [t["id"] for t in listed.json()["items"]] == [made]


def test_a_run_followed_on_one_replica_ends_when_the_other_dies_under_it(
    tmp_path: Path, postgres_url: str
) -> None:
    # B serves while A is killed mid-run: B's stream of A's run ends with an error and done
    # (not silence), and B reports the run failed, without any process restarting
    env = {**os.environ, "ADSTUDIO_DATABASE_URL": postgres_url, "ADSTUDIO_API_AUTH": "keys",
           "ADSTUDIO_ENGINE": "local"}
    port = free_port()
    admin = Settings(data_dir=tmp_path / "admin", database_url=postgres_url)
    _record, key = key_store(admin).create("alice")
    with ExitStack() as stack:
        b = _replica(stack, tmp_path, "b", postgres_url)
        on_b = stack.enter_context(_client(b, key))
        server = subprocess.Popen(  # replica A: a real `adstudio serve`
            [str(Path(sys.executable).with_name("adstudio")), "serve", "--port", str(port),
             "--data-dir", str(tmp_path / "a")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stack.callback(lambda: server.poll() is None and server.kill())
        on_a = stack.enter_context(httpx.Client(
            base_url=f"http://127.0.0.1:{port}", timeout=120,
            headers={"Authorization": f"Bearer {key}"}))
        _wait_ready(on_a, server)
        photo = on_a.post("/v1/assets", files={"file": ("b.png", PHOTO, "image/png")})
        thread = on_a.post("/v1/threads", json={}).json()["id"]
        run = on_a.post(f"/v1/threads/{thread}/messages", params={"mode": "background"},
                        json={"text": "Insulated steel water bottle, summer hiking ads",
                              "asset_ids": [photo.json()["id"]]}).json()["id"]
        kinds: list[str] = []
        with on_b.stream("GET", f"/v1/threads/{thread}/runs/{run}/events") as response:
            for _, event in sse_events(response.iter_lines()):
                kinds.append(event["type"])
                if event["type"] == "tool_start" and server.poll() is None:
                    server.kill()  # A dies while B's client follows its run
                    server.wait(timeout=30)
        assert "tool_start" in kinds and kinds[-2:] == ["error", "done"]
        assert on_b.get(f"/v1/threads/{thread}/runs/{run}").json()["status"] == "failed"
        assert _say(on_b, thread, "hello")[-1]["type"] == "done"  # the thread is free on B
