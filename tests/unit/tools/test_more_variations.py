"""'Two more' in a chat: new variations and new scenes, never copies of the ads already made."""

from __future__ import annotations

from dataclasses import replace

from core.schemas import GenerateAdImagesRequest
from tools.capabilities.ad_images import plan_recipes
from tools.sdk import CapabilityContext, ThreadGallery, registry
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


def test_two_more_in_a_thread_are_captioned_without_a_number_the_gallery_contradicts(
    services: Services,
) -> None:
    import dataclasses
    import re

    from core.images import encode_png
    from evals.recipes import bottle_on_white

    photo = services.assets.put(encode_png(bottle_on_white()[0]), kind="product_photo",
                                mime="image/png").id
    ctx = dataclasses.replace(services.capability_context("default"), max_variations=2)
    made = ThreadGallery(numbers={f"img_{i:010d}": i + 1 for i in range(6)})  # #1..#6
    result = registry()["generate_ad_images"].invoke(
        {"product_image": photo, "n": 2, "context": BRIEF, "placements": ["square"]},
        replace(ctx, gallery=made),
    )
    captions = [image.caption for image in result.images]  # the gallery shows #7 and #8
    stored = [services.assets.get(image.asset_id).caption for image in result.images]
    assert captions == stored and len(captions) == 2
    for caption in captions:
        assert "Variation" not in caption and not re.search(r"\d", caption), caption
        assert caption.endswith(" · square")
