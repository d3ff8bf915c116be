"""The local image engine: cutout, scene rendering and compositing, all offline."""

from __future__ import annotations

from PIL import Image

from engines.local import cutout, grading
from engines.local.ad import compose
from engines.local.ad.composition import Composition
from engines.local.ad.recipe import Recipe


class LocalImageEngine:
    """Product-faithful ad images rendered on this machine (no model weights)."""

    name = "local"

    def cut_out(
        self, photo: Image.Image, box: tuple[int, int, int, int] | None = None
    ) -> cutout.Cutout:
        """Separate the product (inside ``box``, when marked) from its photo's background."""
        return cutout.cut_out(photo, box)

    def remove_background(
        self, photo: Image.Image, box: tuple[int, int, int, int] | None = None
    ) -> cutout.Cutout:
        """Separate the product (inside ``box``, when given) for a transparent PNG."""
        return cutout.cut_out(photo, box)

    def render_ad(
        self, product: Image.Image, recipe: Recipe, logo: Image.Image | None = None
    ) -> Composition:
        """Stage the cut-out product in the scene the recipe describes (with a logo)."""
        return compose.compose_ad(product, recipe, logo)

    def adjust(
        self,
        image: Image.Image,
        warmth: float = 0.0,
        brightness: float = 0.0,
        contrast: float = 0.0,
    ) -> Image.Image:
        """Grade a whole image: warmth, brightness and contrast, each -1..1 (locally)."""
        return grading.adjust(image, warmth=warmth, brightness=brightness, contrast=contrast)
