"""The remove_background capability, called directly: a transparent PNG that lines up."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import pytest
from PIL import Image
from pydantic import ValidationError

from core.errors import CapabilityError
from core.images import encode_png
from core.schemas import RemoveBackgroundRequest
from core.settings import Settings
from engines.local.cutout import Cutout
from engines.local.images import LocalImageEngine
from evals.recipes import bottle_on_white
from tools.cost import estimate
from tools.sdk import CapabilityContext, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


def _store(ctx: CapabilityContext, photo: Image.Image) -> str:
    return ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                          width=photo.width, height=photo.height).id


def _alpha(ctx: CapabilityContext, asset_id: str) -> np.ndarray:
    png = Image.open(ctx.assets.path(asset_id))
    assert png.format == "PNG" and png.mode == "RGBA"
    return np.asarray(png.getchannel("A"))


def test_the_product_is_cut_out_on_transparency_at_the_photos_size(
    ctx: CapabilityContext,
) -> None:
    photo, mask = bottle_on_white()
    photo_id = _store(ctx, photo)
    result = registry()["remove_background"].invoke({"product_image": photo_id}, ctx)
    alpha = _alpha(ctx, result.asset_id)
    assert alpha.shape == mask.shape and (result.width, result.height) == photo.size
    solid = alpha >= 128
    iou = np.count_nonzero(solid & mask) / np.count_nonzero(solid | mask)
    assert iou >= 0.95, iou
    asset = ctx.assets.get(result.asset_id)
    assert asset.kind == "background_removed" and asset.mime == "image/png"
    assert photo_id in asset.parents and result.parent_id == photo_id
    assert asset.capability == "remove_background"
    assert asset.parameters["method"] == result.method
    left, top, right, bottom = asset.parameters["box"]
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    assert abs(left - cols[0]) <= 3 and abs(right - cols[-1] - 1) <= 3
    assert abs(top - rows[0]) <= 3 and abs(bottom - rows[-1] - 1) <= 3
    assert result.new_asset_ids() == [result.asset_id]


def test_a_blank_photo_is_refused_with_a_hint_and_nothing_is_stored(
    ctx: CapabilityContext,
) -> None:
    photo_id = _store(ctx, Image.new("RGB", (400, 400), "white"))
    with pytest.raises(CapabilityError) as caught:
        registry()["remove_background"].invoke({"product_image": photo_id}, ctx)
    assert caught.value.hint
    assert [a.kind for a in ctx.assets.list()] == ["product_photo"]


class FixedCutout(LocalImageEngine):
    """An image engine whose background removal gives one known cutout."""

    def __init__(self, cutout: Cutout) -> None:
        self.cutout = cutout

    def remove_background(
        self, photo: Image.Image, box: tuple[int, int, int, int] | None = None
    ) -> Cutout:
        return self.cutout


def _with_cutout(ctx: CapabilityContext, cutout: Cutout) -> CapabilityContext:
    engines = dataclasses.replace(ctx.engines, images=FixedCutout(cutout))
    return dataclasses.replace(ctx, engines=engines)


def test_the_cutout_goes_back_where_it_was_in_the_photo(ctx: CapabilityContext) -> None:
    product = Image.new("RGBA", (30, 40), (200, 30, 30, 255))
    cut = Cutout(image=product, box=(50, 60, 80, 100), method="learned", confidence=0.9)
    photo_id = _store(ctx, Image.new("RGB", (300, 200), "white"))
    result = registry()["remove_background"].invoke(
        {"product_image": photo_id}, _with_cutout(ctx, cut))
    png = np.asarray(Image.open(ctx.assets.path(result.asset_id)))
    assert png.shape == (200, 300, 4)
    assert (png[60:100, 50:80] == (200, 30, 30, 255)).all()
    outside = np.ones((200, 300), bool)
    outside[60:100, 50:80] = False
    assert (png[outside][:, 3] == 0).all()
    assert result.notes == [] and result.confidence == 0.9


def test_a_doubtful_cutout_says_why_and_offers_the_choices(ctx: CapabilityContext) -> None:
    doubt = "the product's edge is faint against the background"
    cut = Cutout(image=Image.new("RGBA", (20, 20), (9, 9, 9, 255)), box=(0, 180, 20, 200),
                 method="learned", confidence=0.3, doubts=(doubt,),
                 cropped=frozenset({"bottom", "left"}))
    photo_id = _store(ctx, Image.new("RGB", (300, 200), "white"))
    result = registry()["remove_background"].invoke(
        {"product_image": photo_id}, _with_cutout(ctx, cut))
    assert result.confidence == 0.3
    doubts = [n for n in result.notes if doubt in n]
    assert len(doubts) == 1
    assert "PNG" in doubts[0] and "transparent" in doubts[0] and "as it is" in doubts[0]
    assert any("left and bottom" in n for n in result.notes)


def test_progress_is_reported_from_start_to_end(ctx: CapabilityContext) -> None:
    seen: list[tuple[int, int]] = []
    ctx.progress = lambda done, total, message: seen.append((done, total))
    photo_id = _store(ctx, bottle_on_white()[0])
    registry()["remove_background"].invoke({"product_image": photo_id}, ctx)
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] > 0


def test_an_asset_that_is_no_image_is_refused(ctx: CapabilityContext) -> None:
    text_id = ctx.assets.put(b"{}", kind="storyboard", mime="application/json").id
    with pytest.raises(CapabilityError, match="not an image"):
        registry()["remove_background"].invoke({"product_image": text_id}, ctx)


def test_it_costs_a_stability_image_on_bedrock_and_nothing_locally(
    ctx: CapabilityContext,
) -> None:
    args = {"product_image": "img_0000000000"}
    on_bedrock = estimate("remove_background", args, Settings(engine="bedrock"), ctx.assets)
    assert 0.06 <= on_bedrock.usd <= 0.08  # Stability's remove background, per image
    assert estimate("remove_background", args, Settings(), ctx.assets).usd == 0


def test_a_box_drawn_by_the_advertiser_seeds_the_cutout(services: Services) -> None:
    photo = np.full((600, 900, 3), 247, np.uint8)
    photo[150:450, 100:350] = (200, 40, 40)  # another object beside the product
    photo[200:420, 560:760] = (40, 70, 190)  # the product
    asset = services.assets.put(encode_png(Image.fromarray(photo)), kind="product_photo",
                                mime="image/png", width=900, height=600)
    ctx = services.capability_context("default")
    result = registry()["remove_background"].invoke(
        {"product_image": asset.id, "box": [520, 170, 800, 450]}, ctx
    )
    png = np.asarray(Image.open(io.BytesIO(services.assets.read(result.asset_id))))
    assert png.shape == (600, 900, 4)
    assert png[300, 660, 3] == 255 and png[300, 200, 3] == 0  # the product, not its neighbour
    assert services.assets.get(result.asset_id).parameters["seed_box"] == [520, 170, 800, 450]


@pytest.mark.parametrize("box", [[10, 10, 5, 50], [10, 50, 40, 50], [1, 2, 3], [-1, 0, 5, 5]])
def test_a_box_without_area_is_refused_by_the_request(box: list[int]) -> None:
    with pytest.raises(ValidationError):
        RemoveBackgroundRequest(product_image="a1", box=box)
