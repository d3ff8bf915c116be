"""What the browser tests share: Debian's chromium, headless, launched once per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.servers import CHROMIUM_FLAGS, chromium_executable


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Headless chromium (a module may define its own ``browser`` to launch it otherwise)."""
    path = chromium_executable()
    if not path:
        pytest.fail("Debian's chromium is missing: run `make chromium` (make test does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()
