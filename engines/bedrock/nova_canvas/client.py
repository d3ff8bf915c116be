"""Amazon Nova Canvas on Bedrock (``InvokeModel``): generation, editing, background removal.

:class:`NovaCanvas` builds each task's body from the models in
:mod:`engines.bedrock.nova_canvas.bodies` (checked before any call), sends it and reads the
answer (:mod:`engines.bedrock.nova_canvas.response`); sizes and prices are in
:mod:`engines.bedrock.nova_canvas.sizes`, masks in :mod:`engines.bedrock.nova_canvas.masks`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, ClassVar

from PIL import Image

from engines.bedrock.canvas_fit import CanvasFit
from engines.bedrock.invoke import encode_image, invoke_json
from engines.bedrock.nova_canvas.bodies import (
    MAX_SEED,
    BackgroundRemovalParams,
    CanvasBody,
    CanvasRequestError,
    ColorGuidedParams,
    ImageGenerationConfig,
    ImageVariationParams,
    InPaintingParams,
    OutPaintingParams,
    TaskType,
    TextToImageBase,
    TextToImageParams,
    build,
    request_body,
)
from engines.bedrock.nova_canvas.masks import encode_mask
from engines.bedrock.nova_canvas.response import CanvasResult, parse_response
from engines.bedrock.nova_canvas.sizes import estimate_cost, fit_nova_canvas, snap_size

DEFAULT_MODEL_ID = "amazon.nova-canvas-v1:0"


def _pick_seed(seed: int | None) -> int:
    """The given seed, or a random one so repeated calls differ (the model's default is 12)."""
    return random.randint(0, MAX_SEED) if seed is None else seed


# --- the client ---------------------------------------------------------------------------


class NovaCanvas:
    """Nova Canvas image model on a ``bedrock-runtime`` client.

    Args:
        client: A boto3 ``bedrock-runtime`` client (``read_timeout`` about 300 s).
        model_id: The model id, from settings.
    """

    FAMILY: ClassVar[str] = "Nova Canvas"
    TEXT_IMAGE_PARAMS: ClassVar[type[TextToImageBase]] = TextToImageParams
    COLOR_GUIDED_PARAMS: ClassVar[type[ColorGuidedParams]] = ColorGuidedParams
    VARIATION_PARAMS: ClassVar[type[ImageVariationParams]] = ImageVariationParams
    INPAINTING_PARAMS: ClassVar[type[InPaintingParams]] = InPaintingParams
    OUTPAINTING_PARAMS: ClassVar[type[OutPaintingParams]] = OutPaintingParams
    CONFIG: ClassVar[type[ImageGenerationConfig]] = ImageGenerationConfig

    def __init__(self, client: Any, model_id: str = DEFAULT_MODEL_ID) -> None:
        self.client = client
        self.model_id = model_id

    @staticmethod
    def snap_size(width: int, height: int) -> tuple[int, int]:
        """The allowed size nearest to ``width`` x ``height`` (see :func:`snap_size`)."""
        return snap_size(width, height)

    @staticmethod
    def fit_canvas(width: int, height: int) -> CanvasFit:
        """The padded canvas for a placement and its crop box (see :func:`fit_nova_canvas`)."""
        return fit_nova_canvas(width, height)

    @staticmethod
    def estimate_cost(
        task: str, width: int, height: int, quality: str = "standard", n: int = 1
    ) -> float | None:
        """Estimated USD cost of a call (see :func:`estimate_cost`)."""
        return estimate_cost(task, width, height, quality, n)

    def send(self, body: dict[str, Any], requested: int = 1) -> CanvasResult:
        """Invoke the model with a ready body and parse the answer.

        Args:
            body: A body from :func:`request_body`.
            requested: How many images were asked for.

        Returns:
            The result.

        Raises:
            ContentFilteredError: When the filters blocked the input or every output.
            ModelCallError: When the call failed.
        """
        response = invoke_json(self.client, self.model_id, body)
        seed = body.get("imageGenerationConfig", {}).get("seed")
        return parse_response(response, requested, self.model_id, body["taskType"], seed)

    def encode_input(self, image: Image.Image) -> str:
        """Base64 PNG of an input image, flattened to opaque 8-bit RGB.

        Args:
            image: Any PIL image (transparency is flattened onto neutral grey).

        Returns:
            The base64 text.

        Raises:
            InvalidImageError: When the model cannot take the image (see subclasses).
        """
        return encode_image(image)

    def _maybe_encode(self, image: Image.Image | None) -> str | None:
        """Base64 PNG of an optional input image."""
        return None if image is None else self.encode_input(image)

    def _config(self, *, size: tuple[int, int] | None, **fields: Any) -> ImageGenerationConfig:
        """A validated generation config (``size`` None leaves width/height out)."""
        width, height = size if size is not None else (None, None)
        return build(self.CONFIG, width=width, height=height, **fields)

    def _run(
        self, task: TaskType, params: CanvasBody, config: ImageGenerationConfig
    ) -> CanvasResult:
        """Assemble, send and parse."""
        return self.send(request_body(task, params, config), config.numberOfImages)

    def text_image(
        self,
        text: str,
        *,
        negative: str | None = None,
        style: str | None = None,
        width: int = 1024,
        height: int = 1024,
        quality: str = "standard",
        cfg_scale: float | None = None,
        n: int = 1,
        seed: int | None = None,
        condition_image: Image.Image | None = None,
        control_mode: str | None = None,
        control_strength: float | None = None,
    ) -> CanvasResult:
        """Generate images from a description (TEXT_IMAGE).

        Args:
            text: What to show (put unwanted things in ``negative``, not "no X" here).
            negative: What not to show.
            style: A Nova Canvas style preset (e.g. ``PHOTOREALISM``); not on Titan.
            width: Width; must be allowed (use :meth:`snap_size`).
            height: Height; must be allowed.
            quality: ``standard`` or ``premium``.
            cfg_scale: Prompt adherence, 1.1–10 (``None``: the model's default).
            n: Number of images, 1–5.
            seed: Seed; ``None`` picks a random one (recorded in the result).
            condition_image: A layout image to follow.
            control_mode: ``CANNY_EDGE`` or ``SEGMENTATION`` (with ``condition_image``).
            control_strength: How strictly to follow the condition image, 0–1.

        Returns:
            The generated images.

        Raises:
            CanvasRequestError: Before any call, when a value breaks the limits.
            ContentFilteredError: When the filters blocked the prompt or every image.
            ModelCallError: When the call failed.
        """
        params = build(
            self.TEXT_IMAGE_PARAMS,
            text=text,
            negativeText=negative,
            conditionImage=self._maybe_encode(condition_image),
            controlMode=control_mode,
            controlStrength=control_strength,
            style=style,
        )
        config = self._config(
            size=(width, height),
            quality=quality,
            cfgScale=cfg_scale,
            numberOfImages=n,
            seed=_pick_seed(seed),
        )
        return self._run("TEXT_IMAGE", params, config)

    def color_guided(
        self,
        text: str,
        colors: Sequence[str],
        *,
        reference_image: Image.Image | None = None,
        negative: str | None = None,
        width: int = 1024,
        height: int = 1024,
        quality: str = "standard",
        cfg_scale: float | None = None,
        n: int = 1,
        seed: int | None = None,
    ) -> CanvasResult:
        """Generate images in a palette (COLOR_GUIDED_GENERATION), e.g. brand colours.

        Args:
            text: What to show.
            colors: 1–10 colours as ``#RRGGBB``.
            reference_image: An optional image to take the layout and look from.
            negative: What not to show.
            width: Width; must be allowed (use :meth:`snap_size`).
            height: Height; must be allowed.
            quality: ``standard`` or ``premium``.
            cfg_scale: Prompt adherence, 1.1–10 (``None``: the model's default).
            n: Number of images, 1–5.
            seed: Seed; ``None`` picks a random one.

        Returns:
            The generated images.

        Raises:
            CanvasRequestError: Before any call, when a value breaks the limits.
            ContentFilteredError: When the filters blocked the input or every image.
            ModelCallError: When the call failed.
        """
        params = build(
            self.COLOR_GUIDED_PARAMS,
            colors=list(colors),
            referenceImage=self._maybe_encode(reference_image),
            text=text,
            negativeText=negative,
        )
        config = self._config(
            size=(width, height),
            quality=quality,
            cfgScale=cfg_scale,
            numberOfImages=n,
            seed=_pick_seed(seed),
        )
        return self._run("COLOR_GUIDED_GENERATION", params, config)

    def variation(
        self,
        images: Sequence[Image.Image],
        text: str,
        *,
        similarity: float | None = None,
        negative: str | None = None,
        width: int = 1024,
        height: int = 1024,
        quality: str = "standard",
        cfg_scale: float | None = None,
        n: int = 1,
        seed: int | None = None,
    ) -> CanvasResult:
        """Generate variations of 1–5 images (IMAGE_VARIATION).

        Args:
            images: The source images (1–5; more is refused before encoding).
            text: What to show.
            similarity: How close to stay to the sources, 0.2–1.0 (model default if None).
            negative: What not to show.
            width: Width; must be allowed (use :meth:`snap_size`).
            height: Height; must be allowed.
            quality: ``standard`` or ``premium``.
            cfg_scale: Prompt adherence, 1.1–10 (``None``: the model's default).
            n: Number of images, 1–5.
            seed: Seed; ``None`` picks a random one.

        Returns:
            The generated images.

        Raises:
            CanvasRequestError: Before any call, when a value breaks the limits.
            ContentFilteredError: When the filters blocked the input or every image.
            ModelCallError: When the call failed.
        """
        if not 1 <= len(images) <= 5:
            raise CanvasRequestError(
                f"IMAGE_VARIATION takes 1 to 5 images, not {len(images)}.",
                hint="Pick at most five source images.",
            )
        params = build(
            self.VARIATION_PARAMS,
            images=[self.encode_input(image) for image in images],
            similarityStrength=similarity,
            text=text,
            negativeText=negative,
        )
        config = self._config(
            size=(width, height),
            quality=quality,
            cfgScale=cfg_scale,
            numberOfImages=n,
            seed=_pick_seed(seed),
        )
        return self._run("IMAGE_VARIATION", params, config)

    def inpaint(
        self,
        image: Image.Image,
        text: str | None = None,
        *,
        mask_image: Image.Image | None = None,
        mask_prompt: str | None = None,
        negative: str | None = None,
        n: int = 1,
        seed: int | None = None,
        quality: str = "standard",
        cfg_scale: float | None = None,
    ) -> CanvasResult:
        """Redraw part of an image (INPAINTING): the BLACK region of ``mask_image``.

        Args:
            image: The image to edit (flattened to opaque RGB before sending).
            text: What to put there; ``None`` removes what is there and fills it in.
            mask_image: Black = redraw, white = keep; same size as ``image``.
            mask_prompt: Or describe the region to redraw ("the mug").
            negative: What not to show.
            n: Number of images, 1–5.
            seed: Seed; ``None`` picks a random one.
            quality: ``standard`` or ``premium``.
            cfg_scale: Prompt adherence, 1.1–10 (``None``: the model's default).

        Returns:
            The edited images (the size of ``image``).

        Raises:
            CanvasRequestError: Before any call, when a value breaks the limits.
            InvalidImageError: When the mask's size differs from the image's.
            ContentFilteredError: When the filters blocked the input or every image.
            ModelCallError: When the call failed.
        """
        params = build(
            self.INPAINTING_PARAMS,
            image=self.encode_input(image),
            maskPrompt=mask_prompt,
            maskImage=encode_mask(mask_image, image),
            text=text,
            negativeText=negative,
        )
        config = self._config(
            size=None, quality=quality, cfgScale=cfg_scale, numberOfImages=n, seed=_pick_seed(seed)
        )
        return self._run("INPAINTING", params, config)

    def outpaint(
        self,
        image: Image.Image,
        text: str,
        *,
        mask_image: Image.Image | None = None,
        mask_prompt: str | None = None,
        negative: str | None = None,
        mode: str = "PRECISE",
        n: int = 1,
        seed: int | None = None,
        quality: str = "standard",
        cfg_scale: float | None = None,
    ) -> CanvasResult:
        """Redraw around a subject (OUTPAINTING): the WHITE region of ``mask_image``.

        To keep a product and change its background, pass
        ``product_mask_for_outpainting(cutout_alpha)`` (product black, background white),
        or ``mask_prompt`` naming the product (AWS's examples use the prompt for the
        subject to keep; UNCONFIRMED by ``BEDROCK.md``).

        Args:
            image: The image to edit (flattened to opaque RGB before sending).
            text: The new surroundings.
            mask_image: White = redraw, black = keep; same size as ``image``.
            mask_prompt: Or describe the subject to keep.
            negative: What not to show.
            mode: ``PRECISE`` (follow the mask strictly) or ``DEFAULT``.
            n: Number of images, 1–5.
            seed: Seed; ``None`` picks a random one.
            quality: ``standard`` or ``premium``.
            cfg_scale: Prompt adherence, 1.1–10 (``None``: the model's default).

        Returns:
            The edited images (the size of ``image``).

        Raises:
            CanvasRequestError: Before any call, when a value breaks the limits.
            InvalidImageError: When the mask's size differs from the image's.
            ContentFilteredError: When the filters blocked the input or every image.
            ModelCallError: When the call failed.
        """
        params = build(
            self.OUTPAINTING_PARAMS,
            image=self.encode_input(image),
            maskPrompt=mask_prompt,
            maskImage=encode_mask(mask_image, image),
            text=text,
            negativeText=negative,
            outPaintingMode=mode,
        )
        config = self._config(
            size=None, quality=quality, cfgScale=cfg_scale, numberOfImages=n, seed=_pick_seed(seed)
        )
        return self._run("OUTPAINTING", params, config)

    def remove_background(self, image: Image.Image) -> Image.Image:
        """Cut the subject out (BACKGROUND_REMOVAL).

        Args:
            image: The photo (flattened to opaque RGB before sending).

        Returns:
            The cut-out as an RGBA image.

        Raises:
            ContentFilteredError: When the filters blocked the image.
            ModelCallError: When the call failed.
        """
        params = build(BackgroundRemovalParams, image=self.encode_input(image))
        result = self.send(request_body("BACKGROUND_REMOVAL", params, None), 1)
        return result.image.convert("RGBA")
