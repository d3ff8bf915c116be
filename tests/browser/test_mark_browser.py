"""A real browser marks the product on the latest photo: two clicks, then "Use this box"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect, sync_playwright

from agent.runtime import AgentRuntime
from core.storage.seed_box import seed_box
from tests.servers import CHROMIUM_FLAGS, chromium_executable, serve_ui

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 1800, 1200
AROUND_BLUE = (1080, 360, 1560, 880)  # corners to click, in the photo's pixels


@pytest.fixture
def browser() -> Iterator[Browser]:
    path = chromium_executable()
    if not path:
        pytest.fail("Debian's chromium is missing: run `make chromium` (make test does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True,
                                             args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def two_products(path: Path) -> Path:
    photo = np.full((HEIGHT, WIDTH, 3), 247, np.uint8)
    photo[300:900, 200:700] = (200, 40, 40)
    photo[400:840, 1120:1520] = (40, 70, 190)
    Image.fromarray(photo).save(path)
    return path


def click_photo_at(page: Page, x: int, y: int) -> float:
    """Click the panel's preview where the photo's pixel (x, y) is shown; return the scale.

    The scale is page pixels per photo pixel (the preview is shown fit to its box).
    """
    image = page.locator("#mark-photo img")
    rect = image.bounding_box()
    natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert rect is not None and 0 < natural[0] < WIDTH  # a preview, smaller than the photo
    scale = min(rect["width"] / WIDTH, rect["height"] / HEIGHT)  # photo pixels to page
    left = rect["x"] + (rect["width"] - WIDTH * scale) / 2
    top = rect["y"] + (rect["height"] - HEIGHT * scale) / 2
    page.mouse.click(left + (x + 0.5) * scale, top + (y + 0.5) * scale)
    return scale


def wait_for_redraw(page: Page, before: str) -> None:
    """Wait until the preview shown instead of the one at ``before`` has loaded.

    A click redraws the preview with its corner marked; a second click that lands while the
    new picture is still loading hits no picture (a user sees the marked photo first, too).
    """
    page.wait_for_function(
        """before => {
            const img = document.querySelector('#mark-photo img');
            return img && img.src !== before && img.complete && img.naturalWidth > 0;
        }""",
        arg=before, timeout=10_000)


def wait_for_preview(page: Page) -> None:
    """Wait until the panel's photo has loaded (a user clicks on what they see)."""
    page.wait_for_function(
        """() => {
            const img = document.querySelector('#mark-photo img');
            return img && img.complete && img.naturalWidth > 0;
        }""",
        timeout=10_000)


def preview_source(page: Page) -> str:
    """The address of the preview shown now."""
    return str(page.locator("#mark-photo img").get_attribute("src"))


def test_two_clicks_mark_the_product_on_the_latest_photo(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path
) -> None:
    photo = two_products(tmp_path / "two.png")
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.locator("#message input[type=file]").set_input_files(str(photo))
        expect(page.locator("#message img")).to_have_count(1, timeout=20_000)
        page.locator("#message textarea").fill("Here is my product photo")
        page.locator("#message textarea").press("Enter")
        expect(page.locator("#chat")).to_contain_text("What is the product", timeout=30_000)
        page.locator("#mark-product button").first.click()  # open the panel
        expect(page.locator("#mark-photo img")).to_be_visible(timeout=20_000)
        page.locator("#mark-photo").scroll_into_view_if_needed()  # under the chat: clicked seen
        expect(page.locator("#mark-status")).to_contain_text("click one corner")
        wait_for_preview(page)
        use = page.locator("#mark-use")
        expect(use).to_be_disabled()
        before = preview_source(page)
        click_photo_at(page, AROUND_BLUE[0], AROUND_BLUE[1])
        expect(page.locator("#mark-status")).to_contain_text("opposite corner", timeout=10_000)
        wait_for_redraw(page, before)
        scale = click_photo_at(page, AROUND_BLUE[2], AROUND_BLUE[3])
        expect(page.locator("#mark-status")).to_contain_text("Use this box", timeout=10_000)
        expect(use).to_be_enabled()
        use.click()
        expect(page.locator("#chat")).to_contain_text("Marked the product on photo",
                                                      timeout=10_000)
        expect(page.locator("#mark-status")).to_contain_text("is marked")
        page.wait_for_timeout(1000)  # let the redrawn preview load before the screenshot
        page.screenshot(path=os.environ.get("ADSTUDIO_MARK_SCREENSHOT",
                                            str(tmp_path / "mark.png")))
        photos = [a for a in runtime.services.assets.list() if a.kind == "product_photo"]
        assert len(photos) == 1
        box = seed_box(photos[0])
        assert box is not None
        # the corners clicked, within a page pixel (the photo is shown a few times smaller)
        expected = (AROUND_BLUE[0], AROUND_BLUE[1], AROUND_BLUE[2] + 1, AROUND_BLUE[3] + 1)
        near = 1.5 / scale
        assert all(abs(got - want) <= near for got, want in zip(box, expected, strict=True)), (
            box, near)
        expect(page.locator("#chat")).to_contain_text(",".join(map(str, box)))
