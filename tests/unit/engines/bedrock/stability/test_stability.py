"""The Stability AI Bedrock client, against botocore's Stubber (no network)."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber
from PIL import Image
from pydantic import ValidationError

from core.errors import CapabilityError, InvalidImageError, PolicyViolationError
from engines.bedrock.invoke import ContentFilteredError, ModelCallError
from engines.bedrock.stability.bodies import (
    CoreBody,
    InpaintBody,
    SD35LargeBody,
    StabilityRequestError,
    UltraBody,
)
from engines.bedrock.stability.client import (
    CORE_ID,
    SD35_LARGE_ID,
    ULTRA_ID,
    Stability,
    aspect_for,
    estimate_cost,
    text_model_kind,
)
from engines.bedrock.stability.service_bodies import CreativeUpscaleBody, OutpaintBody


def b64_png(img: Image.Image) -> str:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


def tiny(color: str = "red", size: tuple[int, int] = (8, 8), mode: str = "RGB") -> Image.Image:
    return Image.new(mode, size, color)


OUT = tiny("blue", (16, 12))


def reply(
    images: list[str] | None = None, reason: str | None = None, seed: int = 7
) -> dict[str, Any]:
    """A Stability response body; ``images=None`` gives one fake output image."""
    body: dict[str, Any] = {"seeds": [seed], "finish_reasons": [reason]}
    body["images"] = [b64_png(OUT)] if images is None else images
    return body


class Bedrock:
    """A stubbed bedrock-runtime client that records what each invoke_model sent."""

    def __init__(self) -> None:
        self.client = boto3.client("bedrock-runtime", region_name="us-west-2")
        self.stubber = Stubber(self.client)
        self.sent: list[dict[str, Any]] = []
        self.client.meta.events.register(
            "provide-client-params.bedrock-runtime.InvokeModel", self._record
        )

    def _record(self, params: dict[str, Any], **_: Any) -> None:
        self.sent.append(dict(params))

    def respond(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.stubber.add_response(
            "invoke_model",
            {"body": StreamingBody(io.BytesIO(data), len(data)), "contentType": "application/json"},
        )

    @property
    def body(self) -> dict[str, Any]:
        """The JSON body of the last call."""
        return json.loads(self.sent[-1]["body"])

    @property
    def model_id(self) -> str:
        return str(self.sent[-1]["modelId"])


@pytest.fixture
def bedrock() -> Iterator[Bedrock]:
    stub = Bedrock()
    with stub.stubber:
        yield stub
        stub.stubber.assert_no_pending_responses()


def decoded(b64: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(b64)))


# --- text-to-image ------------------------------------------------------------------------


@pytest.mark.parametrize("model_id", [SD35_LARGE_ID, ULTRA_ID])
def test_text_to_image_body_with_negative_prompt(bedrock: Bedrock, model_id: str) -> None:
    bedrock.respond(reply(seed=42))
    result = Stability(bedrock.client, text_model_id=model_id).text_to_image(
        "red sneaker on wet asphalt", negative_prompt="blurry", aspect_ratio="9:16", seed=42
    )
    assert bedrock.model_id == model_id
    assert bedrock.sent[-1]["contentType"] == "application/json"
    assert bedrock.body == {
        "prompt": "red sneaker on wet asphalt",
        "negative_prompt": "blurry",
        "aspect_ratio": "9:16",
        "seed": 42,
        "output_format": "png",
    }
    assert result.image.size == OUT.size
    assert result.seed == 42
    assert result.operation == "text_to_image"
    assert model_id in result.notes[0]


def test_core_text_to_image_sends_no_negative_prompt(bedrock: Bedrock) -> None:
    bedrock.respond(reply())
    Stability(bedrock.client, text_model_id=CORE_ID).text_to_image("a teal bottle")
    assert bedrock.model_id == CORE_ID
    assert bedrock.body == {
        "prompt": "a teal bottle",
        "aspect_ratio": "1:1",
        "output_format": "png",
    }


def test_core_rejects_negative_prompt_before_any_call(bedrock: Bedrock) -> None:
    with pytest.raises(StabilityRequestError, match="negative_prompt"):
        Stability(bedrock.client, text_model_id=CORE_ID).text_to_image("x", negative_prompt="y")
    assert bedrock.sent == []
    with pytest.raises(ValidationError):
        CoreBody(prompt="x", negative_prompt="y")  # type: ignore[call-arg]


def test_sd35_image_to_image_body(bedrock: Bedrock) -> None:
    bedrock.respond(reply())
    source = tiny("green")
    Stability(bedrock.client).image_to_image(source, "on a beach", strength=0.6, seed=3)
    body = bedrock.body
    assert bedrock.model_id == SD35_LARGE_ID
    assert body["mode"] == "image-to-image"
    assert body["strength"] == 0.6
    assert "aspect_ratio" not in body
    assert decoded(body["image"]).getpixel((0, 0)) == (0, 128, 0)
    assert set(body) == {"prompt", "mode", "image", "strength", "seed", "output_format"}


def test_ultra_image_to_image_body_has_no_mode(bedrock: Bedrock) -> None:
    bedrock.respond(reply())
    Stability(bedrock.client, text_model_id=ULTRA_ID).image_to_image(
        tiny(), "on a beach", strength=0.4
    )
    assert bedrock.model_id == ULTRA_ID
    assert set(bedrock.body) == {"prompt", "image", "strength", "output_format"}


def test_core_has_no_image_to_image(bedrock: Bedrock) -> None:
    with pytest.raises(CapabilityError, match="only makes images from text"):
        Stability(bedrock.client, text_model_id=CORE_ID).image_to_image(tiny(), "x", strength=0.5)
    assert bedrock.sent == []


def test_text_body_models_check_modes() -> None:
    img = b64_png(tiny())
    with pytest.raises(ValidationError, match="image-to-image needs"):
        SD35LargeBody(prompt="x", mode="image-to-image", image=img)
    with pytest.raises(ValidationError, match="need mode"):
        SD35LargeBody(prompt="x", image=img, strength=0.5)
    with pytest.raises(ValidationError, match="text-to-image only"):
        SD35LargeBody(
            prompt="x", mode="image-to-image", image=img, strength=0.5, aspect_ratio="1:1"
        )
    with pytest.raises(ValidationError, match="go together"):
        UltraBody(prompt="x", image=img)
    with pytest.raises(ValidationError):
        UltraBody(prompt="x", mode="image-to-image")  # type: ignore[call-arg]


def test_text_model_kind_accepts_profiles_and_arns() -> None:
    assert text_model_kind("us.stability.sd3-5-large-v1:0") == "sd3.5-large"
    arn = "arn:aws:bedrock:us-west-2::foundation-model/stability.stable-image-ultra-v1:1"
    assert text_model_kind(arn) == "ultra"
    assert text_model_kind(CORE_ID) == "core"
    with pytest.raises(CapabilityError, match="not a Stability"):
        Stability(object(), text_model_id="amazon.nova-canvas-v1:0")


def test_send_refuses_a_body_for_another_text_model(bedrock: Bedrock) -> None:
    with pytest.raises(StabilityRequestError, match="cannot go to"):
        Stability(bedrock.client, text_model_id=CORE_ID).send(SD35LargeBody(prompt="x"))
    assert bedrock.sent == []


# --- image services -----------------------------------------------------------------------

IMG = tiny("red")
MASK = tiny("white", mode="L")
STYLE = tiny("yellow")
PLACEHOLDERS = [(IMG, "<IMG>"), (STYLE, "<STYLE>"), (MASK, "<MASK>")]

SERVICE_CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], str, dict[str, Any]]] = [
    (
        "inpaint",
        (IMG, "a marble counter"),
        {
            "mask": MASK,
            "grow_mask": 20,
            "negative_prompt": "clutter",
            "seed": 5,
            "output_format": "jpeg",
        },
        "stable-image-inpaint-v1:0",
        {
            "prompt": "a marble counter",
            "grow_mask": 20,
            "negative_prompt": "clutter",
            "seed": 5,
            "output_format": "jpeg",
            "image": "<IMG>",
            "mask": "<MASK>",
        },
    ),
    (
        "outpaint",
        (IMG,),
        {"left": 100, "down": 2000, "creativity": 0.5, "prompt": "a kitchen"},
        "stable-outpaint-v1:0",
        {
            "image": "<IMG>",
            "left": 100,
            "right": 0,
            "up": 0,
            "down": 2000,
            "creativity": 0.5,
            "prompt": "a kitchen",
        },
    ),
    (
        "search_replace",
        (IMG, "a glass cup", "the plastic cup"),
        {},
        "stable-image-search-replace-v1:0",
        {"image": "<IMG>", "prompt": "a glass cup", "search_prompt": "the plastic cup"},
    ),
    (
        "erase_object",
        (IMG,),
        {"mask": MASK, "grow_mask": 3},
        "stable-image-erase-object-v1:0",
        {"image": "<IMG>", "mask": "<MASK>", "grow_mask": 3},
    ),
    (
        "remove_background",
        (IMG,),
        {"output_format": "png"},
        "stable-image-remove-background-v1:0",
        {"image": "<IMG>", "output_format": "png"},
    ),
    (
        "creative_upscale",
        (IMG, "a steel bottle"),
        {"creativity": 0.1, "style_preset": "photographic"},
        "stable-creative-upscale-v1:0",
        {
            "image": "<IMG>",
            "prompt": "a steel bottle",
            "creativity": 0.1,
            "style_preset": "photographic",
        },
    ),
    (
        "conservative_upscale",
        (IMG, "a steel bottle"),
        {},
        "stable-conservative-upscale-v1:0",
        {"image": "<IMG>", "prompt": "a steel bottle"},
    ),
    (
        "fast_upscale",
        (IMG,),
        {},
        "stable-fast-upscale-v1:0",
        {"image": "<IMG>"},
    ),
    (
        "control_sketch",
        (IMG, "a watercolor bottle"),
        {"control_strength": 0.7},
        "stable-image-control-sketch-v1:0",
        {"image": "<IMG>", "prompt": "a watercolor bottle", "control_strength": 0.7},
    ),
    (
        "control_structure",
        (IMG, "a bronze statue"),
        {"control_strength": 1.0},
        "stable-image-control-structure-v1:0",
        {"image": "<IMG>", "prompt": "a bronze statue", "control_strength": 1.0},
    ),
    (
        "style_guide",
        (IMG, "a bottle on a beach"),
        {"fidelity": 0.5, "aspect_ratio": "4:5"},
        "stable-image-style-guide-v1:0",
        {"image": "<IMG>", "prompt": "a bottle on a beach", "fidelity": 0.5, "aspect_ratio": "4:5"},
    ),
    (
        "style_transfer",
        (IMG, STYLE),
        {
            "prompt": "bold",
            "composition_fidelity": 0.9,
            "style_strength": 1.0,
            "change_strength": 0.9,
        },
        "stable-style-transfer-v1:0",
        {
            "init_image": "<IMG>",
            "style_image": "<STYLE>",
            "prompt": "bold",
            "composition_fidelity": 0.9,
            "style_strength": 1.0,
            "change_strength": 0.9,
        },
    ),
]


def with_images(body: dict[str, Any]) -> dict[str, Any]:
    """Swap the decoded images of a sent body for placeholders naming them."""
    names = {img.convert("RGB").tobytes(): name for img, name in PLACEHOLDERS}
    out = dict(body)
    for key in ("image", "mask", "init_image", "style_image"):
        if key in out:
            out[key] = names.get(decoded(out[key]).convert("RGB").tobytes(), "<other>")
    return out


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "suffix", "expected"),
    SERVICE_CASES,
    ids=[case[0] for case in SERVICE_CASES],
)
def test_service_bodies(
    bedrock: Bedrock,
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    suffix: str,
    expected: dict[str, Any],
) -> None:
    bedrock.respond(reply(seed=11))
    result = getattr(Stability(bedrock.client), method)(*args, **kwargs)
    assert bedrock.model_id == "us.stability." + suffix
    assert with_images(bedrock.body) == expected
    assert result.operation == method
    assert result.seed == 11
    assert result.image.size == OUT.size
    assert estimate_cost(method) > 0


def test_services_prefix_is_configurable(bedrock: Bedrock) -> None:
    bedrock.respond(reply())
    Stability(bedrock.client, services_prefix="stability.").fast_upscale(IMG)
    assert bedrock.model_id == "stability.stable-fast-upscale-v1:0"


# --- invalid bodies fail before any call --------------------------------------------------


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s: s.text_to_image("x", aspect_ratio="4:3"), "aspect_ratio"),
        (lambda s: s.text_to_image("x", seed=4_294_967_295), "seed"),
        (lambda s: s.text_to_image("x", seed=-1), "seed"),
        (lambda s: s.text_to_image("x" * 10_001), "prompt"),
        (lambda s: s.text_to_image(""), "prompt"),
        (lambda s: s.text_to_image("x", output_format="gif"), "output_format"),
        (lambda s: s.outpaint(IMG), "at least one"),
        (lambda s: s.outpaint(IMG, left=2001), "left"),
        (lambda s: s.outpaint(IMG, up=10, creativity=1.5), "creativity"),
        (lambda s: s.inpaint(IMG, "x", grow_mask=21), "grow_mask"),
        (lambda s: s.creative_upscale(IMG, "x", creativity=0.6), "creativity"),
        (lambda s: s.control_sketch(IMG, "x", control_strength=1.2), "control_strength"),
        (lambda s: s.style_guide(IMG, "x", aspect_ratio="3:4"), "aspect_ratio"),
        (lambda s: s.search_replace(IMG, "x", ""), "search_prompt"),
    ],
    ids=[
        "bad-aspect",
        "seed-high",
        "seed-negative",
        "prompt-long",
        "prompt-empty",
        "gif",
        "outpaint-all-zero",
        "outpaint-over-2000",
        "outpaint-creativity",
        "grow-mask",
        "creative-creativity",
        "control-strength",
        "style-guide-aspect",
        "empty-search",
    ],
)
def test_invalid_bodies_fail_before_any_call(bedrock: Bedrock, call: Any, match: str) -> None:
    with pytest.raises(StabilityRequestError, match=match) as caught:
        call(Stability(bedrock.client))
    assert isinstance(caught.value, CapabilityError)
    assert caught.value.hint
    assert bedrock.sent == []


def test_creative_upscale_refuses_over_one_megapixel(bedrock: Bedrock) -> None:
    big = Image.new("L", (1025, 1024))
    with pytest.raises(InvalidImageError, match="creative upscale accepts at most 1.0 MP"):
        Stability(bedrock.client).creative_upscale(big, "a bottle")
    assert bedrock.sent == []


def test_conservative_upscale_refuses_over_9_4_megapixels(bedrock: Bedrock) -> None:
    big = Image.new("L", (3073, 3072))
    with pytest.raises(InvalidImageError, match="conservative upscale"):
        Stability(bedrock.client).conservative_upscale(big, "a bottle")
    assert bedrock.sent == []


def test_body_models_check_images_themselves() -> None:
    big = b64_png(Image.new("L", (1100, 1000)))
    with pytest.raises(ValidationError, match="at most 1,048,576 pixels"):
        CreativeUpscaleBody(image=big, prompt="x")
    gif = io.BytesIO()
    tiny().save(gif, "GIF")
    with pytest.raises(ValidationError, match="PNG or JPEG"):
        InpaintBody(image=base64.b64encode(gif.getvalue()).decode(), prompt="x")
    with pytest.raises(ValidationError, match="base64"):
        InpaintBody(image="not base64!", prompt="x")
    with pytest.raises(ValidationError, match="Extra inputs"):
        OutpaintBody(image=b64_png(IMG), left=1, strength=0.5)  # type: ignore[call-arg]
    jpeg = io.BytesIO()
    tiny().save(jpeg, "JPEG")
    assert InpaintBody(image=base64.b64encode(jpeg.getvalue()).decode(), prompt="x")


# --- responses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "which"),
    [
        ("Filter reason: prompt", "prompt"),
        ("Filter reason: output image", "generated image"),
        ("Filter reason: input image", "input image"),
    ],
)
def test_filtered_responses_raise_content_filtered(
    bedrock: Bedrock, reason: str, which: str
) -> None:
    bedrock.respond(reply(images=[], reason=reason))
    with pytest.raises(ContentFilteredError, match=which) as caught:
        Stability(bedrock.client).text_to_image("x")
    assert isinstance(caught.value, PolicyViolationError)
    assert caught.value.hint


def test_filter_reason_is_checked_before_images(bedrock: Bedrock) -> None:
    bedrock.respond(reply(reason="Filter reason: output image"))  # an image came back anyway
    with pytest.raises(ContentFilteredError, match="generated image"):
        Stability(bedrock.client).inpaint(IMG, "x")


def test_inference_error_raises_model_call_error(bedrock: Bedrock) -> None:
    bedrock.respond(reply(images=[], reason="Inference error"))
    with pytest.raises(ModelCallError, match="failed to make the image"):
        Stability(bedrock.client).text_to_image("x")


def test_missing_images_raise_model_call_error(bedrock: Bedrock) -> None:
    bedrock.respond({"seeds": [1], "finish_reasons": [None]})
    with pytest.raises(ModelCallError, match="returned no image"):
        Stability(bedrock.client).fast_upscale(IMG)


def test_missing_finish_reasons_and_seeds_still_succeed(bedrock: Bedrock) -> None:
    bedrock.respond({"images": [b64_png(OUT)]})
    result = Stability(bedrock.client).remove_background(IMG)
    assert result.seed is None
    assert result.image.size == OUT.size


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "AccessDeniedException",
            "You don't have access to the model with the specified model ID.",
        ),
        (
            "ValidationException",
            "Malformed input request: #: extraneous key [foo] is not permitted",
        ),
    ],
)
def test_client_errors_are_mapped(bedrock: Bedrock, code: str, message: str) -> None:
    bedrock.stubber.add_client_error("invoke_model", code, message, http_status_code=400)
    with pytest.raises(ModelCallError) as caught:
        Stability(bedrock.client).text_to_image("x")
    assert caught.value.hint


def test_blocked_input_validation_error_is_content_filtered(bedrock: Bedrock) -> None:
    message = "Your request was blocked by our content filters: input image."
    bedrock.stubber.add_client_error("invoke_model", "ValidationException", message)
    with pytest.raises(ContentFilteredError, match="input image"):
        Stability(bedrock.client).inpaint(IMG, "x")


def test_unreadable_output_image_is_a_model_error(bedrock: Bedrock) -> None:
    bedrock.respond(reply(images=[base64.b64encode(b"not an image").decode()]))
    with pytest.raises(ModelCallError, match="could not be read"):
        Stability(bedrock.client).fast_upscale(IMG)


# --- helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "aspect"),
    [
        ((1080, 1920), "9:16"),
        ((1080, 1080), "1:1"),
        ((1200, 628), "16:9"),
        ((1080, 1350), "4:5"),
        ((2560, 1080), "21:9"),
        ((1080, 2560), "9:21"),
        ((1500, 1000), "3:2"),
        ((1000, 1500), "2:3"),
        ((1250, 1000), "5:4"),
        ((300, 250), "5:4"),
    ],
)
def test_aspect_for_picks_the_closest_ratio(size: tuple[int, int], aspect: str) -> None:
    assert aspect_for(*size) == aspect


def test_aspect_for_rejects_empty_sizes() -> None:
    with pytest.raises(ValueError, match="positive"):
        aspect_for(0, 100)


def test_estimate_cost() -> None:
    assert 0.06 <= estimate_cost("text_to_image") <= 0.08
    assert estimate_cost("outpaint", images=2) == pytest.approx(2 * estimate_cost("outpaint"))
    with pytest.raises(ValueError, match="unknown Stability operation"):
        estimate_cost("make_video")


@pytest.mark.parametrize("mode", ["CMYK", "RGBA", "I;16", "P"])
def test_input_images_are_sent_as_rgb_png(bedrock: Bedrock, mode: str) -> None:
    bedrock.respond(reply())
    Stability(bedrock.client).fast_upscale(Image.new(mode, (8, 8)))
    sent = decoded(bedrock.body["image"])
    assert (sent.format, sent.mode) == ("PNG", "RGB")


def test_inpaint_takes_the_mask_from_transparency(bedrock: Bedrock) -> None:
    photo = Image.new("RGBA", (8, 8), (255, 0, 0, 255))
    photo.paste((0, 0, 0, 0), (0, 0, 4, 8))  # left half transparent: redraw it
    bedrock.respond(reply())
    Stability(bedrock.client).inpaint(photo, "a marble counter")
    mask = decoded(bedrock.body["mask"]).convert("L")
    assert mask.getpixel((1, 1)) == 255
    assert mask.getpixel((6, 1)) == 0


def test_opaque_image_without_mask_sends_no_mask(bedrock: Bedrock) -> None:
    bedrock.respond(reply())
    Stability(bedrock.client).erase_object(IMG)
    assert "mask" not in bedrock.body
