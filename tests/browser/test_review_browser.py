"""A real browser (Debian's Chromium, headless, driven by Playwright) uses the Review tab."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from agent.runtime import AgentRuntime
from evals.reviews.runs import evals_dir
from evals.reviews.store import ReviewStore, review_store
from tests.review_fixtures import write_run
from tests.servers import CHROMIUM_FLAGS, chromium_executable, serve_ui

pytestmark = pytest.mark.browser


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


def rate(page: Page, side: str, criterion: str, score: int) -> None:
    page.locator(f"#review-{side}-{criterion} label").filter(has_text=str(score)).click()


def checked(page: Page, side: str, criterion: str, score: int) -> None:
    expect(page.locator(f"#review-{side}-{criterion} input[value='{score}']")).to_be_checked()


def test_rate_prefer_and_page_through_a_run(runtime: AgentRuntime, browser: Browser) -> None:
    data_dir = runtime.settings.data_dir
    write_run(evals_dir(data_dir), "run-1", {"bottle": 2, "mug": 1})  # 3 assets, 2 pairs
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(url)
        page.get_by_role("tab", name="Review").click()
        page.locator("#review-run input").click()
        page.get_by_role("option", name="run-1 · smoke · local").click()
        title = page.locator("#review-title")
        expect(title).to_contain_text("Pair 1 of 2 · scenario bottle", timeout=20_000)
        progress = page.locator("#review-progress")
        expect(progress).to_contain_text("3 assets · type your name to rate")
        expect(page.locator("#review-a-image img")).to_be_visible()
        expect(page.locator("#review-b-image img")).to_be_visible()

        reviewer = page.locator("#review-reviewer textarea")
        reviewer.fill("ana")
        reviewer.press("Tab")  # leaving the box shows her ratings and progress
        expect(progress).to_contain_text("0 of 3 rated by ana")
        rate(page, "a", "brief_fit", 4)
        expect(progress).to_contain_text("1 of 3 rated by ana")
        status = page.locator("#review-status")
        expect(status).to_contain_text("Saved: A · Brief fit 4/5")
        page.locator("#review-prefer-b").click()
        expect(status).to_contain_text("Saved: B is better (Overall).")

        page.locator("#review-next").click()
        expect(title).to_contain_text("Pair 2 of 2 · scenario mug")
        expect(page.locator("#review-b")).to_be_hidden()  # the mug's one ad stands alone
        expect(page.locator("#review-a-brief_fit input:checked")).to_have_count(0)
        page.locator("#review-previous").click()
        expect(title).to_contain_text("Pair 1 of 2")
        checked(page, "a", "brief_fit", 4)  # the saved rating shows again
        expect(status).to_contain_text("Your choice: B is better (Overall).")
        expect(progress).to_contain_text("1 of 3 rated by ana")

    store: ReviewStore = review_store(data_dir)
    first, second = store.items("default", "run-1")[:2]  # pair 1: the bottle's two ads
    ratings = store.ratings("default", "run-1", "ana")
    assert [(r.item_id, r.criterion, r.score) for r in ratings] == [(first.id, "brief_fit", 4)]
    (preference,) = store.preferences("default", "run-1", "ana")
    low, high = sorted((first.id, second.id))  # stored in id order: B on screen may be item_a
    assert (preference.item_a, preference.item_b, preference.criterion) == (low, high, "overall")
    assert preference.choice == ("B" if low == first.id else "A")
    assert store.progress("default", "run-1", "ana") == (1, 3)
