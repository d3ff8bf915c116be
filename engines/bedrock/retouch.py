"""Retouches on Bedrock: Stability's erase, outpaint and upscale; the local code as fallback.

The edit tool's pixel retouches (remove a region, expand to another placement, upscale for
print) go to Stability AI's image services when the bedrock engine paints with Stability:

- a removal is one erase-object call whose mask is the removed regions less the protected
  pixels (the product, its text and logo), so those never change;
- an expansion is one outpaint call: the image is scaled to fit the new placement (never
  stretched) and the model paints the margins; the original's pixels are pasted back;
- an upscale is one conservative-upscale call (it keeps the image's details and takes the
  sizes ads have, up to 9.4 MP; fast upscale takes at most 1 MP and creative upscale
  re-imagines detail); the protected pixels come from the local upscale, never the model.

Each request is fitted to the sizes the services accept (sides >= 64 px, 4,096 to 9,437,184
pixels, aspect 1:2.5 to 2.5:1) by :func:`~engines.bedrock.stability.sizes.fit_service_canvas`
and cropped back. A call that fails (no access, throttled, filtered, timed out, unreachable,
an image the service cannot take) falls back to :mod:`engines.local.retouch`, with a note.
"""

from __future__ import annotations

import dataclasses
import logging

import numpy as np
from botocore.exceptions import BotoCoreError
from PIL import Image

from core.errors import CapabilityError
from engines import PaidCall, Retouched
from engines.bedrock.canvas_fit import Box, CanvasFit, crop_back, pad_image
from engines.bedrock.stability.client import Stability
from engines.bedrock.stability.service_bodies import (
    ConservativeUpscaleBody,
    EraseObjectBody,
    OutpaintBody,
    ServiceBody,
)
from engines.bedrock.stability.sizes import fit_service_canvas
from engines.local import retouch

log = logging.getLogger(__name__)

ERASE_MAX_PIXELS = 4_194_304
"""Erase object is sent at most about 4.2 megapixels (2048 x 2048); the answer is scaled back."""
OUTPAINT_MAX_MARGIN = 2000
"""Outpaint adds at most 2000 px on each side."""
UPSCALE_PROMPT = (
    "Professional advertising image, sharp and clean; keep every detail, colour, label and "
    "letter exactly as it is"
)
SERVICE_FAILURES = (CapabilityError, BotoCoreError)
"""What a failed service call raises: the mapped model errors, or botocore's own."""


class Unfit(CapabilityError):
    """The image cannot be sent to the service as it is (e.g. too small to outpaint)."""


def fallback_note(service: str, done_locally: str, exc: Exception) -> str:
    """The note saying a Stability service failed and what the local code did instead."""
    reason = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    log.warning("Stability %s failed (%s); %s", service, reason, done_locally)
    return f"Stability's {service} service failed ({reason.rstrip('.')}); {done_locally}."


def paid(client: Stability, unit: str, body: type[ServiceBody]) -> PaidCall:
    """The call of one Stability service that answered and whose answer is used."""
    return PaidCall(unit, client.services_prefix + body.suffix)


def within_limit(image: Image.Image, limit: int = ERASE_MAX_PIXELS) -> Image.Image:
    """``image``, downscaled (uniformly) when it has more than ``limit`` pixels."""
    if image.width * image.height <= limit:
        return image
    scale = (limit / (image.width * image.height)) ** 0.5
    size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def erase_masked(client: Stability, photo: Image.Image, mask: Image.Image) -> Image.Image:
    """What ``mask`` covers (L, 255 = erase) painted over by Stability's erase object.

    The photo is sent downscaled when above :data:`ERASE_MAX_PIXELS`, and padded to a size
    the service accepts (an extreme banner); the answer is cropped and scaled back, and only
    the masked pixels are taken from it.

    Raises:
        CapabilityError: The call failed (no access, throttled, filtered, timed out).
        BotoCoreError: The service could not be reached.
    """
    rgb = photo.convert("RGB")
    sent = within_limit(rgb)
    fit = fit_service_canvas(*sent.size)
    sent_mask = mask.convert("L").resize(sent.size, Image.Resampling.BILINEAR)
    result = client.erase_object(
        pad_image(sent, fit), mask=pad_image(sent_mask, fit, fill="zero"), output_format="png"
    )
    painted = crop_back(result.image.convert("RGB"), fit)
    if painted.size != photo.size:
        painted = painted.resize(photo.size, Image.Resampling.LANCZOS)
    return Image.composite(painted, rgb, mask.convert("L"))


def removal_mask(
    size: tuple[int, int], operations: list[dict[str, object]], protect: np.ndarray | None
) -> np.ndarray:
    """The pixels the removals cover (boxes as fractions of ``size``), less ``protect``."""
    width, height = size
    hole = np.zeros((height, width), bool)
    for operation in operations:
        if operation["op"] == "remove":
            x0, y0, x1, y1 = (float(v) for v in operation["box"])  # type: ignore[attr-defined]
            box = (round(x0 * width), round(y0 * height), round(x1 * width), round(y1 * height))
            hole[max(0, box[1]) : box[3], max(0, box[0]) : box[2]] = True
    if protect is not None:
        hole &= ~protect
    return hole


class StabilityRetouch:
    """The edit tool's retouches on Stability's image services, locally when a call fails.

    Args:
        client: The Stability client (the engine's painter's).
    """

    def __init__(self, client: Stability) -> None:
        self._client = client

    def replay(
        self,
        image: Image.Image,
        operations: list[dict[str, object]],
        protect: np.ndarray | None = None,
    ) -> Retouched:
        """Apply stored retouches: every removal in one erase call, then the upscale.

        Args:
            image: The freshly rendered (or original) image.
            operations: As for :func:`engines.local.retouch.replay`.
            protect: Pixels that must stay the image's (the product, the text, the logo).

        Returns:
            The retouched image, with a note for each service that failed and the calls
            whose answers it holds.
        """
        notes: list[str] = []
        calls: list[PaidCall] = []
        result = image.convert("RGB")
        hole = removal_mask(result.size, operations, protect)
        if hole.any():
            result, note = self.remove(result, operations, hole, protect)
            notes += [note] if note else []
            calls += [] if note else [paid(self._client, "erase", EraseObjectBody)]
        factor = retouch.upscale_factor(operations)
        if factor > 1:
            result, note = self.upscale(result, factor, protect)
            notes += [note] if note else []
            calls += [] if note else [paid(self._client, "upscale", ConservativeUpscaleBody)]
        return Retouched(result, tuple(notes), tuple(calls))

    def remove(
        self,
        image: Image.Image,
        operations: list[dict[str, object]],
        hole: np.ndarray,
        protect: np.ndarray | None,
    ) -> tuple[Image.Image, str]:
        """Erase ``hole`` with Stability; the local removals when the call fails.

        Returns:
            The image, and the note saying the call failed ("" when its answer is used).
        """
        mask = Image.fromarray(hole.astype(np.uint8) * 255)
        try:
            return erase_masked(self._client, image, mask), ""
        except SERVICE_FAILURES as exc:
            removals = [op for op in operations if op["op"] == "remove"]
            local = retouch.replay(image, removals, protect)
            return local, fallback_note("erase-object", "the area was cleaned up locally", exc)

    def upscale(
        self, image: Image.Image, factor: int, protect: np.ndarray | None
    ) -> tuple[Image.Image, str]:
        """Enlarge ``factor`` times with conservative upscale; locally when the call fails.

        The protected pixels are the local upscale's (a LANCZOS resample), never the model's.

        Returns:
            The image, and the note saying the call failed ("" when its answer is used).
        """
        local = retouch.upscale(image, factor)
        try:
            big = self._conservative_upscale(image, local.size)
        except SERVICE_FAILURES as exc:
            return local, fallback_note("conservative-upscale", "it was upscaled locally", exc)
        if protect is not None:
            kept = Image.fromarray(protect.astype(np.uint8) * 255).resize(
                local.size, Image.Resampling.NEAREST
            )
            big = Image.composite(local, big, kept)
        return big, ""

    def _conservative_upscale(self, image: Image.Image, size: tuple[int, int]) -> Image.Image:
        """The service's upscale of ``image``, cropped and resized to exactly ``size``."""
        fit = fit_service_canvas(*image.size)
        result = self._client.conservative_upscale(
            pad_image(image, fit), UPSCALE_PROMPT, output_format="png"
        )
        return crop_back(result.image.convert("RGB"), dataclasses.replace(fit, size=size))

    def extend(self, image: Image.Image, size: tuple[int, int]) -> Retouched:
        """``image`` scaled to fit ``size`` and the scene outpainted around it.

        The local extension is made first: it gives the original's place and pixels (scaled
        to fit, never stretched), which are pasted over the model's answer, and it is the
        result when the call fails (no call is then counted). An image that already fills
        ``size`` needs no call.
        """
        local, inner = retouch.extend_canvas(image, size)
        if inner == (0, 0, *size):
            return Retouched(local)
        try:
            painted = self._outpaint(local, inner)
        except SERVICE_FAILURES as exc:
            note = fallback_note("outpaint", "the scene was extended locally", exc)
            return Retouched(local, (note,))
        if painted is None:
            return Retouched(local)
        painted.paste(local.crop(inner), inner[:2])
        return Retouched(painted, calls=(paid(self._client, "outpaint", OutpaintBody),))

    def _outpaint(self, local: Image.Image, inner: Box) -> Image.Image | None:
        """The model's scene around ``inner`` of ``local``, at ``local``'s size.

        The target canvas is fitted to the service sizes (scaled and padded); the original's
        area in it is grown to a size the service takes (its aspect, at least 64 px) with the
        local extension's pixels, sent, and outpainted to the whole fitted canvas. None
        when there is nothing to paint (no call is made).

        Raises:
            Unfit: The original is too small, or the margins too wide, to be sent.
            CapabilityError: The call failed.
        """
        fit = fit_service_canvas(*local.size)
        canvas = pad_image(local, fit)
        sent = _sent_box(_scaled_box(inner, fit), fit.request)
        left, up = sent[0], sent[1]
        right, down = fit.request[0] - sent[2], fit.request[1] - sent[3]
        widest = max(left, up, right, down)
        if widest > OUTPAINT_MAX_MARGIN:
            raise Unfit(f"a {widest} px margin is wider than outpaint's 2000 px")
        if not widest:
            return None
        result = self._client.outpaint(
            canvas.crop(sent), left=left, right=right, up=up, down=down, output_format="png"
        )
        return crop_back(result.image.convert("RGB"), fit)


def _scaled_box(box: Box, fit: CanvasFit) -> Box:
    """``box`` (in the placement) in the request canvas of ``fit``."""
    sx = (fit.box[2] - fit.box[0]) / fit.size[0]
    sy = (fit.box[3] - fit.box[1]) / fit.size[1]
    return (
        fit.box[0] + round(box[0] * sx), fit.box[1] + round(box[1] * sy),
        fit.box[0] + round(box[2] * sx), fit.box[1] + round(box[3] * sy),
    )


def _sent_box(box: Box, canvas: tuple[int, int]) -> Box:
    """``box`` grown (centred, inside ``canvas``) to the smallest size the services take.

    Raises:
        Unfit: No such box fits in ``canvas`` without scaling.
    """
    width, height = box[2] - box[0], box[3] - box[1]
    grown = fit_service_canvas(width, height)
    if (grown.box[2] - grown.box[0], grown.box[3] - grown.box[1]) != (width, height):
        raise Unfit(f"a {width}x{height} image is too small to outpaint")
    gw, gh = grown.request
    if gw > canvas[0] or gh > canvas[1]:
        raise Unfit(f"a {gw}x{gh} input does not fit the {canvas[0]}x{canvas[1]} canvas")
    left = min(max(0, box[0] - (gw - width) // 2), canvas[0] - gw)
    top = min(max(0, box[1] - (gh - height) // 2), canvas[1] - gh)
    return left, top, left + gw, top + gh
