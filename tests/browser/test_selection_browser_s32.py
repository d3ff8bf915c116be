"""Issue 23's workspace actions in a real browser: a new headline, compare, the Show menu.

Set ``ADSTUDIO_SELECTION_SHOTS`` to a folder to keep the screenshots
(``selection-desktop.png``, ``selection-phone.png``) of the workspace with the new controls.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from agent.runtime import AgentRuntime
from evals.recipes import bottle_on_white
from tests.browser.test_workspace_browser import (
    DESKTOP,
    PHONE,
    ad,
    make_four_ads,
    numbers_shown,
    run_over,
    select,
)
from tests.media import save_jpeg
from tests.servers import serve_ui

pytestmark = pytest.mark.browser


def pick(page: Page, number: int) -> None:
    """Add ad #number to the "Pick ads" list, with the keyboard."""
    field = page.locator("#picks input")
    field.click()
    field.fill(f"#{number} ·")
    field.press("Enter")
    expect(page.locator("#picks")).to_contain_text(f"#{number} · ")


def choose(page: Page, label: str) -> None:
    """Choose a group in the "Show" menu."""
    page.locator("#ads-show input").click()
    page.get_by_role("option", name=label).click()


def test_change_a_headline_compare_and_show_a_line_of_edits(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    shots = Path(os.environ.get("ADSTUDIO_SELECTION_SHOTS", str(tmp_path)))
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport=DESKTOP)
        make_four_ads(page, url, photo)
        chat = page.locator("#chat")
        select(page, 2)
        page.locator("#headline-text input, #headline-text textarea").first.fill(
            "Guaranteed cure")
        page.locator("#act-headline").click()
        expect(chat).to_contain_text("Change the headline of #2 to “Guaranteed cure”")
        expect(page.locator(ad(page, 5))).to_have_count(1, timeout=60_000)
        run_over(page)
        expect(chat).to_contain_text("Guardrail")  # the policy checked the typed headline
        alt = page.locator(ad(page, 5)).get_attribute("alt") or ""
        assert alt.startswith("#5 · square · ") and "“Guaranteed cure”" in alt
        caption = page.locator("#assets .thumbnail-item", has=page.locator('img[alt^="#5 · "]')
                               ).locator(".caption-label").first
        expect(caption).to_have_attribute("title", alt)  # cut to a line; whole on hover

        pick(page, 2)
        pick(page, 5)
        page.locator("#act-compare").click()
        expect(chat).to_contain_text("Compare #2 and #5")
        table = page.locator("#compare-table")
        expect(table).to_contain_text("Guaranteed cure", timeout=20_000)
        expect(chat).to_contain_text("side by side", timeout=60_000)
        run_over(page)

        choose(page, "#2 and its 1 edit")
        expect(page.locator("#assets .grid-container img")).to_have_count(2, timeout=20_000)
        assert numbers_shown(page) == [5, 2]
        expect(page.locator("#ads-show input")).to_have_value("#2 and its 1 edit")
        expect(table).to_be_visible()  # the comparison stays while the menu filters
        page.locator("#compare-table").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "selection-desktop.png"))

        page.set_viewport_size(PHONE)
        page.reload()
        expect(page.locator("#assets .grid-container img")).to_have_count(5, timeout=20_000)
        expect(page.locator("#ads-show input")).to_have_value("All ads · 5 ads")
        page.locator("#ad-headline").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "selection-phone.png"))
