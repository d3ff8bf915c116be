"""Bounded load on the live HTTP API: queued runs, limits that count good requests, uploads."""

from __future__ import annotations

import dataclasses
import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import pytest
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult
from langgraph.checkpoint.memory import InMemorySaver
from PIL import Image
from pydantic import Field

from agent.runtime import SERIALIZER, AgentRuntime
from core.errors import AssetNotFoundError, CapabilityError
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.fakes import ScriptedChatModel
from tests.servers import ApiServer, client_for, serve_api, sse_events
from tools import sdk
from tools.services import Services

pytestmark = pytest.mark.integration
PHOTO = encode_png(bottle_on_white()[0])


class GatedChatModel(ScriptedChatModel):
    """A scripted model that answers only once the test opens its gate."""

    gate: Any = Field(default_factory=threading.Event)

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        assert self.gate.wait(60), "the test never opened the gate"
        return super()._generate(messages, stop, run_manager, **kwargs)


@pytest.fixture
def model() -> GatedChatModel:
    return GatedChatModel(replies=[AIMessage(f"Reply {i}.") for i in range(6)])


@pytest.fixture
def keyed(settings: Settings) -> Settings:
    return settings.with_changes(api_auth="keys", api_runs_per_minute=3,
                                 api_uploads_per_minute=2, api_max_concurrent_runs=2,
                                 api_max_tenant_runs=1)


@pytest.fixture
def gated(keyed: Settings, services: Services, model: GatedChatModel) -> Iterator[ApiServer]:
    runtime = AgentRuntime(keyed, services=services, chat_model=model,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    with serve_api(runtime, settings=keyed) as server:
        yield server


def new_thread(client: httpx.Client) -> str:
    return str(client.post("/v1/threads", json={}).json()["id"])


def background(client: httpx.Client, thread: str, text: str) -> dict[str, Any]:
    response = client.post(f"/v1/threads/{thread}/messages", params={"mode": "background"},
                           json={"text": text})
    assert response.status_code == 202, response.text
    return dict(response.json())


def events(client: httpx.Client, run: dict[str, Any]) -> list[dict[str, Any]]:
    with client.stream("GET", run["events_url"]) as response:
        return [e for _, e in sse_events(response.iter_lines())]


def test_runs_beyond_the_bounds_wait_in_line_then_complete(
    gated: ApiServer, keyed: Settings, model: GatedChatModel
) -> None:
    with client_for(gated, keyed, "alice") as alice, client_for(gated, keyed, "bob") as bob:
        first = background(alice, new_thread(alice), "one")
        thread = new_thread(alice)
        with alice.stream("POST", f"/v1/threads/{thread}/messages",
                          json={"text": "two"}) as response:
            stream = sse_events(response.iter_lines())
            _, started = next(stream)  # out at once, though the run must wait
            assert started["type"] == "run_started" and started["queue_position"] == 1
            detail = alice.get(f"/v1/threads/{thread}").json()
            assert detail["running"] == started["run_id"]
            assert alice.post(f"/v1/threads/{thread}/messages",
                              json={"text": "again"}).status_code == 409
            other = background(bob, new_thread(bob), "hi")  # bob is not held up by alice
            assert events_head(bob, other) == {"type": "run_started", "queue_position": 0}
            model.gate.set()
            rest = [e for _, e in stream]
        kinds = [e["type"] for e in rest]
        assert rest[0] == {"type": "run_queued", "run_id": started["run_id"], "position": 0}
        assert kinds[-1] == "done" and "text" in kinds and "error" not in kinds
        assert [e["type"] for e in events(alice, first)][-1] == "done"
        assert events(bob, other)[-1]["type"] == "done"


def events_head(client: httpx.Client, run: dict[str, Any]) -> dict[str, Any]:
    """The first event of a run's stream: its type and place in line."""
    with client.stream("GET", run["events_url"]) as response:
        _, first = next(sse_events(response.iter_lines()))
    return {"type": first["type"], "queue_position": first["queue_position"]}


def test_a_full_queue_answers_503_with_retry_after(
    keyed: Settings, services: Services, model: GatedChatModel
) -> None:
    tight = keyed.with_changes(api_max_concurrent_runs=1, api_max_queued_runs=0,
                               api_runs_per_minute=100)
    runtime = AgentRuntime(tight, services=services, chat_model=model,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    with serve_api(runtime, settings=tight) as api, client_for(api, tight, "alice") as alice:
        first = background(alice, new_thread(alice), "one")
        refused = alice.post(f"/v1/threads/{new_thread(alice)}/messages", json={"text": "two"})
        assert refused.status_code == 503 and refused.json()["error"]["code"] == "busy"
        assert int(refused.headers["retry-after"]) >= 1
        model.gate.set()
        assert events(alice, first)[-1]["type"] == "done"


def test_requests_refused_by_their_checks_do_not_use_up_the_run_budget(
    api: ApiServer, alice: httpx.Client, bob: httpx.Client
) -> None:
    missing = [alice.post("/v1/threads/no-such-thread/messages", json={"text": "hi"})
               for _ in range(30)]
    assert {r.status_code for r in missing} == {404}
    bobs = new_thread(bob)
    assert {alice.post(f"/v1/threads/{bobs}/messages", json={"text": "hi"}).status_code
            for _ in range(5)} == {404}  # another tenant's thread
    mine = new_thread(alice)
    assert alice.post(f"/v1/threads/{mine}/messages", json={"text": "x" * 9000}).status_code == 413
    assert alice.post("/v1/capabilities/generate_ad_images",
                      json={"product_image": "img_nope", "n": 1}).status_code == 404
    statuses = [alice.post(f"/v1/threads/{new_thread(alice)}/messages", params={"mode": "wait"},
                           json={"text": "what can you do?"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]  # the budget of 3 was all there


def test_a_big_jpeg_is_stored_as_a_jpeg_scaled_to_4096_px(alice: httpx.Client) -> None:
    data = photo_jpeg((6000, 4500))
    response = alice.post("/v1/assets", files={"file": ("big.jpg", data, "image/jpeg")})
    assert response.status_code == 201, response.text
    asset = response.json()
    assert asset["mime"] == "image/jpeg" and (asset["width"], asset["height"]) == (4096, 3072)
    assert asset["parameters"]["uploaded_size"] == [6000, 4500]
    stored = alice.get(f"/v1/assets/{asset['id']}/content").content
    assert len(stored) <= len(data) and asset["size"] == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (4096, 3072)


def test_a_plain_photo_is_stored_byte_for_byte(alice: httpx.Client) -> None:
    data = photo_jpeg((1200, 900))
    asset = alice.post("/v1/assets", files={"file": ("p.jpg", data, "image/jpeg")}).json()
    assert asset["mime"] == "image/jpeg" and "uploaded_size" not in asset["parameters"]
    assert alice.get(f"/v1/assets/{asset['id']}/content").content == data


def test_uploads_are_rate_limited_per_tenant_counting_only_good_files(
    alice: httpx.Client, bob: httpx.Client
) -> None:
    bad = [alice.post("/v1/assets", files={"file": ("x.png", b"not an image" * 50, "image/png")})
           for _ in range(30)]
    assert {r.status_code for r in bad} == {422}
    good = [alice.post("/v1/assets", files={"file": ("p.png", PHOTO, "image/png")})
            for _ in range(3)]
    assert [r.status_code for r in good] == [201, 201, 429]
    assert good[2].json()["error"]["code"] == "rate_limited"
    assert int(good[2].headers["retry-after"]) >= 1
    assert len(alice.get("/v1/assets").json()["items"]) == 2  # the refused one was not stored
    assert bob.post("/v1/assets", files={"file": ("p.png", PHOTO, "image/png")}).status_code == 201


def photo_jpeg(size: tuple[int, int]) -> bytes:
    """A photo-like JPEG (smooth shapes and grain), no metadata."""
    rng = np.random.default_rng(7)
    small = rng.integers(0, 255, (size[1] // 100, size[0] // 100, 3), dtype=np.uint8)
    image = Image.fromarray(small).resize(size, Image.Resampling.BICUBIC)
    grain = rng.normal(0, 6, (size[1], size[0], 1))
    pixels = np.clip(np.asarray(image, dtype=np.float64) + grain, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_runs_refused_with_503_or_409_do_not_use_up_the_run_budget(
    keyed: Settings, services: Services, model: GatedChatModel
) -> None:
    tight = keyed.with_changes(api_max_concurrent_runs=1, api_max_queued_runs=0)  # 3 a minute
    runtime = AgentRuntime(tight, services=services, chat_model=model,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    with serve_api(runtime, settings=tight) as api, client_for(api, tight, "alice") as alice:
        first = background(alice, new_thread(alice), "one")  # taken: 1 of 3
        busy = [alice.post(f"/v1/threads/{new_thread(alice)}/messages", json={"text": "two"})
                for _ in range(3)]
        assert [r.status_code for r in busy] == [503, 503, 503]
        assert alice.post(f"/v1/threads/{first['thread_id']}/messages",
                          json={"text": "again"}).status_code == 409
        titles = [t["title"] for t in alice.get("/v1/threads").json()["items"]]
        refused = alice.post("/v1/threads", json={"text": "an ad for my candle"})
        assert refused.status_code == 503 and refused.json()["error"]["code"] == "busy"
        assert [t["title"] for t in alice.get("/v1/threads").json()["items"]] == titles
        model.gate.set()
        assert events(alice, first)[-1]["type"] == "done"
        second = alice.post(f"/v1/threads/{new_thread(alice)}/messages", params={"mode": "wait"},
                            json={"text": "two"})
        assert second.status_code == 200, second.text  # 2 of 3: the refusals were not counted
        third = alice.post("/v1/threads", json={"text": "an ad for my candle"})
        assert third.status_code == 201, third.text  # 3 of 3
        assert events(alice, third.json()["run"])[-1]["type"] == "done"
        over = alice.post(f"/v1/threads/{new_thread(alice)}/messages", json={"text": "four"})
        assert over.status_code == 429
        assert alice.post("/v1/threads", json={"text": "five"}).status_code == 429
        assert "five" not in [t["title"] for t in alice.get("/v1/threads").json()["items"]]


def test_waiting_runs_of_mode_wait_hold_no_worker_thread(
    keyed: Settings, services: Services
) -> None:
    """More mode=wait posts wait in line than the server has worker threads (40)."""
    model = GatedChatModel(replies=[AIMessage(f"Reply {i}.") for i in range(60)])
    wide = keyed.with_changes(api_max_concurrent_runs=1, api_runs_per_minute=1000,
                              api_max_tenant_queued_runs=100)
    runtime = AgentRuntime(wide, services=services, chat_model=model,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    with serve_api(runtime, settings=wide) as api, client_for(api, wide, "alice") as alice:
        threads = [new_thread(alice) for _ in range(45)]
        answers: dict[str, httpx.Response] = {}

        def post(thread: str) -> None:
            # the last of 44 runs, one at a time, answers after all the others: no read
            # timeout short enough to fire on a busy CI machine
            answers[thread] = alice.post(f"/v1/threads/{thread}/messages",
                                         params={"mode": "wait"}, json={"text": "hi"},
                                         timeout=600)

        posts = [threading.Thread(target=post, args=(t,), daemon=True) for t in threads]
        for worker in posts:
            worker.start()
        while not all(alice.get(f"/v1/threads/{t}").json()["running"] for t in threads):
            time.sleep(0.05)  # until every run is taken: one works, 44 wait (mode=wait)
        last = threads[-1]
        cancelled = alice.post(f"/v1/threads/{last}/cancel")  # a sync route: needs a thread
        assert cancelled.status_code == 200 and cancelled.json()["cancelled"]
        posts[-1].join(60)
        assert answers[last].status_code == 200
        assert answers[last].json()["run"]["status"] == "cancelled"
        assert alice.get("/healthz").status_code == 200
        model.gate.set()
        for worker in posts:
            worker.join(600)
        assert [answers[t].json()["run"]["status"] for t in threads[:-1]] == ["done"] * 44


def test_one_tenant_cannot_fill_the_whole_run_queue(
    keyed: Settings, services: Services, model: GatedChatModel
) -> None:
    line = keyed.with_changes(api_max_concurrent_runs=1, api_max_queued_runs=4,
                              api_runs_per_minute=100)  # alice may hold 1 place of 4
    runtime = AgentRuntime(line, services=services, chat_model=model,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    with serve_api(runtime, settings=line) as api, client_for(api, line, "alice") as alice, \
            client_for(api, line, "bob") as bob:
        first = background(alice, new_thread(alice), "one")
        waiting = background(alice, new_thread(alice), "two")
        refused = alice.post(f"/v1/threads/{new_thread(alice)}/messages", json={"text": "three"})
        assert refused.status_code == 503
        bobs = background(bob, new_thread(bob), "hi")  # nothing of bob's runs: he gets a place
        assert events_head(bob, bobs) == {"type": "run_started", "queue_position": 2}
        model.gate.set()
        for client, run in ((alice, first), (alice, waiting), (bob, bobs)):
            assert events(client, run)[-1]["type"] == "done"


def gated_capability(
    monkeypatch: pytest.MonkeyPatch, name: str, fail: Exception | None = None
) -> tuple[threading.Event, list[str]]:
    """Make capability ``name`` wait for a gate (or raise ``fail``); return gate and callers."""
    gate, entered = threading.Event(), []
    original = sdk.registry()[name]

    def gated(request: Any, context: Any) -> Any:
        entered.append(name)
        if fail is not None:
            raise fail
        assert gate.wait(60), "the test never opened the gate"
        return original.fn(request, context)

    monkeypatch.setitem(sdk._REGISTRY, name, dataclasses.replace(original, fn=gated))
    return gate, entered


FEATURES = {"title": "Steel bottle", "description": "750 ml, cold 24 h"}


def test_concurrent_capability_calls_cannot_all_pass_the_limit(
    keyed: Settings, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate, entered = gated_capability(monkeypatch, "extract_features")
    runtime = AgentRuntime(keyed, services=services,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    with serve_api(runtime, settings=keyed) as api, client_for(api, keyed, "alice") as alice:
        answers: list[int] = []

        def call() -> None:
            answers.append(alice.post("/v1/capabilities/extract_features",
                                      json=FEATURES).status_code)

        calls = [threading.Thread(target=call, daemon=True) for _ in range(8)]
        for worker in calls:
            worker.start()
        while len(entered) + len(answers) < 8:  # each call is working or was answered
            time.sleep(0.01)
        gate.set()
        for worker in calls:
            worker.join(60)
        assert sorted(answers) == [200] * 3 + [429] * 5  # 3 a minute


def test_a_capability_call_that_fails_is_counted_unless_refused_on_its_input(
    keyed: Settings, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = AgentRuntime(keyed, services=services,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    with serve_api(runtime, settings=keyed) as api, client_for(api, keyed, "alice") as alice:
        gated_capability(monkeypatch, "extract_features", AssetNotFoundError("img_gone"))
        gone = [alice.post("/v1/capabilities/extract_features", json=FEATURES).status_code
                for _ in range(4)]
        assert gone == [404] * 4  # refused on its input: never counted
        gated_capability(monkeypatch, "extract_features", CapabilityError("It broke."))
        broke = [alice.post("/v1/capabilities/extract_features", json=FEATURES).status_code
                 for _ in range(4)]
        assert broke == [400, 400, 400, 429]  # it ran: counted
