"""Background removal on the Bedrock image engine: Stability's matte, or the local cutout."""

from __future__ import annotations

import base64
import io
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from botocore.exceptions import EndpointConnectionError
from PIL import Image

from core.errors import NoProductError
from core.images import encode_png
from core.storage.assets import AssetStore
from engines import Engines
from engines.local.features import LocalFeatureEngine
from evals.recipes import bottle_on_white
from policy.text import load_policy
from tests.unit.engines.bedrock.stubbed import Stubbed
from tools.sdk import CapabilityContext, registry

REMOVE_BACKGROUND_ID = "us.stability.stable-image-remove-background-v1:0"
LOCAL_METHODS = {"learned", "plain-background", "grabcut"}


def matte(mask: np.ndarray) -> str:
    """Stability's answer for a mask: an RGBA PNG (grey where transparent), base64."""
    rgba = np.zeros((*mask.shape, 4), np.uint8)
    rgba[..., :3] = 90
    rgba[..., 3] = np.where(mask, 255, 0)
    return base64.b64encode(encode_png(Image.fromarray(rgba))).decode()


def test_stabilitys_alpha_cuts_the_photos_own_pixels(stability: Stubbed) -> None:
    photo, mask = bottle_on_white()
    stability.answer({"seeds": [0], "finish_reasons": [None], "images": [matte(mask)]})
    cut = stability.engine.remove_background(photo)
    assert stability.sent[0]["modelId"] == REMOVE_BACKGROUND_ID
    assert json.loads(stability.sent[0]["body"])["output_format"] == "png"
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    box = (cols[0], rows[0], cols[-1] + 1, rows[-1] + 1)
    assert cut.box == box and cut.image.size == (box[2] - box[0], box[3] - box[1])
    assert (cut.method, cut.confidence, cut.doubts, cut.cropped) == (
        "stability", 1.0, (), frozenset())
    crop = np.asarray(cut.image)
    assert (crop[..., 3] == np.where(mask[box[1]:box[3], box[0]:box[2]], 255, 0)).all()
    photo_pixels = np.asarray(photo.convert("RGB"))[box[1]:box[3], box[0]:box[2]]
    assert (crop[..., :3] == photo_pixels).all()  # the product is the photo's, not redrawn


def test_a_product_cut_by_the_frame_is_reported_on_that_side(stability: Stubbed) -> None:
    photo = Image.new("RGB", (300, 200), "white")
    mask = np.zeros((200, 300), bool)
    mask[120:, 100:180] = True  # runs off the bottom
    stability.answer({"images": [matte(mask)]})
    cut = stability.engine.remove_background(photo)
    assert cut.box == (100, 120, 180, 200) and cut.cropped == {"bottom"}


def test_a_photo_above_the_services_limit_is_sent_smaller_and_cut_at_full_size(
    stability: Stubbed,
) -> None:
    photo = Image.new("RGB", (3000, 2000), "white")  # 6 MP: above the ~4.2 MP limit
    sent_mask = np.zeros((1672, 2508), bool)  # Stability answers at the size it was sent
    sent_mask[418:1254, 836:1672] = True
    stability.answer({"images": [matte(sent_mask)]})
    cut = stability.engine.remove_background(photo)
    body = json.loads(stability.sent[0]["body"])
    with Image.open(io.BytesIO(base64.b64decode(body["image"]))) as sent:
        assert sent.width * sent.height <= 4_194_304 and sent.width / sent.height == 1.5
    left, top, right, bottom = cut.box  # the matte scaled back onto the 3000x2000 photo
    assert abs(left - 1000) <= 3 and abs(top - 500) <= 3
    assert abs(right - 2000) <= 3 and abs(bottom - 1500) <= 3


def test_an_empty_matte_means_no_product(stability: Stubbed) -> None:
    stability.answer({"images": [matte(np.zeros((200, 300), bool))]})
    with pytest.raises(NoProductError):
        stability.engine.remove_background(Image.new("RGB", (300, 200), "white"))


@pytest.mark.parametrize(
    ("code", "message"),
    [("ValidationException", "image dimensions exceed the limit"),
     ("AccessDeniedException", "You don't have access to the model with the specified ID.")],
)
def test_a_failed_call_falls_back_to_the_local_cutout_with_a_warning(
    stability: Stubbed, caplog: pytest.LogCaptureFixture, code: str, message: str
) -> None:
    stability.stubber.add_client_error("invoke_model", code, message, http_status_code=400)
    photo, mask = bottle_on_white()
    with caplog.at_level(logging.WARNING, logger="engines.bedrock.images"):
        cut = stability.engine.remove_background(photo)
    assert len(stability.sent) == 1 and cut.method in LOCAL_METHODS
    assert any(r.levelno == logging.WARNING and message in r.getMessage()
               for r in caplog.records)
    left, top, right, bottom = cut.box
    assert mask[top:bottom, left:right].sum() > 0.98 * mask.sum()


def test_an_unreachable_endpoint_falls_back_too(
    stability: Stubbed, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(**kwargs: Any) -> None:
        raise EndpointConnectionError(endpoint_url="https://bedrock-runtime.us-west-2")

    monkeypatch.setattr(stability.engine.painter._client.client,  # type: ignore[attr-defined]
                        "invoke_model", unreachable)
    assert stability.engine.remove_background(bottle_on_white()[0]).method in LOCAL_METHODS


def test_a_filtered_answer_falls_back_too(stability: Stubbed) -> None:
    stability.answer({"seeds": [1], "finish_reasons": ["Filter reason: input image"]})
    assert stability.engine.remove_background(bottle_on_white()[0]).method in LOCAL_METHODS


def test_a_photo_already_transparent_keeps_its_alpha_without_a_call(stability: Stubbed) -> None:
    photo = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    photo.paste((30, 90, 200, 255), (40, 50, 140, 150))
    cut = stability.engine.remove_background(photo)
    assert stability.sent == [] and cut.method == "alpha" and cut.box == (40, 50, 140, 150)


def test_other_painters_cut_out_locally(nova_canvas: Stubbed) -> None:
    cut = nova_canvas.engine.remove_background(bottle_on_white()[0])
    assert nova_canvas.sent == [] and cut.method in LOCAL_METHODS


def test_the_capability_stores_stabilitys_cutout_lined_up_with_the_photo(
    stability: Stubbed, tmp_path: Path
) -> None:
    photo, mask = bottle_on_white()
    store = AssetStore(tmp_path / "assets")
    ctx = CapabilityContext(assets=store, engines=Engines(LocalFeatureEngine(), stability.engine),
                            policy=load_policy(), audit=None)
    photo_id = store.put(encode_png(photo), kind="product_photo", mime="image/png").id
    stability.answer({"images": [matte(mask)]})
    result = registry()["remove_background"].invoke({"product_image": photo_id}, ctx)
    assert (result.method, result.confidence, result.notes) == ("stability", 1.0, [])
    png = Image.open(store.path(result.asset_id))
    assert png.mode == "RGBA" and png.size == photo.size
    assert (np.asarray(png.getchannel("A")) == np.where(mask, 255, 0)).all()
