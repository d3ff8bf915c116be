"""Two API processes on one PostgreSQL share keys, tenants and the thread list (issue 25).

Each server has its own data dir (assets, checkpoints); only the database is shared, as two
replicas behind a load balancer would have it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent.runtime import SERIALIZER, AgentRuntime
from api.auth import key_store
from core.settings import Settings
from tests.servers import ApiServer, serve_api
from tools.services import build_services


def _replica(stack: ExitStack, tmp_path: Path, name: str, database_url: str) -> ApiServer:
    settings = Settings(data_dir=tmp_path / name, api_auth="keys", database_url=database_url)
    runtime = AgentRuntime(settings, services=build_services(settings),
                           checkpointer=InMemorySaver(serde=SERIALIZER))
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
