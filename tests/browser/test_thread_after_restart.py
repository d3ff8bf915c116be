"""A real browser keeps its conversation across a server restart (the BrowserState secret)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from agent.runtime import AgentRuntime
from core.settings import Settings
from tests.servers import CHROMIUM_FLAGS, chromium_executable, free_port
from ui.app import build_app, launch_options

pytestmark = pytest.mark.browser
QUESTION = "What can you do for a kitchen knife brand?"


@contextmanager
def ui_on(settings: Settings, port: int) -> Iterator[str]:
    """A fresh runtime and UI (a server start) over ``settings``' data dir, on ``port``."""
    runtime = AgentRuntime(settings)  # threads in the data dir's SQLite checkpointer
    app = build_app(runtime)
    app.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True,
                       quiet=True, **launch_options(runtime))
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


def test_a_reload_after_a_restart_brings_the_thread_back(settings: Settings) -> None:
    path = chromium_executable()
    if not path:
        pytest.fail("Debian's chromium is missing: run `make chromium` (make test does).")
    port = free_port()  # the same origin both times, so the browser's storage is shared
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True,
                                             args=CHROMIUM_FLAGS)
        page = browser.new_page()
        with ui_on(settings, port) as url:
            page.goto(url)
            page.locator("#message textarea").fill(QUESTION)
            page.locator("#message textarea").press("Enter")
            expect(page.locator("#chat .bot").first).to_be_visible(timeout=60_000)
            expect(page.locator("#chat")).to_contain_text(QUESTION)
        with ui_on(settings, port):
            try:
                page.reload()
            except PlaywrightError as exc:  # the page's own reconnect reloaded it first
                assert "ERR_ABORTED" in str(exc), exc
                page.wait_for_load_state("load")
            expect(page.locator("#chat")).to_contain_text(QUESTION, timeout=30_000)
        browser.close()
