"""Real servers on loopback for integration and browser tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from agent.runtime import AgentRuntime
from ui.app import build_app


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
        allowed_paths=[str(runtime.settings.data_dir.resolve())],
        quiet=True,
        show_error=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()
