"""The brief card in a real browser: edit the audience, make ads, the generation used it.

Set ``ADSTUDIO_BRIEF_SHOTS`` to a folder to keep screenshots of the card (with a brand kit
of two colours, a logo and a font) on a desktop and a phone: ``brief-card-desktop.png``,
``brief-card-mobile.png``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage
from playwright.sync_api import Browser, Page, expect

from agent.runtime import AgentRuntime
from core.storage.brandkit import BrandKit
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
AUDIENCE = "university students"


def run_over(page: Page) -> None:
    """Wait for the end of the run, as a user sees it: no Stop button, the box enabled."""
    expect(page.locator("#stop")).to_be_hidden(timeout=90_000)
    expect(page.locator("#message textarea")).to_be_enabled(timeout=20_000)


def send(page: Page, text: str) -> None:
    """Type a message and send it."""
    textbox = page.locator("#message textarea")
    textbox.fill(text)
    textbox.press("Enter")


def generate_calls(runtime: AgentRuntime, thread: str) -> list[dict[str, Any]]:
    """The arguments of every generate_ad_images call of the thread, in order."""
    state = runtime.state(thread)
    assert state is not None
    return [dict(call["args"]) for message in state.messages if isinstance(message, AIMessage)
            for call in message.tool_calls if call["name"] == "generate_ad_images"]


def shoot(page: Page, name: str) -> None:
    """Keep a screenshot of the brief card when ``ADSTUDIO_BRIEF_SHOTS`` names a folder."""
    folder = os.environ.get("ADSTUDIO_BRIEF_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.locator("#brief-panel").screenshot(path=str(Path(folder) / name))


def test_an_edited_audience_is_the_one_the_next_ads_use(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    logo = runtime.upload(photo.read_bytes(), "logo.jpg")
    runtime.services.brand_kits.save(runtime.settings.tenant, BrandKit(
        colors=["#0B5FFF", "#FFB000"], logo=logo.id, font="manrope"))
    edited: list[str] = []
    record = runtime.edit_brief
    monkeypatch.setattr(runtime, "edit_brief",
                        lambda thread, update: (edited.append(thread), record(thread, update)))
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(url)
        page.locator("#message input[type=file]").set_input_files(str(photo))
        expect(page.locator("#message img")).to_have_count(1, timeout=20_000)
        send(page, BRIEF)
        expect(page.locator("#assets img")).to_have_count(4, timeout=90_000)
        run_over(page)

        page.locator("#brief-panel").get_by_text("Brief", exact=True).click()
        audience = page.locator("#brief-audience textarea, #brief-audience input").first
        expect(audience).to_be_visible()
        expect(page.locator("#brief-product-name input, #brief-product-name textarea").first
               ).not_to_have_value("")
        swatches = page.locator("#brief-kit .brief-swatch-color")
        expect(swatches).to_have_count(2)
        assert swatches.first.evaluate("e => getComputedStyle(e).backgroundColor") == \
            "rgb(11, 95, 255)"
        expect(page.locator("#brief-kit img.brief-logo")).to_be_visible()
        expect(page.locator("#brief-kit")).to_contain_text("Manrope")

        audience.fill(AUDIENCE)
        page.locator("#brief-update").click()
        expect(page.locator("#chat")).to_contain_text(f"Brief updated: audience → {AUDIENCE}")
        expect(page.locator("#brief-status")).to_contain_text("Brief updated")
        shoot(page, "brief-card-desktop.png")
        page.set_viewport_size(PHONE)
        shoot(page, "brief-card-mobile.png")
        page.set_viewport_size(DESKTOP)

        send(page, "Make 2 more ads")
        expect(page.locator("#assets img")).to_have_count(6, timeout=90_000)
        run_over(page)
    assert len(edited) == 1
    calls = generate_calls(runtime, edited[0])
    assert len(calls) == 2
    assert AUDIENCE not in calls[0]["context"] and AUDIENCE in calls[1]["context"]
