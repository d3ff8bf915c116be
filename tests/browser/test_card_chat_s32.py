"""Issue 23's small defects in a real browser, each checked as a user meets it.

The chat's ads named, one h1, the features chips on the brief card, a phone's message box,
the placement menu closing on Shift+Tab.

Set ``ADSTUDIO_S32_SHOTS`` to a folder to keep screenshots (``card-desktop.png``,
``chat-desktop.png``, ``phone.png``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from agent.runtime import AgentRuntime
from evals.recipes import bottle_on_white
from tests.browser.test_workspace_browser import DESKTOP, PHONE, make_four_ads, run_over
from tests.media import save_jpeg
from tests.servers import serve_ui

pytestmark = pytest.mark.browser


def shoot(page: Page, name: str, selector: str | None = None) -> None:
    """Keep a screenshot when ``ADSTUDIO_S32_SHOTS`` names a folder."""
    folder = os.environ.get("ADSTUDIO_S32_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    target = page.locator(selector) if selector else page
    target.screenshot(path=str(Path(folder) / name))


def chat_alts(page: Page) -> list[str]:
    """The alt text of every image in the chat, in order."""
    return list(page.locator("#chat img").evaluate_all("images => images.map(i => i.alt)"))


def on_top(page: Page, selector: str) -> bool:
    """Whether the element is what a tap at its centre reaches (nothing covers it)."""
    return bool(page.locator(selector).evaluate(
        "(node) => { const r = node.getBoundingClientRect();"
        "  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
        "  return !!hit && (hit === node || node.contains(hit)); }"))


def test_the_chats_ads_are_named_and_the_card_edits_the_features(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport=DESKTOP)
        make_four_ads(page, url, photo)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("h1")).to_contain_text("adstudio")
        alts = chat_alts(page)
        assert len(alts) == 5, alts  # the product photo, then the four ads
        assert all(alts), alts  # every one named
        assert [a.split(" · ")[0] for a in alts[1:]] == ["#1", "#2", "#3", "#4"], alts
        page.locator("#chat img").nth(1).scroll_into_view_if_needed()
        shoot(page, "chat-desktop.png")
        page.locator("#chat img").nth(2).click()  # opens it full size, as before
        expect(page.locator("#chat img").nth(2)).to_be_visible()

        page.get_by_text("Brief", exact=True).click()
        chips = page.locator("#brief-features")
        expect(chips).to_be_visible()
        expect(chips.locator(".token")).not_to_have_count(0)
        chips.locator("input").fill("leak-proof lid")
        chips.locator("input").press("Enter")
        expect(chips).to_contain_text("leak-proof lid")
        page.locator("#brief-update").click()
        expect(page.locator("#chat")).to_contain_text("Brief updated: features →", timeout=20_000)
        expect(page.locator("#brief-status")).to_contain_text("next ads")
        shoot(page, "card-desktop.png", "#brief-panel")


def test_a_phone_shows_the_message_box_and_the_placement_menu_closes_on_shift_tab(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport=DESKTOP)
        make_four_ads(page, url, photo)
        page.locator("#resize-to input").click()  # the placement menu's list opens
        expect(page.locator("ul.option-list")).to_be_visible()
        page.keyboard.press("Shift+Tab")  # and closes once the focus has left the menu
        expect(page.locator("ul.option-list")).to_have_count(0)
        page.locator("#resize-to input").click()
        expect(page.locator("ul.option-list")).to_be_visible()
        page.keyboard.press("Tab")
        expect(page.locator("ul.option-list")).to_have_count(0)

        page.set_viewport_size(PHONE)
        page.reload()  # the conversation opens again, its ads on screen
        expect(page.locator("#assets .grid-container img")).to_have_count(4, timeout=20_000)
        run_over(page)
        expect(page.locator("#message textarea")).to_be_in_viewport()
        assert on_top(page, "#message textarea")
        expect(page.locator("#chat img")).not_to_have_count(0)
        shoot(page, "phone.png")
