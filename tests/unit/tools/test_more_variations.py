"""'Two more' in a chat: new variations and new scenes, never copies of the ads already made."""

from __future__ import annotations

from dataclasses import replace

from core.schemas import GenerateAdImagesRequest
from tools.capabilities.ad_images import plan_recipes
from tools.sdk import CapabilityContext, ThreadGallery
from tools.services import Services

BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign"


def recipes(ctx: CapabilityContext, n: int) -> list[tuple[int, str]]:
    req = GenerateAdImagesRequest(product_image="img_0000000000", n=n, context=BRIEF)
    return [(r.variation, r.theme) for r in plan_recipes(req, ctx, seed=7, kit=None)]


def test_more_ads_in_a_thread_continue_the_variations(services: Services) -> None:
    ctx = services.capability_context("default")
    first = recipes(ctx, 4)
    made = ThreadGallery(numbers={f"img_{i:010d}": i + 1 for i in range(4)})
    more = recipes(replace(ctx, gallery=made), 2)
    assert [v for v, _ in first] == [0, 1, 2, 3]
    assert [v for v, _ in more] == [4, 5]


def test_later_variations_get_scenes_the_first_four_did_not(services: Services) -> None:
    from engines.local.themes import resolve_theme

    first = {resolve_theme("auto", BRIEF, v).id for v in range(4)}
    later = {resolve_theme("auto", BRIEF, v).id for v in (4, 5)}
    assert len(first) == 4 and not first & later
