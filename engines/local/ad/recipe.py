"""The ad recipe: everything needed to re-render an ad exactly, and the classic formats."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.errors import CapabilityError
from core.placements import load_placements, resolve_placement
from engines.local.typography.fonts import DEFAULT_FONT, font_family

Role = Literal["headline", "subline", "cta"]
Corner = Literal["auto", "top-left", "top-right", "bottom-left", "bottom-right"]
ShiftFrac = Annotated[float, Field(ge=-0.3, le=0.3)]
Side = Literal["left", "top", "right", "bottom"]

CLASSIC_FORMATS = ("1:1", "4:5", "9:16", "16:9")
FORMATS: dict[str, tuple[int, int]] = {
    name: resolve_placement(name).size for name in CLASSIC_FORMATS
}
"""The four classic aspect-ratio aliases and their sizes; every placement is in
:func:`~core.placements.load_placements`."""
FORMATS_BY_ID: dict[str, tuple[int, int]] = {p.id: p.size for p in load_placements().values()}


def _hex(color: str) -> str:
    value = color.strip()
    if (
        len(value) != 7
        or value[0] != "#"
        or any(c not in "0123456789abcdefABCDEF" for c in value[1:])
    ):
        raise ValueError(f"colour {color!r} is not a #RRGGBB hex colour")
    return value.upper()


class Recipe(BaseModel):
    """Everything needed to re-render an ad exactly; stored as JSON in asset metadata.

    Attributes:
        theme: Theme id or label, any words (mapped to the nearest theme), or ``auto``.
        format: Placement id, alias (``"1:1"``, ``"9:16"``, ``"feed"``) or ``WxH``; stored as
            the placement id.
        seed: Randomness of the scene (accent placement, textures).
        variation: 0..n; changes layout, light direction and, for ``auto``, the theme.
        headline: Main line of text.
        subline: Supporting line.
        cta: Call-to-action button label.
        warmth: Colour grading of the scene, -1 (cool) .. 1 (warm).
        brightness: Tone grading of the scene, -1 (darker) .. 1 (brighter).
        contrast: Contrast grading of the scene, -1 (flatter) .. 1 (punchier).
        brand_colors: ``#RRGGBB`` colours that tint the scene and colour the button.
        context: Product and brief text used by ``theme="auto"``.
        font: Font family id (``lato``, ``manrope``, ``hanken-grotesk``, ``source-sans``,
            ``fjalla-one``); unknown names fall back to ``lato``.
        logo: Whether to place the brand logo when one is given to :func:`compose_ad`.
        logo_position: Preferred corner of the safe zone, or ``auto``.
        product_scale: Multiplies the layout's product size, 0.5..1.6.
        product_shift: Moves the product by fractions of the canvas (x, y), -0.3..0.3.
        backdrop_color: ``#RRGGBB`` the scene's backdrop and floor are recoloured towards.
        product_cropped: Sides where the photo's frame cuts the product (a held product's
            arm): it is placed against the same sides of the ad, with no floor shadow, so
            it never stands cut off in mid-air.
        badge: A small marker in a free corner of the safe zone, e.g. a carousel card's
            ``"2/5"`` (None: no marker).
        disclosure: A visible AI disclosure label ("AI-generated"), drawn as a small pill
            in a free corner of the safe zone, bottom left first (None: no label).
    """

    model_config = ConfigDict(extra="forbid")

    theme: str = "auto"
    format: str = "square"
    seed: int = 0
    variation: Annotated[int, Field(ge=0)] = 0
    headline: Annotated[str, Field(max_length=200)] | None = None
    subline: Annotated[str, Field(max_length=300)] | None = None
    cta: Annotated[str, Field(max_length=40)] | None = None
    warmth: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    brightness: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    contrast: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    brand_colors: list[str] = []
    context: str = ""
    font: str = DEFAULT_FONT
    logo: bool = True
    logo_position: Corner = "auto"
    product_scale: Annotated[float, Field(ge=0.5, le=1.6)] = 1.0
    product_shift: tuple[ShiftFrac, ShiftFrac] = (0.0, 0.0)
    backdrop_color: str | None = None
    product_cropped: list[Side] = []
    badge: Annotated[str, Field(max_length=12)] | None = None
    disclosure: Annotated[str, Field(min_length=1, max_length=24)] | None = None

    @field_validator("format")
    @classmethod
    def _placement_id(cls, name: str) -> str:
        try:
            return resolve_placement(name).id
        except CapabilityError as error:
            raise ValueError(str(error)) from None

    @field_validator("font")
    @classmethod
    def _font_id(cls, name: str) -> str:
        return font_family(name).id

    @field_validator("brand_colors")
    @classmethod
    def _hex_colors(cls, colors: list[str]) -> list[str]:
        try:
            return [_hex(color) for color in colors]
        except ValueError as error:
            raise ValueError(f"brand {error}") from None

    @field_validator("backdrop_color")
    @classmethod
    def _backdrop_hex(cls, color: str | None) -> str | None:
        return _hex(color) if color is not None else None

    @field_validator("headline", "subline", "cta")
    @classmethod
    def _blank_is_none(cls, text: str | None) -> str | None:
        return text.strip() or None if text is not None else None
