"""Ad copy is plain text on every path: markup and control characters are refused, audited."""

from __future__ import annotations

import dataclasses

import pytest

from core.errors import PolicyViolationError
from core.images import encode_png
from evals.recipes import bottle_on_white
from tools.sdk import CapabilityContext, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return dataclasses.replace(services.capability_context("default", thread="t1"),
                               max_variations=1)


@pytest.fixture
def photo_id(services: Services) -> str:
    photo = bottle_on_white()[0]
    return services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                               width=photo.width, height=photo.height).id


@pytest.mark.parametrize(("field", "copy", "plain"), [
    ("headline", "<script>alert(1)</script>Summer sale", "Summer sale"),
    ("headline", "Meet the <img src=x onerror=alert", "Meet the"),
    ("cta", "<b>Buy</b>", "Buy"),
    ("subline", "Cold for 24 h\u202e", "Cold for 24 h"),
])
def test_markup_in_new_ads_is_refused_before_rendering_with_the_plain_text_offered(
    ctx: CapabilityContext, photo_id: str, field: str, copy: str, plain: str
) -> None:
    with pytest.raises(PolicyViolationError, match="plain text") as raised:
        registry()["generate_ad_images"].invoke({"product_image": photo_id, field: copy}, ctx)
    assert f"'{plain}'" in raised.value.hint
    assert [a.kind for a in ctx.assets.list()] == ["product_photo"]
    assert ctx.audit is not None
    (entry,) = ctx.audit.for_thread("t1", "default")
    assert entry.decision == "block" and entry.findings[0].rule_id.startswith("copy.")


def test_markup_in_an_edit_and_in_carousel_cards_is_refused(
    ctx: CapabilityContext, photo_id: str
) -> None:
    made = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    with pytest.raises(PolicyViolationError, match="plain text"):
        registry()["edit_image"].invoke(
            {"asset_id": made.images[0].asset_id, "headline": "<i>New</i> look"}, ctx)
    with pytest.raises(PolicyViolationError, match="plain text"):
        registry()["make_carousel"].invoke(
            {"product_image": photo_id, "cards": ["One", "![x](http://evil.example/p.png)"]},
            ctx)


def test_a_catalog_title_with_markup_gives_plain_features_and_headlines(
    ctx: CapabilityContext,
) -> None:
    features = registry()["extract_features"].invoke(
        {"title": "<img src=x onerror=alert(1)> Mug", "description": "<b>Keeps</b> tea hot."},
        ctx)
    shown = [features.product_name, *features.headline_ideas, *features.benefits,
             *features.features]
    assert features.product_name == "Mug"
    assert not [text for text in shown if "<" in text or ">" in text or "onerror" in text]
