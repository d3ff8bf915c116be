"""Bounded load on the live HTTP API: queued runs, limits that count good requests, uploads."""

from __future__ import annotations

import io
import threading
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
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.fakes import ScriptedChatModel
from tests.servers import ApiServer, client_for, serve_api, sse_events
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
