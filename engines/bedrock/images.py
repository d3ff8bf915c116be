"""The Bedrock image engine: an image model draws the scene, the product stays the photo's.

Advertisers' first complaint about AI ads is a distorted product, so the model never
redraws it: the local engine lays the ad out and places the product; the model repaints
everything around it (outpainting or inpainting with the product masked out); the product's
own pixels and the text are then put back by the same code the local engine uses.
"""

from __future__ import annotations

import logging
from dataclasses import fields
from typing import Protocol

import numpy as np
from botocore.exceptions import BotoCoreError
from PIL import Image, ImageOps

from core.errors import CapabilityError, NoProductError
from engines import PaidCall, Retouched
from engines.art_direction import ArtDirector, ScenePrompt, scene_prompt
from engines.bedrock.background import (
    FallbackCutout,
    has_alpha,
    service_cutout,
)
from engines.bedrock.canvas_fit import crop_back, pad_image
from engines.bedrock.invoke import ModelCallError
from engines.bedrock.nova_canvas.client import NovaCanvas
from engines.bedrock.nova_canvas.masks import product_mask_for_outpainting
from engines.bedrock.retouch import StabilityRetouch, erase_masked, within_limit
from engines.bedrock.stability.bodies import InpaintBody
from engines.bedrock.stability.client import Stability
from engines.bedrock.stability.service_bodies import EraseObjectBody, RemoveBackgroundBody
from engines.bedrock.stability.sizes import fit_service_canvas
from engines.local import cutout, grading, retouch
from engines.local.ad import compose
from engines.local.ad.compose import SceneRequest
from engines.local.ad.composition import Composition
from engines.local.ad.recipe import Recipe

log = logging.getLogger(__name__)

WHOLE_PHOTO = 0.98
"""A remove-background matte keeping this share of the photo separated nothing."""


class ScenePainter(Protocol):
    """An image model that repaints a canvas except where ``keep`` is white."""

    name: str
    prompt_limit: int

    @property
    def model_id(self) -> str:
        """The id of the model that paints the scenes."""
        ...

    def paint(
        self, canvas: Image.Image, keep: Image.Image, prompt: ScenePrompt, seed: int
    ) -> Image.Image:
        """Repaint ``canvas`` outside ``keep`` (L mask, 255 = keep) from ``prompt``."""
        ...


class StabilityPainter:
    """Stability AI's inpainting service: the mask's white (the background) is repainted.

    Args:
        client: The Stability client.
    """

    name = "stability"
    prompt_limit = 10_000

    def __init__(self, client: Stability) -> None:
        self._client = client

    @property
    def model_id(self) -> str:
        """The inpainting service's model id (the one that paints the scenes)."""
        return self._client.services_prefix + InpaintBody.suffix

    @property
    def cutout_model_id(self) -> str:
        """The remove-background service's model id (the one that draws the cutouts)."""
        return self._client.services_prefix + RemoveBackgroundBody.suffix

    @property
    def client(self) -> Stability:
        """The Stability client (its other services retouch the ads)."""
        return self._client

    def paint(
        self, canvas: Image.Image, keep: Image.Image, prompt: ScenePrompt, seed: int
    ) -> Image.Image:
        """Inpaint the background around the kept product.

        A canvas the service refuses (an extreme banner) is padded to a size it accepts
        (:func:`~engines.bedrock.stability.sizes.fit_service_canvas`); the padding is
        painted too, and the banner is cropped back out of the answer, never stretched.
        """
        fit = fit_service_canvas(*canvas.size)
        kept = pad_image(keep.convert("L"), fit, fill="zero")
        result = self._client.inpaint(
            pad_image(canvas.convert("RGB"), fit),
            prompt.prompt,
            mask=ImageOps.invert(kept),
            negative_prompt=prompt.negative,
            seed=seed % 4_294_967_294,
            output_format="png",
        )
        return crop_back(result.image, fit)

    def remove_background(self, photo: Image.Image) -> Image.Image:
        """The photo's subject on a transparent background (Stability's remove background).

        A photo above the service's pixel limit is sent downscaled; the caller scales the
        matte back to the photo (:func:`~engines.bedrock.background.cutout_from_matte`).

        Raises:
            CapabilityError: The call failed (no access, throttled, filtered, timed out),
                or the answer carries no transparency.
        """
        result = self._client.remove_background(within_limit(photo), output_format="png")
        if not has_alpha(result.image):
            raise ModelCallError(
                f"{result.model_id} answered without transparency.", hint="Try again."
            )
        return result.image

    def erase(self, photo: Image.Image, mask: Image.Image) -> Image.Image:
        """What ``mask`` covers (L, 255 = erase) painted over by Stability's erase object.

        The photo is sent downscaled when above the service's pixel limit; the answer is
        scaled back and only the masked pixels are taken from it.

        Raises:
            CapabilityError: The call failed (no access, throttled, filtered, timed out).
        """
        return erase_masked(self._client, photo, mask)


class CanvasPainter:
    """Nova Canvas or Titan Image v2 OUTPAINTING in PRECISE mode (the WHITE mask is redrawn).

    The canvas is scaled uniformly and padded to a size the model accepts (the client's
    ``fit_canvas``); the ad's area is cropped back out of the answer, so the scene is never
    stretched, and the product itself is pasted back afterwards.

    Args:
        client: A ``NovaCanvas`` or ``TitanImage`` client.
        name: Engine name for logs and asset metadata.
        prompt_limit: The model's prompt length limit.
    """

    def __init__(self, client: NovaCanvas, name: str, prompt_limit: int) -> None:
        self._client = client
        self.name = name
        self.prompt_limit = prompt_limit

    @property
    def model_id(self) -> str:
        """The model's id (the one that paints the scenes)."""
        return self._client.model_id

    def paint(
        self, canvas: Image.Image, keep: Image.Image, prompt: ScenePrompt, seed: int
    ) -> Image.Image:
        """Outpaint the background around the kept product."""
        fit = self._client.fit_canvas(*canvas.size)
        image = pad_image(canvas.convert("RGB"), fit)
        mask = product_mask_for_outpainting(pad_image(keep.convert("L"), fit, fill="zero"))
        result = self._client.outpaint(
            image,
            prompt.prompt,
            mask_image=mask,
            negative=prompt.negative,
            mode="PRECISE",
            seed=seed % 2_147_483_646,
        )
        return crop_back(result.image.convert("RGB"), fit)


class BedrockImageEngine:
    """Ads whose scenes a Bedrock image model paints around the advertiser's product.

    Args:
        painter: The model family that paints the scenes.
        director: Writes the scene prompts (the chat model on Bedrock; the deterministic
            ``scene_prompt`` by default and as every director's fallback).
    """

    def __init__(self, painter: ScenePainter, director: ArtDirector = scene_prompt) -> None:
        self.painter = painter
        self.director = director
        self.name = f"bedrock-{painter.name}"

    @property
    def models(self) -> tuple[str, ...]:
        """The id of the model that paints the ads' scenes (a creative's provenance)."""
        return (self.painter.model_id,)

    def cut_out(
        self, photo: Image.Image, box: tuple[int, int, int, int] | None = None
    ) -> cutout.Cutout:
        """Separate the product (inside ``box``, when marked) from its photo, for the ads.

        With Stability as the painter, its remove-background service draws the matte (one
        call: the ad capability keeps the cutout per photo, so later ads make none) and a
        :class:`~engines.bedrock.background.ServiceCutout` carries the shares its alpha
        keeps. A call that fails, or a matte with no usable alpha (empty, or keeping
        :data:`WHOLE_PHOTO` of the photo), gives the local learned cutout as a
        :class:`~engines.bedrock.background.FallbackCutout` saying why. A box the advertiser
        marked is not sent to the service: the local cutout seeded by the box is used (the
        box is the correction of a cutout that went wrong). Other painters, and photos that
        already carry transparency, use the local cutout with no call.

        Raises:
            NoProductError: The local cutout could not tell a product from the background.
        """
        photo = ImageOps.exif_transpose(photo)
        if box is not None or not isinstance(self.painter, StabilityPainter) or has_alpha(photo):
            return cutout.cut_out(photo, box)
        try:
            matte = self.painter.remove_background(photo)
        except (CapabilityError, BotoCoreError) as exc:
            first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            return _local_fallback(photo, f"the call failed: {first_line[:200]}")
        model = self.painter.cutout_model_id  # it answered: billed, used or not
        try:
            cut = service_cutout(photo, matte, "stability", model)
        except NoProductError:
            return _local_fallback(photo, "its matte kept nothing", billed=model)
        if cut.kept_share >= WHOLE_PHOTO:
            return _local_fallback(photo, "its matte kept the whole photo", billed=model)
        return cut

    def remove_background(
        self, photo: Image.Image, box: tuple[int, int, int, int] | None = None
    ) -> cutout.Cutout:
        """Separate the product from its photo for a transparent PNG.

        With Stability as the painter, its remove-background service draws the matte (the
        product's pixels stay the photo's own); a call that fails (no access, throttled,
        filtered, timed out, unreachable) falls back to the local cutout with a warning.
        Other painters, photos that already carry transparency, and a box the advertiser
        drew around the product (the correction of a cutout that went wrong) use the local
        cutout. Only a :class:`~engines.bedrock.background.ServiceCutout` comes from a call
        (it names the model).

        Raises:
            NoProductError: No product could be told apart from the background (when
                Stability's matte kept nothing, its ``calls`` name the billed call).
        """
        photo = ImageOps.exif_transpose(photo)
        if box is not None or not isinstance(self.painter, StabilityPainter) or has_alpha(photo):
            return cutout.cut_out(photo, box)
        try:
            matte = self.painter.remove_background(photo)
        except (CapabilityError, BotoCoreError) as exc:
            log.warning("Stability background removal failed (%s); using the local cutout", exc)
            return cutout.cut_out(photo)
        model = self.painter.cutout_model_id
        try:
            return service_cutout(photo, matte, "stability", model)
        except NoProductError as exc:  # the call answered: it is billed all the same
            exc.calls = (PaidCall("cutout", model, used=False).as_dict(),)
            raise

    @property
    def can_erase(self) -> bool:
        """Whether :meth:`erase` can paint: with Stability's erase-object service only."""
        return isinstance(self.painter, StabilityPainter)

    @property
    def erase_model(self) -> str:
        """The erase-object service's model id ("" when the painter is not Stability)."""
        if not isinstance(self.painter, StabilityPainter):
            return ""
        return self.painter.client.services_prefix + EraseObjectBody.suffix

    def erase(self, photo: Image.Image, mask: Image.Image) -> Image.Image:
        """The photo with what ``mask`` covers (L, 255 = erase) painted over by Stability.

        Only the masked pixels change; every other pixel (the product's) stays the photo's.

        Raises:
            CapabilityError: The painter is not Stability (its erase-object service is the
                one that removes objects), or the call failed.
        """
        if not isinstance(self.painter, StabilityPainter):
            raise CapabilityError(
                f"The {self.name} engine cannot remove the hand: only Stability's erase-object "
                "service does that here.",
                hint="Use the Stability image engine (ADSTUDIO_IMAGE_ENGINE=stability), keep "
                "the photo as it is (the product held, cropped at the ad's frame edge), or "
                "upload a photo of the product without a hand.",
            )
        try:
            return self.painter.erase(photo, mask)
        except BotoCoreError as exc:
            raise ModelCallError(
                f"Stability's erase-object service could not be reached ({exc}).",
                hint="Try again in a moment.",
            ) from exc

    def retouch(
        self,
        image: Image.Image,
        operations: list[dict[str, object]],
        protect: np.ndarray | None = None,
    ) -> Retouched:
        """Apply stored retouches: Stability's erase object and conservative upscale.

        Other painters (and a failed call, with a note) use the local retouches; pixels
        under ``protect`` are never the model's (see :mod:`engines.bedrock.retouch`).
        """
        if isinstance(self.painter, StabilityPainter):
            return StabilityRetouch(self.painter.client).replay(image, operations, protect)
        return Retouched(retouch.replay(image, operations, protect))

    def extend(self, image: Image.Image, size: tuple[int, int]) -> Retouched:
        """``image`` scaled to fit ``size`` and the scene around it outpainted by Stability.

        Other painters (and a failed call, with a note) extend it locally; the original's
        pixels (scaled to fit, never stretched) stay as they are.
        """
        if isinstance(self.painter, StabilityPainter):
            return StabilityRetouch(self.painter.client).extend(image, size)
        return Retouched(retouch.extend_canvas(image, size)[0])

    def render_ad(
        self, product: Image.Image, recipe: Recipe, logo: Image.Image | None = None
    ) -> Composition:
        """Lay the ad out locally and let the model paint the scene around the product."""
        return compose.compose_ad(product, recipe, logo, scene_source=self.paint_scene)

    def adjust(
        self,
        image: Image.Image,
        warmth: float = 0.0,
        brightness: float = 0.0,
        contrast: float = 0.0,
    ) -> Image.Image:
        """Grade a whole image: warmth, brightness and contrast, each -1..1 (locally)."""
        return grading.adjust(image, warmth=warmth, brightness=brightness, contrast=contrast)

    def paint_scene(self, request: SceneRequest) -> Image.Image:
        """The model's scene for one ad, with the product placed where the layout put it."""
        left, top = request.product_box[:2]
        canvas = request.local_scene.convert("RGB").copy()
        canvas.paste(request.product, (left, top), request.product)
        keep = Image.new("L", request.size, 0)
        keep.paste(request.product.getchannel("A").point(lambda a: 255 if a else 0), (left, top))
        prompt = self.director(
            request.theme, "the product", request.recipe.context, self.painter.prompt_limit
        )
        seed = request.recipe.seed * 31 + request.recipe.variation
        return self.painter.paint(canvas, keep, prompt, seed)


def _local_fallback(photo: Image.Image, why: str, billed: str = "") -> FallbackCutout:
    """The local cutout of ``photo``, saying why Stability's matte was not used.

    ``billed``: the model whose call answered with the unused matte (it is billed).

    Raises:
        NoProductError: The local cutout could not tell a product from the background.
    """
    log.warning("Stability background removal not used (%s); using the local cutout", why)
    cut = cutout.cut_out(photo)
    reason = f"Stability's remove-background was not used ({why})"
    return FallbackCutout(
        **{f.name: getattr(cut, f.name) for f in fields(cut)}, fallback=reason, billed=billed
    )
