"""Request bodies of the Stability AI image services on Bedrock (all but inpaint).

Outpaint, search and replace, erase object, remove background, the three upscales, control
sketch/structure, style guide and style transfer: each a pydantic model checked against the
limits in ``BEDROCK.md`` before any call (see :mod:`engines.bedrock.stability.bodies` for the
shared field types). Search and recolor is not wrapped: it takes colour words, not the
exact ``#RRGGBB`` of a background colour, which the bedrock engine recolours locally.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from engines.bedrock.stability.bodies import (
    AspectRatio,
    B64Image,
    OutputFormat,
    Prompt,
    Seed,
    ServiceBody,
    UnitFloat,
    b64_pixel_count,
)

CREATIVE_UPSCALE_MAX_PIXELS = 1024 * 1024  # "≤ 1 MP"
CONSERVATIVE_UPSCALE_MAX_PIXELS = 9_437_184  # "≤ ~9.4 MP" (3072 x 3072)


def _check_b64_pixels(b64: str, limit: int, operation: str) -> None:
    """Raise ValueError when the image has more than ``limit`` pixels."""
    pixels = b64_pixel_count(b64)
    if pixels > limit:
        raise ValueError(f"{operation} accepts at most {limit:,} pixels; the image has {pixels:,}")


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
