"""Engines behind the capabilities: ``local`` (offline, the default) and ``bedrock``.

Each kind of engine is a small protocol; ``agent.services.build_engines`` is the one
place that picks the implementation for a deployment, so tests swap engines there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PIL import Image

    from tools.engines.local.compose import Composition, Recipe
    from tools.engines.local.cutout import Cutout
    from tools.models import ExtractFeaturesRequest, ProductFeatures


class FeatureEngine(Protocol):
    """Turns product text into structured features."""

    def extract(self, request: ExtractFeaturesRequest) -> ProductFeatures:
        """Return the product's features, benefits, audience and theme ideas."""
        ...


class ImageEngine(Protocol):
    """Cuts products out of photos and stages them in ad scenes."""

    name: str

    def cut_out(self, photo: Image.Image) -> Cutout:
        """Separate the product from its photo's background."""
        ...

    def render_ad(
        self, cutout: Image.Image, recipe: Recipe, logo: Image.Image | None = None
    ) -> Composition:
        """Stage the cut-out product in a scene described by ``recipe`` (with a logo)."""
        ...

    def adjust(self, image: Image.Image, warmth: float) -> Image.Image:
        """Grade a whole image warmer (> 0) or cooler (< 0)."""
        ...


@dataclass(frozen=True)
class Engines:
    """The engine of each kind for one deployment."""

    features: FeatureEngine
    images: ImageEngine
