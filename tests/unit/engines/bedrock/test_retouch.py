"""The edit tool's retouches on Bedrock: Stability's erase, outpaint and conservative upscale.

The calls go to a Stubber'd bedrock-runtime client. Stability's answers are drawn here in a
colour no input has (green), so every pixel of a result tells whether the model or the input
made it: the product's pixels must always be the input's.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.images import encode_png
from core.storage.assets import AssetStore
from engines import Engines
from engines.local.features import LocalFeatureEngine
from policy.text import load_policy
from tests.unit.engines.bedrock.stubbed import Stubbed
from tools.sdk import CapabilityContext, registry

ERASE_ID = "us.stability.stable-image-erase-object-v1:0"
OUTPAINT_ID = "us.stability.stable-outpaint-v1:0"
UPSCALE_ID = "us.stability.stable-conservative-upscale-v1:0"
SCENE, PRODUCT, MODEL = (200, 180, 150), (180, 20, 30), (10, 200, 10)


def decoded(b64: str) -> Image.Image:
    with Image.open(io.BytesIO(base64.b64decode(b64))) as image:
        image.load()
        return image


def accepted(size: tuple[int, int]) -> bool:
    """Stability's size rules: sides >= 64, 4,096-9,437,184 pixels, aspect 1:2.5 to 2.5:1."""
    w, h = size
    return min(w, h) >= 64 and 4_096 <= w * h <= 9_437_184 and 1 / 2.5 <= w / h <= 2.5


def ad(size: tuple[int, int], product: tuple[int, int, int, int]) -> tuple[Image.Image, np.ndarray]:
    """A flat scene with a red product in ``product`` (l, t, r, b), and the product's mask."""
    image = Image.new("RGB", size, SCENE)
    image.paste(PRODUCT, product)
    protect = np.zeros((size[1], size[0]), bool)
    protect[product[1] : product[3], product[0] : product[2]] = True
    return image, protect


def throttled(stub: Stubbed) -> None:
    stub.stubber.add_client_error("invoke_model", "ThrottlingException", "Too many requests",
                                  http_status_code=429)


# ----------------------------------------------------------------------------- remove


def test_a_removal_erases_its_box_less_the_product(stability: Stubbed) -> None:
    image, protect = ad((400, 300), (150, 100, 250, 200))
    stability.answer_image(Image.new("RGB", (400, 300), MODEL))  # repaints everything
    box = [0.25, 0.5, 0.75, 1.0]  # (100, 150)-(300, 300): half of it over the product
    done = stability.engine.retouch(image, [{"op": "remove", "box": box}], protect)
    assert stability.sent[0]["modelId"] == ERASE_ID
    body = stability.body()
    assert set(body) == {"image", "mask", "output_format"} and body["output_format"] == "png"
    expected = np.zeros((300, 400), bool)
    expected[150:300, 100:300] = True
    expected &= ~protect
    assert ((np.asarray(decoded(body["mask"]).convert("L")) > 127) == expected).all()
    pixels = np.asarray(done.image)
    assert (pixels[protect] == PRODUCT).all()  # the product is the input's
    assert (pixels[expected] == MODEL).all()
    assert (pixels[~expected & ~protect] == SCENE).all() and done.notes == ()


def test_a_removal_on_a_leaderboard_is_sent_padded_to_a_size_stability_takes(
    stability: Stubbed,
) -> None:
    image, protect = ad((728, 90), (20, 10, 80, 80))
    stability.answer_image(Image.new("RGB", (728, 292), MODEL))  # 728x90 padded to 2.5:1
    done = stability.engine.retouch(image, [{"op": "remove", "box": [0.5, 0, 1, 1]}], protect)
    sent, mask = decoded(stability.body()["image"]), decoded(stability.body()["mask"])
    assert accepted(sent.size) and mask.size == sent.size
    assert np.asarray(mask.convert("L")).sum() == 364 * 90 * 255  # only the banner's half
    pixels = np.asarray(done.image)
    assert done.image.size == (728, 90)
    assert (pixels[:, 364:] == MODEL).all() and (pixels[:, :364][~protect[:, :364]] == SCENE).all()
    assert (pixels[protect] == PRODUCT).all()


def test_a_failed_erase_cleans_up_locally_with_a_note(stability: Stubbed) -> None:
    image, protect = ad((400, 300), (150, 100, 250, 200))
    image.paste((0, 0, 0), (20, 20, 60, 60))  # a speck to remove
    throttled(stability)
    done = stability.engine.retouch(image, [{"op": "remove", "box": [0, 0, 0.25, 0.25]}],
                                    protect)
    (note,) = done.notes
    assert "erase-object" in note and "locally" in note
    pixels = np.asarray(done.image).astype(int)
    assert (pixels[protect] == PRODUCT).all()
    assert np.abs(pixels[25:55, 25:55] - SCENE).max() <= 12  # the speck is gone


# ----------------------------------------------------------------------------- upscale


def test_an_upscale_is_stabilitys_conservative_upscale_around_the_product(
    stability: Stubbed,
) -> None:
    image, protect = ad((300, 200), (100, 50, 200, 150))
    stability.answer_image(Image.new("RGB", (1200, 800), MODEL))  # any size: it is resized
    done = stability.engine.retouch(image, [{"op": "upscale", "factor": 2}], protect)
    assert stability.sent[0]["modelId"] == UPSCALE_ID
    body = stability.body()
    assert set(body) == {"image", "prompt", "output_format"} and body["prompt"]
    assert decoded(body["image"]).size == (300, 200)
    pixels = np.asarray(done.image)
    assert done.image.size == (600, 400) and done.notes == ()
    assert (pixels[110:290, 210:390] == PRODUCT).all()  # the product's inside: never the model's
    assert (pixels[:90] == MODEL).all() and (pixels[310:] == MODEL).all()


def test_a_failed_upscale_is_done_locally_with_a_note(stability: Stubbed) -> None:
    image, protect = ad((300, 200), (100, 50, 200, 150))
    throttled(stability)
    done = stability.engine.retouch(image, [{"op": "upscale", "factor": 2}], protect)
    (note,) = done.notes
    assert "upscale" in note and "locally" in note
    pixels = np.asarray(done.image)
    assert done.image.size == (600, 400)
    assert (pixels[110:290, 210:390] == PRODUCT).all() and (pixels[:90] == SCENE).all()


def test_removals_then_upscale_make_two_calls(stability: Stubbed) -> None:
    image, protect = ad((300, 200), (100, 50, 200, 150))
    stability.answer_image(Image.new("RGB", (300, 200), MODEL))
    stability.answer_image(Image.new("RGB", (600, 400), (30, 30, 220)))
    operations: list[dict[str, object]] = [
        {"op": "remove", "box": [0, 0, 0.1, 0.1]}, {"op": "remove", "box": [0.9, 0.9, 1, 1]},
        {"op": "upscale", "factor": 2},
    ]
    done = stability.engine.retouch(image, operations, protect)
    assert [call["modelId"] for call in stability.sent] == [ERASE_ID, UPSCALE_ID]
    mask = np.asarray(decoded(stability.body(0)["mask"]).convert("L")) > 127
    assert mask.sum() == 2 * 30 * 20 and mask[:20, :30].all() and mask[180:, 270:].all()
    assert done.image.size == (600, 400)
    assert (np.asarray(done.image)[110:290, 210:390] == PRODUCT).all()


# ----------------------------------------------------------------------------- extend


def test_a_wider_placement_is_outpainted_around_the_unchanged_image(
    stability: Stubbed,
) -> None:
    image, _ = ad((400, 400), (150, 150, 250, 250))
    stability.answer_image(Image.new("RGB", (800, 400), MODEL))
    done = stability.engine.extend(image, (800, 400))
    assert stability.sent[0]["modelId"] == OUTPAINT_ID
    body = stability.body()
    assert {k: body[k] for k in ("left", "right", "up", "down")} == {
        "left": 200, "right": 200, "up": 0, "down": 0}
    assert set(body) == {"image", "left", "right", "up", "down", "output_format"}
    assert decoded(body["image"]).size == (400, 400)
    pixels = np.asarray(done.image)
    assert done.image.size == (800, 400) and done.notes == ()
    assert (pixels[:, 200:600] == np.asarray(image)).all()  # the original, as it was
    assert (pixels[:, :200] == MODEL).all() and (pixels[:, 600:] == MODEL).all()


def test_a_leaderboard_is_outpainted_on_a_canvas_stability_takes_and_cropped_back(
    stability: Stubbed,
) -> None:
    image, _ = ad((300, 300), (100, 100, 200, 200))
    stability.answer_image(Image.new("RGB", (728, 292), MODEL))
    done = stability.engine.extend(image, (728, 90))
    body = stability.body()
    sent = decoded(body["image"])
    canvas = (sent.width + body["left"] + body["right"], sent.height + body["up"] + body["down"])
    assert accepted(sent.size) and accepted(canvas)
    assert sent.size == (90, 90)  # the photo scaled to the banner's height, not stretched
    assert done.image.size == (728, 90)
    pixels = np.asarray(done.image)
    scaled = np.asarray(image.resize((90, 90), Image.Resampling.LANCZOS))
    assert (pixels[:, 319:409] == scaled).all()
    assert (pixels[:, :319] == MODEL).all() and (pixels[:, 409:] == MODEL).all()


def test_a_failed_outpaint_extends_locally_with_a_note(stability: Stubbed) -> None:
    image, _ = ad((400, 400), (150, 150, 250, 250))
    throttled(stability)
    done = stability.engine.extend(image, (800, 400))
    (note,) = done.notes
    assert "outpaint" in note and "locally" in note and "Too many requests" in note
    pixels = np.asarray(done.image)
    assert done.image.size == (800, 400) and (pixels[:, 200:600] == np.asarray(image)).all()
    assert not (pixels[:, :200] == MODEL).all(axis=-1).any()


def test_the_same_aspect_needs_no_call(stability: Stubbed) -> None:
    image, _ = ad((400, 400), (150, 150, 250, 250))
    done = stability.engine.extend(image, (200, 200))
    assert stability.sent == [] and done.image.size == (200, 200)


def test_other_painters_retouch_locally(nova_canvas: Stubbed) -> None:
    image, protect = ad((400, 400), (150, 150, 250, 250))
    done = nova_canvas.engine.retouch(image, [{"op": "upscale", "factor": 2}], protect)
    extended = nova_canvas.engine.extend(image, (800, 400))
    assert nova_canvas.sent == [] and done.notes == () == extended.notes
    assert done.image.size == (800, 800) and extended.image.size == (800, 400)


# ----------------------------------------------------------------------------- edit_image


@pytest.fixture
def ctx(stability: Stubbed, tmp_path: Path) -> CapabilityContext:
    store = AssetStore(tmp_path / "assets")
    return CapabilityContext(assets=store, engines=Engines(LocalFeatureEngine(), stability.engine),
                             policy=load_policy(), audit=None)


def test_edit_image_expands_an_uploaded_photo_with_outpaint(
    stability: Stubbed, ctx: CapabilityContext
) -> None:
    photo, _ = ad((600, 600), (200, 200, 400, 400))
    photo_id = ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png").id
    stability.answer_image(Image.new("RGB", (1920, 1080), MODEL))
    result = registry()["edit_image"].invoke({"asset_id": photo_id, "placement": "1920x1080"},
                                             ctx)
    assert stability.sent[0]["modelId"] == OUTPAINT_ID
    pixels = np.asarray(Image.open(ctx.assets.path(result.image.asset_id)).convert("RGB"))
    assert pixels.shape == (1080, 1920, 3)
    assert (pixels[:, :420] == MODEL).all() and (pixels[:, 1500:] == MODEL).all()
    scaled = np.asarray(photo.resize((1080, 1080), Image.Resampling.LANCZOS))
    assert (pixels[:, 420:1500] == scaled).all()


def test_edit_image_notes_a_failed_service_call(
    stability: Stubbed, ctx: CapabilityContext
) -> None:
    photo, _ = ad((600, 600), (200, 200, 400, 400))
    photo_id = ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png").id
    throttled(stability)
    result = registry()["edit_image"].invoke({"asset_id": photo_id, "upscale": 2}, ctx)
    assert any("upscale" in note and "locally" in note for note in result.notes)
    assert ctx.assets.get(result.image.asset_id).width == 1200
