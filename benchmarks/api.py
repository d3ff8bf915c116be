"""HTTP API speed: POST → first SSE event (p50/p95), concurrent conversations, and load.

Runs the API under uvicorn on loopback with the local engine in a temporary data dir;
nothing leaves the machine. ``python -m benchmarks.api``. The load figures (50 runs at
once: first event p95, peak memory and threads, memory afterwards) come from a real
``adstudio serve`` in its own process (:mod:`benchmarks.load`).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from agent.runtime import AgentRuntime
from benchmarks.load import load_report
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.servers import serve_api, sse_events

BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign"
FIRST_EVENT_TARGET_P95 = 0.100


def first_event_seconds(
    client: httpx.Client, runs: int = 30
) -> tuple[list[float], list[float]]:
    """Seconds from a message to its first SSE event, and to the agent's, per run.

    The first event is ``run_started``; the agent's first is its first reply text or tool
    call (after the input guard and the planner). Each run is on a new thread.
    """
    first, agent = [], []
    for _ in range(runs):
        thread = client.post("/v1/threads", json={}).json()["id"]
        start = time.perf_counter()
        with client.stream("POST", f"/v1/threads/{thread}/messages",
                           json={"text": "what can you do?"}) as response:
            events = sse_events(response.iter_lines())
            next(events)
            first.append(time.perf_counter() - start)
            next(events)
            agent.append(time.perf_counter() - start)
            for _event in events:
                pass
    return first, agent


def conversation(url: str, photo: bytes) -> int:
    """One full conversation (upload, brief, 4 ads); returns the number of ads."""
    with httpx.Client(base_url=url, timeout=300) as client:
        asset = client.post("/v1/assets", files={"file": ("b.png", photo, "image/png")})
        asset.raise_for_status()
        thread = client.post("/v1/threads", json={}).json()["id"]
        with client.stream("POST", f"/v1/threads/{thread}/messages",
                           json={"text": BRIEF, "asset_ids": [asset.json()["id"]]}) as response:
            response.raise_for_status()
            events = [e for _, e in sse_events(response.iter_lines())]
    if events[-1]["type"] != "done" or any(e["type"] == "error" for e in events):
        raise RuntimeError("a conversation ended in an error")
    return sum(e["type"] == "asset" for e in events)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of ``values``."""
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main(concurrent: int = 20) -> None:
    """Print the figures."""
    photo = encode_png(bottle_on_white()[0])
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), api_runs_per_minute=10_000,
                            api_uploads_per_minute=10_000)
        with serve_api(AgentRuntime(settings)) as api:
            with httpx.Client(base_url=api.url, timeout=60) as client:
                first_event_seconds(client, runs=3)  # warm up
                times, agent = first_event_seconds(client)
            p50, p95 = percentile(times, 50), percentile(times, 95)
            verdict = "ok" if p95 <= FIRST_EVENT_TARGET_P95 else "OVER TARGET"
            print(f"POST -> first SSE event (run_started): p50 {p50 * 1000:.0f} ms, "
                  f"p95 {p95 * 1000:.0f} ms (target p95 <= {FIRST_EVENT_TARGET_P95 * 1000:.0f} "
                  f"ms: {verdict})")
            a50, a95 = percentile(agent, 50), percentile(agent, 95)
            print(f"POST -> the agent's first event (guards + planner): p50 {a50 * 1000:.0f} "
                  f"ms, p95 {a95 * 1000:.0f} ms")
            start = time.perf_counter()
            with ThreadPoolExecutor(concurrent) as pool:
                ads = list(pool.map(lambda _: conversation(api.url, photo), range(concurrent)))
            seconds = time.perf_counter() - start
            print(f"{concurrent} concurrent conversations: {sum(ads)} ads, 0 errors, "
                  f"{seconds:.1f} s wall ({seconds / concurrent:.2f} s per conversation)")
    print(load_report(photo))


if __name__ == "__main__":
    main()
