"""The Stability AI image services on Bedrock: edit, upscale, control and restyle an image.

:class:`StabilityServices` holds one method per service (outpaint, search and replace,
erase object, remove background, the three upscales, control sketch
and structure, style guide and style transfer); :class:`~engines.bedrock.stability.client.Stability`
mixes it in and supplies :meth:`StabilityServices.send`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from PIL import Image

from core.errors import InvalidImageError
from engines.bedrock.stability.bodies import StabilityBody, build_body, encode_input, mask_for
from engines.bedrock.stability.response import StabilityResult
from engines.bedrock.stability.service_bodies import (
    CONSERVATIVE_UPSCALE_MAX_PIXELS,
    CREATIVE_UPSCALE_MAX_PIXELS,
    ConservativeUpscaleBody,
    ControlSketchBody,
    ControlStructureBody,
    CreativeUpscaleBody,
    EraseObjectBody,
    FastUpscaleBody,
    OutpaintBody,
    RemoveBackgroundBody,
    SearchReplaceBody,
    StyleGuideBody,
    StyleTransferBody,
)


def _check_pixels(image: Image.Image, limit: int, operation: str, hint: str) -> None:
    """Raise InvalidImageError before any call when the image is too big for the operation."""
    pixels = image.width * image.height
    if pixels > limit:
        raise InvalidImageError(
            f"The image is {image.width}x{image.height} ({pixels / 1e6:.1f} MP); "
            f"{operation} accepts at most {limit / 1e6:.1f} MP.",
            hint=hint,
        )


class StabilityServices(ABC):
    """The image-service calls of a Stability client; each builds a body and sends it."""

    @abstractmethod
    def send(self, body: StabilityBody) -> StabilityResult:
        """Send a validated body and parse the response (see ``Stability.send``)."""

    def outpaint(
        self,
        image: Image.Image,
        *,
        left: int = 0,
        right: int = 0,
        up: int = 0,
        down: int = 0,
        creativity: float | None = None,
        prompt: str | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Extend the image on one or more sides.

        Args:
            image: The image to extend.
            left: Pixels to add on the left, 0–2000.
            right: Pixels to add on the right, 0–2000.
            up: Pixels to add at the top, 0–2000.
            down: Pixels to add at the bottom, 0–2000.
            creativity: 0–1, how freely to invent the new areas.
            prompt: What the new areas should show.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The larger image and its seed.
        """
        body = build_body(
            OutpaintBody,
            image=encode_input(image),
            left=left,
            right=right,
            up=up,
            down=down,
            creativity=creativity,
            prompt=prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def search_replace(
        self,
        image: Image.Image,
        prompt: str,
        search_prompt: str,
        *,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Replace what ``search_prompt`` names with what ``prompt`` describes.

        Args:
            image: The image to edit.
            prompt: What to put in its place.
            search_prompt: What to find, e.g. ``"the plastic cup"``.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The edited image and its seed.
        """
        body = build_body(
            SearchReplaceBody,
            image=encode_input(image),
            prompt=prompt,
            search_prompt=search_prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def erase_object(
        self,
        image: Image.Image,
        *,
        mask: Image.Image | None = None,
        grow_mask: int | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Remove the masked object and fill the area in.

        Args:
            image: The image to edit.
            mask: Grayscale mask, white = erase. None: taken from the image's alpha channel
                (transparent = erase) if it has one, else left out.
            grow_mask: Pixels to grow the mask by.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The edited image and its seed.
        """
        body = build_body(
            EraseObjectBody,
            image=encode_input(image),
            mask=mask_for(image, mask),
            grow_mask=grow_mask,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def remove_background(
        self, image: Image.Image, *, output_format: str | None = None
    ) -> StabilityResult:
        """Cut the subject out onto a transparent background.

        Args:
            image: The photo.
            output_format: ``png`` (keeps transparency), ``jpeg`` or ``webp``.

        Returns:
            The cutout.
        """
        body = build_body(
            RemoveBackgroundBody, image=encode_input(image), output_format=output_format
        )
        return self.send(body)

    def creative_upscale(
        self,
        image: Image.Image,
        prompt: str,
        *,
        creativity: float | None = None,
        style_preset: str | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Upscale a small image (≤ 1 MP), re-imagining detail.

        Args:
            image: The image, at most 1 MP.
            prompt: What the image shows.
            creativity: 0.1–0.5.
            style_preset: A Stability style preset name.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The upscaled image and its seed.

        Raises:
            InvalidImageError: When the image is over 1 MP (before any call).
        """
        _check_pixels(
            image,
            CREATIVE_UPSCALE_MAX_PIXELS,
            "creative upscale",
            "Use conservative or fast upscale, or downscale the image first.",
        )
        body = build_body(
            CreativeUpscaleBody,
            image=encode_input(image),
            prompt=prompt,
            creativity=creativity,
            style_preset=style_preset,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def conservative_upscale(
        self,
        image: Image.Image,
        prompt: str,
        *,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Upscale keeping the image's details (input ≤ ~9.4 MP).

        Args:
            image: The image, at most 9,437,184 pixels.
            prompt: What the image shows.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The upscaled image and its seed.

        Raises:
            InvalidImageError: When the image is too big (before any call).
        """
        _check_pixels(
            image,
            CONSERVATIVE_UPSCALE_MAX_PIXELS,
            "conservative upscale",
            "The image is already large; downscale it or use it as is.",
        )
        body = build_body(
            ConservativeUpscaleBody,
            image=encode_input(image),
            prompt=prompt,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def fast_upscale(
        self, image: Image.Image, *, output_format: str | None = None
    ) -> StabilityResult:
        """Upscale 4x quickly, without a prompt.

        Args:
            image: The image.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The upscaled image.
        """
        body = build_body(FastUpscaleBody, image=encode_input(image), output_format=output_format)
        return self.send(body)

    def control_sketch(
        self,
        image: Image.Image,
        prompt: str,
        *,
        control_strength: float | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Make an image from a sketch.

        Args:
            image: The sketch.
            prompt: What the result should show.
            control_strength: 0–1, how closely to follow the sketch.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The image and its seed.
        """
        return self._control(
            ControlSketchBody, image, prompt, control_strength, seed, output_format
        )

    def control_structure(
        self,
        image: Image.Image,
        prompt: str,
        *,
        control_strength: float | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Make a new image that keeps the input's structure.

        Args:
            image: The structure source.
            prompt: What the result should show.
            control_strength: 0–1, how closely to follow the structure.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The image and its seed.
        """
        return self._control(
            ControlStructureBody, image, prompt, control_strength, seed, output_format
        )

    def _control(
        self,
        cls: type[ControlSketchBody],
        image: Image.Image,
        prompt: str,
        control_strength: float | None,
        seed: int | None,
        output_format: str | None,
    ) -> StabilityResult:
        body = build_body(
            cls,
            image=encode_input(image),
            prompt=prompt,
            control_strength=control_strength,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def style_guide(
        self,
        image: Image.Image,
        prompt: str,
        *,
        fidelity: float | None = None,
        aspect_ratio: str | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Make a new image in the style of a reference image.

        Args:
            image: The style reference.
            prompt: What the result should show.
            fidelity: How closely to follow the style (range not in the reference).
            aspect_ratio: One of :data:`ASPECT_RATIOS`.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The image and its seed.
        """
        body = build_body(
            StyleGuideBody,
            image=encode_input(image),
            prompt=prompt,
            fidelity=fidelity,
            aspect_ratio=aspect_ratio,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)

    def style_transfer(
        self,
        init_image: Image.Image,
        style_image: Image.Image,
        *,
        prompt: str | None = None,
        composition_fidelity: float | None = None,
        style_strength: float | None = None,
        change_strength: float | None = None,
        seed: int | None = None,
        output_format: str | None = None,
    ) -> StabilityResult:
        """Redraw ``init_image`` in the style of ``style_image``.

        Args:
            init_image: The image to restyle.
            style_image: The style reference.
            prompt: Optional guidance.
            composition_fidelity: How much of the composition to keep.
            style_strength: How strongly to apply the style.
            change_strength: How much the image may change.
            seed: 0–4294967294.
            output_format: ``png``, ``jpeg`` or ``webp``.

        Returns:
            The restyled image and its seed.
        """
        body = build_body(
            StyleTransferBody,
            init_image=encode_input(init_image),
            style_image=encode_input(style_image),
            prompt=prompt,
            composition_fidelity=composition_fidelity,
            style_strength=style_strength,
            change_strength=change_strength,
            seed=seed,
            output_format=output_format,
        )
        return self.send(body)
