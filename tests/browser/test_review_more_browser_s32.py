"""The Review tab's set-up panels in a real browser (issue 24's last asks).

It sets a run's criteria, shares the work, keeps an answer key and opens a disagreement.
"""

from __future__ import annotations

import csv
import os
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from agent.runtime import AgentRuntime
from evals.reviews.runs import evals_dir
from evals.reviews.store import review_store
from tests.browser.test_a11y_browser import serious_violations
from tests.review_fixtures import write_run
from tests.servers import serve_ui

pytestmark = pytest.mark.browser
ANCHORS = "1: no logo\n2: tiny\n3: small\n4: fine\n5: bold and clear"


def open_panel(page: Page, title: str) -> None:
    page.get_by_role("button", name=title).first.click()


def start(page: Page, url: str, name: str = "ana",
          progress: str = "0 of 4 done by ana") -> None:
    """Open the Review tab on run-1 as ``name`` (ana)."""
    page.goto(url)
    page.get_by_role("tab", name="Review").click()
    page.locator("#review-run input").click()
    page.get_by_role("option", name="run-1 · smoke · local").click()
    expect(page.locator("#review-title")).to_contain_text("Pair 1 of 2", timeout=20_000)
    reviewer = page.locator("#review-reviewer textarea")
    reviewer.fill(name)
    reviewer.press("Tab")
    expect(page.locator("#review-progress")).to_contain_text(progress, timeout=20_000)


def choose_criteria(page: Page) -> None:
    """Keep product fidelity and text quality, add 'Logo size'."""
    open_panel(page, "Criteria for this run")
    for label in ("Brief fit", "Brand fit", "Would publish"):
        page.locator("#review-criteria label").filter(has_text=label).click()
    page.locator("#review-criteria-save").click()
    status = page.locator("#review-criteria-status")
    expect(status).to_contain_text("rated on 2 criteria")
    page.locator("#review-own-label textarea").fill("Logo size")
    page.locator("#review-own-question textarea").fill("Is the logo big enough to read?")
    page.locator("#review-own-anchors textarea").fill(ANCHORS)
    page.locator("#review-own-add").click()
    expect(status).to_contain_text("Added Logo size")
    expect(page.locator("#review-own-label textarea")).to_have_value("")  # ready for another


def test_criteria_sharing_answer_key_and_disagreements(runtime: AgentRuntime,
                                                       browser: Browser) -> None:
    data_dir = runtime.settings.data_dir
    write_run(evals_dir(data_dir), "run-1", {"bottle": 4})  # 2 pairs
    with serve_ui(runtime) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        start(page, url)
        choose_criteria(page)
        progress = page.locator("#review-progress")
        expect(progress).to_contain_text("all 3 criteria are rated")
        expect(page.locator("#review-a-brief_fit")).to_be_hidden()
        expect(page.locator("#review-a-own1")).to_contain_text("Logo size")
        page.locator("#review-title").click()  # keys walk the three rows shown
        for key in "453":
            page.keyboard.press(key)
        expect(progress).to_contain_text("1 of 4 done by ana")

        open_panel(page, "Answer key (gold items)")
        page.locator("#review-gold-side label").filter(has_text="Right (B)").click()
        page.locator("#review-gold-criterion input").click()
        page.get_by_role("option", name="Text quality").click()
        page.locator("#review-gold-score label").filter(has_text="5").click()
        page.locator("#review-gold-save").click()
        expect(page.locator("#review-gold-status")).to_contain_text(
            "Saved: B of pair 1 should get 5/5 on Text quality.")
        expect(page.locator("#review-b-caption")).not_to_contain_text("gold")

        open_panel(page, "Share the work among reviewers")
        page.locator("#review-share-names textarea").fill("Ana, Ben")
        page.locator("#review-share-split").click()
        expect(page.locator("#review-share-note")).to_contain_text("Items given out: Ana")

        store = review_store(data_dir)  # ben rated pair 2's A far from ana
        second = store.items("default", "run-1")[2]
        store.rate("default", second.id, "ben", "text_quality", 1, "text cut off")
        store.rate("default", second.id, "ana", "text_quality", 5)
        open_panel(page, "Agreement between reviewers")
        page.locator("#review-agreement-compute").click()
        expect(page.locator("#review-agreement")).to_contain_text("Text quality")
        page.locator("#review-disagreements input").click()
        page.get_by_role("option").filter(has_text="Pair 2, left (A)").click()
        drill = page.locator("#review-drill")
        expect(drill).to_contain_text("text cut off")
        expect(page.locator("#review-title")).to_contain_text("Pair 2 of 2")
        said = page.locator("#review-status")  # over the pair opened: what each one said
        expect(said).to_contain_text("What each reviewer said on pair 2")
        expect(said).to_contain_text("text cut off")
        prefer_b = page.locator("#review-prefer-b")
        expect(prefer_b).not_to_have_class(re.compile(r"\bprimary\b"))  # nothing chosen yet
        prefer_b.click()
        expect(prefer_b).to_have_class(re.compile(r"\bprimary\b"))
        expect(page.locator("#review-prefer-a")).not_to_have_class(re.compile(r"\bprimary\b"))
        with page.expect_download() as download:  # one click, no file link to click after
            page.locator("#review-export").click()
        with open(download.value.path(), encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert "mark_reason" in rows[0] and any(row["choice"] == "B" for row in rows)
        page.locator("#review-gold-show").click()
        expect(page.locator("#review-gold-note")).to_contain_text("Answer key")
        expect(page.locator(".pending")).to_have_count(0, timeout=30_000)
        found = [v for v in serious_violations(page)  # every panel open, a score row focused
                 if "-image >" not in v]  # Gradio's own image toolbar button, not ours
        assert not found, "\n".join(found)

        other = browser.new_page(viewport={"width": 1400, "height": 1400})  # ben, a reviewer
        start(other, url, "ben", "0 of 4 done by ben")
        expect(other.locator("#review-organiser-note")).to_contain_text(
            "ana organises this run")
        for panel in ("criteria", "share", "agreement", "gold"):
            expect(other.locator(f"#review-{panel}-panel")).to_be_hidden()
        other.locator("#review-title").click()  # ben has items of his own: n is My next item
        other.keyboard.press("n")
        expect(other.locator("#review-status")).to_contain_text("Your next item not done yet")
        if os.environ.get("ADSTUDIO_REVIEW_SHOTS"):
            other.screenshot(path=os.path.join(os.environ["ADSTUDIO_REVIEW_SHOTS"],
                                               "ben-not-organiser.png"), full_page=True)

    results = {r.reviewer: r for r in store.gold_results("default", "run-1")}
    assert results == {}  # nobody rated B of pair 1 on text quality yet
    (gold,) = store.gold("default", "run-1")[0]
    assert (gold.criterion, gold.score) == ("text_quality", 5)
    assert [c.label for c in store.criteria("default", "run-1")] == [
        "Product fidelity", "Text quality", "Logo size"]
    assert sorted(store.assignments("default", "run-1")[second.id]) in (["Ana"], ["Ben"])
