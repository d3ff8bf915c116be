"""Amazon Nova Canvas request bodies on Bedrock: pydantic models of each task's parameters.

Every body is built from models checked against the limits in ``BEDROCK.md`` ("Images:
Nova Canvas") before any call, so a bad body fails without a network round trip. The body
envelope is::

    {"taskType": "...", "<task>Params": {...}, "imageGenerationConfig": {...}}

Titan Image Generator v2 reuses these models with its own limits (:mod:`engines.bedrock.titan`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from core.errors import CapabilityError
from engines.bedrock.invoke import build_request
from engines.bedrock.nova_canvas.sizes import nova_size_problem

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

MAX_SEED = 2_147_483_646

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


class CanvasRequestError(CapabilityError):
    """A request body broke the model's limits; raised before any call is made."""


# --- request models -----------------------------------------------------------------------


class CanvasBody(BaseModel):
    """A part of a request body: camelCase fields as sent, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_body(self) -> dict[str, Any]:
        """The JSON-ready dict, without the fields left unset."""
        return self.model_dump(exclude_none=True)


class TextToImageBase(CanvasBody):
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


class ColorGuidedParams(CanvasBody):
    """``colorGuidedGenerationParams``: 1–10 ``#RRGGBB`` colours and an optional reference."""

    colors: list[HexColor] = Field(min_length=1, max_length=10)
    referenceImage: B64Image | None = None
    text: NovaText
    negativeText: NovaText | None = None


class ImageVariationParams(CanvasBody):
    """``imageVariationParams``: 1–5 images and how closely to follow them."""

    images: list[B64Image] = Field(min_length=1, max_length=5)
    similarityStrength: float | None = Field(default=None, ge=0.2, le=1.0)
    text: NovaText
    negativeText: NovaText | None = None


class _MaskedParams(CanvasBody):
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


class BackgroundRemovalParams(CanvasBody):
    """``backgroundRemovalParams``: just the image."""

    image: B64Image


class ImageGenerationConfig(CanvasBody):
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


# --- building a body ----------------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


def build(cls: type[M], **fields: Any) -> M:
    """Build a request model; values that break its limits raise :class:`CanvasRequestError`."""
    return build_request(cls, CanvasRequestError, "image", **fields)


def request_body(
    task: TaskType, params: CanvasBody, config: ImageGenerationConfig | None
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
