"""Real servers on loopback, and the browser that drives them, for tests and benchmarks."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from agent.runtime import AgentRuntime
from api.auth import key_store
from core.settings import Settings
from ui.app import build_app, launch_options

# Headless Chromium as root on a closed network: no sandbox, no GPU, no background traffic.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]


def chromium_executable() -> str | None:
    """Debian's chromium (or ADSTUDIO_CHROMIUM), if installed."""
    return os.environ.get("ADSTUDIO_CHROMIUM") or shutil.which("chromium")


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_ui(runtime: AgentRuntime) -> Iterator[str]:
    """Serve the Gradio app for ``runtime`` on loopback; yield its URL."""
    app = build_app(runtime)
    port = free_port()
    app.queue().launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
        # Gradio's own check gives up after one 3 s HEAD ("a shareable link must be
        # created"), which a loaded CI machine can exceed: wait for the page ourselves
        _frontend=False,
        **launch_options(runtime),
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url)
        yield url
    finally:
        app.close()


def _wait_for(url: str, seconds: float = 60.0) -> None:
    """Return once ``url`` answers; fail the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.head(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the UI at {url} did not answer within {seconds:.0f} s")
        time.sleep(0.2)


class ApiServer:
    """The HTTP API (``api.app.create_app``) under uvicorn on loopback, in a thread.

    Args:
        runtime: The agent runtime to serve.
        mount_ui: Also mount the Gradio UI at /ui.
        settings: Settings of the API (the runtime's by default).
        options: More of uvicorn's options (``adstudio serve``'s proxy options).
    """

    def __init__(
        self, runtime: AgentRuntime, mount_ui: bool = False, settings: Settings | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        from api.app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(runtime, settings, host="127.0.0.1", port=self.port,
                              mount_ui=mount_ui)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="on", **(options or {}))
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> ApiServer:
        """Start serving; return once the server accepts requests."""
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the API server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Stop serving (open streams are closed) and wait for the server thread."""
        self.server.should_exit = True
        self.thread.join(timeout=30)


@contextmanager
def serve_api(
    runtime: AgentRuntime, mount_ui: bool = False, settings: Settings | None = None
) -> Iterator[ApiServer]:
    """Serve the HTTP API for ``runtime`` on loopback; yield the running server."""
    server = ApiServer(runtime, mount_ui, settings).start()
    try:
        yield server
    finally:
        server.stop()


def sse_events(lines: Iterator[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Parse Server-Sent Events from response lines: ``(id, data as JSON)`` per event."""
    event_id, data = 0, ""
    for line in lines:
        if line.startswith("id:"):
            event_id = int(line[3:].strip())
        elif line.startswith("data:"):
            data += line[5:].strip()
        elif not line and data:
            yield event_id, json.loads(data)
            data = ""


def client_for(api: ApiServer, settings: Settings, tenant: str) -> httpx.Client:
    """An HTTP client of ``api`` with a new API key of ``tenant``."""
    _record, key = key_store(settings).create(tenant)
    return httpx.Client(base_url=api.url, timeout=60, headers={"Authorization": f"Bearer {key}"})
