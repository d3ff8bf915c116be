"""Videos and live images of a held product, through the capabilities (issue 18).

The cutout stored for the photo says which sides the product runs off; the video, its
remote first frame and the live image of its ad all show it entering from that side.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from PIL import Image

from core.images import encode_png
from engines.local.renderer import LocalVideoRenderer
from evals.recipes import bottle_on_white, hand_holding_product
from tests.held import edge_run, palette
from tools.sdk import CapabilityContext, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return dataclasses.replace(services.capability_context("default"), max_variations=1)


def put(services: Services, photo: Image.Image) -> str:
    return services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                               width=photo.width, height=photo.height).id


def image(ctx: CapabilityContext, asset_id: str) -> Image.Image:
    return Image.open(io.BytesIO(ctx.assets.read(asset_id))).convert("RGBA")


def cutout_of(ctx: CapabilityContext, photo_id: str) -> Image.Image:
    (stored,) = ctx.assets.derived(photo_id, "product_cutout", ctx.tenant)
    return image(ctx, stored.id)


class _Recording(LocalVideoRenderer):
    """The local renderer, noting which cut sides each render was given."""

    def __init__(self) -> None:
        self.cropped: list[list[str]] = []

    def render(self, *args: Any, **kwargs: Any) -> Any:
        self.cropped.append(sorted(kwargs.get("cropped", ())))
        return super().render(*args, **kwargs)


def _video_poster(ctx: CapabilityContext, photo_id: str) -> np.ndarray:
    board = registry()["write_storyboard"].invoke({"product_image": photo_id, "seconds": 6}, ctx)
    result = registry()["generate_video"].invoke({"storyboard_id": board.storyboard_id}, ctx)
    assert result.video is not None and result.video.poster_id
    return np.asarray(image(ctx, result.video.poster_id))


def test_a_video_of_a_held_product_shows_it_entering_from_the_bottom(
    ctx: CapabilityContext, services: Services
) -> None:
    renderer = _Recording()
    ctx.engines = replace(ctx.engines, video=renderer)
    held_id = put(services, hand_holding_product()[0])
    poster = _video_poster(ctx, held_id)
    assert edge_run(poster, palette(cutout_of(ctx, held_id)), "bottom") >= 30
    _video_poster(ctx, put(services, bottle_on_white()[0]))
    assert renderer.cropped == [["bottom"], []]  # a free-standing product stays on its floor


def test_a_live_image_of_a_held_products_ad_keeps_it_at_the_bottom(
    ctx: CapabilityContext, services: Services
) -> None:
    held_id = put(services, hand_holding_product()[0])
    ads = registry()["generate_ad_images"].invoke(
        {"product_image": held_id, "n": 1, "placements": ["square"], "headline": "Glow."}, ctx
    )
    live = registry()["animate_image"].invoke(
        {"asset_id": ads.images[0].asset_id, "seconds": 3}, ctx
    )
    assert live.video is not None and live.video.poster_id and live.notes == []
    poster = np.asarray(image(ctx, live.video.poster_id))
    assert edge_run(poster, palette(cutout_of(ctx, held_id)), "bottom") >= 30


class _RemoteVideo:
    """Keeps the first frames a remote video model would be sent."""

    def __init__(self) -> None:
        self.frames: list[Image.Image] = []

    def submit_storyboard(self, storyboard: Any, frames: Any, **kw: Any) -> Any:
        self.frames.append(frames[0])
        return dataclasses.make_dataclass("Job", [("id", str), ("notes", tuple)])("job_1", ())


def test_a_remote_video_model_starts_from_the_held_product_at_the_bottom(
    ctx: CapabilityContext, services: Services
) -> None:
    remote = _RemoteVideo()
    ctx.engines = replace(ctx.engines, video_jobs=remote)
    held_id = put(services, hand_holding_product()[0])
    board = registry()["write_storyboard"].invoke({"product_image": held_id, "seconds": 6}, ctx)
    registry()["generate_video"].invoke({"storyboard_id": board.storyboard_id}, ctx)
    (first,) = remote.frames
    assert edge_run(np.asarray(first), palette(cutout_of(ctx, held_id)), "bottom") >= 30
