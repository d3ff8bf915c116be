"""Time "send" → "4 images shown" in the real chat UI (headless Chromium, local engine)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from agent.runtime import AgentRuntime
from core.settings import Settings
from tests.servers import CHROMIUM_FLAGS, chromium_executable, serve_ui

BRIEF = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign "
    "for young adults, energetic tone"
)


def send_to_four_images(photo: Path, runs: int = 3) -> list[float] | None:
    """Return the seconds from pressing Enter to the 4th ad image in the chat, per run."""
    executable = chromium_executable()
    if executable is None:
        return None
    times = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        runtime = AgentRuntime(Settings(data_dir=Path(tmp)))
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        with serve_ui(runtime) as url:
            for _ in range(runs):
                page = browser.new_page()
                page.goto(url)
                page.locator("#message input[type=file]").set_input_files(str(photo))
                expect(page.locator("#message img")).to_have_count(1, timeout=20_000)
                page.locator("#message textarea").fill(BRIEF)
                start = time.perf_counter()
                page.locator("#message textarea").press("Enter")
                expect(page.locator("#chat img")).to_have_count(5, timeout=60_000)
                times.append(time.perf_counter() - start)
                page.close()
        browser.close()
    return times


def report(photo: Path) -> str:
    """One line for the benchmark table."""
    times = send_to_four_images(photo)
    label = "send -> 4 images shown (browser)"
    if times is None:
        return f"{label:<44}{'skipped: no chromium (make chromium)':>10}"
    return f"{label:<44}{statistics.median(times):>9.3f}s"
