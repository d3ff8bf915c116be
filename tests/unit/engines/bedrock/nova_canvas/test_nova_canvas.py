"""Nova Canvas and Titan v2 clients against botocore's Stubber (real service model, no network)."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber
from PIL import Image

import engines.bedrock.nova_canvas.bodies as nova_canvas_bodies
from core.errors import CapabilityError, InvalidImageError, PolicyViolationError
from engines.bedrock import invoke, titan
from engines.bedrock.invoke import (
    ContentFilteredError,
    ModelCallError,
    decode_image,
    encode_image,
)
from engines.bedrock.nova_canvas.bodies import (
    CanvasRequestError,
    ColorGuidedParams,
    ImageGenerationConfig,
    InPaintingParams,
    request_body,
)
from engines.bedrock.nova_canvas.client import NovaCanvas
from engines.bedrock.nova_canvas.masks import product_mask_for_outpainting
from engines.bedrock.nova_canvas.sizes import estimate_cost, nova_size_problem, snap_size
from engines.bedrock.titan import TITAN_SIZES, TitanImage

SOME_BLOCKED = "Some of the generated images have been blocked by our content filters."
ALL_BLOCKED = "All of the generated images have been blocked by our content filters."


def png_b64(color: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (64, 64)) -> str:
    """A tiny PNG as the model would return it."""
    return encode_image(Image.new("RGB", size, color))


def rgb(
    size: tuple[int, int] = (64, 64), color: tuple[int, int, int] = (10, 120, 200)
) -> Image.Image:
    return Image.new("RGB", size, color)


@dataclass
class Bedrock:
    """A stubbed bedrock-runtime client that records the bodies it was sent."""

    client: Any
    stubber: Stubber
    sent: list[dict[str, Any]] = field(default_factory=list)

    def respond(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.stubber.add_response(
            "invoke_model",
            {"body": StreamingBody(io.BytesIO(data), len(data)), "contentType": "application/json"},
        )

    def images(self, *colors: tuple[int, int, int], error: str | None = None) -> None:
        payload: dict[str, Any] = {"images": [png_b64(c) for c in colors]}
        if error:
            payload["error"] = error
        self.respond(payload)

    def fail(self, code: str, message: str, status: int = 400) -> None:
        self.stubber.add_client_error(
            "invoke_model",
            service_error_code=code,
            service_message=message,
            http_status_code=status,
        )

    @property
    def body(self) -> dict[str, Any]:
        assert len(self.sent) == 1, f"expected one call, got {len(self.sent)}"
        return self.sent[0]


@pytest.fixture
def bedrock() -> Iterator[Bedrock]:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    rig = Bedrock(client, Stubber(client))

    def capture(params: dict[str, Any], **_: Any) -> None:
        assert params["contentType"] == "application/json"
        assert params["accept"] == "application/json"
        rig.sent.append(json.loads(params["body"]))

    client.meta.events.register("provide-client-params.bedrock-runtime.InvokeModel", capture)
    with rig.stubber:
        yield rig
        rig.stubber.assert_no_pending_responses()


@pytest.fixture
def nova(bedrock: Bedrock) -> NovaCanvas:
    return NovaCanvas(bedrock.client)


@pytest.fixture
def titan_client(bedrock: Bedrock) -> TitanImage:
    return TitanImage(bedrock.client)


def b64_image(text: str) -> Image.Image:
    return decode_image(text)


# --- body shapes --------------------------------------------------------------------------


def test_text_image_body(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.images((255, 0, 0), (0, 255, 0))
    result = nova.text_image(
        "a red sneaker on wet asphalt",
        negative="people",
        style="PHOTOREALISM",
        width=1280,
        height=720,
        quality="premium",
        cfg_scale=7.0,
        n=2,
        seed=42,
        condition_image=rgb(),
        control_mode="CANNY_EDGE",
        control_strength=0.6,
    )
    body = bedrock.body
    assert body["taskType"] == "TEXT_IMAGE"
    params = body["textToImageParams"]
    assert params["text"] == "a red sneaker on wet asphalt"
    assert params["negativeText"] == "people"
    assert params["style"] == "PHOTOREALISM"
    assert params["controlMode"] == "CANNY_EDGE" and params["controlStrength"] == 0.6
    assert b64_image(params["conditionImage"]).mode == "RGB"
    assert body["imageGenerationConfig"] == {
        "width": 1280,
        "height": 720,
        "quality": "premium",
        "cfgScale": 7.0,
        "numberOfImages": 2,
        "seed": 42,
    }
    assert [im.getpixel((0, 0)) for im in result.images] == [(255, 0, 0), (0, 255, 0)]
    assert result.note is None and result.seed == 42 and result.task == "TEXT_IMAGE"


def test_text_image_minimal_body_picks_a_seed(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.images((1, 2, 3))
    result = nova.text_image("a mug")
    body = bedrock.body
    assert body["textToImageParams"] == {"text": "a mug"}
    config = body["imageGenerationConfig"]
    assert set(config) == {"width", "height", "quality", "numberOfImages", "seed"}
    assert 0 <= config["seed"] <= nova_canvas_bodies.MAX_SEED and result.seed == config["seed"]


def test_color_guided_body(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.images((9, 9, 9))
    nova.color_guided("a summer sale banner", ["#FF0000", "#00aa00"], reference_image=rgb(), seed=1)
    body = bedrock.body
    assert body["taskType"] == "COLOR_GUIDED_GENERATION"
    params = body["colorGuidedGenerationParams"]
    assert params["colors"] == ["#FF0000", "#00aa00"]
    assert params["text"] == "a summer sale banner"
    assert b64_image(params["referenceImage"]).size == (64, 64)
    assert body["imageGenerationConfig"]["width"] == 1024


def test_variation_body(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.images((9, 9, 9))
    nova.variation([rgb(), rgb(color=(0, 0, 0))], "same bottle, autumn", similarity=0.8, seed=3)
    body = bedrock.body
    assert body["taskType"] == "IMAGE_VARIATION"
    params = body["imageVariationParams"]
    assert len(params["images"]) == 2 and params["similarityStrength"] == 0.8
    assert params["text"] == "same bottle, autumn"


def test_inpaint_body_has_no_size_and_binary_mask(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.images((9, 9, 9))
    mask = Image.linear_gradient("L").resize((64, 64))  # greys must become pure black/white
    nova.inpaint(rgb(), "a glass of lemonade", mask_image=mask, negative="ice", seed=5)
    body = bedrock.body
    assert body["taskType"] == "INPAINTING"
    params = body["inPaintingParams"]
    assert "maskPrompt" not in params and params["text"] == "a glass of lemonade"
    sent_mask = b64_image(params["maskImage"])
    assert sent_mask.size == (64, 64)
    assert set(sent_mask.convert("L").tobytes()) == {0, 255}
    assert "width" not in body["imageGenerationConfig"]
    assert "height" not in body["imageGenerationConfig"]


def test_inpaint_without_text_removes(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.images((9, 9, 9))
    nova.inpaint(rgb(), mask_prompt="the price sticker", seed=5)
    assert bedrock.body["inPaintingParams"] == {
        "image": bedrock.body["inPaintingParams"]["image"],
        "maskPrompt": "the price sticker",
    }


def test_outpaint_body_defaults_to_precise(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.images((9, 9, 9))
    nova.outpaint(rgb(), "on a marble counter", mask_prompt="the bottle", seed=7, quality="premium")
    body = bedrock.body
    assert body["taskType"] == "OUTPAINTING"
    params = body["outPaintingParams"]
    assert params["outPaintingMode"] == "PRECISE" and params["maskPrompt"] == "the bottle"
    assert body["imageGenerationConfig"] == {"quality": "premium", "numberOfImages": 1, "seed": 7}


def test_remove_background_body_and_rgba(bedrock: Bedrock, nova: NovaCanvas) -> None:
    cutout = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    cutout.paste((255, 0, 0, 255), (16, 16, 48, 48))
    buffer = io.BytesIO()
    cutout.save(buffer, format="PNG")
    bedrock.respond({"images": [base64.b64encode(buffer.getvalue()).decode()]})
    result = nova.remove_background(rgb())
    assert set(bedrock.body) == {"taskType", "backgroundRemovalParams"}
    assert bedrock.body["taskType"] == "BACKGROUND_REMOVAL"
    assert result.mode == "RGBA" and result.getpixel((0, 0))[3] == 0
    assert result.getpixel((32, 32)) == (255, 0, 0, 255)


def test_transparent_input_is_flattened(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.images((9, 9, 9))
    nova.remove_background(Image.new("RGBA", (64, 64), (255, 0, 0, 0)))
    sent = b64_image(bedrock.body["backgroundRemovalParams"]["image"])
    assert sent.format == "PNG" and sent.mode == "RGB"
    assert sent.getpixel((0, 0)) == invoke.NEUTRAL_BACKGROUND


# --- sizes and prices ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ((1024, 1024), (1024, 1024)),
        ((1080, 1920), (1088, 1936)),
        ((100, 100), (320, 320)),
        ((4096, 4096), (2032, 2032)),
        ((10_000, 100), (1984, 496)),
    ],
)
def test_snap_size(wanted: tuple[int, int], expected: tuple[int, int]) -> None:
    assert snap_size(*wanted) == expected
    assert NovaCanvas.snap_size(*wanted) == expected


@pytest.mark.parametrize("wanted", [(1200, 628), (1080, 1350), (333, 1000), (5000, 1000), (17, 3)])
def test_snap_size_is_always_allowed_and_keeps_aspect(wanted: tuple[int, int]) -> None:
    w, h = snap_size(*wanted)
    assert nova_size_problem(w, h) == ""
    ratio = min(max(wanted[0] / wanted[1], 0.25), 4.0)
    assert abs(w / h - ratio) / ratio < 0.03


def test_estimate_cost() -> None:
    assert estimate_cost("TEXT_IMAGE", 1024, 1024, "standard", 1) == 0.04
    assert estimate_cost("TEXT_IMAGE", 1024, 1024, "premium", 2) == 0.12
    assert estimate_cost("TEXT_IMAGE", 1280, 720, "standard", 3) == 0.18
    assert estimate_cost("OUTPAINTING", 2032, 2032, "premium", 1) == 0.08
    assert estimate_cost("TEXT_IMAGE", 4080, 1024, "standard", 1) == 0.06  # > 2048 a side
    assert estimate_cost("BACKGROUND_REMOVAL", 512, 512, "premium", 4) == 0.04


# --- refused before any call --------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda n: n.color_guided("banner", ["red"]),
        lambda n: n.color_guided("banner", ["#FF000"]),
        lambda n: n.color_guided("banner", []),
        lambda n: n.color_guided("banner", ["#000000"] * 11),
        lambda n: n.variation([rgb()] * 6, "more"),
        lambda n: n.variation([rgb()], "more", similarity=0.1),
        lambda n: n.inpaint(rgb(), "x", mask_image=rgb(), mask_prompt="the cup"),
        lambda n: n.inpaint(rgb(), "x"),
        lambda n: n.outpaint(rgb(), "x", mask_image=rgb(), mask_prompt="the cup"),
        lambda n: n.outpaint(rgb(), "x", mask_prompt="cup", mode="SLOPPY"),
        lambda n: n.text_image("a mug", seed=2_147_483_647),
        lambda n: n.text_image("a mug", seed=-1),
        lambda n: n.text_image("x" * 1025),
        lambda n: n.text_image(""),
        lambda n: n.text_image("a mug", negative="y" * 1025),
        lambda n: n.text_image("a mug", width=1000, height=1000),
        lambda n: n.text_image("a mug", width=4096, height=1024),
        lambda n: n.text_image("a mug", width=2048, height=2048),
        lambda n: n.text_image("a mug", width=320, height=1600),
        lambda n: n.text_image("a mug", n=6),
        lambda n: n.text_image("a mug", cfg_scale=11),
        lambda n: n.text_image("a mug", quality="ultra"),
        lambda n: n.text_image("a mug", style="CUBISM"),
        lambda n: n.text_image("a mug", control_mode="CANNY_EDGE"),
    ],
)
def test_invalid_requests_fail_without_a_call(
    bedrock: Bedrock, nova: NovaCanvas, call: Any
) -> None:
    with pytest.raises(CanvasRequestError) as info:
        call(nova)
    assert info.value.message
    assert bedrock.sent == []


def test_request_models_reject_directly() -> None:
    with pytest.raises(ValueError, match="#RRGGBB|pattern"):
        ColorGuidedParams(colors=["#GG0000"], text="x")
    with pytest.raises(ValueError, match="exactly one"):
        InPaintingParams(image="aGk=", maskPrompt="cup", maskImage="aGk=")
    with pytest.raises(ValueError, match="unknown|Extra"):
        ImageGenerationConfig.model_validate({"widht": 1024})


def test_request_body_refuses_size_for_editing_and_config_for_removal() -> None:
    params = InPaintingParams(image="aGk=", maskPrompt="cup")
    with pytest.raises(CanvasRequestError, match="width and height"):
        request_body("INPAINTING", params, ImageGenerationConfig(width=1024, height=1024))
    with pytest.raises(CanvasRequestError, match="no imageGenerationConfig"):
        request_body("BACKGROUND_REMOVAL", params, ImageGenerationConfig())


def test_mask_size_must_match(bedrock: Bedrock, nova: NovaCanvas) -> None:
    with pytest.raises(InvalidImageError, match="32x32"):
        nova.inpaint(rgb(), "x", mask_image=Image.new("L", (32, 32)))
    assert bedrock.sent == []


# --- masks --------------------------------------------------------------------------------


def test_product_mask_for_outpainting_polarity() -> None:
    alpha = Image.new("L", (64, 64), 0)
    alpha.paste(255, (20, 20, 44, 44))
    alpha.putpixel((19, 30), 100)  # soft edge below the threshold
    mask = product_mask_for_outpainting(alpha, grow=2)
    assert mask.size == (64, 64)
    assert set(mask.tobytes()) == {0, 255}
    assert mask.getpixel((32, 32)) == 0  # product: BLACK = kept
    assert mask.getpixel((2, 2)) == 255  # background: WHITE = redrawn by OUTPAINTING
    assert mask.getpixel((18, 30)) == 0  # dilated: the edge is kept
    assert mask.getpixel((16, 30)) == 255


def test_product_mask_accepts_rgba_cutout() -> None:
    cutout = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    cutout.paste((10, 10, 10, 255), (8, 8, 24, 24))
    mask = product_mask_for_outpainting(cutout, grow=0)
    assert mask.getpixel((16, 16)) == 0 and mask.getpixel((0, 0)) == 255


def test_outpaint_sends_product_black_background_white(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.images((9, 9, 9))
    alpha = Image.new("L", (64, 64), 0)
    alpha.paste(255, (20, 20, 44, 44))
    nova.outpaint(rgb(), "on a beach", mask_image=product_mask_for_outpainting(alpha), seed=1)
    sent = b64_image(bedrock.body["outPaintingParams"]["maskImage"]).convert("L")
    assert sent.getpixel((32, 32)) == 0 and sent.getpixel((0, 0)) == 255
    assert "maskPrompt" not in bedrock.body["outPaintingParams"]


# --- filtering and errors -----------------------------------------------------------------


def test_some_images_filtered_returns_the_rest_with_a_note(
    bedrock: Bedrock, nova: NovaCanvas
) -> None:
    bedrock.images((1, 1, 1), (2, 2, 2), error=SOME_BLOCKED)
    result = nova.text_image("a mug", n=3, seed=1)
    assert len(result.images) == 2 and result.requested == 3
    assert result.note is not None and "1 of 3" in result.note


def test_all_images_filtered_raises(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.respond({"images": [], "error": ALL_BLOCKED})
    with pytest.raises(ContentFilteredError) as info:
        nova.text_image("a mug", n=2, seed=1)
    assert isinstance(info.value, PolicyViolationError)
    assert "All of the generated images" in info.value.message and info.value.hint


def test_no_images_without_error_is_a_model_error(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.respond({"images": []})
    with pytest.raises(ModelCallError):
        nova.text_image("a mug", seed=1)


def test_blocked_prompt(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.fail(
        "ValidationException",
        "This request has been blocked by our content filters. "
        "Our filters automatically flagged the text prompt.",
    )
    with pytest.raises(ContentFilteredError) as info:
        nova.text_image("something flagged", seed=1)
    assert "text prompt" in info.value.message
    assert "Rephrase" in info.value.hint


def test_blocked_input_image(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.fail(
        "ValidationException",
        "This request has been blocked by our content filters. "
        "Our filters flagged the input image.",
    )
    with pytest.raises(ContentFilteredError, match="input image"):
        nova.remove_background(rgb())


def test_other_validation_error(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.fail("ValidationException", "Malformed input request: #: extraneous key [foo]")
    with pytest.raises(ModelCallError) as info:
        nova.text_image("a mug", seed=1)
    assert "extraneous key" in info.value.message
    assert not isinstance(info.value, ContentFilteredError)


def test_access_denied(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.fail("AccessDeniedException", "You don't have access to the model.", 403)
    with pytest.raises(ModelCallError) as info:
        nova.text_image("a mug", seed=1)
    assert "model access" in info.value.hint and "bedrock:InvokeModel" in info.value.hint


def test_model_not_found(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.fail("ResourceNotFoundException", "Model not found.", 404)
    with pytest.raises(ModelCallError) as info:
        nova.text_image("a mug", seed=1)
    assert "not found in this region" in info.value.message
    assert "model id setting" in info.value.hint


def test_model_timeout_is_retried_once(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.fail("ModelTimeoutException", "Model timed out.", 408)
    bedrock.images((5, 5, 5))
    result = nova.text_image("a mug", seed=1)
    assert len(bedrock.sent) == 2 and bedrock.sent[0] == bedrock.sent[1]
    assert len(result.images) == 1


def test_model_timeout_twice_fails(bedrock: Bedrock, nova: NovaCanvas) -> None:
    bedrock.fail("ModelTimeoutException", "Model timed out.", 408)
    bedrock.fail("ModelTimeoutException", "Model timed out.", 408)
    with pytest.raises(ModelCallError, match="too long"):
        nova.text_image("a mug", seed=1)
    assert len(bedrock.sent) == 2


def test_unreadable_image_is_a_model_error() -> None:
    with pytest.raises(ModelCallError):
        decode_image("not base64!!")
    with pytest.raises(ModelCallError):
        decode_image(base64.b64encode(b"not an image").decode())


def test_decode_sniffs_jpeg() -> None:
    assert decode_image(encode_image(rgb(), "JPEG")).format == "JPEG"
    with pytest.raises(CapabilityError):
        encode_image(rgb(), "GIF")


# --- Titan v2 -----------------------------------------------------------------------------


def test_titan_text_image_body(bedrock: Bedrock, titan_client: TitanImage) -> None:
    bedrock.images((3, 3, 3))
    titan_client.text_image("a lamp", negative="cables", width=1152, height=640, seed=9)
    body = bedrock.body
    assert body["taskType"] == "TEXT_IMAGE"
    assert body["textToImageParams"] == {"text": "a lamp", "negativeText": "cables"}
    assert body["imageGenerationConfig"]["width"] == 1152
    assert titan_client.model_id == "amazon.titan-image-generator-v2:0"


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ((1920, 1080), (1152, 640)),
        ((1080, 1920), (768, 1152)),
        ((300, 300), (512, 512)),
        ((2000, 2000), (1024, 1024)),
        ((5000, 1000), (1408, 768)),
        ((1280, 770), (1280, 768)),
    ],
)
def test_titan_snap_size(wanted: tuple[int, int], expected: tuple[int, int]) -> None:
    assert TitanImage.snap_size(*wanted) == expected
    assert titan.snap_size(*wanted) in TITAN_SIZES


def test_titan_refusals_before_any_call(bedrock: Bedrock, titan_client: TitanImage) -> None:
    for call in (
        lambda: titan_client.text_image("a lamp", width=1920, height=1088),
        lambda: titan_client.text_image("x" * 513),
        lambda: titan_client.text_image("a lamp", negative="y" * 513),
        lambda: titan_client.text_image("a lamp", style="PHOTOREALISM"),
        lambda: titan_client.outpaint(rgb(), "z" * 513, mask_prompt="lamp"),
    ):
        with pytest.raises(CanvasRequestError):
            call()
    with pytest.raises(InvalidImageError, match="1408"):
        titan_client.remove_background(rgb((1500, 64)))
    assert bedrock.sent == []


def test_titan_accepts_512_chars(bedrock: Bedrock, titan_client: TitanImage) -> None:
    bedrock.images((3, 3, 3))
    titan_client.inpaint(rgb(), "x" * 512, mask_prompt="lamp", seed=1)
    assert len(bedrock.body["inPaintingParams"]["text"]) == 512
    assert "width" not in bedrock.body["imageGenerationConfig"]


def test_titan_cost_is_unknown() -> None:
    assert TitanImage.estimate_cost("TEXT_IMAGE", 1024, 1024) is None
