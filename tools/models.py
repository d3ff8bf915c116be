"""Request and result models of the capabilities: their contract with the model and the API."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator

AdFormat = Literal["1:1", "4:5", "9:16", "16:9"]
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class CapabilityResult(BaseModel):
    """Base of every capability result: says which assets it made, and sums itself up."""

    def new_asset_ids(self) -> list[str]:
        """Ids of the assets this call created, in display order."""
        return []

    def summary(self) -> str:
        """One line for logs, tool steps and the model."""
        return type(self).__name__


def check_colors(colors: list[str]) -> list[str]:
    """Validate and upper-case ``#RRGGBB`` colours."""
    bad = [c for c in colors if not _HEX.match(c)]
    if bad:
        raise ValueError(f"brand colors must look like '#1A2B3C'; got {bad}")
    return [c.upper() for c in colors]


class ExtractFeaturesRequest(BaseModel):
    """The product text to analyse."""

    title: str = Field(min_length=1, max_length=200, description="Product name or title.")
    description: str = Field("", max_length=5000, description="Product description or brief.")
    bullets: list[str] = Field(default_factory=list, max_length=20, description="Bullet points.")


class ProductFeatures(CapabilityResult):
    """What the product is and what to say about it."""

    product_name: str = Field(description="Short product name for headlines.")
    category: str = Field(description="Product category, e.g. 'drinkware'.")
    features: list[str] = Field(description="Salient, concrete product features.")
    benefits: list[str] = Field(description="What the features do for the customer.")
    audience_hints: list[str] = Field(description="Who it is for.")
    suggested_themes: list[str] = Field(description="Scene themes that suit the product.")
    tone: str = Field("", description="Tone of voice the brief asks for, if any.")
    headline_ideas: list[str] = Field(default_factory=list, description="Short headlines.")

    def summary(self) -> str:
        """One line naming the features found."""
        listed = "; ".join(self.features[:4]) or "no concrete features"
        return f"{self.product_name}: {listed}"


class GenerateAdImagesRequest(BaseModel):
    """Stage the advertiser's product in new scenes, product pixels kept intact."""

    product_image: str = Field(description="Asset id of the uploaded product photo.")
    n: int = Field(4, ge=1, le=8, description="How many variations to make.")
    theme: str = Field(
        "auto",
        description="Scene theme, e.g. 'studio', 'beach', 'hiking trail', 'marble', "
        "'summer'; 'auto' picks one from the product and brief.",
    )
    format: AdFormat = Field("1:1", description="Aspect ratio: 1:1 feed, 4:5, 9:16 story, 16:9.")
    headline: str | None = Field(None, max_length=90, description="Headline to set on the ad.")
    subline: str | None = Field(None, max_length=140, description="Smaller line under it.")
    cta: str | None = Field(None, max_length=24, description="Call-to-action button text.")
    brand_colors: list[str] = Field(default_factory=list, max_length=5, description="#RRGGBB.")
    context: str = Field(
        "", max_length=2000, description="Product and brief text that guides theme 'auto'."
    )
    seed: int | None = Field(None, ge=0, description="Fix for reproducible results.")
    use_brand_kit: bool = Field(
        True, description="Apply the advertiser's saved brand kit where the request is silent."
    )
    photo_as_is: bool = Field(
        False,
        description="Use the whole photo as the product, without cutting it out (only when "
        "the advertiser agrees, after no product could be separated).",
    )

    _colors = field_validator("brand_colors")(check_colors)


class AdImage(BaseModel):
    """One generated ad image."""

    asset_id: str
    caption: str
    theme: str
    format: AdFormat
    width: int
    height: int


class GenerateAdImagesResult(CapabilityResult):
    """The ad images made, in order (variation 1 first)."""

    images: list[AdImage]
    cutout_id: str = Field(description="Asset id of the product cutout they were made from.")

    def new_asset_ids(self) -> list[str]:
        """The ad images, in order."""
        return [image.asset_id for image in self.images]

    def summary(self) -> str:
        """One line listing the new images."""
        listed = ", ".join(
            f"#{i} {image.asset_id} ({image.theme})" for i, image in enumerate(self.images, 1)
        )
        return f"{len(self.images)} ad image(s): {listed}"


class EditImageRequest(BaseModel):
    """Change an existing ad image; the result is a new version, the original stays."""

    asset_id: str = Field(description="Asset id of the ad image to edit.")
    headline: str | None = Field(
        None, max_length=90, description="New headline; an empty string removes it."
    )
    subline: str | None = Field(None, max_length=140, description="New smaller line.")
    cta: str | None = Field(None, max_length=24, description="New call-to-action text.")
    theme: str | None = Field(None, description="New scene theme (re-stages the product).")
    warmth: float | None = Field(
        None, ge=-1.0, le=1.0, description="Colour change: +0.3 warmer, -0.3 cooler."
    )
    format: AdFormat | None = Field(None, description="New aspect ratio.")
    brand_colors: list[str] | None = Field(None, max_length=5, description="#RRGGBB.")

    @field_validator("brand_colors")
    @classmethod
    def _valid_colors(cls, colors: list[str] | None) -> list[str] | None:
        return None if colors is None else check_colors(colors)


class EditImageResult(CapabilityResult):
    """The new version of the image."""

    image: AdImage
    parent_id: str
    changes: list[str]

    def new_asset_ids(self) -> list[str]:
        """The new version."""
        return [self.image.asset_id]

    def summary(self) -> str:
        """One line naming the change."""
        return f"{self.image.asset_id} from {self.parent_id}: {', '.join(self.changes)}"


class SaveBrandKitRequest(BaseModel):
    """The brand kit fields the advertiser gave; omit the others."""

    colors: list[str] | None = Field(None, max_length=5, description="Brand colours, #RRGGBB.")
    logo: str | None = Field(None, description="Asset id of the uploaded logo image.")
    font: str | None = Field(
        None, description="Font family: lato, manrope, hanken-grotesk, source-sans, fjalla-one."
    )
    tone: str | None = Field(None, max_length=200, description="Tone of voice.")

    @field_validator("colors")
    @classmethod
    def _valid_colors(cls, colors: list[str] | None) -> list[str] | None:
        return None if colors is None else check_colors(colors)


class BrandKitResult(CapabilityResult):
    """The brand kit as saved."""

    colors: list[str]
    logo: str | None
    font: str | None
    tone: str

    def summary(self) -> str:
        """One line listing the kit."""
        parts = [", ".join(self.colors) or "no colours", f"logo {self.logo or 'none'}"]
        parts += [f"font {self.font}" if self.font else "default font"]
        return "Brand kit saved: " + "; ".join(parts + ([self.tone] if self.tone else []))
