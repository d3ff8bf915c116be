"""Stability AI request bodies on Bedrock: field types and limits, text-to-image and inpaint.

Every request body is a pydantic model checked against the limits in ``BEDROCK.md``
("Successors: Stability AI images on Bedrock") before any call, so a bad body fails
without a network round trip. Where the reference gives no range for a field, only its
type is checked and the field is left out of the body when not set (the service default
applies). The other image services' bodies are in
:mod:`engines.bedrock.stability.service_bodies`.
"""

from __future__ import annotations

import base64
import binascii
import io
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from PIL import Image
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.errors import CapabilityError, describe_errors
from engines.bedrock.invoke import encode_image

AspectRatio = Literal["16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21"]
ASPECT_RATIOS: tuple[str, ...] = ("16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21")
OutputFormat = Literal["png", "jpeg", "webp"]  # webp UNCONFIRMED on Bedrock
TextModelKind = Literal["sd3.5-large", "ultra", "core"]

MAX_PROMPT_CHARS = 10_000
MAX_SEED = 4_294_967_294  # 0 = random

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


B64Image = Annotated[str, AfterValidator(check_b64_image)]
Prompt = Annotated[str, Field(min_length=1, max_length=MAX_PROMPT_CHARS)]
Seed = Annotated[int, Field(ge=0, le=MAX_SEED)]
UnitFloat = Annotated[float, Field(ge=0.0, le=1.0)]


# --- request bodies -----------------------------------------------------------------------


class StabilityBody(BaseModel):
    """Base of every Stability request body: unknown fields are rejected.

    Attributes:
        operation: The operation name (a key of
            :data:`~engines.bedrock.stability.client.PRICE_PER_IMAGE_USD`).
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


# --- building bodies ----------------------------------------------------------------------


def encode_input(image: Image.Image) -> str:
    """Base64 PNG of an input image (8-bit RGB: the shared encoder flattens transparency)."""
    return encode_image(image, "PNG")


def mask_for(image: Image.Image, mask: Image.Image | None) -> str | None:
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
