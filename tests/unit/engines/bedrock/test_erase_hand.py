"""Erasing the hand that holds a product: Stability's erase-object service on Bedrock.

The calls go to a Stubber'd bedrock-runtime client; what Stability would paint is drawn
here (the backdrop where the hand was), so the test knows what the photo must become.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from core.errors import CapabilityError
from core.images import encode_png
from core.storage.assets import AssetStore
from engines import Engines
from engines.local.features import LocalFeatureEngine
from policy.text import load_policy
from tests.hand_photos import BACKDROP, held_product
from tests.unit.engines.bedrock.stubbed import Stubbed
from tools.sdk import CapabilityContext, registry

ERASE_ID = "us.stability.stable-image-erase-object-v1:0"
REMOVE_BACKGROUND_ID = "us.stability.stable-image-remove-background-v1:0"


def decoded(b64: str) -> np.ndarray:
    with Image.open(io.BytesIO(base64.b64decode(b64))) as image:
        return np.asarray(image.convert("L"))


NOTEBOOK = (250, 140, 640, 760)  # where hand_photos draws the notebook (left, top, right, bottom)


def without_hand(photo: Image.Image, hand: np.ndarray) -> Image.Image:
    """What the eraser would answer: the notebook and backdrop continued where the hand was."""
    grown = cv2.dilate(hand.astype(np.uint8), np.ones((15, 15), np.uint8)).astype(bool)
    pixels = np.asarray(photo).copy()
    painted = np.empty_like(pixels)
    painted[:] = BACKDROP
    left, top, right, bottom = NOTEBOOK
    painted[top:bottom, left:right] = pixels[300, left:right]  # the cover, from above the hand
    pixels[grown] = painted[grown]
    return Image.fromarray(pixels)


def test_only_the_masked_pixels_change(stability: Stubbed) -> None:
    photo = Image.fromarray(np.full((300, 400, 3), (200, 40, 40), np.uint8))
    mask = np.zeros((300, 400), np.uint8)
    mask[200:, 150:250] = 255
    stability.answer_image(Image.new("RGB", (400, 300), (10, 200, 10)))  # repaints everything
    erased = np.asarray(stability.engine.erase(photo, Image.fromarray(mask)))
    assert stability.sent[0]["modelId"] == ERASE_ID
    body = stability.body()
    assert body["output_format"] == "png"
    assert (decoded(body["mask"]) == mask).all()  # white is what to erase
    assert (erased[mask == 255] == (10, 200, 10)).all()
    assert (erased[mask == 0] == (200, 40, 40)).all()  # the product's pixels stay the photo's


def test_a_photo_above_the_services_limit_is_sent_smaller_and_comes_back_full_size(
    stability: Stubbed,
) -> None:
    photo = Image.new("RGB", (3000, 2000), (30, 60, 150))  # 6 MP, above the ~4.2 MP limit
    mask = np.zeros((2000, 3000), np.uint8)
    mask[1500:, 1000:2000] = 255
    stability.answer_image(Image.new("RGB", (2508, 1672), (240, 240, 240)))  # the size sent
    erased = np.asarray(stability.engine.erase(photo, Image.fromarray(mask)))
    sent = decoded(stability.body()["image"])
    assert sent.shape[0] * sent.shape[1] <= 4_194_304 and decoded(
        stability.body()["mask"]).shape == sent.shape
    assert erased.shape == (2000, 3000, 3)
    assert (erased[1600:, 1100:1900] == 240).all() and (erased[:1400] == (30, 60, 150)).all()


def test_other_painters_cannot_erase(nova_canvas: Stubbed) -> None:
    assert not nova_canvas.engine.can_erase
    with pytest.raises(CapabilityError) as caught:
        nova_canvas.engine.erase(Image.new("RGB", (64, 64)), Image.new("L", (64, 64), 255))
    assert "Stability" in caught.value.message and caught.value.hint
    assert nova_canvas.sent == []


def test_a_failed_call_is_a_capability_error(stability: Stubbed) -> None:
    stability.stubber.add_client_error("invoke_model", "ThrottlingException", "slow down",
                                       http_status_code=429)
    with pytest.raises(CapabilityError):
        stability.engine.erase(Image.new("RGB", (64, 64)), Image.new("L", (64, 64), 255))


def test_remove_hand_erases_the_hand_and_cuts_the_product_out_again(
    stability: Stubbed, tmp_path: Path
) -> None:
    held = held_product("dark", sleeve=(170, 40, 40))
    store = AssetStore(tmp_path / "assets")
    ctx = CapabilityContext(assets=store, engines=Engines(LocalFeatureEngine(), stability.engine),
                            policy=load_policy(), audit=None)
    assert stability.engine.can_erase
    photo_id = store.put(encode_png(held.photo), kind="product_photo", mime="image/png").id
    no_access = ("AccessDeniedException", "You don't have access to the model.")
    stability.stubber.add_client_error("invoke_model", *no_access)  # both cutouts: local
    stability.answer_image(without_hand(held.photo, held.hand))
    stability.stubber.add_client_error("invoke_model", *no_access)
    result = registry()["remove_hand"].invoke({"product_image": photo_id}, ctx)
    assert [call["modelId"] for call in stability.sent] == [REMOVE_BACKGROUND_ID, ERASE_ID,
                                                           REMOVE_BACKGROUND_ID]
    sent_mask = decoded(stability.body(1)["mask"]) > 127
    assert sent_mask[held.hand].mean() >= 0.98  # the whole hand, sleeve included
    assert sent_mask[held.product].mean() <= 0.05  # and hardly any of the product
    new = store.get(result.asset_id)
    assert (new.kind, new.capability, new.parents) == ("product_photo", "remove_hand", [photo_id])
    pixels = np.asarray(Image.open(store.path(result.asset_id)).convert("RGB"))
    original = np.asarray(held.photo)
    assert (pixels[~sent_mask] == original[~sent_mask]).all()  # untouched outside the mask
    cutout = store.get(result.cutout_id)
    assert cutout.kind == "product_cutout" and cutout.parents == [result.asset_id]
    assert result.cropped == [] and not cutout.parameters["hand"]  # it stands on its own now
    assert new.parameters["models"] == [ERASE_ID]  # its provenance: the eraser painted it
    assert cutout.parameters["models"] == [ERASE_ID]  # cut out locally: the eraser's work only
    box = cutout.parameters["box"]
    assert max(abs(a - b) for a, b in zip(box, NOTEBOOK, strict=True)) <= 4, box
    assert result.cutout_confidence is not None and result.cutout_confidence >= 0.5
    assert any("fingers covered" in note for note in result.notes)
