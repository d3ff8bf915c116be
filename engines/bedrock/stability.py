"""Stability AI image models on Bedrock (InvokeModel): text-to-image and the image services.

Every request body is a pydantic model checked against the limits in ``BEDROCK.md``
("Successors: Stability AI images on Bedrock") before any call, so a bad body fails
without a network round trip. Where the reference gives no range for a field, only its
type is checked and the field is left out of the body when not set (the service default
applies).

A Stability response is ``{"seeds": [n], "finish_reasons": [null], "images": ["<b64>"]}``.
A filtered request does not raise on the wire: ``finish_reasons[0]`` says why, and
:meth:`Stability.send` turns it into :class:`ContentFilteredError` or :class:`ModelCallError`.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from PIL import Image
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.errors import CapabilityError, InvalidImageError, describe_errors
from engines.bedrock.invoke import (
    ContentFilteredError,
    ModelCallError,
    decode_image,
    encode_image,
    invoke_json,
)

AspectRatio = Literal["16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21"]
ASPECT_RATIOS: tuple[str, ...] = ("16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21")
OutputFormat = Literal["png", "jpeg", "webp"]  # webp UNCONFIRMED on Bedrock
TextModelKind = Literal["sd3.5-large", "ultra", "core"]

MAX_PROMPT_CHARS = 10_000
MAX_SEED = 4_294_967_294  # 0 = random
CREATIVE_UPSCALE_MAX_PIXELS = 1024 * 1024  # "≤ 1 MP"
CONSERVATIVE_UPSCALE_MAX_PIXELS = 9_437_184  # "≤ ~9.4 MP" (3072 x 3072)

SD35_LARGE_ID = "stability.sd3-5-large-v1:0"
ULTRA_ID = "stability.stable-image-ultra-v1:1"
CORE_ID = "stability.stable-image-core-v1:1"
DEFAULT_SERVICES_PREFIX = "us.stability."

# Price per output image in USD. UNCONFIRMED: BEDROCK.md only says "~$0.06-0.08 per image"
# for the Stability models; every operation uses the upper bound so budgets err high.
# Confirm against the AWS pricing page before paid work.
PRICE_PER_IMAGE_USD: dict[str, float] = {
    "text_to_image": 0.08,
    "image_to_image": 0.08,
    "inpaint": 0.08,
    "outpaint": 0.08,
    "search_replace": 0.08,
    "search_recolor": 0.08,
    "erase_object": 0.08,
    "remove_background": 0.08,
    "creative_upscale": 0.08,
    "conservative_upscale": 0.08,
    "fast_upscale": 0.08,
    "control_sketch": 0.08,
    "control_structure": 0.08,
    "style_guide": 0.08,
    "style_transfer": 0.08,
}

B = TypeVar("B", bound="StabilityBody")

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


class StabilityRequestError(CapabilityError):
    """A Stability request body breaks the model's limits (caught before any call)."""


# --- image fields -------------------------------------------------------------------------


def _image_bytes(b64: str) -> bytes:
    """Decode a base64 image string, strictly."""
    try:
        return base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("image must be a base64 string") from exc


def check_b64_image(b64: str) -> str:
    """Validate that ``b64`` is a base64-encoded PNG or JPEG.

    Args:
        b64: The base64 string.

    Returns:
        The same string.

    Raises:
        ValueError: When it is not base64, or not a PNG or JPEG.
    """
    data = _image_bytes(b64)
    if not (data.startswith(_PNG_MAGIC) or data.startswith(_JPEG_MAGIC)):
        raise ValueError("image must be a base64 PNG or JPEG")
    return b64


def b64_pixel_count(b64: str) -> int:
    """Width x height of a base64 image, reading only its header."""
    with Image.open(io.BytesIO(_image_bytes(b64))) as img:
        width, height = img.size
    return width * height


def _check_b64_pixels(b64: str, limit: int, operation: str) -> None:
    """Raise ValueError when the image has more than ``limit`` pixels."""
    pixels = b64_pixel_count(b64)
    if pixels > limit:
        raise ValueError(f"{operation} accepts at most {limit:,} pixels; the image has {pixels:,}")


B64Image = Annotated[str, AfterValidator(check_b64_image)]
Prompt = Annotated[str, Field(min_length=1, max_length=MAX_PROMPT_CHARS)]
Seed = Annotated[int, Field(ge=0, le=MAX_SEED)]
UnitFloat = Annotated[float, Field(ge=0.0, le=1.0)]


# --- request bodies -----------------------------------------------------------------------


class StabilityBody(BaseModel):
    """Base of every Stability request body: unknown fields are rejected.

    Attributes:
        operation: The operation name (a key of :data:`PRICE_PER_IMAGE_USD`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    operation: ClassVar[str] = ""

    def to_body(self) -> dict[str, Any]:
        """The JSON body to send: set fields only."""
        return self.model_dump(exclude_none=True)


class TextToImageBody(StabilityBody):
    """Fields shared by the three text-to-image models."""

    operation: ClassVar[str] = "text_to_image"
    kind: ClassVar[TextModelKind]

    prompt: Prompt
    aspect_ratio: AspectRatio | None = None
    seed: Seed | None = None
    output_format: OutputFormat | None = None


class SD35LargeBody(TextToImageBody):
    """SD 3.5 Large: text-to-image, or ``mode="image-to-image"`` with ``image`` and ``strength``."""

    kind: ClassVar[TextModelKind] = "sd3.5-large"

    negative_prompt: str | None = None
    mode: Literal["text-to-image", "image-to-image"] | None = None
    image: B64Image | None = None
    strength: float | None = None

    @model_validator(mode="after")
    def _check_mode(self) -> SD35LargeBody:
        if self.mode == "image-to-image":
            if self.image is None or self.strength is None:
                raise ValueError("image-to-image needs image and strength")
            if self.aspect_ratio is not None:
                raise ValueError("aspect_ratio is for text-to-image only")
        elif self.image is not None or self.strength is not None:
            raise ValueError('image and strength need mode "image-to-image"')
        return self


class UltraBody(TextToImageBody):
    """Stable Image Ultra: text-to-image, or with ``image`` + ``strength`` (no ``mode``)."""

    kind: ClassVar[TextModelKind] = "ultra"

    negative_prompt: str | None = None
    image: B64Image | None = None
    strength: float | None = None

    @model_validator(mode="after")
    def _check_image(self) -> UltraBody:
        if (self.image is None) != (self.strength is None):
            raise ValueError("image and strength go together")
        if self.image is not None and self.aspect_ratio is not None:
            raise ValueError("aspect_ratio is for text-to-image only")
        return self


class CoreBody(TextToImageBody):
    """Stable Image Core: text-to-image only, and no ``negative_prompt``."""

    kind: ClassVar[TextModelKind] = "core"


class ServiceBody(StabilityBody):
    """Base of the image-service bodies.

    Attributes:
        suffix: The model id after the services prefix.
    """

    suffix: ClassVar[str] = ""


class InpaintBody(ServiceBody):
    """Inpaint: redraw the masked area from the prompt."""

    operation: ClassVar[str] = "inpaint"
    suffix: ClassVar[str] = "stable-image-inpaint-v1:0"

    image: B64Image
    prompt: Prompt
    mask: B64Image | None = None
    grow_mask: Annotated[int, Field(ge=0, le=20)] | None = None
    negative_prompt: str | None = None
    seed: Seed | None = None
    output_format: OutputFormat | None = None


class OutpaintBody(ServiceBody):
    """Outpaint: extend the image by up to 2000 px on each side (at least one side > 0)."""

    operation: ClassVar[str] = "outpaint"
    suffix: ClassVar[str] = "stable-outpaint-v1:0"

    image: B64Image
    left: Annotated[int, Field(ge=0, le=2000)] = 0
    right: Annotated[int, Field(ge=0, le=2000)] = 0
    up: Annotated[int, Field(ge=0, le=2000)] = 0
    down: Annotated[int, Field(ge=0, le=2000)] = 0
    creativity: UnitFloat | None = None
    prompt: Prompt | None = None
    seed: Seed | None = None
    output_format: OutputFormat | None = None

    @model_validator(mode="after")
    def _check_sides(self) -> OutpaintBody:
        if not any((self.left, self.right, self.up, self.down)):
            raise ValueError("outpaint needs at least one of left/right/up/down above 0")
        return self


class SearchReplaceBody(ServiceBody):
    """Search and replace: find ``search_prompt`` and replace it with ``prompt``."""

    operation: ClassVar[str] = "search_replace"
    suffix: ClassVar[str] = "stable-image-search-replace-v1:0"

    image: B64Image
    prompt: Prompt
    search_prompt: Prompt
    seed: Seed | None = None
    output_format: OutputFormat | None = None


class SearchRecolorBody(ServiceBody):
    """Search and recolor: find ``select_prompt`` and recolor it as ``prompt`` says."""

    operation: ClassVar[str] = "search_recolor"
    suffix: ClassVar[str] = "stable-image-search-recolor-v1:0"

    image: B64Image
    prompt: Prompt
    select_prompt: Prompt
    seed: Seed | None = None
    output_format: OutputFormat | None = None


class EraseObjectBody(ServiceBody):
    """Erase object: remove the masked area and fill it in."""

    operation: ClassVar[str] = "erase_object"
    suffix: ClassVar[str] = "stable-image-erase-object-v1:0"

    image: B64Image
    mask: B64Image | None = None
    grow_mask: int | None = None  # range not in the reference
    seed: Seed | None = None
    output_format: OutputFormat | None = None


class RemoveBackgroundBody(ServiceBody):
    """Remove background: the subject on a transparent background."""

    operation: ClassVar[str] = "remove_background"
    suffix: ClassVar[str] = "stable-image-remove-background-v1:0"

    image: B64Image
    output_format: OutputFormat | None = None


class CreativeUpscaleBody(ServiceBody):
    """Creative upscale: re-imagines a small (≤ 1 MP) image at high resolution."""

    operation: ClassVar[str] = "creative_upscale"
    suffix: ClassVar[str] = "stable-creative-upscale-v1:0"
    max_pixels: ClassVar[int] = CREATIVE_UPSCALE_MAX_PIXELS

    image: B64Image
    prompt: Prompt
    creativity: Annotated[float, Field(ge=0.1, le=0.5)] | None = None
    style_preset: str | None = None
    seed: Seed | None = None
    output_format: OutputFormat | None = None

    @model_validator(mode="after")
    def _check_size(self) -> CreativeUpscaleBody:
        _check_b64_pixels(self.image, self.max_pixels, "creative upscale")
        return self


class ConservativeUpscaleBody(ServiceBody):
    """Conservative upscale: keeps the image's details (input ≤ ~9.4 MP)."""

    operation: ClassVar[str] = "conservative_upscale"
    suffix: ClassVar[str] = "stable-conservative-upscale-v1:0"
    max_pixels: ClassVar[int] = CONSERVATIVE_UPSCALE_MAX_PIXELS

    image: B64Image
    prompt: Prompt
    seed: Seed | None = None
    output_format: OutputFormat | None = None

    @model_validator(mode="after")
    def _check_size(self) -> ConservativeUpscaleBody:
        _check_b64_pixels(self.image, self.max_pixels, "conservative upscale")
        return self


class FastUpscaleBody(ServiceBody):
    """Fast upscale: 4x, no prompt."""

    operation: ClassVar[str] = "fast_upscale"
    suffix: ClassVar[str] = "stable-fast-upscale-v1:0"

    image: B64Image
    output_format: OutputFormat | None = None


class ControlSketchBody(ServiceBody):
    """Control sketch: an image from a sketch and a prompt."""

    operation: ClassVar[str] = "control_sketch"
    suffix: ClassVar[str] = "stable-image-control-sketch-v1:0"

    image: B64Image
    prompt: Prompt
    control_strength: UnitFloat | None = None
    seed: Seed | None = None
    output_format: OutputFormat | None = None


class ControlStructureBody(ControlSketchBody):
    """Control structure: a new image keeping the input's structure."""

    operation: ClassVar[str] = "control_structure"
    suffix: ClassVar[str] = "stable-image-control-structure-v1:0"


class StyleGuideBody(ServiceBody):
    """Style guide: a new image in the style of ``image``."""

    operation: ClassVar[str] = "style_guide"
    suffix: ClassVar[str] = "stable-image-style-guide-v1:0"

    image: B64Image
    prompt: Prompt
    fidelity: float | None = None  # range not in the reference
    aspect_ratio: AspectRatio | None = None
    seed: Seed | None = None
    output_format: OutputFormat | None = None


class StyleTransferBody(ServiceBody):
    """Style transfer: ``init_image`` redrawn in the style of ``style_image``."""

    operation: ClassVar[str] = "style_transfer"
    suffix: ClassVar[str] = "stable-style-transfer-v1:0"

    init_image: B64Image
    style_image: B64Image
    prompt: Prompt | None = None
    # ranges of the three below are not in the reference
    composition_fidelity: float | None = None
    style_strength: float | None = None
    change_strength: float | None = None
    seed: Seed | None = None
    output_format: OutputFormat | None = None


# --- results, prices, aspect ratios -------------------------------------------------------


@dataclass(frozen=True)
class StabilityResult:
    """What a Stability call returned.

    Attributes:
        images: The decoded images (at least one).
        seeds: The seeds the model used, one per image.
        model_id: The model id that was called.
        operation: The operation name, e.g. ``"inpaint"``.
        notes: Plain-language remarks about the call, for logs and the agent.
    """

    images: list[Image.Image]
    seeds: list[int]
    model_id: str
    operation: str
    notes: list[str] = field(default_factory=list)

    @property
    def image(self) -> Image.Image:
        """The first image."""
        return self.images[0]

    @property
    def seed(self) -> int | None:
        """The first seed, if the response had one."""
        return self.seeds[0] if self.seeds else None


def estimate_cost(operation: str, images: int = 1) -> float:
    """Estimated USD cost of an operation (UNCONFIRMED prices, see :data:`PRICE_PER_IMAGE_USD`).

    Args:
        operation: An operation name such as ``"text_to_image"`` or ``"outpaint"``.
        images: How many output images.

    Returns:
        The estimated cost in US dollars.

    Raises:
        ValueError: For an unknown operation.
    """
    if operation not in PRICE_PER_IMAGE_USD:
        known = ", ".join(sorted(PRICE_PER_IMAGE_USD))
        raise ValueError(f"unknown Stability operation {operation!r}; known: {known}")
    return PRICE_PER_IMAGE_USD[operation] * images


def _ratio(aspect: str) -> float:
    width, height = aspect.split(":")
    return int(width) / int(height)


def aspect_for(width: int, height: int) -> AspectRatio:
    """The allowed aspect ratio closest to a placement size (compared on a log scale).

    Args:
        width: Placement width in pixels.
        height: Placement height in pixels.

    Returns:
        One of :data:`ASPECT_RATIOS`, e.g. ``"9:16"`` for 1080x1920.

    Raises:
        ValueError: When a side is not positive.
    """
    if width <= 0 or height <= 0:
        raise ValueError(f"placement size must be positive, got {width}x{height}")
    target = math.log(width / height)
    best = min(ASPECT_RATIOS, key=lambda a: abs(math.log(_ratio(a)) - target))
    return best  # type: ignore[return-value]


def text_model_kind(model_id: str) -> TextModelKind:
    """Which Stability text-to-image model an id (bare, ``us.`` profile or ARN) names.

    Args:
        model_id: The configured model id.

    Returns:
        ``"sd3.5-large"``, ``"ultra"`` or ``"core"``.

    Raises:
        CapabilityError: When the id names none of them.
    """
    if "sd3-5-large" in model_id:
        return "sd3.5-large"
    if "stable-image-ultra" in model_id:
        return "ultra"
    if "stable-image-core" in model_id:
        return "core"
    raise CapabilityError(
        f"'{model_id}' is not a Stability text-to-image model this engine knows.",
        hint=f"Set the Stability model id to {SD35_LARGE_ID}, {ULTRA_ID} or {CORE_ID}.",
    )


# --- response handling --------------------------------------------------------------------

_FILTERED: dict[str, tuple[str, str]] = {
    "prompt": (
        "Stability's content filter blocked the prompt.",
        "Rephrase the prompt without the flagged content and try again.",
    ),
    "output image": (
        "Stability's content filter blocked the generated image.",
        "Try a different prompt or seed.",
    ),
    "input image": (
        "Stability's content filter blocked the input image.",
        "Use a different image.",
    ),
}


def _check_finish_reason(reason: str | None, model_id: str) -> None:
    """Raise for a filtered or failed response; ``None`` means success."""
    if reason is None:
        return
    if reason.startswith("Filter reason"):
        what = reason.partition(":")[2].strip()
        message, hint = _FILTERED.get(
            what, (f"Stability's content filter blocked the request ({what}).", "")
        )
        raise ContentFilteredError(message, hint=hint)
    if reason == "Inference error":
        raise ModelCallError(
            f"The Stability model {model_id} failed to make the image.",
            hint="Try again in a moment; if it keeps failing, simplify the request.",
        )


def parse_response(response: dict[str, Any], model_id: str, operation: str) -> StabilityResult:
    """Turn a Stability response body into a result, checking ``finish_reasons`` first.

    Args:
        response: The parsed JSON body.
        model_id: The model id called (for messages).
        operation: The operation name.

    Returns:
        The decoded images with their seeds.

    Raises:
        ContentFilteredError: When a content filter blocked the prompt, input or output.
        ModelCallError: On an inference error, or when no image came back.
    """
    reasons = response.get("finish_reasons") or [None]
    _check_finish_reason(reasons[0], model_id)
    encoded = response.get("images") or []
    if not encoded:
        raise ModelCallError(
            f"The Stability model {model_id} returned no image.", hint="Try again in a moment."
        )
    notes = [f"{operation} with {model_id}"]
    if reasons[0] is not None:
        notes.append(f"finish reason: {reasons[0]}")
    seeds = [int(s) for s in response.get("seeds") or []]
    images = [decode_image(b64) for b64 in encoded]
    return StabilityResult(images, seeds, model_id, operation, notes)


# --- input images -------------------------------------------------------------------------


def _encode(image: Image.Image) -> str:
    """Base64 PNG of an input image (8-bit RGB: the shared encoder flattens transparency)."""
    return encode_image(image, "PNG")


def _mask_for(image: Image.Image, mask: Image.Image | None) -> str | None:
    """Base64 PNG of the edit mask (white = the area to change), or None.

    Without an explicit mask, a transparent image's alpha channel gives it (transparent =
    change), as Stability's public API does; it has to be made explicit here because the
    shared encoder flattens transparency. Stability's mask convention is UNCONFIRMED on
    Bedrock.
    """
    if mask is not None:
        return encode_image(mask.convert("L"), "PNG")
    if image.has_transparency_data:
        alpha = image.convert("RGBA").getchannel("A")
        return encode_image(alpha.point(lambda v: 255 - v), "PNG")
    return None


def _check_pixels(image: Image.Image, limit: int, operation: str, hint: str) -> None:
    """Raise InvalidImageError before any call when the image is too big for the operation."""
    pixels = image.width * image.height
    if pixels > limit:
        raise InvalidImageError(
            f"The image is {image.width}x{image.height} ({pixels / 1e6:.1f} MP); "
            f"{operation} accepts at most {limit / 1e6:.1f} MP.",
            hint=hint,
        )


def build_body(cls: type[B], **fields: Any) -> B:
    """Build and validate a request body, dropping ``None`` fields.

    Args:
        cls: The body model.
        **fields: Its fields.

    Returns:
        The validated body.

    Raises:
        StabilityRequestError: When the body breaks the model's limits.
    """
    try:
        return cls(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        problems = describe_errors(exc.errors(), whole="body")
        raise StabilityRequestError(
            f"The {cls.operation.replace('_', ' ')} request is not valid: {problems}.",
            hint="Fix the listed fields and try again.",
        ) from exc


# --- the client ---------------------------------------------------------------------------

_TEXT_BODIES: dict[TextModelKind, type[TextToImageBody]] = {
    "sd3.5-large": SD35LargeBody,
    "ultra": UltraBody,
    "core": CoreBody,
}


class Stability:
    """Stability AI models on Bedrock through InvokeModel.

    Args:
        client: A ``bedrock-runtime`` client (a Stubber-wrapped one in tests).
        text_model_id: The text/image-to-image model id (SD 3.5 Large, Ultra or Core).
        services_prefix: Prefix of the image-service ids (``"us.stability."`` or ``"stability."``).

    Raises:
        CapabilityError: When ``text_model_id`` is not a known Stability text model.
    """

    def __init__(
        self,
        client: Any,
        text_model_id: str = SD35_LARGE_ID,
        services_prefix: str = DEFAULT_SERVICES_PREFIX,
    ) -> None:
        self.client = client
        self.text_model_id = text_model_id
        self.text_kind: TextModelKind = text_model_kind(text_model_id)
        self.services_prefix = services_prefix

    def model_id_for(self, body: StabilityBody) -> str:
        """The model id a body is sent to."""
        if isinstance(body, ServiceBody):
            return self.services_prefix + body.suffix
        return self.text_model_id

    def send(self, body: StabilityBody) -> StabilityResult:
        """Send a validated body and parse the response.

        Args:
            body: A request body model.

        Returns:
            The decoded images with their seeds.

        Raises:
            StabilityRequestError: When a text body does not match the configured text model.
            ContentFilteredError: When a content filter blocked the request.
            ModelCallError: When the model failed or returned nothing.
        """
        if isinstance(body, TextToImageBody) and body.kind != self.text_kind:
            raise StabilityRequestError(
                f"A {body.kind} body cannot go to {self.text_model_id}.",
                hint="Build the body for the configured text model.",
            )
        model_id = self.model_id_for(body)
        response = invoke_json(self.client, model_id, body.to_body())
        return parse_response(response, model_id, body.operation)

    # text-to-image models ----------------------------------------------------------------

    def text_to_image(
        self,
        prompt: str,
        *,
        negative_prompt: str | None = None,
        aspect_ratio: str = "1:1",
        seed: int | None = None,
        output_format: str = "png",
    ) -> StabilityResult:
        """Generate an image from a prompt with the configured text model.

        Args:
            prompt: What to draw (≤ 10,000 characters).
            negative_prompt: What to avoid (not accepted by Stable Image Core).
            aspect_ratio: One of :data:`ASPECT_RATIOS`; see :func:`aspect_for`.
            seed: 0–4294967294 (0 or None = random).
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The image and its seed.

        Raises:
            StabilityRequestError: For a body the model does not accept.
        """
        body = build_body(
            _TEXT_BODIES[self.text_kind],
            prompt=prompt,
            negative_prompt=negative_prompt,
            aspect_ratio=aspect_ratio,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def image_to_image(
        self,
        image: Image.Image,
        prompt: str,
        *,
        strength: float,
        negative_prompt: str | None = None,
        seed: int | None = None,
        output_format: str = "png",
    ) -> StabilityResult:
        """Redraw an image from a prompt (SD 3.5 Large or Stable Image Ultra).

        Args:
            image: The starting image.
            prompt: What the result should show.
            strength: How much the image may change (range not in the reference).
            negative_prompt: What to avoid.
            seed: 0–4294967294 (0 or None = random).
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The image and its seed.

        Raises:
            CapabilityError: When the configured model is Stable Image Core.
        """
        if self.text_kind == "core":
            raise CapabilityError(
                "Stable Image Core only makes images from text.",
                hint=f"Configure {SD35_LARGE_ID} or {ULTRA_ID} for image-to-image.",
            )
        mode = "image-to-image" if self.text_kind == "sd3.5-large" else None
        body = build_body(
            _TEXT_BODIES[self.text_kind],
            prompt=prompt,
            mode=mode,
            image=_encode(image),
            strength=strength,
            negative_prompt=negative_prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    # image services ----------------------------------------------------------------------

    def inpaint(
        self,
        image: Image.Image,
        prompt: str,
        *,
        mask: Image.Image | None = None,
        grow_mask: int | None = None,
        negative_prompt: str | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Redraw the masked area from the prompt.

        Args:
            image: The image to edit.
            prompt: What to draw in the masked area.
            mask: Grayscale mask, white = redraw. None: taken from the image's alpha channel
                (transparent = redraw) if it has one, else left out.
            grow_mask: Pixels to grow the mask by, 0–20.
            negative_prompt: What to avoid.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The edited image and its seed.
        """
        body = build_body(
            InpaintBody,
            image=_encode(image),
            prompt=prompt,
            mask=_mask_for(image, mask),
            grow_mask=grow_mask,
            negative_prompt=negative_prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def outpaint(
        self,
        image: Image.Image,
        *,
        left: int = 0,
        right: int = 0,
        up: int = 0,
        down: int = 0,
        creativity: float | None = None,
        prompt: str | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Extend the image on one or more sides.

        Args:
            image: The image to extend.
            left: Pixels to add on the left, 0–2000.
            right: Pixels to add on the right, 0–2000.
            up: Pixels to add at the top, 0–2000.
            down: Pixels to add at the bottom, 0–2000.
            creativity: 0–1, how freely to invent the new areas.
            prompt: What the new areas should show.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The larger image and its seed.
        """
        body = build_body(
            OutpaintBody,
            image=_encode(image),
            left=left,
            right=right,
            up=up,
            down=down,
            creativity=creativity,
            prompt=prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def search_replace(
        self,
        image: Image.Image,
        prompt: str,
        search_prompt: str,
        *,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Replace what ``search_prompt`` names with what ``prompt`` describes.

        Args:
            image: The image to edit.
            prompt: What to put in its place.
            search_prompt: What to find, e.g. ``"the plastic cup"``.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The edited image and its seed.
        """
        body = build_body(
            SearchReplaceBody,
            image=_encode(image),
            prompt=prompt,
            search_prompt=search_prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def search_recolor(
        self,
        image: Image.Image,
        prompt: str,
        select_prompt: str,
        *,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Recolor what ``select_prompt`` names as ``prompt`` describes.

        Args:
            image: The image to edit.
            prompt: The new colors, e.g. ``"a teal bottle"``.
            select_prompt: What to recolor, e.g. ``"the bottle"``.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The edited image and its seed.
        """
        body = build_body(
            SearchRecolorBody,
            image=_encode(image),
            prompt=prompt,
            select_prompt=select_prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def erase_object(
        self,
        image: Image.Image,
        *,
        mask: Image.Image | None = None,
        grow_mask: int | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Remove the masked object and fill the area in.

        Args:
            image: The image to edit.
            mask: Grayscale mask, white = erase. None: taken from the image's alpha channel
                (transparent = erase) if it has one, else left out.
            grow_mask: Pixels to grow the mask by.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The edited image and its seed.
        """
        body = build_body(
            EraseObjectBody,
            image=_encode(image),
            mask=_mask_for(image, mask),
            grow_mask=grow_mask,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def remove_background(
        self, image: Image.Image, *, output_format: str | None = None
    ) -> StabilityResult:
        """Cut the subject out onto a transparent background.

        Args:
            image: The photo.
            output_format: ``png`` (keeps transparency), ``jpeg`` or ``webp``.

        Returns:
            The cutout.
        """
        body = build_body(RemoveBackgroundBody, image=_encode(image), output_format=output_format)
        return self.send(body)

    def creative_upscale(
        self,
        image: Image.Image,
        prompt: str,
        *,
        creativity: float | None = None,
        style_preset: str | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Upscale a small image (≤ 1 MP), re-imagining detail.

        Args:
            image: The image, at most 1 MP.
            prompt: What the image shows.
            creativity: 0.1–0.5.
            style_preset: A Stability style preset name.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The upscaled image and its seed.

        Raises:
            InvalidImageError: When the image is over 1 MP (before any call).
        """
        _check_pixels(
            image,
            CREATIVE_UPSCALE_MAX_PIXELS,
            "creative upscale",
            "Use conservative or fast upscale, or downscale the image first.",
        )
        body = build_body(
            CreativeUpscaleBody,
            image=_encode(image),
            prompt=prompt,
            creativity=creativity,
            style_preset=style_preset,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def conservative_upscale(
        self,
        image: Image.Image,
        prompt: str,
        *,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Upscale keeping the image's details (input ≤ ~9.4 MP).

        Args:
            image: The image, at most 9,437,184 pixels.
            prompt: What the image shows.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The upscaled image and its seed.

        Raises:
            InvalidImageError: When the image is too big (before any call).
        """
        _check_pixels(
            image,
            CONSERVATIVE_UPSCALE_MAX_PIXELS,
            "conservative upscale",
            "The image is already large; downscale it or use it as is.",
        )
        body = build_body(
            ConservativeUpscaleBody,
            image=_encode(image),
            prompt=prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def fast_upscale(
        self, image: Image.Image, *, output_format: str | None = None
    ) -> StabilityResult:
        """Upscale 4x quickly, without a prompt.

        Args:
            image: The image.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The upscaled image.
        """
        body = build_body(FastUpscaleBody, image=_encode(image), output_format=output_format)
        return self.send(body)

    def control_sketch(
        self,
        image: Image.Image,
        prompt: str,
        *,
        control_strength: float | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Make an image from a sketch.

        Args:
            image: The sketch.
            prompt: What the result should show.
            control_strength: 0–1, how closely to follow the sketch.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The image and its seed.
        """
        return self._control(
            ControlSketchBody, image, prompt, control_strength, seed, output_format
        )

    def control_structure(
        self,
        image: Image.Image,
        prompt: str,
        *,
        control_strength: float | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Make a new image that keeps the input's structure.

        Args:
            image: The structure source.
            prompt: What the result should show.
            control_strength: 0–1, how closely to follow the structure.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The image and its seed.
        """
        return self._control(
            ControlStructureBody, image, prompt, control_strength, seed, output_format
        )

    def _control(
        self,
        cls: type[ControlSketchBody],
        image: Image.Image,
        prompt: str,
        control_strength: float | None,
        seed: int | None,
        output_format: str | None,
    ) -> StabilityResult:
        body = build_body(
            cls,
            image=_encode(image),
            prompt=prompt,
            control_strength=control_strength,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def style_guide(
        self,
        image: Image.Image,
        prompt: str,
        *,
        fidelity: float | None = None,
        aspect_ratio: str | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Make a new image in the style of a reference image.

        Args:
            image: The style reference.
            prompt: What the result should show.
            fidelity: How closely to follow the style (range not in the reference).
            aspect_ratio: One of :data:`ASPECT_RATIOS`.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The image and its seed.
        """
        body = build_body(
            StyleGuideBody,
            image=_encode(image),
            prompt=prompt,
            fidelity=fidelity,
            aspect_ratio=aspect_ratio,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def style_transfer(
        self,
        init_image: Image.Image,
        style_image: Image.Image,
        *,
        prompt: str | None = None,
        composition_fidelity: float | None = None,
        style_strength: float | None = None,
        change_strength: float | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Redraw ``init_image`` in the style of ``style_image``.

        Args:
            init_image: The image to restyle.
            style_image: The style reference.
            prompt: Optional guidance.
            composition_fidelity: How much of the composition to keep.
            style_strength: How strongly to apply the style.
            change_strength: How much the image may change.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The restyled image and its seed.
        """
        body = build_body(
            StyleTransferBody,
            init_image=_encode(init_image),
            style_image=_encode(style_image),
            prompt=prompt,
            composition_fidelity=composition_fidelity,
            style_strength=style_strength,
            change_strength=change_strength,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)
