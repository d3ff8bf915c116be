"""A real browser (Debian's Chromium, headless, driven by Playwright) uses the chat UI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from agent.runtime import AgentRuntime
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from tests.servers import CHROMIUM_FLAGS, chromium_executable, serve_ui

pytestmark = pytest.mark.browser
BRIEF = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign "
    "for young adults, energetic tone"
)


def chromium_path() -> str:
    path = chromium_executable()
    if not path:
        pytest.fail("Debian's chromium is missing: run `make chromium` (make test does).")
    return path


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


def test_upload_brief_and_see_four_ads(runtime: AgentRuntime, browser: Browser,
                                       tmp_path: Path) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.locator("#message input[type=file]").set_input_files(str(photo))
        textbox = page.locator("#message textarea")
        expect(page.locator("#message img")).to_have_count(1, timeout=20_000)
        textbox.fill(BRIEF)
        textbox.press("Enter")
        ads = page.locator("#chat .message-row img, #chat .message img")
        expect(page.locator("#chat")).to_contain_text("4 ad variations", timeout=60_000)
        assert page.locator("#chat img").count() >= 5  # the upload and four ads
        expect(page.locator("#chat")).to_contain_text("Generating ad images")
        assert ads.count() >= 4
        page.reload()  # the browser keeps its thread: the conversation comes back
        expect(page.locator("#chat")).to_contain_text("4 ad variations", timeout=20_000)
        expect(page.locator("#chat img")).to_have_count(5)
        page.screenshot(path=os.environ.get("ADSTUDIO_SCREENSHOT", str(tmp_path / "chat.png")))
        # a running render stops at the Stop button: nothing half-made is shown
        textbox.fill("make #1 a live image")
        textbox.press("Enter")
        stop = page.locator("#stop")
        expect(stop).to_be_visible(timeout=10_000)
        expect(page.locator("#chat")).to_contain_text("Animating the image", timeout=20_000)
        stop.click()
        expect(page.locator("#chat")).to_contain_text("cancelled", timeout=30_000)
        expect(stop).to_be_hidden(timeout=20_000)
        assert page.locator("#chat video").count() == 0


def test_markup_in_a_product_name_shows_as_text_and_makes_no_element(
    runtime: AgentRuntime, browser: Browser
) -> None:
    name = '<img src=x onerror="document.title=\'pwned\'"> Mug ![x](http://evil.example/p.png)'
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        textbox = page.locator("#message textarea")
        textbox.fill(f"{name}, a stoneware mug for tea lovers")
        textbox.press("Enter")
        chat = page.locator("#chat")
        expect(chat).to_contain_text('<img src=x onerror="document.title', timeout=15_000)
        expect(chat).to_contain_text("![x](http://evil.example/p.png)")
        expect(page.locator("#chat .message-row, #chat .message").last).to_be_visible()
        assert page.locator("#chat img").count() == 0
        assert page.title() != "pwned"


def test_a_text_file_named_like_a_photo_is_refused_in_the_chat(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path
) -> None:
    fake = tmp_path / "notaphoto.jpg"
    fake.write_text("just some text, not an image")
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.locator("#message input[type=file]").set_input_files(str(fake))
        textbox = page.locator("#message textarea")
        textbox.fill("Linen tote bag, natural colour. Spring market campaign.")
        textbox.press("Enter")
        expect(page.locator("#chat")).to_contain_text("Now upload a product photo",
                                                      timeout=60_000)
        # the advertiser is told why the file was not used, after their words, beside the reply
        expect(page.locator("#chat")).to_contain_text("not a readable image")
        text = page.locator("#chat").inner_text()
        assert text.index("Spring market campaign") < text.index("not a readable image")
