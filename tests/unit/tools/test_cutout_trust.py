"""Ads are honest about their cutout.

A doubtful matte is reported, a held product enters from the edge it was cut at, and the
chat only promises an intact product on a trusted cutout.
"""

from __future__ import annotations

import dataclasses

import pytest
from PIL import Image

from agent.events import TextEvent
from agent.runtime import AgentRuntime
from core.images import encode_png
from engines.local.cutout import Cutout, cut_out
from evals.recipes import bottle_on_white, hand_holding_product
from tools.sdk import CapabilityContext, registry
from tools.services import Services

BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer campaign"


def doubtful_cut_out(photo: Image.Image) -> Cutout:
    """The real cutout, reported with low confidence (as on an unclear photo)."""
    found = cut_out(photo)
    return dataclasses.replace(
        found, confidence=0.3, doubts=("the product's edge is faint against the background",)
    )


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


def put(services: Services, photo: Image.Image) -> str:
    return services.assets.put(encode_png(photo), kind="product_photo", mime="image/png").id


def test_a_held_product_enters_every_ad_from_the_bottom_edge(
    services: Services, ctx: CapabilityContext
) -> None:
    photo_id = put(services, hand_holding_product()[0])
    result = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 2, "placements": ["square", "story"]}, ctx
    )
    assert any("entering from the bottom edge" in note for note in result.notes)
    for image in result.images:
        ad = services.assets.get(image.asset_id)
        assert ad.parameters["recipe"]["product_cropped"] == ["bottom"]
        assert ad.parameters["product_box"][3] == ad.height  # flush with the ad's bottom


def test_a_free_standing_product_stands_in_the_scene(
    services: Services, ctx: CapabilityContext
) -> None:
    photo_id = put(services, bottle_on_white()[0])
    result = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    ad = services.assets.get(result.images[0].asset_id)
    assert ad.parameters["recipe"]["product_cropped"] == []
    assert ad.parameters["product_box"][3] < ad.height
    assert result.cutout_confidence is not None and result.cutout_confidence >= 0.5
    assert not any("not sure" in note for note in result.notes)


def test_a_doubtful_cutout_is_reported_with_choices(
    services: Services, ctx: CapabilityContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.engines.images, "cut_out", doubtful_cut_out)
    photo_id = put(services, bottle_on_white()[0])
    result = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    assert result.cutout_confidence == 0.3
    note = result.notes[0]
    assert "not sure" in note and "faint" in note
    assert "transparent background" in note and "use the photo as is" in note
    # a later call from the same photo reuses the cutout and still knows it is doubtful
    again = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    assert again.cutout_id == result.cutout_id and again.cutout_confidence == 0.3


def test_the_chat_promises_an_intact_product_only_on_a_trusted_cutout(
    runtime: AgentRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def reply_to(seed: int) -> str:
        photo = runtime.upload(encode_png(bottle_on_white(seed)[0]), f"bottle-{seed}.png")
        events = runtime.stream(runtime.new_thread(), BRIEF, [photo])
        return "\n".join(e.text for e in events if isinstance(e, TextEvent))

    assert "untouched" in reply_to(0)
    monkeypatch.setattr(runtime.services.engines.images, "cut_out", doubtful_cut_out)
    doubtful = reply_to(1)  # another photo: not cut out before
    assert "untouched" not in doubtful and "not sure" in doubtful


@pytest.mark.parametrize(
    ("cut", "held"),
    [(["right"], ["right"]), (["left", "right"], []), (["left", "right", "bottom"], ["bottom"]),
     (["top", "bottom"], [])],
)
def test_a_product_cut_on_opposite_sides_is_staged_whole(cut: list[str], held: list[str]) -> None:
    from datetime import UTC, datetime

    from core.storage.assets import Asset
    from tools.capabilities.ad_images import cutout_facts

    asset = Asset(id="img_x", sha256="0" * 64, kind="product_cutout", mime="image/png", size=1,
                  created=datetime.now(UTC), parameters={"cropped": cut})
    assert cutout_facts(asset)[2] == held
