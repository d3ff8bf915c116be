"""Past one machine: runs per minute and first event, SQLite vs PostgreSQL, 1 or 2 replicas.

Starts a real PostgreSQL on loopback (as the tests do, :mod:`tests.postgres`) and real
``adstudio serve`` processes (:func:`benchmarks.load.served`), each with its own data dir;
with PostgreSQL they share the one database (``ADSTUDIO_DATABASE_URL``). N conversations
start at once, spread round-robin over the replicas (as a load balancer would), each one
message that the planner answers without rendering (``what can you do?``), so the figures
are the API's, the run log's and the checkpointer's, not the ad renderer's.

Reports per setup and concurrency: runs per minute, and POST → first SSE event p50/p95.
Issue 25's targets: two replicas on PostgreSQL give at least 1.7x one replica's runs per
minute, and first-event p95 stays within 2x of SQLite's on one replica.
``python -m benchmarks.replicas [CONCURRENCY ...]`` (default 20 50).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx

from benchmarks.load import served
from tests.postgres import fresh_database, postgres_server
from tests.servers import sse_events

MESSAGE = "what can you do?"
ROUNDS = 3
"""Messages per conversation (each one run)."""


def _conversation(url: str, go: threading.Barrier) -> tuple[list[float], int]:
    """One conversation of :data:`ROUNDS` runs; first-event seconds, and the runs done."""
    firsts, done = [], 0
    with httpx.Client(base_url=url, timeout=600) as client:
        thread = client.post("/v1/threads", json={}).json()["id"]
        go.wait()
        for _ in range(ROUNDS):
            start = time.perf_counter()
            with client.stream("POST", f"/v1/threads/{thread}/messages",
                               json={"text": MESSAGE}) as response:
                response.raise_for_status()
                events = sse_events(response.iter_lines())
                next(events)
                firsts.append(time.perf_counter() - start)
                done += [e for _, e in events][-1]["type"] == "done"
    return firsts, done


def measure(urls: list[str], conversations: int) -> dict[str, float]:
    """Run ``conversations`` at once over ``urls`` (round-robin); the figures."""
    for url in urls:  # warm up each replica: models loaded, caches filled
        _conversation(url, threading.Barrier(1))
    go = threading.Barrier(conversations)
    start = time.perf_counter()
    with ThreadPoolExecutor(conversations) as pool:
        results = list(pool.map(lambda i: _conversation(urls[i % len(urls)], go),
                                range(conversations)))
    wall = time.perf_counter() - start
    firsts = [s for seconds, _ in results for s in seconds]
    runs = sum(done for _, done in results)
    q = statistics.quantiles(firsts, n=100, method="inclusive")
    return {"runs": runs, "per_minute": runs / wall * 60, "p50": q[49], "p95": q[94]}


def _setup(stack: ExitStack, replicas: int, database_url: str | None) -> list[str]:
    env = {"ADSTUDIO_API_MAX_TENANT_QUEUED_RUNS": "200", "ADSTUDIO_API_MAX_QUEUED_RUNS": "200"}
    if database_url:
        env["ADSTUDIO_DATABASE_URL"] = database_url
    urls = []
    for _ in range(replicas):
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        url, _pid = stack.enter_context(served(data_dir, env))
        urls.append(url)
    return urls


def report(concurrency: list[int]) -> str:
    """The figures of every setup at every concurrency, as printed lines."""
    lines = [f"{'setup':<26}{'conversations':>14}{'runs/min':>10}{'p50 ms':>8}{'p95 ms':>8}"]
    rows: dict[tuple[str, int], dict[str, float]] = {}
    with ExitStack() as stack:
        server = stack.enter_context(postgres_server(Path(tempfile.mkdtemp(prefix="pg-"))))
        for n in concurrency:
            for name, replicas, shared in (("sqlite, 1 replica", 1, False),
                                           ("postgresql, 1 replica", 1, True),
                                           ("postgresql, 2 replicas", 2, True)):
                with ExitStack() as setup:
                    url = setup.enter_context(fresh_database(server)) if shared else None
                    figures = measure(_setup(setup, replicas, url), n)
                rows[(name, n)] = figures
                lines.append(f"{name:<26}{n:>14}{figures['per_minute']:>10.0f}"
                             f"{figures['p50'] * 1000:>8.0f}{figures['p95'] * 1000:>8.0f}")
    for n in concurrency:
        one, two = rows[("postgresql, 1 replica", n)], rows[("postgresql, 2 replicas", n)]
        base = rows[("sqlite, 1 replica", n)]
        scale = two["per_minute"] / one["per_minute"]
        lines.append(f"{n} conversations: 2 replicas / 1 = {scale:.2f}x "
                     "runs per minute (target >= 1.7x); first-event p95 on PostgreSQL / SQLite = "
                     f"{one['p95'] / base['p95']:.2f}x (target <= 2x)")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report([int(a) for a in sys.argv[1:]] or [20, 50]))
