"""Stability AI image models on Bedrock (InvokeModel): the client, its model ids and prices.

:class:`Stability` makes images from text (SD 3.5 Large, Ultra or Core), redraws them
(image-to-image) and inpaints them; the other image services (outpaint, erase,
remove background, upscales, ...) come from
:class:`~engines.bedrock.stability.services.StabilityServices`. Every request body is a
pydantic model checked against the limits in ``BEDROCK.md`` before any call
(:mod:`engines.bedrock.stability.bodies`, :mod:`engines.bedrock.stability.service_bodies`),
so a bad body fails without a network round trip. A filtered request does not raise on the
wire: :meth:`Stability.send` turns the response's finish reason into
:class:`ContentFilteredError` or :class:`ModelCallError`
(:mod:`engines.bedrock.stability.response`).
"""

from __future__ import annotations

import math
from typing import Any

from PIL import Image

from core.errors import CapabilityError
from engines.bedrock.invoke import invoke_json
from engines.bedrock.stability.bodies import (
    ASPECT_RATIOS,
    AspectRatio,
    CoreBody,
    InpaintBody,
    SD35LargeBody,
    ServiceBody,
    StabilityBody,
    StabilityRequestError,
    TextModelKind,
    TextToImageBody,
    UltraBody,
    build_body,
    encode_input,
    mask_for,
)
from engines.bedrock.stability.response import StabilityResult, parse_response
from engines.bedrock.stability.services import StabilityServices

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


# --- the client ---------------------------------------------------------------------------

_TEXT_BODIES: dict[TextModelKind, type[TextToImageBody]] = {
    "sd3.5-large": SD35LargeBody,
    "ultra": UltraBody,
    "core": CoreBody,
}


class Stability(StabilityServices):
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
            image=encode_input(image),
            strength=strength,
            negative_prompt=negative_prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    # inpaint (the image service the Bedrock image engine uses) ---------------------------

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
            image=encode_input(image),
            prompt=prompt,
            mask=mask_for(image, mask),
            grow_mask=grow_mask,
            negative_prompt=negative_prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)
