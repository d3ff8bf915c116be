"""The local image engine: cutout, scene rendering and compositing, all offline."""

from __future__ import annotations

import numpy as np
from PIL import Image

from core.errors import CapabilityError
from engines import Retouched
from engines.local import cutout, grading, retouch
from engines.local.ad import compose
from engines.local.ad.composition import Composition
from engines.local.ad.recipe import Recipe

ERASE_UNAVAILABLE = (
    "The local engine cannot remove the hand: it has no image model to paint the part of the "
    "product the fingers cover, or the background behind the arm."
)
ERASE_CHOICES = (
    "Keep the photo as it is (the product held, cropped at the ad's frame edge); mark the "
    "product with a box so only it is cut out; upload a photo of the product without a hand; "
    "or run adstudio on Bedrock with Stability (the default bedrock image engine), which can "
    "erase it."
)


class LocalImageEngine:
    """Product-faithful ad images rendered on this machine (no model weights)."""

    name = "local"
    models: tuple[str, ...] = ()  # scenes are drawn procedurally: no trained model
    can_erase = False
    erase_model = ""  # no model: erase refuses

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

    def erase(self, photo: Image.Image, mask: Image.Image) -> Image.Image:
        """Refuse: this engine has no model to paint what lay under the erased part.

        Raises:
            CapabilityError: Always, with the choices that work on this engine.
        """
        raise CapabilityError(ERASE_UNAVAILABLE, hint=ERASE_CHOICES)

    def adjust(
        self,
        image: Image.Image,
        warmth: float = 0.0,
        brightness: float = 0.0,
        contrast: float = 0.0,
    ) -> Image.Image:
        """Grade a whole image: warmth, brightness and contrast, each -1..1 (locally)."""
        return grading.adjust(image, warmth=warmth, brightness=brightness, contrast=contrast)

    def retouch(
        self,
        image: Image.Image,
        operations: list[dict[str, object]],
        protect: np.ndarray | None = None,
    ) -> Retouched:
        """Apply stored retouches locally: removals (``protect`` kept), then the upscale."""
        return Retouched(retouch.replay(image, operations, protect))

    def extend(self, image: Image.Image, size: tuple[int, int]) -> Retouched:
        """``image`` scaled to fit ``size`` and its edges continued around it (locally)."""
        return Retouched(retouch.extend_canvas(image, size)[0])
