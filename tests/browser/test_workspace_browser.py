"""The ads workspace in a real browser: actions on an ad, download all, a phone's layout.

Set ``ADSTUDIO_WORKSPACE_SHOTS`` to a folder to keep the desktop and phone screenshots
(``workspace-desktop.png``, ``workspace-mobile.png``) of a workspace with 4 ads.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from agent.runtime import AgentRuntime
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from tests.servers import serve_ui

pytestmark = pytest.mark.browser
BRIEF = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign "
    "for young adults, energetic tone"
)
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
LEAKS = re.compile(r"\b(?:img|vid|ast)_[0-9a-f]{6,}|ADSTUDIO_")


def make_four_ads(page: Page, url: str, photo: Path) -> None:
    """Open the app, send the brief with the photo, wait for the 4 ads in the workspace."""
    page.goto(url)
    page.locator("#message input[type=file]").set_input_files(str(photo))
    expect(page.locator("#message img")).to_have_count(1, timeout=20_000)
    textbox = page.locator("#message textarea")
    textbox.fill(BRIEF)
    textbox.press("Enter")
    expect(page.locator("#chat")).to_contain_text("4 ad variations", timeout=90_000)
    expect(page.locator("#assets img")).to_have_count(4, timeout=20_000)
    run_over(page)


def run_over(page: Page) -> None:
    """Wait for the end of the run, as a user sees it: no Stop button, the box enabled.

    New ads close the open ad in an event of their own: a click before it ends is undone.
    """
    expect(page.locator("#stop")).to_be_hidden(timeout=90_000)
    expect(page.locator("#message textarea")).to_be_enabled(timeout=20_000)


def ad(page: Page, number: int) -> str:
    """The workspace's thumbnail of ad #number (its alt text starts with its number)."""
    return f'#assets img[alt^="#{number} · "]'


def select(page: Page, number: int) -> None:
    """Click ad #number in the workspace and wait for its details line."""
    page.locator(ad(page, number)).first.click()
    expect(page.locator("#ad-details")).to_contain_text(f"Selected: #{number} · ")
    expect(page.locator('#assets button[aria-label="Close"]')).to_be_visible()  # it is open


def numbers_shown(page: Page) -> list[int]:
    """The ad numbers of the workspace's thumbnails, in the order shown."""
    alts = page.locator("#assets .grid-container img").evaluate_all(
        "images => images.map(image => image.alt)"
    )
    return [int(re.match(r"#(\d+)", alt)[1]) for alt in alts]  # type: ignore[index]


def test_resize_vary_and_download_all_from_the_workspace(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
        make_four_ads(page, url, photo)
        assert numbers_shown(page) == [4, 3, 2, 1]  # the newest first
        alt = page.locator(ad(page, 2)).first.get_attribute("alt") or ""
        assert alt.endswith("Insulated steel water bottle") and "square" in alt
        chat = page.locator("#chat")

        page.locator("#act-warmer").click()  # nothing selected: nothing is guessed
        expect(chat).to_contain_text("Click an ad in the gallery first")
        select(page, 2)
        expect(page.locator("#resize-to input")).to_have_value("Story 9:16")
        page.locator("#act-resize").click()
        expect(chat).to_contain_text("Resize #2 to story")  # the chat keeps the record
        # The new ad itself, not the step's text: Gradio may fold a finished step away.
        expect(page.locator(ad(page, 5))).to_have_count(1, timeout=60_000)
        run_over(page)
        story = page.locator(ad(page, 5)).get_attribute("alt") or ""
        assert " · story · " in story and "1080x1920" in story and "edit of #2" in story

        select(page, 1)
        page.locator("#act-vary").click()
        expect(chat).to_contain_text("More like #1")
        expect(page.locator("#assets .grid-container img")).to_have_count(9, timeout=90_000)
        assert numbers_shown(page) == [9, 8, 7, 6, 5, 4, 3, 2, 1]
        run_over(page)

        page.locator("#download-all").click()
        link = page.locator("#zip a").first
        expect(link).to_be_visible(timeout=20_000)
        with page.expect_download() as download:
            link.click()
        saved = tmp_path / "ads.zip"
        download.value.save_as(saved)
        with zipfile.ZipFile(saved) as archive:
            rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
            assert sorted(int(r["number"]) for r in rows) == sorted(numbers_shown(page))
            assert all(archive.read(r["file"]).startswith(b"\x89PNG") for r in rows)
        select(page, 9)
        page.locator("#act-delete").click()  # the ZIP no longer holds what is shown
        expect(page.locator(ad(page, 9))).to_have_count(0, timeout=30_000)
        expect(page.locator("#zip")).to_be_hidden()

        visible = chat.inner_text()
        assert not LEAKS.findall(visible), LEAKS.findall(visible)


def test_the_workspace_on_a_desktop_and_a_phone(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    shots = Path(os.environ.get("ADSTUDIO_WORKSPACE_SHOTS", str(tmp_path)))
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport=DESKTOP)
        make_four_ads(page, url, photo)
        select(page, 2)
        page.locator('#assets button[aria-label="Close"]').click()  # back to the grid
        expect(page.locator("#ad-details")).to_contain_text("Selected: #2 · ")  # still #2
        gallery, chat = page.locator("#assets").bounding_box(), page.locator("#chat").bounding_box()
        assert gallery and chat and chat["x"] >= gallery["x"] + gallery["width"]  # beside
        item = page.locator("#assets .thumbnail-item", has=page.locator('img[alt^="#2 · "]'))
        image = item.locator("img").first.bounding_box()
        caption = item.locator(".caption-label").first.bounding_box()
        assert image and caption and image["y"] + image["height"] <= caption["y"] + 1  # all seen
        page.screenshot(path=str(shots / "workspace-desktop.png"))

        page.set_viewport_size(PHONE)
        page.reload()
        expect(page.locator("#assets .grid-container img")).to_have_count(4, timeout=20_000)
        expect(page.locator("#message textarea")).to_be_in_viewport()
        gallery, chat = page.locator("#assets").bounding_box(), page.locator("#chat").bounding_box()
        assert gallery and chat and chat["y"] >= gallery["y"] + gallery["height"]  # below
        page.locator("#act-darker").scroll_into_view_if_needed()
        expect(page.locator("#message textarea")).to_be_in_viewport()  # still, after scrolling
        page.evaluate("window.scrollTo(0, 0)")
        select(page, 2)
        page.locator('#assets button[aria-label="Close"]').click()
        expect(page.locator("#ad-details")).to_contain_text("Selected: #2 · ")
        expect(page.locator("#message textarea")).to_be_in_viewport()
        page.screenshot(path=str(shots / "workspace-mobile.png"))
        visible = page.locator("#chat").inner_text()
        assert not LEAKS.findall(visible), LEAKS.findall(visible)
        page.locator("#brief-panel button").first.click()  # the brief reads as a card
        expect(page.locator("#brief-product-name input, #brief-product-name textarea").first
               ).to_have_value("Insulated steel water bottle")
        expect(page.locator("#brief-audience input, #brief-audience textarea").first
               ).to_have_value("young adults")
        assert not LEAKS.findall(page.locator("#brief-panel").inner_text())
