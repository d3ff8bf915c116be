"""A real browser (Debian's Chromium, headless, driven by Playwright) uses the chat UI."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from agent.runtime import AgentRuntime
from core.storage.jobs import VideoJob
from engines.local.encoding.encode import write_video
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from tests.servers import CHROMIUM_FLAGS, chromium_executable, serve_ui

pytestmark = pytest.mark.browser
LEAKS = re.compile(r"\b(?:img|vid|ast)_[0-9a-f]{6,}|ADSTUDIO_")
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


def _clip(folder: Path, stem: str, width: int, height: int) -> bytes:
    """A one-second MP4 whose colour changes frame by frame (so playing it shows)."""
    frames = (np.full((height, width, 3), (40 + 8 * i, 120, 200 - 6 * i), np.uint8)
              for i in range(24))
    return write_video(frames, total=24, fps=24, out_dir=folder, stem=stem,
                       preview=False).mp4.read_bytes()


def test_a_live_image_loops_at_an_ads_size_and_a_video_has_controls_and_a_download(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, jobs = runtime.services.assets, runtime.services.jobs
    assert jobs is not None
    live = store.put(_clip(tmp_path, "live", 480, 480), kind="live_image", mime="video/mp4",
                     caption="Live image")
    video = store.put(_clip(tmp_path, "video", 640, 360), kind="video_ad", mime="video/mp4",
                      caption="Video ad")
    for kind, asset in (("animation", live), ("storyboard", video)):  # as a remote model's
        jobs.create(VideoJob(kind=kind, engine="nova-reel", model_id="m", thread="t-video",
                             status="completed", asset_id=asset.id))
    list(runtime.stream("t-video", "hello"))
    assert len(runtime.finished_jobs("t-video")) == 2  # shown once: now part of the thread
    monkeypatch.setattr(runtime, "new_thread", lambda: "t-video")  # the page's thread
    shots = Path(os.environ.get("ADSTUDIO_VIDEO_SHOTS", str(tmp_path)))
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.wait_for_function("() => Object.keys(localStorage).some("
                               "(key) => key.includes('adstudio-thread'))", timeout=20_000)
        page.reload()  # the thread comes back with the videos that arrived in it
        expect(page.locator("#chat video")).to_have_count(2, timeout=20_000)
        page.wait_for_function(  # the live image plays on its own, muted, on repeat
            "() => { const v = document.querySelector('#chat video[loop]');"
            " return v && !v.paused && v.muted && v.currentTime > 0; }", timeout=20_000)
        loop, player = page.locator("#chat video[loop]"), page.locator("#chat video[controls]")
        expect(player).to_have_attribute("preload", "metadata")  # no poster: its first frame
        assert player.get_attribute("autoplay") is None
        looped, played = loop.bounding_box(), player.bounding_box()
        assert looped and looped["width"] <= 301  # as big as an ad image in the chat
        assert played and played["width"] <= 481
        links = page.locator("#chat a[download]")
        expect(links).to_have_count(2)
        for index, asset in ((0, live), (1, video)):
            got = page.request.get(str(links.nth(index).evaluate("a => a.href")))
            assert got.status == 200 and got.body() == store.read(asset.id)
        visible = page.locator("#chat").inner_text()
        assert not LEAKS.findall(visible), LEAKS.findall(visible)
        page.locator("#chat").screenshot(path=str(shots / "chat-videos-desktop.png"))

        page.set_viewport_size({"width": 390, "height": 844})
        figure = page.locator("#chat figure.chat-video").bounding_box()
        played = player.bounding_box()
        assert figure and played and played["width"] >= figure["width"] - 1  # full width
        player.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "chat-videos-phone.png"))
