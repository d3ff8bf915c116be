"""The ads' product cutout on the Bedrock engine: Stability's remove-background, or local."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.images import encode_png
from core.schemas import GenerateAdImagesResult
from core.storage.assets import AssetStore
from core.storage.seed_box import KEY as SEED_BOX
from engines import Engines
from engines.local.features import LocalFeatureEngine
from evals.recipes import bottle_on_white
from policy.text import load_policy
from tests.checks import product_pixels_intact
from tests.hand_photos import held_product
from tests.unit.engines.bedrock.stubbed import Stubbed
from tools.sdk import CapabilityContext, registry

REMOVE_BACKGROUND_ID = "us.stability.stable-image-remove-background-v1:0"
INPAINT_ID = "us.stability.stable-image-inpaint-v1:0"
LOCAL_METHODS = {"learned", "plain-background", "grabcut"}
GREEN = (40, 160, 90)


def matte(mask: np.ndarray) -> str:
    """Stability's remove-background answer for a mask: an RGBA PNG, base64."""
    rgba = np.zeros((*mask.shape, 4), np.uint8)
    rgba[..., :3] = 90
    rgba[..., 3] = np.where(mask, 255, 0)
    return base64.b64encode(encode_png(Image.fromarray(rgba))).decode()


def context(stability: Stubbed, tmp_path: Path) -> CapabilityContext:
    """A capability context on the Stubber'd Stability engine."""
    return CapabilityContext(assets=AssetStore(tmp_path / "assets"),
                             engines=Engines(LocalFeatureEngine(), stability.engine),
                             policy=load_policy(), audit=None)


def upload(ctx: CapabilityContext, photo: Image.Image) -> str:
    """Store ``photo`` as a product photo; its asset id."""
    return ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png").id


def generate(ctx: CapabilityContext, photo_id: str) -> GenerateAdImagesResult:
    """One ad of the photo (one scene painted by Stability)."""
    made = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    assert isinstance(made, GenerateAdImagesResult)
    return made


def test_one_call_per_photo_and_the_ads_product_is_the_photos(
    stability: Stubbed, tmp_path: Path
) -> None:
    ctx = context(stability, tmp_path)
    photo, mask = bottle_on_white()
    photo_id = upload(ctx, photo)
    stability.answer({"seeds": [0], "finish_reasons": [None], "images": [matte(mask)]})
    stability.answer_image(Image.new("RGB", (1080, 1080), GREEN))
    first = generate(ctx, photo_id)
    stability.answer_image(Image.new("RGB", (1080, 1080), GREEN))
    second = generate(ctx, photo_id)
    assert [call["modelId"] for call in stability.sent] == [
        REMOVE_BACKGROUND_ID, INPAINT_ID, INPAINT_ID]  # the second generation reuses the cutout
    assert first.cutout_id == second.cutout_id
    stored = ctx.assets.get(first.cutout_id)
    assert stored.parameters["method"] == "stability"
    assert stored.parameters["confidence"] is None  # a model's matte: no measured confidence
    assert first.cutout_confidence is None
    assert stored.parameters["kept_share"] == pytest.approx(mask.mean(), abs=1e-3)
    left, top, right, bottom = stored.parameters["box"]
    cut = np.asarray(Image.open(ctx.assets.path(stored.id)).convert("RGBA"))
    inside = mask[top:bottom, left:right]
    assert (cut[..., 3] == np.where(inside, 255, 0)).all()  # Stability's alpha...
    photo_pixels = np.asarray(photo.convert("RGB"))[top:bottom, left:right]
    assert (cut[..., :3][inside] == photo_pixels[inside]).all()  # ...the photo's own pixels
    for made in (first, second):
        opaque, differ = product_pixels_intact(ctx.assets, made.images[0].asset_id)
        assert opaque > 10_000 and differ == 0


def test_a_failed_call_falls_back_to_the_local_cutout_with_a_note(
    stability: Stubbed, tmp_path: Path
) -> None:
    ctx = context(stability, tmp_path)
    photo, mask = bottle_on_white()
    photo_id = upload(ctx, photo)
    stability.stubber.add_client_error("invoke_model", "AccessDeniedException",
                                       "You don't have access to the model.", 403)
    stability.answer_image(Image.new("RGB", (1080, 1080), GREEN))
    made = generate(ctx, photo_id)
    assert [call["modelId"] for call in stability.sent] == [REMOVE_BACKGROUND_ID, INPAINT_ID]
    stored = ctx.assets.get(made.cutout_id)
    assert stored.parameters["method"] in LOCAL_METHODS
    assert "You don't have access to the model." in stored.parameters["fallback"]
    assert any("remove-background was not used" in note and "cut out locally" in note
               for note in made.notes)
    left, top, right, bottom = stored.parameters["box"]
    assert mask[top:bottom, left:right].sum() > 0.98 * mask.sum()  # still the whole bottle
    opaque, differ = product_pixels_intact(ctx.assets, made.images[0].asset_id)
    assert opaque > 10_000 and differ == 0


def test_a_matte_that_keeps_the_whole_photo_is_not_used(stability: Stubbed) -> None:
    photo, mask = bottle_on_white()
    everything = np.ones_like(mask)
    everything[0, 0] = False  # one transparent pixel: "transparency", but no separation
    stability.answer({"images": [matte(everything)]})
    cut = stability.engine.cut_out(photo)
    assert cut.method in LOCAL_METHODS and len(stability.sent) == 1
    assert "kept the whole photo" in getattr(cut, "fallback", "")


def test_a_marked_box_uses_the_local_seeded_cutout_without_a_call(
    stability: Stubbed, tmp_path: Path
) -> None:
    ctx = context(stability, tmp_path)
    photo, mask = bottle_on_white()
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    box = [int(cols[0]) - 20, int(rows[0]) - 20, int(cols[-1]) + 21, int(rows[-1]) + 21]
    photo_id = ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                              parameters={SEED_BOX: box}).id
    stability.answer_image(Image.new("RGB", (1080, 1080), GREEN))
    made = generate(ctx, photo_id)
    assert [call["modelId"] for call in stability.sent] == [INPAINT_ID]
    stored = ctx.assets.get(made.cutout_id)
    assert stored.parameters["method"] in LOCAL_METHODS and stored.parameters[SEED_BOX] == box


def test_a_hand_in_stabilitys_matte_is_still_reported(stability: Stubbed) -> None:
    held = held_product("dark", sleeve=(170, 40, 40))
    stability.answer({"images": [matte(held.product | held.hand)]})
    cut = stability.engine.cut_out(held.photo)
    assert cut.method == "stability" and cut.hand and cut.cropped

