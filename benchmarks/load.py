"""The API under load: 50 runs at once against a real ``adstudio serve`` process.

Reports the first SSE event's p50/p95 (``run_started``), the server's peak memory (RSS)
and thread count while the runs go on, and its memory when idle before and after. The
server's figures are those of its processes together (the API and its run worker).
``python -m benchmarks.load``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx

from core.images import encode_png
from evals.recipes import bottle_on_white
from tests.servers import free_port, sse_events

BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign"
RUNS = 50
FIRST_EVENT_TARGET_P95 = 0.200
SETTLE_SECONDS = 3.0
"""How long the server is left alone after the runs before its memory is read."""


def _status(pid: int) -> dict[str, int]:
    """VmRSS (kB) and Threads of a process and its descendants together, from /proc."""
    fields = {"VmRSS": 0, "Threads": 0}
    for process in _tree(pid):
        try:
            lines = Path(f"/proc/{process}/status").read_text().splitlines()
        except OSError:  # it ended meanwhile
            continue
        for line in lines:
            name, _, value = line.partition(":")
            if name in fields:
                fields[name] += int(value.split()[0])
    return fields


def _tree(pid: int) -> list[int]:
    """The process and its descendants (children of each of its threads), from /proc."""
    found, todo = [], [pid]
    while todo:
        process = todo.pop()
        found.append(process)
        for task in Path(f"/proc/{process}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


class Sampler:
    """Reads a process's memory and threads every 50 ms, keeping the peaks."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_rss_kb, self.peak_threads = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            status = _status(self.pid)
            self.peak_rss_kb = max(self.peak_rss_kb, status["VmRSS"])
            self.peak_threads = max(self.peak_threads, status["Threads"])


@contextmanager
def served(data_dir: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """``adstudio serve`` on a free loopback port; yield its URL and process id."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("adstudio")), "serve", "--port", str(port),
               "--data-dir", str(data_dir)]
    environment = {**os.environ, "ADSTUDIO_API_RUNS_PER_MINUTE": "100000",
                   "ADSTUDIO_API_UPLOADS_PER_MINUTE": "100000", **(env or {})}
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("adstudio serve exited")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("adstudio serve did not start")


def one_run(url: str, thread: str, photo: str, go: threading.Barrier) -> tuple[float, bool]:
    """Seconds from posting a brief to its first SSE event, and whether it made 4 ads."""
    with httpx.Client(base_url=url, timeout=600) as client:
        go.wait()
        start = time.perf_counter()
        with client.stream("POST", f"/v1/threads/{thread}/messages",
                           json={"text": BRIEF, "asset_ids": [photo]}) as response:
            response.raise_for_status()  # a refused run (503: the line is full) says so
            events = sse_events(response.iter_lines())
            _, first = next(events)
            seconds = time.perf_counter() - start
            rest = [e for _, e in events]
    ads = sum(e["type"] == "asset" for e in rest)
    return seconds, first["type"] == "run_started" and rest[-1]["type"] == "done" and ads == 4


def measure(runs: int = RUNS, env: dict[str, str] | None = None) -> dict[str, float]:
    """The load figures of ``runs`` conversations started at once (see the module)."""
    photo = encode_png(bottle_on_white()[0])
    # every run comes from one tenant (loopback, no key): let it hold the whole line, whose
    # default share per tenant (a quarter) would refuse half of the runs with 503
    env = {"ADSTUDIO_API_MAX_TENANT_QUEUED_RUNS": str(runs), **(env or {})}
    with tempfile.TemporaryDirectory() as tmp, served(Path(tmp), env) as (url, pid):
        with httpx.Client(base_url=url, timeout=600) as client:
            photos = [client.post("/v1/assets", files={"file": ("b.png", photo, "image/png")})
                      .json()["id"] for _ in range(runs)]
            threads = [client.post("/v1/threads", json={}).json()["id"] for _ in range(runs)]
            one_run(url, client.post("/v1/threads", json={}).json()["id"], photos[0],
                    threading.Barrier(1))  # warm up: models loaded, caches filled
        time.sleep(SETTLE_SECONDS)
        idle = _status(pid)["VmRSS"]
        go = threading.Barrier(runs)
        start = time.perf_counter()
        with Sampler(pid) as sampler, ThreadPoolExecutor(runs) as pool:
            results = list(pool.map(lambda i: one_run(url, threads[i], photos[i], go),
                                    range(runs)))
        wall = time.perf_counter() - start
        time.sleep(SETTLE_SECONDS)
        after = _status(pid)
    firsts = [seconds for seconds, _ in results]
    quantiles = statistics.quantiles(firsts, n=100, method="inclusive")
    return {
        "runs": runs, "ok": sum(ok for _, ok in results), "wall": wall,
        "p50": quantiles[49], "p95": quantiles[94], "idle_mb": idle / 1024,
        "peak_mb": sampler.peak_rss_kb / 1024, "after_mb": after["VmRSS"] / 1024,
        "peak_threads": sampler.peak_threads, "after_threads": after["Threads"],
    }


def load_report(_photo: bytes | None = None, runs: int = RUNS) -> str:
    """The load figures as printed lines."""
    f = measure(runs)
    verdict = "ok" if f["p95"] <= FIRST_EVENT_TARGET_P95 else "OVER TARGET"
    return "\n".join([
        f"{runs} runs at once (adstudio serve, local engine): {f['ok']:.0f} made 4 ads, "
        f"{f['wall']:.1f} s wall",
        f"  POST -> first SSE event: p50 {f['p50'] * 1000:.0f} ms, p95 {f['p95'] * 1000:.0f} ms "
        f"(target p95 <= {FIRST_EVENT_TARGET_P95 * 1000:.0f} ms: {verdict})",
        f"  server memory (RSS): idle {f['idle_mb']:.0f} MB, peak {f['peak_mb']:.0f} MB, "
        f"{SETTLE_SECONDS:.0f} s after {f['after_mb']:.0f} MB",
        f"  server threads: peak {f['peak_threads']:.0f}, after {f['after_threads']:.0f}",
    ])


if __name__ == "__main__":
    print(load_report(runs=int(sys.argv[1]) if len(sys.argv) > 1 else RUNS))
