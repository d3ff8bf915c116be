"""The Bedrock image engine end to end through the capability, on a Stubber'd client."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import boto3
import numpy as np
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber
from PIL import Image

from agent.services import build_image_engine
from agent.settings import Settings
from tests.media import bottle_on_white
from tests.unit.test_full_loop import product_pixels_intact
from tools.assets import AssetStore
from tools.engines import Engines
from tools.engines.bedrock.images import BedrockImageEngine
from tools.engines.local.text import LocalFeatureEngine
from tools.errors import CapabilityError
from tools.images import encode_png
from tools.sdk import CapabilityContext, registry

GREEN = (40, 160, 90)


def model_reply(payload: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps(payload).encode()
    return {"body": StreamingBody(io.BytesIO(data), len(data)), "contentType": "application/json"}


def painted(size: tuple[int, int] = (1080, 1080)) -> str:
    return base64.b64encode(encode_png(Image.new("RGB", size, GREEN))).decode()


@pytest.fixture
def stubbed(tmp_path: Path) -> Any:
    client = boto3.client("bedrock-runtime", region_name="us-west-2")
    with Stubber(client) as stubber:
        engine = build_image_engine(Settings(image_engine="stability"), client=client)
        store = AssetStore(tmp_path / "assets")
        ctx = CapabilityContext(
            assets=store, engines=Engines(features=LocalFeatureEngine(), images=engine)
        )
        photo = bottle_on_white()[0]
        photo_id = store.put(encode_png(photo), kind="product_photo", mime="image/png").id
        sent: list[dict[str, Any]] = []
        client.meta.events.register(
            "provide-client-params.bedrock-runtime.InvokeModel",
            lambda params, **kw: sent.append(params),
        )
        yield stubber, ctx, photo_id, sent
        stubber.assert_no_pending_responses()


def test_the_model_paints_the_scene_and_the_product_stays_the_photos(stubbed: Any) -> None:
    stubber, ctx, photo_id, sent = stubbed
    assert isinstance(ctx.engines.images, BedrockImageEngine)
    stubber.add_response(
        "invoke_model",
        model_reply({"seeds": [7], "finish_reasons": [None], "images": [painted()]}),
        {"modelId": "us.stability.stable-image-inpaint-v1:0", "body": ANY,
         "contentType": "application/json", "accept": "application/json"},
    )
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "headline": "Stay cold.",
         "context": "summer hiking"}, ctx)
    body = json.loads(sent[0]["body"])
    assert body["prompt"].startswith("Professional advertising product photograph")
    assert "text" in body["negative_prompt"] and body["output_format"] == "png"
    mask = Image.open(io.BytesIO(base64.b64decode(body["mask"]))).convert("L")
    assert mask.getpixel((5, 5)) == 255  # the background is repainted...
    ad_id = made.images[0].asset_id
    left, top, right, bottom = ctx.assets.get(ad_id).parameters["product_box"]
    assert mask.getpixel(((left + right) // 2, (top + bottom) // 2)) == 0  # ...the product not
    pixels = np.asarray(Image.open(ctx.assets.path(ad_id)).convert("RGB"))
    assert tuple(pixels[1075, 5]) == GREEN  # the model's scene, not the local one
    opaque, differ = product_pixels_intact(ctx.assets, ad_id)
    assert opaque > 10_000 and differ == 0  # the product is the photo's own pixels


def test_a_filtered_scene_is_a_message_not_a_crash(stubbed: Any) -> None:
    stubber, ctx, photo_id, _ = stubbed
    stubber.add_response(
        "invoke_model",
        model_reply({"seeds": [1], "finish_reasons": ["Filter reason: output image"]}),
        {"modelId": ANY, "body": ANY, "contentType": ANY, "accept": ANY},
    )
    with pytest.raises(CapabilityError, match="blocked the generated image"):
        registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)


def test_local_is_the_default_and_unknown_engines_say_so() -> None:
    assert build_image_engine(Settings()).name == "local"
    client = boto3.client("bedrock-runtime", region_name="us-west-2")
    with pytest.raises(CapabilityError, match="not available in this release"):
        build_image_engine(Settings(image_engine="titan-v2"), client=client)
