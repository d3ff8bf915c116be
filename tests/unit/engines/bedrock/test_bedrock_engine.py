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

from core.errors import CapabilityError
from core.images import encode_png
from core.settings import Settings
from core.storage.assets import AssetStore
from engines import Engines
from engines.bedrock.images import BedrockImageEngine
from engines.local.features import LocalFeatureEngine
from evals.recipes import bottle_on_white
from policy.text import load_policy
from tests.checks import product_pixels_intact
from tools.sdk import CapabilityContext, registry
from tools.services import build_image_engine

GREEN = (40, 160, 90)


def model_reply(payload: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps(payload).encode()
    return {"body": StreamingBody(io.BytesIO(data), len(data)), "contentType": "application/json"}


def painted(size: tuple[int, int] = (1080, 1080)) -> str:
    return base64.b64encode(encode_png(Image.new("RGB", size, GREEN))).decode()


def answer_cutout(stubber: Stubber) -> None:
    """Queue Stability's remove-background answer for the bottle: its mask as the alpha."""
    mask = bottle_on_white()[1]
    rgba = np.zeros((*mask.shape, 4), np.uint8)
    rgba[..., 3] = np.where(mask, 255, 0)
    png = base64.b64encode(encode_png(Image.fromarray(rgba))).decode()
    stubber.add_response(
        "invoke_model", model_reply({"seeds": [3], "finish_reasons": [None], "images": [png]}),
        {"modelId": "us.stability.stable-image-remove-background-v1:0", "body": ANY,
         "contentType": ANY, "accept": ANY},
    )


@pytest.fixture
def stubbed(tmp_path: Path) -> Any:
    client = boto3.client("bedrock-runtime", region_name="us-west-2")
    with Stubber(client) as stubber:
        engine = build_image_engine(Settings(image_engine="stability"), client=client)
        store = AssetStore(tmp_path / "assets")
        ctx = CapabilityContext(
            assets=store, engines=Engines(features=LocalFeatureEngine(), images=engine),
            policy=load_policy(), audit=None,
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
    answer_cutout(stubber)
    stubber.add_response(
        "invoke_model",
        model_reply({"seeds": [7], "finish_reasons": [None], "images": [painted()]}),
        {"modelId": "us.stability.stable-image-inpaint-v1:0", "body": ANY,
         "contentType": "application/json", "accept": "application/json"},
    )
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "headline": "Stay cold.",
         "context": "summer hiking"}, ctx)
    body = json.loads(sent[1]["body"])
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
    answer_cutout(stubber)
    stubber.add_response(
        "invoke_model",
        model_reply({"seeds": [1], "finish_reasons": ["Filter reason: output image"]}),
        {"modelId": ANY, "body": ANY, "contentType": ANY, "accept": ANY},
    )
    with pytest.raises(CapabilityError, match="blocked the generated image"):
        registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)


@pytest.mark.parametrize(
    ("engine", "model_id", "size"),
    [("nova-canvas", "amazon.nova-canvas-v1:0", None),
     ("titan-v2", "amazon.titan-image-generator-v2:0", (1024, 1024))],
)
def test_nova_canvas_and_titan_outpaint_precisely_around_the_product(
    tmp_path: Path, engine: str, model_id: str, size: tuple[int, int] | None
) -> None:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    sent: list[dict[str, Any]] = []
    client.meta.events.register("provide-client-params.bedrock-runtime.InvokeModel",
                                lambda params, **kw: sent.append(params))
    store = AssetStore(tmp_path / "assets")
    images = build_image_engine(Settings(image_engine=engine), client=client)  # type: ignore[arg-type]
    ctx = CapabilityContext(assets=store, engines=Engines(LocalFeatureEngine(), images),
                            policy=load_policy(), audit=None)
    photo_id = store.put(encode_png(bottle_on_white()[0]), kind="product_photo",
                         mime="image/png").id
    with Stubber(client) as stubber:
        stubber.add_response("invoke_model", model_reply({"images": [painted((512, 512))]}),
                             {"modelId": model_id, "body": ANY, "contentType": ANY,
                              "accept": ANY})
        made = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    body = json.loads(sent[0]["body"])
    assert body["taskType"] == "OUTPAINTING"
    params = body["outPaintingParams"]
    assert params["outPaintingMode"] == "PRECISE" and "maskImage" in params
    sent_image = Image.open(io.BytesIO(base64.b64decode(params["image"])))
    assert sent_image.size[0] % 16 == 0 and (size is None or sent_image.size == size)
    mask = Image.open(io.BytesIO(base64.b64decode(params["maskImage"]))).convert("L")
    assert mask.getpixel((3, 3)) == 255  # outpainting redraws WHITE: the background
    opaque, differ = product_pixels_intact(store, made.images[0].asset_id)
    assert opaque > 10_000 and differ == 0


def test_local_is_the_default() -> None:
    assert build_image_engine(Settings()).name == "local"
    assert build_image_engine(Settings(engine="bedrock", image_engine="local")).name == "local"
