"""Real servers on loopback, and the browser that drives them, for tests and benchmarks."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from agent.runtime import AgentRuntime
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
        **launch_options(runtime),
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()
