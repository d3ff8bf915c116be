"""Accessibility of the workspace in a real browser: axe-core's checks and the keyboard.

axe-core (Deque's accessibility engine) comes with the ``axe-playwright-python`` package,
which injects its bundled script into the page: nothing is downloaded while testing. A
serious or critical violation fails the test, except the few listed in ``GRADIO_OWN``:
Gradio's own markup, which adstudio cannot change, each excluded by rule and selector.

Set ``ADSTUDIO_A11Y_SHOTS`` to a folder to keep the screenshots (``a11y-desktop.png``,
``a11y-phone.png``, ``a11y-focus.png``: an action button with its keyboard focus ring).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from agent.runtime import AgentRuntime
from evals.recipes import bottle_on_white
from tests.browser.test_workspace_browser import (
    BRIEF,
    DESKTOP,
    PHONE,
    ad,
    make_four_ads,
    run_over,
    select,
)
from tests.media import save_jpeg
from tests.servers import serve_ui

pytestmark = pytest.mark.browser
SERIOUS = {"serious", "critical"}
GRADIO_OWN: tuple[tuple[str, str, str], ...] = (
    ("button-name", "#chat .thought-group > .title > .arrow > button",
     "Gradio 6's chatbot draws a tool step's fold arrow as an icon button with an empty "
     "aria-label, inside the step's title, itself a button named by the step's words"),
    ("nested-interactive", "#chat .thought-group > .title[role=button]",
     "the same title: Gradio nests the arrow's button in it"),
    ("aria-prohibited-attr", "div.empty.unpadded_box[aria-label]",
     "Gradio 6's placeholder of an empty image (the Review tab before a run is picked): "
     "an aria-label on a div with no role"),
)
"""Violations in Gradio's own markup: (axe rule, CSS selector, why it stays)."""


def gradio_own(page: Page, rule: str, target: list[str]) -> bool:
    """Whether an axe node is one of Gradio's own violations listed in ``GRADIO_OWN``."""
    selectors = [selector for excluded, selector, _why in GRADIO_OWN if excluded == rule]
    if not selectors or len(target) != 1:  # a target in a frame or a shadow root: ours
        return False
    return bool(page.evaluate(
        "([target, selectors]) => {"
        "  const node = document.querySelector(target);"
        "  return !!node && selectors.some((selector) => node.matches(selector)); }",
        [target[0], selectors],
    ))


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line per element."""
    results: dict[str, Any] = Axe().run(page, options={"resultTypes": ["violations"]}).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            if not gradio_own(page, violation["id"], node["target"]):
                summary = " ".join(node.get("failureSummary", "").split())
                found.append(f"{violation['id']} at {node['target']}: {summary[:300]}")
    return found


def assert_accessible(page: Page) -> None:
    """Fail with axe-core's serious and critical violations, if any, one per line.

    Checked once nothing is loading: Gradio fades a loading component to 20 % opacity.
    """
    expect(page.locator(".pending")).to_have_count(0, timeout=30_000)
    found = serious_violations(page)
    assert not found, "\n".join(found)


def shots() -> Path | None:
    """The folder the screenshots go to (None: not kept)."""
    folder = os.environ.get("ADSTUDIO_A11Y_SHOTS")
    return Path(folder) if folder else None


def test_no_serious_axe_violation_on_a_desktop_a_phone_and_the_review_tab(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    folder = shots()
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport=DESKTOP)
        make_four_ads(page, url, photo)  # the chat holds steps, the photo and 4 ads
        assert_accessible(page)
        if folder:
            page.screenshot(path=str(folder / "a11y-desktop.png"))
        select(page, 2)  # an ad opened in the gallery
        assert_accessible(page)
        page.locator('#assets button[aria-label="Close"]').click()

        page.set_viewport_size(PHONE)
        page.reload()
        expect(page.locator("#assets .grid-container img")).to_have_count(4, timeout=20_000)
        assert_accessible(page)
        if folder:
            page.screenshot(path=str(folder / "a11y-phone.png"))

        page.set_viewport_size(DESKTOP)
        page.get_by_role("tab", name="Review").click()
        expect(page.locator("#review-prefer-a")).to_be_visible()
        assert_accessible(page)


def focused(page: Page, selector: str) -> bool:
    """Whether the element with the keyboard focus matches ``selector``."""
    return bool(page.evaluate(
        "(selector) => !!document.activeElement && document.activeElement.matches(selector)",
        selector,
    ))


def tab_to(page: Page, selector: str, backwards: bool = False, most: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focus is on ``selector``; fail if it never is."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(most):
        page.keyboard.press(key)
        if focused(page, selector):
            return
    pytest.fail(f"{selector} is not reached with {key} in {most} presses")


def focus_ring(page: Page) -> dict[str, str]:
    """The outline drawn around the focused element."""
    return dict(page.evaluate(
        "() => { const style = getComputedStyle(document.activeElement);"
        "  return {style: style.outlineStyle, width: style.outlineWidth,"
        "          color: style.outlineColor}; }"
    ))


def test_send_open_an_ad_and_act_on_it_with_the_keyboard(
    runtime: AgentRuntime, browser: Browser, tmp_path: Path
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    folder = shots()
    with serve_ui(runtime) as url:
        fresh = browser.new_page(viewport=DESKTOP)
        fresh.goto(url)
        expect(fresh.locator("#message textarea")).to_be_visible()
        tab_to(fresh, "a.skip-link", most=3)  # among the first stops: past a long chat
        expect(fresh.locator("a.skip-link")).to_be_in_viewport()  # shown once focused
        fresh.keyboard.press("Enter")
        assert focused(fresh, "#message textarea")
        fresh.close()

        page = browser.new_page(viewport=DESKTOP)
        page.goto(url)
        expect(page.locator("#message textarea")).to_be_visible()
        page.locator("#message input[type=file]").set_input_files(str(photo))  # a file picker
        expect(page.locator("#message img")).to_have_count(1, timeout=20_000)
        tab_to(page, "#message textarea")  # from the top of the page, past the workspace
        page.keyboard.type(BRIEF)
        page.keyboard.press("Enter")
        expect(page.locator("#chat")).to_contain_text("4 ad variations", timeout=90_000)
        expect(page.locator("#assets img")).to_have_count(4, timeout=20_000)
        run_over(page)

        tab_to(page, "#assets button:has(> img[alt^='#2 · '])", backwards=True)
        ring = focus_ring(page)
        assert ring["style"] == "solid" and float(ring["width"].removesuffix("px")) >= 2, ring
        page.keyboard.press("Enter")  # opens ad #2
        expect(page.locator("#ad-details")).to_contain_text("Selected: #2 · ")

        tab_to(page, "#act-warmer")
        ring = focus_ring(page)
        assert ring["style"] == "solid" and float(ring["width"].removesuffix("px")) >= 2, ring
        if folder:
            page.screenshot(path=str(folder / "a11y-focus.png"))
        page.keyboard.press("Space")
        expect(page.locator("#chat")).to_contain_text("Make #2 warmer")
        expect(page.locator(ad(page, 5))).to_have_count(1, timeout=60_000)
        run_over(page)
