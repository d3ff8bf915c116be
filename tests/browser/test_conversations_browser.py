"""The Conversations panel in a real browser: keep, reopen, rename, delete, after a restart.

Set ``ADSTUDIO_CONVERSATION_SHOTS`` to a folder to keep the desktop and phone screenshots
(``conversations-desktop.png``, ``conversations-mobile.png``, ``conversations-mobile-open.png``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect, sync_playwright

from agent.runtime import AgentRuntime
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from tests.servers import CHROMIUM_FLAGS, chromium_executable, free_port
from ui.app import build_app, launch_options

pytestmark = pytest.mark.browser
BRIEF = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign "
    "for young adults, energetic tone"
)
QUESTION = "What can you do for a kitchen knife brand?"
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
ENTRIES = "#convos .convo-entry"


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


def run_over(page: Page) -> None:
    """Wait for the end of the run: no Stop button, the box enabled."""
    expect(page.locator("#stop")).to_be_hidden(timeout=90_000)
    expect(page.locator("#message textarea")).to_be_enabled(timeout=20_000)


def send(page: Page, text: str) -> None:
    """Type a message and send it."""
    textbox = page.locator("#message textarea")
    textbox.fill(text)
    textbox.press("Enter")


def titles(page: Page) -> list[str]:
    """The titles of the listed conversations, in the order shown."""
    return [t.strip() for t in page.locator(f"{ENTRIES} .convo-title").all_inner_texts()]


def entry(page: Page, title: str) -> str:
    """The button that opens the conversation titled ``title``."""
    return f"{ENTRIES} button.convo-title:text-is('{title}')"


def test_conversations_are_kept_reopened_renamed_and_deleted_across_a_restart(
    settings: Settings, tmp_path: Path
) -> None:
    path = chromium_executable()
    if not path:
        pytest.fail("Debian's chromium is missing: run `make chromium` (make test does).")
    shots = Path(os.environ.get("ADSTUDIO_CONVERSATION_SHOTS", str(tmp_path)))
    shots.mkdir(parents=True, exist_ok=True)
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    port = free_port()  # the same origin both times, so the browser's storage is shared
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True,
                                             args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport=DESKTOP)
        failures: list[str] = []  # a server error shows as a toast the user cannot act on
        page.on("response", lambda r: failures.append(f"{r.status} {r.url}")
                if r.status >= 500 else None)
        with ui_on(settings, port) as url:
            page.goto(url)
            expect(page.locator("#convos")).to_contain_text("Your conversations appear here")
            page.locator("#message input[type=file]").set_input_files(str(photo))
            expect(page.locator("#message img")).to_have_count(1, timeout=20_000)
            send(page, BRIEF)
            expect(page.locator("#assets img")).to_have_count(4, timeout=120_000)
            run_over(page)
            bottle = "Insulated steel water bottle"  # titled by its product
            expect(page.locator(ENTRIES)).to_have_count(1, timeout=20_000)
            assert titles(page) == [bottle]
            expect(page.locator(f"{ENTRIES} img.convo-thumb, {ENTRIES} .convo-thumb img")
                   ).to_have_count(1)

            page.get_by_role("button", name="New conversation").click()
            expect(page.locator("#assets img")).to_have_count(0)
            expect(page.locator(ENTRIES)).to_have_count(1)  # the old one stays listed
            send(page, QUESTION)
            run_over(page)
            expect(page.locator(ENTRIES)).to_have_count(2, timeout=20_000)
            assert titles(page) == [QUESTION, bottle]  # the newest first
            expect(page.locator(".convo-open .convo-title")).to_have_text(QUESTION)

            page.locator(entry(page, bottle)).click()  # reopen the first: its chat and ads
            expect(page.locator("#chat")).to_contain_text(BRIEF, timeout=20_000)
            expect(page.locator("#assets img")).to_have_count(4, timeout=20_000)
            expect(page.locator("#chat")).not_to_contain_text(QUESTION)
            expect(page.locator("#convo-title input")).to_have_value(bottle)

            page.locator("#convo-title input").fill("Summer bottle ads")
            page.locator("#convo-rename").click()
            expect(page.locator(entry(page, "Summer bottle ads"))).to_have_count(1)
            expect(page.locator(".convo-open .convo-title")).to_have_text("Summer bottle ads")
            page.screenshot(path=str(shots / "conversations-desktop.png"))

            page.locator(entry(page, QUESTION)).click()
            expect(page.locator("#chat")).to_contain_text(QUESTION, timeout=20_000)
            expect(page.locator("#assets img")).to_have_count(0)
            page.locator("#convo-delete").click()
            expect(page.locator("#convo-confirm")).to_contain_text("Delete")
            page.locator("#convo-keep").click()  # asked first: keeping it changes nothing
            expect(page.locator("#convo-confirm")).to_be_hidden()
            assert len(titles(page)) == 2
            page.locator("#convo-delete").click()
            page.locator("#convo-confirm-delete").click()
            expect(page.locator(ENTRIES)).to_have_count(1, timeout=20_000)
            assert titles(page) == ["Summer bottle ads"]
            expect(page.locator("#chat")).not_to_contain_text(QUESTION)  # a new one opened
            page.locator(entry(page, "Summer bottle ads")).click()
            expect(page.locator("#assets img")).to_have_count(4, timeout=20_000)
            expect(page.locator(".toast-body")).to_have_count(0)
            assert failures == []

        with ui_on(settings, port):  # a server restart, then a reload: the list holds
            try:
                page.reload()
            except PlaywrightError as exc:  # the page's own reconnect reloaded it first
                assert "ERR_ABORTED" in str(exc), exc
                page.wait_for_load_state("load")
            expect(page.locator(ENTRIES)).to_have_count(1, timeout=30_000)
            assert titles(page) == ["Summer bottle ads"]
            expect(page.locator("#assets img")).to_have_count(4, timeout=20_000)

            page.set_viewport_size(PHONE)
            page.reload()  # on a phone the list starts folded away: the chat comes first
            expect(page.locator("#convo-title input")).to_have_value("Summer bottle ads",
                                                                     timeout=30_000)
            expect(page.locator("#convos-sidebar")).not_to_have_class(re.compile(r"\bopen\b"))
            expect(page.locator("#message textarea")).to_be_in_viewport()
            page.screenshot(path=str(shots / "conversations-mobile.png"))
            page.locator("#convos-sidebar .toggle-button").click()
            expect(page.locator(entry(page, "Summer bottle ads"))).to_be_in_viewport()
            page.wait_for_function(  # the side bar has slid all the way in
                "() => document.querySelector('#convos-sidebar').getBoundingClientRect().left >= 0")
            page.screenshot(path=str(shots / "conversations-mobile-open.png"))
            page.locator(entry(page, "Summer bottle ads")).click()  # opening one folds it
            expect(page.locator("#convos-sidebar")).not_to_have_class(re.compile(r"\bopen\b"))
            expect(page.locator("#message textarea")).to_be_in_viewport()
        browser.close()
