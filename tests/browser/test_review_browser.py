"""A real browser (Debian's Chromium, headless, driven by Playwright) uses the Review tab."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from agent.runtime import AgentRuntime
from evals.reviews.models import CRITERIA
from evals.reviews.runs import evals_dir
from evals.reviews.store import ReviewStore, review_store
from tests.review_fixtures import write_run
from tests.servers import CHROMIUM_FLAGS, chromium_executable, serve_ui
from tests.unit.evals.reviews.records import REQUEST_1, write_context_run

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


def open_review(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("tab", name="Review").click()


def pick_run(page: Page, label: str) -> None:
    page.locator("#review-run input").click()
    page.get_by_role("option", name=label).click()


def sign_in(page: Page, name: str) -> None:
    reviewer = page.locator("#review-reviewer textarea")
    reviewer.fill(name)
    reviewer.press("Tab")  # leaving the box claims the name and resumes


def test_rate_prefer_and_page_through_a_run(runtime: AgentRuntime, browser: Browser) -> None:
    data_dir = runtime.settings.data_dir
    write_run(evals_dir(data_dir), "run-1", {"bottle": 2, "mug": 1})  # 3 assets, 2 pairs
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        open_review(page, url)
        pick_run(page, "run-1 · smoke · local")
        title = page.locator("#review-title")
        expect(title).to_contain_text("Pair 1 of 2 · scenario bottle", timeout=20_000)
        progress = page.locator("#review-progress")
        expect(progress).to_contain_text("3 assets · type your name to rate")
        expect(page.locator("#review-a-image img")).to_be_visible()
        expect(page.locator("#review-b-image img")).to_be_visible()

        sign_in(page, "ana")
        expect(progress).to_contain_text("0 of 3 done by ana")
        rate(page, "a", "brief_fit", 4)
        status = page.locator("#review-status")
        expect(status).to_contain_text("Saved: A · Brief fit 4/5 — A still needs: Product")
        expect(progress).to_contain_text("0 of 3 done by ana")  # 1 of 5 criteria: not done
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

    store: ReviewStore = review_store(data_dir)
    first, second = store.items("default", "run-1")[:2]  # pair 1: the bottle's two ads
    ratings = store.ratings("default", "run-1", "ana")
    assert [(r.item_id, r.criterion, r.score) for r in ratings] == [(first.id, "brief_fit", 4)]
    (preference,) = store.preferences("default", "run-1", "ana")
    low, high = sorted((first.id, second.id))  # stored in id order: B on screen may be item_a
    assert (preference.item_a, preference.item_b, preference.criterion) == (low, high, "overall")
    assert preference.choice == ("B" if low == first.id else "A")
    assert store.progress("default", "run-1", "ana") == (0, 3)


def test_rate_with_keys_reload_and_resume_and_nobody_else_can_overwrite(
    runtime: AgentRuntime, browser: Browser
) -> None:
    data_dir = runtime.settings.data_dir
    write_run(evals_dir(data_dir), "run-2", {"bottle": 2, "mug": 2})  # 2 pairs of 2
    write_context_run(evals_dir(data_dir))
    with serve_ui(runtime) as url:
        ana = browser.new_context(viewport={"width": 1400, "height": 1400})
        page = ana.new_page()
        open_review(page, url)
        pick_run(page, "run-2 · smoke · local")
        progress, title = page.locator("#review-progress"), page.locator("#review-title")
        expect(title).to_contain_text("Pair 1 of 2 · scenario bottle", timeout=20_000)
        sign_in(page, "ana")
        expect(progress).to_contain_text("0 of 4 done by ana", timeout=20_000)
        expect(page.locator("#review-keys")).to_contain_text("1–5 rate the outlined criterion")
        page.locator("#review-title").click()  # out of the name box: keys now rate
        expect(page.locator("#review-a-brief_fit.review-focus")).to_have_count(1)
        for key, label in zip("43214", CRITERIA.values(), strict=True):
            page.keyboard.press(key)  # A, criterion by criterion; the focus then moves to B
            expect(page.locator("#review-status")).to_contain_text(f"Saved: A · {label} {key}/5")
        expect(progress).to_contain_text("1 of 4 done by ana")
        for criterion, score in zip(CRITERIA, (4, 3, 2, 1, 4), strict=True):
            checked(page, "a", criterion, score)
        for key in "55555":
            page.keyboard.press(key)
        expect(progress).to_contain_text("2 of 4 done by ana")
        checked(page, "b", "would_publish", 5)
        page.keyboard.press("n")
        expect(title).to_contain_text("Pair 2 of 2 · scenario mug")
        page.keyboard.press("p")
        expect(title).to_contain_text("Pair 1 of 2 · scenario bottle")

        page.reload()  # the browser remembers ana and her run; she resumes at pair 2
        page.get_by_role("tab", name="Review").click()
        expect(title).to_contain_text("Pair 2 of 2 · scenario mug", timeout=20_000)
        expect(page.locator("#review-reviewer textarea")).to_have_value("ana")
        expect(progress).to_contain_text("2 of 4 done by ana")
        expect(page.locator("#review-status")).to_contain_text("Welcome back, ana")

        pick_run(page, "run-ctx · smoke · local")  # context beside each asset
        expect(title).to_contain_text("Pair 1 of 5 · scenario bottle · image 1080×1080")
        context = page.locator("#review-a-context")
        expect(context).to_contain_text(f"Request (turn 1): “{REQUEST_1}”")
        expect(context).to_contain_text("trial failed")
        page.locator("#review-title").click()
        for number, shown in enumerate(("image 300×250", "image 1080×1080", "storyboard"), 1):
            page.keyboard.press("s")  # skip for now
            expect(title).to_contain_text(f"Pair {number + 1} of 5 · scenario bottle · {shown}")
            expect(page.locator("#review-status")).to_contain_text(f"Skipped pair {number}:")
        expect(page.locator("#review-a-storyboard")).to_contain_text("Storyboard: 2 shots, 4 s")
        page.keyboard.press("s")
        expect(title).to_contain_text("Pair 5 of 5 · scenario bottle · video")
        expect(page.locator("#review-a-video video")).to_be_visible()
        expect(page.locator("#review-a-companions img")).to_have_count(2)

        other = browser.new_context(viewport={"width": 1400, "height": 1400})
        intruder = other.new_page()  # another browser: its own identity
        open_review(intruder, url)
        pick_run(intruder, "run-2 · smoke · local")
        expect(intruder.locator("#review-title")).to_contain_text("Pair 1 of 2", timeout=20_000)
        sign_in(intruder, "Ana")
        status = intruder.locator("#review-status")
        expect(status).to_contain_text("already used from another browser", timeout=20_000)
        expect(intruder.locator("#review-a-brief_fit input:checked")).to_have_count(0)
        rate(intruder, "a", "brief_fit", 1)
        expect(status).to_contain_text("already used from another browser")
        sign_in(intruder, "ben")
        expect(intruder.locator("#review-progress")).to_contain_text("0 of 4 done by ben")
        other.close()
        ana.close()

    store = review_store(data_dir)
    first = store.items("default", "run-2")[0]
    assert store.reviewers("default", "run-2") == ["ana"]
    scores = {r.criterion: r.score for r in store.ratings("default", "run-2", "ana")
              if r.item_id == first.id}
    assert scores == dict(zip(CRITERIA, (4, 3, 2, 1, 4), strict=True))  # untouched by "Ana"
