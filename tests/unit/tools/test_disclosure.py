"""The visible AI label on ads: where the deployment, the placement and the advertiser want it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image

from core.images import encode_png
from core.placements import resolve_placement
from core.storage.brandkit import BrandKit
from engines import RenderedVideo
from engines.local.ad.badge import LABEL_MIN_HEIGHT
from engines.local.ad.recipe import Recipe
from engines.local.encoding.encode import sample_frames
from engines.local.renderer import LocalVideoRenderer
from tests.paths import PHOTOS
from tools.disclosure import label_for
from tools.sdk import AiLabel, CapabilityContext, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


def _photo(ctx: CapabilityContext) -> str:
    photo = Image.open(PHOTOS / "mug_black.jpg").convert("RGB")
    return ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                          width=photo.width, height=photo.height).id


def _ads(ctx: CapabilityContext) -> list[str]:
    result = registry()["generate_ad_images"].invoke(
        {"product_image": _photo(ctx), "theme": "marble", "n": 1}, ctx)
    return [image.asset_id for image in result.images]


def _recipe(ctx: CapabilityContext, asset_id: str) -> Recipe:
    return Recipe.model_validate(ctx.assets.get(asset_id).parameters["recipe"])


def _recipes(ctx: CapabilityContext) -> list[Recipe]:
    return [_recipe(ctx, ad) for ad in _ads(ctx)]


def test_by_default_only_placements_that_require_it_get_the_label(
    ctx: CapabilityContext,
) -> None:
    assert _recipes(ctx)[0].disclosure is None  # the square feed ad requires none
    required = resolve_placement("square").model_copy(update={"ai_label": True})
    assert label_for(ctx, required) == "AI-generated"


def test_always_labels_every_ad_in_the_deployments_words_and_edits_keep_it(
    ctx: CapabilityContext,
) -> None:
    ctx = dataclasses.replace(ctx, ai_label=AiLabel("always", "KI-generiert"))
    [ad] = _ads(ctx)
    assert _recipe(ctx, ad).disclosure == "KI-generiert"
    edited = registry()["edit_image"].invoke({"asset_id": ad, "warmth": 0.5}, ctx)
    assert _recipe(ctx, edited.image.asset_id).disclosure == "KI-generiert"
    off = dataclasses.replace(ctx, ai_label=AiLabel("off", "KI-generiert"))
    redone = registry()["edit_image"].invoke({"asset_id": ad, "warmth": -0.5}, off)
    assert _recipe(ctx, redone.image.asset_id).disclosure is None


def test_an_advertiser_can_ask_for_the_label_on_all_its_ads(ctx: CapabilityContext) -> None:
    assert ctx.brand_kits is not None
    ctx.brand_kits.save(ctx.tenant, BrandKit(ai_label=True))
    assert _recipes(ctx)[0].disclosure == "AI-generated"
    off = dataclasses.replace(ctx, ai_label=AiLabel("off"))
    assert _recipes(off)[0].disclosure is None  # the deployment turned labels off


def test_a_clean_up_over_the_label_leaves_the_label_in_place(ctx: CapabilityContext) -> None:
    ctx = dataclasses.replace(ctx, ai_label=AiLabel("always"))
    [ad] = _ads(ctx)
    asset = ctx.assets.get(ad)
    left, top, right, bottom = asset.parameters["layout"]["disclosure"]
    width, height = asset.width, asset.height
    region = (max(0.0, (left - 8) / width), max(0.0, (top - 8) / height),
              min(1.0, (right + 8) / width), min(1.0, (bottom + 8) / height))
    edited = registry()["edit_image"].invoke({"asset_id": ad, "remove_region": region}, ctx)
    before = np.asarray(Image.open(ctx.assets.path(ad)).convert("RGB"))[top:bottom, left:right]
    after = np.asarray(Image.open(ctx.assets.path(edited.image.asset_id)).convert("RGB"))
    assert np.array_equal(after[top:bottom, left:right], before)  # the disclosure stays


# --------------------------------------------------------------------------- videos


def _luma(pixels: np.ndarray) -> np.ndarray:
    return np.asarray(pixels, dtype=np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)


def _moments(ctx: CapabilityContext, asset_id: str) -> list[np.ndarray]:
    """A video's first, middle and last frames (the last: a storyboard's end card)."""
    return [np.asarray(frame) for frame in sample_frames(ctx.assets.read(asset_id), 3)]


def _pill(labelled: list[np.ndarray], plain: list[np.ndarray]) -> tuple[int, int, int, int]:
    """Where the label darkened the frames (the same box in each), checked to be a pill.

    Dark and translucent (the scene shows through: never the opaque fill alone), with
    light letters, at least as tall as an image ad's label, at one place in every frame.
    """
    boxes = []
    for a, b in zip(labelled, plain, strict=True):
        darker = (_luma(b) - _luma(a) > 40).astype(np.uint8)  # beyond the encoder's noise
        solid = cv2.erode(darker, np.ones((5, 5), np.uint8))  # not an edge's ringing
        ys, xs = np.nonzero(solid)
        assert ys.size, "no label on this frame"
        boxes.append((int(xs.min()) - 2, int(ys.min()) - 2, int(xs.max()) + 3, int(ys.max()) + 3))
    x0, y0, x1, y1 = boxes[0]
    assert all(max(abs(p - q) for p, q in zip(box, boxes[0], strict=True)) <= 2
               for box in boxes)
    assert y1 - y0 >= LABEL_MIN_HEIGHT - 2
    for a, b in zip(labelled, plain, strict=True):
        pill, under = _luma(a[y0:y1, x0:x1]), _luma(b[y0:y1, x0:x1])
        assert 40 < np.median(pill) < np.median(under) - 50
        assert (pill > 190).sum() >= 15  # its letters
    return boxes[0]


def _board(ctx: CapabilityContext, **extra: Any) -> str:
    written = registry()["write_storyboard"].invoke(
        {"product_image": _photo(ctx), "seconds": 6, "headline": "Hot for 12 hours",
         "cta": "Shop now", **extra}, ctx)
    return str(written.storyboard_id)


def test_always_labels_a_video_from_its_first_frame_to_its_end_card(
    ctx: CapabilityContext,
) -> None:
    board = _board(ctx)
    on = dataclasses.replace(ctx, ai_label=AiLabel("always"))
    off = dataclasses.replace(ctx, ai_label=AiLabel("off"))
    labelled = registry()["generate_video"].invoke({"storyboard_id": board}, on)
    plain = registry()["generate_video"].invoke({"storyboard_id": board}, off)
    assert labelled.video is not None and plain.video is not None
    assert not any("label" in note for note in labelled.notes)
    x0, _, x1, y1 = _pill(_moments(ctx, labelled.video.asset_id),
                          _moments(ctx, plain.video.asset_id))
    width, height = labelled.video.width, labelled.video.height
    safe = resolve_placement("widescreen")  # a 16:9 video keeps the widescreen safe zone
    left, _, right, bottom = (round(v * width / safe.width) if i % 2 == 0
                              else round(v * height / safe.height)
                              for i, v in enumerate(safe.safe_box()))
    assert abs(y1 - bottom) <= 2 and (abs(x0 - left) <= 2 or abs(x1 - right) <= 2)


class _Recording(LocalVideoRenderer):
    """A renderer that notes the label each render was asked for, and renders nothing."""

    def __init__(self) -> None:
        self.labels: list[str | None] = []

    def render(self, *args: Any, **kwargs: Any) -> RenderedVideo:
        self.labels.append(kwargs.get("label"))
        out = Path(args[3]) / "video.mp4"
        out.write_bytes(b"not a video")
        return RenderedVideo(out, None, None, 1280, 720, 6.0, 24)


def test_an_advertisers_brand_kit_asks_for_the_label_on_its_videos(
    ctx: CapabilityContext,
) -> None:
    renderer = _Recording()
    ctx = dataclasses.replace(ctx, engines=dataclasses.replace(ctx.engines, video=renderer))
    board = _board(ctx)
    registry()["generate_video"].invoke({"storyboard_id": board}, ctx)  # required, no kit
    assert ctx.brand_kits is not None
    ctx.brand_kits.save(ctx.tenant, BrandKit(ai_label=True))
    registry()["generate_video"].invoke({"storyboard_id": board}, ctx)
    off = dataclasses.replace(ctx, ai_label=AiLabel("off"))
    registry()["generate_video"].invoke({"storyboard_id": board}, off)
    vertical = _board(ctx, size="1080x1920")
    always = dataclasses.replace(ctx, ai_label=AiLabel("always", "KI-generiert"))
    registry()["generate_video"].invoke({"storyboard_id": vertical}, always)
    assert renderer.labels == [None, "AI-generated", None, "KI-generiert"]


def test_a_live_image_carries_the_label_still_on_every_frame(ctx: CapabilityContext) -> None:
    [ad] = _ads(ctx)  # made without a label (the square feed ad requires none)
    on = dataclasses.replace(ctx, ai_label=AiLabel("always"))
    off = dataclasses.replace(ctx, ai_label=AiLabel("off"))
    labelled = registry()["animate_image"].invoke({"asset_id": ad, "seconds": 3}, on)
    plain = registry()["animate_image"].invoke({"asset_id": ad, "seconds": 3}, off)
    assert labelled.video is not None and plain.video is not None
    assert labelled.notes == [] and plain.notes == []
    x0, _, x1, y1 = _pill(_moments(ctx, labelled.video.asset_id),
                          _moments(ctx, plain.video.asset_id))
    left, _, right, bottom = resolve_placement("square").safe_box()
    assert abs(y1 - bottom) <= 2 and (abs(x0 - left) <= 2 or abs(x1 - right) <= 2)


def test_a_live_image_of_a_placement_without_text_says_its_label_is_left_out(
    ctx: CapabilityContext,
) -> None:
    ads = registry()["generate_ad_images"].invoke(
        {"product_image": _photo(ctx), "theme": "marble", "n": 1,
         "placements": ["amazon-sb-custom-image"]}, ctx)
    on = dataclasses.replace(ctx, ai_label=AiLabel("always"))
    live = registry()["animate_image"].invoke(
        {"asset_id": ads.images[0].asset_id, "seconds": 3}, on)
    assert any("left out" in note and "allows no text" in note for note in live.notes)


def test_a_video_whose_label_finds_no_place_says_so(
    ctx: CapabilityContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engines.local.video.render as render

    monkeypatch.setattr(render, "place_pill", lambda *args, **kwargs: None)
    on = dataclasses.replace(ctx, ai_label=AiLabel("always"))
    result = registry()["generate_video"].invoke({"storyboard_id": _board(ctx)}, on)
    assert any("'AI-generated' left out" in note for note in result.notes)


def test_a_video_placement_can_ask_for_the_label_as_an_image_placement_can(
    ctx: CapabilityContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import engines.local.video.storyboard as storyboards

    catalog = tmp_path / "video_placements.yaml"
    catalog.write_text(
        "placements:\n"
        "  - id: labelled-stream\n    label: A stream that asks for the label\n"
        "    aspects: ['16:9']\n    ai_label: true\n"
        "  - id: plain-stream\n    label: A stream that does not\n    aspects: ['16:9']\n"
    )
    shipped = storyboards.load_video_placements
    monkeypatch.setattr(storyboards, "load_video_placements", lambda: shipped(catalog))
    renderer = _Recording()
    ctx = dataclasses.replace(ctx, engines=dataclasses.replace(ctx.engines, video=renderer))
    board = _board(ctx)
    off = dataclasses.replace(ctx, ai_label=AiLabel("off"))
    for where, context in (("plain-stream", ctx), ("labelled-stream", ctx),
                           ("labelled-stream", off), (None, ctx)):
        registry()["generate_video"].invoke({"storyboard_id": board, "placement": where}, context)
    assert renderer.labels == [None, "AI-generated", None, None]
