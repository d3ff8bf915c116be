"""Amazon Titan Image Generator v2 on Bedrock (``InvokeModel``).

Titan v2 shares Nova Canvas's envelope, task names and response (``BEDROCK.md``,
"Images: Titan Image Generator v2"), so :class:`TitanImage` reuses
:class:`~engines.bedrock.nova_canvas.client.NovaCanvas` with Titan's limits:

- no ``style`` in TEXT_IMAGE, and no VIRTUAL_TRY_ON;
- ``text`` and ``negativeText`` 1–512 characters;
- output sizes from a fixed list (:data:`TITAN_SIZES`), images at most 1408 px a side.
"""

from __future__ import annotations

import math
from typing import Annotated, ClassVar

from PIL import Image
from pydantic import StringConstraints

from core.errors import InvalidImageError
from engines.bedrock.canvas_fit import CanvasFit, fit_within
from engines.bedrock.invoke import encode_image
from engines.bedrock.nova_canvas.bodies import (
    ColorGuidedParams,
    ImageGenerationConfig,
    ImageVariationParams,
    InPaintingParams,
    OutPaintingParams,
    TextToImageBase,
)
from engines.bedrock.nova_canvas.client import NovaCanvas

DEFAULT_MODEL_ID = "amazon.titan-image-generator-v2:0"

TITAN_SIZES: tuple[tuple[int, int], ...] = (
    (1024, 1024),
    (768, 1152),
    (1152, 768),
    (1280, 768),
    (1408, 768),
    (1152, 640),
    (1173, 640),
    (512, 512),
)
"""Output sizes (width, height) Titan v2 accepts.

UNCONFIRMED as complete: ``BEDROCK.md`` lists these and marks the list as possibly
partial. A size missing here is refused before the call; add it here once confirmed.
"""

MAX_INPUT_SIDE = 1408
"""Longest side of an image Titan v2 takes (``BEDROCK.md``)."""

TitanText = Annotated[str, StringConstraints(min_length=1, max_length=512)]


class TitanTextToImageParams(TextToImageBase):
    """``textToImageParams`` for Titan: no ``style``, text up to 512 characters."""

    text: TitanText
    negativeText: TitanText | None = None


class TitanColorGuidedParams(ColorGuidedParams):
    """``colorGuidedGenerationParams`` with Titan's 512-character text."""

    text: TitanText
    negativeText: TitanText | None = None


class TitanImageVariationParams(ImageVariationParams):
    """``imageVariationParams`` with Titan's 512-character text."""

    text: TitanText
    negativeText: TitanText | None = None


class TitanInPaintingParams(InPaintingParams):
    """``inPaintingParams`` with Titan's 512-character text."""

    text: TitanText | None = None
    negativeText: TitanText | None = None


class TitanOutPaintingParams(OutPaintingParams):
    """``outPaintingParams`` with Titan's 512-character text (PRECISE keeps the masked pixels)."""

    text: TitanText
    negativeText: TitanText | None = None


class TitanGenerationConfig(ImageGenerationConfig):
    """``imageGenerationConfig`` whose width and height must be one of :data:`TITAN_SIZES`."""

    @classmethod
    def size_problem(cls, width: int, height: int) -> str:
        """Why Titan refuses a size ("" when it is listed).

        Args:
            width: Width in pixels.
            height: Height in pixels.

        Returns:
            A short explanation, or an empty string.
        """
        if (width, height) in TITAN_SIZES:
            return ""
        listed = ", ".join(f"{w}x{h}" for w, h in TITAN_SIZES)
        return f"{width}x{height} is not a Titan size (use one of {listed})"


def snap_size(width: int, height: int) -> tuple[int, int]:
    """The listed Titan size whose aspect ratio is closest to ``width`` x ``height``.

    Ties (e.g. 1024x1024 and 512x512 for a square) go to the size closest in area.

    Args:
        width: Wanted width in pixels (> 0).
        height: Wanted height in pixels (> 0).

    Returns:
        One of :data:`TITAN_SIZES`.

    Raises:
        ValueError: When a side is not positive.
    """
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    wanted = math.log(width / height)
    area = width * height
    return min(
        TITAN_SIZES,
        key=lambda s: (round(abs(math.log(s[0] / s[1]) - wanted), 6), abs(s[0] * s[1] - area)),
    )


def estimate_cost(
    task: str, width: int, height: int, quality: str = "standard", n: int = 1
) -> float | None:
    """Titan's cost is unknown here: ``BEDROCK.md`` gives no price for it.

    Args:
        task: The task type.
        width: Output width.
        height: Output height.
        quality: ``standard`` or ``premium``.
        n: Number of images.

    Returns:
        Always ``None`` (price unknown; check the Bedrock pricing page).
    """
    del task, width, height, quality, n
    return None


class TitanImage(NovaCanvas):
    """Titan Image Generator v2 on a ``bedrock-runtime`` client; same methods as Nova Canvas.

    ``text_image(style=...)`` is refused (Titan has no styles); sizes must come from
    :data:`TITAN_SIZES` (use :meth:`snap_size`); input images must be at most 1408 px a side.

    Args:
        client: A boto3 ``bedrock-runtime`` client.
        model_id: The model id, from settings.
    """

    FAMILY: ClassVar[str] = "Titan Image Generator v2"
    TEXT_IMAGE_PARAMS: ClassVar[type[TextToImageBase]] = TitanTextToImageParams
    COLOR_GUIDED_PARAMS: ClassVar[type[ColorGuidedParams]] = TitanColorGuidedParams
    VARIATION_PARAMS: ClassVar[type[ImageVariationParams]] = TitanImageVariationParams
    INPAINTING_PARAMS: ClassVar[type[InPaintingParams]] = TitanInPaintingParams
    OUTPAINTING_PARAMS: ClassVar[type[OutPaintingParams]] = TitanOutPaintingParams
    CONFIG: ClassVar[type[ImageGenerationConfig]] = TitanGenerationConfig

    def __init__(self, client: object, model_id: str = DEFAULT_MODEL_ID) -> None:
        super().__init__(client, model_id)

    @staticmethod
    def snap_size(width: int, height: int) -> tuple[int, int]:
        """The listed size closest in aspect to ``width`` x ``height`` (see :func:`snap_size`)."""
        return snap_size(width, height)

    @staticmethod
    def fit_canvas(width: int, height: int) -> CanvasFit:
        """The listed size closest in aspect, with the placement fitted inside it (no stretch)."""
        return fit_within(width, height, snap_size(width, height))

    @staticmethod
    def estimate_cost(
        task: str, width: int, height: int, quality: str = "standard", n: int = 1
    ) -> float | None:
        """Always ``None``: no Titan price in the reference (see :func:`estimate_cost`)."""
        return estimate_cost(task, width, height, quality, n)

    def encode_input(self, image: Image.Image) -> str:
        """Base64 PNG of an input image, refusing images over 1408 px a side.

        Args:
            image: Any PIL image (transparency is flattened onto neutral grey).

        Returns:
            The base64 text.

        Raises:
            InvalidImageError: When a side is longer than 1408 px.
        """
        if max(image.size) > MAX_INPUT_SIDE:
            raise InvalidImageError(
                f"Titan takes images up to {MAX_INPUT_SIDE} px a side; this one is "
                f"{image.size[0]}x{image.size[1]}.",
                hint=f"Scale the image down to at most {MAX_INPUT_SIDE} px on its long side.",
            )
        return encode_image(image)
