"""The HTTP API under uvicorn on loopback: conversations streamed as SSE, resumed, cancelled."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from langchain_core.messages import AIMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.runtime import SERIALIZER, AgentRuntime
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.fakes import ScriptedChatModel
from tests.servers import ApiServer, serve_api, sse_events
from tools.services import Services, build_services

pytestmark = pytest.mark.integration
BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign"
PHOTO = encode_png(bottle_on_white()[0])


@pytest.fixture
def api(runtime: AgentRuntime) -> Iterator[ApiServer]:
    with serve_api(runtime) as server:
        yield server


@pytest.fixture
def client(api: ApiServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api.url, timeout=60) as client:
        yield client


def upload(client: httpx.Client, data: bytes = PHOTO, name: str = "bottle.png") -> str:
    response = client.post("/v1/assets", files={"file": (name, data, "image/png")})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def unsigned(events: list[dict]) -> list[dict]:
    """Events without their signed URLs (which expire counting from when they are sent)."""
    return [{k: v for k, v in e.items() if k != "url"} for e in events]


def new_thread(client: httpx.Client) -> str:
    response = client.post("/v1/threads", json={"title": "Bottle"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def stream(client: httpx.Client, thread: str, body: dict[str, Any]) -> list[tuple[int, dict]]:
    with client.stream("POST", f"/v1/threads/{thread}/messages", json=body) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        return list(sse_events(response.iter_lines()))


def test_a_conversation_over_sse_makes_four_ads(client: httpx.Client) -> None:
    photo, thread = upload(client), new_thread(client)
    events = stream(client, thread, {"text": BRIEF, "asset_ids": [photo]})
    ids = [i for i, _ in events]
    assert ids == list(range(1, len(ids) + 1))
    started = events[0][1]  # sent as soon as the run is accepted, before the agent works
    assert started == {"type": "run_started", "run_id": started["run_id"], "thread_id": thread,
                       "kind": "message", "queue_position": 0}
    assert client.get(f"/v1/threads/{thread}/runs/{started['run_id']}").status_code == 200
    kinds = [e["type"] for _, e in events]
    assert {"text", "tool_start", "tool_end", "progress", "asset"} <= set(kinds)
    assert kinds[-1] == "done" and not events[-1][1]["waiting"]
    ads = [e for _, e in events if e["type"] == "asset"]
    assert [a["kind"] for a in ads] == ["ad_image"] * 4
    assert all("path" not in a for a in ads)  # no server file paths leak
    with httpx.Client() as anonymous:  # the signed URL needs no key
        image = anonymous.get(ads[0]["url"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")

    detail = client.get(f"/v1/threads/{thread}").json()
    assert detail["brief"]["product_name"] == "Insulated steel water bottle"
    assert {a["asset_id"] for a in ads} <= set(detail["asset_ids"])
    assert detail["messages"][0] == {"role": "user", "text": detail["messages"][0]["text"],
                                     "asset_ids": [photo], "tool": None}
    assert [r["status"] for r in detail["runs"]] == ["done"]
    made = client.get(f"/v1/assets/{ads[1]['asset_id']}").json()
    assert made["capability"] == "generate_ad_images" and made["parents"][0] == photo
    assert made["checks"] and made["checks"][0]["subject"] == "image"
    audit = client.get(f"/v1/threads/{thread}/audit").json()
    assert {e["stage"] for e in audit} >= {"input", "output"}

    assert client.delete(f"/v1/assets/{ads[3]['asset_id']}").status_code == 204
    assert client.get(f"/v1/assets/{ads[3]['asset_id']}").status_code == 404
    assert client.delete(f"/v1/threads/{thread}", params={"assets": True}).status_code == 204
    assert client.get(f"/v1/threads/{thread}").status_code == 404
    for asset in [photo, *(a["asset_id"] for a in ads)]:  # uploads and ads went with it
        assert client.get(f"/v1/assets/{asset}").status_code == 404
    assert httpx.get(ads[0]["url"]).status_code == 404  # signed URLs open nothing any more


def test_the_non_streaming_variant_returns_the_whole_run(client: httpx.Client) -> None:
    photo, thread = upload(client), new_thread(client)
    response = client.post(f"/v1/threads/{thread}/messages", params={"mode": "wait"},
                           json={"text": BRIEF, "asset_ids": [photo]})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["run"]["status"] == "done" and not result["waiting"]
    assert len(result["asset_ids"]) == 4 and result["events"][-1]["type"] == "done"
    assert "Insulated steel water bottle" in result["text"]


def test_a_thread_created_with_a_brief_runs_in_the_background(client: httpx.Client) -> None:
    photo = upload(client)
    created = client.post("/v1/threads", json={"text": BRIEF, "asset_ids": [photo]}).json()
    assert created["title"].startswith("Insulated steel") and created["run"]["status"] == "running"
    with httpx.Client(timeout=60) as browser, browser.stream(
        "GET", created["run"]["events_url"]  # signed: what EventSource opens, without a key
    ) as response:
        events = [e for _, e in sse_events(response.iter_lines())]
    assert [e["type"] for e in events].count("asset") == 4 and events[-1]["type"] == "done"


def test_a_client_that_reconnects_with_last_event_id_misses_nothing(
    client: httpx.Client,
) -> None:
    photo, thread = upload(client), new_thread(client)
    first: list[tuple[int, dict]] = []
    with client.stream("POST", f"/v1/threads/{thread}/messages",
                       json={"text": BRIEF, "asset_ids": [photo]}) as response:
        run_id = response.headers["x-run-id"]
        for event in sse_events(response.iter_lines()):
            first.append(event)
            if len(first) == 3:
                break  # the connection drops mid-run
    last = first[-1][0]
    url = f"/v1/threads/{thread}/runs/{run_id}/events"
    with client.stream("GET", url, headers={"Last-Event-ID": str(last)}) as response:
        rest = list(sse_events(response.iter_lines()))
    ids = [i for i, _ in first + rest]
    assert ids == list(range(1, len(ids) + 1)) and rest[-1][1]["type"] == "done"
    with client.stream("GET", url) as response:  # a full replay is the same log
        replay = list(sse_events(response.iter_lines()))
    assert [i for i, _ in replay] == ids
    assert unsigned([e for _, e in replay]) == unsigned([e for _, e in first + rest])
    after_done = client.get(url, headers={"Last-Event-ID": str(ids[-1])})
    assert after_done.status_code == 204  # EventSource stops reconnecting


def test_the_thread_stream_carries_every_run_and_resumes_after_last_event_id(
    client: httpx.Client,
) -> None:
    photo, thread = upload(client), new_thread(client)
    first = client.post(f"/v1/threads/{thread}/messages", params={"mode": "wait"},
                        json={"text": BRIEF, "asset_ids": [photo]}).json()
    events_url = client.get(f"/v1/threads/{thread}").json()["events_url"]
    seen: list[tuple[int, dict]] = []
    with httpx.Client(timeout=60) as browser, browser.stream("GET", events_url) as response:
        assert response.status_code == 200  # signed: no key needed, like EventSource
        for event in sse_events(response.iter_lines()):
            seen.append(event)
            if event[1]["type"] == "done":
                break  # the thread stream stays open: the client leaves when it wants
    assert unsigned([e for _, e in seen]) == unsigned(first["events"])  # replayed from the log
    second = client.post(f"/v1/threads/{thread}/messages", params={"mode": "background"},
                         json={"text": "make #1 warmer"}).json()
    more: list[tuple[int, dict]] = []
    url = f"/v1/threads/{thread}/events"
    with client.stream("GET", url, headers={"Last-Event-ID": str(seen[-1][0])}) as response:
        for event in sse_events(response.iter_lines()):
            more.append(event)
            if event[1]["type"] == "done":
                break
    assert more[0] == (seen[-1][0] + 1, {"type": "run_started", "run_id": second["id"],
                                         "thread_id": thread, "kind": "message",
                                         "queue_position": 0})
    assert [e["type"] for _, e in more].count("asset") == 1
    ids = [i for i, _ in seen + more]
    assert ids == list(range(1, len(ids) + 1))
    forged = events_url.replace("sig=", "sig=0")
    assert httpx.get(forged).status_code == 403


def _priced(settings: Settings) -> tuple[Settings, Services]:
    priced = settings.with_changes(prices={"local/image": 0.5}, confirm_above_usd=1.0)
    return priced, build_services(priced)


def _scripted(settings: Settings, services: Services, replies: list[Any]) -> AgentRuntime:
    return AgentRuntime(settings, services=services, chat_model=ScriptedChatModel(replies=replies),
                        checkpointer=InMemorySaver(serde=SERIALIZER))


def test_a_costly_run_waits_for_the_answer_and_resumes(settings: Settings) -> None:
    priced, services = _priced(settings)
    photo = services.assets.put(PHOTO, kind="product_photo", mime="image/png")
    call = AIMessage("", tool_calls=[{"name": "generate_ad_images", "id": "g1", "type": "tool_call",
                                      "args": {"product_image": photo.id, "n": 4}}])
    runtime = _scripted(priced, services, [call, AIMessage("Here they are.")])
    with serve_api(runtime) as api, httpx.Client(base_url=api.url, timeout=60) as client:
        thread = new_thread(client)
        paused = [e for _, e in stream(client, thread, {"text": "four ads please"})]
        assert [e["type"] for e in paused] == ["run_started", "tool_start", "confirm", "done"]
        assert paused[2]["estimate_usd"] == 2.0 and paused[-1]["waiting"]
        detail = client.get(f"/v1/threads/{thread}").json()
        assert detail["pending_confirmation"]["id"] == paused[2]["id"]
        assert detail["runs"][0]["status"] == "waiting"
        with client.stream("POST", f"/v1/threads/{thread}/resume",
                           json={"approved": True}) as response:
            rest = [e for _, e in sse_events(response.iter_lines())]
        kinds = [e["type"] for e in rest]
        assert rest[0]["type"] == "run_started" and rest[0]["kind"] == "resume"
        assert kinds.count("asset") == 4 and kinds[-3:] == ["text", "cost", "done"]
        again = client.post(f"/v1/threads/{thread}/resume", json={"approved": True})
        assert again.status_code == 409 and again.json()["error"]["code"] == "nothing_pending"
        metrics = client.get("/metrics").text
        assert 'adstudio_cost_usd_total{engine="local"} 2.0' in metrics
        assert 'route="/v1/threads/{thread_id}/resume"' in metrics


def test_cancel_stops_a_running_render_and_a_second_run_is_refused(
    settings: Settings, services: Services
) -> None:
    ad = services.assets.put(PHOTO, kind="ad_image", mime="image/png")
    call = AIMessage("", tool_calls=[{"name": "animate_image", "args": {"asset_id": ad.id},
                                      "id": "a1", "type": "tool_call"}])
    runtime = _scripted(settings, services, [call, AIMessage("Stopped; say when.")])
    with serve_api(runtime) as api, httpx.Client(base_url=api.url, timeout=60) as client:
        thread = new_thread(client)
        started = client.post(f"/v1/threads/{thread}/messages", params={"mode": "background"},
                              json={"text": "animate it"})
        assert started.status_code == 202
        run = started.json()
        events = []
        with client.stream("GET", run["events_url"]) as response:
            for _, event in sse_events(response.iter_lines()):
                events.append(event)
                if event["type"] == "progress" and len(events) < 20:
                    busy = client.post(f"/v1/threads/{thread}/messages", json={"text": "hi"})
                    assert busy.status_code == 409
                    assert busy.json()["error"]["code"] == "run_in_progress"
                    stopped = client.post(f"/v1/threads/{thread}/cancel").json()
                    assert stopped == {"cancelled": True, "run_id": run["id"]}
        end = next(e for e in events if e["type"] == "tool_end")
        assert not end["ok"] and events[-1]["type"] == "done"
        assert [e["text"] for e in events if e["type"] == "text"] == ["Stopped; say when."]
        assert client.get(f"/v1/threads/{thread}/runs/{run['id']}").json()["status"] == "cancelled"
        assert client.post(f"/v1/threads/{thread}/cancel").json()["cancelled"] is False
        assert [a.kind for a in services.assets.list()] == ["ad_image"]


def test_a_thread_goes_on_after_the_server_restarts(settings: Settings) -> None:
    first = AgentRuntime(settings)
    with serve_api(first) as api, httpx.Client(base_url=api.url, timeout=60) as client:
        photo, thread = upload(client), new_thread(client)
        ads = [e for _, e in stream(client, thread, {"text": BRIEF, "asset_ids": [photo]})
               if e["type"] == "asset"]
        run_id = client.get(f"/v1/threads/{thread}").json()["runs"][0]["id"]

    restarted = AgentRuntime(settings)  # a new process on the same data dir
    with serve_api(restarted) as api, httpx.Client(base_url=api.url, timeout=60) as client:
        assert [t["id"] for t in client.get("/v1/threads").json()["items"]] == [thread]
        with client.stream("GET", f"/v1/threads/{thread}/runs/{run_id}/events") as response:
            replay = [e for _, e in sse_events(response.iter_lines())]
        assert [e["asset_id"] for e in replay if e["type"] == "asset"] == [
            a["asset_id"] for a in ads]
        events = stream(client, thread, {"text": "make the second one warmer"})
        assert events[0][0] == len(replay) + 1  # event ids go on across processes
        edits = [e for _, e in events if e["type"] == "asset"]
        assert len(edits) == 1
        edit = client.get(f"/v1/assets/{edits[0]['asset_id']}").json()
        assert edit["parents"][0] == ads[1]["asset_id"]
