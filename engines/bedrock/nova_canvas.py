"""Amazon Nova Canvas on Bedrock (``InvokeModel``): generation, editing, background removal.

Every request body is built from pydantic models checked against the limits in
``BEDROCK.md`` ("Images: Nova Canvas") before any call, so a bad body fails without a
network round trip. The body envelope is::

    {"taskType": "...", "<task>Params": {...}, "imageGenerationConfig": {...}}

Masks are pure black and white and the same size as the image. INPAINTING redraws the
BLACK region of its mask; OUTPAINTING redraws the WHITE region, so keeping a product and
redrawing its background takes a mask with the product black and the background white
(:func:`product_mask_for_outpainting`).

A response is ``{"images": ["<b64>", ...], "error": "..."}``. When the content filters
block some outputs the call still succeeds with fewer images (the result carries a note);
when they block all of them :class:`ContentFilteredError` is raised.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from PIL import Image, ImageFilter
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from core.errors import CapabilityError, InvalidImageError
from engines.bedrock.invoke import (
    CONTENT_FILTER_MARKER,
    ContentFilteredError,
    ModelCallError,
    build_request,
    decode_image,
    encode_image,
    invoke_json,
)

DEFAULT_MODEL_ID = "amazon.nova-canvas-v1:0"

TaskType = Literal[
    "TEXT_IMAGE",
    "COLOR_GUIDED_GENERATION",
    "IMAGE_VARIATION",
    "INPAINTING",
    "OUTPAINTING",
    "BACKGROUND_REMOVAL",
]
Style = Literal[
    "3D_ANIMATED_FAMILY_FILM",
    "DESIGN_SKETCH",
    "FLAT_VECTOR_ILLUSTRATION",
    "GRAPHIC_NOVEL_ILLUSTRATION",
    "MAXIMALISM",
    "MIDCENTURY_RETRO",
    "PHOTOREALISM",
    "SOFT_DIGITAL_PAINTING",
]
ControlMode = Literal["CANNY_EDGE", "SEGMENTATION"]
Quality = Literal["standard", "premium"]
OutpaintingMode = Literal["DEFAULT", "PRECISE"]

MIN_SIDE = 320
MAX_SIDE = 4096
SIDE_STEP = 16
MAX_PIXELS = 4_194_304  # w * h must be strictly below this
MIN_ASPECT = 1 / 4
MAX_ASPECT = 4.0
MAX_SEED = 2_147_483_646
MASK_THRESHOLD = 128

NovaText = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
B64Image = Annotated[str, StringConstraints(min_length=1)]
HexColor = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]

PARAMS_KEY: dict[str, str] = {
    "TEXT_IMAGE": "textToImageParams",
    "COLOR_GUIDED_GENERATION": "colorGuidedGenerationParams",
    "IMAGE_VARIATION": "imageVariationParams",
    "INPAINTING": "inPaintingParams",
    "OUTPAINTING": "outPaintingParams",
    "BACKGROUND_REMOVAL": "backgroundRemovalParams",
}
"""The body key holding each task's parameters."""

SIZELESS_TASKS = frozenset({"INPAINTING", "OUTPAINTING"})
"""Tasks whose output size follows the input image: no width/height in the config."""

# Secondhand prices (BEDROCK.md), USD per image: (max side, {quality: price}). "Up to
# 1024x1024" is read as both sides <= 1024 (so 1280x720 is in the higher tier): the
# reference does not say whether the tier goes by side or by pixel count, and this
# reading never under-quotes.
PRICES: tuple[tuple[int, dict[str, float]], ...] = (
    (1024, {"standard": 0.04, "premium": 0.06}),
    (2048, {"standard": 0.06, "premium": 0.08}),
)


class CanvasRequestError(CapabilityError):
    """A request body broke the model's limits; raised before any call is made."""


# --- request models -----------------------------------------------------------------------


class _Body(BaseModel):
    """A part of a request body: camelCase fields as sent, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_body(self) -> dict[str, Any]:
        """The JSON-ready dict, without the fields left unset."""
        return self.model_dump(exclude_none=True)


class TextToImageBase(_Body):
    """TEXT_IMAGE parameters shared with Titan (no ``style``)."""

    text: NovaText
    negativeText: NovaText | None = None
    conditionImage: B64Image | None = None
    controlMode: ControlMode | None = None
    controlStrength: float | None = Field(default=None, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _check_control(self) -> TextToImageBase:
        """Control mode and strength only make sense with a condition image."""
        has_control = self.controlMode is not None or self.controlStrength is not None
        if has_control and self.conditionImage is None:
            raise ValueError("controlMode/controlStrength need a conditionImage")
        return self


class TextToImageParams(TextToImageBase):
    """``textToImageParams`` of a TEXT_IMAGE request."""

    style: Style | None = None


class ColorGuidedParams(_Body):
    """``colorGuidedGenerationParams``: 1–10 ``#RRGGBB`` colours and an optional reference."""

    colors: list[HexColor] = Field(min_length=1, max_length=10)
    referenceImage: B64Image | None = None
    text: NovaText
    negativeText: NovaText | None = None


class ImageVariationParams(_Body):
    """``imageVariationParams``: 1–5 images and how closely to follow them."""

    images: list[B64Image] = Field(min_length=1, max_length=5)
    similarityStrength: float | None = Field(default=None, ge=0.2, le=1.0)
    text: NovaText
    negativeText: NovaText | None = None


class _MaskedParams(_Body):
    """An image with exactly one of ``maskPrompt`` and ``maskImage``."""

    image: B64Image
    maskPrompt: NovaText | None = None
    maskImage: B64Image | None = None

    @model_validator(mode="after")
    def _check_mask(self) -> _MaskedParams:
        """Exactly one way of giving the mask."""
        if (self.maskPrompt is None) == (self.maskImage is None):
            raise ValueError("give exactly one of maskPrompt and maskImage")
        return self


class InPaintingParams(_MaskedParams):
    """``inPaintingParams``: redraw the BLACK region of the mask (no text = remove and fill)."""

    text: NovaText | None = None
    negativeText: NovaText | None = None


class OutPaintingParams(_MaskedParams):
    """``outPaintingParams``: redraw the WHITE region of the mask."""

    text: NovaText
    negativeText: NovaText | None = None
    outPaintingMode: OutpaintingMode = "DEFAULT"


class BackgroundRemovalParams(_Body):
    """``backgroundRemovalParams``: just the image."""

    image: B64Image


class ImageGenerationConfig(_Body):
    """``imageGenerationConfig``; width and height are left out for the editing tasks."""

    width: int | None = None
    height: int | None = None
    quality: Quality = "standard"
    cfgScale: float | None = Field(default=None, ge=1.1, le=10.0)
    numberOfImages: int = Field(default=1, ge=1, le=5)
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)

    @model_validator(mode="after")
    def _check_size(self) -> ImageGenerationConfig:
        """Width and height come together and must be an allowed size."""
        if (self.width is None) != (self.height is None):
            raise ValueError("give both width and height, or neither")
        if self.width is not None and self.height is not None:
            problem = self.size_problem(self.width, self.height)
            if problem:
                raise ValueError(problem)
        return self

    @classmethod
    def size_problem(cls, width: int, height: int) -> str:
        """Why a size is not allowed ("" when it is).

        Args:
            width: Width in pixels.
            height: Height in pixels.

        Returns:
            A short explanation, or an empty string for an allowed size.
        """
        return nova_size_problem(width, height)


def nova_size_problem(width: int, height: int) -> str:
    """Why Nova Canvas refuses a size ("" when it is allowed).

    Args:
        width: Width in pixels.
        height: Height in pixels.

    Returns:
        A short explanation, or an empty string.
    """
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        return f"width and height must be {MIN_SIDE}-{MAX_SIDE} px"
    if width % SIDE_STEP or height % SIDE_STEP:
        return f"width and height must be divisible by {SIDE_STEP}"
    if not MIN_ASPECT <= width / height <= MAX_ASPECT:
        return "the aspect ratio must be between 1:4 and 4:1"
    if width * height >= MAX_PIXELS:
        return f"width x height must be below {MAX_PIXELS:,} pixels"
    return ""


def snap_size(width: int, height: int) -> tuple[int, int]:
    """The allowed Nova Canvas size nearest to a wish, keeping its aspect ratio.

    The aspect ratio is clamped to 1:4..4:1, the size scaled into the bounds (320–4096 px
    a side, fewer than 4,194,304 pixels), then each side rounded to a multiple of 16,
    choosing the rounding that best keeps the aspect ratio.

    Args:
        width: Wanted width in pixels (> 0).
        height: Wanted height in pixels (> 0).

    Returns:
        ``(width, height)`` that passes :func:`nova_size_problem`.

    Raises:
        ValueError: When a side is not positive.
    """
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    ratio = min(max(width / height, MIN_ASPECT), MAX_ASPECT)
    area = float(width * height)
    w, h = math.sqrt(area * ratio), math.sqrt(area / ratio)
    scale = min(1.0, math.sqrt((MAX_PIXELS - 1) / (w * h)), MAX_SIDE / max(w, h))
    scale = max(scale, MIN_SIDE / min(w, h))
    w, h = w * scale, h * scale
    candidates = [
        (cw, ch) for cw in _steps_near(w) for ch in _steps_near(h) if not nova_size_problem(cw, ch)
    ]
    return min(
        candidates, key=lambda c: (abs(math.log(c[0] / c[1] / ratio)), abs(c[0] * c[1] - w * h))
    )


def _steps_near(value: float) -> list[int]:
    """Multiples of 16 around a value (two steps either side of its floor)."""
    base = int(value // SIDE_STEP) * SIDE_STEP
    return [base + k * SIDE_STEP for k in range(-2, 4)]


def estimate_cost(
    task: str, width: int, height: int, quality: str = "standard", n: int = 1
) -> float:
    """Estimated USD cost of a call, from the secondhand prices in ``BEDROCK.md``.

    Sizes over 2048 px a side (allowed, e.g. 4080x1024) are priced at the top tier: the
    reference gives no price for them (UNCONFIRMED).

    Args:
        task: The task type (every task is priced per output image).
        width: Output width (for editing tasks: the input image's width).
        height: Output height (for editing tasks: the input image's height).
        quality: ``standard`` or ``premium`` (BACKGROUND_REMOVAL is priced as standard).
        n: Number of images.

    Returns:
        The estimated cost in US dollars.
    """
    if task == "BACKGROUND_REMOVAL":
        quality, n = "standard", 1
    side = max(width, height)
    for limit, prices in PRICES:
        if side <= limit:
            return round(prices.get(quality, prices["standard"]) * n, 4)
    return round(PRICES[-1][1].get(quality, PRICES[-1][1]["standard"]) * n, 4)


# --- building and parsing -----------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


def build(cls: type[M], **fields: Any) -> M:
    """Build a request model; values that break its limits raise :class:`CanvasRequestError`."""
    return build_request(cls, CanvasRequestError, "image", **fields)


def request_body(
    task: TaskType, params: _Body, config: ImageGenerationConfig | None
) -> dict[str, Any]:
    """Assemble the InvokeModel body for a task.

    Args:
        task: The task type.
        params: Its validated parameters.
        config: The generation config (``None`` for BACKGROUND_REMOVAL).

    Returns:
        The JSON-ready body.

    Raises:
        CanvasRequestError: When the config does not fit the task.
    """
    body: dict[str, Any] = {"taskType": task, PARAMS_KEY[task]: params.to_body()}
    if task == "BACKGROUND_REMOVAL":
        if config is not None:
            raise CanvasRequestError("BACKGROUND_REMOVAL takes no imageGenerationConfig.")
        return body
    if config is None:
        raise CanvasRequestError(f"{task} needs an imageGenerationConfig.")
    if task in SIZELESS_TASKS and config.width is not None:
        raise CanvasRequestError(
            f"{task} keeps the input image's size: leave width and height out."
        )
    body["imageGenerationConfig"] = config.to_body()
    return body


@dataclass
class CanvasResult:
    """What a generation or edit call returned.

    Attributes:
        images: The decoded images (fewer than requested when some were filtered).
        requested: How many images were asked for.
        model_id: The model called.
        task: The task type.
        seed: The seed sent (``None`` when none was).
        note: A message for the user when some images were filtered, else ``None``.
    """

    images: list[Image.Image]
    requested: int
    model_id: str
    task: str
    seed: int | None = None
    note: str | None = None

    @property
    def image(self) -> Image.Image:
        """The first image."""
        return self.images[0]


def parse_response(
    response: dict[str, Any], requested: int, model_id: str, task: str, seed: int | None = None
) -> CanvasResult:
    """Turn a Nova Canvas / Titan response into a result.

    Args:
        response: The parsed JSON body (``images`` and maybe ``error``).
        requested: How many images were asked for.
        model_id: The model called.
        task: The task type.
        seed: The seed sent.

    Returns:
        The decoded images, with a note when some were filtered.

    Raises:
        ContentFilteredError: When the filters blocked every image.
        ModelCallError: When no image came back for another reason.
    """
    encoded = response.get("images") or []
    error = str(response.get("error") or "")
    if not encoded:
        if CONTENT_FILTER_MARKER in error.lower() or "blocked" in error.lower():
            raise ContentFilteredError(
                "All of the generated images were blocked by the model's content filters.",
                hint="Rephrase the description (or try another seed) and generate again.",
            )
        raise ModelCallError(
            f"The model {model_id} returned no image{': ' + error if error else ''}.",
            hint="Try again in a moment.",
        )
    images = [decode_image(b64) for b64 in encoded]
    note = None
    if len(images) < requested or error:
        missing = max(requested - len(images), 0)
        note = (
            f"{missing} of {requested} images were blocked by the content filters and left out."
            if missing
            else error
        )
    return CanvasResult(images, requested, model_id, task, seed, note)


# --- images and masks ---------------------------------------------------------------------


def binarize(mask: Image.Image, threshold: int = MASK_THRESHOLD) -> Image.Image:
    """A pure black-and-white ``L`` copy of a mask (values >= threshold become white).

    Args:
        mask: Any single- or multi-channel image (transparency is ignored).
        threshold: The grey level from which a pixel counts as white.

    Returns:
        An ``L`` image holding only 0 and 255.
    """
    return mask.convert("L").point(lambda v: 255 if v >= threshold else 0)


def prepare_mask(mask: Image.Image, image: Image.Image) -> Image.Image:
    """Check a mask against its image and make it pure black and white.

    Args:
        mask: The mask.
        image: The image it applies to.

    Returns:
        The binarized mask.

    Raises:
        InvalidImageError: When the sizes differ.
    """
    if mask.size != image.size:
        raise InvalidImageError(
            f"The mask is {mask.size[0]}x{mask.size[1]} but the image is "
            f"{image.size[0]}x{image.size[1]}.",
            hint="Make the mask exactly the size of the image.",
        )
    return binarize(mask)


def product_mask_for_outpainting(
    alpha: Image.Image, threshold: int = MASK_THRESHOLD, grow: int = 2
) -> Image.Image:
    """An OUTPAINTING mask that keeps a product: product BLACK, background WHITE.

    OUTPAINTING redraws the white region. The product (alpha >= threshold) is grown by
    ``grow`` pixels so its anti-aliased edge is kept too.

    Args:
        alpha: The cut-out's alpha channel (an ``L`` image), or an RGBA cut-out.
        threshold: The alpha level from which a pixel belongs to the product.
        grow: How many pixels to dilate the product by (0 for none).

    Returns:
        A pure black-and-white ``L`` mask the size of ``alpha``.
    """
    if alpha.mode in ("RGBA", "LA", "PA"):
        alpha = alpha.getchannel("A")
    product = binarize(alpha, threshold)
    if grow > 0:
        product = product.filter(ImageFilter.MaxFilter(2 * grow + 1))
    return product.point(lambda v: 0 if v else 255)


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

    def _run(self, task: TaskType, params: _Body, config: ImageGenerationConfig) -> CanvasResult:
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
            maskImage=_encode_mask(mask_image, image),
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
            maskImage=_encode_mask(mask_image, image),
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


def _encode_mask(mask: Image.Image | None, image: Image.Image) -> str | None:
    """Base64 PNG of an optional mask, checked against its image and binarized."""
    return None if mask is None else encode_image(prepare_mask(mask, image))
